"""Benchmark: generating synthetic examples (fttool/datasets/synth/) against our chat test server.

    .venv/bin/python bench/synth.py [--n 1000] [--latency 0.1] [--concurrency 16]

1. `n` examples (two teacher calls each: the user message, the answer) against the chat test server with `latency`
   seconds per call, in a process of its own (a real API is remote), through the job service as the Data view
   runs it. Printed: the wall time against the concurrency bound (calls x latency / concurrency, measured in the
   same run: the floor no runner can beat). Goal: at most 1.2x.
2. Meanwhile a 5 ms timer on the GUI thread (a QApplication with the bridge delivering the run's progress) measures
   how late it fires: the longest stall. Goal: under 50 ms. Printed beside the same timer idle for 2 s (this
   machine's own jitter).
3. Peak memory of this process (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FTTOOL_HOME", tempfile.mkdtemp(prefix="fttool-bench-"))
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.support.keyrings.MemoryKeyring"

SERVE = r'''
import http.server, sys
sys.path.insert(0, sys.argv[1])
http.server.BaseHTTPRequestHandler.disable_nagle_algorithm = True
from tests.servers.chat_routes import CompatServer
from tests.support.synth_teacher import TeacherScript
server = CompatServer().start()
server.chat_latency = float(sys.argv[2])
server.chat_reply = TeacherScript({})
print(server.base_url, flush=True)
sys.stdin.read()
server.stop()
'''


def peak_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--cold", action="store_true", help="do not load the token encoding first (a cold start: "
                                                         "building it holds the interpreter lock for ~0.1 s)")
    args = ap.parse_args()
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(ROOT), str(args.latency)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdin is not None
    base_url = proc.stdout.readline().strip()
    try:
        print(json.dumps(run(args, base_url), indent=2))
    finally:
        proc.stdin.close()
        proc.wait(10)


def run(args: argparse.Namespace, base_url: str) -> dict:
    sys.setswitchinterval(0.001)  # as ui/app.py sets it for the app
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from fttool.jobs.service import JobService
    from ui.bridge import Bridge, Failure
    from ui.widgets.progress import Task

    project = Path(os.environ["FTTOOL_HOME"]) / "project"
    shutil.copytree(ROOT / "resources" / "sample_project", project)
    app = QApplication.instance() or QApplication([])
    service = JobService().start()
    bridge = Bridge(service)
    clock = QElapsedTimer()
    progress = [0]
    stalls: list[float] = []
    last = [0]

    long_at: list[tuple[int, int, int]] = []  # (stall ms, examples done then, ms since the start)

    def tick() -> None:
        now = clock.elapsed()
        stalls.append(now - last[0])
        if now - last[0] > 30:
            long_at.append((now - last[0], progress[0], now))
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)

    def measure(seconds: float | None, until: list | None = None) -> list[float]:
        stalls.clear()
        clock.start()
        last[0] = 0
        timer.start()
        t0 = time.perf_counter()
        while (until is not None and not until) or (seconds is not None and time.perf_counter() - t0 < seconds):
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        return list(stalls)

    idle = measure(2.0)
    if not args.cold:  # as in the app, where the Data view has counted tokens before anyone generates
        import fttool.datasets.validate  # noqa: F401  (and numpy, which the validator imports)
        from fttool.datasets.tokens import get_encoding

        get_encoding("o200k_base")
    teacher = {"backend": "server", "model": "llama-3.2-1b-instruct", "base_url": base_url}
    done: list = []
    t0 = time.perf_counter()
    task = Task("Generating examples")  # as the Generate dialog runs it: progress through the service's task id
    task.progressed.connect(lambda d, t, item: progress.__setitem__(0, d))
    bridge.op("synth_run", project=str(project), teacher=teacher, n=args.n, task="recipes",
              concurrency=args.concurrency).success(done.append).failure(done.append).progress(task).run()
    busy = measure(None, done)
    wall = time.perf_counter() - t0
    end_ms = clock.elapsed()
    bridge.close()
    service.stop()
    result = done[0]
    if isinstance(result, Failure):
        raise result.error
    calls = 2 * args.n
    bound = calls * args.latency / args.concurrency
    return {"examples": args.n, "calls": calls, "latency_ms": args.latency * 1000, "concurrency": args.concurrency,
            "wall_s": round(wall, 2), "bound_s": round(bound, 2), "ratio_to_bound": round(wall / bound, 2),
            "goal_ratio": 1.2, "pending": result["pending"], "dropped": result["dropped"],
            "gui_longest_stall_ms": max(busy) if busy else None, "gui_idle_longest_ms": max(idle) if idle else None,
            "goal_stall_ms": 50, "stalls_over_30ms": [{"ms": ms, "done": d, "before_end_ms": end_ms - at}
                                 for ms, d, at in sorted(long_at, reverse=True)[:5]],
            "peak_mb": round(peak_mb(), 1)}


if __name__ == "__main__":
    main()
