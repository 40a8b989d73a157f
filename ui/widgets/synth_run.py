"""The "Generate examples" dialog's run: a billed teacher confirmed first (with the plan's fingerprint), `synth_run`
with a progress bar, the time left and Cancel, and what a finished or failed run says. A mixin of SynthDialog
(ui/widgets/synth_dialog.py)."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from ui.bridge import Failure
from ui.messages import text
from ui.widgets.progress import Task


class SynthRun:
    """The run half of SynthDialog."""

    def _confirm_and_run(self, kind: str, kwargs: dict[str, Any], plan: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self._asking(False)
        if not plan.get("billable"):  # a server of your own or a local model: nothing to confirm
            self._start_run(kind, kwargs, None, str(plan.get("run_dir") or ""))
            return
        words = self._estimate_words(plan)
        if plan.get("over_budget"):
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Over the budget"), words,
                              QMessageBox.StandardButton.Close, self)
            box.setObjectName("synthOverBudget")
            self.last_box = box
            box.open()
            return
        if kind == "preview":
            question = self.tr("Preview {0} examples? Generating them is billed.\n\n{1}").format(kwargs["n"], words)
        else:
            question = self.tr("Generate {0} examples? Generating them is billed; what the preview asked is not "
                               "asked again.\n\n{1}").format(kwargs["n"], words)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Confirm the cost"), question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("synthConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Generate"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.last_box = box
        fingerprint = plan.get("fingerprint")
        box.accepted.connect(lambda: self._start_run(kind, kwargs, fingerprint, str(plan.get("run_dir") or "")))
        box.open()

    def _start_run(self, kind: str, kwargs: dict[str, Any], confirmed: str | None, run_dir: str) -> None:
        if not isValid(self.status) or self.task is not None:
            return
        # parentless: the service thread may still report to it after this dialog is gone
        task = Task(self.tr("Generating examples"))
        task.progressed.connect(self._on_progress)
        self.destroyed.connect(task.cancel)  # the dialog's parent closed meanwhile: stop asking
        self.task = task
        self._run_dir = run_dir
        self._run_started = time.monotonic()
        self._run_base = self._finished_before.get(run_dir, 0)
        self._set_running(True)
        self.bar.setRange(0, max(1, int(kwargs["n"])))
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("starting…"))
        self.status.setText(self.tr("Asking the teacher for {0} examples…").format(kwargs["n"]))
        op = self.bridge.op("synth_run", **kwargs, confirmed=confirmed,
                            activity_text=self.tr("Generating examples"))
        op.success(self._on_run_done).failure(self._on_run_failed).progress(task).run()

    def _set_running(self, running: bool) -> None:
        for w in self._settings_widgets:
            w.setEnabled(not running)
        self._on_backend()
        self.bar.setVisible(running)
        self.cancel_button.setEnabled(running)
        self._update_buttons()

    @Slot(object, object, str)
    def _on_progress(self, done: int, total: int, item: str) -> None:
        if not isValid(self.bar) or self.task is None:
            return
        total = max(1, int(total))
        done = min(int(done), total)
        if self.bar.maximum() != total:
            self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.bar.setFormat(self.tr("{0} of {1}").format(done, total))
        self._finished_before[self._run_dir] = max(self._finished_before.get(self._run_dir, 0), done)
        new = done - self._run_base
        elapsed = time.monotonic() - self._run_started
        if new > 0 and elapsed > 0.5 and done < total:
            self.status.setText(self.tr("{0} of {1} examples written; about {2} left.").format(
                done, total, self._duration(elapsed / new * (total - done))))
        else:
            self.status.setText(self.tr("{0} of {1} examples written.").format(done, total))

    def _duration(self, seconds: float) -> str:
        if seconds < 60:
            return self.tr("{0} s").format(max(1, round(seconds)))
        if seconds < 3600:
            return self.tr("{0} min").format(round(seconds / 60))
        return self.tr("{0:.1f} h").format(seconds / 3600)

    def _finish_task(self) -> None:
        task, self.task = self.task, None  # the operation has finished it
        if task is not None:
            try:
                self.destroyed.disconnect(task.cancel)
            except (RuntimeError, TypeError):
                pass
        self._set_running(False)

    def _on_run_done(self, summary: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self._finish_task()
        self.last_summary = summary
        run_dir = str(summary.get("run_dir") or "")
        self._finished_before[run_dir] = max(self._finished_before.get(run_dir, 0), int(summary.get("requested") or 0))
        words = text("synth_summary", summary.get("summary_params"), str(summary.get("summary") or ""))
        if summary.get("stopped_at_budget"):
            said = text("synth_budget_reached", summary.get("message_params"), str(summary.get("message") or ""))
            words = f"{words} {said}".strip()
        cost = summary.get("actual_cost_usd")
        if self.plan is not None and self.plan.get("billable"):
            words += " " + (self.tr("Spent about ${0:.4f}.").format(float(cost)) if cost is not None
                            else self.tr("What it cost is unknown."))
        self.status.setText(words)
        self.load_review(run_dir)
        self.refresh_estimate()

    def _on_run_failed(self, failure: Failure) -> None:
        if not isValid(self.status):
            return
        self._finish_task()
        if failure.cancelled:
            self.status.setText(self.tr("Cancelled. The finished examples are kept: run it again with the same "
                                        "settings to continue where it stopped."))
        else:
            self.status.setText(failure.message)
        self.refresh_estimate()

    def cancel_run(self) -> None:
        if self.task is not None and not self.task.cancelled():
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling… the calls already sent finish first, so nothing paid for is "
                                        "lost."))

    def done(self, result: int) -> None:
        """Closing (Close, Esc, the window's X) stops a running generation."""
        self._estimate_timer.stop()
        self.cancel_run()
        super().done(result)
