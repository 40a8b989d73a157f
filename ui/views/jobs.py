"""Jobs: every job of every backend, from the shared store, updated live by the service."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge
from ui.models.jobs import JobsModel
from ui.views.base import View


class JobsView(View):
    key = "jobs"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.model = JobsModel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.title()))
        self.empty_label = QLabel(self.tr("No jobs yet. Jobs you start from Train, or with `fttool train`, "
                                          "appear here and keep being watched after a restart."))
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        self.table = QTableView()
        self.table.setObjectName("jobsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("Cancel job"))
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.setToolTip(self.tr("Ask the backend to stop this job. Finished jobs cannot be cancelled."))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._cancel)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.setToolTip(self.tr("Reload the job list from the store (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        dl.addLayout(buttons)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("jobDetail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("Select a job to see its record."))
        dl.addWidget(self.detail)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        layout.addWidget(split, 1)

        bridge.jobsChanged.connect(self.refresh)
        bridge.jobUpdated.connect(self._on_job_updated)
        self._update_empty()

    def title(self) -> str:
        return self.tr("Jobs")

    def refresh(self) -> None:
        self.bridge.run("list_jobs", on_success=self._on_jobs)

    def _on_jobs(self, jobs: list[dict[str, Any]]) -> None:
        selected = self.selected_job()
        self.model.set_jobs(jobs)
        if selected:
            row = self.model.row_of(selected["id"])
            if row >= 0:
                self.table.selectRow(row)
        self._update_empty()

    def _on_job_updated(self, job: dict[str, Any]) -> None:
        self.model.upsert(job)
        current = self.selected_job()
        if current and current["id"] == job["id"]:
            self._show(job)
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def selected_job(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.job(rows[0].row()) if rows else None

    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        job = self.selected_job()
        if job:
            self._show(job)
        else:
            self.detail.clear()
            self.cancel_button.setEnabled(False)

    def _show(self, job: dict[str, Any]) -> None:
        self.detail.setPlainText(json.dumps(job, indent=2, ensure_ascii=False))
        self.cancel_button.setEnabled(not JobsModel.is_terminal(job))

    def _cancel(self) -> None:
        job = self.selected_job()
        if job:
            self.cancel_button.setEnabled(False)
            self.bridge.run("cancel_job", job_id=job["id"], on_success=self._on_job_updated)
