"""The cost of an answer from the dated price table resources/prices.json (CONTRACTS.md, datasets core).

A fine-tuned OpenAI id `ft:<base>:<org>:<suffix>:<id>` (and its checkpoints) costs the base model's tuned
prices; a model name without its date (`gpt-4o-mini`) matches the dated entry it stands for. A model the table
does not know (a Hugging Face model, a local one, a server's) has no cost: None, never a guess."""

from __future__ import annotations

import json
from functools import cache
from typing import Any


@cache
def _table() -> dict[str, Any]:
    from fttool.resources import resource

    try:
        return dict(json.loads(resource("prices.json").read_text(encoding="utf-8")))
    except (FileNotFoundError, OSError, ValueError):
        return {}


def price_table() -> dict[str, Any]:
    return _table()


def _lookup(models: dict[str, Any], name: str) -> dict[str, Any] | None:
    if name in models:
        return dict(models[name])
    dated = sorted(k for k in models if k.startswith(name + "-"))
    return dict(models[dated[-1]]) if dated else None


def prices_for(model: str | None, table: dict[str, Any] | None = None) -> tuple[float, float] | None:
    """(input, output) USD per 1M tokens for this model id, or None when unknown."""
    if not model:
        return None
    models = (table if table is not None else _table()).get("models") or {}
    tuned = model.startswith("ft:")
    name = model.split(":")[1] if tuned else model
    entry = _lookup(models, name)
    if entry is None:
        return None
    if tuned:
        inp, out = entry.get("tuned_input_per_1m_tokens"), entry.get("tuned_output_per_1m_tokens")
    else:
        inp, out = entry.get("input_per_1m_tokens"), entry.get("output_per_1m_tokens")
    if inp is None or out is None:
        return None
    return float(inp), float(out)


def answer_cost(model: str | None, prompt_tokens: int | None, completion_tokens: int | None,
                table: dict[str, Any] | None = None) -> float | None:
    prices = prices_for(model, table)
    if prices is None or prompt_tokens is None or completion_tokens is None:
        return None
    return (prompt_tokens * prices[0] + completion_tokens * prices[1]) / 1_000_000
