"""Service commands of the Hugging Face room (the Train view's hf panel and the "Push to Hub" action use them).

    hf_hardware()                              -> {"source", "hardware": [{name, label, accelerator, usd_per_minute}]}
    hf_estimate(params, base_model, project)   -> {"usd", "detail", "price_source", "price_date", "billed_tokens",
                                                   "budget_usd"}
    hub_push(path, repo, private=True, project_dir=None, progress=None, cancel=None) -> PushResult dict
    hub_push_job(job_id, repo=None, private=True, progress=None, cancel=None)        -> PushResult dict
        (a finished local job's model folder with a card from the job record and its project; for an hf job
         the model is on the Hub already: {"already": repo})

`register_commands(service)` adds them (idempotent); the service calls it when it starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fttool.errors import UsageError
from fttool.messages import register as register_messages

if TYPE_CHECKING:
    from fttool.jobs.service import JobService

register_messages({
    "hub_job_not_finished": "Job {job_id} has not finished successfully, so there is no model to push yet.",
    "hub_job_no_folder": "Job {job_id} has no model folder on this computer ({path}).",
})


def hf_hardware(service: JobService, refresh: bool = False) -> dict[str, Any]:
    provider = service.provider("hf")
    rows = provider.hardware(refresh=refresh)
    return {"source": provider._hardware_source, "hardware": rows}


def budget_usd(project: str | None) -> float | None:
    """The launch budget (the one reader: fttool.jobs.plan.budget_usd)."""
    from fttool.jobs.plan import budget_usd as read

    return read(project)


def hf_estimate(service: JobService, params: dict[str, Any], base_model: str | None = None,
                project: str | None = None) -> dict[str, Any]:
    from fttool.jobs.plan import plan_launch

    provider = service.provider("hf")
    provider.hardware()  # off the loop (blocking command): live prices when the Hub answers
    est = provider.estimate_cost({**params, "base_model": base_model})
    plan = plan_launch("hf", base_model, params, project, None, provider)  # its fingerprint confirms the launch
    return {"usd": est.usd, "detail": est.detail, "price_source": est.price_source, "price_date": est.price_date,
            "billed_tokens": est.billed_tokens, "budget_usd": plan.budget_usd, "fingerprint": plan.fingerprint,
            "plan": plan.to_dict()}


def hub_push(service: JobService, path: str, repo: str, private: bool = True, project_dir: str | None = None,
             progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    from fttool.hub.push import push_path

    return push_path(path, repo, private=private, project_dir=project_dir, progress=progress,
                     cancel=cancel).to_dict()


def default_model_repo(job: dict[str, Any]) -> str:
    from fttool.providers.huggingface import slug

    base = slug(str(job.get("base_model") or "model").split("/")[-1], 40)
    return f"fttool-{base}-{str(job['id']).removeprefix('job-')[:8]}"


def hub_push_job(service: JobService, job_id: str, repo: str | None = None, private: bool = True,
                 progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    from fttool.hub.push import push_model

    assert service.store is not None
    job = service.store.get(job_id).to_dict()
    if job["status"] != "succeeded":
        raise UsageError("hub_job_not_finished", job_id=job_id)
    if job["backend"] == "hf":
        return {"already": job["result_model"], "repo_id": job["result_model"], "sent": 0, "commit": None}
    folder = Path(str(job.get("result_model") or ""))
    if not folder.is_dir():
        from fttool.paths import jobs_files_dir

        folder = jobs_files_dir() / job_id / "output"
    if not folder.is_dir():
        raise UsageError("hub_job_no_folder", job_id=job_id, path=str(folder))
    project_dir = job.get("project")
    return push_model(folder, repo or default_model_repo(job), private=private, job=job,
                      project_dir=project_dir if project_dir and Path(project_dir).is_dir() else None,
                      progress=progress, cancel=cancel).to_dict()


def register_commands(service: JobService) -> None:
    service.register_command("hf_hardware", hf_hardware, blocking=True)
    service.register_command("hf_estimate", hf_estimate, blocking=True)
    service.register_command("hub_push", hub_push, blocking=True)
    service.register_command("hub_push_job", hub_push_job, blocking=True)
