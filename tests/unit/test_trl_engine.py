"""The TRL engine without running it: the one lock and its routes, the engine auto chooses and why, our examples in
TRL's forms (weight 0 answers stay untrained in the prompt), the steps plan, the YAML TRL's CLI reads, the
trainer's log lines of transformers 5 (numbers as strings, steps from epochs, a resumed run's lines), the launch
checks that refuse an architecture the engine does not know (from the runtime's recorded list, no process
started), and `fttool runtime status` per engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fttool.errors import FtError, UsageError
from fttool.providers.local import LocalProvider, LogState, trl
from fttool.runtime import engines, env, install


# -- the lock and the engines ------------------------------------------------------------------------------
def test_the_lock_pins_everything_and_tags_cuda_only_lines() -> None:
    eng = engines.engine("trl")
    path = eng.lock_path("cpu")
    raw = [ln for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert all("==" in ln for ln in raw), [ln for ln in raw if "==" not in ln]
    assert engines.lock_date(path) and eng.resolved() == engines.lock_date(path)
    cpu, cuda = eng.pinned("cpu"), eng.pinned("cuda")
    assert {"trl", "transformers", "peft", "datasets", "accelerate", "torch"} <= set(cpu)
    assert set(cuda) - set(cpu) == {"bitsandbytes"}
    assert eng.version() == cpu["trl"] and eng.transformers_version() == cpu["transformers"]
    assert int(cpu["transformers"].split(".")[0]) >= 5  # today's models
    assert eng.lock_sha256("cpu") != eng.lock_sha256("cuda")
    at = engines.engine("autotrain")
    assert at.version() == "0.8.36" and at.transformers_version().startswith("4.48")


def test_read_lock_honours_route_tags(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    lock.write_text("# header\na==1\nb==2  # route: cuda\nc==3 # route: cpu, mps\n\n")
    assert engines.read_lock(lock, "cpu") == ["a==1", "c==3"]
    assert engines.read_lock(lock, "cuda") == ["a==1", "b==2"]
    assert engines.read_lock(lock) == ["a==1", "b==2", "c==3"]


def test_auto_picks_trl_unless_an_autotrain_yaml_is_loaded() -> None:
    assert engines.resolve_engine("auto", {})[0] == "trl"
    assert engines.resolve_engine(None, {"config_file": "job.yml"})[:2] == ("autotrain", "engine_auto_yaml")
    assert engines.resolve_engine("autotrain", {})[0] == "autotrain"
    with pytest.raises(FtError) as err:
        engines.resolve_engine("unsloth", {})
    assert err.value.code == "runtime_bad_engine"


# -- our examples in TRL's forms ---------------------------------------------------------------------------
def chat(*turns: tuple[str, str, int]) -> dict[str, Any]:
    msgs = [{"role": r, "content": c} | ({"weight": w} if w != -1 else {}) for r, c, w in turns]
    return {"messages": msgs}


def test_answers_become_completions_and_weight_zero_stays_in_the_prompt() -> None:
    ex = chat(("system", "Be brief.", -1), ("user", "Hi", -1), ("assistant", "Hello!", 0), ("user", "Sky?", -1),
              ("assistant", "Blue.", 1), ("user", "Grass?", -1), ("assistant", "Green.", -1))
    rows = trl.convert_example(ex, "sft")
    assert [r["completion"][0]["content"] for r in rows] == ["Blue.", "Green."]  # "Hello!" has weight 0
    assert rows[0]["prompt"][-1] == {"role": "user", "content": "Sky?"}
    assert {"role": "assistant", "content": "Hello!"} in rows[0]["prompt"]  # kept as context, without `weight`
    assert all("weight" not in m for r in rows for m in r["prompt"] + r["completion"])
    assert len(rows[1]["prompt"]) == 6
    whole = trl.convert_example(ex, "sft", loss_on="all")
    assert len(whole) == 1 and len(whole[0]["messages"]) == 7
    tools = trl.convert_example({**chat(("user", "x", -1), ("assistant", "y", -1)), "tools": [{"t": 1}]}, "sft")
    assert tools[0]["tools"] == [{"t": 1}]


def test_preference_pairs_become_prompt_chosen_rejected(tmp_path: Path) -> None:
    ex = {"input": {"messages": [{"role": "user", "content": "Sky?"}]},
          "preferred_output": [{"role": "assistant", "content": "Blue."}],
          "non_preferred_output": [{"role": "assistant", "content": "Green."}]}
    (row,) = trl.convert_example(ex, "dpo")
    assert row == {"prompt": [{"role": "user", "content": "Sky?"}], "chosen": [{"role": "assistant",
                   "content": "Blue."}], "rejected": [{"role": "assistant", "content": "Green."}]}
    f = tmp_path / "prefs.jsonl"
    f.write_text(json.dumps(ex) + "\n")
    assert trl.resolve_method({"training_file": str(f)}) == "dpo"
    assert trl.resolve_method({"training_file": str(f), "method": "sft"}) == "sft"


def test_prepare_data_counts_and_refuses_a_file_with_nothing_to_learn(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in (
        chat(("user", "a", -1), ("assistant", "b", -1)),
        chat(("user", "c", -1), ("assistant", "d", 0)),
        chat(("user", "e", -1), ("assistant", "f", 1), ("user", "g", -1), ("assistant", "h", 1)))) + "\n\n")
    counts = trl.prepare_data(src, tmp_path / "data" / "train.jsonl", "sft")
    assert counts == {"examples": 3, "rows": 3, "skipped": 1}
    assert len((tmp_path / "data" / "train.jsonl").read_text().splitlines()) == 3
    src.write_text(json.dumps(chat(("user", "c", -1), ("assistant", "d", 0))) + "\n")
    with pytest.raises(FtError) as err:
        trl.prepare_data(src, tmp_path / "out.jsonl", "sft")
    assert err.value.code == "trl_no_rows" and "in.jsonl" in err.value.message


def test_steps_plan_counts_like_the_trainer() -> None:
    plan = trl.plan_steps(24, {"batch_size": 2, "gradient_accumulation": 1, "epochs": 10, "save_checkpoints": 10})
    assert (plan["steps_per_epoch"], plan["total_steps"], plan["save_steps"]) == (12, 120, 12)
    plan = trl.plan_steps(25, {"batch_size": 4, "gradient_accumulation": 3, "epochs": 2, "save_checkpoints": 3})
    assert plan["steps_per_epoch"] == 3 and plan["total_steps"] == 6 and plan["save_steps"] == 2  # ceil(ceil(25/4)/3)
    assert trl.plan_steps(100, {"batch_size": 2, "epochs": 1}, world_size=4)["steps_per_epoch"] == 13


# -- the YAML TRL's CLI reads --------------------------------------------------------------------------------
def test_yaml_for_cpu_gpu_validation_and_dpo() -> None:
    plan = trl.plan_steps(24, {})
    cfg = trl.build_config({"epochs": 4, "learning_rate": 1e-3, "block_size": 256, "target_modules": "q_proj, v_proj"},
                           "/models/qwen3", device="cpu", validation=True, plan=plan, template_file="chat_template.jinja")
    assert cfg["model_name_or_path"] == "/models/qwen3" and cfg["dataset_name"] == "data"
    assert cfg["use_cpu"] is True and cfg["dtype"] == "float32" and "bf16" not in cfg
    assert cfg["eval_strategy"] == "steps" and cfg["dataset_test_split"] == "validation"
    assert cfg["eval_steps"] == cfg["save_steps"] == plan["save_steps"] and cfg["save_total_limit"] == 2
    assert cfg["completion_only_loss"] is True and cfg["packing"] is False and cfg["max_length"] == 256
    assert cfg["lora_target_modules"] == ["q_proj", "v_proj"] and cfg["chat_template_path"] == "chat_template.jinja"
    assert cfg["report_to"] == "none" and "hub_token" not in cfg and "push_to_hub" not in cfg
    gpu = trl.build_config({"quantization": "int4", "mixed_precision": "bf16"}, "Qwen/Qwen3-4B", device="cuda")
    assert gpu["load_in_4bit"] is True and gpu["bnb_4bit_quant_type"] == "nf4" and gpu["bf16"] is True
    assert gpu["dtype"] == "bfloat16" and "use_cpu" not in gpu and gpu["eval_strategy"] == "no"
    dpo = trl.build_config({"beta": 0.2}, "m", method="dpo")
    assert dpo["beta"] == 0.2 and "completion_only_loss" not in dpo and "packing" not in dpo
    text = trl.to_yaml(cfg, "sft")
    assert "trl sft --config job.yaml" in text.splitlines()[1]
    assert yaml.safe_load(text) == cfg


def test_template_choice_for_a_base_model(tmp_path: Path) -> None:
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"eos_token": "</s>"}))
    assert trl.template_choice({}, str(tmp_path)) == ("chatml", "pf_default_template_trl")
    (tmp_path / "chat_template.jinja").write_text("{{ messages }}")
    assert trl.template_choice({}, str(tmp_path)) == (None, None)
    assert trl.template_choice({"chat_template": "zephyr"}, str(tmp_path)) == ("zephyr", None)
    assert trl.template_choice({}, "Qwen/Qwen3-0.6B") == (None, None)  # a Hub model: its tokenizer decides


# -- the trainer's log lines --------------------------------------------------------------------------------
TRL_OUT = """{'loss': '5.721', 'grad_norm': '0.6395', 'learning_rate': '0.005', 'entropy': '5.697', 'epoch': '0.08333'}
{'loss': '5.567', 'grad_norm': '0.7748', 'learning_rate': '0.004861', 'epoch': '0.1667'}
{'eval_loss': '5.095', 'eval_runtime': '0.092', 'epoch': '1'}
{'loss': '4.867', 'grad_norm': '0.9611', 'learning_rate': '0.003333', 'epoch': '1.083'}
"""
TRL_ERR = ("  0%|          | 0/36 [00:00<?, ?it/s]\r  3%|2         | 1/36 [00:00<00:05, 6.0it/s]\r"
           "\n  0%|          | 0/1 [00:00<?, ?it/s]\x1b[A\n"
           " 36%|###6      | 13/36 [00:01<00:02, 10.1it/s]\r")


def test_transformers5_lines_give_steps_from_epochs(tmp_path: Path) -> None:
    (tmp_path / "stdout.log").write_text(TRL_OUT)
    (tmp_path / "stderr.log").write_text(TRL_ERR)
    st = LogState(logging_steps=1, steps_per_epoch=12, epochs=3)
    st.read(tmp_path)
    assert st.train_loss == [[1.0, 5.721], [2.0, 5.567], [13.0, 4.867]]
    assert st.valid_loss == [[12.0, 5.095]]
    assert (st.step, st.total) == (13, 36)  # the evaluation's nested bar (0/1) is not the run's
    # a resumed run logs steps 2 and 13 again: the newer values replace, nothing doubles
    with open(tmp_path / "stdout.log", "a") as f:
        f.write("{'loss': '5.5', 'epoch': '0.1667'}\n{'loss': '4.7', 'epoch': '1.083'}\n"
                "{'loss': '4.6', 'epoch': '1.167'}\n")
    st.read(tmp_path)
    assert st.train_loss == [[1.0, 5.721], [2.0, 5.5], [13.0, 4.7], [14.0, 4.6]]
    assert st.metrics()["valid_loss"] == [[12.0, 5.095]]
    # without a plan, the bar's total over the epochs gives the same steps
    st2 = LogState(logging_steps=1, epochs=3)
    st2.read(tmp_path)
    assert [s for s, _v in st2.train_loss] == [1.0, 2.0, 13.0, 14.0]


def test_a_nan_loss_is_kept_in_place_and_warned_once(tmp_path: Path) -> None:
    import math

    (tmp_path / "stderr.log").write_text("")
    (tmp_path / "stdout.log").write_text(  # AutoTrain's floats (bare nan) and transformers 5's strings
        "{'loss': 2.5, 'epoch': 0.25}\n{'loss': nan, 'grad_norm': nan, 'epoch': 0.5}\n"
        "{'loss': 'inf', 'epoch': '0.75'}\n{'loss': nan, 'epoch': 1.0}\n{'eval_loss': nan, 'epoch': 1.0}\n")
    st = LogState(logging_steps=1)
    st.read(tmp_path)
    steps = [s for s, _v in st.train_loss]
    assert steps == [1.0, 2.0, 3.0, 4.0]  # nothing dropped, so later steps do not shift
    values = [v for _s, v in st.train_loss]
    assert values[0] == 2.5 and math.isnan(values[1]) and values[2] == math.inf and math.isnan(values[3])
    assert len(st.valid_loss) == 1 and math.isnan(st.valid_loss[0][1])
    warnings = [e for e in st.events if e["level"] == "warning"]
    assert len(warnings) == 1 and "became nan at step 2" in warnings[0]["message"]
    assert st.diverged_at == 2.0


# -- the launch checks --------------------------------------------------------------------------------------
def fake_runtime(root: Path, engine: str, model_types: list[str], transformers: str) -> None:
    venv = root / engines.engine(engine).folder
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / env.MARKER).write_text(json.dumps({
        "engine": engine, "transformers_version": transformers, "torch_version": "2.13.0+cpu", "device": "cpu",
        "install_device": "cpu", "size_mb": 1, "model_types": model_types,
        "lock_sha256": engines.engine(engine).lock_sha256("cpu")}))


@pytest.fixture
def runtimes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "runtimes"
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(root))
    return root


def model_folder(tmp_path: Path, model_type: str) -> Path:
    folder = tmp_path / f"model-{model_type}"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": model_type}))
    return folder


def data_file(tmp_path: Path) -> Path:
    f = tmp_path / "train.jsonl"
    f.write_text(json.dumps(chat(("user", "Sky?", -1), ("assistant", "Blue.", -1))) + "\n")
    return f


def test_an_architecture_the_engine_does_not_know_is_refused_naming_the_one_that_does(
        runtimes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    fake_runtime(runtimes, "autotrain", ["llama", "qwen2"], "4.48.0")
    data = data_file(tmp_path)
    qwen3 = model_folder(tmp_path, "qwen3")
    p = LocalProvider()

    def no_process(*a: Any, **k: Any) -> None:
        raise AssertionError("a process was started")

    monkeypatch.setattr(subprocess, "run", no_process)
    monkeypatch.setattr(subprocess, "Popen", no_process)
    with pytest.raises(UsageError) as err:  # TRL's runtime is not installed: it "may" train it
        p.check_launch({"training_file": str(data), "engine": "autotrain"}, str(qwen3))
    assert err.value.code == "pf_arch_other_maybe" and "qwen3" in err.value.message and "4.48" in err.value.message
    fake_runtime(runtimes, "trl", ["llama", "qwen2", "qwen3"], "5.25.0")
    with pytest.raises(UsageError) as err:
        p.check_launch({"training_file": str(data), "engine": "autotrain"}, str(qwen3))
    assert err.value.code == "pf_arch_other_engine"
    assert err.value.message.startswith("qwen3 is newer than AutoTrain Advanced 0.8.36 (transformers 4.48.0)")
    assert "the TRL engine trains it" in err.value.message
    assert p.check_launch({"training_file": str(data)}, str(qwen3))["method"] == "sft"  # auto: TRL
    with pytest.raises(UsageError) as err:
        p.check_launch({"training_file": str(data)}, str(model_folder(tmp_path, "brandnew9")))
    assert err.value.code == "pf_arch_unknown" and "brandnew9" in err.value.message
    with pytest.raises(UsageError) as err:
        p.check_launch({"training_file": str(data)}, str(tmp_path))  # no config.json
    assert err.value.code == "pf_no_config"


def test_launch_without_the_engines_runtime_says_how_to_install_it(runtimes: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as err:
        LocalProvider().check_launch({"training_file": str(data_file(tmp_path))}, str(model_folder(tmp_path, "llama")))
    assert err.value.code == "runtime_not_installed" and "fttool runtime install --engine trl" in err.value.message


def test_engine_specific_parameters_are_checked(tmp_path: Path) -> None:
    p = LocalProvider()
    data = data_file(tmp_path)
    codes = {x.code for x in p.validate_parameters({"training_file": str(data), "engine": "autotrain",
                                                    "method": "dpo"})}
    assert "local_engine_method" in codes
    codes = {x.code for x in p.validate_parameters({"training_file": str(data), "chat_template": "none"})}
    assert "pf_no_template_trl" in codes
    codes = {x.code for x in p.validate_parameters({"engine": "trl", "config_file": str(data)})}
    assert codes == {"local_engine_yaml"}
    assert {x.code for x in p.validate_parameters({"engine": "tpu"})} == {"param_choice"}
    assert p.validate_parameters({"training_file": str(data), "validation_file": str(data), "loss_on": "all"}) == []


def test_status_per_engine_and_an_outdated_runtime(runtimes: Path, tmp_path: Path, capsys: Any) -> None:
    from fttool.cli import main

    fake_runtime(runtimes, "trl", ["qwen3"], "5.25.0")
    st = install.status(engine="trl")
    for key in ("installed", "path", "python", "torch_version", "device", "size_mb", "engine", "transformers_version",
                "trl_version", "peft_version"):
        assert key in st, key
    assert st["installed"] and not st["outdated"] and st["engine"] == "trl"
    marker = runtimes / "trl" / env.MARKER
    rec = json.loads(marker.read_text())
    marker.write_text(json.dumps({**rec, "lock_sha256": "older"}))
    assert install.status(engine="trl")["outdated"]
    assert main(["runtime", "status", "--engine", "trl", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outdated"] is True
    assert main(["runtime", "status"]) == 0
    out = capsys.readouterr().out
    assert "TRL" in out and "Outdated" in out and "AutoTrain Advanced 0.8.36: not installed" in out
    assert install.model_types("trl") == ["qwen3"] and install.model_types("autotrain") is None


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for nvidia-smi")
def test_cuda_route_with_a_fake_nvidia_smi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An NVIDIA machine: the CUDA route of the same lock (bitsandbytes in, PyPI's CUDA torch), QLoRA 4-bit allowed,
    and the YAML loads the model in 4 bits with bf16 and without use_cpu."""
    from fttool.providers.local import common, engine_view
    from tests.unit.test_runtime_env import fake_nvidia_smi

    fake = tmp_path / "bin"
    fake.mkdir()
    fake_nvidia_smi(fake, "NVIDIA GeForce RTX 4080, 16376, 15900, 550.54.14")
    monkeypatch.setenv("PATH", f"{fake}:{__import__('os').environ['PATH']}")
    hw = env.detect_hardware(system="Linux", machine="x86_64")
    monkeypatch.setattr(common, "_HW", hw)
    assert env.install_device(hw) == "cuda"
    plan = install.make_plan("cuda", engine="trl", venv=Path("/rt/trl"), python=["python3.11"], os_name="posix",
                             system="Linux")
    torch = engines.engine("trl").torch_version("cuda")
    assert plan.steps[1].argv[-1] == f"torch=={torch}" and plan.torch_index is None
    assert any(r.startswith("bitsandbytes==") for r in plan.requirements)
    assert "bitsandbytes" not in plan.steps[3].argv  # nothing pruned on the CUDA route but torchvision
    params = {"quantization": "int4", "mixed_precision": "bf16", "training_file": None}
    assert LocalProvider().validate_parameters(params) == []
    view = engine_view(params, "Qwen/Qwen3-4B", None)
    cfg = yaml.safe_load(view["yaml"])
    assert cfg["load_in_4bit"] is True and cfg["bf16"] is True and "use_cpu" not in cfg


def test_the_curated_list_has_todays_small_models_and_a_malay_one() -> None:
    from fttool.runtime.base_models import base_models

    data = base_models()
    ids = {m["id"] for m in data["models"]}
    for want in ("Qwen/Qwen3-0.6B", "Qwen/Qwen3-1.7B", "Qwen/Qwen3-4B-Instruct-2507", "google/gemma-3-270m-it",
                 "google/gemma-3-1b-it", "google/gemma-3-4b-it", "HuggingFaceTB/SmolLM3-3B",
                 "meta-llama/Llama-3.2-1B-Instruct", "meta-llama/Llama-3.2-3B-Instruct", "microsoft/Phi-4-mini-instruct"):
        assert want in ids, want
    assert any("Malay" in m["note"] for m in data["models"])
    for m in data["models"]:
        assert m["params_m"] > 0 and m["download_mb"] >= m["params_m"] and m["ram_mb"] > m["download_mb"] / 2, m
        assert isinstance(m["gated"], bool) and m["licence"] and m["architecture"]
    assert {m["architecture"] for m in data["models"]} >= {"qwen3", "gemma3_text", "smollm3", "llama", "phi3"}
