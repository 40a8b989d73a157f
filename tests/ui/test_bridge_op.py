"""Operations (`bridge.op(...).success().failure().progress().run()`): the one way the GUI runs background work.
A failure nobody handles reaches the one error dialog; a handled one goes only to its handler; a cancel shows
nothing; a progress row follows the service's `progress` events, and its Cancel stops the command by task id."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from fttool.errors import Cancelled, UsageError
from fttool.jobs.service import JobService


@pytest.fixture
def bridge(service: JobService, qtbot: Any) -> Iterator[Any]:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=10_000)
    b.close()


def _register(service: JobService, started: threading.Event) -> None:
    def count(svc: JobService, n: int, progress: Any = None, cancel: Any = None) -> int:
        started.set()
        for i in range(n):
            if cancel is not None and cancel():
                raise Cancelled()
            if progress is not None:
                progress(i + 1, n, "")
            time.sleep(0.005)
        return n

    def refuse(svc: JobService) -> None:
        raise UsageError("unknown_command", command="nope")

    service.register_command("count", count, blocking=True)
    service.register_command("refuse", refuse, blocking=True)


def test_success_gets_the_result(bridge: Any, service: JobService, qtbot: Any) -> None:
    _register(service, threading.Event())
    got: list[Any] = []
    bridge.op("count", n=3).success(got.append).run()
    qtbot.waitUntil(lambda: got == [3], timeout=10_000)


def test_an_unhandled_failure_reaches_the_one_error_dialog(bridge: Any, service: JobService, qtbot: Any) -> None:
    _register(service, threading.Event())
    shown: list[Any] = []
    bridge.failure_handler = shown.append
    bridge.op("refuse").success(lambda r: pytest.fail("no result expected")).run()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
    assert shown[0].code == "unknown_command" and "nope" in shown[0].message and not shown[0].cancelled


def test_a_handled_failure_goes_only_to_its_handler(bridge: Any, service: JobService, qtbot: Any) -> None:
    _register(service, threading.Event())
    shown: list[Any] = []
    handled: list[Any] = []
    bridge.failure_handler = shown.append
    bridge.op("refuse").failure(handled.append).run()
    qtbot.waitUntil(lambda: len(handled) == 1, timeout=10_000)
    qtbot.wait(50)
    assert shown == [] and handled[0].message


def test_progress_follows_the_task_and_cancel_stops_it(bridge: Any, service: JobService, qtbot: Any) -> None:
    from ui.widgets.progress import ProgressPanel

    _register(service, threading.Event())
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    shown: list[Any] = []
    failures: list[Any] = []
    bridge.failure_handler = shown.append
    task = panel.start("Counting")
    seen: list[int] = []
    task.progressed.connect(lambda done, total, message: seen.append(done))
    bridge.op("count", n=100_000).progress(task).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(seen) and seen[-1] > 0, timeout=10_000)
    assert len(panel.rows) == 1 and panel.rows[0].bar.maximum() == 1000  # a real bar, no longer busy
    panel.rows[0].cancel_button.click()  # the row's Cancel: the service stops the task by its id
    qtbot.waitUntil(lambda: len(failures) == 1, timeout=10_000)
    assert failures[0].cancelled and shown == []
    qtbot.waitUntil(lambda: panel.rows == [], timeout=5_000)  # the row goes when the operation ends
    assert bridge._tasks == {}


def test_a_cancelled_operation_without_a_handler_shows_nothing(bridge: Any, service: JobService,
                                                               qtbot: Any) -> None:
    from ui.widgets.progress import ProgressPanel

    started = threading.Event()
    _register(service, started)
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    shown: list[Any] = []
    bridge.failure_handler = shown.append
    task = panel.start("Counting")
    op = bridge.op("count", n=100_000).progress(task)
    future = op.run()
    assert started.wait(10)
    task.cancel()
    qtbot.waitUntil(future.done, timeout=10_000)
    qtbot.waitUntil(lambda: task.done, timeout=5_000)
    assert shown == []


def test_every_background_action_in_the_gui_is_an_operation() -> None:
    """Issue 21: one way to run work. The bridge has no other way to send a command; no view or widget describes
    an exception itself (a Failure carries the words) or swallows a failure."""
    import re
    from pathlib import Path

    from ui.bridge import Bridge

    assert not hasattr(Bridge, "run")
    root = Path(__file__).resolve().parents[2] / "ui"
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if path.name in ("bridge.py", "error_dialog.py"):
            continue
        source = path.read_text(encoding="utf-8")
        for pattern in (r"\bbridge\.run\(", r"\bdescribe\(", r"lambda _?e?: None", r"lambda \*_: None",
                        r"\bservice\.submit\(", r"\bservice\.call\("):
            for m in re.finditer(pattern, source):
                found.append(f"{path.relative_to(root)}:{source.count(chr(10), 0, m.start()) + 1}: {m.group(0)}")
    assert found == [], "\n".join(found)
