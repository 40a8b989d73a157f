"""The one QObject between the views and the job service (shared/DESIGN.md, after Anki's CollectionOp).

Service events arrive on the service thread and leave here as Qt signals, queued to the GUI thread.
`run(command, ...)` sends a command to the service and calls `on_success(result)` or `on_failure(error)`
back on the GUI thread. No view touches the network, SQLite, keyring or a subprocess directly.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from fttool.jobs.service import Event, JobService


class Bridge(QObject):
    jobUpdated = Signal(dict)  # a job record (dict)
    jobsChanged = Signal()
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
            real.add_done_callback(lambda f, p=proxy: _copy_outcome(f, p))

    # -- events from the service thread ---------------------------------------------------------------
    @Slot(object)
    def _dispatch(self, event: Event) -> None:
        p = event.payload
        if event.kind == "job_updated":
            self.jobUpdated.emit(p["job"])
        elif event.kind == "jobs_changed":
            self.jobsChanged.emit()
        elif event.kind == "activity":
            self.activity.emit(int(p.get("busy", 0)), str(p.get("text", "")), int(p.get("watching", 0)))
        elif event.kind == "error":
            self.errorRaised.emit(dict(p))
        elif event.kind == "notice":
            self.notice.emit(dict(p))

    # -- commands to the service ----------------------------------------------------------------------
    def run(
        self,
        command: str,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any]
        if self._closed or (self.service is not None and not self.service.running and self.service.stopped):
            # the app is closing: late timers of views must not crash it
            future = concurrent.futures.Future()
            future.cancel()
            return future
        if self.service is None or not self.service.running:  # queued until service_started()
            future = concurrent.futures.Future()
            self._queued.append((future, command, kwargs))
        else:
            future = self.service.submit(command, **kwargs)
        self._pending.add(future)
        future.add_done_callback(lambda f: self._commandDone.emit(on_success, on_failure, f))
        return future

    @Slot(object, object, object)
    def _finish(self, on_success: Any, on_failure: Any, future: concurrent.futures.Future[Any]) -> None:
        self._pending.discard(future)
        if future.cancelled():
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


def _copy_outcome(source: concurrent.futures.Future[Any], target: concurrent.futures.Future[Any]) -> None:
    if source.cancelled():
        target.cancel()
    elif source.exception() is not None:
        target.set_exception(source.exception())
    else:
        target.set_result(source.result())
