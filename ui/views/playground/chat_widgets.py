"""The chat's parts: the relay that carries streamed answer pieces to the GUI thread, a turn of the conversation,
the model picker, and one model's answer column. Widgets only: the Playground view drives them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.views.playground.names import model_tip, model_title


class StreamRelay(QObject):
    """Carries batched answer pieces from the service thread to the GUI thread (queued)."""

    delta = Signal(int, str)  # stream id, text

    def sender_for(self, stream_id: int) -> Any:
        return lambda text: self.delta.emit(stream_id, text)


@dataclass
class Turn:
    user: str
    answers: dict[int, str] = field(default_factory=dict)  # picker index (0 = A, 1 = B) -> answer text
    meta: dict[int, dict[str, Any]] = field(default_factory=dict)  # usage, cost, latency, error
    chosen: int | None = None


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it is narrower than its text (text() stays whole); the whole text
    is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # a long model name must not widen the window: the label shrinks, the full name is in the tooltip
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def elided(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.elided())


class ModelPicker(QComboBox):
    """Base models, tuned models of succeeded jobs and their checkpoints, models from accounts and servers:
    each by a short name (model_title), its full path or id in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(18)  # names are short now (model_title); a long one elides
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hint = ""
        self.currentIndexChanged.connect(self._update_tip)

    def setToolTip(self, tip: str) -> None:
        self.hint = tip
        self._update_tip()

    def _update_tip(self, *_: Any) -> None:
        where = self.itemData(self.currentIndex(), Qt.ItemDataRole.ToolTipRole) if self.currentIndex() >= 0 else None
        super().setToolTip("\n".join(t for t in (self.hint, str(where or "")) if t))

    def set_models(self, models: list[dict[str, Any]], prefer_group: str | None = None) -> None:
        current = self.target()
        self.blockSignals(True)
        self.clear()
        for m in models:
            group = self.group_name(m["group"])
            self.addItem(f"{group} · {model_title(m)}", m["target"])
            self.setItemData(self.count() - 1, model_tip(m), Qt.ItemDataRole.ToolTipRole)
        self.blockSignals(False)
        index = -1
        if current is not None:
            index = next((i for i in range(self.count()) if self.itemData(i) == current), -1)
        if index < 0 and prefer_group:
            index = next((i for i, m in enumerate(models) if m["group"] == prefer_group), -1)
        self.setCurrentIndex(max(index, 0))
        self._update_tip()

    def group_name(self, group: str) -> str:
        names = {"base": self.tr("Base"), "tuned": self.tr("Tuned"), "checkpoint": self.tr("Checkpoint"),
                 "account": self.tr("Account"), "server": self.tr("Server")}
        return names.get(group, group)

    def target(self) -> dict[str, Any] | None:
        data = self.currentData()
        return dict(data) if isinstance(data, dict) else None


class AnswerColumn(QWidget):
    """One model's side of the conversation."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.header = ElidedLabel()
        self.header.setObjectName(f"columnHeader{index}")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.header.setMinimumWidth(60)
        head.addWidget(self.header, 1)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName(f"copyAnswer{index}")
        self.copy_button.setToolTip(self.tr("Copy the last answer to the clipboard"))
        head.addWidget(self.copy_button)
        self.better_button = QPushButton(self.tr("This one is better"))
        self.better_button.setObjectName(f"better{index}")
        self.better_button.setToolTip(self.tr("Choose this answer: it is kept for the next turns and for "
                                              "'Save as training example'; in blind mode it reveals the models"))
        head.addWidget(self.better_button)
        lay.addLayout(head)
        self.view = QPlainTextEdit()
        self.view.setObjectName(f"transcript{index}")
        self.view.setReadOnly(True)
        self.view.setUndoRedoEnabled(False)
        self.view.setPlaceholderText(self.tr("Answers appear here as they are written."))
        lay.addWidget(self.view, 1)
        self.stats = QLabel()
        self.stats.setObjectName(f"answerStats{index}")
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.stats)
        self._bold = QTextCharFormat()
        self._bold.setFontWeight(QFont.Weight.Bold)
        self._plain = QTextCharFormat()

    def _insert(self, text: str, bold: bool = False) -> None:
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text, self._bold if bold else self._plain)

    def render(self, turns: list[Turn], you: str, assistant: str) -> None:
        self.view.clear()
        for i, t in enumerate(turns):
            if i:
                self._insert("\n\n")
            self._insert(you + "\n", bold=True)
            self._insert(t.user + "\n\n")
            self._insert(assistant + "\n", bold=True)
            self._insert(t.answers.get(self.index, ""))
            err = t.meta.get(self.index, {}).get("error")
            if err:
                self._insert("\n" + err)
        self.view.moveCursor(QTextCursor.MoveOperation.End)

    def append(self, text: str) -> None:
        bar = self.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        self._insert(text)
        if at_end:
            bar.setValue(bar.maximum())
