"""The Playground's no-code journey (issue 18): review an example before it is saved (edit, cancel, undo), the
evaluation in plain words (headline sentence, interval bar, default base of a tuned model), open_panel from
elsewhere, the system prompt filled in from the training data, and the local model's loading note."""

# ruff: noqa: F811
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fttool.jobs.record import Job, Status
from fttool.project import Project

# the Playground's fixtures, shared with its other tests (parameters of the same names are these fixtures)
from tests.ui.test_playground import BASE, TUNED, bridge, send, server, view  # noqa: F401

pytestmark = pytest.mark.usefixtures("qapp")
CHEF = "You are Chef Ada, a friendly recipe assistant."


def edit_answer(qtbot: Any, dialog: Any, text: str) -> None:
    """Select the answer card's text and type over it, as a person would."""
    card = dialog.editor.cards[-1]
    assert card.role.currentData() == "assistant"
    card.content.setFocus()
    card.content.selectAll()
    qtbot.keyClicks(card.content, text)


def test_save_opens_a_review_with_the_answer_editable_and_saves_the_edit_then_undo(qtbot: Any, view: Any,
                                                                                  server: Any) -> None:
    server.chat_reply = lambda model, msgs, body: "Omelette ### gibberish %%%"
    send(qtbot, view, "Quick omelette?")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    train = view.project.dataset_files()["train"]
    before = train.read_text()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    assert dialog is not None and dialog.isVisible()
    assert train.read_text() == before  # nothing saved just by opening it
    assert dialog.source.text() == f"Answer from {BASE}"
    roles = [c.role.currentData() for c in dialog.editor.cards]
    assert roles[-2:] == ["user", "assistant"]
    assert dialog.editor.cards[-1].content.toPlainText() == "Omelette ### gibberish %%%"
    edit_answer(qtbot, dialog, "Omelette (5 min): beat 2 eggs, cook 2 min.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved as line" in view.status.text(), timeout=10_000)
    assert view.review_dialog is None
    lines = train.read_text().splitlines()
    saved = json.loads(lines[-1])["messages"]
    assert saved[-1] == {"role": "assistant", "content": "Omelette (5 min): beat 2 eggs, cook 2 min."}
    assert saved[-2] == {"role": "user", "content": "Quick omelette?"}
    assert BASE in view.status.text()  # which model's answer it was
    assert view.undo_save_button.isVisibleTo(view)
    qtbot.mouseClick(view.undo_save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "taken out again" in view.status.text(), timeout=10_000)
    assert train.read_text() == before


def test_cancel_saves_nothing(qtbot: Any, view: Any, server: Any) -> None:
    server.chat_reply = lambda model, msgs, body: "An answer."
    send(qtbot, view, "hello")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    train = view.project.dataset_files()["train"]
    before = train.read_text()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    edit_answer(qtbot, dialog, "changed")
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review_dialog is None, timeout=5_000)
    assert "Not saved" in view.status.text()
    qtbot.wait(200)
    assert train.read_text() == before
    assert not view.undo_save_button.isVisibleTo(view)


def test_an_empty_answer_is_refused_in_the_dialog(qtbot: Any, view: Any, server: Any) -> None:
    server.chat_reply = lambda model, msgs, body: "An answer."
    send(qtbot, view, "hello")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    train = view.project.dataset_files()["train"]
    before = train.read_text()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    card = dialog.editor.cards[-1]
    card.content.setFocus()
    card.content.selectAll()
    qtbot.keyClick(card.content, Qt.Key.Key_Delete)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "not empty" in dialog.error.text()
    assert train.read_text() == before
    dialog.reject()


def test_side_by_side_review_names_the_side_and_the_model(qtbot: Any, view: Any, server: Any) -> None:
    server.chat_reply = lambda model, msgs, body: f"from {model}"
    view.side_by_side.setChecked(True)
    assert [c.header.text()[:4] for c in view.columns] == ["A · ", "B · "]
    send(qtbot, view, "hi")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    qtbot.mouseClick(view.columns[1].better_button, Qt.MouseButton.LeftButton)
    assert "Chose B · " in view.status.text() and "A 0, B 1" in view.status.text()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    # the answer's model named once: its letter and its name
    assert dialog.source.text() == f"Answer from Model B: {TUNED}"
    assert dialog.editor.cards[-1].content.toPlainText() == f"from {TUNED}"
    dialog.reject()


def test_system_prompt_is_filled_in_from_the_training_data(qtbot: Any, view: Any) -> None:
    qtbot.waitUntil(lambda: view.system.toPlainText() != "", timeout=10_000)
    assert view.system.toPlainText().startswith(CHEF)
    assert "12 of 12" in view.system.toolTip()


def test_system_prompt_typed_before_the_answer_is_kept(qtbot: Any, bridge: Any, server: Any,
                                                         tmp_path: Path) -> None:
    from fttool.project import ensure_sample_project
    from ui.views.playground import PlaygroundView

    v = PlaygroundView(bridge)
    qtbot.addWidget(v)
    v.system.setPlainText("Mine.")
    v.set_project(Project.open(ensure_sample_project(tmp_path / "projects")))
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)
    assert v.system.toPlainText() == "Mine."


def test_local_model_loading_note_is_cleared_when_the_answer_arrives(qtbot: Any, view: Any, service: Any) -> None:
    from fttool.chat.client import Target

    async def fake_send(svc: Any, target: dict[str, Any], messages: list[dict[str, Any]], sampling: Any = None,
                        on_delta: Any = None, interval: float = 0.03) -> dict[str, Any]:
        await asyncio.sleep(0.3)
        if on_delta is not None:
            on_delta("Loaded and answering.")
        return {"text": "Loaded and answering.", "latency_ms": 300.0}

    service.register_command("chat_send", fake_send)
    view.picker_a.addItem("Local · my-adapter", Target("local", "/tmp/my-adapter").to_dict())
    view.picker_a.setCurrentIndex(view.picker_a.count() - 1)
    send(qtbot, view, "hi")
    assert "Starting the local model" in view.status.text()
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert view.status.text() == ""
    assert "Loaded and answering." in view.columns[0].view.toPlainText()


def test_local_model_loading_note_is_cleared_on_failure(qtbot: Any, view: Any, service: Any) -> None:
    from fttool.chat.client import Target
    from fttool.errors import FtError

    async def failing(svc: Any, **kwargs: Any) -> dict[str, Any]:
        await asyncio.sleep(0.1)
        raise FtError("local_server_failed", detail="out of memory")

    service.register_command("chat_send", failing)
    view.picker_a.addItem("Local · my-adapter", Target("local", "/tmp/my-adapter").to_dict())
    view.picker_a.setCurrentIndex(view.picker_a.count() - 1)
    send(qtbot, view, "hi")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert "Starting the local model" not in view.status.text()
    assert "out of memory" in view.columns[0].stats.text()


def test_open_panel_evaluate_with_bm25_on_a_fresh_view(qtbot: Any, bridge: Any, server: Any) -> None:
    from ui.views.playground import PlaygroundView

    v = PlaygroundView(bridge)
    qtbot.addWidget(v)
    v.show()
    v.open_panel("evaluate", {"baseline": "bm25"})
    assert v.tabs.currentWidget() is v._eval_holder
    assert v.evaluate.rag.isChecked()
    qtbot.waitUntil(v.evaluate.rag.isVisible, timeout=5_000)
    v.open_panel("chat", {})
    assert v.tabs.currentIndex() == 0


def test_evaluate_defaults_a_to_the_base_of_a_tuned_local_model(qtbot: Any, bridge: Any, server: Any,
                                                                service: Any, tmp_path: Path) -> None:
    from fttool.project import ensure_sample_project
    from ui.views.playground import PlaygroundView

    adapter = tmp_path / "adapter"
    service.store.add(Job(backend="openai", status=Status.SUCCEEDED, result_model=TUNED))
    service.store.add(Job(backend="local", status=Status.SUCCEEDED, result_model=str(adapter),
                          base_model="Qwen/Qwen2.5-0.5B-Instruct"))
    v = PlaygroundView(bridge)
    qtbot.addWidget(v)
    v.show()
    v.set_project(Project.open(ensure_sample_project(tmp_path / "projects")))
    qtbot.waitUntil(lambda: v.picker_a.count() > 0 and v.refresh_button.isEnabled(), timeout=10_000)
    panel = v.evaluate
    v.tabs.setCurrentWidget(v._eval_holder)
    assert panel.model_b.currentData()["model"] == str(adapter)
    assert panel.model_a.currentData() == {"backend": "local", "model": "Qwen/Qwen2.5-0.5B-Instruct", "server": None,
                                           "base_url": None, "adapter": None,
                                           "label": "Qwen/Qwen2.5-0.5B-Instruct (local)"}
    assert v.picker_a.target()["model"] == "Qwen/Qwen2.5-0.5B-Instruct"  # the chat's A too
    # choosing another tuned model for B by hand moves A to that model's base
    panel.model_b.setFocus()
    tuned_openai = next(i for i in range(panel.model_b.count())
                        if panel.model_b.itemData(i)["model"] == TUNED)
    while panel.model_b.currentIndex() != tuned_openai:
        key = Qt.Key.Key_Down if panel.model_b.currentIndex() < tuned_openai else Qt.Key.Key_Up
        qtbot.keyClick(panel.model_b, key)
    assert panel.model_a.currentData()["model"] == BASE
    assert "the model B was made from" in panel.status.text()


def test_evaluate_job_picks_the_jobs_base(qtbot: Any, view: Any) -> None:
    view.evaluate_job({"result_model": TUNED, "base_model": BASE})
    qtbot.waitUntil(lambda: view.refresh_button.isEnabled() and view.evaluate.model_b.currentData()["model"] == TUNED,
                    timeout=10_000)
    assert view.evaluate.model_a.currentData()["model"] == BASE
    assert view.tabs.currentWidget() is view._eval_holder


def gain(delta: float, lo: float, hi: float, n: int = 24, **counts: int) -> dict[str, Any]:
    return {"metric": "token_f1", "base": BASE, "tuned": TUNED, "delta_points": delta, "ci95_points": [lo, hi],
            "n": n, **counts}


def test_headline_sentences_for_known_results(qtbot: Any, view: Any) -> None:
    panel = view.evaluate
    better = gain(8.5, 2.1, 14.0, wins=14, losses=3, ties=7, verdict="better")
    assert panel.headline(better, "The tuned model", None) == (
        "The tuned model answered 14 of 24 test questions better, 3 worse (7 the same); that is likely a real "
        "improvement.")
    unclear = gain(0.0, -3.0, 3.0, wins=5, losses=5, ties=14, verdict="unclear")
    assert panel.headline(unclear, "The tuned model", None).endswith("5 worse (14 the same); no clear difference "
                                                                     "yet (more test questions would tell).")
    worse = gain(-6.0, -9.0, -2.0, wins=2, losses=15, ties=7)  # older results: verdict from the interval
    assert panel.headline(worse, "Model B", None).endswith("that is likely worse.")

    result = {"models": {BASE: {"token_f1": 0.2, "n": 24}, TUNED: {"token_f1": 0.3, "n": 24}},
              "baselines": {"rag": {"token_f1": 0.25, "n": 24}},
              "gain": better, "baseline_gains": {"rag": {**unclear, "base": "rag"}},
              "judge": {"model": "gpt-4.1-mini", "win_rate": 0.75, "wins": 16, "losses": 4, "ties": 4,
                        "prompt": "Reply with exactly one word", "cost_usd": 0.0021},
              "examples": []}
    panel._show_results(result)
    assert panel.gain.text().startswith("The tuned model answered 14 of 24 test questions better")
    assert panel.gain_bar.isVisibleTo(panel) and panel.gain_bar.interval == (8.5, 2.1, 14.0)
    tip = panel.gain_bar.toolTip()
    assert "+8.5" in tip and "+2.1 to +14.0" in tip and "n = 24" in tip
    lines = [w.text() for w in panel.other_gains.findChildren(type(panel.gain)) if w.objectName() == "gainLine"]
    assert lines == ["Against the base model given matching passages (retrieval, BM25): the tuned model answered 5 "
                     "of 24 test questions better, 5 worse (14 the same); no clear difference yet (more test "
                     "questions would tell)."]
    assert "B wins 75%" in panel.judge_line.text() and "$0.0021" in panel.judge_line.text()
    # metric names explained in their headers
    tips = [panel.table.horizontalHeaderItem(c).toolTip() for c in range(1, 4)]
    assert all(tips) and "word for word" in tips[0] and "overlap" in tips[1] and "same order" in tips[2]
    assert panel.use_judge.toolTip()


def test_headline_counts_from_the_examples_of_older_results(qtbot: Any, view: Any) -> None:
    panel = view.evaluate
    rows = [{"answers": {BASE: {"token_f1": a}, TUNED: {"token_f1": b}}} for a, b in
            ((0.1, 0.5), (0.2, 0.2), (0.6, 0.3))]
    text = panel.headline(gain(3.0, -1.0, 4.0, n=3), "The tuned model", {"examples": rows})
    assert text.startswith("The tuned model answered 1 of 3 test questions better, 1 worse (1 the same)")


def test_the_interval_bar_marks_zero_and_the_range(qtbot: Any, view: Any) -> None:
    bar = view.evaluate.gain_bar
    bar.resize(200, 22)
    bar.set_interval(4.0, 1.0, 8.0, "tip")
    assert bar.x_of(0.0) == pytest.approx(100)
    assert 100 < bar.x_of(1.0) < bar.x_of(4.0) < bar.x_of(8.0) <= 200
    bar.show()
    QApplication.processEvents()
    bar.grab()  # paints without error


def test_the_main_window_opens_the_retrieval_baseline(qtbot: Any, main_window: Any) -> None:
    """The Decide view's "Run a retrieval baseline" goes through window.go_to to a Playground built for it."""
    main_window.go_to("playground", "evaluate", {"baseline": "bm25"})
    view = main_window.view("playground")
    assert main_window.current_view() is view
    assert view.tabs.currentWidget() is view._eval_holder and view.evaluate.rag.isChecked()
    qtbot.waitUntil(view.evaluate.rag.isVisible, timeout=5_000)


def test_the_judge_is_off_and_explains_itself_without_a_cloud_key(qtbot: Any, bridge: Any) -> None:
    from fttool.chat.client import Target
    from ui.views.playground import PlaygroundView

    v = PlaygroundView(bridge)
    qtbot.addWidget(v)
    panel = v.evaluate
    panel.set_models([{"group": "base", "label": BASE, "target": Target("openai", BASE).to_dict()},
                      {"group": "base", "label": "qwen", "target": Target("local", "qwen").to_dict()}])
    qtbot.waitUntil(lambda: panel.judge_backends is not None, timeout=10_000)
    assert not panel.use_judge.isEnabled() and not panel.use_judge.isChecked()
    assert panel.judge.count() == 0 and "API key" in panel.judge_cost.text()
    assert panel.config()["judge"] is None
