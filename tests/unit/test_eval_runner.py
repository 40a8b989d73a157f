"""The evaluation runner against the OpenAI test server: scores, gain, cache, resume, cancel, baselines."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest

from fttool.chat.client import Sampling, Target
from fttool.chat.eval import (
    EvalConfig,
    PromptBuilder,
    ResultCache,
    Subject,
    check_not_trained_on,
    evaluate,
    file_sha256,
    load_examples,
    parse_baseline,
    run_requests,
)
from fttool.errors import Cancelled, FtError, InputError, UsageError

BASE = "gpt-4o-mini-2024-07-18"
TUNED = "ft:gpt-4o-mini-2024-07-18:org-x::tuned1"
COLORS = ["red", "green", "blue", "yellow", "purple", "orange", "black", "white", "pink", "grey"]


def write_examples(path: Path, n: int, system: str = "Answer briefly.") -> dict[str, str]:
    refs = {}
    with open(path, "w") as f:
        for i in range(n):
            q = f"What colour is box {i}?"
            a = f"Box {i} is {COLORS[i % len(COLORS)]}."
            refs[q] = a
            f.write(json.dumps({"messages": [{"role": "system", "content": system}, {"role": "user", "content": q},
                                             {"role": "assistant", "content": a}]}) + "\n")
    return refs


@pytest.fixture
def server(openai_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", openai_server.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    return openai_server


def install_oracle(server, refs: dict[str, str]) -> None:
    """The tuned model answers with the reference; the base model says 'I think box N is unknown'."""

    def reply(model, messages, body):
        q = next(m["content"] for m in reversed(messages) if m["role"] == "user")
        if model.startswith("ft:"):
            return refs.get(q, "no idea")
        return f"I think {q.split()[-2]} {q.split()[-1].rstrip('?')} is unknown"

    server.chat_reply = reply


def test_load_examples_names_file_line_and_field(tmp_path):
    p = tmp_path / "held.jsonl"
    p.write_text('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n{oops\n')
    with pytest.raises(InputError) as err:
        load_examples(p)
    assert err.value.code == "eval_bad_json" and str(p) in err.value.message and "line 2" in err.value.message
    p.write_text('{"messages": [{"role": "user", "content": "hi"}]}\n')
    with pytest.raises(InputError) as err:
        load_examples(p)
    assert err.value.code == "eval_no_reference" and "line 1" in err.value.message
    p.write_text('{"text": "hi"}\n')
    with pytest.raises(InputError) as err:
        load_examples(p)
    assert "'messages'" in err.value.message
    p.write_text('{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"},'
                 ' {"role": "user", "content": "c"}, {"role": "assistant", "content": "d"}]}\n')
    (ex,) = load_examples(p)
    assert ex.reference == "d" and [m["content"] for m in ex.prompt] == ["a", "b", "c"] and ex.question == "c"


def test_evaluate_scores_gain_and_saves_results(server, tmp_path):
    data = tmp_path / "held.jsonl"
    refs = write_examples(data, 12)
    install_oracle(server, refs)
    out = tmp_path / "proj" / "eval"
    progress = []
    result = asyncio.run(evaluate(EvalConfig(data, [Target("openai", BASE), Target("openai", TUNED)],
                                             results_dir=out, concurrency=4),
                                  progress=lambda d, t, m: progress.append((d, t))))
    tuned, base = result["models"][TUNED], result["models"][BASE]
    assert tuned["exact_match"] == 1.0 and tuned["token_f1"] == 1.0 and tuned["n"] == 12
    # base: "I think box N is unknown" vs "Box N is COLOUR": tokens {i, think, box, N, is, unknown} (6) vs
    # {box, N, is, COLOUR} (4): 3 common -> P 1/2, R 3/4, F1 0.6; LCS box N is (3) -> ROUGE-L 0.6
    assert base["exact_match"] == 0.0
    assert base["token_f1"] == pytest.approx(0.6) and base["rouge_l"] == pytest.approx(0.6)
    assert result["gain"]["delta_points"] == pytest.approx(40.0)
    assert result["gain"]["ci95_points"] == [40.0, 40.0] and result["gain"]["better"] is True
    assert result["gain"]["base"] == BASE and result["gain"]["tuned"] == TUNED
    # costs from the price table: tokens are words at the test server
    assert tuned["cost_usd"] > 0 and tuned["prompt_tokens"] == 12 * 7 and tuned["completion_tokens"] == 12 * 4
    assert progress[-1] == (24, 24) and len(progress) == 24
    saved = json.loads((out / "results.json").read_text())
    assert saved["models"] == result["models"] and saved["data_sha256"] == file_sha256(data)
    assert len(saved["examples"]) == 12 and saved["examples"][0]["answers"][TUNED]["token_f1"] == 1.0


def test_bounded_concurrency_and_cache_make_a_second_run_free(server, tmp_path):
    data = tmp_path / "held.jsonl"
    write_examples(data, 20)
    lock = threading.Lock()
    state = {"now": 0, "max": 0}
    import time

    def reply(model, messages, body):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.03)
        with lock:
            state["now"] -= 1
        return "Box is red."

    server.chat_reply = reply
    cfg = EvalConfig(data, [Target("openai", BASE)], results_dir=tmp_path / "eval", concurrency=5)
    first = asyncio.run(evaluate(cfg))
    assert 2 <= state["max"] <= 5
    assert first["requests"] == {"sent": 20, "cached": 0, "failed": 0}
    sent = len(server.chat_bodies)
    second = asyncio.run(evaluate(cfg))
    assert len(server.chat_bodies) == sent  # nothing asked again
    assert second["requests"] == {"sent": 0, "cached": 20, "failed": 0}
    assert second["models"] == first["models"]
    # a different sampling setting is a different question: not served from the cache
    cfg.sampling = Sampling(temperature=0.7, max_tokens=512)
    asyncio.run(evaluate(cfg))
    assert len(server.chat_bodies) == sent + 20


def test_failed_requests_are_retried_on_the_next_run_only(server, tmp_path):
    data = tmp_path / "held.jsonl"
    refs = write_examples(data, 8)
    install_oracle(server, refs)
    cfg = EvalConfig(data, [Target("openai", TUNED)], results_dir=tmp_path / "eval", concurrency=1)
    server.fault(r"/v1/chat/completions", status=500, times=3)  # the first request, and the client's 2 retries
    with pytest.raises(FtError) as err:
        asyncio.run(evaluate(cfg))
    assert err.value.code == "eval_incomplete" and "1 of 8" in err.value.message
    assert not (tmp_path / "eval" / "results.json").exists()
    assert len(server.chat_bodies) == 7
    result = asyncio.run(evaluate(cfg))
    assert len(server.chat_bodies) == 8  # only the failed one was asked again
    assert result["requests"] == {"sent": 1, "cached": 7, "failed": 0}
    assert result["models"][TUNED]["exact_match"] == 1.0


def test_cancel_keeps_what_finished(server, tmp_path):
    data = tmp_path / "held.jsonl"
    write_examples(data, 10)
    cfg = EvalConfig(data, [Target("openai", BASE)], results_dir=tmp_path / "eval", concurrency=1)
    done = []
    with pytest.raises(Cancelled):
        asyncio.run(evaluate(cfg, progress=lambda d, t, m: done.append(d), cancel=lambda: len(done) >= 3))
    # the cancel stops new requests at once (one may already be on its way); everything paid for is kept
    assert 3 <= len(server.chat_bodies) <= 4
    cache = ResultCache(tmp_path / "eval" / "cache.jsonl")
    assert len(cache.entries) == len(server.chat_bodies)


def test_a_bad_key_stops_the_run_at_once(server, tmp_path, monkeypatch):
    data = tmp_path / "held.jsonl"
    write_examples(data, 30)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrongwrongwrong")
    with pytest.raises(FtError) as err:
        asyncio.run(evaluate(EvalConfig(data, [Target("openai", BASE)], results_dir=tmp_path / "e", concurrency=2)))
    assert err.value.code == "bad_key"
    assert len([r for r in server.requests if "chat" in r.path]) <= 4


def test_baselines_zero_shot_few_shot_and_rag(server, tmp_path):
    data = tmp_path / "held.jsonl"
    write_examples(data, 4)
    train = tmp_path / "train.jsonl"
    write_examples(train, 10)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "boxes.md").write_text("Warehouse notes.\n\nBox 2 is painted blue on every side.\n\n"
                                   "The loading dock opens at nine.\n")
    cfg = EvalConfig(data, [Target("openai", BASE)], baselines=["zero-shot", "few-shot:3", f"rag:{docs}"],
                     train=train, results_dir=tmp_path / "eval", concurrency=4)
    result = asyncio.run(evaluate(cfg))
    assert set(result["baselines"]) == {"zero-shot", "few-shot:3", "rag"}
    assert all(b["n"] == 4 for b in result["baselines"].values())
    # zero-shot asks what the base model is asked: one request serves both
    assert result["requests"]["sent"] == 4 * 3
    bodies = server.chat_bodies
    few = [b for b in bodies if len(b["messages"]) == 1 + 3 * 2 + 1]
    assert len(few) == 4
    assert all(m["role"] == "assistant" for m in few[0]["messages"][2:7:2])
    rag = [b for b in bodies if "Use these passages" in b["messages"][0]["content"]]
    box2 = [b for b in rag if b["messages"][-1]["content"] == "What colour is box 2?"]
    assert box2 and "painted blue" in box2[0]["messages"][0]["content"]
    assert rag[0]["messages"][0]["content"].startswith("Answer briefly.")


def test_rag_over_training_answers_and_bad_baselines(tmp_path):
    train = tmp_path / "train.jsonl"
    write_examples(train, 10)
    builder = PromptBuilder(None, load_examples(train))
    subject = parse_baseline("rag", Target("openai", BASE))
    ex = load_examples(train)[7]
    msgs = builder.messages(subject, ex)
    assert "Box 7 is" in msgs[0]["content"]
    with pytest.raises(UsageError):
        parse_baseline("few-shot:zero", Target("openai", BASE))
    with pytest.raises(UsageError):
        parse_baseline("magic", Target("openai", BASE))
    with pytest.raises(UsageError):
        PromptBuilder(None, None).prepare([parse_baseline("few-shot:2", Target("openai", BASE))])


def test_refuses_data_a_job_trained_on(tmp_path):
    data = tmp_path / "held.jsonl"
    write_examples(data, 3)
    sha = file_sha256(data)
    assert check_not_trained_on(data, jobs=[{"id": "job-1", "dataset_sha256": {"train": "0" * 64}}]) == sha
    with pytest.raises(UsageError) as err:
        check_not_trained_on(data, jobs=[{"id": "job-9", "dataset_sha256": {"validation": sha}}])
    assert "job-9" in err.value.message and "validation" in err.value.message


def test_refuses_through_the_job_store(tmp_path):
    from fttool.jobs.record import Job
    from fttool.jobs.store import JobStore

    data = tmp_path / "held.jsonl"
    write_examples(data, 3)
    store = JobStore()
    store.add(Job(backend="openai", dataset_sha256={"train": file_sha256(data)}))
    store.close()
    with pytest.raises(UsageError) as err:
        asyncio.run(evaluate(EvalConfig(data, [Target("openai", BASE)])))
    assert err.value.code == "eval_trained_on_test"


def test_regression_set_compares_base_and_tuned(server, tmp_path):
    data = tmp_path / "held.jsonl"
    write_examples(data, 2)
    cfg = EvalConfig(data, [Target("openai", BASE), Target("openai", TUNED)], regression=True,
                     results_dir=tmp_path / "eval")
    result = asyncio.run(evaluate(cfg))
    reg = result["regression"]
    assert reg["models"][BASE]["n"] == 20 and reg["models"][TUNED]["n"] == 20
    assert reg["gain"]["n"] == 20


def test_run_requests_shares_one_request_between_identical_subjects(server, tmp_path):
    data = tmp_path / "held.jsonl"
    write_examples(data, 5)
    examples = load_examples(data)
    subjects = [Subject("a", Target("openai", BASE)), Subject("zero-shot", Target("openai", BASE), "zero-shot")]
    run = asyncio.run(run_requests(examples, subjects, PromptBuilder(None, None), Sampling(), ResultCache(None),
                                   concurrency=8))
    assert run.requested == 5 and len(run.answers) == 10


def test_parse_verdict():
    from fttool.chat.eval import parse_verdict

    assert parse_verdict("1") == "1" and parse_verdict(" 2.") == "2" and parse_verdict("Tie") == "tie"
    assert parse_verdict("Answer 2") == "2" and parse_verdict("**1**") == "1"
    assert parse_verdict("12") is None and parse_verdict("both are fine") is None


def test_llm_judge_win_rate_with_random_order_and_prompt(server, tmp_path):
    import re

    data = tmp_path / "held.jsonl"
    refs = write_examples(data, 10)
    install_oracle(server, refs)
    base_reply = server.chat_reply
    seen_first: list[bool] = []

    def reply(model, messages, body):
        if model == "gpt-4.1-mini-2025-04-14":  # the judge: prefers the answer that names a colour
            prompt = messages[-1]["content"]
            first = re.search(r"Answer 1:\n(.*)\n\nAnswer 2:", prompt, re.S).group(1)
            seen_first.append(first.startswith("Box"))
            return "1" if first.startswith("Box") else "2"
        return base_reply(model, messages, body)

    server.chat_reply = reply
    cfg = EvalConfig(data, [Target("openai", BASE), Target("openai", TUNED)], results_dir=tmp_path / "eval",
                     judge=Target("openai", "gpt-4.1-mini-2025-04-14"))
    result = asyncio.run(evaluate(cfg))
    j = result["judge"]
    assert (j["wins"], j["losses"], j["ties"], j["n"], j["win_rate"]) == (10, 0, 0, 10, 1.0)
    assert "Reply with exactly" in j["prompt"] and j["tuned"] == TUNED
    assert 0 < sum(seen_first) < 10  # the tuned answer was shown first sometimes, second other times
    assert all(row["judge"] == TUNED for row in result["examples"])
    judge_bodies = [b for b in server.chat_bodies if b["model"] == "gpt-4.1-mini-2025-04-14"]
    assert all(b["temperature"] == 0 and b["max_completion_tokens"] == 5 for b in judge_bodies)
    # cached like every other answer: a second run asks the judge nothing
    asyncio.run(evaluate(cfg))
    assert len([b for b in server.chat_bodies if b["model"] == "gpt-4.1-mini-2025-04-14"]) == 10
