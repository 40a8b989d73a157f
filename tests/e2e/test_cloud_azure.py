"""Azure OpenAI end to end: the real AzureOpenAI client on Azure's paths, file processing, deployment."""

from __future__ import annotations

import pytest

from fttool.errors import CredentialError
from tests.e2e.cloud_support import sample_files, setup_azure, wait_job
from tests.support.launch import launch, submit_launch

MODEL = "gpt-4o-mini-2024-07-18"


def _start(service, train, valid=None, **params):
    p = {"training_file": str(train), **params}
    if valid is not None:
        p["validation_file"] = str(valid)
    return launch(service, backend="azure", base_model=MODEL, params=p)


def test_whole_azure_job_waits_for_file_processing(openai_server, service, tmp_path, monkeypatch):
    from fttool.providers.azure import AzureOpenAIProvider

    setup_azure(openai_server, monkeypatch)
    monkeypatch.setattr(AzureOpenAIProvider, "file_poll_seconds", 0.05)
    openai_server.file_processing_polls = 3
    train, valid = sample_files(tmp_path)
    job = _start(service, train, valid, epochs=3, suffix="chef")
    srv_job = openai_server.jobs[job["provider_job_id"]]
    # the job was created only once both files were processed (the server refuses unprocessed files)
    assert all(openai_server.files[f]["status"] == "processed"
               for f in (srv_job["training_file"], srv_job["validation_file"]))
    assert openai_server.count("GET", r"^/openai/files/file-") >= 6
    assert all(r.arg("api-version") == "2025-04-01-preview" for r in openai_server.requests
               if r.path.startswith("/openai/"))
    assert openai_server.count("POST", r"^/v1/") == 0
    done = wait_job(service, job["id"])
    assert done["status"] == "succeeded"
    assert done["result_model"] == f"{MODEL}.ft-{job['provider_job_id'][-8:]}-chef"
    assert len(done["metrics"]["train_loss"]) == 3 and done["params"]["trained_tokens"] > 0
    assert [c["step"] for c in done["params"]["checkpoints"]] == [1, 2, 3]


def test_azure_file_processing_error_is_said(openai_server, service, tmp_path, monkeypatch):
    from fttool.errors import UsageError
    from fttool.providers.azure import AzureOpenAIProvider

    setup_azure(openai_server, monkeypatch)
    monkeypatch.setattr(AzureOpenAIProvider, "file_poll_seconds", 0.05)
    openai_server.file_processing_polls = 2
    openai_server.file_error = "Invalid file format: line 2 is not JSON."
    train, _ = sample_files(tmp_path)
    with pytest.raises(UsageError, match="Invalid file format: line 2"):
        _start(service, train)
    assert openai_server.jobs == {}


def test_azure_wrong_key(openai_server, service, tmp_path, monkeypatch):
    from fttool import credentials

    setup_azure(openai_server, monkeypatch)
    credentials.set_secret("azure", "not-the-azure-key-000")
    train, _ = sample_files(tmp_path)
    with pytest.raises(CredentialError, match="rejected the key"):
        _start(service, train)
    assert openai_server.jobs == {}


def test_deploy_through_management_api_then_delete(openai_server, service, tmp_path, monkeypatch):
    from fttool import credentials, settings

    setup_azure(openai_server, monkeypatch)
    train, _ = sample_files(tmp_path)
    job = _start(service, train)
    model = wait_job(service, job["id"])["result_model"]
    # not configured: copyable instructions with the values filled in, and the hourly warning
    plan = service.call("deploy_plan", model=model)
    assert not plan["configured"] and "azure-management" in plan["missing"]
    assert f"--model-name {model}" in plan["instructions"] and "<resource-group>" in plan["instructions"]
    assert plan["warning"]["usd_per_hour"] == 1.7 and "billed by the hour" in plan["warning"]["message"]
    # configured: deployed through the management REST API
    settings.update({"azure_subscription": "sub-1", "azure_resource_group": "rg-1", "azure_resource_name": "res-1"})
    credentials.set_secret("azure-management", openai_server.management_token)
    monkeypatch.setenv("FTTOOL_AZURE_MANAGEMENT_URL", openai_server.url)
    openai_server.deployment_polls = 2
    plan = service.call("deploy_plan", model=model, name="chef-bot")
    assert plan["configured"] and "rg-1" in plan["instructions"]
    dep = service.call("deploy_model", model=model, name="chef-bot", poll=0.05)
    assert dep["state"] == "Succeeded" and "billed by the hour" in dep["warning"]["message"]
    put = [r for r in openai_server.requests if r.method == "PUT"][0]
    assert put.path == ("/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.CognitiveServices/accounts/"
                        "res-1/deployments/chef-bot")
    assert put.json()["properties"]["model"]["name"] == model
    assert service.call("list_deployments") == [{"name": "chef-bot", "model": model, "state": "Succeeded"}]
    # clean up lists the deployment (billed by the hour) with the files and the model, and deletes it first
    items = service.call("cleanup_list", backend="azure")
    assert sorted(i["kind"] for i in items) == ["deployment", "file", "model"]
    results = service.call("cleanup_delete", backend="azure", items=items)
    assert all(r["ok"] for r in results), results
    assert openai_server.deployments == {} and openai_server.files == {}


def test_deploy_with_a_bad_management_token(openai_server, service, monkeypatch):
    from fttool import credentials, settings

    settings.update({"azure_subscription": "s", "azure_resource_group": "r", "azure_resource_name": "n"})
    credentials.set_secret("azure-management", "expired-token-123456")
    monkeypatch.setenv("FTTOOL_AZURE_MANAGEMENT_URL", openai_server.url)
    with pytest.raises(CredentialError, match="management token"):
        service.call("deploy_model", model=f"{MODEL}.ft-abc", name="x1")


def test_cancel_while_uploading_sends_nothing(openai_server, service, tmp_path, monkeypatch):
    import time

    from fttool.providers.azure import AzureOpenAIProvider

    setup_azure(openai_server, monkeypatch)
    monkeypatch.setattr(AzureOpenAIProvider, "file_poll_seconds", 0.05)
    openai_server.file_processing_polls = 10**6  # Azure keeps processing the upload
    train, _ = sample_files(tmp_path)
    future = submit_launch(service, backend="azure", base_model=MODEL, params={"training_file": str(train)})
    # A generous deadline (a loaded 2-core CI machine once took over 10 s here); a start that ended early
    # fails with its own error instead of a timeout, and a timeout says where the job stood.
    deadline = time.monotonic() + 60
    jobs: list = []
    while not jobs or jobs[0]["status"] != "uploading":
        if future.done():
            future.result(0)  # raises the start's error, if any
            pytest.fail(f"the start ended without being cancelled: {service.call('list_jobs')}")
        assert time.monotonic() < deadline, f"never uploading; jobs: {jobs}"
        time.sleep(0.02)
        jobs = service.call("list_jobs")
    job_id = jobs[0]["id"]
    assert service.call("cancel_job", job_id=job_id)["status"] == "cancelled"
    job = future.result(10)
    assert job["status"] == "cancelled" and job["provider_job_id"] is None
    assert openai_server.jobs == {}
