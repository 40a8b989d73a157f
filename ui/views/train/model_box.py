"""The local panel's "Base model and data" box: the model picker (a curated list with size, RAM, licence,
architecture and which engine loads each; a Hub search that says the same for any model; a Hub download with
progress and Cancel; or a folder on this computer) and the training and validation files with a line on which
validation file the job will measure its loss on.

Everything slow goes through the service: the list (`base_models`), the search (`search_base_models`) and the
download (`download_base_model`, a service task: its bar follows the task's progress).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
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
    QProgressBar,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge, Failure
from ui.widgets.progress import Task

LOCAL_FOLDER = "__folder__"


class ModelDataBox(QGroupBox):
    """What to train: the base model and the data."""

    changed = Signal()  # the model or a data file changed

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Base model and data"))
        self.bridge = bridge
        self.models: list[dict[str, Any]] = []
        self.task: Task | None = None
        form = QFormLayout(self)
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
        self.model.textChanged.connect(self.changed)
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
        self.train_file.textChanged.connect(self.changed)
        dbrowse = QPushButton(self.tr("Browse…"))
        dbrowse.clicked.connect(lambda: self._browse_data(self.train_file))
        drow.addWidget(self.train_file, 1)
        drow.addWidget(dbrowse)
        form.addRow(self.tr("Training data"), drow)
        vrow = QHBoxLayout()
        self.valid_file = QLineEdit()
        self.valid_file.setObjectName("localValidFile")
        self.valid_file.setPlaceholderText(self.tr("Optional: held-out chats whose loss is measured (TRL)"))
        self.valid_file.textChanged.connect(self.changed)
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

    # -- the curated list ------------------------------------------------------------------------------
    def load_models(self) -> None:
        self.bridge.op("base_models").success(self._on_models).failure(self._on_models_failed).run()

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
        self.model_list.addItem(self.tr("A folder on this computer…"), LOCAL_FOLDER)
        self.model_list.blockSignals(False)

    def _on_models_failed(self, failure: Failure) -> None:
        self.model_note.setText(failure.message)  # the list stays empty; the field and the search still work

    def _on_model_choice(self, index: int) -> None:
        key = self.model_list.itemData(index)
        if key == LOCAL_FOLDER:
            self._browse_model()
            return
        if not key:
            return
        self.model.setText(str(key))
        m = next((x for x in self.models if x["id"] == key), {})
        self.model_note.setText(self.tr(m.get("note", "")))

    # -- the Hub search --------------------------------------------------------------------------------
    def search_hub(self) -> None:
        query = self.search.text().strip()
        if not query:
            return
        self.search_button.setEnabled(False)
        self.search_results.clear()
        self.search_results.show()
        self.search_results.addItem(self.tr("Searching…"))
        self.bridge.op("search_base_models", query=query, activity_text=self.tr("Searching the Hub")) \
            .success(self._on_search).failure(self._on_search_failed).run()

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

    def _on_search_failed(self, failure: Failure) -> None:
        self.search_button.setEnabled(True)
        self.search_results.clear()
        self.search_results.addItem(failure.message)

    def _on_search_pick(self, item: QListWidgetItem) -> None:
        repo = item.data(Qt.ItemDataRole.UserRole)
        if repo:
            self.model.setText(str(repo))

    def _browse_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("The model's folder"))
        if folder:
            self.model.setText(folder)

    # -- the download ----------------------------------------------------------------------------------
    def download_model(self) -> None:
        repo = self.model.text().strip()
        if not repo or Path(repo).expanduser().is_dir():
            return
        self.download_button.setEnabled(False)
        self.download_bar.setValue(0)
        self.download_bar.show()
        self.task = Task(self.tr("Downloading {0}").format(repo), self)
        self.task.progressed.connect(self._on_progress)
        self.bridge.op("download_base_model", repo_id=repo, activity_text=self.tr("Downloading {0}").format(repo)) \
            .success(self._downloaded).failure(self._download_failed).progress(self.task).run()

    @Slot(object, object, str)
    def _on_progress(self, done: Any, total: Any, message: str) -> None:
        if not isValid(self.download_bar):
            return
        self.download_bar.setRange(0, max(int(total or 1), 1))
        self.download_bar.setValue(int(done or 0))
        self.model_note.setText(message)

    def _downloaded(self, res: dict[str, Any]) -> None:
        self.task = None
        self.download_button.setEnabled(True)
        self.download_bar.hide()
        self.model.setText(str(res["path"]))
        self.model_note.setText(self.tr("Downloaded {0} files ({1} MB) into the Hugging Face cache.").format(
            res["files"], res["size_mb"]))

    def _download_failed(self, failure: Failure) -> None:
        self.task = None
        self.download_button.setEnabled(True)
        self.download_bar.hide()
        self.model_note.setText(failure.message)

    # -- the data --------------------------------------------------------------------------------------
    def _browse_data(self, target: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Training data"), "", self.tr("JSON Lines (*.jsonl)"))
        if path:
            target.setText(path)

    def set_validation_shown(self, shown: bool) -> None:
        """The validation file's row, for an engine that measures a validation loss."""
        self.valid_label.setVisible(shown)
        self.valid_row.setVisible(shown)

    def show_validation(self, measured: bool, test: Path | None) -> None:
        """Which validation file the job will measure its loss on (`measured`: the engine takes one), or why
        none."""
        vf = self.valid_file.text().strip()
        if not measured:
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
