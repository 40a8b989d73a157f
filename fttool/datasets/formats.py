"""Import and export of training data.

Every reader yields `(line, example)` with the example in OpenAI's chat shape ({"messages": [...]}, or the DPO
preference shape kept as it is). `line` is the 1-based physical line of JSONL and CSV files (the line a CSV
record starts on, even when cells hold newlines) and the 1-based record number of JSON arrays and Parquet.

Formats: chat JSONL ("chat"), DPO preference JSONL ("dpo"), ShareGPT JSON/JSONL ("sharegpt": `conversations`
with `from`/`value`), legacy prompt/completion JSONL ("prompt_completion"), Alpaca JSON/JSONL ("alpaca":
instruction/input/output), CSV and TSV with a column mapping ("csv", "tsv"), Parquet ("parquet", read and
written by the pure-Python fttool/datasets/parquet.py, imported only when needed).
"""

from __future__ import annotations

import csv
import datetime as _dt
import decimal
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fttool.datasets import codes  # noqa: F401  (registers the messages)
from fttool.errors import FtError, InputError

FORMATS = ("chat", "dpo", "sharegpt", "prompt_completion", "alpaca", "csv", "tsv", "parquet")
BOM = "\ufeff"
OnError = Callable[[int, str], None]


class DatasetFormatError(FtError):
    """A file or record that cannot be read or converted (names the file and the record's line): CLI exit 2,
    the exit of input that cannot be read, as for a missing file."""

    default_code = "dataset_record_invalid"
    exit_code = 2

    def __init__(self, code: str | None = None, *, line: int | None = None, **params: Any) -> None:
        self.line = line
        super().__init__(code, line=line, **params)


class ConversionRefused(DatasetFormatError):
    """An example the target format cannot hold whole (names its line and what would be lost): the input was
    read, the command refused to write, CLI exit 1."""

    exit_code = 1


@dataclass
class ColumnMapping:
    """Which columns of a table hold the system prompt, the question and the answer; for CSV/TSV also the
    encoding and the delimiter when a person chose them (else they are detected: fttool.datasets.delimited)."""

    user: str
    assistant: str
    system: str | None = None
    default_system: str | None = None
    encoding: str | None = None
    delimiter: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any] | ColumnMapping | None) -> ColumnMapping | None:
        if d is None or isinstance(d, ColumnMapping):
            return d
        return cls(user=d.get("user") or "", assistant=d.get("assistant") or "", system=d.get("system") or None,
                   default_system=d.get("default_system") or None, encoding=d.get("encoding") or None,
                   delimiter=d.get("delimiter") or None)


_USER_NAMES = ("user", "question", "prompt", "input", "instruction", "query", "human", "q")
_ASSISTANT_NAMES = ("assistant", "answer", "completion", "response", "output", "reply", "gpt", "a", "target")
_SYSTEM_NAMES = ("system", "system_prompt", "system prompt", "instructions", "persona")


def guess_mapping(columns: list[str]) -> ColumnMapping | None:
    """A likely mapping from column names (case-insensitive), or None when no question/answer pair is found."""
    lower = {c.strip().lower(): c for c in columns}

    def pick(names: tuple[str, ...], taken: set[str]) -> str | None:
        for n in names:
            if n in lower and lower[n] not in taken:
                return lower[n]
        return None

    user = pick(_USER_NAMES, set())
    assistant = pick(_ASSISTANT_NAMES, {user} if user else set())
    if not user or not assistant:
        return None
    system = pick(_SYSTEM_NAMES, {user, assistant})
    return ColumnMapping(user=user, assistant=assistant, system=system)


# -- detection -----------------------------------------------------------------------------------------------
def _check_path(path: Path) -> None:
    from fttool.fsutil import input_file_size

    input_file_size(path)
    with open(path, "rb") as f:
        head = f.read(8192)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and not head.startswith(b"PAR1"):
        raise InputError("dataset_binary", path=str(path))


def _record_format(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return None
    if "messages" in obj:
        msgs = obj["messages"]
        if isinstance(msgs, list) and msgs and isinstance(msgs[0], dict) and "from" in msgs[0]:
            return "sharegpt"
        return "chat"
    if "preferred_output" in obj or "non_preferred_output" in obj:
        return "dpo"
    if "conversations" in obj:
        return "sharegpt"
    if "prompt" in obj and "completion" in obj:
        return "prompt_completion"
    if "instruction" in obj and "output" in obj:
        return "alpaca"
    return None


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of a file from its extension and first record."""
    p = Path(path)
    _check_path(p)
    ext = p.suffix.lower()
    if ext == ".csv":
        return "csv"
    if ext in (".tsv", ".tab"):
        return "tsv"
    if ext in (".parquet", ".pq"):
        return "parquet"
    with open(p, "rb") as f:
        head = f.read(4)
    if head == b"PAR1":
        return "parquet"
    first = _first_record(p)
    fmt = _record_format(first)
    if fmt is None:
        raise DatasetFormatError("dataset_format_unknown", path=str(p),
                                 detail=f"first record has keys {sorted(first)[:8]}" if isinstance(first, dict)
                                 else "no JSON object found")
    return fmt


WHOLE_JSON_BYTES = 64 << 20  # a one-record .json file is parsed whole to tell its format only up to this size


def _first_record(p: Path) -> Any:
    with open(p, encoding="utf-8-sig", errors="replace") as f:
        text = f.read(1 << 16)
    if "\n" not in text.strip() and p.stat().st_size > len(text.encode("utf-8", "replace")):
        # the first line is longer than what was read: read that line alone, bounded (a line of hundreds of
        # megabytes is no record to tell the format by; the validator names it)
        with open(p, "rb") as f:
            first = f.readline(8 << 20)
        if not first.endswith(b"\n") and len(first) >= 8 << 20:
            return None
        text = first.decode("utf-8-sig", "replace")
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array: its first element, from the head when it fits there
        try:
            return json.JSONDecoder().raw_decode(stripped[1:].lstrip())[0]
        except (ValueError, RecursionError):
            pass
        if p.stat().st_size > WHOLE_JSON_BYTES:
            return None
        try:
            data = _load_json(p)
        except ValueError:
            return None
        if isinstance(data, list) and data:
            return data[0]
        return None
    for line in text.splitlines():
        if line.strip():
            try:
                return json.loads(line)
            except RecursionError:
                return None
            except ValueError:
                if p.stat().st_size > WHOLE_JSON_BYTES:
                    return None
                try:  # one JSON object over several lines (a .json file with one record)
                    return _load_json(p)
                except ValueError:
                    return None
    return None


def _load_json(p: Path) -> Any:
    """A whole JSON file; ValueError (UnicodeDecodeError is one) for what does not read, nesting included."""
    with open(p, encoding="utf-8-sig") as f:
        try:
            return json.load(f)
        except RecursionError:
            raise ValueError("nested too deeply to read (hundreds of brackets inside each other)") from None


# -- conversions to the chat shape ---------------------------------------------------------------------------
_SHAREGPT_ROLES = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "model": "assistant",
                   "chatgpt": "assistant", "bard": "assistant", "bing": "assistant", "system": "system",
                   "tool": "tool", "observation": "tool", "function_response": "tool", "function_call": "assistant"}


def from_sharegpt(rec: dict[str, Any]) -> dict[str, Any]:
    conv = rec.get("conversations", rec.get("messages"))
    if not isinstance(conv, list):
        raise ValueError("no \"conversations\" list")
    msgs: list[dict[str, Any]] = []
    system = rec.get("system")
    if isinstance(system, str) and system.strip():
        msgs.append({"role": "system", "content": system})
    for j, turn in enumerate(conv):
        if not isinstance(turn, dict):
            raise ValueError(f"conversations[{j}] is not an object")
        who = str(turn.get("from", turn.get("role", ""))).lower()
        if who not in _SHAREGPT_ROLES:
            raise ValueError(f"conversations[{j}]: unknown speaker \"{who}\"")
        value = turn.get("value", turn.get("content"))
        if not isinstance(value, str):
            raise ValueError(f"conversations[{j}]: \"value\" is not text")
        msgs.append({"role": _SHAREGPT_ROLES[who], "content": value})
    return {"messages": msgs}


def to_sharegpt(ex: dict[str, Any]) -> dict[str, Any]:
    back = {"user": "human", "assistant": "gpt", "system": "system", "tool": "tool"}
    return {"conversations": [{"from": back.get(m.get("role"), m.get("role")), "value": _text(m.get("content"))}
                              for m in ex.get("messages", [])]}


def from_prompt_completion(rec: dict[str, Any]) -> dict[str, Any]:
    p, c = rec.get("prompt"), rec.get("completion")
    if not isinstance(p, str) or not isinstance(c, str):
        raise ValueError("\"prompt\" and \"completion\" must be text")
    return {"messages": [{"role": "user", "content": p.strip()}, {"role": "assistant", "content": c.strip()}]}


def to_prompt_completion(ex: dict[str, Any]) -> dict[str, Any]:
    msgs = ex.get("messages", [])
    prompt = "\n\n".join(_text(m.get("content")) for m in msgs if m.get("role") in ("system", "user"))
    answers = [_text(m.get("content")) for m in msgs if m.get("role") == "assistant"]
    return {"prompt": prompt, "completion": answers[-1] if answers else ""}


def from_alpaca(rec: dict[str, Any]) -> dict[str, Any]:
    ins, inp, out = rec.get("instruction"), rec.get("input", ""), rec.get("output")
    if not isinstance(ins, str) or not isinstance(out, str):
        raise ValueError("\"instruction\" and \"output\" must be text")
    user = ins if not inp else f"{ins}\n\n{inp}"
    msgs = []
    if isinstance(rec.get("system"), str) and rec["system"].strip():
        msgs.append({"role": "system", "content": rec["system"]})
    msgs += [{"role": "user", "content": user}, {"role": "assistant", "content": out}]
    return {"messages": msgs}


def to_alpaca(ex: dict[str, Any]) -> dict[str, Any]:
    msgs = ex.get("messages", [])
    system = next((_text(m.get("content")) for m in msgs if m.get("role") == "system"), None)
    user = "\n\n".join(_text(m.get("content")) for m in msgs if m.get("role") == "user")
    answers = [_text(m.get("content")) for m in msgs if m.get("role") == "assistant"]
    out = {"instruction": user, "input": "", "output": answers[-1] if answers else ""}
    if system:
        out["system"] = system
    return out


def from_row(row: dict[str, Any], mapping: ColumnMapping) -> dict[str, Any]:
    msgs = []
    system = row.get(mapping.system) if mapping.system else None
    if system is None or (isinstance(system, str) and not system.strip()):
        system = mapping.default_system
    if system:
        msgs.append({"role": "system", "content": str(system)})
    for col, role in ((mapping.user, "user"), (mapping.assistant, "assistant")):
        v = row.get(col)
        if v is None:
            raise ValueError(f"column \"{col}\" is empty")
        msgs.append({"role": role, "content": v if isinstance(v, str) else str(v)})
    return {"messages": msgs}


def to_row(ex: dict[str, Any]) -> dict[str, str]:
    msgs = ex.get("messages", [])
    system = next((_text(m.get("content")) for m in msgs if m.get("role") == "system"), "")
    users = [_text(m.get("content")) for m in msgs if m.get("role") == "user"]
    answers = [_text(m.get("content")) for m in msgs if m.get("role") == "assistant"]
    return {"system": system, "user": users[-1] if users else "", "assistant": answers[-1] if answers else ""}


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


_CONVERT: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "sharegpt": from_sharegpt, "prompt_completion": from_prompt_completion, "alpaca": from_alpaca,
}


# -- readers -------------------------------------------------------------------------------------------------
def read_columns(path: str | os.PathLike[str], fmt: str | None = None, *, encoding: str | None = None,
                 delimiter: str | None = None) -> list[str]:
    """The column names of a CSV/TSV/Parquet file (for the mapping dialog)."""
    p = Path(path)
    fmt = fmt or detect_format(p)
    if fmt == "parquet":
        return list(_parquet().ParquetFile(p).names)
    return list(table_preview(p, fmt, encoding=encoding, delimiter=delimiter, limit=0)["columns"])


def table_preview(path: str | os.PathLike[str], fmt: str | None = None, *, encoding: str | None = None,
                  delimiter: str | None = None, limit: int = 5) -> dict[str, Any]:
    """Columns, the first `limit` rows and, for CSV/TSV, the encoding and delimiter found (or given), with
    `encoding_guessed` when the encoding is the detector's guess: what the import dialog shows."""
    p = Path(path)
    _check_path(p)
    fmt = fmt or detect_format(p)
    if fmt == "parquet":
        f = _parquet().ParquetFile(p)
        rows: list[list[str]] = []
        for row in f.iter_rows():
            if len(rows) >= limit:
                break
            rows.append([str(row.get(c))[:200] for c in f.names])
        return {"columns": list(f.names), "rows": rows}
    from fttool.datasets import delimited

    return delimited.preview(p, delimited.sniff(p, fmt, encoding=encoding, delimiter=delimiter), limit)


def read_examples(path: str | os.PathLike[str], fmt: str | None = None,
                  mapping: ColumnMapping | dict[str, Any] | None = None,
                  on_error: OnError | None = None,
                  objects_only: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, example) for every record, converted to the chat shape.

    `objects_only`: a chat/DPO JSONL line that another format could not hold faithfully (JSON that is not an
    object, no message list, a message that is not an object, a lone surrogate) is failed like a line that is not
    JSON, for callers that write the examples out (convert, export, fix, split) rather than check them.

    A record that cannot be converted raises DatasetFormatError naming its line, or, with `on_error`, is
    reported there as (line, reason) and skipped. Chat and DPO JSONL lines are passed through as parsed (the
    validator reports their problems); a line that is not JSON raises/reports."""
    p = Path(path)
    _check_path(p)
    fmt = fmt or detect_format(p)
    if fmt not in FORMATS:
        raise DatasetFormatError("dataset_format_unknown", path=str(p), detail=f"unknown format {fmt!r}")
    cmap = ColumnMapping.from_dict(mapping)

    def fail(line: int, detail: str) -> None:
        if on_error is None:
            raise DatasetFormatError("dataset_record_invalid", line=line, path=str(p), detail=detail)
        on_error(line, detail)

    if not objects_only:
        yield from _records_of(p, fmt, cmap, fail)
        return
    for line, rec in _records_of(p, fmt, cmap, fail):
        problem = "not a JSON object" if not isinstance(rec, dict) else _unwritable(rec, fmt)
        if problem:
            fail(line, problem)
            continue
        yield line, rec


def _records_of(p: Path, fmt: str, cmap: ColumnMapping | None, fail: Callable[[int, str], None]
                ) -> Iterator[tuple[int, Any]]:
    if fmt in ("csv", "tsv"):
        yield from _read_csv(p, fmt, cmap, fail)
        return
    if fmt == "parquet":
        yield from _read_parquet(p, cmap, fail)
        return
    convert = _CONVERT.get(fmt)
    for line, rec in _json_records(p, fail):
        if convert is None:
            yield line, rec
            continue
        if not isinstance(rec, dict):
            fail(line, "not a JSON object")
            continue
        try:
            yield line, convert(rec)
        except ValueError as exc:
            fail(line, str(exc))


def _json_records(p: Path, fail: Callable[[int, str], None]) -> Iterator[tuple[int, Any]]:
    """Records of a JSONL file (line numbers) or of a JSON array / single object (record numbers)."""
    with open(p, encoding="utf-8-sig", errors="replace") as f:  # only to see the shape; lines are checked below
        head = f.read(1 << 12)
    if head.lstrip().startswith("[") or (head.lstrip().startswith("{") and p.suffix.lower() == ".json"
                                         and not _is_jsonl(p)):
        try:
            data = _load_json(p)
        except ValueError as exc:
            fail(getattr(exc, "lineno", 1), f"not valid JSON: {exc}")
            return
        items = data if isinstance(data, list) else [data]
        for i, rec in enumerate(items, 1):
            yield i, rec
        return
    with open(p, "rb") as f:
        for i, raw in enumerate(f, 1):
            if i == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield i, json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                fail(i, "not valid UTF-8")
            except ValueError as exc:
                fail(i, f"not valid JSON ({getattr(exc, 'msg', exc)})")
            except RecursionError:
                fail(i, "nested too deeply to read (hundreds of brackets inside each other)")


def _unwritable(rec: dict[str, Any], fmt: str) -> str | None:
    """Why a chat (or DPO) record cannot be written as an example, or None."""
    if fmt == "dpo" or "preferred_output" in rec or "input" in rec:
        msgs = (rec.get("input") or {}).get("messages") if isinstance(rec.get("input"), dict) else None
        where = "input.messages"
    else:
        msgs, where = rec.get("messages"), "messages"
    if not isinstance(msgs, list) or not msgs:
        return f"{where} is not a list of messages (a chat example needs one)"
    for i, m in enumerate(msgs):
        if not isinstance(m, dict):
            return f"{where}[{i}] is not a message object"
        if not isinstance(m.get("role"), str):
            return f"{where}[{i}].role is not a text"
    try:
        json.dumps(rec, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone surrogate escape (such as \\ud800) that no file can store; re-encode the file first"
    return None


def _is_jsonl(p: Path) -> bool:
    with open(p, encoding="utf-8-sig", errors="replace") as f:
        first = f.readline()
    try:
        json.loads(first)
        return True
    except ValueError:
        return False


def _complete_mapping(cmap: ColumnMapping | None, columns: list[str]) -> ColumnMapping | None:
    """The mapping with the question and answer columns it does not name guessed from the column names."""
    if cmap is not None and cmap.user and cmap.assistant:
        return cmap
    guessed = guess_mapping(columns)
    if guessed is None or cmap is None:
        return guessed
    return ColumnMapping(user=cmap.user or guessed.user, assistant=cmap.assistant or guessed.assistant,
                         system=cmap.system or guessed.system, default_system=cmap.default_system,
                         encoding=cmap.encoding, delimiter=cmap.delimiter)


def _read_csv(p: Path, fmt: str, cmap: ColumnMapping | None, fail: Callable[[int, str], None]
              ) -> Iterator[tuple[int, dict[str, Any]]]:
    from fttool.datasets import delimited

    dialect = delimited.sniff(p, fmt, encoding=cmap.encoding if cmap else None,
                              delimiter=cmap.delimiter if cmap else None)
    records = delimited.rows(p, dialect)
    _line, columns = next(records, (1, []))
    cmap = _complete_mapping(cmap, list(columns))
    if cmap is None:
        sep = delimited.DELIMITER_NAMES.get(dialect.delimiter, dialect.delimiter)
        raise DatasetFormatError("dataset_format_unknown", path=str(p),
                                 detail=f"no question/answer columns among {columns} ({sep}-separated, "
                                        f"{dialect.encoding}); give a column mapping")
    for col in (cmap.user, cmap.assistant, cmap.system):
        if col and col not in columns:
            raise DatasetFormatError("dataset_column_missing", path=str(p), column=col,
                                     columns=", ".join(columns))
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(columns, cells, strict=False))
        try:
            yield line, from_row(row, cmap)
        except ValueError as exc:
            fail(line, str(exc))


def _parquet() -> Any:
    from fttool.datasets import parquet  # pure Python; imported here because it imports this module

    return parquet


def _read_parquet(p: Path, cmap: ColumnMapping | None, fail: Callable[[int, str], None]
                  ) -> Iterator[tuple[int, dict[str, Any]]]:
    pf = _parquet().ParquetFile(p)
    names = list(pf.names)
    n = 0
    convert: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    if "messages" not in names and "preferred_output" not in names:
        if "conversations" in names:
            convert = from_sharegpt
        elif "instruction" in names and "output" in names and cmap is None:
            convert = from_alpaca
        elif "prompt" in names and "completion" in names and cmap is None:
            convert = from_prompt_completion
        else:
            cmap = _complete_mapping(cmap, names)
            if cmap is None:
                raise DatasetFormatError("dataset_format_unknown", path=str(p),
                                         detail=f"no question/answer columns among {names}; give a column mapping")
            m = cmap

            def convert(row: dict[str, Any]) -> dict[str, Any]:
                return from_row(row, m)

    for row in pf.iter_rows():
        n += 1
        try:
            yield n, (_clean_chat(row) if convert is None else convert(row))
        except ValueError as exc:
            fail(n, str(exc))


def _clean_chat(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row of chat/DPO shape: drop the null fields Arrow adds for missing struct members, and turn the
    values JSON has no type for into text (timestamps and dates as ISO 8601, decimals exactly, bytes as UTF-8
    text or else hex, map entries as pairs), so an extra column of any Arrow type never stops a command."""
    def clean(v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): clean(x) for k, x in v.items() if x is not None}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if isinstance(v, (_dt.date, _dt.time)):  # datetime is a date
            return v.isoformat()
        if isinstance(v, _dt.timedelta):
            return v.total_seconds()
        if isinstance(v, decimal.Decimal):
            return str(v)
        if isinstance(v, (bytes, bytearray)):
            try:
                return bytes(v).decode("utf-8")
            except UnicodeDecodeError:
                return bytes(v).hex()
        if isinstance(v, float) and v != v:
            return None  # NaN has no JSON form
        return v

    return {k: clean(v) for k, v in row.items() if v is not None}


# -- writers -------------------------------------------------------------------------------------------------
class AtomicWriter:
    """Stream to a temp file beside the target and replace the target only when done (never half a file)."""

    def __init__(self, path: str | os.PathLike[str], mode: str = "w", bom: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        if "b" in mode:
            self.f: IO[Any] = os.fdopen(fd, "wb")
        else:
            self.f = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
            if bom:
                self.f.write(BOM)

    def __enter__(self) -> IO[Any]:
        return self.f

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        try:
            if exc_type is None:
                self.f.flush()
                os.fsync(self.f.fileno())
            self.f.close()
            if exc_type is None:
                os.replace(self.tmp, self.path)
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


def _examples_of(source: str | os.PathLike[str] | Iterable[Any]) -> Iterator[dict[str, Any]]:
    if isinstance(source, (str, os.PathLike)):
        for _line, ex in read_examples(source, objects_only=True):
            yield ex
    else:
        item: Any
        for item in source:
            yield item[1] if isinstance(item, tuple) else item


def dumps(example: dict[str, Any]) -> str:
    """One JSON line, UTF-8 text as it is; a lone surrogate (no UTF-8 file can hold one) stays the \\ud800 escape
    it was read from, so the validator names it instead of the write failing."""
    text = json.dumps(example, ensure_ascii=False, separators=(", ", ": "))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(example, ensure_ascii=True, separators=(", ", ": "))
    return text


def write_jsonl(path: str | os.PathLike[str], examples: Iterable[Any], *, bom: bool = False,
                transform: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> int:
    """Write examples (dicts, or (line, dict) pairs) as JSON Lines, atomically. Returns the count."""
    n = 0
    with AtomicWriter(path, bom=bom) as f:
        for ex in examples:
            if isinstance(ex, tuple):
                ex = ex[1]
            f.write(dumps(transform(ex) if transform else ex))
            f.write("\n")
            n += 1
    return n


def write_json_array(path: str | os.PathLike[str], records: Iterable[dict[str, Any]]) -> int:
    items = list(records)
    with AtomicWriter(path) as f:
        json.dump(items, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return len(items)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP's CSV injection advice): a leading ' before
    = + - @ tab or CR. Opt-in: the text changes, so a file meant for training keeps it as it is."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def write_csv(path: str | os.PathLike[str], examples: Iterable[Any], *, delimiter: str = ",",
              safe: bool = False) -> int:
    """Columns system, user, assistant (the last user turn and answer of each example), quoted as needed;
    `safe` makes every cell spreadsheet-safe (spreadsheet_safe)."""
    n = 0
    with AtomicWriter(path) as f:
        w = csv.DictWriter(f, fieldnames=["system", "user", "assistant"], delimiter=delimiter,
                           lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        # QUOTE_MINIMAL quotes a line feed but not a lone carriage return (it is not in the line terminator): a
        # row with one is written all quoted, or it would read back cut at the CR
        quoted = csv.DictWriter(f, fieldnames=["system", "user", "assistant"], delimiter=delimiter,
                                lineterminator="\n", quoting=csv.QUOTE_ALL)
        w.writeheader()
        for ex in examples:
            row = to_row(ex[1] if isinstance(ex, tuple) else ex)
            row = {k: spreadsheet_safe(v) for k, v in row.items()} if safe else row
            (quoted if any("\r" in v for v in row.values()) else w).writerow(row)
            n += 1
    return n


def write_parquet(path: str | os.PathLike[str], examples: Iterable[Any], lossy: list[int] | None = None) -> int:
    """Chat examples as a Parquet table with a `messages` column (list of {role, content}). An example with
    more than that (tool calls, names, weight 0, tools) is refused rather than written without it."""
    rows = []
    for n, item in enumerate(examples, 1):
        ex = item[1] if isinstance(item, tuple) else item
        n = item[0] if isinstance(item, tuple) else n
        lost = _beyond_role_and_content(ex) if lossy is None else None
        if lost:
            raise ConversionRefused("dataset_record_invalid", path=str(path), line=n, detail=(
                f"{lost} would be lost: the Parquet writer keeps each message's role and content only; "
                "keep this file as JSONL"))
        rows.append({"messages": [{"role": str(m.get("role")), "content": _text(m.get("content"))}
                                  for m in ex.get("messages", [])]})
    with AtomicWriter(path, mode="wb") as f:
        _parquet().write_table(f, rows)
    return len(rows)


def _beyond_role_and_content(ex: dict[str, Any]) -> str | None:
    """The first field of an example that a role-and-content table cannot hold, named as the validator names
    fields (None when there is none). A weight of 1 is the default, so it is not lost."""
    for k, v in ex.items():
        if k != "messages" and v not in (None, [], {}):
            return k
    for j, m in enumerate(ex.get("messages") or []):
        if not isinstance(m, dict):
            continue
        for k, v in m.items():
            if k in ("role", "content") or v is None or (k == "weight" and v == 1):
                continue
            return f"messages[{j}].{k}"
    return None


def write_format(path: str | os.PathLike[str], examples: Iterable[Any], fmt: str, *,
                 spreadsheet: bool = False, lossy: list[int] | None = None) -> int:
    """Write examples in any format this module reads (the `fttool dataset convert` target); `spreadsheet` makes
    CSV/TSV cells spreadsheet-safe. An example the format cannot hold whole is refused (DatasetFormatError with
    its number and the field), unless `lossy` is a list: then it is written in part and its number added there."""
    if fmt in ("chat", "dpo"):
        return write_jsonl(path, examples)
    examples = _chat_only(examples, path, fmt, lossy)
    if fmt == "sharegpt":
        return write_jsonl(path, examples, transform=to_sharegpt)
    if fmt == "prompt_completion":
        return write_jsonl(path, examples, transform=to_prompt_completion)
    if fmt == "alpaca":
        return write_json_array(path, (to_alpaca(ex[1] if isinstance(ex, tuple) else ex) for ex in examples))
    if fmt == "csv":
        return write_csv(path, examples, safe=spreadsheet)
    if fmt == "tsv":
        return write_csv(path, examples, delimiter="\t", safe=spreadsheet)
    if fmt == "parquet":
        return write_parquet(path, examples, lossy)
    raise DatasetFormatError("dataset_format_unknown", path=str(path), detail=f"unknown format {fmt!r}")


def _is_preference(ex: Any) -> bool:
    return isinstance(ex, dict) and "messages" not in ex and any(k in ex for k in _DPO_KEYS)


def _chat_only(examples: Iterable[Any], path: str | os.PathLike[str], target: str,
               lossy: list[int] | None = None) -> Iterator[Any]:
    """The examples, refusing one the target format cannot hold whole (what_would_be_lost): a preference (DPO)
    example, a second turn in a one-question table, a weight, a tool call. With `lossy` (a list) such an example
    is written as the format can hold it and its number is appended there instead."""
    for n, item in enumerate(examples, 1):
        ex = item[1] if isinstance(item, tuple) else item
        n = item[0] if isinstance(item, tuple) else n  # (source line, example) pairs name the source's line
        if _is_preference(ex):
            raise ConversionRefused("dataset_record_invalid", path=str(path), line=n, detail=(
                f"a preference (DPO) example cannot be written as {target}, which holds conversations only; "
                "keep it as JSONL (OpenAI's preference format)"))
        lost = what_would_be_lost(ex, target)
        if lost:
            if lossy is None:
                raise ConversionRefused("dataset_record_invalid", path=str(path), line=n, detail=(
                    f"{lost} would be lost in {target}; keep this file as JSONL, or convert with --lossy to "
                    "write what fits and see how many examples changed"))
            lossy.append(n)
        yield item


# what each target format holds: messages of role and content text only, and for the one-question formats one
# user turn and its answer (with a system prompt where the format has a place for it)
_ONE_QUESTION = {"csv": True, "tsv": True, "alpaca": True, "prompt_completion": False}  # value: keeps a system


def what_would_be_lost(ex: dict[str, Any], target: str) -> str | None:
    """The first part of a chat example that `target` (sharegpt, prompt_completion, alpaca, csv, tsv, parquet)
    cannot hold, named as the validator names fields, or None when it converts whole."""
    beyond = _beyond_role_and_content(ex)
    if beyond:
        return beyond
    msgs = [m for m in ex.get("messages") or [] if isinstance(m, dict)]
    for j, m in enumerate(msgs):
        if not isinstance(m.get("content"), str) and m.get("content") is not None:
            return f"messages[{j}].content (not plain text)"
    if target in ("csv", "tsv"):
        for j, m in enumerate(msgs):
            if "\x00" in (m.get("content") or ""):
                return f"messages[{j}].content (a NUL character, which a text table cannot carry)"
        if not any((m.get("content") or "").strip() for m in msgs):
            return "the example (its every text is empty, and a row of empty cells reads back as no row)"
    if target == "prompt_completion":
        for j, m in enumerate(msgs):
            text = m.get("content") or ""
            if text != text.strip():
                return f"messages[{j}].content's spaces at its start or end (prompt/completion files are read trimmed)"
    if target not in _ONE_QUESTION:
        return None
    roles = [m.get("role") for m in msgs]
    if roles and roles[0] == "system":
        if not _ONE_QUESTION[target]:
            return "messages[0] (the system prompt would be merged into the prompt)"
        roles = roles[1:]
    if roles != ["user", "assistant"]:
        return (f"part of its {len(msgs)} messages (this format holds one question and its answer, after a system "
                "prompt where it has a place for one)")
    return None


# -- exports for each backend --------------------------------------------------------------------------------
_CHAT_KEYS = ("messages", "tools", "parallel_tool_calls", "functions")
_DPO_KEYS = ("input", "preferred_output", "non_preferred_output")


def openai_example(ex: dict[str, Any]) -> dict[str, Any]:
    """Only the keys OpenAI's fine-tuning accepts, in its order."""
    keys = _DPO_KEYS if "preferred_output" in ex or "input" in ex and "messages" not in ex else _CHAT_KEYS
    return {k: ex[k] for k in keys if k in ex}


def _export(source: Any, folder: str | os.PathLike[str], validation: Any, *, bom: bool,
            transform: Callable[[dict[str, Any]], dict[str, Any]], suffix: str = ".jsonl") -> dict[str, Any]:
    out = Path(folder)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, src in (("train", source), ("validation", validation)):
        if src is None:
            continue
        target = out / f"{name}{suffix}"
        counts[name] = write_jsonl(target, _examples_of(src), bom=bom, transform=transform)
        files[name] = str(target)
    return {"folder": str(out), "files": files, "counts": counts}


def export_openai(source: Any, folder: str | os.PathLike[str], *, validation: Any = None,
                  **_: Any) -> dict[str, Any]:
    """OpenAI chat (or DPO) JSONL: folder/train.jsonl (+ validation.jsonl). The test split is never exported."""
    return _export(source, folder, validation, bom=False, transform=openai_example)


def export_azure(source: Any, folder: str | os.PathLike[str], *, validation: Any = None,
                 **_: Any) -> dict[str, Any]:
    """Azure OpenAI JSONL: the same chat format, encoded as UTF-8 *with* a byte-order mark, which Azure's
    fine-tuning documentation requires (files under 512 MB)."""
    return _export(source, folder, validation, bom=True, transform=openai_example)


def chatml_text(ex: dict[str, Any]) -> str:
    return "".join(f"<|im_start|>{m.get('role')}\n{_text(m.get('content'))}<|im_end|>\n"
                   for m in ex.get("messages", []) if isinstance(m, dict))


def export_autotrain(source: Any, folder: str | os.PathLike[str], *, validation: Any = None,
                     style: str = "messages", lossy: bool = False, **_: Any) -> dict[str, Any]:
    """An AutoTrain Advanced (0.8.36) `llm --trainer sft` data folder: train.jsonl (+ validation.jsonl).

    AutoTrain reads `data.column_mapping.text_column` (default `text`). With a chat template (`chat_template:
    tokenizer`, or chatml/zephyr) its sft trainer calls tokenizer.apply_chat_template on that column, which
    must then hold the list of {role, content} messages: style "messages" writes that (text_column
    "messages"). Style "text" writes ready ChatML text in a `text` column for `chat_template: null`.
    Messages keep only role and content (templates fail on weights and tool calls): an example with more is
    refused, naming its number (ConversionRefused), unless `lossy`, when it is written in part and its number
    listed under "changed" (the validation file's numbers follow the training file's)."""
    if style == "text":
        def to_record(ex: dict[str, Any]) -> dict[str, Any]:
            return {"text": chatml_text(ex)}
        column, template = "text", None
    else:
        def to_record(ex: dict[str, Any]) -> dict[str, Any]:
            return {"messages": [{"role": m.get("role"), "content": _text(m.get("content"))}
                                 for m in ex.get("messages", []) if isinstance(m, dict)]}
        column, template = "messages", "tokenizer"

    changed: dict[str, list[int]] = {}

    def transform_for(name: str, src: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
        counter = iter(range(1, 1 << 62))
        where = str(src) if isinstance(src, (str, os.PathLike)) else f"{folder} ({name})"

        def transform(ex: dict[str, Any]) -> dict[str, Any]:
            n = next(counter)
            if _is_preference(ex):
                raise ConversionRefused("dataset_record_invalid", path=where, line=n, detail=(
                    "a preference (DPO) example cannot go into an AutoTrain sft folder, which takes conversations "
                    "only; train preference data with OpenAI or Azure"))
            # what trains: messages and tools (other top-level keys are metadata, dropped as for OpenAI)
            lost = _beyond_role_and_content({k: v for k, v in ex.items() if k in _CHAT_KEYS})
            if lost:
                if not lossy:
                    raise ConversionRefused("dataset_record_invalid", path=where, line=n, detail=(
                        f"{lost} would be lost in an AutoTrain folder, which keeps each message's role and "
                        "content only; export what fits (--lossy, or Export anyway in the app) or train with TRL"))
                changed.setdefault(name, []).append(n)
            return to_record(ex)
        return transform

    out = Path(folder)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, src in (("train", source), ("validation", validation)):
        if src is None:
            continue
        target = out / f"{name}.jsonl"
        counts[name] = write_jsonl(target, _examples_of(src), transform=transform_for(name, src))
        files[name] = str(target)
    return {"folder": str(out), "files": files, "counts": counts, "text_column": column,
            "chat_template": template, "train_split": "train",
            "valid_split": "validation" if validation is not None else None, "changed": changed}


def export_hub_folder(folder: str | os.PathLike[str], splits: dict[str, Any], *, title: str = "fttool dataset"
                      ) -> dict[str, Any]:
    """A folder ready to upload as a Hugging Face dataset repo: data/<split>.jsonl per split and a README.md card
    whose `configs` block names the splits. Uploading it (a Hub push) is done by the Hub code (fttool/providers/
    huggingface.py): this only writes the folder. Never pass the test split for a training upload."""
    out = Path(folder)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for split, src in splits.items():
        target = out / "data" / f"{split}.jsonl"
        counts[split] = write_jsonl(target, _examples_of(src), transform=openai_example)
        files[split] = str(target)
    card = io.StringIO()
    card.write("---\nconfigs:\n- config_name: default\n  data_files:\n")
    for split in splits:
        card.write(f"  - split: {split}\n    path: data/{split}.jsonl\n")
    card.write("---\n\n")
    card.write(f"# {title}\n\nChat fine-tuning data in OpenAI's messages format, written by fttool.\n\n")
    for split, n in counts.items():
        card.write(f"- {split}: {n} examples\n")
    from fttool.fsutil import atomic_write_text

    atomic_write_text(out / "README.md", card.getvalue())
    return {"folder": str(out), "files": files, "counts": counts}
