"""The job record every backend shares, and its status enum with a terminal set."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from fttool.clock import iso_now

# params a run writes into its own job record (a plan, a result, what the provider billed): a clone never carries
# them into the new job
OUTCOME_PARAMS = ("recipe_plan", "first_look_result", "checkpoints", "cost_usd", "create_state", "epochs_used",
                  "estimated_billed_tokens", "estimated_cost_usd", "price_date", "trained_tokens")


class Status(str, Enum):
    PENDING = "pending"
    UPLOADING = "uploading"
    VALIDATING = "validating"
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in TERMINAL

    def __str__(self) -> str:
        return self.value


TERMINAL = frozenset({Status.SUCCEEDED, Status.FAILED, Status.CANCELLED})
CONNECTION_OK = "ok"
CONNECTION_RECONNECTING = "reconnecting"


def process_owner_id() -> str:
    """Who holds a lease on a job: host, pid and a random part (a reused pid never matches)."""
    host = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "host")
    return f"{host}:{os.getpid()}:{os.urandom(4).hex()}"


def new_job_id() -> str:
    return "job-" + os.urandom(6).hex()


@dataclass
class Job:
    backend: str
    id: str = field(default_factory=new_job_id)
    status: Status = Status.PENDING
    provider_job_id: str | None = None
    base_model: str | None = None
    result_model: str | None = None
    created_at: str = field(default_factory=iso_now)
    updated_at: str = field(default_factory=iso_now)
    params: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, list[list[float]]] = field(default_factory=dict)  # name -> [[step, value], ...]
    error: dict[str, str] | None = None  # {code, message}
    provider_status: str | None = None  # the provider's own word
    connection: str = CONNECTION_OK  # "ok" or "reconnecting"
    dataset_sha256: dict[str, str] = field(default_factory=dict)  # split name -> sha256 of the file used
    project: str | None = None
    name: str | None = None  # the person's name for the job; None: default_job_name() on display
    # the run's progress as the provider last measured it (fttool.jobs.progress): step/total, epoch/epochs,
    # tokens, the provider's time left, and when it was measured
    progress: dict[str, Any] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["status"] = self.status.value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Job:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        known["status"] = Status(known.get("status", "pending"))
        if known.get("progress") is None:
            known.pop("progress", None)
        return cls(**known)


def short_model_name(model: str | None) -> str:
    """A model's short name for a job's name: the last part of a repo id or a folder path."""
    text = str(model or "").rstrip("/\\")
    return text.replace("\\", "/").rsplit("/", 1)[-1] if text else ""


def default_job_name(project: str | None, base_model: str | None, created_at: str | None,
                     project_name: str | None = None) -> str:
    """`{project} · {model} · {date}` (the local date, YYYY-MM-DD: the same in every language); a part that is
    unknown is left out. `project_name`: the project's own name when known, else the project folder's name."""
    from datetime import datetime

    parts = []
    proj = project_name or (str(project).rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] if project else "")
    if proj:
        parts.append(proj)
    model = short_model_name(base_model)
    if model:
        parts.append(model)
    if created_at:
        try:
            when = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
            parts.append((when.astimezone() if when.tzinfo else when).strftime("%Y-%m-%d"))
        except ValueError:
            pass
    return " · ".join(parts)


def clean_job_name(name: str, limit: int = 120) -> str:
    """A job name as stored: one line, spaces collapsed, at most `limit` characters."""
    return " ".join(str(name).split())[:limit]
