"""The money before any call: a run's calls, tokens and cost from the one price table, the budget, and the
fingerprint a billed run must be confirmed with. Imports the synth config and prompts, chat pricing, tables,
tokens and the launch plan's budget."""

from __future__ import annotations

from typing import Any

from fttool.datasets.synth.config import (
    SynthConfig,
    chat_target,
    first_of,
    load_chats,
    project_config,
    system_prompt,
)
from fttool.datasets.synth.prompts import judge_prompt
from fttool.errors import UsageError
from fttool.messages import render


def plan(config: SynthConfig, project: str | None = None) -> dict[str, Any]:
    """Calls, tokens and cost before anything is sent (the teacher's answer prices from the one price table; a
    server of your own costs nothing; an unknown price is `null`, never $0), the budget, and the fingerprint the
    run must carry to spend."""
    from fttool.chat.pricing import prices_for
    from fttool.datasets.tokens import count_messages, get_encoding
    from fttool.jobs.plan import budget_usd, fingerprint
    from fttool.tables import prices_table

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
    teacher = chat_target(config.teacher)
    free = teacher.backend in ("server", "local")
    prices = None if free else prices_for(teacher.model)
    usd: float | None = 0.0 if free else None
    if prices is not None:
        usd = round((in_tokens * prices[0] + out_tokens * prices[1]) / 1e6, 6)
    if config.judge:
        judge = chat_target(config.judge)
        jp = None if judge.backend in ("server", "local") else prices_for(judge.model)
        j_usd = 0.0 if judge.backend in ("server", "local") else (
            (config.n * (prompt_a + typical_answer + 200) * jp[0] + config.n * 40 * jp[1]) / 1e6 if jp else None)
        usd = None if usd is None or j_usd is None else round(usd + j_usd, 6)
    date = str(prices_table().get("as_of", ""))
    budget = budget_usd(project, config.budget_usd)
    teacher_price = {"input_per_1m": prices[0], "output_per_1m": prices[1]} if prices else None
    out: dict[str, Any] = {"calls": {**calls, "teacher": teacher_calls, "student": config.n if config.student else 0},
           "tokens": in_tokens + out_tokens, "estimated_cost_usd": usd, "price_date": date, "free": free,
           "billable": not free or bool(config.judge and chat_target(config.judge).backend not in ("server", "local")),
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


def plan_for_project(project: str, **kw: Any) -> dict[str, Any]:
    """The plan of a project's run (project_config's arguments), with the run's folder."""
    cfg = project_config(project, **kw)
    out = plan(cfg, project)
    out["run_dir"] = str(cfg.run_dir)
    return out
