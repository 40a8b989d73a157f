"""Processes of the runtime: a new session, an identity that survives a restart (pid + start time + command
line), a reused pid never taken for ours, and the whole group ended on cancel (trap 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fttool.runtime import process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")

TREE = """
import subprocess, sys, time, os
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(120)
"""


def _start_tree(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    marker = tmp_path / "child.pid"
    proc = process.popen_new_session([sys.executable, "-c", TREE, str(marker)], stdout=subprocess.DEVNULL)
    for _ in range(200):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.02)
    return proc, int(marker.read_text())


def test_new_session_and_identity(tmp_path: Path) -> None:
    proc, child = _start_tree(tmp_path)
    try:
        assert os.getpgid(proc.pid) == proc.pid != os.getpgid(0)
        assert os.getpgid(child) == proc.pid  # the trainer-like grandchild shares the group
        ident = process.settled_identity(proc.pid)
        assert ident is not None and "import subprocess" in ident.cmdline
        saved = ident.to_dict()
        assert process.same_process(saved)
        assert not process.same_process({**saved, "start_time": "1"})  # a reused pid: different start time
        assert not process.same_process({**saved, "cmdline": "something else"})
        assert not process.same_process(None) and not process.same_process({"pid": 0})
    finally:
        process.end_process_group(proc.pid, proc)
    assert not process.group_alive(proc.pid)
    assert process.identity(child) is None


def test_killing_only_the_parent_orphans_the_child_but_the_group_kill_does_not(tmp_path: Path) -> None:
    proc, child = _start_tree(tmp_path)
    proc.kill()
    proc.wait()
    try:
        assert process.identity(child) is not None  # trap 5: the orphan lives on
        assert process.group_alive(proc.pid)
    finally:
        process.end_process_group(proc.pid)
    assert not process.group_alive(proc.pid)


def test_term_ignored_then_killed(tmp_path: Path) -> None:
    script = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ok', flush=True); time.sleep(60)"
    proc = process.popen_new_session([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ok"
    t0 = time.monotonic()
    process.end_process_group(proc.pid, proc, grace=0.5)
    assert proc.returncode is not None and time.monotonic() - t0 < 5
    proc.stdout.close()


def test_zombie_is_not_alive_and_is_reaped(tmp_path: Path) -> None:
    proc = process.popen_new_session([sys.executable, "-c", "pass"])
    pid = proc.pid
    saved = {"pid": pid, "start_time": "x", "cmdline": "y"}
    time.sleep(0.5)
    assert process.identity(pid) is None  # exited (zombie until reaped)
    assert not process.same_process(saved)
    process.reap(pid)
    proc.returncode = 0  # reaped behind Popen's back


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="records before psutil held Linux clock ticks")
def test_a_record_written_before_psutil_still_matches_its_process(tmp_path: Path) -> None:
    proc, _child = _start_tree(tmp_path)
    try:
        ident = process.settled_identity(proc.pid)
        assert ident is not None
        stat = Path(f"/proc/{proc.pid}/stat").read_text()
        ticks = stat[stat.rfind(")") + 2:].split()[19]  # what the /proc reader used to record
        legacy = {**ident.to_dict(), "start_time": ticks}
        assert ticks.isdigit() and process.same_process(legacy)
        assert not process.same_process({**legacy, "start_time": str(int(ticks) + 500)})
    finally:
        process.end_process_group(proc.pid, proc)


def test_memory_figures_come_from_psutil() -> None:
    import psutil

    from fttool.runtime.env import memory_mb

    total, available = memory_mb()
    assert total == psutil.virtual_memory().total >> 20 and available is not None and 0 < available <= total


ESCAPER = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(120)
"""


def test_a_descendant_that_left_the_group_is_ended_too(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    proc = process.popen_new_session([sys.executable, "-c", ESCAPER, str(marker)], stdout=subprocess.DEVNULL)
    for _ in range(300):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.02)
    child = int(marker.read_text())
    assert os.getpgid(child) != proc.pid  # its own session: the group signal does not reach it
    process.end_process_group(proc.pid, proc, grace=1.0)
    for _ in range(100):
        if process.identity(child) is None:
            break
        time.sleep(0.05)
    assert process.identity(child) is None
