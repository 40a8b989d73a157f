"""Validation of training files: every problem, with its 1-based line, field and what to do.

The per-line checks follow OpenAI's cookbook ("Data preparation and analysis for chat model fine-tuning") and go
further: they never stop at the first problem, and add warnings (duplicates and near duplicates by MinHash/LSH,
role order, empty or short answers, inconsistent system prompts, personal data and secrets, truncation).

Large files are cut into chunks at line boundaries (byte offsets) and checked by worker processes started with
the `spawn` method (safe under Qt threads and in a frozen app that calls `multiprocessing.freeze_support()`).
Within a chunk, the texts of all messages are tokenised in one call: they are joined with the special token
`<|endoftext|>`, which tiktoken never merges with its neighbours (it splits the text at special tokens before its
regex), so each text's count is exact and the per-string call overhead disappears.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache
from pathlib import Path
from typing import Any

from fttool.datasets import codes, pii
from fttool.datasets.pii import KIND_TEXT as PII_KIND_TEXT
from fttool.datasets.tables import default_model, minimum_examples, model_limits
from fttool.errors import Cancelled, InputError
from fttool.messages import register, render

ROLES = frozenset({"system", "user", "assistant", "tool", "function"})
MESSAGE_KEYS = frozenset({"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call"})
SEP = "<|endoftext|>"
BOM = b"\xef\xbb\xbf"
SHORT_ANSWER_CHARS = 3
NEAR_DUP_BINS = 32          # one-permutation MinHash: 32 bins of one hash of word 3-shingles
NEAR_DUP_BANDS = 8          # LSH: 8 bands of 4 bins
NEAR_DUP_THRESHOLD = 0.8    # estimated Jaccard similarity that makes a near duplicate
NEAR_DUP_MIN_SHINGLES = 8
MAX_EXAMPLE_BYTES = 8 << 20  # a longer line is no training example (about 2M tokens): named, never tokenised
INPROCESS_BYTES = 8 << 20   # smaller files are checked in the calling process (no spawn cost)
CHUNK_BYTES = 8 << 20       # in-process chunks; worker chunks are 1-4 MB (even load, prompt cancel)
WORKER_CHUNK_BYTES = 4 << 20

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

# A file's role in the project decides which checks fit it: the minimum number of examples and the training cost
# are the train file's; a validation or test file is checked for format, limits and copies of train examples
# (leakage), never for its size, and the test file is never given a training cost (nor uploaded).
FILE_ROLES = ("train", "validation", "test")
LEAK_CODES = {"train": "in_train_and_validation", "validation": "in_validation_and_train",
              "test": "in_test_and_train"}
register({
    "in_validation_and_train": "Line {line} is also in the train file (its line {other_line}). The model would be "
                               "checked on an example it trained on, so the validation loss would look better "
                               "than it is; remove it from one of the two files.",
    "in_test_and_train": "Line {line} is also in the train file (its line {other_line}). The model would be tested "
                         "on an example it trained on, so its score would look better than it is; remove it from "
                         "one of the two files.",
    "validate_role_unknown": "\"{role}\" is not a file role: use train, validation or test.",
})
codes.SEVERITY.update({"in_validation_and_train": "warning", "in_test_and_train": "warning"})



# -- the problem record --------------------------------------------------------------------------------------
@dataclass
class Problem:
    line: int | None
    code: str
    field: str | None
    message: str
    severity: str
    params: dict[str, Any] = dc_field(default_factory=dict)

    @classmethod
    def make(cls, line: int | None, code: str, fld: str | None = None,
             params: dict[str, Any] | None = None) -> Problem:
        p = dict(params or {})
        p.setdefault("line", line)
        if fld is not None:
            p.setdefault("field", fld)
        return cls(line, code, fld, render(code, p), codes.SEVERITY.get(code, "error"), p)

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "code": self.code, "field": self.field, "message": self.message}


@dataclass
class ValidationReport:
    path: str | None
    model: str
    backend: str
    method: str
    examples: int
    problems: list[Problem]
    tokens: dict[str, int]
    epochs: int
    estimated_cost_usd: float | None
    price_as_of: str | None
    limit: int | None
    line_tokens: Sequence[int]            # example index -> tokens (-1: could not be counted)
    example_lines: Sequence[int]          # example index -> 1-based line
    stats: dict[str, Any]
    duplicates: list[list[int]]           # groups of example indexes with the same content
    role: str = "train"                   # train, validation or test: which checks applied (FILE_ROLES)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def problems_by_line(self) -> dict[int | None, list[Problem]]:
        out: dict[int | None, list[Problem]] = {}
        for p in self.problems:
            out.setdefault(p.line, []).append(p)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Exactly the shape `fttool validate --json` prints."""
        return {
            "valid": self.valid,
            "examples": self.examples,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "tokens": {k: self.tokens[k] for k in ("total", "billed", "min", "p10", "median", "p90", "max")},
            "epochs": self.epochs,
            "estimated_cost_usd": self.estimated_cost_usd,
            "role": self.role,
        }


# -- per-example checks --------------------------------------------------------------------------------------
def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    return {str: "a string", list: "a list", dict: "an object", bool: "true/false", int: "a number",
            float: "a number"}.get(type(v), type(v).__name__)


def _pii_scan(groups: list[tuple[str, list[Any]]], ln: int | None, out: list[tuple[Any, ...]], kinds: int = 7
              ) -> None:
    """Report the kind and place of likely personal data or secrets in (field prefix, messages) groups: each
    message's content, name and tool-call arguments. The matched value is never kept."""
    for prefix, messages in groups:
        for j, m in enumerate(messages):
            if not isinstance(m, dict):
                continue
            for fld, c in _pii_fields(m):
                for kind in pii.kinds_in(c, kinds):
                    out.append((ln, "personal_data", f"{prefix}[{j}].{fld}",
                                {"kind": kind, "kind_text": PII_KIND_TEXT[kind]}))


def _pii_fields(m: dict[str, Any]) -> Iterator[tuple[str, str]]:
    c = m.get("content")
    if isinstance(c, list):
        c = " ".join(p.get("text", "") for p in c if isinstance(p, dict) and isinstance(p.get("text"), str))
    if isinstance(c, str) and c:
        yield "content", c
    if isinstance(m.get("name"), str) and m["name"]:
        yield "name", m["name"]
    calls = m.get("tool_calls")
    if isinstance(calls, list):
        for k, call in enumerate(calls):
            fn = call.get("function") if isinstance(call, dict) else None
            args = fn.get("arguments") if isinstance(fn, dict) else None
            if isinstance(args, str) and args:
                yield f"tool_calls[{k}].function.arguments", args


def _check_messages(msgs: Any, ln: int | None, out: list[tuple[Any, ...]], prefix: str = "messages",
                    require_assistant: bool = True) -> tuple[bool, list[tuple[str, bool]], list[str], str | None]:
    """Structure checks of a message list. Returns (ok, texts, small, system): `texts` are the content strings to
    tokenise (with a flag for assistant), `small` the short strings (roles, names, tool call ids) counted from a
    cache, `system` the first system prompt."""
    ok = True
    texts: list[tuple[str, bool]] = []
    small: list[str] = []
    system: str | None = None
    has_assistant = False
    prev_role = None
    first_turn_checked = False
    for j, m in enumerate(msgs):
        if not isinstance(m, dict):
            out.append((ln, "not_an_object", f"{prefix}[{j}]",
                        {"where": f"Line {ln}, {prefix}[{j}]", "found": _type_name(m)}))
            ok = False
            continue
        fld = f"{prefix}[{j}]"
        role = m.get("role")
        if len(m) != 2 or "content" not in m or role is None:
            for k in m:
                if k not in MESSAGE_KEYS:
                    out.append((ln, "message_unrecognized_key", fld, {"key": k}))
                    ok = False
            if role is None:
                out.append((ln, "message_missing_key", fld, {"key": "role"}))
                ok = False
        if role is not None and (not isinstance(role, str) or role not in ROLES):  # a list is unhashable
            out.append((ln, "unrecognized_role", f"{fld}.role", {"role": str(role)[:40]}))
            ok = False
        if role is not None and not isinstance(role, str):
            role = str(role)
        content = m.get("content", _ABSENT)
        if content is _ABSENT:
            if not (role == "assistant" and (m.get("tool_calls") or m.get("function_call"))):
                out.append((ln, "message_missing_key", fld, {"key": "content"}))
                ok = False
        elif isinstance(content, str):
            if role == "system" and system is None:
                system = content  # counted once per distinct prompt (a cache), not as a text
            else:
                texts.append((content, role == "assistant"))
        elif isinstance(content, list) and content and all(isinstance(p, dict) for p in content):
            text = "".join(p["text"] for p in content if isinstance(p.get("text"), str))
            texts.append((text, role == "assistant"))
        elif content is None and role == "assistant" and (m.get("tool_calls") or m.get("function_call")):
            pass
        else:
            out.append((ln, "missing_content", f"{fld}.content", {"found": _type_name(content)}))
            ok = False
        if role:
            small.append(role)
        if "weight" in m:
            w = m["weight"]
            if role != "assistant" or isinstance(w, bool) or w not in (0, 1):
                out.append((ln, "invalid_weight", f"{fld}.weight", {"found": json.dumps(w)[:20]}))
                ok = False
        if len(m) > 2:
            name = m.get("name")
            if isinstance(name, str):
                small.append(name)
                small.append("")  # the cookbook's extra token for a name
            for key in ("tool_calls", "function_call"):
                v = m.get(key)
                if v:
                    texts.append((json.dumps(v, ensure_ascii=False, separators=(",", ":")), False))
            tci = m.get("tool_call_id")
            if isinstance(tci, str):
                small.append(tci)
        if role == "system":
            pass
        elif role == "assistant":
            has_assistant = True
            if not first_turn_checked:
                out.append((ln, "assistant_first", fld, {}))
            if isinstance(content, str) and not (m.get("tool_calls") or m.get("function_call")):
                stripped = content.strip()
                if not stripped:
                    out.append((ln, "empty_answer", f"{fld}.content", {}))
                elif len(stripped) < SHORT_ANSWER_CHARS:
                    out.append((ln, "short_answer", f"{fld}.content", {"chars": len(stripped)}))
        elif role == "user" and prev_role == "user":
            out.append((ln, "consecutive_user", fld, {}))
        if role != "system":
            first_turn_checked = True
        prev_role = role
    if require_assistant and not has_assistant and msgs:
        out.append((ln, "no_assistant_message", prefix, {}))
        ok = False
    return ok, texts, small, system


_ABSENT = object()


def _check_example(ex: Any, ln: int | None, method: str, out: list[tuple[Any, ...]]
                   ) -> tuple[bool, list[tuple[str, bool]], list[str], str | None, int, list[tuple[str, list[Any]]]]:
    """One parsed record. Returns (ok, texts, small, system, n_messages, messages_for_pii)."""
    if not isinstance(ex, dict):
        out.append((ln, "not_an_object", None, {"where": f"Line {ln}", "found": _type_name(ex)}))
        return False, [], [], None, 0, []
    if method == "dpo":
        return _check_dpo(ex, ln, out)
    msgs = ex.get("messages")
    if not isinstance(msgs, list) or not msgs:
        out.append((ln, "missing_messages", "messages", {}))
        return False, [], [], None, 0, []
    ok, texts, small, system = _check_messages(msgs, ln, out)
    tools = ex.get("tools") or ex.get("functions")
    if tools:
        texts.append((json.dumps(tools, ensure_ascii=False, separators=(",", ":")), False))
    return ok, texts, small, system, len(msgs), [("messages", msgs)]


def _check_dpo(ex: dict[str, Any], ln: int | None, out: list[tuple[Any, ...]]
               ) -> tuple[bool, list[tuple[str, bool]], list[str], str | None, int, list[tuple[str, list[Any]]]]:
    ok = True
    inp = ex.get("input")
    msgs = inp.get("messages") if isinstance(inp, dict) else None
    texts: list[tuple[str, bool]] = []
    small: list[str] = []
    system = None
    if not isinstance(msgs, list) or not msgs:
        out.append((ln, "dpo_missing_input", "input", {}))
        ok = False
        msgs = []
    else:
        sub_ok, texts, small, system = _check_messages(msgs, ln, out, "input.messages", require_assistant=False)
        ok = ok and sub_ok
        last = msgs[-1]
        if isinstance(last, dict) and last.get("role") == "assistant":
            out.append((ln, "dpo_input_ends_with_assistant", f"input.messages[{len(msgs) - 1}]", {}))
            ok = False
    outputs: dict[str, str | None] = {}
    for key, missing in (("preferred_output", "dpo_missing_preferred_output"),
                         ("non_preferred_output", "dpo_missing_non_preferred_output")):
        v = ex.get(key)
        if v is None:
            out.append((ln, missing, key, {}))
            ok = False
            continue
        if (not isinstance(v, list) or len(v) != 1 or not isinstance(v[0], dict) or v[0].get("role") != "assistant"
                or not isinstance(v[0].get("content"), str)):
            out.append((ln, "dpo_invalid_output", key, {}))
            ok = False
            continue
        outputs[key] = v[0]["content"]
        if key == "preferred_output":
            texts.append((v[0]["content"], True))
            small.append("assistant")
    if len(outputs) == 2 and outputs["preferred_output"] == outputs["non_preferred_output"]:
        out.append((ln, "dpo_identical_outputs", "non_preferred_output", {}))
    pii_msgs: list[tuple[str, list[Any]]] = [("input.messages", msgs)]
    for key in ("preferred_output", "non_preferred_output"):
        if isinstance(ex.get(key), list):
            pii_msgs.append((key, ex[key]))
    n = len(msgs) + (1 if "preferred_output" in outputs else 0)
    return ok, texts, small, system, n, pii_msgs


def _limit_problem(tokens: int, limit: int | None, limit_code: str, model: str) -> tuple[str, dict[str, Any]] | None:
    if limit is not None and tokens > limit:
        return limit_code, {"tokens": tokens, "limit": limit, "model": model}
    return None


def _resolve(model: str | None, backend: str, max_seq_length: int | None,
             method: str | None = None) -> tuple[str, str, int | None, str]:
    if backend == "together":  # the model's context is the per-example limit; tokens counted with a stand-in
        from fttool.datasets.tables import together_model, together_table

        table = together_table()
        model = model or str(table.get("default_model"))
        entry = together_model(model)
        enc = str((table.get("data") or {}).get("estimate_encoding") or "o200k_base")
        context = entry.get("context_dpo" if method == "dpo" else "context_sft") if entry else None
        limits = [int(x) for x in (max_seq_length, context) if x]
        return model, enc, min(limits) if limits else None, "too_many_tokens"
    model = model or default_model()
    info = model_limits(model)
    enc = str(info.get("encoding") or "o200k_base")
    if backend in ("local", "hf"):
        return model, enc, max_seq_length, "will_be_truncated"
    return model, enc, (info.get("example_tokens") or max_seq_length), "too_many_tokens"


def validate_example(example: dict[str, Any], *, line: int | None = None, model: str | None = None,
                     method: str = "supervised", backend: str = "openai", max_seq_length: int | None = None
                     ) -> tuple[list[Problem], int]:
    """The per-example checks (no file-level ones such as duplicates) and the example's token count."""
    from fttool.datasets.tokens import TOKENS_PER_MESSAGE, get_encoding

    model, enc_name, limit, limit_code = _resolve(model, backend, max_seq_length, method)
    raw: list[tuple[Any, ...]] = []
    ok, texts, small, system, nmsg, pii_msgs = _check_example(example, line, method, raw)
    tokens = -1
    if nmsg:
        encode = get_encoding(enc_name).encode_ordinary
        tokens = 3 + TOKENS_PER_MESSAGE * nmsg + sum(len(encode(s)) if s else 1 for s in small)
        tokens += len(encode(system)) if system else 0
        tokens += sum(len(encode(t)) for t, _a in texts)
        lp = _limit_problem(tokens, limit, limit_code, model)
        if lp:
            raw.append((line, lp[0], None, lp[1]))
    _pii_scan(pii_msgs, line, raw)
    return [Problem.make(*r) for r in raw], tokens


# -- chunk scan (runs in worker processes) -------------------------------------------------------------------
def _signatures(tok: Any, counts: Any, owners: tuple[Any, Any], n_examples: int) -> tuple[bytes, bytes]:
    """One-permutation MinHash of each example's word 3-shingles: NEAR_DUP_BINS one-byte bins per example.

    `tok` is the concatenated word hashes (tokens.WordCounter) of a chunk's distinct texts, `counts` their
    lengths in words, `owners` (text index, example index) rows mapping texts to examples (an example's
    signature is the bin-wise minimum of its texts' signatures). For speed, in texts of 48 words or more only
    the shingles whose first word hash is a multiple of 4 are kept (content-defined: the same shingle is kept
    or dropped in every text), all shingles in shorter texts.
    Returns (signatures, ok flags: enough shingles to compare)."""
    import numpy as np

    nb = NEAR_DUP_BINS
    n_texts = len(counts)
    ends = np.cumsum(counts)
    if len(tok) >= 3:
        u32 = np.uint32
        t = tok.astype(u32, copy=False)
        # content-defined sample: shingles whose first word hash is a multiple of 4 (all of them in short texts)
        keep = (t[:-2] & u32(3)) == 0
        keep |= np.repeat(counts < 48, counts)[:-2]
        pos = np.flatnonzero(keep)
        t_of = np.searchsorted(ends, pos, side="right")
        inside = (pos + 2) < ends[np.minimum(t_of, n_texts - 1)]
        pos, t_of = pos[inside], t_of[inside]
        hv = t[pos] * u32(0x9E3779B1) + t[pos + 1] * u32(0x85EBCA77) + t[pos + 2] * u32(0xC2B2AE3D)
        hv ^= hv >> u32(15)
        hv *= u32(0x2C1B3C6D)
        hv ^= hv >> u32(12)
        hv *= u32(0x297A2D39)
        hv ^= hv >> u32(16)
    else:
        hv = np.empty(0, dtype=np.uint32)
        t_of = np.empty(0, dtype=np.int64)
    ut = np.uint32
    maxv = np.iinfo(ut).max
    text_idx, ex_idx = owners
    # each text goes to its first example directly; texts shared by several examples (a repeated question)
    # also go to the others through their own small signatures
    first_owner = np.full(n_texts, -1, dtype=np.int64)
    first_owner[text_idx[::-1]] = ex_idx[::-1]
    e_of = first_owner[t_of]
    bins = (hv & ut(nb - 1)).astype(np.int64)
    vals = hv >> ut(5)
    sig_flat = np.full(n_examples * nb, maxv, dtype=ut)
    np.minimum.at(sig_flat, e_of * nb + bins, vals)
    sig_e = sig_flat.reshape(n_examples, nb)
    sh_e = np.bincount(e_of, minlength=n_examples).astype(np.float64)
    extra = np.flatnonzero(ex_idx != first_owner[text_idx])
    if len(extra):
        shared, local = np.unique(text_idx[extra], return_inverse=True)
        sel = np.flatnonzero(np.isin(t_of, shared))
        row = np.searchsorted(shared, t_of[sel])
        sig_s = np.full(len(shared) * nb, maxv, dtype=ut)
        np.minimum.at(sig_s, row * nb + bins[sel], vals[sel])
        np.minimum.at(sig_e, ex_idx[extra], sig_s.reshape(len(shared), nb)[local])
        n_sh = np.bincount(row, minlength=len(shared))
        sh_e += np.bincount(ex_idx[extra], weights=n_sh[local], minlength=n_examples)
    small = (sig_e & ut(0xFE)).astype(np.uint8)  # one byte per bin; 0xFF marks an empty bin
    small[sig_e == maxv] = 0xFF
    ok = (sh_e >= NEAR_DUP_MIN_SHINGLES).astype(np.uint8)
    return small.tobytes(), ok.tobytes()


_UNPARSED = object()


def _fast_loads() -> Callable[[bytes], Any]:
    """orjson's loads (parses UTF-8 bytes directly, about twice as fast as json.loads on a decoded line), or
    the stdlib's reading when orjson is not installed."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency
        return _stdlib_loads
    return orjson.loads


def _stdlib_loads(s: bytes) -> Any:
    # decoded first: json.loads given bytes would take UTF-16 and UTF-32 too, and such a line is not UTF-8
    return json.loads(s.decode("utf-8"))


def _parse_stdlib(s: bytes, ln: int, problems: list[tuple[Any, ...]]) -> Any:
    """A line orjson refused, read the way json.loads reads it: it accepts a little more than orjson (NaN,
    Infinity, lone surrogate escapes, integers past 64 bits), and its wording of an error is the one we report.
    Returns the object, or _UNPARSED after adding the line's invalid_encoding / invalid_json problem."""
    try:
        text = s.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append((ln, "invalid_encoding", None, {
            "where": f"Line {ln}", "encoding": f"byte 0x{s[e.start]:02x} at column {e.start + 1}"}))
        return _UNPARSED
    try:
        return json.loads(text)
    except ValueError as e:
        problems.append((ln, "invalid_json", None, {"detail": getattr(e, "msg", str(e)),
                                                    "column": getattr(e, "colno", 0)}))
        return _UNPARSED
    except RecursionError:  # thousands of nested brackets: no example nests that deep
        problems.append((ln, "invalid_json", None, {"detail": "nested too deeply", "column": 1}))
        return _UNPARSED


_OVERSIZED = b"\x00oversized "  # stands for a line over MAX_EXAMPLE_BYTES (no JSON line starts with NUL)


def scan_chunk(path: str, start: int, end: int, opts: dict[str, Any]) -> dict[str, Any]:
    """Check the lines of path[start:end] (whole lines). Line numbers in the result are local (1-based)."""
    return scan_bytes(_read_bounded(path, start, end), opts, first=start == 0)


def _read_bounded(path: str, start: int, end: int) -> bytes:
    """path[start:end], except that a line over MAX_EXAMPLE_BYTES is read past in blocks, never held, and stands
    as _OVERSIZED + its size (so memory stays bounded whatever one line holds)."""
    with open(path, "rb") as f:
        f.seek(start)
        if end - start <= MAX_EXAMPLE_BYTES:
            return f.read(end - start)
        parts: list[bytes] = []
        pos = start
        while pos < end:
            line = f.readline(min(MAX_EXAMPLE_BYTES + 1, end - pos))
            if not line:
                break
            pos += len(line)
            if len(line) > MAX_EXAMPLE_BYTES and not line.endswith(b"\n"):
                size = len(line)
                while pos < end:  # the rest of that line, a block at a time
                    block = f.readline(min(1 << 20, end - pos))
                    if not block:
                        break
                    pos += len(block)
                    size += len(block)
                    if block.endswith(b"\n"):
                        break
                parts.append(_OVERSIZED + str(size).encode() + b"\n")
            else:
                parts.append(line)
        return b"".join(parts)


def scan_bytes(data: bytes, opts: dict[str, Any], first: bool = True) -> dict[str, Any]:
    import numpy as np

    from fttool.datasets.tokens import TOKENS_PER_MESSAGE, get_encoding

    method = opts.get("method") or "supervised"
    enc = get_encoding(opts["encoding"])
    encode_ordinary = enc.encode_ordinary

    def encode(t: str) -> list[int]:  # a lone surrogate (see below) must not stop the scan
        try:
            return encode_ordinary(t)
        except UnicodeEncodeError:
            return encode_ordinary(t.encode("utf-8", "replace").decode("utf-8"))
    near = bool(opts.get("near_duplicates", True))
    if first and data.startswith(BOM):
        data = b"   " + data[3:]  # keep byte positions
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    line_ends = np.cumsum(np.fromiter((len(x) + 1 for x in lines), dtype=np.int64, count=len(lines))) - 1
    pii_lines = pii.candidate_lines(data, line_ends)
    fast_loads = _fast_loads()
    blake2b = hashlib.blake2b
    problems: list[tuple[Any, ...]] = []
    ex_line = array("i")
    fixed = array("q")
    nmsgs = array("i")
    valid = bytearray()
    dupkeys = bytearray()
    syskeys = bytearray()
    cache: dict[str, int] = {}
    sys_cache: dict[str, tuple[int, bytes]] = {}
    uniq: dict[str, int] = {}
    u_texts: list[str] = []
    own_text: list[int] = []
    own_ex: list[int] = []
    own_asst: list[bool] = []
    zero8 = bytes(8)
    uniq_get = uniq.get
    u_texts_append = u_texts.append
    own_text_append = own_text.append
    own_ex_append = own_ex.append
    own_asst_append = own_asst.append
    # the fast path counts 1 token per role: true of system/user/assistant in both encodings (checked here)
    fast_ok = method != "dpo" and all(len(encode(r)) == 1 for r in ("system", "user", "assistant"))
    for i, raw in enumerate(lines):
        ln = i + 1
        s = raw.strip()
        if not s:  # (the newline that ends the file was dropped above: this is a real blank line)
            problems.append((ln, "blank_line", None, {}))
            continue
        k = len(ex_line)
        ex_line.append(ln)
        big = int(s[len(_OVERSIZED):]) if s.startswith(_OVERSIZED.strip()) else len(s)
        if big > MAX_EXAMPLE_BYTES:  # bounded time and memory: never parsed nor tokenised
            problems.append((ln, "example_too_large", None, {"size_mb": round(big / 1e6, 1),
                                                              "limit_mb": MAX_EXAMPLE_BYTES >> 20}))
            fixed.append(-1)
            nmsgs.append(0)
            valid.append(0)
            dupkeys += zero8
            syskeys += zero8
            continue
        try:
            ex = fast_loads(s)
        except ValueError:  # not JSON to orjson: the stdlib's reading and wording decide (see _parse_stdlib)
            ex = _parse_stdlib(s, ln, problems)
            if ex is _UNPARSED:
                fixed.append(-1)
                nmsgs.append(0)
                valid.append(0)
                dupkeys += zero8
                syskeys += zero8
                continue
        # fast path: a plain chat example ({"messages": [...]} with role/content string messages in a usual
        # order); anything else goes through the full checks below
        fast = False
        msgs: Any = None
        if fast_ok and type(ex) is dict and len(ex) == 1:
            msgs = ex.get("messages")
            if type(msgs) is list and msgs:
                n0 = len(own_text)
                prev = system = None
                has_a = False
                fast = True
                for m in msgs:
                    if type(m) is not dict or len(m) != 2:
                        fast = False
                        break
                    c = m.get("content")
                    if type(c) is not str:
                        fast = False
                        break
                    role = m.get("role")
                    if role == "user":
                        if prev == "user":
                            fast = False
                            break
                        is_a = False
                    elif role == "assistant":
                        if prev is None or prev == "system" or (len(c) < 16 and len(c.strip()) < SHORT_ANSWER_CHARS):
                            fast = False
                            break
                        has_a = is_a = True
                    elif role == "system" and prev is None:
                        system = c
                        prev = role
                        continue
                    else:
                        fast = False
                        break
                    prev = role
                    ti = uniq_get(c)
                    if ti is None:
                        ti = uniq[c] = len(u_texts)
                        u_texts_append(c)
                    own_text_append(ti)
                    own_ex_append(k)
                    own_asst_append(is_a)
                if not (fast and has_a):
                    fast = False
                    del own_text[n0:], own_ex[n0:], own_asst[n0:]
        if fast:
            nm = len(msgs)
            valid.append(1)
            nmsgs.append(nm)
            base = 3 + (TOKENS_PER_MESSAGE + 1) * nm
            texts: list[tuple[str, bool]] = []
            small: list[str] = []
            pii_msgs = [("messages", msgs)]
        else:
            ok, texts, small, system, nm, pii_msgs = _check_example(ex, ln, method, problems)
            valid.append(1 if ok else 0)
            nmsgs.append(nm)
            if not nm:
                fixed.append(-1)
                dupkeys += zero8
                syskeys += zero8
                continue
            base = 3 + TOKENS_PER_MESSAGE * nm
        kinds = pii_lines.get(i)
        if kinds:
            _pii_scan(pii_msgs, ln, problems, kinds)
        for sm in small:
            c = cache.get(sm)
            if c is None:
                c = cache[sm] = len(encode(sm)) if sm else 1
            base += c
        if system is not None:
            sc = sys_cache.get(system)
            if sc is None:
                sc = sys_cache[system] = (len(encode(system)),
                                          hashlib.blake2b(system.encode("utf-8", "surrogatepass"),
                                                          digest_size=8).digest())
            base += sc[0]
            syskeys += sc[1]
        else:
            syskeys += zero8
        fixed.append(base)
        dupkeys += blake2b(s, digest_size=8).digest()
        for t, is_a in texts:
            ti = uniq_get(t)
            if ti is None:
                ti = uniq[t] = len(u_texts)
                u_texts_append(t)
            own_text_append(ti)
            own_ex_append(k)
            own_asst_append(is_a)
    n_ex = len(ex_line)
    # count the tokens of every distinct text of the chunk (each distinct word once per process)
    counter = _word_counter(opts["encoding"])
    try:
        counts, words, nwords = counter.count(u_texts)
    except UnicodeEncodeError:  # a "\\ud800" escape with no partner: not text a tokenizer (or provider) takes
        bad_texts = {i for i, t in enumerate(u_texts) if _SURROGATE.search(t)}
        for ti in bad_texts:
            u_texts[ti] = u_texts[ti].encode("utf-8", "replace").decode("utf-8")  # counted as "?"
        for k in sorted({own_ex[j] for j, ti in enumerate(own_text) if ti in bad_texts}):
            problems.append((ex_line[k], "invalid_encoding", None, {
                "where": f"Line {ex_line[k]}", "encoding": "a lone surrogate escape (\\ud800-\\udfff)"}))
            valid[k] = 0
        counts, words, nwords = counter.count(u_texts)
    fixed_np = np.frombuffer(fixed, dtype=np.int64) if n_ex else np.zeros(0, dtype=np.int64)
    ot = np.asarray(own_text, dtype=np.int64)
    oe = np.asarray(own_ex, dtype=np.int64)
    oa = np.asarray(own_asst, dtype=bool)
    per = counts[ot] if len(ot) else np.zeros(0, dtype=np.int64)
    var = np.bincount(oe, weights=per, minlength=n_ex).astype(np.int64) if n_ex else np.zeros(0, dtype=np.int64)
    tokens = np.where(fixed_np >= 0, fixed_np + var, -1)
    asst = np.bincount(oe[oa], weights=per[oa], minlength=n_ex).astype(np.int64) if n_ex else var
    limit = opts.get("limit")
    if limit is not None and n_ex:
        for k in np.flatnonzero(tokens > limit).tolist():
            problems.append((ex_line[k], opts["limit_code"], None,
                             {"tokens": int(tokens[k]), "limit": limit, "model": opts["model"]}))
    sigs, sig_ok = b"", b""
    if near and n_ex and method != "dpo":
        sigs, sig_ok = _signatures(words, nwords, (ot, oe), n_ex)
    return {
        "n_lines": len(lines), "ex_line": ex_line, "tokens": array("q", tokens.tolist()) if n_ex else array("q"),
        "asst": array("q", asst.tolist()) if n_ex else array("q"), "nmsgs": nmsgs, "valid": bytes(valid),
        "problems": problems, "dupkeys": bytes(dupkeys), "syskeys": bytes(syskeys), "sigs": sigs,
        "sig_ok": sig_ok,
    }


_SURROGATE = re.compile("[\ud800-\udfff]")



@cache
def _word_counter(encoding: str) -> Any:
    """This process's WordCounter for an encoding (its word table serves every chunk the process checks)."""
    from fttool.datasets.tokens import WordCounter, get_encoding

    return WordCounter(get_encoding(encoding))


# -- the file ------------------------------------------------------------------------------------------------
def check_readable(path: Path) -> int:
    """Size of a readable regular file; InputError (exit 2) for missing, a folder, a special file, or unreadable."""
    from fttool.fsutil import input_file_size

    input_file_size(path)
    try:
        with open(path, "rb") as f:
            f.read(1)
        return path.stat().st_size
    except OSError as exc:
        raise InputError("unreadable_file", path=str(path), reason=exc.strerror or str(exc)) from exc


def sniff_encoding(head: bytes) -> str | None:
    """'utf-16'/'utf-32' when the file starts with their byte order mark; raises InputError for binary data."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if b"\x00" in head:
        return "binary"
    return None


def plan_chunks(path: Path, size: int, chunk_bytes: int, tail: float = 0.0) -> list[tuple[int, int]]:
    """Byte ranges of whole lines, about chunk_bytes each; the last `tail` fraction of the file in chunks a
    quarter that size (so parallel workers finish together)."""
    bounds = [0]
    tail_start = size - int(size * tail)
    with open(path, "rb") as f:
        pos = chunk_bytes
        while pos < size:
            f.seek(pos)
            while f.readline(1 << 20)[-1:] not in (b"\n", b""):  # to the line's end, never a whole huge line
                pass
            b = f.tell()
            if b >= size:
                break
            if b > bounds[-1]:
                bounds.append(b)
            pos = b + (chunk_bytes if b < tail_start else max(1 << 18, chunk_bytes // 4))
    bounds.append(size)
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i + 1] > bounds[i]]


def detect_method(path: str | os.PathLike[str]) -> str:
    """`dpo` for a preference file (preferred_output / non_preferred_output), else `supervised`."""
    return _detect_method(Path(path))


def _detect_method(path: Path) -> str:
    with open(path, "rb") as f:
        for _ in range(20):
            raw = f.readline(1 << 20)
            if not raw:
                break
            if not raw.endswith(b"\n"):  # a line over 1 MB: not a record to tell the method by; skip its rest
                while f.readline(1 << 20)[-1:] not in (b"\n", b""):
                    pass
                continue
            try:
                obj = json.loads(raw.lstrip(BOM).decode("utf-8"))
            except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
                continue
            if isinstance(obj, dict):
                return "dpo" if ("preferred_output" in obj or "non_preferred_output" in obj) else "supervised"
    return "supervised"


def _worker_init(niceness: int) -> None:
    if niceness and hasattr(os, "nice"):
        try:
            os.nice(niceness)
        except OSError:
            pass


def run_chunks(path: Path, chunks: list[tuple[int, int]], opts: dict[str, Any], workers: int,
               progress: ProgressFn | None, cancel: CancelFn | None, total: int,
               done_before: int = 0, inline: bool = False) -> list[dict[str, Any]]:
    """scan_chunk over the chunks, in worker processes (spawn) when workers > 1; results in chunk order.

    With `inline` the calling process is one of the `workers` (a pool of workers-1 processes plus this one):
    for a process that has nothing else to do, such as the CLI. A GUI process must not (it would hold the GIL)."""
    results: list[dict[str, Any] | None] = [None] * len(chunks)
    done = done_before

    def finish(i: int, result: dict[str, Any]) -> None:
        nonlocal done
        results[i] = result
        done += chunks[i][1] - chunks[i][0]
        if progress:
            progress(done, total, "validating")

    if workers <= 1 or len(chunks) == 1:
        for i, (a, b) in enumerate(chunks):
            if cancel is not None and cancel():
                raise Cancelled()
            finish(i, scan_chunk(str(path), a, b, opts))
        return [r for r in results if r is not None]
    import concurrent.futures as cf
    import multiprocessing

    # Inline (the CLI) on Linux, the workers are forked: they start at once with the tokenizer this process has
    # built (a spawned worker first spends about 0.3 s of CPU starting Python, importing and building it) and
    # need no resource-tracker process. A GUI process (not inline) spawns them: forking a process that runs
    # Qt's threads is unsafe, and so is fork on macOS.
    fork = inline and sys.platform.startswith("linux") and threading.active_count() == 1
    if fork:
        from fttool.datasets.tokens import get_encoding

        get_encoding(opts["encoding"])
    ctx = multiprocessing.get_context("fork" if fork else "spawn")
    n_pool = workers - 1 if inline else workers
    # behind a GUI (not inline) the workers run at a lower priority, so the window stays responsive when every
    # core is busy; the CLI keeps normal priority
    def new_pool(n: int) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_worker_init,
                                      initargs=(0 if inline else 10,))

    pool = new_pool(n_pool)
    queue = list(range(len(chunks)))
    futures: dict[cf.Future[dict[str, Any]], int] = {}
    try:
        while queue or futures:
            # keep every pool worker fed (two chunks each), then work on a chunk here or wait
            while queue and len(futures) < 2 * n_pool:
                i = queue.pop(0)
                futures[pool.submit(scan_chunk, str(path), chunks[i][0], chunks[i][1], opts)] = i
            if inline and queue:
                i = queue.pop(0)
                finish(i, scan_chunk(str(path), chunks[i][0], chunks[i][1], opts))
                finished = {f for f in futures if f.done()}
            else:
                finished, _ = cf.wait(set(futures), timeout=0.1, return_when=cf.FIRST_COMPLETED)
            broken: list[int] = []
            for fut in finished:
                i = futures.pop(fut)
                try:
                    finish(i, fut.result())
                except cf.process.BrokenProcessPool:
                    broken.append(i)
            if broken:  # a worker died (killed, out of memory): every chunk it shared the pool with is redone
                broken += list(futures.values())
                futures.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for i in sorted(broken):  # one at a time, alone, so the chunk that kills its worker is the one named
                    pool = new_pool(1)
                    try:
                        finish(i, pool.submit(scan_chunk, str(path), chunks[i][0], chunks[i][1], opts).result())
                    except cf.process.BrokenProcessPool:
                        raise InputError("validation_worker_died", path=str(path),
                                         line=_line_at(path, chunks[i][0])) from None
                    finally:
                        pool.shutdown(wait=True)
                pool = new_pool(n_pool)
            if cancel is not None and cancel():
                raise Cancelled()
    except BaseException:  # cancelled, Ctrl-C or a failed chunk: stop the workers now, not after their chunk
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [r for r in results if r is not None]


def _line_at(path: Path, offset: int) -> int:
    """The 1-based number of the line that starts at byte `offset`."""
    n = 1
    with open(path, "rb") as f:
        while offset > 0:
            block = f.read(min(offset, 1 << 20))
            if not block:
                break
            n += block.count(b"\n")
            offset -= len(block)
    return n


def validate_file(path: str | os.PathLike[str], *, model: str | None = None, backend: str = "openai",
                  method: str | None = None, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                  workers: int | None = None, validation: str | os.PathLike[str] | None = None,
                  max_seq_length: int | None = None, epochs: int | None = None, near_duplicates: bool = True,
                  chunk_bytes: int | None = None, inline: bool = False,
                  tokenizer_dir: str | os.PathLike[str] | None = None, source_format: str | None = None,
                  mapping: dict[str, Any] | None = None, role: str = "train",
                  train: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Check a chat (or DPO) JSONL file and report every problem. Raises InputError for an unreadable file.

    `role` (FILE_ROLES): a train file needs the backend's minimum of examples and is given a training cost; a
    validation or test file is not (it is never "too small"), and its examples that are also in the `train` file
    are reported (leakage). For a train file, `validation` names the validation file to compare with.

    Files of INPROCESS_BYTES or more are checked by `workers` spawned processes (default: one per core);
    `inline=True` makes the calling process one of them (the CLI does; a GUI process should not).
    `tokenizer_dir` (local, hf and together backends): count tokens with that base model's own tokenizer and chat template
    instead of tiktoken (tokens.local_token_counts, in the local-training runtime).
    `source_format` (formats.FORMATS) and `mapping` (formats.ColumnMapping as a dict: columns, and for CSV/TSV the
    encoding and delimiter) say how to read a file that is not chat/DPO JSONL; by default they are detected."""
    if role not in FILE_ROLES:
        from fttool.errors import UsageError

        raise UsageError("validate_role_unknown", role=role)
    if role == "train":
        train = None
    else:
        validation, train = train, None  # the file compared with: the train file, for leakage into this one
    p = Path(path)
    size = check_readable(p)
    model, enc_name, limit, limit_code = _resolve(model, backend, max_seq_length, method)
    whole: list[Problem] = []
    if size:
        with open(p, "rb") as f:
            head = f.read(8192)
        table = source_format in ("csv", "tsv", "parquet") or (
            source_format is None and p.suffix.lower() in (".csv", ".tsv", ".tab"))
        if source_format not in (None, "chat", "dpo") or mapping or table:
            # a table is read with its own encoding (UTF-16 is Excel's "Unicode text"), by fttool.datasets.delimited
            fmt = source_format or _source_format(p, head)
            if fmt is not None and fmt not in ("chat", "dpo"):
                return _validate_converted(p, fmt, mapping=mapping, model=model, backend=backend, method=method,
                                           progress=progress, cancel=cancel, workers=workers,
                                           max_seq_length=max_seq_length, epochs=epochs,
                                           near_duplicates=near_duplicates, inline=inline,
                                           tokenizer_dir=tokenizer_dir, **_role_kwargs(role, validation))
        kind = None if head.startswith(b"PAR1") else sniff_encoding(head)
        if kind == "binary":
            raise InputError("dataset_binary", path=str(p))
        if kind:
            whole.append(Problem.make(None, "invalid_encoding", None, {
                "where": "The file", "encoding": f"{kind} with a byte order mark"}))
            return _report(p, model, backend, method or "supervised", [], whole, limit, epochs, role=role)
        src_fmt = _source_format(p, head)
        if src_fmt is not None:
            return _validate_converted(p, src_fmt, model=model, backend=backend, method=method, progress=progress,
                                       cancel=cancel, workers=workers,
                                       max_seq_length=max_seq_length, epochs=epochs,
                                       near_duplicates=near_duplicates, inline=inline, tokenizer_dir=tokenizer_dir,
                                       **_role_kwargs(role, validation))
    method = method or _detect_method(p) if size else (method or "supervised")
    if backend == "together":  # a preference file has the model's shorter DPO context
        model, enc_name, limit, limit_code = _resolve(model, backend, max_seq_length, method)
    opts = {"method": method, "encoding": enc_name, "limit": limit, "limit_code": limit_code, "model": model,
            "near_duplicates": near_duplicates}
    total = size
    if validation is not None:
        vsize = check_readable(Path(validation))
        total += vsize
    if workers is None:
        workers = 1 if size < INPROCESS_BYTES else max(1, min(os.cpu_count() or 1, 8))
    if chunk_bytes is None:
        chunk_bytes = CHUNK_BYTES if workers <= 1 else max(1 << 20, min(WORKER_CHUNK_BYTES, size // (workers * 4) + 1))
    chunks = plan_chunks(p, size, chunk_bytes, tail=0.2 if workers > 1 else 0.0) if size else []
    results = run_chunks(p, chunks, opts, workers, progress, cancel, total, inline=inline) if chunks else []
    other = None
    if validation is not None:
        vp = Path(validation)
        vchunks = plan_chunks(vp, vsize, chunk_bytes) if vsize else []
        vopts = dict(opts, near_duplicates=False)
        other = run_chunks(vp, vchunks, vopts, workers, progress, cancel, total, size, inline) if vchunks else []
    if cancel is not None and cancel():
        raise Cancelled()
    if tokenizer_dir is not None and results:
        _use_local_counts(p, results, tokenizer_dir, limit, model,
                          "too_many_tokens" if backend == "together" else "will_be_truncated")
    return _report(p, model, backend, method, results, whole, limit, epochs, other,
                   near_duplicates=near_duplicates, role=role)


def _role_kwargs(role: str, other: str | os.PathLike[str] | None) -> dict[str, Any]:
    """validate_file's own arguments again, for a converted file: `other` is the file compared with."""
    if role == "train":
        return {"role": role, "validation": other}
    return {"role": role, "validation": None, "train": other}


def _use_local_counts(p: Path, results: list[dict[str, Any]], tokenizer_dir: str | os.PathLike[str],
                      limit: int | None, model: str, code: str = "will_be_truncated") -> None:
    """Replace the tiktoken counts by the local model's own, and the truncation warnings with them."""
    from fttool.datasets.tokens import local_token_counts

    counts = local_token_counts(p, tokenizer_dir)
    k = 0
    for r in results:
        n = len(r["ex_line"])
        mine = counts[k:k + n]
        k += n
        r["tokens"] = array("q", [c if t >= 0 else -1 for c, t in zip(mine, r["tokens"], strict=False)]
                            + [-1] * (n - len(mine)))
        r["problems"] = [pr for pr in r["problems"] if pr[1] not in ("will_be_truncated", "too_many_tokens")]
        if limit is not None:
            for line, t in zip(r["ex_line"], r["tokens"], strict=True):
                if t > limit:
                    r["problems"].append((line, code, None,
                                          {"tokens": t, "limit": limit, "model": str(tokenizer_dir)}))


def _source_format(p: Path, head: bytes) -> str | None:
    """The format of a file that is not chat/DPO JSONL (CSV, TSV, Parquet, a JSON array, ShareGPT, Alpaca,
    prompt/completion), or None for chat/DPO JSONL."""
    from fttool.datasets import formats
    from fttool.errors import FtError

    ext = p.suffix.lower()
    if head.startswith(b"PAR1") or ext in (".parquet", ".pq", ".csv", ".tsv", ".tab"):
        return formats.detect_format(p)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        if stripped.startswith(b"["):
            return formats.detect_format(p)
        fmt = formats.detect_format(p)
    except FtError:
        return None
    return fmt if fmt not in ("chat", "dpo") else None


def _validate_converted(p: Path, fmt: str, mapping: dict[str, Any] | None = None, **kwargs: Any
                        ) -> ValidationReport:
    """Validate another format: convert it to chat JSONL in a temp file, validate that, and give every problem
    the line (CSV) or record number (JSON array, Parquet) of the source."""
    import shutil
    import tempfile

    from fttool.datasets import formats

    failed: list[tuple[int, str]] = []
    src_lines: list[int] = []

    def records() -> Any:
        for line, ex in formats.read_examples(p, fmt=fmt, mapping=mapping,
                                              on_error=lambda ln, d: failed.append((ln, d))):
            src_lines.append(line)
            yield ex

    tmpdir = tempfile.mkdtemp(prefix="fttool-validate-")
    try:
        tmp = Path(tmpdir) / (p.stem + ".jsonl")
        formats.write_jsonl(tmp, records())
        report = validate_file(tmp, **kwargs)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    def src(line: int | None) -> int | None:
        return src_lines[line - 1] if line is not None and 0 < line <= len(src_lines) else line

    problems = []
    for pr in report.problems:
        params = dict(pr.params)
        params["line"] = src(pr.line)
        if "first" in params:
            params["first"] = src(params["first"])
        if pr.line is not None and "where" in params:
            params["where"] = f"Line {src(pr.line)}"
        problems.append(Problem.make(src(pr.line), pr.code, pr.field, params))
    for line, detail in failed:
        problems.append(Problem.make(line, "unconvertible_record", None, {"detail": detail}))
    if failed and report.problems and report.problems[0].code == "empty_file":
        problems = [pr for pr in problems if pr.code != "empty_file"]
    problems.sort(key=lambda pr: (-1 if pr.line is None else pr.line))
    report.problems = problems
    report.example_lines = array("i", [src(x) or 0 for x in report.example_lines])
    report.path = str(p)
    return report


def _percentile(sorted_vals: Sequence[int] | Any, q: float) -> int:
    if not len(sorted_vals):
        return 0
    # nearest-rank on the sorted values (numpy's 'lower' method)
    idx = int((len(sorted_vals) - 1) * q)
    return int(sorted_vals[idx])


def _report(path: Path, model: str, backend: str, method: str, results: list[dict[str, Any]],
            whole: list[Problem], limit: int | None, epochs: int | None,
            other: list[dict[str, Any]] | None = None, near_duplicates: bool = True,
            role: str = "train") -> ValidationReport:
    from fttool.datasets.tables import default_epochs, estimate

    raw: list[tuple[Any, ...]] = []
    ex_lines = array("i")
    tokens = array("q")
    asst = array("q")
    nmsgs = array("i")
    valid = bytearray()
    dupkeys = bytearray()
    syskeys = bytearray()
    sigs = bytearray()
    sig_ok = bytearray()
    line_off = 0
    for r in results:
        for prob in r["problems"]:
            ln = prob[0] + line_off
            params = dict(prob[3])
            if "where" in params and params["where"].startswith("Line "):
                params["where"] = "Line " + str(ln) + params["where"][len("Line " + str(prob[0])):]
            raw.append((ln, prob[1], prob[2], params))
        ex_lines.extend(x + line_off for x in r["ex_line"])
        tokens.extend(r["tokens"])
        asst.extend(r["asst"])
        nmsgs.extend(r["nmsgs"])
        valid += r["valid"]
        dupkeys += r["dupkeys"]
        syskeys += r["syskeys"]
        if r["sigs"]:
            sigs += r["sigs"]
            sig_ok += r["sig_ok"]
        else:
            sigs += bytes(NEAR_DUP_BINS * len(r["ex_line"]))
            sig_ok += bytes(len(r["ex_line"]))
        line_off += r["n_lines"]
    n = len(ex_lines)
    problems: list[Problem] = list(whole)
    if n == 0 and not whole:
        problems.append(Problem.make(None, "empty_file"))
    # exact duplicates (same line bytes) and near duplicates (MinHash/LSH)
    groups = _duplicate_groups(bytes(dupkeys), n)
    dup_of: set[int] = set()
    for g in groups:
        for k in g[1:]:
            dup_of.add(k)
            raw.append((ex_lines[k], "duplicate", None, {"first": ex_lines[g[0]]}))
    if near_duplicates and n:
        for a, b, sim in _near_pairs(bytes(sigs), bytes(sig_ok), n, dup_of):
            raw.append((ex_lines[b], "near_duplicate", None, {"first": ex_lines[a], "similarity": sim}))
    # examples also in the other file: the validation file of a train file, the train file of the others
    zero8 = bytes(8)
    leak_code = LEAK_CODES.get(role, "in_train_and_validation")
    if other is not None:
        v_first: dict[bytes, int] = {}
        off = 0
        for r in other:
            keys = r["dupkeys"]
            for j, vl in enumerate(r["ex_line"]):
                key = keys[8 * j:8 * j + 8]
                if key != zero8:
                    v_first.setdefault(key, vl + off)
            off += r["n_lines"]
        for k in range(n):
            key = bytes(dupkeys[8 * k:8 * k + 8])
            if key != zero8 and key in v_first:
                raw.append((ex_lines[k], leak_code, None, {"other_line": v_first[key]}))
    # system prompts
    _system_prompt_warnings(syskeys, nmsgs, ex_lines, raw, n)
    import numpy as np

    tok_np = np.frombuffer(tokens, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    counted = np.sort(tok_np[tok_np >= 0])
    n_valid = int(np.count_nonzero(np.frombuffer(bytes(valid), dtype=np.uint8))) if n else 0
    if backend in ("openai", "azure") and not model_limits(model)["known"]:  # never silent: no limit, no price
        from fttool.datasets.tables import unknown_model_params

        problems.append(Problem.make(None, "unknown_model", "model", unknown_model_params(model)))
    if backend == "together":
        from fttool.datasets.tables import together_model, together_table

        if together_model(model) is None:
            import difflib

            from fttool.datasets.tables import together_models

            close = difflib.get_close_matches(model, list(together_models()), n=3, cutoff=0.5)
            problems.append(Problem.make(None, "unknown_model", "model", {
                "model": model, "date": together_table().get("as_of", "?"), "close_names": close,
                "close": ", ".join(close) or "-"}))
    training = role == "train"  # only the train file has a minimum size and a training cost
    minimum = minimum_examples(backend) if training else 0
    if training and n and n_valid < minimum:
        problems.append(Problem.make(None, "too_few_examples", None,
                                     {"count": n_valid, "backend": backend, "minimum": minimum}))
    for r_ in raw:
        problems.append(Problem.make(*r_))
    problems.sort(key=lambda pr: (-1 if pr.line is None else pr.line))
    ep = epochs or default_epochs(len(counted))
    if not training:
        ep = 0
    elif backend == "together" and not epochs:  # fttool's Together default (resources/together.json), not OpenAI's rule
        from fttool.datasets.tables import together_table

        ep = int(together_table().get("default_epochs") or 3)
    capped = np.minimum(counted, limit) if limit is not None else counted
    billed = int(capped.sum()) * ep  # sum of min(limit, tokens) x epochs, as cost.billed_tokens
    est = estimate(model, billed, backend) if training and backend in ("openai", "azure") else None
    if training and backend == "together":
        from fttool.datasets.tables import CostEstimate, together_table, together_training_price

        rate = together_training_price(model, "dpo" if method == "dpo" else "supervised", True)
        est = CostEstimate(usd=round(billed * rate / 1e6, 4) if rate is not None else None, billed_tokens=billed,
                           price_source="resources/together.json", price_date=str(together_table().get("as_of", "")),
                           model=model, per_1m_tokens=rate, known=rate is not None)
    tok = {"total": int(counted.sum()), "billed": billed, "min": int(counted[0]) if len(counted) else 0,
           "p10": _percentile(counted, 0.1), "median": _percentile(counted, 0.5), "p90": _percentile(counted, 0.9),
           "max": int(counted[-1]) if len(counted) else 0}
    nm_np = np.frombuffer(nmsgs, dtype=np.int32) if n else np.zeros(0, dtype=np.int32)
    nm = np.sort(nm_np[nm_np > 0]).tolist()
    asst_np = np.frombuffer(asst, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    stats = {
        "messages_per_example": {"min": nm[0] if nm else 0, "median": _percentile(nm, 0.5),
                                 "max": nm[-1] if nm else 0},
        "assistant_tokens": {"total": int(asst_np[asst_np > 0].sum())},
        "over_limit": int(np.count_nonzero(counted > limit)) if limit is not None else 0,
        "valid_examples": n_valid,
        "minimum_examples": minimum,
        "role": role,
    }
    return ValidationReport(
        path=str(path), model=model, backend=backend, method=method, examples=n, problems=problems, tokens=tok,
        epochs=ep, estimated_cost_usd=est.usd if est else None, price_as_of=est.price_date if est else None,
        limit=limit, line_tokens=tokens, example_lines=ex_lines, stats=stats,
        duplicates=groups, role=role)


def _system_prompt_warnings(syskeys: bytearray, nmsgs: array, ex_lines: array, raw: list[tuple[Any, ...]],
                            n: int) -> None:
    """Warn on examples whose system prompt is missing or rare while most examples share one prompt."""
    import numpy as np

    if not n:
        return
    keys = np.frombuffer(bytes(syskeys), dtype=np.uint64)
    has = np.frombuffer(nmsgs, dtype=np.int32) > 0
    if not has.any():
        return
    uniq, inv, counts = np.unique(keys[has], return_inverse=True, return_counts=True)
    top = int(np.argmax(counts))
    top_key, top_n, total = uniq[top], int(counts[top]), int(has.sum())
    if top_key == 0 or top_n * 2 <= total or total < 4:
        return
    rare = max(1, total // 100)
    count_of = np.zeros(n, dtype=np.int64)
    count_of[np.flatnonzero(has)] = counts[inv]
    missing = has & (keys == 0)
    odd = has & (keys != 0) & (keys != top_key) & (count_of <= rare)
    params = {"majority": top_n, "total": total}
    for k in np.flatnonzero(missing | odd).tolist():
        if missing[k]:
            raw.append((ex_lines[k], "inconsistent_system_prompt", "messages",
                        {"detail": "this example has no system prompt.", **params}))
        else:
            raw.append((ex_lines[k], "inconsistent_system_prompt", "messages[0].content",
                        {"detail": "this example's system prompt differs from the usual one.", **params}))


def _duplicate_groups(keys: bytes, n: int) -> list[list[int]]:
    """Groups (earliest first) of examples with the same 8-byte key; zero keys (unusable lines) are ignored."""
    import numpy as np

    if not n:
        return []
    k = np.frombuffer(keys, dtype=np.uint64)
    idx = np.flatnonzero(k != 0)
    if not len(idx):
        return []
    _u, first, inv, cnt = np.unique(k[idx], return_index=True, return_inverse=True, return_counts=True)
    dup = np.flatnonzero(cnt[inv] > 1)
    out: dict[int, list[int]] = {}
    for j in dup.tolist():
        out.setdefault(int(idx[first[inv[j]]]), []).append(int(idx[j]))
    return sorted(sorted(g) for g in out.values())


def _near_pairs(sigs: bytes, sig_ok: bytes, n: int, skip: set[int]) -> list[tuple[int, int, int]]:
    """LSH over the MinHash signatures (never all pairs): examples sharing a band are candidates (each is
    compared with the earliest and the previous member of its bucket), kept when the estimated similarity is at
    least NEAR_DUP_THRESHOLD. Each example is reported once, against the earliest similar example."""
    import numpy as np

    nb, bands = NEAR_DUP_BINS, NEAR_DUP_BANDS
    sig = np.frombuffer(sigs, dtype=np.uint8).reshape(n, nb)
    ok = np.frombuffer(sig_ok, dtype=np.uint8).astype(bool)
    if skip:
        ok = ok.copy()
        ok[list(skip)] = False
    idx = np.flatnonzero(ok)
    if len(idx) < 2:
        return []
    keys = np.ascontiguousarray(sig[idx]).view(np.uint32).reshape(len(idx), bands)  # 4 bins per band
    empty = np.uint32(0xFFFFFFFF)
    pa, pb = [], []
    for band in range(bands):
        kb = keys[:, band]
        order = np.argsort(kb, kind="stable")
        ks = kb[order]
        same_prev = np.zeros(len(ks), dtype=bool)
        same_prev[1:] = ks[1:] == ks[:-1]
        same_prev &= ks != empty
        if not same_prev.any():
            continue
        start = np.flatnonzero(~same_prev)
        group_first = start[np.searchsorted(start, np.arange(len(ks)), side="right") - 1]
        members = np.flatnonzero(same_prev)
        for other in (order[group_first[members]], order[members - 1]):
            pa.append(idx[other])
            pb.append(idx[order[members]])
    if not pa:
        return []
    a = np.concatenate(pa)
    b = np.concatenate(pb)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    sa, sb = sig[pairs[:, 0]], sig[pairs[:, 1]]
    eq = sa == sb
    both_empty = (eq & (sa == 0xFF)).sum(axis=1)
    same = eq.sum(axis=1) - both_empty
    denom = nb - both_empty
    sim = np.where(denom > 0, same / np.maximum(denom, 1), 0.0)
    keep = sim >= NEAR_DUP_THRESHOLD
    best: dict[int, tuple[int, int]] = {}
    for x, y, s_ in zip(pairs[keep, 0].tolist(), pairs[keep, 1].tolist(), sim[keep].tolist(), strict=True):
        if y not in best or x < best[y][0]:
            best[y] = (x, round(100 * s_))
    return sorted((x, y, s_) for y, (x, s_) in best.items())
