"""The main window's status bar and what it tells: what the service is doing (each command's human name), a
background step of the window that failed, the service's errors, a job that ended (in the status bar and, where
the desktop has a tray, as a notification), and the one error dialog for a failure no view said in its own place.
A mixin of MainWindow (ui/app.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QProgressBar


class WindowStatus:
    """The status bar, the notices and the error dialog (mixed into MainWindow)."""

    def _build_status_bar(self) -> None:
        """The status bar: what the service is doing, a busy bar, the open project; and where a failure or a
        notice that no view said in its own place goes."""
        self.activity_label = QLabel(self.tr("Ready"))
        self.activity_label.setObjectName("activityLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setVisible(False)
        self.project_label = QLabel()
        self.statusBar().addWidget(self.activity_label, 1)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.project_label)
        self.bridge.activity.connect(self._on_activity)
        self.bridge.errorRaised.connect(self._on_service_error)
        self.bridge.notice.connect(self._on_notice)
        self.bridge.failure_handler = self._show_failure
        self.tray: Any = None
        self.last_notification = ""

    def activity_words(self) -> dict[str, str]:
        """Each service command's human name for the status bar (a command without one reads "Working…")."""
        return {
            "list_jobs": self.tr("Reading the job list"), "get_job": self.tr("Reading a job"),
            "job_events": self.tr("Reading a job's events"), "create_job": self.tr("Starting a training job"),
            "launch_plan": self.tr("Checking the plan"), "launch_check": self.tr("Checking before launch"),
            "cancel_job": self.tr("Cancelling a job"), "pause_job": self.tr("Pausing a job"),
            "resume_job": self.tr("Resuming a job"), "import_jobs": self.tr("Importing jobs"),
            "credential_status": self.tr("Checking keys"), "set_secret": self.tr("Saving a key"),
            "delete_secret": self.tr("Removing a key"), "load_settings": self.tr("Reading settings"),
            "save_settings": self.tr("Saving settings"), "test_connection": self.tr("Testing the connection"),
            "estimate_cost": self.tr("Estimating the cost"), "provider_info": self.tr("Asking the provider"),
            "chat_send": self.tr("Waiting for an answer"), "chat_models": self.tr("Listing models"),
            "eval_run": self.tr("Evaluating the models"), "eval_load": self.tr("Reading the evaluation"),
            "save_training_example": self.tr("Saving a training example"),
            "undo_training_example": self.tr("Removing a saved example"),
            "decide_evaluate": self.tr("Scoring the decision"), "decide_load": self.tr("Reading your answers"),
            "decide_save": self.tr("Saving your answers"), "decide_export": self.tr("Writing the report"),
            "data_validate": self.tr("Checking the examples"), "data_build_index": self.tr("Reading the examples"),
            "data_build": self.tr("Reading the examples"), "data_save": self.tr("Saving the examples"),
            "data_export": self.tr("Exporting the examples"), "data_import": self.tr("Importing examples"),
            "data_search": self.tr("Searching the examples"), "data_hub_list": self.tr("Reading the Hub dataset"),
            "data_hub_download": self.tr("Downloading from the Hub"), "data_split": self.tr("Splitting the data"),
            "hub_push": self.tr("Uploading to the Hub"), "hub_push_job": self.tr("Uploading to the Hub"),
            "hf_hardware": self.tr("Listing Hub hardware"), "hf_estimate": self.tr("Estimating the cost"),
            "runtime_install": self.tr("Installing the training runtime"),
            "runtime_status": self.tr("Checking the training runtime"),
            "download_base_model": self.tr("Downloading a model"), "search_base_models": self.tr("Searching models"),
            "local_preflight": self.tr("Checking this computer"), "local_export": self.tr("Exporting the model"),
            "local_merge_export": self.tr("Exporting the model"), "deploy_model": self.tr("Deploying the model"),
            "deploy_plan": self.tr("Planning the deployment"), "list_deployments": self.tr("Listing deployments"),
            "delete_deployment": self.tr("Deleting a deployment"), "cleanup_list": self.tr("Listing files"),
            "cleanup_delete": self.tr("Deleting files"), "together_download": self.tr("Downloading the model"),
            "synth_plan": self.tr("Planning the examples"), "synth_run": self.tr("Generating examples"),
            "synth_topics": self.tr("Suggesting topics"), "synth_review": self.tr("Reading generated examples"),
            "synth_take": self.tr("Adding generated examples"), "project_new": self.tr("Making the project"),
            "project_open": self.tr("Opening the project"), "project_duplicate": self.tr("Copying the project"),
            "project_try_sample": self.tr("Opening the sample"),
        }

    def activity_name(self, text: str) -> str:
        """A command's human name; a text a view gave (already in the person's words) stays as it is."""
        import re

        if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+|ping", text):
            return self.activity_words().get(text, self.tr("Working…"))
        return text

    def _on_activity(self, busy: int, text: str, watching: int) -> None:
        self._watching = watching
        self.busy_bar.setVisible(busy > 0)
        if busy:
            self.activity_label.setText(self.tr("Working: {0}").format(self.activity_name(text)))
        elif watching:
            self.activity_label.setText(self.tr("Watching {0} job(s)").format(watching))
        else:
            self.activity_label.setText(self.tr("Ready"))

    def _say_failure(self, failure: Any) -> None:
        """A background step of the window failed (remembering the project, the recent list): the status bar."""
        self.statusBar().showMessage(failure.message, 10_000)

    def _show_failure(self, failure: Any) -> None:
        """An operation's failure that no view said in its own place: the one error dialog, over the window."""
        from ui.widgets.error_dialog import show_error

        self.last_failure_dialog = show_error(self, failure.message, failure.details)

    def _on_service_error(self, error: dict[str, Any]) -> None:
        from ui.messages import text

        self.statusBar().showMessage(text(error.get("code", ""), None, error.get("message", "")), 10_000)

    def _on_notice(self, notice: dict[str, Any]) -> None:
        """A job ended: say so in the status bar and, where the desktop has a tray, as a notification."""
        code = str(notice.get("code", ""))
        if not code.startswith("job_") or code not in ("job_succeeded", "job_failed", "job_cancelled"):
            return
        words = {"job_succeeded": self.tr("Job {0} succeeded"), "job_failed": self.tr("Job {0} failed"),
                 "job_cancelled": self.tr("Job {0} was cancelled")}
        message = words[code].format(notice.get("name") or notice.get("job_id", ""))
        self.statusBar().showMessage(message, 15_000)
        from PySide6.QtWidgets import QSystemTrayIcon

        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
                self.tray.show()
            self.tray.showMessage("fttool", message)
        self.last_notification = message

