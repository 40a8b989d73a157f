"""`fttool train --backend hf` end to end in a subprocess: the lead's CLI, our provider, the real huggingface_hub
client and our Hub test server (HF_ENDPOINT), with faults while the job is followed; then a second run cancelled."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.servers.hub_server import HubServer
from tests.support.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "resources" / "sample_project" / "data" / "train.jsonl"
JOB_PATH = r"/api/jobs/ada/[0-9a-f]{24}$"


def test_cli_train_hf_wait_through_faults_then_cancel(hub_server: HubServer, file_keyring: Path,
                                                       fttool_home: Path) -> None:
    env = {"HF_ENDPOINT": hub_server.url}
    assert run_cli("auth", "set", "hf", input=hub_server.token + "\n", env=env).returncode == 0
    base = ["train", "--backend", "hf", "--model", "HuggingFaceTB/SmolLM2-135M-Instruct", "--data", str(TRAIN),
            "--flavor", "t4-small", "--epochs", "1"]

    # without --yes nothing is sent, and the estimate is stated
    r = run_cli(*base, env=env)
    assert r.returncode == 1 and "Pass --yes" in r.stderr and "$0.05" in r.stderr
    assert hub_server.jobs == {} and hub_server.repos == {}

    hub_server.fault(JOB_PATH, method="GET", status=429, headers={"Retry-After": "0"}, times=2)
    hub_server.fault(JOB_PATH, method="GET", status=502, times=1)
    hub_server.fault(r"/logs$", drop=True, times=1)
    r = run_cli(*base, "--yes", "--wait", "--poll", "0.1", "--json", env=env)
    assert r.returncode == 0, r.stderr
    job = json.loads(r.stdout)
    assert job["status"] == "succeeded" and job["provider_status"] == "COMPLETED"
    assert job["result_model"] == job["params"]["output_repo"]
    assert "fttool train --backend hf" in hub_server.file_text("model", job["result_model"], "README.md")
    assert [p[0] for p in job["metrics"]["train_loss"]] == [1, 2, 3, 4, 5, 6]
    assert job["dataset_sha256"]["train"]
    assert all(f.times == 0 for f in hub_server.faults)
    assert len(hub_server.jobs) == 1

    # a second run, cancelled from another command while it runs
    hub_server.plan["steps"] = 10_000
    r = run_cli(*base, "--yes", env=env)
    assert r.returncode == 0, r.stderr
    job_id = r.stdout.strip()
    hf_job = next(j for j in hub_server.jobs.values() if j.spec["labels"]["fttool_job"] == job_id)
    r = run_cli("jobs", "cancel", job_id, "--json", env=env)
    assert r.returncode == 0, r.stderr
    cancelled = json.loads(r.stdout)
    assert cancelled["status"] == "cancelled" and cancelled["provider_status"] == "CANCELED"
    assert hf_job.stage == "CANCELED"
    # the data set was not sent again for the second run (same file, same repo)
    assert sum(1 for r in hub_server.requests if r.method == "POST" and "/api/datasets/" in r.path
               and "/commit/" in r.path) == 1

    # the token never reached the disk: data dir (store, job folders, logs)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not (fttool_home / "jobs.sqlite3").exists():
        time.sleep(0.05)
    token = hub_server.token.encode()
    files = [p for p in fttool_home.rglob("*") if p.is_file()]
    assert any(p.name == "jobs.sqlite3" for p in files)
    assert any(p.name == "fttool.log" for p in files)
    for path in files:
        assert token not in path.read_bytes(), f"token found in {path}"
    for name, content in hub_server.all_pushed_bytes():
        assert token not in content, f"token found in pushed {name}"
