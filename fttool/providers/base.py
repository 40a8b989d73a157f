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

from fttool.jobs.models import Job, Status


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


@dataclass(frozen=True)
class ParamProblem:
    name: str
    code: str  # e.g. "param_out_of_range"
    message: str


@dataclass(frozen=True)
class Capabilities:
    methods: tuple[str, ...] = ("supervised",)
    pause_resume: bool = False
    checkpoints: bool = False
    accepts_new_jobs: bool = True
    not_accepting_reason: str | None = None
    not_accepting_since: str | None = None  # ISO date
    billable: bool = True


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


def validate_against(specs: list[ParamSpec], params: dict[str, Any]) -> list[ParamProblem]:
    """Generic checks from the descriptors: required, type, range, choices."""
    problems: list[ParamProblem] = []
    for s in specs:
        if s.name not in params or params[s.name] is None:
            if s.required:
                problems.append(ParamProblem(s.name, "param_required", f"{s.name} is required"))
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
            problems.append(ParamProblem(s.name, "param_type", f"{s.name} must be a {s.type}"))
            continue
        if s.type in ("int", "float"):
            if s.minimum is not None and v < s.minimum:
                problems.append(ParamProblem(s.name, "param_out_of_range", f"{s.name} must be at least {s.minimum}"))
            if s.maximum is not None and v > s.maximum:
                problems.append(ParamProblem(s.name, "param_out_of_range", f"{s.name} must be at most {s.maximum}"))
        if s.type == "choice" and s.choices and v not in s.choices:
            problems.append(ParamProblem(s.name, "param_choice", f"{s.name} must be one of {', '.join(s.choices)}"))
    return problems


@dataclass
class CostEstimate:
    usd: float | None  # None when no price is known
    billed_tokens: int | None = None
    price_source: str = ""  # where the price comes from, e.g. "resources/prices.json"
    price_date: str = ""  # the date of the price table
    detail: str = ""  # how it was computed, in words


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
        job: Job = await self._service.io(self._service.store.update, self.job_id, **fields)
        self._service.emit("job_updated", job=job.to_dict())
        return job

    async def add_events(self, events: list[dict[str, Any]]) -> None:
        await self._service.io(self._service.store.add_events, self.job_id, events)


class Provider(ABC):
    name: str = ""
    label: str = ""

    def capabilities(self) -> Capabilities:
        return Capabilities()

    def parameters(self) -> list[ParamSpec]:
        return []

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        return validate_against(self.parameters(), params)

    def estimate_cost(self, params: dict[str, Any]) -> CostEstimate | None:
        """The money a launch would cost, shown for confirmation before anything billable is sent.
        None for backends that bill nothing (local training)."""
        return None

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
