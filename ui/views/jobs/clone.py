"""The Jobs view's Clone… dialog: a copy of a job's parameters (JSON) to change before the new job starts."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ui.itemmodels.jobs import job_display_name
from ui.views.base import plain_labels


class CloneDialog(QDialog):
    """Edit a copy of a job's parameters (JSON) before starting it again."""

    def __init__(self, job: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cloneDialog")
        self.setWindowTitle(self.tr("Clone job {0}").format(job_display_name(job)))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Backend: {0}   Base model: {1}").format(job["backend"],
                                                                               job.get("base_model") or "-")))
        layout.addWidget(QLabel(self.tr("Parameters (JSON). Change what you want to try, then Start.")))
        plain_labels(self)  # the base model's name comes from the job record: never rich text
        from fttool.jobs.record import OUTCOME_PARAMS

        params = {k: v for k, v in (job.get("params") or {}).items() if k not in OUTCOME_PARAMS}  # the source's result
        self.editor = QPlainTextEdit(json.dumps(params, indent=2, ensure_ascii=False))
        self.editor.setObjectName("cloneParams")
        layout.addWidget(self.editor)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.params: dict[str, Any] = {}

    def _check(self) -> None:
        try:
            value = json.loads(self.editor.toPlainText())
        except ValueError as exc:
            self.error.setText(self.tr("Not valid JSON: {0}").format(str(exc)))
            return
        if not isinstance(value, dict):
            self.error.setText(self.tr("The parameters must be a JSON object."))
            return
        self.params = value
        self.accept()
