"""The Train view: a backend selector over fttool.providers.backend_names(), and below it one panel per backend from
`PANELS` (a generic form from the provider's descriptors when a backend has no panel of its own).

The local panel: the engine (auto, TRL or the lesson's AutoTrain, and why auto chose what it chose), each engine's
runtime (install or update with sizes up front, progress, cancel), a base model (a curated list with size, RAM,
licence, architecture and which engine loads it; a Hub search that says the same for any model; Hub download with
progress; or a folder on this computer), the training and validation data, presets, the form drawn from the local
provider's descriptors (only the fields the engine uses), the engine's YAML and the equivalent command (`trl sft
--config job.yaml` or `autotrain --config job.yml`; copy, save, load: a loaded AutoTrain YAML gets the same checks),
pre-flight checks (pass/warn/fail, the rendered first example and its tokens, the memory formula), Launch through
bridge.run("create_job", ...), and for a finished job "Open folder", "Merge and export…" and "Export GGUF…".
Everything slow (subprocesses, downloads, files) goes through the bridge to the job service.

Any change after the checks greys Launch out and says so beside it ("Settings changed: run the checks again").
The view has a Simple/Advanced switch (Simple hides the descriptors marked `advanced`; their defaults still apply)
and remembers its choices per project: every panel gives `form_state()` and takes `restore_form(values)`, and the
view saves them (debounced) into project.json `train_form` through the service command `train_form_save`
(fttool/providers/train_form.py). `TrainView.open_panel(panel, options)` selects a backend's panel (Decide view).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from fttool.project import Project
from fttool.providers import backend_names, get_provider
from fttool.providers.base import validate_against
from ui.bridge import Bridge
from ui.messages import text
from ui.views.base import View
from ui.widgets.error_dialog import describe
from ui.widgets.param_form import ParamForm

STALE_STYLE = "color: #a66a00; font-weight: bold;"
SAVE_DELAY_MS = 800  # the form is remembered this long after the last change
PANEL_ALIASES = {"huggingface": "hf", "autotrain": "local", "trl": "local"}

STATUS_MARK = {"pass": "\u2714", "warn": "\u26a0", "fail": "\u2716"}
STATUS_COLOR = {"pass": "#1b7f3b", "warn": "#a66a00", "fail": "#b00020"}


class GenericTrainPanel(QWidget):
    """For a backend without a panel of its own: its descriptors as a form, the training file, Launch."""

    jobStarted = Signal(dict)
    formChanged = Signal()

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, *, backend: str = "", **_: Any) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.backend = backend
        self.project: Any = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.model = QLineEdit()
        self.model.setPlaceholderText(self.tr("Base model"))
        self.train_file = QLineEdit()
        self.train_file.setPlaceholderText(self.tr("Training data (JSONL)"))
        row.addWidget(self.model)
        row.addWidget(self.train_file)
        layout.addLayout(row)
        self.form = ParamForm(get_provider(backend).parameters(), exclude=("training_file", "validation_file"))
        layout.addWidget(self.form)
        self.model.textChanged.connect(self.formChanged)
        self.form.changed.connect(self.formChanged)
        self.launch_button = QPushButton(self.tr("Launch"))
        self.launch_button.clicked.connect(self.launch)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.launch_button)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def set_project(self, project: Any) -> None:
        self.project = project
        if project is not None and "train" in project.dataset_files() and not self.train_file.text():
            self.train_file.setText(str(project.dataset_files()["train"]))

    def form_state(self) -> dict[str, Any]:
        return {"base_model": self.model.text().strip() or None, **self.form.all_values()}

    def restore_form(self, values: dict[str, Any]) -> None:
        if values.get("base_model"):
            self.model.setText(str(values["base_model"]))
        self.form.set_values({k: v for k, v in values.items() if k in self.form.specs})

    def set_advanced(self, advanced: bool) -> None:
        self.form.set_advanced(advanced)

    def launch(self) -> None:
        from ui.widgets.cost_confirm import confirm_plan

        params = {**self.form.values(), "training_file": self.train_file.text().strip() or None}
        base_model = self.model.text().strip() or None
        project = str(self.project.path) if self.project is not None and hasattr(self.project, "path") else None

        def go(fingerprint: str) -> None:
            self.bridge.run("create_job", backend=self.backend, base_model=base_model, params=params,
                            project=project, confirmed=fingerprint, on_success=self._started,
                            on_failure=lambda e: self.status.setText(describe(e)[0]))

        confirm_plan(self, self.bridge, backend=self.backend, provider=self.backend, base_model=base_model,
                     params=params, project=project, on_confirmed=go, on_problem=self.status.setText)

    def _started(self, job: dict[str, Any]) -> None:
        self.status.setText(self.tr("Started job {0}.").format(job["id"]))
        self.jobStarted.emit(job)


class LocalTrainPanel(QWidget):
    """Local training in a managed runtime: the TRL engine (the default) or AutoTrain Advanced 0.8.36."""

    jobStarted = Signal(dict)
    formChanged = Signal()  # a choice the project remembers changed (engine, model, a setting)
    LOCAL_FOLDER = "__folder__"
    ENGINE_FIELDS = ("engine",)

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, **_: Any) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project: Any = None
        self.runtime: dict[str, Any] = {}
        self.device = "cpu"
        self.preflight_result: dict[str, Any] | None = None
        self.chosen: dict[str, Any] | None = None  # the recipe's values from the last checks (Settings: auto)
        self.job: dict[str, Any] | None = None
        self.models: list[dict[str, Any]] = []
        self.view: dict[str, Any] = {}
        self.installing: str | None = None
        self._check_seq = 0  # which form the checks in flight were asked for (a change makes their answer stale)
        self._restoring = False
        self.setObjectName("trainPanel_local")
        from fttool.providers.local import PRESETS, LocalProvider

        self.provider = LocalProvider()
        self.presets = PRESETS
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        # -- engine and runtimes -----------------------------------------------------------------------
        box = QGroupBox(self.tr("Training engine"))
        v = QVBoxLayout(box)
        erow = QHBoxLayout()
        self.engine = QComboBox()
        self.engine.setObjectName("engineChoice")
        for key, label in (("auto", self.tr("auto (recommended)")), ("trl", self.tr("TRL: today's models")),
                           ("autotrain", self.tr("AutoTrain Advanced 0.8.36: the lesson's route"))):
            self.engine.addItem(label, key)
        self.engine.setToolTip(self.tr("TRL trains the models of today (Qwen3, Gemma 3, SmolLM3, ...) with current "
                                       "transformers. AutoTrain Advanced 0.8.36 is the lesson's route; it loads "
                                       "models of early 2025 and older. auto picks TRL unless an AutoTrain YAML is "
                                       "loaded."))
        self.engine.currentIndexChanged.connect(self._on_engine)
        self.engine.currentIndexChanged.connect(self._form_changed)
        self.lesson_button = QPushButton(self.tr("Use the lesson's AutoTrain route"))
        self.lesson_button.setObjectName("lessonRoute")
        self.lesson_button.setToolTip(self.tr("Train with AutoTrain Advanced 0.8.36 and see its YAML and command, "
                                              "as in the lesson."))
        self.lesson_button.clicked.connect(lambda: self.set_engine("autotrain"))
        erow.addWidget(QLabel(self.tr("Engine")))
        erow.addWidget(self.engine, 1)
        erow.addWidget(self.lesson_button)
        v.addLayout(erow)
        self.engine_reason = QLabel("")
        self.engine_reason.setObjectName("engineReason")
        self.engine_reason.setWordWrap(True)
        self.engine_reason.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.engine_reason)
        self.runtime_labels: dict[str, QLabel] = {}
        self.install_buttons: dict[str, QPushButton] = {}
        for name in ("trl", "autotrain"):
            row = QHBoxLayout()
            label = QLabel(self.tr("Checking the runtime…"))
            label.setObjectName(f"runtimeStatus_{name}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            button = QPushButton(self.tr("Install"))
            button.setObjectName(f"installRuntime_{name}")
            button.setToolTip(self.tr("Creates a Python environment of its own with PyTorch and this engine under "
                                      "fttool's data folder. Resumes if interrupted; an update keeps what still "
                                      "matches."))
            button.clicked.connect(lambda _=False, n=name: self.install_runtime(n))
            row.addWidget(label, 1)
            row.addWidget(button)
            v.addLayout(row)
            self.runtime_labels[name] = label
            self.install_buttons[name] = button
        self.runtime_label = self.runtime_labels["trl"]  # the default engine's (tests, status)
        self.install_button = self.install_buttons["trl"]
        row = QHBoxLayout()
        self.install_bar = QProgressBar()
        self.install_bar.setRange(0, 1000)
        self.install_bar.hide()
        self.install_cancel = QPushButton(self.tr("Cancel"))
        self.install_cancel.hide()
        self.install_cancel.clicked.connect(lambda: self.bridge.run("local_cancel", task="runtime"))
        row.addWidget(self.install_bar, 1)
        row.addWidget(self.install_cancel)
        v.addLayout(row)
        self.install_message = QLabel("")
        self.install_message.setWordWrap(True)
        self.install_message.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.install_message)
        layout.addWidget(box)

        # -- base model and data ----------------------------------------------------------------------
        box = QGroupBox(self.tr("Base model and data"))
        form = QFormLayout(box)
        self.model_list = QComboBox()
        self.model_list.setObjectName("baseModelList")
        self.model_list.setToolTip(self.tr("Small models known to work: size, memory needed, licence, architecture "
                                           "and which engine loads them."))
        self.model_list.currentIndexChanged.connect(self._on_model_choice)
        form.addRow(self.tr("Known models"), self.model_list)
        srow = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("hubSearch")
        self.search.setPlaceholderText(self.tr("Search the Hugging Face Hub (e.g. qwen3, gemma, malay)"))
        self.search.returnPressed.connect(self.search_hub)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("hubSearchButton")
        self.search_button.clicked.connect(self.search_hub)
        srow.addWidget(self.search, 1)
        srow.addWidget(self.search_button)
        form.addRow(self.tr("Hub"), srow)
        self.search_results = QListWidget()
        self.search_results.setObjectName("hubSearchResults")
        self.search_results.setMaximumHeight(130)
        self.search_results.setToolTip(self.tr("Double-click a model to choose it. ✔ the engine loads it, ✘ it "
                                               "does not, ? its runtime is not installed."))
        self.search_results.itemActivated.connect(self._on_search_pick)
        self.search_results.hide()
        form.addRow("", self.search_results)
        mrow = QHBoxLayout()
        self.model = QLineEdit()
        self.model.setObjectName("baseModel")
        self.model.setPlaceholderText(self.tr("A folder with config.json, tokenizer and weights, or a Hub id"))
        self.model.textChanged.connect(self.refresh)
        self.model.textChanged.connect(self._form_changed)
        browse = QPushButton(self.tr("Folder…"))
        browse.setObjectName("baseModelFolder")
        browse.clicked.connect(self._browse_model)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setObjectName("downloadModel")
        self.download_button.setToolTip(self.tr("Download from the Hugging Face Hub into its shared cache "
                                                "(resumes; gated models need your token)."))
        self.download_button.clicked.connect(self.download_model)
        mrow.addWidget(self.model, 1)
        mrow.addWidget(browse)
        mrow.addWidget(self.download_button)
        form.addRow(self.tr("Base model"), mrow)
        self.model_note = QLabel("")
        self.model_note.setWordWrap(True)
        self.model_note.setObjectName("modelNote")
        self.model_note.setTextFormat(Qt.TextFormat.PlainText)
        self.download_bar = QProgressBar()
        self.download_bar.hide()
        form.addRow("", self.model_note)
        form.addRow("", self.download_bar)
        drow = QHBoxLayout()
        self.train_file = QLineEdit()
        self.train_file.setObjectName("localTrainFile")
        self.train_file.setPlaceholderText(self.tr("The project's training data (JSONL chats or preference pairs)"))
        self.train_file.textChanged.connect(self.refresh)
        dbrowse = QPushButton(self.tr("Browse…"))
        dbrowse.clicked.connect(lambda: self._browse_data(self.train_file))
        drow.addWidget(self.train_file, 1)
        drow.addWidget(dbrowse)
        form.addRow(self.tr("Training data"), drow)
        vrow = QHBoxLayout()
        self.valid_file = QLineEdit()
        self.valid_file.setObjectName("localValidFile")
        self.valid_file.setPlaceholderText(self.tr("Optional: held-out chats whose loss is measured (TRL)"))
        self.valid_file.textChanged.connect(self.refresh)
        vbrowse = QPushButton(self.tr("Browse…"))
        vbrowse.clicked.connect(lambda: self._browse_data(self.valid_file))
        vrow.addWidget(self.valid_file, 1)
        vrow.addWidget(vbrowse)
        vrow.setContentsMargins(0, 0, 0, 0)
        self.valid_label = QLabel(self.tr("Validation data"))
        self.valid_row = QWidget()
        self.valid_row.setLayout(vrow)
        form.addRow(self.valid_label, self.valid_row)
        self.valid_info = QLabel("")
        self.valid_info.setObjectName("validationInfo")
        self.valid_info.setWordWrap(True)
        self.valid_info.setTextFormat(Qt.TextFormat.PlainText)
        self.valid_info.setToolTip(self.tr("Held-out examples the model does not learn from: their loss shows in the "
                                           "job's loss chart, and the checkpoint with the lowest one is kept. The "
                                           "test split is never used for training."))
        form.addRow("", self.valid_info)
        layout.addWidget(box)

        # -- parameters -------------------------------------------------------------------------------
        box = QGroupBox(self.tr("Training settings"))
        v = QVBoxLayout(box)
        prow = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for key in self.presets:
            self.preset.addItem(self.preset_label(key), key)
        apply = QPushButton(self.tr("Apply preset"))
        apply.setObjectName("applyPreset")
        apply.clicked.connect(self.apply_preset)
        prow.addWidget(QLabel(self.tr("Preset")))
        prow.addWidget(self.preset, 1)
        prow.addWidget(apply)
        v.addLayout(prow)
        self.form = ParamForm(self.provider.parameters(), exclude=("training_file", "validation_file", "engine"))
        self.form.changed.connect(self.refresh)
        self.form.changed.connect(self._form_changed)
        self.advanced_note = QLabel("")
        self.advanced_note.setObjectName("advancedNote")
        self.advanced_note.setWordWrap(True)
        self.advanced_note.setTextFormat(Qt.TextFormat.PlainText)
        self.advanced_note.setStyleSheet("color: #666666;")
        self.advanced_note.hide()
        self.recipe_plan = QLabel("")
        self.recipe_plan.setObjectName("recipePlan")
        self.recipe_plan.setWordWrap(True)
        self.recipe_plan.setTextFormat(Qt.TextFormat.PlainText)
        self.recipe_plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipe_plan.setStyleSheet("QLabel { padding: 6px; border: 1px solid palette(mid); border-radius: 4px; }")
        v.addWidget(self.recipe_plan)
        v.addWidget(self.form)
        v.addWidget(self.advanced_note)
        layout.addWidget(box)

        # -- YAML and command -------------------------------------------------------------------------
        self.yaml_box = QGroupBox(self.tr("Configuration"))
        v = QVBoxLayout(self.yaml_box)
        self.yaml = QPlainTextEdit()
        self.yaml.setObjectName("yamlPreview")
        self.yaml.setReadOnly(True)
        self.yaml.setMinimumHeight(160)
        v.addWidget(self.yaml)
        self.command = QLineEdit()
        self.command.setObjectName("autotrainCommand")
        self.command.setReadOnly(True)
        self.command.setToolTip(self.tr("The same run by hand, from the job's folder."))
        v.addWidget(self.command)
        brow = QHBoxLayout()
        for label, slot, name in ((self.tr("Copy YAML"), self.copy_yaml, "copyYaml"),
                                  (self.tr("Copy command"), self.copy_command, "copyCommand"),
                                  (self.tr("Save YAML…"), self.save_yaml, "saveYaml"),
                                  (self.tr("Load YAML…"), self.load_yaml, "loadYaml")):
            b = QPushButton(label)
            b.setObjectName(name)
            b.clicked.connect(slot)
            brow.addWidget(b)
        brow.addStretch(1)
        v.addLayout(brow)
        self.yaml_message = QLabel("")
        self.yaml_message.setObjectName("yamlMessage")
        self.yaml_message.setWordWrap(True)
        self.yaml_message.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.yaml_message)
        layout.addWidget(self.yaml_box)

        # -- pre-flight and launch --------------------------------------------------------------------
        box = QGroupBox(self.tr("Before launch"))
        v = QVBoxLayout(box)
        self.checks = QListWidget()
        self.checks.setObjectName("preflightChecks")
        self.checks.setMinimumHeight(120)
        self.checks.setWordWrap(True)
        v.addWidget(self.checks)
        self.rendered = QPlainTextEdit()
        self.rendered.setObjectName("renderedExample")
        self.rendered.setReadOnly(True)
        self.rendered.setMaximumHeight(110)
        self.rendered.setPlaceholderText(self.tr("The first example as the model will see it appears here."))
        v.addWidget(self.rendered)
        lrow = QHBoxLayout()
        self.preflight_button = QPushButton(self.tr("Run checks"))
        self.preflight_button.setObjectName("runPreflight")
        self.preflight_button.setShortcut("Ctrl+Shift+K")
        self.preflight_button.setToolTip(self.tr("Checks the data, the model, the chat template, memory, disk and "
                                                 "the runtime before anything starts (Ctrl+Shift+K)."))
        self.preflight_button.clicked.connect(self.run_preflight)
        self.launch_button = QPushButton(self.tr("Launch training"))
        self.launch_button.setObjectName("launchLocal")
        self.launch_button.setEnabled(False)
        self.launch_button.setToolTip(self.tr("Available once the checks pass. Training goes on if you close fttool."))
        self.launch_button.clicked.connect(self.launch)
        self.stale_hint = QLabel(self.tr("Settings changed: run the checks again"))
        self.stale_hint.setObjectName("checksStale")
        self.stale_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.stale_hint.setStyleSheet(STALE_STYLE)
        self.stale_hint.setToolTip(self.tr("Launch waits for checks of the settings as they are now."))
        self.stale_hint.hide()
        lrow.addWidget(self.preflight_button)
        lrow.addWidget(self.launch_button)
        lrow.addWidget(self.stale_hint)
        lrow.addStretch(1)
        v.addLayout(lrow)
        self.status = QLabel("")
        self.status.setObjectName("localStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.status)
        layout.addWidget(box)

        # -- result -----------------------------------------------------------------------------------
        self.result_box = QGroupBox(self.tr("Result"))
        v = QVBoxLayout(self.result_box)
        self.result_label = QLabel("")
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.result_label)
        self.export_bar = QProgressBar()
        self.export_bar.setRange(0, 100)
        self.export_bar.hide()
        v.addWidget(self.export_bar)
        rrow = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.export_button = QPushButton(self.tr("Merge and export…"))
        self.export_button.setObjectName("mergeExport")
        self.export_button.setToolTip(self.tr("A standalone model folder (adapter merged in, tokenizer, chat "
                                              "template, a README on serving it with vLLM, llama.cpp or Ollama)."))
        self.export_button.clicked.connect(self.merge_export)
        self.gguf_button = QPushButton(self.tr("Export GGUF for Ollama…"))
        self.gguf_button.setObjectName("ggufExport")
        self.gguf_button.setToolTip(self.tr("A GGUF file made with llama.cpp's own converter (8-bit by default) and "
                                            "an Ollama Modelfile with the model's chat template beside it."))
        self.gguf_button.clicked.connect(self.gguf_export)
        rrow.addWidget(self.open_button)
        rrow.addWidget(self.export_button)
        rrow.addWidget(self.gguf_button)
        rrow.addStretch(1)
        v.addLayout(rrow)
        self.result_box.hide()
        layout.addWidget(self.result_box)
        layout.addStretch(1)

        bridge.jobUpdated.connect(self._on_job_updated)
        bridge.notice.connect(self._on_notice)
        self._on_engine()
        self.load_runtime()
        self.bridge.run("base_models", on_success=self._on_models, on_failure=lambda e: None)

    # -- words from the core, in the person's language ------------------------------------------------
    def preset_label(self, key: str) -> str:
        labels = {"quick_cpu": self.tr("Quick test on this CPU"),
                  "lora_cpu": self.tr("LoRA on a CPU (small model, a few hours)"),
                  "lora_16gb_gpu": self.tr("LoRA on a 16 GB GPU"),
                  "qlora_8gb_gpu": self.tr("QLoRA on an 8 GB GPU")}
        return labels.get(key) or str(self.presets.get(key, {}).get("label", key))

    def formula_text(self, formula: str) -> str:
        """The pre-flight's memory formula (fttool.providers.local.preflight.MEMORY_FORMULA, filled in) in the
        person's language; a formula of another shape is shown as it is."""
        from fttool.providers.local.preflight import MEMORY_FORMULA

        pattern = (re.escape(MEMORY_FORMULA).replace(re.escape("{bytes_per_param}"), r"(?P<bpp>[^ ]+)")
                   .replace(re.escape("{act_bytes}"), r"(?P<act>[^ /]+)"))
        m = re.fullmatch(pattern, formula or "")
        if m is None:
            return formula
        return self.tr("weights P × {0} B + LoRA 16 B × trainable + activations batch × block × hidden × layers × "
                       "34 B × {1}/4 + 600 MB for torch").format(m.group("bpp"), m.group("act"))

    # -- what the project remembers ------------------------------------------------------------------
    def _form_changed(self, *_: Any) -> None:
        if not self._restoring:
            self.formChanged.emit()

    def form_state(self) -> dict[str, Any]:
        """The engine, the base model and every setting (the project remembers them; never a file or a secret)."""
        return {"engine": self.engine_choice(), "base_model": self.model.text().strip() or None,
                **self.form.all_values()}

    def restore_form(self, values: dict[str, Any]) -> None:
        self._restoring = True
        try:
            if values.get("engine") and self.engine.findData(values["engine"]) >= 0:
                self.set_engine(str(values["engine"]))
            if values.get("base_model"):
                self.model.setText(str(values["base_model"]))
            from fttool.providers.local.recipe import MANAGED

            # a field greyed out for this machine (GPU-only) keeps its default; the recipe's fields are greyed
            # only while Settings is auto, and the remembered Settings comes with them
            self.form.set_values({k: v for k, v in values.items() if k in self.form.specs
                                  and (k in MANAGED or k not in self.form.disabled_reasons)})
        finally:
            self._restoring = False

    def set_advanced(self, advanced: bool) -> None:
        self.form.set_advanced(advanced)
        self.yaml_box.setVisible(advanced)
        n = self.form.advanced_count()
        self.advanced_note.setText(self.tr("{0} more settings (LoRA, lengths, precision, …) and the engine's YAML "
                                           "are in Advanced; their sensible defaults apply.").format(n))
        self.advanced_note.setVisible(not advanced and n > 0)

    # -- engine ----------------------------------------------------------------------------------------
    def engine_choice(self) -> str:
        return str(self.engine.currentData() or "auto")

    def set_engine(self, name: str) -> None:
        self.engine.setCurrentIndex(max(self.engine.findData(name), 0))

    def resolved_engine(self) -> str:
        from fttool.runtime.engines import resolve_engine

        return resolve_engine(self.engine_choice(), {})[0]

    def _on_engine(self, *_: Any) -> None:
        from fttool.providers.local import specs_for

        engine = self.resolved_engine()
        self.form.set_shown({s.name for s in specs_for(engine)})
        is_trl = engine == "trl"
        self.valid_label.setVisible(is_trl)
        self.valid_row.setVisible(is_trl)
        self.lesson_button.setEnabled(self.engine_choice() != "autotrain")
        if not self.advanced_note.isHidden():
            self.set_advanced(False)  # this engine's count of advanced fields
        self.refresh()

    # -- runtimes --------------------------------------------------------------------------------------
    def load_runtime(self) -> None:
        self.bridge.run("runtime_status", on_success=self._on_runtime, on_failure=self._on_runtime_failed)

    def _runtime_text(self, st: dict[str, Any]) -> str:
        title = st.get("title") or st.get("engine_label", "")
        if st.get("installed"):
            txt = self.tr("{0}: installed, torch {1}, device {2}, {3} MB.").format(
                title, st.get("torch_version"), st.get("device"), st.get("size_mb"))
            if st.get("outdated"):
                txt += " " + self.tr("Installed from older pins (transformers {0}): update it.").format(
                    st.get("transformers_version"))
            return txt
        plan = st.get("plan") or {}
        return self.tr("{0}: not installed. About {1} MB to download, {2} MB on disk, {3} minutes or more ({4} "
                       "build of PyTorch).").format(title, plan.get("download_mb"), plan.get("disk_mb"),
                                                     plan.get("minutes"), plan.get("device", "cpu"))

    @Slot(object)
    def _on_runtime(self, st: dict[str, Any]) -> None:
        self.runtime = st
        self.device = (st.get("hardware") or {}).get("device", "cpu")
        for name, est in (st.get("engines") or {}).items():
            if name not in self.runtime_labels:
                continue
            self.runtime_labels[name].setText(self._runtime_text(est))
            button = self.install_buttons[name]
            button.setText(self.tr("Update") if est.get("outdated") else
                           self.tr("Reinstall") if est.get("installed") else self.tr("Install"))
        py = st.get("python_plan") or {}
        if py.get("code"):  # no Python 3.10-3.12 here: the download uv will make first, or what to install
            self.install_message.setText(text(py["code"], py.get("params")))
        from fttool.providers.local import gpu_only_code

        for name in ("quantization", "mixed_precision"):
            code = gpu_only_code(name, self.device)
            self.form.disable(name, text(code) if code else None)
        self.refresh()

    def _on_runtime_failed(self, exc: BaseException) -> None:
        self.runtime_label.setText(describe(exc)[0])

    def install_runtime(self, engine: str = "trl") -> None:
        self.installing = engine
        for b in self.install_buttons.values():
            b.setEnabled(False)
        self.install_bar.setValue(0)
        self.install_bar.show()
        self.install_cancel.show()
        self.install_message.setText("")
        self.bridge.run("runtime_install", engine=engine, on_success=self._installed, on_failure=self._install_failed,
                        activity_text=self.tr("Installing the training runtime"))

    @Slot(dict)
    def _on_notice(self, notice: dict[str, Any]) -> None:
        if notice.get("code") != "local_progress":
            return
        task = notice.get("task")
        bar = {"runtime": self.install_bar, "export": self.export_bar}.get(str(task), self.download_bar)
        bar.setRange(0, max(int(notice.get("total") or 1), 1))
        bar.setValue(int(notice.get("done") or 0))
        label = {"runtime": self.install_message, "export": self.result_label}.get(str(task), self.model_note)
        label.setText(str(notice.get("message", "")))

    def _install_done(self) -> None:
        self.installing = None
        for b in self.install_buttons.values():
            b.setEnabled(True)
        self.install_cancel.hide()
        self.install_bar.hide()

    def _installed(self, st: dict[str, Any]) -> None:
        self._install_done()
        self.install_message.setText(self.tr("Installed in {0} s ({1} MB downloaded).").format(
            st.get("install_seconds"), st.get("downloaded_mb")))
        self.load_runtime()

    def _install_failed(self, exc: BaseException) -> None:
        self._install_done()
        self.install_message.setText(describe(exc)[0])

    # -- base model ------------------------------------------------------------------------------------
    @staticmethod
    def engines_text(engines: dict[str, Any]) -> str:
        marks = {True: "\u2714", False: "\u2718", None: "?"}
        names = {"trl": "TRL", "autotrain": "AutoTrain"}
        return " ".join(f"{marks[engines.get(k)]} {v}" for k, v in names.items())

    @Slot(object)
    def _on_models(self, data: dict[str, Any]) -> None:
        self.models = list(data.get("models", []))
        self.model_list.blockSignals(True)
        self.model_list.clear()
        self.model_list.addItem(self.tr("Choose a model…"), None)
        for m in self.models:
            self.model_list.addItem(self.tr("{0} — {1}M parameters, {2} MB, needs about {3} GB RAM, {4}, {5}{6}").format(
                m["id"], m["params_m"], m["download_mb"], round(m["ram_mb"] / 1024, 1), m["licence"],
                m["architecture"], self.tr(", gated") if m.get("gated") else "") + "  ·  " +
                self.engines_text(m.get("engines") or {}), m["id"])
        self.model_list.addItem(self.tr("A folder on this computer…"), self.LOCAL_FOLDER)
        self.model_list.blockSignals(False)

    def _on_model_choice(self, index: int) -> None:
        key = self.model_list.itemData(index)
        if key == self.LOCAL_FOLDER:
            self._browse_model()
            return
        if not key:
            return
        self.model.setText(str(key))
        m = next((x for x in self.models if x["id"] == key), {})
        self.model_note.setText(self.tr(m.get("note", "")))

    def search_hub(self) -> None:
        query = self.search.text().strip()
        if not query:
            return
        self.search_button.setEnabled(False)
        self.search_results.clear()
        self.search_results.show()
        self.search_results.addItem(self.tr("Searching…"))
        self.bridge.run("search_base_models", query=query, on_success=self._on_search,
                        on_failure=self._on_search_failed, activity_text=self.tr("Searching the Hub"))

    def _on_search(self, found: list[dict[str, Any]]) -> None:
        self.search_button.setEnabled(True)
        self.search_results.clear()
        if not found:
            self.search_results.addItem(self.tr("No text-generation model matches."))
            return
        for m in found:
            size = self.tr("{0}M parameters").format(m["params_m"]) if m.get("params_m") else self.tr("size unknown")
            arch = m.get("architecture") or self.tr("architecture unknown")
            item = QListWidgetItem(f"{m['id']} — {arch}, {size}{self.tr(', gated') if m.get('gated') else ''}  ·  "
                                   f"{self.engines_text(m.get('engines') or {})}")
            item.setData(Qt.ItemDataRole.UserRole, m["id"])
            self.search_results.addItem(item)

    def _on_search_failed(self, exc: BaseException) -> None:
        self.search_button.setEnabled(True)
        self.search_results.clear()
        self.search_results.addItem(describe(exc)[0])

    def _on_search_pick(self, item: QListWidgetItem) -> None:
        repo = item.data(Qt.ItemDataRole.UserRole)
        if repo:
            self.model.setText(str(repo))

    def _browse_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("The model's folder"))
        if folder:
            self.model.setText(folder)

    def download_model(self) -> None:
        repo = self.model.text().strip()
        if not repo or Path(repo).expanduser().is_dir():
            return
        self.download_button.setEnabled(False)
        self.download_bar.setValue(0)
        self.download_bar.show()
        self.bridge.run("download_base_model", repo_id=repo, on_success=self._downloaded,
                        on_failure=self._download_failed, activity_text=self.tr("Downloading {0}").format(repo))

    def _downloaded(self, res: dict[str, Any]) -> None:
        self.download_button.setEnabled(True)
        self.download_bar.hide()
        self.model.setText(str(res["path"]))
        self.model_note.setText(self.tr("Downloaded {0} files ({1} MB) into the Hugging Face cache.").format(
            res["files"], res["size_mb"]))

    def _download_failed(self, exc: BaseException) -> None:
        self.download_button.setEnabled(True)
        self.download_bar.hide()
        self.model_note.setText(describe(exc)[0])

    def _browse_data(self, target: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Training data"), "", self.tr("JSON Lines (*.jsonl)"))
        if path:
            target.setText(path)

    # -- project, presets, form ------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        self.project = project
        if project is None:
            return
        files = project.dataset_files()
        if "train" in files and not self.train_file.text():
            self.train_file.setText(str(files["train"]))
        if "validation" in files and not self.valid_file.text():
            self.valid_file.setText(str(files["validation"]))
        base = project.meta.get("base_model")
        if project.meta.get("backend") == "local" and base and not self.model.text():
            self.model.setText(str(base))

    def apply_preset(self) -> None:
        key = str(self.preset.currentData())
        values = dict(self.presets[key]["params"])
        for name in ("quantization", "mixed_precision"):
            if name in self.form.disabled_reasons:
                values.pop(name, None)
        values["recipe"] = "manual"  # a preset is the person's choice of values
        self.form.set_values(values)
        self.status.setText(self.tr("Preset applied: {0}.").format(self.preset_label(key)))

    # -- the recipe (Settings: auto chooses from the data, manual uses the fields) ------------------------
    def recipe_auto(self) -> bool:
        return self.form.values().get("recipe", "auto") == "auto"

    def _recipe_fields(self) -> None:
        """Auto: the managed fields are greyed out (the checks fill them with the recipe's values); manual: they are
        the person's. Any change forgets the last recipe: the data or the model may be different now."""
        from fttool.providers.local.recipe import MANAGED

        auto = self.recipe_auto()
        reason = self.tr("Chosen from your data and model (Settings: auto). Choose manual to set it yourself.")
        for name in MANAGED:
            self.form.disable(name, reason if auto else None, note=False)
        self.chosen = None
        self.recipe_plan.setVisible(auto)
        self.recipe_plan.setText(self.tr("Settings: auto. fttool chooses the epochs, batch, lengths and LoRA settings "
                                         "from your data and model. Run checks to see the plan and why."))

    def _show_recipe(self, rec: dict[str, Any]) -> None:
        from fttool.providers.local.recipe import MANAGED

        plain = rec["plain"]
        params = dict(plain["params"])
        duration = plain.get("duration")
        if duration:
            params["duration"] = text(duration["code"], duration["params"], params.get("duration", ""))
        lines = [text(plain["code"], params, plain["message"])]
        lines += [text(r["code"], r["params"], r["message"]) for r in rec.get("reasons", [])]
        self.recipe_plan.setText("\n".join(lines))
        self.chosen = {k: rec[k] for k in MANAGED if k in rec}
        self.form.set_values(self.chosen, emit=False)  # shown, greyed out; no refresh (it would forget them)
        try:
            from fttool.providers.local import engine_view

            self.view = engine_view(self.params(), self.model.text().strip() or "<base model>",
                                    self.tr("<job folder>"), self.chosen)
        except (TypeError, ValueError):
            return
        self.yaml.setPlainText(self.view["yaml"])
        self.command.setText(self.view["command"])

    def params(self) -> dict[str, Any]:
        out = {**self.form.values(), "engine": self.engine_choice(),
               "training_file": self.train_file.text().strip() or None}
        if out.get("recipe", "auto") == "auto":  # the recipe's values are chosen at launch, from the data
            from fttool.providers.local.recipe import MANAGED

            out.update({name: None for name in MANAGED if name in out})
        if self.resolved_engine() == "trl":  # named, or None: none (the job does not take the project's then)
            out["validation_file"] = self.valid_file.text().strip() or None
        return out

    def refresh(self) -> None:
        """YAML, command and field checks for the form as it is (quick: no subprocess; a small training file is
        read to count its rows for the steps)."""
        from fttool.providers.local import engine_view, gpu_only_code, specs_for

        self._invalidate_checks()
        self._recipe_fields()
        self._show_validation()
        params = self.params()
        engine = self.resolved_engine()
        problems = validate_against(specs_for(engine), params)
        for name in ("quantization", "mixed_precision"):
            code = gpu_only_code(name, self.device)
            if params.get(name) not in (None, "none") and code:
                from fttool.providers.base import ParamProblem

                problems.append(ParamProblem(name, code, text(code)))
        self.form.show_problems(problems)
        try:
            self.view = engine_view(params, self.model.text().strip() or "<base model>", self.tr("<job folder>"))
        except (TypeError, ValueError):
            return  # a field that is not a number yet: its problem shows under it
        self.yaml.setPlainText(self.view["yaml"])
        self.command.setText(self.view["command"])
        reason = text(self.view.get("engine_reason_code", ""), self.view.get("engine_reason_params") or {},
                      self.view["engine_reason"])
        self.engine_reason.setText(self.tr("{0}. {1}").format(self.view["title"], reason))
        self.yaml_box.setTitle(self.tr("{0} configuration").format("TRL" if engine == "trl" else "AutoTrain"))

    def _invalidate_checks(self) -> None:
        """A change: the last checks no longer speak for the form. Launch greys out, and if checks had run (or are
        running) the hint beside it says to run them again."""
        had_checks = self.preflight_result is not None or self.launch_button.isEnabled() or \
            not self.preflight_button.isEnabled()
        self._check_seq += 1
        self.preflight_result = None
        self.launch_button.setEnabled(False)
        if had_checks:
            self.stale_hint.show()

    def _test_split(self) -> Path | None:
        if self.project is None or not hasattr(self.project, "dataset_files"):
            return None
        return self.project.dataset_files().get("test")

    def _show_validation(self) -> None:
        """Which validation file the job will measure its loss on (TRL), or why none."""
        vf = self.valid_file.text().strip()
        test = self._test_split()
        if self.resolved_engine() != "trl":
            msg = self.tr("Validation: AutoTrain turns it off for LLM training; choose the TRL engine to measure the "
                          "validation loss.")
        elif vf and test is not None and Path(vf).name == test.name and Path(vf).parent == test.parent:
            msg = self.tr("This is the project's test split: it is kept aside to judge the tuned model. Choose "
                          "the validation split instead.")
        elif vf:
            msg = self.tr("Validation: {0}. Its loss is measured during training and shown in the job's loss "
                          "chart.").format(Path(vf).name)
        else:
            msg = self.tr("Validation: none. Add one with Split in the Data view.")
        self.valid_info.setText(msg)

    def copy_yaml(self) -> None:
        QGuiApplication.clipboard().setText(self.yaml.toPlainText())
        self.yaml_message.setText(self.tr("YAML copied."))

    def copy_command(self) -> None:
        QGuiApplication.clipboard().setText(self.command.text())
        self.yaml_message.setText(self.tr("Command copied."))

    def save_yaml(self, path: str | None = None) -> None:
        if not path:
            name = "job.yaml" if self.resolved_engine() == "trl" else "job.yml"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save YAML"), name, self.tr("YAML (*.yml *.yaml)"))
        if not path:
            return
        self.bridge.run("local_save_yaml", path=path, params=self.params(), base_model=self.model.text().strip(),
                        chosen=self.chosen,
                        on_success=lambda p: self.yaml_message.setText(self.tr("Saved {0}.").format(p)),
                        on_failure=lambda e: self.yaml_message.setText(describe(e)[0]))

    def load_yaml(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Load an AutoTrain YAML"), "",
                                                  self.tr("YAML (*.yml *.yaml)"))
        if not path:
            return
        self.bridge.run("local_load_yaml", path=path, on_success=self._loaded_yaml,
                        on_failure=lambda e: self.yaml_message.setText(describe(e)[0]))

    def _loaded_yaml(self, res: dict[str, Any]) -> None:
        self.set_engine("autotrain")  # an AutoTrain YAML runs on AutoTrain
        self.form.set_values(res["params"])
        if res.get("base_model"):
            self.model.setText(str(res["base_model"]))
        self.yaml_message.setText(self.tr("Loaded; checked like the form (backend local, paths inside the job "
                                          "folder). It runs on the AutoTrain engine."))

    # -- pre-flight and launch -------------------------------------------------------------------------
    def run_preflight(self) -> None:
        self.preflight_button.setEnabled(False)
        self.stale_hint.hide()
        self.checks.clear()
        self.checks.addItem(self.tr("Checking… (the model checks run in the runtime's Python)"))
        seq = self._check_seq
        self.bridge.run("local_preflight", params=self.params(), base_model=self.model.text().strip() or None,
                        on_success=lambda res: self._on_preflight(res, seq), on_failure=self._on_preflight_failed,
                        activity_text=self.tr("Checking before launch"))

    def _on_preflight(self, res: dict[str, Any], seq: int | None = None) -> None:
        from PySide6.QtGui import QColor

        self.preflight_button.setEnabled(True)
        self.checks.clear()
        for c in res["checks"]:
            params = dict(c.get("params") or {})
            if "formula" in params:
                params["formula"] = self.formula_text(str(params["formula"]))
            if params.get("why_code"):  # a reason the core gives as a code: said in the person's language
                params["why"] = text(str(params["why_code"]), dict(params.get("why_params") or {}),
                                     str(params.get("why", "")))
            item = QListWidgetItem(f"{STATUS_MARK[c['status']]}  {text(c['code'], params, c['message'])}")
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setToolTip(c["status"])
            item.setForeground(QColor(STATUS_COLOR[c["status"]]))
            self.checks.addItem(item)
        rendered = res.get("rendered")
        if rendered:
            self.rendered.setPlainText(self.tr("First example, {0} tokens:\n{1}").format(rendered["tokens"],
                                                                                      rendered["text"]))
        if seq is not None and seq != self._check_seq:  # the form changed while the checks ran
            self.launch_button.setEnabled(False)
            self.stale_hint.show()
            self.status.setText(self.tr("The settings changed during the checks: run them again."))
            return
        self.preflight_result = res
        if res.get("recipe") and self.recipe_auto():
            self._show_recipe(res["recipe"])
        self.launch_button.setEnabled(bool(res["ok"]))
        self.stale_hint.hide()
        self.status.setText(self.tr("All checks passed: ready to launch.") if res["ok"] else
                            self.tr("Fix the failed checks first."))

    def _on_preflight_failed(self, exc: BaseException) -> None:
        self.preflight_button.setEnabled(True)
        self.checks.clear()
        self.checks.addItem(describe(exc)[0])

    def launch(self) -> None:
        if not self.preflight_result or not self.preflight_result.get("ok"):
            return
        self.launch_button.setEnabled(False)
        self.status.setText(self.tr("Starting…"))
        project = str(self.project.path) if self.project is not None and hasattr(self.project, "path") else None
        self.bridge.run("create_job", backend="local", base_model=self.model.text().strip(), params=self.params(),
                        project=project, on_success=self._started, on_failure=self._launch_failed)

    def _started(self, job: dict[str, Any]) -> None:
        self.job = job
        self.status.setText(self.tr("Training started: job {0}. Follow it in Jobs; it goes on if you close fttool.")
                            .format(job["id"]))
        self.jobStarted.emit(job)

    def _launch_failed(self, exc: BaseException) -> None:
        self.launch_button.setEnabled(True)
        self.status.setText(describe(exc)[0])

    @Slot(dict)
    def _on_job_updated(self, job: dict[str, Any]) -> None:
        if self.job is None or job.get("id") != self.job["id"]:
            return
        self.job = job
        loss = job.get("metrics", {}).get("train_loss") or []
        last = f", loss {loss[-1][1]:.3f}" if loss else ""
        self.status.setText(self.tr("Job {0}: {1} ({2}{3})").format(job["id"], job["status"],
                                                                    job.get("provider_status") or "", last))
        if job["status"] == "succeeded" and job.get("result_model"):
            self.result_box.show()
            self.result_label.setText(self.tr("The adapter is in {0}").format(job["result_model"]))
            self.export_button.setEnabled(True)
            self.gguf_button.setEnabled(True)
        elif job["status"] == "failed" and job.get("error"):
            self.result_box.show()
            self.result_label.setText(str(job["error"].get("message", "")))
            self.export_button.setEnabled(False)
            self.gguf_button.setEnabled(False)

    def open_folder(self) -> None:
        if self.job and self.job.get("result_model"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.job["result_model"]))

    def merge_export(self, target: str | None = None) -> None:
        if not self.job:
            return
        if not target:
            target = QFileDialog.getExistingDirectory(self, self.tr("Export the merged model into"))
            if not target:
                return
            target = str(Path(target) / f"{self.job['id']}-merged")
        self.export_button.setEnabled(False)
        self.result_label.setText(self.tr("Merging the adapter into the base model…"))
        self.bridge.run("local_merge_export", job_id=self.job["id"], target=target, on_success=self._exported,
                        on_failure=self._export_failed, activity_text=self.tr("Merging and exporting"))

    def gguf_export(self, target: str | None = None) -> None:
        if not self.job:
            return
        if not target:
            target = QFileDialog.getExistingDirectory(self, self.tr("Export the GGUF into"))
            if not target:
                return
            target = str(Path(target) / f"{self.job['id']}-gguf")
        self.gguf_button.setEnabled(False)
        self.export_bar.setValue(0)
        self.export_bar.show()
        self.result_label.setText(self.tr("Making the GGUF with llama.cpp's converter…"))
        self.bridge.run("local_export", job_id=self.job["id"], format="gguf", out=target, on_success=self._exported,
                        on_failure=self._export_failed, activity_text=self.tr("Exporting GGUF"))

    def _exported(self, res: dict[str, Any]) -> None:
        self.export_button.setEnabled(True)
        self.gguf_button.setEnabled(True)
        self.export_bar.hide()
        if res.get("format") == "gguf":
            self.result_label.setText(self.tr("Exported {0} and an Ollama Modelfile to {1}: `ollama create NAME -f "
                                              "Modelfile` there.").format(Path(res["gguf"]).name, res["path"]))
        else:
            self.result_label.setText(self.tr("Exported a standalone model to {0} (see its README for serving).")
                                      .format(res["path"]))

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.gguf_button.setEnabled(True)
        self.export_bar.hide()
        self.result_label.setText(describe(exc)[0])


def _panels() -> dict[str, type[QWidget]]:
    panels: dict[str, type[QWidget]] = {"local": LocalTrainPanel}
    from ui.views.train_cloud import PANELS as CLOUD

    panels.update(CLOUD)
    from ui.views.train_hf import HfTrainPanel

    panels["hf"] = HfTrainPanel
    return panels


PANELS: dict[str, type[QWidget]] = _panels()


class TrainView(View):
    key = "train"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.advanced = False
        self._restoring = False
        self._remembered: dict[str, dict[str, Any]] = {}  # the project's train_form as last read or saved
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.title()))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Train on")))
        self.backend = QComboBox()
        self.backend.setObjectName("backendSelector")
        names = backend_names()
        order = ["local"] + [n for n in names if n != "local"]
        for name in order:
            self.backend.addItem(self.backend_label(name), name)
        self.backend.setToolTip(self.tr("Where the training runs: on this computer, or with a cloud provider."))
        row.addWidget(self.backend, 1)
        self.simple_button = QRadioButton(self.tr("&Simple"))
        self.simple_button.setObjectName("trainSimple")
        self.simple_button.setToolTip(self.tr("Only what you need to choose (model, data, epochs); sensible defaults "
                                              "for the rest. Alt+S"))
        self.advanced_button = QRadioButton(self.tr("A&dvanced"))
        self.advanced_button.setObjectName("trainAdvanced")
        self.advanced_button.setToolTip(self.tr("Every setting: LoRA, lengths, precision, seeds, the engine's YAML. "
                                                "Alt+D"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.simple_button)
        self.mode_group.addButton(self.advanced_button)
        self.simple_button.setChecked(True)
        self.advanced_button.toggled.connect(self._on_mode)
        row.addWidget(self.simple_button)
        row.addWidget(self.advanced_button)
        layout.addLayout(row)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.form_note = QLabel("")
        self.form_note.setObjectName("trainFormNote")
        self.form_note.setWordWrap(True)
        self.form_note.setTextFormat(Qt.TextFormat.PlainText)
        self.form_note.hide()
        layout.addWidget(self.form_note)
        self.panels: dict[str, QWidget] = {}
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_form)
        self.backend.currentIndexChanged.connect(self._show_backend)
        self.backend.currentIndexChanged.connect(self._changed)
        self._show_backend(0)

    def title(self) -> str:
        return self.tr("Train")

    def backend_label(self, name: str) -> str:
        """The backend's name in the person's language (the providers' labels are English)."""
        labels = {"local": self.tr("On this computer (TRL or AutoTrain)"), "hf": self.tr("Hugging Face Jobs"),
                  "openai": self.tr("OpenAI"), "azure": self.tr("Azure OpenAI"), "together": self.tr("Together AI")}
        if name in labels:
            return labels[name]
        try:
            return get_provider(name).label or name
        except Exception:
            return name

    def panel(self, backend: str) -> QWidget:
        """The backend's panel, made on first use (a cloud panel may ask its provider for facts)."""
        if backend not in self.panels:
            cls = PANELS.get(backend)
            panel = cls(self.bridge) if cls is not None else GenericTrainPanel(self.bridge, backend=backend)
            if self.project is not None and hasattr(panel, "set_project"):
                panel.set_project(self.project)
            if hasattr(panel, "set_advanced"):
                panel.set_advanced(self.advanced)
            if self._remembered.get(backend) and hasattr(panel, "restore_form"):
                panel.restore_form(self._remembered[backend])
            if hasattr(panel, "formChanged"):
                panel.formChanged.connect(self._changed)
            self.panels[backend] = panel
            self.stack.addWidget(panel)
        return self.panels[backend]

    def _show_backend(self, index: int) -> None:
        name = self.backend.itemData(index)
        if name:
            self.stack.setCurrentWidget(self.panel(str(name)))

    def select_backend(self, name: str) -> QWidget:
        self.backend.setCurrentIndex(self.backend.findData(name))
        return self.panel(name)

    def open_panel(self, panel: str, options: dict[str, Any] | None = None) -> None:
        """Show a backend's panel ("local", "autotrain", "openai", "azure", "huggingface" or "hf", "together"), for
        the Decide view through the main window. `options` may carry `base_model` (and `engine` for local)."""
        options = dict(options or {})
        key = PANEL_ALIASES.get(panel, panel)
        if self.backend.findData(key) < 0:
            return
        widget = self.select_backend(key)
        engine = options.get("engine") or (panel if panel in ("autotrain", "trl") else None)
        if engine and isinstance(widget, LocalTrainPanel):
            widget.set_engine(str(engine))
        model = options.get("base_model") or options.get("model")
        if model:
            target = getattr(widget, "model", None)
            if isinstance(target, QLineEdit):
                target.setText(str(model))
            elif isinstance(target, QComboBox):
                target.setCurrentText(str(model))

    # -- Simple / Advanced ---------------------------------------------------------------------------------
    def set_advanced(self, advanced: bool) -> None:
        (self.advanced_button if advanced else self.simple_button).setChecked(True)
        self._on_mode(advanced)

    def _on_mode(self, *_: Any) -> None:
        self.advanced = self.advanced_button.isChecked()
        for panel in self.panels.values():
            if hasattr(panel, "set_advanced"):
                panel.set_advanced(self.advanced)
        self._changed()

    # -- remembered per project ----------------------------------------------------------------------------
    def form_state(self) -> dict[str, dict[str, Any]]:
        """What the project remembers: the view's choices and each panel's (those not opened this time as read)."""
        state = {k: dict(v) for k, v in self._remembered.items()}
        state["_view"] = {"backend": str(self.backend.currentData() or "local"), "advanced": self.advanced}
        for name, panel in self.panels.items():
            if hasattr(panel, "form_state"):
                state[name] = panel.form_state()
        return state

    def _changed(self, *_: Any) -> None:
        if not self._restoring and self.project is not None:
            self._save_timer.start()

    def save_form(self) -> None:
        """Store the form into the project (the service writes project.json; the GUI thread only asks)."""
        from fttool.providers.train_form import KEY, clean_form

        self._save_timer.stop()
        project = self.project
        if project is None or getattr(project, "read_only", False):
            return
        state = clean_form(self.form_state())
        if state == self._remembered:
            return
        self._remembered = state
        project.meta[KEY] = state  # other views' saves of project.json keep it

        def failed(exc: BaseException) -> None:
            if isValid(self.form_note):
                self.form_note.setText(self.tr("Could not remember these settings in the project: {0}").format(
                    describe(exc)[0]))
                self.form_note.show()

        def saved(_result: Any) -> None:
            if isValid(self.form_note):
                self.form_note.hide()

        self.bridge.run("train_form_save", project=str(project.path), form=state, on_success=saved,
                        on_failure=failed)

    def shutdown(self) -> None:
        if self._save_timer.isActive():
            self.save_form()
        super().shutdown()

    def set_project(self, project: Project | None) -> None:
        from fttool.providers.train_form import KEY, clean_form, load_train_form

        pending = self._save_timer.isActive() and self.project is not None
        if pending:
            self.save_form()  # the last changes go to the project they were made in
        same = project is not None and self.project is not None and Path(project.path) == Path(self.project.path)
        super().set_project(project)
        if pending and same and project is not None:  # the same project opened again: its file may lag behind
            project.meta[KEY] = self._remembered
        self._remembered = load_train_form(project)
        self._restoring = True
        try:
            for panel in self.panels.values():
                if hasattr(panel, "set_project"):
                    panel.set_project(project)
            view = self._remembered.get("_view", {})
            if "advanced" in view:
                self.set_advanced(bool(view["advanced"]))
            if view.get("backend") and self.backend.findData(view["backend"]) >= 0:
                self.select_backend(str(view["backend"]))
            for name, panel in self.panels.items():
                if self._remembered.get(name) and hasattr(panel, "restore_form"):
                    panel.restore_form(self._remembered[name])
        finally:
            self._restoring = False
        self._remembered = clean_form(self.form_state()) if project is not None else {}
