"""The job service thread: one long-lived thread running an asyncio loop (shared/DESIGN.md).

Commands come in with `submit(name, **kwargs)` from any thread and return a concurrent Future; events go out
to subscribers (called on the service thread: the UI's bridge turns them into queued Qt signals). A command
that raises comes back as an `error` event and a failed future; the thread lives on. Blocking work (SQLite,
keyring, file parsing) runs in an executor from the loop, so a slow poll never holds up anything else.

On start the service reloads every job that has not ended and resumes watching it, holding a lease in the
store so that two processes (the app and `fttool jobs watch`) never watch the same job at once.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from fttool.errors import ConnectionProblem, FtError, UsageError
from fttool.jobs.events import job_updated
from fttool.jobs.record import CONNECTION_OK, CONNECTION_RECONNECTING, Job, Status, process_owner_id
from fttool.log import format_exception, redact

log = logging.getLogger("fttool.service")


class _LazyModule(ModuleType):
    """Imports the real module on first attribute access: asyncio costs ~70 ms, which the app's first paint
    should not wait for (the service thread starts after it)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.__name__), name)


if TYPE_CHECKING:
    import asyncio
else:
    asyncio = _LazyModule("asyncio")


@dataclass
class Event:
    """What the service tells its subscribers: `job_added`, `job_updated`, `jobs_changed` (they carry the change:
    fttool.jobs.events), `activity`, `error`, `notice` (a job's end), `progress` (a long command's)."""

    kind: str
    payload: dict[str, Any] = field(default_factory=dict)


PROGRESS_THROTTLE_S = 0.05


class ServiceTask:
    """The one cancel and progress protocol for long commands: the caller names the work with a task id
    (`submit(name, task_id=...)`); the service hands the command `progress(done, total, message)`, which is sent
    as `progress` events ({task, done, total, message}, at most one per 50 ms), and `cancel()`, true once
    `cancel_task(task_id)` was called (from any thread) or the service is stopping."""

    def __init__(self, service: JobService, task_id: str) -> None:
        self.id = task_id
        self._service = service
        self._flag = threading.Event()
        self._last = 0.0
        self._lock = threading.Lock()

    def progress(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < PROGRESS_THROTTLE_S and (not total or done < total):
                return
            self._last = now
        self._service.emit("progress", task=self.id, done=done, total=total, message=message)

    def cancel(self) -> None:
        self._flag.set()

    def cancelled(self) -> bool:
        return self._flag.is_set() or self._service.stopped


Command = Callable[..., Any]


def _accepts(fn: Command) -> set[str]:
    """The keyword names a command takes (progress and cancel are handed only to commands that take them)."""
    import inspect

    params = inspect.signature(fn).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return {"progress", "cancel"}
    return {p.name for p in params}


class JobService:
    def __init__(
        self,
        store_path: Any = None,
        *,
        poll_interval: float = 5.0,
        lease_ttl: float = 60.0,
        max_backoff: float = 60.0,
        io_workers: int = 4,
        provider_concurrency: int = 4,
    ) -> None:
        self._store_path = store_path
        self.store: Any = None  # the JobStore, opened on the service thread
        self.poll_interval = poll_interval
        self.lease_ttl = lease_ttl
        self.max_backoff = max_backoff
        self.owner = process_owner_id()
        self._io_workers = io_workers
        self._provider_concurrency = provider_concurrency
        self._commands: dict[str, tuple[Command, bool]] = {}
        self._subscribers: list[Callable[[Event], None]] = []
        self._sub_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._watchers: dict[str, asyncio.Task[None]] = {}
        self._providers: dict[str, Any] = {}
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._busy: dict[int, str] = {}
        self._tasks: dict[str, ServiceTask] = {}
        self._tasks_lock = threading.Lock()
        self._next_token = 0
        self._stopping = False

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> JobService:
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name="fttool-service", daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the job service did not start")
        if self._start_error is not None:
            raise self._start_error
        return self

    _start_error: BaseException | None = None

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        self._executor = concurrent.futures.ThreadPoolExecutor(self._io_workers, thread_name_prefix="fttool-io")
        loop.set_default_executor(self._executor)
        try:
            # the rooms' commands are registered here, on the service thread, so that importing them
            # never holds up the GUI thread
            from fttool.jobs import commands

            commands.register_all(self)
            from fttool.jobs.store import JobStore

            self.store = JobStore(self._store_path)
        except BaseException as exc:  # a store that cannot open is reported to start()
            self._start_error = exc
            self._ready.set()
            loop.close()
            return
        loop.call_soon(self._ready.set)
        loop.create_task(self._resume_all())
        try:
            loop.run_forever()
        finally:
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    def stop(self, timeout: float = 15.0, io_timeout: float | None = None) -> bool:
        """Stop watching (leases released, providers closed), end the loop and join the thread.

        Blocking work still running in the executor is waited for up to `io_timeout` seconds (default: no
        limit). Returns False when some is still running then: the app may exit without it, since every
        write that matters is atomic or a SQLite transaction."""
        self._stopping = True
        if self._thread is None or self._loop is None:
            return True
        if self._loop.is_running():
            fut = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
            try:
                fut.result(timeout)
            except Exception:
                log.exception("service shutdown")
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        finished = True
        if self._executor is not None:
            if io_timeout is None:
                self._executor.shutdown(wait=True, cancel_futures=True)
            else:
                self._executor.shutdown(wait=False, cancel_futures=True)
                deadline = time.monotonic() + io_timeout
                for t in list(getattr(self._executor, "_threads", ())):
                    t.join(max(0.0, deadline - time.monotonic()))
                    finished = finished and not t.is_alive()
                if not finished:
                    log.info("exiting with blocking work still running in the service executor")
        if self.store is not None and finished:
            self.store.close()
        self._thread = None
        return finished

    async def _shutdown(self) -> None:
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        store = self.store
        for job_id in list(self._watchers):
            if store is not None:
                await self.io(store.release_lease, job_id, self.owner)
        self._watchers.clear()
        for p in self._providers.values():
            try:
                await p.close()
            except Exception:
                log.exception("closing provider")

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def stopped(self) -> bool:
        """True once stop() was called (as opposed to not started yet)."""
        return self._stopping

    # -- events ----------------------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        with self._sub_lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._sub_lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def emit(self, kind: str, **payload: Any) -> None:
        event = Event(kind, payload)
        with self._sub_lock:
            subs = list(self._subscribers)
        for cb in subs:
            try:
                cb(event)
            except Exception:
                log.exception("event subscriber failed")

    def _activity(self) -> None:
        texts = list(self._busy.values())
        self.emit("activity", busy=len(texts), text=texts[-1] if texts else "", watching=len(self._watchers))

    # -- commands --------------------------------------------------------------------------------------
    def register_command(self, name: str, fn: Command, *, blocking: bool = False) -> None:
        """`fn(service, **kwargs)`: a coroutine function, or a plain function that runs in the executor
        when `blocking` (files, SQLite, keyring) and on the loop otherwise (quick, non-blocking)."""
        self._commands[name] = (fn, blocking)

    def submit(self, name: str, /, task_id: str | None = None, **kwargs: Any) -> concurrent.futures.Future[Any]:
        """Run a command. With `task_id`, a command that takes `progress` and `cancel` gets the service task's
        (ServiceTask): its progress goes out as `progress` events and `cancel_task(task_id)` stops it."""
        if self._loop is None or not self.running:
            raise RuntimeError("the job service is not running")
        if task_id is not None:
            with self._tasks_lock:  # made here, so a cancel that comes before the command starts still counts
                self._tasks[task_id] = ServiceTask(self, task_id)
        return asyncio.run_coroutine_threadsafe(self._run_command(name, kwargs, task_id), self._loop)

    def cancel_task(self, task_id: str) -> bool:
        """Ask the command running under `task_id` to stop (any thread). False when no such work runs."""
        with self._tasks_lock:
            task = self._tasks.get(task_id)
        if task is None:
            return False
        task.cancel()
        return True

    def call(self, name: str, /, timeout: float | None = 60.0, **kwargs: Any) -> Any:
        """Submit and wait: for the CLI and tests, never for the GUI thread."""
        return self.submit(name, **kwargs).result(timeout)

    async def _run_command(self, name: str, kwargs: dict[str, Any], task_id: str | None = None) -> Any:
        token = self._next_token
        self._next_token += 1
        self._busy[token] = kwargs.get("activity_text") or name
        self._activity()
        try:
            entry = self._commands.get(name)
            if entry is None:
                raise UsageError("unknown_command", command=name)
            fn, blocking = entry
            kwargs = {k: v for k, v in kwargs.items() if k != "activity_text"}
            if task_id is not None:
                with self._tasks_lock:
                    task = self._tasks.get(task_id)
                if task is not None:
                    accepts = _accepts(fn)
                    if "progress" in accepts:
                        kwargs.setdefault("progress", task.progress)
                    if "cancel" in accepts:
                        kwargs.setdefault("cancel", task.cancelled)
            if asyncio.iscoroutinefunction(fn):
                return await fn(self, **kwargs)
            if blocking:
                return await self.io(fn, self, **kwargs)
            return fn(self, **kwargs)
        except asyncio.CancelledError:
            raise
        except FtError as exc:
            self.emit("error", command=name, code=exc.code, message=exc.message, details=redact(exc.details or ""))
            raise
        except Exception as exc:
            details = format_exception(type(exc), exc, exc.__traceback__)
            log.error("command %s failed: %s", name, details)
            self.emit("error", command=name, code="command_failed", message=redact(f"{name}: {exc}"),
                      details=details)
            raise
        finally:
            self._busy.pop(token, None)
            if task_id is not None:
                with self._tasks_lock:
                    self._tasks.pop(task_id, None)
            self._activity()

    async def io(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run blocking work in the executor."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, lambda: fn(*args, **kwargs))

    # -- providers and watching ------------------------------------------------------------------------
    def provider(self, backend: str) -> Any:
        if backend not in self._providers:
            from fttool.providers.registry import get_provider

            self._providers[backend] = get_provider(backend)
        return self._providers[backend]

    def _semaphore(self, backend: str) -> asyncio.Semaphore:
        if backend not in self._semaphores:
            self._semaphores[backend] = asyncio.Semaphore(self._provider_concurrency)
        return self._semaphores[backend]

    async def _resume_all(self) -> None:
        assert self.store is not None
        jobs: list[Job] = await self.io(self.store.list, active_only=True)
        # spread the first polls over one interval: fifty jobs polled in lockstep stall the GUI (bench/watch.py)
        loop = asyncio.get_running_loop()
        for i, job in enumerate(jobs):
            loop.call_later(i * self.poll_interval / len(jobs), self.watch, job.id)
        self.emit("jobs_changed")

    def watch(self, job_id: str) -> None:
        """Start watching a job (on the loop thread)."""
        if job_id in self._watchers and not self._watchers[job_id].done():
            return
        assert self._loop is not None
        self._watchers[job_id] = self._loop.create_task(self._watch(job_id), name=f"watch:{job_id}")
        self._activity()

    def watch_threadsafe(self, job_id: str) -> None:
        """Start watching a job from any thread."""
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self.watch, job_id)

    async def _watch(self, job_id: str) -> None:
        store = self.store
        assert store is not None
        backoff = 1.0
        try:
            while not self._stopping:
                if not await self.io(store.acquire_lease, job_id, self.owner, self.lease_ttl):
                    # another process watches it; take over if its lease runs out
                    await asyncio.sleep(max(self.lease_ttl / 2, 0.05))
                    continue
                job: Job = await self.io(store.get, job_id)
                if job.terminal:
                    break
                try:
                    provider = self.provider(job.backend)
                except UsageError as exc:
                    self.emit("notice", job_id=job_id, code=exc.code, message=exc.message)
                    break
                try:
                    async with self._semaphore(job.backend):
                        result = await provider.poll(job)
                except asyncio.CancelledError:
                    raise
                except (ConnectionProblem, OSError, asyncio.TimeoutError) as exc:
                    if job.connection != CONNECTION_RECONNECTING:
                        job = await self.io(store.update, job_id, connection=CONNECTION_RECONNECTING)
                        job_updated(self, job)
                        if isinstance(exc, FtError):  # why: a wrong key, rate limits, unreachable
                            self.emit("notice", job_id=job_id, code=exc.code, message=exc.message)
                    log.warning("polling %s: %s", job_id, redact(str(exc)))
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
                    continue
                except Exception as exc:  # a bug in a provider must not end the watch silently
                    log.error("poll %s: %s", job_id, format_exception(type(exc), exc, exc.__traceback__))
                    self.emit("error", command="poll", code="internal_error", message=redact(str(exc)),
                              details=format_exception(type(exc), exc, exc.__traceback__))
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
                    continue
                backoff = 1.0
                job = await self.apply_poll(job_id, result)
                if job.terminal:
                    break
                await asyncio.sleep(result.next_poll_seconds or self.poll_interval)
        finally:
            if not self._stopping:
                self._watchers.pop(job_id, None)
                await self.io(store.release_lease, job_id, self.owner)
                self._activity()

    async def apply_poll(self, job_id: str, result: Any) -> Job:
        """Store a PollResult (status, provider's word, metrics, events, result, error) and tell subscribers."""
        store = self.store
        assert store is not None
        fields: dict[str, Any] = {"status": Status(result.status), "connection": CONNECTION_OK}
        if result.provider_status is not None:
            fields["provider_status"] = result.provider_status
        if result.metrics:
            fields["metrics"] = result.metrics
        if result.result_model:
            fields["result_model"] = result.result_model
        if result.error:
            fields["error"] = result.error
        if getattr(result, "provider_job_id", None):
            fields["provider_job_id"] = result.provider_job_id
        if getattr(result, "progress", None) is not None:
            fields["progress"] = result.progress
        if getattr(result, "params", None):
            current: Job = await self.io(store.get, job_id)
            fields["params"] = {**current.params, **result.params}
        job: Job = await self.io(store.update, job_id, **fields)
        events = await self.io(store.append_events, job_id, result.events) if result.events else []
        job_updated(self, job, events, result.metrics)
        if job.terminal:
            from fttool.jobs.record import default_job_name

            name = job.name or default_job_name(job.project, job.base_model, job.created_at)
            self.emit("notice", job_id=job_id, code=f"job_{job.status.value}", message=f"{name}: {job.status.value}",
                      name=name)
        return job

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests: wait until no command is in flight."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._busy:
                return True
            time.sleep(0.01)
        return False
