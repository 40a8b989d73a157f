"""Epochs, billed tokens and the estimated price, from the dated tables in resources/."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fttool.datasets.limits import epoch_rule, prices_table


@dataclass(frozen=True)
class CostEstimate:
    usd: float | None
    as_of: str
    source: str
    model: str
    billed_tokens: int
    per_1m_tokens: float | None


def default_epochs(n_examples: int) -> int:
    """OpenAI's default epoch rule (cookbook): target 3 epochs, scaled so that examples x epochs stays within
    100..25,000, and epochs within 1..25."""
    r = epoch_rule()
    target, lo, hi = int(r["default"]), int(r["min_target_examples"]), int(r["max_target_examples"])
    e_min, e_max = int(r["min"]), int(r["max"])
    if n_examples <= 0:
        return target
    if n_examples * target < lo:
        return min(e_max, lo // n_examples)
    if n_examples * target > hi:
        return max(e_min, hi // n_examples)
    return target


def billed_tokens(tokens: Iterable[int], limit: int | None, epochs: int) -> int:
    """Sum over examples of min(limit, tokens), times the epochs."""
    if limit is None:
        return sum(tokens) * epochs
    return sum(min(limit, t) for t in tokens) * epochs


def prices() -> dict:
    return prices_table()


def estimate(model: str, billed: int) -> CostEstimate:
    table = prices_table()
    base = model.split(":")[1] if model.startswith("ft:") else model
    entry = table["models"].get(base)
    if entry is None:
        for name, e in table["models"].items():
            if name.startswith(base + "-"):
                entry = e
                break
    rate = entry.get("training_per_1m_tokens") if entry else None
    usd = round(billed * float(rate) / 1_000_000, 4) if rate is not None else None
    return CostEstimate(usd=usd, as_of=str(table["as_of"]), source=str(table["source"]), model=model,
                        billed_tokens=billed, per_1m_tokens=rate)
