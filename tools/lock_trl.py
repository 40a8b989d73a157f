"""Regenerate resources/runtime/trl.lock, the one file that pins the TRL engine (local runtime and Hugging Face Jobs).

    python tools/lock_trl.py                                  # the current pins of the top-level packages
    python tools/lock_trl.py --set trl==1.17.0 --set transformers==5.26.0 --set bitsandbytes==0.51.0

It makes a clean virtual environment under build/lock-trl with a Python 3.11, installs torch (the CPU build, from
pip's configured sources or PyTorch's CPU index) and the top-level packages at the asked versions with pip's own
resolver, freezes the result into the lock (torch without its local +cpu tag), adds the CUDA-only bitsandbytes line,
dates the header, and writes every file's hash (tools/lock_hashes.py). Then run the tests the header names.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "resources" / "runtime" / "trl.lock"
TOP = ("trl", "transformers", "peft", "datasets", "accelerate", "sentencepiece", "protobuf", "gguf")
HEADER = """# fttool's TRL engine: every package of its managed runtime, pinned, with the hash of every wheel it may take. This
# is the one file to change when the engine is upgraded: regenerate it with `python tools/lock_trl.py` (a clean
# venv, pip's own resolver, then tools/lock_hashes.py), then run `pytest tests/unit/test_trl_engine.py
# tests/unit/test_hf_provider.py` and the e2e training tests. Everything else (the runtime's install steps, `fttool
# runtime status`, the Train view, the Hugging Face Jobs command) reads the versions here.
# resolved: {date} on Debian x86_64, Python 3.11; torch is the CPU build on the CPU route (+cpu), PyPI's
# CUDA build on the CUDA route. Lines tagged `# route: cuda` are installed on the CUDA route only.
"""


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from fttool.runtime.engines import engine

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--set", action="append", default=[], metavar="NAME==VERSION",
                    help="a top-level package at another version (repeatable)")
    ap.add_argument("--python", default="python3.11")
    args = ap.parse_args(argv)
    current = engine("trl").pinned("cuda")
    wanted = {name: f"{name}=={current[name]}" for name in TOP if name in current}
    for item in args.set:
        name = item.split("==")[0].strip().lower()
        wanted[name] = item.strip()
    bnb = wanted.pop("bitsandbytes", f"bitsandbytes=={current.get('bitsandbytes')}")
    torch = wanted.pop("torch", f"torch=={current['torch']}")
    venv = ROOT / "build" / "lock-trl"
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([args.python, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, torch + "+cpu", "--extra-index-url", "https://download.pytorch.org/whl/cpu"], check=True)
    subprocess.run([*pip, *wanted.values()], check=True)
    frozen = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "freeze", "--all", "--exclude-editable"],
                            check=True, capture_output=True, text=True).stdout.splitlines()
    lines = sorted((ln.replace("+cpu", "") for ln in frozen if "==" in ln and not ln.startswith(("pip==",))),
                   key=str.lower)
    LOCK.write_text(HEADER.format(date=datetime.date.today().isoformat()) + "\n".join(lines) + "\n"
                    + f"{bnb}  # route: cuda\n", encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "tools" / "lock_hashes.py"), str(LOCK)], check=True)
    print(f"wrote {LOCK}: {len(lines) + 1} pins")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
