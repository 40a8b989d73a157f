"""The Train view's panel for Hugging Face Jobs: base model, data, hardware with its price, the main parameters
(drawn from the provider's descriptors), a live cost estimate, and a launch that asks for confirmation of the
cost first.

Everything slow goes through the bridge: the descriptors (`provider_info`), the hardware list (`hf_hardware`),
the hardware's GPUs beside what the model needs (`hf_gpus`), the estimate (`hf_estimate`) and the launch
(`create_job`), after the shared cost confirmation (ui/widgets/cost_confirm.py: estimate, price date and source,
the project's budget).
Like every Train panel: `form_state()` / `restore_form()`, `formChanged`, `set_advanced()` (Simple hides the
descriptors marked advanced: the batch size and the merged-model push).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
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
from ui.views.train.panel import TrainPanel
from ui.widgets.param_form import ParamForm, _t

DEFAULT_MODEL = "HuggingFaceTB/SmolLM2-360M-Instruct"
TIME_LIMITS = ("1h", "3h", "6h", "12h", "24h")
FORM_FIELDS = ("epochs", "learning_rate", "batch_size", "timeout", "merge")  # the descriptors drawn, in this order


class HfTrainPanel(TrainPanel):
    """Launch LoRA training on Hugging Face Jobs."""

    backend = "hf"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(bridge, parent, **kw)
        self._wanted_flavor: str | None = None  # a remembered hardware, chosen when the list comes
        self.hardware: list[dict[str, Any]] = []
        self.hardware_source = ""
        self.estimate: dict[str, Any] | None = None
        self._estimate_seq = 0
        self._gpus_seq = 0
        self.advanced = False
        self.setObjectName("trainPanel_hf")

        form = QFormLayout()
        self.model = QLineEdit(DEFAULT_MODEL)
        self.model.setObjectName("hfModel")
        self.model.setToolTip(self.tr("The open model to fine-tune, as named on the Hub (user/model)."))
        form.addRow(self.tr("Base model"), self.model)
        self.train_file = self._file_row(form, self.tr("Training data"), "hfTrainFile")
        self.valid_file = self._file_row(form, self.tr("Validation data"), "hfValidFile")
        self.flavor = QComboBox()
        self.flavor.setObjectName("hfFlavor")
        form.addRow(self.tr("Hardware"), self.flavor)
        self.form_layout = form
        # the parameters, drawn from the provider's descriptors when provider_info brings them
        self.param_form = ParamForm([], include=FORM_FIELDS, suggestions={"timeout": TIME_LIMITS})
        self.param_form.setObjectName("hfParams")
        self.param_form.form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.param_form)

        self.gpu_label = QLabel("")
        self.gpu_label.setObjectName("hfGpus")
        self.gpu_label.setWordWrap(True)
        self.gpu_label.setTextFormat(Qt.TextFormat.PlainText)
        self.gpu_label.setToolTip(self.tr("The GPUs of the chosen hardware and what training this model needs "
                                          "(the pre-flight's memory formula; the shape is guessed from the size in "
                                          "the model's name)."))
        form.addRow("", self.gpu_label)
        self.estimate_label = QLabel(self.tr("Estimate: choose the data and the hardware."))
        self.estimate_label.setObjectName("hfEstimate")
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel("")
        self.status.setObjectName("hfStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
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
        self.flavor.currentIndexChanged.connect(self._estimate_timer.start)
        self.param_form.changed.connect(self._estimate_timer.start)
        for sig in (self.flavor.currentIndexChanged, self.model.textChanged, self.param_form.changed):
            sig.connect(self.refresh_gpus)
        for sig in (self.model.textChanged, self.flavor.currentIndexChanged, self.param_form.changed):
            sig.connect(self._form_changed)
        self.load_info()

    # -- the descriptors -------------------------------------------------------------------------------
    def on_info(self, info: dict[str, Any]) -> None:
        self._restoring = True
        try:
            self.param_form.set_specs(self.specs())
            self.param_form.set_advanced(self.advanced)
            if self.pending_form:
                self._restore_fields(self.pending_form)
                self.pending_form = {}
        finally:
            self._restoring = False
        self._flavor_tooltip()
        self.load_hardware()

    def on_info_failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)
        self.load_hardware()

    def _help(self, name: str) -> str:
        spec = next((s for s in self.specs() if s.name == name), None)
        return _t(spec.help) if spec else ""

    def _default(self, name: str) -> Any:
        spec = next((s for s in self.specs() if s.name == name), None)
        return spec.default if spec else None

    # -- what the project remembers, Simple / Advanced -------------------------------------------------
    def form_state(self) -> dict[str, Any]:
        values = self.param_form.all_values() if self.info else dict(self.pending_form)
        return {"base_model": self.model.text().strip() or None,
                "flavor": self.flavor.currentData() or self._wanted_flavor, **values}

    def restore_form(self, values: dict[str, Any]) -> None:
        self._restoring = True
        try:
            if values.get("base_model"):
                self.model.setText(str(values["base_model"]))
            if values.get("flavor"):
                self._wanted_flavor = str(values["flavor"])
                idx = self.flavor.findData(self._wanted_flavor)
                if idx >= 0:
                    self.flavor.setCurrentIndex(idx)
            fields = {k: v for k, v in values.items() if k in FORM_FIELDS}
            if self.info:
                self._restore_fields(fields)
            else:  # the descriptors have not come yet
                self.pending_form = fields
        finally:
            self._restoring = False

    def _restore_fields(self, values: dict[str, Any]) -> None:
        """Remembered values of the right kind (a hand-edited project.json leaves a field as it is)."""
        kinds: dict[str, tuple[type, ...]] = {"epochs": (int,), "batch_size": (int,), "learning_rate": (int, float),
                                              "merge": (bool,), "timeout": (str,)}
        self.param_form.set_values({k: v for k, v in values.items() if k in self.param_form.specs
                                    and isinstance(v, kinds.get(k, (object,)))
                                    and not (isinstance(v, bool) and k != "merge")})

    def set_advanced(self, advanced: bool) -> None:
        self.advanced = advanced
        self.param_form.set_advanced(advanced)

    def set_base_model(self, name: str) -> None:
        self.model.setText(name)

    # -- building blocks -------------------------------------------------------------------------------
    def _file_row(self, form: QFormLayout, label: str, object_name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(object_name)
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
        if project.meta.get("backend") == self.backend and base:
            self.model.setText(str(base))

    # -- hardware and estimate -------------------------------------------------------------------------
    def load_hardware(self) -> None:
        self.bridge.op("hf_hardware").success(self._on_hardware).failure(self._on_hardware_failed).run()

    def _on_hardware_failed(self, failure: Failure) -> None:
        self.estimate_label.setText(failure.message)

    def _flavor_tooltip(self) -> None:
        """The hardware descriptor's help (and where the prices come from, once the list came)."""
        self.train_file.setToolTip(self._help("training_file"))
        self.valid_file.setToolTip(self._help("validation_file"))
        if self.hardware_source:
            self.flavor.setToolTip(self.tr("{0}\nPrices from {1}.").format(self._help("flavor"),
                                                                         self.hardware_source))
        else:
            self.flavor.setToolTip(self._help("flavor"))

    @Slot(object)
    def _on_hardware(self, result: dict[str, Any]) -> None:
        if not isValid(self.flavor):  # the panel was closed before the answer came
            return
        self.hardware = list(result.get("hardware") or [])
        self.hardware_source = str(result.get("source", ""))
        current = self._wanted_flavor or self.flavor.currentData() or self._default("flavor")
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
        self._flavor_tooltip()
        self.refresh_gpus()
        self._estimate_timer.start()

    def refresh_gpus(self, *_: Any) -> None:
        """The flavor's GPU count and memory beside the model's memory estimate (asked of the service)."""
        flavor = self.flavor.currentData()
        if not flavor:
            self.gpu_label.setText("")
            return
        self._gpus_seq += 1
        seq = self._gpus_seq
        self.bridge.op("hf_gpus", base_model=self.model.text().strip(), params=self.params(),
                       hardware=self.hardware or None, activity_text=self.tr("Estimating the memory needed")) \
            .success(self.alive(lambda r: self._on_gpus(seq, r))).failure(self._on_gpus_failed).run()

    def _on_gpus(self, seq: int, result: dict[str, Any]) -> None:
        if seq != self._gpus_seq:
            return  # an older question's answer
        info, m = result["gpus"], result["memory"]
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

    def _on_gpus_failed(self, failure: Failure) -> None:
        self.gpu_label.setStyleSheet("")
        self.gpu_label.setText(failure.message)

    def params(self) -> dict[str, Any]:
        p: dict[str, Any] = {"training_file": self.train_file.text().strip(), "flavor": self.flavor.currentData()}
        values = self.param_form.values() if self.info else {}
        p.update({k: v for k, v in values.items() if k in FORM_FIELDS})
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
        self.bridge.op("hf_estimate", params=params, base_model=self.model.text().strip(),
                       project=self.project_path()) \
            .success(self.alive(lambda r: self._on_estimate(seq, r))) \
            .failure(self.alive(lambda f: self._on_estimate_failed(seq, f))).run()

    def _on_estimate(self, seq: int, result: dict[str, Any]) -> None:
        if seq != self._estimate_seq or not isValid(self.estimate_label):
            return  # an older answer, or the panel is gone
        self.estimate = result
        if result.get("usd") is None:
            self.estimate_label.setText(self.tr("Estimate: unknown price. {0}").format(result.get("detail", "")))
        else:
            self.estimate_label.setText(self.tr("Estimate: about ${0:.2f}, {1}").format(
                float(result["usd"]), result.get("detail", "")))

    def _on_estimate_failed(self, seq: int, failure: Failure) -> None:
        if seq == self._estimate_seq:
            self.estimate = None
            self.estimate_label.setText(self.tr("Estimate: unknown price. {0}").format(failure.message))

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
        self.bridge.op("create_job", backend=self.backend, base_model=self.model.text().strip(), params=self.params(),
                       project=self.project_path(), confirmed=(self.estimate or {}).get("fingerprint")) \
            .success(self._on_started).failure(self._on_failed).run()

    def _on_started(self, job: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self.launch_button.setEnabled(True)
        self.status.setText(self.tr("Job {0} started on Hugging Face ({1}). Follow it in Jobs.").format(
            job["id"], job.get("provider_status") or job["status"]))
        self.jobStarted.emit(job)

    def _on_failed(self, failure: Failure) -> None:
        if not isValid(self.status):
            return
        self.launch_button.setEnabled(True)
        self.status.setText(self.tr("Not started: {0}").format(failure.message))
