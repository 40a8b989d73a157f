"""Size and startup of the frozen app against a bare PySide6 bundle built in the same run.

    .venv/bin/python bench/package.py            # reuses build/package/venv when its inputs are unchanged
    .venv/bin/python bench/package.py --fresh-venv --runs 7

Builds, with the same PyInstaller settings (packaging/pyi_common.py) and the same clean venv:
  - fttool: packaging/fttool.spec (the window and the CLI in one folder),
  - hello:  packaging/hello.spec (a PySide6 Essentials + QtCharts window with one chart, no app code),
then prints both sizes unpacked and as tar.gz with their ratio (goal: fttool <= 1.5x hello and <= 350 MB
unpacked), the frozen `fttool-app --smoke` startup against `python -m ui.app --smoke` from source (goal: ratio
<= 1.5; median of --runs, alternating), and what takes the space in the fttool bundle.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("fttool_packaging_build", ROOT / "packaging" / "build.py")
assert _spec is not None and _spec.loader is not None
pkg = importlib.util.module_from_spec(_spec)  # packaging/build.py (`build` is also a PyPI package's name)
sys.modules[_spec.name] = pkg
_spec.loader.exec_module(pkg)

HELLO_DIST = pkg.OUT / "dist-hello"
HELLO_WORK = pkg.OUT / "work-hello"
GOAL_SIZE_RATIO = 1.5
GOAL_MAX_MB = 350
GOAL_STARTUP_RATIO = 1.5

# what a top-level entry of _internal/ belongs to (first match wins)
CATEGORIES = [
    ("Qt (PySide6, Qt libraries, ICU, plugins)", ("PySide6", "libQt6", "libicu", "shiboken6", "libpyside6",
                                                   "libshiboken6")),
    ("Parquet reader (pyarrow: Arrow, compute, Parquet)", ("pyarrow",)),
    ("numpy", ("numpy",)),
    ("Python runtime (libpython, stdlib, lib-dynload)", ("libpython", "base_library.zip", "python3.")),
    ("Hugging Face client + Xet uploads (huggingface_hub, hf_xet)", ("huggingface_hub", "hf_xet")),
    ("cryptography / OpenSSL (keyring's Secret Service, TLS)", ("cryptography", "libcrypto", "libssl",
                                                                "_cffi_backend")),
    ("tokenizers (tiktoken, regex)", ("tiktoken", "regex")),
    ("pydantic (openai's models)", ("pydantic",)),
    ("fttool resources/", ("resources",)),
]


def log(msg: str) -> None:
    print(msg, flush=True)


def entry_size(p: Path) -> int:
    if p.is_symlink():
        return 0
    if p.is_file():
        return p.stat().st_size
    return pkg.dir_size(p)


def tar_size(bundle: Path, name: str) -> int:
    with tempfile.TemporaryDirectory(dir=pkg.OUT) as tmp:
        out = pkg.make_tarball(bundle, Path(tmp) / f"{name}.tar.gz", name)
        return out.stat().st_size


def smoke_seconds(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return dt


def space_report(bundle: Path) -> list[tuple[str, int]]:
    internal = bundle / "_internal"
    totals: dict[str, int] = {}
    for entry in internal.iterdir():
        size = entry_size(entry)
        for label, prefixes in CATEGORIES:
            if entry.name.startswith(prefixes):
                totals[label] = totals.get(label, 0) + size
                break
        else:
            if ".so" in entry.name or entry.suffix in (".dll", ".dylib"):
                totals["system libraries (X11/xcb, GLib, fontconfig, zstd, ...)"] = \
                    totals.get("system libraries (X11/xcb, GLib, fontconfig, zstd, ...)", 0) + size
            else:
                totals["other Python packages (openai, httpx2, keyring, yaml, ...)"] = \
                    totals.get("other Python packages (openai, httpx2, keyring, yaml, ...)", 0) + size
    exes = [p for p in bundle.iterdir() if p.is_file() and not p.is_symlink()]
    label = (f"the {len(exes)} executables (each carries its own archive of Python modules)" if len(exes) > 1
             else "the executable (with its archive of Python modules; `fttool` is a link to it)")
    totals[label] = sum(entry_size(p) for p in exes)
    return sorted(totals.items(), key=lambda kv: -kv[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fresh-venv", action="store_true", help="recreate build/package/venv first")
    ap.add_argument("--runs", type=int, default=5, help="startup runs per side (median)")
    ap.add_argument("--no-build", action="store_true", help="measure the bundles already built")
    args = ap.parse_args(argv)

    py = pkg.ensure_venv(fresh=args.fresh_venv)
    if not args.no_build:
        if pkg.BUNDLE.exists():
            shutil.rmtree(pkg.BUNDLE)
        t_app = pkg.run_pyinstaller(py, pkg.PKG / "fttool.spec")
        pkg.finish_bundle(pkg.BUNDLE)  # the same post-processing (pruning, strip) for both bundles
        t_hello = pkg.run_pyinstaller(py, pkg.PKG / "hello.spec", HELLO_DIST, HELLO_WORK)
        pkg.finish_bundle(HELLO_DIST / "hello")
        log(f"\nPyInstaller: fttool {t_app:.0f} s, hello {t_hello:.0f} s")
    hello = HELLO_DIST / "hello"

    app_mb, hello_mb = pkg.dir_size(pkg.BUNDLE) / 1e6, pkg.dir_size(hello) / 1e6
    app_tgz, hello_tgz = tar_size(pkg.BUNDLE, "fttool") / 1e6, tar_size(hello, "hello") / 1e6
    ratio, ratio_tgz = app_mb / hello_mb, app_tgz / hello_tgz
    ok_size = ratio <= GOAL_SIZE_RATIO and app_mb <= GOAL_MAX_MB

    log("\n== Size ==")
    log(f"{'':24}{'unpacked':>12}{'tar.gz':>12}")
    log(f"{'fttool (app + CLI)':24}{app_mb:>9.0f} MB{app_tgz:>9.0f} MB")
    log(f"{'bare PySide6 + QtCharts':24}{hello_mb:>9.0f} MB{hello_tgz:>9.0f} MB")
    log(f"{'ratio fttool / bare':24}{ratio:>11.2f}x{ratio_tgz:>11.2f}x")
    log(f"goal: <= {GOAL_SIZE_RATIO}x and <= {GOAL_MAX_MB} MB unpacked: {'MET' if ok_size else 'MISSED'}")

    log("\n== What takes the space in fttool ==")
    for label, size in space_report(pkg.BUNDLE):
        log(f"{size / 1e6:>8.1f} MB  {label}")
    extra = app_mb - hello_mb
    log(f"fttool over the bare bundle: {extra:.0f} MB")

    # startup: frozen --smoke against the same code started from source with the same dependencies
    home = Path(tempfile.mkdtemp(prefix="fttool-bench-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FTTOOL_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    frozen_cmd = [str(pkg.BUNDLE / "fttool-app"), "--smoke"]
    source_cmd = [str(py), "-m", "ui.app", "--smoke"]
    hello_cmd = [str(hello / "hello"), "--smoke"]
    try:
        for cmd in (frozen_cmd, source_cmd, hello_cmd):  # warm-up: sample project copied, OS caches filled
            smoke_seconds(cmd, env)
        frozen, source, bare = [], [], []
        for _ in range(args.runs):
            frozen.append(smoke_seconds(frozen_cmd, env))
            source.append(smoke_seconds(source_cmd, env))
            bare.append(smoke_seconds(hello_cmd, env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    f_med, s_med, b_med = (statistics.median(x) for x in (frozen, source, bare))
    s_ratio = f_med / s_med
    log(f"\n== Startup to first paint and exit (--smoke, offscreen, median of {args.runs}) ==")
    log(f"frozen fttool-app      {f_med * 1000:>7.0f} ms")
    log(f"from source (same venv) {s_med * 1000:>6.0f} ms")
    log(f"frozen bare hello      {b_med * 1000:>7.0f} ms")
    log(f"ratio frozen / source  {s_ratio:>7.2f}x   goal <= {GOAL_STARTUP_RATIO}: "
        f"{'MET' if s_ratio <= GOAL_STARTUP_RATIO else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
