"""OpenAI end to end: the real `openai` client through fttool's provider and job service against our server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fttool.errors import CredentialError, UsageError
from tests.e2e.cloud_support import sample_files, sample_project, setup_openai, wait_job
from tests.support.launch import launch

MODEL = "gpt-4o-mini-2024-07-18"


def _start(service, train: Path, valid: Path | None = None, **params):
    p = {"training_file": str(train), **params}
    if valid is not None:
        p["validation_file"] = str(valid)
    return launch(service, backend="openai", base_model=MODEL, params=p)


def test_whole_job_from_upload_to_result_model(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    train, valid = sample_files(tmp_path)
    job = _start(service, train, valid, epochs=2, suffix="chef", seed=7)
    assert job["provider_job_id"].startswith("ftjob-")
    done = wait_job(service, job["id"])
    assert done["status"] == "succeeded", done
    assert done["result_model"].startswith(f"ft:{MODEL}:") and ":chef:" in done["result_model"]
    assert [p[0] for p in done["metrics"]["train_loss"]] == [1.0, 2.0, 3.0]
    assert len(done["metrics"]["valid_loss"]) == 3 and len(done["metrics"]["train_accuracy"]) == 3
    params = done["params"]
    assert params["trained_tokens"] > 0
    assert params["cost_usd"] == pytest.approx(params["trained_tokens"] * 3.0 / 1e6)
    assert params["estimated_cost_usd"] > 0 and params["price_date"]
    assert [c["step"] for c in params["checkpoints"]] == [1, 2, 3]
    assert (done["progress"]["step"], done["progress"]["total"]) == (3, 3)  # the Jobs view's progress bar
    messages = [e["message"] for e in service.call("job_events", job_id=job["id"])]
    assert "Fine-tuning job started" in messages and "The job has successfully completed" in messages
    assert not any(m.startswith("Step ") for m in messages)  # metric events go to the chart, not the log
    # what the server got: two fine-tune files, one job with our metadata and hyperparameters
    srv_job = openai_server.jobs[job["provider_job_id"]]
    assert srv_job["metadata"] == {"fttool_job": job["id"]}
    assert srv_job["method"]["supervised"]["hyperparameters"] == {"n_epochs": 2}
    assert srv_job["seed"] == 7 and srv_job["validation_file"]
    assert sorted(f["purpose"] for f in openai_server.files.values()) == ["fine-tune", "fine-tune"]
    create = [r for r in openai_server.requests if r.method == "POST" and r.path == "/v1/fine_tuning/jobs"]
    assert len(create) == 1
    assert {k.lower(): v for k, v in create[0].headers.items()}["x-stainless-retry-count"] == "0"

    # events: the whole list once, then a small first page once the newest seen event is known
    limits = [r.arg("limit") for r in openai_server.requests if r.path.endswith("/events")]
    assert limits[0] == "100" and set(limits[1:]) == {"10"}
    # the same files again: reused, not sent again
    job2 = _start(service, train, valid, epochs=1)
    assert wait_job(service, job2["id"])["status"] == "succeeded"
    assert len(openai_server.files) == 2
    assert openai_server.count("POST", r"^/v1/files$") == 2
    assert service.call("get_job", job_id=job2["id"])["params"]["reused_files"] == ["train", "validation"]


def test_a_deleted_upload_is_sent_again(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    wait_job(service, job["id"])
    openai_server.files.clear()
    job2 = _start(service, train)
    assert wait_job(service, job2["id"])["status"] == "succeeded"
    assert openai_server.count("POST", r"^/v1/files$") == 2


def test_test_split_never_leaves_the_machine(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    project = sample_project(tmp_path)
    with pytest.raises(UsageError, match="test split"):
        launch(service, backend="openai", base_model=MODEL, project=str(project),
                     params={"training_file": str(project / "data" / "train.jsonl"),
                             "validation_file": str(project / "data" / "test.jsonl")})
    uploaded = [f["filename"] for f in openai_server.files.values()]
    assert not any("validation" in name for name in uploaded)
    test_bytes = (project / "data" / "test.jsonl").read_bytes()
    assert all(c != test_bytes for c in openai_server.file_content.values())


def test_restart_in_the_middle_resumes(openai_server, tmp_path, monkeypatch):
    from fttool.jobs.service import JobService

    setup_openai(openai_server, monkeypatch)
    openai_server.running_polls = 6
    train, valid = sample_files(tmp_path)
    first = JobService(poll_interval=0.05, lease_ttl=1.0, max_backoff=0.2).start()
    try:
        job = _start(first, train, valid)
        wait_job(first, job["id"], until=lambda j: len(j["metrics"].get("train_loss", [])) >= 2)
    finally:
        first.stop()
    middle = first.store  # closed; read through a new service
    assert middle is not None
    second = JobService(poll_interval=0.05, lease_ttl=1.0, max_backoff=0.2).start()
    try:
        done = wait_job(second, job["id"])
        events = second.call("job_events", job_id=job["id"])
    finally:
        second.stop()
    assert done["status"] == "succeeded" and done["result_model"]
    assert [p[0] for p in done["metrics"]["train_loss"]] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    started = [e for e in events if e["message"] == "Fine-tuning job started"]
    assert len(started) == 1  # events paged again after the restart are not stored twice
    assert len(openai_server.jobs) == 1


def test_429_and_500_on_the_way_reconnect_and_never_fail(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    openai_server.running_polls = 3
    seen: list[tuple[str, str]] = []
    service.subscribe(lambda e: seen.append((e.payload["job"]["status"], e.payload["job"]["connection"]))
                      if e.kind == "job_updated" else None)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    pid = job["provider_job_id"]
    # a 429 with Retry-After is waited out inside one poll: no reconnecting
    openai_server.fault(rf"/v1/fine_tuning/jobs/{pid}$", method="GET", status=429, headers={"Retry-After": "0.3"},
                        times=1)
    wait_job(service, job["id"], until=lambda j: openai_server.count("GET", rf"/jobs/{pid}$") >= 2)
    gets = [r for r in openai_server.requests if r.method == "GET" and r.path.endswith(pid)]
    # the retry after the 429 came no sooner than Retry-After (the recorded times are request arrivals)
    assert len(gets) >= 2
    # then the server breaks for a while: 500s and a dropped connection
    openai_server.fault(rf"/v1/fine_tuning/jobs/{pid}", status=500, times=6)
    openai_server.fault(rf"/v1/fine_tuning/jobs/{pid}", drop=True, times=2)
    done = wait_job(service, job["id"], timeout=60)
    assert done["status"] == "succeeded" and done["connection"] == "ok"
    assert ("queued", "reconnecting") in seen or any(c == "reconnecting" for _, c in seen)
    assert not any(s == "failed" for s, _ in seen)


def test_retry_after_is_honoured(openai_server, tmp_path, monkeypatch):
    """One poll against a 429 with Retry-After: 0.4 waits that long before asking again."""
    import asyncio

    from fttool.jobs.record import Job
    from fttool.providers.openai import OpenAIProvider

    setup_openai(openai_server, monkeypatch)
    train, _ = sample_files(tmp_path)

    async def run() -> float:
        p = OpenAIProvider()
        try:
            client = await p.client()
            ft = await client.fine_tuning.jobs.create(model=MODEL, training_file=(await client.files.create(
                file=("t.jsonl", train.read_bytes()), purpose="fine-tune")).id)
            openai_server.fault(rf"/jobs/{ft.id}$", status=429, headers={"Retry-After": "0.4"}, times=1)
            t0 = time.monotonic()
            res = await p.poll(Job(backend="openai", provider_job_id=ft.id))
            assert res.status.value in ("validating", "queued")
            return time.monotonic() - t0
        finally:
            await p.close()

    assert asyncio.run(run()) >= 0.4


def test_create_that_times_out_makes_no_second_job(openai_server, service, tmp_path, monkeypatch):
    from fttool.providers.openai import OpenAIProvider

    setup_openai(openai_server, monkeypatch)
    monkeypatch.setattr(OpenAIProvider, "create_timeout", 0.5)
    openai_server.create_delay = 1.5  # the job is made, the answer comes too late
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    openai_server.create_delay = 0
    assert openai_server.count("POST", r"^/v1/fine_tuning/jobs$") == 1
    assert openai_server.count("GET", r"^/v1/fine_tuning/jobs$") >= 1  # looked it up by metadata
    mine = openai_server.jobs_with("fttool_job", job["id"])
    assert len(mine) == 1 and job["provider_job_id"] == mine[0]["id"]
    assert wait_job(service, job["id"])["status"] == "succeeded"
    assert len(openai_server.jobs) == 1


def test_create_dropped_before_it_arrived_is_sent_once_more(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    openai_server.fault(r"^/v1/fine_tuning/jobs$", method="POST", drop=True, times=1)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    assert openai_server.count("POST", r"^/v1/fine_tuning/jobs$") == 2
    assert len(openai_server.jobs) == 1 and job["provider_job_id"] in openai_server.jobs


def test_wrong_key_says_so_and_sends_nothing(openai_server, service, tmp_path, monkeypatch):
    from fttool import credentials

    setup_openai(openai_server, monkeypatch)
    credentials.set_secret("openai", "sk-wrong-key-000000000")
    train, _ = sample_files(tmp_path)
    with pytest.raises(CredentialError, match="rejected the key"):
        _start(service, train)
    jobs = service.call("list_jobs")
    assert jobs[0]["status"] == "failed" and jobs[0]["error"]["code"] == "bad_key"
    assert openai_server.jobs == {}


def test_wrong_key_while_watching_reconnects_and_says_why(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    openai_server.running_polls = 50
    notices: list[dict] = []
    service.subscribe(lambda e: notices.append(e.payload) if e.kind == "notice" else None)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    wait_job(service, job["id"], until=lambda j: j["status"] == "running")
    openai_server.api_key = "sk-rotated-elsewhere-123"
    j = wait_job(service, job["id"], until=lambda j: j["connection"] == "reconnecting")
    assert j["status"] == "running"
    deadline = time.monotonic() + 5
    while not any(n.get("code") == "bad_key_poll" for n in notices) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert any(n.get("code") == "bad_key_poll" and "key" in n["message"] for n in notices)


def test_400_names_the_field(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    train, _ = sample_files(tmp_path)
    with pytest.raises(UsageError) as info:
        launch(service, backend="openai", base_model="gpt-3.5-turbo-instruct",
                     params={"training_file": str(train)})
    assert info.value.code == "provider_rejected_field"
    assert info.value.params["field"] == "model"
    assert "not available for fine-tuning" in info.value.message


def test_pause_resume_cancel(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    openai_server.running_polls = 1000
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    wait_job(service, job["id"], until=lambda j: j["status"] == "running")
    assert service.call("pause_job", job_id=job["id"])["status"] == "paused"
    time.sleep(0.3)
    paused = service.call("get_job", job_id=job["id"])
    assert paused["status"] == "paused"
    steps = len(paused["metrics"].get("train_loss", []))
    assert service.call("resume_job", job_id=job["id"])["status"] == "running"
    wait_job(service, job["id"], until=lambda j: len(j["metrics"].get("train_loss", [])) > steps)
    assert service.call("cancel_job", job_id=job["id"])["status"] == "cancelled"
    assert openai_server.jobs[job["provider_job_id"]]["status"] == "cancelled"
    with pytest.raises(UsageError):
        service.call("pause_job", job_id=job["id"])


def test_failed_job_shows_the_providers_words(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    openai_server.fail_next_job = {"code": "invalid_training_file", "param": "training_file",
                                   "message": "Line 3: missing assistant message."}
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    done = wait_job(service, job["id"])
    assert done["status"] == "failed"
    assert done["error"] == {"code": "invalid_training_file", "message": "Line 3: missing assistant message.",
                             "field": "training_file"}


def test_import_jobs_made_outside(openai_server, service, tmp_path, monkeypatch):
    import openai as openai_lib

    setup_openai(openai_server, monkeypatch)
    train, _ = sample_files(tmp_path)
    outside = openai_lib.OpenAI(api_key=openai_server.api_key, base_url=openai_server.base_url)
    f = outside.files.create(file=("x.jsonl", train.read_bytes()), purpose="fine-tune")
    ft = outside.fine_tuning.jobs.create(model=MODEL, training_file=f.id)
    for _ in range(10):
        outside.fine_tuning.jobs.retrieve(ft.id)  # it finishes outside fttool
    outside.close()
    ours = _start(service, train)
    wait_job(service, ours["id"])
    result = service.call("import_jobs", backend="openai")
    assert result["jobs_added"] == 1 and result["models_added"] == 0
    jobs = {j["provider_job_id"]: j for j in service.call("list_jobs")}
    assert jobs[ft.id]["status"] == "succeeded" and jobs[ft.id]["result_model"]
    assert jobs[ft.id]["params"]["imported"] is True
    again = service.call("import_jobs", backend="openai")
    assert again["jobs_added"] == 0 and len(service.call("list_jobs")) == 2


def test_cleanup_lists_and_deletes_what_we_made(openai_server, service, tmp_path, monkeypatch):
    setup_openai(openai_server, monkeypatch)
    train, valid = sample_files(tmp_path)
    job = _start(service, train, valid)
    model = wait_job(service, job["id"])["result_model"]
    openai_server.files["file-notours"] = {"id": "file-notours", "object": "file", "bytes": 3, "created_at": 1,
                                           "filename": "someone-else.jsonl", "purpose": "fine-tune",
                                           "status": "processed"}
    items = service.call("cleanup_list", backend="openai")
    assert sorted(i["kind"] for i in items) == ["file", "file", "model"]
    assert {i["id"] for i in items if i["kind"] == "model"} == {model}
    assert all(i["personal_data"] for i in items if i["kind"] == "file")
    results = service.call("cleanup_delete", backend="openai", items=items)
    assert all(r["ok"] for r in results)
    assert list(openai_server.files) == ["file-notours"]
    assert model not in {m["id"] for m in openai_server.models}
    assert service.call("cleanup_list", backend="openai") == []


def test_estimate_is_tokens_times_epochs_times_price(tmp_path):
    from fttool.datasets.tokens import count_example
    from fttool.providers.openai import OpenAIProvider

    train, _ = sample_files(tmp_path)
    import json

    examples = [json.loads(line) for line in train.read_text().splitlines()]
    tokens = sum(count_example(e, MODEL) for e in examples)
    est = OpenAIProvider().estimate_cost({"model": MODEL, "training_file": str(train), "epochs": 2})
    assert est is not None and est.billed_tokens == tokens * 2
    assert est.usd == pytest.approx(tokens * 2 * 3.0 / 1e6, abs=1e-4)
    assert est.price_date == "2025-06-01"
    auto = OpenAIProvider().estimate_cost({"model": MODEL, "training_file": str(train)})
    assert auto is not None and auto.billed_tokens == tokens * 11  # 9 examples: the cookbook's 100 // 9 epochs


def test_create_answer_lost_and_lookup_down_the_watcher_finds_the_job(openai_server, service, tmp_path,
                                                                      monkeypatch):
    """The create times out and the job list cannot be read either: nothing is sent again; the job is found by
    its metadata once the provider answers."""
    from fttool.providers.openai import OpenAIProvider

    setup_openai(openai_server, monkeypatch)
    monkeypatch.setattr(OpenAIProvider, "create_timeout", 0.5)
    openai_server.create_delay = 1.5
    openai_server.fault(r"^/v1/fine_tuning/jobs$", method="GET", status=503, times=4)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    openai_server.create_delay = 0
    assert job["provider_job_id"] is None and job["status"] == "validating"
    assert job["provider_status"] == "confirming" and job["params"]["create_state"] == "uncertain"
    done = wait_job(service, job["id"])
    assert done["status"] == "succeeded"
    assert done["provider_job_id"] == openai_server.jobs_with("fttool_job", job["id"])[0]["id"]
    assert done["params"]["create_state"] == "confirmed"
    assert openai_server.count("POST", r"^/v1/fine_tuning/jobs$") == 1 and len(openai_server.jobs) == 1


def test_create_lost_before_it_arrived_and_lookup_down_ends_as_not_sent(openai_server, service, tmp_path,
                                                                       monkeypatch):
    setup_openai(openai_server, monkeypatch)
    openai_server.fault(r"^/v1/fine_tuning/jobs$", method="POST", drop=True, times=1)
    openai_server.fault(r"^/v1/fine_tuning/jobs$", method="GET", status=503, times=4)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    assert job["provider_status"] == "confirming"
    done = wait_job(service, job["id"])
    assert done["status"] == "failed" and done["error"]["code"] == "job_not_sent"
    assert "Nothing was billed" in done["error"]["message"]
    assert openai_server.count("POST", r"^/v1/fine_tuning/jobs$") == 1 and openai_server.jobs == {}


def test_poll_timeouts_show_reconnecting_then_recover(openai_server, service, tmp_path, monkeypatch):
    from fttool.providers.openai import OpenAIProvider

    setup_openai(openai_server, monkeypatch)
    monkeypatch.setattr(OpenAIProvider, "poll_timeout", 0.3)
    openai_server.running_polls = 3
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    openai_server.fault(rf"/v1/fine_tuning/jobs/{job['provider_job_id']}$", method="GET", delay=0.8, times=3)
    j = wait_job(service, job["id"], until=lambda j: j["connection"] == "reconnecting", timeout=20)
    assert j["status"] not in ("failed", "cancelled")
    done = wait_job(service, job["id"], timeout=30)
    assert done["status"] == "succeeded" and done["connection"] == "ok"
