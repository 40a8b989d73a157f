"""What a job on Hugging Face Jobs is before it runs (pure, no network): its form (the parameter descriptors), the
dated facts (resources/hf/jobs.json), what a flavor brings (GPUs and their memory), the memory a model needs and
how it is spread over the GPUs, the steps, and the TRL config the job script gets. The Train view and the
provider (huggingface.py) both use these."""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

from fttool.providers.base import ParamSpec
from fttool.providers.local.memory import model_size_billions

_COUNT_RE = re.compile(r"x(\d+)$")
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
    return [hw_dict_raw(h) for h in jobs_facts()["hardware"]]


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
    defaults = {s.name: s.default for s in param_specs()}

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
    from fttool.providers.local.memory import estimate_memory_mb

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


def param_specs() -> list[ParamSpec]:
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
        ParamSpec("batch_size", "int", 4, minimum=1, maximum=256, label="Batch size", advanced=True,
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
        ParamSpec("merge", "bool", False, label="Also push the merged model", advanced=True,
                  help="Besides the small adapter, push the base model merged with it (large)."),
        ParamSpec("output_repo", "str", label="Model repo",
                  help="Where the adapter is pushed (private). Default: your-name/fttool-<model>-<job>."),
        ParamSpec("dataset_repo", "str", label="Dataset repo",
                  help="Where the data is pushed (private). Default: your-name/fttool-data-<hash>."),
        ParamSpec("private", "bool", True, label="Private repos",
                  help="Create the dataset and model repos private (recommended)."),
        ParamSpec("suffix", "str", label="Name suffix", help="Added to the default model repo name."),
    ]


def hw_dict(h: Any) -> dict[str, Any]:
    acc = h.accelerator
    gpu = _gpu_fields(acc.model, acc.quantity, acc.vram) if acc else _gpu_fields(None, 0, None)
    return {"name": h.name, "label": h.pretty_name, "cpu": h.cpu, "ram": h.ram,
            "accelerator": f"{acc.quantity}x {acc.model} {acc.vram}" if acc else None,
            "usd_per_minute": float(h.unit_cost_usd), "unit": h.unit_label, **gpu}


def hw_dict_raw(h: dict[str, Any]) -> dict[str, Any]:
    acc = h.get("accelerator")
    gpu = _gpu_fields(acc["model"], acc["quantity"], acc["vram"]) if acc else _gpu_fields(None, 0, None)
    return {"name": h["name"], "label": h.get("prettyName", h["name"]), "cpu": h.get("cpu"), "ram": h.get("ram"),
            "accelerator": f"{acc['quantity']}x {acc['model']} {acc['vram']}" if acc else None,
            "usd_per_minute": float(h["unitCostUSD"]), "unit": h.get("unitLabel", "minute"), **gpu}
