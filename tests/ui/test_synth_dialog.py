"""The Generate examples dialog (ui/widgets/synth_dialog.py) with a real job service and bridge, the sample project
and our OpenAI-compatible test server as the teacher (tests/support/synth_teacher.py scripts its answers and faults):
a preview, the rest of the run without asking twice, the review with its dropped reasons, accepting edited examples
into the Data view's train dataset as one undoable edit, rejecting one for good, Cancel and the resumed run, closing
during a run; with a billed teacher, the cost confirmation and the budget refusal."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fttool.project import Project
from tests.support.synth_teacher import TeacherScript

pytestmark = pytest.mark.usefixtures("qapp")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project"
MODEL = "llama-3.2-1b-instruct"


@pytest.fixture
def bridge(service: Any, qtbot: Any) -> Iterator[Any]:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=30_000)  # late callbacks land before the service stops
    b.close()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    shutil.copytree(SAMPLE, tmp_path / "p")
    return Project.open(tmp_path / "p")


def held_out_questions() -> list[str]:
    out = []
    for line in (SAMPLE / "data" / "test.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            msgs = json.loads(line)["messages"]
            out.append(next(m["content"] for m in msgs if m["role"] == "user"))
    return out


def open_view(qtbot: Any, bridge: Any, project: Project) -> Any:
    from ui.views.data import DataView

    view: Any = DataView(bridge)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.set_project(project)
    qtbot.waitUntil(lambda: view.session is not None and view.session.ready, timeout=15_000)
    qtbot.waitUntil(lambda: view.session.facts is not None and not view._tasks, timeout=30_000)
    return view


def close_view(view: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not view._tasks and view.bridge.pending == 0, timeout=30_000)
    view.close_all()


def use_server(qtbot: Any, dlg: Any, server: Any, count: int) -> None:
    """The teacher: our OpenAI-compatible test server (free: nothing to confirm)."""
    dlg.backend.setCurrentIndex(dlg.backend.findData("server"))
    assert dlg.base_url.isEnabled()
    dlg.model.setCurrentText(MODEL)
    dlg.base_url.setText(server.base_url)
    dlg.count.setValue(count)
    qtbot.waitUntil(lambda: dlg.plan is not None and MODEL in dlg.plan["teacher"]
                    and dlg.plan["calls"]["questions"] == count and dlg.preview_button.isEnabled(), timeout=15_000)
    assert dlg.plan["free"] and "costs nothing" in dlg.estimate.text()


def items(dlg: Any) -> list[Any]:
    return [dlg.pending.item(i) for i in range(dlg.pending.count())]


def run_idle(dlg: Any) -> bool:
    return dlg.task is None and not dlg._taking and dlg.bridge.pending == 0


def test_preview_rest_review_accept_edited_undo_and_reject(qtbot, bridge, project, compat_server):
    script = TeacherScript({7: "duplicate", 9: "leak"}, held_out_questions())
    compat_server.chat_reply = script
    view = open_view(qtbot, bridge, project)
    assert view.session.split == "train"
    base_rows = view.session.overlay.row_count
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=5000)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    # Qt keeps the last key event's modifiers as the application's keyboard state: release them, or later tests'
    # item views take a selectRow() for a Ctrl+Shift extension of the selection
    for key in (Qt.Key.Key_Control, Qt.Key.Key_Shift):
        qtbot.keyRelease(view.table, key)
    dlg = view.synth_dialog  # Ctrl+Shift+G opened it
    assert dlg is not None and view.generate_examples() is dlg  # one per project
    assert dlg.objectName() == "synthDialog" and dlg.isVisible()
    assert dlg.task_edit.text().startswith("The lesson's example")  # the project's description
    assert dlg.backend.currentData() == "openai" and dlg.model.currentText() == "gpt-4o-mini-2024-07-18"
    assert not dlg.base_url.isEnabled() and not dlg.generate_button.isEnabled()
    use_server(qtbot, dlg, compat_server, 12)

    # preview 5: no confirmation for a free teacher; the review shows them
    dlg.preview_button.click()
    qtbot.waitUntil(lambda: dlg.pending.count() == 5 and run_idle(dlg), timeout=30_000)
    assert dlg.last_box is None
    assert sum(1 for (kind, _k) in script.asked if kind == "question") == 5
    first = items(dlg)[0]
    assert "→" in first.text() and "Use it gently" in first.text()
    assert "Topic:" in first.toolTip() and "Rating:" in first.toolTip()
    assert first.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert dlg.counts.text().startswith("5 passed")
    assert dlg.generate_button.isEnabled() and not dlg.show_dropped_button.isEnabled()
    assert dlg.topic.itemText(0) == "All topics"

    # the rest: the preview's items are not asked again; the duplicate and the leak are dropped
    dlg.generate_button.click()
    qtbot.waitUntil(lambda: dlg.pending.count() == 10 and run_idle(dlg), timeout=30_000)
    # (the duplicate's answer is counted under the variation it copies)
    assert [script.asked[("question", k)] for k in range(12)] == [1] * 12, script.asked
    assert sum(n for (kind, _k), n in script.asked.items() if kind == "answer") == 12
    assert "10 passed" in dlg.counts.text()
    assert "duplicate 1" in dlg.counts.text() and "leakage 1" in dlg.counts.text()
    assert "12 generated" in dlg.status.text()
    dropped = dlg.show_dropped()
    from PySide6.QtWidgets import QTableWidget

    assert dropped.objectName() == "synthDroppedDialog"
    table = dropped.findChild(QTableWidget, "synthDroppedList")
    reasons = sorted(table.item(r, 0).text() for r in range(table.rowCount()))
    assert reasons == ["duplicate", "leakage"]
    assert any("test.jsonl" in table.item(r, 1).text() for r in range(table.rowCount()))
    dropped.close()

    # edit one answer, tick two, accept: the train session gains exactly those, the edit kept (the view shows
    # the test split meanwhile: it goes back to train for them)
    view.dataset_combo.setCurrentIndex(view.dataset_combo.findData("test"))
    qtbot.waitUntil(lambda: view.session.split == "test" and view.session.ready and not view._tasks,
                    timeout=15_000)
    pending = dlg.review["pending"]
    dlg.pending.setCurrentRow(1)
    assert dlg.answer.isEnabled() and dlg.answer.toPlainText() == pending[1]["messages"][-1]["content"]
    dlg.answer.setPlainText("Edited: knead for 10 minutes.\nThen bake.")
    assert "(edited)" in items(dlg)[1].text()
    assert not dlg.accept_button.isEnabled()
    items(dlg)[1].setCheckState(Qt.CheckState.Checked)
    items(dlg)[2].setCheckState(Qt.CheckState.Checked)
    assert dlg.accept_button.isEnabled()
    got: list[list[dict]] = []
    dlg.accepted_examples.connect(got.append)
    expected = [json.loads(json.dumps(pending[1])), pending[2]]
    expected[0]["messages"][-1]["content"] = "Edited: knead for 10 minutes.\nThen bake."
    dlg.accept_button.click()
    qtbot.waitUntil(lambda: dlg.pending.count() == 8 and run_idle(dlg), timeout=15_000)
    assert got == [expected]
    session = view.session
    assert session.split == "train" and session.overlay.row_count == base_rows + 2
    assert [session.overlay.example(base_rows), session.overlay.example(base_rows + 1)] == expected
    assert session.overlay.dirty  # not saved: the person saves with Ctrl+S
    assert len((project.path / "data" / "train.jsonl").read_text().splitlines()) == base_rows
    side = (project.path / "data" / "train.provenance.jsonl").read_text().splitlines()
    assert len(side) == 2 and all(json.loads(line)["teacher"] == f"server:{MODEL}" for line in side)
    texts = [it.text() for it in items(dlg)]
    assert not any("(edited)" in t for t in texts)
    # Undo in the Data view takes them out again, in one step
    view.undo_action.trigger()
    assert view.session.overlay.row_count == base_rows
    view.redo_action.trigger()
    assert view.session.overlay.row_count == base_rows + 2
    view.undo_action.trigger()

    # reject one: it disappears and is not offered again, even by another run of the same settings
    gone = dlg.review["pending"][0]
    items(dlg)[0].setCheckState(Qt.CheckState.Checked)
    dlg.reject_button.click()
    qtbot.waitUntil(lambda: dlg.pending.count() == 7 and run_idle(dlg), timeout=15_000)
    assert gone not in dlg.review["pending"]
    assert view.session.overlay.row_count == base_rows  # a rejection inserts nothing
    asked = sum(script.asked.values())
    dlg.generate_button.click()
    qtbot.waitUntil(lambda: dlg.last_summary is not None and dlg.last_summary.get("pending") == 7
                    and run_idle(dlg), timeout=30_000)
    qtbot.waitUntil(lambda: dlg.pending.count() == 7 and run_idle(dlg), timeout=15_000)
    assert gone not in dlg.review["pending"] and sum(script.asked.values()) == asked

    # the topic filter (one topic here: the task), then check all that are shown
    assert dlg.topic.count() == 2
    dlg.topic.setCurrentIndex(1)
    assert all(not it.isHidden() for it in items(dlg))
    dlg.check_all_button.click()
    assert all(it.checkState() == Qt.CheckState.Checked for it in items(dlg))
    dlg.close()
    assert not dlg.isVisible()
    close_view(view, qtbot)


def test_cancel_then_resume_and_close_during_a_run(qtbot, bridge, project, compat_server):
    script = TeacherScript({}, held_out_questions())
    compat_server.chat_reply = script
    view = open_view(qtbot, bridge, project)
    dlg = view.generate_examples()
    use_server(qtbot, dlg, compat_server, 24)
    dlg.preview_button.click()
    qtbot.waitUntil(lambda: dlg.pending.count() == 5 and run_idle(dlg), timeout=30_000)

    # the rest, slowly: Cancel part-way
    compat_server.chat_latency = 0.3
    dlg.generate_button.click()
    qtbot.waitUntil(lambda: dlg.task is not None and dlg.bar.isVisible(), timeout=10_000)
    assert dlg.cancel_button.isEnabled() and not dlg.preview_button.isEnabled()
    assert not dlg.count.isEnabled() and not dlg.accept_button.isEnabled()
    qtbot.waitUntil(lambda: dlg.bar.value() >= 6 and "left" in dlg.status.text(), timeout=30_000)
    assert "of 24" in dlg.bar.format()
    dlg.cancel_button.click()
    assert "Cancelling" in dlg.status.text() and not dlg.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: run_idle(dlg), timeout=30_000)
    assert "Cancelled" in dlg.status.text()
    assert dlg.count.isEnabled() and not dlg.bar.isVisible()
    answered = sum(1 for (kind, _k) in script.asked if kind == "answer")
    assert 5 < answered < 24

    # run again: it resumes, asking nothing twice
    compat_server.chat_latency = 0.0
    qtbot.waitUntil(lambda: dlg.generate_button.isEnabled(), timeout=15_000)
    dlg.generate_button.click()
    qtbot.waitUntil(lambda: dlg.pending.count() == 24 and run_idle(dlg), timeout=30_000)
    assert all(n == 1 for n in script.asked.values()), {k: v for k, v in script.asked.items() if v > 1}
    assert "24 passed" in dlg.counts.text()

    # closing the dialog during a run cancels it; the callbacks that come after it is gone do nothing
    compat_server.chat_latency = 0.3
    dlg.count.setValue(40)
    qtbot.waitUntil(lambda: dlg.plan is not None and dlg.plan["calls"]["questions"] == 40
                    and dlg.generate_button.isEnabled(), timeout=15_000)
    dlg.generate_button.click()
    qtbot.waitUntil(lambda: dlg.task is not None, timeout=10_000)
    task = dlg.task
    dlg.close()
    assert task.cancelled()
    dlg.deleteLater()
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=30_000)
    assert sum(1 for (kind, _k) in script.asked if kind == "answer") < 40
    close_view(view, qtbot)


def test_a_billed_teacher_is_confirmed_first_and_the_budget_refuses(qtbot, bridge, project, openai_server,
                                                                    monkeypatch):
    from tests.e2e.cloud_support import setup_openai
    from ui.widgets.synth_dialog import SynthDialog

    setup_openai(openai_server, monkeypatch)
    openai_server.chat_reply = TeacherScript({}, held_out_questions())
    dlg: Any = SynthDialog(bridge, str(project.path), "recipes")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.count.setValue(20)
    qtbot.waitUntil(lambda: dlg.plan is not None and dlg.plan["calls"]["questions"] == 20, timeout=15_000)
    assert dlg.plan["billable"] and "$" in dlg.estimate.text()
    assert "The teacher costs $0.15 per 1M tokens in and $0.6 out" in dlg.estimate.text()  # its own price
    # an unknown price is said, never shown as free
    dlg.model.setCurrentText("my-own-model")
    qtbot.waitUntil(lambda: dlg.plan is not None and "my-own-model" in dlg.plan["teacher"], timeout=15_000)
    assert "cost is unknown" in dlg.estimate.text()
    dlg.model.setCurrentText("gpt-4o-mini-2024-07-18")
    qtbot.waitUntil(lambda: dlg.plan is not None and "gpt-4o-mini-2024-07-18" in dlg.plan["teacher"],
                    timeout=15_000)

    # the preview asks first, with the estimate of those 5; Cancel sends nothing
    dlg.preview_button.click()
    qtbot.waitUntil(lambda: dlg.last_box is not None and dlg.last_box.isVisible(), timeout=15_000)
    box = dlg.last_box
    assert box.objectName() == "synthConfirm" and "Preview 5" in box.text() and "$" in box.text()
    from PySide6.QtWidgets import QMessageBox

    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(200)
    assert dlg.task is None and openai_server.chat_bodies == []
    dlg.preview_button.click()
    qtbot.waitUntil(lambda: dlg.last_box is not box and dlg.last_box is not None and dlg.last_box.isVisible(),
                    timeout=15_000)
    dlg.last_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: dlg.pending.count() == 5 and run_idle(dlg), timeout=30_000)
    assert "Spent about $" in dlg.status.text()

    # over the budget: refused with the estimate, nothing sent
    meta = json.loads((project.path / "project.json").read_text())
    meta["budget_usd"] = 0.000001
    (project.path / "project.json").write_text(json.dumps(meta))
    sent = len(openai_server.chat_bodies)
    dlg.count.setValue(21)
    qtbot.waitUntil(lambda: dlg.plan is not None and dlg.plan["calls"]["questions"] == 21, timeout=15_000)
    assert dlg.plan["over_budget"] and "over your budget" in dlg.estimate.text()
    qtbot.waitUntil(lambda: dlg.generate_button.isEnabled(), timeout=15_000)
    dlg.generate_button.click()
    qtbot.waitUntil(lambda: dlg.last_box is not None and dlg.last_box.objectName() == "synthOverBudget",
                    timeout=15_000)
    dlg.last_box.close()
    qtbot.wait(200)
    assert dlg.task is None and len(openai_server.chat_bodies) == sent
    dlg.close()


@pytest.mark.parametrize("lang", ["en", "ms"])
def test_the_review_in_both_languages_with_a_screenshot(qtbot, bridge, project, compat_server, lang, tmp_path):
    """The review as a person sees it, in English and in Malay (build/screenshots/synth-review-<lang>.png)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui import i18n
    from ui.widgets.synth_dialog import SynthDialog

    translator = None
    if lang == "ms":
        qm = tmp_path / "fttool_ms.qm"
        assert i18n.compile_ts(ROOT / "ui" / "translations" / "fttool_ms.ts", qm)
        translator = QTranslator()
        assert translator.load(str(qm))
        QCoreApplication.installTranslator(translator)
    try:
        compat_server.chat_reply = TeacherScript({2: "refusal"}, held_out_questions(), language=lang)
        dlg = SynthDialog(bridge, str(project.path), task="A recipe assistant.")
        qtbot.addWidget(dlg)
        dlg.resize(900, 640)
        dlg.show()
        use_server(qtbot, dlg, compat_server, 5) if lang == "en" else _use_server_any_language(qtbot, dlg,
                                                                                              compat_server, 5)
        dlg.preview_button.click()
        qtbot.waitUntil(lambda: dlg.pending.count() == 4 and run_idle(dlg), timeout=30_000)
        if lang == "ms":
            assert dlg.windowTitle() == "Jana contoh" and "lulus" in dlg.counts.text()
            assert "Bagaimana saya guna" in items(dlg)[0].text()  # the teacher wrote in the examples' language
        else:
            assert dlg.windowTitle() == "Generate examples" and "passed" in dlg.counts.text()
        dlg.pending.setCurrentRow(0)
        out = ROOT / "build" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        assert dlg.grab().save(str(out / f"synth-review-{lang}.png"))
        dlg.close()
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)


def _use_server_any_language(qtbot: Any, dlg: Any, server: Any, count: int) -> None:
    dlg.backend.setCurrentIndex(dlg.backend.findData("server"))
    dlg.model.setCurrentText(MODEL)
    dlg.base_url.setText(server.base_url)
    dlg.count.setValue(count)
    qtbot.waitUntil(lambda: dlg.plan is not None and MODEL in dlg.plan["teacher"]
                    and dlg.plan["calls"]["questions"] == count and dlg.preview_button.isEnabled(), timeout=15_000)


def test_suggested_topics_are_edited_before_generating_and_a_judge_drops_low_ratings(qtbot, bridge, project,
                                                                                      compat_server):
    from ui.widgets.synth_dialog import SynthDialog

    script = TeacherScript({1: "low"}, held_out_questions())
    compat_server.chat_reply = script
    dlg = SynthDialog(bridge, str(project.path), task="A recipe assistant.")
    qtbot.addWidget(dlg)
    dlg.show()
    use_server(qtbot, dlg, compat_server, 4)
    dlg.suggest_button.click()
    qtbot.waitUntil(lambda: dlg.topics.toPlainText() != "" and dlg.suggest_button.isEnabled(), timeout=15_000)
    lines = dlg.topics.toPlainText().splitlines()
    assert len(lines) == 24 and lines[0] == "topic flour / salt ideas"  # 8 topics x 3 subtopics
    assert not any(kind == "question" for (kind, _k) in script.asked)  # no example asked yet
    dlg.topics.setPlainText("sourdough starters\nrye loaves")  # the person keeps two, in their words
    dlg.judge.setText(MODEL)
    qtbot.waitUntil(lambda: dlg.plan is not None and dlg.plan["calls"]["judge"] == 4, timeout=15_000)
    assert "Rate from 1" in dlg.judge.toolTip() and "{answer}" in dlg.judge.toolTip()  # its prompt, shown
    dlg.preview_button.click()
    qtbot.waitUntil(lambda: run_idle(dlg) and bool(dlg.review.get("summary")), timeout=30_000)
    prov = dlg.review["provenance"]
    assert {p["topic"] for p in prov} <= {"sourdough starters", "rye loaves"} and prov
    assert dlg.review["summary"]["dropped"] == {"low_rating": 1}
    assert "low rating 1" in dlg.counts.text()
    dlg.close()
