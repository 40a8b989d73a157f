"""The Data view's problems panel: every problem of the dataset by row, its title with the counts ("1 error, no
warnings"), and the jump from a problem to its row and message. A mixin of DataView; it imports no other view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from fttool.datasets.session import DatasetSession, Facts
from ui.itemmodels.dataset import ProblemsModel
from ui.widgets.message_editor import message_index


class DataProblems:
    """The list of problems under the table (mixed into DataView)."""

    def _build_problems(self) -> QWidget:
        self.problems_model = ProblemsModel(self)
        self.problems_view = QTableView()
        self.problems_view.setObjectName("problemsList")
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.problems_view.verticalHeader().setVisible(False)
        self.problems_view.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.problems_view.setWordWrap(False)
        ph = self.problems_view.horizontalHeader()
        ph.resizeSection(0, 56)
        ph.resizeSection(1, 70)
        ph.setStretchLastSection(True)
        self.problems_view.activated.connect(self.jump_to_problem)
        self.problems_view.clicked.connect(self.jump_to_problem)
        problems_box = QWidget()
        pl = QVBoxLayout(problems_box)
        pl.setContentsMargins(0, 0, 0, 0)
        self.problems_title = QLabel(self.tr("Problems"))
        self.problems_title.setObjectName("problemsTitle")
        self.problems_title.setFixedHeight(self.problems_title.fontMetrics().lineSpacing() + 6)
        pl.addWidget(self.problems_title)
        pl.addWidget(self.problems_view)
        return problems_box

    def _problems_of_key(self, key: int) -> list[dict[str, Any]]:
        facts = self.session.facts if self.session is not None else None
        return list(facts.problems.get(key, [])) if facts is not None else []

    def jump_to_problem(self, index: QModelIndex) -> None:
        row, problem = self.problems_model.item(index.row())
        if row < 0 or self.session is None:
            return
        if self.model.view_row(row) is None:  # hidden by the search: show every row again
            self.search_edit.clear()
            self._search_rows = None
            self.apply_filter()
        self.select_overlay_row(row)
        i = message_index(problem.get("field"))
        if i is not None and i < len(self.editor.cards):
            self.editor.scroll.ensureWidgetVisible(self.editor.cards[i])  # the message the problem is about

    # -- the counts ------------------------------------------------------------------------------------------------
    def _update_problems_title(self, facts: Facts | None, errors: int, warnings: int) -> None:
        if facts is not None:
            if errors or warnings:
                self.problems_title.setText(self.tr("Problems: {0}, {1} — click one to go to its row").format(
                    self._errors_text(errors), self._warnings_text(warnings)))
            else:
                self.problems_title.setText(self.tr("No problems found: every example can be used for training."))
        else:
            self.problems_title.setText(self.tr("Problems (press Validate to check every example)"))

    def _counts(self, session: DatasetSession) -> tuple[int, int]:
        """Errors and warnings of the rows there now: the problem list's (a deleted or replaced row's problems
        drop out at once, an edited row's own check counts), else the last check's."""
        if self.problems_model.session is session and session.facts is not None:
            return self.problems_model.counts()
        return session.facts.counts() if session.facts is not None else (0, 0)

    def _errors_text(self, n: int, html: bool = False) -> str:
        if not n:
            return self.tr("<span style='color:#1e7b34'>no errors</span>") if html else self.tr("no errors")
        text = self.tr("{0:,} error").format(n) if n == 1 else self.tr("{0:,} errors").format(n)
        return f"<span style='color:#b41e1e'>{text}</span>" if html else text

    def _warnings_text(self, n: int) -> str:
        if not n:
            return self.tr("no warnings")
        return self.tr("{0:,} warning").format(n) if n == 1 else self.tr("{0:,} warnings").format(n)
