"""Safe, undoable fixes. Each is pure: it returns new data and never changes its input (the Data view applies
them as undoable edits; the CLI writes a new file)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

UTF16_32_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                 (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def strip_whitespace(example: dict[str, Any]) -> dict[str, Any]:
    """Trim spaces and newlines around every message text."""
    ex = copy.deepcopy(example)
    for msgs in _message_lists(ex):
        for m in msgs:
            if isinstance(m, dict) and isinstance(m.get("content"), str):
                m["content"] = m["content"].strip()
    return ex


def add_system_prompt(example: dict[str, Any], text: str) -> dict[str, Any]:
    """Put a system message first when the example has none (an existing system prompt is kept)."""
    ex = copy.deepcopy(example)
    for msgs in _message_lists(ex, outputs=False):
        if not any(isinstance(m, dict) and m.get("role") == "system" for m in msgs):
            msgs.insert(0, {"role": "system", "content": text})
    return ex


_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _path(fld: str) -> list[str | int]:
    """`messages[1].tool_calls[0].function.arguments` -> ["messages", 1, "tool_calls", 0, "function", ...]."""
    return [int(i) if i else name for name, i in _PATH_PART.findall(fld)]


def mask_personal_data(example: dict[str, Any], fld: str | None, kind: str) -> dict[str, Any]:
    """Replace personal data of one kind (`email`, `phone`, `api_key`) with its placeholder ([PHONE]...) in the
    field a problem names (`messages[1].content`, a message's name or tool-call arguments), or in every message
    text when `fld` is None. What "Mask this number" does."""
    ex = copy.deepcopy(example)
    if fld is None:
        for msgs in _message_lists(ex):
            for m in msgs:
                if isinstance(m, dict):
                    _mask_value(m, "content", kind)
                    _mask_value(m, "name", kind)
        return ex
    parts = _path(fld)
    holder: Any = ex
    for part in parts[:-1]:
        try:
            holder = holder[part]
        except (KeyError, IndexError, TypeError):
            return ex  # the example changed since it was checked: nothing there to mask
    if parts and isinstance(holder, (dict, list)):
        _mask_value(holder, parts[-1], kind)
    return ex


def _mask_value(holder: Any, key: str | int, kind: str) -> None:
    from fttool.datasets import pii

    try:
        value = holder[key]
    except (KeyError, IndexError, TypeError):
        return
    if isinstance(value, str):
        holder[key] = pii.mask(value, kind)
    elif isinstance(value, list):  # content parts: [{"type": "text", "text": ...}]
        for part in value:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                part["text"] = pii.mask(part["text"], kind)


def fill_answer(example: dict[str, Any], index: int, text: str) -> dict[str, Any]:
    """Put `text` into message `index` (an empty answer) of a chat example. What "Fill from a template" does."""
    ex = copy.deepcopy(example)
    msgs = ex.get("messages")
    if isinstance(msgs, list) and 0 <= index < len(msgs) and isinstance(msgs[index], dict):
        msgs[index]["content"] = text
    return ex


def _message_lists(ex: dict[str, Any], outputs: bool = True) -> list[list[Any]]:
    out: list[list[Any]] = []
    if isinstance(ex.get("messages"), list):
        out.append(ex["messages"])
    inp = ex.get("input")
    if isinstance(inp, dict) and isinstance(inp.get("messages"), list):
        out.append(inp["messages"])
    if outputs:
        for k in ("preferred_output", "non_preferred_output"):
            if isinstance(ex.get(k), list):
                out.append(ex[k])
    return out


def duplicate_rows(report_or_examples: Any) -> list[int]:
    """0-based indexes of the examples to drop so one copy of each exact duplicate stays (the first).

    Accepts a ValidationReport (its `duplicates` groups) or a sequence of examples (compared as JSON)."""
    groups = getattr(report_or_examples, "duplicates", None)
    if groups is not None:
        return sorted(i for g in groups for i in g[1:])
    seen: set[str] = set()
    out = []
    for i, ex in enumerate(report_or_examples):
        key = hashlib.sha256(json.dumps(ex, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        if key in seen:
            out.append(i)
        else:
            seen.add(key)
    return out


def over_long_rows(report: Any, limit: int | None = None) -> list[int]:
    """0-based indexes of the examples over the token limit (the report's limit unless given)."""
    limit = limit if limit is not None else getattr(report, "limit", None)
    if limit is None:
        return []
    return [i for i, t in enumerate(report.line_tokens) if t > limit]


def drop_rows(examples: Sequence[Any], rows: Iterable[int]) -> list[Any]:
    drop = set(rows)
    return [ex for i, ex in enumerate(examples) if i not in drop]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def reencode_plan(path: str | os.PathLike[str], encoding: str | None = None, preview: int = 20
                  ) -> dict[str, Any]:
    """What "Re-encode to UTF-8" would change, before anything is written: the encoding the lines that are not
    UTF-8 are read in (`encoding`, else charset-normalizer's guess among the spreadsheet code pages, marked
    `guessed`), how many lines change, and the first `preview` of them as they would read afterwards, so a
    wrong guess shows as garbled text to a person instead of being written silently."""
    lines, enc, guessed = _reencoded_lines(Path(path), encoding)
    changed = [(n, text) for n, (text, was) in enumerate(lines, 1) if was]
    return {"encoding": enc, "guessed": guessed, "changed_lines": len(changed),
            "preview": [{"line": n, "text": text[:300]} for n, text in changed[:preview]]}


def reencode_utf8(path: str | os.PathLike[str], encoding: str | None = None) -> bytes:
    """The file's text as UTF-8 bytes (no byte-order mark): UTF-16/32 with a BOM are decoded whole; otherwise
    each line is read as UTF-8 and, when that fails, in `encoding` (default: the guess of `reencode_plan`), so
    nothing is lost. A JSON line with a lone surrogate escape ("\\ud800" with no partner, which no tokenizer or
    provider takes) is written again with U+FFFD in its place; every other line keeps its bytes."""
    lines, _enc, _guessed = _reencoded_lines(Path(path), encoding)
    return "\n".join(text for text, _ in lines).encode("utf-8")


def _reencoded_lines(p: Path, encoding: str | None) -> tuple[list[tuple[str, bool]], str, bool]:
    """[(text, changed)] per line, the encoding used for the lines that are not UTF-8, and whether it is a guess."""
    data = p.read_bytes()
    for bom, enc in UTF16_32_BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(enc)
            return [(t2, True) for t2 in (_without_lone_surrogates(t) for t in text.split("\n"))], enc, False
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    raw = data.split(b"\n")
    bad: list[int] = []
    for i, line in enumerate(raw):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(i)
    guessed = False
    if encoding is None:
        encoding = "cp1252"
        if bad:
            from fttool.datasets.delimited import guess_encoding

            encoding, guessed = guess_encoding(b"\n".join(raw[i] for i in bad[:2000])[:1 << 18]), True
    else:
        import codecs

        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            from fttool.datasets.errors import DatasetFormatError

            raise DatasetFormatError("dataset_encoding_unknown", path=str(p), encoding=encoding) from None
    bad_set = set(bad)
    out = []
    for i, line in enumerate(raw):
        text = line.decode(encoding, errors="replace") if i in bad_set else line.decode("utf-8")
        fixed = _without_lone_surrogates(text)
        out.append((fixed, i in bad_set or fixed != text))
    return out, encoding, guessed


def _without_lone_surrogates(line: str) -> str:
    if "\\u" not in line:  # only a JSON escape can hold one: the line was decoded from bytes
        return line
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return line  # not JSON: validation reports it as it is
    fixed, changed = _replace_surrogates(obj)
    if not changed:
        return line
    return json.dumps(fixed, ensure_ascii=False)


def _replace_surrogates(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        new = _LONE_SURROGATE.sub("\ufffd", value)
        return new, new != value
    if isinstance(value, list):
        pairs = [_replace_surrogates(v) for v in value]
        return [v for v, _ in pairs], any(c for _, c in pairs)
    if isinstance(value, dict):
        changed = False
        out = {}
        for k, v in value.items():
            nk, ck = _replace_surrogates(k)
            nv, cv = _replace_surrogates(v)
            out[nk] = nv
            changed = changed or ck or cv
        return out, changed
    return value, False
