"""The table of files uploaded to a cloud account (sha256 -> file id, per account; uploads.json in the data folder):
an upload of the same bytes is reused, Clean up lists and forgets them. Imports only paths and fsutil."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- the table of uploads (sha256 -> file id, per account) ---------------------------------------------
_uploads_lock = threading.Lock()


def uploads_path() -> Path:
    from fttool.paths import data_dir

    return data_dir() / "uploads.json"


def load_uploads() -> dict[str, Any]:
    try:
        data = json.loads(uploads_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def record_upload(account: str, sha: str, entry: dict[str, Any] | None) -> None:
    """Remember (or with None forget) the file id of a sha256 in an account."""
    from fttool.fsutil import atomic_write_json

    with _uploads_lock:
        data = load_uploads()
        acct = data.setdefault(account, {})
        if entry is None:
            acct.pop(sha, None)
        else:
            acct[sha] = entry
        atomic_write_json(uploads_path(), data)


def forget_file_id(account: str, file_id: str) -> None:
    with _uploads_lock:
        data = load_uploads()
        acct = data.get(account, {})
        for sha in [s for s, e in acct.items() if e.get("file_id") == file_id]:
            acct.pop(sha)
        from fttool.fsutil import atomic_write_json

        atomic_write_json(uploads_path(), data)
