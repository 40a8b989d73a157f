"""One open dataset file as the Data view edits it, and the slow work its service commands do (validation, import).

    session = DatasetSession(path)            # quick: opens the file, nothing is read yet
    session.build(progress, cancel, on_rows)  # a worker: the index (rows appear while it runs)
    session.recover()                         # replay the journal of an earlier session (edits not saved)
    session.overlay                           # the rows as edited (fttool/datasets/overlay.py)
    facts = validate_snapshot(session.overlay.snapshot(), ...)   # a worker: problems and tokens by row key

The view calls these through the job service (fttool/datasets/commands.py holds the `data_*` commands), so the GUI
thread never reads a big file, validates, counts tokens or writes. No Qt here.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.datasets.index import JsonlIndex
from fttool.datasets.overlay import (
    Journal,
    Overlay,
    Snapshot,
    journal_dir,
    journal_path_for,
    write_rows,
)
from fttool.errors import Cancelled, FtError, UsageError

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


def problem_dict(p: Any) -> dict[str, Any]:
    """A core Problem (or its dict) as a plain dict: line, code, field, message, severity, params."""
    if isinstance(p, dict):
        d = dict(p)
    else:
        d = {k: getattr(p, k, None) for k in ("line", "code", "field", "message", "severity", "params")}
    d.setdefault("severity", "error")
    d["params"] = dict(d.get("params") or {})
    return d


@dataclass
class Facts:
    """What validation found, by row key (so edits that move rows keep their facts)."""

    version: int  # the overlay version validated
    tokens_base: Any  # numpy int32 by file row (-1: not known)
    tokens_new: dict[int, int] = field(default_factory=dict)
    problems: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    file_problems: list[dict[str, Any]] = field(default_factory=list)  # line None: the whole file
    report: dict[str, Any] = field(default_factory=dict)  # ValidationReport.to_dict() and a few more
    stale: bool = False
    errors: int = 0
    warnings: int = 0
    _keys: Any = None  # numpy array of problems' keys (cached)

    def tokens(self, key: int) -> int | None:
        if key < 0:
            return self.tokens_new.get(key)
        if key < len(self.tokens_base):
            t = int(self.tokens_base[key])
            return t if t >= 0 else None
        return None

    def recount(self) -> None:
        self.errors = self.warnings = 0
        for plist in list(self.problems.values()) + [self.file_problems]:
            self._add(plist, 1)
        self._keys = None

    def _add(self, plist: list[dict[str, Any]], sign: int) -> None:
        for p in plist:
            if p.get("severity") == "warning":
                self.warnings += sign
            else:
                self.errors += sign

    def set_problems(self, key: int, plist: list[dict[str, Any]]) -> None:
        """A row checked on its own (after an edit): replace its problems, keep the counts right."""
        self._add(self.problems.get(key, []), -1)
        if plist:
            self.problems[key] = plist
        else:
            self.problems.pop(key, None)
        self._add(plist, 1)
        self._keys = None

    def problem_keys(self) -> Any:
        import numpy as np

        if self._keys is None:
            self._keys = np.fromiter(self.problems.keys(), dtype=np.int64, count=len(self.problems))
        return self._keys

    def counts(self) -> tuple[int, int]:
        return self.errors, self.warnings


class DatasetSession:
    """A dataset file open for editing: its index, the overlay of edits and the journal behind them."""

    def __init__(self, path: Path | str, *, split: str = "", protected: tuple[Path, ...] = (),
                 journal: bool = True) -> None:
        self.path = Path(path)
        self.split = split
        self.protected = protected
        self.index = JsonlIndex(self.path)
        self.overlay = Overlay(self.index, None, protected)
        self._use_journal = journal
        self.facts: Facts | None = None
        self.recovered = 0
        self.ready = False  # built and its journal replayed: edits may start (set by the view's thread)

    @property
    def built(self) -> bool:
        return self.index.complete

    def build(self, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
              on_rows: Callable[[int], None] | None = None) -> int:
        return self.index.build(progress, cancel, on_rows)

    def recover(self) -> int:
        """After build: open the journal, replaying an earlier session's unsaved edits (their count)."""
        if not self._use_journal:
            return 0
        self.overlay.journal = Journal(journal_path_for(self.path), self.index.signature)
        self.recovered = self.overlay.recover()
        return self.recovered

    def changed_on_disk(self) -> tuple[bool, bool]:
        """(changed, replaced): replaced means a new file took its place, so our open copy still reads the
        old bytes and the person may keep editing them."""
        sig = self.overlay.base.signature
        if not sig.changed():
            return False, False
        try:
            replaced = os.stat(self.path).st_ino != sig.inode
        except OSError:
            replaced = True
        return True, replaced

    def sync(self) -> None:
        """fsync the journal (a worker does it: on a slow disk it can take longer than a frame)."""
        journal = self.overlay.journal
        if journal is not None:
            journal.sync()

    def close(self, discard_journal: bool = False) -> None:
        if self.overlay.journal is not None:
            if discard_journal or not self.overlay.dirty:
                self.overlay.journal.discard()
            else:
                self.overlay.journal.sync()
        self.overlay.close()
        self.index.close()


# -- validation ------------------------------------------------------------------------------------------------


def _materialize(snapshot: Snapshot, progress: ProgressFn | None, cancel: CancelFn | None) -> Path:
    fd, tmp = tempfile.mkstemp(prefix="validate-", suffix=".jsonl", dir=journal_dir())
    os.close(fd)
    write_rows(snapshot, tmp, progress=progress, cancel=cancel)
    return Path(tmp)


def validate_snapshot(snapshot: Snapshot, *, pristine: bool, model: str | None = None, backend: str = "openai",
                      method: str | None = None, progress: ProgressFn | None = None,
                      cancel: CancelFn | None = None, validation: str | None = None, role: str = "train",
                      train: str | None = None) -> Facts:
    """Validate the rows as they are in `snapshot` (the file itself when nothing changed it, else a temp copy)
    and file every problem and token count under its row key."""
    import numpy as np

    from fttool.datasets.validate import validate_file

    tmp: Path | None = None
    try:
        if pristine:
            path = snapshot.index.path
        else:
            tmp = path = _materialize(snapshot, lambda d, t, m: progress and progress(d, 2 * t, "copy"), cancel)

        def report_progress(done: int, total: int, message: str = "") -> None:
            if progress is None:
                return
            if pristine:
                progress(done, total, message)
            else:
                progress(total + done, 2 * total, message)

        report = validate_file(path, model=model, backend=backend, method=method, progress=report_progress,
                               cancel=cancel, validation=validation, role=role, train=train)
        keys = snapshot.keys()
        tokens_base = np.full(snapshot.index.row_count, -1, dtype=np.int32)
        tokens_new: dict[int, int] = {}
        ex_lines = np.asarray(report.example_lines, dtype=np.int64)
        ex_tokens = np.asarray(report.line_tokens, dtype=np.int64)[: len(ex_lines)]
        ex_lines = ex_lines[: len(ex_tokens)]
        if pristine:
            _starts, _lengths, lines = snapshot.index.arrays()
            pos = np.searchsorted(lines, ex_lines)
            ok = pos < len(lines)
            ok[ok] = lines[pos[ok]] == ex_lines[ok]
            rows = pos
        else:
            rows = ex_lines - 1
            ok = (rows >= 0) & (rows < len(keys))
        k = keys[rows[ok]]
        t = ex_tokens[ok]
        base_mask = k >= 0
        tokens_base[k[base_mask]] = t[base_mask]
        for key, n in zip(k[~base_mask].tolist(), t[~base_mask].tolist(), strict=True):
            tokens_new[int(key)] = int(n)
        problems: dict[int, list[dict[str, Any]]] = {}
        file_problems: list[dict[str, Any]] = []
        for p in report.problems:
            d = problem_dict(p)
            line = d.get("line")
            if line is None:
                file_problems.append(d)
                continue
            if pristine:
                i = int(np.searchsorted(lines, line))
                row = i if i < len(lines) and int(lines[i]) == line else None
            else:
                row = line - 1 if 0 < line <= len(keys) else None
            if row is None:
                file_problems.append(d)
                continue
            problems.setdefault(int(keys[row]), []).append(d)
        summary = report.to_dict()
        summary["price_as_of"] = getattr(report, "price_as_of", None)
        summary["limit"] = getattr(report, "limit", None)
        summary["model"] = getattr(report, "model", model)
        facts = Facts(snapshot.version, tokens_base, tokens_new, problems, file_problems, summary)
        facts.recount()
        return facts
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def check_example(example: dict[str, Any], *, model: str | None = None, backend: str = "openai",
                  method: str | None = None) -> tuple[list[dict[str, Any]], int]:
    from fttool.datasets.validate import validate_example

    if method is None:
        method = "dpo" if "preferred_output" in example or "non_preferred_output" in example else "supervised"
    problems, tokens = validate_example(example, line=None, model=model, method=method, backend=backend)
    return [problem_dict(p) for p in problems], int(tokens)


# -- validation in a child process -----------------------------------------------------------------------------


TRACE: list[tuple[float, float, str]] | None = None  # bench/editor.py: when the parent handled each message
CHILD_BYTES = 8 << 20
CHILD_ROWS = 20_000  # above this (or CHILD_BYTES), validation runs in a child process: the app's GIL stays free for painting
PROBLEM_BATCH = 2000


def _child_error(exc: BaseException) -> tuple[str, Any]:
    from fttool.log import format_exception

    if isinstance(exc, FtError):
        return type(exc).__name__, (exc.code, exc.params, exc.details)
    return "FtError", ("internal_error", {"detail": f"{type(exc).__name__}: {exc}"},
                       format_exception(type(exc), exc, exc.__traceback__))


def _rebuild_error(name: str, payload: Any) -> FtError:
    import fttool.errors as errors

    cls = getattr(errors, name, FtError)
    code, params, details = payload
    return cls(code, details=details, **params)  # type: ignore[no-any-return]


def _validate_child(conn: Any, stop: Any, snapshot: Snapshot, pristine: bool, kwargs: dict[str, Any]) -> None:
    """In the child process: validate, send progress, then the facts (problems in batches, so the app never
    unpickles one huge message while it paints)."""
    import time

    try:
        os.nice(10)  # background work: the person's clicks and the app's painting come first
    except (AttributeError, OSError):
        pass
    last = [0.0]

    def progress(done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= 0.1 or done >= total:
            last[0] = now
            conn.send(("progress", (done, total, message)))

    try:
        facts = validate_snapshot(snapshot, pristine=pristine, progress=progress, cancel=stop.is_set, **kwargs)
        items = list(facts.problems.items())
        facts.problems = {}
        for i in range(0, len(items), PROBLEM_BATCH):
            conn.send(("problems", items[i:i + PROBLEM_BATCH]))
        conn.send(("done", facts))
    except BaseException as exc:  # everything goes back to the app as a typed error
        conn.send(("error", _child_error(exc)))
    finally:
        conn.close()


def validate_in_child(snapshot: Snapshot, *, pristine: bool, progress: ProgressFn | None = None,
                      cancel: CancelFn | None = None, **kwargs: Any) -> Facts:
    """validate_snapshot in a spawned process (the core may start its own workers from there)."""
    import multiprocessing
    import time

    ctx = multiprocessing.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    proc = ctx.Process(target=_validate_child, args=(send, stop, snapshot, pristine, kwargs),
                       name="fttool-validate")
    from fttool.datasets.index import arrays_to_files

    with arrays_to_files(journal_dir()) as spilled:  # (the GUI's painting needs the GIL meanwhile)
        proc.start()
    send.close()
    problems: dict[int, list[dict[str, Any]]] = {}
    try:
        while True:
            if cancel is not None and cancel():
                stop.set()
            if recv.poll(0.1):
                began = time.perf_counter()
                try:
                    kind, payload = recv.recv()
                except EOFError:
                    raise FtError("internal_error", detail="the validation process ended without an answer") from None
                if TRACE is not None:
                    TRACE.append((began, time.perf_counter(), kind))
                if kind == "progress":
                    if progress is not None:
                        progress(*payload)
                elif kind == "problems":
                    problems.update(payload)
                elif kind == "done":
                    facts: Facts = payload
                    facts.problems = problems
                    facts._keys = None
                    return facts
                elif kind == "error":
                    raise _rebuild_error(*payload)
            elif not proc.is_alive() and not recv.poll(0):
                raise FtError("internal_error", detail=f"the validation process ended (exit {proc.exitcode})")
    finally:
        stop.set()
        proc.join(30)
        if proc.is_alive():
            proc.terminate()
            proc.join(5)
        recv.close()
        for f in spilled:  # a child that ended before reading its rows' file
            f.unlink(missing_ok=True)


def validate_rows(snapshot: Snapshot, *, pristine: bool, in_child: bool | None = None,
                  progress: ProgressFn | None = None, cancel: CancelFn | None = None, **kwargs: Any) -> Facts:
    """validate_snapshot, in a child process for a big file (`in_child` None: above CHILD_ROWS rows or
    CHILD_BYTES) so the app's GIL stays free for painting, else here."""
    if in_child is None:
        in_child = snapshot.row_count > CHILD_ROWS or snapshot.index.size > CHILD_BYTES
    if in_child:
        return validate_in_child(snapshot, pristine=pristine, progress=progress, cancel=cancel, **kwargs)
    return validate_snapshot(snapshot, pristine=pristine, progress=progress, cancel=cancel, **kwargs)


# -- the project's copies --------------------------------------------------------------------------------------


def import_copy(source: str, target: str, fmt: str | None = None, mapping: dict[str, str] | None = None,
                progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> str:
    """Read any format the core knows and write the project's JSONL copy (the source is never written)."""
    from fttool.datasets import formats

    src, dst = Path(source).resolve(), Path(target).resolve()
    if src == dst or dst.exists():
        raise UsageError("save_onto_source", path=str(dst))
    size = max(src.stat().st_size, 1)

    def examples() -> Any:
        for n, (_line, example) in enumerate(formats.read_examples(src, fmt=fmt, mapping=mapping)):
            if cancel is not None and n % 1000 == 0 and cancel():
                raise Cancelled()
            if progress is not None and n % 1000 == 0:
                progress(n, 0, "import")
            yield example

    formats.write_jsonl(dst, examples())
    if progress is not None:
        progress(size, size, "import")
    return str(dst)


def reencode_copy(path: str, encoding: str | None = None) -> str:
    """Write a UTF-8 copy of a file (beside the journal, never over the source); its path."""
    from fttool.datasets import fixes

    data = fixes.reencode_utf8(path, encoding)
    target = journal_path_for(path).with_name(journal_path_for(path).name + ".rebase-utf8.jsonl")
    from fttool.fsutil import atomic_write_bytes

    atomic_write_bytes(target, data)
    return str(target)
