"""The Playground (pytest-qt, offscreen) against the OpenAI test server: streaming side by side, stop,
regenerate, blind mode, saving a training example, and the Evaluate panel."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from fttool.jobs.record import Job, Status
from fttool.project import Project

pytestmark = pytest.mark.usefixtures("qapp")
BASE = "gpt-4o-mini-2024-07-18"
TUNED = "ft:gpt-4o-mini-2024-07-18:org-x::tuned1"


@pytest.fixture
def server(openai_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", openai_server.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    return openai_server


@pytest.fixture
def bridge(service: Any, qtbot: Any) -> Iterator[Any]:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=10_000)
    service.call("chat_close")
    b.close()


@pytest.fixture
def view(qtbot: Any, bridge: Any, server: Any, service: Any, tmp_path: Path) -> Any:
    from fttool.project import ensure_sample_project
    from ui.views.playground import PlaygroundView

    service.store.add(Job(backend="openai", status=Status.SUCCEEDED, result_model=TUNED))
    project = Project.open(ensure_sample_project(tmp_path / "projects"))
    v = PlaygroundView(bridge)
    qtbot.addWidget(v)
    v.resize(1100, 700)
    v.show()
    v.set_project(project)
    qtbot.waitUntil(lambda: v.picker_a.count() > 0 and v.refresh_button.isEnabled(), timeout=10_000)
    return v


def send(qtbot: Any, v: Any, text: str) -> None:
    v.input.setPlainText(text)
    qtbot.mouseClick(v.send_button, Qt.MouseButton.LeftButton)


def test_pickers_list_base_and_tuned_models(view: Any) -> None:
    assert view.picker_a.target()["model"] == BASE
    assert view.picker_b.target()["model"] == TUNED
    texts = [view.picker_a.itemText(i) for i in range(view.picker_a.count())]
    # a job without a name: its model keeps its id (a name would stand there: test_model_titles_...)
    tuned = next(i for i, t in enumerate(texts) if t.startswith("Tuned"))
    assert texts[tuned] == f"Tuned · {TUNED}"
    assert view.picker_a.itemData(tuned, Qt.ItemDataRole.ToolTipRole) == TUNED
    assert TUNED in view.picker_b.toolTip()


def test_model_titles_name_folders_and_jobs() -> None:
    from ui.views.playground import model_title, model_title_for, short_model_name

    local = {"group": "base", "label": "/work/cache/tiny-trl-qwen3 (local)",
             "target": {"backend": "local", "model": "/work/cache/tiny-trl-qwen3",
                        "label": "/work/cache/tiny-trl-qwen3 (local)"}}
    assert model_title(local) == "tiny-trl-qwen3"
    tuned = {"group": "tuned", "label": "/tmp/home/jobs/job-1/output (local, job-1)",
             "job": {"id": "job-1", "name": "Colour helper v2"},
             "target": {"backend": "local", "model": "/tmp/home/jobs/job-1/output"}}
    assert model_title(tuned) == "Colour helper v2"
    assert model_title_for([local, tuned], "/tmp/home/jobs/job-1/output") == "Colour helper v2"
    assert model_title_for([], "/tmp/home/jobs/job-7/output") == "job-7"
    assert short_model_name("gpt-4o-mini") == "gpt-4o-mini"
    hub = {"group": "base", "label": "Qwen/Qwen3-0.6B (hf)",
           "target": {"backend": "hf", "model": "Qwen/Qwen3-0.6B", "label": "Qwen/Qwen3-0.6B (hf)"}}
    assert model_title(hub) == "Qwen/Qwen3-0.6B (Hugging Face)"


def test_side_by_side_streams_both_columns(qtbot: Any, view: Any, server: Any) -> None:
    server.chat_reply = lambda model, msgs, body: f"{model} says: " + " ".join(f"w{i}" for i in range(40))
    server.chat_chunk_delay = 0.003
    view.side_by_side.setChecked(True)
    view.system.setPlainText("Be brief.")
    send(qtbot, view, "hello")
    assert view.busy and view.stop_button.isEnabled() and not view.send_button.isEnabled()
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    a, b = view.columns[0].view.toPlainText(), view.columns[1].view.toPlainText()
    assert f"{BASE} says: w0" in a and a.endswith("w39")
    assert f"{TUNED} says: w0" in b and b.endswith("w39")
    assert "tokens" in view.columns[0].stats.text() and "$" in view.columns[1].stats.text()
    bodies = server.chat_bodies[-2:]
    assert {b["model"] for b in bodies} == {BASE, TUNED}
    assert all(b["messages"][0] == {"role": "system", "content": "Be brief."} and b["stream"] for b in bodies)
    assert all(b["temperature"] == pytest.approx(0.7) and b["max_completion_tokens"] == 512 for b in bodies)
    # a second turn carries each model's own earlier answer
    send(qtbot, view, "and again")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    second = {b["model"]: b["messages"] for b in server.chat_bodies[-2:]}
    assert second[TUNED][2]["content"].startswith(f"{TUNED} says")
    assert second[BASE][2]["content"].startswith(f"{BASE} says")


def test_stop_regenerate_copy_and_clear(qtbot: Any, view: Any, server: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    server.chat_reply = lambda model, msgs, body: " ".join(["slow"] * 400)
    server.chat_chunk_delay = 0.01
    send(qtbot, view, "tell me a long story")
    qtbot.waitUntil(lambda: "slow slow" in view.columns[0].view.toPlainText(), timeout=10_000)
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    assert not view.busy and view.send_button.isEnabled()
    text = view.turns[-1].answers[0]
    qtbot.wait(200)
    assert view.turns[-1].answers[0] == text and len(text.split()) < 400  # nothing more after Stop
    assert "[stopped]" in view.columns[0].view.toPlainText()
    server.chat_reply = lambda model, msgs, body: "a short answer"
    server.chat_chunk_delay = 0.0
    n = len(server.chat_bodies)
    qtbot.mouseClick(view.regen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert len(server.chat_bodies) == n + 1 and view.turns[-1].answers[0] == "a short answer"
    assert len(view.turns) == 1
    view.copy_answer(0)
    assert QGuiApplication.clipboard().text() == "a short answer"
    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.turns == [] and view.columns[0].view.toPlainText() == ""


def test_blind_mode_hides_names_until_a_pick_then_saves_the_chosen_answer(qtbot: Any, view: Any,
                                                                          server: Any) -> None:
    server.chat_reply = lambda model, msgs, body: ("Tuned answer (5 min)\n1. Do it." if model.startswith("ft:")
                                                   else "Base answer.")
    view.side_by_side.setChecked(True)
    view.blind.setChecked(True)
    assert [c.header.text() for c in view.columns] == ["Model 1", "Model 2"]
    send(qtbot, view, "Quick omelette?")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    tuned_column = next(c for c in range(2) if view.turns[-1].answers[c].startswith("Tuned"))
    assert all(BASE not in c.header.text() and TUNED not in c.header.text() for c in view.columns)
    assert all("$" not in c.stats.text() and "hidden" in c.stats.text() for c in view.columns)  # prices differ
    qtbot.mouseClick(view.columns[tuned_column].better_button, Qt.MouseButton.LeftButton)
    assert TUNED in view.columns[tuned_column].header.text()  # revealed
    assert all("$" in c.stats.text() for c in view.columns)
    assert "You preferred" in view.status.text() and "B 1" in view.status.text()
    # the panes and the tally use the same names: A and B
    assert view.columns[tuned_column].header.text().startswith("B · ")
    assert f"it was B · {TUNED}" in view.status.text()
    train = view.project.dataset_files()["train"]
    before = train.read_text().splitlines()
    view.system.setPlainText("You are Chef Ada.")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    dialog = view.review_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.source.text() == f"Answer from Model B: {TUNED}"  # as the revealed pane names it
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved as line" in view.status.text(), timeout=10_000)
    after = train.read_text().splitlines()
    assert len(after) == len(before) + 1
    assert json.loads(after[-1])["messages"] == [
        {"role": "system", "content": "You are Chef Ada."}, {"role": "user", "content": "Quick omelette?"},
        {"role": "assistant", "content": "Tuned answer (5 min)\n1. Do it."}]
    assert view.undo_save_button.isVisibleTo(view)
    qtbot.mouseClick(view.undo_save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "taken out again" in view.status.text(), timeout=10_000)
    assert train.read_text().splitlines() == before


def test_errors_show_in_plain_words_in_the_column(qtbot: Any, view: Any, server: Any, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrongwrongwrong")
    view.bridge.service.call("chat_close")  # the cached client holds the old key
    send(qtbot, view, "hello")
    qtbot.waitUntil(lambda: not view.busy, timeout=10_000)
    assert "rejected the key" in view.columns[0].stats.text()
    assert "rejected the key" in view.columns[0].view.toPlainText()


def test_evaluate_panel_runs_and_shows_table_chart_and_examples(qtbot: Any, view: Any, server: Any) -> None:
    def reply(model, msgs, body):
        return "Tomato soup (30 min)" if model.startswith("ft:") else "I do not know."

    server.chat_reply = reply
    panel = view.evaluate
    view.tabs.setCurrentIndex(1)
    assert panel.data.text().endswith("test.jsonl")
    assert panel.model_a.currentData()["model"] == BASE and panel.model_b.currentData()["model"] == TUNED
    panel.rag.setChecked(True)
    assert not panel.progress.isVisibleTo(panel)  # an empty bar looks like a text field: none before a run
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.progress.isVisibleTo(panel)
    assert not panel.run_button.isEnabled() and panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: panel.future is None, timeout=30_000)
    assert "Done" in panel.status.text(), panel.status.text()
    names = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    # the baselines in the checkboxes' words, each row lettered as the chart's axis
    assert names == [f"A · {BASE}", f"B · {TUNED}", "C · Without examples", "D · Few examples (k = 3)",
                     "E · Retrieval (BM25)"]
    assert panel.chart.series() and len(panel.chart.series()[0].barSets()) == 3
    assert [b.label() for b in panel.chart.series()[0].barSets()] == [
        "Exact match", "Word overlap (F1)", "Word order (ROUGE-L)"]
    assert panel.chart.axes(Qt.Orientation.Horizontal)[0].categories() == ["A", "B", "C", "D", "E"]
    from PySide6.QtWidgets import QLabel

    legend = [w.text() for w in panel.legend.findChildren(QLabel) if w.text()]
    assert panel.legend.isVisibleTo(panel) and legend == ["Exact match", "Word overlap (F1)", "Word order (ROUGE-L)"]
    saved = json.loads((view.project.path / "eval" / "results.json").read_text())
    # the headline in plain words, the interval as a bar (numbers in its tooltip)
    assert panel.gain.text().startswith("The tuned model answered "), panel.gain.text()
    assert "test questions better" in panel.gain.text() and "likely a real improvement" in panel.gain.text()
    assert panel.gain_bar.isVisibleTo(panel) and "95% interval" in panel.gain_bar.toolTip()
    assert "95% CI" not in panel.gain.text()
    assert "of 5 answers" not in panel.status.text()
    assert panel.progress.format() == "%v of %m answers" and panel.progress.maximum() == \
        saved["requests"]["sent"] + saved["requests"]["cached"]
    n = saved["models"][BASE]["n"]
    assert panel.examples_model.rowCount() == n and panel.progress.value() == panel.progress.maximum()
    # sortable by score: sort by the B - A column, then the detail shows the answers side by side
    col = panel.examples_model.columnCount() - 1
    panel.examples.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    first = panel.examples_model.index(0, col).data(Qt.ItemDataRole.UserRole)
    last = panel.examples_model.index(n - 1, col).data(Qt.ItemDataRole.UserRole)
    assert first >= last
    panel.examples.selectRow(0)
    html = panel.detail.toHtml()
    assert "Tomato soup (30 min)" in html and "I do not know." in html and "Reference" in html


def test_evaluate_cancel(qtbot: Any, view: Any, server: Any) -> None:
    import time

    def slow(model, msgs, body):
        time.sleep(0.3)
        return "x"

    server.chat_reply = slow
    panel = view.evaluate
    panel.concurrency.setValue(1)
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(server.chat_bodies) >= 1, timeout=10_000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.future is None, timeout=10_000)
    assert "Cancelled" in panel.status.text() and panel.run_button.isEnabled()
    qtbot.wait(500)
    assert len(server.chat_bodies) <= 2


def test_evaluate_with_a_judge_shows_its_win_rate_and_prompt(qtbot: Any, view: Any, server: Any) -> None:
    judge = "gpt-4.1-mini-2025-04-14"
    server.chat_reply = lambda model, msgs, body: "tie" if model == judge else "Some answer."
    panel = view.evaluate
    panel.zero_shot.setChecked(False)
    panel.few_shot.setChecked(False)
    assert not panel.use_judge.isChecked()  # optional, off by default
    qtbot.waitUntil(panel.use_judge.isEnabled, timeout=10_000)  # a key is set: a judge can be used
    qtbot.mouseClick(panel.use_judge, Qt.MouseButton.LeftButton, pos=QPoint(8, panel.use_judge.height() // 2))
    assert panel.use_judge.isChecked() and panel.judge.isEnabled()
    panel.judge.setCurrentIndex(next(i for i in range(panel.judge.count())
                                     if panel.judge.itemData(i)["model"] == judge))
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.future is None, timeout=30_000)
    assert "Done" in panel.status.text(), panel.status.text()
    assert f"The judge ({judge})" in panel.judge_line.text() and "B wins 50%" in panel.judge_line.text()
    assert "$" in panel.judge_cost.text() or "price not known" in panel.judge_cost.text()
    assert not panel.judge_prompt.isHidden() and "Reply with exactly" in panel.judge_prompt.toPlainText()
