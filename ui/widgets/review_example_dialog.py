"""Review a Playground conversation before it becomes a training example: the system prompt, the user turns and
the chosen answers on the message editor's cards, every one editable, with a line saying which model wrote the
answer. Nothing is saved here: the caller saves `example()` when the dialog is accepted."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.widgets.message_editor import MessageEditor


class ReviewExampleDialog(QDialog):
    def __init__(self, example: dict[str, Any], source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewExampleDialog")
        self.setWindowTitle(self.tr("Check the example before saving"))
        self.resize(640, 560)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("This is what will be added to the training data. The model learns to answer like "
                               "the last answer below: correct it if it is wrong, cut what should not be there."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.source = QLabel(source)
        self.source.setObjectName("reviewSource")
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setWordWrap(True)
        font = self.source.font()
        font.setBold(True)
        self.source.setFont(font)
        lay.addWidget(self.source)
        self.editor = MessageEditor(self)
        self.editor.set_example(0, copy.deepcopy(example))
        self.editor.title.setText(self.tr("The example"))
        lay.addWidget(self.editor, 1)
        self.error = QLabel()
        self.error.setObjectName("reviewError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b41e1e;")
        self.error.setVisible(False)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                        QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save to training data"))
        save.setToolTip(self.tr("Add this example, as edited, to the project's training data (Ctrl+Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Close without saving"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        cards = self.editor.cards
        if cards:  # the answer is the part to check: it gets the keyboard
            self.editor.focus_message(len(cards) - 1)

    @property
    def save_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def example(self) -> dict[str, Any] | None:
        """The example as edited (None while the JSON text does not parse)."""
        return self.editor.value()

    def accept(self) -> None:
        value = self.example()
        messages = (value or {}).get("messages")
        if value is None:
            self.error.setText(self.tr("The JSON text is not a valid example yet: correct it, or go back to the "
                                       "cards with 'Edit as JSON'."))
        elif not isinstance(messages, list) or not messages:
            self.error.setText(self.tr("The example needs at least a question and an answer."))
        elif messages[-1].get("role") != "assistant" or not str(messages[-1].get("content") or "").strip():
            self.error.setText(self.tr("The example must end with an answer (an assistant message) that is "
                                       "not empty: that is what the model learns."))
        else:
            super().accept()
            return
        self.error.setVisible(True)
