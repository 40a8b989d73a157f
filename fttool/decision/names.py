"""A model's name as compared and as read: the same model under two spellings (a dated snapshot and its alias,
an evaluation id with its backend, a downloaded folder and its Hub id), and a folder said by its job's or its
own name. Imports nothing of fttool."""

from __future__ import annotations

import re
from typing import Any

_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_EVAL_BACKENDS = ("openai", "azure", "hf", "together", "server", "local")


def _model_key(name: str) -> str:
    """A model name as compared: no `@backend` (the evaluation's id when two share a name), a downloaded folder
    as its `owner/name`, no case."""
    n = str(name or "").strip().rstrip("/\\").replace("\\", "/")
    head, sep, tail = n.rpartition("@")
    if sep and tail in _EVAL_BACKENDS:
        n = head
    parts = [p for p in n.split("/") if p]
    if len(parts) > 2:  # a local folder: .../models/Qwen/Qwen3-0.6B or .../Qwen--Qwen3-0.6B
        n = "/".join(parts[-2:]) if "--" not in parts[-1] else parts[-1]
    return n.replace("--", "/").lower()


def same_model(a: str | None, b: str | None) -> bool:
    """The same model under two spellings: a dated snapshot and its alias (gpt-4o-mini-2024-07-18, gpt-4o-mini),
    an evaluation id with its backend (name@local), a downloaded folder and its Hub id."""
    if not a or not b:
        return False
    x, y = _model_key(a), _model_key(b)
    return x == y or _DATED.sub("", x) == y or _DATED.sub("", y) == x


def _is_path(name: str) -> bool:
    """A model given as a folder on this computer (not a Hub id or a provider's name)."""
    n = name.strip()
    return n.startswith(("/", "~", "./", "../", "\\\\")) or (len(n) > 2 and n[1] == ":" and n[2] in "/\\")


def display_name(name: str, jobs: list[dict[str, Any]] | None = None) -> str:
    """A model as the person reads it: a job's output folder by the job's name, another folder by its own name
    (a job's `.../job-xxxx/output` without a known job by `job-xxxx`); any other name as it is."""
    head, sep, tail = name.rpartition("@")
    if sep and tail in _EVAL_BACKENDS and _is_path(head):
        return display_name(head, jobs)
    if not _is_path(name):
        return name
    norm = name.strip().rstrip("/\\").replace("\\", "/")
    for j in jobs or []:
        made = str(j.get("result_model") or "").strip().rstrip("/\\").replace("\\", "/")
        if made and made == norm and str(j.get("name") or "").strip():
            return str(j["name"]).strip()
    parts = [p for p in norm.split("/") if p]
    if len(parts) >= 2 and parts[-1] == "output" and parts[-2].startswith("job-"):
        return parts[-2]
    return parts[-1] if parts else name


_NAMED_PARAMS = ("model", "base", "tuned", "other")


def short_names(value: Any, key: str, jobs: list[dict[str, Any]], names: dict[str, str]) -> Any:
    """A note's params with each model folder said by its name (`names` collects full -> short)."""
    if isinstance(value, str) and key in _NAMED_PARAMS:
        short = display_name(value, jobs)
        if short != value:
            names[value] = short
        return short
    if isinstance(value, dict) and "code" in value:
        return {**value, "params": {k: short_names(v, k, jobs, names) for k, v in (value.get("params") or {}).items()}}
    if isinstance(value, list):
        return [short_names(v, key, jobs, names) for v in value]
    return value

