"""The Train view's panels for the cloud backends (OpenAI, Azure OpenAI, Together AI).

Model, training and validation files, and the provider's parameters drawn from its descriptors (`provider_info`;
empty = the provider chooses), a live cost estimate, the provider's dates (OpenAI's wind-down, Azure's
retirements), and a launch that goes through the cost confirmation (estimate, price table date, budget). A 400
from the provider shows its message next to the field it names. What else a panel offers comes from the
backend's capabilities: "Clean up…" (cleanup) lists what fttool created at the provider; "Import jobs"
(import_jobs) brings in jobs made outside fttool; "Deploy…" (deploy, of kind "deployment") deploys a fine-tuned
model by its name (or gives copyable instructions), with the hourly-billing warning.

Everything slow goes through the bridge (provider_info, launch_check, estimate_cost, create_job, cleanup_*,
import_jobs, deploy_*): nothing here touches the network or reads a file.

Like every Train panel: `form_state()` / `restore_form()` (what the project remembers, via the Train view),
`formChanged`, and `set_advanced()` (Simple hides the descriptors marked advanced: the provider chooses).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.views.train.panel import TrainPanel
from ui.widgets.param_form import ParamForm

ERROR_STYLE = "color: #b00020;"
FILE_PARAMS = ("training_file", "validation_file")


class CloudTrainPanel(TrainPanel):
    """A cloud backend's panel: its form from the descriptors, its buttons from its capabilities."""

    backend = "openai"
    DPO_ONLY: tuple[str, ...] = ("beta",)  # fields that apply to the DPO method only
    LORA_ONLY: tuple[str, ...] = ()  # fields that apply to LoRA training only

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(bridge, parent, **kw)
        self.estimate: dict[str, Any] | None = None
        self.last_dialog: QDialog | None = None
        self.confirmed: str | None = None  # the plan the person confirmed goes back with the launch
        self._estimate_seq = 0
        self.advanced = False
        self.row_boxes: dict[str, QVBoxLayout] = {}
        self.setObjectName(f"trainPanel_{self.backend}")

        layout = QVBoxLayout(self)
        self.notice = QLabel("")
        self.notice.setObjectName("cloudNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        layout.addWidget(self.notice)

        form = QFormLayout()
        self.form_layout = form
        self.field_errors: dict[str, QLabel] = {}
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setObjectName("cloudModel")
        self.model.setToolTip(self.tr("The base model to fine-tune (the provider's fine-tunable snapshots)."))
        self._row(form, self.tr("Base model"), self.model, "model")
        self.train_file = self._file_row(form, self.tr("Training data"), "training_file", "cloudTrainFile")
        self.valid_file = self._file_row(form, self.tr("Validation data"), "validation_file", "cloudValidFile")
        # the method and the parameters, drawn from the provider's descriptors when provider_info brings them
        self.param_form = ParamForm([], exclude=FILE_PARAMS)
        self.param_form.setObjectName(self.form_name())
        self.param_form.form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.param_form)
        layout.addLayout(form)

        self.estimate_label = QLabel(self.tr("Estimate: choose the training data."))
        self.estimate_label.setObjectName("cloudEstimate")
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.estimate_label)
        self.status = QLabel("")
        self.status.setObjectName("cloudStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        row = QHBoxLayout()
        self.cleanup_button = QPushButton(self.tr("Clean up…"))
        self.cleanup_button.setObjectName("cloudCleanup")
        self.cleanup_button.setToolTip(self.tr("List the files, models and deployments fttool created at the "
                                               "provider and delete what you pick."))
        self.cleanup_button.clicked.connect(self.open_cleanup)
        self.import_button = QPushButton(self.tr("Import jobs"))
        self.import_button.setObjectName("cloudImport")
        self.import_button.setToolTip(self.tr("Add jobs and fine-tuned models made outside fttool in this account "
                                              "to the Jobs list."))
        self.import_button.clicked.connect(self.import_jobs)
        self.deploy_button = QPushButton(self.tr("Deploy…"))
        self.deploy_button.setObjectName("cloudDeploy")
        self.deploy_button.setToolTip(self.tr("Deploy a fine-tuned model so it can answer (billed by the hour)."))
        self.deploy_button.clicked.connect(lambda: self.open_deploy())
        for b in (self.cleanup_button, self.import_button, self.deploy_button):
            b.hide()  # shown when the capabilities say the backend offers it
            row.addWidget(b)
        row.addStretch(1)
        self.launch_button = QPushButton(self.launch_text())
        self.launch_button.setObjectName("cloudLaunch")
        self.launch_button.setToolTip(self.tr("Upload the data and start the job; you confirm the cost first. "
                                              "Ctrl+Return"))
        self.launch_button.setShortcut("Ctrl+Return")
        self.launch_button.clicked.connect(self.check_and_confirm)
        row.addWidget(self.launch_button)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(300)
        self._estimate_timer.timeout.connect(self.refresh_estimate)
        self.train_file.textChanged.connect(self._estimate_timer.start)
        self.model.currentTextChanged.connect(self._estimate_timer.start)
        self.model.currentTextChanged.connect(self._form_changed)
        self.param_form.changed.connect(self._estimate_timer.start)
        self.param_form.changed.connect(self._method_shown)
        self.param_form.changed.connect(self._form_changed)
        self.load_info()

    # -- words of the panel ----------------------------------------------------------------------------
    def launch_text(self) -> str:
        return self.tr("Train on OpenAI…")

    def provider_label(self) -> str:
        return str(self.info.get("label") or self.backend)

    def form_name(self) -> str:
        return "cloudParams"

    # -- what the project remembers, Simple / Advanced ---------------------------------------------------
    def form_state(self) -> dict[str, Any]:
        values = self.param_form.all_values() if self.info else dict(self.pending_form)
        return {"base_model": self.base_model() or None, **values}

    def restore_form(self, values: dict[str, Any]) -> None:
        self._restoring = True
        try:
            if values.get("base_model"):
                self.model.setCurrentText(str(values["base_model"]))
            fields = {k: v for k, v in values.items() if k != "base_model"}
            if self.info:
                self._restore_fields(fields)
            else:  # the descriptors have not come yet
                self.pending_form = fields
        finally:
            self._restoring = False

    def _restore_fields(self, values: dict[str, Any]) -> None:
        """Remembered values the form can take (a hand-edited project.json, or an older form that kept 0 or an
        empty text for "automatic", leaves the field as it is)."""
        kept: dict[str, Any] = {}
        for name, value in values.items():
            spec = self.param_form.specs.get(name)
            if spec is None or value is None:
                continue
            if spec.type in ("int", "float"):
                if isinstance(value, str):
                    try:
                        value = int(value) if spec.type == "int" else float(value)
                    except ValueError:
                        continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    continue
                if spec.type == "int" and int(value) != value:
                    continue
                if (spec.minimum is not None and value < spec.minimum) or \
                        (spec.maximum is not None and value > spec.maximum):
                    continue
            kept[name] = value
        self.param_form.set_values(kept)
        self._method_shown()

    def set_advanced(self, advanced: bool) -> None:
        self.advanced = advanced
        self.param_form.set_advanced(advanced)

    def set_base_model(self, name: str) -> None:
        self.model.setCurrentText(name)

    # -- building blocks -------------------------------------------------------------------------------
    def _row(self, form: QFormLayout, label: str, widget: QWidget | QHBoxLayout, name: str) -> None:
        err = QLabel("")
        err.setObjectName(f"fieldError_{name}")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.setTextFormat(Qt.TextFormat.PlainText)
        err.hide()
        self.field_errors[name] = err
        box = QVBoxLayout()
        box.setSpacing(1)
        if isinstance(widget, QHBoxLayout):
            box.addLayout(widget)
        else:
            box.addWidget(widget)
        box.addWidget(err)
        form.addRow(label, box)
        self.row_boxes[name] = box

    def _file_row(self, form: QFormLayout, label: str, name: str, object_name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(object_name)
        edit.setToolTip(self.tr("Chat JSONL. Never the test split: it stays on this computer."))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda: self._browse(edit))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(browse)
        self._row(form, label, row, name)
        return edit

    def _browse(self, edit: QLineEdit) -> None:
        start = str(self.project.path / "data") if self.project is not None else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a JSONL file"), start,
                                              self.tr("JSON Lines (*.jsonl);;All files (*)"))
        if path:
            edit.setText(path)

    def _method_shown(self) -> None:
        """DPO-only fields only for the DPO method, LoRA-only fields only for LoRA training."""
        v = self.param_form.values()
        lora = v.get("training_type", "lora") != "full"
        dpo = v.get("method") == "dpo"
        for name in self.LORA_ONLY:
            self.param_form.disable(name, None if lora else self.tr("LoRA only"), note=False)
        for name in self.DPO_ONLY:
            self.param_form.disable(name, None if dpo else self.tr("DPO only"), note=False)

    def set_project(self, project: Any) -> None:
        self.project = project
        if project is None:
            return
        files = project.dataset_files()
        if "train" in files and not self.train_file.text():
            self.train_file.setText(str(files["train"]))
        for split in ("validation", "valid"):
            if split in files and not self.valid_file.text():
                self.valid_file.setText(str(files[split]))
        base = project.meta.get("base_model")
        if project.meta.get("backend") == self.backend and base:
            self.model.setCurrentText(str(base))

    # -- values ----------------------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        p: dict[str, Any] = {"training_file": self.train_file.text().strip()}
        if self.valid_file.text().strip():
            p["validation_file"] = self.valid_file.text().strip()
        for name, value in (self.param_form.values() if self.info else {}).items():
            if value is None or name in self.param_form.disabled_reasons:
                continue
            p[name] = value
        return p

    def base_model(self) -> str:
        return self.model.currentText().strip()

    def clear_field_errors(self) -> None:
        for label in [*self.field_errors.values(), *self.param_form.errors.values()]:
            label.clear()
            label.hide()

    def show_field_error(self, field: str, message: str) -> bool:
        label = self.param_form.errors.get(field) or self.field_errors.get(field)
        if label is None:
            return False
        label.setText(message)
        label.show()
        return True

    # -- provider facts and estimate -------------------------------------------------------------------
    def on_info(self, info: dict[str, Any]) -> None:
        self._restoring = True
        try:
            self.param_form.set_specs(self.specs())
            self.param_form.set_advanced(self.advanced)
            if self.pending_form:
                self._restore_fields(self.pending_form)
                self.pending_form = {}
            self._method_shown()
        finally:
            self._restoring = False
        caps = self.capabilities()
        self.cleanup_button.setVisible(bool(caps.get("cleanup")))
        self.import_button.setVisible(bool(caps.get("import_jobs")))
        self.deploy_button.setVisible(bool(caps.get("deploy")) and caps.get("deploy_kind") == "deployment")
        current = self.model.currentText()
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItems(info.get("fine_tunable") or [])
        if current:
            self.model.setCurrentText(current)
        self.model.blockSignals(False)
        notice = info.get("notice")
        if notice:
            self.notice.setText(text(notice["code"], notice["params"], notice["message"]))
            self.notice.setStyleSheet("" if caps.get("accepts_new_jobs", True) else
                                      "color: #b00020; font-weight: bold;")
            self.notice.show()
        self._estimate_timer.start()

    def on_info_failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)

    def refresh_estimate(self) -> None:
        if not self.bridge.service.running:  # the app is closing
            return
        if not self.train_file.text().strip():
            self.estimate_label.setText(self.tr("Estimate: choose the training data."))
            return
        self._estimate_seq += 1
        seq = self._estimate_seq
        self.estimate_label.setText(self.tr("Estimating…"))
        self.bridge.op("estimate_cost", backend=self.backend, params=self.params(), base_model=self.base_model()) \
            .success(self.alive(lambda r: self._on_estimate(seq, r))) \
            .failure(self.alive(lambda f: self._on_estimate_failed(seq, f))).run()

    def _on_estimate(self, seq: int, est: dict[str, Any] | None) -> None:
        if seq != self._estimate_seq or not isValid(self.estimate_label):  # a newer ask, or the panel is gone
            return
        self.estimate = est
        detail = (est or {}).get("detail", "-")
        if est and est.get("detail_code"):  # said in the person's language (the core's detail is English)
            params = dict(est.get("detail_params") or {})
            if params.get("evals"):  # Together's "+ N evaluations" fragment, said in the same language
                params["evals"] = text("together_estimate_evals", params, str(params["evals"]))
            detail = text(str(est["detail_code"]), params, str(detail))
        if not est or est.get("usd") is None:
            self.estimate_label.setText(self.tr("Estimate: unknown ({0}).").format(detail))
            return
        self.estimate_label.setText(self.tr("Estimate: about ${0:.2f} ({1}; prices as of {2}).").format(
            float(est["usd"]), detail, est.get("price_date", "-")))

    def _on_estimate_failed(self, seq: int, failure: Failure) -> None:
        if seq == self._estimate_seq and isValid(self.estimate_label):
            self.estimate_label.setText(self.tr("Estimate: {0}").format(failure.message))

    # -- launch ----------------------------------------------------------------------------------------
    def check_and_confirm(self) -> None:
        self.clear_field_errors()
        self.status.setText(self.tr("Checking…"))
        self.launch_button.setEnabled(False)
        self.bridge.op("launch_check", backend=self.backend, params=self.params(), base_model=self.base_model(),
                       project=self.project_path()).success(self._on_check).failure(self._on_launch_failed).run()

    def _on_check(self, check: dict[str, Any]) -> None:
        self.launch_button.setEnabled(True)
        if check["problems"]:
            for p in check["problems"]:
                said = text(p.get("template") or p["code"], p.get("params") or None, p["message"])
                if not self.show_field_error(p["name"], said):
                    self.status.setText(said)
            self.status.setText(self.tr("Fix the marked fields first; nothing was sent."))
            return
        self.status.setText("")
        notice = " ".join(t for t in (check.get("notice"), check.get("model_notice")) if t)
        from ui.widgets.cost_confirm import CostConfirm

        dlg = CostConfirm(self, provider=self.provider_label(), model=self.base_model(), estimate=check["estimate"],
                          budget_usd=check["budget_usd"], not_accepting=check["not_accepting"], notice=notice)
        self.confirmed = check.get("fingerprint")  # the plan the person confirms goes back with the launch
        dlg.accepted.connect(self.launch)
        self.last_dialog = dlg
        dlg.open()

    def launch(self) -> None:
        self.launch_button.setEnabled(False)
        self.status.setText(self.tr("Uploading the data and starting the job…"))
        self.bridge.op("create_job", backend=self.backend, base_model=self.base_model(), params=self.params(),
                       project=self.project_path(), confirmed=self.confirmed,
                       activity_text=self.tr("Starting a job on {0}").format(self.provider_label())) \
            .success(self._on_started).failure(self._on_launch_failed).run()

    def _on_started(self, job: dict[str, Any]) -> None:
        self.launch_button.setEnabled(True)
        self.status.setText(self.tr("Started job {0} ({1}). Follow it in Jobs.").format(job["id"],
                                                                                      job.get("provider_status") or "-"))
        self.jobStarted.emit(job)

    def _on_launch_failed(self, failure: Failure) -> None:
        self.launch_button.setEnabled(True)
        params = getattr(failure.error, "params", None)
        field = params.get("field") if isinstance(params, dict) else None
        if field and self.show_field_error(str(field), str(params.get("message") or failure.message)):  # type: ignore[union-attr]
            self.status.setText(failure.message)
            return
        self.status.setText(failure.message)

    # -- clean up, import, deploy ----------------------------------------------------------------------
    def open_cleanup(self) -> None:
        from ui.widgets.cleanup_dialog import CleanupDialog

        dlg = CleanupDialog(self.bridge, self.backend, self.provider_label(), self)
        self.last_dialog = dlg
        dlg.open()

    def import_jobs(self) -> None:
        self.import_button.setEnabled(False)
        self.status.setText(self.tr("Looking for jobs made outside fttool…"))
        self.bridge.op("import_jobs", backend=self.backend).success(self._imported) \
            .failure(self._import_failed).run()

    def _imported(self, r: dict[str, Any]) -> None:
        self.import_button.setEnabled(True)
        self.status.setText(self.tr("Imported {0} jobs and {1} models.").format(r["jobs_added"], r["models_added"]))

    def _import_failed(self, failure: Failure) -> None:
        self.import_button.setEnabled(True)
        self.status.setText(failure.message)

    def open_deploy(self, model: str = "") -> None:
        from ui.widgets.deploy_dialog import DeployDialog

        dlg = DeployDialog(self.bridge, model, self)
        self.last_dialog = dlg
        dlg.open()


class OpenAITrainPanel(CloudTrainPanel):
    backend = "openai"


class AzureTrainPanel(CloudTrainPanel):
    backend = "azure"

    def launch_text(self) -> str:
        return self.tr("Train on Azure OpenAI…")


class TogetherTrainPanel(CloudTrainPanel):
    """Together AI: the model, the data, and every documented parameter drawn from the provider's descriptors
    (method, LoRA or full, epochs 1-20, checkpoints, evaluations, learning rate, LoRA rank/alpha/dropout/modules,
    suffix, continue from a checkpoint...), with the estimate and the cost confirmation of the other clouds."""

    backend = "together"
    DPO_ONLY = ("dpo_beta",)
    LORA_ONLY = ("lora_r", "lora_alpha", "lora_dropout", "lora_trainable_modules")

    def launch_text(self) -> str:
        return self.tr("Train on Together AI…")

    def form_name(self) -> str:
        return "togetherParams"

    def on_info(self, info: dict[str, Any]) -> None:
        first = not self.info_models_asked
        super().on_info(info)
        if first:  # with a key set, Together's own list of fine-tunable models (the dated table's until it answers)
            self.info_models_asked = True
            self.bridge.op("together_models").success(self._on_models).failure(self._on_models_failed).run()

    info_models_asked = False

    def _on_models(self, got: dict[str, Any]) -> None:
        known = {self.model.itemText(i) for i in range(self.model.count())}
        self.model.blockSignals(True)
        self.model.addItems([m for m in got.get("models") or [] if m not in known])
        self.model.blockSignals(False)

    def _on_models_failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)  # the dated table's models stay in the list


PANELS: dict[str, type[CloudTrainPanel]] = {"openai": OpenAITrainPanel, "azure": AzureTrainPanel,
                                            "together": TogetherTrainPanel}
