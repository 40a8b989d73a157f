"""Local training's memory arithmetic: the rough peak memory of LoRA training (the formula in words) and a model's
size read from its name. Pure: it imports only the local specs' defaults (fttool.providers.local.common), so the
pre-flight, the recipe and Hugging Face's plan can all use it without importing each other."""

from __future__ import annotations

import re
from typing import Any

from fttool.providers.local.common import _value

_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([bBmM])\b")


def model_size_billions(model: str | None) -> float:
    """1.5 for 'Qwen2.5-1.5B-Instruct', 0.135 for 'SmolLM2-135M'; 1 when the name does not say."""
    for num, unit in reversed(_SIZE_RE.findall((model or "").replace("_", "-"))):
        value = float(num)
        return value if unit.lower() == "b" else value / 1000
    return 1.0


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
