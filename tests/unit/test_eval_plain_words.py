"""The core side of "evaluation in plain words" and the Playground's helpers: better/worse/same counts and the
verdict of a paired gain, the judge's cost estimate, the most common system prompt of a training file, and the
base model a tuned one names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fttool.chat.client import Target
from fttool.chat.commands import ChatCommands, base_of
from fttool.chat.eval import EvalRun, Example, Subject, compare_counts, gain, judge_cost_estimate, verdict

BASE = "gpt-4o-mini-2024-07-18"


def test_compare_counts_and_verdict() -> None:
    assert compare_counts([0.1, 0.5, 0.3, 0.2], [0.4, 0.5, 0.1, 0.2 + 1e-12]) == (1, 1, 2)
    assert compare_counts([], []) == (0, 0, 0)
    assert verdict(0.5, 3.0, 10) == "better"
    assert verdict(-3.0, -0.1, 10) == "worse"
    assert verdict(-1.0, 2.0, 10) == "unclear"
    assert verdict(1.0, 2.0, 0) == "unclear"


def test_gain_carries_counts_and_verdict() -> None:
    examples = [Example(i, i + 1, [{"role": "user", "content": f"q{i}"}], "red apple") for i in range(6)]
    base, tuned = Subject("base", Target("openai", BASE)), Subject("tuned", Target("openai", "ft:x"))
    run = EvalRun(examples, [base, tuned])
    texts = {0: ("blue", "red apple"), 1: ("blue", "red apple"), 2: ("red", "red apple"),
             3: ("red apple", "red apple"), 4: ("red apple", "blue"), 5: ("blue", "red")}
    for i, (a, b) in texts.items():
        run.answers[("base", i)] = {"text": a}
        run.answers[("tuned", i)] = {"text": b}
    g = gain(run, base, tuned)
    assert (g["wins"], g["losses"], g["ties"]) == (4, 1, 1)
    assert g["n"] == 6 and g["verdict"] in ("better", "unclear", "worse")
    lo, hi = g["ci95_points"]
    assert g["verdict"] == ("better" if lo > 0 else "worse" if hi < 0 else "unclear")


def write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def chat(system: str | None, q: str = "q", a: str = "a") -> dict[str, object]:
    msgs = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": q}, {"role": "assistant", "content": a}]
    return {"messages": msgs}


def test_judge_cost_estimate_known_and_unknown_price(tmp_path: Path) -> None:
    data = write(tmp_path / "test.jsonl", [chat("Be brief.", "What is 2 + 2?", "4 " * 50) for _ in range(10)])
    known = judge_cost_estimate(data, BASE)
    assert known["n"] == 10 and known["cost_usd"] is not None and 0 < known["cost_usd"] < 0.01
    more = judge_cost_estimate(write(tmp_path / "more.jsonl", [chat("Be brief.", "q", "4 " * 50)] * 40), BASE)
    assert more["cost_usd"] > known["cost_usd"]
    assert judge_cost_estimate(data, "some-local-model")["cost_usd"] is None
    assert judge_cost_estimate(data, BASE, limit=5)["n"] == 5


def make_project(tmp_path: Path, rows: list[object]) -> Path:
    from fttool.project import ensure_sample_project

    project = ensure_sample_project(tmp_path / "projects")
    from fttool.project import Project

    train = Project.open(project).dataset_files()["train"]
    write(train, rows)
    return project


def test_common_system_prompt(tmp_path: Path) -> None:
    rows: list[object] = [chat("You are Ada."), chat("You are Ada."), chat("Other."), chat(None), "not json",
                          {"prompt": "x", "completion": "y"}, chat("  You are Ada.  ")]
    project = make_project(tmp_path, rows)
    result = ChatCommands().common_system_prompt(None, str(project))
    assert result == {"system": "You are Ada.", "count": 3, "total": 5}


def test_common_system_prompt_none(tmp_path: Path) -> None:
    project = make_project(tmp_path, [chat(None), chat(None)])
    assert ChatCommands().common_system_prompt(None, str(project)) == {"system": None, "count": 0, "total": 2}


@pytest.mark.parametrize(("target", "base"), [
    (Target("openai", "ft:gpt-4o-mini-2024-07-18:org-x::tuned1"), "gpt-4o-mini-2024-07-18"),
    (Target("openai", "ft:gpt-4o-mini-2024-07-18:org:suffix:abc:ckpt-step-10"), "gpt-4o-mini-2024-07-18"),
    (Target("openai", "gpt-4o-mini-2024-07-18"), None),
    (Target("local", "ft:not-openai"), None),
])
def test_base_of(target: Target, base: str | None) -> None:
    found = base_of(target)
    assert (found.model if found else None) == base
