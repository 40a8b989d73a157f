"""Local training with the TRL engine for real: TRL's own `trl sft|dpo --config job.yaml` in the runtime fttool
installs from resources/runtime/trl.lock (once per CI run, kept in the checkout's ignored .cache/runtime/trl), on
tiny random models of today's architectures built with that runtime's transformers.

Every job goes through the service's create_job with backend `local` and no engine named (auto picks TRL): the
same path as the Train view's Launch and `fttool train`. Asserted as a user would see it: the loss falls, the
validation loss is measured, the adapter loads and answers; DPO from a preference file; a run killed mid-way
resumes from its checkpoint and finishes; AutoTrain refuses qwen3 before anything starts, naming the engine that
trains it; every data problem is listed at launch; cancel leaves no process of the run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.tiny_model import (  # noqa: F401 - fixtures
    COLOURS,
    build_arch_model,
    runtime_fixture,
    tiny_model_fixture,
    tiny_qwen3_fixture,
    trl_runtime_fixture,
    write_chats,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900),
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX process checks")]


@pytest.fixture(autouse=True)
def runtime_dir(trl_runtime: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(trl_runtime.parent))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_chats(tmp_path / "project" / "data" / "train.jsonl", 24)


@pytest.fixture
def validation(tmp_path: Path) -> Path:
    return write_chats(tmp_path / "project" / "data" / "validation.jsonl", 8)


def wait_for(service: Any, job_id: str, predicate: Any, timeout: float = 240.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        job = service.call("get_job", job_id=job_id)
        if predicate(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"timed out: {job}")


def terminal(job: dict[str, Any]) -> bool:
    return job["status"] in ("succeeded", "failed", "cancelled")


def probe(runtime: Path, command: str, args: dict[str, Any]) -> dict[str, Any]:
    from fttool.resources import resource
    from fttool.runtime import env, install

    out = subprocess.run([str(env.venv_python(runtime)), str(resource("runtime", "probe.py")), command,
                          json.dumps(args)], capture_output=True, text=True, timeout=300,
                         env=install.runtime_env(runtime))
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


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


ARCHS = ("qwen3", "gemma3_text", "smollm3", "llama")


def test_todays_architectures_train_and_answer(service: Any, trl_runtime: Path, data: Path,
                                               validation: Path) -> None:
    """Tiny qwen3, gemma3_text, smollm3 and llama models, trained at once (four jobs side by side, as a person may
    start them): each loss falls, each validation loss is measured and falls, each adapter loads and answers."""
    from fttool.runtime import env

    models = {}
    for arch in ARCHS:
        models[arch] = ROOT / ".cache" / f"tiny-trl-{arch}"
        info = build_arch_model(arch, models[arch], env.venv_python(trl_runtime))
        assert info["model_type"] == arch
    t0 = time.monotonic()
    jobs = {}
    for arch in ARCHS:
        job = service.call("create_job", backend="local", base_model=str(models[arch]), params={
            "recipe": "manual", "first_look": False,  # these tests set their own values (the recipe: test_payoff)
            "training_file": str(data), "validation_file": str(validation), "epochs": 8, "learning_rate": 5e-3,
            "block_size": 128})
        assert job["status"] == "running" and job["params"]["engine"] == "trl" and job["params"]["method"] == "sft"
        jobs[arch] = job["id"]
    for arch, job_id in jobs.items():
        job = wait_for(service, job_id, terminal, timeout=400)
        assert job["status"] == "succeeded", (arch, job["error"])
        loss = job["metrics"]["train_loss"]
        steps = [s for s, _v in loss]
        assert steps == sorted(set(steps)) and steps[-1] == 96  # 24 rows / batch 2 x 8 epochs, every step logged
        first, last = sum(v for _s, v in loss[:5]) / 5, sum(v for _s, v in loss[-5:]) / 5
        assert last < first - 0.2, (arch, first, last)
        valid = job["metrics"]["valid_loss"]
        assert len(valid) >= 5 and valid[-1][1] < valid[0][1], (arch, valid)
        out = Path(job["result_model"])
        assert (out / "adapter_model.safetensors").exists() and (out.parent / "job.yaml").exists()
        yml = (out.parent / "job.yaml").read_text()
        assert "trl sft --config job.yaml" in yml and "completion_only_loss: true" in yml
        gen = probe(trl_runtime, "generate", {"base": str(models[arch]), "adapter": str(out),
                                              "messages": [{"role": "user", "content": "What colour is the sky?"}],
                                              "max_new_tokens": 8})
        assert gen["ok"] and gen["adapter_loaded"] and gen["new_tokens"] > 0 and "Peft" in gen["peft_type"], gen
        print(f"\n{arch}: loss {first:.3f} -> {last:.3f}, valid {valid[0][1]} -> {valid[-1][1]}", file=sys.stderr)
    print(f"four jobs side by side: {time.monotonic() - t0:.1f} s", file=sys.stderr)


@pytest.fixture(scope="module")
def cli_job(tiny_qwen3: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One qwen3 job trained through `fttool train --engine trl --wait --json` (its own FTTOOL_HOME), shared by the
    CLI test and the chat test."""
    home = tmp_path_factory.mktemp("cli-home")
    data = write_chats(home / "train.jsonl", 24)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FTTOOL_HOME": str(home)}
    out = subprocess.run([sys.executable, "-m", "fttool.cli", "train", "--backend", "local", "--model",
                          str(tiny_qwen3), "--data", str(data), "--engine", "trl", "--epochs", "10", "--lr", "0.01", "--param", "recipe=manual",
                          "--wait", "--poll", "0.5", "--json"], capture_output=True, text=True, timeout=400, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    job: dict[str, Any] = json.loads(out.stdout)
    return job


def test_cli_trains_qwen3_and_the_record_carries_the_engine(cli_job: dict[str, Any]) -> None:
    assert cli_job["status"] == "succeeded" and cli_job["params"]["engine"] == "trl"
    assert len(cli_job["metrics"]["train_loss"]) == 120  # 24 rows / batch 2 x 10 epochs


def test_dpo_from_a_preference_file(service: Any, tiny_qwen3: Path, tmp_path: Path) -> None:
    pref = tmp_path / "prefs.jsonl"
    rows = []
    for i in range(16):
        thing, colour = COLOURS[i % len(COLOURS)]
        wrong = COLOURS[(i + 3) % len(COLOURS)][1]
        rows.append({"input": {"messages": [{"role": "user", "content": f"What colour is the {thing}?"}]},
                     "preferred_output": [{"role": "assistant", "content": f"The {thing} is {colour}."}],
                     "non_preferred_output": [{"role": "assistant", "content": f"The {thing} is {wrong}."}]})
    pref.write_text("".join(json.dumps(r) + "\n" for r in rows))
    job = service.call("create_job", backend="local", base_model=str(tiny_qwen3), params={
        "recipe": "manual", "training_file": str(pref), "epochs": 6, "learning_rate": 5e-3, "block_size": 128})
    assert job["params"]["method"] == "dpo"  # read from the file
    job = wait_for(service, job["id"], terminal)
    assert job["status"] == "succeeded", job["error"]
    from fttool.paths import jobs_files_dir

    job_dir = jobs_files_dir() / job["id"]
    assert "trl dpo --config job.yaml" in (job_dir / "job.yaml").read_text()
    row = json.loads((job_dir / "data" / "train.jsonl").read_text().splitlines()[0])
    assert set(row) == {"prompt", "chosen", "rejected"}
    loss = job["metrics"]["train_loss"]
    assert abs(loss[0][1] - 0.693) < 0.05  # DPO starts at ln 2 (the policy equals its reference)
    assert sum(v for _s, v in loss[-4:]) / 4 < 0.6, loss[-4:]


def test_a_killed_run_resumes_from_its_checkpoint(service: Any, tiny_qwen3: Path, data: Path) -> None:
    from fttool.paths import jobs_files_dir

    job = service.call("create_job", backend="local", base_model=str(tiny_qwen3), params={
        "recipe": "manual", "training_file": str(data), "epochs": 20, "learning_rate": 2e-3, "block_size": 128, "save_checkpoints": 20})
    job_dir = jobs_files_dir() / job["id"]

    def past_a_checkpoint(j: dict[str, Any]) -> bool:
        """The newest checkpoint on disk is at least 2 logged steps behind: those steps are lost with the crash
        (waiting a fixed time was not enough on a slow machine, where saving a checkpoint takes seconds)."""
        saved = [int(f.parent.name[11:]) for f in (job_dir / "output").glob("checkpoint-*/trainer_state.json")]
        logged = [s for s, _v in (j.get("metrics") or {}).get("train_loss", [])]
        return terminal(j) or bool(saved and logged and max(logged) >= max(saved) + 2)

    assert wait_for(service, job["id"], past_a_checkpoint, timeout=180)["status"] == "running"
    pgid = json.loads((job_dir / "process.json").read_text())["pid"]
    os.killpg(pgid, signal.SIGKILL)  # a crash: no cancel marker, no final save
    crashed = wait_for(service, job["id"], terminal)
    assert crashed["status"] == "failed" and group_members(pgid) == []
    before = {s for s, _v in crashed["metrics"]["train_loss"]}
    resumed = service.call("resume_job", job_id=job["id"])
    assert resumed["status"] == "running" and resumed["error"] is None
    events = service.call("job_events", job_id=job["id"])
    ckpt_step = int(next(e["message"] for e in events if e["message"].startswith("Resumed from"))
                    .split("(step ")[1].split(")")[0])
    assert 0 < ckpt_step < max(before)
    done = wait_for(service, job["id"], terminal, timeout=400)
    assert done["status"] == "succeeded", done["error"]
    steps = [s for s, _v in done["metrics"]["train_loss"]]
    assert steps == sorted(set(steps)) and steps[-1] == 240 and len(steps) == 240  # each step once, none lost
    last = max((job_dir / "output").glob("checkpoint-*/trainer_state.json"), key=lambda f: int(f.parent.name[11:]))
    state = json.loads(last.read_text())
    assert state["global_step"] == 240


def test_cancel_ends_every_process_and_says_where_resume_continues(service: Any, tiny_qwen3: Path,
                                                                   data: Path) -> None:
    """(Resuming after a cancel, through the Jobs view: tests/ui/test_jobs_view.py.)"""
    from fttool.paths import jobs_files_dir

    job = service.call("create_job", backend="local", base_model=str(tiny_qwen3), params={
        "recipe": "manual", "training_file": str(data), "epochs": 40, "learning_rate": 2e-3, "block_size": 128, "save_checkpoints": 20})
    job_dir = jobs_files_dir() / job["id"]
    wait_for(service, job["id"], lambda j: list((job_dir / "output").glob("checkpoint-*/trainer_state.json"))
             or terminal(j))
    pgid = json.loads((job_dir / "process.json").read_text())["pid"]
    members = group_members(pgid)
    assert len(members) >= 2, members  # trl (accelerate launch) and the training script
    job = service.call("cancel_job", job_id=job["id"])
    assert job["status"] == "cancelled" and group_members(pgid) == []
    events = service.call("job_events", job_id=job["id"])
    assert any("Resume continues from step" in e["message"] for e in events)


def test_autotrain_refuses_qwen3_before_launch(service: Any, tiny_qwen3: Path, data: Path, runtime: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The lesson's engine cannot load qwen3: refused before anything is stored or started, naming the
    architecture and the engine that trains it. Quick by construction: no Python of a runtime is started (the
    architectures each runtime knows were recorded by its own check at install)."""
    from fttool.paths import jobs_files_dir
    from fttool.runtime import install

    install.model_types("autotrain"), install.model_types("trl")  # an old marker is completed once, here

    def no_process(*a: Any, **k: Any) -> None:
        raise AssertionError(f"a process was started: {a[:1]}")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    monkeypatch.setattr(subprocess, "run", no_process)
    t0 = time.monotonic()
    with pytest.raises(Exception) as err:
        service.call("create_job", backend="local", base_model=str(tiny_qwen3),
                     params={"training_file": str(data), "engine": "autotrain"})
    print(f"\nrefused in {1000 * (time.monotonic() - t0):.0f} ms", file=sys.stderr)
    msg = str(getattr(err.value, "message", err.value))
    assert "qwen3" in msg and "AutoTrain" in msg and "4.48" in msg and "TRL engine trains it" in msg, msg
    assert service.call("list_jobs") == []
    assert not jobs_files_dir().exists() or not any(jobs_files_dir().iterdir())
    from fttool.providers.local import preflight

    res = preflight({"training_file": str(data), "engine": "autotrain"}, str(tiny_qwen3))
    arch = next(c for c in res["checks"] if c["key"] == "architecture")
    assert not res["ok"] and arch["status"] == "fail" and "TRL engine trains it" in arch["message"]
    assert not res["rendered"]  # the probe is not started for a model the engine cannot load


def test_every_data_problem_is_listed_at_launch(service: Any, tiny_qwen3: Path, tmp_path: Path) -> None:
    good = json.dumps({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]})
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([good, json.dumps({"messages": [{"role": "robot", "content": "x"}]}), good,
                              "{not json", json.dumps({"messages": [{"role": "user", "content": "only a question"}]}),
                              good]) + "\n")
    with pytest.raises(Exception) as err:
        service.call("create_job", backend="local", base_model=str(tiny_qwen3), params={"training_file": str(bad)})
    msg = str(getattr(err.value, "message", err.value))
    for line in ("line 2", "line 4", "line 5"):
        assert line in msg.lower(), msg
    assert service.call("list_jobs") == []


def test_preflight_renders_with_the_engines_template(tiny_qwen3: Path, data: Path, trl_runtime: Path,
                                                     tmp_path: Path) -> None:
    from fttool.providers.local import preflight

    res = preflight({"training_file": str(data), "block_size": 128}, str(tiny_qwen3))
    by_key = {c["key"]: c for c in res["checks"]}
    assert res["ok"], [c for c in res["checks"] if c["status"] == "fail"]
    assert res["engine"] == "trl" and "TRL" in by_key["engine"]["message"]
    assert by_key["architecture"]["status"] == "pass" and "qwen3" in by_key["architecture"]["message"]
    assert res["rendered"]["text"].startswith("<|im_start|>system\nYou name colours.")
    # a base model without a chat template gets ChatML, with a warning that says so
    from fttool.runtime import env

    base = tmp_path / "base-qwen3"
    build_arch_model("qwen3", base, env.venv_python(trl_runtime), template=None)
    res = preflight({"training_file": str(data), "block_size": 128}, str(base))
    warn = next(c for c in res["checks"] if c["key"] == "chat_template_default")
    assert warn["status"] == "warn" and "ChatML" in warn["message"] and res["ok"]


def test_a_tuned_qwen3_chats_beside_its_base(tiny_qwen3: Path, cli_job: dict[str, Any]) -> None:
    """The Playground's path: the local model server runs in the TRL runtime (a transformers 5 model and its TRL
    adapter load there), base and tuned side by side; and `fttool chat --backend local` streams the tuned one."""
    import asyncio

    from fttool.chat.client import ChatClient, Sampling, Target
    from fttool.chat.local import LocalModelServer

    adapter = cli_job["result_model"]
    msgs = [{"role": "system", "content": "You name colours."}, {"role": "user", "content": "What colour is the sky?"}]

    async def both() -> dict[str, Any]:
        out = {}
        for name, target in (("base", Target("local", str(tiny_qwen3))), ("tuned", Target("local", adapter))):
            server = LocalModelServer(target.model, target.adapter)
            client = ChatClient(target, local_server=server)
            try:
                pieces: list[str] = []
                reply = await client.send(msgs, Sampling(temperature=0, max_tokens=8), on_delta=pieces.append)
                python = str(server.proc.args[0]) if server.proc is not None else ""
                out[name] = (reply.text, "".join(pieces), server.adapter, python)
            finally:
                await client.aclose()
        return out

    out = asyncio.run(both())
    assert out["tuned"][2] == adapter and out["base"][2] is None
    assert "/trl/" in out["tuned"][3] and "/trl/" in out["base"][3]  # served from the TRL runtime
    assert out["tuned"][0] == out["tuned"][1] and out["tuned"][0] != out["base"][0]  # the adapter changes it
    assert "blue" in out["tuned"][0].lower() or "sky" in out["tuned"][0].lower(), out
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "fttool.cli", "chat", "--backend", "local", "--model", adapter,
                        "--system", "You name colours.", "--temperature", "0", "--max-tokens", "8",
                        "What colour is the sky?"], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == out["tuned"][0].strip()


def test_the_trl_runtime_loads_every_curated_architecture(trl_runtime: Path, runtime: Path) -> None:
    """Asked of the runtimes themselves: the TRL engine's transformers knows every architecture of the curated list
    (and the late-2026 families); AutoTrain's does not know qwen3, gemma3_text or smollm3."""
    from fttool.runtime import install
    from fttool.runtime.base_models import base_models_with_engines

    data = base_models_with_engines()
    assert all(m["engines"]["trl"] is True for m in data["models"]), [m["id"] for m in data["models"]
                                                                       if not m["engines"]["trl"]]
    trl_types = set(install.model_types("trl") or [])
    assert {"qwen3_5_text", "gemma4_text", "gpt_oss", "olmo3"} <= trl_types
    autotrain_types = set(install.model_types("autotrain") or [])
    assert autotrain_types and not {"qwen3", "gemma3_text", "smollm3"} & autotrain_types
    assert "llama" in autotrain_types
