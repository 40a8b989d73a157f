"""Benchmark: files built to exhaust a reader, and what fttool does with them (issue 25's bounds).

1. A 100 MB JSONL file whose one example holds a single 100 MB message of one repeated letter (tokenising it
   whole took minutes and about 6 GB before the bound): fttool must name the line (example_too_large) quickly.
2. A Parquet file of about 200 KB whose one value expands to 200 MB (gzip): fttool must refuse the page before
   it inflates it, or read it, within bounded memory.

Each runs as a fresh `fttool validate --json` process; its wall time and peak memory (RSS of the process and of
its workers) are printed, with the time to read the same file once (`open().read()` in a fresh process,
measured in the same run) as the baseline: the ratio says how many plain reads of the file the answer cost.
Goals: the 100 MB file under 5 s, memory far below the file's size.

Run: .venv/bin/python bench/robust.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"

RUN = r"""
import json, resource, sys, time
sys.argv = ["fttool", "validate", sys.argv[1], "--json"]
import io, contextlib
from fttool.cli import main
buf = io.StringIO()
t = time.monotonic()
with contextlib.redirect_stdout(buf):
    code = main(sys.argv[1:])
dt = time.monotonic() - t
out = json.loads(buf.getvalue() or "{}")
codes = sorted({p["code"] for p in out.get("errors", [])} | ({out["error"]["code"]} if "error" in out else set()))
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
peak = me.ru_maxrss
try:  # Linux: this process's own peak (ru_maxrss may keep the size of the process it was forked from)
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(json.dumps({"seconds": dt, "exit": code, "codes": codes, "rss_mb": max(peak, kids.ru_maxrss) / 1024}))
"""

READ = "import sys, time\nt = time.monotonic()\nopen(sys.argv[1], 'rb').read()\nprint(time.monotonic() - t)"


def huge_message(path: Path, mb: int = 100) -> Path:
    if not path.exists() or path.stat().st_size < mb << 20:
        with open(path, "wb") as f:
            f.write(b'{"messages": [{"role": "user", "content": "')
            block = b"a" * (1 << 20)
            for _ in range(mb):
                f.write(block)
            f.write(b'"}, {"role": "assistant", "content": "ok"}]}\n')
    return path


def parquet_bomb(path: Path, mb: int = 200) -> Path:
    sys.path.insert(0, str(ROOT))
    from fttool.datasets import parquet

    if not path.exists():
        parquet.write_table(path, [{"messages": [{"role": "user", "content": "a" * (mb << 20)},
                                                 {"role": "assistant", "content": "ok"}]}], compression="gzip")
    return path


def measure(path: Path) -> None:
    read = min(float(subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(3))
    r = subprocess.run([sys.executable, "-c", RUN, str(path)], capture_output=True, text=True,
                       env={"PYTHONPATH": str(ROOT), **__import__("os").environ}, timeout=600)
    if r.returncode != 0:
        raise SystemExit(f"{path.name}: the run failed ({r.returncode}): {r.stderr[-1500:]}")
    res = json.loads(r.stdout.strip().splitlines()[-1])
    print(f"{path.name} ({path.stat().st_size / 1e6:.1f} MB on disk): fttool {res['seconds']:.2f} s, peak "
          f"{res['rss_mb']:.0f} MB, exit {res['exit']}, {res['codes']}; one plain read {read:.3f} s "
          f"(ratio {res['seconds'] / max(read, 1e-3):.0f}x)")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    t = time.monotonic()
    files = [huge_message(OUT / "one_100mb_message.jsonl"), parquet_bomb(OUT / "expands_to_200mb.parquet")]
    print(f"files ready in {time.monotonic() - t:.1f} s")
    for f in files:
        measure(f)


if __name__ == "__main__":
    main()
