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
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.chat.client import ChatAnswer, ChatClient, Sampling, Target, with_system
from fttool.chat.metrics import bootstrap_gain, score
from fttool.clock import iso_now
from fttool.errors import Cancelled, ConnectionProblem, FtError, InputError, UsageError
from fttool.fsutil import atomic_write_json
from fttool.messages import register

register({
    "eval_bad_json": "{path}, line {line}: not valid JSON ({reason}).",
    "eval_no_messages": "{path}, line {line}: field 'messages' is missing or is not a list of messages.",
    "eval_no_reference": "{path}, line {line}: field 'messages' has no assistant message to compare with.",
    "eval_no_prompt": "{path}, line {line}: field 'messages' has nothing before its last assistant message.",
    "eval_empty": "{path} holds no example to evaluate.",
    "eval_trained_on_test": "{path} was used to train job {job_id} ({split} split): evaluating on it would "
                            "measure memory, not skill. Use held-out data (or --allow-trained-data).",
    "eval_bad_baseline": "Unknown baseline '{baseline}'. Use zero-shot, few-shot:K or rag[:DOCS_DIR].",
    "eval_few_shot_needs_train": "The few-shot baseline draws examples from a training set: give --train FILE.",
    "eval_no_model": "Name at least one model to evaluate (--model).",
    "eval_incomplete": "{failed} of {total} requests failed ({reason}). Run the same evaluation again: the "
                       "{done} finished answers are cached and will not be requested or paid for again.",
})

BASELINE_KINDS = ("zero-shot", "few-shot", "rag")
FATAL_CODES = {"bad_key", "forbidden", "chat_model_not_found", "missing_secret", "missing_setting", "no_keyring",
               "chat_unknown_server", "chat_no_base_url", "chat_unknown_backend"}
RAG_PASSAGES = 3

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


# -- examples --------------------------------------------------------------------------------------------------
@dataclass
class Example:
    index: int  # 0-based position in the file
    line: int  # 1-based line number
    prompt: list[dict[str, Any]]  # the conversation up to the last assistant message
    reference: str

    @property
    def question(self) -> str:
        return next((str(m.get("content") or "") for m in reversed(self.prompt) if m.get("role") == "user"), "")

    @property
    def system(self) -> str | None:
        return next((str(m.get("content") or "") for m in self.prompt if m.get("role") == "system"), None)


def _content_text(content: Any) -> str:
    if isinstance(content, list):  # content parts
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content or "")


def load_examples(path: Path | str) -> list[Example]:
    """Read a JSONL chat dataset; a bad line is an error naming the file, the line and the field."""
    path = Path(path)
    if not path.exists():
        raise InputError("file_not_found", path=str(path))
    if path.is_dir():
        raise InputError("not_a_file", path=str(path))
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("unreadable_file", path=str(path), reason=str(exc)) from exc
    out: list[Example] = []
    for lineno, text in enumerate(raw.splitlines(), start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except ValueError as exc:
            raise InputError("eval_bad_json", path=str(path), line=lineno, reason=str(exc)) from exc
        msgs = obj.get("messages") if isinstance(obj, dict) else None
        if not isinstance(msgs, list) or not all(isinstance(m, dict) and "role" in m for m in msgs):
            raise InputError("eval_no_messages", path=str(path), line=lineno)
        last = max((i for i, m in enumerate(msgs) if m.get("role") == "assistant"), default=-1)
        if last < 0:
            raise InputError("eval_no_reference", path=str(path), line=lineno)
        prompt = [{"role": m["role"], "content": _content_text(m.get("content"))} for m in msgs[:last]]
        if not any(m["role"] == "user" for m in prompt):
            raise InputError("eval_no_prompt", path=str(path), line=lineno)
        out.append(Example(len(out), lineno, prompt, _content_text(msgs[last].get("content"))))
    if not out:
        raise InputError("eval_empty", path=str(path))
    return out


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_not_trained_on(path: Path | str, jobs: list[dict[str, Any]] | None = None) -> str:
    """Refuse a held-out file that some job trained (or validated) on, by sha256. Returns the file's sha256."""
    sha = file_sha256(path)
    if jobs is None:
        from fttool.jobs.store import JobStore

        store = JobStore()
        try:
            jobs = [j.to_dict() for j in store.list()]
        finally:
            store.close()
    for job in jobs:
        for split, digest in (job.get("dataset_sha256") or {}).items():
            if digest == sha:
                raise UsageError("eval_trained_on_test", path=str(path), job_id=job.get("id"), split=split)
    return sha


# -- what is evaluated -----------------------------------------------------------------------------------------
@dataclass
class Subject:
    """A model, or a baseline (a prompt recipe on the base model)."""

    id: str
    target: Target
    kind: str = "model"  # model | zero-shot | few-shot | rag
    k: int = 0  # few-shot K
    docs: str | None = None  # rag folder

    @property
    def is_baseline(self) -> bool:
        return self.kind != "model"


def parse_baseline(spec: str, base: Target) -> Subject:
    spec = spec.strip()
    if spec == "zero-shot":
        return Subject("zero-shot", base, "zero-shot")
    if spec.startswith("few-shot"):
        _, _, k = spec.partition(":")
        try:
            n = int(k or 3)
        except ValueError:
            raise UsageError("eval_bad_baseline", baseline=spec) from None
        if n < 1:
            raise UsageError("eval_bad_baseline", baseline=spec)
        return Subject(f"few-shot:{n}", base, "few-shot", k=n)
    if spec == "rag" or spec.startswith("rag:"):
        _, _, folder = spec.partition(":")
        return Subject("rag", base, "rag", docs=folder or None)
    raise UsageError("eval_bad_baseline", baseline=spec)


def subject_ids(targets: list[Target]) -> list[str]:
    """Each model's id in the results: its name, with its backend when two share a name."""
    names = [t.model for t in targets]
    return [f"{n}@{t.backend}" if names.count(n) > 1 else n for n, t in zip(names, targets, strict=True)]


class PromptBuilder:
    """Turns an example into the messages a subject sends."""

    def __init__(self, system: str | None, train: list[Example] | None, seed: int = 0) -> None:
        self.system = system
        self.train = train or []
        self.seed = seed
        self._indexes: dict[str | None, Any] = {}

    def _index(self, docs: str | None) -> Any:
        if docs not in self._indexes:
            from fttool.chat.retrieval import Bm25Index, load_documents

            passages = load_documents(docs) if docs else [e.reference for e in self.train]
            self._indexes[docs] = Bm25Index(passages)
        return self._indexes[docs]

    def prepare(self, subjects: list[Subject]) -> None:
        """Build what baselines need up front (indexes), so a bad folder fails before any request."""
        for s in subjects:
            if s.kind == "few-shot" and not self.train:
                raise UsageError("eval_few_shot_needs_train")
            if s.kind == "rag":
                self._index(s.docs)

    def messages(self, subject: Subject, ex: Example) -> list[dict[str, Any]]:
        base = with_system(ex.prompt, self.system) if self.system is not None else [dict(m) for m in ex.prompt]
        if subject.kind in ("model", "zero-shot"):
            return base
        system = [m for m in base if m["role"] == "system"]
        rest = [m for m in base if m["role"] != "system"]
        if subject.kind == "few-shot":
            pool = [t for t in self.train if t.prompt[-1:] != ex.prompt[-1:] or t.reference != ex.reference]
            rng = random.Random(f"{self.seed}:{ex.index}")
            shots = rng.sample(pool, min(subject.k, len(pool)))
            demo: list[dict[str, Any]] = []
            for t in shots:
                demo += [m for m in t.prompt if m["role"] != "system"]
                demo.append({"role": "assistant", "content": t.reference})
            return system + demo + rest
        if subject.kind == "rag":
            from fttool.chat.retrieval import rag_system_prompt

            passages = self._index(subject.docs).search(ex.question, RAG_PASSAGES)
            sys_text = rag_system_prompt(system[0]["content"] if system else None, passages)
            return ([{"role": "system", "content": sys_text}] if sys_text else []) + rest
        raise UsageError("eval_bad_baseline", baseline=subject.kind)


# -- the per-example cache ---------------------------------------------------------------------------------------
def _cache_key() -> bytes:
    """This computer's key for the evaluation cache (in the data dir, never in a project): an entry a shared
    project brings along does not carry its MAC, so it cannot stand in for an answer the model never gave."""
    import os
    import secrets

    from fttool.paths import data_dir

    path = data_dir() / "eval-cache.key"
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    os.replace(tmp, path)
    return key


def _mac(key: bytes, entry: dict[str, Any]) -> str:
    import hmac

    body = json.dumps({k: v for k, v in entry.items() if k != "mac"}, sort_keys=True, ensure_ascii=False)
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


class ResultCache:
    """Finished answers, one JSON line each, keyed by what was asked of whom (target, messages, sampling).
    Appended and flushed as each answer arrives, so a crash or a cancel keeps everything paid for. Each line is
    signed with this computer's key (HMAC-SHA256); a line without a valid signature (forged, or from another
    computer) is not used."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = Path(path) if path else None
        self.entries: dict[str, dict[str, Any]] = {}
        self._file: Any = None
        self._key = _cache_key() if self.path else b""
        self.rejected = 0
        if self.path and self.path.is_file():
            import hmac

            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    e = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash
                if isinstance(e, dict) and "key" in e:
                    if not hmac.compare_digest(str(e.get("mac", "")), _mac(self._key, e)):
                        self.rejected += 1
                        continue
                    self.entries[e["key"]] = e

    @staticmethod
    def key(target: Target, messages: list[dict[str, Any]], sampling: Sampling) -> str:
        blob = json.dumps({"t": target.key(), "m": messages, "s": sampling.to_dict()}, sort_keys=True,
                          ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        return self.entries.get(key)

    def put(self, key: str, answer: ChatAnswer) -> dict[str, Any]:
        entry = {"key": key, **answer.to_dict()}
        self.entries[key] = entry
        if self.path is not None:
            entry = {**entry, "mac": _mac(self._key, entry)}
            if self._file is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = open(self.path, "a", encoding="utf-8")  # kept open for the run
            self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._file.flush()
        return entry

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


# -- running ----------------------------------------------------------------------------------------------------
@dataclass
class EvalRun:
    examples: list[Example]
    subjects: list[Subject]
    answers: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)  # (subject id, index) -> entry
    failures: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    requested: int = 0  # requests actually sent (not from the cache)
    cached: int = 0


async def run_requests(examples: list[Example], subjects: list[Subject], builder: PromptBuilder,
                       sampling: Sampling, cache: ResultCache, *, concurrency: int = 16,
                       progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                       clients: dict[str, ChatClient] | None = None, timeout: float = 120.0,
                       max_retries: int = 2) -> EvalRun:
    """Every (subject, example) answer, from the cache or the model; at most `concurrency` in flight."""
    builder.prepare(subjects)
    run = EvalRun(examples, subjects)
    own_clients = clients is None
    clients = {} if clients is None else clients
    sem = asyncio.Semaphore(max(1, concurrency))
    inflight: dict[str, asyncio.Future[dict[str, Any]]] = {}
    total = len(examples) * len(subjects)
    done = 0
    fatal: list[FtError] = []

    def client_for(t: Target) -> ChatClient:
        if t.key() not in clients:
            clients[t.key()] = ChatClient(t, timeout=timeout, max_retries=max_retries)
        return clients[t.key()]

    async def ask(key: str, target: Target, messages: list[dict[str, Any]]) -> dict[str, Any]:
        async with sem:
            if fatal:
                raise fatal[0]
            if cancel is not None and cancel():
                raise Cancelled()
            run.requested += 1
            answer = await client_for(target).send(messages, sampling)
        return cache.put(key, answer)

    async def one(subject: Subject, ex: Example) -> None:
        nonlocal done
        messages = builder.messages(subject, ex)
        key = ResultCache.key(subject.target, messages, sampling)
        entry = cache.get(key)
        try:
            if entry is not None:
                run.cached += 1
            else:
                fut = inflight.get(key)  # the same request for two subjects (zero-shot = the base model)
                if fut is None:
                    fut = asyncio.ensure_future(ask(key, subject.target, messages))
                    inflight[key] = fut
                entry = await asyncio.shield(fut)
            run.answers[(subject.id, ex.index)] = {**entry, "messages": messages}
        except ConnectionProblem as exc:
            run.failures[(subject.id, ex.index)] = {"code": exc.code, "message": exc.message}
        except FtError as exc:
            if exc.code in FATAL_CODES or isinstance(exc, Cancelled):
                if not fatal:
                    fatal.append(exc)
                raise
            run.failures[(subject.id, ex.index)] = {"code": exc.code, "message": exc.message}
        finally:
            done += 1
            if progress is not None:
                progress(done, total, subject.id)

    try:
        tasks: list[asyncio.Future[Any]] = [asyncio.ensure_future(one(s, ex)) for ex in examples for s in subjects]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            pending: list[asyncio.Future[Any]] = [*tasks, *inflight.values()]
            for t in pending:
                t.cancel()
            await asyncio.gather(*tasks, *inflight.values(), return_exceptions=True)
            raise
    finally:
        cache.close()
        if own_clients:
            for c in clients.values():
                await c.aclose()
    return run


# -- results ----------------------------------------------------------------------------------------------------
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
