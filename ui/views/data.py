"""The Data view: open the project's datasets, see every problem by row, edit examples, apply fixes, save.

Thin over fttool/datasets/session.py (index, overlay, journal, validation): every slow step (indexing,
validating, searching, saving, importing, exporting) runs as a `data_*` service command with a progress row and
Cancel; the GUI thread only paints the rows on screen. Every edit is a QUndoCommand over the overlay, written
to the journal at once (a crash loses nothing; the next open offers the edits back).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QFileSystemWatcher,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fttool.datasets import split as split_core
from fttool.datasets.session import DatasetSession, Facts
from fttool.errors import Cancelled, FtError
from fttool.project import Project
from ui.bridge import Bridge
from ui.itemmodels.dataset import (
    COL_ANSWER,
    COL_NUM,
    COL_PROBLEMS,
    COL_SYSTEM,
    COL_TOKENS,
    COL_USER,
    DatasetModel,
    ProblemsModel,
)
from ui.views.base import View
from ui.widgets.encoding_dialogs import ReencodeDialog, TableImportDialog
from ui.widgets.message_editor import MessageEditor, message_index
from ui.widgets.progress import ProgressPanel, Task

AUTO_VALIDATE_ROWS = 200_000  # revalidate by itself after an edit up to this size; above it, on request
CHANGE_CHECK_MS = 2000


class _Relay(QObject):
    """Carries a worker's calls onto the GUI thread (queued signals)."""

    rows = Signal(object, int)  # session, row count


class EditCommand(QUndoCommand):
    """One overlay operation; the overlay keeps the state, this tells it when to undo and redo."""

    def __init__(self, view: DataView, session: DatasetSession, op: dict[str, Any], text: str,
                 applied: bool = False, from_editor: bool = False) -> None:
        super().__init__(text)
        self.view = view
        self.session = session
        self.op = op
        self._applied = applied  # recovered from the journal: already in the overlay
        self._first = True
        self._from_editor = from_editor

    def redo(self) -> None:
        if self._first:
            self._first = False
            if not self._applied:
                self.op = self.session.overlay.apply(self.op)
            self.view.after_edit(self.session, self.op, from_editor=self._from_editor)
            return
        self.op = self.session.overlay.redo()
        self.view.after_edit(self.session, self.op)

    def undo(self) -> None:
        self.op = self.session.overlay.undo()
        self.view.after_edit(self.session, self.op)


class Banner(QFrame):
    """A line across the view that says something happened and offers what to do about it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#{name} {{ background: #fff6d6; border: 1px solid #e0c46c; border-radius: 4px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self._row = row
        self.setVisible(False)

    def show_message(self, text: str, actions: list[tuple[str, Any]]) -> None:
        for b in self.buttons:
            self._row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        self.label.setText(text)
        for label, slot in actions:
            b = QPushButton(label)
            b.clicked.connect(lambda _checked=False: self.setVisible(False))
            b.clicked.connect(lambda _checked=False, f=slot: f())
            self._row.addWidget(b)
            self.buttons.append(b)
        self.setVisible(True)


class HubImportDialog(QDialog):
    """Choose a dataset on the Hugging Face Hub: its configs, splits and files with their sizes, before anything
    is downloaded."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(self.tr("Import from the Hugging Face Hub"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.repo = QLineEdit()
        self.repo.setObjectName("hubRepo")
        self.repo.setPlaceholderText(self.tr("owner/dataset, for example HuggingFaceH4/no_robots"))
        self.lookup_button = QPushButton(self.tr("Look up"))
        self.lookup_button.setObjectName("hubLookup")
        self.lookup_button.clicked.connect(self.look_up)
        self.repo.returnPressed.connect(self.look_up)
        row.addWidget(self.repo, 1)
        row.addWidget(self.lookup_button)
        layout.addLayout(row)
        self.files = QTreeWidget()
        self.files.setObjectName("hubFiles")
        self.files.setHeaderLabels([self.tr("Config / split / file"), self.tr("Size")])
        self.files.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.files.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.files, 1)
        self.status = QLabel(self.tr("Type a dataset's name and press Look up. Nothing is downloaded yet."))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        form = QFormLayout()
        self.split = QComboBox()
        self.split.setObjectName("hubSplit")
        for s, label in (("train", self.tr("train")), ("validation", self.tr("validation")),
                         ("test", self.tr("test"))):
            self.split.addItem(label, s)
        form.addRow(self.tr("Use it as the project's"), self.split)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Download and import"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.repo_id = ""

    def look_up(self) -> None:
        repo_id = self.repo.text().strip()
        if not repo_id:
            return
        self.lookup_button.setEnabled(False)
        self.status.setText(self.tr("Looking up {0}…").format(repo_id))
        self.bridge.run("data_hub_list", repo_id=repo_id, on_success=lambda d: self._listed(repo_id, d),
                        on_failure=self._failed)

    def _failed(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        self.lookup_button.setEnabled(True)
        self.status.setText(describe(exc)[0])

    def _listed(self, repo_id: str, info: dict[str, Any]) -> None:
        self.lookup_button.setEnabled(True)
        self.repo_id = repo_id
        self.files.clear()
        count = 0
        for config, splits in (info.get("configs") or {}).items():
            top = QTreeWidgetItem([config, ""])
            self.files.addTopLevelItem(top)
            for split, files in splits.items():
                mid = QTreeWidgetItem([split, _size_text(sum(f.get("size") or 0 for f in files))])
                top.addChild(mid)
                for f in files:
                    leaf = QTreeWidgetItem([f["path"], _size_text(f.get("size"))])
                    leaf.setData(0, Qt.ItemDataRole.UserRole, (f["path"], f.get("size"), split))
                    mid.addChild(leaf)
                    count += 1
        self.files.expandAll()
        self.status.setText(self.tr("{0} data file(s). Choose one.").format(count) if count else
                            self.tr("This dataset has no data file fttool can read (JSONL, JSON, CSV, Parquet)."))

    def _selected(self) -> None:
        choice = self.choice()
        self.ok.setEnabled(choice is not None)
        if choice is not None:
            _path, size, split = choice
            i = self.split.findData({"validation": "validation", "test": "test"}.get(split, "train"))
            self.split.setCurrentIndex(max(i, 0))
            self.status.setText(self.tr("{0} will be downloaded ({1}).").format(choice[0], _size_text(size)))

    def choice(self) -> tuple[str, int | None, str] | None:
        items = self.files.selectedItems()
        data = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        return tuple(data) if data else None  # type: ignore[return-value]


def _size_text(size: int | None) -> str:
    if not size:
        return ""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def _about(n: int) -> str:
    """A count in round figures for the header: 1,018 -> "1,000", 3,054 -> "3,100" (the exact one is in the
    tooltip)."""
    if n < 100:
        return f"{n:,}"
    digits = len(str(n)) - 2
    return f"{round(n, -digits):,}"


class DataView(View):
    key = "data"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.split_dialog: Any = None
        self._split_after_save = False
        self.sessions: dict[str, DatasetSession] = {}
        self.stacks: dict[str, QUndoStack] = {}
        self.session: DatasetSession | None = None
        self._relay = _Relay(self)
        self._relay.rows.connect(self._on_rows)
        self._tasks: dict[tuple[str, str], Task] = {}  # (split, kind) -> running task
        self._search_rows: Any = None
        self._saving = False
        self._rows_label_at = 0.0
        self._generated: list[dict[str, Any]] = []  # accepted in the Generate dialog, until train is ready
        self.synth_dialog: Any = None
        self.undo_group = QUndoGroup(self)
        self._build_ui()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _p: self.check_changed())
        self._change_timer = QTimer(self)
        self._change_timer.setInterval(CHANGE_CHECK_MS)
        self._change_timer.timeout.connect(self.check_changed)
        self._revalidate_timer = QTimer(self)
        self._revalidate_timer.setSingleShot(True)
        self._revalidate_timer.setInterval(1200)
        self._revalidate_timer.timeout.connect(lambda: self.validate(auto=True))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.run_search)
        # autosave: every edit is in the journal at once; this also makes the disk hold it (fsync) every 3 s
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(3000)
        self._sync_timer.timeout.connect(self._sync_journals)
        self._sync_timer.start()
        self._synced_versions: dict[str, int] = {}
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.progress.cancel_all)

    def title(self) -> str:
        return self.tr("Data")

    # -- layout -------------------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        root = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading(self.title()))
        self.dataset_combo = QComboBox()
        self.dataset_combo.setObjectName("datasetCombo")
        self.dataset_combo.setToolTip(self.tr("The project's dataset files: train, validation, test"))
        self.dataset_combo.setMinimumWidth(200)
        self.dataset_combo.currentIndexChanged.connect(self._dataset_chosen)
        top.addWidget(self.dataset_combo)
        top.addStretch(1)

        def button(name: str, text: str, tip: str, slot: Any) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            top.addWidget(b)
            return b

        self.import_button = QToolButton()
        self.import_button.setObjectName("importButton")
        self.import_button.setText(self.tr("Import"))
        self.import_button.setToolTip(self.tr(
            "Bring examples into this project: chat JSONL, ShareGPT, prompt/completion, CSV/TSV, Parquet, Alpaca "
            "JSON, or a dataset on the Hugging Face Hub. What you pick is copied, never changed."))
        self.import_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        import_menu = QMenu(self)
        import_menu.addAction(self.tr("A file…"), self.import_dataset)
        import_menu.addAction(self.tr("From the Hugging Face Hub…"), self.import_from_hub)
        self.generate_action = import_menu.addAction(self.tr("Generate examples…"), self.generate_examples)
        self.generate_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.generate_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.generate_action.setToolTip(self.tr("A teacher model writes more examples like yours; you review "
                                                "each before it joins the train dataset (Ctrl+Shift+G)"))
        self.addAction(self.generate_action)  # the shortcut works with the menu closed
        self.import_button.setMenu(import_menu)
        top.addWidget(self.import_button)
        self.split_button = button("splitButton", self.tr("Split…"), self.tr(
            "Split the examples into train, validation and test files, with no example on two sides "
            "(Ctrl+Shift+S)"), self.split_dataset)
        self.validate_button = button("validateButton", self.tr("Validate"), self.tr(
            "Check every example: errors that stop training, warnings worth a look, tokens and cost (F5)"),
            lambda: self.validate())
        self.fix_button = QToolButton()
        self.fix_button.setObjectName("fixButton")
        self.fix_button.setText(self.tr("Fixes"))
        self.fix_button.setToolTip(self.tr("Safe changes to the whole file; each one can be undone"))
        self.fix_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.fix_menu = QMenu(self)
        self.fix_actions = {
            "duplicates": self.fix_menu.addAction(self.tr("Drop exact duplicates"), self.fix_duplicates),
            "strip": self.fix_menu.addAction(self.tr("Strip whitespace"), self.fix_strip),
            "system": self.fix_menu.addAction(self.tr("Add a default system prompt…"), self.fix_system_prompt),
            "overlong": self.fix_menu.addAction(self.tr("Drop over-long examples"), self.fix_overlong),
            "reencode": self.fix_menu.addAction(self.tr("Re-encode to UTF-8"), self.fix_reencode),
        }
        self.fix_button.setMenu(self.fix_menu)
        top.addWidget(self.fix_button)
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportButton")
        self.export_button.setText(self.tr("Export"))
        self._export_tip = self.tr("Write the saved dataset in the form a training service expects")
        self.export_button.setToolTip(self._export_tip)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self)
        for backend, label in (("openai", self.tr("For OpenAI (chat JSONL)…")),
                               ("azure", self.tr("For Azure OpenAI (JSONL)…")),
                               ("autotrain", self.tr("For AutoTrain (data folder)…"))):
            self.export_menu.addAction(label, lambda b=backend: self.export_dataset(b))
        self.export_button.setMenu(self.export_menu)
        top.addWidget(self.export_button)
        self.undo_button = button("undoButton", self.tr("Undo"), self.tr("Undo the last edit (Ctrl+Z)"), self.undo)
        self.redo_button = button("redoButton", self.tr("Redo"), self.tr(
            "Redo the edit you undid (Ctrl+Shift+Z or Ctrl+Y)"), self.redo)
        self.save_button = button("saveButton", self.tr("Save"), self.tr(
            "Write your edits to the project's file (Ctrl+S). The file is replaced in one step, so a crash never "
            "leaves half a file."), self.save)
        root.addLayout(top)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("dataSummary")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        # fixed room: new figures after a check repaint this label only, never shift the table
        self.summary_label.setFixedHeight(self.summary_label.fontMetrics().lineSpacing() * 2 + 4)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.summary_label.linkActivated.connect(self._summary_link)  # "Check again (F5)"
        root.addWidget(self.summary_label)
        self.recovery_banner = Banner("recoveryBanner")
        self.change_banner = Banner("changeBanner")
        root.addWidget(self.recovery_banner)
        root.addWidget(self.change_banner)

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

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(problems_box)
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

        self.progress = ProgressPanel()
        root.addWidget(self.progress)

        # keyboard
        # the view's own actions (not the group's): typing still pending in the editor becomes an edit first
        self.undo_action = QAction(self.tr("Undo"), self)
        self.undo_action.triggered.connect(self.undo)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = QAction(self.tr("Redo"), self)
        self.redo_action.triggered.connect(self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        for a in (self.undo_action, self.redo_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(a)
        for seq, slot in (("Ctrl+S", self.save), ("Ctrl+F", self._focus_search), ("F5", lambda: self.validate()),
                          ("Ctrl+Shift+N", self.add_example), ("Ctrl+Shift+S", self.split_dataset)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        delete = QAction(self)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        self.table.addAction(delete)
        self.undo_group.cleanChanged.connect(lambda _c: self._update_state())
        self.undo_group.indexChanged.connect(lambda _i: self._update_state())
        self.undo_group.canUndoChanged.connect(lambda _c: self._update_undo_buttons())
        self.undo_group.canRedoChanged.connect(lambda _c: self._update_undo_buttons())
        self.undo_group.activeStackChanged.connect(lambda _s: self._update_undo_buttons())
        self._update_state()

    def _sync_journals(self) -> None:
        for split, session in self.sessions.items():
            version = session.overlay.version
            if session.overlay.journal is not None and self._synced_versions.get(split) != version:
                self._synced_versions[split] = version
                self.bridge.run("data_sync", session=session)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- project and datasets --------------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.close_all()
        if self.project is not None and (project is None or project.path != self.project.path):
            self._generated.clear()  # generated for the project that closes
            self._close_synth_dialog()
        super().set_project(project)
        self.dataset_combo.blockSignals(True)
        self.dataset_combo.clear()
        if project is not None:
            for split, path in project.dataset_files().items():
                role = self.role_text(split)
                label = self.tr("{0}: {1}").format(role, path.name) if path.is_file() else self.tr(
                    "{0}: {1} (missing)").format(role, path.name)
                self.dataset_combo.addItem(label, split)
        self.dataset_combo.blockSignals(False)
        if self.dataset_combo.count():
            self.dataset_combo.setCurrentIndex(0)
            self._dataset_chosen(0)
        else:
            self._show_session(None)

    def role_text(self, role: str) -> str:
        """A file's role in the project, in the person's language (project.json keeps the English word)."""
        return {"train": self.tr("train"), "validation": self.tr("validation"), "test": self.tr("test")}.get(
            role, role)

    def _dataset_chosen(self, _i: int) -> None:
        split = self.dataset_combo.currentData()
        if split:
            self.open_dataset(str(split))

    def dataset_path(self, split: str) -> Path | None:
        if self.project is None:
            return None
        return self.project.dataset_files().get(split)

    def _model_name(self) -> str | None:
        return (self.project.meta.get("base_model") if self.project else None) or None

    def _backend(self) -> str:
        return str((self.project.meta.get("backend") if self.project else None) or "openai")

    def open_dataset(self, split: str) -> None:
        if split in self.sessions:
            self._show_session(self.sessions[split])
            return
        path = self.dataset_path(split)
        if path is None or not path.is_file():
            self._show_session(None)
            self.summary_label.setText(self.tr("{0} is not there yet. Import a file to start.").format(
                str(path) if path else split))
            return
        try:
            session = DatasetSession(path, split=split)
        except FtError as exc:
            self._fail(exc)
            return
        self.sessions[split] = session
        stack = QUndoStack(self)
        self.undo_group.addStack(stack)
        self.stacks[split] = stack
        self._show_session(session)
        task = self._start_task(session, "open", self.tr("Opening {0}").format(path.name))
        self.bridge.run("data_build", session=session, progress=task.progress, cancel=task.cancelled,
                        on_rows=lambda n, s=session: self._relay.rows.emit(s, n),
                        on_success=lambda _n, s=session: self._built(s),
                        on_failure=lambda e, s=session: self._build_failed(s, e),
                        activity_text=self.tr("Opening {0}").format(path.name))

    def _show_session(self, session: DatasetSession | None) -> None:
        self.session = session
        self.model.set_session(session)
        self._search_rows = None
        if session is not None:
            self.undo_group.setActiveStack(self.stacks.get(session.split))
            paths = self._watcher.files()
            if paths:
                self._watcher.removePaths(paths)
            self._watcher.addPath(str(session.path))
            self._change_timer.start()
        else:
            self.undo_group.setActiveStack(None)
            self._change_timer.stop()
        self.apply_filter()
        self.problems_model.set_problems(session)
        self.editor.set_example(None, None)
        self.change_banner.setVisible(False)
        self.recovery_banner.setVisible(False)
        self._update_summary()
        self._update_state()
        if session is not None and self.model.rowCount():
            self.table.selectRow(0)

    def _on_rows(self, session: DatasetSession, count: int) -> None:
        if session is self.session:
            first = self.model.rowCount() == 0
            self.model.rows_available(count)
            if first and self.model.rowCount():  # after the rows are painted: the editor is a step of its own
                QTimer.singleShot(0, lambda s=session: self._select_first(s))
            now = time.monotonic()
            if now - self._rows_label_at > 0.5:  # a changing label re-lays out the view: not for every chunk
                self._rows_label_at = now
                self._update_summary()

    def _select_first(self, session: DatasetSession) -> None:
        if session is self.session and self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _built(self, session: DatasetSession) -> None:
        self._finish_task(session, "open")
        if session.split not in self.sessions or self.sessions[session.split] is not session:
            return  # closed meanwhile
        stack = self.stacks[session.split]
        try:
            recovered = session.recover()
        except FtError as exc:  # the file changed under an old journal: it was set aside, never applied
            recovered = 0
            if session is self.session:
                from ui.messages import text

                self.recovery_banner.show_message(text(exc.code, exc.params, exc.message), [])
        for op in session.overlay.applied:
            stack.push(EditCommand(self, session, op, self._op_text(op), applied=True))
        session.ready = True
        if session is self.session:
            if recovered or self.model.rowCount() != session.overlay.row_count:
                self.model.refresh(structural=True)
            if recovered:
                self.recovery_banner.show_message(
                    self.tr("{0} unsaved edit(s) from your last session were recovered. Save them, or undo "
                            "them one by one (Ctrl+Z).").format(recovered),
                    [(self.tr("Discard them"), lambda s=session: self.discard_recovered(s))])
            self.apply_filter()
            if self.model.rowCount() and not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            self._refresh_editor()
            self._update_summary()
            self._update_state()
        self.validate(session=session, auto=True)
        self._insert_generated()  # examples accepted while the train file was opening or saving

    def _build_failed(self, session: DatasetSession, exc: BaseException) -> None:
        self._finish_task(session, "open")
        if self.sessions.get(session.split) is not session:
            return  # closed while it was being read (another dataset chosen): nothing to tell
        self._drop_session(session)
        if not isinstance(exc, Cancelled):
            self._fail(exc)

    def _drop_session(self, session: DatasetSession, discard_journal: bool = False) -> None:
        for kind in ("open", "validate", "search", "save"):
            t = self._tasks.pop((session.split, kind), None)
            if t is not None:
                t.cancel()
                t.finish()
        if self.sessions.get(session.split) is session:
            del self.sessions[session.split]
            stack = self.stacks.pop(session.split, None)
            if stack is not None:
                self.undo_group.removeStack(stack)
                stack.deleteLater()
        session.close(discard_journal=discard_journal)
        if session is self.session:
            self._show_session(None)

    def close_all(self) -> None:
        self.editor.commit()
        for session in list(self.sessions.values()):
            self._drop_session(session)

    def discard_recovered(self, session: DatasetSession) -> None:
        stack = self.stacks.get(session.split)
        if stack is None:
            return
        while stack.canUndo():
            stack.undo()
        stack.clear()

    # -- tasks --------------------------------------------------------------------------------------------------
    def _start_task(self, session: DatasetSession, kind: str, text: str) -> Task:
        old = self._tasks.pop((session.split, kind), None)
        if old is not None:
            old.cancel()
            old.finish()
        task = self.progress.start(text)
        self._tasks[(session.split, kind)] = task
        return task

    def _finish_task(self, session: DatasetSession, kind: str, task: Task | None = None) -> None:
        current = self._tasks.get((session.split, kind))
        if task is not None and current is not task:
            task.finish()
            return
        if current is not None:
            del self._tasks[(session.split, kind)]
            current.finish()
            if kind == "validate" and session is self.session:
                self._update_summary()  # "checking again…" ends, however the check ended

    def _fail(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        from ui.widgets.error_dialog import describe, show_error

        message, details = describe(exc)
        show_error(self, message, details)

    # -- the selected example -------------------------------------------------------------------------------------
    def current_row(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.model.overlay_row(idx.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_editor()

    def _problems_of_key(self, key: int) -> list[dict[str, Any]]:
        facts = self.session.facts if self.session is not None else None
        return list(facts.problems.get(key, [])) if facts is not None else []

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

    # -- edits -----------------------------------------------------------------------------------------------
    def _op_text(self, op: dict[str, Any]) -> str:
        kind = op.get("op")
        if kind == "set":
            return self.tr("Edit example {0}").format(int(op["row"]) + 1)
        if kind == "insert":
            return self.tr("Add example {0}").format(int(op["row"]) + 1)
        if kind == "delete":
            return self.tr("Delete {0} example(s)").format(len(op["rows"]))
        if kind == "transform":
            return {"strip_whitespace": self.tr("Strip whitespace"),
                    "add_system_prompt": self.tr("Add a default system prompt")}.get(op.get("name", ""),
                                                                                     str(op.get("name")))
        if kind == "rebase":
            return self.tr("Re-encode to UTF-8")
        return str(kind)

    def push(self, op: dict[str, Any], from_editor: bool = False) -> bool:
        session = self.session
        if session is None or not session.ready or self._saving:
            return False
        stack = self.stacks[session.split]
        try:
            stack.push(EditCommand(self, session, op, self._op_text(op), from_editor=from_editor))
        except FtError as exc:
            self._fail(exc)
            return False
        return True

    def edit_current(self, example: dict[str, Any]) -> None:
        row = self.editor.row
        if row is None:
            return
        self.push({"op": "set", "row": row, "example": example}, from_editor=True)

    def add_example(self) -> None:
        if self.session is None or not self.session.ready:
            return
        row = self.current_row()
        at = self.session.overlay.row_count if row is None else row + 1
        example = {"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]}
        if self.push({"op": "insert", "row": at, "examples": [example]}):
            self.select_overlay_row(at)
            self.editor.focus_message(0)

    def drop_row(self, row: int) -> None:
        """"Drop this example" in the editor: delete that row (Ctrl+Z brings it back)."""
        session = self.session
        if session is None or not 0 <= row < session.overlay.row_count:
            return
        if self.push({"op": "delete", "rows": [row]}) and session.overlay.row_count:
            self.select_overlay_row(min(row, session.overlay.row_count - 1))

    def selected_rows(self) -> list[int]:
        rows = {self.model.overlay_row(i.row()) for i in self.table.selectionModel().selectedRows()}
        return sorted(rows)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            first = rows[0]
            if self.push({"op": "delete", "rows": rows}) and self.session is not None:
                self.select_overlay_row(min(first, self.session.overlay.row_count - 1))

    def after_edit(self, session: DatasetSession, op: dict[str, Any], from_editor: bool = False) -> None:
        """The overlay changed (an edit, an undo or a redo): refresh what shows it and check what changed."""
        if session is not self.session:
            return
        kind = op.get("op")
        if kind == "set":
            row = int(op["row"])
            view_row = self.model.view_row(row)
            self.model.refresh(structural=False, rows=[] if view_row is None else [view_row])
            self.check_rows(session, [row])
            if not from_editor:
                self.select_overlay_row(row)
                self._refresh_editor()
        else:
            current = self.current_row()
            if self._search_rows is not None or self.problems_only.isChecked():
                self._search_rows = None
                if self.search_edit.text():
                    self._search_timer.start()
            self.model.refresh(structural=True)
            self.apply_filter(keep_row=current)
            if kind == "insert":
                self.check_rows(session, list(range(int(op["row"]), int(op["row"]) + len(op["examples"]))))
            self._refresh_editor()
        if session.facts is not None and kind in ("delete", "transform", "rebase", "insert", "set"):
            session.facts.stale = kind in ("delete", "transform", "rebase") or session.facts.stale
            self.problems_model.set_problems(session)
        if session.overlay.row_count <= AUTO_VALIDATE_ROWS:
            self._revalidate_timer.start()
        self._update_summary()
        self._update_state()

    def check_rows(self, session: DatasetSession, rows: list[int]) -> None:
        """Check edited rows at once (their tokens and their own problems), before the whole file is checked."""
        for row in rows:
            if row >= session.overlay.row_count:
                continue
            key = session.overlay.key(row)
            example = session.overlay.parsed_key(key).example
            if example is None or key >= 0:
                continue
            self.bridge.run("data_check_example", example=example, model=self._model_name(), backend=self._backend(),
                            on_success=lambda r, s=session, k=key: self._checked(s, k, r))

    def _checked(self, session: DatasetSession, key: int, result: tuple[list[dict[str, Any]], int]) -> None:
        problems, tokens = result
        if session.facts is None:
            import numpy as np

            session.facts = Facts(-1, np.full(session.index.row_count, -1, dtype=np.int32), stale=True)
        facts = session.facts
        facts.tokens_new[key] = tokens
        if tokens < 0:
            facts.tokens_new.pop(key, None)
        facts.set_problems(key, problems)
        if session is self.session:
            row = session.overlay.row_of_key(key)
            view_row = None if row is None else self.model.view_row(row)
            if view_row is not None:
                self.model.refresh(structural=False, rows=[view_row])
            self.problems_model.set_problems(session)
            if self.current_row() == row:
                self.editor.show_problems(problems)
            self._update_summary()

    def select_overlay_row(self, row: int) -> None:
        view_row = self.model.view_row(row)
        if view_row is None:
            return
        idx = self.model.index(view_row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- validation -----------------------------------------------------------------------------------------------
    def validate(self, session: DatasetSession | None = None, auto: bool = False) -> None:
        session = session or self.session
        if session is None or not session.ready:
            return
        ov = session.overlay
        pristine = ov._keys is None and not ov._transforms and ov.index is ov.base
        snapshot = ov.snapshot()
        # the role decides the checks: minimum size and cost for train only; copies of train examples (leakage)
        role = session.split if session.split in split_core.PARTS else "train"
        other = self.dataset_path("validation" if role == "train" else "train")
        other_file = str(other) if other is not None and other.is_file() and other != session.path else None
        task = self._start_task(session, "validate", self.tr("Validating {0}").format(session.path.name))
        self.bridge.run("data_validate", snapshot=snapshot, pristine=pristine, model=self._model_name(),
                        backend=self._backend(), progress=task.progress, cancel=task.cancelled, role=role,
                        validation=other_file if role == "train" else None,
                        train=other_file if role != "train" else None,
                        on_success=lambda f, s=session, t=task: self._validated(s, f, t),
                        on_failure=lambda e, s=session, t=task: self._validate_failed(s, e, t),
                        activity_text=self.tr("Validating {0}").format(session.path.name))

    def _validated(self, session: DatasetSession, facts: Facts, task: Task) -> None:
        self._finish_task(session, "validate", task)
        if self.sessions.get(session.split) is not session or task.cancelled():
            return  # closed meanwhile, or the person pressed Cancel: keep what was shown
        # rows checked one by one after this snapshot keep their fresher facts
        old = session.facts
        if old is not None:
            for key in list(old.tokens_new):
                if key not in facts.tokens_new and session.overlay.row_of_key(key) is not None:
                    facts.tokens_new[key] = old.tokens_new[key]
                    facts.set_problems(key, old.problems.get(key, []))
        facts.stale = facts.version != session.overlay.version
        session.facts = facts
        if session is self.session:
            self.model.facts_changed()
            self.problems_model.set_problems(session)
            if self.problems_only.isChecked():
                self.apply_filter()
            current = self.current_row()
            if current is not None and current < session.overlay.row_count:
                self.editor.show_problems(self._problems_of_key(session.overlay.key(current)))
            self._update_summary()
            self._update_state()

    def _validate_failed(self, session: DatasetSession, exc: BaseException, task: Task) -> None:
        self._finish_task(session, "validate", task)
        if session is self.session:
            self._fail(exc)

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
        self.bridge.run("data_search", snapshot=session.overlay.snapshot(), query=query, cancel=task.cancelled,
                        progress=task.progress,
                        on_success=lambda rows, s=session, t=task, v=version, q=query: self._searched(s, rows, t, v, q),
                        on_failure=lambda e, s=session, t=task: self._finish_task(s, "search", t))

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

    # -- fixes ----------------------------------------------------------------------------------------------------
    def _rows_with_code(self, code: str) -> list[int]:
        session = self.session
        if session is None or session.facts is None:
            return []
        import numpy as np

        keys = [k for k, plist in session.facts.problems.items() if any(p.get("code") == code for p in plist)]
        rows = session.overlay.rows_of_keys(np.asarray(keys, dtype=np.int64))
        return sorted(int(r) for r in rows if r >= 0)

    def _need_fresh_facts(self) -> bool:
        session = self.session
        if session is None or session.facts is None or session.facts.stale:
            QMessageBox.information(self, self.tr("Validate first"), self.tr(
                "This fix uses the results of Validate, which are missing or older than your last edit. Press "
                "Validate (F5), then try again."))
            return True
        return False

    def fix_duplicates(self) -> None:
        if self._need_fresh_facts():
            return
        rows = self._rows_with_code("duplicate")
        if not rows:
            self._say(self.tr("No exact duplicates were found."))
            return
        self.push({"op": "delete", "rows": rows})
        self._say(self.tr("Dropped {0} duplicate example(s); the first copy of each stays. Ctrl+Z undoes it.")
                  .format(len(rows)))

    def fix_overlong(self) -> None:
        if self._need_fresh_facts():
            return
        rows = self._rows_with_code("too_many_tokens")
        if not rows:
            self._say(self.tr("No example is over the token limit."))
            return
        self.push({"op": "delete", "rows": rows})
        self._say(self.tr("Dropped {0} over-long example(s). Ctrl+Z undoes it.").format(len(rows)))

    def fix_strip(self) -> None:
        self.push({"op": "transform", "name": "strip_whitespace", "params": {}})

    def fix_system_prompt(self) -> None:
        if self.session is None or not self.session.ready:
            return
        guess = ""
        for row in range(min(50, self.session.overlay.row_count)):
            ex = self.session.overlay.example(row) or {}
            for m in ex.get("messages") or []:
                if isinstance(m, dict) and m.get("role") == "system" and m.get("content"):
                    guess = str(m["content"])
                    break
            if guess:
                break
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Add a default system prompt"),
            self.tr("Examples without a system prompt get this one (the prompt you will use in production):"),
            guess or self.tr("You are a helpful assistant."))
        if ok and text.strip():
            self.push({"op": "transform", "name": "add_system_prompt", "params": {"text": text.strip()}})

    def fix_reencode(self) -> None:
        session = self.session
        if session is None or not session.ready:
            return
        if session.overlay.applied:
            QMessageBox.information(self, self.tr("Save first"), self.tr(
                "Re-encoding reads the file as it is on disk. Save or undo your edits first."))
            return
        self.bridge.run("data_reencode_plan", path=str(session.path),
                        on_success=lambda plan: self._confirm_reencode(session, dict(plan)), on_failure=self._fail)

    def _confirm_reencode(self, session: DatasetSession, plan: dict[str, Any]) -> None:
        """Show the lines re-encoding changes, as they will read, before anything is written."""
        dlg = ReencodeDialog(self.bridge, str(session.path), plan, self)
        self.reencode_dialog = dlg
        dlg.accepted.connect(lambda: self._reencode(session, dlg.chosen_encoding()))
        dlg.open()

    def _reencode(self, session: DatasetSession, encoding: str) -> None:
        if session is not self.session or session.overlay.applied:
            return
        task = self._start_task(session, "reencode", self.tr("Re-encoding {0}").format(session.path.name))

        def built(index: Any) -> None:
            self._finish_task(session, "reencode", task)
            if session is self.session:
                session.overlay.provide_index(index)
                self.push({"op": "rebase", "file": str(index.path)})

        def reencoded(path: str) -> None:
            self.bridge.run("data_build_index", path=path, on_success=built,
                            on_failure=lambda e: (self._finish_task(session, "reencode", task), self._fail(e)))

        self.bridge.run("data_reencode", path=str(session.path), encoding=encoding, on_success=reencoded,
                        on_failure=lambda e: (self._finish_task(session, "reencode", task), self._fail(e)))

    def _say(self, text: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)
        self.rows_label.setToolTip(text)

    # -- save -------------------------------------------------------------------------------------------------------
    def save(self) -> None:
        session = self.session
        if session is None or not session.ready or self._saving:
            return
        self.editor.commit()
        if not session.overlay.dirty:
            self._say(self.tr("Nothing to save."))
            return
        changed, replaced = session.changed_on_disk()
        if changed and not replaced:
            QMessageBox.warning(self, self.tr("The file changed on disk"), self.tr(
                "{0} was rewritten in place by another program, so the rows read from it are no longer the ones "
                "you edited. Saving now could mix the two. Reload it: your edits are set aside in the journal "
                "folder, not lost.").format(session.path.name))
            return
        if changed:
            answer = QMessageBox.question(self, self.tr("The file changed on disk"), self.tr(
                "{0} was changed by another program since you opened it. Replace it with your version?").format(
                session.path.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._saving = True
        self._update_state()
        self._refresh_editor()
        task = self._start_task(session, "save", self.tr("Saving {0}").format(session.path.name))
        self.bridge.run("data_save", snapshot=session.overlay.snapshot(), target=str(session.path),
                        protected=session.protected, progress=task.progress, cancel=task.cancelled,
                        on_success=lambda _sig, s=session, t=task: self._saved(s, t),
                        on_failure=lambda e, s=session, t=task: self._save_failed(s, e, t),
                        activity_text=self.tr("Saving {0}").format(session.path.name))

    def _saved(self, session: DatasetSession, task: Task) -> None:
        self._finish_task(session, "save", task)
        self._saving = False
        split = session.split
        current = self.current_row()
        self._drop_session(session, discard_journal=True)
        self._say(self.tr("Saved {0}.").format(session.path.name))
        if self._split_after_save:
            self._split_after_save = False
            QTimer.singleShot(0, self.split_dataset)
        if self.dataset_combo.currentData() == split:
            self.open_dataset(split)
            if current is not None and self.model.rowCount() > current:
                self.select_overlay_row(current)

    def _save_failed(self, session: DatasetSession, exc: BaseException, task: Task) -> None:
        self._finish_task(session, "save", task)
        self._saving = False
        self._split_after_save = False
        self._update_state()
        self._refresh_editor()
        self._fail(exc)

    # -- the file changed on disk ------------------------------------------------------------------------------
    def check_changed(self) -> None:
        session = self.session
        if session is None or not session.ready or self._saving or self.change_banner.isVisible():
            return
        self.bridge.run("data_changed", session=session,
                        on_success=lambda r, s=session: self._changed_result(s, r))

    def _changed_result(self, session: DatasetSession, result: tuple[bool, bool]) -> None:
        changed, replaced = result
        if not changed or session is not self.session or self._saving:
            return
        name = session.path.name
        actions: list[tuple[str, Any]] = [(self.tr("Reload"), lambda s=session: self.reload(s))]
        if replaced:
            if session.overlay.dirty:
                text = self.tr("{0} was changed by another program. Reload it (your unsaved edits are set aside), "
                               "or keep editing your version and save it over theirs.").format(name)
            else:
                text = self.tr("{0} was changed by another program. Reload it to see the new version?").format(name)
            actions.append((self.tr("Keep mine"), lambda s=session: self._keep_mine(s)))
        else:
            text = self.tr("{0} was rewritten in place by another program, so the rows shown here may no longer "
                           "match it. Reload it.").format(name)
        self.change_banner.show_message(text, actions)

    def _keep_mine(self, session: DatasetSession) -> None:
        self._change_timer.stop()  # asked once; Save asks again before replacing their version

    def reload(self, session: DatasetSession) -> None:
        split = session.split
        if session.overlay.journal is not None and session.overlay.dirty:
            session.overlay.journal.close()
            session.overlay.journal.set_aside()
        self._drop_session(session)
        self.open_dataset(split)

    # -- import and export --------------------------------------------------------------------------------------
    def open_panel(self, panel: str, options: dict[str, Any] | None = None) -> None:
        """Decide's "get this evidence" buttons: "split" opens the Split dialog, "import" the file chooser (options
        {"split": "test"} imports as the test file). Opened once the view is on screen, never inside the click."""
        from PySide6.QtCore import QTimer

        options = dict(options or {})
        if panel == "split":
            QTimer.singleShot(0, self.split_dataset)
        elif panel == "import":
            role = options.get("split")
            QTimer.singleShot(0, lambda: self.import_dataset(role if role in ("train", "validation", "test")
                                                             else None))

    def import_dataset(self, split: str | None = None) -> None:
        if self.project is None:
            return
        source, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a dataset"), str(Path.home()),
            self.tr("Datasets (*.jsonl *.json *.csv *.tsv *.parquet *.txt);;All files (*)"))
        if source:
            self.import_file(Path(source), split=split)

    def import_file(self, source: Path, split: str | None = None, mapping: dict[str, str] | None = None) -> None:
        """Copy a file into the project as JSONL (the core converts the format); tables first ask which column
        holds what. The source file is only read."""
        assert self.project is not None
        if source.suffix.lower() in (".csv", ".tsv", ".tab", ".parquet") and mapping is None:
            self.bridge.run("data_columns", path=str(source),
                            on_success=lambda info: self._import_with_columns(source, split, dict(info)),
                            on_failure=self._fail)
            return
        if split is None:
            splits = ["train", "validation", "test"]
            labels = [self.role_text(r) for r in splits]
            label, ok = QInputDialog.getItem(self, self.tr("Import as"), self.tr(
                "Use the imported examples as the project's:"), labels, 0, False)
            if not ok:
                return
            split = splits[labels.index(label)]
        data_dir = self.project.path / "data"
        target = data_dir / f"{source.stem}.jsonl"
        n = 2
        while target.exists() or target.resolve() == source.resolve():
            target = data_dir / f"{source.stem}-{n}.jsonl"
            n += 1
        task = self.progress.start(self.tr("Importing {0}").format(source.name))
        project = self.project
        self.bridge.run("data_import", source=str(source), target=str(target), mapping=mapping or None,
                        progress=task.progress, cancel=task.cancelled,
                        on_success=lambda p, s=split: (task.finish(), self._imported(project, s, Path(p))),
                        on_failure=lambda e: (task.finish(), self._fail(e)),
                        activity_text=self.tr("Importing {0}").format(source.name))

    def import_from_hub(self) -> HubImportDialog | None:
        if self.project is None:
            return None
        dlg = HubImportDialog(self.bridge, self)
        dlg.accepted.connect(lambda: self._hub_chosen(dlg))
        dlg.open()
        return dlg

    def _hub_chosen(self, dlg: HubImportDialog) -> None:
        choice = dlg.choice()
        if choice is None or not dlg.repo_id:
            return
        path, size, _split = choice
        split = str(dlg.split.currentData())
        task = self.progress.start(self.tr("Downloading {0}").format(path))
        self.bridge.run("data_hub_download", repo_id=dlg.repo_id, path=path, expected_size=size,
                        progress=task.progress, cancel=task.cancelled,
                        on_success=lambda p: (task.finish(), self.import_file(Path(p), split)),
                        on_failure=lambda e: (task.finish(), self._fail(e)),
                        activity_text=self.tr("Downloading {0}").format(path))

    def generate_examples(self) -> Any:
        """The Generate examples dialog for this project (one per project, kept while the view lives)."""
        if self.project is None:
            return None
        from shiboken6 import isValid

        from ui.widgets.synth_dialog import SynthDialog

        project, dlg = self.project, self.synth_dialog
        if dlg is None or not isValid(dlg) or dlg.project_path != str(project.path):
            self._close_synth_dialog()
            dlg = SynthDialog(self.bridge, str(project.path), str(project.meta.get("description") or ""), self,
                              backend=self._backend(), model=self._model_name())
            dlg.accepted_examples.connect(lambda examples, p=str(project.path): self.add_generated(examples, p))
            self.synth_dialog = dlg
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        return dlg

    def _close_synth_dialog(self) -> None:
        from shiboken6 import isValid

        dlg, self.synth_dialog = self.synth_dialog, None
        if dlg is not None and isValid(dlg):
            dlg.cancel_run()  # stops its run (finished examples stay in its run folder)
            dlg.close()
            dlg.deleteLater()

    def add_generated(self, examples: list[dict[str, Any]], project_path: str | None = None) -> None:
        """Examples accepted in the Generate dialog join the end of the train dataset as one undoable edit."""
        if project_path is not None and (self.project is None or str(self.project.path) != project_path):
            return  # the dialog of a project closed since (set_project closes it)
        self._generated.extend(examples)
        self._insert_generated()

    def _insert_generated(self) -> None:
        if not self._generated:
            return
        session = self.sessions.get("train")
        i = self.dataset_combo.findData("train")
        if session is None:
            path = self.dataset_path("train")
            if i < 0 or path is None or not path.is_file():
                QMessageBox.information(self, self.tr("No train dataset"), self.tr(
                    "This project has no train file yet. The accepted examples are kept and join it when you "
                    "import one."))
                return
            if self.dataset_combo.currentIndex() != i:
                self.dataset_combo.setCurrentIndex(i)  # opens it; _built inserts them when it is ready
            else:
                self.open_dataset("train")
            return
        if not session.ready or self._saving:
            return  # _built inserts them when it is (again) ready
        if self.session is not session and i >= 0:
            self.dataset_combo.setCurrentIndex(i)
        examples, self._generated = self._generated, []
        at = session.overlay.row_count
        if self.session is session and self.push({"op": "insert", "row": at, "examples": examples}):
            self.select_overlay_row(at)
            self._say(self.tr("Added {0} generated example(s) to {1}: Ctrl+Z takes them out, Ctrl+S saves them.")
                      .format(len(examples), session.path.name))
        else:
            self._generated = examples + self._generated

    def _import_with_columns(self, source: Path, split: str | None, info: dict[str, Any]) -> None:
        columns = list(info.get("columns") or [])
        if "messages" in columns or "conversations" in columns:
            self.import_file(source, split, {})  # already chat-shaped rows
            return
        dlg = TableImportDialog(self.bridge, str(source), info, self)
        self.import_dialog = dlg
        dlg.accepted.connect(lambda: self.import_file(source, split, dlg.mapping()))
        dlg.open()

    def _imported(self, project: Project, split: str, path: Path) -> None:
        if project is not self.project:
            return
        datasets = dict(project.meta.get("datasets") or {})
        datasets[split] = str(path.relative_to(project.path))
        project.meta["datasets"] = datasets
        try:
            project.save_meta()
        except (OSError, FtError) as exc:  # FtError: a read-only project (it names files outside itself)
            self._fail(exc)
            return
        old = self.sessions.get(split)
        if old is not None:
            self._drop_session(old)
        self.set_project(project)
        i = self.dataset_combo.findData(split)
        if i >= 0:
            self.dataset_combo.setCurrentIndex(i)

    def export_dataset(self, backend: str) -> None:
        session = self.session
        if session is None:
            return
        if session.overlay.dirty:
            QMessageBox.information(self, self.tr("Save first"), self.tr(
                "Export writes the saved file. Save your edits first (Ctrl+S)."))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to which folder?"), str(Path.home()))
        if folder:
            self.export_to(backend, Path(folder))

    def export_to(self, backend: str, folder: Path, lossy: bool = False) -> None:
        """Write the saved dataset for a backend (the training file with the project's validation file beside
        it; the test split is never exported for training). What the backend's files cannot hold (weights, tool
        calls in an AutoTrain folder) is refused by the core and the person is asked before it is dropped."""
        session = self.session
        if session is None:
            return
        validation = None
        if session.split == "train":
            v = self.dataset_path("validation")
            validation = str(v) if v is not None and v.is_file() else None
        if session.split == "test" and not lossy:
            answer = QMessageBox.question(self, self.tr("Export the test split?"), self.tr(
                "The test split is for judging the tuned model; a model trained on it would look better than it "
                "is. Export it anyway?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        task = self.progress.start(self.tr("Exporting {0}").format(session.path.name), cancellable=False)
        extra = {"lossy": True} if lossy else {}

        def failed(e: Any) -> None:
            task.finish()
            from fttool.datasets.formats import ConversionRefused

            if backend == "autotrain" and not lossy and isinstance(e, ConversionRefused) and e.line:
                answer = QMessageBox.question(self, self.tr("Export without what AutoTrain cannot hold?"), self.tr(
                    "{0}\n\nExport anyway, keeping each message's role and content only?").format(e.message))
                if answer == QMessageBox.StandardButton.Yes:
                    self.export_to(backend, folder, lossy=True)
                return
            self._fail(e)

        def exported(result: Any) -> None:
            task.finish()
            changed = sum(len(v) for v in (result.get("changed") or {}).values()) if isinstance(result, dict) else 0
            if changed:
                self._say(self.tr("Exported to {0}; {1} examples lost their weights or tool calls.").format(
                    folder, changed))
            else:
                self._say(self.tr("Exported to {0}.").format(folder))

        self.bridge.run("data_export", path=str(session.path), backend=backend, folder=str(folder),
                        validation=validation, on_success=exported, on_failure=failed, **extra)

    # -- split into train, validation and test ---------------------------------------------------------------------
    def split_dataset(self) -> Any:
        """Split… (Ctrl+Shift+S): unsaved edits are saved first (the person says so), then the Split dialog."""
        from ui.widgets.split_dialog import SplitDialog

        project = self.project
        if project is None or self._saving:
            return None
        if self.split_dialog is not None:
            self.split_dialog.raise_()
            self.split_dialog.activateWindow()
            return self.split_dialog
        self.editor.commit()
        dirty = [s for s in self.sessions.values() if s.overlay.dirty]
        if dirty:
            current = self.session
            if len(dirty) == 1 and dirty[0] is current and current is not None and current.ready:
                box = QMessageBox(QMessageBox.Icon.Question, self.tr("Save your edits first?"), self.tr(
                    "{0} has edits that are not saved yet. The split reads the saved file: save your edits "
                    "first, so the split includes them?").format(current.path.name),
                    QMessageBox.StandardButton.NoButton, self)
                box.setObjectName("splitSaveFirst")
                save = box.addButton(self.tr("Save and split"), QMessageBox.ButtonRole.AcceptRole)
                save.setObjectName("splitSaveFirstYes")
                box.addButton(QMessageBox.StandardButton.Cancel)
                box.setDefaultButton(save)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.split_save_box = box

                def answered(button: Any) -> None:
                    self.split_save_box = None
                    if button is save:
                        self._split_after_save = True
                        self.save()

                box.buttonClicked.connect(answered)
                box.open()
                return box
            QMessageBox.information(self, self.tr("Save your edits first"), self.tr(
                "These files have edits that are not saved yet: {0}. Open each one and save it (Ctrl+S) before "
                "splitting, so nothing is lost.").format(", ".join(s.path.name for s in dirty)))
            return None
        files = project.dataset_files()
        sources = [(role, path) for role, path in files.items() if path.is_file()]
        if not sources:
            self._say(self.tr("There is no dataset file to split yet. Import a file first."))
            return None
        current_role = "train" if "train" in dict(sources) else (self.session.split if self.session else "")
        dlg = SplitDialog(self.bridge, project.path, sources, current=current_role, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.splitStarted.connect(self._split_started)
        dlg.splitDone.connect(lambda result, p=project: self._split_done(p, result))
        dlg.splitFailed.connect(lambda p=project: self._split_failed(p))
        dlg.finished.connect(self._split_dialog_closed)
        self.split_dialog = dlg
        self._update_state()
        dlg.open()
        return dlg

    def _split_dialog_closed(self, _result: int = 0) -> None:
        from shiboken6 import isValid

        self.split_dialog = None
        if isValid(self):
            self._update_state()

    def _split_started(self) -> None:
        """The files are about to be replaced: close the open ones (they hold no unsaved edit: checked before)."""
        self._split_current = self.dataset_combo.currentData()
        self.close_all()

    def _split_failed(self, project: Project) -> None:
        from shiboken6 import isValid

        if isValid(self) and project is self.project:
            self.set_project(project)  # the files it had, as they were
            i = self.dataset_combo.findData(getattr(self, "_split_current", None))
            if i >= 0:
                self.dataset_combo.setCurrentIndex(i)

    def _split_done(self, project: Project, result: dict[str, Any]) -> None:
        from shiboken6 import isValid

        if not isValid(self) or project is not self.project:
            return
        # data_split wrote project.json; the open project takes the same datasets and split record
        project.meta["datasets"] = dict(result.get("datasets") or {})
        if result.get("split"):
            project.meta["split"] = result["split"]
        self.set_project(project)
        i = self.dataset_combo.findData("train")
        if i >= 0:
            self.dataset_combo.setCurrentIndex(i)
        counts = result.get("counts") or {}
        parts = ", ".join(self.tr("{0}: {1:,}").format(self.role_text(p), int(counts[p]))
                          for p in split_core.PARTS if p in counts)
        self._say(self.tr("Split into {0} examples.").format(parts) if not result.get("backup") else
                  self.tr("Split into {0} examples; the file as it was is kept as {1}.").format(
                      parts, result["backup"]))

    # -- the words at the top ------------------------------------------------------------------------------------
    def _update_summary(self) -> None:
        session = self.session
        shown = self.model.rowCount()
        if session is None:
            self.rows_label.setText("")
            if self.project is None:
                self.summary_label.setText(self.tr("No project is open."))
            return
        total = session.overlay.row_count if session.ready else session.index.row_count
        if self.model.filtered:
            self.rows_label.setText(self.tr("{0:,} of {1:,} examples").format(shown, total))
        else:
            self.rows_label.setText(self.tr("{0:,} examples").format(total) if session.ready else
                                    self.tr("{0:,} examples so far…").format(total))
        facts = session.facts
        import html

        parts = [f"<b>{html.escape(session.path.name)}</b>"]  # a file name is text, not markup
        tips: list[str] = []  # the exact figures, in the label's tooltip
        errors, warnings = self._counts(session)
        if facts is not None and facts.report:
            rep = facts.report
            tokens = rep.get("tokens") or {}
            parts.append(self._errors_text(errors, html=True))
            parts.append(self._warnings_text(warnings))
            if tokens.get("total") is not None:
                total, median = int(tokens.get("total") or 0), int(tokens.get("median") or 0)
                parts.append(self.tr("about {0} tokens of text").format(_about(total)))
                tips.append(self.tr("{0:,} tokens in all (the pieces of words a model reads); the median example "
                                    "has {1:,}.").format(total, median))
            if rep.get("epochs"):
                epochs, billed = int(rep["epochs"]), int(tokens.get("billed") or 0)
                parts.append(self.tr("training once over it bills about {0} tokens").format(_about(billed))
                             if epochs == 1 else
                             self.tr("training {0} times over it bills about {1} tokens").format(epochs,
                                                                                                _about(billed)))
                tips.append(self.tr("Training goes over the examples {0} time(s) (epochs): {1:,} tokens are "
                                    "billed.").format(epochs, billed))
            cost = rep.get("estimated_cost_usd")
            if cost is not None:
                as_of = rep.get("price_as_of") or self._prices_date()
                parts.append(self.tr("about ${0:,.2f} to train (prices of {1})").format(cost, as_of))
            role = rep.get("role")
            if role == "validation":
                parts.append(self.tr("a validation file: no minimum size, no training cost"))
            elif role == "test":
                parts.append(self.tr("a test file: no minimum size, no training cost, never uploaded"))
            if facts.stale:
                if self._rechecking(session):
                    parts.append(self.tr("<i>checking again after your edit…</i>"))
                else:
                    parts.append(self.tr("<i>figures from the last check</i> <a href='validate'>Check again "
                                         "(F5)</a>"))
                tips.append(self.tr("You edited the file after the last check: the errors and warnings count your "
                                    "edits, the tokens and the cost are from the last check."))
        elif facts is None and session.ready:
            parts.append(self.tr("not validated yet"))
        if session.overlay.dirty:
            parts.append(self.tr("<b>unsaved edits</b> (kept safe even if the app closes)"))
            tips.append(self.tr("Every edit is written at once to a journal beside the file: if the app closes, "
                                "the next open offers your edits back. Save (Ctrl+S) writes them into the file."))
        self.summary_label.setText(" · ".join(parts))
        self.summary_label.setToolTip("\n".join(tips))
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

    def _rechecking(self, session: DatasetSession) -> bool:
        """A check of the whole file is on its way (after an edit, by itself) or running."""
        return (session is self.session and self._revalidate_timer.isActive()) or \
            (session.split, "validate") in self._tasks

    def _summary_link(self, link: str) -> None:
        if link == "validate":
            self.validate()

    @staticmethod
    def _prices_date() -> str:
        try:
            from fttool.datasets.tables import prices_table

            return str(prices_table().get("as_of", "?"))
        except Exception:  # the table is the core's; a missing one only hides the date
            return "?"

    def _update_state(self) -> None:
        session = self.session
        ready = session is not None and session.ready and not self._saving
        for w in (self.validate_button, self.fix_button, self.add_row_button, self.delete_row_button):
            w.setEnabled(ready)
        self.save_button.setEnabled(ready and session is not None and session.overlay.dirty)
        self.export_button.setEnabled(ready and session is not None and not session.overlay.dirty)
        unsaved = session is not None and session.overlay.dirty
        self.export_button.setToolTip(self.tr("Save first (Ctrl+S): Export writes the saved file, and this one has "
                                              "edits that are not saved yet.") if unsaved else self._export_tip)
        self.import_button.setEnabled(self.project is not None)
        self.split_button.setEnabled(self.project is not None and not self._saving and self.split_dialog is None)
        self.search_edit.setEnabled(session is not None and session.ready)
        self.problems_only.setEnabled(session is not None and session.facts is not None)
        if session is not None:
            self.fix_actions["reencode"].setEnabled(not session.overlay.applied)
        self._update_undo_buttons()
        self._update_summary()

    def undo(self) -> None:
        """The Undo button: typing not yet sent (the pause) becomes an edit first, so Undo takes it back."""
        if self._saving:
            return  # the rows are being written: they stay as they are until the save ends
        self.editor.commit()
        if self.undo_group.canUndo():
            self.undo_group.undo()

    def redo(self) -> None:
        if self._saving:
            return
        self.editor.commit()  # typing after an undo is a new edit: Redo then has nothing left to redo
        if self.undo_group.canRedo():
            self.undo_group.redo()

    def _update_undo_buttons(self) -> None:
        """The Undo and Redo buttons follow the active dataset's undo stack and say what they would undo."""
        group, busy = self.undo_group, self._saving
        self.undo_button.setEnabled(group.canUndo() and not busy)
        self.redo_button.setEnabled(group.canRedo() and not busy)
        self.undo_button.setToolTip(self.tr("Undo: {0} (Ctrl+Z)").format(group.undoText()) if group.canUndo() else
                                    self.tr("Undo the last edit (Ctrl+Z)"))
        self.redo_button.setToolTip(self.tr("Redo: {0} (Ctrl+Shift+Z or Ctrl+Y)").format(group.redoText())
                                    if group.canRedo() else self.tr("Redo the edit you undid (Ctrl+Shift+Z or Ctrl+Y)"))

    def hideEvent(self, event: Any) -> None:
        self.editor.commit()
        super().hideEvent(event)
