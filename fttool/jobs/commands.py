"""The service's built-in commands. Rooms add their own with `service.register_command`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fttool import credentials, settings
from fttool.errors import UsageError
from fttool.jobs.events import job_added, job_updated
from fttool.jobs.record import OUTCOME_PARAMS, Job, Status, clean_job_name, default_job_name

if TYPE_CHECKING:
    from fttool.jobs.service import JobService


async def ping(service: JobService, delay: float = 0.0) -> str:
    import asyncio

    if delay:
        await asyncio.sleep(delay)
    return "pong"


def list_jobs(service: JobService) -> list[dict[str, Any]]:
    assert service.store is not None
    return [j.to_dict() for j in service.store.list()]


def get_job(service: JobService, job_id: str) -> dict[str, Any]:
    assert service.store is not None
    return service.store.get(job_id).to_dict()


def job_events(service: JobService, job_id: str, after_seq: int = 0) -> list[dict[str, Any]]:
    assert service.store is not None
    return service.store.events(job_id, after_seq)


async def create_job(service: JobService, backend: str, params: dict[str, Any] | None = None,
                     base_model: str | None = None, dataset_sha256: dict[str, str] | None = None,
                     project: str | None = None, confirmed: str | None = None,
                     budget_usd: float | None = None, name: str | None = None) -> dict[str, Any]:
    """Validate the parameters with the backend, store the job, send it, and start watching. A billable launch
    must carry `confirmed`, the fingerprint of its launch plan (fttool.jobs.plan), and not be over budget
    (`budget_usd`: a budget the person raised for it); else nothing is stored or sent. `name`: the job's name,
    default "{project} · {model} · {date}"."""
    assert service.store is not None
    provider = service.provider(backend)
    params = {k: v for k, v in (params or {}).items() if k not in OUTCOME_PARAMS}  # a clone's source's outcome
    problems = provider.validate_parameters(params)
    if problems:
        raise UsageError("invalid_parameters", details="; ".join(p.message for p in problems),
                         problems="; ".join(p.message for p in problems))
    if provider.capabilities().billable:  # the money guard: every door goes through it
        from fttool.jobs.plan import check_confirmed, plan_launch

        plan = await service.io(plan_launch, backend, base_model, params, project, budget_usd, provider)
        check_confirmed(plan, confirmed)
    await service.io(provider.check_launch, params, base_model)  # refused here, nothing is stored
    job = Job(backend=backend, base_model=base_model, params=params, dataset_sha256=dataset_sha256 or {},
              project=project)
    job.name = clean_job_name(name or "") or default_job_name(
        project, base_model, job.created_at, await service.io(project_name, project))
    await service.io(service.store.add, job)
    job_added(service, job)
    try:
        from fttool.providers.base import JobContext

        fields = await provider.start(job, JobContext(service, job.id))
    except Exception as exc:
        code = getattr(exc, "code", "internal_error")
        msg = getattr(exc, "message", str(exc))
        failed = await service.io(service.store.update, job.id, status=Status.FAILED,
                                  error={"code": code, "message": msg})
        job_updated(service, failed)
        raise
    job = await service.io(service.store.update, job.id, **fields)
    job_updated(service, job)
    if not job.terminal:
        service.watch(job.id)
    return job.to_dict()


def project_name(project: str | None) -> str | None:
    """The project's own name (project.json), None when it cannot be read (blocking: a file read)."""
    if not project:
        return None
    import json
    from pathlib import Path

    try:
        meta = json.loads((Path(project) / "project.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = meta.get("name") if isinstance(meta, dict) else None
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def rename_job(service: JobService, job_id: str, name: str) -> dict[str, Any]:
    """Give a job a name of the person's own (one line, at most 120 characters); an empty name brings back
    the default. Stored in one transaction; tells the views."""
    assert service.store is not None
    cleaned = clean_job_name(name)
    if not cleaned:
        job = service.store.get(job_id)
        cleaned = default_job_name(job.project, job.base_model, job.created_at, project_name(job.project))
    updated: Job = service.store.update(job_id, name=cleaned)
    job_updated(service, updated)
    return updated.to_dict()


async def cancel_job(service: JobService, job_id: str) -> dict[str, Any]:
    assert service.store is not None
    job: Job = await service.io(service.store.get, job_id)
    if job.terminal:
        return job.to_dict()
    result = await service.provider(job.backend).cancel(job)
    updated = await service.apply_poll(job_id, result)
    return updated.to_dict()


async def resume_job(service: JobService, job_id: str) -> dict[str, Any]:
    """Resume a job: a paused cloud job with the provider's own resume (OpenAI), a stopped one from its last
    checkpoint (local TRL jobs: after a cancel, a crash or a reboot)."""
    assert service.store is not None
    job: Job = await service.io(service.store.get, job_id)
    provider = service.provider(job.backend)
    caps = provider.capabilities()
    if job.status == Status.PAUSED and caps.pause_resume:
        result = await provider.resume(job)
        updated: Job = await service.apply_poll(job_id, result)
        if not updated.terminal:
            service.watch(job_id)
        return updated.to_dict()
    if not job.terminal or job.status == Status.SUCCEEDED:
        raise UsageError("resume_not_stopped", job_id=job_id, status=job.status.value)
    fields = await provider.resume_from_checkpoint(job)
    events = fields.pop("events", [])
    job = await service.io(service.store.update, job_id, **fields)
    stored = await service.io(service.store.append_events, job_id, events) if events else []
    job_updated(service, job, stored)
    if not job.terminal:
        service.watch(job.id)
    return job.to_dict()


def launch_plan(service: JobService, backend: str, params: dict[str, Any], base_model: str | None = None,
                project: str | None = None, budget_usd: float | None = None) -> dict[str, Any]:
    """The launch plan (fttool.jobs.plan) a confirmation shows; its fingerprint goes back with create_job."""
    from fttool.jobs.plan import plan_launch

    params = {k: v for k, v in (params or {}).items() if k not in OUTCOME_PARAMS}
    return plan_launch(backend, base_model, params, project, budget_usd,
                       service.provider(backend)).to_dict()


def credential_status(service: JobService) -> dict[str, Any]:
    ok, backend, reason = credentials.keyring_status()
    servers = [credentials.SERVER_PREFIX + n for n in (settings.get("servers") or {})]
    return {"keyring_ok": ok, "backend": backend, "reason": reason, "secrets": credentials.status(servers)}


def set_secret(service: JobService, name: str, value: str) -> dict[str, Any]:
    credentials.set_secret(name, value)
    return {"name": name, "source": credentials.where(name)}


def delete_secret(service: JobService, name: str) -> dict[str, Any]:
    deleted = credentials.delete_secret(name)
    return {"name": name, "deleted": deleted, "source": credentials.where(name)}


def load_settings(service: JobService) -> dict[str, Any]:
    return settings.load()


def save_settings(service: JobService, changes: dict[str, Any]) -> dict[str, Any]:
    return settings.update(changes)


def backend_capabilities(service: JobService) -> dict[str, dict[str, Any]]:
    """What each backend can do (fttool.providers.base.Capabilities), for views that must not name backends."""
    import dataclasses

    from fttool.providers.registry import backend_names, get_provider

    out: dict[str, dict[str, Any]] = {}
    for name in backend_names():
        try:
            out[name] = dataclasses.asdict(get_provider(name).capabilities())
        except Exception:  # a backend that cannot load here offers nothing
            out[name] = {}
    return out


async def test_connection(service: JobService, provider: str, timeout: float = 15.0) -> dict[str, Any]:
    from fttool.connection import check_connection

    return await check_connection(provider, timeout=timeout)


# -- commands every backend shares: pause, import from the account, estimate, what a launch shows -------------
async def _job_and_provider(service: JobService, job_id: str) -> tuple[Job, Any]:
    assert service.store is not None
    job: Job = await service.io(service.store.get, job_id)
    return job, service.provider(job.backend)


async def pause_job(service: JobService, job_id: str) -> dict[str, Any]:
    job, provider = await _job_and_provider(service, job_id)
    if not provider.capabilities().pause_resume:
        raise UsageError("no_pause")
    result = await provider.pause(job)
    return (await service.apply_poll(job_id, result)).to_dict()


async def import_jobs(service: JobService, backend: str = "openai") -> dict[str, Any]:
    """Jobs and fine-tuned models made outside fttool in the same account, added to the store (once)."""
    assert service.store is not None
    provider = service.provider(backend)
    known: list[Job] = await service.io(service.store.list)
    known_ids = {j.provider_job_id for j in known if j.backend == backend and j.provider_job_id}
    known_models = {j.result_model for j in known if j.backend == backend and j.result_model}
    ours = {j.id for j in known}
    added: list[str] = []
    watch: list[str] = []
    remote = await provider.list_remote_jobs()
    for ft in reversed(remote):  # oldest first, so the newest ends on top
        if ft.id in known_ids or (getattr(ft, "metadata", None) or {}).get("fttool_job") in ours:
            continue
        job = provider.imported_job(ft)
        await service.io(service.store.add, job)
        job_added(service, job)
        added.append(job.id)
        if job.result_model:
            known_models.add(job.result_model)
        if not job.terminal:
            watch.append(job.id)
    # spread the first polls over one poll interval: fifty imported jobs must not poll in lockstep
    import asyncio

    loop = asyncio.get_running_loop()
    for i, job_id in enumerate(watch):
        loop.call_later(i * service.poll_interval / max(len(watch), 1), service.watch, job_id)
    models_added = []
    for model_id in await provider.list_tuned_models():
        if model_id in known_models:
            continue
        job = provider.imported_model(model_id)
        await service.io(service.store.add, job)
        job_added(service, job)
        models_added.append(model_id)
    return {"backend": backend, "jobs_added": len(added), "models_added": len(models_added), "job_ids": added}


def estimate_cost_command(service: JobService, backend: str, params: dict[str, Any],
                          base_model: str | None = None) -> dict[str, Any] | None:
    """The estimate off the GUI thread (token counting reads the whole file)."""
    provider = service.provider(backend)
    est = provider.estimate_cost({"model": base_model, **params} if base_model else params)
    if est is None:
        return None
    detail = est.detail
    notice = provider.date_notice()
    if notice:  # the Train view shows the date above the form; keep the estimate to the computation
        from fttool.messages import render

        detail = detail.replace("; " + render(*notice).rstrip("."), "")
    return {"usd": est.usd, "billed_tokens": est.billed_tokens, "price_source": est.price_source,
            "price_date": est.price_date, "detail": detail, "detail_code": est.detail_code,
            "detail_params": est.detail_params}


def provider_info(service: JobService, backend: str) -> dict[str, Any]:
    """What a Train view panel shows before a launch, asked once when it is built: the backend's name and label,
    capabilities, the date notice, models, parameters (ParamSpec as dicts: `ParamSpec(**d)` with lists as
    tuples) and `facts`, the provider's `form_facts()` (the local panel's presets, engines' fields, fields this
    computer cannot use...)."""
    from dataclasses import asdict

    from fttool.messages import render

    provider = service.provider(backend)
    caps = provider.capabilities()
    notice = provider.date_notice()
    return {"backend": backend, "label": provider.label or backend, "capabilities": asdict(caps),
            "notice": ({"code": notice[0], "params": notice[1], "message": render(*notice)} if notice else None),
            "fine_tunable": provider.fine_tunable(),
            "parameters": [asdict(p) for p in provider.parameters()],
            "facts": provider.form_facts()}


def budget_usd(project: str | None) -> float | None:
    """The launch budget (the one reader: fttool.jobs.plan.budget_usd)."""
    from fttool.jobs.plan import budget_usd as read

    return read(project)


def launch_check(service: JobService, backend: str, params: dict[str, Any], base_model: str | None = None,
                 project: str | None = None) -> dict[str, Any]:
    """What the confirmation shows: the estimate, the budget, whether new jobs are accepted, the date notice,
    and the parameter problems found before anything is sent."""
    from dataclasses import asdict

    from fttool.jobs.plan import plan_launch
    from fttool.messages import render

    provider = service.provider(backend)
    problems = [asdict(p) for p in provider.validate_parameters(params)]
    caps = provider.capabilities()
    estimate = None if problems else estimate_cost_command(service, backend, params, base_model)
    notice = provider.date_notice()
    model_notice = provider.model_notice(base_model)
    plan = plan_launch(backend, base_model, params, project, None, provider)  # its fingerprint confirms the launch
    return {"problems": problems, "estimate": estimate, "budget_usd": plan.budget_usd, "plan": plan.to_dict(),
            "fingerprint": plan.fingerprint,
            "accepts_new_jobs": caps.accepts_new_jobs,
            "not_accepting": None if caps.accepts_new_jobs else {"reason": caps.not_accepting_reason,
                                                                 "since": caps.not_accepting_since},
            "notice": render(*notice) if notice else "",
            "model_notice": render(*model_notice) if model_notice else ""}


def task_cancel(service: JobService, task: str) -> bool:
    """Stop the long command running under the task id `task` (the one cancel protocol: JobService.cancel_task;
    `task_id` itself is the name submit takes to start one)."""
    return service.cancel_task(task)


def register_commands(service: JobService) -> None:
    """The jobs room's own commands (the built-in ones every backend shares)."""
    from fttool.messages import register

    register({"invalid_parameters": "The parameters are not valid: {problems}",
              "resume_not_stopped": "Job {job_id} is {status}: only a paused, cancelled or failed job resumes.",
              "resume_unsupported": "Jobs on {backend} cannot be resumed from a checkpoint."})
    service.register_command("ping", ping)
    service.register_command("task_cancel", task_cancel)
    service.register_command("pause_job", pause_job)
    service.register_command("import_jobs", import_jobs)
    service.register_command("estimate_cost", estimate_cost_command, blocking=True)
    service.register_command("provider_info", provider_info, blocking=True)
    service.register_command("launch_check", launch_check, blocking=True)
    service.register_command("list_jobs", list_jobs, blocking=True)
    service.register_command("get_job", get_job, blocking=True)
    service.register_command("job_events", job_events, blocking=True)
    service.register_command("create_job", create_job)
    service.register_command("launch_plan", launch_plan, blocking=True)
    service.register_command("cancel_job", cancel_job)
    service.register_command("job_rename", rename_job, blocking=True)
    service.register_command("resume_job", resume_job)
    service.register_command("credential_status", credential_status, blocking=True)
    service.register_command("set_secret", set_secret, blocking=True)
    service.register_command("delete_secret", delete_secret, blocking=True)
    service.register_command("load_settings", load_settings, blocking=True)
    service.register_command("save_settings", save_settings, blocking=True)
    service.register_command("test_connection", test_connection)
    service.register_command("backend_capabilities", backend_capabilities, blocking=True)


def register_all(service: JobService) -> None:
    """Every room's commands: the jobs room's, then each module in SERVICE_COMMAND_MODULES (the service calls this
    on its own thread when it starts)."""
    import importlib

    register_commands(service)
    for module, function in SERVICE_COMMAND_MODULES:
        getattr(importlib.import_module(module), function)(service)


# Each room's service commands: module and the function that registers them (each one idempotent). They are
# registered on the service thread when it starts, so views never need to (and the GUI never waits for it).
SERVICE_COMMAND_MODULES: list[tuple[str, str]] = [
    ("fttool.providers.commands", "register_commands"),  # Clean up, Azure deployments, Together downloads, endpoints
    ("fttool.hub.commands", "register_commands"),  # Hub hardware, estimates, push
    ("fttool.datasets.commands", "register_commands"),  # the Data view, its Split dialog, synthetic examples
    ("fttool.decision.commands", "register_commands"),  # the Decide view's scoring and reports
    ("fttool.chat.commands", "register_commands"),  # chat, model lists, evaluation
    ("fttool.runtime.commands", "register_commands"),  # the local training runtime
    ("fttool.project_commands", "register_commands"),  # the File menu: new, open, rename, duplicate, recent projects
]
