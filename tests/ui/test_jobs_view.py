"""The Jobs view: live list, overview, loss chart with overlays, event log, cancel, clone, notifications."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from fttool.jobs.models import Status
from fttool.jobs.service import JobService
from tests.support import scripted_provider
from tests.support.scripted_provider import SCRIPT
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
