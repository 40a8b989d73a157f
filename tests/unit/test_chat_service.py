"""The playground's commands on the job service: streaming with batched deltas, models, eval, examples."""

from __future__ import annotations

import json
import threading
import time

import pytest

from fttool import settings
from fttool.chat.client import Target
from fttool.chat.commands import register_commands as register
from fttool.errors import FtError
from fttool.jobs.record import Job, Status

BASE = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def chat_service(service, openai_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", openai_server.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    register(service)
    yield service
    service.call("chat_close")


def test_chat_send_streams_batched_deltas_on_the_service_thread(chat_service, openai_server):
    openai_server.chat_reply = lambda m, msgs, b: " ".join(f"w{i}" for i in range(60))
    openai_server.chat_chunk_delay = 0.002
    got: list[tuple[str, str]] = []
    answer = chat_service.call("chat_send", target=Target("openai", BASE).to_dict(),
                               messages=[{"role": "user", "content": "hi"}], sampling={"temperature": 0},
                               on_delta=lambda text: got.append((threading.current_thread().name, text)))
    assert "".join(t for _, t in got) == answer["text"]
    assert all(name == "fttool-service" for name, _ in got)
    assert 1 < len(got) < 60  # batched: fewer calls than the 60 pieces
    assert answer["completion_tokens"] == 60 and answer["cost_usd"] > 0


def test_chat_send_cancel_through_the_future(chat_service, openai_server):
    openai_server.chat_reply = lambda m, msgs, b: " ".join(["word"] * 300)
    openai_server.chat_chunk_delay = 0.02
    got: list[str] = []
    fut = chat_service.submit("chat_send", target=Target("openai", BASE).to_dict(),
                              messages=[{"role": "user", "content": "hi"}], on_delta=got.append, interval=0.0)
    deadline = time.monotonic() + 5
    while len(got) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    fut.cancel()
    time.sleep(0.3)
    n = len(got)
    time.sleep(0.3)
    assert 3 <= n < 100 and len(got) == n  # nothing more arrives after the cancel


def test_chat_models_lists_base_tuned_account_and_server_models(chat_service, openai_server, compat_server, tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (project / "project.json").write_text(json.dumps({"base_model": BASE, "backend": "openai"}))
    openai_server.models.append({"id": "ft:gpt-4o-mini-2024-07-18:org::acct1", "object": "model", "created": 1,
                                 "owned_by": "org"})
    store = chat_service.store
    job = Job(backend="openai", status=Status.SUCCEEDED, result_model="ft:gpt-4o-mini-2024-07-18:org::job1")
    store.add(job)
    store.add(Job(backend="openai", status=Status.FAILED, result_model="ft:failed"))
    settings.update({"servers": {"box": compat_server.base_url}})
    out = chat_service.call("chat_models", project=str(project))
    by_group: dict[str, list[str]] = {}
    for m in out["models"]:
        by_group.setdefault(m["group"], []).append(m["target"]["model"])
    assert by_group["base"][0] == BASE and "gpt-4.1-mini-2025-04-14" in by_group["base"]
    assert by_group["tuned"] == ["ft:gpt-4o-mini-2024-07-18:org::job1"]
    tuned = next(m for m in out["models"] if m["group"] == "tuned")
    assert tuned["job"]["id"] == job.id  # the job that made it: lists can show the job's name
    assert by_group["account"] == ["ft:gpt-4o-mini-2024-07-18:org::acct1"]
    assert by_group["server"] == ["llama-3.2-1b-instruct"]
    server_entry = next(m for m in out["models"] if m["group"] == "server")
    assert server_entry["target"]["server"] == "box"
    assert out["notes"] == []


def test_eval_run_reports_throttled_progress(chat_service, tmp_path):
    data = tmp_path / "held.jsonl"
    with open(data, "w") as f:
        for i in range(30):
            f.write(json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                             {"role": "assistant", "content": f"You said: q{i}"}]}) + "\n")
    progress: list[tuple[int, int]] = []
    result = chat_service.call("eval_run", config={"data": str(data), "targets": [Target("openai", BASE).to_dict()],
                                                   "results_dir": str(tmp_path / "eval")},
                               progress=lambda d, t, w: progress.append((d, t)))
    assert result["models"][BASE]["exact_match"] == 1.0
    assert progress[-1] == (30, 30) and len(progress) <= 30
    assert chat_service.call("eval_load", project=str(tmp_path))["models"] == result["models"]


def test_save_training_example_validates_and_appends(chat_service, tmp_path):
    from fttool.project import ensure_sample_project

    project = ensure_sample_project(tmp_path / "projects")
    train = project / "data" / "train.jsonl"
    before = train.read_text().splitlines()
    ex = {"messages": [{"role": "system", "content": "You are Chef Ada."},
                       {"role": "user", "content": "Quick omelette?"},
                       {"role": "assistant", "content": "Omelette (5 min)\n1. Beat 2 eggs.\n2. Cook 2 min."}]}
    out = chat_service.call("save_training_example", project=str(project), example=ex)
    after = train.read_text().splitlines()
    assert after[:-1] == before and json.loads(after[-1]) == ex
    assert out["line"] == len(after)
    bad = {"messages": [{"role": "user", "content": "only a question"}, {"role": "wizard", "content": "x"}]}
    with pytest.raises(FtError) as err:
        chat_service.call("save_training_example", project=str(project), example=bad)
    assert err.value.code == "example_invalid"
    assert train.read_text().splitlines() == after  # nothing written


def test_chat_models_lists_azure_deployments_and_tuned_azure_jobs(chat_service, openai_server, monkeypatch):
    from fttool import credentials

    monkeypatch.setenv("FTTOOL_AZURE_MANAGEMENT_URL", openai_server.url)
    settings.update({"azure_subscription": "sub1", "azure_resource_group": "rg1", "azure_resource_name": "res1"})
    credentials.set_secret("azure-management", openai_server.management_token)
    openai_server.deployments["chef-v2"] = {"name": "chef-v2", "properties": {
        "model": {"name": "gpt-4o-mini-2024-07-18.ft-abc"}, "provisioningState": "Succeeded"}}
    openai_server.deployments["half-made"] = {"name": "half-made", "properties": {
        "model": {"name": "x"}, "provisioningState": "Creating"}}
    chat_service.store.add(Job(backend="azure", status=Status.SUCCEEDED, result_model="gpt-4o-mini-2024-07-18.ft-abc"))
    out = chat_service.call("chat_models")
    azure = [(m["group"], m["target"]["model"]) for m in out["models"] if m["target"]["backend"] == "azure"]
    assert ("account", "chef-v2") in azure and ("tuned", "gpt-4o-mini-2024-07-18.ft-abc") in azure
    assert all(name != "half-made" for _, name in azure)
    assert out["notes"] == []


def test_chat_models_lists_the_checkpoints_of_a_finished_openai_job(chat_service, openai_server, tmp_path):
    import openai

    train = tmp_path / "train.jsonl"
    train.write_text(json.dumps({"messages": [{"role": "user", "content": "a"},
                                              {"role": "assistant", "content": "b"}]}) + "\n")
    client = openai.OpenAI(api_key=openai_server.api_key, base_url=openai_server.base_url)
    try:
        f = client.files.create(file=train.open("rb"), purpose="fine-tune")
        remote = client.fine_tuning.jobs.create(model=BASE, training_file=f.id)
        for _ in range(20):
            remote = client.fine_tuning.jobs.retrieve(remote.id)
            if remote.status == "succeeded":
                break
    finally:
        client.close()
    assert remote.status == "succeeded"
    chat_service.store.add(Job(backend="openai", status=Status.SUCCEEDED, provider_job_id=remote.id,
                               result_model=remote.fine_tuned_model))
    out = chat_service.call("chat_models")
    checkpoints = [m["target"]["model"] for m in out["models"] if m["group"] == "checkpoint"]
    assert checkpoints and all(c.startswith(remote.fine_tuned_model + ":ckpt-step-") for c in checkpoints)
    assert any(m["group"] == "tuned" and m["target"]["model"] == remote.fine_tuned_model for m in out["models"])


def test_chat_models_pairs_a_local_job_with_its_base(chat_service):
    chat_service.store.add(Job(backend="local", status=Status.SUCCEEDED, base_model="/models/tiny",
                               result_model="/jobs/job-1/output"))
    out = chat_service.call("chat_models")
    local = {(m["group"], m["target"]["model"]) for m in out["models"] if m["target"]["backend"] == "local"}
    assert local == {("tuned", "/jobs/job-1/output"), ("base", "/models/tiny")}


def test_undo_training_example_only_when_it_is_still_last(chat_service, tmp_path):
    from fttool.project import ensure_sample_project

    project = ensure_sample_project(tmp_path / "projects")
    train = project / "data" / "train.jsonl"
    before = train.read_bytes()
    ex = {"messages": [{"role": "user", "content": "Tea?"}, {"role": "assistant", "content": "Tea (3 min)\n1. Brew."}]}
    chat_service.call("save_training_example", project=str(project), example=ex)
    chat_service.call("undo_training_example", project=str(project), example=ex)
    assert train.read_bytes() == before
    chat_service.call("save_training_example", project=str(project), example=ex)
    with open(train, "a") as f:  # someone added a line meanwhile
        f.write(json.dumps({"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]}) + "\n")
    with pytest.raises(FtError) as err:
        chat_service.call("undo_training_example", project=str(project), example=ex)
    assert err.value.code == "example_not_last"
