"""numpy without BLAS/LAPACK for the frozen bundle, built from source once and cached as a wheel.

numpy's PyPI wheel carries OpenBLAS (numpy.libs/libscipy_openblas64_*.so, libgfortran, libquadmath: 28 MB of
the bundle), but the app does no linear algebra: arrays, bincount, unique, searchsorted, cumsum, ufunc.at.
numpy's meson build without BLAS keeps all of that (and numpy.linalg itself, on its bundled lapack_lite).

    python packaging/numpy_noblas.py       # build (or find) the cached wheel for this Python, print its path

The wheel lies in build/wheels/numpy-<version>-noblas-<python>-<key>/ (key: numpy version, Python version and
ABI, platform, build flags); packaging/build.py installs it into its clean venv and builds it when missing
(about 5 minutes on 2 cores). Without a C/C++ compiler it says what to install and the build falls back to the
ordinary numpy wheel. The cache is outside packaging/, so it never changes the bundle's input hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = ROOT / "build" / "wheels"
LOCK = ROOT / "requirements.lock"

# meson options: no BLAS, no LAPACK (named "none" so that a system OpenBLAS/MKL found by pkg-config is not
# picked up), and allow that explicitly (numpy 2.4's default, but a future default must not turn it into an error)
MESON_ARGS = ("-Dblas=none", "-Dlapack=none", "-Dallow-noblas=true")


def log(msg: str) -> None:
    print(f"[package] {msg}", flush=True)


def locked_version(lock: Path = LOCK) -> str | None:
    """numpy's version pinned in requirements.lock (None when not pinned)."""
    for line in lock.read_text(encoding="utf-8").splitlines():
        name, sep, ver = line.split("#", 1)[0].strip().partition("==")
        if sep and name.strip().lower() == "numpy":
            return ver.strip()
    return None


def cache_key(numpy_version: str) -> str:
    facts = {"numpy": numpy_version, "python": platform.python_version(),
             "soabi": sysconfig.get_config_var("SOABI") or "", "platform": sysconfig.get_platform(),
             "meson_args": list(MESON_ARGS)}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def cache_dir(numpy_version: str) -> Path:
    tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
    return WHEELS / f"numpy-{numpy_version}-noblas-{tag}-{cache_key(numpy_version)}"


def cached_wheel(numpy_version: str) -> Path | None:
    folder = cache_dir(numpy_version)
    wheels = sorted(folder.glob(f"numpy-{numpy_version}-*.whl")) if folder.is_dir() else []
    return wheels[0] if wheels else None


def failed_marker(numpy_version: str) -> Path:
    """Left by a build that failed (with pip's output), so that --reuse-venv runs do not retry it each time."""
    return cache_dir(numpy_version).with_name(cache_dir(numpy_version).name + ".failed.log")


def missing_tools() -> list[str]:
    """What the source build needs and this machine lacks (ninja, meson and Cython come from PyPI)."""
    missing = []
    cc = os.environ.get("CC", "").split()
    cxx = os.environ.get("CXX", "").split()
    if not (cc and shutil.which(cc[0])) and not any(shutil.which(c) for c in ("cc", "gcc", "clang")):
        missing.append("a C compiler (cc/gcc/clang; Debian: apt-get install build-essential)")
    if not (cxx and shutil.which(cxx[0])) and not any(shutil.which(c) for c in ("c++", "g++", "clang++")):
        missing.append("a C++ compiler (c++/g++/clang++; Debian: apt-get install g++)")
    if sys.platform.startswith("linux"):
        include = sysconfig.get_path("include")
        if not (Path(include) / "Python.h").exists():
            missing.append(f"Python's headers ({include}/Python.h; Debian: apt-get install python3-dev)")
    return missing


def build_wheel(py: Path, numpy_version: str) -> Path:
    """pip wheel numpy==<version> from its sdist without BLAS/LAPACK into the cache; returns the wheel."""
    dest = cache_dir(numpy_version)
    dest.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=dest.name + ".", dir=dest.parent))
    try:
        cmd = [str(py), "-m", "pip", "wheel", "--no-deps", "--no-binary", "numpy", "--disable-pip-version-check",
               # no pip cache: pip keys its wheel cache by the sdist only, not by -C settings, so it could hand
               # back a numpy built with BLAS (and would give this one to any other source build of numpy)
               "--no-cache-dir", "--wheel-dir", str(tmp), f"numpy=={numpy_version}",
               *(f"-Csetup-args={a}" for a in MESON_ARGS)]
        log(f"building numpy {numpy_version} without BLAS/LAPACK (once; cached in {dest.relative_to(ROOT)}): "
            + " ".join(cmd[2:]))
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            tail = "\n".join(proc.stdout.splitlines()[-40:])
            raise RuntimeError(f"pip wheel numpy=={numpy_version} failed ({proc.returncode}):\n{tail}")
        wheels = list(tmp.glob(f"numpy-{numpy_version}-*.whl"))
        if len(wheels) != 1:
            raise RuntimeError(f"pip wheel left {[w.name for w in tmp.iterdir()]}, not one numpy wheel")
        (tmp / "build.json").write_text(json.dumps({
            "numpy": numpy_version, "python": platform.python_version(), "meson_args": list(MESON_ARGS),
            "seconds": round(time.monotonic() - t0, 1)}, indent=2))
        if dest.exists():
            shutil.rmtree(dest)
        tmp.chmod(0o755)
        os.rename(tmp, dest)  # complete or absent: an interrupted build leaves no half cache
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    wheel = cached_wheel(numpy_version)
    assert wheel is not None
    log(f"numpy without BLAS built in {time.monotonic() - t0:.0f} s: {wheel.name}")
    return wheel


def noblas_wheel(py: Path, numpy_version: str | None = None, retry_failed: bool = True,
                 ) -> tuple[Path | None, str]:
    """The cached no-BLAS wheel (built now when missing), or (None, why not) to fall back to numpy's wheel.
    A build that failed before is tried again only with retry_failed (packaging/build.py: a fresh venv)."""
    numpy_version = numpy_version or locked_version()
    if not numpy_version:
        return None, "numpy is not pinned in requirements.lock"
    if os.environ.get("FTTOOL_NUMPY_NOBLAS", "1") == "0":
        return None, "FTTOOL_NUMPY_NOBLAS=0"
    wheel = cached_wheel(numpy_version)
    if wheel is not None:
        return wheel, f"cached {wheel.relative_to(ROOT)}"
    missing = missing_tools()
    if missing:
        return None, "cannot build numpy without BLAS, missing: " + "; ".join(missing)
    marker = failed_marker(numpy_version)
    if marker.exists() and not retry_failed:
        return None, (f"the build of numpy without BLAS failed before ({marker.relative_to(ROOT)}); "
                      "a build without --reuse-venv tries again")
    try:
        wheel = build_wheel(py, numpy_version)
    except (RuntimeError, OSError) as exc:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(exc), encoding="utf-8")
        return None, f"{exc}\n(kept in {marker.relative_to(ROOT)})"
    marker.unlink(missing_ok=True)
    return wheel, "built"


def planned_variant(numpy_version: str | None = None) -> str:
    """What noblas_wheel would give without building anything: part of the venv's stamp, so that a venv made with
    the fallback wheel is remade once the no-BLAS wheel can be had (and not otherwise)."""
    numpy_version = numpy_version or locked_version()
    if not numpy_version or os.environ.get("FTTOOL_NUMPY_NOBLAS", "1") == "0":
        return "numpy-wheel"
    if cached_wheel(numpy_version) is None and (missing_tools() or failed_marker(numpy_version).exists()):
        return "numpy-wheel"
    return f"numpy-noblas-{numpy_version}-{cache_key(numpy_version)}"


if __name__ == "__main__":
    wheel, why = noblas_wheel(Path(sys.executable))
    print(wheel if wheel else f"no wheel: {why}")
    sys.exit(0 if wheel else 1)
