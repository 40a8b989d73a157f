"""Build the frozen app and its Linux installers from a clean virtual environment under build/package/.

    python packaging/build.py            # venv (fresh) -> PyInstaller one-folder bundle -> tar.gz and .deb
    python packaging/build.py --reuse-venv --no-installers   # what the frozen tests use (cached by input hash)

Outputs (build/package/):
    dist/fttool/                          the one-folder bundle: fttool-app (window), fttool (CLI), _internal/
    fttool-<version>-linux-<arch>.tar.gz  the bundle + fttool.desktop + icon + install-desktop-entry.sh
    fttool_<version>_<debarch>.deb        installs under /opt/fttool, /usr/bin links, menu entry and icons
    manifest.json                         version, input hash, sizes, build seconds
The venv holds only the app's runtime dependencies (pyproject, constrained by requirements.lock) and the
pinned freezer (packaging/requirements-package.txt): nothing from the developer's .venv gets in, and the
app's own code is taken from this source tree (pathex), never from an installed copy.
numpy is numpy's released wheel: its OpenBLAS (about 28 MB) is never called, but building numpy without it from
source took about 4 minutes of every fresh build and risked the Windows and macOS runners, while the bundle stays
well under its 350 MB cap (manifest.json's "numpy" records the version).
Windows and macOS builds run the same spec in CI (.github/workflows/package-*.yml).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import types
from collections.abc import Iterator
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging"
OUT = ROOT / "build" / "package"
VENV = OUT / "venv"
DIST = OUT / "dist"
WORK = OUT / "work"
BUNDLE = DIST / "fttool"
MANIFEST = OUT / "manifest.json"


def _load_sibling(name: str) -> types.ModuleType:
    """packaging/<name>.py by its path (packaging/ is no package, and `packaging` is a PyPI package's name)."""
    spec = importlib.util.spec_from_file_location(f"fttool_packaging_{name}", PKG / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module



# what decides the bundle's content: a change here means a rebuild
INPUT_GLOBS = ("fttool/**/*.py", "ui/**/*.py", "ui/translations/*.ts", "resources/**/*", "packaging/**/*",
               "pyproject.toml", "requirements.lock")


def log(msg: str) -> None:
    print(f"[package] {msg}", flush=True)


def project_meta() -> dict:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]


def version() -> str:
    return str(project_meta()["version"])


def venv_python(venv: Path = VENV) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _hash_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def venv_inputs_hash() -> str:
    files = [ROOT / "pyproject.toml", ROOT / "requirements.lock", PKG / "requirements-package.txt"]
    return _hash_files([f for f in files if f.exists()])


def inputs_hash() -> str:
    files: set[Path] = set()
    for pattern in INPUT_GLOBS:
        for p in ROOT.glob(pattern):
            if p.is_file() and "__pycache__" not in p.parts:
                files.add(p)
    return _hash_files(list(files))


NUMPY_INFO = VENV / ".fttool-numpy.json"  # which numpy the venv got (copied into manifest.json)


def ensure_venv(fresh: bool) -> Path:
    """A venv with only the runtime dependencies and the freezer; rebuilt when asked or when its inputs moved."""
    stamp = VENV / ".fttool-package-stamp"
    want = venv_inputs_hash()
    if not fresh and stamp.exists() and stamp.read_text() == want and venv_python().exists():
        log(f"reusing {VENV.relative_to(ROOT)} (dependencies unchanged)")
        return venv_python()
    t0 = time.monotonic()
    if VENV.exists():
        shutil.rmtree(VENV)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    log(f"creating a clean virtual environment in {VENV.relative_to(ROOT)} with {sys.executable}")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    numpy_info: dict = {"blas": "openblas (PyPI wheel)"}
    deps = list(project_meta()["dependencies"])
    cmd = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "-c", str(ROOT / "requirements.lock"), *deps,
           "-r", str(PKG / "requirements-package.txt")]
    proc = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr.splitlines():  # this machine's pip config names a mirror folder pip warns about
        if "is ignored: it is neither a file nor a directory" not in line:
            print(line, file=sys.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"pip install into {VENV} failed ({proc.returncode})")
    numpy_info["version"] = subprocess.run(
        [str(venv_python()), "-c", "import numpy; print(numpy.__version__)"],
        check=True, capture_output=True, text=True).stdout.strip()
    NUMPY_INFO.write_text(json.dumps(numpy_info, indent=2))
    stamp.write_text(want)
    log(f"venv ready in {time.monotonic() - t0:.0f} s")
    return venv_python()


def venv_numpy() -> dict:
    try:
        return json.loads(NUMPY_INFO.read_text())
    except (OSError, ValueError):
        return {"blas": "unknown (venv made before the manifest recorded numpy)"}


def run_pyinstaller(py: Path, spec: Path, distpath: Path = DIST, workpath: Path = WORK,
                    env: dict[str, str] | None = None) -> float:
    t0 = time.monotonic()
    cmd = [str(py), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(distpath), "--workpath", str(workpath), str(spec)]
    log(" ".join(cmd[2:]))
    subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, **(env or {})})
    return time.monotonic() - t0


def finish_bundle(bundle: Path) -> None:
    """What runs after PyInstaller on every bundle (the app's and bench/package.py's bare one)."""
    removed = prune_orphan_libraries(bundle)
    if removed:
        log(f"removed {len(removed)} libraries nothing links to: {', '.join(removed)}")
    saved = strip_bundle(bundle)
    log(f"stripped symbols: {saved / 1e6:.0f} MB saved")


def strip_bundle(bundle: Path) -> int:
    """Strip symbols not needed for linking from the bundle's ELF libraries (libpython, Arrow and Qt ship with them: about
    80 MB), except auditwheel's vendored copies in `<package>.libs/`, which `strip` corrupts, and except the
    executables, whose appended archive `strip` would cut off. Returns the bytes saved (0 off Linux)."""
    if not sys.platform.startswith("linux") or not shutil.which("strip"):
        return 0
    before = dir_size(bundle)
    files = []
    for p in (bundle / "_internal").rglob("*"):
        if p.is_symlink() or not p.is_file() or any(part.endswith(".libs") for part in p.parts):
            continue
        with p.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
        files.append(str(p))
    for i in range(0, len(files), 200):
        subprocess.run(["strip", "--strip-unneeded", *files[i:i + 200]], check=True)
    return before - dir_size(bundle)


def _elf_files(folder: Path) -> list[Path]:
    out = []
    for p in folder.rglob("*"):
        if p.is_symlink() or not p.is_file():
            continue
        with p.open("rb") as fh:
            if fh.read(4) == b"\x7fELF":
                out.append(p)
    return out


def _needed(files: list[Path]) -> dict[Path, list[str]]:
    """DT_NEEDED sonames of each ELF file (readelf -d, in batches)."""
    result: dict[Path, list[str]] = {}
    for i in range(0, len(files), 200):
        batch = files[i:i + 200]
        out = subprocess.run(["readelf", "-d", *map(str, batch)], capture_output=True, text=True).stdout
        current: Path | None = batch[0] if len(batch) == 1 else None
        for line in out.splitlines():
            if line.startswith("File: "):
                current = Path(line[6:].strip())
                result.setdefault(current, [])
            elif "(NEEDED)" in line and current is not None and "[" in line:
                result.setdefault(current, []).append(line.rsplit("[", 1)[1].rstrip("]"))
    return result


def prune_orphan_libraries(bundle: Path, keep: tuple[str, ...] = ("libpython",)) -> list[str]:
    """Remove the system libraries at the top of _internal/ that nothing left in the bundle links to: they
    came in only for a plugin that packaging/pyi_common.py drops (the GTK3 theme: GTK, cairo, pango, ...).
    Libraries that Python code opens by name with ctypes are listed in PYI_CTYPES_KEEP."""
    if not sys.platform.startswith("linux") or not shutil.which("readelf"):
        return []
    internal = bundle / "_internal"
    elf = _elf_files(internal)
    top = {p.name: p for p in elf if p.parent == internal and p.name.startswith("lib") and ".so" in p.name}
    needs = _needed(elf)
    roots = [p for p in elf if p.name not in top or p.name.startswith(keep + PYI_CTYPES_KEEP)]
    reached: set[str] = set()
    todo = list(roots)
    while todo:
        for soname in needs.get(todo.pop(), []):
            if soname in top and soname not in reached:
                reached.add(soname)
                todo.append(top[soname])
    removed = []
    for name, path in sorted(top.items()):
        if name not in reached and not name.startswith(keep + PYI_CTYPES_KEEP):
            path.unlink()
            removed.append(name)
    for link in internal.iterdir():  # links to what was removed
        if link.is_symlink() and not link.exists():
            link.unlink()
    return removed


# system libraries opened by name at run time rather than linked (the pruning must not remove them):
# Qt's TLS plugin dlopens OpenSSL
PYI_CTYPES_KEEP: tuple[str, ...] = ("libssl", "libcrypto")


def dir_size(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def arch() -> tuple[str, str]:
    machine = platform.machine().lower()
    deb = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return machine, deb


# -- Linux installers ------------------------------------------------------------------------------------
def make_tarball(bundle: Path, dest: Path, top: str, extra: dict[str, Path] | None = None,
                 level: int = 6) -> Path:
    """A tar.gz whose single top folder holds the bundle (and any extra files)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    with tarfile.open(tmp, "w:gz", compresslevel=level) as tar:
        tar.add(bundle, arcname=top)
        for name, src in (extra or {}).items():
            tar.add(src, arcname=f"{top}/{name}")
    os.replace(tmp, dest)
    return dest


def make_linux_tarball(bundle: Path = BUNDLE, level: int = 6) -> Path:
    machine, _ = arch()
    ver = version()
    return make_tarball(bundle, OUT / f"fttool-{ver}-linux-{machine}.tar.gz", f"fttool-{ver}", {
        "fttool.desktop": PKG / "linux" / "fttool.desktop",
        "fttool.png": ROOT / "resources" / "icons" / "fttool.png",
        "install-desktop-entry.sh": PKG / "linux" / "install-desktop-entry.sh",
    }, level=level)


DEB_DEPENDS = ("libc6, libegl1, libgl1, libfontconfig1, libfreetype6, libglib2.0-0, libxkbcommon0, "
               "libxkbcommon-x11-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, "
               "libxcb-shape0, libxcb-xkb1, libxcb-randr0, libxcb-render-util0, libxcb-image0")


def make_deb(bundle: Path = BUNDLE, level: int = 6) -> Path:
    """fttool_<version>_<arch>.deb: /opt/fttool (the bundle), /usr/bin/fttool and fttool-app (relative
    links), /usr/share/applications/fttool.desktop and the icon in hicolor."""
    _, debarch = arch()
    ver = version()
    stage = OUT / "deb" / f"fttool_{ver}_{debarch}"
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / "opt" / "fttool"
    opt.parent.mkdir(parents=True)
    shutil.copytree(bundle, opt, symlinks=True, copy_function=_link_or_copy)
    usr_bin = stage / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    for exe in ("fttool", "fttool-app"):
        (usr_bin / exe).symlink_to(f"../../opt/fttool/{exe}")
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(PKG / "linux" / "fttool.desktop", apps / "fttool.desktop")
    icons = stage / "usr" / "share" / "icons" / "hicolor"
    (icons / "256x256" / "apps").mkdir(parents=True)
    (icons / "48x48" / "apps").mkdir(parents=True)
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(ROOT / "resources/icons/fttool.png", icons / "256x256/apps/fttool.png")
    shutil.copy2(ROOT / "resources/icons/fttool-48.png", icons / "48x48/apps/fttool.png")
    shutil.copy2(ROOT / "resources/icons/fttool.svg", icons / "scalable/apps/fttool.svg")
    control = stage / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: fttool\nVersion: {ver}\nArchitecture: {debarch}\nSection: devel\nPriority: optional\n"
        f"Maintainer: fttool developers <fttool@users.noreply.github.com>\n"
        f"Installed-Size: {dir_size(stage) // 1024}\nDepends: {DEB_DEPENDS}\n"
        "Description: no-code desktop app for fine-tuning language models\n"
        " fttool takes you from 'should I fine-tune at all?' to a fine-tuned model you can chat with:\n"
        " decide, prepare the data, train (OpenAI, Azure OpenAI, Hugging Face or on this computer)\n"
        " and compare the tuned model with the base one. Includes the `fttool` command-line tool.\n",
        encoding="utf-8")
    postinst = stage / "DEBIAN" / "postinst"
    postinst.write_text("#!/bin/sh\nset -e\n"
                        "command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q || true\n"
                        "command -v gtk-update-icon-cache >/dev/null 2>&1 && "
                        "gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true\n")
    postinst.chmod(0o755)
    (stage / "DEBIAN" / "postrm").write_text(postinst.read_text())
    (stage / "DEBIAN" / "postrm").chmod(0o755)
    deb = OUT / f"fttool_{ver}_{debarch}.deb"
    tmp = deb.with_suffix(".deb.tmp")  # replaced in one step: a test's hard-linked snapshot keeps the old one
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", f"-z{level}", "--build", str(stage), str(tmp)],
                   check=True, stdout=subprocess.DEVNULL)
    os.replace(tmp, deb)
    shutil.rmtree(stage)
    return deb


def _link_or_copy(src: str, dst: str) -> str:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return dst


# -- the whole build ---------------------------------------------------------------------------------------
def build(fresh_venv: bool = True, installers: bool = True, level: int = 6) -> dict:
    t0 = time.monotonic()
    py = ensure_venv(fresh=fresh_venv)
    digest = inputs_hash()
    if BUNDLE.exists():
        shutil.rmtree(BUNDLE)
    # the translations (.qm) are built, not kept in git: build them into resources/ before bundling
    subprocess.run([str(py), "-m", "ui.i18n", "build"], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = run_pyinstaller(py, PKG / "fttool.spec")
    finish_bundle(BUNDLE)
    manifest: dict = {"version": version(), "inputs_sha256": digest, "bundle": str(BUNDLE),
                      "pyinstaller_seconds": round(seconds, 1), "bundle_bytes": dir_size(BUNDLE),
                      "platform": sys.platform, "python": platform.python_version(), "numpy": venv_numpy()}
    if installers and sys.platform.startswith("linux"):
        # the .deb (dpkg-deb's own gzip) and the tar.gz (zlib, which releases the GIL) side by side
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            deb_future = pool.submit(make_deb, level=level) if shutil.which("dpkg-deb") else None
            tgz = make_linux_tarball(level=level)
            manifest["tar_gz"] = str(tgz)
            manifest["tar_gz_bytes"] = tgz.stat().st_size
            if deb_future is not None:
                deb = deb_future.result()
                manifest["deb"] = str(deb)
                manifest["deb_bytes"] = deb.stat().st_size
            else:
                log("dpkg-deb not found: no .deb (apt-get install dpkg)")
    manifest["total_seconds"] = round(time.monotonic() - t0, 1)
    MANIFEST.write_text(json.dumps(manifest, indent=2))
    mb = manifest["bundle_bytes"] / 1e6
    log(f"bundle {BUNDLE.relative_to(ROOT)}: {mb:.0f} MB unpacked, PyInstaller {seconds:.0f} s, "
        f"total {manifest['total_seconds']:.0f} s")
    for key in ("tar_gz", "deb"):
        if key in manifest:
            log(f"{key}: {Path(manifest[key]).relative_to(ROOT)} ({manifest[key + '_bytes'] / 1e6:.0f} MB)")
    return manifest


def current_build(installers: bool = False) -> dict | None:
    """The manifest of the last build when it still matches the source tree (else None)."""
    try:
        manifest = json.loads(MANIFEST.read_text())
    except (OSError, ValueError):
        return None
    if manifest.get("inputs_sha256") != inputs_hash() or not BUNDLE.is_dir():
        return None
    if installers and not (Path(manifest.get("deb", "/nonexistent")).exists()
                           and Path(manifest.get("tar_gz", "/nonexistent")).exists()):
        return None
    return manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reuse-venv", action="store_true",
                   help="keep build/package/venv when pyproject/lock/freezer pins are unchanged")
    p.add_argument("--no-installers", action="store_true", help="only the bundle (no tar.gz/.deb)")
    p.add_argument("--if-changed", action="store_true",
                   help="do nothing when the last build matches the source tree")
    p.add_argument("--fast", action="store_true", help="gzip level 1 for the tar.gz and .deb (tests)")
    p.add_argument("--snapshot", type=Path, metavar="DIR",
                   help="then hard-link the bundle and installers into DIR (with DIR/manifest.json), so a test "
                        "run keeps its build while another run rebuilds")
    args = p.parse_args(argv)
    with build_lock():  # two test runs on one machine must not build into the same folder at once
        if args.if_changed and current_build(installers=not args.no_installers):
            log("the last build matches the source tree: nothing to do")
        else:
            build(fresh_venv=not args.reuse_venv, installers=not args.no_installers, level=1 if args.fast else 6)
        if args.snapshot:
            snapshot(args.snapshot)
    return 0


def snapshot(dest: Path) -> dict:
    """Hard-link copies of the current build in `dest` (a rebuild replaces files, never rewrites them)."""
    manifest = json.loads(MANIFEST.read_text())
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / BUNDLE.name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(BUNDLE, target, symlinks=True, copy_function=_link_or_copy)
    manifest["bundle"] = str(target)
    for key in ("deb", "tar_gz"):
        if key in manifest:
            src = Path(manifest[key])
            _link_or_copy(str(src), str(dest / src.name))
            manifest[key] = str(dest / src.name)
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / ".lock", "w") as fh:
        if os.name == "posix":
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


if __name__ == "__main__":
    sys.exit(main())
