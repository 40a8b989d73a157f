"""Edits over a byte-offset index, with a journal on disk so a crash loses nothing (no Qt here).

The rows a person sees are a list of keys: a key >= 0 is a row of the file (JsonlIndex), a key < 0 an
example held in memory (an edited or added one). Edits are small operations:

    {"op": "set", "row": r, "example": {...}}                 replace one row
    {"op": "insert", "row": r, "examples": [{...}, ...]}      insert before row r
    {"op": "delete", "rows": [r1, r2, ...]}                    delete rows (sorted, unique)
    {"op": "transform", "name": "strip_whitespace", "params": {}}   a fix applied to every row, lazily
    {"op": "rebase", "file": "<path>"}                          read the rows from another file (re-encoded)

so "strip whitespace on a million rows" costs one entry, not a million copies. Every operation is written to
the journal (`{"do": op}`, `{"undo": true}`, `{"redo": true}`, one JSON line each, flushed at once) before it
counts; opening the same file again replays it. Undo and redo are the overlay's own stacks; the Data view's
QUndoStack drives them.

Saving streams the rows to a temp file beside the target (unchanged runs of the file are copied as bytes),
fsyncs, and replaces the target atomically; the journal is then removed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fttool.datasets.index import FileSignature, JsonlIndex, ParsedRow, parse_line
from fttool.errors import Cancelled, InputError, UsageError
from fttool.messages import register

register({
    "journal_base_changed": (
        "Unsaved edits of {path} were found, but the file was changed since then; the edits were set aside "
        "in {journal}."),
    "save_onto_source": "{path} is an imported source file: fttool never overwrites it. Save to the project instead.",
    "bad_edit": "This edit cannot be applied: {reason}",
})

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

# -- fixes applied lazily to every row ------------------------------------------------------------------


def _strip_whitespace(example: dict[str, Any], **_: Any) -> dict[str, Any]:
    from fttool.datasets import fixes

    return fixes.strip_whitespace(example)


def _add_system_prompt(example: dict[str, Any], text: str = "", **_: Any) -> dict[str, Any]:
    from fttool.datasets import fixes

    return fixes.add_system_prompt(example, text)


TRANSFORMS: dict[str, Callable[..., dict[str, Any]]] = {
    "strip_whitespace": _strip_whitespace,
    "add_system_prompt": _add_system_prompt,
}


def journal_dir() -> Path:
    from fttool.paths import data_dir

    p = data_dir() / "journals"
    p.mkdir(parents=True, exist_ok=True)
    return p


def journal_path_for(path: Path | str) -> Path:
    """Where the journal of a dataset file lives: the user's data dir, never the (shareable) project."""
    key = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
    return journal_dir() / f"{Path(path).name}.{key}.journal"


# -- the journal ------------------------------------------------------------------------------------------


class Journal:
    """An append-only file of edits: a header naming the base file's signature, then one entry a line."""

    def __init__(self, path: Path, signature: FileSignature) -> None:
        self.path = path
        self.signature = signature
        self._f: Any = None

    def pending(self) -> list[dict[str, Any]] | None:
        """Entries of an earlier session over the same file bytes (None: no journal, or the file changed)."""
        if not self.path.is_file():
            return None
        entries: list[dict[str, Any]] = []
        header: dict[str, Any] | None = None
        with open(self.path, encoding="utf-8") as f:
            for text in f:
                try:
                    value = json.loads(text)
                except ValueError:
                    break  # a torn last line after a crash: everything before it counts
                if header is None:
                    header = value
                    continue
                entries.append(value)
        if header is None:
            return None
        old = header.get("signature") or {}
        if (old.get("size"), old.get("digest")) != (self.signature.size, self.signature.digest):
            return None
        return entries

    def set_aside(self) -> Path | None:
        """Keep an unusable journal under another name (never delete a person's edits silently)."""
        if not self.path.exists():
            return None
        target = self.path.with_suffix(f".stale-{os.getpid()}-{int(os.path.getmtime(self.path))}")
        os.replace(self.path, target)
        return target

    def start(self, keep: bool = False) -> None:
        """Open for appending; a fresh journal unless `keep` (continue the recovered one)."""
        self.close()
        if keep and self.path.is_file():
            self._f = open(self.path, "a", encoding="utf-8")
            return
        self._f = open(self.path, "w", encoding="utf-8")
        self._write({"journal": 1, "signature": self.signature.to_dict()})

    def _write(self, entry: dict[str, Any]) -> None:
        if self._f is None:
            self.start()
        self._f.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._f.flush()  # in the kernel's hands: a crash of the app loses nothing

    def record(self, entry: dict[str, Any]) -> None:
        self._write(entry)

    def sync(self) -> None:
        f = self._f
        if f is not None:
            try:
                os.fsync(f.fileno())
            except (OSError, ValueError):  # closed meanwhile (saved, reloaded)
                pass

    def close(self) -> None:
        if self._f is not None:
            try:
                self._f.close()
            finally:
                self._f = None

    def discard(self) -> None:
        self.close()
        for p in self.path.parent.glob(self.path.name + "*"):
            if p.name == self.path.name or p.name.startswith(self.path.name + ".rebase"):
                p.unlink(missing_ok=True)


# -- rows ---------------------------------------------------------------------------------------------------


class _Rows:
    """Reading rows through keys, shared by the live overlay and its frozen snapshots."""

    index: JsonlIndex
    _keys: Any  # numpy int64 array, or None while the rows are exactly the file's
    _examples: dict[int, tuple[dict[str, Any], int]]  # key -> (example, generation)
    _transforms: list[tuple[int, str, dict[str, Any]]]  # (generation, name, params)

    @property
    def row_count(self) -> int:
        return self.index.row_count if self._keys is None else len(self._keys)

    def key(self, row: int) -> int:
        if row < 0 or row >= self.row_count:
            raise IndexError(row)
        return row if self._keys is None else int(self._keys[row])

    def keys(self) -> Any:
        import numpy as np

        return np.arange(self.index.row_count, dtype=np.int64) if self._keys is None else self._keys

    def _apply_transforms(self, example: dict[str, Any], generation: int) -> dict[str, Any]:
        todo = [(name, params) for gen, name, params in self._transforms if gen > generation]
        if not todo:
            return example
        example = copy.deepcopy(example)
        for name, params in todo:
            try:
                example = TRANSFORMS[name](copy.deepcopy(example), **params)
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # a fix that does not fit this row's shape leaves it as it is (validation names it)
        return example

    def parsed_key(self, key: int) -> ParsedRow:
        if key < 0:
            example, gen = self._examples[key]
            return ParsedRow(0, self._apply_transforms(example, gen))
        parsed = self.index.parse(key)
        if parsed.example is None:
            return parsed
        return ParsedRow(parsed.line, self._apply_transforms(parsed.example, 0))

    def parsed(self, row: int) -> ParsedRow:
        """The row's example as it is now; `line` is its line in the file (0 for an edited or new row)."""
        return self.parsed_key(self.key(row))

    def example(self, row: int) -> dict[str, Any] | None:
        return self.parsed(row).example

    def is_edited(self, row: int) -> bool:
        return self.key(row) < 0

    def row_of_key(self, key: int) -> int | None:
        if self._keys is None:
            return key if 0 <= key < self.index.row_count else None
        import numpy as np

        hits = np.flatnonzero(self._keys == key)
        return int(hits[0]) if len(hits) else None

    def rows_of_keys(self, keys: Any) -> Any:
        """Rows of many keys at once (a numpy array; -1 where a key is not shown any more)."""
        import numpy as np

        keys = np.asarray(keys, dtype=np.int64)
        if self._keys is None:
            return np.where((keys >= 0) & (keys < self.index.row_count), keys, -1)
        order = np.argsort(self._keys, kind="stable")
        sorted_keys = self._keys[order]
        pos = np.searchsorted(sorted_keys, keys)
        pos = np.clip(pos, 0, max(len(sorted_keys) - 1, 0))
        if not len(sorted_keys):
            return np.full(len(keys), -1, dtype=np.int64)
        found = sorted_keys[pos] == keys
        return np.where(found, order[pos], -1).astype(np.int64)

    def line_bytes(self, row: int) -> bytes:
        """The row as one JSONL line (no newline): the file's own bytes when nothing changed it."""
        key = self.key(row)
        if key >= 0 and not self._transforms:
            return self.index.raw(key)
        parsed = self.parsed_key(key)
        if parsed.example is None:
            return self.index.raw(key)  # a line that is not JSON stays as it was: never lose bytes
        return json.dumps(parsed.example, ensure_ascii=False).encode("utf-8")

    def iter_lines(self, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                   batch: int = 4 * 1024 * 1024) -> Iterator[bytes]:
        """Blocks of whole lines (each ending in a newline), in row order. Runs of file rows that no edit
        touched are copied as bytes."""
        import numpy as np

        total = self.row_count
        keys = self.keys()
        starts, lengths, _ = self.index.arrays()
        row = 0
        last_report = 0
        while row < total:
            if cancel is not None and cancel():
                raise Cancelled()
            key = int(keys[row])
            if key >= 0 and not self._transforms:
                # the longest run key, key+1, ... from here
                window = keys[row:row + 65536]
                expected = np.arange(key, key + len(window), dtype=np.int64)
                diff = np.flatnonzero(window != expected)
                run = int(diff[0]) if len(diff) else len(window)
                end_key = key + run - 1
                start = int(starts[key])
                end = int(starts[end_key]) + int(lengths[end_key])
                data = self.index.read_bytes(start, end)
                if self.index.line(end_key) - self.index.line(key) != run - 1 or b"\r" in data:
                    # blank lines or CRLF inside the run: copy row by row, so the output is one row a line
                    for k in range(key, key + run):
                        yield self.index.raw(k) + b"\n"
                else:
                    yield data + b"\n"
                row += run
            else:
                out: list[bytes] = []
                size = 0
                while row < total and size < batch:
                    key = int(keys[row])
                    if key >= 0 and not self._transforms:
                        break
                    line = self.line_bytes(row)
                    out.append(line)
                    size += len(line) + 1
                    row += 1
                yield b"\n".join(out) + b"\n"
            if progress is not None and (row - last_report >= 20000 or row >= total):
                last_report = row
                progress(row, total, "write")


@dataclass
class Snapshot(_Rows):
    """The rows frozen at one moment: for saving and validating in a worker while the person edits on."""

    index: JsonlIndex
    _keys: Any
    _examples: dict[int, tuple[dict[str, Any], int]]
    _transforms: list[tuple[int, str, dict[str, Any]]]
    version: int = 0


class Overlay(_Rows):
    def __init__(self, index: JsonlIndex, journal: Journal | None = None,
                 protected: tuple[Path, ...] = ()) -> None:
        self.index = index
        self.base = index
        self.journal = journal
        self.protected = tuple(Path(p).resolve() for p in protected)
        self._keys = None
        self._examples = {}
        self._transforms = []
        self._gen = 0
        self._next_key = -1
        self._done: list[tuple[dict[str, Any], Any]] = []  # (op, inverse state)
        self._undone: list[tuple[dict[str, Any], Any]] = []
        self.version = 0  # bumps on every change (the view's cue to refresh)
        self._saved_top: int | None = None  # the edit on top when the rows matched the file (None: no edit)
        self._indexes: dict[str, JsonlIndex] = {}

    # -- state ----------------------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """The rows differ from the file: an edit is on top that was not there when they matched (so undoing
        every edit makes it clean again)."""
        return (id(self._done[-1]) if self._done else None) != self._saved_top

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def applied(self) -> list[dict[str, Any]]:
        return [op for op, _ in self._done]

    def snapshot(self) -> Snapshot:
        return Snapshot(self.index, None if self._keys is None else self._keys.copy(), dict(self._examples),
                        list(self._transforms), self.version)

    # -- edits ----------------------------------------------------------------------------------------------
    def set_row(self, row: int, example: dict[str, Any]) -> dict[str, Any]:
        return self.apply({"op": "set", "row": row, "example": example})

    def insert_rows(self, row: int, examples: list[dict[str, Any]]) -> dict[str, Any]:
        return self.apply({"op": "insert", "row": row, "examples": examples})

    def delete_rows(self, rows: list[int]) -> dict[str, Any]:
        return self.apply({"op": "delete", "rows": sorted(set(int(r) for r in rows))})

    def transform(self, name: str, **params: Any) -> dict[str, Any]:
        return self.apply({"op": "transform", "name": name, "params": params})

    def provide_index(self, index: JsonlIndex) -> None:
        """Hand over an index built elsewhere (a worker) for a coming `rebase` of its file."""
        self._indexes[str(index.path)] = index

    def apply(self, op: dict[str, Any], *, record: bool = True) -> dict[str, Any]:
        op = copy.deepcopy(op)
        self._check(op)
        if record and self.journal is not None:
            self.journal.record({"do": op})
        self._gen += 1
        inverse = self._do(op, self._gen)
        self._done.append((op, inverse))
        self._undone.clear()
        self.version += 1
        return op

    def undo(self, *, record: bool = True) -> dict[str, Any]:
        if not self._done:
            raise UsageError("bad_edit", reason="nothing to undo")
        if record and self.journal is not None:
            self.journal.record({"undo": True})
        op, inverse = self._done.pop()
        self._undo(op, inverse)
        self._undone.append((op, inverse))
        self.version += 1
        return op

    def redo(self, *, record: bool = True) -> dict[str, Any]:
        if not self._undone:
            raise UsageError("bad_edit", reason="nothing to redo")
        if record and self.journal is not None:
            self.journal.record({"redo": True})
        op, inverse = self._undone.pop()
        self._redo(op, inverse)
        self._done.append((op, inverse))
        self.version += 1
        return op

    def _check(self, op: dict[str, Any]) -> None:
        kind = op.get("op")
        n = self.row_count
        if kind == "set":
            if not 0 <= int(op["row"]) < n or not isinstance(op.get("example"), dict):
                raise UsageError("bad_edit", reason=f"row {op.get('row')} of {n}")
        elif kind == "insert":
            if not 0 <= int(op["row"]) <= n or not all(isinstance(e, dict) for e in op.get("examples", [])):
                raise UsageError("bad_edit", reason=f"insert at {op.get('row')} of {n}")
        elif kind == "delete":
            rows = op.get("rows") or []
            if rows != sorted(set(rows)) or (rows and not (0 <= rows[0] and rows[-1] < n)):
                raise UsageError("bad_edit", reason="rows to delete must be sorted, unique and shown")
        elif kind == "transform":
            if op.get("name") not in TRANSFORMS:
                raise UsageError("bad_edit", reason=f"unknown fix {op.get('name')}")
            op.setdefault("params", {})
        elif kind == "rebase":
            if self._done:
                raise UsageError("bad_edit", reason="re-encoding needs a file without unsaved edits")
        else:
            raise UsageError("bad_edit", reason=f"unknown operation {kind}")

    def _materialize_keys(self) -> Any:
        import numpy as np

        if self._keys is None:
            self._keys = np.arange(self.index.row_count, dtype=np.int64)
        return self._keys

    def _new_key(self, example: dict[str, Any], gen: int) -> int:
        key = self._next_key
        self._next_key -= 1
        self._examples[key] = (example, gen)
        return key

    def _do(self, op: dict[str, Any], gen: int) -> Any:
        import numpy as np

        kind = op["op"]
        if kind == "set":
            keys = self._materialize_keys()
            row = int(op["row"])
            old = int(keys[row])
            new = self._new_key(op["example"], gen)
            keys[row] = new
            return (old, new)
        if kind == "insert":
            keys = self._materialize_keys()
            added = [self._new_key(e, gen) for e in op["examples"]]
            self._keys = np.insert(keys, int(op["row"]), np.asarray(added, dtype=np.int64))
            return added
        if kind == "delete":
            keys = self._materialize_keys()
            rows = np.asarray(op["rows"], dtype=np.int64)
            removed = keys[rows].copy()
            self._keys = np.delete(keys, rows)
            return removed
        if kind == "transform":
            self._transforms.append((gen, op["name"], dict(op["params"])))
            return gen
        if kind == "rebase":
            previous = (self.index, self._keys, list(self._transforms))
            index = self._indexes.get(op["file"])
            if index is None:
                index = JsonlIndex(op["file"])
                index.build()
                self._indexes[op["file"]] = index
            self.index = index
            self._keys = None
            return previous
        raise AssertionError(kind)

    def _undo(self, op: dict[str, Any], inverse: Any) -> None:
        import numpy as np

        kind = op["op"]
        assert self._keys is not None or kind in ("transform", "rebase")
        if kind == "set":
            old, _new = inverse
            self._keys[int(op["row"])] = old
        elif kind == "insert":
            r = int(op["row"])
            self._keys = np.delete(self._keys, np.arange(r, r + len(inverse)))
        elif kind == "delete":
            rows = np.asarray(op["rows"], dtype=np.int64)
            self._keys = np.insert(self._keys, rows - np.arange(len(rows)), inverse)
        elif kind == "transform":
            self._transforms.pop()
        elif kind == "rebase":
            self.index, self._keys, self._transforms = inverse

    def _redo(self, op: dict[str, Any], inverse: Any) -> None:
        import numpy as np

        kind = op["op"]
        if kind == "set":
            _old, new = inverse
            self._materialize_keys()[int(op["row"])] = new
        elif kind == "insert":
            self._keys = np.insert(self._materialize_keys(), int(op["row"]), np.asarray(inverse, dtype=np.int64))
        elif kind == "delete":
            self._keys = np.delete(self._materialize_keys(), np.asarray(op["rows"], dtype=np.int64))
        elif kind == "transform":
            # its original generation: edits made after it already hold its effect
            self._transforms.append((inverse, op["name"], dict(op["params"])))
        elif kind == "rebase":
            self.index = self._indexes[op["file"]]
            self._keys = None

    # -- the journal ------------------------------------------------------------------------------------------
    def recover(self) -> int:
        """Replay an earlier session's journal over the same file bytes; returns how many edits now apply.
        A journal whose base file changed is set aside (never deleted) and an InputError says where."""
        if self.journal is None:
            return 0
        entries = self.journal.pending()
        if entries is None:
            if self.journal.path.exists():
                aside = self.journal.set_aside()
                self.journal.start()
                raise InputError("journal_base_changed", path=str(self.base.path), journal=str(aside))
            self.journal.start()
            return 0
        for entry in entries:
            if "do" in entry:
                self.apply(entry["do"], record=False)
            elif entry.get("undo") and self._done:
                self.undo(record=False)
            elif entry.get("redo") and self._undone:
                self.redo(record=False)
        self.journal.start(keep=True)
        return len(self._done)

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
        for index in self._indexes.values():
            index.close()


# -- save -----------------------------------------------------------------------------------------------------


def write_rows(rows: _Rows, target: Path | str, *, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None, protected: tuple[Path, ...] = ()) -> FileSignature:
    """Stream the rows to a temp file beside `target`, fsync, and replace `target` atomically."""
    target = Path(target)
    resolved = target.resolve()
    if any(resolved == Path(p).resolve() for p in protected):
        raise UsageError("save_onto_source", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for block in rows.iter_lines(progress, cancel):
                f.write(block)
            f.flush()
            os.fsync(f.fileno())
        if cancel is not None and cancel():
            raise Cancelled()
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return FileSignature.of(target)


# -- what the table shows ---------------------------------------------------------------------------------------


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary(example: dict[str, Any] | None) -> tuple[str, str, str]:
    """(system prompt, first user message, last answer) of an example, each on one line, for the table."""
    if not isinstance(example, dict):
        return "", "", ""
    messages = example.get("messages")
    answer = ""
    if messages is None and isinstance(example.get("input"), dict):  # preference (DPO) format
        messages = example["input"].get("messages")
        preferred = example.get("preferred_output")
        if isinstance(preferred, list) and preferred and isinstance(preferred[-1], dict):
            answer = _text(preferred[-1].get("content"))
    if messages is None and "prompt" in example:  # legacy prompt/completion
        return "", _one_line(_text(example.get("prompt"))), _one_line(_text(example.get("completion")))
    if not isinstance(messages, list):
        return "", "", ""
    system = user = ""
    for m in messages:
        if not isinstance(m, dict):
            continue
        role = m.get("role")
        if role == "system" and not system:
            system = _text(m.get("content"))
        elif role == "user" and not user:
            user = _text(m.get("content"))
        elif role == "assistant":
            answer = _text(m.get("content")) or ("[tool call]" if m.get("tool_calls") else "")
    return _one_line(system), _one_line(user), _one_line(answer)


def search_rows(rows: _Rows, query: str, *, cancel: CancelFn | None = None,
                progress: ProgressFn | None = None) -> list[int]:
    """Rows whose message text contains `query` (case-insensitive). File rows are first matched on their raw
    bytes (fast), then confirmed on their parsed text."""
    needle = query.casefold()
    if not needle:
        return list(range(rows.row_count))
    raw_needles = {needle.encode("utf-8"), json.dumps(needle)[1:-1].encode("ascii").lower()}
    hits: list[int] = []
    total = rows.row_count
    for row in range(total):
        if cancel is not None and row % 4096 == 0 and cancel():
            raise Cancelled()
        if progress is not None and row % 50000 == 0:
            progress(row, total, "search")
        key = rows.key(row)
        if key >= 0 and not rows._transforms:
            raw = rows.index.raw(key)
            low = raw.lower()
            if not any(n in low for n in raw_needles):
                continue
            parsed = parse_line(raw, 0)  # not through the index's cache: that one serves the table
            if parsed.example is None:
                hits.append(row)  # the bytes match and there is no text to confirm against
                continue
        else:
            parsed = rows.parsed_key(key)
            if parsed.example is None:
                continue
        if needle in _all_text(parsed.example).casefold():
            hits.append(row)
    return hits


def _all_text(example: Any) -> str:
    parts: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            parts.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(example)
    return "\n".join(parts)
