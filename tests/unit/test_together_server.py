"""Our Together AI test server, driven by the real `together` SDK (sync and async), unpatched: uploads, the
fine-tune lifecycle, DPO, price and limits, downloads, endpoints (v2 and the v1 API), chat, errors, faults."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import cramjam
import httpx
import pytest
import together
from together import AsyncTogether, Together
from together.lib import AsyncDownloadManager, DownloadManager
from together.lib.resources.files import MultipartUploadManager, _calculate_file_checksum

from tests.servers.together_server import SPECS, TogetherServer, ft_rate, model_limits

BASE = "Qwen/Qwen3-8B"


@pytest.fixture
def server() -> Iterator[TogetherServer]:
    with TogetherServer() as s:
        yield s


def make_client(server: TogetherServer, **kw: Any) -> Together:
    kw.setdefault("max_retries", 0)
    return Together(api_key=server.api_key, base_url=server.url, project_id=server.project_id, **kw)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def chat_rows(n: int) -> list[dict[str, Any]]:
    return [{"messages": [{"role": "system", "content": "You are terse."},
                          {"role": "user", "content": f"What is {i} plus {i}?"},
                          {"role": "assistant", "content": f"It is {2 * i}."}]} for i in range(n)]


def pref_rows(n: int) -> list[dict[str, Any]]:
    return [{"input": {"messages": [{"role": "user", "content": f"Say hi number {i}"}]},
             "preferred_output": [{"role": "assistant", "content": f"Hi {i}!"}],
             "non_preferred_output": [{"role": "assistant", "content": "Go away."}]} for i in range(n)]


def finish(client: Together, job_id: str, limit: int = 20) -> list[str]:
    """Retrieve until the job ends; the statuses seen, in order."""
    seen = []
    for _ in range(limit):
        status = client.fine_tuning.retrieve(job_id).status
        seen.append(status)
        if status in ("completed", "error", "cancelled"):
            return seen
    raise AssertionError(f"job never finished: {seen}")


def completed_job(client: Together, tmp_path: Path, **kw: Any) -> str:
    train = client.files.upload(write_jsonl(tmp_path / "train.jsonl", chat_rows(6)), purpose="fine-tune")
    job = client.fine_tuning.create(training_file=train.id, model=BASE, lora=True, suffix="helper",
                                    train_on_inputs="auto", **kw)
    assert finish(client, job.id)[-1] == "completed"
    return job.id


def untar_zst(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(bytes(cramjam.zstd.decompress(data)))) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


# -- files ---------------------------------------------------------------------------------------------------
def test_upload_follows_the_sdk_protocol_and_file_routes_work(server: TogetherServer, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "chat.jsonl", chat_rows(5))
    with make_client(server) as client:
        f = client.files.upload(path, purpose="fine-tune", check=True)
        assert f.id.startswith("file-") and f.processing_status == "COMPLETED"
        assert f.bytes == path.stat().st_size
        assert f.filename == "chat.jsonl" and f.file_type == "jsonl" and f.purpose == "fine-tune"
        assert server.uploads[f.id] == hashlib.sha256(path.read_bytes()).hexdigest()
        calls = [(r.method, r.path) for r in server.requests]
        assert calls == [("POST", "/v1/files"), ("PUT", f"/_storage/{f.id}"),
                         ("POST", f"/v1/files/{f.id}/preprocess")]
        put = server.requests[1]
        assert not any(k.lower() == "authorization" for k in put.headers) and put.body == path.read_bytes()
        report = client.files.retrieve(f.id).validation_report  # upload() drops it; retrieve has it
        assert report is not None and report.valid
        assert (report.dataset_format, report.nlines) == ("CONVERSATION", 5)
        assert [x.id for x in client.files.list().data] == [f.id]
        assert client.files.content(f.id).read() == path.read_bytes()
        assert client.files.delete(f.id).deleted is True
        assert client.files.list().data == []
        with pytest.raises(together.NotFoundError):
            client.files.retrieve(f.id)


def test_upload_survives_storage_redirects_and_flags_a_bad_dataset(server: TogetherServer,
                                                                   tmp_path: Path) -> None:
    server.storage_redirects = 2  # the PUT is answered 307 twice (an http base_url lets the SDK follow)
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"messages": [{"role": "user", "content": "no answer"}]}])
    with make_client(server) as client:
        f = client.files.upload(bad, purpose="fine-tune")  # the SDK's local check only wants JSON objects
        assert server.count("PUT", r"^/_storage/") == 3
        assert f.processing_status == "INVALID_FORMAT"
        report = client.files.retrieve(f.id).validation_report
        assert report is not None and not report.valid and "assistant" in (report.error or "")
        with pytest.raises(together.BadRequestError) as err:
            client.fine_tuning.create(training_file=f.id, model=BASE, model_limits=None)
        assert err.value.status_code == 400


def test_multipart_upload_and_duplicate_uploads(server: TogetherServer, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "big.jsonl", chat_rows(4))
    with make_client(server) as client:
        checksum = _calculate_file_checksum(path)
        f = MultipartUploadManager(client).upload("/v1/files", path, checksum, "fine-tune")  # the >5 GB route
        assert f.processing_status == "COMPLETED" and server.uploads[f.id] == checksum
        assert server.count("POST", r"/multipart/initiate$") == 1 and server.count("PUT", r"/parts/1$") == 1
        server.dedupe_uploads = True  # same sha256 again: 409 {"file_id"}, the SDK returns the existing file
        again = client.files.upload(path, purpose="fine-tune")
        assert again.id == f.id and len(client.files.list().data) == 1


# -- fine-tuning ---------------------------------------------------------------------------------------------
def test_lora_sft_job_runs_to_completion_with_events_checkpoints_metrics(server: TogetherServer,
                                                                         tmp_path: Path) -> None:
    with make_client(server) as client:
        train = client.files.upload(write_jsonl(tmp_path / "train.jsonl", chat_rows(8)), purpose="fine-tune")
        val = client.files.upload(write_jsonl(tmp_path / "val.jsonl", chat_rows(2)), purpose="fine-tune")
        before = len(server.requests)
        job = client.fine_tuning.create(training_file=train.id, validation_file=val.id, model=BASE, lora=True,
                                        lora_r=8, suffix="support-v1", n_epochs=3, n_evals=3, n_checkpoints=2,
                                        train_on_inputs="auto", learning_rate=2e-5)
        assert [r.path for r in server.requests[before:]] == [
            "/v1/fine-tunes/models/limits", "/v1/fine-tunes/estimate-price", "/v1/fine-tunes"]
        sent = server.requests[-1].json()
        assert sent["training_type"] == {"lora_r": 8, "lora_alpha": 16, "lora_dropout": 0.0,
                                         "lora_trainable_modules": "all-linear", "type": "Lora"}
        assert sent["training_method"] == {"method": "sft", "train_on_inputs": "auto"}
        assert sent["batch_size"] == "max" and sent["validation_file"] == val.id
        assert job.id.startswith("ft-") and job.status == "pending"
        assert job.output_name is not None and job.output_name.startswith("fttool-test/Qwen3-8B-support-v1-")
        assert finish(client, job.id) == ["pending", "queued", "running", "running", "running", "completed"]
        done = client.fine_tuning.retrieve(job.id)
        assert done.x_model_output_name == job.output_name and done.model_output_path
        assert (done.steps_completed, done.epochs_completed, done.evals_completed) == (3, 3, 3)
        tokens = 3 * server.files[train.id]["_tokens"] + 3 * server.files[val.id]["_tokens"]
        assert done.token_count == tokens
        assert done.total_price == round(tokens * ft_rate(SPECS[BASE], True, False) * 1e9)  # nanodollars
        assert done.batch_size == model_limits(SPECS[BASE])["lora_training"]["max_batch_size"]
        types = [e.type for e in client.fine_tuning.list_events(job.id).data]
        for t in ("job_pending", "job_start", "training_start", "epoch_complete", "checkpoint_save",
                  "training_complete", "job_complete"):
            assert t in types, t
        assert types.count("epoch_complete") == 3
        assert {e.object for e in client.fine_tuning.list_events(job.id).data} == {"fine-tune-event"}
        ckpts = client.fine_tuning.list_checkpoints(job.id).data
        assert [(c.step, c.checkpoint) for c in ckpts] == [(3, "model"), (3, "adapter"), (2, "model")]
        assert [c.object_name for c in ckpts[:2]] == [job.output_name, job.output_name + "-adapter"]
        metrics = client.fine_tuning.list_metrics(job.id).metrics or []
        losses = [m["train/loss"] for m in metrics]
        assert [m["train/global_step"] for m in metrics] == [1, 2, 3]
        assert losses == sorted(losses, reverse=True) and len(set(losses)) == 3
        assert all("eval/loss" in m for m in metrics)
        assert len(client.fine_tuning.list_metrics(job.id, resolution=2).metrics or []) == 2
        later = client.fine_tuning.list_metrics(job.id, global_step_from=2).metrics or []
        assert [m["train/global_step"] for m in later] == [2, 3]
        assert [j.id for j in client.fine_tuning.list().data] == [job.id]
        models = client.get("/v1/models", cast_to=object)
        assert isinstance(models, list) and job.output_name in [m["id"] for m in models]
        reply = client.chat.completions.create(model=job.output_name,
                                               messages=[{"role": "user", "content": "hi"}])
        assert reply.choices[0].message.content == "You said: hi"


def test_cancel_goes_through_cancel_requested_and_delete(server: TogetherServer, tmp_path: Path) -> None:
    with make_client(server) as client:
        train = client.files.upload(write_jsonl(tmp_path / "t.jsonl", chat_rows(3)), purpose="fine-tune")
        first = client.fine_tuning.create(training_file=train.id, model=BASE, train_on_inputs="auto")
        second = client.fine_tuning.create(training_file=train.id, model=BASE, train_on_inputs="auto")
        client.fine_tuning.retrieve(second.id)
        with pytest.raises(together.BadRequestError):  # still running: cancel it first
            client.fine_tuning.delete(second.id)
        assert client.fine_tuning.cancel(second.id).status == "cancel_requested"
        assert client.fine_tuning.retrieve(second.id).status == "cancelled"
        assert [e.type for e in client.fine_tuning.list_events(second.id).data][-2:] == ["cancel_requested",
                                                                                       "job_stopped"]
        with pytest.raises(together.BadRequestError, match="already cancelled"):
            client.fine_tuning.cancel(second.id)
        statuses = {j.id: j.status for j in client.fine_tuning.list().data}
        assert statuses == {first.id: "pending", second.id: "cancelled"}
        assert "deleted" in (client.fine_tuning.delete(second.id).message or "")
        with pytest.raises(together.NotFoundError):
            client.fine_tuning.retrieve(second.id)


def test_dpo_job_with_a_preference_file(server: TogetherServer, tmp_path: Path) -> None:
    with make_client(server) as client:
        pref = client.files.upload(write_jsonl(tmp_path / "pref.jsonl", pref_rows(4)), purpose="fine-tune",
                                   check=True)
        chat = client.files.upload(write_jsonl(tmp_path / "chat.jsonl", chat_rows(4)), purpose="fine-tune")
        report = client.files.retrieve(pref.id).validation_report
        assert report is not None and report.dataset_format == "PREFERENCE_OPENAI"
        job = client.fine_tuning.create(training_file=pref.id, model=BASE, training_method="dpo",
                                        dpo_beta=0.2, rpo_alpha=0.5, lora=True)
        assert server.requests[-1].json()["training_method"]["method"] == "dpo"
        assert finish(client, job.id)[-1] == "completed"
        got = client.fine_tuning.retrieve(job.id)
        assert got.training_method is not None and got.training_method.method == "dpo"
        assert got.training_method.dpo_beta == 0.2  # type: ignore[union-attr]
        with pytest.raises(together.BadRequestError) as err:  # DPO wants preference data
            client.fine_tuning.create(training_file=chat.id, model=BASE, training_method="dpo")
        assert err.value.body["error"]["param"] == "training_file"  # type: ignore[index]
        with pytest.raises(together.BadRequestError, match="dpo"):  # and preference data wants DPO
            client.fine_tuning.create(training_file=pref.id, model=BASE, train_on_inputs="auto")


def test_price_estimate_and_model_limits(server: TogetherServer, tmp_path: Path) -> None:
    with make_client(server) as client:
        limits = client.fine_tuning.model_limits(model_name="google/gemma-3-4b-it")
        assert limits.api_model_name == "google/gemma-3-4b-it" and limits.max_num_epochs == 20
        assert limits.supports_vision and limits.lora_training.max_rank == 64 and limits.full_training
        with pytest.raises(together.NotFoundError):
            client.fine_tuning.model_limits(model_name="meta-llama/Llama-3.3-70B-Instruct-Turbo")
        train = client.files.upload(write_jsonl(tmp_path / "t.jsonl", chat_rows(10)), purpose="fine-tune")
        est = client.fine_tuning.estimate_price(training_file=train.id, model=BASE, n_epochs=2,
                                                training_method={"method": "sft", "train_on_inputs": "auto"},
                                                training_type={"type": "Lora", "lora_r": 8, "lora_alpha": 16})
        tokens = server.files[train.id]["_tokens"]
        assert est.estimation_available is True and est.estimated_train_token_count == 2 * tokens
        assert est.estimated_total_price == pytest.approx(2 * tokens * 0.48 / 1e6) and est.allowed_to_proceed
        full = client.fine_tuning.estimate_price(training_file=train.id, model=BASE, n_epochs=2,
                                                 training_type={"type": "Full"})
        assert full.estimated_total_price > est.estimated_total_price  # type: ignore[operator, union-attr]
        server.file_processing_polls = 2  # validation now takes two retrievals
        slow = client.files.upload(write_jsonl(tmp_path / "s.jsonl", chat_rows(2)), purpose="fine-tune")
        assert slow.processing_status == "PENDING"
        pending = client.fine_tuning.estimate_price(training_file=slow.id, model=BASE)
        assert pending.estimation_available is False
        assert pending.unavailable_reason == "train_file_not_validated"
        statuses = [client.files.retrieve(slow.id).processing_status for _ in range(2)]
        assert statuses == ["RUNNING", "COMPLETED"]


@pytest.mark.parametrize(("change", "param"), [
    ({"n_epochs": 21}, "n_epochs"), ({"n_epochs": 0}, "n_epochs"),
    ({"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo"}, "model"),
    ({"training_file": "file-nope"}, "training_file"), ({"suffix": "x" * 41}, "suffix"),
    ({"n_evals": 2}, "n_evals"), ({"batch_size": 4}, "batch_size"),
])
def test_create_rejects_bad_fields_with_a_400_naming_them(server: TogetherServer, tmp_path: Path,
                                                          change: dict[str, Any], param: str) -> None:
    with make_client(server) as client:
        train = client.files.upload(write_jsonl(tmp_path / "t.jsonl", chat_rows(3)), purpose="fine-tune")
        body = {"training_file": train.id, "model": BASE, "n_epochs": 1, "learning_rate": 1e-5,
                "warmup_ratio": 0.0, "max_grad_norm": 1.0, "weight_decay": 0.0, **change}
        with pytest.raises(together.BadRequestError) as err:
            client.post("/v1/fine-tunes", body=body, cast_to=object)
        assert err.value.body["error"]["param"] == param and param in err.value.message  # type: ignore[index]
        assert server.jobs == {}
        # through create(): a model that is not fine-tunable already fails at its model-limits call
        if param == "model":
            with pytest.raises(together.NotFoundError):
                client.fine_tuning.create(training_file=train.id, model=change["model"])
            assert server.count("POST", r"^/v1/fine-tunes$") == 1


def test_fail_next_job_ends_in_error_with_the_message(server: TogetherServer, tmp_path: Path) -> None:
    server.fail_next_job = "CUDA out of memory at step 1"
    with make_client(server) as client:
        train = client.files.upload(write_jsonl(tmp_path / "t.jsonl", chat_rows(3)), purpose="fine-tune")
        job = client.fine_tuning.create(training_file=train.id, model=BASE, train_on_inputs="auto")
        assert finish(client, job.id) == ["pending", "queued", "error"]
        last = client.fine_tuning.list_events(job.id).data[-1]
        assert (last.type, last.level, last.message) == ("job_error", "error", "CUDA out of memory at step 1")
        with pytest.raises(together.BadRequestError):
            client.fine_tuning.content(ft_id=job.id, checkpoint="adapter")
        ok = client.fine_tuning.create(training_file=train.id, model=BASE, train_on_inputs="auto")
        assert finish(client, ok.id)[-1] == "completed"  # only the next job fails


def test_download_adapter_and_merged_archives(server: TogetherServer, tmp_path: Path) -> None:
    with make_client(server) as client:
        jid = completed_job(client, tmp_path, lora_r=8)
        adapter = client.fine_tuning.content(ft_id=jid, checkpoint="adapter").read()
        files = untar_zst(adapter)
        assert set(files) == {"README.md", "adapter_config.json", "adapter_model.safetensors"}
        config = json.loads(files["adapter_config.json"])
        assert (config["peft_type"], config["r"], config["base_model_name_or_path"]) == ("LORA", 8, BASE)
        assert client.fine_tuning.content(ft_id=jid, checkpoint="adapter").read() == adapter  # deterministic
        merged = untar_zst(client.fine_tuning.content(ft_id=jid, checkpoint="merged").read())
        assert "config.json" in merged and "model.safetensors" in merged
        # the SDK's DownloadManager, as its CLI uses it: a Range probe for the size, then the body
        job = client.fine_tuning.retrieve(jid)
        out = tmp_path / "adapter.tar.zst"
        path, size = DownloadManager(client).download(f"/v1/finetune/download?ft_id={jid}&checkpoint=adapter",
                                                      output=out, remote_name=job.x_model_output_name,
                                                      fetch_metadata=True)
        assert Path(path).read_bytes() == adapter and size == len(adapter)
        probe = [r for r in server.requests if r.path == "/v1/finetune/download"][-2]
        assert {k.lower(): v for k, v in probe.headers.items()}["range"] == "bytes=0-1"
        raw = client.fine_tuning.with_raw_response.content(ft_id=jid, checkpoint="adapter")
        assert raw.headers["content-length"] == str(len(adapter))
        assert raw.headers["content-disposition"].endswith('-adapter.tar.zst"')
        with pytest.raises(together.NotFoundError):
            client.fine_tuning.content(ft_id=jid, checkpoint_step=99)


# -- models, hardware, endpoints, chat -----------------------------------------------------------------------
def test_v2_endpoint_with_a_deployment_of_the_tuned_model(server: TogetherServer, tmp_path: Path) -> None:
    with make_client(server) as client:
        jid = completed_job(client, tmp_path)
        job = client.fine_tuning.retrieve(jid)
        tuned = [m for m in client.models.list() if m.name == job.x_model_output_name]
        assert len(tuned) == 1 and tuned[0].id == job.api_model_object_id and tuned[0].base_model_id
        ft_models = {m.name for m in client.models.list_supported(product="PRODUCT_FINE_TUNING")}
        assert {"Qwen/Qwen3-8B", "meta-llama/Llama-3.2-3B-Instruct", "google/gemma-3-4b-it"} <= ft_models
        assert "meta-llama/Llama-3.3-70B-Instruct-Turbo" not in ft_models
        configs = list(client.models.configs.list(reference_model_id=tuned[0].id))
        hardware = {h.name: h for h in client.endpoints.hardware.list().data}
        assert configs and all(h.price_cents_per_hour > 0 for h in hardware.values())
        cfg = configs[0]
        sel = {s.key: s.value for s in cfg.selectors}
        assert f"{sel['accelerator_count']}x{sel['accelerator_type']}" in hardware
        ep = client.endpoints.create(name="support-bot")
        assert ep.name == "fttool-test/support-bot" and ep.deployments == [] and ep.id.startswith("ep_")
        with pytest.raises(together.ConflictError):
            client.endpoints.create(name="support-bot")
        dep = client.endpoints.deployments.create(
            ep.id, name="v1", model=f"projects/{tuned[0].project_id}/models/{tuned[0].id}",
            config=f"projects/{cfg.project_id}/configs/{cfg.id}",
            autoscaling={"min_replicas": 1, "max_replicas": 2})
        assert dep.status.state == "DEPLOYMENT_STATE_PROVISIONING" and dep.autoscaling.max_replicas == 2
        assert dep.name == "fttool-test/support-bot/v1" and dep.hardware in hardware
        with pytest.raises(together.NotFoundError):  # not ready: no such model for chat yet
            client.chat.completions.create(model=ep.name, messages=[{"role": "user", "content": "x"}])
        states = [client.endpoints.retrieve(ep.id).deployments[0].state for _ in range(2)]
        assert states == ["DEPLOYMENT_STATE_PROVISIONING", "DEPLOYMENT_STATE_READY"]
        got = client.endpoints.retrieve(ep.id)
        assert got.traffic_split[0].deployment_id == dep.id
        assert got.deployments[0].estimated_effective_traffic_share == 1
        reply = client.chat.completions.create(model=ep.name, messages=[{"role": "user", "content": "hello"}])
        assert reply.choices[0].message.content == "You said: hello"
        assert [e.id for e in client.endpoints.list()] == [ep.id]
        with pytest.raises(together.BadRequestError):  # delete its deployments first
            client.endpoints.delete(ep.id)
        client.endpoints.deployments.delete(dep.id, endpoint_id=ep.id)
        client.endpoints.delete(ep.id)
        assert list(client.endpoints.list()) == []


def test_v1_endpoint_and_hardware_api(server: TogetherServer, tmp_path: Path) -> None:
    with make_client(server) as client:
        hw = client.get("/v1/hardware", cast_to=object,
                        options={"params": {"model": "meta-llama/Llama-3.2-3B-Instruct"}})
        assert isinstance(hw, dict) and hw["object"] == "list"
        ids = [h["id"] for h in hw["data"]]
        assert "1x_nvidia_l40s_48gb" in ids and "2x_nvidia_h100_80gb_sxm" not in ids
        assert all(h["pricing"]["cents_per_minute"] > 0 and h["availability"]["status"] == "available"
                   for h in hw["data"])
        body = {"model": "meta-llama/Llama-3.2-3B-Instruct", "hardware": "1x_nvidia_l40s_48gb",
                "autoscaling": {"min_replicas": 1, "max_replicas": 1}, "display_name": "tiny"}
        ep = client.post("/v1/endpoints", body=body, cast_to=object)
        assert isinstance(ep, dict) and ep["state"] == "PENDING" and ep["type"] == "dedicated"
        states = [cast(dict, client.get(f"/v1/endpoints/{ep['id']}", cast_to=object))["state"]
                  for _ in range(2)]
        assert states == ["STARTING", "STARTED"]
        reply = client.chat.completions.create(model=ep["name"], messages=[{"role": "user", "content": "yo"}])
        assert reply.choices[0].message.content == "You said: yo"
        mine = client.get("/v1/endpoints", cast_to=object, options={"params": {"type": "dedicated"}})
        assert [e["id"] for e in mine["data"]] == [ep["id"]]  # type: ignore[index]
        with pytest.raises(together.BadRequestError):
            client.post("/v1/endpoints", body={**body, "hardware": "2x_nvidia_h100_80gb_sxm"}, cast_to=object)
        stopped = client.patch(f"/v1/endpoints/{ep['id']}", body={"state": "STOPPED"}, cast_to=object)
        assert stopped["state"] == "STOPPING"  # type: ignore[index]
        assert client.delete(f"/v1/endpoints/{ep['id']}", cast_to=httpx.Response).status_code == 204
        with pytest.raises(together.NotFoundError):
            client.get(f"/v1/endpoints/{ep['id']}", cast_to=object)


# -- auth, faults, timeouts ----------------------------------------------------------------------------------
def test_wrong_key_is_an_authentication_error(server: TogetherServer, tmp_path: Path) -> None:
    with Together(api_key="tgp_v1_wrong", base_url=server.url, project_id=server.project_id,
                  max_retries=0) as bad:
        with pytest.raises(together.AuthenticationError) as err:
            bad.fine_tuning.list()
        assert err.value.body["error"]["code"] == "invalid_api_key"  # type: ignore[index]
        assert err.value.body["error"]["type"] == "invalid_request_error"  # type: ignore[index]
        with pytest.raises(together.AuthenticationError):
            bad.files.upload(write_jsonl(tmp_path / "t.jsonl", chat_rows(1)))
        with pytest.raises(together.AuthenticationError):
            list(bad.endpoints.list())
    assert server.files == {}


def test_faults_reach_the_client_as_the_sdk_errors(server: TogetherServer) -> None:
    server.fault(r"^/v1/fine-tunes$", status=429, headers={"Retry-After": "1"})
    with make_client(server) as client:
        with pytest.raises(together.RateLimitError) as err:
            client.fine_tuning.list()
        assert err.value.response.headers["retry-after"] == "1"
        server.fault(r"^/v1/fine-tunes$", status=429, headers={"Retry-After": "0.05"})
        with make_client(server, max_retries=1) as patient:
            assert patient.fine_tuning.list().data == []  # the SDK waited Retry-After and asked again
        assert server.count("GET", r"^/v1/fine-tunes$") == 3
        server.fault(r"^/v1/files$", status=500)
        with pytest.raises(together.InternalServerError):
            client.files.list()
        server.fault(r"^/v2/public/", drop=True)
        with pytest.raises(together.APIConnectionError):
            client.endpoints.hardware.list()
        server.fault(r"^/v1/fine-tunes/models/limits$", status=0, delay=0.6)
        with pytest.raises(together.APITimeoutError):
            client.fine_tuning.model_limits(model_name=BASE, timeout=0.2)
        time.sleep(0.45)  # let the held response finish before the test ends


def test_create_delay_times_out_but_the_job_exists(server: TogetherServer, tmp_path: Path) -> None:
    with make_client(server) as client:
        train = client.files.upload(write_jsonl(tmp_path / "t.jsonl", chat_rows(2)), purpose="fine-tune")
    server.create_delay = 0.8
    with make_client(server, timeout=0.25) as hasty:
        start = time.monotonic()
        with pytest.raises(together.APITimeoutError):
            hasty.fine_tuning.create(training_file=train.id, model=BASE, train_on_inputs="auto")
    server.create_delay = 0
    with make_client(server) as client:
        assert len(client.fine_tuning.list().data) == 1  # made once, though the client never heard
    assert server.count("POST", r"^/v1/fine-tunes$") == 1
    time.sleep(max(0.0, 0.85 - (time.monotonic() - start)))


def test_sdk_retries_a_timed_out_create_and_makes_a_second_job(server: TogetherServer,
                                                                tmp_path: Path) -> None:
    """Why a provider must create with max_retries=0 (or look for its job before retrying): the SDK retries
    timeouts, sends no idempotency key, and each attempt makes a job."""
    with make_client(server) as client:
        train = client.files.upload(write_jsonl(tmp_path / "t.jsonl", chat_rows(2)), purpose="fine-tune")
    server.create_delay = 0.5
    with make_client(server, timeout=0.2, max_retries=1) as retrying:
        with pytest.raises(together.APITimeoutError):
            retrying.fine_tuning.create(training_file=train.id, model=BASE, train_on_inputs="auto")
        last = time.monotonic()
    posts = [r for r in server.requests if r.method == "POST" and r.path == "/v1/fine-tunes"]
    assert len(posts) == 2 and len(server.jobs) == 2
    assert [p.headers.get("x-stainless-retry-count") for p in posts] == ["0", "1"]
    time.sleep(max(0.0, 0.55 - (time.monotonic() - last)))


def test_env_configuration_and_projects(server: TogetherServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOGETHER_BASE_URL", server.url)
    monkeypatch.setenv("TOGETHER_API_KEY", server.api_key)
    with Together(max_retries=0) as client:
        projects = list(client.projects.list())
        assert [(p.id, p.slug) for p in projects] == [(server.project_id, "fttool-test")]
        assert client.files.list().data == []


# -- async ---------------------------------------------------------------------------------------------------
def test_async_client_end_to_end(server: TogetherServer, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "train.jsonl", chat_rows(4))

    async def main() -> None:
        async with AsyncTogether(api_key=server.api_key, base_url=server.url, project_id=server.project_id,
                                 max_retries=0) as client:
            f = await client.files.upload(path, purpose="fine-tune")
            assert server.uploads[f.id] == hashlib.sha256(path.read_bytes()).hexdigest()
            small = "meta-llama/Llama-3.2-3B-Instruct"
            job = await client.fine_tuning.create(training_file=f.id, model=small, lora=True, suffix="async",
                                                  train_on_inputs="auto")
            # async create() casts to the generated FinetuneResponse (x_model_output_name), sync to lib's
            assert job.x_model_output_name and "-async-" in job.x_model_output_name
            status = job.status
            for _ in range(10):
                status = (await client.fine_tuning.retrieve(job.id)).status
                if status == "completed":
                    break
            assert status == "completed"
            events = (await client.fine_tuning.list_events(job.id)).data
            assert events[-1].type == "job_complete"
            out = tmp_path / "async.tar.zst"
            got, size = await AsyncDownloadManager(client).download(
                f"/v1/finetune/download?ft_id={job.id}&checkpoint=adapter", output=out,
                remote_name=job.x_model_output_name, fetch_metadata=True)
            assert size == out.stat().st_size and "adapter_config.json" in untar_zst(out.read_bytes())
            reply = await client.chat.completions.create(model=job.x_model_output_name,
                                                         messages=[{"role": "user", "content": "async hi"}])
            assert reply.choices[0].message.content == "You said: async hi"

    asyncio.run(main())
