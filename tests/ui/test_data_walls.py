"""Issue 18, "Smaller walls" in the Data view (pytest-qt, offscreen): problems said in the editor's words (never a
code or a JSON path), an empty answer is an error with one-click fixes, personal data is masked in one click, the
kind of personal data and the roles are translated, Undo/Redo buttons, and "unsaved edits" clears when the edits
are undone back to the saved file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_data_view import bridge, close, ex, make_project, open_view, questions  # noqa: F401

pytestmark = pytest.mark.usefixtures("qapp")

CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # personal_data, empty_answer...


def walls_rows() -> list[dict[str, Any]]:
    rows = questions(12)
    rows[2] = ex("What goes well with rice?", "")  # an empty answer
    rows[4] = ex("Call me on 555-123-4567 about the lentil soup, please.", "Sure, here is a lentil soup for two.")
    rows[6] = {"messages": [{"role": "user", "content": "No answer here"}]}
    return rows


def click(qtbot: Any, widget: Any) -> None:
    assert widget is not None and widget.isVisible() and widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answer(view: Any, row: int) -> str:
    return str(view.session.overlay.example(row)["messages"][-1]["content"])


def problems_of_row(view: Any, row: int) -> list[dict[str, Any]]:
    m = view.problems_model
    return [m.item(i)[1] for i in range(m.rowCount()) if m.item(i)[0] == row]


def test_problems_are_said_in_the_editors_words(qtbot: Any, bridge: Any, tmp_path: Path) -> None:  # noqa: F811
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", walls_rows()))
    m = view.problems_model
    assert m.rowCount() >= 3
    for i in range(m.rowCount()):
        shown = m.index(i, 2).data()
        assert "messages[" not in shown and not CODE.search(shown), shown
        assert "None" not in shown
        assert m.item(i)[1]["code"] in m.index(i, 2).data(Qt.ItemDataRole.ToolTipRole)  # the code: tooltip only
    texts = [m.index(i, 2).data() for i in range(m.rowCount())]
    assert any("message 3 (the answer)" in t and "empty" in t for t in texts), texts
    assert any("message 2 (the user's message)" in t and "a phone number" in t for t in texts), texts
    # the table's Problems column: a title per code, the code in the tooltip
    assert view.model.index(2, 5).data() == "Empty answer"
    assert view.model.index(4, 5).data() == "Personal data"
    assert view.model.index(6, 5).data().startswith("No answer")
    assert "empty_answer" in view.model.index(2, 5).data(Qt.ItemDataRole.ToolTipRole)
    # the editor: the card of the answer says it, in the same words
    view.select_overlay_row(2)
    card = view.editor.cards[2]
    assert card.problems.isVisible() and "message 3 (the answer)" in card.problems.text()
    assert not CODE.search(card.problems.text()) and "messages[" not in card.problems.text()
    # an edited example (checked on its own, without a file line) names its row, never "Line None"
    view.select_overlay_row(6)
    view.editor.cards[0].content.setPlainText("Still no answer here")
    view.editor.commit()
    qtbot.waitUntil(lambda: any(p["code"] == "no_assistant_message" and p.get("line") is None
                                for p in problems_of_row(view, 6)), timeout=10_000)
    texts = [m.index(i, 2).data() for i in range(m.rowCount()) if m.item(i)[0] == 6]
    assert texts and all("None" not in t and "Line 7" in t for t in texts), texts
    close(view, qtbot)


def test_an_empty_answer_is_an_error_filled_from_a_template_or_dropped(qtbot: Any, bridge: Any,  # noqa: F811
                                                                       tmp_path: Path) -> None:
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", walls_rows()))
    empty = [p for p in problems_of_row(view, 2) if p["code"] == "empty_answer"]
    assert empty and empty[0]["severity"] == "error"
    assert view.model.index(2, 5).data(Qt.ItemDataRole.BackgroundRole).color().red() == 253  # the error colour
    view.select_overlay_row(2)
    card = view.editor.cards[2]
    stack = view.undo_group.activeStack()
    before = stack.count()
    click(qtbot, card.fixes.button("fillTemplate"))
    template = view.editor.template_text()
    assert answer(view, 2) == template and stack.count() == before + 1
    assert view.editor.cards[2].content.toPlainText() == template
    assert view.editor.cards[2].content.textCursor().selectedText() == template  # ready to type over
    qtbot.waitUntil(lambda: not any(p["code"] == "empty_answer" for p in problems_of_row(view, 2)), timeout=10_000)
    click(qtbot, view.undo_button)
    assert answer(view, 2) == ""
    view.validate()
    qtbot.waitUntil(lambda: not view._tasks and any(p["code"] == "empty_answer" for p in problems_of_row(view, 2)),
                    timeout=30_000)
    view.select_overlay_row(2)
    third = view.session.overlay.example(3)
    click(qtbot, view.editor.cards[2].fixes.button("dropExample"))
    assert view.session.overlay.row_count == 11 and view.session.overlay.example(2) == third
    assert view.current_row() == 2
    click(qtbot, view.undo_button)
    assert view.session.overlay.row_count == 12 and answer(view, 2) == ""
    close(view, qtbot)


def test_mask_this_number_masks_and_undoes(qtbot: Any, bridge: Any, tmp_path: Path) -> None:  # noqa: F811
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", walls_rows()))
    view.select_overlay_row(4)
    card = view.editor.cards[1]
    assert "a phone number" in card.problems.text()
    mask = card.fixes.button("mask_phone")
    assert mask is not None and mask.text() == "Mask this number"
    click(qtbot, mask)
    user = view.session.overlay.example(4)["messages"][1]["content"]
    assert user == "Call me on [PHONE] about the lentil soup, please."
    assert view.editor.cards[1].content.toPlainText() == user
    qtbot.waitUntil(lambda: not any(p["code"] == "personal_data" for p in problems_of_row(view, 4)), timeout=10_000)
    assert not view.editor.cards[1].fixes.isVisible()
    click(qtbot, view.undo_button)
    assert view.session.overlay.example(4)["messages"][1]["content"].startswith("Call me on 555-123-4567")
    click(qtbot, view.redo_button)
    assert "[PHONE]" in view.session.overlay.example(4)["messages"][1]["content"]
    close(view, qtbot)


def test_undo_redo_buttons_and_the_unsaved_flag(qtbot: Any, bridge: Any, tmp_path: Path) -> None:  # noqa: F811
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    assert not view.undo_button.isEnabled() and not view.redo_button.isEnabled()
    assert "Ctrl+Z" in view.undo_button.toolTip() and "Ctrl+Y" in view.redo_button.toolTip()
    assert "unsaved edits" not in view.summary_label.text()
    view.select_overlay_row(3)
    view.delete_selected()
    assert view.undo_button.isEnabled() and "Delete 1 example" in view.undo_button.toolTip()
    view.select_overlay_row(1)
    view.editor.cards[1].content.setFocus()
    qtbot.keyClicks(view.editor.cards[1].content, " more")  # typing, still pending when Undo is clicked
    assert "unsaved edits" in view.summary_label.text() and view.save_button.isEnabled()
    click(qtbot, view.undo_button)  # undoes the typing (committed as the field lost focus)
    assert not view.session.overlay.example(1)["messages"][1]["content"].endswith(" more")
    assert view.session.overlay.row_count == 11
    click(qtbot, view.undo_button)
    assert view.session.overlay.row_count == 12
    assert not view.undo_button.isEnabled() and view.redo_button.isEnabled()
    assert "unsaved edits" not in view.summary_label.text() and not view.save_button.isEnabled()
    click(qtbot, view.redo_button)
    assert view.session.overlay.row_count == 11 and "unsaved edits" in view.summary_label.text()
    # after a save, undoing a later edit comes back to the saved file: clean again
    view.save()
    qtbot.waitUntil(lambda: view.session is not None and view.session.ready and not view._saving, timeout=10_000)
    qtbot.waitUntil(lambda: not view._tasks, timeout=30_000)
    assert "unsaved edits" not in view.summary_label.text()
    view.select_overlay_row(0)
    view.editor.cards[1].content.setPlainText("Changed after the save")
    view.editor.commit()
    assert "unsaved edits" in view.summary_label.text()
    click(qtbot, view.undo_button)
    assert "unsaved edits" not in view.summary_label.text() and not view.save_button.isEnabled()
    close(view, qtbot)


def test_the_kind_of_personal_data_and_the_roles_are_translated(qtbot: Any, bridge: Any,  # noqa: F811
                                                                tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from fttool.messages import CATALOG

    words = {("DataWords", "a phone number"): "nombor telefon", ("DataWords", "Assistant"): "Pembantu",
             ("DataWords", "the user's message"): "mesej pengguna", ("DataWords", "Personal data"): "Data peribadi",
             ("Messages", CATALOG["personal_data"]): "Baris {line}, {field}: nampaknya mengandungi {kind_text}."}

    class Malay(QTranslator):
        def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
            return words.get((context, source))  # type: ignore[return-value]  (None: not translated)

    t = Malay()
    QCoreApplication.installTranslator(t)
    try:
        view = open_view(qtbot, bridge, make_project(tmp_path / "p", walls_rows()))
        view.select_overlay_row(4)
        said = view.editor.cards[1].problems.text()
        assert "nombor telefon" in said and "a phone number" not in said and "mesej pengguna" in said
        assert view.model.index(4, 5).data() == "Data peribadi"
        combo = view.editor.cards[2].role
        assert combo.currentText() == "Pembantu" and combo.currentData() == "assistant"
        close(view, qtbot)
    finally:
        QCoreApplication.removeTranslator(t)


def test_ctrl_z_in_a_message_field_is_the_views_undo(qtbot: Any, bridge: Any, tmp_path: Path) -> None:  # noqa: F811
    """Ctrl+Z typed in a message's text takes back the edit (one history), so undoing to the saved file leaves
    no "unsaved edits" behind; Ctrl+Shift+Z brings it again."""
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=5000)
    view.select_overlay_row(2)
    field = view.editor.cards[1].content
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=5000)
    original = field.toPlainText()
    qtbot.keyClicks(field, " with chilli")
    view.editor.commit()  # the typing pause
    typed = view.session.overlay.example(2)["messages"][1]["content"]
    assert typed != original and "with chilli" in typed
    assert view.session.overlay.dirty and "unsaved edits" in view.summary_label.text()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyRelease(field, Qt.Key.Key_Control)
    assert view.session.overlay.example(2)["messages"][1]["content"] == original
    assert view.editor.cards[1].content.toPlainText() == original
    assert not view.session.overlay.dirty and "unsaved edits" not in view.summary_label.text()
    assert not view.save_button.isEnabled()
    field = view.editor.cards[1].content
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyRelease(field, Qt.Key.Key_Shift)
    qtbot.keyRelease(field, Qt.Key.Key_Control)
    assert view.session.overlay.example(2)["messages"][1]["content"] == typed
    close(view, qtbot)


def test_an_example_without_an_answer_gets_one_in_a_click(qtbot: Any, bridge: Any, tmp_path: Path) -> None:  # noqa: F811
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", walls_rows()))
    view.select_overlay_row(6)
    assert view.editor.summary.isVisible() and "no assistant message" in view.editor.summary.text()
    click(qtbot, view.editor.summary_fixes.button("addAnswer"))
    msgs = view.session.overlay.example(6)["messages"]
    assert [m["role"] for m in msgs] == ["user", "assistant"] and msgs[1]["content"] == ""
    assert view.editor.cards[1].role.currentData() == "assistant"
    qtbot.waitUntil(lambda: view.editor.cards[1].fixes.button("fillTemplate") is not None, timeout=10_000)
    click(qtbot, view.undo_button)
    assert len(view.session.overlay.example(6)["messages"]) == 1
    close(view, qtbot)
