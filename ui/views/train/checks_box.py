"""The local panel's "Before launch" box (the pre-flight's checks, pass/warn/fail, the first example as the model
sees it, Run checks, Launch, and the hint that the checks are stale) and its "Result" box (a finished job's
folder, Merge and export, Export GGUF for Ollama, with the export's progress as a service task).

The checks are what the service's `local_preflight` returns (the core decides pass/warn/fail: the device and
GPU checks included); this box only says them in the person's language.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.widgets.progress import Task

STALE_STYLE = "color: #a66a00; font-weight: bold;"
STATUS_MARK = {"pass": "\u2714", "warn": "\u26a0", "fail": "\u2716"}
STATUS_COLOR = {"pass": "#1b7f3b", "warn": "#a66a00", "fail": "#b00020"}


class ChecksBox(QGroupBox):
    """The pre-flight's checks, Run checks and Launch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Before launch"))
        self.memory_formula = ""  # the pre-flight's formula (the local provider's form facts)
        v = QVBoxLayout(self)
        self.checks = QListWidget()
        self.checks.setObjectName("preflightChecks")
        self.checks.setMinimumHeight(120)
        self.checks.setWordWrap(True)
        v.addWidget(self.checks)
        self.rendered = QPlainTextEdit()
        self.rendered.setObjectName("renderedExample")
        self.rendered.setReadOnly(True)
        self.rendered.setMaximumHeight(110)
        self.rendered.setPlaceholderText(self.tr("The first example as the model will see it appears here."))
        v.addWidget(self.rendered)
        lrow = QHBoxLayout()
        self.preflight_button = QPushButton(self.tr("Run checks"))
        self.preflight_button.setObjectName("runPreflight")
        self.preflight_button.setShortcut("Ctrl+Shift+K")
        self.preflight_button.setToolTip(self.tr("Checks the data, the model, the chat template, memory, disk and "
                                                 "the runtime before anything starts (Ctrl+Shift+K)."))
        self.launch_button = QPushButton(self.tr("Launch training"))
        self.launch_button.setObjectName("launchLocal")
        self.launch_button.setEnabled(False)
        self.launch_button.setToolTip(self.tr("Available once the checks pass. Training goes on if you close fttool."))
        self.stale_hint = QLabel(self.tr("Settings changed: run the checks again"))
        self.stale_hint.setObjectName("checksStale")
        self.stale_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.stale_hint.setStyleSheet(STALE_STYLE)
        self.stale_hint.setToolTip(self.tr("Launch waits for checks of the settings as they are now."))
        self.stale_hint.hide()
        lrow.addWidget(self.preflight_button)
        lrow.addWidget(self.launch_button)
        lrow.addWidget(self.stale_hint)
        lrow.addStretch(1)
        v.addLayout(lrow)
        self.status = QLabel("")
        self.status.setObjectName("localStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.status)

    def formula_text(self, formula: str) -> str:
        """The pre-flight's memory formula (the core's MEMORY_FORMULA, filled in) in the person's language; a
        formula of another shape is shown as it is."""
        if not self.memory_formula:
            return formula
        pattern = (re.escape(self.memory_formula).replace(re.escape("{bytes_per_param}"), r"(?P<bpp>[^ ]+)")
                   .replace(re.escape("{act_bytes}"), r"(?P<act>[^ /]+)"))
        m = re.fullmatch(pattern, formula or "")
        if m is None:
            return formula
        return self.tr("weights P × {0} B + LoRA 16 B × trainable + activations batch × block × hidden × layers × "
                       "34 B × {1}/4 + 600 MB for torch").format(m.group("bpp"), m.group("act"))

    def checking(self) -> None:
        self.preflight_button.setEnabled(False)
        self.stale_hint.hide()
        self.checks.clear()
        self.checks.addItem(self.tr("Checking… (the model checks run in the runtime's Python)"))

    def show_checks(self, res: dict[str, Any]) -> None:
        """The pre-flight's answer: each check with its mark and colour, the first example and its tokens."""
        self.preflight_button.setEnabled(True)
        self.checks.clear()
        for c in res["checks"]:
            params = dict(c.get("params") or {})
            if "formula" in params:
                params["formula"] = self.formula_text(str(params["formula"]))
            if params.get("why_code"):  # a reason the core gives as a code: said in the person's language
                params["why"] = text(str(params["why_code"]), dict(params.get("why_params") or {}),
                                     str(params.get("why", "")))
            item = QListWidgetItem(f"{STATUS_MARK[c['status']]}  {text(c['code'], params, c['message'])}")
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setToolTip(c["status"])
            item.setForeground(QColor(STATUS_COLOR[c["status"]]))
            self.checks.addItem(item)
        rendered = res.get("rendered")
        if rendered:
            self.rendered.setPlainText(self.tr("First example, {0} tokens:\n{1}").format(rendered["tokens"],
                                                                                      rendered["text"]))

    def show_stale(self) -> None:
        """The form changed while the checks ran: their answer is for the old form."""
        self.launch_button.setEnabled(False)
        self.stale_hint.show()
        self.status.setText(self.tr("The settings changed during the checks: run them again."))

    def show_verdict(self, ok: bool) -> None:
        self.launch_button.setEnabled(ok)
        self.stale_hint.hide()
        self.status.setText(self.tr("All checks passed: ready to launch.") if ok else
                            self.tr("Fix the failed checks first."))

    def show_failed(self, message: str) -> None:
        self.preflight_button.setEnabled(True)
        self.checks.clear()
        self.checks.addItem(message)

    def starting(self) -> None:
        self.launch_button.setEnabled(False)
        self.status.setText(self.tr("Starting…"))

    def show_started(self, job: dict[str, Any]) -> None:
        self.status.setText(self.tr("Training started: job {0}. Follow it in Jobs; it goes on if you close fttool.")
                            .format(job["id"]))

    def show_job(self, job: dict[str, Any]) -> None:
        loss = job.get("metrics", {}).get("train_loss") or []
        last = f", loss {loss[-1][1]:.3f}" if loss else ""
        self.status.setText(self.tr("Job {0}: {1} ({2}{3})").format(job["id"], job["status"],
                                                                    job.get("provider_status") or "", last))


class ResultBox(QGroupBox):
    """A finished local job: its folder, Merge and export, Export GGUF."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Result"))
        self.bridge = bridge
        self.job: dict[str, Any] | None = None
        self.task: Task | None = None
        v = QVBoxLayout(self)
        self.result_label = QLabel("")
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.result_label)
        self.export_bar = QProgressBar()
        self.export_bar.setRange(0, 100)
        self.export_bar.hide()
        v.addWidget(self.export_bar)
        rrow = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.export_button = QPushButton(self.tr("Merge and export…"))
        self.export_button.setObjectName("mergeExport")
        self.export_button.setToolTip(self.tr("A standalone model folder (adapter merged in, tokenizer, chat "
                                              "template, a README on serving it with vLLM, llama.cpp or Ollama)."))
        self.export_button.clicked.connect(lambda: self.merge_export())
        self.gguf_button = QPushButton(self.tr("Export GGUF for Ollama…"))
        self.gguf_button.setObjectName("ggufExport")
        self.gguf_button.setToolTip(self.tr("A GGUF file made with llama.cpp's own converter (8-bit by default) and "
                                            "an Ollama Modelfile with the model's chat template beside it."))
        self.gguf_button.clicked.connect(lambda: self.gguf_export())
        rrow.addWidget(self.open_button)
        rrow.addWidget(self.export_button)
        rrow.addWidget(self.gguf_button)
        rrow.addStretch(1)
        v.addLayout(rrow)
        self.hide()

    def show_job(self, job: dict[str, Any]) -> None:
        """A job's end: where its adapter is, or why it failed."""
        self.job = job
        if job["status"] == "succeeded" and job.get("result_model"):
            self.show()
            self.result_label.setText(self.tr("The adapter is in {0}").format(job["result_model"]))
            self.export_button.setEnabled(True)
            self.gguf_button.setEnabled(True)
        elif job["status"] == "failed" and job.get("error"):
            self.show()
            self.result_label.setText(str(job["error"].get("message", "")))
            self.export_button.setEnabled(False)
            self.gguf_button.setEnabled(False)

    def open_folder(self) -> None:
        if self.job and self.job.get("result_model"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.job["result_model"]))

    def merge_export(self, target: str | None = None) -> None:
        if not self.job:
            return
        if not target:
            target = QFileDialog.getExistingDirectory(self, self.tr("Export the merged model into"))
            if not target:
                return
            target = str(Path(target) / f"{self.job['id']}-merged")
        self.export_button.setEnabled(False)
        self.result_label.setText(self.tr("Merging the adapter into the base model…"))
        self.bridge.op("local_merge_export", job_id=self.job["id"], target=target,
                       activity_text=self.tr("Merging and exporting")) \
            .success(self._exported).failure(self._export_failed).run()

    def gguf_export(self, target: str | None = None) -> None:
        if not self.job:
            return
        if not target:
            target = QFileDialog.getExistingDirectory(self, self.tr("Export the GGUF into"))
            if not target:
                return
            target = str(Path(target) / f"{self.job['id']}-gguf")
        self.gguf_button.setEnabled(False)
        self.export_bar.setValue(0)
        self.export_bar.show()
        self.result_label.setText(self.tr("Making the GGUF with llama.cpp's converter…"))
        self.task = Task(self.tr("Exporting GGUF"), self)
        self.task.progressed.connect(self._on_progress)
        self.bridge.op("local_export", job_id=self.job["id"], format="gguf", out=target,
                       activity_text=self.tr("Exporting GGUF")) \
            .success(self._exported).failure(self._export_failed).progress(self.task).run()

    @Slot(object, object, str)
    def _on_progress(self, done: Any, total: Any, message: str) -> None:
        if not isValid(self.export_bar):
            return
        self.export_bar.setRange(0, max(int(total or 1), 1))
        self.export_bar.setValue(int(done or 0))
        self.result_label.setText(message)

    def _exported(self, res: dict[str, Any]) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        self.gguf_button.setEnabled(True)
        self.export_bar.hide()
        if res.get("format") == "gguf":
            self.result_label.setText(self.tr("Exported {0} and an Ollama Modelfile to {1}: `ollama create NAME -f "
                                              "Modelfile` there.").format(Path(res["gguf"]).name, res["path"]))
        else:
            self.result_label.setText(self.tr("Exported a standalone model to {0} (see its README for serving).")
                                      .format(res["path"]))

    def _export_failed(self, failure: Failure) -> None:
        self.task = None
        self.export_button.setEnabled(True)
        self.gguf_button.setEnabled(True)
        self.export_bar.hide()
        self.result_label.setText(failure.message)
