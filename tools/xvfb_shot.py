"""Run fttool-app in a real X window under Xvfb and save a screenshot of the screen (what a person sees).

    .venv/bin/python tools/xvfb_shot.py OUT.png [--view jobs] [--wait 4] [--home DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GRAB = r"""
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
ok = app.primaryScreen().grabWindow(0).save(sys.argv[1])
sys.exit(0 if ok else 1)
"""


def free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--view", default="")
    ap.add_argument("--wait", type=float, default=4.0)
    ap.add_argument("--home", default="")
    ap.add_argument("--size", default="1280x800")
    args = ap.parse_args()
    if not shutil.which("Xvfb"):
        print("Xvfb is not installed (Debian: apt install xvfb)", file=sys.stderr)
        return 2
    n = free_display()
    xvfb = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{args.size}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = f":{n}"
    env["FTTOOL_HOME"] = args.home or tempfile.mkdtemp(prefix="fttool-xvfb-")
    app = None
    try:
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                break
            time.sleep(0.1)
        cmd = [str(Path(sys.executable).with_name("fttool-app"))] + (["--view", args.view] if args.view else [])
        app = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(args.wait)
        if app.poll() is not None:
            print(app.stdout.read() if app.stdout else "", file=sys.stderr)
            print(f"fttool-app ended early with {app.returncode}", file=sys.stderr)
            return 1
        r = subprocess.run([sys.executable, "-c", GRAB, args.out], env=env, timeout=60)
        print(args.out if r.returncode == 0 else "screenshot failed")
        return r.returncode
    finally:
        if app is not None and app.poll() is None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        xvfb.terminate()
        xvfb.wait(10)


if __name__ == "__main__":
    sys.exit(main())
