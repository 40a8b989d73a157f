"""Scoring: each criterion 0..5 from its evidence, a weighted score, and the verdict in the issue's order.

Evidence is a list of Notes (message code + params, English in the catalog, translated by code in the UI).
A param may itself be a note ({"code": ..., "params": ...}), rendered in the same language.

The parts: result.py (the names, their words, Note, Criterion, Decision), names.py (a model's name as compared
and as read), criteria.py (each criterion from its evidence); every name stays importable here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fttool.decision import answers as answers_mod
from fttool.decision.checklist import environment_checklist, stored_jobs
from fttool.decision.criteria import Context, score_criteria
from fttool.decision.evidence import DataFacts, EvalFacts, data_facts, eval_facts
from fttool.decision.names import display_name, same_model, short_names
from fttool.decision.questions import BACKENDS
from fttool.decision.result import (  # noqa: F401  (re-exported: their old home)
    ACTIONS,
    CHECKLIST,
    CRITERIA,
    TRAIN_PANELS,
    VERDICTS,
    Criterion,
    Decision,
    Note,
    action_target,
    backend_label,
    fmt_number,
    nested,
)
from fttool.decision.tables import Tables


def _has_test_split(project_dir: Path, meta: dict[str, Any]) -> bool:
    datasets = meta.get("datasets") or {}
    for split in ("test", "validation"):
        rel = datasets.get(split)
        if rel and (project_dir / str(rel)).is_file():
            return True
    return False


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
           check_environment: bool = True, jobs: list[dict[str, Any]] | None = None) -> Decision:
    """Score the answers. With `gather`, the data and evaluation evidence is read from the project folder (and
    the finished jobs from fttool's job store, unless `jobs` gives them: Job.to_dict() rows); tests can pass
    `data`/`evals` (and gather=False) instead."""
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
    ctx = Context(answers, tables, project_dir, today, data, evals, jobs)
    if gather:
        if data is None:
            ctx.data = data_facts(train_file(answers, project_dir, meta), ctx.backend, ctx.model, tables)
        if evals is None:
            ctx.evals = eval_facts(project_dir)
        if jobs is None:
            ctx.jobs = stored_jobs()
    ctx.resolve_pair()

    w = tables.default_weights()
    w.update({k: float(v) for k, v in answers.get("weights", {}).items() if k in w})
    w.update({k: float(v) for k, v in (weights or {}).items() if k in w})

    results, has_baseline, has_rag, break_even = score_criteria(ctx)

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
        reason = [Note("reason_not_tunable", {"model": ctx.model,
                                              "backends": [backend_label(b) for b in ctx.backends]}),
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
        reason = [Note("reason_fine_tune", {"score": fmt_number(score), "threshold": fmt_number(threshold)})]
    else:
        verdict = "not_worth_it"
        reason = [Note("reason_low_score", {"score": fmt_number(score), "threshold": fmt_number(threshold)})]
        if not gain_positive:
            reason.append(Note("reason_no_gain"))

    checklist, env_missing = environment_checklist(
        ctx.backend, ctx.model, tunable=ctx.tunable[ctx.backend][0] == "tunable",
        dataset=ctx.valid() >= ctx.minimum() and ctx.data is not None, check_environment=check_environment)
    missing: list[str] = []
    for c in criteria:
        for m in c.missing:
            if m not in missing:
                missing.append(m)
    for m in env_missing:
        if m not in missing:
            missing.append(m)
    evaluations = [m for m in missing if m in ("run_baseline_evaluation", "run_rag_baseline", "evaluate_tuned_model")]
    if evaluations and project_dir is not None and not _has_test_split(project_dir, meta):
        missing.insert(missing.index(evaluations[0]), "make_test_split")  # an evaluation needs held-out examples
    gain_pair = ({"base": str(ctx.evals.gain.get("base") or ""), "tuned": str(ctx.evals.gain.get("tuned") or "")}
                 if ctx.evals and ctx.evals.gain else None)
    if gain_pair:  # where the evaluated tuned model was trained: the job that made it, else a folder here is local
        made_by = [j for j in ctx.jobs if j.get("result_model") and same_model(str(j["result_model"]),
                                                                               gain_pair["tuned"])]
        if made_by and made_by[0].get("backend") in BACKENDS:
            gain_pair["backend"] = str(made_by[0]["backend"])
        elif gain_pair["base"].startswith(("/", "~", ".")) or (len(gain_pair["base"]) > 2
                                                              and gain_pair["base"][1] == ":"):
            gain_pair["backend"] = "local"
    names: dict[str, str] = {}  # a folder by its name, a job's output by the job's name (the full path in facts)
    for note in [*reason, *(n for c in criteria for n in c.notes)]:
        note.params = {k: short_names(v, k, ctx.jobs, names) for k, v in note.params.items()}
    for item in checklist:
        item["params"] = {k: short_names(v, k, ctx.jobs, names) for k, v in item["params"].items()}
        item["notes"] = [short_names(n, "", ctx.jobs, names) for n in item["notes"]]
    for model in (ctx.model, ctx.tuned, *(gain_pair or {}).values()):
        if model and display_name(model, ctx.jobs) != model:
            names[model] = display_name(model, ctx.jobs)
    facts = {"backend": ctx.backend, "backends": ctx.backends, "base_model": ctx.model,
             "pair": {"base": ctx.model, "tuned": ctx.tuned, "tuned_source": ctx.tuned_source},
             "evaluated_pair": gain_pair, "tuned_models": ctx.tuned_models(),
             "use_case": answers["use_case"]["description"],
             "data": ctx.data.to_dict() if ctx.data else None,
             "evaluation": ctx.evals.file if ctx.evals else None,
             "prices_as_of": tables.price_date(),
             "providers_as_of": (tables.providers or {}).get("as_of"), "rules_as_of": tables.rules.get("as_of"),
             "threshold": threshold, "today": today.isoformat(), "training_usd": ctx.training_usd,
             "model_names": names}
    return Decision(verdict, reason, score, criteria, break_even, missing, checklist, facts)
