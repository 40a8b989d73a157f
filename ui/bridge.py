"""The one QObject between the views and the job service (shared/DESIGN.md, after Anki's CollectionOp).

Service events arrive on the service thread and leave here as Qt signals, queued to the GUI thread.
Every background action is an operation, run the same way:

    bridge.op("data_validate", path=p).success(self._on_report).failure(self._on_failed).progress(task).run()

`success(fn)` gets the result and `failure(fn)` a `Failure` (its plain message, details and code), both on the GUI
thread. Without `failure`, the one error dialog shows the error (a cancel shows nothing). `progress(task)` ties a
`ui.widgets.progress.Task` to the service's task protocol: its bar follows the command's `progress` events, its
Cancel asks the service to stop that task id, and it finishes when the operation ends. No view touches the
network, SQLite, keyring or a subprocess directly.
"""

from __future__ import annotations

import concurrent.futures
import functools
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from fttool.jobs.service import Event, JobService
    from ui.widgets.progress import Task

_task_ids = itertools.count(1)


@dataclass(frozen=True)
class Failure:
    """Why an operation failed, in the person's language (`message`), with the technical `details`."""

    error: BaseException
    message: str
    details: str
    code: str

    @property
    def cancelled(self) -> bool:
        """The person cancelled it (nothing to show but that it stopped)."""
        from fttool.errors import Cancelled

        return isinstance(self.error, Cancelled)

    @classmethod
    def of(cls, error: BaseException) -> Failure:
        from ui.widgets.error_dialog import describe

        message, details = describe(error)
        return cls(error, message, details, str(getattr(error, "code", "") or type(error).__name__))


class Op:
    """One background command: `bridge.op(command, **args).success(fn).failure(fn).progress(task).run()`."""

    def __init__(self, bridge: Bridge, command: str, kwargs: dict[str, Any]) -> None:
        self._bridge = bridge
        self._command = command
        self._kwargs = kwargs
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[Failure], None] | None = None
        self._task: Task | None = None
        self.future: concurrent.futures.Future[Any] | None = None

    def success(self, fn: Callable[[Any], None]) -> Op:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[Failure], None]) -> Op:
        """Say the failure where the person looks (a status line); default: the one error dialog."""
        self._on_failure = fn
        return self

    def progress(self, task: Task) -> Op:
        self._task = task
        return self

    def run(self) -> concurrent.futures.Future[Any]:
        task = self._task
        kwargs = dict(self._kwargs)
        task_id: str | None = None
        if task is not None:
            task_id = f"ui-{next(_task_ids)}"
            kwargs["task_id"] = task_id
            self._bridge._tasks[task_id] = task
            task.cancelRequested.connect(lambda: self._bridge._cancel(task_id))

        def succeeded(result: Any) -> None:
            self._end(task_id)
            if self._on_success is not None:
                callback = _alive(self._on_success)
                if callback is not None:
                    callback(result)

        def failed(error: BaseException) -> None:
            self._end(task_id)
            failure = Failure.of(error)
            if self._on_failure is not None:
                callback = _alive(self._on_failure)
                if callback is not None:
                    callback(failure)
            elif not failure.cancelled:
                self._bridge.show_failure(failure)

        self.future = self._bridge._submit(self._command, succeeded, failed, kwargs,
                                           on_cancelled=lambda: self._end(task_id))
        if task is not None and task_id is not None and task.cancelled():  # cancelled before it was sent
            self._bridge._cancel(task_id)
        return self.future

    def _end(self, task_id: str | None) -> None:
        if task_id is not None:
            self._bridge._tasks.pop(task_id, None)
        if self._task is not None:
            import shiboken6

            if shiboken6.isValid(self._task):
                self._task.finish()


class Bridge(QObject):
    # the service's job events carry the change (fttool.jobs.service.Event), so a view updates one row
    jobAdded = Signal(dict)  # a job was stored: its record
    jobUpdated = Signal(dict)  # a job changed: its new record
    jobUpdatedWith = Signal(dict, list, dict)  # the same change in full: record, new events (with seq), new metrics
    jobsChanged = Signal()  # the service (re)opened the store: reload the list
    activity = Signal(int, str, int)  # busy commands, what it is doing, jobs watched
    errorRaised = Signal(dict)  # {command, code, message, details}
    notice = Signal(dict)
    _eventArrived = Signal(object)
    _commandDone = Signal(object, object, object)

    def __init__(self, service: JobService | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # AutoConnection: queued to this (GUI) thread when emitted by the service thread, as they are. (Naming
        # Qt.ConnectionType here would load the Qt namespace, ~13 ms, before the window's first paint.)
        self._eventArrived.connect(self._dispatch)
        self._commandDone.connect(self._finish)
        self._unsubscribe: Callable[[], None] = lambda: None
        self.service: JobService = None  # type: ignore[assignment]  # attached below or by attach()
        if service is not None:
            self.attach(service)
        self._pending: set[concurrent.futures.Future[Any]] = set()
        self._tasks: dict[str, Task] = {}  # operations' progress rows, by the service task id
        # the window's way of showing a failure no operation handled (the one error dialog, over the window)
        self.failure_handler: Callable[[Failure], None] | None = None
        self._closed = False
        # commands asked for before the service thread runs (it starts right after the first paint)
        self._queued: list[tuple[concurrent.futures.Future[Any], str, dict[str, Any]]] = []

    def attach(self, service: JobService) -> None:
        """The job service this bridge talks to (the app makes it after the window's first paint)."""
        self.service = service
        self._unsubscribe = service.subscribe(self._eventArrived.emit)

    def close(self) -> None:
        self._closed = True
        self._unsubscribe()
        for proxy, _, _ in self._queued:
            proxy.cancel()
        self._queued.clear()

    def service_started(self) -> None:
        """Send the commands that were asked for before the service thread ran."""
        queued, self._queued = self._queued, []
        for proxy, command, kwargs in queued:
            if not proxy.set_running_or_notify_cancel():
                continue
            real = self.service.submit(command, **kwargs)
            real.add_done_callback(functools.partial(_copy_to, proxy))

    # -- events from the service thread ---------------------------------------------------------------
    @Slot(object)
    def _dispatch(self, event: Event) -> None:
        p = event.payload
        if event.kind == "job_updated":
            self.jobUpdated.emit(p["job"])
            self.jobUpdatedWith.emit(p["job"], list(p.get("events") or []), dict(p.get("metrics") or {}))
        elif event.kind == "job_added":
            self.jobAdded.emit(p["job"])
        elif event.kind == "jobs_changed":
            self.jobsChanged.emit()
        elif event.kind == "activity":
            self.activity.emit(int(p.get("busy", 0)), str(p.get("text", "")), int(p.get("watching", 0)))
        elif event.kind == "error":
            self.errorRaised.emit(dict(p))
        elif event.kind == "notice":
            self.notice.emit(dict(p))
        elif event.kind == "progress":
            task = self._tasks.get(str(p.get("task", "")))
            if task is not None:
                task.progress(p.get("done", 0), p.get("total", 0), str(p.get("message", "")))

    # -- commands to the service ----------------------------------------------------------------------
    def op(self, command: str, /, **kwargs: Any) -> Op:
        """An operation: set `.success`, `.failure`, `.progress` and `.run()` it."""
        return Op(self, command, kwargs)

    def show_failure(self, failure: Failure, parent: QWidget | None = None) -> None:
        """The default failure handler: the window shows it once, with the one error dialog."""
        if self.failure_handler is not None and parent is None:
            self.failure_handler(failure)
            return
        from ui.widgets.error_dialog import show_error

        show_error(parent, failure.message, failure.details)

    def run_on_close(self, command: str, /, timeout: float = 10.0, **kwargs: Any) -> None:
        """The one command the GUI waits for: a view's last words while the window closes (stop the local model
        servers), when nothing is left on screen to wait for. Failures are logged, not shown."""
        if self.service is None or not self.service.running:
            return
        try:
            self.service.call(command, timeout=timeout, **kwargs)
        except Exception:
            import logging

            logging.getLogger("fttool.ui").exception("%s failed while closing", command)

    def _cancel(self, task_id: str) -> None:
        if self.service is not None and self.service.running:
            self.service.cancel_task(task_id)
        else:  # still queued: it never starts
            for proxy, _, kwargs in self._queued:
                if kwargs.get("task_id") == task_id:
                    proxy.cancel()

    def _submit(
        self,
        command: str,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        kwargs: dict[str, Any],
        on_cancelled: Callable[[], None] | None = None,
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any]
        if self._closed or (self.service is not None and not self.service.running and self.service.stopped):
            # the app is closing: late timers of views must not crash it
            future = concurrent.futures.Future()
            future.cancel()
            if on_cancelled is not None:
                on_cancelled()
            return future
        if self.service is None or not self.service.running:  # queued until service_started()
            future = concurrent.futures.Future()
            self._queued.append((future, command, kwargs))
        else:
            future = self.service.submit(command, **kwargs)
        self._pending.add(future)
        future.add_done_callback(lambda f: self._done((on_success, on_cancelled), on_failure, f))
        return future

    def _done(self, callbacks: Any, on_failure: Any, future: concurrent.futures.Future[Any]) -> None:
        """A future ended (on the service thread, or here at once when it had ended already): the callbacks run
        later on the GUI thread, never inside the caller's own `run()`."""
        if threading.current_thread() is threading.main_thread():
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, lambda: self._finish(callbacks, on_failure, future))
        else:
            self._commandDone.emit(callbacks, on_failure, future)

    @Slot(object, object, object)
    def _finish(self, callbacks: Any, on_failure: Any, future: concurrent.futures.Future[Any]) -> None:
        on_success, on_cancelled = callbacks
        self._pending.discard(future)
        if future.cancelled():
            if on_cancelled is not None:
                on_cancelled()
            return
        # a view closed while its command ran: its callbacks are bound to a deleted widget, so drop them
        on_success, on_failure = _alive(on_success), _alive(on_failure)
        exc = future.exception()
        if exc is not None:
            if on_failure is not None:
                on_failure(exc)
            return  # the service has emitted an `error` event: the window shows it
        if on_success is not None:
            on_success(future.result())

    @property
    def pending(self) -> int:
        return len(self._pending)


def _alive(callback: Any) -> Any:
    """The callback, or None when it is a method of a QObject whose C++ object Qt has deleted."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject):
        import shiboken6

        if not shiboken6.isValid(owner):
            return None
    return callback


def _copy_to(target: concurrent.futures.Future[Any], source: concurrent.futures.Future[Any]) -> None:
    _copy_outcome(source, target)


def _copy_outcome(source: concurrent.futures.Future[Any], target: concurrent.futures.Future[Any]) -> None:
    if source.cancelled():
        target.cancel()
    elif source.exception() is not None:
        target.set_exception(source.exception())
    else:
        target.set_result(source.result())
