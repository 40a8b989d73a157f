"""Training on Hugging Face Jobs end to end: the job service and our provider, through the real huggingface_hub
client, against our Hub test server (HF_ENDPOINT) with faults on demand."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.servers.hub_server import HubServer
from tests.support.launch import launch, submit_launch

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "resources" / "sample_project" / "data" / "train.jsonl"
VALID = ROOT / "resources" / "sample_project" / "data" / "test.jsonl"
JOB_PATH = r"/api/jobs/ada/[0-9a-f]{24}$"


@pytest.fixture
def hub_env(hub_server: HubServer, monkeypatch: pytest.MonkeyPatch) -> HubServer:
    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    from fttool import credentials

    credentials.set_secret("hf", hub_server.token)
    return hub_server


def fast_provider(service: Any) -> Any:
    provider = service.provider("hf")
    provider.retry_delay = 0.01
    return provider


def wait_terminal(service: Any, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = service.call("get_job", job_id=job_id)
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not end: {job}")


def wait_for(pred: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def all_files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_job_followed_to_the_end_through_faults(hub_env: HubServer, service: Any, fttool_home: Path,
                                               tmp_path: Path) -> None:
    from fttool.providers.local import trl
    from fttool.runtime.engines import engine

    fast_provider(service)
    seen: list[dict[str, Any]] = []
    lock = threading.Lock()

    def on_event(ev: Any) -> None:
        if ev.kind == "job_updated":
            with lock:
                seen.append(dict(ev.payload["job"]))

    unsubscribe = service.subscribe(on_event)
    # while it is followed: two 429s (retried inside one poll), then more 500s than one poll retries
    # ("reconnecting"), and two dropped log streams
    hub_env.fault(JOB_PATH, method="GET", status=429, headers={"Retry-After": "0"}, times=2)
    hub_env.fault(JOB_PATH, method="GET", status=500, times=6)
    hub_env.fault(r"/logs$", drop=True, times=2)
    hub_env.plan["log_format"] = "trl"  # TRL's CLI logs transformers 5's dict lines, numbers as strings
    params = {"training_file": str(TRAIN), "validation_file": str(VALID), "flavor": "t4-small", "epochs": 1,
              "batch_size": 2, "suffix": "Recipes"}
    job = launch(service, backend="hf", base_model="HuggingFaceTB/SmolLM2-135M-Instruct", params=params)
    assert job["provider_job_id"] and job["status"] in ("queued", "running")
    done = wait_terminal(service, job["id"])
    unsubscribe()

    assert done["status"] == "succeeded", done
    assert done["provider_status"] == "COMPLETED"
    out_repo = done["params"]["output_repo"]
    assert out_repo.startswith("ada/fttool-smollm2-135m-instruct-recipes-")
    assert done["result_model"] == out_repo
    assert hub_env.repo("model", out_repo) is not None  # the (simulated) script pushed the adapter there
    readme = hub_env.file_text("model", out_repo, "README.md")  # and fttool its model card
    assert readme.startswith('---\nbase_model: "HuggingFaceTB/SmolLM2-135M-Instruct"')
    assert "| train | 12 |" in readme and "| validation | 5 |" in readme
    assert "| epochs | 1 |" in readme and "| flavor | t4-small |" in readme
    assert ("fttool train --backend hf --model HuggingFaceTB/SmolLM2-135M-Instruct --data train.jsonl "
            "--validation test.jsonl --epochs 1 --batch-size 2 --suffix Recipes --flavor t4-small") in readme
    assert "hf_namespace" not in readme and str(ROOT) not in readme and "steps_per_epoch" not in readme
    # the stage as the Hub says it, and the reconnecting state during the 500s
    stages = [j["provider_status"] for j in seen]
    assert "SCHEDULING" in stages and "RUNNING" in stages and stages[-1] == "COMPLETED"
    assert any(j["connection"] == "reconnecting" for j in seen)
    assert done["connection"] == "ok"
    assert all(f.times == 0 for f in hub_env.faults)  # every injected fault was met
    # the loss series parsed from the log, all six steps despite the dropped streams: 12 rows / batch 2 = the
    # plan's 6 steps per epoch, which number the lines by their epoch
    assert done["params"]["steps_per_epoch"] == 6 and done["params"]["plan"]["total_steps"] == 6
    assert done["params"]["method"] == "sft"
    loss = done["metrics"]["train_loss"]
    assert [p[0] for p in loss] == [1, 2, 3, 4, 5, 6]
    assert all(b[1] < a[1] for a, b in zip(loss, loss[1:], strict=False))
    assert [p[0] for p in done["metrics"]["valid_loss"]] == [6]
    events = service.call("job_events", job_id=job["id"])
    messages = [e["message"] for e in events]
    assert any("pushed adapter" in m for m in messages)
    assert len(messages) == len(set(e["provider_event_id"] for e in events))  # no line stored twice

    # one job on the Hub, launched the way the issue asks
    assert len(hub_env.jobs) == 1
    spec = next(iter(hub_env.jobs.values())).spec
    assert spec["secrets"] == {"HF_TOKEN": hub_env.token}
    assert hub_env.token not in json.dumps(spec["environment"]) + json.dumps(spec["command"])
    assert spec["labels"]["fttool_job"] == job["id"]
    assert spec["timeoutSeconds"] == 3 * 3600
    assert spec["flavor"] == "t4-small"
    image = spec["dockerImage"]
    assert ":" in image and not image.endswith(":latest") and "python3.12" in image
    # TRL's CLI with the local engine's pins and YAML
    command = spec["command"]
    assert command[:2] == ["bash", "-c"] and "trl \"$method\" --config job.yaml" in command[2]
    lock = base64.b64decode(spec["environment"]["FTTOOL_LOCK_B64"]).decode().splitlines()
    assert lock == engine("trl").requirements("cuda")
    config = yaml.safe_load(base64.b64decode(spec["environment"]["FTTOOL_CONFIG_B64"]))
    assert config["model_name_or_path"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert config["dataset_name"] == "data"
    assert config["hub_model_id"] == out_repo and config["push_to_hub"] and config["hub_private_repo"]
    assert config["fp16"] is True and "bf16" not in config and "use_cpu" not in config  # a T4 has no bf16
    # the data set was pushed (private), prepared for TRL, and the job reads it at the pushed commit
    ds_repo = done["params"]["dataset_repo"]
    ds = hub_env.repo("dataset", ds_repo)
    prepared = tmp_path / "prepared.jsonl"
    trl.prepare_data(TRAIN, prepared, "sft")
    assert ds is not None and ds.private and ds.files["data/train.jsonl"].content == prepared.read_bytes()
    assert ds_repo.endswith(hashlib.sha256(prepared.read_bytes()).hexdigest()[:10])
    assert "| train | 12 |" in ds.files["README.md"].content.decode()
    assert done["params"]["dataset_revision"] == ds.sha
    assert command[command.index("--dataset-revision") + 1] == ds.sha

    # the planted token is nowhere on disk (store, job folders, logs) nor in any pushed file
    token = hub_env.token.encode()
    for path in all_files_under(fttool_home):
        assert token not in path.read_bytes(), f"token found in {path}"
    for name, content in hub_env.all_pushed_bytes():
        assert token not in content, f"token found in pushed file {name}"


def test_cancel_a_running_job(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    hub_env.plan["steps"] = 10_000
    job = launch(service, backend="hf", base_model="Qwen/Qwen2.5-0.5B-Instruct",
                       params={"training_file": str(TRAIN), "flavor": "a10g-small"})
    wait_for(lambda: service.call("get_job", job_id=job["id"])["provider_status"] == "RUNNING")
    hub_env.fault(r"/cancel$", status=503, times=1)  # retried: cancelling twice is harmless
    cancelled = service.call("cancel_job", job_id=job["id"])
    assert cancelled["status"] == "cancelled"
    assert cancelled["provider_status"] == "CANCELED"
    hf_job = hub_env.jobs[job["provider_job_id"]]
    assert hf_job.stage == "CANCELED"
    assert hub_env.count("POST", r"/cancel$") == 2
    assert wait_terminal(service, job["id"])["status"] == "cancelled"


def test_lost_launch_answer_adopts_the_job(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    hub_env.lose_create_answers = 1  # the job starts, but the answer is a 502
    job = launch(service, backend="hf", base_model="HuggingFaceTB/SmolLM2-135M",
                       params={"training_file": str(TRAIN), "flavor": "t4-small"})
    assert len(hub_env.jobs) == 1  # found by its label, not started twice
    assert job["provider_job_id"] == next(iter(hub_env.jobs))
    assert wait_terminal(service, job["id"])["status"] == "succeeded"


def test_rate_limited_launch_is_retried(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    hub_env.fault(r"/api/jobs/ada$", method="POST", status=429, headers={"Retry-After": "0"}, times=1)
    job = launch(service, backend="hf", base_model="HuggingFaceTB/SmolLM2-135M",
                       params={"training_file": str(TRAIN)})
    assert len(hub_env.jobs) == 1 and job["provider_job_id"]
    assert hub_env.count("POST", r"/api/jobs/ada$") == 2
    service.call("cancel_job", job_id=job["id"])


def test_failed_job_reports_the_reason(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    hub_env.plan["fail"] = "oom"
    job = launch(service, backend="hf", base_model="meta-llama/Llama-3.2-1B-Instruct",
                       params={"training_file": str(TRAIN), "flavor": "t4-small"})
    done = wait_terminal(service, job["id"])
    assert done["status"] == "failed" and done["provider_status"] == "ERROR"
    assert done["error"]["code"] == "hf_job_error"
    assert "out of memory" in done["error"]["message"]


def test_bad_token_fails_the_launch_clearly(hub_env: HubServer, service: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_wrongwrongwrongwrong")
    with pytest.raises(Exception) as exc:
        launch(service, backend="hf", base_model="x/y-1B", params={"training_file": str(TRAIN)})
    assert "rejected the key" in str(exc.value)
    jobs = service.call("list_jobs")
    assert jobs[0]["status"] == "failed" and "hf_wrong" not in json.dumps(jobs[0])
    assert hub_env.jobs == {}


def test_unknown_flavor_is_refused_before_launch(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    with pytest.raises(Exception) as exc:
        launch(service, backend="hf", base_model="x/y", params={"training_file": str(TRAIN),
                                                                           "flavor": "h100-imaginary"})
    assert "no hardware named 'h100-imaginary'" in str(exc.value)
    assert hub_env.jobs == {}


def test_hardware_and_estimate(hub_env: HubServer, tmp_path: Path) -> None:
    from fttool.providers.huggingface import HuggingFaceProvider

    p = HuggingFaceProvider()
    hw = {h["name"]: h for h in p.hardware()}
    assert hw["t4-small"]["usd_per_minute"] == pytest.approx(0.006667)
    assert "live" in p._hardware_source
    est = p.estimate_cost({"training_file": str(TRAIN), "flavor": "t4-small", "epochs": 3,
                           "base_model": "HuggingFaceTB/SmolLM2-135M"})
    assert est is not None and est.usd is not None
    # tiny data: the setup minutes dominate; 7 minutes at $0.40/hour
    assert est.usd == pytest.approx(round(7 * 0.006667, 2))
    big = tmp_path / "big.jsonl"
    big.write_bytes(TRAIN.read_bytes() * 2000)  # about 5 M tokens over 3 epochs
    est_big = p.estimate_cost({"training_file": str(big), "flavor": "t4-small", "epochs": 3,
                               "base_model": "Qwen/Qwen2.5-7B-Instruct"})
    assert est_big is not None and est_big.usd is not None and est_big.usd > est.usd
    capped = p.estimate_cost({"training_file": str(big), "flavor": "t4-small", "epochs": 3, "timeout": "30m",
                              "base_model": "Qwen/Qwen2.5-7B-Instruct"})
    assert capped is not None and capped.usd == pytest.approx(round(30 * 0.006667, 2))
    assert "30 min time limit" in capped.detail and "time limit" not in est.detail


def test_hardware_falls_back_to_the_dated_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens
    monkeypatch.setenv("HF_TOKEN", "hf_offlineofflineoffline")
    from fttool.providers.huggingface import HuggingFaceProvider

    p = HuggingFaceProvider()
    p.retry_delay = 0.01
    hw = {h["name"]: h for h in p.hardware()}
    assert "a10g-small" in hw and "resources/hf/jobs.json" in p._hardware_source


def _interrupted_job(service: Any, hub_env: HubServer, launched: bool, updated_at: str | None = None) -> Any:
    """A job whose start was cut off (fttool stopped) after the data push, before its Hub id was stored."""
    from huggingface_hub import HfApi

    from fttool.jobs.record import Job, Status

    job = Job(backend="hf", status=Status.QUEUED, base_model="HuggingFaceTB/SmolLM2-135M",
              params={"training_file": str(TRAIN), "hf_namespace": "ada", "output_repo": "ada/after-restart",
                      "dataset_repo": "ada/d"})
    if updated_at:
        job.updated_at = updated_at
    if launched:
        api = HfApi(endpoint=hub_env.url, token=hub_env.token)
        api.create_repo("ada/d", repo_type="dataset", private=True)
        api.upload_file(path_or_fileobj=TRAIN.read_bytes(), path_in_repo="data/train.jsonl", repo_id="ada/d",
                        repo_type="dataset")
        api.run_job(image="x:1", command=["bash", "-c", "true", "fttool-hf-job", "--dataset-repo", "ada/d",
                                          "--train-file", "data/train.jsonl",
                                          "--output-repo", "ada/after-restart"],
                    secrets={"HF_TOKEN": hub_env.token}, labels={"fttool_job": job.id}, flavor="t4-small",
                    namespace="ada")
    service.store.add(job)
    service.watch_threadsafe(job.id)
    return job


def test_a_job_started_before_fttool_stopped_is_found_by_its_label(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    job = _interrupted_job(service, hub_env, launched=True)
    done = wait_terminal(service, job.id)
    assert done["status"] == "succeeded" and done["result_model"] == "ada/after-restart"
    assert len(hub_env.jobs) == 1


def test_a_job_that_never_started_fails_clearly(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    job = _interrupted_job(service, hub_env, launched=False, updated_at="2026-01-01T00:00:00Z")
    done = wait_terminal(service, job.id)
    assert done["status"] == "failed" and done["error"]["code"] == "hf_job_not_started"
    assert "nothing was billed" in done["error"]["message"]
    assert hub_env.jobs == {}


def test_a_job_another_process_is_still_starting_is_left_alone(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    job = _interrupted_job(service, hub_env, launched=False)  # updated just now
    wait_for(lambda: hub_env.count("GET", r"/api/jobs/ada$") >= 1)
    time.sleep(0.3)
    assert service.call("get_job", job_id=job.id)["status"] == "queued"


def test_a_clone_gets_its_own_model_repo_and_reuses_the_data(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    first = launch(service, backend="hf", base_model="HuggingFaceTB/SmolLM2-135M",
                         params={"training_file": str(TRAIN), "flavor": "t4-small"})
    first = wait_terminal(service, first["id"])
    params = dict(first["params"], epochs=2)  # what the Jobs view's Clone sends
    second = launch(service, backend="hf", base_model="HuggingFaceTB/SmolLM2-135M", params=params)
    second = wait_terminal(service, second["id"])
    assert second["status"] == "succeeded"
    assert second["params"]["output_repo"] != first["params"]["output_repo"]
    assert second["params"]["dataset_repo"] == first["params"]["dataset_repo"]
    assert hub_env.count("POST", r"/api/datasets/.*/commit/") == 1  # the same data was not sent again
    explicit = launch(service, backend="hf", base_model="x/y",
                            params={"training_file": str(TRAIN), "output_repo": "ada/mine"})
    assert explicit["params"]["output_repo"] == "ada/mine"
    service.call("cancel_job", job_id=explicit["id"])


def test_cancel_while_the_data_is_pushed_launches_nothing(hub_env: HubServer, service: Any) -> None:
    fast_provider(service)
    hub_env.fault(r"/preupload/", status=0, delay=1.0, times=1)  # hold the push a moment
    future = submit_launch(service, backend="hf", base_model="HuggingFaceTB/SmolLM2-135M",
                            params={"training_file": str(TRAIN), "flavor": "t4-small"})
    wait_for(lambda: bool(service.call("list_jobs")) and service.call("list_jobs")[0]["status"] == "uploading")
    job_id = service.call("list_jobs")[0]["id"]
    assert service.call("get_job", job_id=job_id)["provider_status"].startswith("pushing the data set")
    cancelled = service.call("cancel_job", job_id=job_id)
    assert cancelled["status"] == "cancelled"
    job = future.result(30)
    assert job["status"] == "cancelled" and job["provider_job_id"] is None
    assert hub_env.jobs == {}  # nothing launched, nothing billed
    assert hub_env.count("POST", r"/commit/") == 0  # and the push stopped before its commit
    time.sleep(0.3)
    assert service.call("get_job", job_id=job_id)["status"] == "cancelled"


def test_a_local_model_folder_is_refused_before_anything_is_sent(hub_env: HubServer, service: Any,
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "org" / "model"
    folder.mkdir(parents=True)
    for model in (str(folder), "just-a-name"):
        with pytest.raises(Exception, match="is not a model on the Hugging Face Hub"):
            launch(service, backend="hf", base_model=model, params={"training_file": str(TRAIN)})
    assert hub_env.repos == {} and hub_env.jobs == {}
