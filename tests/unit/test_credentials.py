"""Secrets: keyring only, env overrides, where() says the source, no plain-file fallback, redaction."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from fttool import credentials, settings
from fttool.errors import KeyringUnavailable, UsageError
from fttool.log import RedactingFilter, redact, remember_secret

KEY = "sk-planted-0123456789abcdef"


def test_set_get_where_delete_with_a_keyring() -> None:
    assert credentials.where("openai") == "none"
    credentials.set_secret("openai", KEY)
    assert credentials.get("openai") == KEY
    assert credentials.where("openai") == "keyring"
    rows = {r["provider"]: r for r in credentials.status()}
    assert rows["openai"] == {"provider": "openai", "set": True, "source": "keyring"}
    assert KEY not in repr(credentials.status())
    assert credentials.delete_secret("openai") is True
    assert credentials.delete_secret("openai") is False
    assert credentials.where("openai") == "none"


def test_environment_overrides_the_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials.set_secret("hf", "hf_fromkeyring12345")
    monkeypatch.setenv("HF_TOKEN", "hf_fromenvironment123")
    assert credentials.get("hf") == "hf_fromenvironment123"
    assert credentials.where("hf") == "env"


def test_named_servers_and_unknown_names() -> None:
    credentials.set_secret("server:myvllm", "token-abcdef")
    assert credentials.where("server:myvllm") == "keyring"
    with pytest.raises(UsageError):
        credentials.spec("nonsense")


def test_no_keyring_says_how_to_get_one_and_writes_no_file(fttool_home: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        ok, _, reason = credentials.keyring_status()
        assert not ok and reason
        with pytest.raises(KeyringUnavailable) as info:
            credentials.set_secret("openai", KEY)
        assert "gnome-keyring" in info.value.message and "plain file" in info.value.message
        assert credentials.where("openai") == "none"
        with pytest.raises(KeyringUnavailable):
            credentials.require("openai")
    finally:
        keyring.set_keyring(previous)
    for f in fttool_home.rglob("*"):
        if f.is_file():
            assert KEY not in f.read_text(errors="ignore")


def test_a_plain_file_backend_is_refused() -> None:
    from tests.support.keyrings import MemoryKeyring

    class PlaintextKeyring(MemoryKeyring):  # the shape of keyrings.alt's plain-file backend
        pass

    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        ok, _, reason = credentials.keyring_status()
        assert not ok and "plain file" in reason
    finally:
        keyring.set_keyring(previous)


def test_redaction_of_known_values_and_key_shapes() -> None:
    remember_secret("my-very-own-secret-value")
    text = redact("a my-very-own-secret-value b sk-live-abcdefghijkl c hf_abcdefghijklmnop Bearer xyzxyzxyzxyz")
    assert "my-very-own-secret-value" not in text and "sk-live" not in text and "hf_abc" not in text
    assert "xyzxyzxyzxyz" not in text
    assert text.count("[REDACTED]") == 4


def test_log_lines_and_tracebacks_are_redacted(tmp_path: Path) -> None:
    credentials.set_secret("openai", KEY)
    credentials.get("openai")
    logger = logging.getLogger("fttool.test-redaction")
    handler = logging.FileHandler(tmp_path / "log.txt")
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    try:
        logger.error("calling with key %s", KEY)
        try:
            raise RuntimeError(f"bad request with {KEY}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
        handler.close()
    content = (tmp_path / "log.txt").read_text()
    assert KEY not in content
    assert content.count("[REDACTED]") >= 2 and "RuntimeError: bad request with [REDACTED]" in content


def test_settings_refuse_a_secret_and_write_atomically(fttool_home: Path) -> None:
    settings.update({"openai_base_url": "http://127.0.0.1:9/v1"})
    assert settings.get("openai_base_url") == "http://127.0.0.1:9/v1"
    with pytest.raises(UsageError):
        settings.update({"openai_organization": KEY})
    assert KEY not in (fttool_home / "settings.json").read_text()
    (fttool_home / "settings.json").write_text("{broken")
    assert settings.load()["azure_api_version"]  # a damaged file falls back to defaults
    assert (fttool_home / "settings.json.damaged").exists()
