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
        return cls(**known)
