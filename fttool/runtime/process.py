"""Processes of the runtime: start one in a session of its own, recognise it again after a restart (pid + start
time + command line, read with psutil on every platform, so a reused pid is never signalled), and end its whole
group or tree.

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
from typing import Any


def popen_new_session(argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    if os.name == "nt":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
        return subprocess.Popen(argv, creationflags=flags, **kwargs)
    return subprocess.Popen(argv, start_new_session=True, **kwargs)


@dataclass(frozen=True)
class ProcessIdentity:
    pid: int
    start_time: str  # psutil's create time, seconds since the epoch with two decimals
    cmdline: str

    def to_dict(self) -> dict[str, Any]:
        return {"pid": self.pid, "start_time": self.start_time, "cmdline": self.cmdline}


def identity(pid: int) -> ProcessIdentity | None:
    """This pid's identity now (psutil, on every platform), or None when no such live process exists."""
    import psutil

    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            if proc.status() in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD):
                return None
            created = proc.create_time()
            try:
                cmd = " ".join(proc.cmdline())
            except psutil.AccessDenied:  # another user's process: the name still tells programs apart
                cmd = proc.name()
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied, ProcessLookupError, ValueError):
        return None
    return ProcessIdentity(pid, f"{created:.2f}", cmd.strip())


def settled_identity(pid: int, timeout: float = 3.0) -> ProcessIdentity | None:
    """The identity of a process just started: right after exec, Linux may show an empty command line for a
    moment, and a record made then would never match again. Waits until the command line is there."""
    deadline = time.monotonic() + timeout
    while True:
        ident = identity(pid)
        if ident is None or ident.cmdline or time.monotonic() > deadline:
            return ident
        time.sleep(0.01)


def _same_start(saved: str, now: str) -> bool:
    """Start times match. A record written before psutil (Linux: clock ticks since boot, an integer) is compared
    through the boot time, so a job that ran across the upgrade is still recognised."""
    if saved == now:
        return True
    if saved.isdigit() and sys.platform.startswith("linux"):
        import psutil

        ticks = os.sysconf("SC_CLK_TCK")
        return abs((float(now) - psutil.boot_time()) * ticks - int(saved)) <= 2
    try:
        return abs(float(saved) - float(now)) < 0.02
    except ValueError:
        return False


def same_process(saved: dict[str, Any] | None, expect_in_cmdline: str = "") -> bool:
    """True when the process recorded in `saved` ({pid, start_time, cmdline}) still runs: same pid, same start
    time and same command line (a pid reused by another program is never taken for ours)."""
    if not saved or not saved.get("pid"):
        return False
    now = identity(int(saved["pid"]))
    if now is None:
        return False
    if not _same_start(str(saved.get("start_time")), now.start_time):
        return False
    if os.name == "nt" and expect_in_cmdline:
        return expect_in_cmdline.lower() in now.cmdline.lower()
    return bool(now.cmdline) and now.cmdline == saved.get("cmdline")


def group_alive(pgid: int) -> bool:
    """Whether any process of this process group is alive (not a zombie); POSIX."""
    import psutil

    for proc in psutil.process_iter():
        try:
            if os.getpgid(proc.pid) == pgid and proc.status() not in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD):
                return True
        except (psutil.Error, ProcessLookupError, PermissionError, OSError):
            continue
    return False


def _descendants(pid: int) -> list[Any]:
    """The process's children, grandchildren and so on (psutil.Process objects), while they can still be found."""
    import psutil

    try:
        return list(psutil.Process(pid).children(recursive=True))
    except psutil.Error:
        return []


def _alive(p: Any) -> bool:
    import psutil

    try:
        return bool(p.is_running()) and p.status() not in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)
    except psutil.Error:
        return False


def _end_tree(procs: list[Any], grace: float) -> None:
    """Terminate, then after `grace` kill, what is left of these processes (psutil checks that each is still the
    process it found, so a pid reused meanwhile is never signalled)."""
    import psutil

    for p in procs:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _gone, alive = psutil.wait_procs(procs, timeout=grace)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(alive, timeout=5)


def end_process_group(pid: int, proc: subprocess.Popen[bytes] | None = None, grace: float = 5.0) -> None:
    """End the whole group (POSIX) and the whole tree the process leads: SIGTERM, then SIGKILL after `grace`. A
    descendant that left the group (its own session) is ended too, through psutil's process tree; on Windows,
    where there are no process groups, the tree is all there is."""
    tree = _descendants(pid)
    if os.name == "nt":  # pragma: no cover - Windows only
        import psutil

        try:
            tree.insert(0, psutil.Process(pid))
        except psutil.Error:
            pass
        _end_tree(tree, grace)
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
    escaped = [p for p in tree if _alive(p)]
    if escaped:  # started its own session or group (setsid): not reached by the group signal
        _end_tree(escaped, min(grace, 2.0))
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
