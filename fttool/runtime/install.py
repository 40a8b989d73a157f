"""Create, install, check, update and remove the managed runtime of each training engine (a virtual environment
of its own per engine: fttool/runtime/engines.py).

The plan per engine and hardware (`make_plan`) is pure data, so it is unit-tested for every route:
  1. a venv made with a Python 3.11-3.12 found on the machine (or one the bundled uv fetched);
  2. torch with its own dependencies, constrained by the lock: on the CPU route the `+cpu` build (from pip's
     configured sources when they offer one, else from PyTorch's CPU index), on the CUDA route PyPI's CUDA build;
  3. every other package of the engine's lock (TRL: resources/runtime/trl.lock; AutoTrain:
     resources/runtime/constraints-<device>.txt) with --no-deps, so pip never pulls back torchvision/timm
     (trap 2) or a bitsandbytes that needs a GPU (trap 3);
  4. a check inside the runtime's Python (versions, `from transformers import LlamaForCausalLM`, the engine's
     executables, the architectures its transformers knows), then a marker file with versions, sizes, the lock's
     hash (an install from other pins is `outdated`; installing again updates it in place) and the
     architectures, which the pre-flight reads in milliseconds.
pip (never uv) reads pip's own configuration, which may name a local wheel mirror. Its output goes to a log
that is kept (runtimes/logs/); progress is parsed from it. Cancel ends pip's whole process group; a retry
resumes (pip skips what is installed and reuses its download cache); the marker is written only at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.clock import iso_now
from fttool.errors import Cancelled, FtError
from fttool.fsutil import atomic_write_json, atomic_write_text
from fttool.messages import register
from fttool.resources import resource
from fttool.runtime import env, uv
from fttool.runtime.process import end_process_group, popen_new_session

register({
    "runtime_no_space": (
        "Not enough free disk space for the local training runtime: it needs about {need_mb} MB in {path} "
        "({download_mb} MB downloaded, {disk_mb} MB installed) and {free_mb} MB are free."
    ),
    "runtime_step_failed": "Installing the runtime failed at '{step}' (exit {exit}). The log is kept in {log}. "
                           "Last lines:\n{tail}",
    "runtime_check_failed": "The runtime was installed but does not work: {detail}. The log is kept in {log}.",
    "runtime_installed": "The {engine} training runtime is installed in {path} ({size_mb} MB, torch {torch}, "
                         "device {device}).",
    "runtime_removed": "Removed the training runtime in {path}.",
    "runtime_not_ours": "{path} does not look like an fttool runtime; not removing it.",
})

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
PROGRESS_TOTAL = 1000


@dataclass
class Step:
    key: str  # venv | torch | packages | prune | check
    label: str
    argv: list[str]
    weight: int  # share of PROGRESS_TOTAL
    expected_packages: int = 0


@dataclass
class InstallPlan:
    device: str
    venv: Path
    python: list[str]
    constraints: Path
    steps: list[Step] = field(default_factory=list)
    download_mb: int = 0
    disk_mb: int = 0
    minutes: int = 0
    torch_index: str | None = None
    engine: str = "trl"
    requirements: list[str] = field(default_factory=list)
    constraints_lines: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"device": self.device, "venv": str(self.venv), "python": self.python,
                "constraints": str(self.constraints), "download_mb": self.download_mb, "disk_mb": self.disk_mb,
                "minutes": self.minutes, "torch_index": self.torch_index, "engine": self.engine,
                "steps": [{"key": s.key, "label": s.label, "argv": s.argv} for s in self.steps]}


def read_lock(path: Path, device: str | None = None) -> list[str]:
    """`name==version` lines of a lock/constraints file (comments and blanks dropped; route tags honoured)."""
    from fttool.runtime.engines import read_lock as read

    return read(path, device)


def pip_find_links(python: list[str] | None = None) -> list[str]:
    """The find-links folders pip is configured with (PIP_FIND_LINKS, pip.conf); best effort."""
    links = [p for p in re.split(r"[\s]+", os.environ.get("PIP_FIND_LINKS", "")) if p]
    if python:
        try:
            out = subprocess.run([*python, "-m", "pip", "config", "list"], capture_output=True, text=True,
                                 timeout=30)
            for line in out.stdout.splitlines():
                key, _, value = line.partition("=")
                if key.endswith("find-links"):
                    links += [p for p in value.strip().strip("'\"").split() if p]
        except (OSError, subprocess.TimeoutExpired):
            pass
    return list(dict.fromkeys(links))


def local_cpu_wheel(find_links: list[str], torch_version: str) -> bool:
    """Whether a configured find-links folder holds the CPU build of this torch."""
    for link in find_links:
        folder = Path(link.removeprefix("file://"))
        if folder.is_dir() and any(folder.glob(f"torch-{torch_version}+cpu-*.whl")):
            return True
    return False


def make_plan(device: str, *, engine: str | None = None, venv: Path | None = None, python: list[str] | None = None,
              os_name: str | None = None, system: str | None = None,
              find_links: list[str] | None = None) -> InstallPlan:
    """The install steps of `engine`'s runtime for `device` (cpu or cuda) on this platform: no side effects
    (the packages step reads a requirements file that `install` writes from the lock first)."""
    import platform

    from fttool.runtime.engines import engine as get_engine

    eng = get_engine(engine)
    os_name = os_name or os.name
    system = system or platform.system()
    info = env.runtime_info()
    route = eng.route(device)
    venv = venv or env.runtime_dir(eng.name)
    python = python or ["python3"]
    constraints = eng.lock_path(device)
    vpy = str(env.venv_python(venv, os_name))
    torch_version = eng.torch_version(device)
    torch = f"torch=={torch_version}"
    torch_index = None
    if device == "cpu" and system == "Linux":
        # PyPI's Linux torch is the CUDA build (about 2.8 GB of nvidia-* wheels): take the +cpu build, from
        # pip's configured sources when they have it, else from PyTorch's CPU index
        torch += "+cpu"
        if not local_cpu_wheel(find_links or [], torch_version):
            torch_index = info["torch_indexes"]["cpu"]
    elif device == "cuda" and system == "Windows":
        torch_index = info["torch_indexes"]["cuda_windows"]  # PyPI's Windows torch is CPU-only
    from fttool.runtime.engines import hashed, unhashed

    pip = [vpy, "-m", "pip", "install", "--progress-bar", "off", "--disable-pip-version-check"]
    requirements = requirements_path(venv)
    constraints_file = constraints_path(venv)
    if torch_index:
        # torch from PyTorch's own index, and only torch: its dependencies come from the (hashed) lock in the next
        # step, so the two indexes are never mixed in one resolution
        torch_argv = [*pip, "--no-deps", "--index-url", torch_index, torch]
    else:
        torch_argv = [*pip, "-c", str(constraints_file), torch]
    lock = [r for r in eng.requirements(device) if not r.lower().startswith("torch==")]
    checked = (["--require-hashes"] + (["--only-binary", ":all:"] if eng.facts.get("only_binary") else [])
               if hashed(lock) else [])
    plan = InstallPlan(device=device, venv=venv, python=python, constraints=constraints,
                       download_mb=int(route["download_mb"]), disk_mb=int(route["disk_mb"]),
                       minutes=int(route["minutes"]), torch_index=torch_index, engine=eng.name,
                       requirements=lock, constraints_lines=unhashed(lock))
    plan.steps = [
        Step("venv", "Creating the Python environment", [*python, "-m", "venv", str(venv)], 20),
        Step("torch", "Installing PyTorch", torch_argv, 380, expected_packages=12),
        Step("packages", f"Installing {eng.label} and its packages",
             [*pip, "--no-deps", *checked, "-r", str(requirements)], 520, expected_packages=len(lock)),
        Step("prune", "Removing packages that break CPU torch",
             [vpy, "-m", "pip", "uninstall", "-y", *eng.never_install(device)], 20),
        Step("check", "Checking the runtime", [vpy, str(resource("runtime", "probe.py")), "versions"], 60),
    ]
    return plan


def requirements_path(venv: Path) -> Path:
    """The pinned packages of the plan's route with their files' hashes, written beside the venv before pip reads
    them (pip runs in hash-checking mode on them: --require-hashes --only-binary :all:)."""
    return venv.parent / f"{venv.name}-requirements.txt"


def constraints_path(venv: Path) -> Path:
    """The same pins without hashes, as constraints for torch's own step (so torch's dependencies take the lock's
    versions; pip allows no hashes in a constraints file)."""
    return venv.parent / f"{venv.name}-constraints.txt"


def install_log_path(engine: str | None = None) -> Path:
    from fttool.runtime.engines import engine as get_engine

    p = env.runtimes_root() / "logs"
    p.mkdir(parents=True, exist_ok=True)
    return p / f"{get_engine(engine).folder}-install.log"


def check_disk(plan: InstallPlan) -> dict[str, int]:
    """Raise runtime_no_space when the disk cannot hold the download and the install."""
    margin = int(env.runtime_info().get("disk_margin_mb", 500))
    root = env.runtimes_root()
    free = shutil.disk_usage(root).free // (1 << 20)
    already = folder_size_mb(plan.venv) if plan.venv.exists() else 0
    need = max(plan.disk_mb - already, 0) + plan.download_mb + margin
    if free < need:
        raise FtError("runtime_no_space", need_mb=need, path=str(root), download_mb=plan.download_mb,
                      disk_mb=plan.disk_mb, free_mb=free)
    return {"need_mb": need, "free_mb": free}


def folder_size_mb(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total // (1 << 20)


# -- pip's output --------------------------------------------------------------------------------------
_SIZE = re.compile(r"\(([\d.]+)\s*(kB|MB|GB|bytes)\)")
_UNITS = {"bytes": 1 / (1 << 20), "kB": 1 / 1024, "MB": 1.0, "GB": 1024.0}


@dataclass
class PipProgress:
    """What pip's log says so far: packages seen, the current one, MB downloaded, the phase."""

    packages: int = 0
    current: str = ""
    downloaded_mb: float = 0.0
    installing: bool = False
    done: bool = False

    def feed(self, line: str) -> None:
        line = line.strip()
        if line.startswith(("Collecting ", "Processing ", "Requirement already satisfied: ")):
            self.packages += 1
            word = line.split(" ", 1)[1] if not line.startswith("Requirement") else line.split(": ", 1)[1]
            name = re.split(r"[\s=<>!~(\[]", word.strip(), maxsplit=1)[0].rsplit("/", 1)[-1]
            if name.endswith((".whl", ".tar.gz", ".zip")):
                name = name.split("-", 1)[0]
            self.current = name
        elif line.startswith("Downloading "):
            m = _SIZE.search(line)
            if m:
                self.downloaded_mb += float(m.group(1)) * _UNITS[m.group(2)]
        elif line.startswith("Installing collected packages"):
            self.installing = True
        elif line.startswith("Successfully installed"):
            self.done = True


# -- running the plan ----------------------------------------------------------------------------------
def _venv_works(venv: Path) -> bool:
    vpy = env.venv_python(venv)
    if not vpy.exists():
        return False
    try:
        return subprocess.run([str(vpy), "-c", "import pip"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _run_step(step: Step, log_path: Path, base: int, progress: Progress | None, cancel: CancelCheck | None,
              stats: dict[str, Any]) -> int:
    with open(log_path, "ab") as log:
        log.write(f"\n== {iso_now()} {step.key}: {' '.join(step.argv)}\n".encode())
        log.flush()
        start = log.tell()
        child_env = env.install_env()
        proc = popen_new_session(step.argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 env=child_env)
    pp = PipProgress()
    offset = start
    buf = b""
    try:
        while True:
            finished = proc.poll() is not None
            with open(log_path, "rb") as f:
                f.seek(offset)
                chunk = f.read()
            offset += len(chunk)
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for raw in lines:
                pp.feed(raw.decode("utf-8", "replace"))
            if progress is not None:
                frac = 0.0
                if step.expected_packages:
                    frac = min(pp.packages / step.expected_packages, 1.0) * (0.7 if not pp.installing else 1.0)
                    if pp.installing:
                        frac = 0.85
                msg = step.label + (f": {pp.current}" if pp.current and not pp.installing else "")
                if pp.installing:
                    msg = step.label + ": unpacking"
                if pp.downloaded_mb:
                    msg += f" ({stats['downloaded_mb'] + pp.downloaded_mb:.0f} MB downloaded)"
                progress(base + int(step.weight * frac), PROGRESS_TOTAL, msg)
            if finished:
                break
            if cancel is not None and cancel():
                end_process_group(proc.pid, proc)
                raise Cancelled()
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            end_process_group(proc.pid, proc)
    stats["downloaded_mb"] += pp.downloaded_mb
    return int(proc.returncode)


def _tail(path: Path, n: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def install(device: str | None = None, *, engine: str | None = None, progress: Progress | None = None,
            cancel: CancelCheck | None = None, python: env.PythonFound | None = None) -> dict[str, Any]:
    """Install (or finish, or update) `engine`'s runtime; returns its status. Raises Cancelled, runtime_* errors."""
    from fttool.runtime.engines import engine as get_engine

    eng = get_engine(engine)
    hw = env.detect_hardware()
    device = device or env.install_device(hw)
    python = python or uv.find_python(progress=progress, cancel=cancel)
    venv = env.runtime_dir(eng.name)
    plan = make_plan(device, engine=eng.name, venv=venv, python=python.command,
                     find_links=pip_find_links(python.command))
    check_disk(plan)
    log_path = install_log_path(eng.name)
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"\n==== {iso_now()} install {eng.label} {eng.version()} for {device} with "
                  f"{python.executable} ({python.version[0]}.{python.version[1]}) into {venv}\n")
    marker = venv / env.MARKER
    if marker.exists():
        marker.unlink()  # a reinstall, an update or another device: not installed until the check passes
    t0 = time.monotonic()
    stats: dict[str, Any] = {"downloaded_mb": 0.0}
    base = 0
    check_out: dict[str, Any] = {}
    for step in plan.steps:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(base, PROGRESS_TOTAL, step.label)
        if step.key == "venv" and _venv_works(venv):
            base += step.weight
            continue
        if step.key == "torch":
            atomic_write_text(requirements_path(venv), "\n".join(plan.requirements) + "\n")
            atomic_write_text(constraints_path(venv), "\n".join(plan.constraints_lines) + "\n")
        if step.key == "prune":
            present = _installed(venv, eng.never_install(device))
            if not present:
                base += step.weight
                continue
            step.argv = [*step.argv[:5], *present]
        if step.key == "check":
            check_out = _check(venv, log_path, eng.executables)
            base += step.weight
            continue
        code = _run_step(step, log_path, base, progress, cancel, stats)
        if code != 0:
            raise FtError("runtime_step_failed", step=step.label, exit=code, log=str(log_path),
                          tail=_tail(log_path))
        base += step.weight
    seconds = time.monotonic() - t0
    size = folder_size_mb(venv)
    record = {
        "engine": eng.name, "engine_version": check_out.get("trl" if eng.name == "trl" else "autotrain"),
        "autotrain_version": check_out.get("autotrain"), "trl_version": check_out.get("trl"),
        "torch_version": check_out.get("torch"), "transformers_version": check_out.get("transformers"),
        "peft_version": check_out.get("peft"),
        "device": hw.device if device == "cuda" or hw.device == "mps" else "cpu", "install_device": device,
        "python": str(env.venv_python(venv)), "python_version": check_out.get("python"),
        "installed_at": iso_now(), "install_seconds": round(seconds, 1),
        "downloaded_mb": round(stats["downloaded_mb"], 1), "size_mb": size,
        "lock_sha256": eng.lock_sha256(device), "model_types": check_out.get("model_types") or [],
    }
    atomic_write_json(marker, record)
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"==== {iso_now()} installed: {json.dumps({k: v for k, v in record.items() if k != 'model_types'})}\n")
    if progress is not None:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL, "Installed")
    return status(engine=eng.name)


def _installed(venv: Path, names: list[str]) -> list[str]:
    if not names:
        return []
    script = ("import importlib.metadata as m, sys\n"
              "for n in sys.argv[1:]:\n"
              "    try: m.version(n); print(n)\n"
              "    except m.PackageNotFoundError: pass\n")
    out = subprocess.run([str(env.venv_python(venv)), "-c", script, *names], capture_output=True, text=True,
                         timeout=120)
    return [ln.strip() for ln in out.stdout.splitlines() if ln.strip()]


def _check(venv: Path, log_path: Path, executables: tuple[str, ...] = ("autotrain", "accelerate")) -> dict[str, Any]:
    argv = [str(env.venv_python(venv)), str(resource("runtime", "probe.py")), "versions"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=600, env=runtime_env(venv))
    with open(log_path, "a", encoding="utf-8") as log:
        shown = out.stdout if len(out.stdout) < 4000 else out.stdout[:2000] + " …"
        log.write(f"== check: {shown}\n{out.stderr[-4000:]}\n")
    try:
        data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise FtError("runtime_check_failed", detail=(out.stderr.strip().splitlines() or ["no output"])[-1],
                      log=str(log_path)) from None
    if not data.get("ok"):
        raise FtError("runtime_check_failed", detail=data.get("error", "unknown"), log=str(log_path))
    for exe in executables:
        if not Path(str(env.venv_executable(venv, exe))).exists():
            raise FtError("runtime_check_failed", detail=f"{exe} is missing", log=str(log_path))
    return data


def runtime_env(venv: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """An allow-listed environment for the runtime's processes: no OpenAI/Azure keys, no HF token unless
    given in `extra`, the runtime's bin first on PATH, remote model code off."""
    out = {k: v for k, v in os.environ.items() if k in env.KEEP}
    out["PATH"] = env.path_with_venv_first(venv, os.environ.get("PATH", ""))
    out["PYTHONUNBUFFERED"] = "1"
    out["PYTHONNOUSERSITE"] = "1"
    out["ALLOW_REMOTE_CODE"] = "false"
    out["HF_HUB_DISABLE_TELEMETRY"] = "1"
    out["DO_NOT_TRACK"] = "1"
    out["TOKENIZERS_PARALLELISM"] = "false"
    out["WANDB_DISABLED"] = "true"
    out["TRACKIO_DISABLED"] = "1"
    out["DISABLE_MLFLOW_INTEGRATION"] = "TRUE"
    out["VIRTUAL_ENV"] = str(venv)
    if extra:
        out.update(extra)
    return out


def marker(engine: str | None = None, runtime: Path | None = None) -> dict[str, Any] | None:
    """The record written when the engine's runtime passed its check (None when not installed)."""
    venv = runtime or env.runtime_dir(engine)
    path = venv / env.MARKER
    if not path.exists() or not env.venv_python(venv).exists():
        return None
    try:
        rec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return rec


def status(runtime: Path | None = None, *, engine: str | None = None) -> dict[str, Any]:
    """`fttool runtime status --engine E --json`: installed, path, python, torch_version, device, size_mb, engine,
    transformers_version, trl_version, peft_version (from the marker written when the check passed), and
    `outdated` when the runtime was installed from other pins than this fttool's."""
    from fttool.runtime.engines import engine as get_engine

    eng = get_engine(engine)
    venv = runtime or env.runtime_dir(eng.name)
    base: dict[str, Any] = {"installed": False, "engine": eng.name, "engine_label": eng.label,
                            "engine_version": eng.version(), "path": str(venv), "python": None,
                            "autotrain_version": None, "trl_version": None, "torch_version": None,
                            "transformers_version": None, "peft_version": None, "device": None, "size_mb": None,
                            "outdated": False, "pinned": {"transformers": eng.transformers_version(),
                                                          "torch": eng.torch_version(), "version": eng.version()}}
    rec = marker(eng.name, venv)
    if rec is None:
        base["log"] = str(install_log_path(eng.name))
        base["partial"] = venv.exists()
        return base
    base.update({k: rec.get(k) for k in ("python", "autotrain_version", "trl_version", "torch_version", "device",
                                         "size_mb", "transformers_version", "peft_version")})
    base.update({k: rec.get(k) for k in ("install_device", "python_version", "installed_at", "install_seconds",
                                         "downloaded_mb")})
    base["installed"] = True
    if rec.get("engine_version"):
        base["engine_version"] = rec["engine_version"]
    device = str(rec.get("install_device") or "cpu")
    if eng.name == "trl" and rec.get("lock_sha256") != eng.lock_sha256(device):
        base["outdated"] = True
    base["log"] = str(install_log_path(eng.name))
    return base


def model_types(engine: str | None = None) -> list[str] | None:
    """The architectures (model_type) the engine's installed transformers knows, recorded by its own check at
    install (None when not installed): a launch is checked against them in milliseconds."""
    rec = marker(engine)
    if rec is None:
        return None
    if not rec.get("model_types"):  # a runtime installed before fttool recorded them: ask it once, keep the answer
        venv = env.runtime_dir(engine)
        script = ("import json; from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES as M; "
                  "print(json.dumps(sorted(M)))")
        try:
            out = subprocess.run([str(env.venv_python(venv)), "-c", script], capture_output=True, text=True,
                                 timeout=120, env=runtime_env(venv))
            rec["model_types"] = json.loads(out.stdout.strip().splitlines()[-1])
        except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
            return None
        atomic_write_json(venv / env.MARKER, rec)
    return list(rec["model_types"])


def require_installed(engine: str | None = None) -> Path:
    from fttool.runtime.engines import engine as get_engine

    eng = get_engine(engine)
    st = status(engine=eng.name)
    if not st["installed"]:
        raise FtError("runtime_not_installed", engine=eng.label, version=eng.version(), name=eng.name)
    return Path(st["path"])


def remove(engine: str | None = None) -> dict[str, Any]:
    venv = env.runtime_dir(engine)
    if venv.exists():
        if not (venv / "pyvenv.cfg").exists() and not (venv / env.MARKER).exists():
            raise FtError("runtime_not_ours", path=str(venv))
        shutil.rmtree(venv, ignore_errors=sys.platform == "win32")
    for extra in (requirements_path(venv), constraints_path(venv)):
        if extra.exists():
            extra.unlink()
    return {"removed": True, "path": str(venv)}


register({"runtime_bad_device": "Unknown device '{device}': choose cpu or cuda."})
