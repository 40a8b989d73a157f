"""The gates every generated example passes (answer, refusal, personal data, the validator, length, duplicates,
leakage, rating), the run's outputs from its journal, and a person's review (accept, take). Imports the synth
config module and the validator."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from fttool import clock
from fttool.datasets.synth.config import (
    DROP_REASONS,
    PROMPT_VERSION,
    Journal,
    SynthConfig,
    chat_target,
    first_of,
    load_chats,
    load_rows,
    load_taken,
    mark_taken,
    project_files,
    system_prompt,
    write_jsonl,
)
from fttool.messages import render

# Gates, in order, each with a count and the examples it dropped (dropped.jsonl): an empty or cut-off answer
# (finish reason `length`), a refusal, personal data (the one rule set), the validator's errors for the target
# backend, an example longer than the target model's context, an exact or near duplicate of another example or of
# the train set, a near copy of a test or validation question (leakage: the teacher never saw them, and a
# generated question that happens to match one is dropped), and a judge's rating under the threshold.
# Near duplicates are found with word-shingle Jaccard similarity through an inverted index (a few thousand short
# examples: exact, no MinHash needed).
NEAR = 0.8  # word-shingle Jaccard similarity that makes a near duplicate (as the validator's NEAR_DUP_THRESHOLD)
LEAK = 0.7  # a generated question this close to a test or validation question is dropped
SHINGLE = 3
_REFUSAL = re.compile(
    r"^\s*(?:i'?m sorry|i am sorry|sorry,? (?:but )?i (?:can(?:no|')?t|am unable)|i can(?:no|')t (?:help|assist|"
    r"provide|do that)|i'?m (?:not able|unable) to|i am (?:not able|unable) to|as an ai\b|maaf,? saya tidak "
    r"(?:dapat|boleh))", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)


# -- similarity ------------------------------------------------------------------------------------------------
def shingles(text: str) -> frozenset[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


class NearIndex:
    """Texts by their word shingles: `nearest(text)` gives the most similar text's id and its Jaccard similarity,
    through an inverted index (only texts sharing a shingle are compared)."""

    def __init__(self) -> None:
        self._sets: list[frozenset[str]] = []
        self._ids: list[str] = []
        self._by: dict[str, list[int]] = {}

    def add(self, ident: str, text: str) -> None:
        s = shingles(text)
        k = len(self._sets)
        self._sets.append(s)
        self._ids.append(ident)
        for sh in s:
            self._by.setdefault(sh, []).append(k)

    def nearest(self, text: str) -> tuple[str | None, float]:
        s = shingles(text)
        if not s:
            return None, 0.0
        shared: Counter[int] = Counter()
        for sh in s:
            shared.update(self._by.get(sh, ()))
        best, score = None, 0.0
        for k, common in shared.items():
            j = common / (len(s) + len(self._sets[k]) - common)
            if j > score:
                best, score = self._ids[k], j
        return best, score


def _norm(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


# -- gates and outputs -----------------------------------------------------------------------------------------
def build_outputs(cfg: SynthConfig, topics_used: list[str] | None = None,
                  chunks: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """From the journal: every item through the gates, in item order (the same result however the run was cut
    and resumed); writes pending.jsonl, its provenance sidecar and dropped.jsonl; returns the counts."""
    journal = Journal(cfg.run_dir / "journal.jsonl")
    journal.close()
    seeds = load_chats(cfg.seed)
    short_system = system_prompt(seeds)
    train = NearIndex()
    exact: set[str] = set()
    for k, ex in enumerate(seeds):
        text = first_of(ex, "user") + "\n" + first_of(ex, "assistant")
        train.add(f"train:{k + 1}", text)
        exact.add(_norm(text))
    held = NearIndex()
    held_exact: dict[str, str] = {}
    for path in cfg.held_out:
        if Path(path).is_file():
            for k, ex in enumerate(load_chats(path)):
                asked = first_of(ex, "user")
                held.add(f"{Path(path).name}:{k + 1}", asked)
                held_exact[_norm(asked)] = f"{Path(path).name}:{k + 1}"
    topics = topics_used or []
    taken = set(load_taken(cfg.run_dir))
    pending: list[dict[str, Any]] = []
    provenance: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    failed = generated = 0
    reasons: Counter[str] = Counter()
    teacher = chat_target(cfg.teacher)
    for i in range(cfg.n):
        ident = f"ex{i:05d}"
        if ident in taken:
            continue  # accepted or rejected in a review: never offered again
        q, a = journal.get(ident, "question"), journal.get(ident, "answer")
        if q is None or (q["ok"] and str(q.get("value") or "").strip() and a is None):
            continue  # not (wholly) asked yet: a cancelled or budget-stopped run
        failed_call = q if not q["ok"] else (a if a is not None and not a["ok"] else None)
        if failed_call is not None:
            failed += 1
            reasons["failed"] += 1
            dropped.append({"id": ident, "reason": "failed", "detail": failed_call.get("message", "")})
            continue
        generated += 1
        question = str(q.get("value") or "").strip()
        answer = str((a or {}).get("text") or "").strip()
        a = a or {}
        msgs = ([{"role": "system", "content": short_system}] if short_system else []) + [
            {"role": "user", "content": question}, {"role": "assistant", "content": answer}]
        example: dict[str, Any] = {"messages": msgs}
        student = journal.get(ident, "student")
        if cfg.student and student and student["ok"]:
            example = {"input": {"messages": msgs[:-1]},
                       "preferred_output": [{"role": "assistant", "content": answer}],
                       "non_preferred_output": [{"role": "assistant", "content": str(student.get("text") or "")}]}
        judge = journal.get(ident, "judge")
        rating = judge.get("value") if judge and judge["ok"] else None
        reason, detail = _gate(cfg, example, question, answer, a, rating, train, exact, held, held_exact)
        if reason:
            reasons[reason] += 1
            dropped.append({"id": ident, "reason": reason, "detail": detail, "example": example})
            continue
        text = question + "\n" + answer
        train.add(ident, text)
        exact.add(_norm(text))
        pending.append(example)
        chunk = (chunks or [])[i % len(chunks)] if chunks else None
        provenance.append({"id": ident, "teacher": f"{teacher.backend}:{teacher.model}", "prompt_version":
                           PROMPT_VERSION, "topic": topics[i % len(topics)] if topics else None,
                           "source_chunk": chunk["source"] if chunk else None, "date": a.get("at"),
                           "rating": rating, "teacher_prompt_used": bool(cfg.teacher_prompt)})
    write_jsonl(cfg.run_dir / "pending.jsonl", pending)
    write_jsonl(cfg.run_dir / "pending.provenance.jsonl", provenance)
    write_jsonl(cfg.run_dir / "dropped.jsonl", dropped)
    dropped_counts = {r: reasons[r] for r in DROP_REASONS if reasons[r]}
    summary: dict[str, Any] = {"requested": cfg.n, "generated": generated, "pending": len(pending), "failed": failed,
               "dropped": dropped_counts, "topics": topics,
               "run_dir": str(cfg.run_dir), "pending_path": str(cfg.run_dir / "pending.jsonl"),
               "provenance_path": str(cfg.run_dir / "pending.provenance.jsonl"),
               "dropped_path": str(cfg.run_dir / "dropped.jsonl"), "method": "dpo" if cfg.student else "sft"}
    summary["summary_params"] = {"generated": generated, "pending": len(pending), "failed": failed,
                                 "dropped": ", ".join(f"{k} {v}" for k, v in dropped_counts.items()) or "none"}
    summary["summary"] = render("synth_summary", summary["summary_params"])
    return summary


def _gate(cfg: SynthConfig, example: dict[str, Any], question: str, answer: str, a: dict[str, Any],
          rating: Any, train: NearIndex, exact: set[str], held: NearIndex,
          held_exact: dict[str, str]) -> tuple[str | None, str]:
    from fttool.datasets.validate import validate_example

    if not question or not answer:
        return "empty", "no user message" if not question else "no answer"
    if a.get("finish") == "length":
        return "cut_off", "the answer stopped at the length limit"
    if _REFUSAL.search(answer):
        return "refusal", answer[:80]
    method = "dpo" if "input" in example else "supervised"
    problems, _tokens = validate_example(example, model=cfg.model, method=method, backend=cfg.backend)
    codes = {p.code for p in problems}
    if "personal_data" in codes:
        return "personal_data", next(p.message for p in problems if p.code == "personal_data")
    if codes & {"too_many_tokens", "will_be_truncated"}:
        return "too_long", next(p.message for p in problems if p.code in ("too_many_tokens", "will_be_truncated"))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return "invalid", errors[0].message
    if _norm(question) in held_exact:
        return "leakage", f"the same as {held_exact[_norm(question)]}"
    near_held, s = held.nearest(question)
    if near_held is not None and s >= LEAK:
        return "leakage", f"{round(100 * s)}% like {near_held}"
    text = question + "\n" + answer
    if _norm(text) in exact:
        return "duplicate", "the same as an example already in the set"
    near, s = train.nearest(text)
    if near is not None and s >= NEAR:
        return "near_duplicate", f"{round(100 * s)}% like {near}"
    if cfg.judge is not None:
        try:
            r = int(rating)
        except (TypeError, ValueError):
            return "failed", "the judge gave no rating"
        if r < cfg.min_rating:
            return "low_rating", f"rated {r} (under {cfg.min_rating})"
    return None, ""


# -- accepting -------------------------------------------------------------------------------------------------
def accept(run_dir: Path, train_path: Path, rows: list[int] | None = None,
           edited: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Append the pending examples (all, or the rows picked, each as edited) to the train file, and their
    provenance to its sidecar (<train>.provenance.jsonl); the rest stay pending. Atomic writes."""
    pending = load_rows(run_dir / "pending.jsonl")
    prov = load_rows(run_dir / "pending.provenance.jsonl")
    pick = list(range(len(pending))) if rows is None else sorted(set(rows))
    take = [(edited or {}).get(k, pending[k]) for k in pick if 0 <= k < len(pending)]
    take_prov = [{**prov[k], "accepted_at": clock.iso_now(), "edited": k in (edited or {})}
                 for k in pick if 0 <= k < len(prov)]
    from fttool.fsutil import atomic_write_bytes

    old = train_path.read_bytes() if train_path.is_file() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    atomic_write_bytes(train_path, old + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in take).encode())
    side = train_path.with_suffix(".provenance.jsonl")
    old_side = side.read_bytes() if side.is_file() else b""
    atomic_write_bytes(side, old_side + "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                for r in take_prov).encode())
    keep = [k for k in range(len(pending)) if k not in set(pick)]
    mark_taken(run_dir, [prov[k]["id"] for k in pick if k < len(prov)])
    write_jsonl(run_dir / "pending.jsonl", [pending[k] for k in keep])
    write_jsonl(run_dir / "pending.provenance.jsonl", [prov[k] for k in keep if k < len(prov)])
    return {"accepted": len(take), "pending": len(keep), "train_path": str(train_path), "provenance": str(side)}


def take_pending(run_dir: Path, rows: list[int], train_path: Path | None = None) -> dict[str, Any]:
    """Remove the picked rows from the pending set (accepted into an editor, or rejected); with `train_path`,
    their provenance goes to that file's sidecar (accepted). Returns the rows taken."""
    pending = load_rows(run_dir / "pending.jsonl")
    prov = load_rows(run_dir / "pending.provenance.jsonl")
    pick = sorted({k for k in rows if 0 <= k < len(pending)})
    if train_path is not None:
        from fttool.fsutil import atomic_write_bytes

        side = train_path.with_suffix(".provenance.jsonl")
        old = side.read_bytes() if side.is_file() else b""
        atomic_write_bytes(side, old + "".join(json.dumps({**prov[k], "accepted_at": clock.iso_now()},
                                                          ensure_ascii=False) + "\n"
                                               for k in pick if k < len(prov)).encode())
    keep = [k for k in range(len(pending)) if k not in set(pick)]
    mark_taken(run_dir, [prov[k]["id"] for k in pick if k < len(prov)])
    write_jsonl(run_dir / "pending.jsonl", [pending[k] for k in keep])
    write_jsonl(run_dir / "pending.provenance.jsonl", [prov[k] for k in keep if k < len(prov)])
    return {"taken": [pending[k] for k in pick], "pending": len(keep)}


def review_run(run_dir: str) -> dict[str, Any]:
    """What the review shows: the pending examples with their provenance, and the dropped ones by reason."""
    rd = Path(run_dir)
    summary: dict[str, Any] = {}
    try:
        summary = json.loads((rd / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    return {"pending": load_rows(rd / "pending.jsonl"), "provenance": load_rows(rd / "pending.provenance.jsonl"),
            "dropped": load_rows(rd / "dropped.jsonl"), "summary": summary}


def take_rows(run_dir: str, rows: list[int], train_path: str | None = None, project: str | None = None,
              accepted: bool = False) -> dict[str, Any]:
    """Take rows from the pending set: accepted (into `train_path`, or the project's train file) or rejected."""
    if accepted and train_path is None and project:
        root = Path(project)
        train_path = str(project_files(root).get("train", root / "data" / "train.jsonl"))
    return take_pending(Path(run_dir), rows, Path(train_path) if accepted and train_path else None)
