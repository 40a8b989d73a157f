"""The Train view's panels for the cloud backends `openai` and `azure` (registered in ui/views/train.py PANELS).

Model, training and validation files, method and the main hyperparameters (empty = the provider chooses), a
live cost estimate, the provider's dates (OpenAI's wind-down, Azure's retirements), and a launch that goes
through the cost confirmation (estimate, price table date, budget). A 400 from the provider shows its message
next to the field it names. "Clean up…" lists what fttool created at the provider; "Import jobs" brings in jobs
made outside fttool. On Azure, "Deploy…" deploys a fine-tuned model (or gives copyable instructions), with the
hourly-billing warning, and deletes the deployment again.

Everything slow goes through the bridge (provider_info, launch_check, estimate_cost, create_job, cleanup_*,
import_jobs, deploy_*): nothing here touches the network or reads a file.

Like every Train panel: `form_state()` / `restore_form()` (what the project remembers, via the Train view),
`formChanged`, and `set_advanced()` (Simple hides the batch size, DPO beta, suffix and seed: the provider chooses).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge
from ui.messages import text
from ui.widgets.error_dialog import describe

ERROR_STYLE = "color: #b00020;"


class CloudTrainPanel(QWidget):
    """Shared by OpenAI and Azure; subclasses set the backend."""

    backend = "openai"
    jobStarted = Signal(dict)
    formChanged = Signal()
    ADVANCED_ROWS = ("batch_size", "beta", "suffix", "seed")

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, **_: Any) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project: Any = None
        self.info: dict[str, Any] = {}
        self.estimate: dict[str, Any] | None = None
        self.last_dialog: QDialog | None = None
        self._estimate_seq = 0
        self._restoring = False
        self._pending_form: dict[str, Any] = {}
        self.row_boxes: dict[str, QVBoxLayout] = {}
        self.setObjectName(f"trainPanel_{self.backend}")

        layout = QVBoxLayout(self)
        self.notice = QLabel("")
        self.notice.setObjectName("cloudNotice")
        self.notice.setWordWrap(True)
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
        self._build_hyper(form)
        layout.addLayout(form)

        self.estimate_label = QLabel(self.tr("Estimate: choose the training data."))
        self.estimate_label.setObjectName("cloudEstimate")
        self.estimate_label.setWordWrap(True)
        layout.addWidget(self.estimate_label)
        self.status = QLabel("")
        self.status.setObjectName("cloudStatus")
        self.status.setWordWrap(True)
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
        row.addWidget(self.cleanup_button)
        row.addWidget(self.import_button)
        self.extra_buttons(row)
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
        self._connect_hyper()
        self.load_info()

    # -- building blocks -------------------------------------------------------------------------------
    def _build_hyper(self, form: QFormLayout) -> None:
        """The method and hyperparameters (OpenAI's and Azure's; Together draws its own from its descriptors)."""
        self.method = QComboBox()
        self.method.addItems(["supervised", "dpo"])
        self.method.setObjectName("cloudMethod")
        self.method.setToolTip(self.tr("supervised: learn the answers; dpo: learn to prefer one answer over another."))
        self._row(form, self.tr("Method"), self.method, "method")
        self.epochs = QSpinBox()
        self.epochs.setRange(0, 50)
        self.epochs.setSpecialValueText(self.tr("automatic"))
        self.epochs.setObjectName("cloudEpochs")
        self.epochs.setToolTip(self.tr("Passes over the training data; automatic lets the provider choose."))
        self._row(form, self.tr("Epochs"), self.epochs, "epochs")
        self.lr = QDoubleSpinBox()
        self.lr.setRange(0.0, 10.0)
        self.lr.setDecimals(2)
        self.lr.setSingleStep(0.1)
        self.lr.setSpecialValueText(self.tr("automatic"))
        self.lr.setToolTip(self.tr("Multiplies the provider's learning rate; smaller helps against overfitting."))
        self._row(form, self.tr("Learning rate multiplier"), self.lr, "learning_rate")
        self.batch = QSpinBox()
        self.batch.setRange(0, 256)
        self.batch.setSpecialValueText(self.tr("automatic"))
        self.batch.setToolTip(self.tr("Examples per training step; automatic lets the provider choose."))
        self._row(form, self.tr("Batch size"), self.batch, "batch_size")
        self.beta = QDoubleSpinBox()
        self.beta.setRange(0.0, 2.0)
        self.beta.setDecimals(2)
        self.beta.setSpecialValueText(self.tr("automatic"))
        self.beta.setToolTip(self.tr("DPO only: how strongly to prefer the chosen answer."))
        self._row(form, self.tr("DPO beta"), self.beta, "beta")
        self.suffix = QLineEdit()
        self.suffix.setMaxLength(64)
        self.suffix.setObjectName("cloudSuffix")
        self.suffix.setToolTip(self.tr("Up to 64 characters added to the fine-tuned model's name."))
        self._row(form, self.tr("Name suffix"), self.suffix, "suffix")
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(self.tr("random"))
        self.seed.setToolTip(self.tr("Same seed and data give (nearly) the same result."))
        self._row(form, self.tr("Seed"), self.seed, "seed")

    def _connect_hyper(self) -> None:
        self.epochs.valueChanged.connect(self._estimate_timer.start)
        self.method.currentTextChanged.connect(self._method_changed)
        self._method_changed(self.method.currentText())
        for sig in (self.method.currentTextChanged, self.epochs.valueChanged, self.lr.valueChanged,
                    self.batch.valueChanged, self.beta.valueChanged, self.suffix.textChanged, self.seed.textChanged):
            sig.connect(self._form_changed)

    # -- what the project remembers, Simple / Advanced ---------------------------------------------------
    def _form_changed(self, *_: Any) -> None:
        if not self._restoring:
            self.formChanged.emit()

    def form_state(self) -> dict[str, Any]:
        return {"base_model": self.base_model() or None, "method": self.method.currentText(),
                "epochs": self.epochs.value(), "learning_rate": round(self.lr.value(), 4),
                "batch_size": self.batch.value(), "beta": round(self.beta.value(), 4),
                "suffix": self.suffix.text().strip() or None, "seed": self.seed.text().strip() or None}

    def restore_form(self, values: dict[str, Any]) -> None:
        self._restoring = True
        try:
            self._restore(values)
        except (TypeError, ValueError):
            pass  # a hand-edited project.json: the fields keep what they have
        finally:
            self._restoring = False

    def _restore(self, values: dict[str, Any]) -> None:
        if values.get("base_model"):
            self.model.setCurrentText(str(values["base_model"]))
        if values.get("method") in ("supervised", "dpo"):
            self.method.setCurrentText(str(values["method"]))
        for key, box in (("epochs", self.epochs), ("batch_size", self.batch)):
            if isinstance(values.get(key), int):
                box.setValue(int(values[key]))
        for key, dbox in (("learning_rate", self.lr), ("beta", self.beta)):
            if isinstance(values.get(key), (int, float)):
                dbox.setValue(float(values[key]))
        if values.get("suffix"):
            self.suffix.setText(str(values["suffix"]))
        if values.get("seed") is not None:
            self.seed.setText(str(values["seed"]))

    def set_advanced(self, advanced: bool) -> None:
        for name in self.ADVANCED_ROWS:
            box = self.row_boxes.get(name)
            if box is not None:
                self.form_layout.setRowVisible(box, advanced)

    def launch_text(self) -> str:
        return self.tr("Train on OpenAI…")

    def provider_label(self) -> str:
        return "OpenAI"

    def extra_buttons(self, row: QHBoxLayout) -> None:
        """Azure adds Deploy…"""

    def _row(self, form: QFormLayout, label: str, widget: QWidget | QHBoxLayout, name: str) -> None:
        err = QLabel("")
        err.setObjectName(f"fieldError_{name}")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
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

    def _method_changed(self, method: str) -> None:
        self.beta.setEnabled(method == "dpo")
        if method != "dpo":
            self.beta.setValue(0.0)

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
        p: dict[str, Any] = {"training_file": self.train_file.text().strip(), "method": self.method.currentText()}
        if self.valid_file.text().strip():
            p["validation_file"] = self.valid_file.text().strip()
        if self.epochs.value():
            p["epochs"] = self.epochs.value()
        if self.lr.value():
            p["learning_rate"] = round(self.lr.value(), 4)
        if self.batch.value():
            p["batch_size"] = self.batch.value()
        if self.beta.isEnabled() and self.beta.value():
            p["beta"] = round(self.beta.value(), 4)
        if self.suffix.text().strip():
            p["suffix"] = self.suffix.text().strip()
        if self.seed.text().strip():
            try:
                p["seed"] = int(self.seed.text().strip())
            except ValueError:
                p["seed"] = self.seed.text().strip()  # validation names the field
        return p

    def base_model(self) -> str:
        return self.model.currentText().strip()

    def project_path(self) -> str | None:
        return str(self.project.path) if self.project is not None else None

    def clear_field_errors(self) -> None:
        for label in self.field_errors.values():
            label.clear()
            label.hide()

    def show_field_error(self, field: str, message: str) -> bool:
        label = self.field_errors.get(field)
        if label is None:
            return False
        label.setText(message)
        label.show()
        return True

    # -- provider facts and estimate -------------------------------------------------------------------
    def load_info(self) -> None:
        self.bridge.run("provider_info", on_success=self._on_info, on_failure=lambda e: None, backend=self.backend)

    def _on_info(self, info: dict[str, Any]) -> None:
        self.info = info
        current = self.model.currentText()
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItems(info.get("fine_tunable") or [])
        if current:
            self.model.setCurrentText(current)
        self.model.blockSignals(False)
        notice = info.get("notice")
        caps = info.get("capabilities") or {}
        if notice:
            self.notice.setText(text(notice["code"], notice["params"], notice["message"]))
            self.notice.setStyleSheet("" if caps.get("accepts_new_jobs", True) else
                                      "color: #b00020; font-weight: bold;")
            self.notice.show()
        self._estimate_timer.start()

    def refresh_estimate(self) -> None:
        if not self.bridge.service.running:  # the app is closing
            return
        if not self.train_file.text().strip():
            self.estimate_label.setText(self.tr("Estimate: choose the training data."))
            return
        self._estimate_seq += 1
        seq = self._estimate_seq
        self.estimate_label.setText(self.tr("Estimating…"))
        self.bridge.run("estimate_cost", on_success=lambda r: self._on_estimate(seq, r),
                        on_failure=lambda e: self._on_estimate_failed(seq, e), backend=self.backend,
                        params=self.params(), base_model=self.base_model())

    def _on_estimate(self, seq: int, est: dict[str, Any] | None) -> None:
        if seq != self._estimate_seq or not isValid(self.estimate_label):  # a newer ask, or the panel is gone
            return
        self.estimate = est
        detail = (est or {}).get("detail", "-")
        if est and est.get("detail_code"):  # said in the person's language (the core's detail is English)
            from ui.messages import text

            params = dict(est.get("detail_params") or {})
            if params.get("evals"):  # Together's "+ N evaluations" fragment, said in the same language
                params["evals"] = text("together_estimate_evals", params, str(params["evals"]))
            detail = text(str(est["detail_code"]), params, str(detail))
        if not est or est.get("usd") is None:
            self.estimate_label.setText(self.tr("Estimate: unknown ({0}).").format(detail))
            return
        self.estimate_label.setText(self.tr("Estimate: about ${0:.2f} ({1}; prices as of {2}).").format(
            float(est["usd"]), detail, est.get("price_date", "-")))

    def _on_estimate_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._estimate_seq and isValid(self.estimate_label):
            self.estimate_label.setText(self.tr("Estimate: {0}").format(describe(exc)[0]))

    # -- launch ----------------------------------------------------------------------------------------
    def check_and_confirm(self) -> None:
        self.clear_field_errors()
        self.status.setText(self.tr("Checking…"))
        self.launch_button.setEnabled(False)
        self.bridge.run("launch_check", on_success=self._on_check, on_failure=self._on_launch_failed,
                        backend=self.backend, params=self.params(), base_model=self.base_model(),
                        project=self.project_path())

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
        self.bridge.run("create_job", on_success=self._on_started, on_failure=self._on_launch_failed,
                        backend=self.backend, base_model=self.base_model(), params=self.params(),
                        project=self.project_path(), confirmed=getattr(self, "confirmed", None), activity_text=self.tr("Starting a job on {0}").format(
                            self.provider_label()))

    def _on_started(self, job: dict[str, Any]) -> None:
        self.launch_button.setEnabled(True)
        self.status.setText(self.tr("Started job {0} ({1}). Follow it in Jobs.").format(job["id"],
                                                                                      job.get("provider_status") or "-"))
        self.jobStarted.emit(job)

    def _on_launch_failed(self, exc: BaseException) -> None:
        self.launch_button.setEnabled(True)
        message, details = describe(exc)
        field = getattr(exc, "params", {}).get("field") if hasattr(exc, "params") else None
        if field and self.show_field_error(str(field), str(exc.params.get("message") or message)):  # type: ignore[attr-defined]
            self.status.setText(message)
            return
        self.status.setText(message)

    # -- clean up, import ------------------------------------------------------------------------------
    def open_cleanup(self) -> None:
        from ui.widgets.cleanup_dialog import CleanupDialog

        dlg = CleanupDialog(self.bridge, self.backend, self.provider_label(), self)
        self.last_dialog = dlg
        dlg.open()

    def import_jobs(self) -> None:
        self.import_button.setEnabled(False)
        self.status.setText(self.tr("Looking for jobs made outside fttool…"))

        def done(r: dict[str, Any]) -> None:
            self.import_button.setEnabled(True)
            self.status.setText(self.tr("Imported {0} jobs and {1} models.").format(r["jobs_added"],
                                                                                 r["models_added"]))

        def failed(e: BaseException) -> None:
            self.import_button.setEnabled(True)
            self.status.setText(describe(e)[0])

        self.bridge.run("import_jobs", on_success=done, on_failure=failed, backend=self.backend)


class OpenAITrainPanel(CloudTrainPanel):
    backend = "openai"


class AzureTrainPanel(CloudTrainPanel):
    backend = "azure"

    def launch_text(self) -> str:
        return self.tr("Train on Azure OpenAI…")

    def provider_label(self) -> str:
        return "Azure OpenAI"

    def extra_buttons(self, row: QHBoxLayout) -> None:
        self.deploy_button = QPushButton(self.tr("Deploy…"))
        self.deploy_button.setObjectName("cloudDeploy")
        self.deploy_button.setToolTip(self.tr("Deploy a fine-tuned model so it can answer (billed by the hour)."))
        self.deploy_button.clicked.connect(self.open_deploy)
        row.addWidget(self.deploy_button)

    def open_deploy(self, model: str = "") -> None:
        from ui.widgets.deploy_dialog import DeployDialog

        dlg = DeployDialog(self.bridge, model, self)
        self.last_dialog = dlg
        dlg.open()


class TogetherTrainPanel(CloudTrainPanel):
    """Together AI: the model, the data, and every documented parameter drawn from the provider's descriptors
    (method, LoRA or full, epochs 1-20, checkpoints, evaluations, learning rate, LoRA rank/alpha/dropout/modules,
    suffix, continue from a checkpoint...), with the estimate and the cost confirmation of the other clouds."""

    backend = "together"
    FILE_PARAMS = ("training_file", "validation_file")

    def _build_hyper(self, form: QFormLayout) -> None:
        self.param_form: Any = None  # drawn when provider_info brings the descriptors
        self.param_host = QVBoxLayout()
        form.addRow(self.param_host)

    def _connect_hyper(self) -> None:
        self.advanced = False

    def form_state(self) -> dict[str, Any]:
        if self.param_form is None:  # the descriptors have not come yet: keep what was remembered
            return {"base_model": self.base_model() or None, **self._pending_form}
        return {"base_model": self.base_model() or None, **self.param_form.all_values()}

    def _restore(self, values: dict[str, Any]) -> None:
        if values.get("base_model"):
            self.model.setCurrentText(str(values["base_model"]))
        fields = {k: v for k, v in values.items() if k != "base_model"}
        if self.param_form is None:
            self._pending_form = fields
        else:
            self.param_form.set_values(fields)

    def set_advanced(self, advanced: bool) -> None:
        self.advanced = advanced
        if self.param_form is not None:
            self.param_form.set_advanced(advanced)

    def launch_text(self) -> str:
        return self.tr("Train on Together AI…")

    def provider_label(self) -> str:
        return "Together AI"

    def _on_info(self, info: dict[str, Any]) -> None:
        if self.param_form is None:
            from fttool.providers.base import ParamSpec
            from ui.widgets.param_form import ParamForm

            specs = [ParamSpec(**{**d, "choices": tuple(d.get("choices") or ()),
                                  "engines": tuple(d.get("engines") or ())})
                     for d in info.get("parameters") or []]
            self.param_form = ParamForm(specs, self, exclude=self.FILE_PARAMS)
            self.param_form.setObjectName("togetherParams")
            self.param_form.changed.connect(self._estimate_timer.start)
            self.param_form.changed.connect(self._method_shown)
            self.param_form.changed.connect(self._form_changed)
            self.param_form.set_advanced(self.advanced)
            if self._pending_form:
                self.restore_form(self._pending_form)
                self._pending_form = {}
            self.param_host.addWidget(self.param_form)
            self._method_shown()
            # with a key set, Together's own list of fine-tunable models (the dated table's until it answers)
            self.bridge.run("together_models", on_success=self._on_models, on_failure=lambda e: None)
        super()._on_info(info)

    def _on_models(self, got: dict[str, Any]) -> None:
        known = {self.model.itemText(i) for i in range(self.model.count())}
        self.model.blockSignals(True)
        self.model.addItems([m for m in got.get("models") or [] if m not in known])
        self.model.blockSignals(False)

    def _method_shown(self) -> None:
        """LoRA fields only for LoRA, DPO beta only for DPO."""
        if self.param_form is None:
            return
        v = self.param_form.values()
        lora = v.get("training_type", "lora") != "full"
        dpo = v.get("method") == "dpo"
        for name in ("lora_r", "lora_alpha", "lora_dropout", "lora_trainable_modules"):
            self.param_form.disable(name, None if lora else self.tr("LoRA only"), note=False)
        self.param_form.disable("dpo_beta", None if dpo else self.tr("DPO only"), note=False)

    def params(self) -> dict[str, Any]:
        p: dict[str, Any] = {"training_file": self.train_file.text().strip()}
        if self.valid_file.text().strip():
            p["validation_file"] = self.valid_file.text().strip()
        if self.param_form is not None:
            for name, value in self.param_form.values().items():
                if value is None or name in self.param_form.disabled_reasons:
                    continue
                p[name] = value
        return p

    def show_field_error(self, field: str, message: str) -> bool:
        if self.param_form is not None and field in self.param_form.errors:
            label = self.param_form.errors[field]
            label.setText(message)
            label.show()
            return True
        return super().show_field_error(field, message)

    def clear_field_errors(self) -> None:
        super().clear_field_errors()
        if self.param_form is not None:
            for label in self.param_form.errors.values():
                label.clear()
                label.hide()


PANELS = {"openai": OpenAITrainPanel, "azure": AzureTrainPanel, "together": TogetherTrainPanel}
