"""The OpenAI/Azure providers' pure parts: facts and dates, parameters, errors in words, the uploads table,
budgets, deployment plans."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fttool.jobs.record import Job, Status
from fttool.providers.openai import OpenAIProvider
from fttool.providers.registry import backend_names, get_provider


def test_registered_and_facts_are_dated_with_sources():
    assert {"openai", "azure"} <= set(backend_names())
    assert get_provider("azure").name == "azure"
    from fttool.providers.openai import provider_facts

    facts = provider_facts()
    date.fromisoformat(facts["as_of"])
    sources = {s["id"] for s in facts["sources"]}
    assert facts["openai"]["new_jobs_end"] == "2027-01-06" and facts["openai"]["new_jobs_end_source"] in sources
    for info in facts["openai"]["base_model_shutdown"].values():
        date.fromisoformat(info["date"])
        assert info["source"] in sources
    for model, info in facts["azure"]["fine_tunable"].items():
        assert info["source"] in sources and info["regions"], model
        if info["retires"]:
            date.fromisoformat(info["retires"])


@pytest.mark.parametrize(("now", "accepting", "code"), [
    ("2027-01-05T23:59:59Z", True, "new_jobs_until"),
    ("2027-01-06T00:00:00Z", False, "new_jobs_ended"),
    ("2028-03-01T12:00:00Z", False, "new_jobs_ended"),
])
def test_wind_down_date_on_both_sides(monkeypatch, now, accepting, code):
    monkeypatch.setenv("FTTOOL_NOW", now)
    p = OpenAIProvider()
    caps = p.capabilities()
    assert caps.accepts_new_jobs is accepting
    assert (caps.not_accepting_since == "2027-01-06") is (not accepting)
    notice = p.date_notice()
    assert notice is not None and notice[0] == code and notice[1]["date"] == "2027-01-06"
    # Azure has no such date
    assert get_provider("azure").capabilities().accepts_new_jobs


def test_parameters_are_validated_before_anything_is_sent(tmp_path):
    p = OpenAIProvider()
    train = tmp_path / "t.jsonl"
    train.write_text("{}\n")
    assert p.validate_parameters({"training_file": str(train), "epochs": 3}) == []
    names = {pr.name for pr in p.validate_parameters({"epochs": 0, "suffix": "x" * 65, "beta": 0.1,
                                                      "learning_rate": 20, "method": "rl"})}
    assert names == {"training_file", "epochs", "suffix", "beta", "learning_rate", "method"}
    missing = p.validate_parameters({"training_file": str(tmp_path / "nope.jsonl")})
    assert [pr.code for pr in missing] == ["file_not_found"]
    specs = {s.name: s for s in p.parameters()}
    assert all(s.help for s in specs.values()) and specs["method"].choices == ("supervised", "dpo")


def test_create_kwargs_use_method_hyperparameters_and_metadata():
    job = Job(backend="openai", base_model="gpt-4o-mini-2024-07-18",
              params={"method": "dpo", "epochs": 2, "batch_size": 4, "learning_rate": 0.5, "beta": 0.2,
                      "suffix": "s", "seed": 3})
    kw = OpenAIProvider().create_kwargs(job, "file-a", "file-b")
    assert kw["metadata"] == {"fttool_job": job.id}
    assert kw["method"] == {"type": "dpo", "dpo": {"hyperparameters": {
        "n_epochs": 2, "batch_size": 4, "learning_rate_multiplier": 0.5, "beta": 0.2}}}
    assert kw["validation_file"] == "file-b" and kw["suffix"] == "s" and kw["seed"] == 3
    assert "hyperparameters" not in kw  # deprecated top-level form never sent


def test_auto_epochs_follow_the_cookbook_rule():
    p = OpenAIProvider()
    # the cookbook's floor division (100 // 9 = 11), the one rule everywhere (issue 17: 13 examples -> 7, not 8)
    assert p.auto_epochs(9) == 11 and p.auto_epochs(100) == 3 and p.auto_epochs(20000) == 1
    assert p.auto_epochs(1) == 25 and p.auto_epochs(13) == 7


def _status_error(status, body, headers=None):
    import httpx2
    import openai

    req = httpx2.Request("POST", "https://api.openai.com/v1/fine_tuning/jobs")
    resp = httpx2.Response(status, json={"error": body}, headers=headers or {}, request=req)
    cls = {400: openai.BadRequestError, 401: openai.AuthenticationError, 429: openai.RateLimitError,
           500: openai.InternalServerError}[status]
    return cls(body["message"], response=resp, body=body)


def test_errors_in_plain_words():
    from fttool.errors import ConnectionProblem, CredentialError, UsageError

    p = OpenAIProvider()
    e = p.translate(_status_error(400, {"message": "Invalid n_epochs", "param": "method.supervised.hyperparameters"
                                        ".n_epochs"}), polling=False)
    assert isinstance(e, UsageError) and e.params["field"] == "epochs" and "Invalid n_epochs" in e.message
    e = p.translate(_status_error(401, {"message": "bad"}), polling=False)
    assert isinstance(e, CredentialError) and "rejected the key" in e.message
    e = p.translate(_status_error(401, {"message": "bad"}), polling=True)
    assert isinstance(e, ConnectionProblem) and "while watching" in e.message
    e = p.translate(_status_error(429, {"message": "slow"}, {"Retry-After": "7"}), polling=True)
    assert isinstance(e, ConnectionProblem) and "7 s" in e.message
    assert isinstance(p.translate(_status_error(500, {"message": "x"}), polling=True), ConnectionProblem)


def test_status_words_and_result_fields():
    from types import SimpleNamespace

    p = OpenAIProvider()
    ft = SimpleNamespace(status="failed", fine_tuned_model=None, trained_tokens=1000,
                         error=SimpleNamespace(code="invalid_file", message="Line 3 bad", param="training_file"),
                         hyperparameters=SimpleNamespace(n_epochs=3))
    res = p.result_from(Job(backend="openai", base_model="gpt-4o-mini-2024-07-18"), ft)
    assert res.status == Status.FAILED and res.provider_status == "failed"
    assert res.error == {"code": "invalid_file", "message": "Line 3 bad", "field": "training_file"}
    assert res.params == {"trained_tokens": 1000, "cost_usd": 0.003, "epochs_used": 3}
    for word, status in (("validating_files", Status.VALIDATING), ("queued", Status.QUEUED),
                         ("running", Status.RUNNING), ("paused", Status.PAUSED), ("pending", Status.QUEUED),
                         ("succeeded", Status.SUCCEEDED), ("cancelled", Status.CANCELLED)):
        ft.status, ft.error = word, None
        assert p.result_from(Job(backend="openai"), ft).status == status


def test_uploads_table_is_atomic_and_keyed_by_account(fttool_home):
    from fttool.providers.openai import forget_file_id, load_uploads, record_upload, uploads_path

    p = OpenAIProvider()
    a1, a2 = p.account("sk-one-000000000"), p.account("sk-two-000000000")
    assert a1 != a2 and "sk-" not in a1
    record_upload(a1, "abc", {"file_id": "file-1"})
    record_upload(a2, "abc", {"file_id": "file-2"})
    assert load_uploads()[a1]["abc"]["file_id"] == "file-1"
    forget_file_id(a1, "file-1")
    assert "abc" not in load_uploads()[a1] and load_uploads()[a2]["abc"]["file_id"] == "file-2"
    assert "sk-one" not in uploads_path().read_text()


def test_budget_from_project_then_settings(tmp_path):
    from fttool import settings
    from fttool.jobs.plan import budget_usd

    assert budget_usd(None) is None
    settings.update({"budget_usd": 5})
    assert budget_usd(None) == 5.0
    project = tmp_path / "p"
    project.mkdir()
    (project / "project.json").write_text(json.dumps({"budget_usd": 1.5}))
    assert budget_usd(str(project)) == 1.5


def test_deploy_plan_fills_in_values_and_warns(monkeypatch):
    from fttool import settings
    from fttool.errors import UsageError
    from fttool.providers import deploy

    plan = deploy.plan("gpt-4o-mini-2024-07-18.ft-abc")
    assert not plan["configured"] and set(plan["missing"]) == {*deploy.SETTINGS_KEYS, "azure-management"}
    assert "<subscription-id>" in plan["instructions"]
    assert plan["warning"]["usd_per_hour"] == 1.7 and plan["warning"]["price_date"] == "2025-06-01"
    settings.update({"azure_subscription": "sub", "azure_resource_group": "rg", "azure_resource_name": "res"})
    plan = deploy.plan("gpt-4o-mini-2024-07-18.ft-abc", name="mine")
    assert "--subscription sub --resource-group rg --name res --deployment-name mine" in plan["instructions"]
    assert "https://management.azure.com/subscriptions/sub/resourceGroups/rg/" in plan["instructions"]
    with pytest.raises(UsageError):
        deploy.check_name("bad name!")


def test_azure_retirement_notice_either_side(monkeypatch):
    from fttool.providers.azure import AzureOpenAIProvider

    p = AzureOpenAIProvider()
    monkeypatch.setenv("FTTOOL_NOW", "2026-01-01T00:00:00Z")
    assert p.model_notice("gpt-4.1-2025-04-14")[0] == "azure_model_retires"
    monkeypatch.setenv("FTTOOL_NOW", "2026-05-01T00:00:00Z")
    assert p.model_notice("gpt-4.1-2025-04-14")[0] == "azure_model_retired"
    assert p.model_notice("unknown-model") is None


def test_no_openai_import_at_provider_import():
    import subprocess
    import sys

    code = ("import sys; import fttool.providers.openai, fttool.providers.azure, fttool.jobs.service; "
            "print('openai' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False", out.stderr
