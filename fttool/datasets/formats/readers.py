"""Reading training data: a file's format told from its extension and first record, each format's records
converted to the chat shape, and `read_examples` yielding (line, example). Imports the room's errors and codes,
and delimited (CSV/TSV) and parquet only when such a file is read."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fttool.datasets import codes  # noqa: F401  (registers the messages)
from fttool.datasets.errors import DatasetFormatError
from fttool.errors import InputError

# Every reader yields `(line, example)` with the example in OpenAI's chat shape ({"messages": [...]}, or the DPO
# preference shape kept as it is). `line` is the 1-based physical line of JSONL and CSV files (the line a CSV
# record starts on, even when cells hold newlines) and the 1-based record number of JSON arrays and Parquet.
FORMATS = ("chat", "dpo", "sharegpt", "prompt_completion", "alpaca", "csv", "tsv", "parquet")
OnError = Callable[[int, str], None]


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


def from_prompt_completion(rec: dict[str, Any]) -> dict[str, Any]:
    p, c = rec.get("prompt"), rec.get("completion")
    if not isinstance(p, str) or not isinstance(c, str):
        raise ValueError("\"prompt\" and \"completion\" must be text")
    return {"messages": [{"role": "user", "content": p.strip()}, {"role": "assistant", "content": c.strip()}]}


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
        return list(parquet_module().ParquetFile(p).names)
    return list(table_preview(p, fmt, encoding=encoding, delimiter=delimiter, limit=0)["columns"])


def table_preview(path: str | os.PathLike[str], fmt: str | None = None, *, encoding: str | None = None,
                  delimiter: str | None = None, limit: int = 5) -> dict[str, Any]:
    """Columns, the first `limit` rows and, for CSV/TSV, the encoding and delimiter found (or given), with
    `encoding_guessed` when the encoding is the detector's guess: what the import dialog shows."""
    p = Path(path)
    _check_path(p)
    fmt = fmt or detect_format(p)
    if fmt == "parquet":
        f = parquet_module().ParquetFile(p)
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


def parquet_module() -> Any:
    from fttool.datasets import parquet  # pure Python; imported only when a Parquet file is read or written

    return parquet


def _read_parquet(p: Path, cmap: ColumnMapping | None, fail: Callable[[int, str], None]
                  ) -> Iterator[tuple[int, dict[str, Any]]]:
    pf = parquet_module().ParquetFile(p)
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
