"""The AutoTrain Advanced 0.8.36 engine (the lesson's route): its YAML, the checks a loaded YAML gets, and the
command a person can run by hand. The traps of AutoTrain 0.8.36 this module handles:
  1 PATH with the runtime's bin first (its `accelerate`);   4 success judged by artifacts, never the exit code;
  5 a new session, cancel ends the whole group;              6 loss parsed from stdout dict lines, tqdm from stderr;
  7 paths relative to the job folder, `valid_split` always present;
  8 an allow-listed environment: HF_TOKEN only for a Hub model, no OpenAI/Azure keys, ALLOW_REMOTE_CODE=false,
    never a token in the YAML; training_params.json scrubbed;
  9 the model's model_type checked against the runtime's transformers before launch (pre-flight).
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path, PurePosixPath
from typing import Any

from fttool.errors import UsageError
from fttool.fsutil import atomic_write_text
from fttool.messages import register
from fttool.providers.base import ParamProblem, validate_against
from fttool.providers.local.common import CHAT_TEMPLATES, DATA, OUTPUT, _value, specs_for

CONFIG = "job.yml"

register({  # the YAML checks (check_config)
    "config_not_mapping": "{name} must be a YAML mapping.",
    "config_backend": "backend must be 'local' (found {found}); other backends start paid Hugging Face Spaces or "
                      "endpoints.",
    "config_task": "task must be an LLM task such as llm-sft (found {found}).",
    "config_missing": "{name} is missing.",
    "config_valid_split": "data.valid_split must be present (null is fine): AutoTrain raises KeyError without it.",
    "config_data_keys": "data needs train_split and column_mapping.",
    "config_path_outside": "{name} must be a path inside the job folder (found {found}).",
    "config_token": "A token must never be written in the YAML: fttool passes it from the keyring.",
    "config_push": "push_to_hub would upload the training folder; use Push to Hub after training.",
})
register({
    "local_bad_config": "{path}: {problems}",
    "local_yaml_unreadable": "{path} is not valid YAML: {detail}",
})


def _specs() -> list:  # type: ignore[type-arg]
    return specs_for("autotrain")



def build_config(params: dict[str, Any], base_model: str) -> dict[str, Any]:
    """AutoTrain's YAML for an LLM SFT run in a job folder: backend always `local`, every path relative to the
    job folder (AutoTrain resolves them from its working directory), `valid_split` present (null)."""
    quant = _value(params, "quantization")
    mp = _value(params, "mixed_precision")
    template = _value(params, "chat_template")
    block = int(_value(params, "block_size"))
    return {
        "task": "llm-sft",
        "base_model": base_model,
        "project_name": OUTPUT,
        "log": "tensorboard",
        "backend": "local",
        "data": {
            "path": DATA,
            "train_split": "train",
            "valid_split": None,
            "chat_template": None if template == "none" else template,
            "column_mapping": {"text_column": "messages"},
        },
        "params": {
            "block_size": block,
            "model_max_length": max(block, 256),
            "epochs": int(_value(params, "epochs")),
            "batch_size": int(_value(params, "batch_size")),
            "lr": float(_value(params, "learning_rate")),
            "peft": True,
            "quantization": None if quant in (None, "none") else quant,
            "target_modules": str(_value(params, "target_modules")),
            "lora_r": int(_value(params, "lora_r")),
            "lora_alpha": int(_value(params, "lora_alpha")),
            "lora_dropout": float(_value(params, "lora_dropout")),
            "padding": "right",
            "optimizer": "adamw_torch",
            "scheduler": "linear",
            "warmup_ratio": float(_value(params, "warmup_ratio")),
            "gradient_accumulation": int(_value(params, "gradient_accumulation")),
            "mixed_precision": None if mp in (None, "none") else mp,
            "merge_adapter": bool(_value(params, "merge_adapter")),
            "seed": int(_value(params, "seed")),
            "logging_steps": int(_value(params, "logging_steps")),
            "save_total_limit": 1,
        },
        "hub": {"username": None, "token": None, "push_to_hub": False},
    }


def to_yaml(config: dict[str, Any]) -> str:
    import yaml

    header = ("# AutoTrain Advanced 0.8.36 job written by fttool. Run it from the job folder:\n"
              "#   autotrain --config job.yml\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _inside(rel: Any) -> bool:
    """A path that stays inside the job folder: relative, no '..', no drive."""
    if not isinstance(rel, str) or not rel.strip():
        return False
    if os.path.isabs(rel) or re.match(r"^[A-Za-z]:", rel) or rel.startswith(("\\", "~")):
        return False
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    return ".." not in parts


def check_config(config: Any) -> list[ParamProblem]:
    """The same checks as the form, for a loaded YAML: backend `local` only (a spaces-* backend starts a paid
    Space), every path inside the job folder, valid_split present, no Hub token or push, known parameters."""
    probs: list[ParamProblem] = []
    if not isinstance(config, dict):
        return [ParamProblem.of("config", "config_not_mapping")]
    if config.get("backend") != "local":
        probs.append(ParamProblem.of("backend", "config_backend", found=repr(config.get("backend"))))
    task = str(config.get("task", ""))
    if not task.startswith("llm"):
        probs.append(ParamProblem.of("task", "config_task", found=repr(task)))
    if not config.get("base_model"):
        probs.append(ParamProblem.of("base_model", "config_missing"))
    if not _inside(config.get("project_name")):
        probs.append(ParamProblem.of("project_name", "config_path_outside", found=repr(config.get("project_name"))))
    data = config.get("data")
    if not isinstance(data, dict):
        probs.append(ParamProblem.of("data", "config_missing"))
    else:
        if not _inside(data.get("path")):
            probs.append(ParamProblem.of("data.path", "config_path_outside", found=repr(data.get("path"))))
        if "valid_split" not in data:
            probs.append(ParamProblem.of("data.valid_split", "config_missing", "config_valid_split"))
        if "column_mapping" not in data or "train_split" not in data:
            probs.append(ParamProblem.of("data", "config_missing", "config_data_keys"))
        if data.get("chat_template") not in (*CHAT_TEMPLATES, None):
            probs.append(ParamProblem.of("data.chat_template", "param_choice", choices=", ".join(CHAT_TEMPLATES)))
    hub = config.get("hub") or {}
    if isinstance(hub, dict):
        if hub.get("token"):
            probs.append(ParamProblem.of("hub.token", "config_token"))
        if hub.get("push_to_hub"):
            probs.append(ParamProblem.of("hub.push_to_hub", "config_push"))
    params = config.get("params") or {}
    if not isinstance(params, dict):
        probs.append(ParamProblem.of("params", "config_not_mapping"))
    else:
        probs += validate_against(_specs(), config_to_params(config))
    return probs


_YAML_TO_PARAM = {"lr": "learning_rate"}


def config_to_params(config: dict[str, Any]) -> dict[str, Any]:
    """The form's parameters from a YAML (the reverse of build_config)."""
    out: dict[str, Any] = {}
    known = {s.name for s in _specs()}
    for k, v in (config.get("params") or {}).items():
        name = _YAML_TO_PARAM.get(k, k)
        if name in known:
            out[name] = "none" if v is None and name in ("quantization", "mixed_precision") else v
    data = config.get("data") or {}
    if isinstance(data, dict) and "chat_template" in data:
        out["chat_template"] = data["chat_template"] or "none"
    return out


def load_config_file(path: Path | str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read a job YAML (safe_load) and check it; returns (config, params) or raises UsageError naming the file."""
    import yaml

    p = Path(path)
    try:
        config = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise UsageError("local_yaml_unreadable", path=str(p), detail=str(exc)) from None
    except OSError as exc:
        raise UsageError("unreadable_file", path=str(p), reason=exc.strerror or str(exc)) from None
    probs = check_config(config)
    if probs:
        raise UsageError("local_bad_config", path=str(p), problems="; ".join(f"{x.name}: {x.message}" for x in probs))
    return config, config_to_params(config)


def autotrain_command(job_dir: Path | str | None = None, venv: Path | None = None) -> str:
    """The equivalent command a person could run by hand."""
    from fttool.runtime import env

    venv = venv or env.runtime_dir()
    exe = str(env.venv_executable(venv, "autotrain"))
    first = shlex.quote(str(env.venv_bin(venv)))
    cd = f"cd {shlex.quote(str(job_dir))} && " if job_dir else ""
    return f'{cd}PATH={first}:"$PATH" ALLOW_REMOTE_CODE=false {shlex.quote(exe)} --config {CONFIG}'


# -- the data ------------------------------------------------------------------------------------------

def export_data(src: Path, job_dir: Path) -> Path:
    """The project's dataset into AutoTrain's data folder (data/train.jsonl), only the messages kept."""
    target = job_dir / DATA / "train.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    out: list[str] = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                ex = json.loads(line)
                out.append(json.dumps({"messages": ex["messages"]}, ensure_ascii=False))
    atomic_write_text(target, "\n".join(out) + "\n")
    return target


