"""The Hugging Face panel of the Train view and the Push to Hub dialog, with a real service, bridge and our Hub
test server behind the real huggingface_hub client."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.servers.hub_server import HubServer
from tests.support.launch import launch

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project"


@pytest.fixture
def hub_env(hub_server: HubServer, monkeypatch: pytest.MonkeyPatch) -> HubServer:
    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    from fttool import credentials

    credentials.set_secret("hf", hub_server.token)
    return hub_server


@pytest.fixture
def bridge(service: Any, qtbot: Any) -> Any:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=20_000)
    b.close()


def test_panel_lists_hardware_estimates_and_launches(hub_env: HubServer, bridge: Any, qtbot: Any,
                                                     tmp_path: Path) -> None:
    from fttool.project import Project
    from ui.views.train import HfTrainPanel
    from ui.widgets.cost_confirm import CostConfirm

    bridge.service.provider("hf").retry_delay = 0.01
    project_dir = tmp_path / "p"
    shutil.copytree(SAMPLE, project_dir)
    panel = HfTrainPanel(bridge)
    qtbot.addWidget(panel)
    panel.set_project(Project.open(project_dir))
    assert panel.train_file.text().endswith("train.jsonl")
    qtbot.waitUntil(lambda: panel.flavor.count() == 4, timeout=10_000)
    texts = [panel.flavor.itemText(i) for i in range(panel.flavor.count())]
    assert "Nvidia T4 - small (1x T4 16 GB): $0.40/hour" in texts
    panel.flavor.setCurrentIndex(panel.flavor.findData("t4-small"))
    qtbot.waitUntil(lambda: panel.estimate is not None, timeout=10_000)
    assert panel.estimate_label.text().startswith("Estimate: about $0.05")

    panel.confirm_and_launch()
    dlg = panel.findChild(CostConfirm)
    assert dlg is not None and "should cost about $0.05" in dlg.headline.text()
    assert "Hugging Face Jobs (t4-small)" in dlg.headline.text()
    assert "bills per minute" in dlg.detail.text()
    dlg.launch_button.click()
    qtbot.waitUntil(lambda: "started on Hugging Face" in panel.status.text(), timeout=20_000)
    assert len(hub_env.jobs) == 1
    job = bridge.service.call("list_jobs")[0]
    assert job["backend"] == "hf" and job["params"]["flavor"] == "t4-small"
    assert job["project"] == str(project_dir)
    bridge.service.call("cancel_job", job_id=job["id"])


def test_panel_says_what_is_missing(hub_env: HubServer, bridge: Any, qtbot: Any) -> None:
    from ui.views.train import HfTrainPanel
    from ui.widgets.cost_confirm import CostConfirm

    panel = HfTrainPanel(bridge)
    qtbot.addWidget(panel)
    panel.confirm_and_launch()
    assert panel.status.text() == "Choose the training data file."
    assert panel.findChild(CostConfirm) is None and hub_env.jobs == {}


def test_push_dialog_pushes_and_cancels(hub_env: HubServer, bridge: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui.widgets.push_dialog import PushDialog

    dlg = PushDialog(bridge, path=str(SAMPLE))
    qtbot.addWidget(dlg)
    assert dlg.private.isChecked()  # private by default
    dlg.repo.setText("recipes")
    dlg.push_button.click()
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=20_000)
    assert "Pushed 3 of 3 files" in dlg.message.text()
    repo = hub_env.repo("dataset", "ada/recipes")
    assert repo is not None and repo.private

    # a large model folder: cancel while it uploads, nothing is committed
    from tests.e2e.test_hf_push import make_model_folder

    folder = make_model_folder(tmp_path / "m", size=8_000_000)
    hub_env.fault(r"/lfs-upload/", delay=1.0, times=1)
    dlg2 = PushDialog(bridge, path=str(folder), repo="big")
    qtbot.addWidget(dlg2)
    dlg2.push_button.click()
    qtbot.waitUntil(lambda: dlg2.task is not None and "Uploading" in dlg2.message.text(), timeout=20_000)
    dlg2.cancel_button.click()
    qtbot.waitUntil(lambda: dlg2.task is None, timeout=20_000)
    assert dlg2.message.text() == "Cancelled: nothing was committed."
    big = hub_env.repo("model", "ada/big")
    assert big is not None and big.commits == []


def test_push_dialog_for_a_finished_job(hub_env: HubServer, bridge: Any, qtbot: Any, tmp_path: Path) -> None:
    from fttool.jobs.record import Job, Status
    from tests.e2e.test_hf_push import make_model_folder
    from ui.widgets.push_dialog import PushDialog

    folder = make_model_folder(tmp_path / "out")
    job = Job(backend="local", status=Status.SUCCEEDED, result_model=str(folder), base_model="tiny/Base-1M")
    bridge.service.store.add(job)
    dlg = PushDialog(bridge, job_id=job.id)
    qtbot.addWidget(dlg)
    dlg.push_button.click()  # no name: the default repo in the user's account
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=20_000)
    repo_id = f"ada/fttool-base-1m-{job.id.removeprefix('job-')[:8]}"
    assert dlg.result["repo_id"] == repo_id
    assert repo_id in dlg.message.text()
    assert "training_params.json" not in hub_env.repo("model", repo_id).files


def test_panel_without_a_token_uses_the_price_snapshot_and_says_what_is_missing(bridge: Any, qtbot: Any,
                                                                              monkeypatch: pytest.MonkeyPatch,
                                                                              tmp_path: Path) -> None:
    from ui.views.train import HfTrainPanel

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    train = tmp_path / "t.jsonl"
    train.write_text((SAMPLE / "data" / "train.jsonl").read_text())
    panel = HfTrainPanel(bridge)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.flavor.count() > 0, timeout=10_000)
    assert panel.flavor.findData("a10g-small") >= 0
    assert "resources/hf/jobs.json" in panel.flavor.toolTip()
    panel.train_file.setText(str(train))
    qtbot.waitUntil(lambda: bool((panel.estimate or {}).get("fingerprint")), timeout=10_000)  # the plan shown
    panel.launch()  # as after "Launch and pay"
    qtbot.waitUntil(lambda: panel.status.text().startswith("Not started"), timeout=10_000)
    assert "no key is set" in panel.status.text() and "fttool auth set hf" in panel.status.text()


def test_over_budget_blocks_the_launch(hub_env: HubServer, bridge: Any, qtbot: Any, tmp_path: Path) -> None:
    import json

    from fttool.project import Project
    from ui.views.train import HfTrainPanel
    from ui.widgets.cost_confirm import CostConfirm

    project_dir = tmp_path / "p"
    shutil.copytree(SAMPLE, project_dir)
    meta = json.loads((project_dir / "project.json").read_text())
    meta["budget_usd"] = 0.01
    (project_dir / "project.json").write_text(json.dumps(meta))
    panel = HfTrainPanel(bridge)
    qtbot.addWidget(panel)
    panel.set_project(Project.open(project_dir))
    qtbot.waitUntil(lambda: panel.estimate is not None, timeout=10_000)
    panel.confirm_and_launch()
    dlg = panel.findChild(CostConfirm)
    assert dlg is not None and dlg.over_budget and not dlg.launch_button.isEnabled()
    assert "Over budget" in dlg.budget.text()
    dlg.reject()
    assert hub_env.jobs == {}


def test_the_train_view_shows_this_panel_for_hf(hub_env: HubServer, bridge: Any, qtbot: Any) -> None:
    from ui.views.train import HfTrainPanel, TrainView

    view = TrainView(bridge)
    qtbot.addWidget(view)
    panel = view.select_backend("hf")
    assert isinstance(panel, HfTrainPanel) and view.stack.currentWidget() is panel
    qtbot.waitUntil(lambda: view.loaded, timeout=10_000)  # the backends the service offers
    assert view.backend.currentText() == "Hugging Face Jobs" and view.stack.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.flavor.count() == 4, timeout=10_000)


def test_an_hf_job_in_the_jobs_view(hub_env: HubServer, bridge: Any, qtbot: Any) -> None:
    from ui.views.jobs import JobsView
    from ui.widgets.push_dialog import PushDialog

    bridge.service.provider("hf").retry_delay = 0.01
    view = JobsView(bridge)
    qtbot.addWidget(view)
    train = SAMPLE / "data" / "train.jsonl"
    job = launch(bridge.service, backend="hf", base_model="HuggingFaceTB/SmolLM2-135M",
                              params={"training_file": str(train), "flavor": "t4-small"})
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=10_000)
    view.select_job(job["id"])
    qtbot.waitUntil(lambda: view.fields["provider_status"].text() == "COMPLETED", timeout=30_000)
    assert view.fields["status"].text() == "succeeded"
    assert view.fields["result_model"].text().startswith("ada/fttool-smollm2-135m-")
    assert view.fields["progress"].text().endswith("at step 6")
    qtbot.waitUntil(lambda: "pushed adapter" in view.events.toPlainText(), timeout=10_000)
    assert view.push_button.isEnabled()
    view.push_button.click()
    dlg = view.findChild(PushDialog)
    assert dlg is not None
    dlg.push_button.click()
    qtbot.waitUntil(lambda: dlg.result is not None, timeout=10_000)
    assert "already on the Hub" in dlg.message.text()


def test_the_panel_shows_the_flavors_gpus_beside_the_models_memory(bridge: Any, qtbot: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """From the dated snapshot (no Hub here): one L4 for a 4B model, four for a bigger one (FSDP when one GPU
    cannot hold it), and a warning when the hardware is too small."""
    from ui.views.train import HfTrainPanel

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    panel = HfTrainPanel(bridge)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.flavor.count() > 0, timeout=10_000)
    def gpus() -> str:  # the service's answer (hf_gpus) for the form as it is now
        qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)
        return panel.gpu_label.text()

    panel.model.setText("Qwen/Qwen3-4B-Instruct-2507")
    panel.flavor.setCurrentIndex(panel.flavor.findData("l4x1"))
    one = gpus()
    assert one.startswith("1 × L4, 24 GB each; the model needs about") and "GB to train" in one, one
    panel.model.setText("someone/big-model-32B")
    panel.flavor.setCurrentIndex(panel.flavor.findData("l4x4"))
    four = gpus()
    assert four.startswith("4 × L4, 24 GB each") and "FSDP" in four, four
    panel.flavor.setCurrentIndex(panel.flavor.findData("t4-small"))
    assert "run out of memory" in gpus()
    panel.flavor.setCurrentIndex(panel.flavor.findData("cpu-basic"))
    assert gpus().startswith("no GPU")
