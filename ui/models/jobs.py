"""A table model over job records (dicts from the service), newest first, updated in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fttool.jobs.models import TERMINAL, Status

_TERMINAL_VALUES = {s.value for s in TERMINAL}


class JobsModel(QAbstractTableModel):
    COLUMNS = ("id", "backend", "status", "base_model", "result_model", "updated_at")

    def __init__(self) -> None:
        super().__init__()
        self._jobs: list[dict[str, Any]] = []
        self._headers = [self.tr("ID"), self.tr("Backend"), self.tr("Status"), self.tr("Base model"),
                         self.tr("Result model"), self.tr("Updated")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job = self._jobs[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = job.get(key)
            if key == "status":
                word = Status(value).value
                if job.get("connection") == "reconnecting":
                    word += " (" + self.tr("reconnecting") + ")"
                return word
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and key == "status":
            return self.tr("Provider says: {0}").format(job.get("provider_status") or "-")
        if role == Qt.ItemDataRole.UserRole:
            return job
        return None

    def set_jobs(self, jobs: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._jobs = list(jobs)
        self.endResetModel()

    def upsert(self, job: dict[str, Any]) -> None:
        for row, existing in enumerate(self._jobs):
            if existing["id"] == job["id"]:
                self._jobs[row] = job
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._jobs.insert(0, job)
        self.endInsertRows()

    def job(self, row: int) -> dict[str, Any] | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def row_of(self, job_id: str) -> int:
        return next((i for i, j in enumerate(self._jobs) if j["id"] == job_id), -1)

    @staticmethod
    def is_terminal(job: dict[str, Any]) -> bool:
        return job.get("status") in _TERMINAL_VALUES
