"""The per-example rules: structure, roles and their order, answers, DPO pairs, personal data and the token limit,
as raw (line, code, field, params) problems; `validate_example` for one example. Imports codes, pii, tables,
tokens and the report's Problem; never reads a file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fttool.datasets import pii
from fttool.datasets.pii import KIND_TEXT as PII_KIND_TEXT
from fttool.datasets.validate.report import Problem
from fttool.tables import default_model, model_limits

ROLES = frozenset({"system", "user", "assistant", "tool", "function"})
MESSAGE_KEYS = frozenset({"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call"})
SHORT_ANSWER_CHARS = 3


def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    return {str: "a string", list: "a list", dict: "an object", bool: "true/false", int: "a number",
            float: "a number"}.get(type(v), type(v).__name__)


def pii_scan(groups: list[tuple[str, list[Any]]], ln: int | None, out: list[tuple[Any, ...]], kinds: int = 7
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


def check_record(ex: Any, ln: int | None, method: str, out: list[tuple[Any, ...]]
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


def resolve_limits(model: str | None, backend: str, max_seq_length: int | None,
                   method: str | None = None) -> tuple[str, str, int | None, str]:
    """(model, tiktoken encoding, per-example token limit, the code of a problem over it) for a backend."""
    if backend == "together":  # the model's context is the per-example limit; tokens counted with a stand-in
        from fttool.tables import together_model, together_table

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

    model, enc_name, limit, limit_code = resolve_limits(model, backend, max_seq_length, method)
    raw: list[tuple[Any, ...]] = []
    ok, texts, small, system, nmsg, pii_msgs = check_record(example, line, method, raw)
    tokens = -1
    if nmsg:
        encode = get_encoding(enc_name).encode_ordinary
        tokens = 3 + TOKENS_PER_MESSAGE * nmsg + sum(len(encode(s)) if s else 1 for s in small)
        tokens += len(encode(system)) if system else 0
        tokens += sum(len(encode(t)) for t, _a in texts)
        lp = _limit_problem(tokens, limit, limit_code, model)
        if lp:
            raw.append((line, lp[0], None, lp[1]))
    pii_scan(pii_msgs, line, raw)
    return [Problem.make(*r) for r in raw], tokens

