"""The Train panel of a backend without a panel of its own: its descriptors as a form (from `provider_info`), the
base model, the training file and Launch (through the shared cost confirmation when the launch is billable)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.bridge import Bridge, Failure
from ui.views.train.panel import TrainPanel
from ui.widgets.param_form import ParamForm

FILE_PARAMS = ("training_file", "validation_file")


class GenericTrainPanel(TrainPanel):
    """For a backend without a panel of its own: its descriptors as a form, the training file, Launch."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, *, backend: str = "", **kw: Any) -> None:
        super().__init__(bridge, parent, backend=backend, **kw)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.model = QLineEdit()
        self.model.setPlaceholderText(self.tr("Base model"))
        self.train_file = QLineEdit()
        self.train_file.setPlaceholderText(self.tr("Training data (JSONL)"))
        row.addWidget(self.model)
        row.addWidget(self.train_file)
        layout.addLayout(row)
        self.form = ParamForm([], exclude=FILE_PARAMS)  # drawn when provider_info brings the descriptors
        layout.addWidget(self.form)
        self.model.textChanged.connect(self.formChanged)
        self.form.changed.connect(self.formChanged)
        self.launch_button = QPushButton(self.tr("Launch"))
        self.launch_button.clicked.connect(self.launch)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.launch_button)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.load_info()

    def on_info(self, info: dict[str, Any]) -> None:
        self.form.set_specs(self.specs())
        if self.pending_form:
            self.form.set_values({k: v for k, v in self.pending_form.items() if k in self.form.specs})
            self.pending_form = {}

    def on_info_failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)

    def set_project(self, project: Any) -> None:
        self.project = project
        if project is not None and "train" in project.dataset_files() and not self.train_file.text():
            self.train_file.setText(str(project.dataset_files()["train"]))

    def set_base_model(self, name: str) -> None:
        self.model.setText(name)

    def form_state(self) -> dict[str, Any]:
        values = self.form.all_values() if self.info else dict(self.pending_form)
        return {"base_model": self.model.text().strip() or None, **values}

    def restore_form(self, values: dict[str, Any]) -> None:
        if values.get("base_model"):
            self.model.setText(str(values["base_model"]))
        fields = {k: v for k, v in values.items() if k != "base_model"}
        if not self.info:  # the descriptors have not come yet
            self.pending_form = fields
            return
        self.form.set_values({k: v for k, v in fields.items() if k in self.form.specs})

    def set_advanced(self, advanced: bool) -> None:
        self.form.set_advanced(advanced)

    def launch(self) -> None:
        from ui.widgets.cost_confirm import confirm_plan

        params = {**self.form.values(), "training_file": self.train_file.text().strip() or None}
        base_model = self.model.text().strip() or None
        project = self.project_path()

        def go(fingerprint: str) -> None:
            self.bridge.op("create_job", backend=self.backend, base_model=base_model, params=params,
                           project=project, confirmed=fingerprint).success(self._started) \
                .failure(self._launch_failed).run()

        confirm_plan(self, self.bridge, backend=self.backend, provider=self.backend, base_model=base_model,
                     params=params, project=project, on_confirmed=go, on_problem=self.status.setText)

    def _launch_failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)

    def _started(self, job: dict[str, Any]) -> None:
        self.status.setText(self.tr("Started job {0}.").format(job["id"]))
        self.jobStarted.emit(job)
