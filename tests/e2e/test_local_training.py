"""Local training for real with the AutoTrain engine (the lesson's route; tests/e2e/test_trl_training.py covers the
TRL engine): AutoTrain Advanced 0.8.36 in the runtime fttool installs (once per CI run, kept in the
checkout's ignored .cache/runtime), a tiny Llama built with the runtime's transformers, a repetitive chat set.

Everything goes through the service's create_job with backend `local`: the same path as the Train view's Launch
and `fttool train`. The tests: the loss falls and the adapter loads with peft and generates; merge and export;
cancel leaves no process of the tree; a service restart re-attaches to a running job, and a job that ended while
no service watched is settled from its artifacts; a planted token never reaches the job folder or the trainer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.tiny_model import runtime_fixture, tiny_model_fixture, write_chats  # noqa: F401 - fixtures

PLANTED_HF = "hf_PLANTEDtoken1234567890abcdefXYZ"
PLANTED_OPENAI = "sk-PLANTEDopenai1234567890abcdef"

# the first test to run may install the runtime (about 2 minutes here; more on a slow network)
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900),
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX process checks")]


@pytest.fixture(autouse=True)
def runtime_env(runtime: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(runtime.parent))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_chats(tmp_path / "project" / "data" / "train.jsonl", 24)


def wait_for(service: Any, job_id: str, predicate: Any, timeout: float = 180.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = service.call("get_job", job_id=job_id)
        if predicate(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"timed out: {job}")


def terminal(job: dict[str, Any]) -> bool:
    return job["status"] in ("succeeded", "failed", "cancelled")


def group_members(pgid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            rest = stat[stat.rfind(")") + 2:].split()
            if int(rest[2]) == pgid and rest[0] != "Z":
                out.append(int(entry.name))
    return out


def probe(runtime: Path, command: str, args: dict[str, Any]) -> dict[str, Any]:
    from fttool.resources import resource
    from fttool.runtime import env, install

    out = subprocess.run([str(env.venv_python(runtime)), str(resource("runtime", "probe.py")), command,
                          json.dumps(args)], capture_output=True, text=True, timeout=300,
                         env=install.runtime_env(runtime))
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_train_loss_falls_adapter_generates_and_no_secret_leaks(service: Any, tiny_model: Path, data: Path,
                                                                runtime: Path, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    from fttool import credentials

    credentials.set_secret("hf", PLANTED_HF)
    monkeypatch.setenv("HF_TOKEN", PLANTED_HF)
    monkeypatch.setenv("OPENAI_API_KEY", PLANTED_OPENAI)
    t0 = time.monotonic()
    job = service.call("create_job", backend="local", base_model=str(tiny_model), params={
        "engine": "autotrain", "recipe": "manual", "training_file": str(data), "epochs": 20, "learning_rate": 5e-3,
        "block_size": 128, "batch_size": 2})
    assert job["status"] == "running" and job["backend"] == "local"
    job = wait_for(service, job["id"], terminal)
    seconds = time.monotonic() - t0
    assert job["status"] == "succeeded", job["error"]
    loss = job["metrics"]["train_loss"]
    assert len(loss) >= 40 and loss[-1][1] < loss[0][1] - 0.3, (loss[0], loss[-1])
    assert [s for s, _v in loss] == sorted(s for s, _v in loss)
    out = Path(job["result_model"])
    assert (out / "adapter_model.safetensors").exists() and out.name == "output"
    job_dir = out.parent
    events = service.call("job_events", job_id=job["id"])
    assert any("Finished" in e["message"] for e in events)
    print(f"\n20 epochs: {seconds:.1f} s, loss {loss[0][1]} -> {loss[-1][1]}", file=sys.stderr)
    # the adapter loads with peft in the runtime and generates
    gen = probe(runtime, "generate", {"base": str(tiny_model), "adapter": str(out),
                                      "messages": [{"role": "user", "content": "What colour is the sky?"}],
                                      "max_new_tokens": 8})
    assert gen["ok"] and gen["adapter_loaded"] and gen["new_tokens"] > 0 and "Peft" in gen["peft_type"], gen
    # trap 8: the planted tokens are nowhere in the job folder (YAML, logs, training_params.json, data copy)
    for f in job_dir.rglob("*"):
        if f.is_file():
            blob = f.read_bytes()
            assert PLANTED_HF.encode() not in blob and PLANTED_OPENAI.encode() not in blob, f
    yml = (job_dir / "job.yml").read_text()
    assert "backend: local" in yml and "valid_split: null" in yml
    # merge and export: a standalone folder with weights, tokenizer, chat template and a README on serving
    from fttool.jobs.record import Job
    from fttool.providers.local import merge_and_export

    target = tmp_path / "export" / "colours-model"
    res = merge_and_export(Job.from_dict(job), target)
    files = set(res["files"])
    assert {"model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json", "README.md"} <= files
    assert not files & {"training_params.json", "autotrain-data", "stdout.log"}
    assert "vllm serve" in (target / "README.md").read_text() and "ollama" in (target / "README.md").read_text()
    assert json.loads((target / "tokenizer_config.json").read_text()).get("chat_template")
    merged = probe(runtime, "generate", {"base": str(target), "messages": [{"role": "user", "content": "sky?"}],
                                         "max_new_tokens": 4})
    assert merged["ok"] and merged["new_tokens"] > 0


def test_cancel_ends_every_process_of_the_run(service: Any, tiny_model: Path, data: Path, runtime: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", PLANTED_OPENAI)
    monkeypatch.setenv("HF_TOKEN", PLANTED_HF)
    job = service.call("create_job", backend="local", base_model=str(tiny_model), params={
        "engine": "autotrain", "recipe": "manual", "training_file": str(data), "epochs": 1000, "learning_rate": 1e-3, "block_size": 128})
    job = wait_for(service, job["id"], lambda j: len(j["metrics"].get("train_loss", [])) >= 3 or terminal(j))
    assert job["status"] == "running"
    from fttool.paths import jobs_files_dir

    job_dir = jobs_files_dir() / job["id"]
    pgid = json.loads((job_dir / "process.json").read_text())["pid"]
    members = group_members(pgid)
    assert len(members) >= 3, members  # autotrain, accelerate launch, the trainer
    # the trainer's environment is allow-listed (trap 8) with the runtime first on PATH (trap 1)
    for pid in members:
        environ = dict(kv.split("=", 1) for kv in
                       Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0") if "=" in kv)
        assert "OPENAI_API_KEY" not in environ and "HF_TOKEN" not in environ  # a local model needs no token
        assert environ["ALLOW_REMOTE_CODE"] == "false"
        assert environ["PATH"].split(":")[0] == str(runtime / "bin")
    t0 = time.monotonic()
    job = service.call("cancel_job", job_id=job["id"])
    assert job["status"] == "cancelled"
    assert time.monotonic() - t0 < 15
    assert group_members(pgid) == []
    for pid in members:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]


def test_restart_reattaches_and_settles_what_ended_meanwhile(tiny_model: Path, data: Path, runtime: Path) -> None:
    from fttool.jobs.service import JobService
    from fttool.paths import jobs_files_dir
    from fttool.runtime.process import identity

    svc = JobService(poll_interval=0.1, lease_ttl=2.0, max_backoff=0.2).start()
    try:
        running = svc.call("create_job", backend="local", base_model=str(tiny_model), params={
            "engine": "autotrain", "recipe": "manual", "training_file": str(data), "epochs": 120, "learning_rate": 5e-3, "block_size": 128})
        short = svc.call("create_job", backend="local", base_model=str(tiny_model), params={
            "engine": "autotrain", "recipe": "manual", "training_file": str(data), "epochs": 3, "learning_rate": 5e-3, "block_size": 128})
        wait_for(svc, running["id"], lambda j: len(j["metrics"].get("train_loss", [])) >= 2 or terminal(j))
    finally:
        svc.stop()  # "closing the app": training goes on
    saved = json.loads((jobs_files_dir() / running["id"] / "process.json").read_text())
    assert identity(saved["pid"]) is not None, "closing the service must not stop training"
    short_dir = jobs_files_dir() / short["id"]
    deadline = time.monotonic() + 120
    while not (short_dir / "output" / "adapter_model.safetensors").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    svc = JobService(poll_interval=0.1, lease_ttl=2.0, max_backoff=0.2).start()
    try:
        again = wait_for(svc, running["id"], lambda j: j["status"] == "running" and
                         j["provider_status"] not in (None, "starting"))
        n_before = len(again["metrics"].get("train_loss", []))
        done = wait_for(svc, short["id"], terminal)
        assert done["status"] == "succeeded" and done["result_model"].endswith("output")
        final = wait_for(svc, running["id"], terminal, timeout=240)
        assert final["status"] == "succeeded", final["error"]
        assert len(final["metrics"]["train_loss"]) > n_before  # watched after the restart, not only settled
        assert final["metrics"]["train_loss"][-1][1] < final["metrics"]["train_loss"][0][1]
    finally:
        svc.stop()


def test_preflight_in_the_runtime(tiny_model: Path, data: Path, tmp_path: Path) -> None:
    from fttool.providers.local import preflight

    res = preflight({"engine": "autotrain", "training_file": str(data), "block_size": 128}, str(tiny_model))
    by_key = {c["key"]: c for c in res["checks"]}
    assert res["ok"], res["checks"]
    arch = by_key["architecture"]
    assert arch["status"] == "pass" and arch["params"]["model_type"] == "llama" and "4.48" in arch["message"]
    assert by_key["chat_template"]["status"] == "pass"
    assert res["rendered"]["text"].startswith("<|system|>\nYou name colours.") and res["rendered"]["tokens"] > 10
    assert by_key["memory"]["params"]["need_mb"] > 0 and "weights P" in by_key["memory"]["params"]["formula"]
    # a later architecture (trap 9), a bad role the template trips on, a missing tokenizer
    late = tmp_path / "late-model"
    late.mkdir()
    for f in tiny_model.iterdir():
        if f.is_file():
            (late / f.name).write_bytes(f.read_bytes())
    cfg = json.loads((late / "config.json").read_text())
    cfg["model_type"] = "gemma7"
    (late / "config.json").write_text(json.dumps(cfg))
    res = preflight({"engine": "autotrain", "training_file": str(data)}, str(late))
    bad = {c["key"]: c for c in res["checks"]}["architecture"]
    assert not res["ok"] and bad["status"] == "fail" and "gemma7" in bad["message"] and "4.48" in bad["message"]
    odd = tmp_path / "odd.jsonl"
    odd.write_text(json.dumps({"messages": [{"role": "user", "content": ["not", "text"]},
                                            {"role": "assistant", "content": "x"}]}) + "\n")
    res = preflight({"engine": "autotrain", "training_file": str(odd)}, str(tiny_model))
    found = [c for c in res["checks"] if c["key"] == "dataset"]  # every problem is its own check
    ds = next(c for c in found if "line 1" in c["message"].lower())
    assert ds["status"] == "fail" and "content" in ds["message"] and not res["ok"]


def _has_nvidia_gpu() -> bool:
    from fttool.runtime.env import query_nvidia_smi

    return bool(query_nvidia_smi()[0])


@pytest.mark.skipif(not _has_nvidia_gpu(), reason="no NVIDIA GPU on this machine")
def test_gpu_route_trains_with_int4_and_fp16(service: Any, tiny_model: Path, data: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a GPU exists: the CUDA route (its own runtime folder), int4 quantization through bitsandbytes 0.45.5
    with triton 3.x (trap 3), mixed precision, and the same success rules."""
    from fttool.runtime import install

    root = Path(__file__).resolve().parents[2] / ".cache" / "runtime-cuda"
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(root))
    if not install.status(engine="autotrain")["installed"]:
        install.install("cuda", engine="autotrain")
    assert install.status(engine="autotrain")["device"] == "cuda"
    job = service.call("create_job", backend="local", base_model=str(tiny_model), params={
        "engine": "autotrain", "recipe": "manual", "training_file": str(data), "epochs": 20, "learning_rate": 5e-3,
        "block_size": 128, "quantization": "int4", "mixed_precision": "fp16"})
    job = wait_for(service, job["id"], terminal, timeout=600)
    assert job["status"] == "succeeded", job["error"]
    loss = job["metrics"]["train_loss"]
    assert loss[-1][1] < loss[0][1]
