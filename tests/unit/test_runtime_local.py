"""The local provider without AutoTrain: YAML generation and checks (backend local, paths inside the job folder,
valid_split present, no token), the log parser (loss dict lines, tqdm), settling from artifacts and logs, a reused
pid never signalled, the memory formula, GPU-only options disabled with their reason."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from fttool.errors import UsageError
from fttool.jobs.record import Job, Status
from fttool.providers import local
from fttool.providers.local import LocalProvider, LogState, build_config, check_config, to_yaml
from fttool.providers.registry import get_provider


def test_registered_and_descriptors() -> None:
    p = get_provider("local")
    assert isinstance(p, LocalProvider) and not p.capabilities().billable
    names = [s.name for s in p.parameters()]
    for n in ("epochs", "learning_rate", "batch_size", "lora_r", "lora_alpha", "lora_dropout", "target_modules",
              "quantization", "mixed_precision", "block_size", "gradient_accumulation", "merge_adapter", "seed",
              "chat_template"):
        assert n in names
    assert p.estimate_cost({}) is None


def test_yaml_round_trip_and_checks() -> None:
    params = {"epochs": 20, "learning_rate": 5e-3, "block_size": 128, "lora_r": 8, "chat_template": "chatml"}
    cfg = build_config(params, "/models/tiny")
    text = to_yaml(cfg)
    loaded = yaml.safe_load(text)
    assert loaded["backend"] == "local" and loaded["project_name"] == "output" and loaded["data"]["path"] == "data"
    assert "valid_split" in loaded["data"] and loaded["data"]["valid_split"] is None  # trap 7
    assert loaded["hub"]["token"] is None and loaded["hub"]["push_to_hub"] is False  # trap 8
    assert loaded["params"]["lr"] == 5e-3 and loaded["params"]["quantization"] is None
    assert check_config(loaded) == []
    back = local.config_to_params(loaded)
    assert back["learning_rate"] == 5e-3 and back["epochs"] == 20 and back["chat_template"] == "chatml"
    assert back["quantization"] == "none"


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda c: c.update(backend="spaces-a10g-large"), "backend"),
    (lambda c: c.update(project_name="/tmp/elsewhere"), "project_name"),
    (lambda c: c.update(project_name="../../outside"), "project_name"),
    (lambda c: c["data"].update(path="C:\\data"), "data.path"),
    (lambda c: c["data"].pop("valid_split"), "data.valid_split"),
    (lambda c: c["hub"].update(token="hf_abc"), "hub.token"),
    (lambda c: c["hub"].update(push_to_hub=True), "hub.push_to_hub"),
    (lambda c: c["params"].update(epochs=0), "epochs"),
    (lambda c: c.update(task="image-classification"), "task"),
])
def test_loaded_yaml_is_checked_like_the_form(mutate, field, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = build_config({}, "m")
    mutate(cfg)
    assert field in [p.name for p in check_config(cfg)]
    f = tmp_path / "job.yml"
    f.write_text(yaml.safe_dump(cfg))
    with pytest.raises(UsageError) as err:
        local.load_config_file(f)
    assert str(f) in err.value.message and field in err.value.message
    problems = LocalProvider().validate_parameters({"config_file": str(f)})
    assert problems and problems[0].name == "config_file"


def test_unreadable_yaml_names_the_file(tmp_path: Path) -> None:
    f = tmp_path / "bad.yml"
    f.write_text("task: [unclosed\n")
    with pytest.raises(UsageError) as err:
        local.load_config_file(f)
    assert "bad.yml" in err.value.message


def test_gpu_only_options_refused_on_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    from fttool.runtime.env import Hardware

    monkeypatch.setattr(local.common, "_HW", Hardware(device="cpu"))
    probs = LocalProvider().validate_parameters({"quantization": "int4", "mixed_precision": "bf16"})
    assert {p.name for p in probs} == {"quantization", "mixed_precision"}
    assert "NVIDIA" in probs[0].message
    monkeypatch.setattr(local.common, "_HW", Hardware(device="cuda"))
    assert LocalProvider().validate_parameters({"quantization": "int4", "mixed_precision": "bf16"}) == []
    monkeypatch.setattr(local.common, "_HW", Hardware(device="mps"))
    assert [p.name for p in LocalProvider().validate_parameters({"mixed_precision": "fp16"})] == []
    assert local.gpu_only_reason("quantization", "mps")


STDOUT = """INFO     | 2026-11-24 | autotrain.cli.autotrain:main:58 - Using AutoTrain configuration: job.yml
INFO     | 2026-11-24 | autotrain.backends.local:create:20 - Starting local training...
INFO     | x | autotrain.trainers.common:on_log:367 - {'loss': 6.07, 'grad_norm': 1.0, 'learning_rate': 0.001, 'epoch': 0.25}
{'loss': 6.07, 'grad_norm': 1.0, 'learning_rate': 0.001, 'epoch': 0.25}
{'loss': 5.9, 'grad_norm': 0.9, 'learning_rate': 0.002, 'epoch': 0.5}
"""
STDERR = ("Saving the dataset (1/1 shards): 100%|##########| 24/24 [00:00<00:00, 14284.56 examples/s]\n"
          "  0%|          | 0/40 [00:00<?, ?it/s]\r  5%|5         | 2/40 [00:01<00:19,  2.00it/s]\r"
          " 10%|#         | 4/40 [00:02<00:18,  2.00it/s]")


def test_log_parser_incremental(tmp_path: Path) -> None:
    (tmp_path / "stdout.log").write_text(STDOUT)
    (tmp_path / "stderr.log").write_text(STDERR)
    st = LogState(logging_steps=2)
    st.read(tmp_path)
    assert st.train_loss == [[2, 6.07], [4, 5.9]]  # the INFO copy is not counted twice
    assert (st.step, st.total, st.eta) == (2, 40, "00:19")  # the last complete tqdm update; not the dataset bar
    assert st.status_text() == "step 2/40, epoch 0.50, ETA 00:19"
    assert any("Starting local training" in e["message"] for e in st.events)
    with open(tmp_path / "stdout.log", "a") as f:
        f.write("{'loss': 5.5, 'grad_norm': 0.8, 'learning_rate': 0.003, 'epoch': 0.75}\n{'loss': 5.")
    with open(tmp_path / "stderr.log", "a") as f:
        f.write("\r 12%|#         | 5/40 [00:02<00:17,  2.00it/s]\r")
    st.read(tmp_path)
    assert st.train_loss[-1] == [6, 5.5] and len(st.train_loss) == 3  # a half-written line waits
    assert st.step == 5


def _fake_job(tmp_path: Path, artifacts: bool, stdout: str = STDOUT) -> tuple[Job, Path]:
    from fttool.paths import jobs_files_dir

    job = Job(backend="local", base_model="/m", params={"training_file": "x"}, status=Status.RUNNING)
    d = jobs_files_dir() / job.id
    (d / "output").mkdir(parents=True)
    (d / "stdout.log").write_text(stdout)
    (d / "stderr.log").write_text("Traceback (most recent call last):\n  ...\nRuntimeError: boom\n")
    if artifacts:
        (d / "output" / "adapter_model.safetensors").write_bytes(b"x" * 10)
        (d / "output" / "training_params.json").write_text(json.dumps({"token": "hf_leaked123456", "lr": 1}))
    return job, d


def _dead_process_record(d: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    (d / "process.json").write_text(json.dumps({"pid": proc.pid, "start_time": "1", "cmdline": "autotrain"}))


def test_settles_success_from_artifacts_not_exit_code(tmp_path: Path) -> None:
    job, d = _fake_job(tmp_path, artifacts=True)
    _dead_process_record(d)
    res = asyncio.run(LocalProvider().poll(job))
    assert res.status == Status.SUCCEEDED and res.result_model == str(d / "output")
    assert res.metrics["train_loss"] == [[1, 6.07], [2, 5.9]]
    assert json.loads((d / "output" / "training_params.json").read_text())["token"] is None  # scrubbed


def test_exit_zero_without_artifacts_is_failure_with_log_tail(tmp_path: Path) -> None:
    job, d = _fake_job(tmp_path, artifacts=False)
    _dead_process_record(d)
    res = asyncio.run(LocalProvider().poll(job))
    assert res.status == Status.FAILED and res.error is not None
    assert res.error["code"] == "local_training_failed" and "RuntimeError: boom" in res.error["message"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX")
def test_reused_pid_is_never_signalled(tmp_path: Path) -> None:
    """process.json names a live process whose start time differs (the pid was reused): not ours, so it is neither
    watched as running nor signalled on cancel."""
    from fttool.runtime.process import settled_identity

    job, d = _fake_job(tmp_path, artifacts=False)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        ident = settled_identity(other.pid)
        assert ident is not None
        (d / "process.json").write_text(json.dumps({**ident.to_dict(), "start_time": "12345"}))
        res = asyncio.run(LocalProvider().cancel(job))
        assert res.status == Status.CANCELLED
        time.sleep(0.2)
        assert other.poll() is None  # still alive: never signalled
        (d / "cancel-requested").unlink()
        (d / "process.json").write_text(json.dumps(ident.to_dict()))
        assert asyncio.run(LocalProvider().poll(job)).status == Status.RUNNING  # the real identity: re-attached
    finally:
        other.kill()
        other.wait()


def test_memory_estimate_formula() -> None:
    cfg = {"hidden_size": 2048, "num_hidden_layers": 22}
    need, formula = local.estimate_memory_mb(1_100_000_000, cfg, {"batch_size": 2, "block_size": 1024}, "cpu")
    assert need is not None and 4000 < need < 8000 and "weights P x 4.0 B" in formula
    need4, f4 = local.estimate_memory_mb(1_100_000_000, cfg, {"quantization": "int4", "batch_size": 2,
                                                              "block_size": 1024}, "cuda")
    assert need4 is not None and need4 < need and "0.5 B" in f4
    assert local.estimate_memory_mb(None, None, {}, "cpu")[0] is None


def test_autotrain_command_shows_path_and_config(tmp_path: Path) -> None:
    cmd = local.autotrain_command(tmp_path / "job dir", venv=Path("/rt"))
    assert cmd.startswith(f"cd '{tmp_path / 'job dir'}' && PATH=/rt/bin:\"$PATH\" ")
    assert "ALLOW_REMOTE_CODE=false /rt/bin/autotrain --config job.yml" in cmd


def test_runtime_env_is_allow_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    from fttool.runtime.install import runtime_env

    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az")
    monkeypatch.setenv("HF_TOKEN", "hf_x")
    e = runtime_env(Path("/rt"))
    assert not {"OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "HF_TOKEN"} & set(e)
    assert e["ALLOW_REMOTE_CODE"] == "false" and e["PATH"].split(os.pathsep)[0].endswith("bin")
    assert runtime_env(Path("/rt"), {"HF_TOKEN": "hf_y"})["HF_TOKEN"] == "hf_y"


def test_presets_are_valid_params() -> None:
    from fttool.runtime.env import Hardware

    for key, preset in local.PRESETS.items():
        probs = local.validate_against(local._specs(), preset["params"])
        assert probs == [], key
    assert local.PRESETS["quick_cpu"]["params"]["quantization"] == "none"
    assert Hardware(device="cpu").device == "cpu"


def test_base_models_list_is_dated_and_complete() -> None:
    from fttool.resources import resource

    data = json.loads(resource("base_models.json").read_text())
    assert data["as_of"] and data["source"]
    for m in data["models"]:
        for k in ("id", "params_m", "download_mb", "ram_mb", "licence", "architecture", "gated"):
            assert k in m, (m, k)


def test_quick_example_check_names_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "d.jsonl"
    good = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
    f.write_text(json.dumps(good) + "\n\n" + json.dumps({"messages": [{"role": "bot", "content": "x"}]}) + "\n{bad\n")
    count, problems = local.check_examples(f, full=False)
    assert count == 3
    assert problems[0]["line"] == 3 and problems[0]["field"] == "messages[0].role"
    assert local._where(problems[0]).startswith("line 3, messages[0].role:")
    assert problems[1]["line"] == 4 and "JSON" in problems[1]["detail"]
