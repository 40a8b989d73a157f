"""The LLM judge: which of two answers to the same conversation is closer to the reference, asked of a third
model with the pair in a random order; its win rate, and what it would cost. Imports eval_run.py (the requests
and their cache), never eval.py."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from fttool.chat.client import ChatClient, Sampling, Target
from fttool.chat.eval_run import (
    CancelFn,
    EvalRun,
    Example,
    ProgressFn,
    PromptBuilder,
    ResultCache,
    Subject,
    load_examples,
    run_requests,
)

JUDGE_PROMPT = """You are judging two answers to the same conversation against a reference answer.

Conversation:
{conversation}

Reference answer:
{reference}

Answer 1:
{first}

Answer 2:
{second}

Which answer is better: closer to the reference in content and format, correct and helpful? Reply with exactly
one word: 1, 2 or tie."""


def judge_prompt(ex: Example, first: str, second: str) -> str:
    conversation = "\n".join(f"{m['role']}: {m['content']}" for m in ex.prompt)
    return JUDGE_PROMPT.format(conversation=conversation, reference=ex.reference, first=first, second=second)


def parse_verdict(text: str) -> str | None:
    """'1', '2', 'tie' or None for an answer that is none of them."""
    t = text.strip().lower().strip(".*\"' ")
    if t.startswith("tie"):
        return "tie"
    t = t.removeprefix("answer").strip()
    if t[:1] in ("1", "2") and (len(t) == 1 or not t[1].isdigit()):
        return t[:1]
    return None


def judge_cost_estimate(data: Path | str, judge_model: str, limit: int | None = None) -> dict[str, Any]:
    """What the judge would cost on this held-out file, roughly: one request per example, with the conversation,
    the reference and two answers about as long as the reference (4 characters a token), 5 tokens back.
    {"n": examples, "cost_usd": dollars or None when the judge's price is unknown}."""
    from fttool.chat.pricing import answer_cost

    examples = load_examples(data)
    if limit:
        examples = examples[:limit]
    prompt_tokens = 0
    for ex in examples:
        chars = len(JUDGE_PROMPT) + sum(len(m["content"]) + 12 for m in ex.prompt) + 3 * len(ex.reference)
        prompt_tokens += chars // 4 + 1
    cost = answer_cost(judge_model, prompt_tokens, 5 * len(examples))
    return {"n": len(examples), "cost_usd": None if cost is None else round(cost, 6)}


async def judge_run(run: EvalRun, base: Subject, tuned: Subject, judge: Target, *, cache_path: Path | None,
                    concurrency: int = 16, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                    clients: dict[str, ChatClient] | None = None, seed: int = 0) -> dict[str, Any]:
    """An LLM judge's win rate of `tuned` over `base`: each pair is shown in a random order (the position
    is not a hint), the judge answers 1, 2 or tie; ties count half. The prompt is returned with the result."""
    pairs: list[tuple[Example, bool]] = []  # (example, tuned shown first)
    judge_examples: list[Example] = []
    for ex in run.examples:
        ea, eb = run.answers.get((base.id, ex.index)), run.answers.get((tuned.id, ex.index))
        if ea is None or eb is None:
            continue
        tuned_first = random.Random(f"{seed}:{ex.index}").random() < 0.5
        first, second = (eb["text"], ea["text"]) if tuned_first else (ea["text"], eb["text"])
        pairs.append((ex, tuned_first))
        judge_examples.append(Example(ex.index, ex.line, [{"role": "user", "content": judge_prompt(ex, first, second)}], ""))
    subject = Subject("judge", judge)
    jrun = await run_requests(judge_examples, [subject], PromptBuilder(None, None),
                              Sampling(temperature=0.0, max_tokens=5), ResultCache(cache_path),
                              concurrency=concurrency, progress=progress, cancel=cancel, clients=clients)
    wins = losses = ties = unclear = 0
    verdicts: dict[int, str] = {}
    for ex, tuned_first in pairs:
        entry = jrun.answers.get(("judge", ex.index))
        v = parse_verdict(entry["text"]) if entry else None
        if v is None:
            unclear += 1
            verdicts[ex.index] = "unclear"
        elif v == "tie":
            ties += 1
            verdicts[ex.index] = "tie"
        elif (v == "1") == tuned_first:
            wins += 1
            verdicts[ex.index] = tuned.id
        else:
            losses += 1
            verdicts[ex.index] = base.id
    n = wins + losses + ties
    costs: list[float] = [float(e["cost_usd"]) for e in jrun.answers.values() if e.get("cost_usd") is not None]
    return {"model": judge.model, "base": base.id, "tuned": tuned.id, "prompt": JUDGE_PROMPT,
            "win_rate": round((wins + 0.5 * ties) / n, 4) if n else None, "wins": wins, "losses": losses,
            "ties": ties, "unclear": unclear, "n": n, "failed": len(jrun.failures),
            "cost_usd": round(sum(costs), 8) if costs else None, "verdicts": verdicts}

