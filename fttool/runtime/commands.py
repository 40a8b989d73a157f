"""The job service's commands for local training, used by the Train view through the bridge (and by tests).

Long ones (runtime install, model download) report progress as `notice` events with code `local_progress`
({task, done, total, message}) and stop when `local_cancel(task=...)` is called.
`register(service)` is idempotent; the Train view calls it for the service it is given.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fttool.errors import Cancelled

if TYPE_CHECKING:
    from fttool.jobs.service import JobService

_CANCEL: dict[str, threading.Event] = {}


def _progress(service: JobService, task: str) -> Any:
    def report(done: int, total: int, message: str) -> None:
        service.emit("notice", code="local_progress", task=task, done=done, total=total, message=message)

    return report


def _cancel_flag(task: str) -> threading.Event:
    flag = _CANCEL[task] = threading.Event()
    return flag


def local_cancel(service: JobService, task: str) -> bool:
    flag = _CANCEL.get(task)
    if flag is None:
        return False
    flag.set()
    return True


def runtime_status(service: JobService) -> dict[str, Any]:
    from fttool.providers.local import hardware
    from fttool.runtime import env, install

    st = install.status()
    hw = hardware()
    device = env.install_device(hw)
    route = env.runtime_info()["routes"][device]
    st["hardware"] = hw.to_dict()
    st["plan"] = {"device": device, "download_mb": route["download_mb"], "disk_mb": route["disk_mb"],
                  "minutes": route["minutes"]}
    if not st.get("installed"):  # where its Python comes from: the computer's, or a download uv makes (said first)
        st["python_plan"] = env.python_plan()
    return st


def _both(service: JobService, task: str, progress: Any, cancel: Any) -> tuple[Any, Any]:
    """Progress to the caller's callable (a ui Task) and as notice events; cancelled by either."""
    flag = _cancel_flag(task)
    events = _progress(service, task)

    def report(done: int, total: int, message: str) -> None:
        events(done, total, message)
        if progress is not None:
            progress(done, total, message)

    def cancelled() -> bool:
        return flag.is_set() or bool(cancel is not None and cancel())

    return report, cancelled


def runtime_install(service: JobService, device: str | None = None, progress: Any = None,
                    cancel: Any = None) -> dict[str, Any]:
    from fttool.runtime import install

    report, cancelled = _both(service, "runtime", progress, cancel)
    try:
        return install.install(device, progress=report, cancel=cancelled)
    finally:
        _CANCEL.pop("runtime", None)


def runtime_remove(service: JobService) -> dict[str, Any]:
    from fttool.runtime import install

    return install.remove()


def base_models(service: JobService) -> dict[str, Any]:
    from fttool.runtime.models import base_models as load

    return load()


def download_base_model(service: JobService, repo_id: str, progress: Any = None,
                        cancel: Any = None) -> dict[str, Any]:
    from fttool import credentials
    from fttool.runtime.models import download_model

    report, cancelled = _both(service, "download", progress, cancel)
    try:
        return download_model(repo_id, token=credentials.get("hf"), progress=report, cancel=cancelled)
    finally:
        _CANCEL.pop("download", None)


def local_preflight(service: JobService, params: dict[str, Any], base_model: str | None) -> dict[str, Any]:
    from fttool.providers.local import preflight

    return preflight(params, base_model)


def local_yaml(service: JobService, params: dict[str, Any], base_model: str | None) -> dict[str, Any]:
    """The YAML and the equivalent command for the form's values, and the problems the form has."""
    from fttool.providers.local import LocalProvider, autotrain_command, build_config, to_yaml

    cfg = build_config(params, base_model or "")
    probs = LocalProvider().validate_parameters(params)
    return {"yaml": to_yaml(cfg), "command": autotrain_command("<job folder>"),
            "problems": [{"name": p.name, "message": p.message} for p in probs]}


def local_load_yaml(service: JobService, path: str) -> dict[str, Any]:
    from fttool.providers.local import load_config_file

    config, params = load_config_file(path)
    return {"params": params, "base_model": config.get("base_model")}


def local_save_yaml(service: JobService, path: str, params: dict[str, Any], base_model: str | None) -> str:
    from fttool.fsutil import atomic_write_text
    from fttool.providers.local import build_config, to_yaml

    atomic_write_text(Path(path), to_yaml(build_config(params, base_model or "")))
    return path


def local_merge_export(service: JobService, job_id: str, target: str) -> dict[str, Any]:
    from fttool.providers.local import merge_and_export

    assert service.store is not None
    return merge_and_export(service.store.get(job_id), target)


COMMANDS: dict[str, tuple[Any, bool]] = {
    "runtime_status": (runtime_status, True), "runtime_install": (runtime_install, True),
    "runtime_remove": (runtime_remove, True), "local_cancel": (local_cancel, False),
    "base_models": (base_models, True), "download_base_model": (download_base_model, True),
    "local_preflight": (local_preflight, True), "local_yaml": (local_yaml, True),
    "local_load_yaml": (local_load_yaml, True), "local_save_yaml": (local_save_yaml, True),
    "local_merge_export": (local_merge_export, True),
}


def register(service: JobService) -> None:
    for name, (fn, blocking) in COMMANDS.items():
        service.register_command(name, fn, blocking=blocking)


__all__ = ["register", "Cancelled"]
