"""The Hugging Face provider's pure parts: log parsing, time limits, model sizes, the job's command (the pins
of trl.lock, the TRL YAML, no secret), several GPUs (accelerate config, plan, estimate), and
resources/hf/job.sh's steps with stand-ins for uv, hf, trl and python."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fttool.providers import huggingface as hf

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "resources" / "sample_project" / "data" / "train.jsonl"


def test_transformers5_string_lines_become_stepped_series() -> None:
    lines = [
        "===== Job started =====",
        "{'loss': '5.721', 'grad_norm': '0.64', 'learning_rate': '0.005', 'entropy': '5.697', "
        "'mean_token_accuracy': '0', 'num_tokens': '104', 'epoch': '0.08333'}",
        "{'loss': '5.5', 'grad_norm': '0.6', 'learning_rate': '0.004', 'epoch': '0.1667'}",
        "\r\x1b[K{'loss': '5.25', 'epoch': '0.25'}",  # after a redrawn line
        "{'eval_loss': '5.095', 'eval_runtime': '0.01', 'epoch': '1'}",
        "{'loss': '4.9', 'epoch': '1'}",
        "{'eval_loss': '4.8', 'eval_runtime': '0.01', 'epoch': '2'}",
        "{'train_runtime': '3.2', 'train_loss': '5.2', 'epoch': '2'}",
        "some other {'loss' text",
    ]
    m = hf.metrics_from_lines(lines, steps_per_epoch=12)
    assert m["train_loss"] == [[1.0, 5.721], [2.0, 5.5], [3.0, 5.25], [12.0, 4.9]]
    assert m["valid_loss"] == [[12.0, 5.095], [24.0, 4.8]]
    # without the plan the lines are counted
    assert [p[0] for p in hf.metrics_from_lines(lines)["train_loss"]] == [1.0, 2.0, 3.0, 4.0]


def test_floats_and_earlier_metric_lines() -> None:
    lines = ["{'loss': 2.0, 'grad_norm': 1.0, 'learning_rate': 0.0002, 'epoch': 0.33}",
             "{'eval_loss': 1.8, 'epoch': 1.0}", "{'loss': 1.5, 'epoch': 0.66}"]
    m = hf.metrics_from_lines(lines)
    assert m["train_loss"] == [[1.0, 2.0], [2.0, 1.5]] and m["valid_loss"] == [[1.0, 1.8]]
    earlier = ['fttool-metric {"epoch": 0.5, "step": 1, "train_loss": 2.5}', "{'loss': 9.9, 'epoch': 0.5}",
               'fttool-metric {"epoch": 1.0, "step": 2, "valid_loss": 1.9}', "fttool-metric {not json"]
    assert hf.metrics_from_lines(earlier) == {"train_loss": [[1.0, 2.5]], "valid_loss": [[2.0, 1.9]]}


@pytest.mark.parametrize(("value", "seconds"), [("90m", 5400), ("3h", 10800), ("1.5h", 5400), (600, 600),
                                                ("45", 45), ("2d", 172800), ("soon", None), ("", None),
                                                (-5, None), ("0m", None)])
def test_timeouts(value: object, seconds: int | None) -> None:
    assert hf._timeout_seconds(value) == seconds


@pytest.mark.parametrize(("model", "size"), [("Qwen/Qwen2.5-1.5B-Instruct", 1.5),
                                             ("HuggingFaceTB/SmolLM2-135M", 0.135),
                                             ("meta-llama/Llama-3.1-8B", 8.0), ("gpt2", 1.0), (None, 1.0)])
def test_model_sizes(model: str | None, size: float) -> None:
    assert hf.model_size_billions(model) == pytest.approx(size)


def test_validation(tmp_path: Path) -> None:
    p = hf.HuggingFaceProvider()
    train = tmp_path / "t.jsonl"
    train.write_text('{"messages": []}\n')
    assert p.validate_parameters({"training_file": str(train)}) == []
    codes = {(x.name, x.code) for x in p.validate_parameters({"training_file": str(tmp_path / "none.jsonl"),
                                                              "timeout": "whenever", "epochs": 0,
                                                              "output_repo": "bad repo!"})}
    assert codes == {("training_file", "file_not_found"), ("timeout", "param_type"),
                     ("epochs", "param_out_of_range"), ("output_repo", "hub_bad_repo_name")}
    assert {x.code for x in p.validate_parameters({})} == {"param_required"}


def test_launch_check_names_the_bad_line_before_anything_is_pushed(tmp_path: Path) -> None:
    from fttool.errors import UsageError

    p = hf.HuggingFaceProvider()
    bad = tmp_path / "bad.jsonl"
    wizard = '{"messages": [{"role": "wizard", "content": "hi"}]}'
    bad.write_text(TRAIN.read_text().splitlines()[0] + "\n" + wizard + "\n")
    with pytest.raises(UsageError) as exc:
        p.check_launch({"training_file": str(bad)}, "Qwen/Qwen3-0.6B")
    assert exc.value.code == "local_data_invalid" and "line 2" in exc.value.message.lower()
    with pytest.raises(UsageError, match="not a model on the Hugging Face Hub"):
        p.check_launch({"training_file": str(TRAIN)}, str(tmp_path))
    assert p.check_launch({"training_file": str(TRAIN)}, "Qwen/Qwen3-0.6B") == {"method": "sft"}


def _decode(env: dict[str, str], key: str) -> str:
    return base64.b64decode(env[key]).decode()


def _params(**kw: Any) -> dict[str, Any]:
    return {"dataset_repo": "ada/d", "dataset_revision": "abc123", "output_repo": "ada/m",
            "flavor": "a10g-small", **kw}


def test_the_command_carries_the_lock_pins_and_the_yaml_and_no_secret(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pins agree: the job installs exactly the CUDA route of the local TRL runtime's lock."""
    from fttool.runtime.engines import engine

    monkeypatch.setenv("HF_TOKEN", "hf_secretsecretsecret1234")
    p = hf.HuggingFaceProvider()
    plan = hf.job_plan({"epochs": 2}, 40, hf.flavor_gpus("a10g-small"))
    params = _params(epochs=2, validation_file="/x/v.jsonl", merge=True, plan=plan, method="sft",
                     private=False, max_seq_length=512)
    command, env = p.command(params, "Qwen/Qwen3-0.6B")
    assert command[:2] == ["bash", "-c"] and command[2] == hf.job_script() and command[3] == "fttool-hf-job"
    args = command[4:]
    assert args[args.index("--dataset-revision") + 1] == "abc123"
    assert args[args.index("--dataset-repo") + 1] == "ada/d" and args[args.index("--method") + 1] == "sft"
    assert args[args.index("--valid-file") + 1] == "data/validation.jsonl" and "--merge" in args
    # every flag the provider passes is one the script reads
    script_flags = set(re.findall(r"^\s+(--[a-z-]+)\)", hf.job_script(), re.M))
    assert {a for a in args if a.startswith("--")} <= script_flags
    # no secret anywhere in what is sent besides `secrets=`
    everything = " ".join(command) + " ".join(env.values()) + "".join(_decode(env, k) for k in env
                                                                      if k.endswith("_B64"))
    assert "hf_secret" not in everything and "HF_TOKEN" not in env
    # the lock: the CUDA route's pins of trl.lock, exactly
    lock = _decode(env, "FTTOOL_LOCK_B64").splitlines()
    assert lock == engine("trl").requirements("cuda")
    pins = engine("trl").pinned("cuda")
    assert pins["torch"] and pins["trl"] and pins["transformers"] and "bitsandbytes" in pins
    from fttool.runtime.engines import unhashed

    assert f"trl=={pins['trl']}" in unhashed(lock) and f"huggingface_hub=={pins['huggingface-hub']}" in unhashed(lock)
    # every file the job installs is checked against its pinned hash (uv verifies them), torch (its CUDA build
    # from PyPI, installed with its CUDA libraries) aside
    assert all("--hash=sha256:" in ln for ln in lock if not ln.startswith("torch=="))
    # the YAML: the local engine's, reading the downloaded data/ folder, pushing the adapter at the end
    config = yaml.safe_load(_decode(env, "FTTOOL_CONFIG_B64"))
    assert config["model_name_or_path"] == "Qwen/Qwen3-0.6B"
    assert config["dataset_name"] == "data" and config["dataset_train_split"] == "train"
    assert config["dataset_test_split"] == "validation" and config["eval_strategy"] == "steps"
    assert config["num_train_epochs"] == 2 and config["per_device_train_batch_size"] == 4
    assert config["max_length"] == 512 and config["save_steps"] == plan["save_steps"]
    assert config["push_to_hub"] is True and config["hub_model_id"] == "ada/m"
    assert config["hub_private_repo"] is False and config["hub_strategy"] == "end"
    assert config["bf16"] is True and config["dtype"] == "bfloat16" and "use_cpu" not in config
    assert "accelerate_config" not in config and "num_processes" not in config  # one GPU
    assert config["completion_only_loss"] is True and config["use_peft"] is True
    assert _decode(env, "FTTOOL_MERGE_B64") == hf.merge_script_path().read_text()
    assert "TRL's command line has no merge-and-push" in hf.merge_script_path().read_text()


def test_cpu_and_t4_flavors_keep_their_precision() -> None:
    p = hf.HuggingFaceProvider()
    cpu = yaml.safe_load(_decode(p.command(_params(flavor="cpu-basic"), "x/y-135M")[1], "FTTOOL_CONFIG_B64"))
    assert cpu["use_cpu"] is True and cpu["dtype"] == "float32" and "bf16" not in cpu and "fp16" not in cpu
    t4 = yaml.safe_load(_decode(p.command(_params(flavor="t4-small"), "x/y-135M")[1], "FTTOOL_CONFIG_B64"))
    assert t4["fp16"] is True and "bf16" not in t4 and "use_cpu" not in t4
    _cmd, env = p.command(_params(), "x/y")
    assert "FTTOOL_MERGE_B64" not in env


def test_a_preference_file_runs_trl_dpo(tmp_path: Path) -> None:
    pref = tmp_path / "pref.jsonl"
    pref.write_text('{"input": {"messages": [{"role": "user", "content": "Hi"}]}, "preferred_output": '
                    '[{"role": "assistant", "content": "Hello!"}], "non_preferred_output": [{"role": '
                    '"assistant", "content": "What?"}]}\n')
    command, env = hf.HuggingFaceProvider().command(_params(training_file=str(pref)), "x/y")
    assert command[command.index("--method") + 1] == "dpo"
    config = yaml.safe_load(_decode(env, "FTTOOL_CONFIG_B64"))
    assert config["beta"] == 0.1 and "completion_only_loss" not in config
    assert "supervised" in hf.HuggingFaceProvider().capabilities().methods
    assert "dpo" in hf.HuggingFaceProvider().capabilities().methods


def test_several_gpus_get_data_parallel_and_count_in_the_plan() -> None:
    info = hf.flavor_gpus("l4x4")
    assert info == {"flavor": "l4x4", "gpus": 4, "gpu_model": "L4", "gpu_memory_gb": 24.0, "bf16": True,
                    "label": "4 x L4, 24 GB each"}
    assert hf.flavor_gpus("a10g-largex2")["gpus"] == 2 and hf.flavor_gpus("a100x8")["gpu_memory_gb"] == 80
    assert hf.flavor_gpus("cpu-basic")["gpus"] == 0 and hf.flavor_gpus("cpu-basic")["label"].startswith("CPU")
    assert hf.flavor_gpus("rtx-pro-6000x4")["gpus"] == 4  # not in the snapshot: the name says how many
    one = hf.job_plan({"batch_size": 4, "epochs": 2}, 100, hf.flavor_gpus("l4x1"))
    four = hf.job_plan({"batch_size": 4, "epochs": 2}, 100, info)
    assert one["steps_per_epoch"] == 25 and four["steps_per_epoch"] == 7 and four["world_size"] == 4
    assert four["total_steps"] == 14
    memory = hf.memory_estimate("Qwen/Qwen3-0.6B", {"flavor": "l4x4"})
    assert memory["strategy"] == "multi_gpu" and memory["fits_one_gpu"] and memory["gpus"] == 4
    assert "4 x L4, 24 GB each; the model needs about" in memory["text"]
    _cmd, env = hf.HuggingFaceProvider().command(_params(flavor="l4x4", plan=four), "Qwen/Qwen3-0.6B")
    config = yaml.safe_load(_decode(env, "FTTOOL_CONFIG_B64"))
    assert config["accelerate_config"] == "multi_gpu" and config["num_processes"] == 4
    assert config["bf16"] is True and config["per_device_train_batch_size"] == 4


def test_a_model_too_big_for_one_gpu_is_sharded_with_fsdp() -> None:
    small = hf.memory_estimate("Qwen/Qwen3-14B", {"flavor": "a10g-small"})
    assert small["fits"] is False and small["strategy"] is None
    big = hf.memory_estimate("Qwen/Qwen3-14B", {"flavor": "l4x4"})
    assert big["needed_gb"] > 24 and not big["fits_one_gpu"] and big["fits"] and big["strategy"] == "fsdp2"
    assert big["shape_assumed"] and (big["hidden_size"], big["layers"]) == (5120, 40)
    assert "FSDP" in big["text"]
    too_big = hf.memory_estimate("meta-llama/Llama-3.1-70B", {"flavor": "l4x4"})
    assert too_big["fits"] is False and too_big["strategy"] == "fsdp2"
    # a real config, when the view has one, replaces the assumed shape
    real = hf.memory_estimate("x/y-14B", {"flavor": "l4x4"},
                              config={"hidden_size": 1024, "num_hidden_layers": 8})
    assert not real["shape_assumed"] and real["needed_gb"] < big["needed_gb"]
    _cmd, env = hf.HuggingFaceProvider().command(_params(flavor="l4x4"), "Qwen/Qwen3-14B")
    config = yaml.safe_load(_decode(env, "FTTOOL_CONFIG_B64"))
    assert config["accelerate_config"] == "fsdp2" and config["num_processes"] == 4


def test_jobs_facts_are_dated_and_pinned() -> None:
    facts = hf.jobs_facts()
    assert re.match(r"\d{4}-\d{2}-\d{2}$", facts["as_of"]) and "jobs-pricing" in facts["source"]
    assert re.match(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+-python3\.12-bookworm$", facts["image"])
    assert facts["runtime"]["lock"] == "resources/runtime/trl.lock" and facts["runtime"]["route"] == "cuda"
    hardware = {h["name"]: h for h in facts["hardware"]}
    assert facts["default_flavor"] in hardware
    assert set(facts["throughput_tokens_per_second_1b"]) >= set(hardware)
    # the multi-GPU flavors at the documented prices (https://huggingface.co/docs/hub/jobs-pricing)
    for name, usd_hour, gpus in (("l4x4", 3.80, 4), ("a10g-largex2", 3.00, 2), ("a10g-largex4", 5.00, 4),
                                 ("a100x4", 10.00, 4), ("a100x8", 20.00, 8), ("l40sx4", 8.30, 4)):
        h = hardware[name]
        assert h["unitCostUSD"] * 60 == pytest.approx(usd_hour, abs=0.001)
        assert int(h["accelerator"]["quantity"]) == gpus
    assert "train_sft.py" not in str(facts)
    assert not (ROOT / "resources" / "hf" / "train_sft.py").exists()


def test_estimate_counts_every_gpu(tmp_path: Path) -> None:
    p = hf.HuggingFaceProvider()
    p._hardware = p.hardware(network=False)  # the snapshot; no network in a unit test
    p._hardware_at = float("inf")
    data = tmp_path / "big.jsonl"
    data.write_bytes(TRAIN.read_bytes() * 3000)
    common = {"training_file": str(data), "epochs": 3, "base_model": "Qwen/Qwen2.5-7B-Instruct",
              "timeout": "24h"}
    one = p.estimate_cost({**common, "flavor": "l4x1"})
    four = p.estimate_cost({**common, "flavor": "l4x4"})
    assert one is not None and four is not None and one.usd and four.usd
    assert "1 x L4, 24 GB: 1 GPU" in one.detail
    assert "4 x L4, 24 GB each: 4 GPUs training together, data parallel" in four.detail
    speeds = re.findall(r"at about ([\d,]+) tokens/s", one.detail + four.detail)
    tps = [float(m.replace(",", "")) for m in speeds]
    assert tps[1] == pytest.approx(tps[0] * 4, rel=0.01)
    assert "$3.80/hour for the whole flavor" in four.detail
    cpu = p.estimate_cost({**common, "flavor": "cpu-basic"})
    assert cpu is not None and "no GPU" in cpu.detail


def test_estimate_on_an_event_loop_uses_no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import asyncio

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    p = hf.HuggingFaceProvider()

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("network used on the loop")

    monkeypatch.setattr(p, "_api", boom)
    train = tmp_path / "t.jsonl"
    train.write_text("x" * 4000)

    async def run() -> object:
        return p.estimate_cost({"training_file": str(train), "flavor": "a10g-small", "epochs": 1})

    est = asyncio.run(run())
    assert est is not None and est.usd == pytest.approx(round(7 * 0.016667, 2))
    assert "jobs.json" in est.price_source


def test_stage_word_from_str_or_enum() -> None:
    from types import SimpleNamespace

    from huggingface_hub import JobStage

    assert hf._stage(SimpleNamespace(status=SimpleNamespace(stage=JobStage.CANCELED))) == "CANCELED"
    assert hf._stage(SimpleNamespace(status=SimpleNamespace(stage="RUNNING"))) == "RUNNING"
    assert hf.STAGE_TO_STATUS["CANCELED"] == hf.Status.CANCELLED


# -- resources/hf/job.sh, with stand-ins that record how they were called ------------------------------------
STUB = """#!/bin/sh
echo "$(basename "$0") $*" >> "$FTTOOL_TEST_CALLS"
if [ "$(basename "$0")" = hf ]; then
  mkdir -p data; echo '{}' > data/train.jsonl; echo '{}' > data/validation.jsonl
fi
"""


@pytest.mark.skipif(sys.platform == "win32", reason="bash")
@pytest.mark.parametrize("skip_install", [False, True])
def test_the_job_script_runs_the_steps_in_order(tmp_path: Path, skip_install: bool) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("uv", "hf", "trl", "python"):
        (bin_dir / name).write_text(STUB)
        (bin_dir / name).chmod(0o755)
    calls = tmp_path / "calls.txt"
    command, env = hf.HuggingFaceProvider().command(_params(merge=True, validation_file="/x/v.jsonl"), "x/y")
    run_env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "FTTOOL_TEST_CALLS": str(calls), "FTTOOL_WORKDIR":
               str(tmp_path / "work"), **env, **({"FTTOOL_SKIP_INSTALL": "1"} if skip_install else {})}
    out = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    steps = calls.read_text().splitlines()
    expected = ["hf download ada/d --repo-type dataset --revision abc123 --local-dir .",
                "trl sft --config job.yaml", "python merge_push.py --config job.yaml"]
    install = ["uv venv /tmp/venv --python 3.12", "uv pip install --python /tmp/venv -r requirements.txt"]
    assert steps == (expected if skip_install else install + expected)
    work = tmp_path / "work"
    assert (work / "requirements.txt").read_text() == _decode(env, "FTTOOL_LOCK_B64")
    assert (work / "job.yaml").read_text() == _decode(env, "FTTOOL_CONFIG_B64")
    assert (work / "merge_push.py").read_text() == _decode(env, "FTTOOL_MERGE_B64")
    assert "fttool: pushed adapter to ada/m" in out.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="bash")
def test_the_job_script_stops_when_the_data_is_missing(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("hf", "trl"):
        (bin_dir / name).write_text("#!/bin/sh\necho \"$(basename \"$0\") $*\" >> \"$FTTOOL_TEST_CALLS\"\n")
        (bin_dir / name).chmod(0o755)
    calls = tmp_path / "calls.txt"
    command, env = hf.HuggingFaceProvider().command(_params(), "x/y")
    run_env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "FTTOOL_SKIP_INSTALL": "1",
               "FTTOOL_TEST_CALLS": str(calls), "FTTOOL_WORKDIR": str(tmp_path / "w"), **env}
    out = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "data/train.jsonl is missing from dataset ada/d at abc123" in out.stderr
    assert "trl" not in calls.read_text()
