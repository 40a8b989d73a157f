"""Find threads and child processes a test left running (after napari's leaked-thread fixture)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def child_pids() -> set[int]:
    """Live (not zombie) processes whose parent is this process (Linux /proc; empty elsewhere)."""
    me = os.getpid()
    pids: set[int] = set()
    proc = Path("/proc")
    if not proc.is_dir():
        return pids
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'
        rest = stat[stat.rfind(")") + 2 :].split()
        if len(rest) >= 2 and rest[0] != "Z" and int(rest[1]) == me:
            pids.add(int(entry.name))
    return pids


def wait_for_leaks(threads_before: set[threading.Thread], children_before: set[int],
                   timeout: float = 5.0) -> tuple[list[threading.Thread], set[int]]:
    deadline = time.monotonic() + timeout
    while True:
        threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
        children = child_pids() - children_before
        if (not threads and not children) or time.monotonic() > deadline:
            return threads, children
        time.sleep(0.05)
