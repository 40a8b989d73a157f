"""The Train view: a backend selector over fttool.providers.backend_names(), and below it one panel per backend from
`PANELS` (a generic form from the provider's descriptors when a backend has no panel of its own).

The local panel (AutoTrain Advanced in the managed runtime): the runtime (install with sizes up front, progress,
cancel), a base model (a curated list with size, RAM, licence and architecture; Hub download with progress; or a
folder on this computer), the training data, presets, the form drawn from the local provider's descriptors, the
YAML and the equivalent `autotrain` command (copy, save, load: a loaded YAML gets the same checks), pre-flight
checks (pass/warn/fail, the rendered first example and its tokens, the memory formula), Launch through
bridge.run("create_job", ...), and for a finished job "Open folder" and "Merge and export…".
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
        params = {**self.form.values(), "training_file": self.train_file.text().strip() or None}
        self.bridge.run("create_job", backend=self.backend, base_model=self.model.text().strip() or None,
                        params=params, on_success=self._started,
                        on_failure=lambda e: self.status.setText(describe(e)[0]))

    def _started(self, job: dict[str, Any]) -> None:
        self.status.setText(self.tr("Started job {0}.").format(job["id"]))
        self.jobStarted.emit(job)


class LocalTrainPanel(QWidget):
    """Local training with AutoTrain Advanced 0.8.36 in the managed runtime."""

    jobStarted = Signal(dict)
    LOCAL_FOLDER = "__folder__"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, **_: Any) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project: Any = None
        self.runtime: dict[str, Any] = {}
        self.device = "cpu"
        self.preflight_result: dict[str, Any] | None = None
        self.job: dict[str, Any] | None = None
        self.models: list[dict[str, Any]] = []
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

        # -- runtime ---------------------------------------------------------------------------------
        box = QGroupBox(self.tr("Training runtime (AutoTrain Advanced 0.8.36)"))
        v = QVBoxLayout(box)
        self.runtime_label = QLabel(self.tr("Checking the runtime…"))
        self.runtime_label.setObjectName("runtimeStatus")
        self.runtime_label.setWordWrap(True)
        v.addWidget(self.runtime_label)
        row = QHBoxLayout()
        self.install_button = QPushButton(self.tr("Install runtime"))
        self.install_button.setObjectName("installRuntime")
        self.install_button.setToolTip(self.tr("Creates a Python environment of its own with PyTorch and AutoTrain "
                                               "Advanced under fttool's data folder. Resumes if interrupted."))
        self.install_button.clicked.connect(self.install_runtime)
        self.install_bar = QProgressBar()
        self.install_bar.setRange(0, 1000)
        self.install_bar.hide()
        self.install_cancel = QPushButton(self.tr("Cancel"))
        self.install_cancel.hide()
        self.install_cancel.clicked.connect(lambda: self.bridge.run("local_cancel", task="runtime"))
        row.addWidget(self.install_button)
        row.addWidget(self.install_bar, 1)
        row.addWidget(self.install_cancel)
        v.addLayout(row)
        self.install_message = QLabel("")
        self.install_message.setWordWrap(True)
        v.addWidget(self.install_message)
        layout.addWidget(box)

        # -- base model and data ----------------------------------------------------------------------
        box = QGroupBox(self.tr("Base model and data"))
        form = QFormLayout(box)
        self.model_list = QComboBox()
        self.model_list.setObjectName("baseModelList")
        self.model_list.setToolTip(self.tr("Small models known to work with the runtime: size, memory needed, "
                                           "licence and architecture."))
        self.model_list.currentIndexChanged.connect(self._on_model_choice)
        form.addRow(self.tr("Known models"), self.model_list)
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
        self.download_bar = QProgressBar()
        self.download_bar.hide()
        form.addRow("", self.model_note)
        form.addRow("", self.download_bar)
        drow = QHBoxLayout()
        self.train_file = QLineEdit()
        self.train_file.setObjectName("localTrainFile")
        self.train_file.setPlaceholderText(self.tr("The project's training data (JSONL chats)"))
        self.train_file.textChanged.connect(self.refresh)
        dbrowse = QPushButton(self.tr("Browse…"))
        dbrowse.clicked.connect(self._browse_data)
        drow.addWidget(self.train_file, 1)
        drow.addWidget(dbrowse)
        form.addRow(self.tr("Training data"), drow)
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
        self.form = ParamForm(self.provider.parameters(), exclude=("training_file",))
        self.form.changed.connect(self.refresh)
        v.addWidget(self.form)
        layout.addWidget(box)

        # -- YAML and command -------------------------------------------------------------------------
        box = QGroupBox(self.tr("AutoTrain configuration"))
        v = QVBoxLayout(box)
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
        v.addWidget(self.yaml_message)
        layout.addWidget(box)

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
        v.addWidget(self.status)
        layout.addWidget(box)

        # -- result -----------------------------------------------------------------------------------
        self.result_box = QGroupBox(self.tr("Result"))
        v = QVBoxLayout(self.result_box)
        self.result_label = QLabel("")
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.result_label)
        rrow = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.export_button = QPushButton(self.tr("Merge and export…"))
        self.export_button.setObjectName("mergeExport")
        self.export_button.setToolTip(self.tr("A standalone model folder (adapter merged in, tokenizer, chat "
                                              "template, a README on serving it with vLLM, llama.cpp or Ollama)."))
        self.export_button.clicked.connect(self.merge_export)
        rrow.addWidget(self.open_button)
        rrow.addWidget(self.export_button)
        rrow.addStretch(1)
        v.addLayout(rrow)
        self.result_box.hide()
        layout.addWidget(self.result_box)
        layout.addStretch(1)

        bridge.jobUpdated.connect(self._on_job_updated)
        bridge.notice.connect(self._on_notice)
        self.refresh()
        self.load_runtime()
        self.bridge.run("base_models", on_success=self._on_models, on_failure=lambda e: None)

    # -- runtime ---------------------------------------------------------------------------------------
    def load_runtime(self) -> None:
        self.bridge.run("runtime_status", on_success=self._on_runtime, on_failure=self._on_runtime_failed)

    @Slot(object)
    def _on_runtime(self, st: dict[str, Any]) -> None:
        self.runtime = st
        self.device = (st.get("hardware") or {}).get("device", "cpu")
        plan = st.get("plan") or {}
        if st.get("installed"):
            self.runtime_label.setText(self.tr("Installed: AutoTrain {0}, torch {1}, device {2}, {3} MB in {4}.").format(
                st.get("autotrain_version"), st.get("torch_version"), st.get("device"), st.get("size_mb"),
                st.get("path")))
            self.install_button.setText(self.tr("Reinstall"))
        else:
            self.runtime_label.setText(self.tr(
                "Not installed. Local training needs its own environment: about {0} MB to download, {1} MB on disk, "
                "{2} minutes or more ({3} build of PyTorch).").format(
                plan.get("download_mb"), plan.get("disk_mb"), plan.get("minutes"), plan.get("device", "cpu")))
            py = st.get("python_plan") or {}
            if py.get("code"):  # no Python 3.10-3.12 here: the download uv will make first, or what to install
                self.runtime_label.setText(self.runtime_label.text() + "\n" + text(py["code"], py.get("params")))
            self.install_button.setText(self.tr("Install runtime"))
        from fttool.providers.local import gpu_only_code

        for name in ("quantization", "mixed_precision"):
            code = gpu_only_code(name, self.device)
            self.form.disable(name, text(code) if code else None)
        self.refresh()

    def _on_runtime_failed(self, exc: BaseException) -> None:
        self.runtime_label.setText(describe(exc)[0])

    def install_runtime(self) -> None:
        self.install_button.setEnabled(False)
        self.install_bar.setValue(0)
        self.install_bar.show()
        self.install_cancel.show()
        self.install_message.setText("")
        self.bridge.run("runtime_install", on_success=self._installed, on_failure=self._install_failed,
                        activity_text=self.tr("Installing the training runtime"))

    @Slot(dict)
    def _on_notice(self, notice: dict[str, Any]) -> None:
        if notice.get("code") != "local_progress":
            return
        bar = self.install_bar if notice.get("task") == "runtime" else self.download_bar
        bar.setRange(0, max(int(notice.get("total") or 1), 1))
        bar.setValue(int(notice.get("done") or 0))
        label = self.install_message if notice.get("task") == "runtime" else self.model_note
        label.setText(str(notice.get("message", "")))

    def _install_done(self) -> None:
        self.install_button.setEnabled(True)
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
    @Slot(object)
    def _on_models(self, data: dict[str, Any]) -> None:
        self.models = list(data.get("models", []))
        self.model_list.blockSignals(True)
        self.model_list.clear()
        self.model_list.addItem(self.tr("Choose a model…"), None)
        for m in self.models:
            self.model_list.addItem(self.tr("{0} — {1}M parameters, {2} MB, needs about {3} GB RAM, {4}, {5}{6}").format(
                m["id"], m["params_m"], m["download_mb"], round(m["ram_mb"] / 1024, 1), m["licence"],
                m["architecture"], self.tr(", gated") if m.get("gated") else ""), m["id"])
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

    def _browse_data(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Training data"), "", self.tr("JSON Lines (*.jsonl)"))
        if path:
            self.train_file.setText(path)

    # -- project, presets, form ------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        self.project = project
        if project is None:
            return
        files = project.dataset_files()
        if "train" in files and not self.train_file.text():
            self.train_file.setText(str(files["train"]))
        base = project.meta.get("base_model")
        if project.meta.get("backend") == "local" and base and not self.model.text():
            self.model.setText(str(base))

    def apply_preset(self) -> None:
        key = self.preset.currentData()
        values = dict(self.presets[key]["params"])
        for name in ("quantization", "mixed_precision"):
            if name in self.form.disabled_reasons:
                values.pop(name, None)
        self.form.set_values(values)
        self.status.setText(self.tr("Preset applied: {0}.").format(self.tr(self.presets[key]["label"])))

    def params(self) -> dict[str, Any]:
        return {**self.form.values(), "training_file": self.train_file.text().strip() or None}

    def refresh(self) -> None:
        """YAML, command and field checks for the form as it is (pure and quick: no file, no subprocess)."""
        from fttool.providers.local import autotrain_command, build_config, gpu_only_code, to_yaml

        params = self.params()
        problems = validate_against(self.provider.parameters(), params)
        for name in ("quantization", "mixed_precision"):
            code = gpu_only_code(name, self.device)
            if params.get(name) not in (None, "none") and code:
                from fttool.providers.base import ParamProblem

                problems.append(ParamProblem(name, code, text(code)))
        self.form.show_problems(problems)
        try:
            self.yaml.setPlainText(to_yaml(build_config(params, self.model.text().strip() or "<base model>")))
        except (TypeError, ValueError):
            pass  # a field that is not a number yet: its problem shows under it
        venv = Path(self.runtime["path"]) if self.runtime.get("path") else None
        self.command.setText(autotrain_command(self.tr("<job folder>"), venv=venv))
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
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save YAML"), "job.yml", self.tr("YAML (*.yml *.yaml)"))
        if not path:
            return
        self.bridge.run("local_save_yaml", path=path, params=self.params(), base_model=self.model.text().strip(),
                        on_success=lambda p: self.yaml_message.setText(self.tr("Saved {0}.").format(p)),
                        on_failure=lambda e: self.yaml_message.setText(describe(e)[0]))

    def load_yaml(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Load YAML"), "", self.tr("YAML (*.yml *.yaml)"))
        if not path:
            return
        self.bridge.run("local_load_yaml", path=path, on_success=self._loaded_yaml,
                        on_failure=lambda e: self.yaml_message.setText(describe(e)[0]))

    def _loaded_yaml(self, res: dict[str, Any]) -> None:
        self.form.set_values(res["params"])
        if res.get("base_model"):
            self.model.setText(str(res["base_model"]))
        self.yaml_message.setText(self.tr("Loaded; checked like the form (backend local, paths inside the job folder)."))

    # -- pre-flight and launch -------------------------------------------------------------------------
    def run_preflight(self) -> None:
        self.preflight_button.setEnabled(False)
        self.checks.clear()
        self.checks.addItem(self.tr("Checking… (the model checks run in the runtime's Python)"))
        self.bridge.run("local_preflight", params=self.params(), base_model=self.model.text().strip() or None,
                        on_success=self._on_preflight, on_failure=self._on_preflight_failed,
                        activity_text=self.tr("Checking before launch"))

    def _on_preflight(self, res: dict[str, Any]) -> None:
        self.preflight_button.setEnabled(True)
        self.checks.clear()
        for c in res["checks"]:
            item = QListWidgetItem(f"{STATUS_MARK[c['status']]}  {text(c['code'], c['params'], c['message'])}")
            item.setForeground(Qt.GlobalColor.black)
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setToolTip(c["status"])
            from PySide6.QtGui import QColor

            item.setForeground(QColor(STATUS_COLOR[c["status"]]))
            self.checks.addItem(item)
        rendered = res.get("rendered")
        if rendered:
            self.rendered.setPlainText(self.tr("First example, {0} tokens:\n{1}").format(rendered["tokens"],
                                                                                      rendered["text"]))
        self.preflight_result = res
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
        elif job["status"] == "failed" and job.get("error"):
            self.result_box.show()
            self.result_label.setText(str(job["error"].get("message", "")))
            self.export_button.setEnabled(False)

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

    def _exported(self, res: dict[str, Any]) -> None:
        self.export_button.setEnabled(True)
        self.result_label.setText(self.tr("Exported a standalone model to {0} (see its README for serving).")
                                  .format(res["path"]))

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
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
