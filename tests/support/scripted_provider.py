"""A provider for testing the job service itself: its poll answers follow a script the test controls.

It implements the real Provider interface; what it stands in for is a remote backend, so the service's
own behaviour (watching, leases, restarts, reconnecting) can be tested without a network."""

from __future__ import annotations

import threading
from typing import Any

from fttool.errors import ConnectionProblem
from fttool.jobs.record import Job, Status
from fttool.providers.base import Capabilities, JobContext, PollResult, Provider


class Script:
    """Shared state: the status each job should report next, and who polled."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.status: dict[str, Status] = {}
        self.fail_polls: dict[str, int] = {}  # job -> number of polls that raise ConnectionProblem
        self.polls: list[tuple[str, int]] = []  # (job id, id(service provider instance))
        self.step: dict[str, int] = {}
        self.progress: dict[str, dict[str, Any]] = {}  # job -> the progress its next polls report


SCRIPT = Script()


class ScriptedProvider(Provider):
    """A backend that bills nothing (so its jobs need no cost confirmation)."""

    name = "scripted"

    def capabilities(self) -> Capabilities:
        return Capabilities(billable=False)

    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        await ctx.update(status=Status.UPLOADING, provider_status="uploading")
        with SCRIPT.lock:
            SCRIPT.status.setdefault(job.id, Status.RUNNING)
        return {"status": Status.QUEUED, "provider_job_id": "remote-" + job.id, "provider_status": "queued"}

    async def poll(self, job: Job) -> PollResult:
        with SCRIPT.lock:
            SCRIPT.polls.append((job.id, id(self)))
            if SCRIPT.fail_polls.get(job.id, 0) > 0:
                SCRIPT.fail_polls[job.id] -= 1
                raise ConnectionProblem("unreachable", provider="scripted", url="-", detail="down")
            status = SCRIPT.status.get(job.id, Status.RUNNING)
            step = SCRIPT.step[job.id] = SCRIPT.step.get(job.id, 0) + 1
        result = PollResult(status=status, provider_status=f"remote:{status.value}",
                            metrics={"train_loss": [[step, 10.0 / step]]},
                            events=[{"message": f"poll {step}", "provider_event_id": f"e{step}"}])
        if status == Status.SUCCEEDED:
            result.result_model = "ft:scripted:" + job.id
        with SCRIPT.lock:
            result.progress = SCRIPT.progress.get(job.id)
        return result

    async def cancel(self, job: Job) -> PollResult:
        with SCRIPT.lock:
            SCRIPT.status[job.id] = Status.CANCELLED
        return PollResult(status=Status.CANCELLED, provider_status="cancelled")


def install() -> None:
    from fttool.providers.registry import REGISTRY

    REGISTRY["scripted"] = ScriptedProvider
