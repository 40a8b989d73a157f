"""Training on Hugging Face Jobs (backend `hf`): the same training as a local TRL job, on the same pins.

start: fttool prepares the data as a local TRL job does (`trl.prepare_data`: TRL's conversational rows) and
pushes the prepared files as data/train.jsonl and data/validation.jsonl to a private dataset repo (its card
summarises the user's own files; unchanged files are not sent again; the default repo is named by the prepared
training file's hash). Then `run_job` on a pinned `uv` image runs resources/hf/job.sh: a venv with exactly the
CUDA route's pins of resources/runtime/trl.lock, `hf download` of the data set at the pushed commit, and TRL's
own `trl sft|dpo --config job.yaml`, whose YAML is the local engine's (`trl.build_config`) plus the push to
the model repo; optionally resources/hf/merge_push.py (TRL's CLI has no merge-and-push). A flavor with several
GPUs gets TRL's accelerate config (`multi_gpu`, or `fsdp2` when the model does not fit one GPU) with one
process per GPU. The lock, the YAML and the merge script travel base64-encoded in environment variables (they
are not secret); the token goes only in `secrets=` (HF_TOKEN), never in `env=`, the command, the job record,
the job folder or a log. The job carries `labels={"fttool_job": <our id>}`: before launching, and after a
launch whose answer was lost (timeout, 5xx), we look for a job with that label, so a retry adopts the job
already started instead of paying for a second.

poll: inspect the job (the Hub's own word is `provider_status`: SCHEDULING, RUNNING, COMPLETED, CANCELED,
ERROR) and read its log (server-sent events), parsing the trainer's dict lines (transformers 5 writes the
numbers as strings) into `metrics.train_loss` / `valid_loss`, stepped by the plan's steps per epoch; new lines
become job events. 429/5xx and network failures are retried here (the client does not) and end in
ConnectionProblem, which the service shows as "reconnecting". A log stream that drops is read again at the
next poll.

For the Train view: `flavor_gpus(flavor)` (how many GPUs, their memory) and `memory_estimate(base_model,
params)` (what the training needs, and whether data parallel or FSDP is used).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import math
import re
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from fttool import credentials
from fttool.errors import FtError, UsageError
from fttool.jobs.record import Job, Status
from fttool.log import redact
from fttool.messages import register, render
from fttool.providers.base import (
    Capabilities,
    CostEstimate,
    JobContext,
    ParamProblem,
    ParamSpec,
    PollResult,
    Provider,
    validate_against,
)

log = logging.getLogger("fttool.providers.hf")

register({
    "hf_job_error": "The training job on Hugging Face failed: {message}",
    "hf_job_deleted": "The job was deleted on Hugging Face.",
    "hf_unknown_flavor": "Hugging Face has no hardware named '{flavor}'. Available: {known}.",
    "hf_launch_failed": "Hugging Face did not start the job after {attempts} attempts: {detail}",
    "hf_step_push_data": "pushing the data set",
    "hf_step_launch": "starting the job",
    "hf_model_not_on_hub": "'{model}' is not a model on the Hugging Face Hub. A job on Hugging Face trains a Hub "
                           "model named like owner/name (for example HuggingFaceTB/SmolLM2-360M-Instruct); a "
                           "model folder on this computer trains with the local backend.",
    "hf_step_push_progress": "pushing the data set: {percent}%",
    "hf_no_training_file": "No training file was given (--data).",
    "hf_job_not_started": "fttool stopped while starting this job and no job with its label exists on Hugging "
                          "Face, so it never started and nothing was billed. Start it again.",
    "hf_job_plan": "TRL {method} on {hardware}: {rows} training rows from {examples} examples, {steps} steps "
                   "({steps_per_epoch} per epoch){parallel}.",
    "hf_too_big": "The model needs about {needed} GB to train, more than the {memory} GB of {flavor}: the "
                  "job may run out of memory. Choose a flavor with more GPU memory.",
})

STAGE_TO_STATUS = {
    "SCHEDULING": Status.QUEUED,
    "RUNNING": Status.RUNNING,
    "COMPLETED": Status.SUCCEEDED,
    "CANCELED": Status.CANCELLED,
    "CANCELLED": Status.CANCELLED,
    "ERROR": Status.FAILED,
    "DELETED": Status.FAILED,
}
LABEL = "fttool_job"
HUB_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
CANCELLED_RESULT: dict[str, Any] = {"status": Status.CANCELLED, "provider_status": "CANCELED"}
STARTING_GRACE_S = 1800  # a job with no Hub id and no labelled Hub job is given up after this long unchanged
# jobs launched by fttool before the TRL engine (resources/hf/train_sft.py) printed their own metric lines; a
# job of that kind still running after an upgrade keeps its exact steps
METRIC_RE = re.compile(r"fttool-metric (\{.*\})\s*$")
_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([bBmM])\b")
_COUNT_RE = re.compile(r"x(\d+)$")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRAIN_FILE = "data/train.jsonl"
VALID_FILE = "data/validation.jsonl"
# the local TRL engine's parameters the Hugging Face form does not show, taken from params when given
# (--param)
_PASS_THROUGH = ("method", "loss_on", "chat_template", "gradient_accumulation", "lora_dropout",
                 "target_modules", "warmup_ratio", "logging_steps", "save_checkpoints", "beta",
                 "mixed_precision")


@lru_cache(maxsize=1)
def jobs_facts() -> dict[str, Any]:
    """resources/hf/jobs.json (read once; do not change the dict)."""
    from fttool.resources import resource

    data: dict[str, Any] = json.loads(resource("hf", "jobs.json").read_text(encoding="utf-8"))
    return data


def job_script() -> str:
    """resources/hf/job.sh: the job's command, run as `bash -c <it> fttool-hf-job ARGS`."""
    from fttool.resources import resource

    return resource("hf", "job.sh").read_text(encoding="utf-8")


def merge_script_path() -> Path:
    from fttool.resources import resource

    return resource("hf", "merge_push.py")


def model_size_billions(model: str | None) -> float:
    """1.5 for 'Qwen2.5-1.5B-Instruct', 0.135 for 'SmolLM2-135M'; 1 when the name does not say."""
    for num, unit in reversed(_SIZE_RE.findall((model or "").replace("_", "-"))):
        value = float(num)
        return value if unit.lower() == "b" else value / 1000
    return 1.0


# -- the log -------------------------------------------------------------------------------------------
def parse_log_line(line: str) -> dict[str, float] | None:
    """A metric line of the earlier script (`fttool-metric {json}`) -> {"step", "train_loss"?,
    "valid_loss"?}."""
    m = METRIC_RE.search(line)
    if m:
        try:
            d = json.loads(m.group(1))
        except ValueError:
            return None
        out = {k: float(d[k]) for k in ("step", "epoch", "train_loss", "valid_loss")
               if isinstance(d.get(k), (int, float))}
        return out if "step" in out and len(out) > 1 else None
    return None


def metrics_from_lines(lines: list[str], steps_per_epoch: float | None = None,
                       logging_steps: int = 1) -> dict[str, list[list[float]]]:
    """The loss series of a whole log. The trainer's dict lines (`{'loss': '5.721', ..., 'epoch': '0.08333'}`:
    numbers or numeric strings) are parsed by the local engine's LogState: a line's step is its epoch times
    the plan's steps per epoch, or its place in the log when the plan is not known. Lines of the earlier
    script (`fttool-metric {json}`, exact steps) win when present."""
    from fttool.providers.local.common import LogState

    ours: dict[str, list[list[float]]] = {}
    state = LogState(logging_steps=max(int(logging_steps or 1), 1),
                     steps_per_epoch=float(steps_per_epoch) if steps_per_epoch else None)
    for line in lines:
        d = parse_log_line(line)
        if d is not None:
            for key in ("train_loss", "valid_loss"):
                if key in d:
                    ours.setdefault(key, []).append([d["step"], d[key]])
            continue
        for chunk in _ANSI.sub("", str(line)).split("\r"):  # a progress bar's redraws may share the line
            state.feed_line(chunk)
    return ours or state.metrics()


def slug(text: str, limit: int = 40) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.").lower()
    return s[:limit].strip("-.") or "model"


# -- hardware, memory and the job's TRL config (pure: the Train view calls these) ------------------------
def _gb(text: Any) -> float | None:
    m = re.search(r"(\d+(?:\.\d+)?)", str(text or ""))
    return float(m.group(1)) if m else None


def _gpu_fields(model: str | None, quantity: Any, vram: Any) -> dict[str, Any]:
    """gpus, gpu_model, gpu_memory_gb (one GPU's) and bf16 of a flavor's accelerator (None: no GPU)."""
    if not model:
        return {"gpus": 0, "gpu_model": None, "gpu_memory_gb": None, "bf16": False}
    facts = jobs_facts()
    try:
        n = max(int(quantity), 1)
    except (TypeError, ValueError):
        n = 1
    per = facts.get("gpu_memory_gb", {}).get(str(model))
    if per is None:  # the Hub gives the flavor's whole GPU memory
        total = _gb(vram)
        per = round(total / n, 1) if total else None
    return {"gpus": n, "gpu_model": str(model), "gpu_memory_gb": float(per) if per is not None else None,
            "bf16": str(model) not in facts.get("no_bf16", [])}


def _snapshot_hardware() -> list[dict[str, Any]]:
    return [_hw_dict_raw(h) for h in jobs_facts()["hardware"]]


def flavor_gpus(flavor: str | None, hardware: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What a flavor brings: {"flavor", "gpus", "gpu_model", "gpu_memory_gb" (one GPU's), "bf16", "label"},
    e.g. l4x4 -> 4 GPUs, 24 GB each, "4 x L4, 24 GB each". `hardware` is a list from
    `HuggingFaceProvider.hardware()` (live prices); without it the dated snapshot in resources/hf/jobs.json is
    used. No network."""
    flavor = str(flavor or jobs_facts()["default_flavor"])
    found = next((h for h in (hardware or _snapshot_hardware()) if h.get("name") == flavor), None)
    if found is None and hardware:
        found = next((h for h in _snapshot_hardware() if h.get("name") == flavor), None)
    if found is not None and "gpus" in found:
        info = {k: found[k] for k in ("gpus", "gpu_model", "gpu_memory_gb", "bf16")}
    else:  # a flavor we do not know: its name says how many GPUs (l4x4, a10g-largex2), not which
        m = _COUNT_RE.search(flavor)
        gpus = 0 if flavor.startswith("cpu") else int(m.group(1)) if m else 1
        info = {"gpus": gpus, "gpu_model": None, "gpu_memory_gb": None, "bf16": gpus > 0}
    n, model, per = info["gpus"], info["gpu_model"] or "GPU", info["gpu_memory_gb"]
    if n == 0:
        ram = f", {found['ram']} RAM" if found and found.get("ram") else ""
        label = f"CPU only ({found['cpu']}{ram})" if found and found.get("cpu") else "CPU only"
    else:
        memory = f", {per:g} GB" + (" each" if n > 1 else "") if per else ""
        label = f"{n} x {model}{memory}"
    return {"flavor": flavor, **info, "label": label}


def _shape(size_b: float) -> tuple[int, int]:
    """(hidden size, layers) of a typical open model of this size (resources/hf/jobs.json, typical_shapes)."""
    shapes = jobs_facts()["typical_shapes"]["shapes"]
    best = min(shapes, key=lambda s: abs(math.log(max(size_b, 0.01)) - math.log(float(s[0]))))
    return int(best[1]), int(best[2])


def _precision(info: dict[str, Any]) -> str:
    if not info.get("gpus"):
        return "none"
    return "bf16" if info.get("bf16", True) else "fp16"


def trl_params(params: dict[str, Any], info: dict[str, Any] | None = None) -> dict[str, Any]:
    """The form's values in the local TRL engine's names (fttool.providers.local.common): max_seq_length is
    its block_size, the precision follows the flavor (bf16 on a GPU that has it, fp16 on a T4, fp32 on a CPU),
    no quantization; the engine's other parameters (method, loss_on, gradient_accumulation, ...) pass
    through."""
    info = info or flavor_gpus(params.get("flavor"))
    defaults = {s.name: s.default for s in _param_specs()}

    def v(key: str) -> Any:
        return params[key] if params.get(key) is not None else defaults.get(key)

    out: dict[str, Any] = {"epochs": v("epochs"), "learning_rate": v("learning_rate"),
                           "batch_size": v("batch_size"), "seed": v("seed"), "lora_r": v("lora_r"),
                           "lora_alpha": v("lora_alpha"), "block_size": v("max_seq_length"),
                           "quantization": "none", "mixed_precision": _precision(info)}
    out.update({k: params[k] for k in _PASS_THROUGH if params.get(k) is not None})
    if not info.get("gpus"):
        out["mixed_precision"] = "none"
    return out


def memory_estimate(base_model: str | None, params: dict[str, Any], *,
                    hardware: list[dict[str, Any]] | None = None,
                    config: dict[str, Any] | None = None) -> dict[str, Any]:
    """What training `base_model` with these parameters needs on params["flavor"], from the local engine's
    formula (preflight.estimate_memory_mb) with the size in the model's name (and its hidden size and layers
    from `config` when given, else those of a typical model of that size). Returns {"needed_gb", "formula",
    "model_billions", "shape_assumed", "hidden_size", "layers", "flavor", "gpus", "gpu_memory_gb",
    "total_gpu_memory_gb", "fits_one_gpu", "fits", "strategy", "label", "text"}: strategy is None (one GPU or
    a CPU), "multi_gpu" (data parallel: the model fits one GPU) or "fsdp2" (it does not: FSDP shards it over
    the GPUs). `fits` compares with a headroom (jobs.json, memory_headroom); None when the memory is
    unknown."""
    from fttool.providers.local.preflight import estimate_memory_mb

    facts = jobs_facts()
    info = flavor_gpus(params.get("flavor"), hardware)
    size = model_size_billions(base_model)
    assumed = not (config and config.get("hidden_size") and config.get("num_hidden_layers"))
    if assumed:
        hidden, layers = _shape(size)
        config = {"hidden_size": hidden, "num_hidden_layers": layers}
    assert config is not None
    device = "cuda" if info["gpus"] else "cpu"
    mb, formula = estimate_memory_mb(int(size * 1e9), config, trl_params(params, info), device)
    needed = round((mb or 0) / 1024, 1)
    headroom = float(facts.get("memory_headroom", 0.9))
    n, per = int(info["gpus"]), info["gpu_memory_gb"]
    total: float | None = None
    fits_one: bool | None = None
    fits: bool | None = None
    if n and per:
        total = round(float(per) * n, 1)
        fits_one, fits = needed <= per * headroom, needed <= total * headroom
    elif not n:  # a CPU flavor trains in its RAM
        ram = _gb(next((h.get("ram") for h in (hardware or _snapshot_hardware())
                        if h.get("name") == info["flavor"]), None))
        if ram:
            fits_one = fits = needed <= ram * headroom
    strategy = None if n <= 1 else ("multi_gpu" if fits_one or per is None else "fsdp2")
    text = f"{info['label']}; the model needs about {needed:g} GB"
    if strategy == "fsdp2":
        text += " (more than one GPU holds: FSDP shards it over the GPUs)"
    elif strategy == "multi_gpu":
        text += " (one copy per GPU, data parallel)"
    return {"needed_gb": needed, "formula": formula, "model_billions": size, "shape_assumed": assumed,
            "hidden_size": int(config["hidden_size"]), "layers": int(config["num_hidden_layers"]),
            "flavor": info["flavor"], "gpus": n, "gpu_memory_gb": per, "total_gpu_memory_gb": total,
            "fits_one_gpu": fits_one, "fits": fits, "strategy": strategy, "label": info["label"],
            "text": text}


def job_plan(params: dict[str, Any], rows: int, info: dict[str, Any]) -> dict[str, Any]:
    """trl.plan_steps over every GPU of the flavor (each process takes batch_size rows a step)."""
    from fttool.providers.local import trl

    world = max(int(info.get("gpus") or 0), 1)
    return {**trl.plan_steps(rows, trl_params(params, info), world_size=world), "world_size": world}


def job_config(params: dict[str, Any], base_model: str, *, method: str, validation: bool,
               plan: dict[str, Any], info: dict[str, Any], strategy: str | None,
               template_file: str | None = None) -> dict[str, Any]:
    """The job's TRL YAML: the local engine's (`trl.build_config`, on "cuda" for a GPU flavor: no use_cpu,
    bf16), reading the downloaded data/ folder, plus the push of the adapter to the model repo at the end, no
    progress bar (the Hub's log is read as lines), and TRL's accelerate config with one process per GPU on a
    flavor with several (`multi_gpu`, or `fsdp2`)."""
    from fttool.providers.local import trl

    device = "cuda" if info.get("gpus") else "cpu"
    cfg = trl.build_config(trl_params(params, info), base_model, device=device, method=method,
                           validation=validation, plan=plan, template_file=template_file)
    cfg.update(push_to_hub=True, hub_model_id=str(params["output_repo"]),
               hub_private_repo=bool(params.get("private", True)), hub_strategy="end", disable_tqdm=True)
    if int(info.get("gpus") or 0) > 1:
        cfg.update(accelerate_config=strategy or "multi_gpu", num_processes=int(info["gpus"]))
    return cfg


def _b64(data: str | bytes) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def _param_specs() -> list[ParamSpec]:
    facts = jobs_facts()
    return [
        ParamSpec("training_file", "str", required=True, label="Training data",
                  help="The JSONL file to train on; it is prepared for TRL and pushed to a private dataset "
                       "repo."),
        ParamSpec("validation_file", "str", label="Validation data",
                  help="Optional JSONL file to measure validation loss on during training."),
        ParamSpec("flavor", "str", facts["default_flavor"], label="Hardware",
                  help="The Hugging Face hardware the job runs on; billed per minute while it runs. A flavor "
                       "with several GPUs trains on all of them."),
        ParamSpec("epochs", "int", 3, minimum=1, maximum=50, label="Epochs",
                  help="How many times training goes over the whole data set."),
        ParamSpec("learning_rate", "float", 2e-4, minimum=1e-7, maximum=1e-2, label="Learning rate",
                  help="How big each update is. 0.0002 suits LoRA."),
        ParamSpec("batch_size", "int", 4, minimum=1, maximum=256, label="Batch size",
                  help="Examples per step on each GPU. Lower it if the job runs out of memory."),
        ParamSpec("seed", "int", 42, minimum=0, label="Seed", help="Same seed, same data: same run."),
        ParamSpec("lora_r", "int", 16, minimum=1, maximum=512, label="LoRA rank",
                  help="Size of the adapter. 8 to 32 is usual."),
        ParamSpec("lora_alpha", "int", 32, minimum=1, maximum=1024, label="LoRA alpha",
                  help="Scale of the adapter; often twice the rank."),
        ParamSpec("max_seq_length", "int", 1024, minimum=64, maximum=32768, label="Longest example (tokens)",
                  help="Longer examples are cut to this many tokens."),
        ParamSpec("timeout", "str", facts["default_timeout"], label="Time limit",
                  help="The job is stopped (and billing ends) after this long, e.g. 90m or 3h."),
        ParamSpec("merge", "bool", False, label="Also push the merged model",
                  help="Besides the small adapter, push the base model merged with it (large)."),
        ParamSpec("output_repo", "str", label="Model repo",
                  help="Where the adapter is pushed (private). Default: your-name/fttool-<model>-<job>."),
        ParamSpec("dataset_repo", "str", label="Dataset repo",
                  help="Where the data is pushed (private). Default: your-name/fttool-data-<hash>."),
        ParamSpec("private", "bool", True, label="Private repos",
                  help="Create the dataset and model repos private (recommended)."),
        ParamSpec("suffix", "str", label="Name suffix", help="Added to the default model repo name."),
    ]


class _JobLog:
    """What we have read of one job's log (in memory; after a restart the log is read again and the store
    drops events it already has, by provider_event_id)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lock = threading.Lock()


class HuggingFaceProvider(Provider):
    name = "hf"
    label = "Hugging Face Jobs"

    def __init__(self) -> None:
        self._logs: dict[str, _JobLog] = {}
        self._hardware: list[dict[str, Any]] | None = None
        self._hardware_at = 0.0
        self._hardware_source = ""
        self._user: dict[str, Any] = {}
        self._cancel_requested: set[str] = set()
        self.retry_delay = 0.5  # seconds before the first retry (tests make it small)
        # our own threads for blocking Hub calls: a log read may wait seconds for new lines, and must not hold up
        # the service's shared executor (SQLite writes, keyring)
        self._pool: Any = None
        self._pool_lock = threading.Lock()

    # -- description -----------------------------------------------------------------------------------
    def capabilities(self) -> Capabilities:
        return Capabilities(methods=("supervised", "dpo"), pause_resume=False, checkpoints=False,
                            billable=True, push=True)

    def parameters(self) -> list[ParamSpec]:
        return _param_specs()

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        problems = validate_against(self.parameters(), params)
        tf = params.get("training_file")
        if tf and not Path(str(tf)).is_file():
            problems.append(ParamProblem.of("training_file", "file_not_found", path=str(tf)))
        vf = params.get("validation_file")
        if vf and not Path(str(vf)).is_file():
            problems.append(ParamProblem.of("validation_file", "file_not_found", path=str(vf)))
        t = params.get("timeout")
        if t is not None and _timeout_seconds(t) is None:
            problems.append(ParamProblem.of("timeout", "param_type", "param_timeout_format"))
        for key in ("output_repo", "dataset_repo"):
            if params.get(key):
                from fttool.hub.push import check_repo_name

                try:
                    check_repo_name(str(params[key]))
                except FtError as exc:
                    problems.append(ParamProblem(key, exc.code, exc.message, dict(exc.params), exc.code))
        return problems

    def check_launch(self, params: dict[str, Any], base_model: str | None) -> Any:
        """Before the job is stored: a Hub model, and data the TRL engine can train on (every problem named by
        its line, as for a local job), so nothing is pushed or billed for a file that would fail."""
        from fttool.providers.local.preflight import all_problems, check_examples  # its messages too
        from fttool.providers.local.trl import resolve_method

        model = str(base_model or "")
        if not HUB_ID_RE.match(model) or Path(model).expanduser().exists():
            raise UsageError("hf_model_not_on_hub", model=model or "-")
        if not params.get("training_file"):
            raise UsageError("hf_no_training_file")
        method = resolve_method(params)
        for key in ("training_file", "validation_file"):
            path = params.get(key)
            if not path:
                continue
            _n, problems = check_examples(Path(str(path)), method="dpo" if method == "dpo" else "supervised")
            if problems:
                raise UsageError("local_data_invalid", path=str(path), count=len(problems),
                                 detail=all_problems(problems))
        return {"method": method}

    # -- hardware and cost -----------------------------------------------------------------------------
    def hardware(self, *, refresh: bool = False, network: bool = True) -> list[dict[str, Any]]:
        """Flavors with prices: live from list_jobs_hardware (cached 10 min), else the dated snapshot."""
        if self._hardware is not None and not refresh and time.monotonic() - self._hardware_at < 600:
            return self._hardware
        if network:
            try:
                from fttool.hub.client import with_retries

                hf = self._api()
                items = with_retries(lambda: hf.list_jobs_hardware(), what="the list of hardware", attempts=2,
                                     base_delay=self.retry_delay)
                self._hardware = [_hw_dict(h) for h in items]
                self._hardware_at = time.monotonic()
                self._hardware_source = "Hugging Face list_jobs_hardware (live)"
                return self._hardware
            except FtError as exc:
                log.info("hardware list unavailable, using the snapshot: %s", exc.message)
        facts = jobs_facts()
        self._hardware_source = f"resources/hf/jobs.json ({facts['as_of']})"
        return [_hw_dict_raw(h) for h in facts["hardware"]]

    def estimate_cost(self, params: dict[str, Any]) -> CostEstimate | None:
        facts = jobs_facts()
        flavor = str(params.get("flavor") or facts["default_flavor"])
        # never touch the network from an event loop thread (the service calls this on its loop)
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        hardware = self.hardware(network=not on_loop)
        hw = {h["name"]: h for h in hardware}
        price = hw.get(flavor, {}).get("usd_per_minute")
        info = flavor_gpus(flavor, hardware)
        gpus = int(info["gpus"])
        tokens = _approx_tokens(params.get("training_file"))
        epochs = float(params.get("epochs") or 3)
        size = model_size_billions(params.get("base_model"))
        tps_table = facts["throughput_tokens_per_second_1b"]
        # the table is per GPU; data parallel over N GPUs takes about N times as many tokens a second (the
        # flavor's price already covers all of them)
        tps = float(tps_table.get(flavor, 1000)) * max(gpus, 1) / max(size, 0.05)
        train_minutes = (tokens * epochs) / tps / 60 if tokens else 0.0
        minutes = math.ceil(float(facts["setup_minutes"]) + train_minutes)
        limit = _timeout_seconds(params.get("timeout") or facts["default_timeout"]) or 0
        capped = bool(limit) and minutes > math.ceil(limit / 60)
        if capped:
            minutes = math.ceil(limit / 60)
        usd = round(minutes * float(price), 2) if price is not None else None
        where = (f"{info['label']}: {gpus} GPUs training together, data parallel" if gpus > 1
                 else f"{info['label']}: 1 GPU" if gpus == 1 else f"{info['label']}: no GPU")
        detail = (f"about {minutes} min on {flavor} ({where}; {facts['setup_minutes']} min setup + about "
                  f"{tokens * epochs:,.0f} training tokens at about {tps:,.0f} tokens/s)")
        if price is not None:
            detail += f" at ${float(price) * 60:.2f}/hour for the whole flavor"
        if capped:
            detail += f"; the job would need longer than its {minutes} min time limit and would be stopped"
        return CostEstimate(usd=usd, billed_tokens=int(tokens * epochs) if tokens else None,
                            price_source=self._hardware_source, price_date=facts["as_of"], detail=detail)

    # -- helpers ---------------------------------------------------------------------------------------
    async def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        import concurrent.futures

        with self._pool_lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="fttool-hf")
            pool = self._pool
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, lambda: fn(*args, **kwargs))

    async def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:  # a call in flight ends on its own (the client's own retries are bounded)
            pool.shutdown(wait=False, cancel_futures=True)

    def _api(self) -> Any:
        from fttool.hub.client import api

        return api()

    def _namespace(self, hf: Any) -> str:
        from fttool.hub.client import whoami_name

        return whoami_name(hf, self._user)

    # -- start -----------------------------------------------------------------------------------------
    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        """Push the data (progress in provider_status), then launch. A cancel while starting stops the push
        (nothing is committed) or, if the launch already went out, cancels the job on the Hub."""
        from fttool.errors import Cancelled

        params = dict(job.params)
        if not params.get("training_file"):
            raise UsageError("hf_no_training_file")
        model = str(job.base_model or "")
        if not HUB_ID_RE.match(model) or Path(model).expanduser().exists():
            raise UsageError("hf_model_not_on_hub", model=model or "-")
        cancelled = CANCELLED_RESULT | {"params": params}
        hf = self._api()
        user = await self._run(self._namespace, hf)
        await ctx.update(status=Status.UPLOADING, provider_status=render("hf_step_push_data"))
        progress = self._progress_reporter(ctx, asyncio.get_running_loop())
        try:
            dataset_repo, revision, prepared = await self._run(self._push_data, job, params, user, progress)
        except Cancelled:
            return cancelled
        params.update(dataset_repo=dataset_repo, dataset_revision=revision, hf_namespace=user,
                      method=prepared["method"])
        if not params.get("output_repo") or params.get("output_repo_auto"):  # a clone gets its own repo
            params.update(output_repo=self._default_output_repo(job, params, user), output_repo_auto=True)
        params.setdefault("flavor", jobs_facts()["default_flavor"])
        # the plan over every GPU of the flavor: the steps per epoch number the loss lines of the log
        hardware = await self._run(self.hardware)
        gpus = flavor_gpus(params["flavor"], hardware)
        plan = job_plan(params, prepared["rows"], gpus)
        memory = memory_estimate(job.base_model, params, hardware=hardware)
        params.update(plan={**plan, "examples": prepared["examples"], "skipped": prepared["skipped"],
                            "strategy": memory["strategy"]},
                      steps_per_epoch=plan["steps_per_epoch"])
        if job.id in self._cancel_requested:
            return cancelled
        await ctx.update(status=Status.QUEUED, provider_status=render("hf_step_launch"), params=params)
        info = await self._run(self._launch, hf, job, params, user)
        parallel = f", {memory['strategy']} over {gpus['gpus']} GPUs" if memory["strategy"] else ""
        described = render("hf_job_plan", {
            "method": prepared["method"].upper(), "hardware": gpus["label"], "rows": prepared["rows"],
            "examples": prepared["examples"], "steps": plan["total_steps"],
            "steps_per_epoch": plan["steps_per_epoch"], "parallel": parallel})
        events = [{"message": f"Hugging Face job {info.id} on {params['flavor']}: {info.url}",
                   "level": "info", "provider_event_id": f"{info.id}:launch"},
                  {"message": described, "level": "info", "provider_event_id": f"{info.id}:plan"}]
        if prepared["skipped"]:
            events.append({"message": render("trl_rows_dropped", {"skipped": prepared["skipped"]}),
                           "level": "warning", "provider_event_id": f"{info.id}:rows-dropped"})
        if memory["fits"] is False:
            events.append({"message": render("hf_too_big", {
                "needed": memory["needed_gb"], "flavor": params["flavor"],
                "memory": memory["total_gpu_memory_gb"] or "?"}),
                "level": "warning", "provider_event_id": f"{info.id}:memory"})
        await ctx.add_events(events)
        stage = _stage(info)
        if job.id in self._cancel_requested and not STAGE_TO_STATUS.get(stage, Status.QUEUED).terminal:
            await self._run(self._cancel_blocking, Job.from_dict({**job.to_dict(), "provider_job_id": info.id,
                                                                  "params": params}))
            return cancelled | {"provider_job_id": info.id}
        return {"provider_job_id": info.id, "status": STAGE_TO_STATUS.get(stage, Status.QUEUED),
                "provider_status": stage, "params": params}

    def _progress_reporter(self, ctx: JobContext, loop: asyncio.AbstractEventLoop) -> Any:
        """A thread-safe progress callback that shows the push in the job's provider_status (every 10%)."""
        last = [-1]

        def report(done: int, total: int, message: str) -> None:
            pct = int(100 * done / total) if total else 0
            if pct // 10 == last[0] // 10 and pct < 100:
                return
            last[0] = pct
            text = render("hf_step_push_progress", {"percent": pct})
            asyncio.run_coroutine_threadsafe(ctx.update(provider_status=text), loop)

        return report

    def _default_output_repo(self, job: Job, params: dict[str, Any], user: str) -> str:
        base = slug(str(job.base_model or "model").split("/")[-1], 40)
        suffix = f"-{slug(str(params['suffix']), 20)}" if params.get("suffix") else ""
        return f"{user}/fttool-{base}{suffix}-{job.id.removeprefix('job-')[:8]}"

    def _push_data(self, job: Job, params: dict[str, Any], user: str,
                   progress: Any = None) -> tuple[str, str | None, dict[str, Any]]:
        """Prepare the files as the local TRL engine does (TRL's conversational rows) and push them, with a
        dataset card summarising the user's own files. Returns (repo, the commit holding them, what was
        prepared: method, rows, examples, skipped)."""
        from fttool.hub import card
        from fttool.hub.client import with_retries
        from fttool.hub.push import LocalFile, push_files
        from fttool.providers.local import trl

        method = trl.resolve_method(params)
        local = trl_params(params)
        loss_on = str(local.get("loss_on") or "answers")
        train = Path(str(params["training_file"]))
        splits = [card.summarize_split("train", train)]
        with tempfile.TemporaryDirectory(prefix="fttool-hf-") as tmp:
            prepared_train = Path(tmp) / "train.jsonl"
            counts = trl.prepare_data(train, prepared_train, method, loss_on)
            files = [LocalFile(TRAIN_FILE, prepared_train)]
            if params.get("validation_file"):
                valid = Path(str(params["validation_file"]))
                trl.prepare_data(valid, Path(tmp) / "validation.jsonl", method, loss_on)
                files.append(LocalFile(VALID_FILE, Path(tmp) / "validation.jsonl"))
                splits.append(card.summarize_split("validation", valid))
            template = trl.template_choice(local, str(job.base_model))[0] if method == "sft" else None
            if template:  # --param chat_template=chatml|zephyr: the YAML's chat_template_path reads it
                files.append(LocalFile(trl.TEMPLATE_FILE, trl.TEMPLATES[template].encode()))
            if not params.get("dataset_repo") or params.get("dataset_repo_auto"):  # named by the rows
                digest = hashlib.sha256(prepared_train.read_bytes()).hexdigest()
                params.update(dataset_repo=f"{user}/fttool-data-{digest[:10]}", dataset_repo_auto=True)
            repo = str(params["dataset_repo"])
            forms = ("prompt/chosen/rejected rows" if method == "dpo" else
                     "one prompt/completion row per trained answer" if loss_on == "answers" else
                     "messages rows")
            note = (f"The files are the examples prepared for TRL {method.upper()} (TRL's conversational "
                    f"forms: {forms}); {counts['examples']} training examples became {counts['rows']} rows.")
            readme = card.dataset_card(repo_id=repo, project_name=job.project or repo.split("/")[-1],
                                       description="Training data pushed by fttool for a Hugging Face Jobs "
                                                   "run.", splits=splits, rows_note=note)
            files.append(LocalFile("README.md", readme.encode()))
            result = push_files(files, repo, repo_type="dataset", private=bool(params.get("private", True)),
                                commit_message=f"fttool: data for {job.id}", progress=progress,
                                cancel=lambda: job.id in self._cancel_requested)
        revision = result.commit
        if revision is None:  # nothing changed: the job reads the commit that holds the same files
            hf = self._api()
            revision = with_retries(lambda: hf.repo_info(result.repo_id, repo_type="dataset").sha,
                                    what=f"the dataset repo {result.repo_id}", base_delay=self.retry_delay)
        return result.repo_id, revision, {**counts, "method": method}

    def command(self, params: dict[str, Any], base_model: str | None) -> tuple[list[str], dict[str, str]]:
        """The job's command and (non-secret) environment: resources/hf/job.sh with the lock (the CUDA route's
        pins of trl.lock), the TRL YAML and, when the merged model is asked for, resources/hf/merge_push.py,
        each base64-encoded in an environment variable. Uses the hardware list already read (no network)."""
        from fttool.providers.local import trl
        from fttool.runtime.engines import engine

        model = str(base_model)
        info = flavor_gpus(params.get("flavor"), self._hardware)
        method = str(params.get("method") or trl.resolve_method(params))
        plan = params.get("plan") or job_plan(params, _rows(params, method), info)
        if "strategy" in plan:  # chosen at launch
            strategy = plan["strategy"]
        else:
            strategy = memory_estimate(model, params, hardware=self._hardware)["strategy"]
        template = trl.template_choice(trl_params(params, info), model)[0] if method == "sft" else None
        validation = bool(params.get("validation_file"))
        config = job_config(params, model, method=method, validation=validation, plan=plan, info=info,
                            strategy=strategy, template_file=trl.TEMPLATE_FILE if template else None)
        lock = "\n".join(engine("trl").requirements("cuda")) + "\n"
        env = {"FTTOOL_LOCK_B64": _b64(lock), "FTTOOL_CONFIG_B64": _b64(trl.to_yaml(config, method)),
               "PYTHONUNBUFFERED": "1", "HF_HUB_DISABLE_UPDATE_CHECK": "1",
               # the Hub's log is read as lines: no progress bars redrawn with \r
               "HF_HUB_DISABLE_PROGRESS_BARS": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}
        args = ["--method", method, "--dataset-repo", str(params["dataset_repo"]),
                "--dataset-revision", str(params.get("dataset_revision") or "main"), "--base-model", model,
                "--output-repo", str(params["output_repo"]), "--train-file", TRAIN_FILE]
        if validation:
            args += ["--valid-file", VALID_FILE]
        if params.get("merge"):
            env["FTTOOL_MERGE_B64"] = _b64(merge_script_path().read_bytes())
            args.append("--merge")
        return ["bash", "-c", job_script(), "fttool-hf-job", *args], env

    def _find_by_label(self, hf: Any, job_id: str, user: str) -> Any:
        from fttool.hub.client import with_retries

        found = with_retries(lambda: list(hf.list_jobs(labels={LABEL: job_id}, namespace=user)),
                             what="the job list", base_delay=self.retry_delay)
        return found[0] if found else None

    def _launch(self, hf: Any, job: Job, params: dict[str, Any], user: str, attempts: int = 3) -> Any:
        from fttool.hub.client import is_transient, status_of, to_error

        existing = self._find_by_label(hf, job.id, user)
        if existing is not None:
            log.info("job %s already launched as %s: adopting it", job.id, existing.id)
            return existing
        flavors = {h["name"] for h in self.hardware()}
        flavor = str(params.get("flavor"))
        if flavors and flavor not in flavors:
            raise UsageError("hf_unknown_flavor", flavor=flavor, known=", ".join(sorted(flavors)))
        command, env = self.command(params, job.base_model)
        token = credentials.require("hf", "Hugging Face")
        timeout = _timeout_seconds(params.get("timeout") or jobs_facts()["default_timeout"])
        delay = self.retry_delay
        last: BaseException | None = None
        for attempt in range(1, attempts + 1):
            try:
                return hf.run_job(image=jobs_facts()["image"], command=command, env=env,
                                  secrets={"HF_TOKEN": token}, flavor=flavor, timeout=timeout,
                                  labels={LABEL: job.id}, name=f"fttool-{job.id}", namespace=user)
            except Exception as exc:
                last = exc
                if not is_transient(exc):
                    raise to_error(exc, "the job") from exc
                log.warning("run_job attempt %d failed: %s", attempt, redact(f"{type(exc).__name__}: {exc}")[:200])
                # the answer may have been lost after the job was created: look before trying again
                time.sleep(delay if status_of(exc) is None else 0)
                found = self._find_by_label(hf, job.id, user)
                if found is not None:
                    return found
                time.sleep(delay)
                delay *= 2
        assert last is not None
        err = to_error(last, "the job")
        raise FtError("hf_launch_failed", details=err.details, attempts=attempts, detail=err.message) from last

    # -- poll ------------------------------------------------------------------------------------------
    async def poll(self, job: Job) -> PollResult:
        return await self._run(self._poll_blocking, job)

    def _poll_blocking(self, job: Job) -> PollResult:
        from fttool.hub.client import with_retries

        hf = self._api()
        user = str(job.params.get("hf_namespace") or self._namespace(hf))
        if not job.provider_job_id:  # fttool stopped while starting it: find it by its label
            found = self._find_by_label(hf, job.id, user)
            if found is None and _age_seconds(job.updated_at) < STARTING_GRACE_S:
                # another fttool process may still be pushing its data: look again later
                return PollResult(status=job.status, provider_status=job.provider_status, next_poll_seconds=15)
            if found is None:  # it never started (stopped while pushing the data, or before run_job answered)
                return PollResult(status=Status.FAILED, provider_status=None,
                                  error={"code": "hf_job_not_started", "message": render("hf_job_not_started")})
            info = with_retries(lambda: hf.inspect_job(job_id=found.id, namespace=user), what=f"job {found.id}",
                                base_delay=self.retry_delay)
        else:
            info = with_retries(lambda: hf.inspect_job(job_id=job.provider_job_id, namespace=user),
                                what=f"job {job.provider_job_id}", base_delay=self.retry_delay)
        stage = _stage(info)
        status = STAGE_TO_STATUS.get(stage, Status.RUNNING)
        state = self._logs.setdefault(job.id, _JobLog())
        replay = self._read_log(hf, info.id, user) if stage != "SCHEDULING" else []
        with state.lock:
            first = len(state.lines)
            new_lines = replay[first:]
            if len(replay) > first:
                state.lines = replay
            lines = list(state.lines)
        events = [{"message": redact(line)[:2000], "level": _level(line), "provider_event_id": f"{info.id}:{first + i}"}
                  for i, line in enumerate(new_lines) if line.strip()]
        plan = job.params.get("plan")
        logging_steps = int(plan.get("logging_steps") or 1) if isinstance(plan, dict) else 1
        metrics = metrics_from_lines(lines, job.params.get("steps_per_epoch"), logging_steps)
        result = PollResult(status=status, provider_status=stage, metrics=metrics, events=events)
        if status == Status.SUCCEEDED:
            result.result_model = str(job.params.get("output_repo") or "") or None
            if result.result_model:
                result.events.append(self._push_card(job, result.result_model, info.id))
            self._logs.pop(job.id, None)
        elif status == Status.FAILED:
            msg = info.status.message or stage
            tail = [ln for ln in lines if ln.strip()][-3:]
            if tail:
                msg = f"{msg}. Last log lines: " + " | ".join(t[:200] for t in tail)
            code = "hf_job_deleted" if stage == "DELETED" else "hf_job_error"
            result.error = {"code": code, "message": redact(f"{msg}")}
            self._logs.pop(job.id, None)
        elif status == Status.CANCELLED:
            self._logs.pop(job.id, None)
        return result

    def _read_log(self, hf: Any, hf_job_id: str, user: str) -> list[str]:
        """The job's whole log so far (the Hub replays it from the start). A read that fails part way (dropped
        stream, 429, 5xx) returns what came before the failure; the rest is read at the next poll."""
        lines: list[str] = []
        try:
            for line in hf.fetch_job_logs(job_id=hf_job_id, namespace=user, follow=False):
                lines.append(str(line))
        except Exception as exc:
            log.info("job %s log read stopped: %s", hf_job_id, redact(f"{type(exc).__name__}: {exc}")[:200])
        return lines

    def _push_card(self, job: Job, repo_id: str, hf_job_id: str) -> dict[str, Any]:
        """Our model card on the job's output repo (base model, data, parameters, evaluation, command). A card
        that cannot be pushed is a warning on the job, never a failed job."""
        from fttool.hub import card
        from fttool.hub.push import LocalFile, push_files

        params = dict(job.params)
        try:
            splits = []
            for key, split in (("training_file", "train"), ("validation_file", "validation")):
                path = params.get(key)
                if path and Path(str(path)).is_file():
                    splits.append(card.summarize_split(split, Path(str(path))))
            project = Path(job.project) if job.project and Path(job.project).is_dir() else None
            text = card.model_card(repo_id=repo_id, base_model=job.base_model, params=params, splits=splits,
                                   eval_results=card.load_eval_results(project),
                                   command=card.training_command("hf", job.base_model, params),
                                   dataset_repo=params.get("dataset_repo"), backend="hf (Hugging Face Jobs)")
            push_files([LocalFile("README.md", text.encode())], repo_id, repo_type="model",
                       private=bool(params.get("private", True)), commit_message="fttool: model card")
        except FtError as exc:
            return {"message": f"The model card could not be pushed to {repo_id}: {exc.message}", "level": "warning",
                    "provider_event_id": f"{hf_job_id}:card"}
        return {"message": f"Model card pushed to {repo_id}.", "level": "info",
                "provider_event_id": f"{hf_job_id}:card"}

    # -- cancel ----------------------------------------------------------------------------------------
    async def cancel(self, job: Job) -> PollResult:
        return await self._run(self._cancel_blocking, job)

    def _cancel_blocking(self, job: Job) -> PollResult:
        from fttool.hub.client import with_retries

        self._cancel_requested.add(job.id)  # a start still pushing or launching stops (see start)
        hf = self._api()
        user = str(job.params.get("hf_namespace") or self._namespace(hf))
        hf_id = job.provider_job_id
        if not hf_id:
            found = self._find_by_label(hf, job.id, user)
            if found is None:
                return PollResult(status=Status.CANCELLED, provider_status="CANCELED")
            hf_id = found.id
        with_retries(lambda: hf.cancel_job(job_id=hf_id, namespace=user), what=f"job {hf_id}",
                     base_delay=self.retry_delay)
        info = with_retries(lambda: hf.inspect_job(job_id=hf_id, namespace=user), what=f"job {hf_id}",
                            base_delay=self.retry_delay)
        stage = _stage(info)
        status = STAGE_TO_STATUS.get(stage, Status.CANCELLED)
        if not status.terminal:
            status = Status.CANCELLED  # asked and accepted; the Hub may take a moment to say so
        self._logs.pop(job.id, None)
        return PollResult(status=status, provider_status=stage,
                          events=[{"message": "Cancelled on Hugging Face.", "level": "info",
                                   "provider_event_id": f"{hf_id}:cancel"}])


def _stage(info: Any) -> str:
    """The Hub's word for the job's stage ("RUNNING"), whether the client gives a str or a JobStage."""
    stage = info.status.stage
    return str(getattr(stage, "value", stage)).upper()


def _age_seconds(iso: str | None) -> float:
    from datetime import datetime, timezone

    from fttool.clock import now

    try:
        then = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return float("inf")
    if then.tzinfo is None:
        then = then.replace(tzinfo=timezone.utc)
    return (now() - then).total_seconds()


def _level(line: str) -> str:
    low = line.lower()
    if "error" in low or "traceback" in low:
        return "error"
    if "warning" in low:
        return "warning"
    return "info"


def _timeout_seconds(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value > 0 else None
    s = str(value).strip().lower()
    factors = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if s and s[-1] in factors:
            n = float(s[:-1]) * factors[s[-1]]
        else:
            n = float(s)
    except ValueError:
        return None
    return int(n) if n > 0 else None


def _approx_tokens(path: Any) -> int:
    """About four characters a token: a planning figure for the estimate, not a bill."""
    if not path:
        return 0
    try:
        return int(Path(str(path)).stat().st_size / 4)
    except OSError:
        return 0


def _rows(params: dict[str, Any], method: str) -> int:
    """Training rows of the file as prepare_data makes them (100 when it cannot be read): for a command built
    without the plan made at launch."""
    from fttool.providers.local import trl

    loss_on = str(trl_params(params).get("loss_on") or "answers")
    rows = 0
    try:
        with open(str(params["training_file"]), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows += len(trl.convert_example(json.loads(line), method, loss_on))
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return 100
    return max(rows, 1)


def _hw_dict(h: Any) -> dict[str, Any]:
    acc = h.accelerator
    gpu = _gpu_fields(acc.model, acc.quantity, acc.vram) if acc else _gpu_fields(None, 0, None)
    return {"name": h.name, "label": h.pretty_name, "cpu": h.cpu, "ram": h.ram,
            "accelerator": f"{acc.quantity}x {acc.model} {acc.vram}" if acc else None,
            "usd_per_minute": float(h.unit_cost_usd), "unit": h.unit_label, **gpu}


def _hw_dict_raw(h: dict[str, Any]) -> dict[str, Any]:
    acc = h.get("accelerator")
    gpu = _gpu_fields(acc["model"], acc["quantity"], acc["vram"]) if acc else _gpu_fields(None, 0, None)
    return {"name": h["name"], "label": h.get("prettyName", h["name"]), "cpu": h.get("cpu"), "ram": h.get("ram"),
            "accelerator": f"{acc['quantity']}x {acc['model']} {acc['vram']}" if acc else None,
            "usd_per_minute": float(h["unitCostUSD"]), "unit": h.get("unitLabel", "minute"), **gpu}
