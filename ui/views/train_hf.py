"""The Train view's panel for backend `hf` (Hugging Face Jobs): base model, data, hardware with its price, the
main parameters, a live cost estimate, and a launch that asks for confirmation of the cost first.

Everything slow goes through the bridge: the hardware list (`hf_hardware`), the estimate (`hf_estimate`) and
the launch (`create_job`), after the shared cost confirmation (ui/widgets/cost_confirm.py: estimate, price
date and source, the project's budget). Registered in ui/views/train.py's PANELS as "hf".
Like every Train panel: `form_state()` / `restore_form()`, `formChanged`, `set_advanced()` (Simple hides the batch
size and the merged-model push).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

DEFAULT_MODEL = "HuggingFaceTB/SmolLM2-360M-Instruct"
TIME_LIMITS = ("1h", "3h", "6h", "12h", "24h")


class HfTrainPanel(QWidget):
    """Launch LoRA training on Hugging Face Jobs."""

    jobStarted = Signal(dict)
    formChanged = Signal()

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, **_: Any) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project: Any = None
        self._restoring = False
        self._wanted_flavor: str | None = None  # a remembered hardware, chosen when the list comes
        self.hardware: list[dict[str, Any]] = []
        self.estimate: dict[str, Any] | None = None
        self._estimate_seq = 0
        self.setObjectName("trainPanel_hf")
        from fttool.providers.huggingface import HuggingFaceProvider

        self.specs = {s.name: s for s in HuggingFaceProvider().parameters()}

        form = QFormLayout()
        self.model = QLineEdit(DEFAULT_MODEL)
        self.model.setObjectName("hfModel")
        self.model.setToolTip(self.tr("The open model to fine-tune, as named on the Hub (user/model)."))
        form.addRow(self.tr("Base model"), self.model)
        self.train_file = self._file_row(form, self.tr("Training data"), "training_file", "hfTrainFile")
        self.valid_file = self._file_row(form, self.tr("Validation data"), "validation_file", "hfValidFile")
        self.flavor = QComboBox()
        self.flavor.setObjectName("hfFlavor")
        self.flavor.setToolTip(self._help("flavor"))
        form.addRow(self.tr("Hardware"), self.flavor)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 50)
        self.epochs.setValue(int(self.specs["epochs"].default))
        self.epochs.setObjectName("hfEpochs")
        self.epochs.setToolTip(self._help("epochs"))
        form.addRow(self.tr("Epochs"), self.epochs)
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(6)
        self.lr.setRange(1e-6, 1e-2)
        self.lr.setSingleStep(1e-5)
        self.lr.setValue(float(self.specs["learning_rate"].default))
        self.lr.setToolTip(self._help("learning_rate"))
        form.addRow(self.tr("Learning rate"), self.lr)
        self.batch = QSpinBox()
        self.batch.setRange(1, 256)
        self.batch.setValue(int(self.specs["batch_size"].default))
        self.batch.setToolTip(self._help("batch_size"))
        form.addRow(self.tr("Batch size"), self.batch)
        self.form_layout = form
        self.timeout = QComboBox()
        self.timeout.setEditable(True)
        self.timeout.addItems(list(TIME_LIMITS))
        self.timeout.setCurrentText(str(self.specs["timeout"].default))
        self.timeout.setObjectName("hfTimeout")
        self.timeout.setToolTip(self._help("timeout"))
        form.addRow(self.tr("Time limit"), self.timeout)
        self.merge = QCheckBox(self.tr("Also push the merged model"))
        self.merge.setToolTip(self._help("merge"))
        form.addRow("", self.merge)

        self.gpu_label = QLabel("")
        self.gpu_label.setObjectName("hfGpus")
        self.gpu_label.setWordWrap(True)
        self.gpu_label.setToolTip(self.tr("The GPUs of the chosen hardware and what training this model needs "
                                          "(the pre-flight's memory formula; the shape is guessed from the size in "
                                          "the model's name)."))
        form.addRow("", self.gpu_label)
        self.estimate_label = QLabel(self.tr("Estimate: choose the data and the hardware."))
        self.estimate_label.setObjectName("hfEstimate")
        self.estimate_label.setWordWrap(True)
        self.status = QLabel("")
        self.status.setObjectName("hfStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.launch_button = QPushButton(self.tr("Train on Hugging Face…"))
        self.launch_button.setObjectName("hfLaunch")
        self.launch_button.setToolTip(self.tr("Push the data to a private dataset repo and start the job "
                                              "(you confirm the cost first). Ctrl+Return"))
        self.launch_button.setShortcut("Ctrl+Return")
        self.launch_button.clicked.connect(self.confirm_and_launch)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.estimate_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.launch_button)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(300)
        self._estimate_timer.timeout.connect(self.refresh_estimate)
        for w in (self.model, self.train_file):
            w.textChanged.connect(self._estimate_timer.start)
        self.timeout.currentTextChanged.connect(self._estimate_timer.start)
        self.flavor.currentIndexChanged.connect(self._estimate_timer.start)
        self.epochs.valueChanged.connect(self._estimate_timer.start)
        for sig in (self.flavor.currentIndexChanged, self.model.textChanged, self.batch.valueChanged):
            sig.connect(self.refresh_gpus)
        for sig in (self.model.textChanged, self.flavor.currentIndexChanged, self.epochs.valueChanged,
                    self.lr.valueChanged, self.batch.valueChanged, self.timeout.currentTextChanged,
                    self.merge.toggled):
            sig.connect(self._form_changed)
        self.load_hardware()

    # -- what the project remembers, Simple / Advanced -------------------------------------------------
    def _form_changed(self, *_: Any) -> None:
        if not self._restoring:
            self.formChanged.emit()

    def form_state(self) -> dict[str, Any]:
        return {"base_model": self.model.text().strip() or None,
                "flavor": self.flavor.currentData() or self._wanted_flavor, "epochs": self.epochs.value(),
                "learning_rate": self.lr.value(), "batch_size": self.batch.value(),
                "timeout": self.timeout.currentText().strip() or None, "merge": self.merge.isChecked()}

    def restore_form(self, values: dict[str, Any]) -> None:
        self._restoring = True
        try:
            if values.get("base_model"):
                self.model.setText(str(values["base_model"]))
            if isinstance(values.get("epochs"), int):
                self.epochs.setValue(int(values["epochs"]))
            if isinstance(values.get("learning_rate"), (int, float)):
                self.lr.setValue(float(values["learning_rate"]))
            if isinstance(values.get("batch_size"), int):
                self.batch.setValue(int(values["batch_size"]))
            if values.get("timeout"):
                self.timeout.setCurrentText(str(values["timeout"]))
            if isinstance(values.get("merge"), bool):
                self.merge.setChecked(bool(values["merge"]))
            if values.get("flavor"):
                self._wanted_flavor = str(values["flavor"])
                idx = self.flavor.findData(self._wanted_flavor)
                if idx >= 0:
                    self.flavor.setCurrentIndex(idx)
        finally:
            self._restoring = False

    def set_advanced(self, advanced: bool) -> None:
        self.form_layout.setRowVisible(self.batch, advanced)
        self.form_layout.setRowVisible(self.merge, advanced)

    # -- building blocks -------------------------------------------------------------------------------
    def _help(self, name: str) -> str:
        from ui.widgets.param_form import _t

        spec = self.specs.get(name)
        return _t(spec.help) if spec else ""

    def _file_row(self, form: QFormLayout, label: str, name: str, object_name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(object_name)
        edit.setToolTip(self._help(name))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda: self._browse(edit))
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(browse)
        form.addRow(label, row)
        return edit

    def _browse(self, edit: QLineEdit) -> None:
        start = str(self.project.path / "data") if self.project is not None else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a JSONL file"), start,
                                              self.tr("JSON Lines (*.jsonl);;All files (*)"))
        if path:
            edit.setText(path)

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
        if project.meta.get("backend") == "hf" and base:
            self.model.setText(str(base))

    # -- hardware and estimate -------------------------------------------------------------------------
    def load_hardware(self) -> None:
        self.bridge.run("hf_hardware", on_success=self._on_hardware, on_failure=lambda e: None)

    @Slot(object)
    def _on_hardware(self, result: dict[str, Any]) -> None:
        if not isValid(self.flavor):  # the panel was closed before the answer came
            return
        self.hardware = list(result.get("hardware") or [])
        current = self._wanted_flavor or self.flavor.currentData() or self.specs["flavor"].default
        self._wanted_flavor = None
        self.flavor.blockSignals(True)
        self.flavor.clear()
        for h in self.hardware:
            price = float(h["usd_per_minute"]) * 60
            acc = h.get("accelerator") or self.tr("no GPU")
            self.flavor.addItem(self.tr("{0} ({1}): ${2:.2f}/hour").format(h["label"], acc, price), h["name"])
        idx = self.flavor.findData(current)
        self.flavor.setCurrentIndex(max(idx, 0))
        self.flavor.blockSignals(False)
        self.flavor.setToolTip(self.tr("{0}\nPrices from {1}.").format(self._help("flavor"), result.get("source", "")))
        self.refresh_gpus()
        self._estimate_timer.start()

    def refresh_gpus(self, *_: Any) -> None:
        """The flavor's GPU count and memory beside the model's memory estimate (pure: no network, no file)."""
        from fttool.providers.huggingface import flavor_gpus, memory_estimate

        flavor = self.flavor.currentData()
        if not flavor:
            self.gpu_label.setText("")
            return
        hw = self.hardware or None
        info = flavor_gpus(flavor, hw)
        m = memory_estimate(self.model.text().strip(), self.params(), hardware=hw)
        if info["gpus"]:
            where = self.tr("{0} × {1}, {2:g} GB each").format(info["gpus"], info.get("gpu_model") or "GPU",
                                                             info["gpu_memory_gb"] or 0)
        else:
            where = self.tr("no GPU (trains on the CPU)")
        sentences = [self.tr("{0}; the model needs about {1:g} GB to train.").format(where, m["needed_gb"])]
        if m["strategy"] == "fsdp2":
            sentences.append(self.tr("More than one GPU holds, so FSDP shares the model over all {0}.")
                             .format(info["gpus"]))
        elif m["strategy"] == "multi_gpu":
            sentences.append(self.tr("A copy goes on each of the {0} GPUs, each training on part of the data.")
                             .format(info["gpus"]))
        if m["fits"] is False:
            sentences.append(self.tr("It may run out of memory: choose hardware with more GPU memory."))
        self.gpu_label.setStyleSheet("color: #b00020;" if m["fits"] is False else "")
        self.gpu_label.setText(" ".join(sentences))

    def params(self) -> dict[str, Any]:
        p: dict[str, Any] = {"training_file": self.train_file.text().strip(), "flavor": self.flavor.currentData(),
                             "epochs": self.epochs.value(), "learning_rate": self.lr.value(),
                             "batch_size": self.batch.value(), "timeout": self.timeout.currentText().strip(),
                             "merge": self.merge.isChecked()}
        if self.valid_file.text().strip():
            p["validation_file"] = self.valid_file.text().strip()
        return {k: v for k, v in p.items() if v not in (None, "")}

    def refresh_estimate(self) -> None:
        params = self.params()
        if not params.get("training_file") or not Path(params["training_file"]).is_file() or not params.get("flavor"):
            self.estimate = None
            self.estimate_label.setText(self.tr("Estimate: choose the data and the hardware."))
            return
        self._estimate_seq += 1
        seq = self._estimate_seq
        project = str(self.project.path) if self.project is not None else None
        self.bridge.run("hf_estimate", params=params, base_model=self.model.text().strip(), project=project,
                        on_success=lambda r: self._on_estimate(seq, r), on_failure=lambda e: None)

    def _on_estimate(self, seq: int, result: dict[str, Any]) -> None:
        if seq != self._estimate_seq or not isValid(self.estimate_label):
            return  # an older answer, or the panel is gone
        self.estimate = result
        if result.get("usd") is None:
            self.estimate_label.setText(self.tr("Estimate: unknown price. {0}").format(result.get("detail", "")))
        else:
            self.estimate_label.setText(self.tr("Estimate: about ${0:.2f}, {1}").format(
                float(result["usd"]), result.get("detail", "")))

    # -- launch ----------------------------------------------------------------------------------------
    def validation_message(self) -> str:
        if not self.model.text().strip():
            return self.tr("Enter the base model to fine-tune.")
        tf = self.train_file.text().strip()
        if not tf or not Path(tf).is_file():
            return self.tr("Choose the training data file.")
        if not self.flavor.currentData():
            return self.tr("Choose the hardware (the list comes from Hugging Face).")
        return ""

    def confirm_and_launch(self) -> None:
        problem = self.validation_message()
        if problem:
            self.status.setText(problem)
            return
        from ui.widgets.cost_confirm import CostConfirm

        provider = self.tr("Hugging Face Jobs ({0})").format(self.flavor.currentData())
        estimate = dict(self.estimate or {})
        if estimate.get("detail"):
            estimate["detail"] = self.tr("{0}. Hugging Face bills per minute while the job runs; the time limit "
                                         "caps the bill.").format(estimate["detail"])
        dlg = CostConfirm(self, provider=provider, model=self.model.text().strip(), estimate=estimate or None,
                          budget_usd=(self.estimate or {}).get("budget_usd"))
        dlg.accepted.connect(self.launch)
        self.last_dialog = dlg
        dlg.open()

    def launch(self) -> None:
        self.launch_button.setEnabled(False)
        self.status.setText(self.tr("Pushing the data and starting the job…"))
        project = str(self.project.path) if self.project is not None else None
        self.bridge.run("create_job", backend="hf", base_model=self.model.text().strip(), params=self.params(),
                        project=project, confirmed=(self.estimate or {}).get("fingerprint"),
                        on_success=self._on_started, on_failure=self._on_failed)

    def _on_started(self, job: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self.launch_button.setEnabled(True)
        self.status.setText(self.tr("Job {0} started on Hugging Face ({1}). Follow it in Jobs.").format(
            job["id"], job.get("provider_status") or job["status"]))
        self.jobStarted.emit(job)

    def _on_failed(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        if not isValid(self.status):
            return
        self.launch_button.setEnabled(True)
        message, _ = describe(exc)
        self.status.setText(self.tr("Not started: {0}").format(message))
