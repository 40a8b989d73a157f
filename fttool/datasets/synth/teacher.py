"""The teacher's calls: a run asks for topics, user messages, answers, the student's answers and the judge's
ratings, journaled item by item (a rerun asks only for what is missing), then gates them. Imports the other
synth modules and the chat client (lazily)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from fttool import clock
from fttool.datasets.synth.config import (
    CancelFn,
    Journal,
    ProgressFn,
    SynthConfig,
    chat_target,
    load_chats,
    project_config,
    read_docs,
    system_prompt,
    write_json,
)
from fttool.datasets.synth.cost import check_confirmed, plan
from fttool.datasets.synth.prompts import (
    JSON_BACKENDS,
    MESSAGE_SCHEMA,
    RATING_SCHEMA,
    TOPICS_SCHEMA,
    answer_messages,
    judge_prompt,
    parse_json,
    question_prompt,
    topics_prompt,
)
from fttool.datasets.synth.review import build_outputs
from fttool.errors import Cancelled, ConnectionProblem, FtError, InputError
from fttool.messages import render

# The steps, each kept in the run's folder so a crash or a cancel loses nothing and a rerun asks the teacher only
# for what is missing:
# 1. topics: given, asked from the teacher (`auto_topics`), or the document chunks; else the task itself;
# 2. a user message per example, for its topic (and chunk), in the language and style of the seed examples;
# 3. the teacher's answer, with the project's short system prompt or a longer teacher prompt that is NOT written
#    into the example (the tuned model learns to behave well with the short prompt: fewer tokens per request);
# 4. optionally the student's answer to the same message, for a DPO preference pair (chosen: the teacher's);
# 5. optionally a judge's rating 1-5 against the task.
# Structured answers (topics, messages, ratings) ask for a JSON schema through `response_format` where the backend
# takes it and say it in the prompt everywhere; a malformed one is asked again once with the parse error, then
# counted as failed. A failed call never stops the run; a wrong key or a budget reached does.


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

        t = chat_target(target)
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

        t = chat_target(target)
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
        write_json(cfg.run_dir / "summary.json", summary)
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


def run(config: SynthConfig, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> dict[str, Any]:
    """The whole run in this thread's own event loop (the CLI; the service awaits Runner(...).run())."""
    return asyncio.run(Runner(config, progress=progress, cancel=cancel).run())


async def run_for_project(project: str, confirmed: str | None = None, progress: Any = None, cancel: Any = None,
                          **kw: Any) -> dict[str, Any]:
    """A project's run (project_config's arguments), once its plan is confirmed (`confirmed`: its fingerprint)."""
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


async def topics_for_project(project: str, **kw: Any) -> dict[str, Any]:
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
