"""The Decide view: fill the form, see the verdict change, edit a weight, follow a missing-evidence button,
export the report; answers are saved in the project folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dst = tmp_path / "proj"
    shutil.copytree(ROOT / "resources" / "sample_project", dst)
    (dst / "decision.json").unlink()  # a fresh project: nothing answered yet
    return dst


@pytest.fixture
def window(qtbot, service, project: Path):  # type: ignore[no-untyped-def]
    from ui.app import MainWindow

    w = MainWindow(service, remember_geometry=False)
    w.open_project(project)
    w.show_view("decide")
    yield w
    _close(w)


def _close(w) -> None:  # type: ignore[no-untyped-def]
    """Close the window and delete its views (and their timers) before the service fixture stops."""
    from PySide6.QtCore import QCoreApplication, QEvent

    w.shutdown()
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _view(window):  # type: ignore[no-untyped-def]
    from ui.views.decide import DecideView

    view = window.view("decide")
    assert isinstance(view, DecideView)
    return view


def _settle(qtbot, view, service) -> None:  # type: ignore[no-untyped-def]
    view.evaluate()
    seq = view._seq
    qtbot.waitUntil(lambda: view.decision is not None and view._seq == seq and view.table.rowCount() == 8,
                    timeout=10_000)
    service.wait_idle(5.0)
    qtbot.wait(50)


def test_fill_the_form_and_export_a_report(qtbot, window, service, project: Path, tmp_path: Path) -> None:
    view = _view(window)
    qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
    _settle(qtbot, view, service)
    # nothing tried yet: the lesson says improve the prompt first
    assert view.decision.verdict == "improve_prompt_first"
    assert "run_baseline_evaluation" in view.missing_buttons
    # prefilled from project.json
    assert view.inputs["costs.base_model"].currentText() == "gpt-4o-mini-2024-07-18"
    assert view.inputs["costs.backends"]["openai"].isChecked()

    # fill the lesson's questions
    view.inputs["use_case.goals"]["format_style"].setChecked(True)
    view.inputs["use_case.why_not_prompting"].setPlainText("The format drifts.")
    view.inputs["alternatives.prompt_engineering"].tried.setChecked(True)
    view.inputs["alternatives.prompt_engineering"].rating.setValue(3)
    view.inputs["alternatives.few_shot"].rating.setValue(2)
    view.inputs["costs.effort_hours"].setValue(12)
    view.inputs["benefits.requests_per_month"].setValue(20_000)
    view.inputs["benefits.prompt_tokens_per_request"].setValue(120)
    view.inputs["benefits.few_shot_tokens_saved_per_request"].setValue(800)
    view.inputs["benefits.output_tokens_per_request"].setValue(80)
    view.inputs["benefits.reuse_for_new_domains"].setCurrentIndex(
        view.inputs["benefits.reuse_for_new_domains"].findData("yes"))
    _settle(qtbot, view, service)
    d = view.decision
    assert d.verdict == "not_worth_it"  # no measured gain yet
    assert d.break_even is not None and d.break_even["requests"] > 0
    assert "Break-even" in view.break_even_label.text()
    assert view.table.item(0, 0).data(Qt.ItemDataRole.UserRole) == "quality"
    assert "evaluate_tuned_model" in view.missing_buttons

    # a knowledge goal without a retrieval baseline: try retrieval first
    view.inputs["use_case.goals"]["knowledge"].setChecked(True)
    _settle(qtbot, view, service)
    assert view.decision.verdict == "try_retrieval_first"
    view.inputs["use_case.goals"]["knowledge"].setChecked(False)

    # the answers are saved in the project folder
    _settle(qtbot, view, service)
    saved = json.loads((project / "decision.json").read_text(encoding="utf-8"))
    assert saved["alternatives"]["few_shot"] == {"tried": True, "rating": 2}
    assert saved["benefits"]["requests_per_month"] == 20_000
    assert saved["use_case"]["goals"] == ["format_style"]

    # a weight edited in the table changes the score and is saved
    before = view.decision.score
    spin = view.table.cellWidget(0, 2)  # quality: score 0
    spin.setValue(0)
    _settle(qtbot, view, service)
    assert view.decision.criterion("quality").weight == 0
    assert view.decision.score > before
    assert json.loads((project / "decision.json").read_text(encoding="utf-8"))["weights"]["quality"] == 0
    qtbot.mouseClick(view.reset_weights, Qt.MouseButton.LeftButton)
    _settle(qtbot, view, service)
    assert view.decision.criterion("quality").weight == 3

    # export: Markdown and HTML
    md, html = tmp_path / "out" / "decision.md", tmp_path / "out" / "decision.html"
    view.export_report(str(md), "md")
    qtbot.waitUntil(lambda: md.is_file(), timeout=10_000)
    view.export_report(str(html), "html")
    qtbot.waitUntil(lambda: html.is_file(), timeout=10_000)
    text = md.read_text(encoding="utf-8")
    assert "## Verdict: Not worth it" in text and "| Quality |" in text and "Recipe assistant" in text
    assert "<table>" in html.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: str(html) in view.export_status.text(), timeout=5_000)


def test_missing_evidence_button_switches_view(qtbot, window, service) -> None:
    view = _view(window)
    qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
    _settle(qtbot, view, service)
    button = view.missing_buttons["run_baseline_evaluation"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_view().key == "playground"


def test_damaged_answers_are_left_untouched_and_answers_go_to_a_copy(qtbot, service, project: Path) -> None:
    """A decision file fttool cannot read is never renamed or overwritten (it may be anything a shared project
    names): the problem is shown, and the answers are saved in a copy beside it."""
    from ui.app import MainWindow

    (project / "decision.json").write_text("{ not json", encoding="utf-8")
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        assert view.problem_label.isVisibleTo(view)
        copy = project / "decision (fttool copy).json"
        assert str(copy) in view.problem_label.text()
        view.set_answers({"use_case": {"description": "Recipes in a fixed format"}})
        view.evaluate()
        qtbot.waitUntil(copy.exists, timeout=10_000)
        assert (project / "decision.json").read_text(encoding="utf-8") == "{ not json"  # untouched
        assert not (project / "decision.json.damaged").exists()
    finally:
        _close(w)


def test_measured_baselines_and_gain_come_from_the_evaluation(qtbot, service, project: Path) -> None:
    from ui.app import MainWindow

    (project / "eval").mkdir()
    (project / "eval" / "results.json").write_text(json.dumps({
        "models": {}, "baselines": {"zero-shot": {"token_f1": 0.41}, "few-shot:3": {"token_f1": 0.47}},
        "gain": {"metric": "token_f1", "base": "gpt-4o-mini", "tuned": "ft:gpt-4o-mini:x", "delta_points": 9.0,
                 "ci95_points": [6.0, 12.0], "n": 120}}), encoding="utf-8")
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        _settle(qtbot, view, service)
        row = view.inputs["alternatives.prompt_engineering"]
        assert "0.41" in row.measured.text() and row.tried.isChecked()
        assert view.decision.criterion("quality").score == 5
        assert view.decision.verdict != "improve_prompt_first"
    finally:
        _close(w)


def test_the_report_is_written_in_malay_when_the_app_speaks_it(qtbot, service, project: Path, tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui import i18n
    from ui.app import MainWindow

    qm = tmp_path / "fttool_ms.qm"
    assert i18n.compile_ts(i18n.ts_file("ms"), qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        _settle(qtbot, view, service)
        assert view.title() == "Buat Keputusan"
        assert view.verdict_label.text() == "Perbaiki prompt dahulu"
        out = tmp_path / "laporan.md"
        view.export_report(str(out), "md")
        qtbot.waitUntil(out.is_file, timeout=10_000)
        report = out.read_text(encoding="utf-8")
        assert "## Keputusan: Perbaiki prompt dahulu" in report
        assert "| Kualiti | Manfaat |" in report and "Jalankan penilaian garis asas" in report
    finally:
        _close(w)
        QCoreApplication.removeTranslator(translator)
