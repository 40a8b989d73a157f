"""GGUF helpers that need transformers (or torch), run inside the runtime's own Python by fttool's GGUF export
(fttool/runtime/gguf.py); the app carries neither. Usage: python gguf_tools.py COMMAND JSON-ARGS; prints one
JSON line last.

Commands:
  render {model, conversations: [{name, messages, add_generation_prompt}]}
        renders each conversation with the model's own Jinja chat template (tokenizer.apply_chat_template) and
        returns the texts (or the template's error per conversation), the tokenizer's special tokens, whether
        encoding adds the BOS by itself, and the end-of-sequence tokens of generation_config.json. fttool cuts
        the texts into Ollama's template pieces.
  compare {hf_dir, gguf_dir, gguf_file, prompt, max_new_tokens}
        loads the GGUF back with transformers (gguf_file=..., needs the `gguf` package) and the Hugging Face
        folder, runs both on the same prompt ids and reports the largest absolute logit difference, whether
        the argmax agrees at every position, both greedy continuations and whether the GGUF's own tokenizer
        gives the same ids. Used by fttool's tests.
"""

from __future__ import annotations

import json
import os
import sys
import traceback


def _out(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _token_text(tok, value):
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _eos_tokens(tok, model):
    """The end-of-sequence tokens as text: the tokenizer's, then generation_config.json's ids (Llama 3 lists
    both <|end_of_text|> and <|eot_id|>)."""
    out = []
    if tok.eos_token:
        out.append(str(tok.eos_token))
    path = os.path.join(model, "generation_config.json")
    if os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as f:
                ids = json.load(f).get("eos_token_id")
        except (OSError, ValueError):
            ids = None
        if isinstance(ids, int):
            ids = [ids]
        for i in ids or []:
            try:
                text = tok.convert_ids_to_tokens(int(i))
            except Exception:
                text = None
            if text and text not in out:
                out.append(str(text))
    return out


def render(args):
    from transformers import AutoTokenizer

    model = args["model"]
    tok = AutoTokenizer.from_pretrained(model, trust_remote_code=False)
    template = getattr(tok, "chat_template", None)
    if isinstance(template, dict):  # several named templates: the default one renders chats
        template = template.get("default") or next(iter(template.values()), None)
    try:  # whether encoding adds the BOS by itself (llama.cpp then does too: the converter reads these files)
        adds_bos = tok.bos_token_id is not None and tok("a")["input_ids"][:1] == [tok.bos_token_id]
    except Exception:
        adds_bos = False
    res = {"ok": True, "has_template": bool(template), "template": template or None,
           "tokenizer_class": type(tok).__name__, "bos_token": _token_text(tok, tok.bos_token),
           "adds_bos": bool(adds_bos), "eos_token": _token_text(tok, tok.eos_token),
           "eos_tokens": _eos_tokens(tok, model), "renders": {}}
    if not template:
        return res
    for conv in args.get("conversations") or []:
        try:
            text = tok.apply_chat_template(conv["messages"], tokenize=False,
                                           add_generation_prompt=bool(conv.get("add_generation_prompt")))
            res["renders"][conv["name"]] = {"text": text if isinstance(text, str) else str(text)}
        except Exception as exc:  # e.g. "System role not supported": the cutter works around it
            res["renders"][conv["name"]] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
    return res


def compare(args):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    hf_dir, gguf_dir, gguf_file = args["hf_dir"], args["gguf_dir"], args["gguf_file"]
    n_new = int(args.get("max_new_tokens", 12))
    tok = AutoTokenizer.from_pretrained(hf_dir)
    ids = tok(args["prompt"], return_tensors="pt")["input_ids"]
    try:
        gtok = AutoTokenizer.from_pretrained(gguf_dir, gguf_file=gguf_file)
        gids = gtok(args["prompt"], return_tensors="pt")["input_ids"][0].tolist()
        tok_error = None
    except Exception as exc:
        gids, tok_error = None, f"{type(exc).__name__}: {exc}"[:500]
    hf = AutoModelForCausalLM.from_pretrained(hf_dir, dtype=torch.float32).eval()
    gg = AutoModelForCausalLM.from_pretrained(gguf_dir, gguf_file=gguf_file, dtype=torch.float32).eval()
    with torch.no_grad():
        a = hf(ids).logits[0].float()
        b = gg(ids).logits[0].float()
        kw = dict(max_new_tokens=n_new, do_sample=False,
                  pad_token_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id)
        ga = hf.generate(ids, **kw)[0][ids.shape[1]:].tolist()
        gb = gg.generate(ids, **kw)[0][ids.shape[1]:].tolist()
    diff = (a - b).abs()
    return {"ok": True, "prompt_ids": ids[0].tolist(), "gguf_tokenizer_ids": gids,
            "gguf_tokenizer_error": tok_error,
            "tokenizer_agrees": gids == ids[0].tolist(), "max_abs_diff": float(diff.max()),
            "mean_abs_diff": float(diff.mean()), "logit_range": float(a.abs().max()),
            "argmax_agrees": bool((a.argmax(-1) == b.argmax(-1)).all()),
            "hf_greedy": ga, "gguf_greedy": gb, "greedy_agrees": ga == gb,
            "hf_text": tok.decode(ga), "gguf_text": tok.decode(gb),
            "gguf_params": sum(p.numel() for p in gg.parameters()),
            "hf_params": sum(p.numel() for p in hf.parameters())}


COMMANDS = {"render": render, "compare": compare}

if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    try:
        payload = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
        if cmd not in COMMANDS:
            raise ValueError(f"unknown command {cmd!r}; known: {', '.join(COMMANDS)}")
        _out(COMMANDS[cmd](payload))
    except Exception as exc:
        _out({"ok": False, "error": f"{type(exc).__name__}: {exc}",
              "traceback": traceback.format_exc()[-3000:]})
        sys.exit(1)
