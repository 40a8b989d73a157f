"""The Hugging Face provider's pure parts: log parsing, time limits, model sizes, the launch command, and the
training script's pins against the local runtime's constraints."""

from __future__ import annotations

import ast
import base64
import re
from pathlib import Path

import pytest

from fttool.providers import huggingface as hf

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "resources" / "hf" / "train_sft.py"


def test_metric_lines_become_loss_series() -> None:
    lines = [
        "===== Job started =====",
        'fttool-metric {"epoch": 0.5, "step": 1, "train_loss": 2.5}',
        "{'loss': 9.9, 'grad_norm': 1.0, 'epoch': 0.5}",  # ignored: our own lines win
        'fttool-metric {"epoch": 1.0, "step": 2, "train_loss": 1.75}',
        'fttool-metric {"epoch": 1.0, "step": 2, "valid_loss": 1.9}',
        "fttool-metric {not json",
    ]
    m = hf.metrics_from_lines(lines)
    assert m == {"train_loss": [[1.0, 2.5], [2.0, 1.75]], "valid_loss": [[2.0, 1.9]]}


def test_transformers_lines_are_the_fallback() -> None:
    lines = ["{'loss': 2.0, 'grad_norm': 1.0, 'learning_rate': 0.0002, 'epoch': 0.33}",
             "{'eval_loss': 1.8, 'epoch': 1.0}", "{'loss': 1.5, 'epoch': 0.66}", "some other {'loss' text"]
    m = hf.metrics_from_lines(lines)
    assert m["train_loss"] == [[1.0, 2.0], [3.0, 1.5]]
    assert m["valid_loss"] == [[2.0, 1.8]]


@pytest.mark.parametrize(("value", "seconds"), [("90m", 5400), ("3h", 10800), ("1.5h", 5400), (600, 600),
                                                ("45", 45), ("2d", 172800), ("soon", None), ("", None),
                                                (-5, None), ("0m", None)])
def test_timeouts(value: object, seconds: int | None) -> None:
    assert hf._timeout_seconds(value) == seconds


@pytest.mark.parametrize(("model", "size"), [("Qwen/Qwen2.5-1.5B-Instruct", 1.5), ("HuggingFaceTB/SmolLM2-135M", 0.135),
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


def test_command_carries_the_script_and_no_secret() -> None:
    p = hf.HuggingFaceProvider()
    params = {"dataset_repo": "ada/d", "dataset_revision": "abc", "output_repo": "ada/m", "epochs": 2,
              "validation_file": "/x/v.jsonl", "merge": True}
    command, env = p.command(params, "Qwen/Qwen2.5-0.5B")
    assert command[:2] == ["bash", "-c"] and "uv run /tmp/train_sft.py" in command[2]
    assert base64.b64decode(env["FTTOOL_SCRIPT_B64"]) == SCRIPT.read_bytes()
    assert set(env) == {"FTTOOL_SCRIPT_B64", "PYTHONUNBUFFERED"}
    args = command[4:]
    assert args[args.index("--dataset-revision") + 1] == "abc"
    assert args[args.index("--valid-file") + 1] == "data/validation.jsonl"
    assert "--merge" in args
    # every flag the provider passes is one the script accepts
    script_flags = set(re.findall(r'add_argument\("(--[a-z-]+)"', SCRIPT.read_text()))
    assert {a for a in args if a.startswith("--")} <= script_flags


def _script_pins() -> dict[str, str]:
    text = SCRIPT.read_text()
    block = text.split("# /// script", 1)[1].split("# ///", 1)[0]
    toml = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in block.splitlines())
    deps = ast.literal_eval(toml.split("dependencies =", 1)[1].strip())
    pins = {}
    for dep in deps:
        name, _, version = dep.partition("==")
        pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def _constraints(name: str) -> dict[str, str]:
    out = {}
    for line in (ROOT / "resources" / "runtime" / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            pkg, _, version = line.partition("==")
            out[pkg.strip().lower().replace("_", "-")] = version.strip()
    return out


def test_script_pins_match_the_local_runtime() -> None:
    if not (ROOT / "resources" / "runtime" / "constraints-cuda.txt").is_file():
        pytest.skip("the local runtime's constraints (resources/runtime/constraints-cuda.txt) do not exist yet")
    pins = _script_pins()
    for name in ("constraints-cuda.txt", "constraints-cpu.txt"):
        cons = _constraints(name)
        for pkg in ("transformers", "peft", "trl"):
            assert pins[pkg] == cons[pkg], f"{pkg}: script {pins[pkg]} vs {name} {cons[pkg]}"
    cuda = _constraints("constraints-cuda.txt")
    for pkg in ("datasets", "accelerate", "huggingface-hub", "torch"):  # the same environment on the GPU
        assert pins[pkg] == cuda[pkg], f"{pkg}: script {pins[pkg]} vs constraints-cuda.txt {cuda[pkg]}"


def test_jobs_facts_are_dated_and_pinned() -> None:
    facts = hf.jobs_facts()
    assert re.match(r"\d{4}-\d{2}-\d{2}$", facts["as_of"]) and facts["source"]
    assert re.match(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+-python3\.12-bookworm$", facts["image"])
    names = {h["name"] for h in facts["hardware"]}
    assert facts["default_flavor"] in names
    assert set(facts["throughput_tokens_per_second_1b"]) >= names


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
