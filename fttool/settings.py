"""Settings that are not secret (base URLs, API versions, language, last project), as JSON in the data dir.

A value that looks like a secret is refused: secrets live only in the keyring (fttool/credentials.py)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from fttool.errors import UsageError
from fttool.fsutil import atomic_write_json
from fttool.messages import register
from fttool.paths import settings_path

register({"secret_in_settings": "The setting '{key}' looks like a secret; keys go in the keyring, not settings."})

DEFAULTS: dict[str, Any] = {
    "openai_base_url": "",
    "openai_organization": "",
    "azure_api_version": "2025-04-01-preview",
    "hf_endpoint": "",
    "servers": {},  # name -> base URL of an OpenAI-compatible server (its key is in the keyring)
    "language": "",  # "" follows the system locale
    "last_project": "",
    "budget_usd": None,
}
_lock = threading.Lock()


def load(path: Path | None = None) -> dict[str, Any]:
    path = path or settings_path()
    data: dict[str, Any] = dict(DEFAULTS)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict):
            data.update(stored)
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        # a damaged settings file must not stop the app: keep it aside and start from defaults
        try:
            path.replace(path.with_suffix(".json.damaged"))
        except OSError:
            pass
    return data


def _check_no_secret(key: str, value: Any) -> None:
    from fttool.log import redact

    if isinstance(value, str) and redact(value) != value:
        raise UsageError("secret_in_settings", key=key)
    if isinstance(value, dict):
        for k, v in value.items():
            _check_no_secret(f"{key}.{k}", v)


def update(changes: dict[str, Any], path: Path | None = None) -> dict[str, Any]:
    with _lock:
        for k, v in changes.items():
            _check_no_secret(k, v)
        data = load(path)
        data.update(changes)
        atomic_write_json(path or settings_path(), data)
        return data


def get(key: str) -> Any:
    return load().get(key, DEFAULTS.get(key))
