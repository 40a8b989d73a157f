"""The dated tables in resources/ (model_limits.json: per-example token limits, encodings, minimum examples, the
epoch rule and the documented aliases; prices.json: training and answer prices), read once, and the one place that
resolves a model name, counts epochs, billed tokens and prices a training run (issue 17).

A name resolves only by
  - exact name in a table;
  - a fine-tuned id: OpenAI's `ft:<base>:<org>:<suffix>:<id>` (and its checkpoints), Azure's `<base>.ft-<id>`, to
    its base;
  - a documented alias (`gpt-4o` -> `gpt-4o-2024-08-06`, as OpenAI's model pages point the alias at its current
    snapshot; listed with their source in model_limits.json);
  - a unique dated match (`gpt-4o-mini` followed by a date or a 4-digit snapshot, when only one such name exists);
otherwise it is unknown: no limit, no price, never the price of another model. An unknown name gets the warning
`unknown_model` with the closest known names.

Why our own code: these are the provider's published numbers and the cookbook's rules; no kept library carries
them (tiktoken maps names to encodings only).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{4})$")


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


def tables_date() -> str:
    """The older of the two tables' dates: what "known" is as of."""
    return min(str(limits_table().get("as_of") or "?"), str(prices_table().get("as_of") or "?"))


# -- names --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resolution:
    query: str
    name: str | None  # the table's name; None: unknown
    how: str  # exact | alias | dated | unknown
    tuned: bool = False  # a fine-tuned model's id, resolved to its base

    @property
    def known(self) -> bool:
        return self.name is not None


def base_of(model: str) -> tuple[str, bool]:
    """(the base model's name, whether `model` is a fine-tuned id)."""
    if model.startswith("ft:") and len(model.split(":")) > 1:
        return model.split(":")[1], True
    if ".ft-" in model:  # Azure: gpt-4o-mini-2024-07-18.ft-0123abcd
        return model.split(".ft-")[0], True
    return model, False


def known_names() -> set[str]:
    return set(limits_table().get("models") or {}) | set(prices_table().get("models") or {})


def aliases() -> dict[str, str]:
    return {k: str(v) for k, v in (limits_table().get("aliases") or {}).items() if not k.startswith("_")}


def resolve(model: str | None, names: Iterable[str] | None = None,
            alias_table: dict[str, str] | None = None) -> Resolution:
    """The table name `model` stands for (see the module's rules). `names` and `alias_table` default to the tables
    in resources/ (the decision's tests pass their own)."""
    query = str(model or "")
    name, tuned = base_of(query)
    pool = set(names) if names is not None else known_names()
    table = alias_table if alias_table is not None else aliases()
    if name in pool:
        return Resolution(query, name, "exact", tuned)
    if name in table and table[name] in pool:
        return Resolution(query, table[name], "alias", tuned)
    dated = [k for k in pool if k.startswith(name + "-") and _DATED.match(k[len(name) + 1:])]
    if len(dated) == 1:
        return Resolution(query, dated[0], "dated", tuned)
    return Resolution(query, None, "unknown", tuned)


def close_names(model: str, n: int = 3) -> list[str]:
    """The known names (and aliases) closest to a name that is not known."""
    name = base_of(model)[0]
    return difflib.get_close_matches(name, sorted(known_names() | set(aliases())), n=n, cutoff=0.6)


def unknown_model_params(model: str) -> dict[str, Any]:
    """Parameters of the `unknown_model` warning: the close names as a list (`close_names`) and as text (`close`,
    "-" when none: check the provider's list of models)."""
    close = close_names(model)
    return {"model": model, "date": tables_date(), "close_names": close, "close": ", ".join(close) or "-"}


# -- limits ----------------------------------------------------------------------------------------------------
def model_limits(model: str | None) -> dict[str, Any]:
    """{"example_tokens": n or None, "encoding": ..., "known": bool, "name": the table's name or None}. An unknown
    model keeps a best guess of its encoding (to count tokens at all) and has no limit."""
    res = resolve(model or default_model())
    table = limits_table().get("models") or {}
    if res.name is not None and res.name in table:
        return {**dict(table[res.name]), "known": True, "name": res.name}
    name = base_of(res.query)[0]
    enc = "cl100k_base" if name.startswith(("gpt-3.5", "gpt-35", "gpt-4-")) or name == "gpt-4" else "o200k_base"
    return {"example_tokens": None, "encoding": enc, "known": res.name is not None, "name": res.name}


def minimum_examples(backend: str) -> int:
    return int((limits_table().get("minimum_examples") or {}).get(backend, 1))


# -- epochs and billed tokens ------------------------------------------------------------------------------------
def epoch_rule() -> dict[str, Any]:
    return dict(limits_table()["epochs"])


def default_epochs(n_examples: int, rule: dict[str, Any] | None = None) -> int:
    """OpenAI's default epoch rule, as the cookbook computes it: target 3 epochs; fewer than 100 examples x 3 gives
    min(25, 100 // n) (floor division), more than 25,000 x 3 gives max(1, 25000 // n)."""
    r = rule if rule is not None else epoch_rule()
    target, lo, hi = int(r.get("default", 3)), int(r.get("min_target_examples", 100)), \
        int(r.get("max_target_examples", 25000))
    e_min, e_max = int(r.get("min", 1)), int(r.get("max", 25))
    if n_examples <= 0:
        return target
    if n_examples * target < lo:
        return min(e_max, lo // n_examples)
    if n_examples * target > hi:
        return max(e_min, hi // n_examples)
    return target


def billed_tokens(tokens: Iterable[int], limit: int | None, epochs: int) -> int:
    """Sum over examples of min(limit, tokens), times the epochs (what the cookbook says you are charged for)."""
    if limit is None:
        return sum(tokens) * epochs
    return sum(min(limit, t) for t in tokens) * epochs


# -- prices ------------------------------------------------------------------------------------------------------
def price_entry(model: str | None, backend: str | None = None,
                table: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The price table's entry for a model (a fine-tuned id: its base's), or None when unknown (or not offered on
    `backend`)."""
    if not model:
        return None
    t = table if table is not None else prices_table()
    models = t.get("models") or {}
    res = resolve(model, names=models)
    if res.name is None:
        return None
    entry = dict(models[res.name])
    if backend is not None and backend not in entry.get("backends", [backend]):
        return None
    return entry


def answer_prices(model: str | None, table: dict[str, Any] | None = None) -> tuple[float, float] | None:
    """(input, output) USD per 1M tokens of an answer from this model id (a fine-tuned id: the tuned prices)."""
    entry = price_entry(model, table=table)
    if entry is None:
        return None
    if base_of(str(model))[1]:
        inp, out = entry.get("tuned_input_per_1m_tokens"), entry.get("tuned_output_per_1m_tokens")
    else:
        inp, out = entry.get("input_per_1m_tokens"), entry.get("output_per_1m_tokens")
    if inp is None or out is None:
        return None
    return float(inp), float(out)


@dataclass
class CostEstimate:
    """The one estimate of what a training run costs: usd None when the model or its price is unknown (shown as
    "unknown", never $0). Providers fill the rest (how it was computed, as words and as a catalog code)."""

    usd: float | None
    billed_tokens: int | None = None
    price_source: str = ""  # where the price comes from, e.g. "resources/prices.json"
    price_date: str = ""  # the date of the price table
    detail: str = ""  # how it was computed, in words
    examples: int | None = None  # what the estimate counted (token-billed backends)
    epochs: int | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)  # {code, params, message}: e.g. unknown_model
    detail_code: str = ""  # the detail as a catalog code and its parameters (a view says it in its language)
    detail_params: dict[str, Any] = field(default_factory=dict)
    model: str = ""
    per_1m_tokens: float | None = None
    known: bool = True


def estimate(model: str, billed: int, backend: str | None = None) -> CostEstimate:
    table = prices_table()
    entry = price_entry(model, backend, table)
    rate = entry.get("training_per_1m_tokens") if entry else None
    usd = round(billed * float(rate) / 1_000_000, 4) if rate is not None else None
    return CostEstimate(usd=usd, billed_tokens=billed, price_source=str(table.get("source", "")),
                        price_date=str(table.get("as_of", "")), model=model, per_1m_tokens=rate,
                        known=entry is not None)


# -- Together AI (resources/together.json: its fine-tunable models, training prices by size, endpoint hours) ------
def together_table() -> dict[str, Any]:
    return _load("together.json")


def together_models() -> dict[str, dict[str, Any]]:
    return dict(together_table().get("models") or {})


def together_model(model: str | None) -> dict[str, Any] | None:
    """The table's entry for a Together base model (exact name, or the same name in another case), or None."""
    if not model:
        return None
    models = together_models()
    if model in models:
        return {**models[model], "name": model}
    lowered = {k.lower(): k for k in models}
    name = lowered.get(model.lower())
    return {**models[name], "name": name} if name else None


def together_training_price(model: str | None, method: str = "supervised", lora: bool = True,
                            params_b: float | None = None) -> float | None:
    """USD per 1M processed tokens for training `model` on Together: the size bracket of its parameter count (from
    the table, or `params_b` when the API told it), the method (supervised or dpo) and LoRA or full; None when the
    model's size is unknown or bigger than every bracket."""
    size = params_b
    if size is None:
        entry = together_model(model)
        size = entry.get("params_b") if entry else None
    if size is None:
        return None
    key = ("dpo" if method == "dpo" else "sft") + ("_lora" if lora else "_full")
    for bracket in (together_table().get("training_per_1m_tokens") or {}).get("brackets", []):
        if float(size) <= float(bracket["up_to_b"]):
            value = bracket.get(key)
            return float(value) if value is not None else None
    return None


def together_hosting(hardware: str | None = None) -> dict[str, Any] | None:
    """{"id", "label", "usd"} per hour of a dedicated endpoint on `hardware` (default: the table's), or None."""
    table = together_table()
    hw = hardware or str(table.get("default_hardware") or "")
    entry = (table.get("endpoint_per_hour") or {}).get(hw)
    return {"id": hw, **entry} if entry else None
