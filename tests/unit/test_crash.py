"""Crash reports: written atomically into the data dir, useful (version, traceback, log tail), and free of
secrets, whether fttool stored the key (keyring) or only saw a key-shaped string."""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path

from fttool import crash, credentials
from fttool.log import MASK, setup_logging

KEYRING_SECRET = "planted-keyring-secret-7f3a9c21"  # no well-known shape: only the keyring wrapper knows it
SHAPED_KEY = "sk-proj-PLANTEDabcdef0123456789"       # OpenAI's shape, never stored by fttool
HF_TOKEN = "hf_PlantedTokenABCDEFGHijklmnop"


def _raise_with_secrets() -> None:
    api_key = KEYRING_SECRET  # noqa: F841  (a local in the failing frame)
    raise RuntimeError(f"request failed with Authorization: Bearer {SHAPED_KEY} and token {HF_TOKEN} "
                       f"and key {KEYRING_SECRET}")


def test_report_has_no_secret_and_says_what_happened(fttool_home: Path) -> None:
    credentials.set_secret("openai", KEYRING_SECRET)
    setup_logging()
    logging.getLogger("fttool.test").warning("calling the API with %s and %s", SHAPED_KEY, KEYRING_SECRET)
    try:
        _raise_with_secrets()
    except RuntimeError:
        path = crash.write_report(*sys.exc_info(), context="testing")
    assert path.parent == fttool_home / "crash-reports" and path.name.startswith("crash-")
    text = path.read_text(encoding="utf-8")
    for secret in (KEYRING_SECRET, SHAPED_KEY, HF_TOKEN, "PLANTEDabcdef", "PlantedToken"):
        assert secret not in text, f"{secret} leaked into {path}"
    assert MASK in text
    assert "RuntimeError: request failed" in text and "_raise_with_secrets" in text
    assert "fttool 0." in text and "while:     testing" in text
    assert "calling the API with" in text  # the log tail is there (redacted)
    assert not list(path.parent.glob("*.tmp*"))


def test_reports_are_kept_to_a_limit(fttool_home: Path) -> None:
    for i in range(crash.KEEP_REPORTS + 5):
        try:
            raise ValueError(f"number {i}")
        except ValueError:
            crash.write_report(*sys.exc_info())
    assert len(crash.list_reports()) == crash.KEEP_REPORTS


def test_a_hard_crash_of_the_previous_run_becomes_a_report(fttool_home: Path) -> None:
    was_enabled = faulthandler.is_enabled()
    fatal = crash.reports_dir() / "fatal.log"
    fatal.write_text(f"Fatal Python error: Segmentation fault\n\nThread 0x01 (most recent call first):\n"
                     f"  File \"x.py\", line 1 in f  {SHAPED_KEY}\n")
    try:
        assert crash.enable_fatal_log() == fatal
        assert faulthandler.is_enabled()
    finally:
        crash.disable_fatal_log()
        if was_enabled:
            faulthandler.enable()
    reports = crash.list_reports()
    assert len(reports) == 1
    text = reports[0].read_text()
    assert "Segmentation fault" in text and SHAPED_KEY not in text
    assert fatal.read_text() == ""  # a clean exit leaves nothing to report next time
    crash.enable_fatal_log()
    crash.disable_fatal_log()
    if was_enabled:
        faulthandler.enable()
    assert len(crash.list_reports()) == 1
