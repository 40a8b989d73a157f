"""The Playground's Evaluate panel: what to evaluate (eval_setup.py), running `eval_run` on the service with its
progress and Cancel (one service task), and the project's eval/results.json shown as a table, a chart and a
per-example browser (eval_results.py)."""

from __future__ import annotations

import concurrent.futures
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fttool.project import Project
from ui.bridge import Bridge, Failure
from ui.views.playground.eval_results import EvaluateResults
from ui.views.playground.eval_setup import EvaluateSetup
from ui.widgets.progress import Task


class EvaluatePanel(EvaluateSetup, EvaluateResults, QWidget):
    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluatePanel")
        self.bridge = bridge
        self.project: Project | None = None
        self.future: concurrent.futures.Future[Any] | None = None
        self.task: Task | None = None  # the running evaluation's service task (its progress and Cancel)
        self.results: dict[str, Any] | None = None
        self.models: list[dict[str, Any]] = []
        self.judge_backends: list[str] | None = None  # None until the service has said which keys are set

        lay = QVBoxLayout(self)
        self._build_setup(lay)

        run_row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Evaluate"))
        self.run_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.run_button.setObjectName("runEval")
        self.run_button.setToolTip(self.tr("Answers already paid for are reused: a run after a failure or a "
                                           "cancel only asks for the rest"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.cancel_button.setObjectName("cancelEval")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("evalProgress")
        self.progress.setFormat(self.tr("%v of %m answers"))
        self.progress.setValue(0)
        self.progress.setTextVisible(False)  # no count before there is one
        self.progress.setVisible(False)  # empty, it looks like a text field: shown once a run starts
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        run_row.addStretch(0)  # the buttons keep their size while the bar is hidden
        lay.addLayout(run_row)
        self.status = QLabel()
        self.status.setObjectName("evalStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        self._build_results(lay)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.data.editingFinished.connect(self._judge_changed)

    # -- the project ----------------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.results = None
        self._show_results(None)
        if project is None:
            return
        test = project.dataset_files().get("test")
        self.data.setText(str(test) if test else "")
        self._judge_changed()
        self.bridge.op("eval_load", project=str(project.path)).success(self._show_results).failure(
            self._say_failure).run()

    def _say_failure(self, failure: Failure) -> None:
        """The saved results could not be read: said where the run's outcome is said."""
        self.status.setText(failure.message)

    # -- running -------------------------------------------------------------------------------------------
    def run(self) -> None:
        if self.future is not None:
            return
        cfg = self.config()
        if not cfg["data"] or not cfg["targets"]:
            self.status.setText(self.tr("Choose the held-out data and at least one model."))
            return
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(True)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Evaluating…"))
        # one service task: its progress events move the bar, Cancel stops it on the service (the answers received
        # so far stay cached), and it ends with the operation
        self.task = Task(self.tr("Evaluating…"), self)
        self.task.progressed.connect(self._on_progress)
        self.task.finished.connect(self.task.deleteLater)
        self.future = self.bridge.op("eval_run", config=cfg).success(self._on_done).failure(
            self._on_failed).progress(self.task).run()

    def cancel(self) -> None:
        if self.task is not None:
            self.cancel_button.setEnabled(False)
            self.task.cancel()

    @Slot(object, object, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        if self.future is None:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if what == "judge":
            self.status.setText(self.tr("The judge is comparing the answers…"))

    def _finish(self) -> None:
        self.future = None
        self.task = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def _on_done(self, result: dict[str, Any]) -> None:
        self._finish()
        sent = (result.get("requests") or {}).get("sent", 0)
        cached = (result.get("requests") or {}).get("cached", 0)
        total = sent + cached
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(max(total, 1))
        if cached:
            self.status.setText(self.tr("Done: {0} answers ({1} of them kept from an earlier run, not paid "
                                        "again). Saved in the project.").format(total, cached))
        else:
            self.status.setText(self.tr("Done: {0} answers. Saved in the project.").format(total))
        self._show_results(result)

    def _on_failed(self, failure: Failure) -> None:
        self._finish()
        if failure.cancelled:
            self.status.setText(self.tr("Cancelled. The answers received so far are kept: evaluating again "
                                        "asks only for the rest."))
        else:
            self.status.setText(failure.message)
