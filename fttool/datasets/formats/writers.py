"""Writing training data: JSONL (atomically), the other formats a file is converted to (ShareGPT,
prompt/completion, Alpaca, CSV/TSV, Parquet), refusing an example a format cannot hold whole. Imports the
readers (a path's examples), the room's errors and parquet (lazily)."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from fttool.datasets.errors import ConversionRefused, DatasetFormatError
from fttool.datasets.formats.readers import parquet_module, read_examples

BOM = "\ufeff"
DPO_KEYS = ("input", "preferred_output", "non_preferred_output")


# -- conversions from the chat shape -------------------------------------------------------------------------
def to_sharegpt(ex: dict[str, Any]) -> dict[str, Any]:
    back = {"user": "human", "assistant": "gpt", "system": "system", "tool": "tool"}
    return {"conversations": [{"from": back.get(m.get("role"), m.get("role")), "value": text_of(m.get("content"))}
                              for m in ex.get("messages", [])]}


def to_prompt_completion(ex: dict[str, Any]) -> dict[str, Any]:
    msgs = ex.get("messages", [])
    prompt = "\n\n".join(text_of(m.get("content")) for m in msgs if m.get("role") in ("system", "user"))
    answers = [text_of(m.get("content")) for m in msgs if m.get("role") == "assistant"]
    return {"prompt": prompt, "completion": answers[-1] if answers else ""}


def to_alpaca(ex: dict[str, Any]) -> dict[str, Any]:
    msgs = ex.get("messages", [])
    system = next((text_of(m.get("content")) for m in msgs if m.get("role") == "system"), None)
    user = "\n\n".join(text_of(m.get("content")) for m in msgs if m.get("role") == "user")
    answers = [text_of(m.get("content")) for m in msgs if m.get("role") == "assistant"]
    out = {"instruction": user, "input": "", "output": answers[-1] if answers else ""}
    if system:
        out["system"] = system
    return out


def to_row(ex: dict[str, Any]) -> dict[str, str]:
    msgs = ex.get("messages", [])
    system = next((text_of(m.get("content")) for m in msgs if m.get("role") == "system"), "")
    users = [text_of(m.get("content")) for m in msgs if m.get("role") == "user"]
    answers = [text_of(m.get("content")) for m in msgs if m.get("role") == "assistant"]
    return {"system": system, "user": users[-1] if users else "", "assistant": answers[-1] if answers else ""}


def text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


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


def examples_of(source: str | os.PathLike[str] | Iterable[Any]) -> Iterator[dict[str, Any]]:
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
        lost = beyond_role_and_content(ex) if lossy is None else None
        if lost:
            raise ConversionRefused("dataset_record_invalid", path=str(path), line=n, detail=(
                f"{lost} would be lost: the Parquet writer keeps each message's role and content only; "
                "keep this file as JSONL"))
        rows.append({"messages": [{"role": str(m.get("role")), "content": text_of(m.get("content"))}
                                  for m in ex.get("messages", [])]})
    with AtomicWriter(path, mode="wb") as f:
        parquet_module().write_table(f, rows)
    return len(rows)


def beyond_role_and_content(ex: dict[str, Any]) -> str | None:
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


def is_preference(ex: Any) -> bool:
    return isinstance(ex, dict) and "messages" not in ex and any(k in ex for k in DPO_KEYS)


def _chat_only(examples: Iterable[Any], path: str | os.PathLike[str], target: str,
               lossy: list[int] | None = None) -> Iterator[Any]:
    """The examples, refusing one the target format cannot hold whole (what_would_be_lost): a preference (DPO)
    example, a second turn in a one-question table, a weight, a tool call. With `lossy` (a list) such an example
    is written as the format can hold it and its number is appended there instead."""
    for n, item in enumerate(examples, 1):
        ex = item[1] if isinstance(item, tuple) else item
        n = item[0] if isinstance(item, tuple) else n  # (source line, example) pairs name the source's line
        if is_preference(ex):
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
    beyond = beyond_role_and_content(ex)
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
