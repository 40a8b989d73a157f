"""Scoring: each criterion 0..5 from its evidence, a weighted score, and the verdict in the issue's order.

Evidence is a list of Notes (message code + params, English in the catalog, translated by code in the UI).
A param may itself be a note ({"code": ..., "params": ...}), rendered in the same language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fttool.decision import answers as answers_mod
from fttool.decision.evidence import DataFacts, EvalFacts, data_facts, eval_facts
from fttool.decision.questions import ALTERNATIVES, BACKENDS, BASELINE_OF
from fttool.decision.tables import Tables, first_row
from fttool.messages import register, render

VERDICTS: tuple[str, ...] = ("fine_tune_now", "improve_prompt_first", "try_retrieval_first",
                             "collect_more_data_first", "not_worth_it")
CRITERIA: tuple[str, ...] = ("quality", "alternatives", "data", "cost", "tunability", "effort", "compute",
                             "extensibility")
# the action that gets a missing piece of evidence -> the view that does it (None: outside the app)
ACTIONS: dict[str, str | None] = {
    "add_training_data": "data",
    "validate_data": "data",
    "write_test_questions": "data",
    "run_baseline_evaluation": "playground",
    "run_rag_baseline": "playground",
    "evaluate_tuned_model": "playground",
    "estimate_usage": "decide",
    "choose_tunable_model": "decide",
    "choose_priced_model": "decide",
    "update_provider_data": None,
    "add_credentials": "settings",
    "set_up_local_runtime": "train",
}
CHECKLIST: tuple[str, ...] = ("pretrained_model", "dataset", "training_environment", "hosting_environment")

register({
    "verdict_fine_tune_now": "Fine-tune now",
    "verdict_improve_prompt_first": "Improve the prompt first",
    "verdict_try_retrieval_first": "Try retrieval (RAG) first",
    "verdict_collect_more_data_first": "Collect more data first",
    "verdict_not_worth_it": "Not worth it",
    "reason_not_tunable": "{model} cannot be fine-tuned on the chosen backends ({backends}) today.",
    "reason_too_few_examples": "{valid} valid examples; {backend} needs at least {minimum}.",
    "reason_no_baseline": "No baseline yet: measure (or at least rate) prompt engineering or few-shot first.",
    "reason_no_rag_baseline": "Your use case is about knowledge, and retrieval (RAG) has not been measured.",
    "reason_fine_tune": "Weighted score {score} of 5 (at least {threshold}) and the gain's lower bound is above zero.",
    "reason_low_score": "Weighted score {score} of 5 is below {threshold}.",
    "reason_no_gain": "No measured gain whose 95% interval is above zero.",
    "criterion_quality": "Quality",
    "criterion_alternatives": "Alternatives",
    "criterion_data": "Data",
    "criterion_cost": "Cost",
    "criterion_tunability": "Tunability",
    "criterion_effort": "Effort",
    "criterion_compute": "Compute",
    "criterion_extensibility": "Extensibility",
    "check_pretrained_model": "A pretrained model",
    "check_dataset": "A dataset",
    "check_training_environment": "A training environment",
    "check_hosting_environment": "A hosting environment",
    "action_add_training_data": "Add training examples",
    "action_validate_data": "Validate your data",
    "action_write_test_questions": "Write your own test questions",
    "action_run_baseline_evaluation": "Run a baseline evaluation",
    "action_run_rag_baseline": "Run a retrieval (RAG) baseline",
    "action_evaluate_tuned_model": "Evaluate a tuned model against the baseline",
    "action_estimate_usage": "Estimate your requests per month",
    "action_choose_tunable_model": "Choose a model that can be fine-tuned",
    "action_choose_priced_model": "Choose a model with known prices",
    "action_update_provider_data": "Update fttool's provider data (resources/providers.json)",
    "action_add_credentials": "Add your key in Settings",
    "action_set_up_local_runtime": "Set up local training",
    # evidence
    "ev_tunable": "{model} can be fine-tuned on {backend} (provider data of {as_of}).",
    "ev_not_tunable": "{model} is not in {backend}'s list of fine-tunable models ({as_of}).",
    "ev_new_jobs_end": "{backend} takes no new fine-tuning jobs from {date}.",
    "ev_backend_closed": "{backend} stopped taking new fine-tuning jobs on {date}.",
    "ev_retires": "{model} on {backend} retires on {date}.",
    "ev_retired": "{model} on {backend} retired on {date}.",
    "ev_open_model": "{model} is an open model: {backend} can fine-tune it.",
    "ev_providers_unknown": "Unknown: no provider data for {backend} (resources/providers.json is missing or has no entry).",
    "ev_what_would_be": "What would work: {options}.",
    "ev_nothing_known": "no fine-tunable alternative is known",
    "ev_no_dataset": "No training data in the project yet.",
    "ev_data_unreadable": "The training data cannot be read: {problem}",
    "ev_data_counts": "{valid} valid, de-duplicated examples of {examples} ({errors} with errors, {duplicates} duplicates); {backend} needs {minimum}, {recommended} recommended.",
    "ev_data_not_validated": "Counted without the full validator: validate the data for exact figures.",
    "ev_data_synthetic": "{synthetic} of the examples were written by a teacher model ({teachers}) and reviewed; "
                         "{human} by people.",
    "ev_test_generated": "The test split was written by a teacher model: its results say how well a model copies the "
                         "teacher, not how it serves your users. Write the test questions yourself.",
    "ev_no_evaluation": "No evaluation of a tuned model against a baseline yet.",
    "ev_gain": "{metric}: {tuned} beats {base} by {delta} points (95% interval {lo} to {hi}, n={n}).",
    "ev_alt_measured": "{alternative}: measured {metric} {value}.",
    "ev_alt_rated": "{alternative}: tried, rated {rating} of 5.",
    "ev_alt_tried_unrated": "{alternative}: tried, not rated.",
    "ev_alt_not_tried": "{alternative}: not tried.",
    "ev_alt_good_enough": "An alternative already works well (rated {rating} of 5): fine-tuning adds little.",
    "ev_effort": "About {hours} hours to prepare the data and evaluate.",
    "ev_effort_unknown": "Effort not estimated.",
    "ev_training_cost": "Training: about {tokens} billed tokens ({epochs} epochs) x ${price} per 1M = ${usd} (prices of {as_of}).",
    "ev_no_price": "Unknown: no price for {model} on {backend} in resources/prices.json.",
    "ev_no_tokens": "Unknown: the billed tokens come from validating the data.",
    "ev_local_hours": "Training on {hardware}: about {hours} hours for a {billions}B model ({tokens} tokens).",
    "ev_hosting_tokens": "Hosting: the tuned model costs ${tin}/${tout} per 1M input/output tokens against ${bin}/${bout} for the base.",
    "ev_hosting_hourly": "Hosting the tuned model costs ${per_hour} per hour (${per_month} per month).",
    "ev_hosting_none": "No hosting fee for the tuned model.",
    "ev_hosting_local": "Hosted on your own hardware: no fee per token.",
    "ev_break_even": "Break-even after {requests} requests, about {months} months at {per_month} requests a month (saves ${saving} per request).",
    "ev_break_even_never": "Never breaks even: each request saves ${saving} and hosting costs ${hosting} a month.",
    "ev_break_even_no_price": "Unknown: break-even needs token prices for {model}.",
    "ev_no_usage": "Unknown: requests per month not given.",
    "ev_reuse_yes": "The base model can be reused for new domains.",
    "ev_reuse_unsure": "Not sure whether the base model can be reused for new domains.",
    "ev_reuse_no": "The base model would not be reused for new domains.",
    "ev_check_ready": "ready",
    "ev_check_missing": "not ready",
})


@dataclass
class Note:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return render(self.code, {k: (Note(v["code"], v.get("params", {})).english()
                                      if isinstance(v, dict) and "code" in v else v)
                                  for k, v in self.params.items()})

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


def _note_param(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


@dataclass
class Criterion:
    name: str
    group: str
    score: float
    weight: float
    notes: list[Note] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def evidence(self) -> str:
        return " ".join(n.english() for n in self.notes)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "group": self.group, "score": self.score, "weight": self.weight,
                "evidence": self.evidence(), "notes": [n.to_dict() for n in self.notes], "missing": self.missing}


@dataclass
class Decision:
    verdict: str
    reason: list[Note]
    score: float
    criteria: list[Criterion]
    break_even: dict[str, Any] | None
    missing: list[str]
    checklist: list[dict[str, Any]]
    facts: dict[str, Any]

    def criterion(self, name: str) -> Criterion:
        return next(c for c in self.criteria if c.name == name)

    def to_json(self) -> dict[str, Any]:
        """Exactly the `fttool decide --json` shape of the issue."""
        return {"verdict": self.verdict, "score": self.score,
                "criteria": [{"name": c.name, "score": c.score, "weight": c.weight, "evidence": c.evidence()}
                             for c in self.criteria],
                "break_even": self.break_even, "missing": list(self.missing)}

    def to_dict(self) -> dict[str, Any]:
        """Everything the view and the report need (the JSON shape plus notes, checklist and facts)."""
        return {"verdict": self.verdict, "reason": [n.to_dict() for n in self.reason], "score": self.score,
                "criteria": [c.to_dict() for c in self.criteria], "break_even": self.break_even,
                "missing": [{"action": a, "view": ACTIONS.get(a)} for a in self.missing],
                "checklist": self.checklist, "facts": self.facts}


def _fmt(x: float, digits: int = 2) -> str:
    if x == int(x) and abs(x) >= 1:
        return f"{int(x):,}"
    return f"{x:,.{digits}f}"


def _usd(x: float) -> str:
    return f"{x:,.2f}" if abs(x) >= 0.01 or x == 0 else f"{x:.6f}".rstrip("0")


class _Ctx:
    def __init__(self, answers: dict[str, Any], tables: Tables, project_dir: Path | None, today: date,
                 data: DataFacts | None, evals: EvalFacts | None) -> None:
        self.a = answers
        self.t = tables
        self.project_dir = project_dir
        self.today = today
        self.data = data
        self.evals = evals
        self.model: str = answers["costs"]["base_model"]
        self.backends: list[str] = list(answers["costs"]["backends"])
        self.tunable: dict[str, tuple[str, list[Note]]] = {b: self._tunable(b, self.model) for b in BACKENDS}
        chosen = [b for b in self.backends if self.tunable[b][0] == "tunable"]
        unknown = [b for b in self.backends if self.tunable[b][0] == "unknown"]
        self.backend = (chosen or unknown or self.backends)[0]
        self.training_usd: float | None = None

    # -- tunability from the providers' dated data --------------------------------------------------------
    def _tunable(self, backend: str, model: str) -> tuple[str, list[Note]]:
        if backend == "together":  # its dated list of fine-tunable models (resources/together.json)
            from fttool.datasets.tables import together_model, together_table

            as_of = str(together_table().get("as_of") or "?")
            if together_model(model) is not None:
                return "tunable", [Note("ev_tunable", {"model": model, "backend": backend, "as_of": as_of})]
            if "/" in model:
                return "unknown", [Note("ev_providers_unknown", {"backend": backend})]
            return "not", [Note("ev_not_tunable", {"model": model, "backend": backend, "as_of": as_of})]
        providers = self.t.providers
        open_model = "/" in model
        section = (providers or {}).get(backend)
        as_of = str((providers or {}).get("as_of") or "?")
        if not isinstance(section, dict):
            if backend in ("hf", "local") and open_model:
                return "tunable", [Note("ev_open_model", {"model": model, "backend": backend})]
            return "unknown", [Note("ev_providers_unknown", {"backend": backend})]
        notes: list[Note] = []
        end = section.get("new_jobs_end")
        if end:
            if self.today >= date.fromisoformat(str(end)):
                return "not", [Note("ev_backend_closed", {"backend": backend, "date": end})]
            notes.append(Note("ev_new_jobs_end", {"backend": backend, "date": end}))
        shutdown = (section.get("base_model_shutdown") or {}).get(model)
        when = shutdown.get("date") if isinstance(shutdown, dict) else shutdown
        if when and self.today >= date.fromisoformat(str(when)):
            return "not", [Note("ev_retired", {"model": model, "backend": backend, "date": when})]
        ft = section.get("fine_tunable")
        if ft in ("any", "*") or (isinstance(ft, list) and "*" in ft):
            return "tunable", [Note("ev_open_model", {"model": model, "backend": backend}), *notes]
        if isinstance(ft, dict):
            entry = ft.get(model)
            if isinstance(entry, dict):
                retires = entry.get("retires")
                if retires and self.today >= date.fromisoformat(str(retires)):
                    return "not", [Note("ev_retired", {"model": model, "backend": backend, "date": retires})]
                if retires:
                    notes.append(Note("ev_retires", {"model": model, "backend": backend, "date": retires}))
                return "tunable", [Note("ev_tunable", {"model": model, "backend": backend, "as_of": as_of}), *notes]
        elif isinstance(ft, list) and model in ft:
            return "tunable", [Note("ev_tunable", {"model": model, "backend": backend, "as_of": as_of}), *notes]
        elif ft is None:
            if backend in ("hf", "local") and open_model:
                return "tunable", [Note("ev_open_model", {"model": model, "backend": backend})]
            return "unknown", [Note("ev_providers_unknown", {"backend": backend})]
        return "not", [Note("ev_not_tunable", {"model": model, "backend": backend, "as_of": as_of})]

    def what_would_be(self) -> Note:
        options: list[str] = [f"{self.model} on {b}" for b in BACKENDS
                              if b not in self.backends and self.tunable[b][0] == "tunable"]
        for b in self.backends:
            ft = ((self.t.providers or {}).get(b) or {}).get("fine_tunable")
            names = list(ft) if isinstance(ft, (list, dict)) else []
            options += [f"{m} on {b}" for m in names[:4] if m != "*"]
        if not options:
            return Note("ev_what_would_be", {"options": _note_param("ev_nothing_known")})
        return Note("ev_what_would_be", {"options": ", ".join(options)})

    def minimum(self) -> int:
        return self.t.minimum_examples(self.backend)

    def valid(self) -> int:
        return self.data.valid if self.data and not self.data.problem else 0


# -- criteria ---------------------------------------------------------------------------------------------
def _tunability(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("tunability")
    status, notes = c.tunable[c.backend]
    notes = list(notes)
    missing: list[str] = []
    if status == "not":
        notes.append(c.what_would_be())
        missing.append("choose_tunable_model")
    elif status == "unknown":
        missing.append("update_provider_data")
    return float(table[{"tunable": "tunable", "not": "not_tunable"}.get(status, "unknown")]), notes, missing


def _data(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("data")
    recommended = int(c.t.rules.get("data", {}).get("recommended_examples", 500))
    if c.data is None:
        return float(table["unknown"]), [Note("ev_no_dataset")], ["add_training_data"]
    if c.data.problem:
        return float(table["unknown"]), [Note("ev_data_unreadable", {"problem": c.data.problem})], ["validate_data"]
    minimum = c.minimum()
    d = c.data
    notes = [Note("ev_data_counts", {"valid": d.valid, "examples": d.examples, "errors": d.errors,
                                     "duplicates": d.duplicates, "backend": c.backend, "minimum": minimum,
                                     "recommended": recommended})]
    missing: list[str] = []
    if d.synthetic:
        notes.append(Note("ev_data_synthetic", {"synthetic": d.synthetic, "human": max(0, d.examples - d.synthetic),
                                                "teachers": ", ".join(d.teachers) or "?"}))
    if d.test_generated:
        notes.append(Note("ev_test_generated"))
        missing.append("write_test_questions")
    if d.source != "validator":
        notes.append(Note("ev_data_not_validated"))
        missing.append("validate_data")
    elif d.errors:
        missing.append("validate_data")  # the Data view lists each problem with its line and a fix
    if d.valid < minimum:
        score = float(table["below_minimum"])
        missing.append("add_training_data")
    else:
        row = first_row(table["below"], d.valid, at_most=False)
        if row is not None:
            score = row
        else:
            score = float(table["otherwise_with_errors"] if d.errors else table["otherwise"])
    return score, notes, missing


def _quality(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("quality")
    gain = c.evals.gain if c.evals else None
    ci = (gain or {}).get("ci95_points")
    if not gain or not isinstance(ci, list) or len(ci) != 2:
        return float(table["no_evaluation"]), [Note("ev_no_evaluation")], ["evaluate_tuned_model"]
    lo, hi = float(ci[0]), float(ci[1])
    note = Note("ev_gain", {"metric": gain.get("metric", "?"), "tuned": gain.get("tuned", "?"),
                            "base": gain.get("base", "?"), "delta": _fmt(float(gain.get("delta_points", 0)), 1),
                            "lo": _fmt(lo, 1), "hi": _fmt(hi, 1), "n": gain.get("n", "?")})
    if hi < 0:
        score = float(table["worse"])
    elif lo <= 0:
        score = float(table["includes_zero"])
    else:
        score = next((float(s) for bound, s in table["lower_above"] if lo > bound), float(table["includes_zero"]))
    return score, [note], []


def _alternatives(c: _Ctx) -> tuple[float, list[Note], list[str], bool, bool]:
    """Score, notes, missing, and two facts for the verdict: a baseline exists; retrieval was measured."""
    table = c.t.score_table("alternatives")
    points = table["points"]
    total = 0.0
    notes: list[Note] = []
    baseline = rag = False
    best_rating = 0
    for name in ALTERNATIVES:
        label = _note_param(f"q_alternatives_{name}")
        measured = c.evals.baseline(BASELINE_OF[name]) if c.evals else None
        answer = c.a["alternatives"][name]
        if measured:
            key, row = measured
            metric = (c.evals.gain or {}).get("metric", "token_f1") if c.evals else "token_f1"
            value = row.get(metric)
            notes.append(Note("ev_alt_measured", {"alternative": label, "metric": metric,
                                                  "value": _fmt(float(value), 2) if value is not None else "?"}))
            total += float(points["measured"])
            baseline = True
            rag = rag or name == "rag"
        elif answer["rating"] is not None:
            notes.append(Note("ev_alt_rated", {"alternative": label, "rating": answer["rating"]}))
            total += float(points["rated"])
            best_rating = max(best_rating, int(answer["rating"]))
            baseline = True
            rag = rag or name == "rag"
        elif answer["tried"]:
            notes.append(Note("ev_alt_tried_unrated", {"alternative": label}))
        else:
            notes.append(Note("ev_alt_not_tried", {"alternative": label}))
    score = min(float(table["max"]), round(total, 2))
    for rating, cap in table["cap_when_best_rating"]:
        if best_rating >= rating:
            if score > cap:
                notes.append(Note("ev_alt_good_enough", {"rating": best_rating}))
            score = min(score, float(cap))
            break
    missing = [] if baseline else ["run_baseline_evaluation"]
    knowledge = set(c.t.rules["verdict"].get("knowledge_goals", []))
    if knowledge & set(c.a["use_case"]["goals"]) and not rag:
        missing.append("run_rag_baseline")
    return score, notes, missing, baseline, rag


def _effort(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("effort")
    hours = c.a["costs"]["effort_hours"]
    if hours is None:
        return float(table["otherwise"]), [Note("ev_effort_unknown")], []
    row = first_row(table["hours_at_most"], float(hours), at_most=True)
    return (row if row is not None else float(table["otherwise"])), [Note("ev_effort", {"hours": _fmt(hours, 1)})], []


def _price(c: _Ctx) -> dict[str, Any] | None:
    """The model's prices on the costed backend: an entry `<backend>:<model>` wins over the model's own entry;
    Azure's hourly hosting comes from the `azure_hosting_per_hour` table when the entry has none."""
    entry = c.t.price(f"{c.backend}:{c.model}")
    if entry is None:
        entry = c.t.price(c.model)
        if entry is not None and c.backend not in (entry.get("backends") or [c.backend]):
            entry = None
    if entry is not None and entry.get("hosting_per_hour") is None:
        table = ((c.t.prices or {}).get(f"{c.backend}_hosting_per_hour") or {}).get("models") or {}
        if table.get(c.model) is not None:
            entry["hosting_per_hour"] = float(table[c.model])
    return entry


def _compute(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("compute")
    tokens = c.data.billed_tokens if c.data and not c.data.problem else None
    if c.backend in ("openai", "azure"):
        price = _price(c)
        if price is None or price.get("training_per_1m_tokens") is None:
            return float(table["unknown"]), [Note("ev_no_price", {"model": c.model, "backend": c.backend})], [
                "choose_priced_model"]
        if tokens is None:
            return float(table["unknown"]), [Note("ev_no_tokens")], ["validate_data"]
        usd = tokens * float(price["training_per_1m_tokens"]) / 1e6
        c.training_usd = usd
        row = first_row(table["usd_at_most"], usd, at_most=True)
        epochs = c.data.epochs if c.data else None
        return (row if row is not None else float(table["usd_otherwise"])), [Note("ev_training_cost", {
            "tokens": f"{tokens:,}", "epochs": epochs or "?", "price": _fmt(float(price["training_per_1m_tokens"])),
            "usd": _usd(usd), "as_of": c.t.price_date()})], []
    if c.backend == "together":  # billed per processed token, by model size (resources/together.json)
        from fttool.datasets.tables import together_table, together_training_price

        rate = together_training_price(c.model, "supervised", True)
        if rate is None:
            return float(table["unknown"]), [Note("ev_no_price", {"model": c.model, "backend": c.backend})], [
                "choose_priced_model"]
        if tokens is None:
            return float(table["unknown"]), [Note("ev_no_tokens")], ["validate_data"]
        usd = tokens * rate / 1e6
        c.training_usd = usd
        row = first_row(table["usd_at_most"], usd, at_most=True)
        return (row if row is not None else float(table["usd_otherwise"])), [Note("ev_training_cost", {
            "tokens": f"{tokens:,}", "epochs": (c.data.epochs if c.data else None) or "?", "price": _fmt(rate),
            "usd": _usd(usd), "as_of": str(together_table().get("as_of") or "?")})], []
    if tokens is None:
        return float(table["unknown"]), [Note("ev_no_tokens")], ["validate_data"]
    lc = c.t.rules["local_compute"]
    billions = c.a["costs"]["model_size_billions"] or float(lc["default_model_billions"])
    hardware = "gpu" if c.backend == "hf" else c.a["costs"]["local_hardware"]
    hours = float(lc["flops_per_param_token"]) * billions * 1e9 * tokens / float(lc["effective_flops"][hardware]) / 3600
    c.training_usd = 0.0 if c.backend == "local" else None
    row = first_row(table["hours_at_most"], hours, at_most=True)
    return (row if row is not None else float(table["hours_otherwise"])), [Note("ev_local_hours", {
        "hardware": _note_param(f"hardware_{hardware}"), "hours": _fmt(hours, 1), "billions": _fmt(billions, 1),
        "tokens": f"{tokens:,}"})], []


def _cost(c: _Ctx) -> tuple[float, list[Note], list[str], dict[str, Any] | None]:
    table = c.t.score_table("cost")
    b = c.a["benefits"]
    usage = c.t.rules.get("usage", {})
    rpm = int(b["requests_per_month"] or 0)
    notes: list[Note] = []
    if c.backend in ("hf", "local"):
        notes.append(Note("ev_hosting_local"))
    if c.backend == "together":  # a tuned model answers from a dedicated endpoint, billed by the hour
        from fttool.datasets.tables import together_hosting

        hosting = together_hosting()
        if hosting is not None:
            per_month = float(hosting["usd"]) * float(usage.get("hours_per_month", 730))
            notes.append(Note("ev_hosting_hourly", {"per_hour": _usd(float(hosting["usd"])),
                                                    "per_month": _usd(per_month)}))
    price = _price(c) if c.backend in ("openai", "azure") else None
    needed = ("input_per_1m_tokens", "output_per_1m_tokens", "tuned_input_per_1m_tokens", "tuned_output_per_1m_tokens")
    if price is None or any(price.get(k) is None for k in needed):
        notes.append(Note("ev_break_even_no_price", {"model": c.model}))
        return float(table["unknown"]), notes, ([] if c.backend in ("hf", "local", "together")
                                                else ["choose_priced_model"]), None
    notes.append(Note("ev_hosting_tokens", {"tin": _fmt(price["tuned_input_per_1m_tokens"]),
                                            "tout": _fmt(price["tuned_output_per_1m_tokens"]),
                                            "bin": _fmt(price["input_per_1m_tokens"]),
                                            "bout": _fmt(price["output_per_1m_tokens"])}))
    hours_month = float(usage.get("hours_per_month", 730))
    hosting_month = float(price["hosting_per_hour"]) * hours_month if price.get("hosting_per_hour") else 0.0
    if price.get("hosting_per_hour"):
        notes.append(Note("ev_hosting_hourly", {"per_hour": _usd(float(price["hosting_per_hour"])),
                                                "per_month": _usd(hosting_month)}))
    else:
        notes.append(Note("ev_hosting_none"))
    if rpm <= 0:
        notes.append(Note("ev_no_usage"))
        return float(table["unknown"]), notes, ["estimate_usage"], None
    prompt = b["prompt_tokens_per_request"]
    if prompt is None:
        prompt = int(usage.get("default_prompt_tokens_per_request", 300))
    out = b["output_tokens_per_request"]
    if out is None:
        out = int(usage.get("default_output_tokens_per_request", 150))
    shots = int(b["few_shot_tokens_saved_per_request"] or 0)
    base = ((prompt + shots) * price["input_per_1m_tokens"] + out * price["output_per_1m_tokens"]) / 1e6
    tuned = (prompt * price["tuned_input_per_1m_tokens"] + out * price["tuned_output_per_1m_tokens"]) / 1e6
    saving = base - tuned
    monthly = saving * rpm - hosting_month
    if monthly <= 0:
        notes.append(Note("ev_break_even_never", {"saving": _usd(saving), "hosting": _usd(hosting_month)}))
        return float(table["never"]), notes, [], None
    training = c.training_usd
    if training is None:
        notes.append(Note("ev_no_tokens"))
        return float(table["unknown"]), notes, ["validate_data"], None
    months = training / monthly
    requests = math.ceil(months * rpm)
    notes.append(Note("ev_break_even", {"requests": f"{requests:,}", "months": _fmt(months, 2),
                                        "per_month": f"{rpm:,}", "saving": _usd(saving)}))
    row = first_row(table["months_at_most"], months, at_most=True)
    return (row if row is not None else float(table["later"])), notes, [], {"requests": requests,
                                                                             "months": round(months, 2)}


def _extensibility(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    reuse = c.a["benefits"]["reuse_for_new_domains"]
    return float(c.t.score_table("extensibility")[reuse]), [Note(f"ev_reuse_{reuse}")], []


# -- checklist ----------------------------------------------------------------------------------------------
def _secret_set(name: str) -> bool:
    try:
        from fttool import credentials

        return credentials.where(name) != "none"
    except Exception:
        return False


def _runtime_ready() -> bool:
    try:
        from fttool.paths import runtimes_dir

        return any(p.is_dir() for p in runtimes_dir().iterdir())
    except OSError:
        return False


def _checklist(c: _Ctx, check_environment: bool) -> tuple[list[dict[str, Any]], list[str]]:
    b = c.backend
    tunable = c.tunable[b][0] == "tunable"
    dataset = c.valid() >= c.minimum() and c.data is not None
    if not check_environment:
        training = hosting = False
    elif b == "openai":
        training = hosting = _secret_set("openai")
    elif b == "azure":
        training = _secret_set("azure") and _secret_set("azure-endpoint")
        hosting = training and _secret_set("azure-management")
    elif b == "hf":
        training = hosting = _secret_set("hf")
    elif b == "together":
        training = hosting = _secret_set("together")
    else:
        training = hosting = _runtime_ready()
    missing: list[str] = []
    if check_environment and not training:
        missing.append("set_up_local_runtime" if b == "local" else "add_credentials")
    items = [("pretrained_model", tunable, {"model": c.model}), ("dataset", dataset, {}),
             ("training_environment", training, {"backend": b}), ("hosting_environment", hosting, {"backend": b})]
    return [{"item": name, "ready": ready, "params": params} for name, ready, params in items], missing


# -- the decision ---------------------------------------------------------------------------------------
def train_file(answers: dict[str, Any], project_dir: Path | None, project_meta: dict[str, Any] | None) -> Path | None:
    rel = answers["data"]["train_file"] or ((project_meta or {}).get("datasets") or {}).get("train")
    if not rel:
        return None
    p = Path(rel)
    if not p.is_absolute() and project_dir is not None:
        p = project_dir / p
    return p


def decide(answers: dict[str, Any], *, project_dir: Path | None = None, tables: Tables | None = None,
           weights: dict[str, float] | None = None, today: date | None = None,
           data: DataFacts | None = None, evals: EvalFacts | None = None, gather: bool = True,
           check_environment: bool = True) -> Decision:
    """Score the answers. With `gather`, the data and evaluation evidence is read from the project folder;
    tests can pass `data`/`evals` (and gather=False) instead."""
    from fttool import clock

    tables = tables or Tables.load()
    answers = answers_mod.normalize(answers)
    meta: dict[str, Any] = {}
    if project_dir is not None and (project_dir / "project.json").is_file():
        import json

        try:
            meta = json.loads((project_dir / "project.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
    today = today or clock.today()
    ctx = _Ctx(answers, tables, project_dir, today, data, evals)
    if gather:
        if data is None:
            ctx.data = data_facts(train_file(answers, project_dir, meta), ctx.backend, ctx.model, tables)
        if evals is None:
            ctx.evals = eval_facts(project_dir)

    w = tables.default_weights()
    w.update({k: float(v) for k, v in answers.get("weights", {}).items() if k in w})
    w.update({k: float(v) for k, v in (weights or {}).items() if k in w})

    results: dict[str, tuple[float, list[Note], list[str]]] = {}
    results["tunability"] = _tunability(ctx)
    results["data"] = _data(ctx)
    results["quality"] = _quality(ctx)
    alt_score, alt_notes, alt_missing, has_baseline, has_rag = _alternatives(ctx)
    results["alternatives"] = (alt_score, alt_notes, alt_missing)
    results["effort"] = _effort(ctx)
    results["compute"] = _compute(ctx)  # before cost: it sets the training cost
    cost_score, cost_notes, cost_missing, break_even = _cost(ctx)
    results["cost"] = (cost_score, cost_notes, cost_missing)
    results["extensibility"] = _extensibility(ctx)

    criteria = [Criterion(name, tables.group(name), round(results[name][0], 2), w[name], results[name][1],
                          results[name][2]) for name in CRITERIA if name in w]
    total_w = sum(c.weight for c in criteria)
    score = round(sum(c.score * c.weight for c in criteria) / total_w, 2) if total_w > 0 else 0.0

    # the verdict, in the order
    threshold = float(tables.rules["verdict"]["fine_tune_min_score"])
    knowledge = set(tables.rules["verdict"].get("knowledge_goals", [])) & set(answers["use_case"]["goals"])
    gain = ctx.evals.gain if ctx.evals else None
    ci = (gain or {}).get("ci95_points")
    gain_positive = isinstance(ci, list) and len(ci) == 2 and float(ci[0]) > 0
    statuses = [ctx.tunable[b][0] for b in ctx.backends]
    reason: list[Note]
    if statuses and all(s == "not" for s in statuses):
        verdict = "not_worth_it"
        reason = [Note("reason_not_tunable", {"model": ctx.model, "backends": ", ".join(ctx.backends)}),
                  ctx.what_would_be()]
    elif ctx.valid() < ctx.minimum():
        verdict = "collect_more_data_first"
        reason = [Note("reason_too_few_examples", {"valid": ctx.valid(), "minimum": ctx.minimum(),
                                                   "backend": ctx.backend})]
    elif not has_baseline:
        verdict = "improve_prompt_first"
        reason = [Note("reason_no_baseline")]
    elif knowledge and not has_rag:
        verdict = "try_retrieval_first"
        reason = [Note("reason_no_rag_baseline")]
    elif score >= threshold and gain_positive:
        verdict = "fine_tune_now"
        reason = [Note("reason_fine_tune", {"score": _fmt(score), "threshold": _fmt(threshold)})]
    else:
        verdict = "not_worth_it"
        reason = [Note("reason_low_score", {"score": _fmt(score), "threshold": _fmt(threshold)})]
        if not gain_positive:
            reason.append(Note("reason_no_gain"))

    checklist, env_missing = _checklist(ctx, check_environment)
    missing: list[str] = []
    for c in criteria:
        for m in c.missing:
            if m not in missing:
                missing.append(m)
    for m in env_missing:
        if m not in missing:
            missing.append(m)
    facts = {"backend": ctx.backend, "backends": ctx.backends, "base_model": ctx.model,
             "data": ctx.data.to_dict() if ctx.data else None,
             "evaluation": ctx.evals.file if ctx.evals else None,
             "prices_as_of": tables.price_date(),
             "providers_as_of": (tables.providers or {}).get("as_of"), "rules_as_of": tables.rules.get("as_of"),
             "threshold": threshold, "today": today.isoformat(), "training_usd": ctx.training_usd}
    return Decision(verdict, reason, score, criteria, break_even, missing, checklist, facts)
