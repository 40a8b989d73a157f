"""The job service's commands for local training, used by the Train view through the bridge (and by tests).

Long ones (runtime install, model download, export) take `progress` and `cancel`: the service's task protocol
(submit with `task_id`: `progress` events, `cancel_task`), as every long command does.
`register_commands(service)` is idempotent; the service calls it when it starts (fttool/jobs/commands.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fttool.errors import Cancelled

if TYPE_CHECKING:
    from fttool.jobs.service import JobService

def runtime_status(service: JobService) -> dict[str, Any]:
    """The default engine's status (the shape `fttool runtime status --json` prints), the hardware, the install plan
    for this machine, and `engines`: every engine's status, keyed by name."""
    from fttool.providers.local import hardware
    from fttool.runtime import env, install, uv
    from fttool.runtime.engines import DEFAULT_ENGINE, all_engines

    hw = hardware()
    device = env.install_device(hw)
    engines: dict[str, Any] = {}
    for eng in all_engines():
        st = install.status(engine=eng.name)
        route = eng.route(device)
        st["plan"] = {"device": device, "download_mb": route["download_mb"], "disk_mb": route["disk_mb"],
                      "minutes": route["minutes"]}
        st["title"] = eng.title()
        engines[eng.name] = st
    out = dict(engines[DEFAULT_ENGINE])
    out["hardware"] = hw.to_dict()
    out["engines"] = engines
    if not all(st.get("installed") for st in engines.values()):  # where a new runtime's Python comes from
        out["python_plan"] = uv.python_plan()
    return out


def runtime_install(service: JobService, device: str | None = None, engine: str | None = None,
                    progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    from fttool.runtime import install

    return install.install(device, engine=engine, progress=progress, cancel=cancel)


def runtime_remove(service: JobService, engine: str | None = None) -> dict[str, Any]:
    from fttool.runtime import install

    return install.remove(engine)


def base_models(service: JobService) -> dict[str, Any]:
    from fttool.runtime.base_models import base_models_with_engines

    return base_models_with_engines()


def search_base_models(service: JobService, query: str) -> list[dict[str, Any]]:
    from fttool import credentials
    from fttool.runtime.base_models import search_models

    return search_models(query, token=credentials.get("hf"))


def download_base_model(service: JobService, repo_id: str, progress: Any = None,
                        cancel: Any = None) -> dict[str, Any]:
    from fttool import credentials
    from fttool.runtime.base_models import download_model

    return download_model(repo_id, token=credentials.get("hf"), progress=progress, cancel=cancel)


def local_preflight(service: JobService, params: dict[str, Any], base_model: str | None) -> dict[str, Any]:
    from fttool.providers.local import preflight

    return preflight(params, base_model)


def local_yaml(service: JobService, params: dict[str, Any], base_model: str | None,
               chosen: dict[str, Any] | None = None, job_folder: str = "<job folder>") -> dict[str, Any]:
    """The YAML and the equivalent command for the form's values (of the engine they choose; with the recipe on
    auto, the values it chose), and the problems the form has (the local provider's own validation, the GPU-only
    options on this computer included: ParamProblem as dicts)."""
    from dataclasses import asdict

    from fttool.providers.local import engine_view

    try:
        view = engine_view(params, base_model or "<base model>", job_folder, chosen)
    except (TypeError, ValueError):  # a field that is not a number yet: its problem is in `problems`
        view = {}
    probs = service.provider("local").validate_parameters(params)
    return {**view, "problems": [asdict(p) for p in probs]}


def train_backends(service: JobService) -> list[dict[str, Any]]:
    """The backends the Train view offers, in its order (the free ones, on this computer, first): name, label
    and capabilities (a backend that cannot load here is left out)."""
    from dataclasses import asdict

    from fttool.providers.registry import backend_names

    out: list[dict[str, Any]] = []
    for name in backend_names():
        try:
            provider = service.provider(name)
            caps = asdict(provider.capabilities())
        except Exception:  # a backend that cannot load here is not offered
            continue
        out.append({"name": name, "label": provider.label or name, "capabilities": caps})
    out.sort(key=lambda b: (bool(b["capabilities"].get("billable", True)), b["name"]))
    return out


def hf_gpus(service: JobService, base_model: str | None, params: dict[str, Any],
            hardware: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The Hugging Face panel's hardware line: what the flavor (params["flavor"]) brings (GPUs, memory each) and
    what training the model needs on it (fttool.providers.hf_plan: pure, no network, no file)."""
    from fttool.providers.hf_plan import flavor_gpus, memory_estimate

    return {"gpus": flavor_gpus(params.get("flavor"), hardware or None),
            "memory": memory_estimate(base_model, params, hardware=hardware or None)}


def local_load_yaml(service: JobService, path: str) -> dict[str, Any]:
    from fttool.providers.local import load_config_file

    config, params = load_config_file(path)
    return {"params": params, "base_model": config.get("base_model")}


def local_save_yaml(service: JobService, path: str, params: dict[str, Any], base_model: str | None,
                    chosen: dict[str, Any] | None = None) -> str:
    from fttool.fsutil import atomic_write_text
    from fttool.providers.local import engine_view

    atomic_write_text(Path(path), engine_view(params, base_model or "", None, chosen)["yaml"])
    return path


def local_merge_export(service: JobService, job_id: str, target: str) -> dict[str, Any]:
    from fttool.providers.local import merge_and_export

    assert service.store is not None
    return merge_and_export(service.store.get(job_id), target)


def local_export(service: JobService, job_id: str, format: str = "merged", outtype: str = "q8_0",
                 out: str | None = None, progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    """`fttool jobs export`: the merged model, or GGUF + Modelfile (llama.cpp's converter), with progress."""
    from fttool.providers.local.export import export_job

    assert service.store is not None
    return export_job(service.store.get(job_id), format, outtype=outtype, out=out, progress=progress,
                      cancel=cancel)


def train_form_save(service: JobService, project: str, form: dict[str, Any]) -> dict[str, Any]:
    """Remember the Train view's form in the project (fttool/providers/train_form.py)."""
    from fttool.providers.train_form import save_train_form

    return save_train_form(project, form)


COMMANDS: dict[str, tuple[Any, bool]] = {
    "runtime_status": (runtime_status, True), "runtime_install": (runtime_install, True),
    "runtime_remove": (runtime_remove, True),
    "base_models": (base_models, True), "search_base_models": (search_base_models, True),
    "download_base_model": (download_base_model, True),
    "local_preflight": (local_preflight, True), "local_yaml": (local_yaml, True),
    "local_load_yaml": (local_load_yaml, True), "local_save_yaml": (local_save_yaml, True),
    "local_merge_export": (local_merge_export, True), "local_export": (local_export, True),
    "train_form_save": (train_form_save, True), "train_backends": (train_backends, True),
    "hf_gpus": (hf_gpus, True),
}


def register_commands(service: JobService) -> None:
    for name, (fn, blocking) in COMMANDS.items():
        service.register_command(name, fn, blocking=blocking)


__all__ = ["register_commands", "Cancelled"]
