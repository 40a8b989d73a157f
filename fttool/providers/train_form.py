"""What a project remembers of the Train view's form: project.json `train_form`.

    {"_view": {"backend": "local", "advanced": false},      the chosen backend and Simple/Advanced
     "local": {"engine": "trl", "base_model": "...", "epochs": 3, ...},   one dict of field values per backend
     "openai": {...}}

Only plain values (text, numbers, true/false) are kept, and never a secret: a field whose name says token, secret,
password or key is dropped, and so is a value that looks like an API key. The Train view saves it through the
service command `train_form_save` (debounced) and reads it back from the project it is given.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fttool.project import Project

KEY = "train_form"
VIEW = "_view"
MAX_TEXT = 2000
_SECRET_NAME = re.compile(r"token|secret|password|passwd|api_?key|credential", re.IGNORECASE)
_SECRET_VALUE = re.compile(r"^(sk-|hf_|ghp_|gho_|xox[bp]-|AKIA)[A-Za-z0-9_\-]{8,}")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float)):
        return True
    return isinstance(value, str) and len(value) <= MAX_TEXT and not _SECRET_VALUE.match(value.strip())


def clean_form(form: Any) -> dict[str, dict[str, Any]]:
    """The form as it may be stored: {section: {name: plain value}}, without secrets or anything else."""
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(form, dict):
        return out
    for section, values in form.items():
        if not isinstance(section, str) or not _NAME.match(section) or not isinstance(values, dict):
            continue
        kept = {name: value for name, value in values.items()
                if isinstance(name, str) and _NAME.match(name) and not _SECRET_NAME.search(name) and _plain(value)}
        if kept:
            out[section] = kept
    return out


def load_train_form(project: Project | None) -> dict[str, dict[str, Any]]:
    """The remembered form of an opened project (cleaned the same way: a shared project.json may hold anything)."""
    if project is None:
        return {}
    return clean_form(project.meta.get(KEY))


def save_train_form(project_path: str | Path, form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Store the form in the project's project.json (read fresh, only `train_form` changes, atomic write)."""
    project = Project.open(project_path)
    project.require_writable()
    cleaned = clean_form(form)
    if project.meta.get(KEY) == cleaned:
        return cleaned
    project.meta[KEY] = cleaned
    project.save_meta()
    return cleaned
