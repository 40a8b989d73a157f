"""The "Export model" dialog for a finished local job: a merged model folder, or GGUF (llama.cpp's own converter)
with an Ollama Modelfile; the GGUF's weight type; the folder; a progress bar with Cancel; where it went.

    ExportDialog(bridge, job_id="job-...", parent=window).open()
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge, Failure
from ui.widgets.progress import Task


class ExportDialog(QDialog):
    def __init__(self, bridge: Bridge, *, job_id: str, folder: str = "", parent: QWidget | None = None,
                 backend: str = "local") -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.job_id = job_id
        self.backend = backend
        self.task: Task | None = None
        self.result: dict[str, Any] | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export the model"))
        form = QFormLayout()
        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        if backend == "together":  # Together's own files of the job, downloaded
            self.format.addItem(self.tr("LoRA adapter from Together AI"), "adapter")
            self.format.addItem(self.tr("Merged model from Together AI"), "merged")
            self.format.setToolTip(self.tr("Downloaded from Together AI with its checksum recorded. Adapter: the small "
                                           "LoRA weights, for the base model; merged: the base model with the "
                                           "adapter folded in."))
        else:
            self.format.addItem(self.tr("GGUF for llama.cpp and Ollama"), "gguf")
            self.format.addItem(self.tr("Merged model folder (safetensors)"), "merged")
            self.format.setToolTip(self.tr("GGUF: one file that llama.cpp and Ollama run on a laptop, with a "
                                           "Modelfile for `ollama create`. Merged: the base model with the adapter "
                                           "folded in, for vLLM or transformers."))
        self.format.currentIndexChanged.connect(self._on_format)
        form.addRow(self.tr("Format"), self.format)
        self.outtype = QComboBox()
        self.outtype.setObjectName("exportOuttype")
        for key, label in (("q8_0", self.tr("q8_0: 8-bit, about half the size, nearly the same answers")),
                           ("f16", self.tr("f16: 16-bit, the full quality")),
                           ("bf16", self.tr("bf16: 16-bit, as most models are trained"))):
            self.outtype.addItem(label, key)
        if backend != "together":
            form.addRow(self.tr("GGUF weights"), self.outtype)
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("exportFolder")
        self.folder.setPlaceholderText(self.tr("empty: exports/ in fttool's data folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Folder"), row)
        self.bar = QProgressBar()
        self.bar.setObjectName("exportProgress")
        self.bar.setRange(0, 100)
        self.bar.setVisible(False)
        self.message = QLabel("")
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportStart")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("exportCancel")
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _on_format(self, *_: Any) -> None:
        self.outtype.setEnabled(self.format.currentData() == "gguf")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into"))
        if folder:
            fmt = self.format.currentData()
            self.folder.setText(str(Path(folder) / f"{self.job_id}-{fmt}"))

    def start(self) -> None:
        self.task = Task(self.tr("Exporting {0}").format(self.job_id), self)
        self.task.progressed.connect(self._on_progress)
        for w in (self.export_button, self.format, self.outtype, self.folder):
            w.setEnabled(False)
        self.bar.setVisible(True)
        self.bar.setValue(0)
        if self.backend == "together":
            op = self.bridge.op("together_download", job_id=self.job_id, kind=self.format.currentData(),
                                dest=self.folder.text().strip() or None,
                                activity_text=self.tr("Downloading the model"))
        else:
            op = self.bridge.op("local_export", job_id=self.job_id, format=self.format.currentData(),
                                outtype=self.outtype.currentData(), out=self.folder.text().strip() or None,
                                activity_text=self.tr("Exporting the model"))
        op.success(self._on_done).failure(self._on_failed).progress(self.task).run()

    @Slot(object, object, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total:
            self.bar.setValue(int(100 * min(done, total) / total))
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
        self.bar.setValue(100)
        if result.get("sha256"):
            self.message.setText(self.tr("Downloaded {0} bytes into {1} (sha256 {2}).").format(
                f"{int(result.get('bytes') or 0):,}", result["path"], result["sha256"]))
        elif result.get("format") == "gguf":
            self.message.setText(self.tr("Exported {0} ({1} MB) and a Modelfile to {2}. In that folder: ollama "
                                         "create NAME -f Modelfile").format(Path(result["gguf"]).name,
                                                                            result.get("size_mb"), result["path"]))
        else:
            self.message.setText(self.tr("Exported a standalone model to {0} (see its README for serving).")
                                 .format(result["path"]))

    def _on_failed(self, failure: Failure) -> None:
        if not isValid(self.message):
            return
        self._finish_task()
        for w in (self.export_button, self.format, self.folder):
            w.setEnabled(True)
        self._on_format()
        self.bar.setVisible(False)
        self.message.setText(self.tr("Cancelled.") if failure.cancelled else failure.message)

    def cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText(self.tr("Cancelling…"))
        else:
            self.reject()
