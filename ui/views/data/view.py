"""The Data view itself: its layout, the project's datasets (one DatasetSession and one undo stack each), opening
and closing them, and the progress rows of their background work. What it does with the rows is in the mixins
beside it (header, table, problems, editing, validation, saving, imports, split); it imports no other view."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QVBoxLayout, QWidget

from fttool.datasets.session import DatasetSession
from fttool.errors import FtError
from fttool.project import Project
from ui.bridge import Bridge, Failure
from ui.views.base import View
from ui.views.data.editing import DataEditing, EditCommand
from ui.views.data.header import DataHeader
from ui.views.data.imports import DataImport
from ui.views.data.problems import DataProblems
from ui.views.data.saving import DataSaving
from ui.views.data.split import DataSplit
from ui.views.data.table import DataTable
from ui.views.data.validation import DataValidation
from ui.widgets.progress import ProgressPanel, Task

CHANGE_CHECK_MS = 2000


class _Relay(QObject):
    """Carries a worker's calls onto the GUI thread (queued signals)."""

    rows = Signal(object, int)  # session, row count


class DataView(DataHeader, DataTable, DataProblems, DataEditing, DataValidation, DataSaving, DataImport, DataSplit,
               View):
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
        self._build_header(root)  # the buttons, the summary line and the banners
        self._build_table(root)  # the search, the rows, the problems and the editor

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
            self._fail(Failure.of(exc))
            return
        self.sessions[split] = session
        stack = QUndoStack(self)
        self.undo_group.addStack(stack)
        self.stacks[split] = stack
        self._show_session(session)
        task = self._start_task(session, "open", self.tr("Opening {0}").format(path.name))
        self.bridge.op("data_build", session=session, on_rows=lambda n, s=session: self._relay.rows.emit(s, n),
                       activity_text=self.tr("Opening {0}").format(path.name)).success(
            lambda _n, s=session, t=task: self._built(s, t)).failure(
            lambda f, s=session, t=task: self._build_failed(s, f, t)).progress(task).run()

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

    def _built(self, session: DatasetSession, task: Task | None = None) -> None:
        self._finish_task(session, "open", task)
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

    def _build_failed(self, session: DatasetSession, failure: Failure, task: Task | None = None) -> None:
        self._finish_task(session, "open", task)
        if self.sessions.get(session.split) is not session:
            return  # closed while it was being read (another dataset chosen): nothing to tell
        self._drop_session(session)
        self._fail(failure)

    def _drop_session(self, session: DatasetSession, discard_journal: bool = False) -> None:
        for kind in ("open", "validate", "search", "save"):
            t = self._tasks.pop((session.split, kind), None)
            if t is not None:
                t.cancel()  # its row goes when its operation has stopped
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
        """A progress row for this dataset's work of this kind (the one before it is cancelled)."""
        old = self._tasks.pop((session.split, kind), None)
        if old is not None:
            old.cancel()  # its row goes when its operation has stopped
        task = self.progress.start(text)
        self._tasks[(session.split, kind)] = task
        return task

    def _finish_task(self, session: DatasetSession, kind: str, task: Task | None = None) -> None:
        """The work of this kind ended (its operation finishes its progress row): forget it, unless a newer one
        of the same kind has taken its place."""
        current = self._tasks.get((session.split, kind))
        if current is None or (task is not None and current is not task):
            return
        del self._tasks[(session.split, kind)]
        if kind == "validate" and session is self.session:
            self._update_summary()  # "checking again…" ends, however the check ended

    def _fail(self, failure: Failure) -> None:
        """The one error dialog, over this view (a cancel shows nothing)."""
        if not failure.cancelled:
            self.bridge.show_failure(failure, self)

    def hideEvent(self, event: Any) -> None:
        self.editor.commit()
        super().hideEvent(event)
