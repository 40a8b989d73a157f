"""A key with a control character never leaks (issue 26, item 2): a trailing CR (a Windows-edited .env file) or LF
is stripped before use, a control character inside a key is refused by name without echoing it, and the key in
any form an error prints it (as is, `\\r`-escaped, in a `Bearer` or `api-key` header) is redacted wherever an error
is stored or shown: the job store, FtError messages and details, connection results, the log, crash reports.
Children (pip, uv, the tokenizer) get an allow-listed environment."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fttool import credentials
from fttool.errors import CredentialError, FtError

KEY = "sk-PLANTEDcrlf0123456789abcdefXYZ"
FORMS = (KEY, KEY + "\\r", repr(KEY + "\r")[1:-1], json.dumps(KEY + "\r")[1:-1])


def grep_tree(root: Path, needles: tuple[str, ...]) -> list[str]:
    hits = []
    for f in root.rglob("*"):
        if f.is_file():
            blob = f.read_bytes()
            for n in needles:
                if n.encode() in blob:
                    hits.append(f"{f}: {n!r}")
    return hits


def test_a_trailing_cr_is_stripped_from_env_and_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY + "\r\n")
    assert credentials.get("openai") == KEY
    monkeypatch.delenv("OPENAI_API_KEY")
    credentials.set_secret("hf", "hf_PLANTEDtoken1234567890\r")
    assert credentials.get("hf") == "hf_PLANTEDtoken1234567890"
    import keyring

    keyring.set_password(credentials.SERVICE, "azure", "azurePLANTEDkey123456\r")  # written by another tool
    assert credentials.get("azure") == "azurePLANTEDkey123456"


def test_a_control_character_inside_a_key_is_refused_without_echoing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-PLANTEDinner\r0123456789")
    with pytest.raises(CredentialError) as err:
        credentials.get("openai")
    assert err.value.code == "secret_control_chars" and "OPENAI_API_KEY" in err.value.message
    assert "PLANTEDinner" not in err.value.message and "0123456789" not in err.value.message
    with pytest.raises(CredentialError):
        credentials.set_secret("openai", "sk-PLANTED\t0123456789")


def test_errors_and_records_carry_no_form_of_the_key(monkeypatch: pytest.MonkeyPatch, fttool_home: Path) -> None:
    from fttool.jobs.record import Job
    from fttool.jobs.store import JobStore
    from fttool.log import redact

    monkeypatch.setenv("OPENAI_API_KEY", KEY + "\r")
    credentials.get("openai")  # read once: every form is remembered for redaction
    header_error = f"Illegal header value b'Bearer {KEY}\\r'"
    for text in (header_error, f"api-key: {KEY}\\r", f"key={KEY!r}", f'"{KEY}\\r"'):
        assert not any(f in redact(text) for f in FORMS), text
    err = FtError("command_failed", command="x", detail=header_error, details=header_error)
    assert KEY not in err.message and KEY not in (err.details or "") and "[REDACTED]" in err.message
    store = JobStore()
    try:
        job = Job(backend="openai")
        store.add(job)
        store.update(job.id, error={"code": "internal_error", "message": header_error},
                     provider_status=f"Bearer {KEY}\\r")
        store.add_events(job.id, [{"message": header_error}])
    finally:
        store.close()
    assert not grep_tree(fttool_home, FORMS)


def test_connection_result_and_log_and_crash_report(monkeypatch: pytest.MonkeyPatch, fttool_home: Path) -> None:
    from fttool import crash
    from fttool.connection import _result
    from fttool.log import RedactingFilter

    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY + "\r")
    credentials.get("azure")
    res = _result(False, "azure", "unreachable", f"LocalProtocolError: Illegal header value b'{KEY}\\r'",
                  url="https://x", detail=f"api-key: {KEY}\\r")
    assert not any(f in json.dumps(res) for f in FORMS), res
    logger = logging.getLogger("fttool.test.hygiene")
    handler = logging.FileHandler(fttool_home / "hygiene.log")
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    try:
        logger.error("request failed: Illegal header value b'Bearer %s\\r'", KEY)
        try:
            raise RuntimeError(f"boom {KEY}\r")
        except RuntimeError:
            logger.exception("with a traceback")
            path = crash.write_report(*sys.exc_info())
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert Path(path).is_file()
    assert not grep_tree(fttool_home, FORMS)


def test_children_get_no_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """pip's and uv's steps, and the tokenizer child: a fake runtime python that dumps its environment."""
    from fttool.runtime import env as runtime_env
    from fttool.runtime import uv

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("HF_TOKEN", "hf_PLANTEDchild1234567890")
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple")
    dump = tmp_path / "env.json"
    script = tmp_path / "dump.py"
    script.write_text(f"import json, os\nopen({str(dump)!r}, 'w').write(json.dumps(dict(os.environ)))\n")
    for env in (runtime_env.install_env(), uv.uv_env(tmp_path / "py")):
        subprocess.run([sys.executable, str(script)], env=env, check=True)
        seen: dict[str, Any] = json.loads(dump.read_text())
        assert "OPENAI_API_KEY" not in seen and "HF_TOKEN" not in seen
        assert seen["PIP_INDEX_URL"] == "https://mirror.example/simple"  # what pip needs still reaches it
    # the tokenizer child: a "runtime" whose python dumps its environment
    venv = tmp_path / "rt"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = x\n")
    fake = venv / "bin" / "python"
    fake.write_text(f"#!/bin/sh\n{sys.executable} {script}\necho '[1]'\n")
    fake.chmod(0o755)
    from fttool.datasets.tokens import local_token_counts

    data = tmp_path / "d.jsonl"
    data.write_text('{"messages": []}\n')
    try:
        local_token_counts(data, tmp_path, python=fake)
    except Exception:
        pass  # only the environment it was given matters here
    seen = json.loads(dump.read_text())
    assert "OPENAI_API_KEY" not in seen and "HF_TOKEN" not in seen
