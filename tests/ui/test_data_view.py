"""The Data view (pytest-qt, offscreen): editing, undo/redo, the journal after a crash, the problem list,
fixes and their undo, atomic save, a file changed by another program."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fttool.project import Project

pytestmark = pytest.mark.usefixtures("qapp")

SYSTEM = "You are a recipe assistant."


def ex(user: str, answer: str = "Boil it for ten minutes, then serve.", system: bool = True) -> dict[str, Any]:
    msgs = [{"role": "system", "content": SYSTEM}] if system else []
    return {"messages": msgs + [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]}


def make_project(root: Path, train: list[dict[str, Any]], raw_lines: dict[int, str] | None = None) -> Project:
    (root / "data").mkdir(parents=True)
    lines = [json.dumps(e) for e in train]
    for i, text in (raw_lines or {}).items():
        lines.insert(i, text)
    (root / "data" / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "data" / "test.jsonl").write_text(json.dumps(ex("held out")) + "\n", encoding="utf-8")
    meta = {"name": "t", "datasets": {"train": "data/train.jsonl", "test": "data/test.jsonl"},
            "base_model": "gpt-4o-mini-2024-07-18", "backend": "openai"}
    (root / "project.json").write_text(json.dumps(meta), encoding="utf-8")
    return Project.open(root)


WORDS = ("tomato basil garlic onion pepper lentil rice noodle salmon chicken tofu spinach butter lemon ginger "
         "curry soup stew salad bread oven pan grill roast bake fry boil simmer chop slice quick spicy creamy "
         "crispy sweet sour fresh frozen leftover weekend picnic breakfast lunch supper vegan cheap healthy").split()


def questions(n: int) -> list[dict[str, Any]]:
    """Distinct examples (no near duplicates): each draws its own words."""
    import random

    out = []
    for i in range(n):
        rng = random.Random(i)
        q = " ".join(rng.sample(WORDS, 9))
        a = " ".join(rng.sample(WORDS, 14))
        out.append(ex(f"Question {i}: {q}?", f"Answer: {a}."))
    return out


@pytest.fixture
def bridge(service: Any, qtbot: Any) -> Iterator[Any]:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=10_000)
    b.close()


def open_view(qtbot: Any, bridge: Any, project: Project) -> Any:
    from ui.views.data import DataView

    view = DataView(bridge)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.set_project(project)
    qtbot.waitUntil(lambda: view.session is not None and view.session.ready, timeout=10_000)
    qtbot.waitUntil(lambda: view.session.facts is not None and not view._tasks, timeout=30_000)
    return view


def user_texts(view: Any) -> list[str]:
    ov = view.session.overlay
    return [ov.example(r)["messages"][-2]["content"] for r in range(ov.row_count)]


def close(view: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not view._tasks and view.bridge.pending == 0, timeout=30_000)
    view.close_all()


def test_opens_validates_and_shows_tokens(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    assert view.model.rowCount() == 12
    assert view.model.index(0, 2).data().startswith("Question 0: ")
    assert int(view.model.index(0, 4).data()) > 10  # tokens from the core's count
    assert view.editor.row == 0 and len(view.editor.cards) == 3
    assert "12 examples" in view.rows_label.text()
    close(view, qtbot)


def test_edit_in_the_editor_then_undo_and_redo(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    view.select_overlay_row(3)
    card = view.editor.cards[1]
    card.content.setPlainText("A brand new question?")
    view.editor.commit()  # what the typing pause or leaving the field does
    assert user_texts(view)[3] == "A brand new question?"
    assert view.model.index(3, 2).data() == "A brand new question?"
    assert view.session.overlay.dirty and view.save_button.isEnabled()
    # role and weight changes are edits too
    view.editor.cards[2].weight.setChecked(False)
    assert view.session.overlay.example(3)["messages"][2]["weight"] == 0
    view.editor.add_message()
    assert [m["role"] for m in view.session.overlay.example(3)["messages"]] == ["system", "user", "assistant", "user"]
    view.editor.move_message(3, -1)
    view.editor.remove_message(0)
    assert [m["role"] for m in view.session.overlay.example(3)["messages"]] == ["user", "user", "assistant"]
    stack = view.undo_group.activeStack()
    assert stack.count() == 5
    for _ in range(4):
        view.undo_action.trigger()
    assert user_texts(view)[3] == "A brand new question?"
    assert [c.role.currentData() for c in view.editor.cards] == ["system", "user", "assistant"]
    view.undo_action.trigger()
    assert user_texts(view)[3].startswith("Question 3: ")
    assert view.editor.cards[1].content.toPlainText().startswith("Question 3: ")
    view.redo_action.trigger()
    assert user_texts(view)[3] == "A brand new question?"
    # rows: add and delete, with Ctrl+Z
    view.select_overlay_row(0)
    view.add_example()
    assert view.session.overlay.row_count == 13 and view.current_row() == 1
    view.select_overlay_row(5)
    view.delete_selected()
    assert view.session.overlay.row_count == 12
    view.undo_action.trigger()
    view.undo_action.trigger()
    assert view.session.overlay.row_count == 12 and user_texts(view)[0].startswith("Question 0: ")
    close(view, qtbot)


def test_keyboard_undo_redo(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    view.select_overlay_row(2)
    view.delete_selected()
    assert view.session.overlay.row_count == 11
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=5000)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.session.overlay.row_count == 12
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.session.overlay.row_count == 11
    close(view, qtbot)


def test_journal_brings_edits_back_after_a_crash(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", questions(12))
    view = open_view(qtbot, bridge, project)
    view.select_overlay_row(1)
    view.editor.cards[1].content.setPlainText("Edited before the crash")
    view.editor.commit()
    view.select_overlay_row(7)
    view.delete_selected()
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)
    # a crash: nothing is saved or closed; the process would just end. The file itself is untouched.
    assert "Edited before the crash" not in (project.path / "data" / "train.jsonl").read_text()
    view.hide()  # a crashed app paints nothing more: its rows are not read again once their file is closed
    for s in list(view.sessions.values()):
        s.index.close()
    view2 = open_view(qtbot, bridge, Project.open(project.path))
    assert view2.recovery_banner.isVisible() and "2" in view2.recovery_banner.label.text()
    assert user_texts(view2)[1] == "Edited before the crash"
    assert view2.session.overlay.row_count == 11
    view2.undo_action.trigger()  # the recovered edits can be undone one by one
    assert view2.session.overlay.row_count == 12
    view2.save()
    qtbot.waitUntil(lambda: view2.session is not None and view2.session.ready and not view2._saving, timeout=10_000)
    assert "Edited before the crash" in (project.path / "data" / "train.jsonl").read_text()
    close(view2, qtbot)


def test_problem_list_jumps_to_the_row(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    rows = questions(12)
    rows[6] = {"messages": [{"role": "user", "content": "No answer here"}]}
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", rows, raw_lines={9: "{not json"}))
    model = view.problems_model
    found = {(model.item(i)[0], model.item(i)[1]["code"]) for i in range(model.rowCount())}
    assert (6, "no_assistant_message") in found and (9, "invalid_json") in found
    target = next(i for i in range(model.rowCount()) if model.item(i)[1]["code"] == "no_assistant_message")
    view.select_overlay_row(0)
    view.jump_to_problem(model.index(target, 2))
    assert view.current_row() == 6 and view.editor.row == 6
    assert view.editor.summary.isVisible() or any(c.problems.isVisible() for c in view.editor.cards)
    assert view.model.index(6, 5).data().startswith("No answer")  # a title; the code only in the tooltip
    # the filter shows only rows with problems
    view.problems_only.setChecked(True)
    assert view.model.rowCount() == 2
    assert [view.model.overlay_row(r) for r in range(2)] == [6, 9]
    # fixing the row in the editor clears its problem
    view.select_overlay_row(6)
    view.editor.add_message()
    view.editor.cards[-1].content.setPlainText("Here is the answer you wanted, step by step.")
    view.editor.commit()
    qtbot.waitUntil(lambda: all(view.problems_model.item(i)[0] != 6
                                for i in range(view.problems_model.rowCount())), timeout=10_000)
    close(view, qtbot)


def test_fixes_apply_and_undo(qtbot: Any, bridge: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = questions(12)
    rows[4] = rows[1]
    rows[8] = rows[1]
    rows[10] = ex("   Padded question?   ", "  Padded answer that is long enough.  ", system=False)
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", rows))
    assert view.session.overlay.row_count == 12
    view.fix_duplicates()
    assert view.session.overlay.row_count == 10
    assert user_texts(view).count(rows[1]["messages"][1]["content"]) == 1
    view.undo_action.trigger()
    assert view.session.overlay.row_count == 12
    view.fix_strip()
    assert user_texts(view)[10] == "Padded question?"
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Be brief.", True))
    view.fix_system_prompt()
    assert view.session.overlay.example(10)["messages"][0] == {"role": "system", "content": "Be brief."}
    assert view.session.overlay.example(0)["messages"][0]["content"] == SYSTEM  # had one already
    view.undo_action.trigger()
    view.undo_action.trigger()
    assert user_texts(view)[10] == "   Padded question?   "
    assert view.session.overlay.example(10)["messages"][0]["role"] == "user"
    close(view, qtbot)


def test_save_is_atomic_and_clears_the_journal(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", questions(12))
    path = project.path / "data" / "train.jsonl"
    before_inode = path.stat().st_ino
    view = open_view(qtbot, bridge, project)
    view.select_overlay_row(0)
    view.delete_selected()
    journal = view.session.overlay.journal.path
    assert journal.is_file()
    view.save()
    qtbot.waitUntil(lambda: view.session is not None and view.session.ready and not view._saving, timeout=10_000)
    lines = path.read_text().splitlines()
    assert len(lines) == 11 and json.loads(lines[0])["messages"][1]["content"].startswith("Question 1: ")
    assert path.stat().st_ino != before_inode  # a new file took the old one's place in one step
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []
    assert not view.session.overlay.dirty and not view.save_button.isEnabled()
    assert not journal.exists() or "delete" not in journal.read_text()
    assert view.model.rowCount() == 11
    close(view, qtbot)


def test_a_file_changed_by_another_program_is_noticed_and_reloaded(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", questions(12))
    view = open_view(qtbot, bridge, project)
    path = project.path / "data" / "train.jsonl"
    tmp = path.with_suffix(".new")
    tmp.write_text("".join(json.dumps(e) + "\n" for e in questions(15)))
    os.replace(tmp, path)  # what an editor's save does
    view.check_changed()
    qtbot.waitUntil(lambda: view.change_banner.isVisible(), timeout=10_000)
    assert view.model.rowCount() == 12  # still the old rows until the person decides
    reload = next(b for b in view.change_banner.buttons if b.text() == "Reload")
    reload.click()
    qtbot.waitUntil(lambda: view.session is not None and view.session.ready and view.model.rowCount() == 15,
                    timeout=10_000)
    close(view, qtbot)


def test_search_filters_rows(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    rows = questions(12)
    rows[5] = ex("Where can I buy saffron?")
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", rows))
    view.search_edit.setText("SAFFRON")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    assert view.model.overlay_row(0) == 5 and view.current_row() == 5
    view.search_edit.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 12, timeout=10_000)
    close(view, qtbot)


def test_cancel_stops_validation(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    facts = view.session.facts
    start, cancelled = view.progress.start, []

    def start_and_cancel(text: str, cancellable: bool = True) -> Any:
        task = start(text, cancellable)
        task.cancel()  # Cancel pressed at once: 12 rows are checked faster than a click could come (and the
        # check's result may even arrive inside validate()); stopped or ended, what it found is not used
        cancelled.append(task)
        return task

    view.progress.start = start_and_cancel
    view.validate()
    assert len(cancelled) == 1 and cancelled[0].cancelled()
    qtbot.waitUntil(lambda: not view._tasks, timeout=10_000)
    assert view.session.facts is facts  # the old results stay; nothing half-done replaced them
    assert not view.progress.isVisible() or not view.progress.rows
    close(view, qtbot)


def test_import_a_csv_into_the_project_and_export_for_openai(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", questions(12))
    view = open_view(qtbot, bridge, project)
    source = tmp_path / "faq.csv"
    source.write_text('question,answer\n"How do I make ""proper"" tea?","Warm the pot.\nThen steep 4 minutes."\n'
                      'What is a roux?,Butter and flour cooked together.\n', encoding="utf-8")
    before = source.read_bytes()
    view.import_file(source, split="validation", mapping={"user": "question", "assistant": "answer"})
    qtbot.waitUntil(lambda: view.session is not None and view.session.split == "validation"
                    and view.session.ready, timeout=10_000)
    assert source.read_bytes() == before  # the imported source is only read
    meta = json.loads((project.path / "project.json").read_text())
    assert meta["datasets"]["validation"] == "data/faq.jsonl"
    assert view.model.rowCount() == 2
    assert view.session.overlay.example(0)["messages"][-1]["content"] == "Warm the pot.\nThen steep 4 minutes."
    assert view.session.overlay.example(0)["messages"][-2]["content"] == 'How do I make "proper" tea?'
    # export the training file for OpenAI: the validation file goes beside it, the test file never
    view.dataset_combo.setCurrentIndex(view.dataset_combo.findData("train"))
    qtbot.waitUntil(lambda: view.session is not None and view.session.split == "train" and view.session.ready,
                    timeout=10_000)
    out = tmp_path / "export"
    view.export_to("openai", out)
    qtbot.waitUntil(lambda: (out / "train.jsonl").is_file() and (out / "validation.jsonl").is_file(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: not view.progress.rows, timeout=10_000)
    assert len((out / "train.jsonl").read_text().splitlines()) == 12
    assert not (out / "test.jsonl").exists()
    close(view, qtbot)


def test_a_semicolon_cp1252_csv_imports_after_the_dialog_shows_the_guess(qtbot: Any, bridge: Any,
                                                                       tmp_path: Path) -> None:
    import csv

    project = make_project(tmp_path / "p", questions(12))
    source = tmp_path / "excel.csv"
    with open(source, "w", encoding="cp1252", newline="") as f:  # Excel's "CSV" in a French locale
        w = csv.writer(f, delimiter=";")
        w.writerow(["Question", "Réponse"])
        for i in range(6):
            w.writerow([f"Où est le café n°{i} ?", f"Le café « {i} » est à côté, voilà."])
    view = open_view(qtbot, bridge, project)
    view.import_file(source, split="validation")
    qtbot.waitUntil(lambda: getattr(view, "import_dialog", None) is not None, timeout=10_000)
    dlg = view.import_dialog
    assert dlg.encoding.currentData() == "cp1252" and dlg.delimiter.currentData() == ";"
    assert dlg.guess_note.text()  # the encoding is a guess: said so
    assert dlg.table.columnCount() == 2 and dlg.table.item(0, 0).text() == "Où est le café n°0 ?"
    dlg.delimiter.setCurrentIndex(dlg.delimiter.findData(","))  # wrong: one wide column, OK disabled
    qtbot.waitUntil(lambda: dlg.table.columnCount() == 1, timeout=10_000)
    assert not dlg.box.button(dlg.box.StandardButton.Ok).isEnabled()
    dlg.delimiter.setCurrentIndex(dlg.delimiter.findData(";"))
    qtbot.waitUntil(lambda: dlg.table.columnCount() == 2, timeout=10_000)
    assert dlg.combos["assistant"].currentData() == "Réponse" or dlg.combos["assistant"].findData("Réponse") >= 0
    dlg.combos["assistant"].setCurrentIndex(dlg.combos["assistant"].findData("Réponse"))
    dlg.accept()
    target = project.path / "data" / "excel.jsonl"
    qtbot.waitUntil(lambda: target.is_file() and not view.progress.rows, timeout=10_000)
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 6 and rows[0]["messages"][1]["content"] == "Le café « 0 » est à côté, voilà."
    close(view, qtbot)


def test_reencode_to_utf8_is_an_undoable_fix(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", questions(12))
    path = project.path / "data" / "train.jsonl"
    lines = path.read_bytes().splitlines()
    lines[4] = json.dumps(ex("Crème brûlée for two?"), ensure_ascii=False).encode("cp1252")  # not UTF-8
    path.write_bytes(b"\n".join(lines) + b"\n")
    view = open_view(qtbot, bridge, project)
    assert view.session.overlay.example(4) is None
    assert "invalid_encoding" in {p["code"] for plist in view.session.facts.problems.values() for p in plist} | \
        {p["code"] for p in view.session.facts.file_problems}
    view.fix_reencode()
    qtbot.waitUntil(lambda: getattr(view, "reencode_dialog", None) is not None, timeout=10_000)
    dlg = view.reencode_dialog
    assert "Crème brûlée for two?" in dlg.preview.toPlainText()  # as it will read, before anything is written
    assert "not UTF-8: 1." in dlg.summary.text() and dlg.encoding.currentData() == "cp1252"
    dlg.encoding.setCurrentIndex(dlg.encoding.findData("cp1251"))  # a wrong choice shows as garbled text
    qtbot.waitUntil(lambda: "Crème" not in dlg.preview.toPlainText() and dlg.apply_button.isEnabled(),
                    timeout=10_000)
    assert view.session.overlay.example(4) is None  # nothing written yet
    dlg.encoding.setCurrentIndex(dlg.encoding.findData("cp1252"))
    qtbot.waitUntil(lambda: "Crème brûlée" in dlg.preview.toPlainText() and dlg.apply_button.isEnabled(),
                    timeout=10_000)
    dlg.apply_button.click()
    qtbot.waitUntil(lambda: view.session.overlay.example(4) is not None, timeout=10_000)
    assert view.session.overlay.example(4)["messages"][1]["content"] == "Crème brûlée for two?"
    assert view.model.rowCount() == 12
    view.undo_action.trigger()
    assert view.session.overlay.example(4) is None
    view.redo_action.trigger()
    view.save()
    qtbot.waitUntil(lambda: view.session is not None and view.session.ready and not view._saving, timeout=10_000)
    assert "Crème brûlée" in path.read_text(encoding="utf-8")
    close(view, qtbot)


def test_a_file_rewritten_in_place_is_never_saved_over(qtbot: Any, bridge: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    project = make_project(tmp_path / "p", questions(12))
    view = open_view(qtbot, bridge, project)
    view.select_overlay_row(0)
    view.delete_selected()
    path = project.path / "data" / "train.jsonl"
    data = path.read_bytes()
    with open(path, "r+b") as f:  # same inode, other bytes
        f.write(data.replace(b"Question", b"Qvestion"))
    view.check_changed()
    qtbot.waitUntil(lambda: view.change_banner.isVisible(), timeout=10_000)
    assert [b.text() for b in view.change_banner.buttons] == ["Reload"]
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    view.save()
    assert warned and path.read_bytes() == data.replace(b"Question", b"Qvestion")
    close(view, qtbot)


def test_typing_in_a_filtered_table_keeps_the_row_and_the_editor(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    rows = questions(12)
    rows[4] = {"messages": [{"role": "user", "content": "Where is the answer?"}]}
    rows[8] = {"messages": [{"role": "user", "content": "And this one?"}]}
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", rows))
    view.problems_only.setChecked(True)
    assert view.model.rowCount() == 2
    view.select_overlay_row(8)
    card = view.editor.cards[0]
    card.content.setPlainText("And this one, please?")
    view.editor.commit()
    assert view.current_row() == 8 and view.editor.row == 8
    assert view.editor.cards[0] is card and card.content.toPlainText() == "And this one, please?"
    assert view.model.index(view.model.view_row(8), 2).data() == "And this one, please?"
    close(view, qtbot)


def test_import_from_the_hub_shows_files_and_sizes_then_downloads(qtbot: Any, bridge: Any, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.servers.hub_datasets import HubDatasetServer

    rows = "".join(json.dumps(e) + "\n" for e in questions(15)).encode()
    with HubDatasetServer() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        server.add_dataset("ada/recipes", {"data/train-00000.jsonl": rows, "data/test.jsonl": rows[:300]})
        project = make_project(tmp_path / "p", questions(12))
        view = open_view(qtbot, bridge, project)
        dlg = view.import_from_hub()
        dlg.repo.setText("ada/recipes")
        dlg.look_up()
        qtbot.waitUntil(lambda: dlg.files.topLevelItemCount() > 0, timeout=10_000)
        leaves = {}
        for i in range(dlg.files.topLevelItemCount()):
            top = dlg.files.topLevelItem(i)
            for j in range(top.childCount()):
                for k in range(top.child(j).childCount()):
                    leaf = top.child(j).child(k)
                    leaves[leaf.text(0)] = leaf
        assert set(leaves) == {"data/train-00000.jsonl", "data/test.jsonl"}
        assert leaves["data/train-00000.jsonl"].text(1).endswith("KB")  # the size, before any download
        assert not dlg.ok.isEnabled()
        dlg.files.setCurrentItem(leaves["data/train-00000.jsonl"])
        assert dlg.ok.isEnabled() and dlg.split.currentData() == "train"
        dlg.split.setCurrentIndex(dlg.split.findData("validation"))
        dlg.accept()
        qtbot.waitUntil(lambda: view.session is not None and view.session.split == "validation"
                        and view.session.ready, timeout=15_000)
        assert view.model.rowCount() == 15
        meta = json.loads((project.path / "project.json").read_text())
        assert meta["datasets"]["validation"] == "data/train-00000.jsonl"
        close(view, qtbot)


def test_an_autotrain_export_asks_before_it_drops_weights(qtbot: Any, bridge: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    train = questions(12)
    train[3]["messages"][-1]["weight"] = 0  # "don't train on this answer": AutoTrain's files cannot say it
    project = make_project(tmp_path / "p", train)
    view = open_view(qtbot, bridge, project)
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: (asked.append(text), next(answers))[1])
    out = tmp_path / "at"
    view.export_to("autotrain", out)
    qtbot.waitUntil(lambda: len(asked) == 1 and not view.progress.rows, timeout=10_000)
    assert "record 4" in asked[0] and "weight" in asked[0] and not (out / "train.jsonl").exists()  # No: nothing
    view.export_to("autotrain", out)
    qtbot.waitUntil(lambda: (out / "train.jsonl").is_file() and not view.progress.rows, timeout=10_000)
    assert len(asked) == 2 and len((out / "train.jsonl").read_text().splitlines()) == 12
    assert "weight" not in (out / "train.jsonl").read_text()
    close(view, qtbot)
