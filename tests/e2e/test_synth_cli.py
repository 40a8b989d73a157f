"""`fttool dataset synth` end to end: 12 seed examples grow to 100 generated through our chat test server (a
scripted teacher with bad answers on the way); the accepted file validates; a tiny Qwen3 model trains on it with
the TRL engine (the loss falls); it is evaluated against its base on the human test split, which the teacher never
saw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.synth_teacher import TeacherScript
from tests.support.tiny_model import (  # noqa: F401 - fixtures
    tiny_qwen3_fixture,
    trl_runtime_fixture,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project" / "data"
MODEL = "llama-3.2-1b-instruct"
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fttool.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_grow_validate_train_and_compare_with_the_base(compat_server, tmp_path, trl_runtime, tiny_qwen3,
                                                        monkeypatch):
    from fttool.datasets.synth import first_of, load_chats

    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(trl_runtime.parent))
    tests = [first_of(e, "user") for e in load_chats(SAMPLE / "test.jsonl")]
    compat_server.chat_reply = TeacherScript({10: "leak", 20: "duplicate", 30: "refusal", 40: "phone"}, tests)
    out = tmp_path / "grown.jsonl"
    seed = tmp_path / "seed.jsonl"
    seed.write_text((SAMPLE / "train.jsonl").read_text())
    args = ("dataset", "synth", "--data", str(seed), "--out", str(out), "--test", str(SAMPLE / "test.jsonl"),
            "--teacher-backend", "server", "--teacher-model", MODEL, "--base-url", compat_server.base_url,
            "--n", "100", "--task", "A recipe assistant that answers in a short, fixed format.",
            "--target-backend", "local", "--concurrency", "8")
    dry = cli(*args, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert plan["free"] and plan["estimated_cost_usd"] == 0 and plan["calls"]["teacher"] == 200
    assert compat_server.chat_bodies == []  # the dry run sent nothing
    r = cli(*args, "--accept-all", "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["generated"] == 100 and summary["dropped"] == {"refusal": 1, "personal_data": 1,
                                                                  "duplicate": 1, "leakage": 1}
    assert summary["accepted"] == 96 and summary["pending"] == 0 and summary["actual_cost_usd"] == 0
    asked = [b["messages"][-1]["content"] for b in compat_server.chat_bodies]
    assert not any(q in text for q in tests for text in asked if "Write one new message" in text)  # never shown
    prov = [json.loads(line) for line in Path(summary["train_provenance"]).read_text().splitlines()]
    assert len(prov) == 96 and all(p["teacher"] == f"server:{MODEL}" for p in prov)
    v = cli("validate", str(out), "--backend", "local", "--json")
    assert v.returncode == 0, v.stdout + v.stderr
    assert json.loads(v.stdout)["examples"] == 96
    # a rerun asks the teacher nothing
    before = len(compat_server.chat_bodies)
    again = cli(*args, "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["asked"] == 0
    assert len(compat_server.chat_bodies) == before
    # train a tiny Qwen3 on the grown set with the TRL engine
    home = tmp_path / "home"
    env = {"FTTOOL_HOME": str(home), "FTTOOL_RUNTIME_DIR": str(trl_runtime.parent)}
    t = cli("train", "--backend", "local", "--model", str(tiny_qwen3), "--data", str(out), "--engine", "trl",
            "--epochs", "2", "--lr", "0.01", "--param", "recipe=manual", "--wait", "--poll", "0.5", "--json",
            env=env)
    assert t.returncode == 0, t.stderr[-3000:]
    job: dict[str, Any] = json.loads(t.stdout)
    loss = [v for _s, v in job["metrics"]["train_loss"]]
    assert job["status"] == "succeeded" and len(loss) >= 10
    assert sum(loss[-5:]) / 5 < sum(loss[:5]) / 5, loss  # the loss falls
    # the tuned model against its base on the human test split
    e = cli("eval", "--data", str(SAMPLE / "test.jsonl"), "--model", str(tiny_qwen3), "--model",
            job["result_model"], "--backend", "local", "--max-tokens", "16", "--temperature", "0", "--json",
            env=env)
    assert e.returncode == 0, e.stderr[-3000:]
    result = json.loads(e.stdout)
    assert len(result["models"]) == 2 and result["gain"] is not None
    assert all(m["n"] == 5 and m["token_f1"] is not None for m in result["models"].values()), result["models"]


def test_a_killed_run_resumes_and_asks_nothing_finished_twice(compat_server, tmp_path):
    """SIGKILL halfway (no cancel, no cleanup), then the same command again: every call journaled before the kill
    is not asked again, none is lost or doubled in the result."""
    import signal
    import time

    compat_server.chat_reply = script = TeacherScript({}, [])
    compat_server.chat_latency = 0.05
    seed, out = tmp_path / "seed.jsonl", tmp_path / "grown.jsonl"
    seed.write_text((SAMPLE / "train.jsonl").read_text())
    args = [sys.executable, "-m", "fttool.cli", "dataset", "synth", "--data", str(seed), "--out", str(out),
            "--teacher-backend", "server", "--teacher-model", MODEL, "--base-url", compat_server.base_url,
            "--n", "60", "--task", "recipes", "--concurrency", "4", "--json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    journal = next(iter(tmp_path.glob("grown.synth/run-*/journal.jsonl")), None)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        journal = next(iter(tmp_path.glob("grown.synth/run-*/journal.jsonl")), None)
        if journal is not None and len(journal.read_text().splitlines()) >= 40:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert journal is not None
    finished = {(r["id"], r["step"]) for r in map(json.loads, journal.read_text().splitlines()) if r.get("ok")}
    assert 40 <= len(finished) < 120
    before = dict(script.asked)
    r = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["generated"] == 60 and summary["pending"] == 60
    for ident, step in finished:  # nothing finished before the kill was asked again
        k = int(ident[2:])
        assert script.asked[(step, k)] == before.get((step, k)), (ident, step)
    rows = [json.loads(line) for line in Path(summary["pending_path"]).read_text().splitlines()]
    assert len(rows) == len({json.dumps(r, sort_keys=True) for r in rows}) == 60  # none lost, none doubled
