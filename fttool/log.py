"""Logging: a rotating file in the data dir, and a filter that redacts secrets from every line and traceback.

Secrets are redacted two ways: every value that passes through fttool/credentials.py is remembered (in memory
only) and replaced, and well-known key shapes (OpenAI `sk-...`, Hugging Face `hf_...`, bearer headers) are
masked even when fttool never saw the value.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from types import TracebackType

MASK = "[REDACTED]"
_PATTERNS = [
    re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"\bhf_[A-Za-z0-9]{8,}"),
    # a header value as an error prints it: Bearer <key>, api-key: <key>, with a control character (or its escape)
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9_\-\.=:/+]{8,}(?:\\[rnt]|[\r\n\t])*"),
    re.compile(r"(?i)(api[-_]?key[\"']?\s*[:=]\s*[\"']?)[A-Za-z0-9_\-\.]{8,}(?:\\[rnt]|[\r\n\t])*"),
]
_known: set[str] = set()
_lock = threading.Lock()


def remember_secret(value: str | None) -> None:
    """Make `redact` mask this value from now on, in every form an error message may print it: as it is, without
    surrounding whitespace, and escaped (repr, JSON: a key read with a trailing CR shows as `...\\r`). Short values
    are ignored: they would mask words."""
    if not value:
        return
    import json

    forms = {value, value.strip(), repr(value)[1:-1], json.dumps(value)[1:-1]}
    with _lock:
        _known.update(f for f in forms if len(f) >= 6)


def redact(text: str) -> str:
    if not text:
        return text
    with _lock:
        known = sorted(_known, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    for pat in _PATTERNS:
        if pat.groups:
            text = pat.sub(lambda m: m.group(1) + MASK, text)
        else:
            text = pat.sub(MASK, text)
    return text


def format_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return redact("".join(traceback.format_exception(exc_type, exc, tb)))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            msg = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            msg = str(record.msg)
        record.msg = redact(msg)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            et, ev, tb = record.exc_info
            record.exc_text = format_exception(et, ev, tb)  # type: ignore[arg-type]
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_configured = False


def setup_logging(level: int = logging.INFO) -> logging.Logger:
    """Rotating log file `logs/fttool.log` in the data dir (1 MB x 5), every handler redacting."""
    global _configured
    root = logging.getLogger("fttool")
    if _configured:
        return root
    from logging.handlers import RotatingFileHandler

    from fttool.paths import logs_dir

    handler = RotatingFileHandler(
        logs_dir() / "fttool.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True
    return root
