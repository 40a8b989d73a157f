"""Startup benchmark: `fttool-app --smoke` against a bare PySide6 QMainWindow, 10 runs each, in the same run.

Both start a fresh interpreter, open a main window offscreen, wait for its first paint, and quit. Prints both
medians and their ratio (goal: at most 1.3; openai, huggingface_hub and friends must be imported lazily).

    .venv/bin/python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1100, 720)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""


def time_run(cmd: list[str], env: dict[str, str]) -> float:
    # A blocking wait (no timeout): Popen.wait(timeout=...) polls with sleeps of up to 50 ms, which would add
    # up to 50 ms to whichever run it catches.
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    code = proc.wait()
    elapsed = time.perf_counter() - t0
    if code != 0:
        raise SystemExit(f"{' '.join(cmd[:2])} exited {code}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    app = str(Path(sys.executable).with_name("fttool-app"))
    home = tempfile.mkdtemp(prefix="fttool-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FTTOOL_HOME": home}
    bare_cmd = [sys.executable, "-c", BARE]
    app_cmd = [app, "--smoke"]
    view_cmd = [app, "--smoke-view"]
    time_run(app_cmd, env)  # first run copies the sample project and creates the store
    time_run(bare_cmd, env)
    bare, ours, full = [], [], []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        bare.append(time_run(bare_cmd, env))
        ours.append(time_run(app_cmd, env))
    # apart: the first view starts background work (the Decide view scores the project) that may still be
    # finishing in other processes' time when the next run starts
    for _ in range(args.runs):
        full.append(time_run(view_cmd, env))
    mb, mo, mf = statistics.median(bare), statistics.median(ours), statistics.median(full)
    print(f"bare PySide6 QMainWindow:  median {mb * 1000:.0f} ms over {args.runs} runs")
    print(f"fttool-app --smoke:        median {mo * 1000:.0f} ms (window painted: navigation, status bar)")
    print(f"fttool-app --smoke-view:   median {mf * 1000:.0f} ms (the first view built and painted too, "
          "service thread started)")
    print(f"ratio fttool/bare: {mo / mb:.2f} (goal <= 1.3); with the first view: {mf / mb:.2f}")
    heavy = subprocess.run([sys.executable, "-c", "import sys, ui.app, fttool.cli; "
                            "print(sorted(m for m in ('openai','huggingface_hub','pandas','pyarrow','tiktoken',"
                            "'transformers','torch') if m in sys.modules))"],
                           env=env, capture_output=True, text=True)
    print(f"heavy modules imported at startup: {heavy.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
