"""Progress and cancel for long work (after Orange3's TaskState): a `Task` any thread may report to, and a
`ProgressPanel` that shows one row per running task (what it does, a bar, Cancel).

    task = panel.start(self.tr("Validating train.jsonl"))
    bridge.op("data_validate", ...).success(...).failure(...).progress(task).run()

The operation ties the task to the service's task id: its bar follows the command's progress, its Cancel stops the
command, and it finishes when the operation ends. `task.progress(done, total, message)` is thread-safe and
throttled (at most one update to the GUI every 50 ms).
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

THROTTLE_S = 0.05


class Task(QObject):
    """One long operation. `progress` and `cancelled` may be called from any thread."""

    progressed = Signal(object, object, str)  # done, total, message (Python ints: files over 2 GB)
    finished = Signal()
    cancelRequested = Signal()

    def __init__(self, text: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self._cancel = threading.Event()
        self._last = 0.0
        self._lock = threading.Lock()
        self.done = False

    def progress(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < THROTTLE_S and done < total:
                return
            self._last = now
        self.progressed.emit(done, total, message)

    def cancel(self) -> None:
        if not self._cancel.is_set():
            self._cancel.set()
            self.cancelRequested.emit()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def finish(self) -> None:
        if not self.done:
            self.done = True
            self.finished.emit()


class TaskRow(QWidget):
    def __init__(self, task: Task, cancellable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.setObjectName("taskRow")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(task.text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a file's or model's name, never markup
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setMaximumWidth(320)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelTask")
        self.cancel_button.setToolTip(self.tr("Stop this work; nothing is changed"))
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(task.cancel)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        task.progressed.connect(self._on_progress)
        task.cancelRequested.connect(self._on_cancel)

    @Slot(object, object, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        # only what changed: a new range or text would ask the whole view to lay itself out again
        if total and total > 0:
            if self.bar.maximum() != 1000:
                self.bar.setRange(0, 1000)
            value = int(1000 * min(done, total) / total)
            if value != self.bar.value():
                self.bar.setValue(value)
        elif self.bar.maximum() != 0:
            self.bar.setRange(0, 0)

    @Slot()
    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("{0} (cancelling…)").format(self.task.text))


class ProgressPanel(QWidget):
    """Rows of running tasks (an empty strip of one row's height when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressPanel")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.rows: list[TaskRow] = []
        # the room of one row is always kept, so work starting and ending never shifts the view above it
        probe = TaskRow(Task(""), True)
        self.setMinimumHeight(probe.sizeHint().height())
        probe.task.deleteLater()
        probe.deleteLater()

    def start(self, text: str, cancellable: bool = True) -> Task:
        task = Task(text, self)
        row = TaskRow(task, cancellable, self)
        self.rows.append(row)
        self._layout.addWidget(row)
        task.finished.connect(lambda: self._remove(row))
        return task

    def _remove(self, row: TaskRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            self._layout.removeWidget(row)
            row.deleteLater()
            row.task.deleteLater()

    def cancel_all(self) -> None:
        for row in list(self.rows):
            row.task.cancel()
