"""The uv wheel the frozen app ships, so that a machine without Python 3.10-3.12 can still build the training runtime.

The bundle carries the wheel file itself (about 17.6 MB, zip-compressed) under resources as
`runtime/uv/<wheel name>`, not the unpacked 38 MB binary; fttool/runtime/uv.py extracts only the `uv` executable
from it (hash-checked against the wheel's RECORD) the first time it is needed.

    from uv_bundle import fetch_uv_wheel                       # packaging/ is on sys.path in build.py and the spec
    wheel = fetch_uv_wheel(ROOT / "build" / "wheels")          # downloaded once, then taken from that folder
    datas.append((str(wheel), "resources/runtime/uv"))         # PyInstaller: lands in <bundle>/resources/runtime/uv/

The wheel is the one for the platform of the Python that runs this (the build machine's), as PyInstaller builds
for that platform only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

UV_VERSION = "0.13.9"  # `pip download uv` on 2026-12-03
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / "build" / "wheels"


def _compatible(wheel: Path) -> bool:
    """Whether a cached wheel's tags fit this interpreter's platform (any wheel passes without `packaging`)."""
    try:
        from packaging.tags import sys_tags
        from packaging.utils import parse_wheel_filename
    except ImportError:  # pragma: no cover - the build venv has packaging (PyInstaller needs it)
        return True
    try:
        _name, _ver, _build, tags = parse_wheel_filename(wheel.name)
    except ValueError:
        return False
    return bool(set(tags) & set(sys_tags()))


def _intact(wheel: Path) -> bool:
    try:
        with zipfile.ZipFile(wheel) as z:
            return z.testzip() is None and any(n.endswith(("/scripts/uv", "/scripts/uv.exe")) for n in z.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def cached_uv_wheel(cache_dir: Path = DEFAULT_CACHE, version: str = UV_VERSION) -> Path | None:
    for wheel in sorted(cache_dir.glob(f"uv-{version}-*.whl")):
        if _compatible(wheel) and _intact(wheel):
            return wheel
    return None


def fetch_uv_wheel(dest_dir: Path, *, cache_dir: Path = DEFAULT_CACHE, version: str = UV_VERSION,
                   python: str = sys.executable) -> Path:
    """The uv wheel (pinned version, this platform) in `dest_dir`; returns its path.

    It is downloaded with `python -m pip download --no-deps --only-binary :all: uv==<version>` into `cache_dir`
    (build/wheels/) unless a compatible, intact copy is already there; it is then copied to `dest_dir` when that
    is another folder. pip reads its own configuration (index, find-links mirror). Raises RuntimeError with pip's
    output when the download fails."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    wheel = cached_uv_wheel(cache_dir, version)
    if wheel is None:
        argv = [python, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps", "--only-binary",
                ":all:", f"uv=={version}", "-d", str(cache_dir)]
        out = subprocess.run(argv, capture_output=True, text=True, timeout=900)
        wheel = cached_uv_wheel(cache_dir, version)
        if out.returncode != 0 or wheel is None:
            raise RuntimeError(f"pip download uv=={version} failed (exit {out.returncode}):\n"
                               f"{(out.stdout + out.stderr)[-3000:]}")
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / wheel.name
    if target.resolve() != wheel.resolve():
        if not (target.exists() and target.stat().st_size == wheel.stat().st_size):
            shutil.copy2(wheel, target)
        for stale in dest_dir.glob("uv-*.whl"):  # exactly one uv wheel in the bundle's folder
            if stale.name != target.name:
                stale.unlink()
    return target


if __name__ == "__main__":  # python packaging/uv_bundle.py [DEST]: fetch it by hand
    print(fetch_uv_wheel(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CACHE))


PACKED_SUFFIX = ".uv.xz"  # fttool/runtime/uv.py knows this form too


def pack_uv(wheel: Path, cache_dir: Path = DEFAULT_CACHE) -> tuple[Path, Path]:
    """uv's executable out of `wheel`, xz-compressed (38 MB -> about 12 MB, where the wheel's zip has 17.6 MB),
    beside a `.sha256` file holding the wheel's RECORD digest of it, which fttool/runtime/uv.py checks after
    unpacking. Cached in cache_dir under the wheel's name; returns (packed file, digest file)."""
    import base64
    import csv
    import hashlib
    import io
    import lzma

    packed = cache_dir / (wheel.name[: -len(".whl")] + PACKED_SUFFIX)
    digest_file = packed.with_name(packed.name + ".sha256")
    if packed.is_file() and digest_file.is_file():
        return packed, digest_file
    version = wheel.name.split("-")[1]
    with zipfile.ZipFile(wheel) as z:
        members = [n for n in z.namelist() if n in (f"uv-{version}.data/scripts/uv", f"uv-{version}.data/scripts/uv.exe")]
        if len(members) != 1:
            raise RuntimeError(f"{wheel.name}: no single uv executable among its members")
        record = z.read(f"uv-{version}.dist-info/RECORD").decode("utf-8")
        expected = next(row[1].partition("=")[2] for row in csv.reader(io.StringIO(record))
                        if len(row) >= 2 and row[0] == members[0] and row[1].startswith("sha256="))
        data = z.read(members[0])
    got = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    if got != expected:
        raise RuntimeError(f"{wheel.name}: {members[0]} does not match the wheel's RECORD")
    tmp = packed.with_name(packed.name + ".part")
    tmp.write_bytes(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))
    tmp.replace(packed)
    digest_file.write_text(f"sha256={expected}\n", encoding="ascii")
    return packed, digest_file
