"""The job events the service sends its subscribers, and what they carry: the change itself, so that a view updates
one row and the open detail without reading the list or the job's events again. Imports only the job record.

- `job_added` {job}: a job was stored (a launch, a clone, an import); `job` is its record (Job.to_dict()).
- `job_updated` {job, events, metrics?}: the job's new record; the events just stored, as the `job_events` command
  reads them (dicts with their `seq`; [] when none); and the metric points just reported ({name: [[step, value]]},
  only when there are new ones: the record holds the whole series).
- `jobs_changed` {}: the service (re)opened the store on start, so any record may differ from a view's copy.
"""

from __future__ import annotations

from typing import Any, Protocol

from fttool.jobs.record import Job


class Emitter(Protocol):
    def emit(self, kind: str, **payload: Any) -> None: ...


def job_added(service: Emitter, job: Job) -> None:
    """A job was stored: its record goes to the subscribers."""
    service.emit("job_added", job=job.to_dict())


def job_updated(service: Emitter, job: Job, events: list[dict[str, Any]] | None = None,
                metrics: dict[str, list[list[float]]] | None = None) -> None:
    """A job changed: its new record, with the events just stored and the metric points just reported."""
    payload: dict[str, Any] = {"job": job.to_dict(), "events": list(events or [])}
    if metrics:
        payload["metrics"] = metrics
    service.emit("job_updated", **payload)
