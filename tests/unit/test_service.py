"""The job service thread: commands in, events out, errors as events, watching that survives restarts."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from fttool.errors import FtError
from fttool.jobs.record import Status
from fttool.jobs.service import Event, JobService
from tests.support import scripted_provider
from tests.support.scripted_provider import SCRIPT


@pytest.fixture(autouse=True)
def scripted() -> Iterator[None]:
    scripted_provider.install()
    SCRIPT.status.clear()
    SCRIPT.polls.clear()
    SCRIPT.fail_polls.clear()
    SCRIPT.step.clear()
    yield
    from fttool.providers.registry import REGISTRY

    REGISTRY.pop("scripted", None)


def wait_until(cond: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def new_service() -> JobService:
    return JobService(poll_interval=0.05, lease_ttl=1.0, max_backoff=0.1).start()


def test_a_failing_command_comes_back_as_an_error_event_and_the_thread_lives_on(service: JobService) -> None:
    events: list[Event] = []
    service.subscribe(events.append)

    def boom(svc: JobService) -> None:
        raise ValueError("kaput with sk-abcdefghijklmnop1234")

    service.register_command("boom", boom, blocking=True)
    with pytest.raises(ValueError):
        service.call("boom")
    errors = [e for e in events if e.kind == "error"]
    assert errors and errors[0].payload["command"] == "boom"
    assert "sk-abcdefghijklmnop1234" not in errors[0].payload["details"]  # redacted
    assert "ValueError" in errors[0].payload["details"]
    assert service.running and service.call("ping") == "pong"


def test_typed_errors_keep_their_code(service: JobService) -> None:
    events: list[Event] = []
    service.subscribe(events.append)
    with pytest.raises(FtError):
        service.call("get_job", job_id="job-nope")
    assert any(e.kind == "error" and e.payload["code"] == "job_not_found" for e in events)
    with pytest.raises(FtError):
        service.call("no_such_command")
    assert any(e.kind == "error" and e.payload["code"] == "unknown_command" for e in events)


def test_activity_events_report_busy_commands(service: JobService) -> None:
    events: list[Event] = []
    service.subscribe(events.append)
    fut = service.submit("ping", delay=0.2, activity_text="Testing")
    wait_until(lambda: any(e.kind == "activity" and e.payload["busy"] == 1 for e in events))
    assert fut.result(5) == "pong"
    wait_until(lambda: events[-1].kind == "activity" and events[-1].payload["busy"] == 0)
    assert any(e.payload.get("text") == "Testing" for e in events if e.kind == "activity")


def test_a_job_is_watched_to_its_end_with_metrics_and_events(service: JobService) -> None:
    job = service.call("create_job", backend="scripted", base_model="m", params={"epochs": 1})
    assert job["status"] == "queued" and job["provider_job_id"] == "remote-" + job["id"]
    wait_until(lambda: len(SCRIPT.polls) >= 3)
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    wait_until(lambda: service.call("get_job", job_id=job["id"])["status"] == "succeeded")
    final = service.call("get_job", job_id=job["id"])
    assert final["result_model"] == "ft:scripted:" + job["id"]
    assert final["provider_status"] == "remote:succeeded"
    steps = [p[0] for p in final["metrics"]["train_loss"]]
    assert steps == sorted(steps) and len(steps) >= 3
    assert len(service.call("job_events", job_id=job["id"])) == len(steps)


def test_watching_resumes_after_a_restart() -> None:
    svc = new_service()
    job = svc.call("create_job", backend="scripted", base_model="m")
    wait_until(lambda: len(SCRIPT.polls) >= 2)
    svc.stop()  # the app closes while the job runs
    polls_before = len(SCRIPT.polls)
    time.sleep(0.2)
    assert len(SCRIPT.polls) == polls_before  # nobody watches while the app is closed
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    svc2 = new_service()  # the store is reopened; the unfinished job is watched again
    try:
        wait_until(lambda: svc2.call("get_job", job_id=job["id"])["status"] == "succeeded")
        assert len(SCRIPT.polls) > polls_before
    finally:
        svc2.stop()


def test_two_services_never_watch_the_same_job_at_once() -> None:
    a = new_service()
    job = a.call("create_job", backend="scripted", base_model="m")
    b = new_service()  # a second process (e.g. `fttool jobs watch`) on the same store
    try:
        b.watch_threadsafe(job["id"])
        wait_until(lambda: len(SCRIPT.polls) >= 10)
        pollers = {owner for jid, owner in SCRIPT.polls if jid == job["id"]}
        assert len(pollers) == 1  # one provider instance, i.e. one service, polled
        a.stop()  # the watcher goes away: the other takes over when the lease runs out
        n = len(SCRIPT.polls)
        wait_until(lambda: len(SCRIPT.polls) > n + 3, timeout=10)
        assert len({owner for jid, owner in SCRIPT.polls[n:]}) == 1
        assert {owner for jid, owner in SCRIPT.polls[n:]} != pollers
    finally:
        a.stop()
        b.stop()


def test_a_dropped_connection_shows_reconnecting_never_failed(service: JobService) -> None:
    updates: list[dict] = []
    service.subscribe(lambda e: updates.append(e.payload["job"]) if e.kind == "job_updated" else None)
    job = service.call("create_job", backend="scripted", base_model="m")
    SCRIPT.fail_polls[job["id"]] = 3
    wait_until(lambda: any(u["connection"] == "reconnecting" for u in updates))
    assert all(u["status"] != "failed" for u in updates)
    wait_until(lambda: updates[-1]["connection"] == "ok" and SCRIPT.fail_polls[job["id"]] == 0)
    service.call("cancel_job", job_id=job["id"])
    assert service.call("get_job", job_id=job["id"])["status"] == "cancelled"


def test_job_events_carry_the_change(service: JobService) -> None:
    """Issue 21: job_added carries the stored record; each job_updated the new record, the events just stored
    (with their seq, each told once) and the metric points just reported."""
    told: list[tuple[str, dict]] = []
    service.subscribe(lambda e: told.append((e.kind, e.payload)) if e.kind in ("job_added", "job_updated") else None)
    job = service.call("create_job", backend="scripted", base_model="m")
    wait_until(lambda: len([p for k, p in told if k == "job_updated" and p["events"]]) >= 3)
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    wait_until(lambda: told[-1][1]["job"]["status"] == "succeeded")
    kinds = [k for k, _ in told]
    assert kinds[0] == "job_added" and kinds.count("job_added") == 1
    assert told[0][1]["job"]["id"] == job["id"] and told[0][1]["job"]["status"] == "pending"
    updates = [p for k, p in told[1:]]
    assert all(p["job"]["id"] == job["id"] and "events" in p for p in updates)
    events = [e for p in updates for e in p["events"]]
    assert events == service.call("job_events", job_id=job["id"])  # every stored event, told once, in order
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    polled = [p for p in updates if p["events"]]
    for p in polled:  # a poll's metric point beside its event; the record holds the whole series
        (event,) = p["events"]
        step = int(event["message"].split()[-1])
        assert p["metrics"] == {"train_loss": [[step, 10.0 / step]]}
        assert p["job"]["metrics"]["train_loss"][-1] == [step, 10.0 / step]
    assert all("metrics" not in p for p in updates if not p["events"])  # nothing new: no metrics key


def test_events_a_provider_adds_while_starting_are_told(service: JobService) -> None:
    from fttool.providers.registry import REGISTRY
    from tests.support.scripted_provider import ScriptedProvider

    class Uploading(ScriptedProvider):
        name = "scripted_uploading"

        async def start(self, job, ctx):  # type: ignore[no-untyped-def]
            await ctx.add_events([{"message": "Uploaded train.jsonl as file-1"}])
            return await super().start(job, ctx)

    REGISTRY["scripted_uploading"] = Uploading
    try:
        told: list[dict] = []
        service.subscribe(lambda e: told.append(e.payload) if e.kind == "job_updated" else None)
        job = service.call("create_job", backend="scripted_uploading", base_model="m")
        first = next(p for p in told if p["events"])
        assert first["job"]["id"] == job["id"]
        assert [(e["seq"], e["message"]) for e in first["events"]] == [(1, "Uploaded train.jsonl as file-1")]
        service.call("cancel_job", job_id=job["id"])
    finally:
        REGISTRY.pop("scripted_uploading", None)
