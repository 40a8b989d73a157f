"""More good examples from a few: a teacher model writes new chat examples in the style of the project's own, each
one passes gates before it may join the training set, and a person accepts it (issue 23).

The steps, each kept in the run's folder so a crash or a cancel loses nothing and a rerun asks the teacher only for
what is missing:
1. topics: given, asked from the teacher (`auto_topics`), or the document chunks; else the task itself;
2. a user message per example, for its topic (and chunk), in the language and style of the seed examples;
3. the teacher's answer, with the project's short system prompt or a longer teacher prompt that is NOT written
   into the example (the tuned model learns to behave well with the short prompt: fewer tokens per request);
4. optionally the student's answer to the same message, for a DPO preference pair (chosen: the teacher's);
5. optionally a judge's rating 1-5 against the task.
Structured answers (topics, messages, ratings) ask for a JSON schema through `response_format` where the backend
takes it and say it in the prompt everywhere; a malformed one is asked again once with the parse error, then
counted as failed. A failed call never stops the run; a wrong key or a budget reached does.

Gates, in order, each with a count and the examples it dropped (dropped.jsonl): an empty or cut-off answer (finish
reason `length`), a refusal, personal data (the one rule set), the validator's errors for the target backend, an
example longer than the target model's context, an exact or near duplicate of another example or of the train
set, a near copy of a test or validation question (leakage: the teacher never saw them, and a generated question
that happens to match one is dropped), and a judge's rating under the threshold.

The run folder holds journal.jsonl (every finished call, appended and flushed as it arrives), pending.jsonl (the
examples that passed, in the training format), pending.provenance.jsonl (teacher, prompt version, topic, source
chunk, date, rating: one line per pending example, same order), dropped.jsonl and summary.json.

Why our own code: Data Designer's engine needs pandas, pyarrow 24, scipy, duckdb and huggingface-hub < 2 (we are on
2.x), DeepFabric pins transformers and datasets, and instructor wraps the openai client's create method; none goes
through our ChatClient, which is what reaches every teacher (OpenAI, Azure, Together, Hugging Face, a local model or
any OpenAI-compatible server) with one retry and error policy, and none resumes item by item from a journal.
Near duplicates are found with word-shingle Jaccard similarity through an inverted index (a few thousand short
examples: exact, no MinHash needed).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fttool import clock
from fttool.errors import Cancelled, ConnectionProblem, FtError, InputError, UsageError
from fttool.messages import register, render

PROMPT_VERSION = "synth-1"
NEAR = 0.8  # word-shingle Jaccard similarity that makes a near duplicate (as the validator's NEAR_DUP_THRESHOLD)
LEAK = 0.7  # a generated question this close to a test or validation question is dropped
SHINGLE = 3
ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

register({
    "synth_no_seed": "{path} has no chat examples to learn the style from.",
    "synth_test_seed": "{path} is this project's test split: it is never shown to the teacher.",
    "synth_budget_reached": "Stopped at the budget of {budget}: {spent} spent; run it again with a higher budget "
                            "to generate the rest (finished examples are kept).",
    "synth_not_confirmed": "Generating with {teacher} is billed ({cost}). Nothing was sent: confirm the estimate "
                           "first (--yes, or the dialog).",
    "synth_free": "Generating with {teacher} costs nothing: it runs on a server of your own.",
    "synth_estimate": "{calls} calls to {teacher}, about {tokens} tokens, {cost} (prices as of {date}).",
    "synth_summary": "{generated} generated, {pending} passed the gates, {failed} failed; dropped: {dropped}.",
})
DROP_REASONS = ("failed", "empty", "cut_off", "refusal", "personal_data", "invalid", "too_long", "duplicate",
                "near_duplicate", "leakage", "low_rating")
_REFUSAL = re.compile(
    r"^\s*(?:i'?m sorry|i am sorry|sorry,? (?:but )?i (?:can(?:no|')?t|am unable)|i can(?:no|')t (?:help|assist|"
    r"provide|do that)|i'?m (?:not able|unable) to|i am (?:not able|unable) to|as an ai\b|maaf,? saya tidak "
    r"(?:dapat|boleh))", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)

TOPICS_SCHEMA = {"type": "object", "properties": {"topics": {"type": "array", "items": {"type": "string"}}},
                 "required": ["topics"], "additionalProperties": False}
MESSAGE_SCHEMA = {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"],
                  "additionalProperties": False}
RATING_SCHEMA = {"type": "object", "properties": {"rating": {"type": "integer"}, "reason": {"type": "string"}},
                 "required": ["rating", "reason"], "additionalProperties": False}
JSON_BACKENDS = ("openai", "azure", "together", "server")  # take response_format with a JSON schema


# -- configuration ---------------------------------------------------------------------------------------------
@dataclass
class SynthConfig:
    seed: Path  # the train examples (never the test split)
    run_dir: Path
    teacher: dict[str, Any]  # a chat Target as a dict
    n: int
    task: str = ""
    topics: list[str] = field(default_factory=list)
    auto_topics: int = 0  # the topic tree's breadth: topics asked from the teacher
    topic_depth: int = 1  # 2: each topic gets subtopics too ("topic / subtopic")
    subtopics: int = 0  # subtopics per topic at depth 2 (0: as many as `auto_topics`)
    docs: list[str] = field(default_factory=list)
    teacher_prompt: str | None = None  # a longer prompt for the teacher, not written into the examples
    held_out: list[str] = field(default_factory=list)  # test and validation files: the leakage gate
    student: dict[str, Any] | None = None  # with pairs: DPO preference pairs
    judge: dict[str, Any] | None = None
    min_rating: int = 3
    concurrency: int = 8
    budget_usd: float | None = None
    backend: str = "openai"  # where the examples will train (the validator's rules)
    model: str | None = None  # the model they will train (its context limit)
    max_answer_tokens: int = 512

    def key(self) -> str:
        """What the run's results depend on (a rerun with the same key resumes the same journal)."""
        # not the count: a longer run of the same settings continues a shorter one (a preview of 5, then the rest)
        data = {k: v for k, v in asdict(self).items() if k not in ("run_dir", "concurrency", "budget_usd", "n")}
        # what the prompts show of the seed (its system prompt and first examples): accepting examples (appended
        # to the train file) keeps the run, and the gates read the seed as it is now
        seeds = load_chats(self.seed)
        data["seed"] = hashlib.sha256(json.dumps([system_prompt(seeds), [first_of(e, "user") for e in seeds[:5]]],
                                                 ensure_ascii=False).encode()).hexdigest()
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _target(d: dict[str, Any]) -> Any:
    from fttool.chat.client import Target

    return Target.from_dict(d)


# -- sources ---------------------------------------------------------------------------------------------------
def load_chats(path: Path | str) -> list[dict[str, Any]]:
    """The chat examples of a JSONL file (lines that are not chats are skipped: the validator names them)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                ex = json.loads(line)
            except ValueError:
                continue
            if isinstance(ex, dict) and isinstance(ex.get("messages"), list):
                out.append(ex)
    return out


def _text(m: dict[str, Any]) -> str:
    c = m.get("content")
    if isinstance(c, list):
        return " ".join(str(p.get("text", "")) for p in c if isinstance(p, dict))
    return str(c or "")


def first_of(ex: dict[str, Any], role: str) -> str:
    return next((_text(m) for m in ex.get("messages") or [] if m.get("role") == role), "")


def system_prompt(examples: list[dict[str, Any]]) -> str | None:
    """The seed's most common system prompt (the short one the examples keep), or None."""
    got = Counter(first_of(ex, "system") for ex in examples if first_of(ex, "system"))
    return got.most_common(1)[0][0] if got else None


def read_docs(paths: list[str], chunk_chars: int = 1500) -> list[dict[str, str]]:
    """Text, Markdown and PDF documents (pypdf) cut into chunks of about `chunk_chars` at paragraph ends."""
    chunks: list[dict[str, str]] = []
    for raw in paths:
        p = Path(raw)
        files = sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() == ".pdf":
                from pypdf import PdfReader

                text = "\n\n".join(page.extract_text() or "" for page in PdfReader(str(f)).pages)
            elif f.suffix.lower() in (".txt", ".md", ".markdown", ".rst", ""):
                text = f.read_text(encoding="utf-8", errors="replace")
            else:
                continue
            buf = ""
            for para in re.split(r"\n\s*\n", text):
                para = para.strip()
                if not para:
                    continue
                if buf and len(buf) + len(para) > chunk_chars:
                    chunks.append({"source": f"{f.name}#{len(chunks) + 1}", "text": buf})
                    buf = ""
                buf = f"{buf}\n\n{para}" if buf else para
            if buf:
                chunks.append({"source": f"{f.name}#{len(chunks) + 1}", "text": buf})
    return chunks


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


# -- the journal -----------------------------------------------------------------------------------------------
class Journal:
    """Every finished call of a run, appended and flushed as it arrives: (item, step) -> record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            with open(path, encoding="utf-8") as f:
                for line in f:
                    try:
                        r = json.loads(line)
                    except ValueError:
                        continue  # a line cut by a crash: that call is asked again
                    if isinstance(r, dict) and "id" in r and "step" in r:
                        self.records[(r["id"], r["step"])] = r
        self._file = open(path, "a", encoding="utf-8")  # kept open for appends; close() closes it

    def get(self, item: str, step: str) -> dict[str, Any] | None:
        return self.records.get((item, step))

    def put(self, record: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.records[(record["id"], record["step"])] = record
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._file.flush()
        return record

    def close(self) -> None:
        self._file.close()


# -- the plan (money before any call) --------------------------------------------------------------------------
def plan(config: SynthConfig, project: str | None = None) -> dict[str, Any]:
    """Calls, tokens and cost before anything is sent (the teacher's answer prices from the one price table; a
    server of your own costs nothing; an unknown price is `null`, never $0), the budget, and the fingerprint the
    run must carry to spend."""
    from fttool.chat.pricing import prices_for
    from fttool.datasets.tables import prices_table
    from fttool.datasets.tokens import count_messages, get_encoding
    from fttool.jobs.plan import budget_usd, fingerprint

    seeds = load_chats(config.seed)
    enc = get_encoding("o200k_base")
    answer_tokens = sorted(count_messages([{"role": "assistant", "content": first_of(e, "assistant")}], enc)
                           for e in seeds) or [200]
    typical_answer = min(config.max_answer_tokens, answer_tokens[len(answer_tokens) // 2] * 6 // 5 + 1)
    prompt_q = 400 + sum(count_messages(e["messages"], enc) for e in seeds[:5])
    prompt_a = 200 + len(enc.encode(config.teacher_prompt or system_prompt(seeds) or ""))
    topic_calls = (1 + (config.auto_topics if config.topic_depth > 1 else 0)) if config.auto_topics else 0
    calls = {"topics": topic_calls, "questions": config.n, "answers": config.n,
             "judge": config.n if config.judge else 0}
    teacher_calls = calls["topics"] + calls["questions"] + calls["answers"]
    in_tokens = calls["topics"] * 300 + config.n * (prompt_q + prompt_a)
    out_tokens = calls["topics"] * 20 * max(config.auto_topics, 1) + config.n * (60 + typical_answer)
    teacher = _target(config.teacher)
    free = teacher.backend in ("server", "local")
    prices = None if free else prices_for(teacher.model)
    usd: float | None = 0.0 if free else None
    if prices is not None:
        usd = round((in_tokens * prices[0] + out_tokens * prices[1]) / 1e6, 6)
    if config.judge:
        judge = _target(config.judge)
        jp = None if judge.backend in ("server", "local") else prices_for(judge.model)
        j_usd = 0.0 if judge.backend in ("server", "local") else (
            (config.n * (prompt_a + typical_answer + 200) * jp[0] + config.n * 40 * jp[1]) / 1e6 if jp else None)
        usd = None if usd is None or j_usd is None else round(usd + j_usd, 6)
    date = str(prices_table().get("as_of", ""))
    budget = budget_usd(project, config.budget_usd)
    teacher_price = {"input_per_1m": prices[0], "output_per_1m": prices[1]} if prices else None
    out: dict[str, Any] = {"calls": {**calls, "teacher": teacher_calls, "student": config.n if config.student else 0},
           "tokens": in_tokens + out_tokens, "estimated_cost_usd": usd, "price_date": date, "free": free,
           "billable": not free or bool(config.judge and _target(config.judge).backend not in ("server", "local")),
           "budget_usd": budget, "over_budget": budget is not None and usd is not None and usd > budget,
           "teacher": f"{teacher.model} ({teacher.provider_label})", "teacher_price": teacher_price,
           # the judge's prompt, shown before anything is rated (the message and answer go where the braces are)
           "judge_prompt": judge_prompt(config, "{message}", "{answer}")[0]["content"] if config.judge else None}
    cost = f"${usd:.4f}" if usd is not None else "an unknown amount"
    if free and not out["billable"]:
        out["message_code"], out["message_params"] = "synth_free", {"teacher": out["teacher"]}
    else:
        out["message_code"], out["message_params"] = "synth_estimate", {
            "calls": sum(calls.values()) + out["calls"]["student"], "teacher": out["teacher"],
            "tokens": f"{out['tokens']:,}", "cost": cost, "date": date or "-"}
    out["message"] = render(out["message_code"], out["message_params"])  # a view says it in its language
    out["fingerprint"] = fingerprint("synth:" + teacher.backend, teacher.model, {"key": config.key()}, usd)
    return out


def check_confirmed(the_plan: dict[str, Any], confirmed: str | None) -> None:
    if not the_plan["billable"]:
        return
    if the_plan["over_budget"]:
        raise UsageError("launch_over_budget", cost=f"${the_plan['estimated_cost_usd']:.4f}",
                         budget=f"${the_plan['budget_usd']:.2f}")
    if confirmed != the_plan["fingerprint"]:
        cost = the_plan["estimated_cost_usd"]
        raise UsageError("synth_not_confirmed", teacher=the_plan["teacher"],
                         cost=f"about ${cost:.4f}" if cost is not None else "an unknown amount")


# -- prompts ---------------------------------------------------------------------------------------------------
def _examples_block(seeds: list[dict[str, Any]], k: int = 5) -> str:
    return "\n".join(f"- {first_of(e, 'user')[:400]}" for e in seeds[:k])


def topics_prompt(config: SynthConfig, seeds: list[dict[str, Any]], parent: str | None = None
                  ) -> list[dict[str, Any]]:
    within = f" within the topic \"{parent}\"" if parent else ""
    count = (config.subtopics or config.auto_topics) if parent else config.auto_topics
    return [{"role": "user", "content": (
        f"Task: {config.task}\nMessages users write for it look like these:\n{_examples_block(seeds)}\n\n"
        f"List {count} distinct topics{within} (a few words each) that real users of this task ask "
        "about, covering its range, in the language of the messages above. Reply with JSON only: "
        '{"topics": ["...", "..."]}')}]


def question_prompt(config: SynthConfig, seeds: list[dict[str, Any]], topic: str, chunk: dict[str, str] | None,
                    index: int) -> list[dict[str, Any]]:
    source = f"\nBase it on this text:\n\"\"\"\n{chunk['text']}\n\"\"\"\n" if chunk else ""
    return [{"role": "user", "content": (
        f"Task: {config.task}\nTopic: {topic}\n{source}Messages users write for this task look like these:\n"
        f"{_examples_block(seeds)}\n\nWrite one new message a user could send about this topic: different from "
        "the examples, in the same language and style, realistic and self-contained. (Variation "
        f"{index + 1}.) Reply with JSON only: {{\"message\": \"...\"}}")}]


def answer_messages(config: SynthConfig, short_system: str | None, question: str) -> list[dict[str, Any]]:
    system = config.teacher_prompt or short_system
    msgs = [{"role": "system", "content": system}] if system else []
    return [*msgs, {"role": "user", "content": question}]


def judge_prompt(config: SynthConfig, question: str, answer: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": (
        f"Task: {config.task}\n\nUser message:\n{question}\n\nAnswer:\n{answer}\n\nRate from 1 (useless or wrong) "
        "to 5 (exactly what the task needs) how well the answer does the task for this message. Reply with JSON "
        'only: {"rating": N, "reason": "..."}')}]


def parse_json(text: str, key: str) -> Any:
    """The value of `key` in a JSON object answer (a fenced block or surrounding words are tolerated)."""
    t = text.strip()
    m = re.search(r"\{.*\}", t, re.DOTALL)
    if m:
        t = m.group(0)
    obj = json.loads(t)
    if not isinstance(obj, dict) or key not in obj:
        raise ValueError(f"the answer has no '{key}'")
    return obj[key]


# -- the run ---------------------------------------------------------------------------------------------------
@dataclass
class _Spend:
    usd: float = 0.0
    unknown: bool = False


class Runner:
    def __init__(self, config: SynthConfig, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                 clients: dict[str, Any] | None = None) -> None:
        self.config = config
        self.progress = progress
        self.cancel = cancel
        self.clients: dict[str, Any] = clients if clients is not None else {}
        self._own = clients is None
        self.spend = _Spend()
        self.stopped_at_budget = False
        self.asked = 0  # calls sent in this run (a rerun of a finished run sends none)
        self.journal = Journal(config.run_dir / "journal.jsonl")
        for r in self.journal.records.values():
            self.spend.usd += float(r.get("cost_usd") or 0.0)

    def client(self, target: dict[str, Any]) -> Any:
        from fttool.chat.client import ChatClient

        t = _target(target)
        if t.key() not in self.clients:
            self.clients[t.key()] = ChatClient(t, timeout=120.0, max_retries=3)
        return self.clients[t.key()]

    def _check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled()
        budget = self.config.budget_usd
        if budget is not None and self.spend.usd >= budget:
            self.stopped_at_budget = True
            raise _BudgetReached()

    async def call(self, item: str, step: str, target: dict[str, Any], messages: list[dict[str, Any]], *,
                   key: str | None = None, schema: dict[str, Any] | None = None, max_tokens: int = 512,
                   temperature: float = 0.9) -> dict[str, Any]:
        """One step of one item: from the journal when finished before, else asked (structured answers once more
        with the parse error when malformed) and journaled. Returns the record ({ok, text, value?, ...})."""
        done = self.journal.get(item, step)
        if done is not None:
            return done
        from fttool.chat.client import Sampling

        t = _target(target)
        fmt = ({"type": "json_schema", "json_schema": {"name": step.split(":")[0], "schema": schema,
                                                       "strict": True}}
               if schema is not None and t.backend in JSON_BACKENDS else None)
        sampling = Sampling(temperature=temperature, max_tokens=max_tokens, response_format=fmt)
        record: dict[str, Any] = {"id": item, "step": step, "model": t.model, "backend": t.backend, "ok": False,
                                  "at": clock.iso_now()}
        convo = list(messages)
        cost = 0.0
        for _attempt in range(2 if key else 1):
            self._check()
            self.asked += 1
            try:
                answer = await self.client(target).send(convo, sampling)
            except (ConnectionProblem, FtError) as exc:
                if isinstance(exc, Cancelled) or exc.code in FATAL:
                    raise
                record.update(error=exc.code, message=exc.message)
                break
            cost += float(answer.cost_usd or 0.0)
            if answer.cost_usd is None and t.backend not in ("server", "local"):
                self.spend.unknown = True
            record.update(text=answer.text, finish=answer.finish_reason, prompt_tokens=answer.prompt_tokens,
                          completion_tokens=answer.completion_tokens)
            if key is None:
                record["ok"] = True
                break
            try:
                record["value"] = parse_json(answer.text, key)
                record["ok"] = True
                record.pop("error", None)
                break
            except ValueError as exc:
                record.update(error="malformed", message=str(exc))
                convo = [*messages, {"role": "assistant", "content": answer.text},
                         {"role": "user", "content": f"That was not valid JSON ({exc}). Reply with the JSON object "
                                                     "only."}]
        record["cost_usd"] = round(cost, 8)
        self.spend.usd += cost
        return self.journal.put(record)

    async def topic_tree(self, seeds: list[dict[str, Any]]) -> list[str]:
        """The topic tree, breadth `auto_topics`, depth `topic_depth` (1 or 2), flattened to "topic / subtopic";
        each level journaled like any call."""
        cfg = self.config

        async def ask(step: str, parent: str | None) -> list[str]:
            count = (cfg.subtopics or cfg.auto_topics) if parent else cfg.auto_topics
            rec = await self.call("plan", step, cfg.teacher, topics_prompt(cfg, seeds, parent), key="topics",
                                  schema=TOPICS_SCHEMA, max_tokens=60 * count + 100, temperature=0.7)
            got = rec.get("value") if rec["ok"] else None
            return [str(t).strip() for t in got if str(t).strip()][:count] if isinstance(got, list) else []

        top = await ask("topics", None)
        if cfg.topic_depth < 2:
            return top
        subs = await asyncio.gather(*(ask(f"topics:{k}", t) for k, t in enumerate(top)))
        return [f"{t} / {s}" for t, children in zip(top, subs, strict=True) for s in (children or [""])
                if s] or top

    async def run(self) -> dict[str, Any]:
        cfg = self.config
        seeds = load_chats(cfg.seed)
        if not seeds:
            raise InputError("synth_no_seed", path=str(cfg.seed))
        short_system = system_prompt(seeds)
        chunks = read_docs(cfg.docs) if cfg.docs else []
        error: FtError | None = None
        topics = list(cfg.topics)
        try:
            if cfg.auto_topics and not topics:
                topics = await self.topic_tree(seeds)
            if not topics:
                topics = [c["source"] for c in chunks] if chunks else [cfg.task or "the task"]
            sem = asyncio.Semaphore(max(1, cfg.concurrency))
            done = 0

            async def item(i: int) -> None:
                nonlocal done
                ident = f"ex{i:05d}"
                topic = topics[i % len(topics)]
                chunk = chunks[i % len(chunks)] if chunks else None
                async with sem:
                    q = await self.call(ident, "question", cfg.teacher,
                                        question_prompt(cfg, seeds, topic, chunk, i), key="message",
                                        schema=MESSAGE_SCHEMA, max_tokens=400)
                    if q["ok"] and str(q.get("value") or "").strip():
                        question = str(q["value"]).strip()
                        a = await self.call(ident, "answer", cfg.teacher, answer_messages(cfg, short_system, question),
                                            max_tokens=cfg.max_answer_tokens, temperature=0.7)
                        if a["ok"] and cfg.student:
                            await self.call(ident, "student", cfg.student,
                                            answer_messages(cfg, short_system, question)[-1:],
                                            max_tokens=cfg.max_answer_tokens, temperature=0.7)
                        if a["ok"] and cfg.judge and str(a.get("text") or "").strip():
                            await self.call(ident, "judge", cfg.judge, judge_prompt(cfg, question, a["text"]),
                                            key="rating", schema=RATING_SCHEMA, max_tokens=200, temperature=0.0)
                done += 1
                if self.progress is not None:
                    self.progress(done, cfg.n, ident)

            # a cancel, a budget reached or a fatal error stops new calls, but the calls already sent finish and are
            # journaled (they are paid for): nothing asked is lost
            results = await asyncio.gather(*(item(i) for i in range(cfg.n)), return_exceptions=True)
            problems = [r for r in results if isinstance(r, BaseException)]
            fatal = [r for r in problems if isinstance(r, FtError) and not isinstance(r, Cancelled)]
            cancelled = [r for r in problems if isinstance(r, Cancelled)]
            other = [r for r in problems if not isinstance(r, (FtError, _BudgetReached))]
            budget = [r for r in problems if isinstance(r, _BudgetReached)]
            for group in (fatal, other, cancelled, budget):  # the most telling first
                if group:
                    raise group[0]
        except _BudgetReached:
            error = None  # finished items are kept; the summary says where it stopped
        finally:
            self.journal.close()
            if self._own:
                for c in self.clients.values():
                    await c.aclose()
        # the gates (about 0.6 s of pure Python for 1,000 examples) in a process of their own: in a thread they
        # held the interpreter lock long enough to stall the GUI by 65 ms (bench/synth.py)
        summary = await gate_elsewhere(cfg, topics, chunks)
        summary["asked"] = self.asked
        summary["actual_cost_usd"] = None if self.spend.unknown else round(self.spend.usd, 6)
        summary["stopped_at_budget"] = self.stopped_at_budget
        if self.stopped_at_budget:
            summary["message_params"] = {"budget": f"${cfg.budget_usd:.2f}", "spent": f"${self.spend.usd:.4f}"}
            summary["message"] = render("synth_budget_reached", summary["message_params"])
        _write_json(cfg.run_dir / "summary.json", summary)
        if error is not None:
            raise error
        return summary


async def gate_elsewhere(cfg: SynthConfig, topics: list[str], chunks: list[dict[str, str]]) -> dict[str, Any]:
    """build_outputs in a spawned process for large runs (its result is the same: it reads and writes only the
    run's files); small runs (under 200 examples) in a thread, where a process would cost more than it saves."""
    if cfg.n < 200:
        return await asyncio.to_thread(build_outputs, cfg, topics, chunks)
    import concurrent.futures
    import multiprocessing

    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return await loop.run_in_executor(pool, build_outputs, cfg, topics, chunks)


class _BudgetReached(Exception):
    pass


FATAL = {"bad_key", "forbidden", "chat_model_not_found", "missing_secret", "missing_setting", "no_keyring",
         "chat_unknown_backend"}


def _write_json(path: Path, data: Any) -> None:
    from fttool.fsutil import atomic_write_json

    atomic_write_json(path, data)


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    from fttool.fsutil import atomic_write_bytes

    atomic_write_bytes(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8"))


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
    teacher = _target(cfg.teacher)
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
    _write_jsonl(cfg.run_dir / "pending.jsonl", pending)
    _write_jsonl(cfg.run_dir / "pending.provenance.jsonl", provenance)
    _write_jsonl(cfg.run_dir / "dropped.jsonl", dropped)
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
    _mark_taken(run_dir, [prov[k]["id"] for k in pick if k < len(prov)])
    _write_jsonl(run_dir / "pending.jsonl", [pending[k] for k in keep])
    _write_jsonl(run_dir / "pending.provenance.jsonl", [prov[k] for k in keep if k < len(prov)])
    return {"accepted": len(take), "pending": len(keep), "train_path": str(train_path), "provenance": str(side)}


def load_taken(run_dir: Path) -> list[str]:
    try:
        data = json.loads((run_dir / "taken.json").read_text(encoding="utf-8"))
        return [str(x) for x in data] if isinstance(data, list) else []
    except (OSError, ValueError):
        return []


def _mark_taken(run_dir: Path, ids: list[str]) -> None:
    _write_json(run_dir / "taken.json", sorted(set(load_taken(run_dir)) | set(ids)))


def load_rows(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(config: SynthConfig, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> dict[str, Any]:
    """The whole run in this thread's own event loop (the CLI; the service awaits Runner(...).run())."""
    return asyncio.run(Runner(config, progress=progress, cancel=cancel).run())


# -- service commands (the Data view's "Generate examples") ------------------------------------------------------
def project_config(project: str, teacher: dict[str, Any], n: int, task: str = "", docs: list[str] | None = None,
                   teacher_prompt: str | None = None, judge: dict[str, Any] | None = None, min_rating: int = 3,
                   student: dict[str, Any] | None = None, concurrency: int = 8, backend: str = "openai",
                   model: str | None = None, auto_topics: int = 0, topic_depth: int = 1,
                   topics: list[str] | None = None, subtopics: int = 0) -> SynthConfig:
    """A run for a project: its train file is the seed, its test and validation files the held-out set, its
    run folder synth/run-<key> (the same settings continue the same run)."""
    root = Path(project)
    files = project_files(root)
    seed = files.get("train", root / "data" / "train.jsonl")
    held = [str(files[k]) for k in ("test", "validation", "valid") if k in files and files[k].is_file()]
    cfg = SynthConfig(seed=seed, run_dir=root / "synth", teacher=teacher, n=n, task=task, docs=list(docs or []),
                      teacher_prompt=teacher_prompt or None, held_out=held, judge=judge, min_rating=min_rating,
                      student=student, concurrency=concurrency, backend=backend, model=model,
                      auto_topics=auto_topics, topic_depth=topic_depth, topics=list(topics or []),
                      subtopics=subtopics)
    cfg.run_dir = root / "synth" / f"run-{cfg.key()}"
    return cfg


def project_files(root: Path) -> dict[str, Path]:
    """The project's splits as project.json lists them (data/<split>.jsonl when it lists none)."""
    try:
        from fttool.project import Project

        files = Project.open(root).dataset_files()
    except (FtError, OSError, ValueError):
        files = {}
    for split in ("train", "test", "validation"):
        default = root / "data" / f"{split}.jsonl"
        if split not in files and default.is_file():
            files[split] = default
    return files


def synth_plan_command(service: Any, project: str, **kw: Any) -> dict[str, Any]:
    cfg = project_config(project, **kw)
    out = plan(cfg, project)
    out["run_dir"] = str(cfg.run_dir)
    return out


async def synth_run_command(service: Any, project: str, confirmed: str | None = None, progress: Any = None,
                            cancel: Any = None, **kw: Any) -> dict[str, Any]:
    cfg = await asyncio.to_thread(project_config, project, **kw)
    the_plan = await asyncio.to_thread(plan, cfg, project)
    check_confirmed(the_plan, confirmed)
    cfg.budget_usd = the_plan["budget_usd"]

    def report(done: int, total: int, item: str) -> None:
        if progress is not None:
            progress(done, total, item)

    summary = await Runner(cfg, progress=report, cancel=cancel).run()
    summary["estimated_cost_usd"] = the_plan["estimated_cost_usd"]
    return summary


async def synth_topics_command(service: Any, project: str, **kw: Any) -> dict[str, Any]:
    """Only the topic tree (the Generate dialog shows it to edit before any example is asked): {"topics": [...]}."""
    kw.setdefault("auto_topics", 8)
    cfg = await asyncio.to_thread(project_config, project, **{**kw, "topics": []})
    runner = Runner(cfg)
    try:
        topics = await runner.topic_tree(await asyncio.to_thread(load_chats, cfg.seed))
    finally:
        runner.journal.close()
        for c in runner.clients.values():
            await c.aclose()
    return {"topics": topics, "cost_usd": round(runner.spend.usd, 6)}


def synth_review_command(service: Any, run_dir: str) -> dict[str, Any]:
    """What the review shows: the pending examples with their provenance, and the dropped ones by reason."""
    rd = Path(run_dir)
    summary: dict[str, Any] = {}
    try:
        summary = json.loads((rd / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    return {"pending": load_rows(rd / "pending.jsonl"), "provenance": load_rows(rd / "pending.provenance.jsonl"),
            "dropped": load_rows(rd / "dropped.jsonl"), "summary": summary}


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
    _mark_taken(run_dir, [prov[k]["id"] for k in pick if k < len(prov)])
    _write_jsonl(run_dir / "pending.jsonl", [pending[k] for k in keep])
    _write_jsonl(run_dir / "pending.provenance.jsonl", [prov[k] for k in keep if k < len(prov)])
    return {"taken": [pending[k] for k in pick], "pending": len(keep)}


def synth_take_command(service: Any, run_dir: str, rows: list[int], train_path: str | None = None,
                       project: str | None = None, accepted: bool = False) -> dict[str, Any]:
    """Take rows from the pending set: accepted (into `train_path`, or the project's train file) or rejected."""
    if accepted and train_path is None and project:
        root = Path(project)
        train_path = str(project_files(root).get("train", root / "data" / "train.jsonl"))
    return take_pending(Path(run_dir), rows, Path(train_path) if accepted and train_path else None)


def register_commands(service: Any) -> None:
    service.register_command("synth_plan", synth_plan_command, blocking=True)
    service.register_command("synth_run", synth_run_command)
    service.register_command("synth_review", synth_review_command, blocking=True)
    service.register_command("synth_topics", synth_topics_command)
    service.register_command("synth_take", synth_take_command, blocking=True)
