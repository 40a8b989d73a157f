"""The dated tables in resources/: per-example token limits, encodings, minimum examples, prices."""

from __future__ import annotations

import json
from functools import cache
from typing import Any


@cache
def _load(name: str) -> dict[str, Any]:
    from fttool.resources import resource

    with open(resource(name), encoding="utf-8") as f:
        return dict(json.load(f))


def limits_table() -> dict[str, Any]:
    return _load("model_limits.json")


def prices_table() -> dict[str, Any]:
    return _load("prices.json")


def default_model() -> str:
    return str(limits_table().get("default_model") or "gpt-4o-mini-2024-07-18")


def model_limits(model: str | None) -> dict[str, Any]:
    """{"example_tokens": n, "encoding": ...} for a model; a fine-tuned id (ft:base:org::id) maps to its base;
    an unknown model gets the default model's encoding and no limit."""
    table = limits_table()["models"]
    model = model or default_model()
    if model.startswith("ft:"):
        model = model.split(":")[1]
    if model in table:
        return dict(table[model])
    for name, info in table.items():  # an alias such as gpt-4o-mini -> gpt-4o-mini-2024-07-18
        if name.startswith(model + "-"):
            return dict(info)
    enc = "cl100k_base" if model.startswith(("gpt-3.5", "gpt-4-")) or model == "gpt-4" else "o200k_base"
    return {"example_tokens": None, "encoding": enc}


def minimum_examples(backend: str) -> int:
    return int(limits_table()["minimum_examples"].get(backend, 1))


def epoch_rule() -> dict[str, Any]:
    return dict(limits_table()["epochs"])
