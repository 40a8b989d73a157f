"""Each criterion scored 0..5 from its evidence (scoring.py weighs them and gives the verdict): the context every
criterion reads (the answers, the dated tables, the model pair, what each backend can tune) and one function per
criterion. Imports the decision's result shapes, names, questions, tables and evidence."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from fttool.decision.evidence import DataFacts, EvalFacts
from fttool.decision.names import same_model
from fttool.decision.questions import ALTERNATIVES, BACKENDS, BASELINE_OF
from fttool.decision.result import Note, backend_label, fmt_number, fmt_usd, metric_word, note_param
from fttool.decision.tables import Tables, first_row


class Context:
    """What every criterion reads: the answers, the tables, the evidence, the model pair and what each backend can
    tune (scored once, for every backend)."""

    def __init__(self, answers: dict[str, Any], tables: Tables, project_dir: Path | None, today: date,
                 data: DataFacts | None, evals: EvalFacts | None,
                 jobs: list[dict[str, Any]] | None = None) -> None:
        self.a = answers
        self.jobs = list(jobs or [])
        self.tuned: str | None = None  # the tuned model of the pair (set by resolve_pair)
        self.tuned_source: str | None = None  # chosen | evaluation | job
        self.gain_matches = False
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
            from fttool.tables import together_model, together_table

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
        def on(model: str, backend: str) -> dict[str, Any]:
            if backend == "local":
                return note_param("ev_model_here", model=model)
            return note_param("ev_model_on", model=model, backend=backend_label(backend))

        options: list[dict[str, Any]] = [on(self.model, b) for b in BACKENDS
                                         if b not in self.backends and self.tunable[b][0] == "tunable"]
        for b in self.backends:
            ft = ((self.t.providers or {}).get(b) or {}).get("fine_tunable")
            names = list(ft) if isinstance(ft, (list, dict)) else []
            options += [on(m, b) for m in names[:4] if m != "*"]
        if not options:
            return Note("ev_what_would_be", {"options": note_param("ev_nothing_known")})
        return Note("ev_what_would_be", {"options": options})

    def resolve_pair(self) -> None:
        """The one model pair every criterion is scored on: the chosen base model and its tuned model (the chosen
        one, else the one the evaluation compared with this base, else the newest finished job's)."""
        chosen = self.a["costs"].get("tuned_model")
        gain = self.evals.gain if self.evals else None
        self.gain_matches = bool(gain and same_model(str(gain.get("base") or ""), self.model)
                                 and (not chosen or same_model(str(gain.get("tuned") or ""), chosen)))
        if chosen:
            self.tuned, self.tuned_source = chosen, "chosen"
        elif self.gain_matches and gain and gain.get("tuned"):
            self.tuned, self.tuned_source = str(gain["tuned"]), "evaluation"
        else:
            mine = self.tuned_models()
            if mine:
                self.tuned, self.tuned_source = mine[0], "job"

    def tuned_models(self) -> list[str]:
        """Tuned models of the chosen base: finished jobs' (newest first), then the evaluation's."""
        out: list[str] = []
        jobs = sorted(self.jobs, key=lambda j: str(j.get("updated_at") or j.get("created_at") or ""), reverse=True)
        for j in jobs:
            name = j.get("result_model")
            if (j.get("status") == "succeeded" and name and same_model(str(j.get("base_model") or ""), self.model)
                    and name not in out):
                out.append(str(name))
        gain = self.evals.gain if self.evals else None
        if gain and same_model(str(gain.get("base") or ""), self.model) and gain.get("tuned"):
            if str(gain["tuned"]) not in out:
                out.append(str(gain["tuned"]))
        return out

    def eval_base(self) -> str | None:
        """The model the evaluation's baselines ran on (its base: the first model it compared)."""
        if not self.evals:
            return None
        if self.evals.gain and self.evals.gain.get("base"):
            return str(self.evals.gain["base"])
        return next(iter(self.evals.models), None)

    def minimum(self) -> int:
        return self.t.minimum_examples(self.backend)

    def valid(self) -> int:
        return self.data.valid if self.data and not self.data.problem else 0


# -- criteria ---------------------------------------------------------------------------------------------
def _tunability(c: Context) -> tuple[float, list[Note], list[str]]:
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


def _data(c: Context) -> tuple[float, list[Note], list[str]]:
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


def _quality(c: Context) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("quality")
    gain = c.evals.gain if c.evals else None
    ci = (gain or {}).get("ci95_points")
    get = "evaluate_tuned_model" if c.tuned else "train_tuned_model"
    if gain and not c.gain_matches:  # measured on other models: not evidence for this pair
        return float(table["no_evaluation"]), [Note("ev_gain_other_pair", {
            "tuned": gain.get("tuned", "?"), "base": gain.get("base", "?"), "model": c.model})], [
            get, "use_evaluated_pair"]
    if not gain or not isinstance(ci, list) or len(ci) != 2:
        if not c.tuned:
            return float(table["no_evaluation"]), [Note("ev_no_tuned_model", {"model": c.model})], [get]
        return float(table["no_evaluation"]), [Note("ev_no_evaluation")], [get]
    lo, hi = float(ci[0]), float(ci[1])
    note = Note("ev_gain", {"metric": metric_word(gain.get("metric", "?")), "tuned": gain.get("tuned", "?"),
                            "base": gain.get("base", "?"), "delta": fmt_number(float(gain.get("delta_points", 0)), 1),
                            "lo": fmt_number(lo, 1), "hi": fmt_number(hi, 1), "n": gain.get("n", "?")})
    if hi < 0:
        score = float(table["worse"])
    elif lo <= 0:
        score = float(table["includes_zero"])
    else:
        score = next((float(s) for bound, s in table["lower_above"] if lo > bound), float(table["includes_zero"]))
    return score, [note], []


def _alternatives(c: Context) -> tuple[float, list[Note], list[str], bool, bool]:
    """Score, notes, missing, and two facts for the verdict: a baseline exists; retrieval was measured."""
    table = c.t.score_table("alternatives")
    points = table["points"]
    total = 0.0
    notes: list[Note] = []
    baseline = rag = False
    best_rating = 0
    eval_base = c.eval_base()
    other = eval_base is not None and not same_model(eval_base, c.model)  # baselines ran on another model
    for name in ALTERNATIVES:
        label = note_param(f"q_alternatives_{name}")
        measured = c.evals.baseline(BASELINE_OF[name]) if c.evals else None
        answer = c.a["alternatives"][name]
        if measured and other:
            notes.append(Note("ev_alt_measured_other", {"alternative": label, "other": eval_base, "model": c.model}))
            measured = None
        if measured:
            key, row = measured
            metric = (c.evals.gain or {}).get("metric", "token_f1") if c.evals else "token_f1"
            value = row.get(metric)
            notes.append(Note("ev_alt_measured", {"alternative": label, "metric": metric_word(metric),
                                                  "value": fmt_number(float(value), 2) if value is not None else "?"}))
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


def _effort(c: Context) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("effort")
    hours = c.a["costs"]["effort_hours"]
    if hours is None:
        return float(table["otherwise"]), [Note("ev_effort_unknown")], []
    row = first_row(table["hours_at_most"], float(hours), at_most=True)
    return (row if row is not None else float(table["otherwise"])), [Note("ev_effort", {"hours": fmt_number(hours, 1)})], []


def _price(c: Context) -> dict[str, Any] | None:
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


def _compute(c: Context) -> tuple[float, list[Note], list[str]]:
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
            "tokens": f"{tokens:,}", "epochs": epochs or "?", "price": fmt_number(float(price["training_per_1m_tokens"])),
            "usd": fmt_usd(usd), "as_of": c.t.price_date()})], []
    if c.backend == "together":  # billed per processed token, by model size (resources/together.json)
        from fttool.tables import together_table, together_training_price

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
            "tokens": f"{tokens:,}", "epochs": (c.data.epochs if c.data else None) or "?", "price": fmt_number(rate),
            "usd": fmt_usd(usd), "as_of": str(together_table().get("as_of") or "?")})], []
    if tokens is None:
        return float(table["unknown"]), [Note("ev_no_tokens")], ["validate_data"]
    lc = c.t.rules["local_compute"]
    billions = c.a["costs"]["model_size_billions"] or float(lc["default_model_billions"])
    hardware = "gpu" if c.backend == "hf" else c.a["costs"]["local_hardware"]
    hours = float(lc["flops_per_param_token"]) * billions * 1e9 * tokens / float(lc["effective_flops"][hardware]) / 3600
    c.training_usd = 0.0 if c.backend == "local" else None
    row = first_row(table["hours_at_most"], hours, at_most=True)
    return (row if row is not None else float(table["hours_otherwise"])), [Note("ev_local_hours", {
        "hardware": note_param(f"hardware_{hardware}"), "hours": fmt_number(hours, 1), "billions": fmt_number(billions, 1),
        "tokens": f"{tokens:,}"})], []


def _cost(c: Context) -> tuple[float, list[Note], list[str], dict[str, Any] | None]:
    table = c.t.score_table("cost")
    b = c.a["benefits"]
    usage = c.t.rules.get("usage", {})
    rpm = int(b["requests_per_month"] or 0)
    notes: list[Note] = []
    if c.backend == "local":  # no per-token fee and no training bill: nothing to earn back
        return float(table.get("no_fee", 5)), [Note("ev_hosting_here")], [], None
    if c.backend == "hf":
        notes.append(Note("ev_hosting_local"))
    if c.backend == "together":  # a tuned model answers from a dedicated endpoint, billed by the hour
        from fttool.tables import together_hosting

        hosting = together_hosting()
        if hosting is not None:
            per_month = float(hosting["usd"]) * float(usage.get("hours_per_month", 730))
            notes.append(Note("ev_hosting_hourly", {"per_hour": fmt_usd(float(hosting["usd"])),
                                                    "per_month": fmt_usd(per_month)}))
    price = _price(c) if c.backend in ("openai", "azure") else None
    needed = ("input_per_1m_tokens", "output_per_1m_tokens", "tuned_input_per_1m_tokens", "tuned_output_per_1m_tokens")
    if price is None or any(price.get(k) is None for k in needed):
        notes.append(Note("ev_break_even_no_price", {"model": c.model}))
        return float(table["unknown"]), notes, ([] if c.backend in ("hf", "local", "together")
                                                else ["choose_priced_model"]), None
    notes.append(Note("ev_hosting_tokens", {"tin": fmt_number(price["tuned_input_per_1m_tokens"]),
                                            "tout": fmt_number(price["tuned_output_per_1m_tokens"]),
                                            "bin": fmt_number(price["input_per_1m_tokens"]),
                                            "bout": fmt_number(price["output_per_1m_tokens"])}))
    hours_month = float(usage.get("hours_per_month", 730))
    hosting_month = float(price["hosting_per_hour"]) * hours_month if price.get("hosting_per_hour") else 0.0
    if price.get("hosting_per_hour"):
        notes.append(Note("ev_hosting_hourly", {"per_hour": fmt_usd(float(price["hosting_per_hour"])),
                                                "per_month": fmt_usd(hosting_month)}))
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
        notes.append(Note("ev_break_even_never", {"saving": fmt_usd(saving), "hosting": fmt_usd(hosting_month)}))
        return float(table["never"]), notes, [], None
    training = c.training_usd
    if training is None:
        notes.append(Note("ev_no_tokens"))
        return float(table["unknown"]), notes, ["validate_data"], None
    months = training / monthly
    requests = math.ceil(months * rpm)
    notes.append(Note("ev_break_even", {"requests": f"{requests:,}", "months": fmt_number(months, 2),
                                        "per_month": f"{rpm:,}", "saving": fmt_usd(saving)}))
    row = first_row(table["months_at_most"], months, at_most=True)
    return (row if row is not None else float(table["later"])), notes, [], {"requests": requests,
                                                                             "months": round(months, 2)}


def _extensibility(c: Context) -> tuple[float, list[Note], list[str]]:
    reuse = c.a["benefits"]["reuse_for_new_domains"]
    return float(c.t.score_table("extensibility")[reuse]), [Note(f"ev_reuse_{reuse}")], []


def score_criteria(ctx: Context) -> tuple[dict[str, tuple[float, list[Note], list[str]]], bool, bool,
                                         dict[str, Any] | None]:
    """Every criterion's (score, notes, missing), and for the verdict: a baseline exists, retrieval was measured,
    the break-even (compute before cost: it sets the training cost)."""
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
    return results, has_baseline, has_rag, break_even
