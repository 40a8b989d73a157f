"""Where the managed training runtimes live (one per engine, fttool/runtime/engines.py) and what it runs on: its
folder, the layout of a virtual environment on each platform (bin/ or Scripts\\), the computer's own Pythons that
can build it (uv.py chooses, with a download as the fallback), the hardware (NVIDIA GPU through nvidia-smi, Apple
MPS, or the CPU), and the allow-listed environment the installer's processes get. It imports no other runtime
module but engines.

Nothing here imports torch or transformers: the app carries neither; checks that need them run inside the
runtime's own Python (fttool/runtime/probe.py).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any

from fttool.messages import register

AUTOTRAIN_VERSION = "0.8.36"
PYTHON_MIN = (3, 11)  # the TRL engine's pins (accelerate 1.16, numpy 2.4, pandas 3) need 3.11 or newer
PYTHON_MAX = (3, 12)  # 3.13 has no wheels for AutoTrain's pinned sentencepiece (one range serves both engines)
MARKER = "fttool-runtime.json"

register({
    "runtime_no_python": (
        "No Python 3.11 or 3.12 was found on this computer; local training needs one to build its own "
        "environment (the TRL engine's packages need 3.11 or newer, AutoTrain's have no wheels for 3.13). Install Python 3.11 "
        "(Debian/Ubuntu: sudo apt install python3.11 python3.11-venv; macOS: brew install python@3.11; "
        "Windows: python.org or `winget install Python.Python.3.11`), or set FTTOOL_RUNTIME_PYTHON to one. "
        "Looked for: {tried}."
    ),
    "runtime_not_installed": (
        "The {engine} training runtime ({version}) is not installed. Install it from the Train view or with "
        "`fttool runtime install --engine {name}`."
    ),
    "runtime_outdated": (
        "The {engine} training runtime was installed from other pins than this fttool's ({version}). Update it "
        "from the Train view or with `fttool runtime install --engine {name}` (it keeps what still matches)."
    ),
})


def runtime_info() -> dict[str, Any]:
    """The dated facts about the runtimes (sizes per route and engine, index URLs) from resources/runtime."""
    from fttool.runtime.engines import runtime_facts

    return runtime_facts()


def runtimes_root() -> Path:
    """The folder that holds runtimes: $FTTOOL_RUNTIME_DIR (CI keeps one in the checkout's .cache/) or the data
    dir's runtimes/."""
    env = os.environ.get("FTTOOL_RUNTIME_DIR")
    if env:
        p = Path(env).expanduser().absolute()  # a relative path must not change meaning when a job chdirs
        p.mkdir(parents=True, exist_ok=True)
        return p
    from fttool.paths import runtimes_dir

    return runtimes_dir()


def runtime_dir(engine: str | None = None) -> Path:
    """The engine's runtime folder (default: the TRL engine's)."""
    from fttool.runtime.engines import engine as get_engine

    return runtimes_root() / get_engine(engine).folder


# -- the layout of a virtual environment ---------------------------------------------------------------
def _pure(path: Path | str, os_name: str) -> PurePath:
    return PureWindowsPath(str(path)) if os_name == "nt" else PurePosixPath(str(path))


def venv_bin(venv: Path | str, os_name: str | None = None) -> PurePath:
    """bin/ on POSIX, Scripts\\ on Windows."""
    os_name = os_name or os.name
    return _pure(venv, os_name) / ("Scripts" if os_name == "nt" else "bin")


def venv_executable(venv: Path | str, name: str, os_name: str | None = None) -> PurePath:
    """An executable of the venv: python, pip, autotrain, accelerate (with .exe on Windows)."""
    os_name = os_name or os.name
    return venv_bin(venv, os_name) / (f"{name}.exe" if os_name == "nt" else name)


def venv_python(venv: Path | str, os_name: str | None = None) -> Path:
    return Path(str(venv_executable(venv, "python", os_name)))


def path_with_venv_first(venv: Path | str, current: str | None, os_name: str | None = None) -> str:
    """PATH with the venv's bin (Scripts) first, so AutoTrain's bare `accelerate` is the runtime's (trap 1)."""
    os_name = os_name or os.name
    sep = ";" if os_name == "nt" else ":"
    first = str(venv_bin(venv, os_name))
    rest = [p for p in (current or "").split(sep) if p and p != first]
    return sep.join([first, *rest])


# -- the Python to build the venv with -----------------------------------------------------------------
@dataclass
class PythonFound:
    command: list[str]
    version: tuple[int, int]
    executable: str


def _python_version(command: list[str]) -> tuple[tuple[int, int], str] | None:
    try:
        out = subprocess.run([*command, "-c", "import sys; print(sys.version_info[0], sys.version_info[1]);"
                              " print(sys.executable)"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    lines = out.stdout.split("\n")
    try:
        major, minor = (int(x) for x in lines[0].split())
    except ValueError:
        return None
    return (major, minor), lines[1].strip() if len(lines) > 1 else command[0]


def python_candidates(os_name: str | None = None) -> list[list[str]]:
    os_name = os_name or os.name
    cands: list[list[str]] = []
    env = os.environ.get("FTTOOL_RUNTIME_PYTHON")
    if env:
        cands.append([env])
    if not getattr(sys, "frozen", False):
        cands.append([sys.executable])
    if os_name == "nt":
        cands += [["py", "-3.11"], ["py", "-3.12"], ["python"]]
    else:
        cands += [["python3.11"], ["python3.12"], ["python3"]]
    return cands


def find_system_python(tried: list[str]) -> PythonFound | None:
    for cmd in python_candidates():
        if not (Path(cmd[0]).is_absolute() and Path(cmd[0]).exists()) and shutil.which(cmd[0]) is None:
            tried.append(" ".join(cmd))
            continue
        found = _python_version(cmd)
        tried.append(" ".join(cmd) + (f" ({found[0][0]}.{found[0][1]})" if found else ""))
        if found and PYTHON_MIN <= found[0] <= PYTHON_MAX:
            return PythonFound(cmd, found[0], found[1])
    return None


def usable_python(exe: Path, tried: list[str]) -> PythonFound | None:
    found = _python_version([str(exe)])
    tried.append(f"{exe}" + (f" ({found[0][0]}.{found[0][1]})" if found else ""))
    if found and PYTHON_MIN <= found[0] <= PYTHON_MAX:
        return PythonFound([str(exe)], found[0], found[1])
    return None


# -- hardware ------------------------------------------------------------------------------------------
@dataclass
class Gpu:
    name: str
    memory_total_mb: int
    memory_free_mb: int


@dataclass
class Hardware:
    device: str  # cpu | cuda | mps
    gpus: list[Gpu] = field(default_factory=list)
    driver: str | None = None
    system: str = ""
    machine: str = ""
    ram_total_mb: int | None = None
    ram_free_mb: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def query_nvidia_smi(timeout: float = 10.0) -> tuple[list[Gpu], str | None]:
    """GPUs from `nvidia-smi` on PATH ([] when it is absent or fails: a driver problem means CPU training)."""
    exe = shutil.which("nvidia-smi")
    if exe is None:
        return [], None
    try:
        out = subprocess.run([exe, "--query-gpu=name,memory.total,memory.free,driver_version",
                              "--format=csv,noheader,nounits"], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return [], None
    if out.returncode != 0:
        return [], None
    gpus: list[Gpu] = []
    driver = None
    for line in out.stdout.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 4:
            continue
        try:
            gpus.append(Gpu(parts[0], int(float(parts[1])), int(float(parts[2]))))
        except ValueError:
            continue
        driver = parts[3]
    return gpus, driver


def memory_mb() -> tuple[int | None, int | None]:
    """(total, available) RAM in MB (psutil, on every platform)."""
    import psutil

    try:
        vm = psutil.virtual_memory()
    except (OSError, RuntimeError):
        return None, None
    return vm.total >> 20, vm.available >> 20


def detect_hardware(system: str | None = None, machine: str | None = None) -> Hardware:
    """cuda when nvidia-smi lists a GPU (Linux/Windows), mps on Apple silicon, cpu otherwise."""
    system = system or platform.system()
    machine = machine or platform.machine()
    total, free = memory_mb()
    hw = Hardware(device="cpu", system=system, machine=machine, ram_total_mb=total, ram_free_mb=free)
    if system == "Darwin":
        if machine in ("arm64", "aarch64"):
            hw.device = "mps"
        return hw
    gpus, driver = query_nvidia_smi()
    if gpus:
        hw.device, hw.gpus, hw.driver = "cuda", gpus, driver
    return hw


def install_device(hw: Hardware) -> str:
    """Which torch build to install: cuda on NVIDIA machines, cpu otherwise (PyPI's macOS torch carries MPS)."""
    return "cuda" if hw.device == "cuda" else "cpu"


def training_device(hw: Hardware) -> str:
    return hw.device


# -- the environments child processes get (allow-listed: no API key or token) ---------------------------------
KEEP = ("HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT",
         "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMDATA",
         "HF_HOME", "HF_HUB_CACHE", "HF_ENDPOINT", "HF_HUB_OFFLINE", "TRANSFORMERS_CACHE", "CUDA_VISIBLE_DEVICES",
         "PIP_FIND_LINKS", "PIP_CONFIG_FILE", "PIP_CERT", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE",
         "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "OMP_NUM_THREADS")
# what pip (and the uv it may be) needs to reach an index: its own settings, proxies, certificates
_INSTALL_PREFIXES = ("PIP_", "UV_")
_PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy",
            "all_proxy", "PATH")


def install_env() -> dict[str, str]:
    """An allow-listed environment for the installer's pip steps: what pip needs to reach its index (its settings,
    proxies, certificates, PATH), nothing else; no API key or token reaches pip or a package's build code."""
    out = {k: v for k, v in os.environ.items()
           if k in KEEP or k in _PROXIES or k.startswith(_INSTALL_PREFIXES)}
    out["PYTHONUNBUFFERED"] = "1"
    out["PYTHONNOUSERSITE"] = "1"
    return out
