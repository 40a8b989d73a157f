"""The Jobs view itself: its layout, the job list (read from the store, then updated one row at a time from the
service's job_added / job_updated events), the selection, what each backend can do (its Capabilities, asked from
the service once) and the note that says why a background load failed. The detail of the selected job and the
actions on it are the mixins beside it (detail.py, actions.py); it imports no other view and names no backend."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure
from ui.itemmodels.jobs import JobsModel
from ui.views.base import View
from ui.views.jobs.actions import JobsActions
from ui.views.jobs.detail import JobsDetail


class JobsView(JobsDetail, JobsActions, View):
    key = "jobs"
    tryModel = Signal(dict)  # a succeeded job whose model the person wants to chat with
    evaluateModel = Signal(dict)  # ... or to compare with its base on held-out examples

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.capabilities: dict[str, dict[str, Any]] = {}  # backend -> what it can do (from the service)
        self.model = JobsModel()
        self._events_seq: dict[str, int] = {}  # job id -> the last event (seq) the log shows
        self._events_loading: dict[str, list[dict[str, Any]]] = {}  # job id -> events told while its log loads
        self._listing = 0  # list_jobs asked and not answered yet
        self._since_list: dict[str, dict[str, Any]] = {}  # records told while the list was read
        self._notes: dict[str, str] = {}  # why a background load failed, by what failed
        self._chart: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.title()))
        self.note = QLabel()  # a background load that failed says so here
        self.note.setObjectName("jobsNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #b3261e;")
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self.empty_label = QLabel(self.tr("No jobs yet. Jobs you start from Train, or with `fttool train`, "
                                          "appear here and keep being watched after a restart."))
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        self.table = QTableView()
        self.table.setObjectName("jobsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setToolTip(self.tr("Select several jobs (Ctrl+click) to overlay their loss curves."))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for key, width in (("name", 300), ("status", 110), ("progress", 190)):
            self.table.setColumnWidth(JobsModel.COLUMNS.index(key), width)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)  # the name; F2 is Rename…
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)  # F2 in the list renames, whichever column is current
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.renamed.connect(self._on_renamed)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        self._build_actions(dl)  # two rows of buttons (actions.py)
        self._build_detail(dl)  # the overview, the chart, the events, the checkpoints, the record (detail.py)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setSizes([260, 400])
        layout.addWidget(split, 1)

        # the service's events carry the change: one row and the open detail are updated from them, without a
        # reload of the list or of the job's events (jobsChanged: the service opened the store, list it again)
        bridge.jobsChanged.connect(self.refresh)
        bridge.jobAdded.connect(self._on_job_updated)
        bridge.jobUpdatedWith.connect(self._on_job_change)
        self._ticker = QTimer(self)  # the times left count down between two polls
        self._ticker.setInterval(20_000)
        self._ticker.timeout.connect(self._tick)
        self._update_actions()
        self._update_empty()
        bridge.op("backend_capabilities").success(self._on_capabilities).failure(self._on_capabilities_failed).run()

    def title(self) -> str:
        return self.tr("Jobs")

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._ticker.start()
        self.refresh()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._ticker.stop()

    def _tick(self) -> None:
        self.model.tick()
        self._show_progress(self.current_job())

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F2
                and event.modifiers() == Qt.KeyboardModifier.NoModifier and self.table.state()
                != QAbstractItemView.State.EditingState):
            self.rename()
            return True
        return super().eventFilter(watched, event)

    # -- data --------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """List every job from the store (on open, F5, and when the service has opened the store)."""
        self._listing += 1
        self.bridge.op("list_jobs").success(self._on_jobs).failure(self._on_list_failed).run()

    def _on_list_failed(self, failure: Failure) -> None:
        self._listing = max(0, self._listing - 1)
        if not self._listing:
            self._since_list.clear()
        self._set_note("list", failure.message)

    def _set_note(self, key: str, words: str) -> None:
        """Say (or stop saying) why a background load failed."""
        if words:
            self._notes[key] = words
        else:
            self._notes.pop(key, None)
        self.note.setText("\n".join(self._notes.values()))
        self.note.setVisible(bool(self._notes))

    def _on_jobs(self, jobs: list[dict[str, Any]]) -> None:
        self._listing = max(0, self._listing - 1)
        self._set_note("list", "")
        selected = [j["id"] for j in self.selected_jobs()]
        self.model.set_jobs(jobs)
        # a change told while the list was read may be newer than the list: the newer record stays
        for job in self._since_list.values():
            listed = self.model.job(self.model.row_of(job["id"]))
            if listed is None or str(job.get("updated_at") or "") >= str(listed.get("updated_at") or ""):
                self.model.upsert(job)
        if not self._listing:
            self._since_list.clear()
        for job_id in selected:
            row = self.model.row_of(job_id)
            if row >= 0:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    self.table.selectionModel().SelectionFlag.Select | self.table.selectionModel().SelectionFlag.Rows)
        self._update_empty()

    def _on_job_change(self, job: dict[str, Any], events: list[dict[str, Any]], metrics: dict[str, Any]) -> None:
        """A job changed (the service's `job_updated`): its row, and the open detail with the new events."""
        self._on_job_updated(job)
        if events:
            self._take_events(job["id"], events)

    def _on_job_updated(self, job: dict[str, Any]) -> None:
        """Show a job's new record (or a new job): its row, and the detail when it is selected."""
        if self._listing:
            self._since_list[job["id"]] = job
        self.model.upsert(job)
        if any(j["id"] == job["id"] for j in self.selected_jobs()):
            self._show_selected()
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def selected_jobs(self) -> list[dict[str, Any]]:
        rows = sorted(r.row() for r in self.table.selectionModel().selectedRows())
        return [j for j in (self.model.job(r) for r in rows) if j is not None]

    def current_job(self) -> dict[str, Any] | None:
        index = self.table.selectionModel().currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return self.model.job(index.row())
        jobs = self.selected_jobs()
        return jobs[0] if jobs else None

    def select_job(self, job_id: str) -> None:
        """Select the job's row alone (through the selection model: selectRow would read the keyboard's modifiers
        and extend or toggle the selection while Ctrl or Shift is down)."""
        row = self.model.row_of(job_id)
        if row >= 0:
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Current)
            self.table.selectionModel().select(self.model.index(row, 0), flags)
            self.table.scrollTo(self.model.index(row, 0))

    # -- what each backend can do ------------------------------------------------------------------------
    def capability(self, job: dict[str, Any] | None, name: str, unknown: bool = False) -> bool:
        """What the job's backend can do (asked from the service once: the view names no backend); `unknown`
        for a backend the service has not told about (yet)."""
        if job is None:
            return False
        return bool((self.capabilities.get(str(job.get("backend"))) or {}).get(name, unknown))

    def _on_capabilities(self, caps: dict[str, dict[str, Any]]) -> None:
        if shiboken6.isValid(self):
            self._set_note("capabilities", "")
            self.capabilities = dict(caps)
            self._show_selected()

    def _on_capabilities_failed(self, failure: Failure) -> None:
        if shiboken6.isValid(self):
            self._set_note("capabilities", failure.message)
