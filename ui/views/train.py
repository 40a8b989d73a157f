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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
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
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fttool.project import Project
from fttool.providers import backend_names, get_provider
from fttool.providers.base import validate_against
from ui.bridge import Bridge
from ui.messages import text
from ui.views.base import View
from ui.widgets.error_dialog import describe
from ui.widgets.param_form import ParamForm

STATUS_MARK = {"pass": "\u2714", "warn": "\u26a0", "fail": "\u2716"}
STATUS_COLOR = {"pass": "#1b7f3b", "warn": "#a66a00", "fail": "#b00020"}


def ensure_local_commands(bridge: Bridge) -> None:
    """The service registers the local commands when it starts; a service made before (tests) gets them here. A
    view made before the service exists (fttool-app --view train) waits for it: nothing to do."""
    if bridge.service is None:
        return
    from fttool.runtime.commands import register

    register(bridge.service)


class GenericTrainPanel(QWidget):
    """For a backend without a panel of its own: its descriptors as a form, the training file, Launch."""

    jobStarted = Signal(dict)

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
        self.setObjectName("trainPanel_local")
        ensure_local_commands(bridge)
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
        self.valid_label = QLabel(self.tr("Validation data"))
        self.valid_row = QWidget()
        self.valid_row.setLayout(vrow)
        form.addRow(self.valid_label, self.valid_row)
        layout.addWidget(box)

        # -- parameters -------------------------------------------------------------------------------
        box = QGroupBox(self.tr("Training settings"))
        v = QVBoxLayout(box)
        prow = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for key, p in self.presets.items():
            self.preset.addItem(self.tr(p["label"]), key)
        apply = QPushButton(self.tr("Apply preset"))
        apply.setObjectName("applyPreset")
        apply.clicked.connect(self.apply_preset)
        prow.addWidget(QLabel(self.tr("Preset")))
        prow.addWidget(self.preset, 1)
        prow.addWidget(apply)
        v.addLayout(prow)
        self.form = ParamForm(self.provider.parameters(), exclude=("training_file", "validation_file", "engine"))
        self.form.changed.connect(self.refresh)
        self.recipe_plan = QLabel("")
        self.recipe_plan.setObjectName("recipePlan")
        self.recipe_plan.setWordWrap(True)
        self.recipe_plan.setTextFormat(Qt.TextFormat.PlainText)
        self.recipe_plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipe_plan.setStyleSheet("QLabel { padding: 6px; border: 1px solid palette(mid); border-radius: 4px; }")
        v.addWidget(self.recipe_plan)
        v.addWidget(self.form)
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
        lrow.addWidget(self.preflight_button)
        lrow.addWidget(self.launch_button)
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
        key = self.preset.currentData()
        values = dict(self.presets[key]["params"])
        for name in ("quantization", "mixed_precision"):
            if name in self.form.disabled_reasons:
                values.pop(name, None)
        values["recipe"] = "manual"  # a preset is the person's choice of values
        self.form.set_values(values)
        self.status.setText(self.tr("Preset applied: {0}.").format(self.tr(self.presets[key]["label"])))

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
        if self.resolved_engine() == "trl" and self.valid_file.text().strip():
            out["validation_file"] = self.valid_file.text().strip()
        return out

    def refresh(self) -> None:
        """YAML, command and field checks for the form as it is (quick: no subprocess; a small training file is
        read to count its rows for the steps)."""
        from fttool.providers.local import engine_view, gpu_only_code, specs_for

        self._recipe_fields()
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
        self.engine_reason.setText(self.tr("{0}. {1}").format(self.view["title"], self.view["engine_reason"]))
        self.yaml_box.setTitle(self.tr("{0} configuration").format("TRL" if engine == "trl" else "AutoTrain"))
        self.preflight_result = None
        self.launch_button.setEnabled(False)

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
        self.checks.clear()
        self.checks.addItem(self.tr("Checking… (the model checks run in the runtime's Python)"))
        self.bridge.run("local_preflight", params=self.params(), base_model=self.model.text().strip() or None,
                        on_success=self._on_preflight, on_failure=self._on_preflight_failed,
                        activity_text=self.tr("Checking before launch"))

    def _on_preflight(self, res: dict[str, Any]) -> None:
        from PySide6.QtGui import QColor

        self.preflight_button.setEnabled(True)
        self.checks.clear()
        for c in res["checks"]:
            item = QListWidgetItem(f"{STATUS_MARK[c['status']]}  {text(c['code'], c['params'], c['message'])}")
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setToolTip(c["status"])
            item.setForeground(QColor(STATUS_COLOR[c["status"]]))
            self.checks.addItem(item)
        rendered = res.get("rendered")
        if rendered:
            self.rendered.setPlainText(self.tr("First example, {0} tokens:\n{1}").format(rendered["tokens"],
                                                                                      rendered["text"]))
        self.preflight_result = res
        if res.get("recipe") and self.recipe_auto():
            self._show_recipe(res["recipe"])
        self.launch_button.setEnabled(bool(res["ok"]))
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.title()))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Train on")))
        self.backend = QComboBox()
        self.backend.setObjectName("backendSelector")
        names = backend_names()
        order = ["local"] + [n for n in names if n != "local"]
        for name in order:
            try:
                label = get_provider(name).label or name
            except Exception:
                label = name
            self.backend.addItem(label, name)
        self.backend.setToolTip(self.tr("Where the training runs: on this computer, or with a cloud provider."))
        row.addWidget(self.backend, 1)
        layout.addLayout(row)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.panels: dict[str, QWidget] = {}
        self.backend.currentIndexChanged.connect(self._show_backend)
        self._show_backend(0)

    def title(self) -> str:
        return self.tr("Train")

    def panel(self, backend: str) -> QWidget:
        """The backend's panel, made on first use (a cloud panel may ask its provider for facts)."""
        if backend not in self.panels:
            cls = PANELS.get(backend)
            panel = cls(self.bridge) if cls is not None else GenericTrainPanel(self.bridge, backend=backend)
            if self.project is not None and hasattr(panel, "set_project"):
                panel.set_project(self.project)
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

    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        for panel in self.panels.values():
            if hasattr(panel, "set_project"):
                panel.set_project(project)
