"""Local training: AutoTrain Advanced 0.8.36 in the managed runtime (fttool/runtime), one subprocess per job.

A job's folder (data dir/jobs/<id>/) holds everything: job.yml, data/train.jsonl (the project's dataset in
AutoTrain's data folder), output/ (AutoTrain's project: the adapter or merged model), stdout.log and
stderr.log, process.json (pid, start time, command line). The traps of AutoTrain 0.8.36 this module handles:
  1 PATH with the runtime's bin first (its `accelerate`);   4 success judged by artifacts, never the exit code;
  5 a new session, cancel ends the whole group;              6 loss parsed from stdout dict lines, tqdm from stderr;
  7 paths relative to the job folder, `valid_split` always present;
  8 an allow-listed environment: HF_TOKEN only for a Hub model, no OpenAI/Azure keys, ALLOW_REMOTE_CODE=false,
    never a token in the YAML; training_params.json scrubbed;
  9 the model's model_type checked against the runtime's transformers before launch (pre-flight).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fttool.clock import iso_now
from fttool.errors import FtError, UsageError
from fttool.fsutil import atomic_write_json, atomic_write_text
from fttool.jobs.models import Job, Status
from fttool.messages import register, render
from fttool.providers.base import (
    Capabilities,
    JobContext,
    ParamProblem,
    ParamSpec,
    PollResult,
    Provider,
    validate_against,
)

register({
    "local_training_failed": "Training ended without producing a model (no adapter_model.safetensors or "
                             "model.safetensors in {output}). Last lines of the log:\n{tail}",
    "local_process_lost": "The training process is gone and left no model. Last lines of the log:\n{tail}",
    "local_bad_config": "{path}: {problems}",
    "local_yaml_unreadable": "{path} is not valid YAML: {detail}",
    "local_no_data": "No training data: choose the project's dataset or pass --data.",
    "local_data_invalid": "{path}: {detail}",
    "local_model_missing": "The base model '{model}' is neither a folder on this computer nor a Hub model id.",
    "local_validation_ignored": "AutoTrain turns the validation split off for LLM training: {path} is not "
                                "used (no validation loss, no checkpoints).",
    "local_merge_needs_adapter": "{path} holds no LoRA adapter to merge.",
    "local_merge_failed": "Merging the adapter failed: {detail}",
    # pre-flight checks (pass / warn / fail)
    "pf_runtime_ok": "Runtime installed: AutoTrain {autotrain}, torch {torch}, transformers {transformers} ({device}).",
    "pf_runtime_missing": "The training runtime is not installed. Install it (about {download_mb} MB download, "
                          "{disk_mb} MB on disk).",
    "pf_runtime_cpu_on_gpu": "The runtime has the CPU build of PyTorch, so training will not use the {gpu}. "
                             "Reinstall it for CUDA (`fttool runtime install --device cuda`).",
    "pf_runtime_broken": "The runtime does not start: {detail}. Reinstall it.",
    "pf_data_ok": "Dataset: {examples} examples, every one valid.",
    "pf_data_invalid": "Dataset {path}: {detail}. Fix it in the Data view.",
    "pf_data_few": "Dataset: only {examples} examples; the loss curve will say little.",
    "pf_no_config": "{path} has no config.json: choose the folder that holds the model's files.",
    "pf_unknown_model_type": "model_type '{model_type}' is not known to the runtime's transformers {transformers} "
                             "(AutoTrain 0.8.36 pins it): choose a model of an older architecture.",
    "pf_model_type_ok": "Architecture {model_type} ({architectures}) is supported by transformers {transformers}.",
    "pf_remote_code": "The model asks to run its own code (auto_map); fttool does not allow remote code, so it "
                      "may not load.",
    "pf_weights_ok": "Weights found: {files}.",
    "pf_no_weights": "{path} has no weights (model.safetensors or pytorch_model.bin).",
    "pf_no_tokenizer": "{path} has no tokenizer files (tokenizer.json or tokenizer.model).",
    "pf_tokenizer_ok": "Tokenizer loads ({cls}, {vocab} tokens).",
    "pf_tokenizer_failed": "The tokenizer does not load: {detail}",
    "pf_model_unreachable": "The model '{model}' cannot be read: {detail}",
    "pf_template_ok": "The chat template renders the first example (line {line}) in {tokens} tokens.",
    "pf_template_truncated": "The first example (line {line}) renders to {tokens} tokens, more than the block size "
                             "{block_size}: it will be cut. Raise the block size or shorten the examples.",
    "pf_template_failed": "The chat template fails on the first example (line {line}): {detail}. AutoTrain would "
                          "only fail on this after loading the model.",
    "pf_default_template": "The tokenizer has no chat template: AutoTrain's default one will be used.",
    "pf_no_template": "No chat template: the examples are trained as plain text.",
    "pf_no_examples": "{path} holds no example.",
    "pf_memory_ok": "Memory: about {need_mb} MB needed, {free_mb} MB free ({formula}).",
    "pf_memory_tight": "Memory: about {need_mb} MB needed, only {free_mb} MB free ({formula}). Lower the batch size "
                       "or block size, or close other programs.",
    "pf_memory_unknown": "Memory: the model's size is unknown, so no estimate ({formula}).",
    "pf_disk_ok": "Disk: {free_mb} MB free for the output (about {need_mb} MB).",
    "pf_disk_low": "Disk: only {free_mb} MB free, the output needs about {need_mb} MB.",
    "pf_device": "Training on {device}{detail}.",
})

OUTPUT = "output"  # AutoTrain's project_name, relative to the job folder
DATA = "data"
CONFIG = "job.yml"
ARTIFACTS = ("adapter_model.safetensors", "model.safetensors")
CHAT_TEMPLATES = ("tokenizer", "chatml", "zephyr", "none")
PRIVATE_FILES = ("training_params.json", "stdout.log", "stderr.log", "process.json", "autotrain-data", CONFIG)


def _specs() -> list[ParamSpec]:
    return [
        ParamSpec("training_file", "str", None, "The training data (JSONL, one chat per line).",
                  required=False, label="Training data"),
        ParamSpec("chat_template", "choice", "tokenizer",
                  "How each chat becomes text: the tokenizer's own template, ChatML, Zephyr, or none (plain text).",
                  choices=CHAT_TEMPLATES, label="Chat template"),
        ParamSpec("epochs", "int", 3, "Passes over the data.", 1, 1000, label="Epochs"),
        ParamSpec("learning_rate", "float", 2e-4, "Step size of each update; LoRA likes 1e-4 to 5e-4.",
                  1e-7, 1.0, label="Learning rate"),
        ParamSpec("batch_size", "int", 2, "Examples per step on the device.", 1, 512, label="Batch size"),
        ParamSpec("gradient_accumulation", "int", 1, "Steps whose gradients add up before one update "
                  "(effective batch = batch size x this).", 1, 256, label="Gradient accumulation"),
        ParamSpec("block_size", "int", 1024, "Tokens per example; longer examples are cut.", 16, 32768,
                  label="Block size"),
        ParamSpec("lora_r", "int", 16, "LoRA rank: the adapter's capacity.", 1, 512, label="LoRA rank (r)"),
        ParamSpec("lora_alpha", "int", 32, "LoRA scale; usually twice the rank.", 1, 4096, label="LoRA alpha"),
        ParamSpec("lora_dropout", "float", 0.05, "Dropout inside the adapter.", 0.0, 0.9, label="LoRA dropout"),
        ParamSpec("target_modules", "str", "all-linear", "Layers that get an adapter: all-linear, or names "
                  "separated by commas (q_proj,v_proj).", label="Target modules"),
        ParamSpec("quantization", "choice", "none", "Load the base model in 4 or 8 bits (needs an NVIDIA GPU).",
                  choices=("none", "int4", "int8"), label="Quantization"),
        ParamSpec("mixed_precision", "choice", "none", "Half-precision training (needs a GPU).",
                  choices=("none", "fp16", "bf16"), label="Mixed precision"),
        ParamSpec("warmup_ratio", "float", 0.1, "Share of the steps that ramp the learning rate up.", 0.0, 0.5,
                  label="Warm-up"),
        ParamSpec("merge_adapter", "bool", False, "Save a full model with the adapter merged in (larger).",
                  label="Merge adapter"),
        ParamSpec("seed", "int", 42, "Random seed: the same seed gives the same run.", 0, 2**31 - 1, label="Seed"),
        ParamSpec("logging_steps", "int", 1, "Log the loss every N steps.", 1, 10000, label="Log every"),
    ]


PRESETS: dict[str, dict[str, Any]] = {
    "quick_cpu": {"label": "Quick test on this CPU", "params": {
        "epochs": 1, "batch_size": 1, "gradient_accumulation": 1, "block_size": 256, "lora_r": 8, "lora_alpha": 16,
        "learning_rate": 2e-4, "quantization": "none", "mixed_precision": "none"}},
    "lora_cpu": {"label": "LoRA on a CPU (small model, a few hours)", "params": {
        "epochs": 3, "batch_size": 2, "gradient_accumulation": 4, "block_size": 512, "lora_r": 16,
        "lora_alpha": 32, "learning_rate": 2e-4, "quantization": "none", "mixed_precision": "none"}},
    "lora_16gb_gpu": {"label": "LoRA on a 16 GB GPU", "params": {
        "epochs": 3, "batch_size": 4, "gradient_accumulation": 4, "block_size": 1024, "lora_r": 16,
        "lora_alpha": 32, "learning_rate": 2e-4, "quantization": "int4", "mixed_precision": "bf16"}},
    "qlora_8gb_gpu": {"label": "QLoRA on an 8 GB GPU", "params": {
        "epochs": 3, "batch_size": 1, "gradient_accumulation": 8, "block_size": 1024, "lora_r": 8,
        "lora_alpha": 16, "learning_rate": 2e-4, "quantization": "int4", "mixed_precision": "fp16"}},
}


# -- hardware (cached per process: nvidia-smi takes a moment) --------------------------------------------
_HW: Any = None


def hardware(refresh: bool = False) -> Any:
    global _HW
    if _HW is None or refresh:
        from fttool.runtime.env import detect_hardware

        _HW = detect_hardware()
    return _HW


register({
    "gpu_only_quantization": "4-bit and 8-bit loading (bitsandbytes) needs an NVIDIA GPU with CUDA.",
    "gpu_only_mixed_precision": "Half precision needs a GPU; on a CPU training runs in full precision.",
})


def gpu_only_code(name: str, device: str) -> str | None:
    """The message code saying why a GPU-only option is disabled on this device (None when allowed)."""
    if name == "quantization" and device != "cuda":
        return "gpu_only_quantization"
    if name == "mixed_precision" and device not in ("cuda", "mps"):
        return "gpu_only_mixed_precision"
    return None


def gpu_only_reason(name: str, device: str) -> str | None:
    """The same in English (CLI, logs)."""
    code = gpu_only_code(name, device)
    return render(code) if code else None


# -- the YAML ------------------------------------------------------------------------------------------
def _value(params: dict[str, Any], name: str) -> Any:
    if params.get(name) is not None:
        return params[name]
    for s in _specs():
        if s.name == name:
            return s.default
    return None


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
        return [ParamProblem("config", "config_not_mapping", "the file is not a YAML mapping")]
    if config.get("backend") != "local":
        probs.append(ParamProblem("backend", "config_backend",
                                  f"backend must be 'local' (found {config.get('backend')!r}); other backends "
                                  "start paid Hugging Face Spaces or endpoints"))
    task = str(config.get("task", ""))
    if not task.startswith("llm"):
        probs.append(ParamProblem("task", "config_task", f"task must be an LLM task such as llm-sft (found {task!r})"))
    if not config.get("base_model"):
        probs.append(ParamProblem("base_model", "config_missing", "base_model is missing"))
    if not _inside(config.get("project_name")):
        probs.append(ParamProblem("project_name", "config_path_outside",
                                  f"project_name must be a folder inside the job folder (found "
                                  f"{config.get('project_name')!r})"))
    data = config.get("data")
    if not isinstance(data, dict):
        probs.append(ParamProblem("data", "config_missing", "the data section is missing"))
    else:
        if not _inside(data.get("path")):
            probs.append(ParamProblem("data.path", "config_path_outside",
                                      f"data.path must be inside the job folder (found {data.get('path')!r})"))
        if "valid_split" not in data:
            probs.append(ParamProblem("data.valid_split", "config_missing",
                                      "data.valid_split must be present (null is fine): AutoTrain raises KeyError"))
        if "column_mapping" not in data or "train_split" not in data:
            probs.append(ParamProblem("data", "config_missing", "data needs train_split and column_mapping"))
        if data.get("chat_template") not in (*CHAT_TEMPLATES, None):
            probs.append(ParamProblem("data.chat_template", "param_choice",
                                      f"chat_template must be one of {', '.join(CHAT_TEMPLATES)}"))
    hub = config.get("hub") or {}
    if isinstance(hub, dict):
        if hub.get("token"):
            probs.append(ParamProblem("hub.token", "config_token",
                                      "a token must never be written in the YAML: fttool passes it from the keyring"))
        if hub.get("push_to_hub"):
            probs.append(ParamProblem("hub.push_to_hub", "config_push",
                                      "push_to_hub would upload the training folder; use Push to Hub after training"))
    params = config.get("params") or {}
    if not isinstance(params, dict):
        probs.append(ParamProblem("params", "config_not_mapping", "params must be a mapping"))
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
ROLES = ("system", "user", "assistant")


def check_examples(path: Path, limit: int | None = None, *, full: bool = True) -> tuple[int, list[dict[str, Any]]]:
    """Count and check chat examples ({"messages": [{role, content}, ...]}): the problems name the line.
    `full` uses the datasets core's validator (token counts too: the pre-flight); otherwise the quick structural
    check below (the launch, after a pre-flight)."""
    if full:
        try:
            from fttool.datasets import validate as core  # type: ignore[attr-defined]

            report = core.validate_file(path, backend="local")
            found = [{"line": p.line, "field": p.field, "detail": str(p.message).rstrip(".")} for p in report.errors]
            found.sort(key=lambda d: (d["line"] is None, d["line"] or 0))  # a line-level problem names the line
            return int(report.examples), found
        except ImportError:
            pass
    problems: list[dict[str, Any]] = []
    count = 0
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            count += 1
            try:
                ex = json.loads(line)
            except ValueError as exc:
                problems.append({"line": line_no, "field": None, "detail": f"not valid JSON ({exc})"})
                continue
            msgs = ex.get("messages") if isinstance(ex, dict) else None
            if not isinstance(msgs, list) or not msgs:
                problems.append({"line": line_no, "field": "messages", "detail": "no 'messages' list"})
                continue
            for i, m in enumerate(msgs):
                if not isinstance(m, dict) or m.get("role") not in ROLES:
                    problems.append({"line": line_no, "field": f"messages[{i}].role",
                                     "detail": f"role must be one of {', '.join(ROLES)}"})
                    break
                if not isinstance(m.get("content"), str):
                    problems.append({"line": line_no, "field": f"messages[{i}].content",
                                     "detail": "content must be text"})
                    break
            else:
                if msgs[-1].get("role") != "assistant":
                    problems.append({"line": line_no, "field": "messages", "detail": "the last message must be "
                                     "the assistant's answer"})
            if limit and len(problems) >= limit:
                break
    return count, problems


def _where(problem: dict[str, Any]) -> str:
    """A problem's text naming its line and field (the datasets core's messages already do)."""
    detail = str(problem["detail"])
    if problem.get("line") is None or detail.lower().startswith("line"):
        return detail
    field = f", {problem['field']}" if problem.get("field") else ""
    return f"line {problem['line']}{field}: {detail}"


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


# -- parsing the logs ----------------------------------------------------------------------------------
_LOSS_LINE = re.compile(r"^\{'loss': [^{}]*\}$")  # the trainer's own print (AutoTrain's INFO copy is skipped)
# the trainer's bar has no description ("Saving the dataset", "Map" bars do)
_TQDM = re.compile(r"^\s*\d+%\|[^|]*\|\s*(\d+)/(\d+) \[([\d:]+)<([\d:?]+)")
_EVENT_PATTERNS = (
    (re.compile(r"Starting local training"), "info"),
    (re.compile(r"Loading (?:model|data)|Creating trainer|Starting training|Finished training|Saving"), "info"),
    (re.compile(r"\bERROR\b|Traceback \(most recent call last\)|Error:"), "error"),
    (re.compile(r"\bWARNING\b"), "warning"),
)


@dataclass
class LogState:
    """What the logs of one job said so far (parsed incrementally by byte offset)."""

    logging_steps: int = 1
    out_offset: int = 0
    err_offset: int = 0
    train_loss: list[list[float]] = field(default_factory=list)
    epoch: float | None = None
    step: int | None = None
    total: int | None = None
    elapsed: str | None = None
    eta: str | None = None
    train_runtime: float | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    _out_rest: str = ""
    _err_rest: str = ""

    def read(self, job_dir: Path) -> None:
        out = job_dir / "stdout.log"
        err = job_dir / "stderr.log"
        text, self.out_offset = _read_from(out, self.out_offset)
        if text:
            lines = (self._out_rest + text).split("\n")
            self._out_rest = lines.pop()
            for i, line in enumerate(lines):
                self._stdout_line(line, f"out:{self.out_offset}:{i}")
        text, self.err_offset = _read_from(err, self.err_offset)
        if text:
            chunks = re.split(r"[\r\n]", self._err_rest + text)
            self._err_rest = chunks.pop()
            for i, chunk in enumerate(chunks):
                self._stderr_chunk(chunk, f"err:{self.err_offset}:{i}")

    def _stdout_line(self, line: str, ev_id: str) -> None:
        for m in _LOSS_LINE.finditer(line.strip()):
            try:
                d = ast.literal_eval(m.group(0))
            except (ValueError, SyntaxError):
                continue
            loss = float(d["loss"])
            self.epoch = float(d.get("epoch", self.epoch or 0))
            step = (len(self.train_loss) + 1) * self.logging_steps
            self.train_loss.append([step, loss])
        if "'train_runtime'" in line:
            rt = re.search(r"'train_runtime': ([\d.]+)", line)
            if rt:
                self.train_runtime = float(rt.group(1))
        self._maybe_event(line, ev_id)

    def _stderr_chunk(self, chunk: str, ev_id: str) -> None:
        m = _TQDM.search(chunk)
        if m:
            self.step, self.total = int(m.group(1)), int(m.group(2))
            self.elapsed, self.eta = m.group(3), m.group(4)
            return
        self._maybe_event(chunk, ev_id)

    def _maybe_event(self, line: str, ev_id: str) -> None:
        line = line.strip()
        if not line or len(self.events) > 500:
            return
        for pat, level in _EVENT_PATTERNS:
            if pat.search(line):
                self.events.append({"message": _clean(line)[:500], "level": level, "created_at": iso_now(),
                                    "provider_event_id": ev_id})
                return

    def status_text(self) -> str:
        parts = []
        if self.step is not None and self.total:
            parts.append(f"step {self.step}/{self.total}")
        if self.epoch is not None:
            parts.append(f"epoch {self.epoch:.2f}")
        if self.eta and self.eta != "?":
            parts.append(f"ETA {self.eta}")
        return ", ".join(parts) or "starting"


def _clean(line: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", line)


def _read_from(path: Path, offset: int) -> tuple[str, int]:
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read()
    except OSError:
        return "", offset
    return data.decode("utf-8", "replace"), offset + len(data)


def log_tail(job_dir: Path, n: int = 12) -> str:
    lines: list[str] = []
    for name in ("stderr.log", "stdout.log"):
        try:
            text = (job_dir / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for chunk in re.split(r"[\r\n]", text):
            c = _clean(chunk).strip()
            if c and not _TQDM.search(c):
                lines.append(c)
        if lines:
            break
    return "\n".join(lines[-n:])


def artifacts(job_dir: Path) -> list[str]:
    out = job_dir / OUTPUT
    return [a for a in ARTIFACTS if (out / a).is_file() and (out / a).stat().st_size > 0]


def scrub_secrets(job_dir: Path, secrets: list[str]) -> None:
    """Remove the token AutoTrain may write into training_params.json and any known secret from the logs."""
    tp = job_dir / OUTPUT / "training_params.json"
    if tp.exists():
        try:
            data = json.loads(tp.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("token"):
                data["token"] = None
                atomic_write_json(tp, data)
        except (OSError, ValueError):
            pass
    secrets = [s for s in secrets if s and len(s) >= 8]
    if not secrets:
        return
    for name in ("stdout.log", "stderr.log"):
        p = job_dir / name
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any(s in text for s in secrets):
            for s in secrets:
                text = text.replace(s, "***")
            atomic_write_text(p, text)


# -- the provider ------------------------------------------------------------------------------------
def job_dir_for(job: Job) -> Path:
    from fttool.paths import jobs_files_dir

    return jobs_files_dir() / job.id


def _needs_hub(base_model: str) -> bool:
    return not Path(base_model).expanduser().is_dir()


class LocalProvider(Provider):
    name = "local"
    label = "On this computer (AutoTrain Advanced)"

    def __init__(self) -> None:
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: dict[str, LogState] = {}
        self._pending: dict[str, list[dict[str, Any]]] = {}

    def capabilities(self) -> Capabilities:
        return Capabilities(methods=("supervised",), pause_resume=False, checkpoints=False, billable=False)

    def parameters(self) -> list[ParamSpec]:
        return _specs()

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        probs: list[ParamProblem] = []
        merged = dict(params)
        if params.get("config_file"):
            try:
                _config, from_yaml = load_config_file(params["config_file"])
            except UsageError as exc:
                return [ParamProblem("config_file", "config_invalid", exc.message)]
            merged = {**from_yaml, **{k: v for k, v in params.items() if v is not None}}
        probs += validate_against(_specs(), merged)
        device = hardware().device
        for name in ("quantization", "mixed_precision"):
            v = merged.get(name)
            if v not in (None, "none"):
                reason = gpu_only_reason(name, device)
                if reason:
                    probs.append(ParamProblem(name, "param_needs_gpu", f"{name}={v}: {reason}"))
        tf = merged.get("training_file")
        if tf is not None and not Path(str(tf)).is_file():
            probs.append(ParamProblem("training_file", "file_not_found", f"{tf}: no such file"))
        return probs

    def effective_params(self, params: dict[str, Any]) -> dict[str, Any]:
        merged = dict(params)
        if params.get("config_file"):
            _config, from_yaml = load_config_file(params["config_file"])
            merged = {**from_yaml, **{k: v for k, v in params.items() if v is not None}}
        return merged

    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self._start, job, ctx.job_dir)

    def _start(self, job: Job, job_dir: Path) -> dict[str, Any]:
        from fttool import credentials
        from fttool.runtime import env, install
        from fttool.runtime.process import popen_new_session, settled_identity

        venv = install.require_installed()
        params = self.effective_params(job.params)
        base_model = job.base_model or params.get("base_model")
        if not base_model and params.get("config_file"):
            base_model = load_config_file(params["config_file"])[0].get("base_model")
        if not base_model:
            raise UsageError("param_required_model")
        if not _needs_hub(str(base_model)):
            base_model = str(Path(str(base_model)).expanduser().resolve())
        src = params.get("training_file")
        if not src:
            raise UsageError("local_no_data")
        count, problems = check_examples(Path(src), limit=1, full=False)
        if problems:
            p = problems[0]
            raise UsageError("local_data_invalid", path=src, detail=_where(p))
        export_data(Path(src), job_dir)
        config = build_config(params, str(base_model))
        atomic_write_text(job_dir / CONFIG, to_yaml(config))
        extra: dict[str, str] = {}
        if _needs_hub(str(base_model)):
            token = credentials.get("hf")
            if token:
                extra["HF_TOKEN"] = token  # only for a Hub model; never in the YAML (trap 8)
        argv = [str(env.venv_executable(venv, "autotrain")), "--config", CONFIG]
        with open(job_dir / "stdout.log", "ab") as out, open(job_dir / "stderr.log", "ab") as err:
            proc = popen_new_session(argv, cwd=str(job_dir), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                     env=install.runtime_env(venv, extra))
        self._procs[job.id] = proc
        ident = settled_identity(proc.pid)
        record = {"pid": proc.pid, "start_time": ident.start_time if ident else None,
                  "cmdline": ident.cmdline if ident else " ".join(argv), "argv": argv, "started_at": iso_now(),
                  "venv": str(venv)}
        atomic_write_json(job_dir / "process.json", record)
        events = [{"message": f"Started AutoTrain (pid {proc.pid}) in {job_dir}", "level": "info",
                   "created_at": iso_now(), "provider_event_id": "start"}]
        if params.get("validation_file"):
            events.append({"message": render("local_validation_ignored", {"path": params["validation_file"]}),
                           "level": "warning", "created_at": iso_now(), "provider_event_id": "no-validation"})
        self._pending[job.id] = events
        return {"provider_job_id": f"pid-{proc.pid}", "status": Status.RUNNING, "provider_status": "starting",
                "result_model": None}

    def _state(self, job: Job) -> LogState:
        state = self._logs.get(job.id)
        if state is None:
            state = self._logs[job.id] = LogState(logging_steps=int(_value(job.params, "logging_steps")))
        return state

    def _alive(self, job: Job, job_dir: Path) -> bool:
        from fttool.runtime.process import same_process

        proc = self._procs.get(job.id)
        if proc is not None:
            return proc.poll() is None
        try:
            saved = json.loads((job_dir / "process.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return same_process(saved, "autotrain")

    async def poll(self, job: Job) -> PollResult:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self._poll, job)

    def _poll(self, job: Job) -> PollResult:
        job_dir = job_dir_for(job)
        state = self._state(job)
        alive = self._alive(job, job_dir)
        state.read(job_dir)
        events = self._pending.pop(job.id, []) + state.events
        state.events = []
        metrics = {"train_loss": list(state.train_loss)} if state.train_loss else {}
        if alive:
            return PollResult(Status.RUNNING, provider_status=state.status_text(), metrics=metrics, events=events,
                              next_poll_seconds=1.0)
        return self._settle(job, job_dir, state, metrics, events)

    def _settle(self, job: Job, job_dir: Path, state: LogState, metrics: dict[str, Any],
                events: list[dict[str, Any]]) -> PollResult:
        from fttool import credentials
        from fttool.runtime.process import reap

        proc = self._procs.pop(job.id, None)
        code = proc.returncode if proc is not None else None
        if proc is None:
            try:
                reap(int(json.loads((job_dir / "process.json").read_text())["pid"]))
            except (OSError, ValueError, KeyError):
                pass
        try:
            scrub_secrets(job_dir, [credentials.get("hf") or ""])
        except FtError:
            scrub_secrets(job_dir, [])
        found = artifacts(job_dir)
        exit_note = f" (exit code {code})" if code is not None else ""
        if (job_dir / "cancel-requested").exists():
            events.append({"message": "Cancelled; every process of the run has ended.", "level": "info",
                           "created_at": iso_now(), "provider_event_id": "end"})
            return PollResult(Status.CANCELLED, provider_status="cancelled", metrics=metrics, events=events)
        if found:
            events.append({"message": f"Finished{exit_note}: {', '.join(found)} in {job_dir / OUTPUT}",
                           "level": "info", "created_at": iso_now(), "provider_event_id": "end"})
            return PollResult(Status.SUCCEEDED, provider_status="finished", metrics=metrics, events=events,
                              result_model=str(job_dir / OUTPUT))
        tail = log_tail(job_dir)
        events.append({"message": f"Ended without a model{exit_note}.", "level": "error", "created_at": iso_now(),
                       "provider_event_id": "end"})
        return PollResult(Status.FAILED, provider_status="failed", metrics=metrics, events=events,
                          error={"code": "local_training_failed",
                                 "message": render("local_training_failed",
                                                   {"output": str(job_dir / OUTPUT), "tail": tail})})

    async def cancel(self, job: Job) -> PollResult:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self._cancel, job)

    def _cancel(self, job: Job) -> PollResult:
        from fttool.runtime.process import end_process_group

        job_dir = job_dir_for(job)
        atomic_write_text(job_dir / "cancel-requested", iso_now())
        proc = self._procs.get(job.id)
        if self._alive(job, job_dir):
            pid = proc.pid if proc is not None else int(json.loads((job_dir / "process.json").read_text())["pid"])
            end_process_group(pid, proc)
        state = self._state(job)
        state.read(job_dir)
        metrics = {"train_loss": list(state.train_loss)} if state.train_loss else {}
        events = self._pending.pop(job.id, []) + state.events
        state.events = []
        return self._settle(job, job_dir, state, metrics, events)

    async def close(self) -> None:
        """Closing the app does not stop training: processes keep running and are re-attached on restart."""
        self._procs.clear()
        self._logs.clear()


register({"param_required_model": "Choose a base model (a folder on this computer or a Hub id)."})


# -- pre-flight ----------------------------------------------------------------------------------------
@dataclass
class Check:
    key: str
    status: str  # pass | warn | fail
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.params)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "status": self.status, "code": self.code, "params": self.params,
                "message": self.message}


MEMORY_FORMULA = ("weights P x {bytes_per_param} B + LoRA 16 B x trainable + activations "
                  "batch x block x hidden x layers x 34 B x {act_bytes}/4 + 600 MB for torch")


def estimate_memory_mb(num_params: int | None, config: dict[str, Any] | None, params: dict[str, Any],
                       device: str) -> tuple[int | None, str]:
    """A rough peak memory for LoRA training; returns (MB or None, the formula in words)."""
    quant = _value(params, "quantization")
    mp = _value(params, "mixed_precision")
    bpp = {"int4": 0.5, "int8": 1.0}.get(str(quant), 2.0 if (device != "cpu" and mp not in (None, "none")) else 4.0)
    act = 2 if mp not in (None, "none") else 4
    formula = MEMORY_FORMULA.format(bytes_per_param=bpp, act_bytes=act)
    if not num_params or not config:
        return None, formula
    hidden = int(config.get("hidden_size") or 0)
    layers = int(config.get("num_hidden_layers") or 0)
    r = int(_value(params, "lora_r"))
    trainable = layers * 7 * 2 * hidden * r  # all-linear: about 7 matrices a layer, A and B of rank r
    batch = int(_value(params, "batch_size"))
    block = int(_value(params, "block_size"))
    activ = batch * block * hidden * layers * 34 * act / 4
    total = num_params * bpp + trainable * 16 + activ + 600 * (1 << 20)
    return int(total / (1 << 20)), formula


def preflight(params: dict[str, Any], base_model: str | None, *, timeout: float = 300.0) -> dict[str, Any]:
    """Every check before launch, each pass/warn/fail with what to do. Checks that need transformers or jinja run
    in the runtime's Python (resources/runtime/probe.py). Returns {"checks": [...], "rendered": {...},
    "ok": no fail, "seconds": n, "memory": {...}}."""
    from fttool.resources import resource
    from fttool.runtime import env, install

    t0 = time.monotonic()
    checks: list[Check] = []
    provider = LocalProvider()
    try:
        params = provider.effective_params(params)
    except UsageError as exc:
        checks.append(Check("config", "fail", "local_bad_config", {"path": params.get("config_file"),
                                                                 "problems": exc.message}))
    for p in validate_against(_specs(), params):
        checks.append(Check(p.name, "fail", "local_bad_config", {"path": p.name, "problems": p.message}))
    hw = hardware()
    gpu = f": {hw.gpus[0].name}, {hw.gpus[0].memory_free_mb} MB free" if hw.gpus else ""
    checks.append(Check("device", "pass", "pf_device", {"device": hw.device, "detail": gpu}))
    for name in ("quantization", "mixed_precision"):
        v = params.get(name)
        code = gpu_only_code(name, hw.device)
        if v not in (None, "none") and code:
            checks.append(Check(name, "fail", code, {}))
    # the dataset
    data = params.get("training_file")
    examples = 0
    if not data or not Path(str(data)).is_file():
        checks.append(Check("dataset", "fail", "local_no_data"))
    else:
        examples, bad = check_examples(Path(str(data)), limit=5)
        if bad:
            checks.append(Check("dataset", "fail", "pf_data_invalid", {"path": str(data), "line": bad[0]["line"],
                                                                       "detail": _where(bad[0])}))
        elif examples < 10:
            checks.append(Check("dataset", "warn", "pf_data_few", {"examples": examples}))
        else:
            checks.append(Check("dataset", "pass", "pf_data_ok", {"examples": examples}))
    # the runtime
    st = install.status()
    info = env.runtime_info()
    probe: dict[str, Any] = {}
    if not st["installed"]:
        route = info["routes"][env.install_device(hw)]
        checks.append(Check("runtime", "fail", "pf_runtime_missing", {"download_mb": route["download_mb"],
                                                                      "disk_mb": route["disk_mb"]}))
    elif base_model:
        args = {"model": str(Path(base_model).expanduser()) if Path(base_model).expanduser().is_dir() else base_model,
                "data_file": str(data) if data and Path(str(data)).is_file() else None,
                "chat_template": _value(params, "chat_template"), "block_size": _value(params, "block_size")}
        venv = Path(st["path"])
        extra = {}
        if _needs_hub(base_model):
            from fttool import credentials

            tok = credentials.get("hf")
            if tok:
                extra["HF_TOKEN"] = tok
        try:
            out = subprocess.run([str(env.venv_python(venv)), str(resource("runtime", "probe.py")), "preflight",
                                  json.dumps(args)], capture_output=True, text=True, timeout=timeout,
                                 env=install.runtime_env(venv, extra))
            probe = json.loads(out.stdout.strip().splitlines()[-1])
        except (subprocess.TimeoutExpired, ValueError, IndexError, OSError) as exc:
            checks.append(Check("runtime", "fail", "pf_runtime_broken", {"detail": str(exc)[:300]}))
        else:
            if probe.get("error"):
                checks.append(Check("runtime", "fail", "pf_runtime_broken", {"detail": probe["error"]}))
            else:
                checks.append(Check("runtime", "pass", "pf_runtime_ok", {
                    "autotrain": st["autotrain_version"], "torch": st["torch_version"],
                    "transformers": st.get("transformers_version"), "device": st["device"]}))
                if env.install_device(hw) == "cuda" and st.get("install_device") != "cuda":
                    checks.append(Check("runtime_device", "warn", "pf_runtime_cpu_on_gpu",
                                        {"gpu": hw.gpus[0].name if hw.gpus else "GPU"}))
            for c in probe.get("checks", []):
                checks.append(Check(c["key"], c["status"], c["code"], c.get("params", {})))
    else:
        checks.append(Check("model", "fail", "param_required_model"))
    # memory and disk
    need, formula = estimate_memory_mb(probe.get("num_parameters"), probe.get("config"), params, hw.device)
    free = hw.gpus[0].memory_free_mb if hw.device == "cuda" and hw.gpus else hw.ram_free_mb
    if need is None:
        checks.append(Check("memory", "warn", "pf_memory_unknown", {"formula": formula}))
    else:
        ok = free is None or need <= free
        checks.append(Check("memory", "pass" if ok else "warn", "pf_memory_ok" if ok else "pf_memory_tight",
                            {"need_mb": need, "free_mb": free, "formula": formula}))
    n = probe.get("num_parameters") or 0
    out_mb = int(n * (4 if _value(params, "merge_adapter") else 0.1) / (1 << 20)) + 200
    from fttool.paths import jobs_files_dir

    free_disk = shutil.disk_usage(jobs_files_dir()).free // (1 << 20)
    checks.append(Check("disk", "pass" if free_disk >= out_mb else "fail",
                        "pf_disk_ok" if free_disk >= out_mb else "pf_disk_low",
                        {"free_mb": free_disk, "need_mb": out_mb}))
    return {"ok": not any(c.status == "fail" for c in checks), "checks": [c.to_dict() for c in checks],
            "rendered": probe.get("rendered"), "num_parameters": probe.get("num_parameters"),
            "memory": {"need_mb": need, "free_mb": free, "formula": formula},
            "seconds": round(time.monotonic() - t0, 2), "examples": examples}


# -- merge and export ----------------------------------------------------------------------------------
SERVE_README = """# {name}

A standalone model made by fttool: the base model `{base}` with the LoRA adapter of job `{job}` merged in.
It holds the weights (safetensors), the tokenizer and its chat template; load it like any Hugging Face model.

## Serve it

- **vLLM** (OpenAI-compatible server, GPU): `vllm serve {folder} --served-model-name {name}`
  then point any OpenAI client at `http://127.0.0.1:8000/v1`.
- **llama.cpp** (CPU or GPU): convert, then serve:
  `python convert_hf_to_gguf.py {folder} --outfile {name}.gguf` and `llama-server -m {name}.gguf`
  (add `--jinja` so it uses this folder's chat template).
- **Ollama**: after the llama.cpp conversion, a `Modelfile` with `FROM ./{name}.gguf`, then
  `ollama create {name} -f Modelfile` and `ollama run {name}`.
- **transformers**: `AutoModelForCausalLM.from_pretrained("{folder}")` and
  `AutoTokenizer.from_pretrained("{folder}")`, then `tokenizer.apply_chat_template(...)`.

Made {date} with AutoTrain Advanced 0.8.36 (LoRA r={lora_r}, {epochs} epochs, learning rate {lr}).
The base model's licence applies to this model.
"""


def merge_and_export(job: Job, target: Path | str, *, timeout: float = 1800.0) -> dict[str, Any]:
    """Merge the job's adapter into its base model and write a standalone folder (safetensors, tokenizer, chat
    template, README on serving). Never copies training_params.json, logs or the autotrain-data copy."""
    from fttool.resources import resource
    from fttool.runtime import env, install

    job_dir = job_dir_for(job)
    adapter = job_dir / OUTPUT
    target = Path(target)
    if not (adapter / "adapter_model.safetensors").exists():
        if (adapter / "model.safetensors").exists():  # already merged by AutoTrain: copy the model files
            target.mkdir(parents=True, exist_ok=True)
            for f in adapter.iterdir():
                if f.is_file() and f.name not in PRIVATE_FILES and not f.name.startswith("events."):
                    shutil.copy2(f, target / f.name)
            return _write_readme(job, target, job_dir)
        raise FtError("local_merge_needs_adapter", path=str(adapter))
    venv = install.require_installed()
    base = job.base_model or ""
    tmp = target.with_name(target.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    out = subprocess.run([str(env.venv_python(venv)), str(resource("runtime", "probe.py")), "merge",
                          json.dumps({"base": base, "adapter": str(adapter), "out": str(tmp)})],
                         capture_output=True, text=True, timeout=timeout, env=install.runtime_env(venv))
    try:
        res = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        res = {"ok": False, "error": (out.stderr.strip().splitlines() or ["no output"])[-1]}
    if not res.get("ok"):
        shutil.rmtree(tmp, ignore_errors=True)
        raise FtError("local_merge_failed", detail=res.get("error", "unknown"))
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return _write_readme(job, target, job_dir)


def _write_readme(job: Job, target: Path, job_dir: Path) -> dict[str, Any]:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", target.name).strip("-") or "model"
    p = job.params
    atomic_write_text(target / "README.md", SERVE_README.format(
        name=name, base=job.base_model, job=job.id, folder=str(target), date=iso_now()[:10],
        lora_r=_value(p, "lora_r"), epochs=_value(p, "epochs"), lr=_value(p, "learning_rate")))
    return {"path": str(target), "files": sorted(f.name for f in target.iterdir())}


def platform_notes() -> dict[str, Any]:  # for the About/diagnostics: what the local route sees here
    return {"platform": sys.platform, "device": hardware().device}
