"""Evaluation: did the tuned model beat the base model, prompt engineering and retrieval, on held-out data?

Each example's conversation up to its last assistant message goes to each model (and each baseline on the
base model); the answer is scored against that last assistant message (fttool/chat/metrics.py). Requests run
concurrently with a bounded number in flight (an asyncio semaphore), report progress, can be cancelled, and
every finished answer is cached per example and model (eval/cache.jsonl in the project), so a run resumed
after a failure or a cancel never pays again for what it already has.

Baselines (run on the base model, the first one named):
    zero-shot      the conversation with the user's system prompt
    few-shot:K     K examples drawn from the training set, put before the conversation
    rag[:DIR]      BM25 over the documents in DIR (or the training answers): top passages in the system prompt

The result (CONTRACTS.md "Evaluation results") is saved in the project as eval/results.json.

Its parts: eval_run.py (examples, subjects, prompts, the cache and the requests), eval_results.py (scores,
the gain and its interval, the verdict) and eval_judge.py (the LLM judge); every name stays importable here.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.chat.client import ChatClient, Sampling, Target
from fttool.chat.eval_judge import (  # noqa: F401  (re-exported: their old home)
    JUDGE_PROMPT,
    judge_cost_estimate,
    judge_prompt,
    judge_run,
    parse_verdict,
)
from fttool.chat.eval_results import (  # noqa: F401  (re-exported: their old home)
    build_results,
    compare_counts,
    example_rows,
    gain,
    summarize,
    verdict,
)
from fttool.chat.eval_run import (  # noqa: F401  (re-exported: their old home)
    BASELINE_KINDS,
    FATAL_CODES,
    RAG_PASSAGES,
    CancelFn,
    EvalRun,
    Example,
    ProgressFn,
    PromptBuilder,
    ResultCache,
    Subject,
    check_not_trained_on,
    file_sha256,
    load_examples,
    parse_baseline,
    run_requests,
    subject_ids,
)
from fttool.errors import FtError, UsageError
from fttool.fsutil import atomic_write_json
from fttool.messages import register

register({
    "eval_no_model": "Name at least one model to evaluate (--model).",
    "eval_incomplete": "{failed} of {total} requests failed ({reason}). Run the same evaluation again: the "
                       "{done} finished answers are cached and will not be requested or paid for again.",
})


# -- the whole evaluation ---------------------------------------------------------------------------------------
@dataclass
class EvalConfig:
    data: Path
    targets: list[Target]
    baselines: list[str] = field(default_factory=list)
    train: Path | None = None
    system: str | None = None
    sampling: Sampling = field(default_factory=lambda: Sampling(temperature=0.0, max_tokens=512))
    concurrency: int = 16
    regression: bool = False
    allow_trained_data: bool = False
    results_dir: Path | None = None  # where eval/results.json and eval/cache.jsonl go
    limit: int | None = None  # evaluate only the first N examples
    judge: Target | None = None  # an LLM judge of B against A (win rate)

    def cache_path(self) -> Path | None:
        return self.results_dir / "cache.jsonl" if self.results_dir else None


def default_results_dir(data: Path, project: Path | None = None) -> Path:
    """The project's eval/ folder: the given project, or the project the data file lives in, or the data dir."""
    if project is not None:
        return Path(project) / "eval"
    from fttool.resources import resource

    shipped = resource("sample_project").resolve()
    for parent in list(Path(data).resolve().parents)[:3]:
        if parent == shipped or shipped in parent.parents:
            break  # the sample inside the installed app: never write into the install folder
        if (parent / "project.json").is_file():
            return parent / "eval"
    from fttool.paths import data_dir

    return data_dir() / "eval"


async def evaluate(config: EvalConfig, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                   clients: dict[str, ChatClient] | None = None, save: bool = True) -> dict[str, Any]:
    """Run the evaluation; returns the results (with per-example rows) and saves them when complete.
    Raises FtError `eval_incomplete` (after caching what finished) when some requests failed."""
    if not config.targets:
        raise UsageError("eval_no_model")
    ids = subject_ids(config.targets)
    subjects = [Subject(i, t) for i, t in zip(ids, config.targets, strict=True)]
    subjects += [parse_baseline(b, config.targets[0]) for b in config.baselines]

    def prepare() -> tuple[list[Example], str, PromptBuilder, ResultCache]:
        """Files, hashes, the job store, retrieval indexes: off the event loop (it carries chat streams too)."""
        examples = load_examples(config.data)
        if config.limit:
            examples = examples[: config.limit]
        sha = file_sha256(config.data) if config.allow_trained_data else check_not_trained_on(config.data)
        train = load_examples(config.train) if config.train else None
        builder = PromptBuilder(config.system, train)
        builder.prepare(subjects)
        return examples, sha, builder, ResultCache(config.cache_path())

    examples, sha, builder, cache = await asyncio.to_thread(prepare)
    shared = {} if clients is None else clients
    try:
        run = await run_requests(examples, subjects, builder, config.sampling, cache,
                                 concurrency=config.concurrency, progress=progress, cancel=cancel, clients=shared)
        result = build_results(run, data_sha256=sha)
        result["examples"] = example_rows(run)
        result["data_file"] = str(config.data)
        result["settings"] = {"system": config.system, "sampling": config.sampling.to_dict(),
                              "baselines": list(config.baselines), "concurrency": config.concurrency}
        result["requests"] = {"sent": run.requested, "cached": run.cached, "failed": len(run.failures)}
        if config.judge is not None and len(subjects) >= 2 and not subjects[1].is_baseline:
            result["judge"] = await judge_run(run, subjects[0], subjects[1], config.judge, cache_path=config.cache_path(),
                                              concurrency=config.concurrency, progress=progress, cancel=cancel,
                                              clients=shared)
            verdicts = result["judge"].pop("verdicts")
            for row in result["examples"]:
                if row["index"] in verdicts:
                    row["judge"] = verdicts[row["index"]]
        if config.regression and len(config.targets) >= 1:
            result["regression"] = await _regression(config, ids, progress, cancel, shared)
    finally:
        if clients is None:
            for c in shared.values():
                await c.aclose()
    if run.failures:
        reasons = sorted({f["message"] for f in run.failures.values()})
        total = len(examples) * len(subjects)
        raise FtError("eval_incomplete", details="\n".join(reasons), failed=len(run.failures), total=total,
                      done=total - len(run.failures), reason=reasons[0])
    if save and config.results_dir is not None:
        atomic_write_json(config.results_dir / "results.json", result)
    return result


async def _regression(config: EvalConfig, ids: list[str], progress: ProgressFn | None, cancel: CancelFn | None,
                      clients: dict[str, ChatClient]) -> dict[str, Any]:
    """Base and tuned on the shipped set of general prompts: did tuning make the model worse outside its domain?"""
    from fttool.resources import resource

    path = resource("eval", "regression.jsonl")
    examples = load_examples(path)
    subjects = [Subject(i, t) for i, t in zip(ids[:2], config.targets[:2], strict=True)]
    cache = ResultCache(config.cache_path())
    run = await run_requests(examples, subjects, PromptBuilder(None, None), config.sampling, cache,
                             concurrency=config.concurrency, progress=progress, cancel=cancel, clients=clients)
    out: dict[str, Any] = {"models": {s.id: summarize(run, s) for s in subjects},
                           "gain": gain(run, subjects[0], subjects[1]) if len(subjects) == 2 else None,
                           "data_sha256": file_sha256(path)}
    return out


def public_results(result: dict[str, Any]) -> dict[str, Any]:
    """The `fttool eval --json` shape: the results without the per-example rows."""
    return {k: v for k, v in result.items() if k not in ("examples",)}


def load_results(project_dir: Path | str) -> dict[str, Any] | None:
    path = Path(project_dir) / "eval" / "results.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
