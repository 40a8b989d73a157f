"""Pushing to the Hub through the real huggingface_hub client and the fttool CLI, against our Hub test server."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.servers.hub_server import HubServer
from tests.support.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project"


@pytest.fixture
def hub_env(hub_server: HubServer, monkeypatch: pytest.MonkeyPatch) -> HubServer:
    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    from fttool import credentials

    credentials.set_secret("hf", hub_server.token)
    return hub_server


def make_model_folder(path: Path, token: str | None = None, size: int = 150_000) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "adapter_config.json").write_text(json.dumps({"base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M",
                                                          "peft_type": "LORA", "r": 16}))
    (path / "adapter_model.safetensors").write_bytes(bytes(range(256)) * (size // 256))
    (path / "tokenizer_config.json").write_text("{}")
    params = {"model": "HuggingFaceTB/SmolLM2-135M", "epochs": 2, "lr": 0.0002, "batch_size": 2,
              "data_path": str(path / "autotrain-data"), "token": token or "hf_notreal"}
    (path / "training_params.json").write_text(json.dumps(params))
    (path / "autotrain-data").mkdir(exist_ok=True)
    (path / "autotrain-data" / "train.csv").write_text("text\nhello\n")
    (path / "training.log").write_text("step 1 loss 2.0\n")
    (path / "runs").mkdir(exist_ok=True)
    (path / "runs" / "events.out.tfevents.1").write_bytes(b"tb")
    (path / "checkpoint-10").mkdir(exist_ok=True)
    (path / "checkpoint-10" / "adapter_model.safetensors").write_bytes(b"old")
    return path


def project_with_eval(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    shutil.copytree(SAMPLE, project)
    (project / "eval").mkdir()
    results = {"models": {"ada/recipe-lora": {"exact_match": 0.4, "token_f1": 0.71, "rouge_l": 0.66,
                                              "latency_ms": 120.0, "cost_usd": 0.0, "n": 5}},
               "baselines": {"zero-shot": {"exact_match": 0.0, "token_f1": 0.42, "rouge_l": 0.4, "latency_ms": 90.0,
                                           "cost_usd": 0.0, "n": 5}},
               "gain": {"metric": "token_f1", "base": "zero-shot", "tuned": "ada/recipe-lora", "delta_points": 29.0,
                        "ci95_points": [12.5, 41.0], "n": 5},
               "created_at": "2026-11-24T12:00:00Z", "data_sha256": "abc"}
    (project / "eval" / "results.json").write_text(json.dumps(results))
    return project


def test_push_dataset_then_again_sends_nothing(hub_env: HubServer) -> None:
    from fttool.hub.push import push_path

    seen: list[tuple[int, int, str]] = []
    first = push_path(SAMPLE, "recipes-data", progress=lambda d, t, m: seen.append((d, t, m)))
    assert first.repo_id == "ada/recipes-data" and first.repo_type == "dataset"
    repo = hub_env.repo("dataset", "ada/recipes-data")
    assert repo is not None and repo.private  # private by default
    assert sorted(repo.files) == ["README.md", "data/test.jsonl", "data/train.jsonl"]
    assert repo.files["data/train.jsonl"].content == (SAMPLE / "data" / "train.jsonl").read_bytes()
    assert seen and seen[-1][0] == seen[-1][1]  # progress reached its total
    assert any("Uploading" in m for _, _, m in seen)
    sent_before, commits_before = hub_env.bytes_received, len(repo.commits)

    again = push_path(SAMPLE, "recipes-data")
    assert again.sent == 0 and again.commit is None
    assert hub_env.bytes_received == sent_before and len(repo.commits) == commits_before
    assert hub_env.count("POST", r"/api/datasets/ada/recipes-data/commit/") == 1
    assert hub_env.count("PUT", r"/lfs-upload/") == 0  # small JSONL files go in the commit itself


def test_push_model_folder_card_and_exclusions(hub_env: HubServer, tmp_path: Path) -> None:
    from fttool.hub.push import push_path

    folder = make_model_folder(tmp_path / "model")
    project = project_with_eval(tmp_path)
    result = push_path(folder, "ada/recipe-lora", project_dir=project)
    repo = hub_env.repo("model", "ada/recipe-lora")
    assert repo is not None and repo.private
    assert sorted(repo.files) == ["README.md", "adapter_config.json", "adapter_model.safetensors",
                                  "tokenizer_config.json"]
    assert repo.files["adapter_model.safetensors"].lfs  # went through LFS batch + PUT
    assert hub_env.count("PUT", r"/lfs-upload/") == 1
    assert result.sent == 4

    readme = hub_env.file_text("model", "ada/recipe-lora", "README.md")
    assert readme.startswith("---\nbase_model: \"HuggingFaceTB/SmolLM2-135M\"")
    assert "| train | 12 |" in readme and "| test | 5 |" in readme  # split sizes from the project
    assert "17 examples in all." in readme
    assert "| epochs | 2 |" in readme and "| batch_size | 2 |" in readme  # parameters
    assert "| ada/recipe-lora | 0.4 | 0.71 | 0.66 |" in readme  # evaluation results
    assert "29 points" in readme and "12.5 to 41" in readme
    assert "fttool train --backend local --model HuggingFaceTB/SmolLM2-135M --epochs 2 --batch-size 2" in readme
    assert "autotrain-data" not in readme and str(tmp_path) not in readme  # no local paths

    # unchanged folder: nothing sent, no new commit; one changed file: only that file
    commits = len(repo.commits)
    assert push_path(folder, "ada/recipe-lora", project_dir=project).commit is None
    assert len(repo.commits) == commits
    (folder / "tokenizer_config.json").write_text('{"changed": true}')
    third = push_path(folder, "ada/recipe-lora", project_dir=project)
    assert third.sent_paths == ["tokenizer_config.json"]


def test_card_without_eval_says_so(tmp_path: Path) -> None:
    from fttool.hub.push import model_card_for

    folder = make_model_folder(tmp_path / "m")
    text = model_card_for(folder, "ada/x", project_dir=SAMPLE)
    assert "No evaluation results yet" in text


def test_file_holding_the_token_is_refused(hub_env: HubServer, tmp_path: Path) -> None:
    from fttool.errors import FtError
    from fttool.hub.push import push_path

    folder = make_model_folder(tmp_path / "leaky")
    (folder / "notes.txt").write_text(f"my token is {hub_env.token} oops")
    with pytest.raises(FtError) as exc:
        push_path(folder, "ada/leaky")
    assert exc.value.code == "hub_token_in_file" and "notes.txt" in exc.value.message
    assert hub_env.repo("model", "ada/leaky") is None  # checked before anything was created


def test_cancel_mid_upload_commits_nothing(hub_env: HubServer, tmp_path: Path) -> None:
    from fttool.errors import Cancelled
    from fttool.hub.push import push_path

    folder = make_model_folder(tmp_path / "big", size=3_000_000)
    uploading = []

    def progress(done: int, total: int, message: str) -> None:
        if "Uploading" in message:
            uploading.append(done)

    with pytest.raises(Cancelled):
        push_path(folder, "ada/big", progress=progress, cancel=lambda: len(uploading) > 0)
    repo = hub_env.repo("model", "ada/big")
    assert repo is not None and repo.commits == []  # nothing committed


def test_push_retries_transient_tree_errors(hub_env: HubServer) -> None:
    from fttool.hub.push import push_path

    hub_env.fault(r"/api/datasets/ada/flaky/tree/", status=503, times=2)
    result = push_path(SAMPLE, "ada/flaky")
    assert result.sent == 3


def test_cli_hub_push(hub_server: HubServer, file_keyring: Path, tmp_path: Path) -> None:
    env = {"HF_ENDPOINT": hub_server.url}
    r = run_cli("auth", "set", "hf", input=hub_server.token + "\n", env=env)
    assert r.returncode == 0, r.stderr
    r = run_cli("hub", "push", str(SAMPLE), "--repo", "recipes", "--json", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["repo_id"] == "ada/recipes" and out["sent"] == 3
    assert "Uploading to ada/recipes" in r.stderr  # progress on stderr
    r = run_cli("hub", "push", str(SAMPLE), "--repo", "recipes", env=env)
    assert r.returncode == 0 and "Nothing to push" in r.stdout

    folder = make_model_folder(tmp_path / "model")
    r = run_cli("hub", "push", str(folder), "--repo", "ada/pub-model", "--public", "--quiet", env=env)
    assert r.returncode == 0, r.stderr
    assert "Pushed 4 of 4 files" in r.stdout
    repo = hub_server.repo("model", "ada/pub-model")
    assert repo is not None and not repo.private

    r = run_cli("hub", "hardware", "--json", env=env)
    assert r.returncode == 0, r.stderr
    hw = json.loads(r.stdout)
    assert "live" in hw["source"] and [h["name"] for h in hw["hardware"]][:2] == ["cpu-basic", "t4-small"]

    r = run_cli("hub", "push", str(tmp_path), "--repo", "x", env=env)
    assert r.returncode == 2 and "nothing fttool can push" in r.stderr
    r = run_cli("hub", "push", str(SAMPLE), "--repo", "bad name!", env=env)
    assert r.returncode == 2 and "not a valid Hub repo name" in r.stderr


def test_cli_hub_push_bad_token(hub_server: HubServer, file_keyring: Path) -> None:
    env = {"HF_ENDPOINT": hub_server.url, "HF_TOKEN": "hf_wrongwrongwrong"}
    r = run_cli("hub", "push", str(SAMPLE), "--repo", "recipes", env=env)
    assert r.returncode == 1
    assert "rejected the key" in r.stderr
    assert "hf_wrongwrongwrong" not in r.stderr + r.stdout
    assert os.environ.get("HF_TOKEN") is None


def test_push_a_finished_job_with_its_card(service: object, hub_env: HubServer, tmp_path: Path) -> None:
    from fttool.hub.commands import register_commands as register
    from fttool.jobs.record import Job, Status

    register(service)  # type: ignore[arg-type]
    folder = make_model_folder(tmp_path / "out")
    project = project_with_eval(tmp_path)
    job = Job(backend="local", status=Status.SUCCEEDED, result_model=str(folder),
              base_model="HuggingFaceTB/SmolLM2-135M", project=str(project),
              params={"training_file": str(project / "data" / "train.jsonl"), "epochs": 4, "learning_rate": 0.0001})
    service.store.add(job)  # type: ignore[attr-defined]
    result = service.call("hub_push_job", job_id=job.id)  # type: ignore[attr-defined]
    assert result["repo_id"].startswith("ada/fttool-smollm2-135m-") and result["sent"] == 4
    readme = hub_env.file_text("model", result["repo_id"], "README.md")
    assert "| epochs | 4 |" in readme and "| learning_rate | 0.0001 |" in readme
    assert "fttool train --backend local --model HuggingFaceTB/SmolLM2-135M --data train.jsonl --epochs 4" in readme
    assert "| ada/recipe-lora | 0.4 |" in readme

    running = Job(backend="local", status=Status.RUNNING)
    service.store.add(running)  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="has not finished"):
        service.call("hub_push_job", job_id=running.id)  # type: ignore[attr-defined]


def test_failed_commit_says_so_and_a_retry_resends_only_what_is_missing(hub_env: HubServer, tmp_path: Path) -> None:
    from fttool.errors import ConnectionProblem
    from fttool.hub.push import push_path

    folder = make_model_folder(tmp_path / "m")
    hub_env.fault(r"/api/models/ada/retry-me/commit/", status=500, times=1)
    with pytest.raises(ConnectionProblem) as exc:
        push_path(folder, "ada/retry-me")
    assert "server error (HTTP 500)" in exc.value.message
    repo = hub_env.repo("model", "ada/retry-me")
    assert repo is not None and repo.commits == []
    lfs_puts = hub_env.count("PUT", r"/lfs-upload/")
    result = push_path(folder, "ada/retry-me")
    assert result.sent == 4 and len(repo.commits) == 1
    assert hub_env.count("PUT", r"/lfs-upload/") == lfs_puts  # the large file was already uploaded: not sent again
