"""The launch plan (issue 17): every launch, from any door (the CLI, the Train view, Clone, a script), is planned
here: examples, epochs, billed tokens, the estimated cost (or null when it is unknown), the price table's date,
the budget and whether the estimate is over it, whether the provider still takes new jobs, warnings and problems.

The job service refuses a billable launch that does not carry this plan's `fingerprint` (the person confirmed these
numbers for this data), and one over budget unless the budget was raised for it: no path can spend without the
guard. The fingerprint covers the backend, the model, the parameters, the data files' contents and the estimate.
Views and the CLI only show the plan and ask.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fttool.messages import register, render

register({
    "launch_not_confirmed": "This launch on {backend} was not confirmed with its estimate ({cost}). Nothing was "
                            "sent: show the plan and confirm it (`fttool train ... --yes`, or the cost dialog).",
    "launch_over_budget": "The estimate ({cost}) is above the budget ({budget}). Nothing was sent: raise the "
                          "budget (the project's settings, or --budget) to launch.",
})
FILE_PARAMS = ("training_file", "validation_file")


def budget_usd(project: str | None, override: float | None = None) -> float | None:
    """The launch budget: `override` (--budget, a raised budget), else the project's `budget_usd` (project.json),
    else the app setting; None when unset. The one reader of it."""
    if override is not None:
        return float(override)
    from fttool import settings

    if project:
        try:
            meta = json.loads((Path(project) / "project.json").read_text(encoding="utf-8"))
            if isinstance(meta, dict) and meta.get("budget_usd") is not None:
                return float(meta["budget_usd"])
        except (OSError, ValueError, TypeError):
            pass
    value = settings.get("budget_usd")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


@dataclass
class LaunchPlan:
    backend: str
    model: str | None
    billable: bool
    examples: int | None = None
    epochs: int | None = None
    billed_tokens: int | None = None
    estimated_cost_usd: float | None = None
    price_date: str | None = None
    price_source: str | None = None
    detail: str = ""
    detail_code: str = ""  # the detail as a catalog code and its parameters
    detail_params: dict[str, Any] = field(default_factory=dict)
    budget_usd: float | None = None
    over_budget: bool = False
    accepts_new_jobs: bool = True
    not_accepting: dict[str, Any] | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def launchable(self) -> bool:
        return not self.problems and not self.over_budget

    def cost_text(self) -> str:
        return f"${self.estimated_cost_usd:.2f}" if self.estimated_cost_usd is not None else "?"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "launchable": self.launchable}


def _file_digests(params: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name in FILE_PARAMS:
        value = params.get(name)
        if value and Path(str(value)).is_file():
            out[name] = hashlib.sha256(Path(str(value)).read_bytes()).hexdigest()
    return out


def fingerprint(backend: str, model: str | None, params: dict[str, Any], usd: float | None) -> str:
    data = {"backend": backend, "model": model, "params": params, "files": _file_digests(params), "usd": usd}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


def plan_launch(backend: str, model: str | None, params: dict[str, Any], project: str | None,
                budget: float | None, provider: Any) -> LaunchPlan:
    """The plan for launching `params` on `backend` (blocking: it counts the data's tokens, once per file content).
    `provider`: the backend's Provider to ask (the service's, or the registry's for the CLI); this module names no
    backend, so the rooms below the job service may use its budget and fingerprint."""
    caps = provider.capabilities()
    plan = LaunchPlan(backend=backend, model=model, billable=bool(caps.billable),
                      accepts_new_jobs=bool(caps.accepts_new_jobs))
    if not caps.accepts_new_jobs:
        plan.not_accepting = {"reason": caps.not_accepting_reason, "since": caps.not_accepting_since}
    plan.problems = [{"name": p.name, "code": p.code, "message": p.message}
                     for p in provider.validate_parameters(params)]
    if caps.billable and not plan.problems:
        est = provider.estimate_cost({**params, "base_model": model} if model else params)
        if est is not None:
            plan.estimated_cost_usd = est.usd
            plan.billed_tokens = est.billed_tokens
            plan.price_date, plan.price_source, plan.detail = est.price_date or None, est.price_source, est.detail
            plan.examples, plan.epochs = est.examples, est.epochs
            plan.detail_code, plan.detail_params = est.detail_code, dict(est.detail_params)
            plan.warnings += list(est.warnings)
        plan.budget_usd = budget_usd(project, budget)
        plan.over_budget = (plan.budget_usd is not None and plan.estimated_cost_usd is not None
                            and plan.estimated_cost_usd > plan.budget_usd)
    plan.fingerprint = fingerprint(backend, model, params, plan.estimated_cost_usd)
    return plan


def check_confirmed(plan: LaunchPlan, confirmed: str | None) -> None:
    """The job service's guard: a billable launch needs its plan confirmed, and not over budget."""
    from fttool.errors import UsageError

    if not plan.billable:
        return
    if plan.over_budget:
        raise UsageError("launch_over_budget", cost=plan.cost_text(), budget=f"${plan.budget_usd:.2f}")
    if confirmed != plan.fingerprint:
        raise UsageError("launch_not_confirmed", backend=plan.backend, cost=plan.cost_text())


def plan_lines(plan: LaunchPlan) -> list[str]:
    """The plan in words, for the CLI (the views render the same fields through their catalog)."""
    lines = [render("plan_summary", {"backend": plan.backend, "model": plan.model or "-",
                                     "examples": plan.examples if plan.examples is not None else "?",
                                     "epochs": plan.epochs if plan.epochs is not None else "?",
                                     "billed": plan.billed_tokens if plan.billed_tokens is not None else "?",
                                     "cost": plan.cost_text() if plan.billable else "$0",
                                     "date": plan.price_date or "-"})]
    if plan.billable:
        lines.append(render("plan_budget_none") if plan.budget_usd is None else
                     render("plan_budget_over" if plan.over_budget else "plan_budget_ok",
                            {"budget": f"${plan.budget_usd:.2f}"}))
    lines += [w["message"] for w in plan.warnings]
    lines += [p["message"] for p in plan.problems]
    return lines


register({
    "plan_summary": "{backend}, {model}: {examples} examples x {epochs} epochs = {billed} billed tokens, about {cost} "
                    "(prices as of {date}).",
    "plan_budget_none": "No budget is set.",
    "plan_budget_ok": "Within the budget of {budget}.",
    "plan_budget_over": "Over the budget of {budget}: raise it to launch.",
})


register({
    "cost_vs_estimate": "Trained {actual_tokens} tokens, {actual}; the estimate was {estimated_tokens} tokens, "
                        "{estimate} ({difference} tokens).",
    "cost_no_estimate": "Trained {actual_tokens} tokens, {actual}; there was no estimate.",
})


def cost_vs_estimate(params: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """What a finished job was billed (the tokens the provider reports, at the table's price) beside the launch's
    estimate, with the difference in percent; None until the provider reports trained tokens."""
    actual_tokens = params.get("trained_tokens")
    if not isinstance(actual_tokens, int):
        return None

    def usd(v: Any) -> str:
        return f"${float(v):.4f}" if isinstance(v, (int, float)) else "?"

    estimated = params.get("estimated_billed_tokens")
    out = {"actual_tokens": actual_tokens, "actual": usd(params.get("cost_usd")),
           "estimated_tokens": estimated, "estimate": usd(params.get("estimated_cost_usd"))}
    if not isinstance(estimated, int) or estimated <= 0:
        return "cost_no_estimate", out
    out["difference"] = f"{100.0 * (actual_tokens - estimated) / estimated:+.1f}%"
    return "cost_vs_estimate", out
