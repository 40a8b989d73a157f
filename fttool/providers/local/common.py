"""What both local engines share: the form's descriptors (each tagged with the engines that use it), presets,
the hardware, the quick data check, the trainer's log parser, secrets scrubbed from a job folder, and where a
job's folder is."""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.clock import iso_now
from fttool.fsutil import atomic_write_json, atomic_write_text
from fttool.jobs.record import Job
from fttool.messages import register, render
from fttool.providers.base import ParamSpec

OUTPUT = "output"  # the trainer's output folder, relative to the job folder
DATA = "data"
ARTIFACTS = ("adapter_model.safetensors", "model.safetensors")
CHAT_TEMPLATES = ("tokenizer", "chatml", "zephyr", "none")
PRIVATE_FILES = ("training_params.json", "stdout.log", "stderr.log", "process.json", "autotrain-data", "job.yml",
                 "job.yaml", "plan.json", "training_args.bin")
TRL = ("trl",)
AUTOTRAIN = ("autotrain",)

register({
    "gpu_only_quantization": "4-bit and 8-bit loading (bitsandbytes) needs an NVIDIA GPU with CUDA.",
    "gpu_only_mixed_precision": "Half precision needs a GPU; on a CPU training runs in full precision.",
    "loss_not_finite": "The loss became {value} at step {step}: the training diverged and will not learn from "
                       "here. Cancel it and start again with a lower learning rate (or with half precision off).",
})


def _specs() -> list[ParamSpec]:
    return [
        ParamSpec("engine", "choice", "auto", "Which trainer runs the job: TRL (current transformers: today's "
                  "models) or AutoTrain Advanced 0.8.36 (the lesson's route, models of early 2025 and older). auto "
                  "picks TRL unless an AutoTrain YAML is loaded.", choices=("auto", "trl", "autotrain"),
                  label="Engine"),
        ParamSpec("recipe", "choice", "auto", "auto: fttool chooses the epochs, batch, lengths and LoRA settings from "
                  "your data and model (shown before launch, with why); manual: the values below.",
                  choices=("auto", "manual"), label="Settings"),
        ParamSpec("method", "choice", "auto", "What the examples teach: SFT copies the answers; DPO prefers one "
                  "answer over another (a preference file). auto reads it from the training file.",
                  choices=("auto", "sft", "dpo"), label="Method", engines=TRL),
        ParamSpec("training_file", "str", None, "The training data (JSONL, one chat per line).",
                  required=False, label="Training data"),
        ParamSpec("validation_file", "str", None, "Optional held-out chats: their loss is measured during "
                  "training (never the test split).", label="Validation data", engines=TRL),
        ParamSpec("chat_template", "choice", "tokenizer",
                  "How each chat becomes text: the tokenizer's own template, ChatML, Zephyr, or none (plain text).",
                  choices=CHAT_TEMPLATES, label="Chat template", advanced=True),
        ParamSpec("epochs", "int", 3, "Passes over the data.", 1, 1000, label="Epochs"),
        ParamSpec("learning_rate", "float", 2e-4, "Step size of each update; LoRA likes 1e-4 to 5e-4.",
                  1e-7, 1.0, label="Learning rate"),
        ParamSpec("batch_size", "int", 2, "Examples per step on the device.", 1, 512, label="Batch size",
                  advanced=True),
        ParamSpec("gradient_accumulation", "int", 1, "Steps whose gradients add up before one update "
                  "(effective batch = batch size x this).", 1, 256, label="Gradient accumulation", advanced=True),
        ParamSpec("block_size", "int", 1024, "Tokens per example; longer examples are cut.", 16, 32768,
                  label="Block size", advanced=True),
        ParamSpec("loss_on", "choice", "answers", "Which tokens the model learns from: only the answers it should "
                  "give (answers marked weight 0 are skipped), or every token of the chat.",
                  choices=("answers", "all"), label="Learn from", engines=TRL, advanced=True),
        ParamSpec("beta", "float", 0.1, "DPO only: how far the tuned model may move from the base (higher stays "
                  "closer).", 0.0, 10.0, label="DPO beta", engines=TRL, advanced=True),
        ParamSpec("lora_r", "int", 16, "LoRA rank: the adapter's capacity.", 1, 512, label="LoRA rank (r)",
                  advanced=True),
        ParamSpec("lora_alpha", "int", 32, "LoRA scale; usually twice the rank.", 1, 4096, label="LoRA alpha",
                  advanced=True),
        ParamSpec("lora_dropout", "float", 0.05, "Dropout inside the adapter.", 0.0, 0.9, label="LoRA dropout",
                  advanced=True),
        ParamSpec("target_modules", "str", "all-linear", "Layers that get an adapter: all-linear, or names "
                  "separated by commas (q_proj,v_proj).", label="Target modules", advanced=True),
        ParamSpec("quantization", "choice", "none", "Load the base model in 4 or 8 bits (needs an NVIDIA GPU).",
                  choices=("none", "int4", "int8"), label="Quantization", advanced=True),
        ParamSpec("mixed_precision", "choice", "none", "Half-precision training (needs a GPU).",
                  choices=("none", "fp16", "bf16"), label="Mixed precision", advanced=True),
        ParamSpec("warmup_ratio", "float", 0.1, "Share of the steps that ramp the learning rate up.", 0.0, 0.5,
                  label="Warm-up", advanced=True),
        ParamSpec("save_checkpoints", "int", 10, "How many checkpoints the run saves (the last two are kept): a "
                  "stopped run resumes from the latest.", 1, 1000, label="Checkpoints", engines=TRL, advanced=True),
        ParamSpec("merge_adapter", "bool", False, "Save a full model with the adapter merged in (larger).",
                  label="Merge adapter", engines=AUTOTRAIN, advanced=True),
        ParamSpec("first_look", "bool", True, "When training ends, ask the base and the tuned model the validation "
                  "examples (or up to 20 of the project's test examples) and say which answered like your examples.",
                  label="First look at the result"),
        ParamSpec("seed", "int", 42, "Random seed: the same seed gives the same run.", 0, 2**31 - 1, label="Seed",
                  advanced=True),
        ParamSpec("logging_steps", "int", 1, "Log the loss every N steps.", 1, 10000, label="Log every", advanced=True),
    ]


def specs_for(engine: str) -> list[ParamSpec]:
    """The descriptors an engine uses."""
    return [s for s in _specs() if not s.engines or engine in s.engines]


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


def _value(params: dict[str, Any], name: str) -> Any:
    if params.get(name) is not None:
        return params[name]
    for s in _specs():
        if s.name == name:
            return s.default
    return None


# -- the data ------------------------------------------------------------------------------------------
ROLES = ("system", "user", "assistant")


def check_examples(path: Path, limit: int | None = None, *, full: bool = True,
                   method: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Count and check the examples: the problems name the line. `full` uses the datasets core's validator
    (every problem, token counts too; chats or DPO preference pairs); otherwise the quick structural check of
    chats below."""
    if full:
        from fttool.datasets import validate as core

        report = core.validate_file(path, backend="local", method=method)
        found = [{"line": p.line, "field": p.field, "detail": str(p.message).rstrip(".")} for p in report.errors]
        found.sort(key=lambda d: (d["line"] is None, d["line"] or 0))  # a line-level problem names the line
        return int(report.examples), found[:limit] if limit else found
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
    fld = f", {problem['field']}" if problem.get("field") else ""
    return f"line {problem['line']}{fld}: {detail}"


def all_problems(problems: list[dict[str, Any]], limit: int = 50) -> str:
    """Every problem on its own line (the first `limit`, then how many more)."""
    lines = [_where(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more")
    return "\n".join(lines)


# -- parsing the trainer's logs --------------------------------------------------------------------------
# A dict line the trainer prints per logging step: AutoTrain's transformers writes floats, transformers 5 writes
# numbers as strings ({'loss': '5.721', ..., 'epoch': '0.08333'}); AutoTrain's INFO copy of it is skipped.
_DICT_LINE = re.compile(r"^\{'(?:loss|eval_loss|train_runtime)': [^{}]*\}$")
# the trainer's bar has no description ("Saving the dataset", "Map" bars do); a nested bar (evaluation) ends in an
# escape sequence moving the cursor up
_TQDM = re.compile(r"^\s*\d+%\|[^|]*\|\s*(\d+)/(\d+) \[([\d:]+)<([\d:?]+)")
_EVENT_PATTERNS = (
    (re.compile(r"Starting local training"), "info"),
    (re.compile(r"Loading (?:model|data)|Creating trainer|Starting training|Finished training|Saving|"
                r"Training completed|Model saved"), "info"),
    (re.compile(r"\bERROR\b|Traceback \(most recent call last\)|Error:"), "error"),
    (re.compile(r"\bWARNING\b"), "warning"),
)


_NON_FINITE = re.compile(r"(?<=: )(-?nan|-?inf)(?=[,}])")


def _number(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


@dataclass
class LogState:
    """What the logs of one job said so far (parsed incrementally by byte offset).

    Steps: with `steps_per_epoch` (known from the run's plan, or the bar's total / epochs) a line's step is its
    epoch times that, rounded to the logging interval, so a resumed run's lines land on their own steps and a step
    logged twice keeps its latest value; without it lines are numbered in order (AutoTrain)."""

    logging_steps: int = 1
    steps_per_epoch: float | None = None
    epochs: float | None = None
    out_offset: int = 0
    err_offset: int = 0
    train_loss: list[list[float]] = field(default_factory=list)
    valid_loss: list[list[float]] = field(default_factory=list)
    epoch: float | None = None
    step: int | None = None
    total: int | None = None
    elapsed: str | None = None
    eta: str | None = None
    train_runtime: float | None = None
    diverged_at: float | None = None  # the step of the first NaN or infinite loss
    events: list[dict[str, Any]] = field(default_factory=list)
    _out_rest: str = ""
    _err_rest: str = ""

    def read(self, job_dir: Path) -> None:
        out = job_dir / "stdout.log"
        err = job_dir / "stderr.log"
        # stderr first: the bar's total tells the steps per epoch before the first loss line needs it
        text, self.err_offset = _read_from(err, self.err_offset)
        if text:
            chunks = re.split(r"[\r\n]", self._err_rest + text)
            self._err_rest = chunks.pop()
            for i, chunk in enumerate(chunks):
                self._stderr_chunk(chunk, f"err:{self.err_offset}:{i}")
        text, self.out_offset = _read_from(out, self.out_offset)
        if text:
            lines = (self._out_rest + text).split("\n")
            self._out_rest = lines.pop()
            for i, line in enumerate(lines):
                self._stdout_line(line, f"out:{self.out_offset}:{i}")

    def _step_for(self, epoch: float | None, series: list[list[float]]) -> float:
        spe = self.steps_per_epoch
        if spe is None and self.total and self.epochs:
            spe = self.total / self.epochs
        if spe and epoch is not None:
            n = max(self.logging_steps, 1)
            return float(max(round(epoch * spe / n) * n, n) if series is self.train_loss else round(epoch * spe))
        if series is self.valid_loss:
            return self.train_loss[-1][0] if self.train_loss else 0.0
        return float((len(series) + 1) * self.logging_steps)

    @staticmethod
    def _put(series: list[list[float]], step: float, value: float) -> None:
        """Add a point; a step seen before (a resumed run logs it again) takes the newer value."""
        if series and series[-1][0] < step:
            series.append([step, value])
            return
        for point in series:
            if point[0] == step:
                point[1] = value
                return
        series.append([step, value])
        series.sort(key=lambda p: p[0])

    def feed_line(self, line: str) -> None:
        """One line of the trainer's output from elsewhere (a Hugging Face Job's log): its loss, no event."""
        self._stdout_line(line, "", events=False)

    def _stdout_line(self, line: str, ev_id: str, events: bool = True) -> None:
        text = line.strip()
        if _DICT_LINE.match(text):
            try:  # a diverged run prints bare nan / inf, which are no Python literals: quote them first
                d = ast.literal_eval(_NON_FINITE.sub(r"'\1'", text))
            except (ValueError, SyntaxError):
                d = None
            if isinstance(d, dict):
                epoch = _number(d.get("epoch"))
                if epoch is not None:
                    self.epoch = epoch
                loss = _number(d.get("loss"))
                if loss is not None:
                    step = self._step_for(epoch, self.train_loss)
                    self._put(self.train_loss, step, loss)
                    self._warn_non_finite(loss, step, ev_id, events)
                eval_loss = _number(d.get("eval_loss"))
                if eval_loss is not None:
                    step = self._step_for(epoch, self.valid_loss)
                    self._put(self.valid_loss, step, eval_loss)
                    self._warn_non_finite(eval_loss, step, ev_id, events)
                rt = _number(d.get("train_runtime"))
                if rt is not None:
                    self.train_runtime = rt
                return
        if events:
            self._maybe_event(line, ev_id)

    def _warn_non_finite(self, value: float, step: float, ev_id: str, events: bool) -> None:
        """The first NaN or infinite loss is a training failure a person must see: one warning event (the point
        stays in the series, as NaN or inf, so later steps keep their place)."""
        if math.isfinite(value) or self.diverged_at is not None:
            return
        self.diverged_at = step
        if events:
            from fttool.messages import render

            self.events.append({"message": render("loss_not_finite", {"value": str(value), "step": int(step)}),
                                "level": "warning", "created_at": iso_now(), "provider_event_id": ev_id})

    def _stderr_chunk(self, chunk: str, ev_id: str) -> None:
        if "\x1b[A" in chunk:
            return  # a nested (evaluation) bar
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

    def metrics(self) -> dict[str, list[list[float]]]:
        out: dict[str, list[list[float]]] = {}
        if self.train_loss:
            out["train_loss"] = [list(p) for p in self.train_loss]
        if self.valid_loss:
            out["valid_loss"] = [list(p) for p in self.valid_loss]
        return out

    def progress(self) -> dict[str, Any]:
        """What the trainer's bar and logs said so far, for the job record (fttool.jobs.progress)."""
        from fttool.jobs.progress import clock_seconds

        out: dict[str, Any] = {"at": iso_now()}
        if self.step is not None and self.total:
            out["step"], out["total"] = self.step, self.total
        if self.epoch is not None:
            out["epoch"] = self.epoch
        if self.epochs:
            out["epochs"] = self.epochs
        eta, elapsed = clock_seconds(self.eta), clock_seconds(self.elapsed)
        if eta is not None:
            out["eta_seconds"] = eta
        if elapsed is not None:
            out["elapsed_seconds"] = elapsed
        return out if len(out) > 1 else {}

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
    return re.sub(r"\x1b\[[0-9;]*[mA-Z]", "", line)


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


def job_dir_for(job: Job) -> Path:
    from fttool.paths import jobs_files_dir

    return jobs_files_dir() / job.id


def needs_hub(base_model: str) -> bool:
    return not Path(base_model).expanduser().is_dir()


def job_engine(job: Job) -> str:
    """The engine a local job ran with (jobs from before engines existed ran AutoTrain)."""
    return str(job.params.get("engine") or "autotrain")
