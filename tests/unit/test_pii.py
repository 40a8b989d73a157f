"""Personal data and secrets (fttool/datasets/pii.py): the phone table by country, what is not a phone, the key
formats, and the whole-file scan agreeing with the single-example check on a generated corpus."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from fttool.datasets import pii
from fttool.datasets.validate import validate_example, validate_file

PHONES = [
    ("US", "+1 555 123 4567"), ("US", "(555) 123-4567"), ("US", "555-123-4567"), ("US", "555.123.4567"),
    ("US", "1-555-123-4567"), ("UK", "020 7946 0958"), ("UK", "07700 900123"), ("UK", "+44 20 7946 0958"),
    ("DE", "030 12345678"), ("DE", "0151 23456789"), ("DE", "089/1234567"), ("DE", "+49 30 12345678"),
    ("FR", "01 23 45 67 89"), ("FR", "06 12 34 56 78"), ("FR", "+33 6 12 34 56 78"), ("NL", "06-12345678"),
    ("JP", "03-1234-5678"), ("JP", "090-1234-5678"), ("MY", "012-345 6789"), ("MY", "03-2345 6789"),
    ("MY", "+60 12-345 6789"), ("AU", "(02) 9876 5432"), ("AU", "0412 345 678"), ("IN", "98765 43210"),
    ("IN", "+91 98765 43210"), ("BR", "(11) 91234-5678"), ("SG", "+65 9123 4567"), ("ES", "+34 612 34 56 78"),
    ("IT", "06 1234 5678"), ("any", "0201234567"),
]
NOT_PHONES = [
    "192.168.1.10", "10.0.0.1 and 172.16.254.1", "Order 123-456-789", "Invoice 2023-000123", "2024-01-15 10:30",
    "15.01.2024", "ISBN 978-3-16-148410-0", "4111 1111 1111 1111", "0.5 0.25 0.125", "1 000 000 people",
    "version 1.2.3.4", "call 5551234567", "in 1990-2000", "pages 120-135", "postcode 10115", "123-45-6789",
]
SECRETS = [
    "sk-proj-" + "a1B2c3D4e5F6g7H8i9J0kLmN", "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456",
    "tgp_v1_" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "rk_test_" + "abcdef0123456789XYZ",
    "0123456789abcdef0123456789abcdef",  # Azure OpenAI key shape
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "AKIA" + "IOSFODNN7EXAMPLE", "-----BEGIN RSA PRIVATE KEY-----",
]
NOT_SECRETS = ["task-oriented multi-task-learning", "a git sha 3f786850e387550fdab836ed7e6dc881de23001b",
               "the_sk_ variable", "eyJ is how JSON starts in base64"]


@pytest.mark.parametrize(("country", "number"), PHONES)
def test_phone_numbers_by_country(country: str, number: str) -> None:
    assert pii.kinds_in(f"Call me on {number}, thanks.") == ["phone"], country


@pytest.mark.parametrize("text", NOT_PHONES)
def test_what_is_not_a_phone(text: str) -> None:
    assert "phone" not in pii.kinds_in(text)


@pytest.mark.parametrize("key", SECRETS)
def test_key_formats(key: str) -> None:
    assert pii.kinds_in(f"my key is {key} ok") == ["api_key"]


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_what_is_not_a_key(text: str) -> None:
    assert pii.kinds_in(text) == []


def _corpus(rng: random.Random, n: int) -> list[str]:
    pieces = [p for _c, p in PHONES] + NOT_PHONES + SECRETS + NOT_SECRETS + [
        "ada@example.org", "mail me at x.y+z@sub.example.co.uk", "user at example dot com", "12:30", "3.14159",
        "the year 2024", "+", "(", "0", "tel: +44", "0123 45", "12345678901234567890"]
    words = ["the", "answer", "is", "please", "see", "note", "Hello", "price", "€12.50", "—", "café"]
    out = []
    for _ in range(n):
        bits = [rng.choice(words) for _ in range(rng.randint(2, 12))]
        for _ in range(rng.randint(0, 2)):
            piece = rng.choice(pieces)
            if rng.random() < 0.3:  # digits and separators shuffled into new shapes
                piece = "".join(rng.choice("0123456789 -./()+") for _ in range(rng.randint(6, 22)))
            bits.insert(rng.randint(0, len(bits)), piece)
        out.append(" ".join(bits))
    return out


def test_the_file_scan_and_the_row_check_agree_on_a_generated_corpus(tmp_path: Path) -> None:
    rng = random.Random(20261205)
    texts = _corpus(rng, 3000)
    path = tmp_path / "corpus.jsonl"
    examples = []
    for i in range(0, len(texts) - 1, 2):
        examples.append({"messages": [{"role": "user", "content": texts[i]},
                                      {"role": "assistant", "content": texts[i + 1]}]})
    path.write_text("\n".join(json.dumps(ex) for ex in examples) + "\n", encoding="utf-8")
    report = validate_file(path, near_duplicates=False, inline=True)
    whole = {(p.line, p.field, p.params["kind"]) for p in report.problems if p.code == "personal_data"}
    rows = set()
    for line, ex in enumerate(examples, 1):
        for p in validate_example(ex, line=line)[0]:
            if p.code == "personal_data":
                rows.add((p.line, p.field, p.params["kind"]))
    assert len(rows) > 300 and {k for _l, _f, k in rows} == {"email", "phone", "api_key"}
    assert whole == rows, (sorted(whole - rows)[:5], sorted(rows - whole)[:5])
