"""Processes of the runtime: start one in a session of its own, recognise it again after a restart (pid + start
time + command line, so a reused pid is never signalled), and end its whole group or tree.

AutoTrain runs `accelerate launch`, which runs the trainer: all three share one process group, and killing
only the parent leaves the trainer running as an orphan (trap 5). So a job starts in a new session and is
cancelled by signalling its process group (on Windows: the whole tree with taskkill /T).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def popen_new_session(argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    if os.name == "nt":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        return subprocess.Popen(argv, creationflags=flags, **kwargs)
    return subprocess.Popen(argv, start_new_session=True, **kwargs)


@dataclass(frozen=True)
class ProcessIdentity:
    pid: int
    start_time: str  # an opaque, stable token: jiffies since boot on Linux, `ps lstart` elsewhere
    cmdline: str

    def to_dict(self) -> dict[str, Any]:
        return {"pid": self.pid, "start_time": self.start_time, "cmdline": self.cmdline}


def _linux_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks) from /proc/<pid>/stat."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = stat[stat.rfind(")") + 2:].split()
    return rest[0], rest[19]


def identity(pid: int) -> ProcessIdentity | None:
    """This pid's identity now, or None when no such (live) process exists."""
    if sys.platform.startswith("linux"):
        st = _linux_stat(pid)
        if st is None or st[0] in ("Z", "X"):
            return None
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            return None
        return ProcessIdentity(pid, st[1], cmd.strip())
    if os.name == "nt":
        return _windows_identity(pid)
    try:  # macOS and other POSIX: ps
        out = subprocess.run(["ps", "-o", "stat=,lstart=,command=", "-p", str(pid)], capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    line = out.stdout.strip()
    if out.returncode != 0 or not line or line.startswith("Z"):
        return None
    parts = line.split(None, 6)  # stat, weekday, month, day, time, year, command
    if len(parts) < 7:
        return None
    return ProcessIdentity(pid, " ".join(parts[1:6]), parts[6])


def settled_identity(pid: int, timeout: float = 3.0) -> ProcessIdentity | None:
    """The identity of a process just started: right after exec, Linux may show an empty command line for a
    moment, and a record made then would never match again. Waits until the command line is there."""
    deadline = time.monotonic() + timeout
    while True:
        ident = identity(pid)
        if ident is None or ident.cmdline or time.monotonic() > deadline:
            return ident
        time.sleep(0.01)


def _windows_identity(pid: int) -> ProcessIdentity | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None
    try:
        code = wintypes.DWORD()
        if kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != 259:  # STILL_ACTIVE
            return None
        times = [wintypes.FILETIME() for _ in range(4)]
        kernel32.GetProcessTimes(handle, *[ctypes.byref(t) for t in times])
        start = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
        size = wintypes.DWORD(32768)
        buf = ctypes.create_unicode_buffer(size.value)
        kernel32.QueryFullProcessImageNameW(handle, 0, buf, ctypes.byref(size))
        return ProcessIdentity(pid, str(start), buf.value)
    finally:
        kernel32.CloseHandle(handle)


def same_process(saved: dict[str, Any] | None, expect_in_cmdline: str = "") -> bool:
    """True when the process recorded in `saved` ({pid, start_time, cmdline}) still runs: same pid, same start
    time and same command line (a pid reused by another program is never taken for ours)."""
    if not saved or not saved.get("pid"):
        return False
    now = identity(int(saved["pid"]))
    if now is None:
        return False
    if str(saved.get("start_time")) != now.start_time:
        return False
    if os.name == "nt":
        return expect_in_cmdline.lower() in now.cmdline.lower()
    return bool(now.cmdline) and now.cmdline == saved.get("cmdline")


def group_alive(pgid: int) -> bool:
    """Whether any process of this process group is alive (not a zombie); POSIX."""
    if sys.platform.startswith("linux"):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            rest = stat[stat.rfind(")") + 2:].split()
            if len(rest) > 3 and int(rest[2]) == pgid and rest[0] not in ("Z", "X"):
                return True
        return False
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def end_process_group(pid: int, proc: subprocess.Popen[bytes] | None = None, grace: float = 5.0) -> None:
    """End the whole group (POSIX) or tree (Windows) the process leads: SIGTERM, then SIGKILL after `grace`."""
    if os.name == "nt":  # pragma: no cover - Windows only
        subprocess.run(["taskkill", "/PID", str(pid), "/T", "/F"], capture_output=True, timeout=30)
        if proc is not None:
            proc.wait(timeout=30)
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if proc is not None:
            proc.poll()
        if not group_alive(pid):
            break
        time.sleep(0.05)
    else:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        end = time.monotonic() + 5
        while time.monotonic() < end and group_alive(pid):
            if proc is not None:
                proc.poll()
            time.sleep(0.05)
    if proc is not None:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    else:
        reap(pid)


def reap(pid: int) -> None:
    """Collect the exit status of a child we no longer hold a Popen for (after a service restart in the same
    process), so it does not linger as a zombie. Not our child: nothing to do."""
    if os.name == "nt":
        return
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
