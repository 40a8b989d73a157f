"""Together AI through the GUI, with a real service, bridge and the real `together` SDK against our test server:
the Train view's Together panel (its form drawn from the provider's descriptors) with the estimate and the cost
confirmation; the Jobs view's Export (Together's adapter, downloaded with progress) and Deploy (an endpoint, with
the hourly warning, a confirming tick, and Delete); Settings' Together key with Test connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cloud_support import sample_files, setup_together, wait_job
from tests.support.launch import launch

MODEL = "Qwen/Qwen3-8B"


@pytest.fixture
def bridge(service: Any, qtbot: Any) -> Any:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=20_000)
    b.close()


def test_together_panel_draws_its_form_estimates_confirms_and_launches(bridge, together_server, qtbot, tmp_path,
                                                                       monkeypatch):
    from ui.views.train import TogetherTrainPanel
    from ui.widgets.cost_confirm import CostConfirm

    setup_together(together_server, monkeypatch)
    panel = TogetherTrainPanel(bridge)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.count() > 0 and panel.param_form is not None, timeout=10_000)
    assert MODEL in [panel.model.itemText(i) for i in range(panel.model.count())]
    form = panel.param_form
    for name in ("epochs", "training_type", "n_checkpoints", "n_evals", "lora_r", "learning_rate", "suffix"):
        assert name in form.editors, name
    assert form.editors["epochs"].maximum() == 20 and form.values()["training_type"] == "lora"
    assert form.values()["batch_size"] is None  # empty: Together chooses ('max')
    assert not form.editors["dpo_beta"].isEnabled()  # DPO only
    form.set_values({"training_type": "full"})
    assert not form.editors["lora_r"].isEnabled()
    form.set_values({"training_type": "lora", "epochs": 2, "suffix": "gui"})
    train, valid = sample_files(tmp_path)
    panel.model.setCurrentText(MODEL)
    panel.train_file.setText(str(train))
    qtbot.waitUntil(lambda: panel.estimate is not None and panel.estimate.get("usd") is not None, timeout=10_000)
    assert panel.estimate_label.text().startswith("Estimate: about $0.0")
    # a parameter out of its range is named next to its field, and nothing is sent
    form.set_values({"suffix": "x" * 30})
    panel.check_and_confirm()
    qtbot.waitUntil(lambda: form.errors["suffix"].isVisibleTo(panel), timeout=10_000)
    assert "29" in form.errors["suffix"].text() and together_server.jobs == {}
    form.set_values({"suffix": "gui"})
    started: list[dict] = []
    panel.jobStarted.connect(started.append)
    panel.check_and_confirm()
    qtbot.waitUntil(lambda: isinstance(panel.last_dialog, CostConfirm), timeout=10_000)
    dlg = panel.last_dialog
    assert "should cost about $" in dlg.headline.text()
    dlg.launch_button.click()
    qtbot.waitUntil(lambda: bool(started), timeout=20_000)
    done = wait_job(bridge.service, started[0]["id"])
    assert done["status"] == "succeeded" and "-gui-" in done["result_model"]
    srv = together_server.jobs[done["provider_job_id"]]
    assert srv["n_epochs"] == 2 and srv["training_type"]["type"] == "Lora" and "batch_size" in srv
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)


def _finished_job(bridge: Any, together_server: Any, tmp_path: Path) -> dict[str, Any]:
    train, _ = sample_files(tmp_path)
    job = launch(bridge.service, backend="together", base_model=MODEL, params={"training_file": str(train)})
    return wait_job(bridge.service, job["id"])


def test_jobs_view_exports_and_hosts_a_together_model(bridge, together_server, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.views.jobs import JobsView
    from ui.widgets.export_dialog import ExportDialog
    from ui.widgets.together_endpoint_dialog import TogetherEndpointDialog

    setup_together(together_server, monkeypatch)
    together_server.deployment_polls = 1
    done = _finished_job(bridge, together_server, tmp_path)
    view = JobsView(bridge)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.row_of(done["id"]) >= 0, timeout=10_000)
    view.select_job(done["id"])
    qtbot.waitUntil(lambda: view.export_button.isEnabled() and view.deploy_button.isEnabled(), timeout=10_000)
    view.export_button.click()
    exp = view.export_dialog
    assert isinstance(exp, ExportDialog) and exp.format.currentData() == "adapter"
    exp.folder.setText(str(tmp_path / "adapter"))
    exp.start()
    qtbot.waitUntil(lambda: exp.result is not None, timeout=20_000)
    assert "sha256" in exp.message.text() and any((tmp_path / "adapter").rglob("adapter_config.json"))
    exp.close()
    view.deploy_button.click()
    dlg = view.deploy_dialog
    assert isinstance(dlg, TogetherEndpointDialog)
    qtbot.waitUntil(lambda: dlg.plan is not None, timeout=10_000)
    assert "billed by the hour" in dlg.warning.text() and "$" in dlg.warning.text()
    assert dlg.hardware.count() >= 1 and not dlg.create_button.isEnabled()  # not before the tick
    dlg.confirm.setChecked(True)
    dlg.create_button.click()
    qtbot.waitUntil(lambda: dlg.endpoints.count() == 1, timeout=10_000)
    assert len(together_server.endpoints) == 1
    dlg.endpoints.setCurrentRow(0)
    dlg.delete_endpoint()
    box = dlg.last_box
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: together_server.endpoints == {} and dlg.endpoints.count() == 0, timeout=10_000)
    assert "billing stopped" in dlg.status.text()
    dlg.close()


def test_settings_tests_the_together_key(bridge, together_server, qtbot, monkeypatch):
    from ui.views.settings import SettingsView

    setup_together(together_server, monkeypatch)
    view = SettingsView(bridge)
    qtbot.addWidget(view)
    box = view.boxes["together"]
    box.test()
    qtbot.waitUntil(lambda: box.result.text().startswith("✔ Connected to Together AI"), timeout=10_000)
    together_server.api_key = "tgp_v1_other"  # the saved key is now wrong: said in plain words
    box.test()
    qtbot.waitUntil(lambda: box.result.text().startswith("✖"), timeout=10_000)
    assert "key" in box.result.text().lower()
