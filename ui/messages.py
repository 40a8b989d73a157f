"""The core's message codes in the person's language: fttool/messages.py holds the English catalog; here each
code goes through Qt's translation system (context "Messages"), so the Malay catalog covers core messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from fttool.messages import CATALOG


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(code: str, params: Mapping[str, Any] | None = None, fallback: str = "") -> str:
    template = CATALOG.get(code)
    if template is None:
        return fallback or code
    if params is None and fallback and "{" in template:
        return fallback  # the parameters did not come along: the rendered English beats "{detail}"
    return QCoreApplication.translate("Messages", template).format_map(_Missing(params or {}))
