"""The Decide view's words: the core's decision message codes (fttool.decision) said in the person's language,
with the notes nested in their parameters translated too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from fttool.decision import report as _report  # noqa: F401  (registers the report's message codes)
from ui.messages import text


def say(code: str, params: Mapping[str, Any] | None = None) -> str:
    """A core message in the person's language (nested notes in params translated too)."""
    from fttool.decision.scoring import nested

    params = {k: nested(v, say) for k, v in (params or {}).items()}
    return text(code, params, code)


def note_text(note: Mapping[str, Any]) -> str:
    return say(str(note["code"]), note.get("params") or {})


def thread_safe_say(code: str, params: Mapping[str, Any]) -> str:
    """QCoreApplication.translate is thread-safe: the report is rendered on the service thread."""
    from fttool.messages import CATALOG
    from ui.messages import _Missing

    template = CATALOG.get(code)
    if template is None:
        return code
    return QCoreApplication.translate("Messages", template).format_map(_Missing(dict(params)))
