"""The Jobs view: live list, overview, loss chart with overlays, event log, cancel, clone, notifications."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from fttool.jobs.models import Status
from fttool.jobs.service import JobService
from tests.support import scripted_provider
from tests.support.scripted_provider import SCRIPT
from tests.support.tiny_model import tiny_qwen3_fixture, trl_runtime_fixture  # noqa: F401 - fixtures
from ui.app import MainWindow


@pytest.fixture(autouse=True)
def scripted() -> Iterator[None]:
    scripted_provider.install()
    for d in (SCRIPT.status, SCRIPT.fail_polls, SCRIPT.step):
        d.clear()
    SCRIPT.polls.clear()
    yield
    from fttool.providers import REGISTRY

    REGISTRY.pop("scripted", None)


def _jobs_view(window: MainWindow):
    window.show_view("jobs")
    return window.view("jobs")


def test_overview_events_and_live_chart(qtbot, main_window: MainWindow, service: JobService) -> None:
    view = _jobs_view(main_window)
    job = service.call("create_job", backend="scripted", base_model="tiny-llama")
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    view.select_job(job["id"])
    view.tabs.setCurrentWidget(view.chart_holder)
    qtbot.waitUntil(lambda: view._chart is not None and view._chart.point_count() >= 3, timeout=5000)
    assert view._chart.series_names() == ["train_loss"]
    qtbot.waitUntil(lambda: "poll 3" in view.events.toPlainText(), timeout=5000)
    assert view.fields["base_model"].text() == "tiny-llama"
    assert view.fields["provider_status"].text() == "remote:running"
    assert "at step" in view.fields["progress"].text()
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    qtbot.waitUntil(lambda: view.fields["status"].text() == "succeeded", timeout=5000)
    assert view.fields["result_model"].text() == "ft:scripted:" + job["id"]
    assert view.try_button.isEnabled() and not view.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: "succeeded" in main_window.last_notification, timeout=3000)
    with qtbot.waitSignal(view.tryModel, timeout=2000) as sig:
        view.try_button.click()
    assert sig.args[0]["id"] == job["id"]
    assert main_window.current_view().key == "playground"
    playground = main_window.current_view()
    qtbot.waitUntil(lambda: playground.side_by_side.isChecked(), timeout=5000)
    assert playground.picker_b.target()["model"] == "ft:scripted:" + job["id"]


def test_first_look_shows_in_words_and_evaluate_opens_the_pair(qtbot, main_window: MainWindow,
                                                              service: JobService) -> None:
    from fttool.providers.local import first_look

    view = _jobs_view(main_window)
    job = service.call("create_job", backend="scripted", base_model="m")
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    view.select_job(job["id"])
    assert not view.evaluate_button.isEnabled()
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    qtbot.waitUntil(lambda: view.fields["status"].text() == "succeeded", timeout=5000)
    assert view.fields["first_look"].text() == "-" and view.evaluate_button.isEnabled()
    # what a local job's first look leaves in its params
    look = {"kind": "validation", "n": 10, "tuned_exact": 9, "base_exact": 0, "tuned_f1": 0.9, "base_f1": 0.02}
    code, params = first_look.sentence(look)
    done = dict(view.current_job() or {})
    done["params"] = {**(done.get("params") or {}),
                      "first_look_result": {**look, "code": code, "params": params, "message": "(English)"}}
    view._on_job_updated(done)
    assert view.fields["first_look"].text().startswith("The tuned model answered 9 of 10 validation questions "
                                                       "like your examples; the base model 0.")
    assert view.fields["cost"].text() == "-"
    # what a cloud job records when it ends: the provider's trained tokens beside the launch's estimate
    done["params"].update(estimated_billed_tokens=10_000, estimated_cost_usd=0.03, trained_tokens=10_450,
                          cost_usd=0.03135)
    view._on_job_updated(done)
    assert view.fields["cost"].text() == ("Trained 10450 tokens, $0.0314; the estimate was 10000 tokens, $0.0300 "
                                          "(+4.5% tokens).")
    view.clone_button.click()  # a clone does not carry this job's result
    assert "first_look_result" not in view.clone_dialog.editor.toPlainText()
    assert "trained_tokens" not in view.clone_dialog.editor.toPlainText()
    view.clone_dialog.reject()
    with qtbot.waitSignal(view.evaluateModel, timeout=2000):
        view.evaluate_button.click()
    playground = main_window.current_view()
    assert playground.key == "playground"
    qtbot.waitUntil(lambda: playground._evaluate is not None
                    and playground.tabs.currentWidget() is playground._eval_holder, timeout=5000)
    tuned = "ft:scripted:" + job["id"]
    qtbot.waitUntil(lambda: (playground.evaluate.model_b.currentData() or {}).get("model") == tuned, timeout=5000)


def test_several_selected_jobs_overlay_their_curves(qtbot, main_window: MainWindow, service: JobService) -> None:
    view = _jobs_view(main_window)
    a = service.call("create_job", backend="scripted", base_model="m")
    b = service.call("create_job", backend="scripted", base_model="m")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and len(SCRIPT.polls) >= 6, timeout=5000)
    view.table.selectAll()
    view.tabs.setCurrentWidget(view.chart_holder)
    qtbot.waitUntil(lambda: view._chart is not None and len(view._chart.series_names()) == 2, timeout=5000)
    names = view._chart.series_names()
    assert any(a["id"] in n for n in names) and any(b["id"] in n for n in names)
    view.table.clearSelection()
    view._show_selected()
    assert view._chart.series_names() == []


def test_cancel_and_clone_with_changed_parameters(qtbot, main_window: MainWindow, service: JobService) -> None:
    view = _jobs_view(main_window)
    job = service.call("create_job", backend="scripted", base_model="m", params={"epochs": 1})
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    view.select_job(job["id"])
    qtbot.waitUntil(view.cancel_button.isEnabled, timeout=3000)
    view.cancel_button.click()
    qtbot.waitUntil(lambda: view.fields["status"].text() == "cancelled", timeout=5000)
    view.clone_button.click()
    dialog = view.clone_dialog
    dialog.editor.setPlainText("{not json")
    dialog.start_button.click()
    assert "Not valid JSON" in dialog.error.text() and dialog.isVisible()
    dialog.editor.setPlainText(json.dumps({"epochs": 4}))
    dialog.start_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    jobs = service.call("list_jobs")
    clone = next(j for j in jobs if j["id"] != job["id"])
    assert clone["params"] == {"epochs": 4} and clone["backend"] == "scripted"
    qtbot.waitUntil(lambda: view.current_job() is not None and view.current_job()["id"] == clone["id"],
                    timeout=3000)
    service.call("cancel_job", job_id=clone["id"])


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_cancelled_trl_job_resumes_and_exports_from_the_jobs_view(
        qtbot, main_window: MainWindow, service: JobService, trl_runtime, tiny_qwen3, tmp_path,
        monkeypatch) -> None:
    """A local TRL job stopped mid-run: Resume continues it from its checkpoint; finished, Export… writes the merged
    model through the export dialog, with its progress."""
    from tests.support.tiny_model import write_chats

    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(trl_runtime.parent))
    view = _jobs_view(main_window)
    data = write_chats(tmp_path / "train.jsonl", 24)
    job = service.call("create_job", backend="local", base_model=str(tiny_qwen3), params={
        "recipe": "manual", "training_file": str(data), "epochs": 16, "learning_rate": 2e-3, "block_size": 128, "save_checkpoints": 8})
    from fttool.paths import jobs_files_dir

    output = jobs_files_dir() / job["id"] / "output"
    qtbot.waitUntil(lambda: any(output.glob("checkpoint-*/trainer_state.json")), timeout=120000)
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=5000)
    view.select_job(job["id"])
    assert not view.resume_button.isEnabled()  # running
    view.cancel_button.click()
    qtbot.waitUntil(lambda: view.fields["status"].text() == "cancelled", timeout=30000)
    assert view.resume_button.isEnabled() and not view.export_button.isEnabled()
    view.resume_button.click()
    qtbot.waitUntil(lambda: view.fields["status"].text() == "running", timeout=30000)
    qtbot.waitUntil(lambda: view.fields["status"].text() == "succeeded", timeout=300000)
    assert view.export_button.isEnabled()
    view.export_button.click()
    dialog = view.export_dialog
    dialog.format.setCurrentIndex(dialog.format.findData("merged"))
    assert not dialog.outtype.isEnabled()
    target = tmp_path / "exported"
    dialog.folder.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Exported" in dialog.message.text() or dialog.task is None, timeout=120000)
    assert "Exported a standalone model" in dialog.message.text(), dialog.message.text()
    assert (target / "model.safetensors").exists() and (target / "README.md").exists()
    assert dialog.bar.value() == 100 and dialog.cancel_button.text() == "Close"
    dialog.reject()


def test_a_nan_loss_is_a_gap_in_the_chart_and_named_in_its_title(qtbot) -> None:
    from ui.widgets.loss_chart import LossChart

    chart = LossChart()
    qtbot.addWidget(chart)
    nan = float("nan")
    chart.set_curves({"job": {"train_loss": [[1, 2.5], [2, 2.1], [3, nan], [4, float("inf")], [5, 1.9], [6, 1.8]],
                              "valid_loss": [[3, 2.2]]}})
    assert chart.series_names().count("train_loss") == 1  # one legend entry, two segments
    assert len(chart.chart_.series()) == 3 and chart.point_count() == 5  # the gap holds no point
    assert "step 3" in chart.chart_.title() and chart.diverged_at == 3
    assert chart.y_axis.max() < 3 and chart.y_axis.min() > 1.5  # the range is the finite points'
    chart.set_curves({"job": {"train_loss": [[1, 2.5], [2, 2.1]]}})
    assert chart.chart_.title() == "Loss by step" and chart.diverged_at is None
