"""Together AI end to end: the real `together` SDK through fttool's provider and job service against our Together
test server (tests/servers/together_server.py), as a person with only a Together key uses it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from fttool.errors import CredentialError
from tests.e2e.cloud_support import (
    PLANTED_TOGETHER_KEY,
    sample_files,
    sample_project,
    setup_together,
    wait_job,
)
from tests.support.launch import launch

MODEL = "Qwen/Qwen3-8B"


def _start(service, train: Path, valid: Path | None = None, model: str = MODEL, **params):
    p = {"training_file": str(train), **params}
    if valid is not None:
        p["validation_file"] = str(valid)
    return launch(service, backend="together", base_model=model, params=p)


def _ask(target_model: str, text: str) -> str:
    from fttool.chat.client import ChatClient, Sampling, Target

    async def run() -> str:
        client = ChatClient(Target("together", target_model))
        try:
            got = await client.send([{"role": "user", "content": text}], Sampling(max_tokens=16))
            return str(got.text)
        finally:
            await client.aclose()

    return asyncio.run(run())


def test_lora_job_from_upload_to_chat(together_server, service, tmp_path, monkeypatch):
    setup_together(together_server, monkeypatch)
    together_server.running_polls = 4
    train, valid = sample_files(tmp_path)
    job = _start(service, train, valid, epochs=2, suffix="chef", n_evals=2, lora_r=8)
    assert job["provider_job_id"].startswith("ft-")
    done = wait_job(service, job["id"])
    assert done["status"] == "succeeded", done
    assert done["provider_status"] == "completed"
    tag = done["params"]["tag"]
    assert "-chef-" + tag in done["result_model"]  # the suffix and our tag, echoed in the model's name
    loss = [v for _s, v in done["metrics"]["train_loss"]]
    assert len(loss) == 4 and loss[-1] < loss[0]  # the chart: a falling loss
    assert done["metrics"]["valid_loss"]
    params = done["params"]
    assert params["trained_tokens"] > 0 and params["cost_usd"] > 0  # Together's own numbers beside ours
    assert params["estimated_cost_usd"] > 0 and params["provider_estimated_cost_usd"] > 0 and params["price_date"]
    assert params["checkpoints"] and params["output_name"] == done["result_model"]
    assert done["progress"]["step"] == done["progress"]["total"] == 4 and done["progress"]["epochs"] == 2
    srv = together_server.jobs[job["provider_job_id"]]
    assert srv["n_epochs"] == 2 and srv["n_evals"] == 2 and srv["training_type"]["type"] == "Lora"
    assert srv["training_type"]["lora_r"] == 8 and srv["validation_file"]
    creates = [r for r in together_server.requests if r.method == "POST" and r.path == "/v1/fine-tunes"]
    assert len(creates) == 1
    assert {k.lower(): v for k, v in creates[0].headers.items()}["x-stainless-retry-count"] == "0"
    messages = [e["message"] for e in service.call("job_events", job_id=job["id"])]
    assert any(m.startswith("Uploaded train.jsonl as file-") for m in messages)
    assert any("completed" in m.lower() for m in messages)
    # the same files again: reused (sha256 per account), not sent again
    job2 = _start(service, train, valid, epochs=1)
    assert wait_job(service, job2["id"])["status"] == "succeeded"
    assert together_server.count("POST", r"^/v1/files$") == 2
    assert service.call("get_job", job_id=job2["id"])["params"]["reused_files"] == ["train", "validation"]
    # chat with the result through Together's OpenAI-compatible endpoint
    assert _ask(done["result_model"], "hello there") == "You said: hello there"
    assert _ask(MODEL, "base too") == "You said: base too"
    targets = service.call("chat_models", timeout=30)["models"]
    assert any(t["target"]["backend"] == "together" and t["target"]["model"] == done["result_model"]
               for t in targets)


def test_dpo_job_from_a_preference_file(together_server, service, tmp_path, monkeypatch):
    setup_together(together_server, monkeypatch)
    pref = tmp_path / "prefs.jsonl"
    pref.write_text("".join(json.dumps({
        "input": {"messages": [{"role": "user", "content": f"Colour of thing {i}?"}]},
        "preferred_output": [{"role": "assistant", "content": "Blue."}],
        "non_preferred_output": [{"role": "assistant", "content": "I cannot say."}]}) + "\n" for i in range(6)))
    job = _start(service, pref, method="dpo", dpo_beta=0.2)
    done = wait_job(service, job["id"])
    assert done["status"] == "succeeded", done
    srv = together_server.jobs[job["provider_job_id"]]
    assert srv["training_method"]["method"] == "dpo" and srv["training_method"]["dpo_beta"] == 0.2


def test_restart_in_the_middle_resumes(together_server, tmp_path, monkeypatch):
    from fttool.jobs.service import JobService

    setup_together(together_server, monkeypatch)
    together_server.running_polls = 6
    train, _ = sample_files(tmp_path)
    first = JobService(poll_interval=0.05, lease_ttl=1.0, max_backoff=0.2).start()
    try:
        job = _start(first, train)
        wait_job(first, job["id"], until=lambda j: len(j["metrics"].get("train_loss", [])) >= 2)
    finally:
        first.stop()
    second = JobService(poll_interval=0.05, lease_ttl=1.0, max_backoff=0.2).start()
    try:
        done = wait_job(second, job["id"])
        events = second.call("job_events", job_id=job["id"])
    finally:
        second.stop()
    assert done["status"] == "succeeded" and done["result_model"]
    assert [p[0] for p in done["metrics"]["train_loss"]] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    keys = [e["message"] for e in events]
    assert len(keys) == len(set(zip(keys, [e["created_at"] for e in events], strict=True)))  # none stored twice
    assert len(together_server.jobs) == 1


def test_a_create_that_times_out_leaves_one_job(together_server, service, tmp_path, monkeypatch):
    from fttool.providers.together import TogetherProvider

    setup_together(together_server, monkeypatch)
    monkeypatch.setattr(TogetherProvider, "create_timeout", 0.5)
    together_server.create_delay = 1.5  # the job is made, the answer comes too late
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    together_server.create_delay = 0
    assert together_server.count("POST", r"^/v1/fine-tunes$") == 1
    assert together_server.count("GET", r"^/v1/fine-tunes$") >= 1  # looked it up by its tag
    assert len(together_server.jobs) == 1 and job["provider_job_id"] in together_server.jobs
    assert wait_job(service, job["id"])["status"] == "succeeded"
    assert len(together_server.jobs) == 1


def test_429_and_500_while_watching_reconnect_and_never_fail(together_server, service, tmp_path, monkeypatch):
    setup_together(together_server, monkeypatch)
    together_server.running_polls = 3
    seen: list[tuple[str, str]] = []
    service.subscribe(lambda e: seen.append((e.payload["job"]["status"], e.payload["job"]["connection"]))
                      if e.kind == "job_updated" else None)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    pid = job["provider_job_id"]
    together_server.fault(rf"^/v1/fine-tunes/{pid}$", method="GET", status=429, headers={"Retry-After": "0.3"})
    together_server.fault(rf"^/v1/fine-tunes/{pid}", status=500, times=6)
    together_server.fault(rf"^/v1/fine-tunes/{pid}", drop=True, times=2)
    done = wait_job(service, job["id"], timeout=60)
    assert done["status"] == "succeeded" and done["connection"] == "ok"
    assert any(c == "reconnecting" for _, c in seen)
    assert not any(s == "failed" for s, _ in seen)


def test_wrong_key_says_so_and_makes_nothing(together_server, service, tmp_path, monkeypatch):
    from fttool import credentials

    setup_together(together_server, monkeypatch)
    credentials.set_secret("together", "tgp_v1_wrong-key-000000")
    train, _ = sample_files(tmp_path)
    with pytest.raises(CredentialError, match="rejected the key"):
        _start(service, train)
    assert together_server.jobs == {} and together_server.files == {}


def test_a_failed_job_says_why_in_togethers_words(together_server, service, tmp_path, monkeypatch):
    setup_together(together_server, monkeypatch)
    together_server.fail_next_job = "Training data contains a sample longer than the model's context."
    train, _ = sample_files(tmp_path)
    done = wait_job(service, _start(service, train)["id"])
    assert done["status"] == "failed" and "longer than the model's context" in done["error"]["message"]


def test_cancel_and_the_test_split_never_leaves(together_server, service, tmp_path, monkeypatch):
    setup_together(together_server, monkeypatch)
    together_server.running_polls = 50
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    wait_job(service, job["id"], until=lambda j: j["status"] == "running")
    service.call("cancel_job", job_id=job["id"])
    assert wait_job(service, job["id"])["status"] == "cancelled"
    assert together_server.jobs[job["provider_job_id"]]["status"] == "cancelled"
    project = sample_project(tmp_path)
    from fttool.errors import UsageError

    with pytest.raises(UsageError, match="test split"):
        launch(service, backend="together", base_model=MODEL, project=str(project),
               params={"training_file": str(project / "data" / "train.jsonl"),
                       "validation_file": str(project / "data" / "test.jsonl")})


def test_download_the_adapter_with_its_checksum(together_server, service, tmp_path, monkeypatch):
    import hashlib

    setup_together(together_server, monkeypatch)
    train, _ = sample_files(tmp_path)
    done = wait_job(service, _start(service, train)["id"])
    seen: list[tuple[int, int]] = []
    res = service.call("together_download", job_id=done["id"], kind="adapter", dest=str(tmp_path / "adapter"),
                       progress=lambda d, t, m: seen.append((d, t)))
    folder = Path(res["path"])
    assert any(folder.rglob("adapter_config.json")), list(folder.rglob("*"))
    served = together_server.archive(together_server.jobs[done["provider_job_id"]], "adapter")
    assert res["sha256"] == hashlib.sha256(served).hexdigest() and res["bytes"] == len(served)
    assert json.loads((folder / "fttool-download.json").read_text())["sha256"] == res["sha256"]
    assert seen and seen[-1][0] == seen[-1][1] == len(served)
    # a cancelled download keeps nothing half-written
    from fttool.errors import Cancelled

    with pytest.raises(Cancelled):
        service.call("together_download", job_id=done["id"], kind="merged", dest=str(tmp_path / "merged"),
                     cancel=lambda: True)
    assert not (tmp_path / "merged").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".fttool-dl-")]


def test_endpoint_created_chatted_with_and_cleaned_up(together_server, service, tmp_path, monkeypatch):
    setup_together(together_server, monkeypatch)
    together_server.deployment_polls = 1
    train, _ = sample_files(tmp_path)
    done = wait_job(service, _start(service, train, suffix="bakery")["id"])
    plan = service.call("together_endpoint_plan", job_id=done["id"])
    assert plan["warning"]["usd_per_hour"] > 0 and "billed by the hour" in plan["warning"]["message"]
    assert plan["model"] == done["result_model"] and plan["configs"]
    from fttool.errors import UsageError

    with pytest.raises(UsageError, match="confirm"):
        service.call("together_endpoint_create", job_id=done["id"])
    assert together_server.endpoints == {}
    ep = service.call("together_endpoint_create", job_id=done["id"], confirmed=True)
    listed = service.call("together_endpoints")
    assert [e["id"] for e in listed] == [ep["id"]] and listed[0]["created_by_fttool"]
    for _ in range(5):  # provisioning, then ready
        if service.call("together_endpoints")[0]["state"] == "DEPLOYMENT_STATE_READY":
            break
    assert _ask(ep["name"], "from the endpoint") == "You said: from the endpoint"
    items = service.call("cleanup_list", backend="together")
    kinds = sorted(i["kind"] for i in items)
    assert kinds == ["endpoint", "file", "model"], items
    results = service.call("cleanup_delete", backend="together", items=items)
    assert all(r["ok"] for r in results), results
    assert together_server.endpoints == {} and together_server.files == {}
    assert service.call("cleanup_list", backend="together") == []


def test_a_planted_key_is_found_nowhere_on_disk(together_server, service, tmp_path, monkeypatch, fttool_home):
    setup_together(together_server, monkeypatch, key=PLANTED_TOGETHER_KEY)
    train, valid = sample_files(tmp_path)
    done = wait_job(service, _start(service, train, valid)["id"])
    service.call("together_download", job_id=done["id"], kind="adapter")
    assert done["status"] == "succeeded"
    hits = []
    for path in [*fttool_home.rglob("*"), *tmp_path.rglob("*")]:
        if path.is_file() and PLANTED_TOGETHER_KEY.encode() in path.read_bytes():
            hits.append(path)
    assert hits == []


# -- the CLI ------------------------------------------------------------------------------------------------------
def test_cli_dry_run_train_export_cleanup_and_auth(together_server, file_keyring, fttool_home, tmp_path):
    from tests.support.cli import run_cli

    train, valid = sample_files(tmp_path)
    args = ("train", "--backend", "together", "--model", MODEL, "--data", str(train), "--validation", str(valid),
            "--epochs", "2", "--suffix", "cli", "--poll", "0.05")
    # --dry-run: the plan from the dated tables, with no key and nothing reachable
    dry = run_cli(*args, "--dry-run", "--json", env={"TOGETHER_BASE_URL": "http://127.0.0.1:9"})
    assert dry.returncode == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert plan["estimated_cost_usd"] > 0 and plan["price_date"] and plan["epochs"] == 2 and plan["billable"]
    assert together_server.requests == []
    env = {"TOGETHER_BASE_URL": together_server.url}
    together_server.api_key = PLANTED_TOGETHER_KEY
    assert run_cli("auth", "set", "together", input=PLANTED_TOGETHER_KEY + "\n").returncode == 0
    test = run_cli("auth", "test", "together", "--json", env=env)
    assert test.returncode == 0 and json.loads(test.stdout)["status"] == "ok", test.stdout + test.stderr
    no = run_cli(*args, env=env)  # billable: nothing without --yes
    assert no.returncode != 0 and "costs about $" in no.stderr and together_server.jobs == {}
    r = run_cli(*args, "--lora", "--yes", "--wait", "--json", env=env)
    assert r.returncode == 0, r.stderr
    job = json.loads(r.stdout)
    assert job["status"] == "succeeded" and "-cli-" in job["result_model"] and job["params"]["cost_usd"] > 0
    out = tmp_path / "dl"
    ex = run_cli("jobs", "export", job["id"], "--format", "adapter", "--out", str(out), "--json", env=env)
    assert ex.returncode == 0, ex.stderr
    assert json.loads(ex.stdout)["sha256"] and any(out.rglob("adapter_config.json"))
    wrong = run_cli("jobs", "export", job["id"], "--format", "gguf", env=env)
    assert wrong.returncode != 0 and "adapter, merged or model" in wrong.stderr
    clean = run_cli("cleanup", "--backend", "together", "--dry-run", env=env)
    assert clean.returncode == 0, clean.stderr
    kinds = [ln.split()[0] for ln in clean.stdout.splitlines()]
    assert kinds.count("file") == 2 and kinds.count("model") == 1
    gone = run_cli("cleanup", "--backend", "together", "--yes", env=env)
    assert gone.returncode == 0 and together_server.files == {}, gone.stdout + gone.stderr
    shown = run_cli("jobs", "show", job["id"], "--json")
    assert PLANTED_TOGETHER_KEY not in shown.stdout + r.stdout + r.stderr + ex.stdout + clean.stdout
    hits = [p for p in fttool_home.rglob("*") if p.is_file() and PLANTED_TOGETHER_KEY.encode() in p.read_bytes()]
    assert hits == []


def test_cli_chat_and_eval_of_the_tuned_model_against_its_base(together_server, file_keyring, tmp_path):
    """`fttool chat` and `fttool eval` through Together's OpenAI-compatible chat API (the tuned model of a job made
    on the server; our server answers by echoing, so the base and the tuned model answer alike)."""
    from tests.support.cli import run_cli

    env = {"TOGETHER_BASE_URL": together_server.url}
    assert run_cli("auth", "set", "together", input=together_server.api_key + "\n").returncode == 0
    train, valid = sample_files(tmp_path)
    r = run_cli("train", "--backend", "together", "--model", MODEL, "--data", str(train), "--yes", "--wait",
                "--json", "--poll", "0.05", env=env)
    assert r.returncode == 0, r.stderr
    tuned = json.loads(r.stdout)["result_model"]
    chat = run_cli("chat", "--backend", "together", "--model", tuned, "What is bread?", env=env)
    assert chat.returncode == 0 and "You said: What is bread?" in chat.stdout, chat.stderr
    ev = run_cli("eval", "--data", str(valid), "--model", MODEL, "--model", tuned, "--backend", "together",
                 "--json", env=env)
    assert ev.returncode == 0, ev.stderr
    report = json.loads(ev.stdout)
    text = json.dumps(report)
    assert tuned in text and MODEL in text
    chats = [q for q in together_server.requests if q.path == "/v1/chat/completions"]
    assert len(chats) >= 1 + 2 * 3  # the chat, then every held-out example asked of both models


def test_the_model_list_refreshes_from_the_api_when_a_key_is_set(together_server, service, monkeypatch):
    from tests.servers import together_server as ts

    monkeypatch.setenv("TOGETHER_BASE_URL", together_server.url)
    offline = service.call("together_models")  # no key: the dated table, nothing asked
    assert MODEL in offline["models"] and offline["fetched_at"] is None and together_server.requests == []
    setup_together(together_server, monkeypatch)
    online = service.call("together_models")
    served = {m.name for m in ts.BASE_MODELS if m.fine_tunable}
    assert online["fetched_at"] and served <= set(online["models"])
    assert "meta-llama/Llama-3.3-70B-Instruct-Turbo" not in online["models"]  # served, not fine-tunable
    assert together_server.count("GET", r"^/v2/supported-models$") == 1
