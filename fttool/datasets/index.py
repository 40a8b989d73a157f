"""A byte-offset index of a JSONL file: rows are parsed on demand, so a million-line file opens at once.

    index = JsonlIndex(path)          # opens the file (kept open: a file replaced by another program still
                                      # reads its old bytes until we reload)
    index.build(progress, cancel, chunk_rows_ready)   # scan newlines (numpy, chunk by chunk; any thread)
    index.row_count                    # grows while the build runs; rows are readable as soon as counted
    index.raw(row) -> bytes            # the line's bytes (no newline)
    index.parse(row) -> ParsedRow      # the example (a small LRU cache), or why it could not be parsed
    index.line(row) -> int             # the 1-based line in the file (blank lines are not rows)

A row is a non-blank line. A UTF-8 byte order mark at the start is skipped. `FileSignature` notices a file
changed on disk by another program (inode, size, mtime, then a hash of its bytes when those differ).
No Qt here: the Data view drives this from a worker thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fttool.errors import Cancelled, InputError

FIRST_CHUNK = 256 * 1024  # small, so the first rows are there in milliseconds
SPILL_BYTES = 1 << 20     # row arrays above this go to a child process through a file (arrays_to_files)
CHUNK = 16 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
HASH_SAMPLE = 1024 * 1024
FULL_HASH_LIMIT = 64 * 1024 * 1024

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class FileSignature:
    """What a file looked like when we read it: enough to notice another program changing it."""

    path: str
    size: int
    mtime_ns: int
    inode: int
    digest: str  # sha256 of the whole file up to 64 MB, else of its first and last MB and its size

    @classmethod
    def of(cls, path: Path | str) -> FileSignature:
        p = Path(path)
        st = p.stat()
        return cls(str(p), st.st_size, st.st_mtime_ns, st.st_ino, content_digest(p, st.st_size))

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "mtime_ns": self.mtime_ns, "inode": self.inode,
                "digest": self.digest}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileSignature:
        return cls(str(d["path"]), int(d["size"]), int(d["mtime_ns"]), int(d["inode"]), str(d["digest"]))

    def changed(self) -> bool:
        """True when the file on disk is no longer the one this signature describes (gone, or other bytes).
        A `touch` (new mtime, same bytes) is not a change."""
        p = Path(self.path)
        try:
            st = p.stat()
        except OSError:
            return True
        if (st.st_size, st.st_mtime_ns, st.st_ino) == (self.size, self.mtime_ns, self.inode):
            return False
        if st.st_size != self.size:
            return True
        try:
            return content_digest(p, st.st_size) != self.digest
        except OSError:
            return True


def content_digest(path: Path, size: int | None = None) -> str:
    size = path.stat().st_size if size is None else size
    h = hashlib.sha256()
    with open(path, "rb") as f:
        if size <= FULL_HASH_LIMIT:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        else:
            h.update(f.read(HASH_SAMPLE))
            f.seek(size - HASH_SAMPLE)
            h.update(f.read(HASH_SAMPLE))
            h.update(str(size).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class ParsedRow:
    line: int
    example: dict[str, Any] | None  # None when the line is not a JSON object
    error: str | None = None  # invalid_encoding, invalid_json, not_an_object
    detail: str = ""


def parse_line(raw: bytes, line: int) -> ParsedRow:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ParsedRow(line, None, "invalid_encoding", str(exc))
    try:
        value = json.loads(text)
    except ValueError as exc:
        return ParsedRow(line, None, "invalid_json", str(exc))
    except RecursionError:
        return ParsedRow(line, None, "invalid_json", "nested too deeply")
    if not isinstance(value, dict):
        return ParsedRow(line, None, "not_an_object", type(value).__name__)
    return ParsedRow(line, value)


_spill = threading.local()


@contextmanager
def arrays_to_files(folder: Path) -> Iterator[list[Path]]:
    """While this thread pickles for a child process inside the block, a JsonlIndex sends its row arrays through
    a temp file in `folder` instead of inside the pickle: pickling a million rows' arrays (20 MB) holds the GIL
    for about 25 ms, long enough to stall a window's painting, while numpy's tofile writes without it. Yields
    the files written; the child removes each after reading it, the caller removes what is left when the child
    is done."""
    files: list[Path] = []
    _spill.folder, _spill.files = folder, files
    try:
        yield files
    finally:
        _spill.folder = None


class JsonlIndex:
    """Offsets of the non-blank lines of one file. Safe to read from several threads while it builds."""

    def __init__(self, path: Path | str, *, cache_size: int = 2048) -> None:
        import numpy as np

        self.path = Path(path)
        if not self.path.exists():
            raise InputError("file_not_found", path=str(self.path))
        if self.path.is_dir():
            raise InputError("not_a_file", path=str(self.path))
        self._file = open(self.path, "rb")
        self._fd = self._file.fileno()
        self.size = os.fstat(self._fd).st_size
        self._signature: FileSignature | None = None  # hashing a big file waits for build() (a worker)
        self._np = np
        self._lock = threading.Lock()
        # chunks of (starts int64, lengths int32, lines int64); concatenated when the build ends
        self._chunks: list[tuple[Any, Any, Any]] = []
        self._bounds: list[int] = []  # cumulative row counts at the end of each chunk
        self._rows = 0
        self.complete = False
        self.bytes_scanned = 0
        self._cache: OrderedDict[int, ParsedRow] = OrderedDict()
        self._cache_size = cache_size
        self.has_bom = os.pread(self._fd, 3, 0) == BOM

    # -- building ----------------------------------------------------------------------------------------
    def build(self, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
              on_rows: Callable[[int], None] | None = None) -> int:
        """Scan the file for line ends. `on_rows(row_count)` is called each time more rows are readable.
        Returns the number of rows. Raises Cancelled."""
        np = self._np
        if self._signature is None:
            self._signature = FileSignature.of(self.path)
        pos = 3 if self.has_bom else 0
        line_no = 0  # lines seen so far (1-based numbers of the next line = line_no + 1)
        size = self.size
        chunk_size = FIRST_CHUNK
        while pos < size:
            if cancel is not None and cancel():
                raise Cancelled()
            data = os.pread(self._fd, min(chunk_size, size - pos), pos)
            if not data:
                break
            chunk_size = CHUNK
            arr = np.frombuffer(data, dtype=np.uint8)
            nl = np.flatnonzero(arr == 10)
            at_eof = pos + len(data) >= size
            if len(nl) == 0 and not at_eof:
                # one line longer than the chunk: read on until its end
                chunk_size = max(CHUNK, len(data) * 2)
                more = self._find_newline(pos + len(data))
                if more is None:
                    data = os.pread(self._fd, size - pos, pos)
                    at_eof = True
                else:
                    data = os.pread(self._fd, more + 1 - pos, pos)
                arr = np.frombuffer(data, dtype=np.uint8)
                nl = np.flatnonzero(arr == 10)
            ends = nl.astype(np.int64)
            if at_eof and (len(ends) == 0 or ends[-1] != len(data) - 1):
                ends = np.append(ends, len(data))  # a last line without a newline
            starts = np.empty_like(ends)
            starts[0:1] = 0
            starts[1:] = ends[:-1] + 1
            lengths = ends - starts
            # a line ending in \r\n: drop the \r from the row
            has = lengths > 0
            cr = np.zeros(len(ends), dtype=bool)
            cr[has] = arr[ends[has] - 1] == 13
            lengths = lengths - cr
            keep = lengths > 0
            short = np.flatnonzero(keep & (lengths <= 8))
            for i in short.tolist():  # whitespace-only lines are blank too (rare: checked one by one)
                s = int(starts[i])
                if not data[s:s + int(lengths[i])].strip():
                    keep[i] = False
            lines = np.arange(line_no + 1, line_no + 1 + len(ends), dtype=np.int64)
            line_no += len(ends)
            consumed = int(ends[-1]) + 1 if len(ends) else len(data)
            k_starts = starts[keep] + pos
            k_lengths = lengths[keep].astype(np.int32)
            k_lines = lines[keep]
            with self._lock:
                if len(k_starts):
                    self._chunks.append((k_starts, k_lengths, k_lines))
                    self._rows += len(k_starts)
                    self._bounds.append(self._rows)
                self.bytes_scanned = pos + consumed
            pos += consumed
            if on_rows is not None and len(k_starts):
                on_rows(self._rows)
            if progress is not None:
                progress(pos, size, "index")
        with self._lock:
            if len(self._chunks) > 1:
                self._chunks = [tuple(np.concatenate([c[i] for c in self._chunks]) for i in range(3))]  # type: ignore[misc]
                self._bounds = [self._rows]
            self.complete = True
            self.bytes_scanned = size
        if on_rows is not None:
            on_rows(self._rows)
        return self._rows

    def _find_newline(self, pos: int) -> int | None:
        while pos < self.size:
            data = os.pread(self._fd, CHUNK, pos)
            i = data.find(b"\n")
            if i >= 0:
                return pos + i
            pos += len(data)
        return None

    @property
    def signature(self) -> FileSignature:
        if self._signature is None:
            self._signature = FileSignature.of(self.path)
        return self._signature

    # -- reading -------------------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return self._rows

    def _locate(self, row: int) -> tuple[int, int, int]:
        if row < 0 or row >= self._rows:
            raise IndexError(row)
        with self._lock:
            chunks, bounds = self._chunks, self._bounds
        import bisect

        c = bisect.bisect_right(bounds, row)
        first = bounds[c - 1] if c else 0
        starts, lengths, lines = chunks[c]
        i = row - first
        return int(starts[i]), int(lengths[i]), int(lines[i])

    def raw(self, row: int) -> bytes:
        start, length, _ = self._locate(row)
        return os.pread(self._fd, length, start)

    def line(self, row: int) -> int:
        return self._locate(row)[2]

    def span(self, row: int) -> tuple[int, int]:
        """(start offset, end offset) of the row's bytes in the file."""
        start, length, _ = self._locate(row)
        return start, start + length

    def read_bytes(self, start: int, end: int) -> bytes:
        return os.pread(self._fd, end - start, start)

    def parse(self, row: int) -> ParsedRow:
        with self._lock:
            hit = self._cache.get(row)
            if hit is not None:
                self._cache.move_to_end(row)
                return hit
        start, length, line = self._locate(row)
        parsed = parse_line(os.pread(self._fd, length, start), line)
        with self._lock:
            self._cache[row] = parsed
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return parsed

    def row_of_line(self, line: int) -> int | None:
        """The row holding a 1-based file line (None for a blank line or one past the end)."""
        np = self._np
        with self._lock:
            chunks, bounds = self._chunks, self._bounds
        first = 0
        for c, (_starts, _lengths, lines) in enumerate(chunks):
            i = int(np.searchsorted(lines, line))
            if i < len(lines) and int(lines[i]) == line:
                return first + i
            first = bounds[c]
        return None

    def arrays(self) -> tuple[Any, Any, Any]:
        """(starts, lengths, lines) of every row (after the build)."""
        np = self._np
        with self._lock:
            chunks = list(self._chunks)
        if not chunks:
            return np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int64)
        if len(chunks) == 1:
            return chunks[0]
        return tuple(np.concatenate([c[i] for c in chunks]) for i in range(3))  # type: ignore[return-value]

    def __getstate__(self) -> dict[str, Any]:
        """For a child process: the rows' offsets travel (inside arrays_to_files: through a file), the file is
        opened again there."""
        state: dict[str, Any] = {"path": str(self.path), "arrays": self.arrays(), "rows": self._rows,
                                 "complete": self.complete, "size": self.size, "has_bom": self.has_bom,
                                 "signature": self._signature}
        folder = getattr(_spill, "folder", None)
        if folder is not None and sum(a.nbytes for a in state["arrays"]) >= SPILL_BYTES:
            import tempfile

            fd, name = tempfile.mkstemp(prefix="rows-", suffix=".bin", dir=folder)
            _spill.files.append(Path(name))
            with os.fdopen(fd, "wb") as f:
                for a in state["arrays"]:
                    a.tofile(f)  # (numpy writes without the GIL)
            state["arrays_file"] = (name, [(a.dtype.str, len(a)) for a in state.pop("arrays")])
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        import numpy as np

        self.path = Path(state["path"])
        self._file = open(self.path, "rb")
        self._fd = self._file.fileno()
        self._np = np
        self._lock = threading.Lock()
        if "arrays_file" in state:
            name, spec = state["arrays_file"]
            with open(name, "rb") as f:
                state["arrays"] = tuple(np.fromfile(f, dtype=dt, count=n) for dt, n in spec)
            try:
                os.unlink(name)
            except OSError:
                pass  # (Windows: the parent removes it when the child is done)
        self._chunks = [state["arrays"]] if state["rows"] else []
        self._bounds = [state["rows"]] if state["rows"] else []
        self._rows = state["rows"]
        self.complete = state["complete"]
        self.bytes_scanned = state["size"]
        self.size = state["size"]
        self.has_bom = state["has_bom"]
        self._signature = state["signature"]
        self._cache = OrderedDict()
        self._cache_size = 256

    def changed_on_disk(self) -> bool:
        return self.signature.changed()

    def close(self) -> None:
        try:
            self._file.close()
        except OSError:
            pass

    def __enter__(self) -> JsonlIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
