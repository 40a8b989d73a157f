"""The CLI's foundation commands, run as a person runs them: the installed `fttool` in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from fttool import __version__
from fttool.jobs.record import Job, Status
from fttool.jobs.store import JobStore
from tests.support.cli import run_cli

KEY = "sk-planted-cli-0123456789abcdef"
SHARED_KEYS = {"id", "backend", "status", "provider_job_id", "base_model", "result_model", "created_at",
               "updated_at", "params", "metrics", "error", "provider_status", "connection", "dataset_sha256"}


def test_version_and_usage_errors() -> None:
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"fttool {__version__}"
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("auth").returncode == 2


def test_auth_set_status_delete_never_prints_the_secret(file_keyring: Path, fttool_home: Path) -> None:
    r = run_cli("auth", "set", "openai", input=KEY + "\n")
    assert r.returncode == 0, r.stderr
    r = run_cli("auth", "set", "azure", "--endpoint", "https://res.openai.azure.com/", input="azure-key-123456\n")
    assert r.returncode == 0, r.stderr
    r = run_cli("auth", "status", "--json")
    assert r.returncode == 0, r.stderr
    rows = {row["provider"]: row for row in json.loads(r.stdout)}
    assert rows["openai"] == {"provider": "openai", "set": True, "source": "keyring"}
    assert rows["azure"]["set"] and rows["azure-endpoint"]["set"]
    assert rows["hf"] == {"provider": "hf", "set": False, "source": "none"}
    assert KEY not in r.stdout + r.stderr
    r = run_cli("auth", "status", env={"HF_TOKEN": "hf_fromenvironment0000"})
    assert "hf" in r.stdout and "set (env)" in r.stdout and "hf_fromenvironment0000" not in r.stdout
    r = run_cli("auth", "delete", "openai")
    assert r.returncode == 0
    rows = {row["provider"]: row for row in json.loads(run_cli("auth", "status", "--json").stdout)}
    assert rows["openai"]["set"] is False
    # the secret went to the keyring only: nowhere in the data dir
    for f in fttool_home.rglob("*"):
        if f.is_file():
            assert KEY.encode() not in f.read_bytes(), f


def test_auth_without_a_keyring_explains_and_refuses() -> None:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    r = run_cli("auth", "set", "openai", input=KEY + "\n", env=env)
    assert r.returncode == 1
    assert "No usable keyring" in r.stderr and "gnome-keyring" in r.stderr
    r = run_cli("auth", "status", "--json", env=env)
    assert r.returncode == 0
    assert all(row["source"] == "none" for row in json.loads(r.stdout))
    assert "No usable keyring" in r.stderr


def test_jobs_list_and_show_print_the_shared_record(fttool_home: Path) -> None:
    r = run_cli("jobs", "list", "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []
    store = JobStore()
    job = store.add(Job(backend="openai", base_model="gpt-4o-mini-2024-07-18", params={"epochs": 2},
                        dataset_sha256={"train": "0" * 64}))
    store.update(job.id, status=Status.RUNNING, metrics={"train_loss": [[1, 2.5], [2, 2.0]]},
                 provider_status="running")
    store.close()
    listed = json.loads(run_cli("jobs", "list", "--json").stdout)
    assert [j["id"] for j in listed] == [job.id]
    assert SHARED_KEYS <= set(listed[0])
    shown = json.loads(run_cli("jobs", "show", job.id, "--json").stdout)
    assert shown["status"] == "running" and shown["metrics"]["train_loss"] == [[1, 2.5], [2, 2.0]]
    assert shown["error"] is None and shown["connection"] == "ok"
    text = run_cli("jobs", "show", job.id).stdout
    assert "train_loss" in text and "gpt-4o-mini" in text
    r = run_cli("jobs", "show", "job-doesnotexist")
    assert r.returncode == 1 and "No job with id" in r.stderr
