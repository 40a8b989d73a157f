"""The Jobs view: live list, overview, loss chart with overlays, event log, cancel, clone, notifications."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt

from fttool.jobs.record import Status
from fttool.jobs.service import JobService
from tests.support import scripted_provider
from tests.support.scripted_provider import SCRIPT
from tests.support.tiny_model import tiny_qwen3_fixture, trl_runtime_fixture  # noqa: F401 - fixtures
from ui.app import MainWindow


@pytest.fixture(autouse=True)
def scripted() -> Iterator[None]:
    scripted_provider.install()
    for d in (SCRIPT.status, SCRIPT.fail_polls, SCRIPT.step, SCRIPT.progress):
        d.clear()
    SCRIPT.polls.clear()
    yield
    from fttool.providers.registry import REGISTRY

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


# -- issue 18: progress with time left, job names, local times, billed beside the estimate, statuses in words ----
def _add_record(qtbot, view, service: JobService, **fields):
    """A record (an older or a cloud job) in the store, as the Jobs view lists it after a refresh; selected."""
    from fttool.jobs.record import Job

    record = {**Job(backend="openai", base_model="gpt-4o-mini-2024-07-18").to_dict(), **fields}
    service.store.add(Job.from_dict(record))
    view.refresh()
    qtbot.waitUntil(lambda: view.model.row_of(record["id"]) >= 0, timeout=3000)
    view.select_job(record["id"])
    return view.current_job()


def test_the_progress_bar_shows_steps_and_time_left_from_the_record(qtbot, main_window: MainWindow,
                                                                    service: JobService) -> None:
    from fttool.clock import iso_now

    view = _jobs_view(main_window)
    job = service.call("create_job", backend="scripted", base_model="tiny-llama")
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    view.select_job(job["id"])
    assert not view.progress_bar.isVisible() and view.fields["progress_text"].text() == "-"
    SCRIPT.progress[job["id"]] = {"step": 364, "total": 4800, "epoch": 0.2, "epochs": 3, "eta_seconds": 300,
                                  "at": iso_now()}
    qtbot.waitUntil(lambda: view.progress_bar.isVisible() and view.progress_bar.value() == 8, timeout=5000)
    words = view.fields["progress_text"].text()
    n = QLocale().toString
    assert words.startswith(f"step 364/{n(4800)}, epoch {QLocale().toString(0.2, 'f', 2)}/3, about "), words
    assert words.endswith(("about 5 min left", "about 4 min left"))
    assert service.call("get_job", job_id=job["id"])["progress"]["total"] == 4800  # kept in the record
    column = view.model.COLUMNS.index("progress")
    cell = view.model.index(view.model.row_of(job["id"]), column).data()
    assert cell.startswith("8% · about ") and cell.endswith("min left")
    # an hour and a half left, measured two minutes ago: counted down from the record, not the provider's words
    import time

    then = time.time() - 120
    from datetime import datetime, timezone

    at = datetime.fromtimestamp(then, timezone.utc).isoformat(timespec="seconds")
    SCRIPT.progress[job["id"]] = {"step": 2400, "total": 4800, "eta_seconds": 5520, "at": at}
    qtbot.waitUntil(lambda: view.progress_bar.value() == 50, timeout=5000)
    assert view.fields["progress_text"].text().endswith("about 1 h 30 min left")
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    qtbot.waitUntil(lambda: view.fields["status"].text() == "succeeded", timeout=5000)
    assert view.progress_bar.value() == 100 and "left" not in view.fields["progress_text"].text()


def test_an_older_local_record_still_shows_its_progress(qtbot, main_window: MainWindow,
                                                       service: JobService) -> None:
    view = _jobs_view(main_window)
    _add_record(qtbot, view, service, backend="local", status="running",
                provider_status="step 1200/4800, epoch 0.75, ETA 12:00", progress={})
    assert view.progress_bar.value() == 25
    n = QLocale().toString
    assert view.fields["progress_text"].text() == (f"step {n(1200)}/{n(4800)}, epoch {n(0.75, 'f', 2)}, "
                                                   "about 12 min left")
    # fttool's own English summary of a local run is not shown as the provider's words: the progress line is
    assert view.fields["provider_status"].text() == "-"


def _name_editor(qtbot, view):
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    qtbot.waitUntil(lambda: view.table.state() == QAbstractItemView.State.EditingState, timeout=3000)
    editors = [e for e in view.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def test_a_job_has_a_name_that_f2_renames_and_a_reload_keeps(qtbot, main_window: MainWindow, service: JobService,
                                                             tmp_path) -> None:
    from datetime import datetime

    project = tmp_path / "support-bot"
    project.mkdir()
    (project / "project.json").write_text(json.dumps({"name": "Support bot", "format": 1}), encoding="utf-8")
    view = _jobs_view(main_window)
    job = service.call("create_job", backend="scripted", base_model="Qwen/Qwen3-0.6B", project=str(project))
    day = datetime.fromisoformat(job["created_at"].replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d")
    assert job["name"] == f"Support bot · Qwen3-0.6B · {day}"
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    row = view.model.row_of(job["id"])
    assert view.model.index(row, 0).data() == job["name"]  # the name, not the bare id
    assert job["id"] in view.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    view.select_job(job["id"])
    assert view.fields["name"].text() == job["name"] and view.fields["job_id"].text() == job["id"]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = _name_editor(qtbot, view)
    assert editor.text() == job["name"]
    editor.selectAll()
    qtbot.keyClicks(editor, "  First try,   low learning rate ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: service.call("get_job", job_id=job["id"])["name"] == "First try, low learning rate",
                    timeout=5000)
    view.model.set_jobs([])
    view.refresh()  # a reload of the records
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    assert view.model.index(view.model.row_of(job["id"]), 0).data() == "First try, low learning rate"
    # an empty name brings back the default; the Rename… button does what F2 does
    view.select_job(job["id"])
    view.rename_button.click()
    editor = _name_editor(qtbot, view)
    editor.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: service.call("get_job", job_id=job["id"])["name"] == job["name"], timeout=5000)
    # the context menu offers Rename… too
    from PySide6.QtCore import QPoint

    rect = view.table.visualRect(view.model.index(view.model.row_of(job["id"]), 2))
    view._context_menu(QPoint(rect.center()))
    assert "Rename…" in [a.text() for a in view.context_menu.actions()]
    view.context_menu.close()
    # the job's end is told with its name (the notice carries it for the main window)
    notices: list[dict] = []
    unsubscribe = service.subscribe(lambda e: notices.append(e.payload) if e.kind == "notice" else None)
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    qtbot.waitUntil(lambda: view.fields["status"].text() == "succeeded", timeout=5000)
    qtbot.waitUntil(lambda: any(n.get("name") == job["name"] for n in notices), timeout=3000)
    unsubscribe()


def test_an_old_record_without_a_name_shows_the_default(qtbot, main_window: MainWindow,
                                                       service: JobService) -> None:
    from ui.itemmodels.jobs import job_display_name

    view = _jobs_view(main_window)
    record = _add_record(qtbot, view, service, name=None, project="/home/ana/projects/recipes",
                         created_at="2026-03-04T10:00:00Z")
    assert view.fields["name"].text() == "recipes · gpt-4o-mini-2024-07-18 · 2026-03-04"
    assert job_display_name(record) == view.fields["name"].text()
    assert job_display_name({"id": "job-1"}) == "job-1"


@pytest.fixture
def kuala_lumpur(monkeypatch) -> Iterator[None]:
    import time

    monkeypatch.setenv("TZ", "Asia/Kuala_Lumpur")  # UTC+8, no daylight saving
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_times_shown_are_local(qtbot, main_window: MainWindow, kuala_lumpur,
                                   service: JobService) -> None:
    view = _jobs_view(main_window)
    _add_record(qtbot, view, service, created_at="2026-01-02T03:04:05Z", updated_at="2026-01-02T16:30:00Z")
    created = view.fields["created_at"].text()
    assert "11:04" in created and "03:04" not in created and "T" not in created, created
    updated = view.fields["updated_at"].text()
    assert "00:30" in updated or "12:30" in updated, updated  # the next day in Kuala Lumpur
    assert "1/3/26" in updated or "03/01/2026" in updated or "2026" in updated or "26" in updated
    column = view.model.COLUMNS.index("updated_at")
    assert view.model.index(view.model.row_of(view.current_job()["id"]), column).data() == updated
    import time

    from ui.itemmodels.jobs import local_time_text

    now = time.time()
    from datetime import datetime, timezone

    iso = datetime.fromtimestamp(now - 60, timezone.utc).isoformat(timespec="seconds")
    local = datetime.fromtimestamp(now - 60).astimezone()
    assert local_time_text(iso, now).startswith("today ")
    assert f"{local.hour % 12 or 12}:{local.minute:02d}" in local_time_text(iso, now) or \
        f"{local.hour:02d}:{local.minute:02d}" in local_time_text(iso, now)


def test_overview_shows_billed_tokens_and_cost_beside_the_estimate(qtbot, main_window: MainWindow,
                                                                 service: JobService) -> None:
    view = _jobs_view(main_window)
    _add_record(qtbot, view, service, status="running",
                params={"estimated_billed_tokens": 10_000, "estimated_cost_usd": 0.03})
    assert view.fields["estimate"].text() == "about 10000 billed tokens, about $0.0300"
    assert view.fields["cost"].text() == "-"  # not billed yet
    _add_record(qtbot, view, service, status="succeeded", params={
        "estimated_billed_tokens": 10_000, "estimated_cost_usd": 0.03, "trained_tokens": 10_450, "cost_usd": 0.03135})
    assert view.fields["cost"].text().startswith("Trained 10450 tokens, $0.0314; the estimate was 10000 tokens")
    assert view.fields["estimate"].text() == "about 10000 billed tokens, about $0.0300"
    _add_record(qtbot, view, service, backend="together", status="succeeded",
                params={"estimated_cost_usd": 2.5, "cost_usd": 2.75})
    assert view.fields["cost"].text() == "$2.7500" and view.fields["estimate"].text() == "about $2.5000"


def test_every_status_goes_through_the_translation_table(qtbot, main_window: MainWindow,
                                                        service: JobService) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui.itemmodels.jobs import status_text, status_words

    assert set(status_words()) == {s.value for s in Status}

    class Malay(QTranslator):
        WORDS = {"running": "sedang berjalan", "{0} (reconnecting)": "{0} (menyambung semula)",
                 "step {0}/{1}": "langkah {0}/{1}", "about {0} min left": "kira-kira {0} minit lagi"}

        def translate(self, context, source, disambiguation=None, n=-1):
            return self.WORDS.get(source, source) if context == "JobWords" else source

        def isEmpty(self) -> bool:
            return False

    malay = Malay()
    QCoreApplication.installTranslator(malay)
    try:
        assert status_text("running", "reconnecting") == "sedang berjalan (menyambung semula)"
        view = _jobs_view(main_window)
        from fttool.clock import iso_now

        _add_record(qtbot, view, service, status="running",
                    progress={"step": 10, "total": 100, "eta_seconds": 290, "at": iso_now()})
        assert view.fields["status"].text() == "sedang berjalan"
        assert view.fields["progress_text"].text() in ("langkah 10/100, kira-kira 5 minit lagi",
                                                       "langkah 10/100, kira-kira 4 minit lagi")
        column = view.model.COLUMNS.index("status")
        assert view.model.index(view.model.row_of(view.current_job()["id"]), column).data() == "sedang berjalan"
    finally:
        QCoreApplication.removeTranslator(malay)


def test_local_models_go_by_name_and_greyed_actions_say_why(qtbot, main_window: MainWindow,
                                                           service: JobService) -> None:
    from ui.itemmodels.jobs import JobsModel

    view = _jobs_view(main_window)
    job = service.call("create_job", backend="scripted", base_model="m")
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    view.select_job(job["id"])
    assert view.overview.isRowVisible(view.fields["provider_status"])
    assert not view.deploy_button.isEnabled() and "Not available for jobs on scripted" in view.deploy_button.toolTip()
    local = {**(view.current_job() or {}), "backend": "local", "status": "succeeded", "name": "Colour helper",
             "base_model": "/cache/tiny-trl-qwen3", "result_model": "/home/jobs/job-1/output"}
    qtbot.waitUntil(lambda: "local" in view.capabilities, timeout=5000)  # what each backend can do, asked once
    assert view.capabilities["local"]["export"] and not view.capabilities["local"]["deploy"]
    view._on_job_updated(local)
    row = view.model.row_of(job["id"])
    cell = view.model.index(row, JobsModel.COLUMNS.index("base_model"))
    assert cell.data() == "tiny-trl-qwen3" and cell.data(Qt.ItemDataRole.ToolTipRole) == "/cache/tiny-trl-qwen3"
    cell = view.model.index(row, JobsModel.COLUMNS.index("result_model"))
    assert cell.data() == "Colour helper" and cell.data(Qt.ItemDataRole.ToolTipRole) == "/home/jobs/job-1/output"
    # a local job has no provider to quote; Deploy says why it is greyed, Export (available) does not
    assert not view.overview.isRowVisible(view.fields["provider_status"])
    assert not view.deploy_button.isEnabled()
    assert "Not available for jobs on This computer" in view.deploy_button.toolTip()
    assert view.export_button.isEnabled() and "Not available" not in view.export_button.toolTip()


# -- issue 21: the service's events carry the change; the view updates one row and the open detail from them ---------
def _count_commands(view) -> list[str]:
    """Every service command the view's bridge sends from now on, by name."""
    sent: list[str] = []
    submit = view.bridge._submit

    def counting(command, *args, **kwargs):
        sent.append(command)
        return submit(command, *args, **kwargs)

    view.bridge._submit = counting
    return sent


def test_a_watched_job_updates_its_row_and_detail_without_asking_again(qtbot, main_window: MainWindow,
                                                                       service: JobService) -> None:
    view = _jobs_view(main_window)
    qtbot.waitUntil(lambda: view.bridge.pending == 0 and bool(view.capabilities), timeout=5000)  # the first load
    sent = _count_commands(view)
    job = service.call("create_job", backend="scripted", base_model="m")  # told with job_added: no list
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    view.select_job(job["id"])  # its history, read once
    qtbot.waitUntil(lambda: "poll 1" in view.events.toPlainText(), timeout=5000)
    reads = ("list_jobs", "job_events", "get_job")
    assert [c for c in sent if c in reads] == ["job_events"]
    view.tabs.setCurrentWidget(view.chart_holder)
    qtbot.waitUntil(lambda: "poll 6" in view.events.toPlainText(), timeout=5000)
    SCRIPT.status[job["id"]] = Status.SUCCEEDED
    qtbot.waitUntil(lambda: view.fields["status"].text() == "succeeded", timeout=5000)
    # every update came with the event: no reload of the list, no second request for the events
    assert [c for c in sent if c in reads] == ["job_events"], sent
    record = service.call("get_job", job_id=job["id"])
    steps = len(record["metrics"]["train_loss"])
    # the row, the overview, the chart and the log show the new status, metric and events
    row = view.model.row_of(job["id"])
    assert view.model.index(row, view.model.COLUMNS.index("status")).data() == "succeeded"
    assert view.model.job(row)["result_model"] == "ft:scripted:" + job["id"]
    assert view.fields["progress"].text() == f"{10.0 / steps:.4f} at step {steps}"
    assert view._chart.point_count() == steps
    lines = [line.split()[-1] for line in view.events.toPlainText().splitlines()]
    assert lines == [str(i) for i in range(1, steps + 1)]  # each poll's event once, in order


def test_events_told_while_the_history_loads_wait_for_it(qtbot, main_window: MainWindow,
                                                        service: JobService) -> None:
    view = _jobs_view(main_window)
    job = service.call("create_job", backend="scripted", base_model="m")
    qtbot.waitUntil(lambda: len(service.call("job_events", job_id=job["id"])) >= 3, timeout=5000)
    qtbot.waitUntil(lambda: view.model.row_of(job["id"]) >= 0, timeout=3000)
    SCRIPT.status[job["id"]] = Status.CANCELLED  # the log stops growing
    qtbot.waitUntil(lambda: view.model.job(view.model.row_of(job["id"]))["status"] == "cancelled", timeout=5000)
    stored = service.call("job_events", job_id=job["id"])
    import threading

    from fttool.jobs import commands

    release = threading.Event()

    def slow_history(svc, job_id, after_seq=0):  # the history takes its time to come
        release.wait(10)
        return commands.job_events(svc, job_id, after_seq)

    service.register_command("job_events", slow_history, blocking=True)
    view.select_job(job["id"])  # the history is asked for; an update tells the last event again and a new one
    assert job["id"] in view._events_loading
    record = view.current_job()
    new = {"seq": stored[-1]["seq"] + 1, "created_at": record["updated_at"], "level": "info", "message": "later"}
    view._on_job_change(record, [stored[-1], new], {})
    assert view.events.toPlainText() == ""  # it waits for the history
    release.set()
    qtbot.waitUntil(lambda: job["id"] not in view._events_loading, timeout=5000)
    lines = view.events.toPlainText().splitlines()
    assert [line.split()[-1] for line in lines] == [e["message"].split()[-1] for e in stored] + ["later"]


def test_a_change_told_while_the_list_loads_is_kept(qtbot, main_window: MainWindow, service: JobService) -> None:
    from fttool.jobs.record import Job

    view = _jobs_view(main_window)
    qtbot.waitUntil(lambda: view._listing == 0, timeout=5000)
    old = Job(backend="openai", created_at="2026-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z").to_dict()
    new = Job(backend="openai", created_at="2026-02-01T00:00:00Z").to_dict()
    view._listing = 1  # a list was asked for; meanwhile a job is added and another one changes
    view._on_job_updated(new)
    view._on_job_updated({**old, "status": "running", "updated_at": "2026-01-01T00:05:00Z"})
    view._on_jobs([old])  # the list read before those
    assert [view.model.job(r)["id"] for r in range(view.model.rowCount())] == [new["id"], old["id"]]
    assert view.model.job(1)["status"] == "running" and not view._since_list
