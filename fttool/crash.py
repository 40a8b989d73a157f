"""Crash reports: what a person can send to the developers after fttool failed, with no secret in it.

`write_report(exc_type, exc, tb)` writes `<data dir>/crash-reports/crash-<UTC time>-<pid>.txt` (atomic) with
the version, platform, the redacted traceback and the end of the redacted log; the UI's excepthook calls it
and offers to open the file. Every line passes through fttool.log.redact (known secrets from the keyring
wrapper and well-known key shapes); no environment variable, setting value or project content is copied.
`enable_fatal_log()` points faulthandler at a file so that a hard crash (a segfault in a native library)
also leaves a report: at the next start a non-empty fatal log becomes a crash report.
"""

from __future__ import annotations

import faulthandler
import os
import platform
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

from fttool import __version__
from fttool.log import format_exception, redact

KEEP_REPORTS = 20
LOG_TAIL_LINES = 60
_fatal_file: IO[str] | None = None


def reports_dir() -> Path:
    from fttool.paths import data_dir

    p = data_dir() / "crash-reports"
    p.mkdir(parents=True, exist_ok=True)
    return p


def _log_tail(lines: int = LOG_TAIL_LINES) -> str:
    from fttool.paths import data_dir

    log = data_dir() / "logs" / "fttool.log"
    try:
        with log.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 64_000))
            text = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _frames_only(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """The traceback's frames (file, line, code) and the exception's type, without its message: a message can
    quote the data being read (KeyError('the user's text'))."""
    import traceback

    frames = "".join(traceback.format_tb(tb))
    return (f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__} "
            "(its message is left out: it may quote your data)\n")


def build_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, *,
                 context: str = "", data_free: bool = False) -> str:
    """The report's text, already redacted; `data_free` leaves the exception's message out (a command that was
    reading the user's files)."""
    from fttool.clock import iso_now

    frozen = bool(getattr(sys, "frozen", False))
    header = [
        "fttool crash report",
        f"time:      {iso_now()}",
        f"version:   fttool {__version__} ({'installed app' if frozen else 'from Python'})",
        f"python:    {platform.python_version()} ({platform.python_implementation()})",
        f"system:    {platform.platform()} {platform.machine()}",
        f"thread:    {threading.current_thread().name}",
    ]
    if context:
        header.append(f"while:     {context}")
    body = [
        "",
        "== what happened ==",
        (_frames_only(exc_type, tb) if data_free else format_exception(exc_type, exc, tb)).rstrip(),
        "",
        f"== the last {LOG_TAIL_LINES} lines of the log ==",
        _log_tail(),
        "",
        "This report holds no API key, token or dataset content. Please attach it when you report the problem.",
    ]
    return redact("\n".join(header + body)) + "\n"


def _report_path(kind: str = "crash") -> Path:
    from fttool.clock import now

    stamp = now().strftime("%Y%m%d-%H%M%S")
    base = reports_dir() / f"{kind}-{stamp}-{os.getpid()}"
    path, n = base.with_suffix(".txt"), 1
    while path.exists():
        n += 1
        path = base.parent / f"{base.name}-{n}.txt"
    return path


def write_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, *,
                 context: str = "", data_free: bool = False) -> Path:
    """Write a crash report and return its path (never raises for a report it could not build)."""
    from fttool.fsutil import atomic_write_text

    try:
        text = build_report(exc_type, exc, tb, context=context, data_free=data_free)
    except Exception as inner:  # the report must not hide the crash
        text = redact(f"fttool crash report (incomplete: {type(inner).__name__})\n\n" + (
            _frames_only(exc_type, tb) if data_free else format_exception(exc_type, exc, tb)))
    path = _report_path()
    atomic_write_text(path, text)
    prune()
    return path


def list_reports() -> list[Path]:
    return sorted(reports_dir().glob("crash-*.txt"), key=lambda p: p.stat().st_mtime, reverse=True)


def prune(keep: int = KEEP_REPORTS) -> None:
    for old in list_reports()[keep:]:
        try:
            old.unlink()
        except OSError:
            pass


def enable_fatal_log() -> Path | None:
    """Keep a faulthandler file for hard crashes; turn the previous run's non-empty one into a report."""
    global _fatal_file
    path = reports_dir() / "fatal.log"
    try:
        previous = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    except OSError:
        previous = ""
    if previous.strip():
        from fttool.fsutil import atomic_write_text

        atomic_write_text(_report_path(), redact(
            "fttool crash report (the app stopped abruptly in a native library during the previous run)\n"
            f"version: fttool {__version__}\nsystem:  {platform.platform()}\n\n{previous}"))
        prune()
    try:
        if _fatal_file is not None:
            _fatal_file.close()
        _fatal_file = path.open("w", encoding="utf-8")
        faulthandler.enable(_fatal_file, all_threads=True)
    except OSError:
        return None
    return path


def disable_fatal_log() -> None:
    """On a clean exit: stop the handler and leave an empty fatal log (no report at the next start)."""
    global _fatal_file
    if _fatal_file is None:
        return
    faulthandler.disable()
    try:
        _fatal_file.close()
        (reports_dir() / "fatal.log").write_text("")
    except OSError:
        pass
    _fatal_file = None
