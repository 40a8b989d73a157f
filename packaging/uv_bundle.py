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
# the sha256 of every wheel of that release, read from PyPI's JSON simple API (PEP 691) on 2026-12-05: a downloaded
# or cached wheel whose digest differs is refused, whatever served it
UV_SHA256 = {
    'uv-0.13.9-py3-none-linux_armv6l.whl': '56ec37616c00220032fc7b8c9d0ef51367fd0d70d9cd6ddd841660f949f84fed',
    'uv-0.13.9-py3-none-macosx_10_12_x86_64.whl': 'c16ed11e013557536b3e60065f1b912f6407bd6518e041b961e23ef9e6b4fbf5',
    'uv-0.13.9-py3-none-macosx_11_0_arm64.whl': '66c512266d633bef48384a1f53003f41f2a8e7b36fe6e7fbfd3e0fd52d96fa63',
    'uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64.whl': '5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe',
    'uv-0.13.9-py3-none-manylinux_2_17_armv7l.manylinux2014_armv7l.musllinux_1_1_armv7l.whl': '7ec1e1dd9b6cb335c301afdf877989df384227313981850755a59561f75e4ab8',
    'uv-0.13.9-py3-none-manylinux_2_17_armv7l.manylinux2014_armv7l.whl': '16963d19594e18d746a70c7fce82237bde4f2cac4cfcf0ca2b84796fe9d0c6e9',
    'uv-0.13.9-py3-none-manylinux_2_17_i686.manylinux2014_i686.whl': 'db5c8df7145c21ffea9c0f74e38823bac3af60cbadf0e26b8633f08627b17bab',
    'uv-0.13.9-py3-none-manylinux_2_17_ppc64le.manylinux2014_ppc64le.whl': 'c5dbdb7c8737cd183a9dce95b39cfd1f3d54ec2a27a1bb58f160293f9ba2c805',
    'uv-0.13.9-py3-none-manylinux_2_17_s390x.manylinux2014_s390x.whl': 'a6e845f387e4ed55bb59342957a9179e24a631fcc7668bda3426ae1cef8ed4b9',
    'uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl': 'd7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19',
    'uv-0.13.9-py3-none-manylinux_2_28_aarch64.whl': 'ecb6028d79dc96fbeafffe5c8af62a7099487ebc05a701e76714eebcffd06375',
    'uv-0.13.9-py3-none-manylinux_2_31_riscv64.musllinux_1_1_riscv64.whl': '6d5114bba238adddacb32fb11904f2b3ff4e988f8e9ff0d8d3b5e9822cf836b8',
    'uv-0.13.9-py3-none-manylinux_2_31_riscv64.whl': '6b0c7b9f47a5d011939d61e324d3fe18a8bc155d8dd53add738709a92f290a7c',
    'uv-0.13.9-py3-none-musllinux_1_1_i686.whl': 'a2ee66fe8b6608e1482ab1bde5799da04705c1cb40324c7f66054ecf46ae6e40',
    'uv-0.13.9-py3-none-musllinux_1_1_x86_64.whl': '2c45530751517d6c3bbc69a19473f6effe47cce047bede01ffd8af7ea7b36b25',
    'uv-0.13.9-py3-none-win32.whl': '3eeeb51a267a2144640fcd8f38d4a2f63439b39bc47445fd84727c3fc462c843',
    'uv-0.13.9-py3-none-win_amd64.whl': '6a44b2ed8111d2f60d2b92627c5dccda3f7ed7570b18ce115e569cd68c28246b',
    'uv-0.13.9-py3-none-win_arm64.whl': 'eeb92051c2123b9730c46b04cc843cfa4bc7d7b0aec56df431a2215ef4cb0273',
}
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


def pinned_digest(wheel: Path) -> bool:
    """Whether the wheel's sha256 is the one pinned for its file name."""
    import hashlib

    want = UV_SHA256.get(wheel.name)
    if want is None:
        return False
    h = hashlib.sha256()
    with open(wheel, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest() == want


def _intact(wheel: Path) -> bool:
    if not pinned_digest(wheel):
        return False
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
        if out.returncode == 0 and wheel is None:
            for bad in cache_dir.glob(f"uv-{version}-*.whl"):
                if _compatible(bad) and not pinned_digest(bad):
                    bad.unlink()  # not the pinned file: never bundled
                    raise RuntimeError(f"{bad.name}: its sha256 is not the pinned one (UV_SHA256); removed")
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
