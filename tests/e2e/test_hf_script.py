"""The Hugging Face Jobs training script (resources/hf/train_sft.py) for real, in fttool's local runtime (the same
transformers, peft and trl versions its `uv` header pins), on the tiny test model: it reads the data set from our
Hub test server with the runtime's own huggingface_hub (HF_ENDPOINT, token from HF_TOKEN as on Jobs), trains,
prints loss lines that fall, and pushes the adapter (and the merged model) back to the server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.hub_server import HubServer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "resources" / "hf" / "train_sft.py"

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def runtime() -> Iterator[Path]:
    """The local runtime, installed by fttool's own installer into .cache/runtime (shared with the local-training
    tests: installed once per CI run)."""
    try:
        from fttool.runtime import install
    except ImportError:
        pytest.skip("the local runtime (fttool/runtime/install.py, the local-training issue) does not exist yet")
    previous = os.environ.get("FTTOOL_RUNTIME_DIR")
    os.environ["FTTOOL_RUNTIME_DIR"] = previous or str(ROOT / ".cache" / "runtime")
    try:
        st = install.status()
        if not st["installed"]:
            st = install.install("cpu")
        yield Path(st["path"])
    finally:
        if previous is None:
            os.environ.pop("FTTOOL_RUNTIME_DIR", None)


@pytest.fixture(scope="module")
def tiny_model(runtime: Path) -> Path:
    try:
        from tests.support.tiny_model import build_tiny_model
    except ImportError:
        pytest.skip("tests/support/tiny_model.py (the local-training issue) does not exist yet")
    from fttool.runtime import env

    folder = ROOT / ".cache" / "tiny-llama"
    build_tiny_model(folder, env.venv_python(runtime))
    return folder


def metric_lines(stdout: str) -> list[dict[str, float]]:
    return [json.loads(line.split(" ", 1)[1]) for line in stdout.splitlines() if line.startswith("fttool-metric ")]


def test_script_reads_the_pushed_data_trains_and_pushes_the_adapter(runtime: Path, tiny_model: Path,
                                                                    hub_server: HubServer, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from fttool.hub.push import LocalFile, push_files
    from fttool.providers.huggingface import HuggingFaceProvider, metrics_from_lines
    from fttool.runtime import env, install
    from tests.support.tiny_model import write_chats

    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    monkeypatch.setenv("HF_TOKEN", hub_server.token)
    train = write_chats(tmp_path / "train.jsonl", 24)
    valid = write_chats(tmp_path / "valid.jsonl", 8)
    pushed = push_files([LocalFile("data/train.jsonl", train), LocalFile("data/validation.jsonl", valid)],
                        "ada/tiny-data", repo_type="dataset")

    # the very arguments the provider gives the job, with the tiny model and a few CPU-sized settings
    params = {"dataset_repo": "ada/tiny-data", "dataset_revision": pushed.commit, "output_repo": "ada/tiny-lora",
              "validation_file": str(valid), "epochs": 8, "learning_rate": 0.003, "batch_size": 8, "lora_r": 8,
              "lora_alpha": 16, "max_seq_length": 128, "merge": True}
    command, _ = HuggingFaceProvider().command(params, str(tiny_model))
    args = command[4:] + ["--output-dir", str(tmp_path / "out")]
    run_env = install.runtime_env(runtime, {"HF_TOKEN": hub_server.token})
    run_env.update({"HF_ENDPOINT": hub_server.url, "HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_DISABLE_XET": "1"})
    t0 = time.monotonic()
    proc = subprocess.run([str(env.venv_python(runtime)), str(SCRIPT), *args], capture_output=True, text=True,
                          env=run_env, timeout=600, cwd=tmp_path)
    seconds = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr[-3000:]
    print(f"\ntrain_sft.py on the tiny model in the runtime: {seconds:.1f} s", file=sys.stderr)

    lines = metric_lines(proc.stdout)
    train_loss = [d["train_loss"] for d in lines if "train_loss" in d]
    assert len(train_loss) == 24  # 24 examples / batch 8 * 8 epochs, one line per step
    print(f"train loss {train_loss[0]:.3f} -> {train_loss[-1]:.3f} over {len(train_loss)} steps", file=sys.stderr)
    assert sum(train_loss[-3:]) / 3 < sum(train_loss[:3]) / 3 - 0.2, train_loss  # the loss falls
    assert any("valid_loss" in d for d in lines)  # evaluated on the validation file each epoch
    # the provider parses the same output into the loss chart
    series = metrics_from_lines(proc.stdout.splitlines())
    assert [p[0] for p in series["train_loss"]] == list(range(1, 25))
    done = [json.loads(x.split(" ", 1)[1]) for x in proc.stdout.splitlines() if x.startswith("fttool-done ")]
    assert done and done[0]["output_repo"] == "ada/tiny-lora"

    repo = hub_server.repo("model", "ada/tiny-lora")
    assert repo is not None and repo.private
    assert {"adapter_config.json", "adapter_model.safetensors"} <= set(repo.files)
    cfg = json.loads(repo.files["adapter_config.json"].content)
    assert cfg["r"] == 8 and cfg["peft_type"] == "LORA"
    merged = hub_server.repo("model", "ada/tiny-lora-merged")  # --merge: the base model with the adapter folded in
    assert merged is not None and merged.private and "model.safetensors" in merged.files
    assert "adapter_config.json" not in merged.files
    # it read the data at the pushed commit, with the token from the environment, and never printed it
    assert any(r.path.endswith(f"/resolve/{pushed.commit}/data/train.jsonl") for r in hub_server.requests)
    assert hub_server.token not in proc.stdout + proc.stderr
