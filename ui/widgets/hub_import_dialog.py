"""The Hub import dialog: choose a dataset's file on the Hugging Face Hub (configs, splits, sizes) before anything
is downloaded. The listing is the `data_hub_list` service command; the Data view downloads and imports the choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure


class HubImportDialog(QDialog):
    """Choose a dataset on the Hugging Face Hub: its configs, splits and files with their sizes, before anything
    is downloaded."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(self.tr("Import from the Hugging Face Hub"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.repo = QLineEdit()
        self.repo.setObjectName("hubRepo")
        self.repo.setPlaceholderText(self.tr("owner/dataset, for example HuggingFaceH4/no_robots"))
        self.lookup_button = QPushButton(self.tr("Look up"))
        self.lookup_button.setObjectName("hubLookup")
        self.lookup_button.clicked.connect(self.look_up)
        self.repo.returnPressed.connect(self.look_up)
        row.addWidget(self.repo, 1)
        row.addWidget(self.lookup_button)
        layout.addLayout(row)
        self.files = QTreeWidget()
        self.files.setObjectName("hubFiles")
        self.files.setHeaderLabels([self.tr("Config / split / file"), self.tr("Size")])
        self.files.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.files.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.files, 1)
        self.status = QLabel(self.tr("Type a dataset's name and press Look up. Nothing is downloaded yet."))
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a repo's and its files' names, an error: never markup
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        form = QFormLayout()
        self.split = QComboBox()
        self.split.setObjectName("hubSplit")
        for s, label in (("train", self.tr("train")), ("validation", self.tr("validation")),
                         ("test", self.tr("test"))):
            self.split.addItem(label, s)
        form.addRow(self.tr("Use it as the project's"), self.split)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Download and import"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.repo_id = ""

    def look_up(self) -> None:
        repo_id = self.repo.text().strip()
        if not repo_id:
            return
        self.lookup_button.setEnabled(False)
        self.status.setText(self.tr("Looking up {0}…").format(repo_id))
        self.bridge.op("data_hub_list", repo_id=repo_id).success(lambda d: self._listed(repo_id, d)).failure(
            self._failed).run()

    def _failed(self, failure: Failure) -> None:
        self.lookup_button.setEnabled(True)
        self.status.setText(failure.message)

    def _listed(self, repo_id: str, info: dict[str, Any]) -> None:
        self.lookup_button.setEnabled(True)
        self.repo_id = repo_id
        self.files.clear()
        count = 0
        for config, splits in (info.get("configs") or {}).items():
            top = QTreeWidgetItem([config, ""])
            self.files.addTopLevelItem(top)
            for split, files in splits.items():
                mid = QTreeWidgetItem([split, size_text(sum(f.get("size") or 0 for f in files))])
                top.addChild(mid)
                for f in files:
                    leaf = QTreeWidgetItem([f["path"], size_text(f.get("size"))])
                    leaf.setData(0, Qt.ItemDataRole.UserRole, (f["path"], f.get("size"), split))
                    mid.addChild(leaf)
                    count += 1
        self.files.expandAll()
        self.status.setText(self.tr("{0} data file(s). Choose one.").format(count) if count else
                            self.tr("This dataset has no data file fttool can read (JSONL, JSON, CSV, Parquet)."))

    def _selected(self) -> None:
        choice = self.choice()
        self.ok.setEnabled(choice is not None)
        if choice is not None:
            _path, size, split = choice
            i = self.split.findData({"validation": "validation", "test": "test"}.get(split, "train"))
            self.split.setCurrentIndex(max(i, 0))
            self.status.setText(self.tr("{0} will be downloaded ({1}).").format(choice[0], size_text(size)))

    def choice(self) -> tuple[str, int | None, str] | None:
        items = self.files.selectedItems()
        data = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        return tuple(data) if data else None  # type: ignore[return-value]


def size_text(size: int | None) -> str:
    """A file's size in round units ("" when unknown)."""
    if not size:
        return ""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"
