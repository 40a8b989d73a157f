"""The Data view's header after edits (pytest-qt, offscreen): the counts follow a one-click fix at once and the
whole file is checked again by itself; "1 error", not "1 errors"; plain words with the exact figures in a
tooltip; why Export is greyed out; what a blue row number means; a problem's whole sentence in its tooltip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_data_view import bridge, close, ex, make_project, open_view, questions  # noqa: F401

pytestmark = pytest.mark.usefixtures("qapp")


def one_of_each() -> list[dict[str, Any]]:
    rows = questions(12)
    rows[2] = ex("What goes well with rice?", "")  # an empty answer: an error
    rows[4] = ex("Call me on 555-123-4567 about the lentil soup, please.", "Sure, here is a lentil soup for two.")
    return rows


def settled(view: Any) -> bool:
    f = view.session.facts
    return f is not None and not f.stale and not view._tasks and not view._revalidate_timer.isActive()


def test_counts_follow_a_fix_at_once_and_the_file_is_checked_again(qtbot: Any, bridge: Any,  # noqa: F811
                                                                    tmp_path: Path) -> None:
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", one_of_each()))
    qtbot.waitUntil(lambda: settled(view), timeout=30_000)
    assert view.problems_model.counts() == (1, 1)
    summary, title = view.summary_label.text(), view.problems_title.text()
    assert "1 error<" in summary and "1 warning" in summary and "1 errors" not in summary, summary
    assert "1 warnings" not in summary and "1 error, 1 warning —" in title, title
    # mask the number: once the row's own check is back the warning is gone from both lines
    view.select_overlay_row(4)
    view.editor.cards[1].fixes.button("mask_phone").click()
    qtbot.waitUntil(lambda: view.problems_model.counts() == (1, 0), timeout=10_000)
    assert "no warnings" in view.summary_label.text() and "1 error, no warnings" in view.problems_title.text()
    # drop the example with the empty answer: the counts change at once, before the whole file is checked again
    view.select_overlay_row(2)
    view.editor.cards[2].fixes.button("dropExample").click()
    assert view.session.facts.stale and view._revalidate_timer.isActive()
    summary = view.summary_label.text()
    assert "no errors" in summary and "checking again" in summary, summary
    assert view.problems_title.text().startswith("No problems found")
    qtbot.waitUntil(lambda: settled(view), timeout=30_000)
    summary = view.summary_label.text()
    assert "checking again" not in summary and "last check" not in summary and "no errors" in summary, summary
    assert view.session.facts.counts() == (0, 0) and view.session.facts.report["examples"] == 11
    close(view, qtbot)


def test_without_the_automatic_check_the_header_says_so_and_offers_it(qtbot: Any, bridge: Any,  # noqa: F811
                                                                       tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.views.data.editing as editing

    monkeypatch.setattr(editing, "AUTO_VALIDATE_ROWS", 5)  # as for a file too large to check after each edit
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", one_of_each()))
    qtbot.waitUntil(lambda: settled(view), timeout=30_000)
    view.push({"op": "delete", "rows": [2]})
    assert view.session.facts.stale and not view._revalidate_timer.isActive()
    summary = view.summary_label.text()
    assert "from the last check" in summary and "Check again (F5)" in summary and "href='validate'" in summary
    assert "last check" in view.summary_label.toolTip()
    view.summary_label.linkActivated.emit("validate")
    qtbot.waitUntil(lambda: settled(view), timeout=30_000)
    assert "Check again" not in view.summary_label.text()
    close(view, qtbot)


def test_plain_header_words_with_the_figures_in_the_tooltip(qtbot: Any, bridge: Any, tmp_path: Path) -> None:  # noqa: F811
    from ui.views.data.header import _about

    assert [_about(n) for n in (7, 99, 1_018, 3_054, 123_456)] == ["7", "99", "1,000", "3,100", "120,000"]
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    qtbot.waitUntil(lambda: settled(view), timeout=30_000)
    rep = view.session.facts.report
    tokens = rep["tokens"]
    summary, tip = view.summary_label.text(), view.summary_label.toolTip()
    assert "tokens of text" in summary and "billed tokens" not in summary and "median" not in summary, summary
    assert f"training {rep['epochs']} times over it bills about" in summary, summary
    assert f"{tokens['total']:,} tokens in all" in tip and f"has {tokens['median']:,}" in tip, tip
    assert f"{tokens['billed']:,} tokens are billed" in tip, tip
    view.push({"op": "delete", "rows": [0]})
    summary = view.summary_label.text()
    assert "kept safe even if the app closes" in summary and "journal" not in summary, summary
    assert "journal" in view.summary_label.toolTip()
    close(view, qtbot)


def test_export_says_save_first_and_an_edited_row_says_what_blue_means(qtbot: Any, bridge: Any,  # noqa: F811
                                                                        tmp_path: Path) -> None:
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", questions(12)))
    plain = view.export_button.toolTip()
    assert view.export_button.isEnabled() and "Save first" not in plain
    view.select_overlay_row(3)
    view.editor.cards[1].content.setPlainText("An edited question about soup")
    view.editor.commit()
    assert not view.export_button.isEnabled() and view.export_button.toolTip().startswith("Save first")
    assert view.model.index(3, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # the blue number
    assert "edited, not saved yet" in view.model.index(3, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "blue" in view.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    view.undo()
    assert view.export_button.isEnabled() and view.export_button.toolTip() == plain
    close(view, qtbot)


def test_a_problems_whole_sentence_is_in_its_tooltip(qtbot: Any, bridge: Any, tmp_path: Path) -> None:  # noqa: F811
    view = open_view(qtbot, bridge, make_project(tmp_path / "p", one_of_each()))
    m = view.problems_model
    assert m.rowCount() == 2
    for i in range(m.rowCount()):
        sentence = m.index(i, 2).data()
        for col in range(3):
            assert sentence in m.index(i, col).data(Qt.ItemDataRole.ToolTipRole)
    row, problem = next(m.item(i) for i in range(m.rowCount()) if m.item(i)[1]["code"] == "personal_data")
    sentence = m.text(next(i for i in range(m.rowCount()) if m.item(i)[1] is problem))
    assert "not shown" not in sentence and "a phone number" in sentence, sentence  # it is, in the editor above
    assert sentence in view.model.index(row, 5).data(Qt.ItemDataRole.ToolTipRole)  # the table's Problems column
    close(view, qtbot)
