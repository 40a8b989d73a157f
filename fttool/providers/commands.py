"""The backends' own service commands (the cross-backend ones, pause, import, estimate, launch check, are in
fttool/jobs/commands.py): Clean up (cleanup.py), Azure deployments (deploy.py), Together's downloads and model list
(together.py) and its dedicated endpoints (together_hosting.py). Each command is a thin door: the work is done in
those modules, which never name the service. `register_commands(service)` adds them; the service calls it when it
starts (fttool/jobs/commands.py:SERVICE_COMMAND_MODULES)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fttool.errors import FtError, UsageError
from fttool.providers import cleanup, deploy, together, together_hosting

if TYPE_CHECKING:
    from fttool.jobs.record import Job
    from fttool.jobs.service import JobService


# -- Clean up: what fttool made at a cloud backend --------------------------------------------------------------
async def cleanup_list(service: JobService, backend: str) -> list[dict[str, Any]]:
    assert service.store is not None
    jobs = await service.io(service.store.list)
    return await cleanup.list_created(backend, jobs)


async def cleanup_delete(service: JobService, backend: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return await cleanup.delete_items(backend, items)


# -- Azure deployments -------------------------------------------------------------------------------------------
def deploy_plan(service: JobService, model: str, name: str | None = None, capacity: int = 1) -> dict[str, Any]:
    return deploy.plan(model, name, capacity)


async def deploy_model(service: JobService, model: str, name: str | None = None, capacity: int = 1,
                       poll: float = 2.0) -> dict[str, Any]:
    mgmt = await asyncio.to_thread(deploy.Management)
    return await mgmt.deploy(model, deploy.check_name(name or deploy.default_name(model)), capacity, poll=poll)


async def delete_deployment(service: JobService, name: str) -> dict[str, Any]:
    mgmt = await asyncio.to_thread(deploy.Management)
    await mgmt.delete(name)
    return {"name": name, "deleted": True}


async def list_deployments(service: JobService) -> list[dict[str, Any]]:
    mgmt = await asyncio.to_thread(deploy.Management)
    return await mgmt.list()


# -- Together: downloads, the model list, dedicated endpoints ---------------------------------------------------
async def together_download(service: JobService, job_id: str, kind: str = "adapter", dest: str | None = None,
                            progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    """Download a finished Together job's weights (the Jobs view's Export; the CLI's `fttool jobs export ID
    --format adapter|merged`). `progress(done, total, message)` and `cancel()` as the ui's Task gives them."""
    assert service.store is not None
    job: Job = await service.io(service.store.get, job_id)
    provider = service.provider("together")
    from fttool.paths import data_dir

    target = Path(dest) if dest else data_dir() / "exports" / f"{job.id}-{kind}"

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, f"{done:,} of {total:,} bytes" if total else f"{done:,} bytes")

    def cancelled() -> bool:
        return bool(cancel is not None and cancel())

    return dict(await provider.download(job, kind, target, report, cancelled))


async def together_models(service: JobService) -> dict[str, Any]:
    """The fine-tunable models: refreshed from the API when a Together key is set (else, or when Together cannot
    be reached, the dated table's and the last refresh's), with a note saying which."""
    from fttool import credentials

    provider = service.provider("together")
    note = ""
    if await asyncio.to_thread(credentials.get, "together"):
        try:
            await provider.refresh_models()
        except FtError as exc:
            note = exc.message
    return {"models": provider.fine_tunable(), "fetched_at": together.load_refreshed().get("fetched_at"),
            "note": note}


async def _job(service: JobService, job_id: str) -> Any:
    assert service.store is not None
    return await service.io(service.store.get, job_id)


async def together_endpoint_plan(service: JobService, job_id: str, name: str | None = None) -> dict[str, Any]:
    return await together_hosting.endpoint_plan(service.provider("together"), await _job(service, job_id), name)


async def together_endpoint_create(service: JobService, job_id: str, name: str | None = None,
                                   config: str | None = None, confirmed: bool = False) -> dict[str, Any]:
    if not confirmed:
        raise UsageError("endpoint_not_confirmed")
    return await together_hosting.create_endpoint(service.provider("together"), await _job(service, job_id), name,
                                                  config)


async def together_endpoints(service: JobService) -> list[dict[str, Any]]:
    return await together_hosting.list_endpoints(service.provider("together"))


async def together_endpoint_delete(service: JobService, endpoint_id: str) -> dict[str, Any]:
    await together_hosting.delete_endpoint(service.provider("together"), endpoint_id)
    return {"id": endpoint_id, "deleted": True}


def register_commands(service: JobService) -> None:
    service.register_command("cleanup_list", cleanup_list)
    service.register_command("cleanup_delete", cleanup_delete)
    service.register_command("deploy_plan", deploy_plan, blocking=True)
    service.register_command("deploy_model", deploy_model)
    service.register_command("delete_deployment", delete_deployment)
    service.register_command("list_deployments", list_deployments)
    service.register_command("together_download", together_download)
    service.register_command("together_models", together_models)
    service.register_command("together_endpoint_plan", together_endpoint_plan)
    service.register_command("together_endpoint_create", together_endpoint_create)
    service.register_command("together_endpoints", together_endpoints)
    service.register_command("together_endpoint_delete", together_endpoint_delete)
