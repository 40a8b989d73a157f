"""One launch plan, one money guard (issue 17): `fttool train --dry-run` prints the plan and sends nothing; the job
service refuses a billable launch that carries no confirmation of its plan, or is over budget, from any door (the
service directly, `fttool jobs clone` without --yes, the Jobs view's Clone); `--budget` raises the budget; the same
epochs, billed tokens and cost in the CLI's plan, `fttool validate` and the Train view's confirmation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fttool.errors import UsageError
from tests.e2e.cloud_support import sample_files, setup_openai, wait_job
from tests.support.cli import run_cli
from tests.support.launch import launch

MODEL = "gpt-4o-mini-2024-07-18"


def _env(server: Any) -> dict[str, str]:
    return {"OPENAI_BASE_URL": server.base_url}


def test_dry_run_prints_the_plan_and_sends_nothing(openai_server: Any, file_keyring: Any, fttool_home: Path,
                                                   tmp_path: Path) -> None:
    run_cli("auth", "set", "openai", input=openai_server.api_key + "\n")
    train, _ = sample_files(tmp_path)
    r = run_cli("train", "--backend", "openai", "--model", "gpt-4o-mini", "--data", str(train), "--dry-run",
                "--json", env=_env(openai_server))
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["backend"] == "openai" and plan["model"] == "gpt-4o-mini" and plan["launchable"]
    assert plan["examples"] == 9 and plan["epochs"] == 11  # the cookbook's 100 // 9
    assert plan["estimated_cost_usd"] == pytest.approx(plan["billed_tokens"] * 3.0 / 1e6, abs=1e-4)
    assert plan["price_date"] == "2025-06-01" and plan["problems"] == []
    v = run_cli("validate", str(train), "--model", "gpt-4o-mini", "--json")  # the same numbers from validate
    report = json.loads(v.stdout)
    assert (report["epochs"], report["tokens"]["billed"]) == (plan["epochs"], plan["billed_tokens"])
    assert report["estimated_cost_usd"] == pytest.approx(plan["estimated_cost_usd"], abs=1e-4)
    # words, over budget: exit 1
    r = run_cli("train", "--backend", "openai", "--model", "gpt-4o-mini", "--data", str(train), "--dry-run",
                "--budget", "0.0001", env=_env(openai_server))
    assert r.returncode == 1 and "Over the budget of $0.00" in r.stdout and "9 examples x 11 epochs" in r.stdout
    # an unknown model: no estimate, and said so
    r = run_cli("train", "--backend", "openai", "--model", "gpt-4o-mni", "--data", str(train), "--dry-run",
                "--json", env=_env(openai_server))
    plan = json.loads(r.stdout)
    assert plan["estimated_cost_usd"] is None and plan["warnings"][0]["code"] == "unknown_model"
    assert openai_server.files == {} and openai_server.jobs == {}  # nothing uploaded, nothing created


def test_the_service_refuses_an_unconfirmed_or_over_budget_launch(openai_server: Any, service: Any,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    setup_openai(openai_server, monkeypatch)
    train, _ = sample_files(tmp_path)
    params = {"training_file": str(train), "epochs": 1}
    with pytest.raises(UsageError) as err:
        service.call("create_job", backend="openai", base_model=MODEL, params=params)
    assert err.value.code == "launch_not_confirmed"
    plan = service.call("launch_plan", backend="openai", params=params, base_model=MODEL)
    with pytest.raises(UsageError) as err:  # a plan for other data or other numbers confirms nothing
        service.call("create_job", backend="openai", base_model=MODEL, params={**params, "epochs": 2},
                     confirmed=plan["fingerprint"])
    assert err.value.code == "launch_not_confirmed"
    project = tmp_path / "proj"
    project.mkdir()
    (project / "project.json").write_text(json.dumps({"name": "p", "budget_usd": 0.000001}))
    over = service.call("launch_plan", backend="openai", params=params, base_model=MODEL, project=str(project))
    assert over["over_budget"] and not over["launchable"]
    with pytest.raises(UsageError) as err:
        service.call("create_job", backend="openai", base_model=MODEL, params=params, project=str(project),
                     confirmed=over["fingerprint"])
    assert err.value.code == "launch_over_budget"
    assert openai_server.files == {} and openai_server.jobs == {} and service.call("list_jobs") == []
    # raised for this launch: it goes
    job = launch(service, backend="openai", base_model=MODEL, params=params, project=str(project), budget_usd=5.0)
    assert job["status"] not in ("failed", "cancelled") and len(openai_server.jobs) == 1


def test_cli_clone_goes_through_the_same_guard(openai_server: Any, file_keyring: Any, fttool_home: Path,
                                               tmp_path: Path) -> None:
    run_cli("auth", "set", "openai", input=openai_server.api_key + "\n")
    train, valid = sample_files(tmp_path)
    r = run_cli("train", "--backend", "openai", "--model", MODEL, "--data", str(train), "--epochs", "1", "--yes",
                "--wait", "--poll", "0.05", "--json", env=_env(openai_server))
    assert r.returncode == 0, r.stderr
    first = json.loads(r.stdout)
    assert len(openai_server.jobs) == 1
    r = run_cli("jobs", "clone", first["id"], "--epochs", "2", env=_env(openai_server))  # no --yes, no terminal
    assert r.returncode != 0 and "costs about $" in r.stderr and "Nothing was sent" in r.stderr
    assert len(openai_server.jobs) == 1
    r = run_cli("jobs", "clone", first["id"], "--epochs", "2", "--budget", "0.000001", "--yes",
                env=_env(openai_server))
    assert r.returncode != 0 and "above" in r.stderr and len(openai_server.jobs) == 1
    r = run_cli("jobs", "clone", first["id"], "--epochs", "2", "--yes", "--json", env=_env(openai_server))
    assert r.returncode == 0, r.stderr
    clone = json.loads(r.stdout)
    assert clone["params"]["epochs"] == 2 and clone["base_model"] == MODEL and len(openai_server.jobs) == 2
    assert "trained_tokens" not in clone["params"]  # the source's outcome stays with the source
    # the first job's record: what the provider billed beside the estimate
    from fttool.jobs.plan import cost_vs_estimate

    assert first["params"]["trained_tokens"] > 0 and first["params"]["estimated_billed_tokens"] > 0
    code, said = cost_vs_estimate(first["params"]) or ("", {})
    assert code == "cost_vs_estimate" and said["difference"].endswith("%")


def test_jobs_view_clone_asks_before_it_spends(qtbot: Any, qapp: Any, openai_server: Any, service: Any,
                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ui.bridge import Bridge
    from ui.views.jobs import JobsView

    setup_openai(openai_server, monkeypatch)
    train, _ = sample_files(tmp_path)
    job = launch(service, backend="openai", base_model=MODEL, params={"training_file": str(train), "epochs": 1})
    wait_job(service, job["id"])
    bridge = Bridge(service)
    view = JobsView(bridge)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=5000)
    view.select_job(job["id"])
    view.clone_button.click()
    view.clone_dialog.editor.setPlainText(json.dumps({"training_file": str(train), "epochs": 3}))
    view.clone_dialog.start_button.click()
    qtbot.waitUntil(lambda: getattr(view, "last_dialog", None) is not None, timeout=10_000)
    dlg = view.last_dialog
    assert "should cost about $" in dlg.headline.text()
    dlg.reject()  # cancelled: nothing is sent
    qtbot.wait(300)
    assert len(openai_server.jobs) == 1 and len(service.call("list_jobs")) == 1
    view.clone_button.click()
    view.clone_dialog.editor.setPlainText(json.dumps({"training_file": str(train), "epochs": 3}))
    view.clone_dialog.start_button.click()
    qtbot.waitUntil(lambda: view.last_dialog is not dlg, timeout=10_000)
    view.last_dialog.launch_button.click()
    qtbot.waitUntil(lambda: len(service.call("list_jobs")) == 2, timeout=10_000)
    # The local record comes first; the upload and the create call follow on the service thread.
    qtbot.waitUntil(lambda: len(openai_server.jobs) == 2, timeout=20_000)
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)
    bridge.close()


def test_the_same_numbers_in_every_view(qtbot: Any, qapp: Any, openai_server: Any, service: Any,
                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """One file, one model: the CLI's plan, the Data view's summary, the Train view's estimate and Decide's data
    facts give the same epochs, billed tokens and cost (all from fttool.tables)."""
    from fttool.decision.evidence import data_facts
    from fttool.decision.tables import Tables
    from fttool.jobs.plan import plan_launch
    from fttool.project import Project
    from fttool.providers.registry import get_provider
    from tests.e2e.cloud_support import sample_project
    from ui.bridge import Bridge
    from ui.views.data import DataView
    from ui.views.train import cloud as train_cloud

    setup_openai(openai_server, monkeypatch)
    project_dir = sample_project(tmp_path)
    project = Project.open(project_dir)
    train = project.dataset_files()["train"]
    plan = plan_launch("openai", MODEL, {"training_file": str(train)}, str(project_dir), None, get_provider("openai"))
    assert plan.epochs and plan.billed_tokens and plan.estimated_cost_usd is not None
    bridge = Bridge(service)
    try:
        data = DataView(bridge)
        qtbot.addWidget(data)
        data.show()
        data.set_project(project)
        qtbot.waitUntil(lambda: data.session is not None and data.session.ready, timeout=10_000)
        qtbot.waitUntil(lambda: data.session.facts is not None and not data._tasks, timeout=30_000)
        summary = data.summary_label.text()
        assert f"over the examples {plan.epochs} time(s) (epochs): {plan.billed_tokens:,} tokens are billed" \
            in data.summary_label.toolTip(), data.summary_label.toolTip()  # the header rounds; the tooltip is exact
        assert f"about ${plan.estimated_cost_usd:,.2f} to train" in summary, summary
        panel = train_cloud.OpenAITrainPanel(bridge)
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.model.count() > 0, timeout=10_000)
        panel.set_project(project)
        panel.model.setCurrentText(MODEL)
        qtbot.waitUntil(lambda: panel.estimate is not None and panel.estimate.get("usd") is not None,
                        timeout=10_000)
        assert panel.estimate["billed_tokens"] == plan.billed_tokens
        assert panel.estimate["usd"] == pytest.approx(plan.estimated_cost_usd, abs=1e-6)
        facts = data_facts(train, "openai", MODEL, Tables.load())
        assert facts is not None and (facts.epochs, facts.billed_tokens) == (plan.epochs, plan.billed_tokens)
        qtbot.waitUntil(lambda: not data._tasks and bridge.pending == 0, timeout=30_000)
        data.close_all()
    finally:
        qtbot.waitUntil(lambda: bridge.pending == 0, timeout=20_000)
        bridge.close()
