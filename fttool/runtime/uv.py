"""The Python a runtime is built with (`find_python`, `python_plan`): the computer's own (found by env.py), else one
the bundled uv downloaded before, else one it downloads now (python-build-standalone).

The frozen app ships uv's wheel under resources/runtime/uv/ (packaging/uv_bundle.py). When no Python 3.11-3.12
is found (fttool/runtime/env.py), only the `uv` executable is taken out of that wheel, into
<runtimes>/uv/<version>/, after checking its sha256 against the wheel's RECORD, and it runs
`uv python install 3.11 --install-dir <runtimes>/python` (about 30 MB from the internet). uv's cache, its Python
and the log all stay in the runtimes folder: no shim in ~/.local/bin (--no-bin), nothing in the Windows registry
(--no-registry). A source checkout has no wheel, so there the "no usable Python" message stays.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from fttool.clock import iso_now
from fttool.errors import Cancelled, FtError
from fttool.messages import register, render
from fttool.resources import resources_root
from fttool.runtime import env
from fttool.runtime.process import end_process_group, popen_new_session

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]

PYTHON_REQUEST = "3.11"
PYTHON_DOWNLOAD_MB = 30  # python-build-standalone's install_only_stripped archive of CPython 3.11
PYTHON_SOURCE = "python-build-standalone"
INSTALL_TIMEOUT_S = 30 * 60
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_]*$")

register({
    "runtime_python_download": (
        "No Python 3.11 or 3.12 was found on this computer, so fttool will download a Python {version} "
        "build of about {download_mb} MB from the internet ({source}, with the uv {uv_version} that comes with "
        "fttool) into {path}. Nothing is installed outside that folder."
    ),
    "runtime_python_downloading": "Downloading Python {version} (about {download_mb} MB from {source})",
    "runtime_uv_bad_wheel": (
        "The uv that comes with fttool ({wheel}) is damaged or unsafe, so it was not used: {detail}. "
        "Reinstall fttool, or install Python 3.11 yourself."
    ),
    "runtime_uv_failed": (
        "Downloading Python {version} with uv failed (exit {exit}). Check the internet connection and try again, "
        "or install Python 3.11 yourself. The log is kept in {log}. Last lines:\n{tail}"
    ),
})


# -- the bundled wheel ----------------------------------------------------------------------------------
# The frozen app ships uv's executable out of its wheel, xz-compressed (about 12 MB against the wheel's 17.6 MB),
# named like the wheel with this suffix, beside `<name>.sha256` holding the wheel's RECORD digest of it
# (packaging/uv_bundle.py pack_uv). A plain wheel is taken too.
PACKED_SUFFIX = ".uv.xz"


def bundled_wheel() -> Path | None:
    """resources/runtime/uv/uv-*.whl or uv-*.uv.xz (the frozen app has one; a source checkout usually none)."""
    try:
        folder = resources_root() / "runtime" / "uv"
    except FileNotFoundError:
        return None
    wheels = sorted([*folder.glob("uv-*.whl"), *folder.glob("uv-*" + PACKED_SUFFIX)]) if folder.is_dir() else []
    return wheels[-1] if wheels else None


def wheel_version(wheel: Path) -> str:
    parts = wheel.name.split("-")
    if len(parts) < 5 or parts[0] != "uv" or not _VERSION.match(parts[1]):
        raise FtError("runtime_uv_bad_wheel", wheel=wheel.name, detail="not a uv wheel name")
    return parts[1]


def exe_name(os_name: str | None = None) -> str:
    return "uv.exe" if (os_name or os.name) == "nt" else "uv"


def _unsafe(name: str) -> bool:
    """A member name that could land outside the folder it is extracted to."""
    p = PurePosixPath(name)
    return ("\\" in name or name.startswith("/") or ":" in (p.parts[0] if p.parts else "")
            or any(part == ".." for part in p.parts))


def _record_hash(z: zipfile.ZipFile, version: str, member: str) -> str:
    record = f"uv-{version}.dist-info/RECORD"
    try:
        text = z.read(record).decode("utf-8")
    except KeyError:
        raise FtError("runtime_uv_bad_wheel", wheel=str(z.filename), detail=f"{record} is missing") from None
    for row in csv.reader(io.StringIO(text)):
        if len(row) >= 2 and row[0] == member:
            algo, _, digest = row[1].partition("=")
            if algo != "sha256" or not digest:
                break
            return digest
    raise FtError("runtime_uv_bad_wheel", wheel=str(z.filename), detail=f"RECORD has no sha256 for {member}")


def _b64(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return _b64(h.digest())


def extract_uv(wheel: Path, dest_root: Path, os_name: str | None = None) -> Path:
    """Take only `uv-<version>.data/scripts/uv` (uv.exe on Windows) out of the wheel into dest_root/<version>/,
    refusing a wheel with a member path that escapes its folder or a binary whose sha256 is not RECORD's."""
    version = wheel_version(wheel)
    name = exe_name(os_name)
    member = f"uv-{version}.data/scripts/{name}"
    target_dir = (dest_root / version).absolute()
    target = target_dir / name
    if wheel.name.endswith(PACKED_SUFFIX):
        return _extract_packed(wheel, target_dir, target)
    try:
        z = zipfile.ZipFile(wheel)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FtError("runtime_uv_bad_wheel", wheel=wheel.name, detail=str(exc)) from None
    with z:
        names = z.namelist()
        bad = [n for n in names if _unsafe(n)]
        if bad:
            raise FtError("runtime_uv_bad_wheel", wheel=wheel.name, detail=f"member path outside the wheel: {bad[0]}")
        if member not in names:
            raise FtError("runtime_uv_bad_wheel", wheel=wheel.name, detail=f"{member} is missing")
        expected = _record_hash(z, version, member)
        if target.is_file() and _file_hash(target) == expected:
            return target  # extracted before and unchanged
        target_dir.mkdir(parents=True, exist_ok=True)
        if not target.resolve().is_relative_to(target_dir.resolve()):  # e.g. a symlink planted at the target
            raise FtError("runtime_uv_bad_wheel", wheel=wheel.name, detail=f"{target} points outside {target_dir}")
        tmp = target_dir / f".{name}.{os.getpid()}.part"
        h = hashlib.sha256()
        try:
            with z.open(member) as src, open(tmp, "wb") as out:
                for block in iter(lambda: src.read(1 << 20), b""):
                    h.update(block)
                    out.write(block)
            if _b64(h.digest()) != expected:
                raise FtError("runtime_uv_bad_wheel", wheel=wheel.name,
                              detail=f"the sha256 of {member} does not match the wheel's RECORD")
            tmp.chmod(0o755)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()
    return target


def _extract_packed(packed: Path, target_dir: Path, target: Path) -> Path:
    """The xz-compressed executable (see PACKED_SUFFIX) unpacked to target, checked against its .sha256 file."""
    import lzma

    try:
        line = packed.with_name(packed.name + ".sha256").read_text(encoding="ascii").strip()
    except OSError as exc:
        raise FtError("runtime_uv_bad_wheel", wheel=packed.name, detail=f"its .sha256 file: {exc}") from None
    algo, _, expected = line.partition("=")
    if algo != "sha256" or not expected:
        raise FtError("runtime_uv_bad_wheel", wheel=packed.name, detail="its .sha256 file holds no sha256")
    if target.is_file() and _file_hash(target) == expected:
        return target  # unpacked before and unchanged
    target_dir.mkdir(parents=True, exist_ok=True)
    if not target.resolve().is_relative_to(target_dir.resolve()):  # e.g. a symlink planted at the target
        raise FtError("runtime_uv_bad_wheel", wheel=packed.name, detail=f"{target} points outside {target_dir}")
    tmp = target_dir / f".{target.name}.{os.getpid()}.part"
    h = hashlib.sha256()
    try:
        try:
            with lzma.open(packed) as src, open(tmp, "wb") as out:
                for block in iter(lambda: src.read(1 << 20), b""):
                    h.update(block)
                    out.write(block)
        except (OSError, lzma.LZMAError, EOFError) as exc:
            raise FtError("runtime_uv_bad_wheel", wheel=packed.name, detail=str(exc)) from None
        if _b64(h.digest()) != expected:
            raise FtError("runtime_uv_bad_wheel", wheel=packed.name,
                          detail="the sha256 of the unpacked uv does not match the one it shipped with")
        tmp.chmod(0o755)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


# -- the Python it installs -----------------------------------------------------------------------------
def python_install_dir() -> Path:
    return env.runtimes_root() / "python"


def uv_root() -> Path:
    return env.runtimes_root() / "uv"


def log_path() -> Path:
    p = env.runtimes_root() / "logs"
    p.mkdir(parents=True, exist_ok=True)
    return p / "python-download.log"


def installed_pythons(install_dir: Path | None = None, os_name: str | None = None) -> list[Path]:
    """The interpreters uv installed in install_dir: cpython-3.1x.*/bin/python3.1x (python.exe on Windows),
    newest folder first."""
    install_dir = install_dir or python_install_dir()
    os_name = os_name or os.name
    found: list[Path] = []
    if not install_dir.is_dir():
        return found
    for folder in sorted(install_dir.glob("cpython-3.1*"), reverse=True):
        m = re.match(r"cpython-3\.(\d+)", folder.name)
        if not m or not env.PYTHON_MIN[1] <= int(m.group(1)) <= env.PYTHON_MAX[1]:
            continue
        exe = folder / "python.exe" if os_name == "nt" else folder / "bin" / f"python3.{m.group(1)}"
        if exe.exists():
            found.append(exe)
    return found


def uv_env(install_dir: Path) -> dict[str, str]:
    """uv's environment (allow-listed like pip's: no API key or token): its Python, cache and shims in the runtimes
    folder; PyInstaller's library path undone."""
    child = env.install_env()
    for var in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG", "DYLD_LIBRARY_PATH_ORIG"):
        if var in os.environ:
            child[var] = os.environ[var]
    for var in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "UV_PYTHON", "UV_MANAGED_PYTHON", "UV_NO_MANAGED_PYTHON",
                "UV_SYSTEM_PYTHON"):
        child.pop(var, None)
    if getattr(sys, "frozen", False):
        for var in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
            orig = child.pop(var + "_ORIG", None)
            if orig is not None:
                child[var] = orig
            else:
                child.pop(var, None)
    child["UV_PYTHON_INSTALL_DIR"] = str(install_dir)
    child["UV_PYTHON_BIN_DIR"] = str(install_dir / "bin")
    child["UV_CACHE_DIR"] = str(uv_root() / "cache")
    child["UV_PYTHON_DOWNLOADS"] = "manual"
    child["NO_COLOR"] = "1"
    return child


def install_argv(uv: Path, install_dir: Path) -> list[str]:
    return [str(uv), "python", "install", PYTHON_REQUEST, "--install-dir", str(install_dir), "--no-bin",
            "--no-registry", "--color", "never"]


def find_argv(uv: Path) -> list[str]:
    return [str(uv), "python", "find", PYTHON_REQUEST, "--managed-python", "--no-project", "--no-python-downloads",
            "--color", "never"]


def _tail(path: Path, n: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def _run(argv: list[str], child_env: dict[str, str], log: Path, on_line: Callable[[str], None],
         cancel: CancelCheck | None, cwd: Path | None = None) -> int:
    """Run argv (no shell) in a session of its own, its output appended to `log` and fed line by line to
    on_line; cancel() ends its whole process group and raises Cancelled."""
    with open(log, "ab") as f:
        f.write(f"\n== {iso_now()} {' '.join(argv)}\n".encode())
        f.flush()
        offset = f.tell()
        proc = popen_new_session(argv, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=child_env,
                                 cwd=cwd)
    buf = b""
    t0 = time.monotonic()
    try:
        while True:
            finished = proc.poll() is not None
            with open(log, "rb") as f:
                f.seek(offset)
                chunk = f.read()
            offset += len(chunk)
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                on_line(raw.decode("utf-8", "replace").strip())
            if finished:
                break
            if cancel is not None and cancel():
                end_process_group(proc.pid, proc)
                raise Cancelled()
            if time.monotonic() - t0 > INSTALL_TIMEOUT_S:
                end_process_group(proc.pid, proc)
                return -1
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            end_process_group(proc.pid, proc)
    if buf.strip():
        on_line(buf.decode("utf-8", "replace").strip())
    return int(proc.returncode)


def download_notice(wheel: Path | None = None) -> tuple[str, dict[str, object]]:
    """The code and parameters that say plainly what provisioning does (for the plan shown before it runs)."""
    wheel = wheel or bundled_wheel()
    version = wheel_version(wheel) if wheel is not None else "?"
    return "runtime_python_download", {"version": PYTHON_REQUEST, "download_mb": PYTHON_DOWNLOAD_MB,
                                       "source": PYTHON_SOURCE, "uv_version": version,
                                       "path": str(python_install_dir())}


def provision_python(wheel: Path, *, progress: Progress | None = None, cancel: CancelCheck | None = None,
                     total: int = 1000) -> Path:
    """Download and install CPython 3.11 with the bundled uv; the interpreter's path. Raises Cancelled,
    runtime_uv_bad_wheel, runtime_uv_failed."""
    install_dir = python_install_dir()
    install_dir.mkdir(parents=True, exist_ok=True)
    log = log_path()
    code, params = download_notice(wheel)
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"\n==== {iso_now()} {render(code, params)}\n")
    uv = extract_uv(wheel, uv_root())
    child_env = uv_env(install_dir)
    label = render("runtime_python_downloading", params)
    if progress is not None:
        progress(0, total, label)

    def on_line(line: str) -> None:
        if progress is not None and line.startswith(("Downloading", "Installed", "Installing")):
            progress(0, total, f"{label}: {line[:80]}")

    rc = _run(install_argv(uv, install_dir), child_env, log, on_line, cancel, cwd=install_dir)
    if rc != 0:
        raise FtError("runtime_uv_failed", version=PYTHON_REQUEST, exit=rc, log=str(log), tail=_tail(log))
    found: list[str] = []
    # cwd in the install dir, so no project's .venv or .python-version is found instead
    rc = _run(find_argv(uv), child_env, log, lambda line: found.append(line) if line else None, cancel,
              cwd=install_dir)
    root = install_dir.resolve()
    candidates = [Path(line) for line in found if rc == 0 and Path(line).is_absolute()]
    candidates = [p for p in candidates if p.exists() and p.absolute().parent.resolve().is_relative_to(root)]
    candidates += installed_pythons(install_dir)
    if not candidates:
        raise FtError("runtime_uv_failed", version=PYTHON_REQUEST, exit=rc, log=str(log), tail=_tail(log))
    return candidates[0]


# -- the Python to build a runtime with: the computer's own, else one uv downloaded, else one it downloads now ---
def python_plan() -> dict[str, Any]:
    """Where the runtime's Python will come from, for the plan shown before installing: `system` (found on the
    computer), `downloaded` (uv fetched one before), `download` (the bundled uv will fetch one: download_mb and
    the message code runtime_python_download say so) or `missing` (runtime_no_python)."""
    tried: list[str] = []
    found = env.find_system_python(tried)
    if found is not None:
        return {"source": "system", "python": found.executable, "download_mb": 0}
    for exe in installed_pythons():
        found = env.usable_python(exe, tried)
        if found is not None:
            return {"source": "downloaded", "python": found.executable, "download_mb": 0}
    wheel = bundled_wheel()
    if wheel is None:
        params: dict[str, Any] = {"tried": ", ".join(tried)}
        return {"source": "missing", "python": None, "download_mb": 0, "code": "runtime_no_python",
                "params": params, "message": render("runtime_no_python", params)}
    code, params = download_notice(wheel)
    return {"source": "download", "python": None, "download_mb": PYTHON_DOWNLOAD_MB, "code": code,
            "params": params, "message": render(code, params)}


def find_python(progress: Callable[[int, int, str], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> env.PythonFound:
    """A Python 3.11-3.12 to create the venv with: the computer's own; else one the bundled uv downloaded before;
    else (when the app carries uv's wheel) one uv downloads now, about 30 MB, after saying so through
    `progress` (cancel() stops it); else the runtime_no_python error, which names what to install."""
    tried: list[str] = []
    found = env.find_system_python(tried)
    if found is not None:
        return found
    for exe in installed_pythons():
        found = env.usable_python(exe, tried)
        if found is not None:
            return found
    wheel = bundled_wheel()
    if wheel is None:
        raise FtError("runtime_no_python", tried=", ".join(tried))
    exe = provision_python(wheel, progress=progress, cancel=cancel)
    found = env.usable_python(exe, tried)
    if found is None:
        (lo_major, lo_minor), (hi_major, hi_minor) = env.PYTHON_MIN, env.PYTHON_MAX
        raise FtError("runtime_uv_failed", version=PYTHON_REQUEST, exit=0, log=str(log_path()),
                      tail=f"{exe} is not a Python {lo_major}.{lo_minor}-{hi_major}.{hi_minor}")
    return found
