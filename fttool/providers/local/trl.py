"""The TRL engine (the default): each job is TRL's own command line, `trl sft --config job.yaml` (or `trl dpo`), run
from the job's folder in the TRL runtime, so the YAML and the command the app shows run anywhere TRL is installed.

fttool writes, before launch, in the job folder:
  job.yaml                 TRL's config (TrlParser reads it: ScriptArguments, SFTConfig/DPOConfig, ModelConfig);
                           every path relative to the job folder except the base model, which is absolute
  data/train.jsonl         the examples in TRL's own conversational forms: for SFT one prompt/completion row per
                           trained answer (the loss falls on the completion only; an answer with `weight: 0` stays
                           in the prompt, untrained), or `messages` rows when the loss is on every token; for DPO
                           prompt/chosen/rejected rows
  data/validation.jsonl    the same for the validation file (TRL's eval split: `valid_loss`)
  chat_template.jinja      only when the tokenizer has no template, or another one was chosen
  plan.json                examples, steps per epoch, total steps, checkpoint interval (for the log parser)
Checkpoints go to output/checkpoint-N every `save_steps` (the last two kept); a stopped run resumes with
`--resume_from_checkpoint output/checkpoint-N`, which TRL's script passes to `Trainer.train`.

Nothing here needs a script of fttool's own inside the runtime: the data conversion happens before launch (the
app's side), the loss and progress are read from what the trainer prints.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from pathlib import Path
from typing import Any

from fttool.errors import FtError
from fttool.fsutil import atomic_write_json, atomic_write_text
from fttool.messages import register
from fttool.providers.local.common import DATA, OUTPUT, _value

CONFIG = "job.yaml"
TEMPLATE_FILE = "chat_template.jinja"
PLAN = "plan.json"
KEEP_KEYS = ("role", "content", "tool_calls", "tool_call_id", "name")

CHATML = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
          "{% endif %}")
ZEPHYR = ("{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + eos_token + "
          "'\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}")
TEMPLATES = {"chatml": CHATML, "zephyr": ZEPHYR}

register({
    "trl_no_rows": "{path}: no example has an answer to train on (every assistant message has weight 0).",
    "trl_no_checkpoint": "Job {job_id} has no checkpoint to resume from (none was saved before it stopped). "
                         "Start it again instead.",
    "trl_resume_running": "Job {job_id} is still running.",
    "trl_rows_dropped": "{skipped} example(s) had no trained answer (every answer weight 0) and were left out.",
    "trl_best_checkpoint": "Kept the checkpoint of step {step}: its validation loss {loss} was the lowest of {checks} "
                           "checks.",
})


# -- the data ------------------------------------------------------------------------------------------
def resolve_method(params: dict[str, Any]) -> str:
    """sft or dpo: as chosen, or read from the training file (a preference file is DPO)."""
    method = str(params.get("method") or "auto")
    if method in ("sft", "dpo"):
        return method
    tf = params.get("training_file")
    if tf and Path(str(tf)).is_file():
        from fttool.datasets.validate import detect_method

        return "dpo" if detect_method(str(tf)) == "dpo" else "sft"
    return "sft"


def _clean(m: dict[str, Any]) -> dict[str, Any]:
    out = {k: m[k] for k in KEEP_KEYS if k in m and m[k] is not None}
    out.setdefault("content", "")
    return out


def convert_example(ex: dict[str, Any], method: str, loss_on: str = "answers") -> list[dict[str, Any]]:
    """One example of ours as TRL's rows: SFT with the loss on answers gives one prompt/completion row per
    trained answer (weight 0 answers stay in the prompt); with the loss on everything, the chat as `messages`;
    DPO gives prompt/chosen/rejected."""
    if method == "dpo":
        return [{"prompt": [_clean(m) for m in ex["input"]["messages"]],
                 "chosen": [_clean(m) for m in ex["preferred_output"]],
                 "rejected": [_clean(m) for m in ex["non_preferred_output"]]}]
    msgs = ex["messages"]
    extra = {"tools": ex["tools"]} if ex.get("tools") else {}
    if loss_on == "all":
        return [{"messages": [_clean(m) for m in msgs], **extra}]
    rows = []
    for i, m in enumerate(msgs):
        if m.get("role") == "assistant" and m.get("weight", 1) != 0 and i > 0:
            rows.append({"prompt": [_clean(x) for x in msgs[:i]], "completion": [_clean(m)], **extra})
    return rows


def prepare_data(src: Path, dst: Path, method: str, loss_on: str = "answers") -> dict[str, int]:
    """Write `src` (our chat or preference JSONL) as TRL's rows into `dst`; returns the counts. The file was
    validated before (the pre-flight), so a line that is not an example here is a bug, not the user's."""
    rows: list[str] = []
    examples = skipped = 0
    with open(src, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            examples += 1
            out = convert_example(json.loads(line), method, loss_on)
            if not out:
                skipped += 1
            rows += [json.dumps(r, ensure_ascii=False) for r in out]
    if not rows:
        raise FtError("trl_no_rows", path=str(src))
    atomic_write_text(dst, "\n".join(rows) + "\n")
    return {"examples": examples, "rows": len(rows), "skipped": skipped}


def plan_steps(rows: int, params: dict[str, Any], world_size: int = 1) -> dict[str, Any]:
    """Steps as the trainer counts them: ceil(ceil(rows / (batch x devices)) / accumulation) per epoch."""
    batch = int(_value(params, "batch_size")) * max(world_size, 1)
    ga = int(_value(params, "gradient_accumulation"))
    epochs = int(_value(params, "epochs"))
    per_epoch = max(math.ceil(math.ceil(rows / batch) / ga), 1)
    total = per_epoch * epochs
    save_steps = max(1, math.ceil(total / int(_value(params, "save_checkpoints"))))
    return {"rows": rows, "steps_per_epoch": per_epoch, "total_steps": total, "save_steps": save_steps,
            "epochs": epochs, "logging_steps": int(_value(params, "logging_steps"))}


# -- the config ----------------------------------------------------------------------------------------
def build_config(params: dict[str, Any], base_model: str, *, device: str = "cpu", method: str = "sft",
                 validation: bool = False, plan: dict[str, Any] | None = None, template_file: str | None = None,
                 dataset: str = DATA, output_dir: str = OUTPUT) -> dict[str, Any]:
    """TRL's YAML for the form's values. `dataset` is a folder (train.jsonl, validation.jsonl) relative to the
    job folder, or a Hub dataset repo holding them (Hugging Face Jobs)."""
    quant = _value(params, "quantization")
    mp = _value(params, "mixed_precision")
    plan = plan or plan_steps(100, params)
    targets = str(_value(params, "target_modules"))
    cfg: dict[str, Any] = {
        "model_name_or_path": base_model,
        "dataset_name": dataset,
        "dataset_train_split": "train",
        "output_dir": output_dir,
        "num_train_epochs": int(_value(params, "epochs")),
        "per_device_train_batch_size": int(_value(params, "batch_size")),
        "per_device_eval_batch_size": int(_value(params, "batch_size")),
        "gradient_accumulation_steps": int(_value(params, "gradient_accumulation")),
        "learning_rate": float(_value(params, "learning_rate")),
        "lr_scheduler_type": "linear",
        "warmup_steps": float(_value(params, "warmup_ratio")),  # below 1: a share of the steps
        "max_length": int(_value(params, "block_size")),
        "seed": int(_value(params, "seed")),
        "logging_steps": int(_value(params, "logging_steps")),
        "save_strategy": "steps",
        "save_steps": int(plan["save_steps"]),
        "save_total_limit": 2,
        "report_to": "none",
        "use_peft": True,
        "lora_r": int(_value(params, "lora_r")),
        "lora_alpha": int(_value(params, "lora_alpha")),
        "lora_dropout": float(_value(params, "lora_dropout")),
        "lora_target_modules": targets if targets == "all-linear" else [t.strip() for t in targets.split(",")
                                                                        if t.strip()],
        "dtype": {"bf16": "bfloat16", "fp16": "float16"}.get(str(mp), "float32"),
    }
    if method == "sft":
        cfg["packing"] = False
        if _value(params, "loss_on") == "answers":
            cfg["completion_only_loss"] = True
        if template_file:
            cfg["chat_template_path"] = template_file
    else:
        cfg["beta"] = float(_value(params, "beta"))
    if validation:  # measured at every checkpoint; the checkpoint with the lowest validation loss is kept
        cfg.update(dataset_test_split="validation", eval_strategy="steps", eval_steps=int(plan["save_steps"]),
                   load_best_model_at_end=True, metric_for_best_model="eval_loss", greater_is_better=False)
    else:
        cfg["eval_strategy"] = "no"
    if quant == "int4":
        cfg.update(load_in_4bit=True, bnb_4bit_quant_type="nf4")
    elif quant == "int8":
        cfg["load_in_8bit"] = True
    if mp in ("bf16", "fp16"):
        cfg[str(mp)] = True
    if device == "cpu":
        cfg["use_cpu"] = True
    return cfg


def to_yaml(config: dict[str, Any], method: str = "sft") -> str:
    import yaml

    from fttool.runtime.engines import engine

    header = (f"# TRL {engine('trl').version()} job written by fttool. Run it from the job's folder, where TRL is "
              f"installed:\n#   trl {method} --config {CONFIG}\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def command(job_dir: Path | str | None, venv: Path | None, method: str = "sft") -> str:
    """The same run by hand."""
    from fttool.runtime import env

    venv = venv or env.runtime_dir("trl")
    exe = str(env.venv_executable(venv, "trl"))
    first = shlex.quote(str(env.venv_bin(venv)))
    cd = f"cd {shlex.quote(str(job_dir))} && " if job_dir else ""
    return f'{cd}PATH={first}:"$PATH" {shlex.quote(exe)} {method} --config {CONFIG}'


def argv(venv: Path, method: str, resume_from: str | None = None) -> list[str]:
    from fttool.runtime import env

    out = [str(env.venv_executable(venv, "trl")), method, "--config", CONFIG]
    if resume_from:
        out += ["--resume_from_checkpoint", resume_from]
    return out


# -- the template --------------------------------------------------------------------------------------
def tokenizer_has_template(model: str) -> bool | None:
    """Whether a local model folder's tokenizer carries a chat template (None: not a local folder)."""
    folder = Path(model).expanduser()
    if not folder.is_dir():
        return None
    if (folder / "chat_template.jinja").is_file() or (folder / "chat_template.json").is_file():
        return True
    try:
        cfg = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(cfg.get("chat_template"))


def template_choice(params: dict[str, Any], base_model: str) -> tuple[str | None, str | None]:
    """(template name to write into the job folder or None for the tokenizer's own, warning code or None)."""
    choice = str(_value(params, "chat_template"))
    if choice in TEMPLATES:
        return choice, None
    if tokenizer_has_template(base_model) is False:
        return "chatml", "pf_default_template_trl"
    return None, None


# -- checkpoints ---------------------------------------------------------------------------------------
_CKPT = re.compile(r"^checkpoint-(\d+)$")


def checkpoints(job_dir: Path) -> list[tuple[int, Path]]:
    """The complete checkpoints of a run (a trainer_state.json is written last), by step."""
    out = []
    root = job_dir / OUTPUT
    if root.is_dir():
        for d in root.iterdir():
            m = _CKPT.match(d.name)
            if m and d.is_dir() and (d / "trainer_state.json").is_file():
                out.append((int(m.group(1)), d))
    return sorted(out)


def write_plan(job_dir: Path, plan: dict[str, Any]) -> None:
    atomic_write_json(job_dir / PLAN, plan)


def read_plan(job_dir: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((job_dir / PLAN).read_text(encoding="utf-8"))
        return data
    except (OSError, ValueError):
        return {}


def best_checkpoint(job_dir: Path) -> dict[str, Any] | None:
    """Which checkpoint a run with a validation split kept (the lowest validation loss), from the trainer's state:
    {"step", "loss", "checks"}; None without one."""
    found = checkpoints(job_dir)
    if not found:
        return None
    try:
        state = json.loads((found[-1][1] / "trainer_state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    best = state.get("best_model_checkpoint")
    if not best or state.get("best_metric") is None:
        return None
    m = _CKPT.match(Path(str(best)).name)
    checks = sum(1 for h in state.get("log_history", []) if "eval_loss" in h)
    return {"step": int(m.group(1)) if m else None, "loss": float(state["best_metric"]), "checks": checks}
