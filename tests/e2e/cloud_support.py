"""Helpers shared by the cloud end-to-end tests (OpenAI and Azure against our test server)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project"
PLANTED_OPENAI_KEY = "sk-planted-SECRET-0123456789abcdef"
PLANTED_AZURE_KEY = "azplanted0123456789SECRETabcdef"
PLANTED_TOGETHER_KEY = "tgp_v1_planted-SECRET-0123456789abcdef"


def sample_files(tmp_path: Path) -> tuple[Path, Path]:
    """A training and a validation file (the sample project's train split cut in two)."""
    lines = (SAMPLE / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    train, valid = tmp_path / "train.jsonl", tmp_path / "valid.jsonl"
    train.write_text("\n".join(lines[:9]) + "\n", encoding="utf-8")
    valid.write_text("\n".join(lines[9:]) + "\n", encoding="utf-8")
    return train, valid


def sample_project(tmp_path: Path) -> Path:
    dst = tmp_path / "project"
    shutil.copytree(SAMPLE, dst)
    return dst


def wait_job(service: Any, job_id: str, until: Any = None, timeout: float = 30.0) -> dict[str, Any]:
    """Poll the store until the job is terminal (or `until(job)` holds)."""
    deadline = time.monotonic() + timeout
    while True:
        job = service.call("get_job", job_id=job_id)
        if (until(job) if until else job["status"] in ("succeeded", "failed", "cancelled")):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} ({job.get('provider_status')}) "
                                 f"connection {job.get('connection')}")
        time.sleep(0.02)


def _fresh_keyring() -> None:
    """conftest's file_keyring restores the keyring it found; when it was the first to load one, that is a
    FileKeyring without its file: fall back to the in-memory keyring the other tests use."""
    import os

    import keyring

    from tests.support.keyrings import FileKeyring, MemoryKeyring

    if isinstance(keyring.get_keyring(), FileKeyring) and not os.environ.get("FTTOOL_TEST_KEYRING_FILE"):
        keyring.set_keyring(MemoryKeyring())


def setup_openai(server: Any, monkeypatch: Any, key: str | None = None) -> None:
    from fttool import credentials

    _fresh_keyring()

    if key:
        server.api_key = key
    credentials.set_secret("openai", server.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)


def setup_azure(server: Any, monkeypatch: Any, key: str | None = None) -> None:
    from fttool import credentials

    _fresh_keyring()

    if key:
        server.azure_key = key
    credentials.set_secret("azure", server.azure_key)
    credentials.set_secret("azure-endpoint", server.url)
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-04-01-preview")


def setup_together(server: Any, monkeypatch: Any, key: str | None = None) -> None:
    """The Together key in the keyring and the real SDK pointed at our server (TOGETHER_BASE_URL, as it reads)."""
    from fttool import credentials

    _fresh_keyring()
    if key:
        server.api_key = key
    credentials.set_secret("together", server.api_key)
    monkeypatch.setenv("TOGETHER_BASE_URL", server.url)
