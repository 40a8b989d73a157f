"""What an evaluation asks and how (fttool.chat.eval runs the whole of it): the held-out examples, the subjects
(models and baselines) and the messages each sends, the signed per-example cache of answers, and the requests
themselves, concurrent and bounded (run_requests). Imports the chat client and retrieval, never eval.py."""

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
from fttool.errors import Cancelled, ConnectionProblem, FtError, InputError, UsageError
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

