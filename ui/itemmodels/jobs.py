"""A table model over job records (dicts from the service), newest first, updated in place; and the job's words in
the person's language: its name, status, progress and times (context "JobWords").

The core gives words (a status) and numbers (steps, seconds left, UTC times); the texts are built here."""

from __future__ import annotations

import re
import time
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)

from fttool.jobs.progress import job_progress
from fttool.jobs.record import TERMINAL, Status, clean_job_name, default_job_name

_TERMINAL_VALUES = {s.value for s in TERMINAL}


# -- the job's words in the person's language (context "JobWords") -------------------------------------------
def _tr(text: str) -> str:
    return QCoreApplication.translate("JobWords", text)


def status_words() -> dict[str, str]:
    """Every status the core defines (fttool.jobs.record.Status), keyed by the core's word."""
    return {"pending": QCoreApplication.translate("JobWords", "pending"), "uploading": QCoreApplication.translate("JobWords", "uploading"), "validating": QCoreApplication.translate("JobWords", "validating"),
            "queued": QCoreApplication.translate("JobWords", "queued"), "running": QCoreApplication.translate("JobWords", "running"), "paused": QCoreApplication.translate("JobWords", "paused"),
            "succeeded": QCoreApplication.translate("JobWords", "succeeded"), "failed": QCoreApplication.translate("JobWords", "failed"), "cancelled": QCoreApplication.translate("JobWords", "cancelled")}


def status_text(status: Any, connection: str | None = None) -> str:
    """A job's status as the person reads it: "running", "running (reconnecting)"."""
    word = status_words().get(str(status), str(status))
    if connection == "reconnecting":
        word = QCoreApplication.translate("JobWords", "{0} (reconnecting)").format(word)
    return word


def time_left_text(seconds: float | None) -> str:
    """ "about 12 min left" in plain words; "" when unknown."""
    if seconds is None:
        return ""
    if seconds < 60:
        return QCoreApplication.translate("JobWords", "less than a minute left")
    minutes = int(-(-seconds // 60))  # rounded up: "about 1 min" for 61 seconds would promise too little
    if minutes < 90:
        return QCoreApplication.translate("JobWords", "about {0} min left").format(minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("JobWords", "about {0} h {1} min left").format(hours, rest) if rest else QCoreApplication.translate("JobWords", "about {0} h left").format(hours)
    return QCoreApplication.translate("JobWords", "about {0} days left").format(round(hours / 24))


def _number(value: float) -> str:
    return QLocale().toString(int(value)) if float(value).is_integer() else QLocale().toString(float(value), "f", 2)


def progress_parts(p: dict[str, Any]) -> list[str]:
    """The pieces of a progress line from job_progress()'s numbers: step, epoch, tokens, time left."""
    parts = []
    if p.get("step") is not None and p.get("total"):
        parts.append(QCoreApplication.translate("JobWords", "step {0}/{1}").format(QLocale().toString(p["step"]), QLocale().toString(p["total"])))
    if p.get("epoch") is not None:
        parts.append(QCoreApplication.translate("JobWords", "epoch {0}/{1}").format(_number(p["epoch"]), _number(p["epochs"])) if p.get("epochs")
                     else QCoreApplication.translate("JobWords", "epoch {0}").format(_number(p["epoch"])))
    if p.get("tokens") is not None and p.get("total_tokens"):
        parts.append(QCoreApplication.translate("JobWords", "{0} of {1} tokens").format(QLocale().toString(p["tokens"]),
                                                      QLocale().toString(p["total_tokens"])))
    left = time_left_text(p.get("seconds_left"))
    if left:
        parts.append(left)
    return parts


def progress_text(job: dict[str, Any], now: float | None = None) -> str:
    """ "step 364/4800, epoch 2/3, about 5 min left" for a job record; "" when the record holds no progress."""
    return QCoreApplication.translate("JobWords", ", ").join(progress_parts(job_progress(job, now)))


def provider_words(job: dict[str, Any]) -> str:
    """What the provider says about the job; "-" for a local job's "step 364/4800, epoch 2.00, ETA 05:23" (fttool's
    own English summary of the trainer's bar, which the progress line shows in the person's language)."""
    words = str(job.get("provider_status") or "")
    if job.get("backend") == "local" and re.match(r"(step \d+/\d+|epoch [\d.]+|ETA )", words):
        return "-"
    return words or "-"


def percent(job: dict[str, Any], now: float | None = None) -> int | None:
    fraction = job_progress(job, now).get("fraction")
    return None if fraction is None else int(round(100 * fraction))


def local_time_text(iso: Any, now: float | None = None) -> str:
    """A UTC ISO 8601 time from the core in the person's time zone and locale: "today 14:03", "yesterday 09:12",
    else the locale's short date and time. The ISO text itself when it cannot be read."""
    if not isinstance(iso, str) or not iso:
        return "-"
    from datetime import datetime

    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    local = when.astimezone() if when.tzinfo else when
    today = datetime.fromtimestamp(time.time() if now is None else now).astimezone().date()
    locale = QLocale()
    clock = locale.toString(QTime(local.hour, local.minute, local.second), QLocale.FormatType.ShortFormat)
    days = (today - local.date()).days
    if days == 0:
        return QCoreApplication.translate("JobWords", "today {0}").format(clock)
    if days == 1:
        return QCoreApplication.translate("JobWords", "yesterday {0}").format(clock)
    stamp = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))
    return locale.toString(stamp, QLocale.FormatType.ShortFormat)


def job_display_name(job: dict[str, Any]) -> str:
    """The job's name as the person sees it: the one it was given, else "{project} · {model} · {date}"
    (local date); the job's id when there is nothing else. For the main window's notifications too."""
    name = clean_job_name(str(job.get("name") or ""))
    if name:
        return name
    return default_job_name(job.get("project"), job.get("base_model"), job.get("created_at")) or str(
        job.get("id", ""))


def looks_like_path(model: str) -> bool:
    return model.startswith(("/", "~", "\\")) or bool(re.match(r"^[A-Za-z]:[\\/]", model))


def short_model_name(model: str) -> str:
    """A model folder by its name ("tiny-trl-qwen3"), a job's output folder by the job's folder; other model
    names as they are."""
    if not looks_like_path(model):
        return model
    path = PureWindowsPath(model) if "\\" in model else PurePosixPath(model)
    name = path.name or model
    if name in ("output", "adapter", "merged", "final") and path.parent.name:
        return path.parent.name
    return name


def backend_text(backend: Any) -> str:
    return {"local": QCoreApplication.translate("JobWords", "This computer"), "openai": "OpenAI", "azure": "Azure OpenAI", "together": "Together AI",
            "hf": "Hugging Face"}.get(str(backend), str(backend))


class JobsModel(QAbstractTableModel):
    COLUMNS = ("name", "backend", "status", "progress", "base_model", "result_model", "updated_at")
    NAME_COLUMN = 0
    renamed = Signal(str, str)  # job id, new name (edited in place: F2 or Rename…)

    def __init__(self) -> None:
        super().__init__()
        self._jobs: list[dict[str, Any]] = []
        self._headers = [self.tr("Name"), self.tr("Backend"), self.tr("Status"), self.tr("Progress"),
                         self.tr("Base model"), self.tr("Result model"), self.tr("Updated")]
        self._header_tips = [self.tr("The job's name: F2 or Rename… changes it. Its ID is in the tooltip."),
                             self.tr("Where the job trains"), self.tr("Where the job is now"),
                             self.tr("How far the training is, and about how long is left"),
                             self.tr("The model the job starts from"),
                             self.tr("The tuned model, once the job has succeeded"),
                             self.tr("When the job last changed (your local time)")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._header_tips[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.NAME_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job = self._jobs[index.row()]
        key = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if key == "name":
                return job_display_name(job)
            if key == "status":
                return status_text(Status(job.get("status", "pending")).value, job.get("connection"))
            if key == "progress":
                pct = percent(job)
                if pct is None:
                    return ""
                left = time_left_text(job_progress(job).get("seconds_left"))
                return f"{pct}%" + (" · " + left if left else "")
            if key == "backend":
                return backend_text(job.get("backend"))
            if key == "updated_at":
                return local_time_text(job.get(key))
            if key == "base_model" and looks_like_path(str(job.get(key) or "")):
                return short_model_name(str(job[key]))  # a folder by its name; the path in the tooltip
            if key == "result_model" and looks_like_path(str(job.get(key) or "")):
                return job_display_name(job)  # a model on this computer goes by its job's name
            value = job.get(key)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "name":
                return self.tr("{0}\nID: {1}\nCreated: {2}").format(job_display_name(job), job.get("id", ""),
                                                                     local_time_text(job.get("created_at")))
            if key == "status":
                return self.tr("Provider says: {0}").format(provider_words(job))
            if key == "progress":
                return progress_text(job) or None
            if key in ("base_model", "result_model"):
                return str(job.get(key) or "") or None
        if role == Qt.ItemDataRole.UserRole:
            return job
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != self.NAME_COLUMN:
            return False
        job = self._jobs[index.row()]
        name = clean_job_name(str(value or ""))
        if name == job_display_name(job):
            return False
        self._jobs[index.row()] = {**job, "name": name or None}  # shown now; the service stores it
        self.dataChanged.emit(index, index)
        self.renamed.emit(str(job["id"]), name)
        return True

    def set_jobs(self, jobs: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._jobs = list(jobs)
        self.endResetModel()

    def upsert(self, job: dict[str, Any]) -> int:
        """Show a job's new record: its row redrawn, or a new row where the store's list would have it (newest
        first). Returns the row."""
        row = self.row_of(job["id"])
        if row >= 0:
            self._jobs[row] = job
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
            return row
        created = str(job.get("created_at") or "")
        # the store lists by created_at, newest first, and a later insert first among equal times
        row = next((i for i, j in enumerate(self._jobs) if str(j.get("created_at") or "") <= created),
                   len(self._jobs))
        self.beginInsertRows(QModelIndex(), row, row)
        self._jobs.insert(row, job)
        self.endInsertRows()
        return row

    def tick(self) -> None:
        """The times left count down, "today" becomes "yesterday": redraw those columns."""
        if self._jobs:
            for key in ("progress", "updated_at"):
                col = self.COLUMNS.index(key)
                self.dataChanged.emit(self.index(0, col), self.index(len(self._jobs) - 1, col))

    def job(self, row: int) -> dict[str, Any] | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def row_of(self, job_id: str) -> int:
        return next((i for i, j in enumerate(self._jobs) if j["id"] == job_id), -1)

    @staticmethod
    def is_terminal(job: dict[str, Any]) -> bool:
        return job.get("status") in _TERMINAL_VALUES
