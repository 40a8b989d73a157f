"""Issue 18, "Smaller walls", the core half: masking personal data (every phone shape of the check, e-mails,
keys) leaves nothing the check still finds and keeps the rest of the text; the fixes are pure; an empty answer
is an error whose text names no weight."""

from __future__ import annotations

import copy

import pytest

from fttool.datasets import codes, fixes, pii
from fttool.datasets.validate import validate_example
from tests.unit.test_pii import NOT_PHONES, PHONES, SECRETS


@pytest.mark.parametrize(("country", "number"), PHONES)
def test_every_phone_the_check_finds_is_masked(country: str, number: str) -> None:
    text = f"Call me on {number}, thanks."
    masked = pii.mask(text, "phone")
    assert masked == "Call me on [PHONE], thanks.", country
    assert pii.kinds_in(masked) == []


def test_masking_leaves_what_is_not_personal_data() -> None:
    for text in NOT_PHONES:
        assert pii.mask(text, "phone") == text
    mixed = "Mail a.b@example.com or c@d.org; order 123-456-789 ships 2024-01-15."
    assert pii.mask(mixed, "email") == "Mail [EMAIL] or [EMAIL]; order 123-456-789 ships 2024-01-15."
    for secret in SECRETS:
        masked = pii.mask(f"my key is {secret} ok", "api_key")
        assert "api_key" not in pii.kinds_in(masked) and masked.endswith(" ok"), secret
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----"
    assert pii.mask(f"key: {pem} done", "api_key") == "key: [SECRET] done"  # the body goes too
    with pytest.raises(ValueError):
        pii.mask("x", "shoe_size")


def test_mask_personal_data_changes_only_the_named_field_and_is_pure() -> None:
    example = {"messages": [
        {"role": "user", "content": "Ring 555-123-4567 please", "name": "bob@example.com"},
        {"role": "assistant", "content": [{"type": "text", "text": "I will ring 555-123-4567."}],
         "tool_calls": [{"function": {"name": "call", "arguments": "{\"to\": \"555-123-4567\"}"}}]}]}
    before = copy.deepcopy(example)
    out = fixes.mask_personal_data(example, "messages[0].content", "phone")
    assert example == before  # the input is never changed
    assert out["messages"][0]["content"] == "Ring [PHONE] please"
    assert out["messages"][1] == example["messages"][1]
    out = fixes.mask_personal_data(example, "messages[1].content", "phone")
    assert out["messages"][1]["content"][0]["text"] == "I will ring [PHONE]."
    out = fixes.mask_personal_data(example, "messages[1].tool_calls[0].function.arguments", "phone")
    assert out["messages"][1]["tool_calls"][0]["function"]["arguments"] == "{\"to\": \"[PHONE]\"}"
    assert fixes.mask_personal_data(example, "messages[0].name", "email")["messages"][0]["name"] == "[EMAIL]"
    everywhere = fixes.mask_personal_data(example, None, "phone")
    problems, _ = validate_example(everywhere)
    assert [p.field for p in problems if p.code == "personal_data"] == [
        "messages[0].name", "messages[1].tool_calls[0].function.arguments"]
    assert fixes.mask_personal_data(example, "messages[7].content", "phone") == example  # gone since: no change


def test_an_empty_answer_is_an_error_filled_by_fill_answer() -> None:
    assert codes.SEVERITY["empty_answer"] == "error"
    example = {"messages": [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "  "}]}
    problems, _ = validate_example(example)
    empty = [p for p in problems if p.code == "empty_answer"]
    assert empty and empty[0].severity == "error" and "weight" not in empty[0].message
    filled = fixes.fill_answer(example, 1, "Hello! How can I help?")
    assert example["messages"][1]["content"] == "  "
    assert not [p for p in validate_example(filled)[0] if p.code == "empty_answer"]
    assert "Train on it" in codes.TEXTS["invalid_weight"]
