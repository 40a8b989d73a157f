"""The "Push to Hub" dialog: a repo name, private (default) or public, a progress bar with Cancel, and the
repo's address when done. Pushes a folder (`hub_push`) or a finished job's model (`hub_push_job`).

    PushDialog(bridge, job_id="job-...", parent=window).open()
    PushDialog(bridge, path="/path/to/project-or-model", parent=window).open()
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge, Failure
from ui.widgets.progress import Task


class PushDialog(QDialog):
    def __init__(self, bridge: Bridge, *, path: str | None = None, job_id: str | None = None,
                 repo: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.path = path
        self.job_id = job_id
        self.task: Task | None = None
        self.result: dict[str, Any] | None = None
        self.setObjectName("pushDialog")
        self.setWindowTitle(self.tr("Push to Hugging Face Hub"))
        form = QFormLayout()
        self.repo = QLineEdit(repo)
        self.repo.setObjectName("pushRepo")
        self.repo.setPlaceholderText(self.tr("name or user/name") if not job_id else
                                     self.tr("empty: fttool-<model>-<job>, in your account"))
        self.repo.setToolTip(self.tr("The repo to create or update. Without 'user/', your own account is used."))
        form.addRow(self.tr("Repo"), self.repo)
        self.private = QCheckBox(self.tr("Private (only you can see it)"))
        self.private.setObjectName("pushPrivate")
        self.private.setChecked(True)
        form.addRow("", self.private)
        self.note = QLabel(self.tr("Logs, training_params.json and AutoTrain's data copy are never pushed. "
                                   "Files already on the Hub are not sent again."))
        self.note.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("pushProgress")
        self.bar.setRange(0, 1000)
        self.bar.setVisible(False)
        self.message = QLabel("")
        self.message.setObjectName("pushMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a repo's name or an error, never markup
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.push_button = self.buttons.addButton(self.tr("Push"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.push_button.setObjectName("pushStart")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("pushCancel")
        self.push_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def start(self) -> None:
        name = self.repo.text().strip()
        if not name and not self.job_id:
            self.message.setText(self.tr("Enter a repo name."))
            return
        self.task = Task(self.tr("Pushing to {0}").format(name or self.tr("the Hub")), self)
        self.task.progressed.connect(self._on_progress)
        self.push_button.setEnabled(False)
        self.repo.setEnabled(False)
        self.private.setEnabled(False)
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)
        common = {"repo": name or None, "private": self.private.isChecked()}
        # one service task: its progress moves the bar, Cancel stops the push on the service, and it ends with the op
        op = (self.bridge.op("hub_push_job", job_id=self.job_id, **common) if self.job_id
              else self.bridge.op("hub_push", path=self.path, **common))
        op.success(self._on_done).failure(self._on_failed).progress(self.task).run()

    @Slot(object, object, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(done, total) / total))
        self.message.setText(message)

    def _finish_task(self) -> None:
        self.task = None  # the operation has finished it
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)

    def _on_done(self, result: dict[str, Any]) -> None:
        self.result = result
        if not isValid(self.message):
            return
        self._finish_task()
        self.bar.setRange(0, 1000)
        self.bar.setValue(1000)
        if result.get("already"):
            self.message.setText(self.tr("This model is already on the Hub: {0}").format(result["already"]))
        elif result.get("commit") is None:
            self.message.setText(self.tr("Nothing to push: every file is already in {0}.").format(result["url"]))
        else:
            self.message.setText(self.tr("Pushed {0} of {1} files to {2}").format(
                result["sent"], result["files"], result["url"]))

    def _on_failed(self, failure: Failure) -> None:
        if not isValid(self.message):
            return
        self._finish_task()
        self.push_button.setEnabled(True)
        self.repo.setEnabled(True)
        self.private.setEnabled(True)
        self.bar.setVisible(False)
        if failure.cancelled:
            self.message.setText(self.tr("Cancelled: nothing was committed."))
        else:
            self.message.setText(failure.message)

    def cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText(self.tr("Cancelling…"))
        else:
            self.reject()
