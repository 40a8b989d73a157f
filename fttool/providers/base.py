"""The one small interface every training backend implements (after Kiln's base_finetune.py).

A provider says what it can do (`capabilities`), which parameters it takes (`parameters`: descriptors the UI
draws its form from), validates them before anything is sent, and runs the job operations. Polling returns
a `PollResult`; it does not raise for a job that failed (only for trouble reaching the provider, which the
service shows as "reconnecting").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from fttool.jobs.events import job_updated
from fttool.jobs.record import Job, Status


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str  # "int", "float", "str", "bool", "choice"
    default: Any = None
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    required: bool = False
    label: str = ""
    engines: tuple[str, ...] = ()  # local training: the engines that use it (empty: every engine)
    advanced: bool = False  # shown only in the Train view's Advanced mode (its default applies in Simple)


@dataclass(frozen=True)
class ParamProblem:
    """A parameter's problem: its code (what is wrong), the English message the CLI prints, and what a view needs
    to say it in the person's language: the catalog `template` (defaults to the code) and its `params`."""

    name: str
    code: str  # e.g. "param_out_of_range"
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    template: str = ""

    @classmethod
    def of(cls, name: str, code: str, template: str | None = None, **params: Any) -> ParamProblem:
        from fttool.messages import render

        params.setdefault("name", name)
        return cls(name, code, render(template or code, params), params, template or code)


@dataclass(frozen=True)
class Capabilities:
    methods: tuple[str, ...] = ("supervised",)
    pause_resume: bool = False
    checkpoints: bool = False
    accepts_new_jobs: bool = True
    not_accepting_reason: str | None = None
    not_accepting_since: str | None = None  # ISO date
    billable: bool = True
    resume: bool = False  # a stopped job can continue from its last checkpoint (local TRL engine)
    # what a finished job's result offers (the Jobs view's actions come from these, not from backend names)
    push: bool = False  # the result model can be pushed to the Hugging Face Hub
    deploy: bool = False  # the result model can be deployed for chat (a deployment, an endpoint)
    export: bool = False  # the result can be downloaded or exported as files
    open_folder: bool = False  # the job keeps a folder on this computer
    # how a deploy is set up: "deployment" (a model deployment: Azure's) or "endpoint" (a dedicated endpoint
    # that hosts the model: Together AI's); the Jobs view opens the matching dialog
    deploy_kind: str = "deployment"
    provider_status: bool = True  # a provider has its own word for the job's state ("Provider says"); not local
    # what the Train view's panel offers besides the launch (from these, not from backend names)
    import_jobs: bool = False  # jobs and tuned models made outside fttool in the account can be imported
    cleanup: bool = False  # the files, models and deployments fttool made at the provider can be listed and deleted


@dataclass
class PollResult:
    status: Status
    provider_status: str | None = None
    metrics: dict[str, list[list[float]]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    result_model: str | None = None
    error: dict[str, str] | None = None
    next_poll_seconds: float | None = None  # a provider may ask to be polled sooner or later
    params: dict[str, Any] = field(default_factory=dict)  # merged into the job's params (trained_tokens, cost...)
    provider_job_id: str | None = None  # set when the provider found its job id while polling
    progress: dict[str, Any] | None = None  # the record's new progress (fttool.jobs.progress), None: unchanged


def validate_against(specs: list[ParamSpec], params: dict[str, Any]) -> list[ParamProblem]:
    """Generic checks from the descriptors: required, type, range, choices."""
    problems: list[ParamProblem] = []
    for s in specs:
        if s.name not in params or params[s.name] is None:
            if s.required:
                problems.append(ParamProblem.of(s.name, "param_required"))
            continue
        v = params[s.name]
        try:
            if s.type == "int":
                if isinstance(v, bool) or int(v) != float(v):
                    raise ValueError
                v = int(v)
            elif s.type == "float":
                v = float(v)
            elif s.type == "bool" and not isinstance(v, bool):
                raise ValueError
        except (TypeError, ValueError):
            problems.append(ParamProblem.of(s.name, "param_type", f"param_type_{s.type}"))
            continue
        if s.type in ("int", "float"):
            if s.minimum is not None and v < s.minimum:
                problems.append(ParamProblem.of(s.name, "param_out_of_range", "param_at_least", minimum=s.minimum))
            if s.maximum is not None and v > s.maximum:
                problems.append(ParamProblem.of(s.name, "param_out_of_range", "param_at_most", maximum=s.maximum))
        if s.type == "choice" and s.choices and v not in s.choices:
            problems.append(ParamProblem.of(s.name, "param_choice", choices=", ".join(s.choices)))
    return problems


from fttool.messages import register  # noqa: E402  (the catalog of the parameter checks)

register({
    "param_required": "{name} is required.",
    "param_type_int": "{name} must be a whole number.",
    "param_type_float": "{name} must be a number.",
    "param_type_bool": "{name} must be true or false.",
    "param_type_str": "{name} must be text.",
    "param_type_choice": "{name} must be one of the listed values.",
    "param_at_least": "{name} must be at least {minimum}.",
    "param_at_most": "{name} must be at most {maximum}.",
    "param_choice": "{name} must be one of {choices}.",
    "param_at_most_chars": "{name} must be at most {maximum} characters.",
    "param_only_dpo": "{name} applies to the dpo method only.",
    "param_timeout_format": "{name} must look like 90m, 3h or 5400.",
    "estimate_detail": "{examples} examples, {tokens} tokens x {epochs} epochs = {billed} billed tokens at ${price} "
                       "per 1M",
})


from fttool.tables import CostEstimate  # noqa: E402  (the one estimate shape; providers fill it)


class JobContext:
    """What a provider may use while starting a job: report progress into the store, add events, and its own
    folder under the data dir. The service makes one per start."""

    def __init__(self, service: Any, job_id: str) -> None:
        self._service = service
        self.job_id = job_id
        from fttool.paths import jobs_files_dir

        self.job_dir = jobs_files_dir() / job_id
        self.job_dir.mkdir(parents=True, exist_ok=True)

    async def update(self, **fields: Any) -> Job:
        """Store fields of the job's record and tell the views (`job_updated`, with any new metric points)."""
        job: Job = await self._service.io(self._service.store.update, self.job_id, **fields)
        job_updated(self._service, job, metrics=fields.get("metrics"))
        return job

    async def add_events(self, events: list[dict[str, Any]]) -> None:
        """Add to the job's event log and tell the views (`job_updated` carries the events stored)."""
        store = self._service.store
        stored = await self._service.io(store.append_events, self.job_id, events)
        if stored:
            job_updated(self._service, await self._service.io(store.get, self.job_id), stored)


class Provider(ABC):
    name: str = ""
    label: str = ""

    def capabilities(self) -> Capabilities:
        return Capabilities()

    def parameters(self) -> list[ParamSpec]:
        return []

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        return validate_against(self.parameters(), params)

    def form_facts(self) -> dict[str, Any]:
        """What the Train view's panel shows beside the descriptors (presets, the fields each engine uses, the
        fields this computer cannot use and why...): plain JSON-able data, sent by `provider_info`. None here."""
        return {}

    def estimate_cost(self, params: dict[str, Any]) -> CostEstimate | None:
        """The money a launch would cost, shown for confirmation before anything billable is sent.
        None for backends that bill nothing (local training)."""
        return None

    def check_launch(self, params: dict[str, Any], base_model: str | None) -> Any:
        """Checks every launch gets before the job is stored (quick: no upload, no subprocess). Raises UsageError
        naming every problem; a backend with nothing to check returns None."""
        return None

    def date_notice(self) -> tuple[str, dict[str, Any]] | None:
        """A dated fact about this backend to show before a launch (a catalog code and its params), if any."""
        return None

    def model_notice(self, model: str | None) -> tuple[str, dict[str, Any]] | None:
        """A dated fact about one base model (a retirement date), if any."""
        return None

    def fine_tunable(self) -> list[str]:
        """The base models this backend fine-tunes, when it has a list (empty: any model the person names)."""
        return []

    async def pause(self, job: Job) -> PollResult:
        """Pause a running job (capabilities().pause_resume)."""
        from fttool.errors import UsageError

        raise UsageError("no_pause")

    async def resume(self, job: Job) -> PollResult:
        """Resume a paused job (capabilities().pause_resume)."""
        from fttool.errors import UsageError

        raise UsageError("no_pause")

    async def list_remote_jobs(self) -> list[Any]:
        """Jobs in the person's account that another tool may have made (import); none by default."""
        return []

    async def list_tuned_models(self) -> list[str]:
        """Fine-tuned models in the person's account (import); none by default."""
        return []

    def imported_job(self, remote: Any) -> Job:
        """The job record of one of `list_remote_jobs()`."""
        raise NotImplementedError

    def imported_model(self, model_id: str) -> Job:
        """The record of a tuned model found with no job (`list_tuned_models()`)."""
        return Job(backend=self.name, status=Status.SUCCEEDED, provider_status="model only", result_model=model_id,
                   params={"imported": True, "imported_model_only": True})

    async def resume_from_checkpoint(self, job: Job) -> dict[str, Any]:
        """Continue a stopped job from its last checkpoint (capabilities().resume); returns the fields to store.
        (A paused cloud job resumes with the provider's own `resume`, capabilities().pause_resume.)"""
        from fttool.errors import UsageError

        raise UsageError("resume_unsupported", backend=self.name)

    @abstractmethod
    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        """Send the job (upload, create, launch); returns the fields to store (provider_job_id, status,
        provider_status...). Long steps report through `ctx.update(status=..., provider_status=...)`."""

    @abstractmethod
    async def poll(self, job: Job) -> PollResult:
        """The job's state now. Raises ConnectionProblem only when the provider cannot be reached."""

    @abstractmethod
    async def cancel(self, job: Job) -> PollResult:
        """Ask the provider to stop the job."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release clients, sockets, subprocess handles."""
