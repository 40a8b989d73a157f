"""Checks that need torch, transformers or jinja, run inside the runtime's own Python by fttool
(the app carries none of them). Usage: python probe.py COMMAND [JSON-ARGS]; prints one JSON line last.

Commands:
  versions                      the runtime's package versions, that transformers' Llama imports (trap 2), and
                                the architectures (model_type) this transformers knows
  preflight {model, data_file, engine, chat_template, template, block_size, lengths}
                                the model folder (config, model_type known here, tokenizer, weights, size)
                                and the chat template rendering the first example (text, token count); with
                                lengths: true, the token count of every example (the training recipe's input)
  merge {base, adapter, out}    merge a LoRA adapter into its base and save a standalone model folder
  generate {base, adapter, messages, max_new_tokens}
                                load the adapter with peft and generate (used by tests and "Try it")
"""

from __future__ import annotations

import json
import os
import sys
import traceback


def _dtype(value):
    """transformers 5 names the load dtype `dtype`; 4.x (AutoTrain's runtime) `torch_dtype`."""
    import transformers

    major = int(transformers.__version__.split(".")[0])
    return {"dtype" if major >= 5 else "torch_dtype": value}


def _out(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def versions(_args):
    import importlib.metadata as md

    res = {"ok": True, "python": ".".join(str(x) for x in sys.version_info[:3])}
    for name in ("autotrain-advanced", "torch", "transformers", "peft", "trl", "accelerate", "tokenizers",
                 "datasets", "bitsandbytes"):
        try:
            res[name.replace("-advanced", "")] = md.version(name)
        except md.PackageNotFoundError:
            res[name.replace("-advanced", "")] = None
    for bad in ("torchvision", "timm"):
        try:
            res[bad] = md.version(bad)
        except md.PackageNotFoundError:
            res[bad] = None
    try:
        import torch
        from transformers import LlamaForCausalLM  # noqa: F401  fails with a mismatched torchvision (trap 2)
        from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

        res["model_types"] = sorted(CONFIG_MAPPING_NAMES)  # the architectures this transformers loads
        res["cuda"] = bool(torch.cuda.is_available())
        res["mps"] = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    except Exception as exc:  # report, do not crash: the installer shows it
        res["ok"] = False
        res["error"] = f"{type(exc).__name__}: {exc}"
    return res


CHATML = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
          "{% endif %}")
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                "pytorch_model.bin.index.json", "adapter_model.safetensors")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "tokenizer_config.json")


def _check(checks, key, status, code, **params):
    checks.append({"key": key, "status": status, "code": code, "params": params})


def _count_params(folder, config):
    """Parameters from the safetensors headers (no weights loaded), else None."""
    import struct

    total = 0
    files = [f for f in os.listdir(folder) if f.endswith(".safetensors") and not f.startswith("adapter")]
    if not files:
        return None
    for f in files:
        with open(os.path.join(folder, f), "rb") as fh:
            n = struct.unpack("<Q", fh.read(8))[0]
            header = json.loads(fh.read(n))
        for k, v in header.items():
            if k == "__metadata__":
                continue
            size = 1
            for d in v["shape"]:
                size *= d
            total += size
    return total


def preflight(args):
    checks = []
    res = {"ok": True, "checks": checks}
    model = args["model"]
    local = os.path.isdir(model)
    res["local"] = local
    try:
        from transformers import AutoConfig, AutoTokenizer
        from transformers.models.auto.configuration_auto import CONFIG_MAPPING
    except Exception as exc:
        _check(checks, "runtime", "fail", "pf_runtime_broken", detail=f"{type(exc).__name__}: {exc}")
        return res
    import transformers

    cfg_dict = None
    if local:
        cfg_path = os.path.join(model, "config.json")
        if not os.path.exists(cfg_path):
            _check(checks, "model_config", "fail", "pf_no_config", path=model)
        else:
            with open(cfg_path, encoding="utf-8") as f:
                cfg_dict = json.load(f)
            mt = cfg_dict.get("model_type")
            if mt not in CONFIG_MAPPING:
                _check(checks, "model_type", "fail", "pf_unknown_model_type", model_type=mt,
                       transformers=transformers.__version__)
            else:
                _check(checks, "model_type", "pass", "pf_model_type_ok", model_type=mt,
                       architectures=", ".join(cfg_dict.get("architectures") or []),
                       transformers=transformers.__version__)
            if cfg_dict.get("auto_map"):
                _check(checks, "remote_code", "warn", "pf_remote_code")
        weights = [w for w in WEIGHT_FILES[:4] if os.path.exists(os.path.join(model, w))]
        if weights:
            _check(checks, "weights", "pass", "pf_weights_ok", files=", ".join(weights))
        else:
            _check(checks, "weights", "fail", "pf_no_weights", path=model)
        toks = [t for t in TOKENIZER_FILES if os.path.exists(os.path.join(model, t))]
        if not toks:
            _check(checks, "tokenizer_files", "fail", "pf_no_tokenizer", path=model)
    else:
        try:
            cfg = AutoConfig.from_pretrained(model, trust_remote_code=False)
            cfg_dict = cfg.to_dict()
            _check(checks, "model_type", "pass", "pf_model_type_ok", model_type=cfg.model_type,
                   architectures=", ".join(cfg_dict.get("architectures") or []),
                   transformers=transformers.__version__)
        except Exception as exc:
            _check(checks, "model_config", "fail", "pf_model_unreachable", model=model,
                   detail=f"{type(exc).__name__}: {exc}"[:400])
    if cfg_dict:
        res["config"] = {k: cfg_dict.get(k) for k in ("model_type", "hidden_size", "num_hidden_layers",
                                                       "intermediate_size", "vocab_size", "num_attention_heads",
                                                       "torch_dtype", "dtype", "max_position_embeddings")}
        res["num_parameters"] = _count_params(model, cfg_dict) if local else None
    tokenizer = None
    try:
        tokenizer = AutoTokenizer.from_pretrained(model, trust_remote_code=False)
        _check(checks, "tokenizer", "pass", "pf_tokenizer_ok", cls=type(tokenizer).__name__,
               vocab=len(tokenizer))
    except Exception as exc:
        _check(checks, "tokenizer", "fail", "pf_tokenizer_failed", detail=f"{type(exc).__name__}: {exc}"[:400])
    data_file = args.get("data_file")
    if tokenizer is not None and data_file:
        first = None
        line_no = 0
        with open(data_file, encoding="utf-8") as f:
            for line_no, line in enumerate(f, 1):  # noqa: B007 - the line of the first example
                if line.strip():
                    first = json.loads(line)
                    break
        template_name = args.get("chat_template") or "tokenizer"
        template = None
        if template_name == "given":  # the TRL engine: the template fttool writes into the job folder
            template = args.get("template")
        elif template_name in ("chatml", "zephyr"):
            from autotrain.trainers.clm import utils as at_utils

            template = at_utils.CHATML_CHAT_TEMPLATE if template_name == "chatml" else at_utils.ZEPHYR_CHAT_TEMPLATE
        elif template_name == "tokenizer" and tokenizer.chat_template is None:
            if args.get("engine") == "trl":
                template = CHATML  # the TRL engine's default for a base model (fttool warns, app side)
            else:
                from autotrain.trainers.clm import utils as at_utils

                template = at_utils.DEFAULT_CHAT_TEMPLATE
                _check(checks, "chat_template_default", "warn", "pf_default_template")
        if first is None:
            _check(checks, "chat_template", "fail", "pf_no_examples", path=data_file)
        elif template_name == "none":
            _check(checks, "chat_template", "warn", "pf_no_template")
        else:
            if isinstance(first.get("input"), dict):  # a preference (DPO) example: the prompt and the chosen answer
                messages = list(first["input"].get("messages") or []) + list(first.get("preferred_output") or [])
            else:
                messages = first.get("messages", first)
            messages = [{k: v for k, v in m.items() if k != "weight"} for m in messages if isinstance(m, dict)]
            try:
                text = tokenizer.apply_chat_template(messages, chat_template=template, tokenize=False,
                                                     add_generation_prompt=False)
                ids = tokenizer(text, add_special_tokens=False)["input_ids"]
                res["rendered"] = {"text": text, "tokens": len(ids), "line": line_no}
                block = int(args.get("block_size") or 0)
                if block and len(ids) > block:
                    _check(checks, "chat_template", "warn", "pf_template_truncated", tokens=len(ids),
                           block_size=block, line=line_no)
                else:
                    _check(checks, "chat_template", "pass", "pf_template_ok", tokens=len(ids), line=line_no)
            except Exception as exc:
                _check(checks, "chat_template", "fail", "pf_template_failed", line=line_no,
                       detail=f"{type(exc).__name__}: {exc}"[:400])
            else:
                if args.get("lengths"):
                    res["lengths"] = _lengths(tokenizer, data_file, template)
    return res


MAX_COUNTED = 50_000  # examples counted for the recipe; a larger set's lengths are those of its first 50,000


def _messages(example):
    if isinstance(example.get("input"), dict):  # a preference example: the prompt and the longer answer
        answers = [example.get("preferred_output") or [], example.get("non_preferred_output") or []]
        longest = max(answers, key=lambda a: sum(len(str(m.get("content") or "")) for m in a if isinstance(m, dict)))
        messages = list(example["input"].get("messages") or []) + list(longest)
    else:
        messages = example.get("messages") or []
    return [{k: v for k, v in m.items() if k != "weight"} for m in messages if isinstance(m, dict)]


def _lengths(tokenizer, data_file, template, batch=256):
    """Tokens of every example's whole chat as the trainer renders it (-1 where it does not render)."""
    out, texts = [], []

    def flush():
        if texts:
            done = [t for t in texts if t is not None]
            ids = tokenizer(done, add_special_tokens=False)["input_ids"] if done else []
            it = iter(ids)
            out.extend(len(next(it)) if t is not None else -1 for t in texts)
            texts.clear()

    with open(data_file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            if len(out) + len(texts) >= MAX_COUNTED:
                break
            try:
                texts.append(tokenizer.apply_chat_template(_messages(json.loads(line)), chat_template=template,
                                                           tokenize=False, add_generation_prompt=False))
            except Exception:
                texts.append(None)
            if len(texts) >= batch:
                flush()
    flush()
    return out


def merge(args):
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = AutoModelForCausalLM.from_pretrained(args["base"], trust_remote_code=False, **_dtype(torch.float32))
    model = PeftModel.from_pretrained(base, args["adapter"])
    model = model.merge_and_unload()
    out = args["out"]
    model.save_pretrained(out, safe_serialization=True)
    tok_src = args["adapter"] if os.path.exists(os.path.join(args["adapter"], "tokenizer_config.json")) \
        else args["base"]
    tok = AutoTokenizer.from_pretrained(tok_src, trust_remote_code=False)
    tok.save_pretrained(out)
    return {"ok": True, "out": out, "files": sorted(os.listdir(out)),
            "chat_template": tok.chat_template is not None}


def generate(args):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_pretrained(args["base"], trust_remote_code=False)
    model = base
    if args.get("adapter"):
        from peft import PeftModel

        model = PeftModel.from_pretrained(base, args["adapter"])
    tok_src = args.get("adapter") or args["base"]
    if not os.path.exists(os.path.join(tok_src, "tokenizer_config.json")):
        tok_src = args["base"]
    tok = AutoTokenizer.from_pretrained(tok_src)
    ids = tok.apply_chat_template(args["messages"], add_generation_prompt=True, return_tensors="pt",
                                  return_dict=True)["input_ids"]
    out = model.generate(ids, max_new_tokens=int(args.get("max_new_tokens", 16)), do_sample=False,
                         pad_token_id=tok.pad_token_id or tok.eos_token_id)
    new = out[0][ids.shape[1]:]
    return {"ok": True, "text": tok.decode(new, skip_special_tokens=True), "new_tokens": int(new.shape[0]),
            "adapter_loaded": bool(args.get("adapter")), "peft_type": type(model).__name__}


COMMANDS = {"versions": versions, "preflight": preflight, "merge": merge, "generate": generate}

if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "versions"
    payload = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    try:
        _out(COMMANDS[cmd](payload))
    except Exception as exc:
        _out({"ok": False, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]})
        sys.exit(1)
