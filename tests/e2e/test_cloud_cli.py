"""The CLI against our OpenAI server: `fttool train ... --wait --json`, the wind-down date on both sides
(FTTOOL_NOW), `fttool cleanup`, and no secret in the data dir, logs or job records afterwards."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cloud_support import PLANTED_OPENAI_KEY, sample_files, setup_openai, wait_job
from tests.support.cli import run_cli
from tests.support.launch import launch

MODEL = "gpt-4o-mini-2024-07-18"


def _env(server) -> dict[str, str]:
    return {"OPENAI_BASE_URL": server.base_url}


def _train(tmp_path: Path, server, *extra: str, env: dict[str, str] | None = None):
    train, valid = sample_files(tmp_path)
    return run_cli("train", "--backend", "openai", "--model", MODEL, "--data", str(train), "--validation",
                   str(valid), "--epochs", "2", "--poll", "0.05", *extra, env={**_env(server), **(env or {})})


def _grep(root: Path, needle: str) -> list[str]:
    hits = []
    for p in root.rglob("*"):
        if p.is_file() and needle.encode() in p.read_bytes():
            hits.append(str(p))
    return hits


def test_cli_train_wait_json_then_cleanup_and_no_secret_anywhere(openai_server, file_keyring, fttool_home, tmp_path):
    openai_server.api_key = PLANTED_OPENAI_KEY
    r = run_cli("auth", "set", "openai", input=PLANTED_OPENAI_KEY + "\n")
    assert r.returncode == 0, r.stderr
    r = _train(tmp_path, openai_server, "--yes", "--wait", "--json")
    assert r.returncode == 0, r.stderr
    job = json.loads(r.stdout)
    assert job["status"] == "succeeded" and job["result_model"].startswith(f"ft:{MODEL}:")
    assert job["params"]["trained_tokens"] > 0 and job["params"]["estimated_cost_usd"] > 0
    assert "costs about $" in r.stderr and "2027-01-06" in r.stderr  # the estimate and the wind-down date
    # a wrong key on the way (its error goes to the log and the job record)
    openai_server.api_key = "sk-server-side-other-key-1"
    bad = _train(tmp_path, openai_server, "--yes")
    assert bad.returncode != 0 and "rejected the key" in bad.stderr
    openai_server.api_key = PLANTED_OPENAI_KEY
    r = run_cli("cleanup", "--backend", "openai", "--dry-run", env=_env(openai_server))
    assert r.returncode == 0, r.stderr
    assert [ln.split()[0] for ln in r.stdout.splitlines()].count("file") == 2 and job["result_model"] in r.stdout
    r = run_cli("cleanup", "--backend", "openai", "--yes", "--kind", "file", env=_env(openai_server))
    assert r.returncode == 0 and "Deleted 2 of 2" in r.stdout, r.stderr
    assert openai_server.files == {}
    shown = run_cli("jobs", "show", job["id"], "--json")
    assert PLANTED_OPENAI_KEY not in shown.stdout + r.stdout + r.stderr + bad.stderr
    # nothing in the data dir (store, uploads table, logs, settings) holds the key
    assert any(fttool_home.rglob("*.log")), "the CLI writes a log in the data dir"
    assert _grep(fttool_home, PLANTED_OPENAI_KEY) == []
    assert _grep(fttool_home, PLANTED_OPENAI_KEY[8:24]) == []


def test_before_the_wind_down_date_the_date_is_shown_and_jobs_run(openai_server, file_keyring, tmp_path):
    run_cli("auth", "set", "openai", input=openai_server.api_key + "\n")
    r = _train(tmp_path, openai_server, "--yes", "--wait", "--json", env={"FTTOOL_NOW": "2027-01-05T23:00:00Z"})
    assert r.returncode == 0, r.stderr
    assert "until 2027-01-06 (1 days from today)" in r.stderr
    assert "does not accept new jobs" not in r.stderr
    assert json.loads(r.stdout)["status"] == "succeeded"


def test_after_the_wind_down_date_launch_needs_yes_and_the_refusal_is_plain(openai_server, file_keyring, tmp_path,
                                                                           monkeypatch):
    run_cli("auth", "set", "openai", input=openai_server.api_key + "\n")
    monkeypatch.setenv("FTTOOL_NOW", "2027-01-07T09:00:00Z")  # the server's clock too
    r = _train(tmp_path, openai_server)
    assert r.returncode != 0
    assert "does not accept new jobs" in r.stderr and "2027-01-06" in r.stderr and "Nothing was sent" in r.stderr
    assert openai_server.files == {} and openai_server.jobs == {}
    r = _train(tmp_path, openai_server, "--yes")
    assert r.returncode != 0
    assert "refused to start a new fine-tuning job" in r.stderr
    assert "no longer available for new jobs as of January 6, 2027" in r.stderr
    assert "Traceback" not in r.stderr


def test_after_the_date_watching_an_existing_job_and_its_model_keep_working(openai_server, service, tmp_path,
                                                                           monkeypatch):
    from fttool.providers.openai import OpenAIProvider

    setup_openai(openai_server, monkeypatch)
    monkeypatch.setenv("FTTOOL_NOW", "2027-01-05T12:00:00Z")
    assert OpenAIProvider().capabilities().accepts_new_jobs
    openai_server.running_polls = 8
    train, _ = sample_files(tmp_path)
    job = launch(service, backend="openai", base_model=MODEL, params={"training_file": str(train)})
    wait_job(service, job["id"], until=lambda j: j["status"] == "running")
    monkeypatch.setenv("FTTOOL_NOW", "2027-01-08T12:00:00Z")
    caps = OpenAIProvider().capabilities()
    assert not caps.accepts_new_jobs and caps.not_accepting_since == "2027-01-06"
    done = wait_job(service, job["id"])
    assert done["status"] == "succeeded" and len(done["metrics"]["train_loss"]) == 8
    assert any(e["message"] == "The job has successfully completed"
               for e in service.call("job_events", job_id=job["id"]))
    check = service.call("test_connection", provider="openai")
    assert check["ok"], check


def test_cli_azure_train_wait_json(openai_server, file_keyring, tmp_path):
    r = run_cli("auth", "set", "azure", "--endpoint", openai_server.url, input=openai_server.azure_key + "\n")
    assert r.returncode == 0, r.stderr
    train, valid = sample_files(tmp_path)
    r = run_cli("train", "--backend", "azure", "--model", MODEL, "--data", str(train), "--validation", str(valid),
                "--suffix", "chef", "--yes", "--wait", "--json", "--poll", "0.05",
                env={"OPENAI_API_VERSION": "2024-10-21"})
    assert r.returncode == 0, r.stderr
    job = json.loads(r.stdout)
    assert job["status"] == "succeeded" and job["result_model"].endswith("-chef")
    assert {q.arg("api-version") for q in openai_server.requests if q.path.startswith("/openai/")} == {"2024-10-21"}
