"""The welcome screen on the first start: what fttool does in four steps, the sample project to open, and
where keys go. Shown once (the `welcome_seen` setting remembers it); F1 shows it again."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SETTING = "welcome_seen"


class WelcomeDialog(QDialog):
    """Window-modal, opened with `open()` (never blocks the event loop)."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to fttool"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Welcome to fttool"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        intro = QLabel(self.tr("fttool takes you from \u201cshould I fine-tune at all?\u201d to a fine-tuned model "
                               "you can chat with, in four steps:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        steps = QGridLayout()
        steps.setHorizontalSpacing(12)
        self.step_labels: list[QLabel] = []
        for row, (name, text) in enumerate(self.steps()):
            number = QLabel(f"<b>{row + 1}</b>")
            number.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            label = QLabel(f"<b>{name}</b> \u2014 {text}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            steps.addWidget(number, row, 0)
            steps.addWidget(label, row, 1)
            self.step_labels.append(label)
        steps.setColumnStretch(1, 1)
        layout.addLayout(steps)

        sample = QLabel(self.tr("Not sure where to start? The sample project is a small recipe assistant with its "
                                "data and answers ready, so you can try every step without your own data."))
        sample.setWordWrap(True)
        layout.addWidget(sample)
        keys = QLabel(self.tr("<b>Where keys go:</b> add your OpenAI, Azure OpenAI or Hugging Face key in "
                              "<b>Settings</b>. fttool keeps keys in your system\u2019s keyring (Keychain, Windows "
                              "Credential Manager, GNOME Keyring or KWallet), never in project files, logs or crash "
                              "reports. Training on this computer needs no key."))
        keys.setObjectName("welcomeKeys")
        keys.setWordWrap(True)
        keys.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(keys)

        buttons = QDialogButtonBox()
        self.new_button = QPushButton(self.tr("New project…"))
        self.new_button.setObjectName("welcomeNewProject")
        self.new_button.setToolTip(self.tr("Start a project of your own: a name and what the model should do "
                                           "(Ctrl+N)"))
        self.sample_button = QPushButton(self.tr("Try the sample"))
        self.sample_button.setToolTip(self.tr("Open a copy of the sample project (your changes never touch the "
                                              "original)"))
        self.settings_button = QPushButton(self.tr("Add keys in Settings"))
        self.settings_button.setToolTip(self.tr("Go to Settings to add a key and test the connection"))
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setDefault(True)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.sample_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.settings_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        hint = QLabel(self.tr("Press F1 to see this again."))
        hint.setEnabled(False)
        layout.addWidget(hint)

        self.new_button.clicked.connect(self.new_project)
        self.sample_button.clicked.connect(self.open_sample)
        self.settings_button.clicked.connect(self.open_settings)
        self.start_button.clicked.connect(self.accept)
        self.finished.connect(self._remember)

    def steps(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Decide"), self.tr("answer a few questions: fttool says whether fine-tuning is worth it for "
                                        "your task, and what it would cost.")),
            (self.tr("Data"), self.tr("bring your examples (JSONL, CSV or Parquet): every line is checked, and "
                                      "common problems are fixed with one click that you can undo.")),
            (self.tr("Train"), self.tr("pick OpenAI, Azure OpenAI, Hugging Face or this computer, see the cost "
                                       "first, and follow the progress in Jobs.")),
            (self.tr("Chat"), self.tr("talk to your tuned model in the Playground and compare it with the model "
                                      "you started from.")),
        ]

    def open_sample(self) -> None:
        self.window_.try_sample()
        self.window_.show_view("decide")
        self.accept()

    def new_project(self) -> None:
        self.accept()
        self.window_.new_project()

    def open_settings(self) -> None:
        self.window_.show_view("settings")
        self.accept()

    def _remember(self, _result: int = 0) -> None:
        self.window_.bridge.op("save_settings", changes={SETTING: True}).run()


def show_welcome(window: Any) -> WelcomeDialog:
    dlg = WelcomeDialog(window)
    dlg.open()
    return dlg


def install_welcome(window: Any, *, first_start: bool | None = None) -> WelcomeDialog | None:
    """Add F1 (show the welcome again) to the main window; show it on the first start: now when `first_start` is
    given, else once the service has said whether the welcome was seen (the dialog is not returned then)."""
    action = QAction(QCoreApplication.translate("WelcomeDialog", "Welcome and the four steps"), window)
    action.setObjectName("welcomeAction")
    action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    action.triggered.connect(lambda: show_welcome(window))
    window.addAction(action)
    if first_start is None:
        window.bridge.op("load_settings").success(partial(_show_unless_seen, window)).run()
        return None
    return show_welcome(window) if first_start else None


def _show_unless_seen(window: Any, values: dict[str, Any]) -> None:
    import shiboken6

    if shiboken6.isValid(window) and not values.get(SETTING):
        show_welcome(window)
