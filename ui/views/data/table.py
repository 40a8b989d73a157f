"""The Data view's rows: the search and the problems-only filter, the table of examples, and the message editor
that shows the selected one. A mixin of DataView (searching runs as the `data_search` service command); it
imports no other view."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from fttool.datasets.session import DatasetSession
from ui.bridge import Failure
from ui.itemmodels.dataset import (
    COL_ANSWER,
    COL_NUM,
    COL_PROBLEMS,
    COL_SYSTEM,
    COL_TOKENS,
    COL_USER,
    DatasetModel,
)
from ui.widgets.message_editor import MessageEditor
from ui.widgets.progress import Task


class DataTable:
    """The search, the table and the editor of the Data view (mixed into DataView)."""

    def _build_table(self, root: QVBoxLayout) -> None:
        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("Search the messages (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.problems_only = QCheckBox(self.tr("Only rows with problems"))
        self.problems_only.setObjectName("problemsOnly")
        self.problems_only.toggled.connect(lambda _c: self.apply_filter())
        self.rows_label = QLabel()
        self.rows_label.setObjectName("rowsLabel")
        self.rows_label.setFixedWidth(self.rows_label.fontMetrics().horizontalAdvance("0") * 30)
        self.add_row_button = QPushButton(self.tr("Add example"))
        self.add_row_button.setObjectName("addExample")
        self.add_row_button.setToolTip(self.tr("Insert a new example after the selected one (Ctrl+Shift+N; Ctrl+N makes a new project)"))
        self.add_row_button.clicked.connect(self.add_example)
        self.delete_row_button = QPushButton(self.tr("Delete"))
        self.delete_row_button.setObjectName("deleteExamples")
        self.delete_row_button.setToolTip(self.tr("Delete the selected examples (Del); Ctrl+Z brings them back"))
        self.delete_row_button.clicked.connect(self.delete_selected)
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.problems_only)
        filters.addWidget(self.rows_label)
        filters.addStretch(1)
        filters.addWidget(self.add_row_button)
        filters.addWidget(self.delete_row_button)
        root.addLayout(filters)

        self.model = DatasetModel(self)
        self.table = QTableView()
        self.table.setObjectName("dataTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for col, width in ((COL_NUM, 40), (COL_SYSTEM, 80), (COL_USER, 230), (COL_ANSWER, 230),
                           (COL_TOKENS, 52), (COL_PROBLEMS, 96)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_USER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ANSWER, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(self._build_problems())
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setSizes([470, 120])

        self.editor = MessageEditor(shared_undo=True)  # Ctrl+Z in a message is this view's undo
        self.editor.exampleEdited.connect(self.edit_current)
        self.editor.dropRequested.connect(self.drop_row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([560, 400])
        root.addWidget(split, 1)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- the selected example -------------------------------------------------------------------------------------
    def current_row(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.model.overlay_row(idx.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_editor()

    def _refresh_editor(self) -> None:
        session = self.session
        row = self.current_row()
        if session is None or row is None or row >= session.overlay.row_count:
            self.editor.set_example(None, None)
            return
        if not session.ready:
            parsed = session.index.parse(row)
            key = row
        else:
            key = session.overlay.key(row)
            parsed = session.overlay.parsed_key(key)
        raw = ""
        if parsed.example is None:
            raw = session.index.raw(key).decode("utf-8", "replace") if key >= 0 else ""
        self.editor.set_example(row, parsed.example, raw, self._problems_of_key(key),
                                editable=session.ready and not self._saving)

    def select_overlay_row(self, row: int) -> None:
        view_row = self.model.view_row(row)
        if view_row is None:
            return
        idx = self.model.index(view_row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_rows(self) -> list[int]:
        rows = {self.model.overlay_row(i.row()) for i in self.table.selectionModel().selectedRows()}
        return sorted(rows)

    # -- filter and search ----------------------------------------------------------------------------------------
    def run_search(self) -> None:
        session = self.session
        query = self.search_edit.text().strip()
        if session is None or not session.ready or not query:
            self._search_rows = None
            self.apply_filter()
            return
        task = self._start_task(session, "search", self.tr("Searching for “{0}”").format(query))
        version = session.overlay.version
        self.bridge.op("data_search", snapshot=session.overlay.snapshot(), query=query).success(
            lambda rows, s=session, t=task, v=version, q=query: self._searched(s, rows, t, v, q)).failure(
            lambda f, s=session, t=task: self._search_failed(s, f, t)).progress(task).run()

    def _searched(self, session: DatasetSession, rows: list[int], task: Task, version: int, query: str) -> None:
        self._finish_task(session, "search", task)
        if session is not self.session or query != self.search_edit.text().strip() or task.cancelled():
            return
        if version != session.overlay.version:
            self._search_timer.start()  # the rows moved meanwhile: search again
            return
        import numpy as np

        self._search_rows = np.asarray(rows, dtype=np.int64)
        self.apply_filter()

    def _search_failed(self, session: DatasetSession, failure: Failure, task: Task) -> None:
        self._finish_task(session, "search", task)
        if not failure.cancelled and session is self.session:
            self._say(failure.message)  # the rows stay as they were shown

    def apply_filter(self, keep_row: int | None = None) -> None:
        import numpy as np

        session = self.session
        current = keep_row if keep_row is not None else self.current_row()
        rows = None
        if session is not None and session.ready:
            if self._search_rows is not None and self.search_edit.text().strip():
                rows = self._search_rows
            if self.problems_only.isChecked() and session.facts is not None:
                keys = session.facts.problem_keys()
                prow = session.overlay.rows_of_keys(keys)
                prow = np.unique(prow[prow >= 0])
                if current is not None and self.model.filtered and self.model.view_row(current) is not None \
                        and 0 <= current < session.overlay.row_count:
                    prow = np.union1d(prow, [current])  # the row being worked on stays, fixed or not
                rows = prow if rows is None else np.intersect1d(rows, prow)
        self.model.set_filter(rows)
        if current is not None and session is not None and self.model.rowCount():
            if self.model.view_row(current) is not None:
                self.select_overlay_row(current)
            else:
                self.table.selectRow(0)
        self._update_summary()
