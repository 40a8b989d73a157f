"""The File menu's dialogs: a new project (a name and the use case in one sentence; everything else can wait) and
a new name for the open project. Both are window-modal, opened with `open()`, and send their work to the service
(fttool/project.py); a refused name keeps the dialog open with the reason, so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ui.bridge import Failure


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("projectDialogError")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.setVisible(False)
    return label


class NewProjectDialog(QDialog):
    """Name, use case and (optionally) where. `on_created(entry)` gets the service's answer."""

    def __init__(self, bridge: Any, on_created: Callable[[dict[str, Any]], None], default_root: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.on_created = on_created
        self.setObjectName("newProjectDialog")
        self.setWindowTitle(self.tr("New project"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("A project keeps your examples, your answers to Decide and your results together "
                               "in one folder you can zip and share."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("projectName")
        self.name.setPlaceholderText(self.tr("e.g. Bakery orders"))
        self.name.setMaxLength(80)
        self.name.setToolTip(self.tr("What you call this project; you can rename it later (File \u2192 Rename)"))
        form.addRow(self.tr("&Name"), self.name)
        self.use_case = QLineEdit()
        self.use_case.setObjectName("projectUseCase")
        self.use_case.setPlaceholderText(self.tr("e.g. Answer customers' questions about cake orders in our "
                                                 "friendly tone"))
        self.use_case.setToolTip(self.tr("What the model should do, in one sentence. Decide uses it in its "
                                         "report; you can change it there."))
        form.addRow(self.tr("&Use case"), self.use_case)
        where_box = QWidget()  # a widget, not a layout, so the label's Alt+L goes to the folder field
        where = QHBoxLayout(where_box)
        where.setContentsMargins(0, 0, 0, 0)
        self.root = QLineEdit(default_root)
        self.root.setObjectName("projectRoot")
        self.root.setToolTip(self.tr("The folder the project's own folder is made in"))
        browse = QPushButton(self.tr("Change\u2026"))
        browse.clicked.connect(self._browse)
        where.addWidget(self.root, 1)
        where.addWidget(browse)
        location = QLabel(self.tr("&Location"))
        location.setBuddy(self.root)
        form.addRow(location, where_box)
        self.root.setCursorPosition(0)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(self.tr("Create"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createProject")
        self.create_button.setDefault(True)
        self.create_button.setEnabled(False)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(lambda t: self.create_button.setEnabled(bool(t.strip())))

    def _browse(self) -> None:
        dlg = QFileDialog(self, self.tr("Where to make the project"), self.root.text())
        dlg.setFileMode(QFileDialog.FileMode.Directory)
        dlg.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dlg.fileSelected.connect(self.root.setText)
        dlg.open()

    def create(self) -> None:
        if not self.name.text().strip():
            return
        self.create_button.setEnabled(False)
        self.error.setVisible(False)
        self.bridge.op("project_new", name=self.name.text(), use_case=self.use_case.text(),
                       root=self.root.text().strip() or None).success(self._created).failure(self._failed).run()

    def _created(self, entry: dict[str, Any]) -> None:
        self.on_created(entry)
        self.accept()

    def _failed(self, failure: Failure) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        self.error.setText(failure.message)
        self.error.setVisible(True)
        self.create_button.setEnabled(True)


class RenameProjectDialog(QDialog):
    def __init__(self, bridge: Any, path: Path, name: str, on_renamed: Callable[[dict[str, Any]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.path = path
        self.on_renamed = on_renamed
        self.setObjectName("renameProjectDialog")
        self.setWindowTitle(self.tr("Rename project"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setObjectName("projectName")
        self.name.setMaxLength(80)
        self.name.selectAll()
        form.addRow(self.tr("&Name"), self.name)
        layout.addLayout(form)
        note = QLabel(self.tr("The folder keeps its place, so jobs and shared copies still find it."))
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        self.error = _error_label()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.rename)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def rename(self) -> None:
        self.bridge.op("project_rename", path=str(self.path), name=self.name.text()).success(
            self._renamed).failure(self._failed).run()

    def _renamed(self, entry: dict[str, Any]) -> None:
        self.on_renamed(entry)
        self.accept()

    def _failed(self, failure: Failure) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        self.error.setText(failure.message)
        self.error.setVisible(True)
