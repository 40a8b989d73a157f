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
    """Score the answers and wait for the last decision asked for: a decision can ask for another (Decide starts
    on the evaluated pair once and scores again), so wait until no scoring is on its way."""
    view.evaluate()
    qtbot.waitUntil(lambda: view.decision is not None and view.bridge.pending == 0 and not view._timer.isActive()
                    and view.table.rowCount() == 8, timeout=10_000)
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
    assert "train_tuned_model" in view.missing_buttons  # no tuned model of the base yet

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
    spin = view.weight_spin(0)  # quality: score 0
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


def _spy_go_to(window) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Record the window's go_to calls (and pass them on when the lead's MainWindow.go_to exists)."""
    calls: list[tuple] = []
    real = getattr(window, "go_to", None)

    def go_to(view, panel=None, options=None):  # type: ignore[no-untyped-def]
        calls.append((view, panel, options))
        if real is not None:
            real(view, panel, options)

    window.go_to = go_to
    return calls


def test_retrieval_baseline_button_opens_the_evaluate_panel_with_bm25(qtbot, window, service) -> None:
    view = _view(window)
    qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
    view.inputs["alternatives.prompt_engineering"].rating.setValue(3)
    view.inputs["use_case.goals"]["knowledge"].click()  # the window is not shown: a click as the button takes it
    assert view.inputs["use_case.goals"]["knowledge"].isChecked()
    _settle(qtbot, view, service)
    assert view.decision.verdict == "try_retrieval_first"
    calls = _spy_go_to(window)
    button = view.missing_buttons["run_rag_baseline"]
    assert "Retrieval (BM25)" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert calls == [("playground", "evaluate", {"baseline": "bm25"})]
    if type(window).__dict__.get("go_to") is not None:  # the real navigation: the Playground is showing
        assert window.current_view().key == "playground"
        playground = window.view("playground")
        assert playground.tabs.currentWidget() is playground._eval_holder
        assert playground.evaluate.rag.isChecked()  # Retrieval (BM25) ticked


def test_key_button_opens_settings_at_the_backends_key(qtbot, window, service) -> None:
    view = _view(window)
    qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
    _settle(qtbot, view, service)
    calls = _spy_go_to(window)
    qtbot.mouseClick(view.missing_buttons["add_credentials"], Qt.MouseButton.LeftButton)
    assert calls == [("settings", "keys", {"backend": "openai"})]


def test_without_go_to_the_button_shows_the_view_and_opens_its_panel(qtbot, service) -> None:
    """A window without the lead's go_to: show_view, then the view's own open_panel (Settings has one)."""
    from PySide6.QtWidgets import QWidget

    from ui.views.decide import DecideView
    from ui.views.settings import SettingsView

    class FakeWindow(QWidget):
        def __init__(self, bridge) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.settings = SettingsView(bridge, self)
            self.shown: list[str] = []

        def show_view(self, key: str) -> None:
            self.shown.append(key)

        def view(self, key: str):  # type: ignore[no-untyped-def]
            return self.settings

    from ui.bridge import Bridge

    bridge = Bridge(service)
    w = FakeWindow(bridge)
    decide_view = DecideView(bridge, w)
    w.show()
    qtbot.waitExposed(w)
    try:
        decide_view.go_get("add_credentials", "settings", "keys", {"backend": "together"})
        assert w.shown == ["settings"]
        qtbot.waitUntil(lambda: w.settings.boxes["together"].edits["together"].hasFocus(), timeout=5_000)
        w.settings.open_panel("keys", {"backend": "azure", "secret": "azure-management"})
        qtbot.waitUntil(lambda: w.settings.boxes["azure"].edits["azure-management"].hasFocus(), timeout=5_000)
    finally:
        service.wait_idle(5.0)
        w.close()
        w.deleteLater()


def test_checklist_reads_the_local_runtime(qtbot, service, project: Path, tmp_path: Path, monkeypatch) -> None:
    from tests.unit.test_trl_engine import fake_runtime
    from ui.app import MainWindow

    runtimes = tmp_path / "runtimes"
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(runtimes))
    meta = json.loads((project / "project.json").read_text(encoding="utf-8"))
    meta.update(backend="local", base_model="Qwen/Qwen3-0.6B")
    (project / "project.json").write_text(json.dumps(meta), encoding="utf-8")
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        _settle(qtbot, view, service)
        label = view.check_box.findChild(type(view.pair_label), "decide_check_training_environment")
        assert label.text().startswith("☐") and "not installed" in label.text()
        assert "set_up_local_runtime" in view.missing_buttons
        calls = _spy_go_to(w)
        qtbot.mouseClick(view.missing_buttons["set_up_local_runtime"], Qt.MouseButton.LeftButton)
        assert calls == [("train", "local", {})]

        fake_runtime(runtimes, "trl", ["qwen3"], "5.25.0")
        _settle(qtbot, view, service)
        qtbot.waitUntil(lambda: view.check_box.findChild(type(view.pair_label), "decide_check_training_environment")
                        is not label, timeout=5_000)
        label = view.check_box.findChild(type(view.pair_label), "decide_check_training_environment")
        assert label.text().startswith("☑") and "is installed" in label.text()
        assert "set_up_local_runtime" not in view.missing_buttons
    finally:
        _close(w)


def test_use_case_is_saved_reloaded_and_exported(qtbot, service, project: Path, tmp_path: Path) -> None:
    from ui.app import MainWindow

    meta = json.loads((project / "project.json").read_text(encoding="utf-8"))
    meta["use_case"] = "Recipes in a fixed format"  # what the New Project dialog wrote
    (project / "project.json").write_text(json.dumps(meta), encoding="utf-8")
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        box = view.inputs["use_case.description"]
        assert box.toPlainText() == "Recipes in a fixed format"  # the project's use case is the default
        assert box.placeholderText().startswith("e.g.")
        box.selectAll()
        box.setFocus()
        qtbot.keyClicks(box, "Answer home cooks in five short steps")
        qtbot.waitUntil(lambda: json.loads((project / "decision.json").read_text(encoding="utf-8"))
                        ["use_case"]["description"] == "Answer home cooks in five short steps"
                        if (project / "decision.json").is_file() else False, timeout=10_000)
        service.wait_idle(5.0)
        assert json.loads((project / "project.json").read_text(encoding="utf-8"))["use_case"] == \
            "Answer home cooks in five short steps"
        _settle(qtbot, view, service)
        md = tmp_path / "r.md"
        view.export_report(str(md), "md")
        qtbot.waitUntil(md.is_file, timeout=10_000)
        assert "## Use case\n\nAnswer home cooks in five short steps\n" in md.read_text(encoding="utf-8")
    finally:
        _close(w)
    w = MainWindow(service, remember_geometry=False)  # reopened: the answer is back
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        assert view.inputs["use_case.description"].toPlainText() == "Answer home cooks in five short steps"
    finally:
        _close(w)


def test_the_model_pair_heads_the_verdict_and_the_evaluated_pair_can_be_chosen(qtbot, service,
                                                                                project: Path) -> None:
    """Nothing answered yet: Decide starts on the pair the evaluation compared; once the person chooses another
    base model, a button brings the evaluated pair back."""
    from ui.app import MainWindow

    (project / "eval").mkdir()
    (project / "eval" / "results.json").write_text(json.dumps({
        "models": {"Qwen/Qwen3-0.6B": {"token_f1": 0.3}, "qwen-tuned": {"token_f1": 0.4}},
        "baselines": {"zero-shot": {"token_f1": 0.3}},
        "gain": {"metric": "token_f1", "base": "Qwen/Qwen3-0.6B", "tuned": "qwen-tuned", "delta_points": 9.0,
                 "ci95_points": [6.0, 12.0], "n": 120}}), encoding="utf-8")
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        # never answered: started on the evaluated pair, not the lesson's default cloud model
        qtbot.waitUntil(lambda: view.decision is not None and view.pair_label.text() == (
            "Scored on the base model Qwen/Qwen3-0.6B and its tuned model qwen-tuned."), timeout=10_000)
        assert view.inputs["costs.tuned_model"].currentText() == "qwen-tuned"
        assert "use_evaluated_pair" not in view.missing_buttons
        assert view.decision.criterion("quality").score == 5
        # the person chooses another base model: theirs stands, and the evaluated pair is offered
        view.inputs["costs.tuned_model"].setCurrentText("")
        view.inputs["costs.base_model"].setCurrentText("gpt-4o-mini-2024-07-18")
        _settle(qtbot, view, service)
        _settle(qtbot, view, service)  # nothing switches it back
        assert view.pair_label.text() == ("Scored on the base model gpt-4o-mini-2024-07-18 (no tuned model of "
                                          "it yet).")
        quality = view.decision.criterion("quality")
        assert quality.score == 0 and "gpt-4o-mini-2024-07-18" in quality.evidence()
        assert "gpt-4o-mini-2024-07-18" in view.decision.criterion("tunability").evidence()
        evidence = view.table.item(0, 3).text()
        assert "Qwen/Qwen3-0.6B" in evidence and "token_f1" not in evidence
        from PySide6.QtWidgets import QApplication

        w.show_view("decide")
        w.show()
        w.activateWindow()
        qtbot.waitExposed(w)
        qtbot.mouseClick(view.change_pair, Qt.MouseButton.LeftButton)  # where the pair is chosen
        base = view.inputs["costs.base_model"]
        qtbot.waitUntil(lambda: QApplication.focusWidget() in (base, base.lineEdit()), timeout=5_000)
        qtbot.mouseClick(view.missing_buttons["use_evaluated_pair"], Qt.MouseButton.LeftButton)
        _settle(qtbot, view, service)
        assert view.inputs["costs.base_model"].currentText() == "Qwen/Qwen3-0.6B"
        assert view.inputs["costs.tuned_model"].currentText() == "qwen-tuned"
        assert view.pair_label.text() == "Scored on the base model Qwen/Qwen3-0.6B and its tuned model qwen-tuned."
        assert view.decision.criterion("quality").score == 5
        assert "Qwen/Qwen3-0.6B" in view.decision.criterion("tunability").evidence()
        assert "word overlap (token F1)" in view.table.item(0, 3).text()
        saved = json.loads((project / "decision.json").read_text(encoding="utf-8"))
        assert saved["costs"]["base_model"] == "Qwen/Qwen3-0.6B" and saved["costs"]["tuned_model"] == "qwen-tuned"
    finally:
        _close(w)


def test_a_saved_choice_of_base_model_is_kept_over_the_evaluated_pair(qtbot, service, project: Path) -> None:
    from ui.app import MainWindow

    (project / "eval").mkdir()
    (project / "eval" / "results.json").write_text(json.dumps({
        "models": {}, "baselines": {"zero-shot": {"token_f1": 0.3}},
        "gain": {"metric": "token_f1", "base": "Qwen/Qwen3-0.6B", "tuned": "qwen-tuned", "delta_points": 9.0,
                 "ci95_points": [6.0, 12.0], "n": 120}}), encoding="utf-8")
    (project / "decision.json").write_text(json.dumps({"format": 1, "costs": {"base_model": "gpt-4.1-mini"}}),
                                           encoding="utf-8")
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        _settle(qtbot, view, service)
        _settle(qtbot, view, service)
        assert view.inputs["costs.base_model"].currentText() == "gpt-4.1-mini"
        assert "use_evaluated_pair" in view.missing_buttons
    finally:
        _close(w)


def test_a_measured_alternative_shows_its_measurement_instead_of_a_rating(qtbot, service, project: Path) -> None:
    from ui.app import MainWindow

    (project / "eval").mkdir()
    (project / "eval" / "results.json").write_text(json.dumps({
        "models": {}, "baselines": {"zero-shot": {"token_f1": 0.41}}}), encoding="utf-8")
    w = MainWindow(service, remember_geometry=False)
    try:
        w.open_project(project)
        view = _view(w)
        qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
        _settle(qtbot, view, service)
        measured, unmeasured = view.inputs["alternatives.prompt_engineering"], view.inputs["alternatives.rag"]
        assert measured.measured.text() == "measured by the evaluation: word overlap (token F1) 0.41"
        assert measured.rating.isHidden() and not unmeasured.rating.isHidden()
    finally:
        _close(w)


def test_question_labels_use_the_column_and_the_criteria_table_shows_every_row(qtbot, window, service) -> None:
    from PySide6.QtWidgets import QLabel

    view = _view(window)
    window.resize(1280, 860)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: view._can_save, timeout=10_000)
    _settle(qtbot, view, service)
    qtbot.wait(100)
    field = view.inputs["use_case.why_not_prompting"]
    label = next(lb for lb in view.questions_scroll.findChildren(QLabel) if lb.buddy() is field)
    assert label.width() >= field.width() - 2  # as wide as its field, not a narrow label column
    table = view.table
    assert table.height() >= sum(table.rowHeight(r) for r in range(table.rowCount()))  # no rows cut off
    spin = view.weight_spin(0)
    assert spin.height() == spin.sizeHint().height() < table.rowHeight(0)
