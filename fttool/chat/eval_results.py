"""The results of an evaluation run: each subject's mean scores, latency and cost, the gain of one over another
with its paired bootstrap 95% interval, wins and losses and the verdict in words, and the per-example rows.
Imports eval_run.py (the run it reads) and the metrics, never eval.py."""

from __future__ import annotations

from typing import Any

from fttool.chat.eval_run import EvalRun, Subject
from fttool.chat.metrics import bootstrap_gain, score
from fttool.clock import iso_now


def _round(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(x, nd)


def summarize(run: EvalRun, subject: Subject) -> dict[str, Any]:
    rows = [(ex, run.answers[(subject.id, ex.index)]) for ex in run.examples if (subject.id, ex.index) in run.answers]
    n = len(rows)
    out: dict[str, Any] = {"exact_match": None, "token_f1": None, "rouge_l": None, "latency_ms": None,
                           "cost_usd": None, "n": n}
    if not n:
        return out
    scores = [score(e["text"], ex.reference) for ex, e in rows]
    for m in ("exact_match", "token_f1", "rouge_l"):
        out[m] = _round(sum(s[m] for s in scores) / n)
    out["latency_ms"] = round(sum(float(e.get("latency_ms") or 0) for _, e in rows) / n, 1)
    costs = [e.get("cost_usd") for _, e in rows]
    out["cost_usd"] = _round(sum(c for c in costs if c is not None), 8) if any(c is not None for c in costs) else None
    pt = [e.get("prompt_tokens") for _, e in rows]
    ct = [e.get("completion_tokens") for _, e in rows]
    out["prompt_tokens"] = sum(x for x in pt if x is not None) if any(x is not None for x in pt) else None
    out["completion_tokens"] = sum(x for x in ct if x is not None) if any(x is not None for x in ct) else None
    out["failed"] = sum(1 for (sid, _) in run.failures if sid == subject.id)
    return out


def gain(run: EvalRun, base: Subject, tuned: Subject, metric: str = "token_f1", *, resamples: int = 2000,
         seed: int = 0) -> dict[str, Any]:
    """The gain of `tuned` over `base` in percentage points, with its paired bootstrap 95% interval."""
    a: list[float] = []
    b: list[float] = []
    for ex in run.examples:
        ea, eb = run.answers.get((base.id, ex.index)), run.answers.get((tuned.id, ex.index))
        if ea is not None and eb is not None:
            a.append(score(ea["text"], ex.reference)[metric])
            b.append(score(eb["text"], ex.reference)[metric])
    mean, lo, hi = bootstrap_gain(a, b, resamples=resamples, seed=seed)
    wins, losses, ties = compare_counts(a, b)
    return {"metric": metric, "base": base.id, "tuned": tuned.id, "delta_points": round(100 * mean, 2),
            "ci95_points": [round(100 * lo, 2), round(100 * hi, 2)], "n": len(a),
            "better": bool(len(a) > 0 and lo > 0), "wins": wins, "losses": losses, "ties": ties,
            "verdict": verdict(lo, hi, len(a))}


def compare_counts(base: list[float], tuned: list[float], tolerance: float = 1e-9) -> tuple[int, int, int]:
    """(examples `tuned` scored higher on, lower on, the same on): the plain-words side of a paired gain."""
    wins = sum(1 for x, y in zip(base, tuned, strict=True) if y > x + tolerance)
    losses = sum(1 for x, y in zip(base, tuned, strict=True) if y < x - tolerance)
    return wins, losses, len(base) - wins - losses


def verdict(lo: float, hi: float, n: int) -> str:
    """'better' when the whole 95% interval of the gain is above zero, 'worse' when below, else 'unclear'."""
    if n <= 0:
        return "unclear"
    if lo > 0:
        return "better"
    if hi < 0:
        return "worse"
    return "unclear"


def example_rows(run: EvalRun) -> list[dict[str, Any]]:
    """Per-example detail for the browser: prompt, reference, each subject's answer and scores."""
    rows = []
    for ex in run.examples:
        answers = {}
        for s in run.subjects:
            e = run.answers.get((s.id, ex.index))
            if e is not None:
                answers[s.id] = {"text": e["text"], **{k: round(v, 4) for k, v in score(e["text"], ex.reference).items()},
                                 "latency_ms": round(float(e.get("latency_ms") or 0), 1),
                                 "cost_usd": e.get("cost_usd")}
            elif (s.id, ex.index) in run.failures:
                answers[s.id] = {"error": run.failures[(s.id, ex.index)]}
        rows.append({"index": ex.index, "line": ex.line, "prompt": ex.prompt, "reference": ex.reference,
                     "answers": answers})
    return rows


def build_results(run: EvalRun, *, data_sha256: str, metric: str = "token_f1") -> dict[str, Any]:
    models = [s for s in run.subjects if not s.is_baseline]
    baselines = [s for s in run.subjects if s.is_baseline]
    result: dict[str, Any] = {
        "models": {s.id: summarize(run, s) for s in models},
        "baselines": {s.id: summarize(run, s) for s in baselines},
        "gain": gain(run, models[0], models[1], metric) if len(models) >= 2 else None,
        "created_at": iso_now(),
        "data_sha256": data_sha256,
    }
    tuned = models[1] if len(models) >= 2 else None
    if tuned is not None and baselines:
        # did fine-tuning beat prompt engineering, and retrieval?
        result["baseline_gains"] = {b.id: gain(run, b, tuned, metric) for b in baselines}
    return result

