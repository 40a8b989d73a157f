"""The Hugging Face Jobs command for real, as far as it can run here: resources/hf/job.sh with the lock, the
TRL YAML and the merge script exactly as the provider builds them, in the TRL runtime fttool installs from
the same resources/runtime/trl.lock, against our Hub test server (HF_ENDPOINT; the token from HF_TOKEN, as
the job's secret).

Only the install step is skipped (FTTOOL_SKIP_INSTALL=1: the installed runtime's bin/ is first on PATH instead
of a fresh venv) and the flavor is cpu-basic (so the YAML is the one a CPU flavor gets: use_cpu, fp32).
Everything else is the job's own steps: the provider's own push of the prepared data, `hf download` of the
data set at the pushed commit, `trl sft --config job.yaml` pushing the adapter, and merge_push.py pushing the
merged model.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.servers.hub_server import HubServer
from tests.support.tiny_model import (  # noqa: F401 - fixtures
    tiny_qwen3_fixture,
    trl_runtime_fixture,
    write_chats,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900),
              pytest.mark.skipif(sys.platform == "win32", reason="bash")]


def test_the_job_command_trains_with_trl_and_pushes_the_adapter_and_the_merged_model(
        trl_runtime: Path, tiny_qwen3: Path, hub_server: HubServer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from fttool.jobs.record import Job
    from fttool.providers.huggingface import HuggingFaceProvider, flavor_gpus, job_plan, metrics_from_lines
    from fttool.runtime import install

    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    monkeypatch.setenv("HF_TOKEN", hub_server.token)
    train = write_chats(tmp_path / "project" / "train.jsonl", 24)
    valid = write_chats(tmp_path / "project" / "valid.jsonl", 8)
    params = {"training_file": str(train), "validation_file": str(valid), "flavor": "cpu-basic", "epochs": 8,
              "learning_rate": 5e-3, "batch_size": 8, "lora_r": 8, "lora_alpha": 16, "max_seq_length": 128,
              "merge": True, "output_repo": "ada/tiny-lora"}
    provider = HuggingFaceProvider()
    job = Job(backend="hf", base_model=str(tiny_qwen3), params=params)

    # what start() does before run_job: the provider's own push of the prepared data, then the plan
    t0 = time.monotonic()
    repo, revision, prepared = provider._push_data(job, params, "ada")
    assert repo.startswith("ada/fttool-data-") and revision and prepared["method"] == "sft"
    ds = hub_server.repo("dataset", repo)
    assert ds is not None and ds.private and revision == ds.sha
    first = json.loads(ds.files["data/train.jsonl"].content.splitlines()[0])
    assert set(first) == {"prompt", "completion"}  # TRL's prompt/completion rows, not the user's chats
    assert "| train | 24 |" in ds.files["README.md"].content.decode()  # the card summarises the user's file
    plan = job_plan(params, prepared["rows"], flavor_gpus("cpu-basic"))
    params.update(dataset_repo=repo, dataset_revision=revision, method=prepared["method"], plan=plan,
                  steps_per_epoch=plan["steps_per_epoch"])
    assert plan["steps_per_epoch"] == 3 and plan["total_steps"] == 24  # 24 rows / batch 8, 8 epochs

    command, env = provider.command(params, str(tiny_qwen3))
    config = yaml.safe_load(base64.b64decode(env["FTTOOL_CONFIG_B64"]))
    assert config["use_cpu"] is True and "bf16" not in config and config["dtype"] == "float32"
    work = tmp_path / "job"
    run_env = install.runtime_env(trl_runtime, {**env, "HF_TOKEN": hub_server.token})
    run_env.update({"HF_ENDPOINT": hub_server.url, "HF_HOME": str(tmp_path / "hf-home"),
                    "HF_HUB_DISABLE_XET": "1", "FTTOOL_SKIP_INSTALL": "1", "FTTOOL_WORKDIR": str(work)})
    t1 = time.monotonic()
    proc = subprocess.run(command, env=run_env, cwd=tmp_path, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=800)
    seconds = time.monotonic() - t1
    log = proc.stdout  # stdout and stderr together, as the Hub's job log has them
    assert proc.returncode == 0, log[-4000:]
    print(f"\njob.sh (hf download, trl sft, merge_push) on tiny qwen3 in the TRL runtime: {seconds:.1f} s "
          f"(with the push: {time.monotonic() - t0:.1f} s)", file=sys.stderr)

    # the provider parses the log into the loss chart, every step numbered from the plan
    series = metrics_from_lines(log.splitlines(), params["steps_per_epoch"])
    steps = [p[0] for p in series["train_loss"]]
    assert steps == list(range(1, 25)), steps
    loss = [v for _s, v in series["train_loss"]]
    print(f"train loss {loss[0]:.3f} -> {loss[-1]:.3f} over {len(loss)} steps", file=sys.stderr)
    assert sum(loss[-3:]) / 3 < sum(loss[:3]) / 3 - 0.2, loss
    valid_loss = series["valid_loss"]
    assert valid_loss and valid_loss[-1][0] == 24 and valid_loss[-1][1] < valid_loss[0][1]
    assert "'loss': '" in log  # transformers 5's dict lines, numbers as strings

    # the adapter, private, in the model repo; the merged model beside it
    out = hub_server.repo("model", "ada/tiny-lora")
    assert out is not None and out.private
    assert {"adapter_config.json", "adapter_model.safetensors"} <= set(out.files)
    adapter = json.loads(out.files["adapter_config.json"].content)
    assert adapter["r"] == 8 and adapter["peft_type"] == "LORA"
    assert not any(p.startswith("checkpoint-") for p in out.files)
    merged = hub_server.repo("model", "ada/tiny-lora-merged")
    assert merged is not None and merged.private and "model.safetensors" in merged.files
    assert "adapter_config.json" not in merged.files
    assert "fttool: pushed merged model to ada/tiny-lora-merged" in log
    # the data was read at the pushed commit, with the token from the environment, which was never printed
    reads = [r.path for r in hub_server.requests if "/resolve/" in r.path and "/datasets/" in r.path]
    assert any(p.endswith(f"/resolve/{revision}/data/train.jsonl") for p in reads), reads
    assert all(f"/resolve/{revision}/" in p for p in reads), reads
    assert (work / "data" / "validation.jsonl").is_file() and (work / "job.yaml").is_file()
    assert hub_server.token not in log
    assert hub_server.token not in (work / "job.yaml").read_text() + (work / "requirements.txt").read_text()


def test_trl_turns_the_multi_gpu_yaml_into_one_process_per_gpu(trl_runtime: Path, tmp_path: Path) -> None:
    """TRL's own CLI reads the accelerate keys of a multi-GPU job's YAML (multi_gpu, fsdp2) and gives
    accelerate its shipped config with one process per GPU (parsed as `trl sft` does, not launched: there is
    no GPU here)."""
    from fttool.providers.huggingface import HuggingFaceProvider
    from fttool.runtime import env as renv
    from fttool.runtime import install

    provider = HuggingFaceProvider()
    base = {"dataset_repo": "ada/d", "dataset_revision": "abc", "output_repo": "ada/m", "plan": None}
    probe = r'''
import json, sys
from accelerate.commands.launch import launch_command_parser
from trl.cli.accelerate_config import resolve_accelerate_config_argument
from trl.scripts.sft import make_parser
# --bf16 false: the config is checked against this machine's (absent) GPU while it is parsed
*_, config_rest, cli_rest = make_parser().parse_args_and_config(["--config", sys.argv[1], "--bf16", "false"],
    return_remaining_strings=True, separate_remaining_strings=True)
launch = resolve_accelerate_config_argument(config_rest + cli_rest)
args = launch_command_parser().parse_args(launch + ["x.py"])
print(json.dumps({"config_file": args.config_file, "num_processes": args.num_processes}))
'''
    for model, flavor, config_name, gpus in (("Qwen/Qwen3-0.6B", "l4x4", "multi_gpu", 4),
                                             ("Qwen/Qwen3-14B", "l4x4", "fsdp2", 4),
                                             ("Qwen/Qwen3-8B", "a10g-largex2", "fsdp2", 2)):
        _cmd, env = provider.command({**base, "flavor": flavor}, model)
        path = tmp_path / f"{flavor}-{config_name}.yaml"
        path.write_bytes(base64.b64decode(env["FTTOOL_CONFIG_B64"]))
        python = str(renv.venv_python(trl_runtime))
        out = subprocess.run([python, "-c", probe, str(path)], capture_output=True, text=True, timeout=300,
                             env=install.runtime_env(trl_runtime))
        assert out.returncode == 0, out.stderr[-3000:]
        got = json.loads(out.stdout.strip().splitlines()[-1])
        assert got["num_processes"] == gpus
        assert got["config_file"].endswith(f"trl/accelerate_configs/{config_name}.yaml"), got
