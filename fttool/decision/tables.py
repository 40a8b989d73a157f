"""The dated tables the decision reads: resources/decision_rules.json (criteria, weights, score tables),
prices.json, model_limits.json and providers.json (which may not exist yet: then tunability is 'unknown').
Tests pass their own Tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fttool.errors import InputError


def _read(name: str, *, required: bool) -> dict[str, Any] | None:
    from fttool.resources import resource

    try:
        path = resource(name)
    except FileNotFoundError:
        if required:
            raise InputError("file_not_found", path=f"resources/{name}") from None
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError("unreadable_file", path=str(path), reason=str(exc)) from exc
    if not isinstance(data, dict):
        raise InputError("unreadable_file", path=str(path), reason="not a JSON object")
    return data


@dataclass
class Tables:
    rules: dict[str, Any]
    prices: dict[str, Any] | None
    limits: dict[str, Any] | None
    providers: dict[str, Any] | None

    @classmethod
    def load(cls) -> Tables:
        rules = _read("decision_rules.json", required=True)
        assert rules is not None
        return cls(rules=rules, prices=_read("prices.json", required=False),
                   limits=_read("model_limits.json", required=False),
                   providers=_read("providers.json", required=False))

    @classmethod
    def from_files(cls, rules: Path, prices: Path | None = None, limits: Path | None = None,
                   providers: Path | None = None) -> Tables:
        def rd(p: Path | None) -> dict[str, Any] | None:
            return json.loads(p.read_text(encoding="utf-8")) if p else None

        r = rd(rules)
        assert r is not None
        return cls(r, rd(prices), rd(limits), rd(providers))

    # -- lookups ------------------------------------------------------------------------------------------
    def default_weights(self) -> dict[str, float]:
        return {name: float(c["weight"]) for name, c in self.rules["criteria"].items()}

    def group(self, criterion: str) -> str:
        return str(self.rules["criteria"][criterion]["group"])

    def score_table(self, criterion: str) -> dict[str, Any]:
        return dict(self.rules["scores"][criterion])

    def minimum_examples(self, backend: str) -> int:
        mins = (self.limits or {}).get("minimum_examples") or {}
        return int(mins.get(backend, 1))

    def price(self, model: str) -> dict[str, Any] | None:
        """The price entry `model` stands for in these tables (the one resolver, fttool.tables: exact,
        documented alias, unique dated match; else None)."""
        from fttool.tables import resolve

        models = (self.prices or {}).get("models") or {}
        aliases = {k: str(v) for k, v in ((self.limits or {}).get("aliases") or {}).items() if not k.startswith("_")}
        name = resolve(model, names=models, alias_table=aliases).name
        entry = models.get(name) if name else None
        return dict(entry) if isinstance(entry, dict) else None

    def price_date(self) -> str:
        return str((self.prices or {}).get("as_of") or "?")

    def epochs_rule(self) -> dict[str, Any]:
        return dict((self.limits or {}).get("epochs") or {"default": 3, "min": 1, "max": 25,
                                                          "min_target_examples": 100,
                                                          "max_target_examples": 25000})


def first_row(rows: list[list[float]], value: float, *, at_most: bool) -> float | None:
    """The score of the first row [bound, score] whose bound holds (value < bound, or value <= bound)."""
    for bound, score in rows:
        if (value <= bound) if at_most else (value < bound):
            return float(score)
    return None
