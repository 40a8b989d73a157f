"""The Jobs view's actions on the selected job, as two rows of buttons (and the list's context menu): rename,
cancel, pause, resume, clone, then try in the playground, evaluate, push to the Hub, deploy, export and open its
folder. Which are offered comes from the job's status and its backend's Capabilities (the view names no backend);
each runs one service command with `bridge.op` or opens its dialog. A mixin of JobsView; it imports no other
view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMenu, QPushButton, QVBoxLayout

from ui.bridge import Failure
from ui.itemmodels.jobs import JobsModel, backend_text
from ui.views.jobs.clone import CloneDialog


class JobsActions:
    """What the person can do with the selected job (mixed into JobsView)."""

    def _build_actions(self, dl: QVBoxLayout) -> None:
        buttons = QHBoxLayout()
        self.cancel_button = self._button("cancelJob", self.tr("Cancel job"),
                                          self.tr("Ask the backend to stop this job. Finished jobs cannot be "
                                                  "cancelled."), self._cancel)
        self.pause_button = self._button("pauseJob", self.tr("Pause"), self.tr("Pause this job (where the "
                                         "backend allows it); Resume continues it."), self._pause)
        self.resume_button = self._button("resumeJob", self.tr("Resume"), self.tr(
            "Resume a paused job, or continue a stopped local TRL job from its last checkpoint (after a cancel, a "
            "crash or a restart of the computer)."), self._resume)
        self.clone_button = self._button("cloneJob", self.tr("Clone…"), self.tr("Start a new job like this one "
                                         "with parameters you change."), self._clone)
        self.try_button = self._button("tryJob", self.tr("Try in playground"), self.tr("Chat with the "
                                       "result model next to its base model."), self._try)
        self.evaluate_button = self._button("evaluateJob", self.tr("Evaluate…"), self.tr(
            "Compare the result model with its base model on your held-out examples (Playground, Evaluate)."),
            self._evaluate)
        self.push_button = self._button("pushJob", self.tr("Push to Hub…"), self.tr("Upload the result model "
                                        "to a (private) Hugging Face repo with a model card."), self._push)
        self.deploy_button = self._button("deployJob", self.tr("Deploy…"), self.tr("Deploy the Azure fine-tuned "
                                          "model, or host the Together AI one on an endpoint, so it can answer "
                                          "(billed by the hour while it exists)."),
                                          self._deploy)
        self.export_button = self._button("exportJob", self.tr("Export…"), self.tr(
            "A finished local model as GGUF for llama.cpp and Ollama (with a Modelfile), or as a merged model "
            "folder."), self._export)
        self.folder_button = self._button("openFolder", self.tr("Open folder"), self.tr("Open this job's "
                                          "folder (logs, YAML, output) in the file manager."), self._open_folder)
        self.rename_button = self._button("renameJob", self.tr("Rename…"), self.tr(
            "Give the selected job a name you will recognise (F2). An empty name brings back the default: "
            "project · model · date."), self.rename)
        self.rename_button.setShortcut(QKeySequence("F2"))
        self.refresh_button = self._button("refreshJobs", self.tr("Refresh"),
                                           self.tr("Reload the job list from the store (F5)"), self.refresh)
        self.refresh_button.setShortcut(QKeySequence("F5"))
        self.refresh_button.setEnabled(True)
        # two rows, so that the buttons never make the window wider (the Malay words are long): the job's
        # course first, then what to do with its result
        for b in (self.rename_button, self.cancel_button, self.pause_button, self.resume_button, self.clone_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        dl.addLayout(buttons)
        result_buttons = QHBoxLayout()
        for b in (self.try_button, self.evaluate_button, self.push_button, self.deploy_button, self.export_button,
                  self.folder_button):
            result_buttons.addWidget(b)
        result_buttons.addStretch(1)
        dl.addLayout(result_buttons)
        self._tips = {b: b.toolTip() for b in (self.push_button, self.deploy_button, self.export_button)}

    def _button(self, name: str, text: str, tip: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.setEnabled(False)
        b.clicked.connect(slot)
        return b

    def _update_actions(self) -> None:
        job = self.current_job()
        active = bool(job) and not JobsModel.is_terminal(job)  # type: ignore[arg-type]
        self.cancel_button.setEnabled(active)
        self.pause_button.setEnabled(active and job is not None and job["status"] in ("running", "queued")
                                     and self.capability(job, "pause_resume"))
        stopped_trl = (job is not None and self.capability(job, "resume") and job["status"] in ("failed", "cancelled")
                       and (job.get("params") or {}).get("engine") == "trl")
        self.resume_button.setEnabled(job is not None and (job["status"] == "paused" or stopped_trl))
        self.clone_button.setEnabled(job is not None)
        self.rename_button.setEnabled(job is not None)
        done = job is not None and job["status"] == "succeeded" and bool(job.get("result_model"))
        self.try_button.setEnabled(done)
        self.evaluate_button.setEnabled(done)
        for button, cap in ((self.push_button, "push"), (self.deploy_button, "deploy"),
                            (self.export_button, "export")):
            button.setEnabled(done and self.capability(job, cap))
            button.setToolTip(self._tips[button] + self._why_not(job, done, cap))
        self.folder_button.setEnabled(self.capability(job, "open_folder"))

    def _why_not(self, job: dict[str, Any] | None, done: bool, cap: str) -> str:
        """Why a result action is greyed out, for its tooltip ("" when it is available)."""
        if job is None:
            return "\n\n" + self.tr("Select a job first.")
        if not self.capability(job, cap):
            return "\n\n" + self.tr("Not available for jobs on {0}.").format(backend_text(job["backend"]))
        if not done:
            return "\n\n" + self.tr("Available once the job has succeeded.")
        return ""

    # -- actions -----------------------------------------------------------------------------------------
    def rename(self) -> None:
        """Edit the selected job's name in place (F2); Enter saves it, Escape keeps the old one."""
        job = self.current_job()
        if job:
            index = self.model.index(self.model.row_of(job["id"]), JobsModel.NAME_COLUMN)
            self.table.setCurrentIndex(index)
            self.table.setFocus()
            self.table.edit(index)

    def _on_renamed(self, job_id: str, name: str) -> None:
        self.bridge.op("job_rename", job_id=job_id, name=name).success(self._on_job_updated).failure(
            self._on_rename_failed).run()

    def _on_rename_failed(self, failure: Failure) -> None:
        self.fields["error"].setText(failure.message)
        self.refresh()  # the old name again

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row()):
            job = self.model.job(index.row())
            if job:
                self.select_job(job["id"])
        menu = QMenu(self)
        menu.setObjectName("jobsMenu")
        for b in (self.rename_button, self.cancel_button, self.pause_button, self.resume_button, self.clone_button,
                  self.try_button, self.evaluate_button, self.export_button, self.folder_button):
            if b.isEnabled():
                action = menu.addAction(b.text(), b.click)
                if b is self.rename_button:
                    action.setShortcut(QKeySequence("F2"))
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _cancel(self) -> None:
        job = self.current_job()
        if job:
            self.cancel_button.setEnabled(False)
            self.bridge.op("cancel_job", job_id=job["id"]).success(self._on_job_updated).failure(
                self._action_failed).run()

    def _pause(self) -> None:
        job = self.current_job()
        if job:
            self.bridge.op("pause_job", job_id=job["id"]).success(self._after_action).failure(
                self._action_failed).run()

    def _resume(self) -> None:
        job = self.current_job()
        if job:
            self.resume_button.setEnabled(False)
            self.bridge.op("resume_job", job_id=job["id"]).success(self._after_action).failure(
                self._action_failed).run()

    def _action_failed(self, failure: Failure) -> None:
        self._update_actions()
        self.fields["error"].setText(failure.message)

    def _export(self) -> None:
        job = self.current_job()
        if job:
            from ui.widgets.export_dialog import ExportDialog

            self.export_dialog = ExportDialog(self.bridge, job_id=job["id"], parent=self, backend=job["backend"])
            self.export_dialog.open()

    def _after_action(self, result: Any) -> None:
        if isinstance(result, dict) and "id" in result:
            self._on_job_updated(result)
        else:
            self.refresh()

    def _clone(self) -> None:
        job = self.current_job()
        if not job:
            return
        dialog = CloneDialog(job, self)

        def launch(fingerprint: str) -> None:
            self.bridge.op("create_job", backend=job["backend"], base_model=job.get("base_model"),
                           params=dialog.params, dataset_sha256=job.get("dataset_sha256") or {},
                           project=job.get("project"), confirmed=fingerprint).success(self._on_cloned).failure(
                self._say_failure).run()

        def confirm() -> None:  # a clone goes through the same launch plan and cost guard as any launch
            from ui.widgets.cost_confirm import confirm_plan

            confirm_plan(self, self.bridge, backend=job["backend"], provider=job["backend"],
                         base_model=job.get("base_model"), params=dialog.params, project=job.get("project"),
                         on_confirmed=launch, on_problem=self.fields["error"].setText)

        dialog.accepted.connect(confirm)
        dialog.open()
        self.clone_dialog = dialog

    def _on_cloned(self, new: dict[str, Any]) -> None:
        self._on_job_updated(new)
        self.select_job(new["id"])

    def _say_failure(self, failure: Failure) -> None:
        self.fields["error"].setText(failure.message)

    def _try(self) -> None:
        job = self.current_job()
        if job:
            self.tryModel.emit(job)

    def _evaluate(self) -> None:
        job = self.current_job()
        if job:
            self.evaluateModel.emit(job)

    def _push(self) -> None:
        job = self.current_job()
        if job:
            from ui.widgets.push_dialog import PushDialog

            self.push_dialog = PushDialog(self.bridge, job_id=job["id"], parent=self)
            self.push_dialog.open()

    def _deploy(self) -> None:
        """The backend's way to deploy (its Capabilities' deploy_kind): a dedicated endpoint that hosts the model,
        or a model deployment."""
        job = self.current_job()
        if not job:
            return
        dialog: QDialog
        if (self.capabilities.get(str(job.get("backend"))) or {}).get("deploy_kind") == "endpoint":
            from ui.widgets.together_endpoint_dialog import TogetherEndpointDialog

            dialog = TogetherEndpointDialog(self.bridge, job["id"], parent=self)
        else:
            from ui.widgets.deploy_dialog import DeployDialog

            dialog = DeployDialog(self.bridge, str(job.get("result_model") or ""), parent=self)
        self.deploy_dialog = dialog
        dialog.open()

    def _open_folder(self) -> None:
        job = self.current_job()
        if job:
            from fttool.paths import jobs_files_dir

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(jobs_files_dir() / job["id"])))
