"""The OpenAI/Azure panels of the Train view, the cost confirmation and the Clean up dialog, with a real service,
bridge and the real openai client against our test server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.cloud_support import sample_files, sample_project, setup_azure, setup_openai, wait_job
from tests.support.launch import launch

MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def bridge(service: Any, qtbot: Any) -> Any:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=20_000)
    b.close()


def _panel(bridge, qtbot, cls_name="OpenAITrainPanel"):
    from ui.views.train import cloud

    panel = getattr(cloud, cls_name)(bridge)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.count() > 0 and bool(panel.param_form.editors), timeout=10_000)
    return panel


def test_panel_shows_the_date_estimates_confirms_and_launches(bridge, openai_server, qtbot, tmp_path, monkeypatch):
    from fttool.project import Project
    from ui.widgets.cost_confirm import CostConfirm

    setup_openai(openai_server, monkeypatch)
    monkeypatch.setenv("FTTOOL_NOW", "2026-12-01T10:00:00Z")
    panel = _panel(bridge, qtbot)
    assert panel.notice.isVisibleTo(panel)
    assert "until 2027-01-06 (36 days from today)" in panel.notice.text()
    project = sample_project(tmp_path)
    (project / "data" / "test.jsonl").unlink()  # a project without a held-out split
    panel.set_project(Project.open(project))
    panel.model.setCurrentText(MODEL)
    panel.param_form.set_values({"epochs": 2})
    qtbot.waitUntil(lambda: panel.estimate is not None, timeout=10_000)
    assert panel.estimate_label.text().startswith("Estimate: about $0.0")
    assert "prices as of 2025-06-01" in panel.estimate_label.text()
    started: list[dict] = []
    panel.jobStarted.connect(started.append)
    panel.check_and_confirm()
    qtbot.waitUntil(lambda: isinstance(panel.last_dialog, CostConfirm), timeout=10_000)
    dlg = panel.last_dialog
    assert "should cost about $" in dlg.headline.text()
    assert "2025-06-01" in dlg.prices.text() and "No budget" in dlg.budget.text()
    assert dlg.send_anyway is None and dlg.launch_button.isEnabled()
    dlg.launch_button.click()
    qtbot.waitUntil(lambda: bool(started), timeout=20_000)
    assert started[0]["backend"] == "openai" and started[0]["project"] == str(project)
    assert wait_job(bridge.service, started[0]["id"])["status"] == "succeeded"


def test_over_budget_blocks_and_after_the_date_needs_a_tick(bridge, openai_server, qtbot, tmp_path, monkeypatch):
    from fttool import settings
    from ui.widgets.cost_confirm import CostConfirm

    setup_openai(openai_server, monkeypatch)
    monkeypatch.setenv("FTTOOL_NOW", "2027-02-01T10:00:00Z")
    settings.update({"budget_usd": 0.000001})
    panel = _panel(bridge, qtbot)
    assert "stopped taking new self-serve fine-tuning jobs on 2027-01-06" in panel.notice.text()
    train, _ = sample_files(tmp_path)
    panel.train_file.setText(str(train))
    panel.check_and_confirm()
    qtbot.waitUntil(lambda: isinstance(panel.last_dialog, CostConfirm), timeout=10_000)
    dlg = panel.last_dialog
    assert dlg.over_budget and "Over budget" in dlg.budget.text()
    assert dlg.send_anyway is not None
    dlg.send_anyway.setChecked(True)
    assert not dlg.launch_button.isEnabled()  # the budget still blocks
    dlg.reject()
    settings.update({"budget_usd": None})
    panel.check_and_confirm()
    qtbot.waitUntil(lambda: isinstance(panel.last_dialog, CostConfirm) and panel.last_dialog is not dlg,
                    timeout=10_000)
    dlg2 = panel.last_dialog
    assert not dlg2.launch_button.isEnabled()
    dlg2.send_anyway.setChecked(True)
    assert dlg2.launch_button.isEnabled()
    dlg2.launch_button.click()
    qtbot.waitUntil(lambda: "refused to start a new fine-tuning job" in panel.status.text(), timeout=20_000)
    assert "no longer available for new jobs" in panel.status.text()
    assert openai_server.jobs == {}


def test_a_400_shows_next_to_the_field_it_names(bridge, openai_server, qtbot, tmp_path, monkeypatch):
    from ui.widgets.cost_confirm import CostConfirm

    setup_openai(openai_server, monkeypatch)
    panel = _panel(bridge, qtbot)
    train, _ = sample_files(tmp_path)
    panel.train_file.setText(str(train))
    panel.model.setCurrentText("gpt-3.5-turbo-instruct")
    panel.check_and_confirm()
    qtbot.waitUntil(lambda: isinstance(panel.last_dialog, CostConfirm), timeout=10_000)
    panel.last_dialog.launch_button.click()
    err = panel.field_errors["model"]
    qtbot.waitUntil(lambda: err.isVisibleTo(panel), timeout=20_000)
    assert "not available for fine-tuning" in err.text()
    # a local problem is marked before anything is sent
    panel.train_file.setText(str(tmp_path / "missing.jsonl"))
    panel.check_and_confirm()
    qtbot.waitUntil(lambda: panel.field_errors["training_file"].isVisibleTo(panel), timeout=10_000)
    assert "nothing was sent" in panel.status.text()


def test_cleanup_dialog_lists_and_deletes_the_picked_items(bridge, openai_server, qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    from ui.widgets.cleanup_dialog import CleanupDialog

    setup_openai(openai_server, monkeypatch)
    train, valid = sample_files(tmp_path)
    job = launch(bridge.service, backend="openai", base_model=MODEL,
                              params={"training_file": str(train), "validation_file": str(valid)})
    model = wait_job(bridge.service, job["id"])["result_model"]
    dlg = CleanupDialog(bridge, "openai", "OpenAI")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.list.count() == 3, timeout=10_000)
    assert "may hold personal data" in dlg.list.item(0).text()
    for row in range(dlg.list.count()):
        item = dlg.list.item(row)
        if item.data(Qt.ItemDataRole.UserRole)["kind"] == "file":
            item.setCheckState(Qt.CheckState.Checked)
    assert dlg.delete_button.isEnabled()
    dlg.delete(dlg.checked())
    qtbot.waitUntil(lambda: dlg.results is not None and dlg.list.count() == 1, timeout=10_000)
    assert openai_server.files == {} and model in {m["id"] for m in openai_server.models}
    assert "Deleted 2 of 2" in dlg.status.text()


def test_azure_panel_deploy_dialog_gives_instructions_and_the_hourly_warning(bridge, openai_server, qtbot,
                                                                            monkeypatch):
    from ui.widgets.deploy_dialog import DeployDialog

    setup_azure(openai_server, monkeypatch)
    panel = _panel(bridge, qtbot, "AzureTrainPanel")
    assert not panel.notice.isVisibleTo(panel)
    assert panel.deploy_button.isVisibleTo(panel)  # Azure deploys a model by its name (its capabilities say so)
    panel.open_deploy(f"{MODEL}.ft-abc123")
    dlg = panel.last_dialog
    assert isinstance(dlg, DeployDialog)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10_000)
    assert "billed by the hour" in dlg.warning.text() and "$1.70" in dlg.warning.text()
    assert f"--model-name {MODEL}.ft-abc123" in dlg.instructions.toPlainText()
    assert not dlg.deploy_button.isEnabled()


def test_jobs_view_follows_a_cloud_job_to_its_result(bridge, openai_server, qtbot, tmp_path, monkeypatch):
    from ui.views.jobs import JobsView

    setup_openai(openai_server, monkeypatch)
    view = JobsView(bridge)
    qtbot.addWidget(view)
    train, valid = sample_files(tmp_path)
    job = launch(bridge.service, backend="openai", base_model=MODEL,
                              params={"training_file": str(train), "validation_file": str(valid)})
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0 and
                    view.model.job(view.model.row_of(job["id"]))["status"] == "succeeded", timeout=20_000)
    record = view.model.job(view.model.row_of(job["id"]))
    assert record["result_model"].startswith("ft:") and len(record["metrics"]["train_loss"]) == 3
    bridge.close()  # no more service events for the view; let its own requests finish before it goes
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)


def test_deploy_dialog_saves_the_target_and_token_then_deploys(bridge, openai_server, qtbot, monkeypatch):
    from fttool import credentials, settings
    from ui.widgets.deploy_dialog import DeployDialog

    setup_azure(openai_server, monkeypatch)
    monkeypatch.setenv("FTTOOL_AZURE_MANAGEMENT_URL", openai_server.url)
    model = f"{MODEL}.ft-abc123"
    openai_server.models.append({"id": model, "object": "model", "created": 1, "owned_by": "org"})
    dlg = DeployDialog(bridge, model)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10_000)
    assert not dlg.plan["configured"]
    dlg.subscription.setText("sub-9")
    dlg.resource_group.setText("rg-9")
    dlg.resource.setText("res-9")
    dlg.token.setText(openai_server.management_token)
    first = dlg.plan
    dlg.make_plan()
    qtbot.waitUntil(lambda: dlg.plan is not first, timeout=10_000)
    assert dlg.plan["configured"] and dlg.deploy_button.isEnabled()
    assert settings.get("azure_resource_group") == "rg-9"
    assert credentials.get("azure-management") == openai_server.management_token
    assert openai_server.management_token not in (settings.load().__repr__())
    dlg.deploy()
    qtbot.waitUntil(lambda: "billed by the hour until you delete it" in dlg.status.text(), timeout=20_000)
    assert "Succeeded" in dlg.status.text() and list(openai_server.deployments) == [model]


def test_train_view_shows_the_cloud_panels(bridge, openai_server, qtbot, monkeypatch):
    from ui.views.train import AzureTrainPanel, OpenAITrainPanel, TrainView

    setup_openai(openai_server, monkeypatch)
    view = TrainView(bridge)
    qtbot.addWidget(view)
    assert isinstance(view.select_backend("openai"), OpenAITrainPanel)
    assert isinstance(view.select_backend("azure"), AzureTrainPanel)
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)
