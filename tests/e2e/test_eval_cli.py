"""`fttool chat` and `fttool eval` as a person runs them, against the OpenAI test server."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tests.support.cli import run_cli

BASE = "gpt-4o-mini-2024-07-18"
TUNED = "ft:gpt-4o-mini-2024-07-18:org-x::tuned1"


@pytest.fixture
def env(openai_server):
    return {"OPENAI_API_KEY": openai_server.api_key, "OPENAI_BASE_URL": openai_server.base_url}


def write_project(root: Path, n: int = 10) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "project.json").write_text(json.dumps({"name": "p", "datasets": {"train": "data/train.jsonl",
                                                                             "test": "data/test.jsonl"}}))
    for split, count, offset in (("test", n, 0), ("train", 6, 100)):
        with open(root / "data" / f"{split}.jsonl", "w") as f:
            for i in range(offset, offset + count):
                f.write(json.dumps({"messages": [{"role": "user", "content": f"Colour of box {i}?"},
                                                 {"role": "assistant", "content": f"Box {i} is red."}]}) + "\n")
    return root


def oracle(model, messages, body):
    q = messages[-1]["content"]
    n = q.split()[-1].rstrip("?")
    return f"Box {n} is red." if model.startswith("ft:") else f"I believe box {n} is blue."


def test_chat_prints_the_streamed_answer(openai_server, env):
    r = run_cli("chat", "--backend", "openai", "--model", BASE, "--system", "Be brief.", "hello there", env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "You said: hello there\n"
    assert "4 prompt + 4 answer tokens" in r.stderr and "$0.000003" in r.stderr  # (4 x 0.15 + 4 x 0.6) / 1e6
    assert openai_server.chat_bodies[-1]["messages"][0] == {"role": "system", "content": "Be brief."}
    assert openai_server.chat_bodies[-1]["stream"] is True
    r = run_cli("chat", "--model", BASE, "--json", input="from stdin\n", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["text"] == "You said: from stdin" and out["completion_tokens"] == 4


def test_chat_errors_in_plain_words(openai_server, env):
    r = run_cli("chat", "--model", "gpt-unknown", "hi", env=env)
    assert r.returncode == 1 and "has no model 'gpt-unknown'" in r.stderr
    r = run_cli("chat", "--model", BASE, "hi", env={**env, "OPENAI_API_KEY": "sk-wrongwrongwrong"})
    assert r.returncode == 1 and "rejected the key" in r.stderr and "sk-wrong" not in r.stderr
    r = run_cli("chat", "--backend", "pigeon", "--model", BASE, "hi", env=env)
    assert r.returncode == 2


def test_eval_json_shape_and_saved_results(openai_server, env, tmp_path):
    project = write_project(tmp_path / "proj")
    openai_server.chat_reply = oracle
    r = run_cli("eval", "--project", str(project), "--model", BASE, "--model", TUNED,
                "--baseline", "zero-shot", "--baseline", "few-shot:2", "--baseline", "rag", "--json", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out["models"]) == {BASE, TUNED} and set(out["baselines"]) == {"zero-shot", "few-shot:2", "rag"}
    for block in (*out["models"].values(), *out["baselines"].values()):
        assert {"exact_match", "token_f1", "rouge_l", "latency_ms", "cost_usd", "n"} <= set(block)
        assert block["n"] == 10
    # "I believe box N is blue" vs "Box N is red": 3 of 6 and 3 of 4 tokens -> F1 0.6; tuned is exact
    assert out["models"][BASE]["token_f1"] == pytest.approx(0.6)
    assert out["gain"]["delta_points"] == pytest.approx(40.0) and out["gain"]["ci95_points"][0] > 0
    assert "examples" not in out
    saved = json.loads((project / "eval" / "results.json").read_text())
    assert saved["models"] == out["models"] and saved["gain"] == out["gain"]
    assert len(saved["data_sha256"]) == 64 and len(saved["examples"]) == 10
    # the table for a person
    r = run_cli("eval", "--data", str(project / "data" / "test.jsonl"), "--model", BASE, "--model", TUNED, env=env)
    assert r.returncode == 0, r.stderr
    assert "+40.0 points" in r.stdout and "better" in r.stdout
    assert str(project / "eval" / "results.json") in r.stdout


def test_a_failing_request_mid_evaluation_resumes_without_repeating_finished_examples(openai_server, env,
                                                                                       tmp_path):
    project = write_project(tmp_path / "proj", n=10)
    lock = threading.Lock()
    calls = {"n": 0}

    def flaky(model, messages, body):
        with lock:
            calls["n"] += 1
            n = calls["n"]
        if n in (5, 6, 7):  # the fifth request fails, and so do the client's two retries
            raise RuntimeError("the model server fell over")
        return oracle(model, messages, body)

    openai_server.chat_reply = flaky
    args = ("eval", "--project", str(project), "--model", TUNED, "--concurrency", "1", "--json")
    r = run_cli(*args, env=env)
    assert r.returncode == 1
    assert "1 of 10 requests failed" in r.stderr and "will not be requested or paid for again" in r.stderr
    assert not (project / "eval" / "results.json").exists()
    asked_first = [b["messages"][-1]["content"] for b in openai_server.chat_bodies]
    assert len(asked_first) == 10 + 2  # ten examples, two retries of the one that failed
    r = run_cli(*args, env=env)
    assert r.returncode == 0, r.stderr
    asked_again = [b["messages"][-1]["content"] for b in openai_server.chat_bodies][len(asked_first):]
    assert asked_again == ["Colour of box 4?"]  # only the example that failed
    out = json.loads(r.stdout)
    assert out["models"][TUNED]["n"] == 10 and out["models"][TUNED]["exact_match"] == 1.0
    assert out["requests"] == {"sent": 1, "cached": 9, "failed": 0}


def test_eval_refuses_a_test_split_that_trained_a_job(openai_server, env, tmp_path):
    from fttool.chat.eval import file_sha256
    from fttool.jobs.record import Job
    from fttool.jobs.store import JobStore

    project = write_project(tmp_path / "proj")
    store = JobStore()
    store.add(Job(backend="openai", dataset_sha256={"train": file_sha256(project / "data" / "test.jsonl")}))
    store.close()
    r = run_cli("eval", "--project", str(project), "--model", BASE, env=env)
    assert r.returncode == 2 and "was used to train job" in r.stderr
    assert not openai_server.chat_bodies


def test_eval_with_a_judge_prints_its_win_rate_and_prompt(openai_server, env, tmp_path):
    project = write_project(tmp_path / "proj", n=4)

    def reply(model, messages, body):
        if model == "gpt-4.1-mini-2025-04-14":
            return "tie"
        return oracle(model, messages, body)

    openai_server.chat_reply = reply
    r = run_cli("eval", "--project", str(project), "--model", BASE, "--model", TUNED,
                "--judge", "gpt-4.1-mini-2025-04-14", env=env)
    assert r.returncode == 0, r.stderr
    assert "wins 50%" in r.stdout and "4 ties" in r.stdout
    assert "Judge prompt" in r.stdout and "Reply with exactly" in r.stdout


def test_eval_defaults_to_the_last_projects_test_split(openai_server, env, tmp_path):
    from fttool import settings

    project = write_project(tmp_path / "proj", n=3)
    r = run_cli("eval", "--model", BASE, "--json", env=env)
    assert r.returncode == 2 and "--data FILE" in r.stderr
    settings.update({"last_project": str(project)})
    r = run_cli("eval", "--model", BASE, "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["models"][BASE]["n"] == 3
    assert (project / "eval" / "results.json").is_file()
