"""The one cancel and progress protocol: a long command run under a task id reports `progress` events and stops
when `cancel_task(task_id)` is called, even when the cancel comes before the command starts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from fttool.errors import Cancelled
from fttool.jobs.service import Event, JobService


def _counting(started: threading.Event) -> Callable[..., int]:
    def count(svc: JobService, n: int, progress: Any = None, cancel: Any = None) -> int:
        started.set()
        for i in range(n):
            if cancel is not None and cancel():
                raise Cancelled()
            if progress is not None:
                progress(i + 1, n, f"row {i + 1}")
            time.sleep(0.01)
        return n

    return count


def test_progress_events_name_the_task_and_end_at_the_total(service: JobService) -> None:
    events: list[Event] = []
    service.subscribe(events.append)
    service.register_command("count", _counting(threading.Event()), blocking=True)
    assert service.submit("count", task_id="t-1", n=30).result(10) == 30
    progress = [e.payload for e in events if e.kind == "progress"]
    assert progress and all(p["task"] == "t-1" for p in progress)
    assert progress[-1]["done"] == progress[-1]["total"] == 30  # the last report always goes out
    assert len(progress) < 30  # throttled: at most one event per 50 ms
    assert service.cancel_task("t-1") is False  # the task is gone once its command ended


def test_cancel_task_stops_the_command(service: JobService) -> None:
    started = threading.Event()
    service.register_command("count", _counting(started), blocking=True)
    future = service.submit("count", task_id="t-2", n=10_000)
    assert started.wait(10)
    assert service.call("task_cancel", task="t-2") is True
    with pytest.raises(Cancelled):
        future.result(10)


def test_a_cancel_before_the_start_counts(service: JobService) -> None:
    gate = threading.Event()
    service.register_command("wait", lambda svc: gate.wait(10), blocking=True)
    service.register_command("count", _counting(threading.Event()), blocking=True)
    blockers = [service.submit("wait") for _ in range(4)]  # every io worker busy: count waits its turn
    future = service.submit("count", task_id="t-3", n=100)
    assert service.cancel_task("t-3") is True
    gate.set()
    with pytest.raises(Cancelled):
        future.result(10)
    for b in blockers:
        b.result(10)


def test_without_a_task_id_the_caller_keeps_its_own_callables(service: JobService) -> None:
    seen: list[int] = []
    service.register_command("count", _counting(threading.Event()), blocking=True)
    assert service.call("count", n=3, progress=lambda d, t, m: seen.append(d)) == 3
    assert seen == [1, 2, 3]
