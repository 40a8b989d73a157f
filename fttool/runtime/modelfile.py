"""An Ollama `Modelfile` beside an exported GGUF (gguf.py): FROM it, a TEMPLATE cut from the model's own chat
template into Ollama's pieces (the runtime's transformers renders sentinel conversations with it, resources/runtime/
gguf_tools.py; the renders are read back here), and its stop tokens."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fttool.fsutil import atomic_write_text
from fttool.runtime.gguf import run_tools

# Sentinel contents: plain letters, so no template trims, escapes or splits them.
SYSTEM = "FtSentinelSystemQx"
USER1 = "FtSentinelUserOneQx"
ASSISTANT1 = "FtSentinelAssistantOneQx"
USER2 = "FtSentinelUserTwoQx"


def conversations() -> list[dict[str, Any]]:
    """The conversations gguf_tools.py renders with the model's template (cut_chat_template reads the
    renders back)."""
    def msg(role: str, content: str) -> dict[str, str]:
        return {"role": role, "content": content}

    return [
        {"name": "full", "add_generation_prompt": True,
         "messages": [msg("system", SYSTEM), msg("user", USER1), msg("assistant", ASSISTANT1),
                      msg("user", USER2)]},
        {"name": "nosys", "add_generation_prompt": True,
         "messages": [msg("user", USER1), msg("assistant", ASSISTANT1), msg("user", USER2)]},
        {"name": "user", "add_generation_prompt": False, "messages": [msg("user", USER1)]},
        {"name": "closed", "add_generation_prompt": False,
         "messages": [msg("user", USER1), msg("assistant", ASSISTANT1)]},
    ]


@dataclass(frozen=True)
class ChatCut:
    """The model's chat template as Ollama's pieces. `start_user` comes before a conversation that opens
    with a user message (it may hold a default system block), `start_system` before the content of an opening
    system message. system_mode: separate (a turn of its own), folded (the system text opens the first user
    turn, as Gemma 3 does: `system_suffix` joins them and that user turn gets no prefix) or none (the template
    drops or refuses system messages)."""

    start_user: str
    start_system: str
    system_suffix: str
    user_prefix: str
    user_suffix: str
    assistant_prefix: str
    assistant_suffix: str
    generation_prompt: str
    system_mode: str = "separate"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _split(text: str | None, sentinels: Sequence[str]) -> list[str] | None:
    """text cut at each sentinel (each present exactly once, in order): len(sentinels)+1 pieces, else None."""
    if not isinstance(text, str):
        return None
    pieces = []
    rest = text
    for s in sentinels:
        if text.count(s) != 1 or s not in rest:
            return None
        before, rest = rest.split(s, 1)
        pieces.append(before)
    pieces.append(rest)
    return pieces


def _common_suffix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[len(a) - 1 - n] == b[len(b) - 1 - n]:
        n += 1
    return a[len(a) - n:] if n else ""


def cut_chat_template(renders: Mapping[str, str | None], bos_token: str | None = None
                      ) -> tuple[ChatCut | None, str]:
    """Cut the renders of conversations() (name -> rendered text, None when the template refused it) into the
    pieces of an Ollama template, or (None, why not). `bos_token` is the BOS that llama.cpp adds by itself
    (None when it adds none, as for ChatML models whose BOS is <|im_start|>): dropped from the renders'
    start."""
    texts: dict[str, str] = {}
    for name, text in renders.items():
        if isinstance(text, str):
            texts[name] = text[len(bos_token):] if bos_token and text.startswith(bos_token) else text
    nosys = _split(texts.get("nosys"), (USER1, ASSISTANT1, USER2))
    if nosys is None:
        return None, "the template does not write a user, assistant, user conversation with each message once"
    q0, q1, q2, q3 = nosys
    user = _split(texts.get("user"), (USER1,))
    if user is None or user[0] != q0:
        return None, "the template opens a one-message conversation differently from a longer one"
    user_suffix = user[1]
    if not (q1.startswith(user_suffix) and q3.startswith(user_suffix)):
        return None, "the template ends a user turn differently in the middle and at the end"
    assistant_prefix = q1[len(user_suffix):]
    generation_prompt = q3[len(user_suffix):]
    closed = _split(texts.get("closed"), (USER1, ASSISTANT1))
    if (closed is not None and closed[0] == q0 and closed[1] == q1 and closed[2] and q2.startswith(closed[2])
            and q0.endswith(q2[len(closed[2]):])):
        assistant_suffix = closed[2]
        user_prefix = q2[len(assistant_suffix):]
    else:  # the last assistant turn is written differently (Qwen3's think block): take the common tail
        user_prefix = _common_suffix(q2, q0)
        assistant_suffix = q2[:len(q2) - len(user_prefix)]
    start_user = q0[:len(q0) - len(user_prefix)]
    full = _split(texts.get("full"), (SYSTEM, USER1, ASSISTANT1, USER2))
    if full is None:
        return ChatCut(start_user, "", "", user_prefix, user_suffix, assistant_prefix, assistant_suffix,
                       generation_prompt, "none"), "the template has no place for a system message"
    p0, p1, p2, p3, p4 = full
    if (p2, p3, p4) != (q1, q2, q3):
        return None, "a system message changes how the later turns are written"
    if p1.endswith(user_prefix):
        mode, system_suffix = "separate", p1[:len(p1) - len(user_prefix)]
    elif p0 == q0:
        mode, system_suffix = "folded", p1
    else:
        return None, "the system message and the first user turn cannot be told apart"
    return ChatCut(start_user, p0, system_suffix, user_prefix, user_suffix, assistant_prefix,
                   assistant_suffix, generation_prompt, mode), "cut"


def render_with_cut(cut: ChatCut, messages: Iterable[Mapping[str, str]],
                    generation_prompt: bool = True) -> str:
    """What ollama_template(cut) renders for these messages (the same logic in Python): used to check a cut
    against the model's own renders before it is written."""
    msgs = list(messages)
    out: list[str] = []
    started = folded = False
    for i, m in enumerate(msgs):
        last = i == len(msgs) - 1
        role, content = m["role"], m["content"]
        if role == "system" and cut.system_mode != "none":
            out += [cut.start_system, content, cut.system_suffix]
            folded = cut.system_mode == "folded"
            started = True
        elif role == "user":
            if not started:
                out.append(cut.start_user)
            if not folded:
                out.append(cut.user_prefix)
            folded = False
            out += [content, cut.user_suffix]
            if last and generation_prompt:
                out.append(cut.generation_prompt)
            started = True
        elif role == "assistant":
            out += [cut.assistant_prefix, content]
            if not last:
                out.append(cut.assistant_suffix)
            started = True
    return "".join(out)


def check_cut(cut: ChatCut, renders: Mapping[str, str | None], bos_token: str | None = None) -> str | None:
    """None when the cut reproduces the model's own renders (BOS aside), else what differs."""
    convs = {c["name"]: c for c in conversations()}
    for name in ("full", "nosys", "user"):
        text = renders.get(name)
        if not isinstance(text, str) or (name == "full" and cut.system_mode == "none"):
            continue
        if bos_token and text.startswith(bos_token):
            text = text[len(bos_token):]
        mine = render_with_cut(cut, convs[name]["messages"], bool(convs[name]["add_generation_prompt"]))
        if mine != text:
            return f"the cut does not reproduce the '{name}' conversation"
    return None


def go_string(s: str) -> str:
    """s as a Go string literal (what Ollama's text/template prints with {{ "..." }}); characters that are not
    printable are escaped, since Ollama's Modelfile reader drops them."""
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def _lit(s: str) -> str:
    return "{{ " + go_string(s) + " }}" if s else ""


def ollama_template(cut: ChatCut) -> str:
    """The Go template (Ollama's TEMPLATE) for the cut. Every literal piece is a quoted Go string, so the
    layout's own whitespace can be trimmed with {{- without touching the model's."""
    folded = cut.system_mode == "folded"
    track_start = bool(cut.start_user)
    lines = []
    if track_start:
        lines.append("{{- $started := false }}")
    if folded:
        lines.append("{{- $folded := false }}")
    lines += ["{{- range $i, $_ := .Messages }}", "{{- $last := eq (len (slice $.Messages $i)) 1 }}"]
    started = "{{ $started = true }}" if track_start else ""
    branch = "if"
    if cut.system_mode != "none":
        lines.append('{{- if eq .Role "system" }}' + _lit(cut.start_system) + "{{ .Content }}"
                     + _lit(cut.system_suffix) + ("{{ $folded = true }}" if folded else "") + started)
        branch = "else if"
    user = f'{{{{- {branch} eq .Role "user" }}}}'
    if track_start:
        user += "{{ if not $started }}" + _lit(cut.start_user) + "{{ end }}"
    if folded:
        user += "{{ if not $folded }}" + _lit(cut.user_prefix) + "{{ end }}{{ $folded = false }}"
    else:
        user += _lit(cut.user_prefix)
    user += "{{ .Content }}" + _lit(cut.user_suffix) + started
    lines.append(user)
    if cut.generation_prompt:
        lines.append("{{- if $last }}" + _lit(cut.generation_prompt) + "{{ end }}")
    lines.append('{{- else if eq .Role "assistant" }}' + _lit(cut.assistant_prefix) + "{{ .Content }}"
                 + started)
    if cut.assistant_suffix:
        lines.append("{{- if not $last }}" + _lit(cut.assistant_suffix) + "{{ end }}")
    lines += ["{{- end }}", "{{- end }}"]
    return "\n".join(lines)


def stop_tokens(eos_tokens: Iterable[str | None], cut: ChatCut | None,
                closed_tail: str | None = None) -> list[str]:
    """Ollama stop strings: the end-of-sequence tokens and the assistant's end-of-turn marker (without the
    whitespace after it). Strings Ollama's Modelfile cannot carry in quotes are left out."""
    end_of_turn = (cut.assistant_suffix if cut is not None else closed_tail or "").strip()
    out: list[str] = []
    for s in [*eos_tokens, end_of_turn]:
        if s and s.strip() == s and '"' not in s and "\n" not in s and s not in out:
            out.append(s)
    return out


def _modelfile_value(s: str) -> str:
    return f'"{s}"' if re.search(r"\s", s) else s


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, 100)]


def modelfile_text(gguf_name: str, render: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The Modelfile for `gguf_name` from gguf_tools.py's render result; also a summary (template written or
    why not, the stops, the cut)."""
    from fttool import __version__

    renders = {name: r.get("text") for name, r in (render.get("renders") or {}).items()
               if isinstance(r, dict)}
    bos = render.get("bos_token") if render.get("adds_bos") else None
    cut: ChatCut | None = None
    if not render.get("has_template"):
        reason = "the model has no chat template"
    else:
        cut, reason = cut_chat_template(renders, bos)
        if cut is not None:
            problem = check_cut(cut, renders, bos)
            if problem:
                cut, reason = None, problem
    closed = _split(renders.get("closed"), (USER1, ASSISTANT1))
    stops = stop_tokens(list(render.get("eos_tokens") or [render.get("eos_token")]), cut,
                        closed[2] if closed else None)
    lines = [
        f"# Ollama Modelfile for {gguf_name}, written by fttool {__version__}.",
        "# Use it from this folder:",
        "#   ollama create NAME -f Modelfile",
        "#   ollama run NAME",
    ]
    if cut is not None:
        lines += _comment("The template below was cut from the model's own chat template (Jinja, rendered by "
                          "transformers) into Ollama's Go template form.")
        if cut.system_mode == "none":
            lines += _comment("The model's chat template has no place for a system message, so system "
                              "messages are left out.")
    elif not render.get("has_template"):
        lines += _comment("No template: the model has no chat template, so Ollama passes prompts as they "
                          "are.")
    else:
        lines += _comment(f"No template here: {reason}. Ollama will use the chat template stored in the "
                          "GGUF's metadata (tokenizer.chat_template) when it recognises it.")
    lines.append(f"FROM {_modelfile_value('./' + gguf_name)}")
    if cut is not None:
        lines.append(f'TEMPLATE """\n{ollama_template(cut)}"""')
    lines += [f'PARAMETER stop "{s}"' for s in stops]
    summary = {"template": cut is not None, "reason": reason, "stops": stops,
               "cut": cut.to_dict() if cut is not None else None}
    return "\n".join(lines) + "\n", summary


def write_modelfile(gguf_path: Path, model_dir: Path, python: Path, env: dict[str, str]) -> Path:
    """Write an Ollama `Modelfile` beside the GGUF: FROM it, a TEMPLATE cut from the model's own chat template
    (rendered by the runtime's transformers), and stop parameters. Returns its path."""
    gguf_path = Path(gguf_path)
    render = run_tools(python, env, "render", {"model": str(Path(model_dir).absolute()),
                                               "conversations": conversations()})
    text, _summary = modelfile_text(gguf_path.name, render)
    path = gguf_path.parent / "Modelfile"
    atomic_write_text(path, text)
    return path
