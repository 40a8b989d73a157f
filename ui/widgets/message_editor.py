"""The editor of one example: its messages as cards (role, content, weight; move up/down, remove; add), or the
raw JSON when the example is not a chat (preference pairs, prompt/completion, a line that is not JSON).

It never changes the data itself: every change leaves as `exampleEdited(dict)` (the view turns it into an
undoable edit). Typing is gathered: the edit is sent 700 ms after the last key or when the field loses focus,
so one undo step undoes one burst of typing, not one letter.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.messages import text as message_text

ROLES = ("system", "user", "assistant", "tool")
TYPING_PAUSE_MS = 700
POOLED_CARDS = 6
_FIELD_INDEX = re.compile(r"messages\[(\d+)\]")


def message_index(field: str | None) -> int | None:
    """The message a problem's field names (`messages[2].content` -> 2)."""
    m = _FIELD_INDEX.search(field or "")
    return int(m.group(1)) if m else None


def _set_color(label: QLabel, error: bool) -> None:
    """Red for errors, amber for warnings; a style sheet only when it changes (each one re-polishes)."""
    if label.property("problemError") != error:
        label.setProperty("problemError", error)
        label.setStyleSheet("color: #b41e1e;" if error else "color: #8a5a00;")


class _Text(QPlainTextEdit):
    focusLost = Signal()
    resized = Signal()

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.focusLost.emit()

    def resizeEvent(self, e: Any) -> None:
        old = e.oldSize().width()
        super().resizeEvent(e)
        if old != e.size().width():
            self.resized.emit()


class MessageCard(QFrame):
    changed = Signal()  # immediate (role, weight)
    typed = Signal()  # content typed (gathered by the editor)
    committed = Signal()  # focus left the content
    moveRequested = Signal(int)  # -1 up, +1 down
    removeRequested = Signal()

    def __init__(self, message: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message: dict[str, Any] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.role = QComboBox()
        self.role.setObjectName("roleCombo")
        self.role.setToolTip(self.tr("Who speaks: the system prompt, the user, the model's answer, or a tool's result"))
        for r in ROLES:
            self.role.addItem(r, r)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.weight = QCheckBox(self.tr("Train on it"))
        self.weight.setObjectName("weightCheck")
        self.weight.setToolTip(self.tr("Weight 1 (checked): the model learns this answer. Weight 0: it is kept as "
                                       "context only."))
        self.weight.toggled.connect(self._weight_changed)
        self.up = self._tool("↑", self.tr("Move up"), lambda: self.moveRequested.emit(-1))
        self.down = self._tool("↓", self.tr("Move down"), lambda: self.moveRequested.emit(1))
        self.remove = self._tool("✕", self.tr("Remove this message"), self.removeRequested.emit)
        top.addWidget(self.role)
        top.addWidget(self.weight)
        top.addStretch(1)
        for b in (self.up, self.down, self.remove):
            top.addWidget(b)
        outer.addLayout(top)
        self.content = _Text()
        self.content.setObjectName("contentEdit")
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(54)
        self.content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.content.textChanged.connect(self._fit)
        self.content.textChanged.connect(self.typed.emit)
        self.content.focusLost.connect(self.committed.emit)
        self.content.resized.connect(self._fit)
        outer.addWidget(self.content)
        self.extra = QLabel()
        self.extra.setObjectName("messageExtra")
        self.extra.setWordWrap(True)
        outer.addWidget(self.extra)
        self.problems = QLabel()
        self.problems.setObjectName("inlineProblems")
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        outer.addWidget(self.problems)
        self.set_message(message)

    def set_message(self, message: dict[str, Any]) -> None:
        """Show a message (cards are reused from row to row: making widgets is the slow part)."""
        self.message = copy.deepcopy(message) if isinstance(message, dict) else {"role": "user", "content": ""}
        with QSignalBlocker(self.role), QSignalBlocker(self.weight), QSignalBlocker(self.content):
            role = str(self.message.get("role", "user"))
            for i in range(self.role.count() - 1, len(ROLES) - 1, -1):
                self.role.removeItem(i)
            if self.role.findData(role) < 0:
                self.role.addItem(role, role)  # an unknown role stays visible (validation names it)
            self.role.setCurrentIndex(self.role.findData(role))
            self.weight.setChecked(self.message.get("weight", 1) != 0)
            content = self.message.get("content")
            self.content.setPlainText(content if isinstance(content, str) else
                                      json.dumps(content, ensure_ascii=False) if content is not None else "")
        extra = [k for k in self.message if k not in ("role", "content", "weight")]
        self.extra.setText(self.tr("Also holds: {0}").format(", ".join(extra)) if extra else "")
        self.extra.setVisible(bool(extra))
        self.set_problems([], False)
        self._update_weight()
        self._fit()

    def _tool(self, label: str, tip: str, slot: Any) -> QToolButton:
        b = QToolButton()
        b.setText(label)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        return b

    def _fit(self) -> None:
        """As tall as its wrapped text (2 to 14 lines), so a card reads without its own scroll bar."""
        import math

        fm = self.content.fontMetrics()
        width = max(80, self.content.viewport().width() - 10)
        lines = 0
        for part in self.content.toPlainText().split("\n"):
            lines += max(1, math.ceil(fm.horizontalAdvance(part) / width))
            if lines > 14:
                break
        lines = max(2, min(14, lines))
        height = int(fm.lineSpacing() * lines + 2 * self.content.frameWidth() + 10)
        if self.content.height() != height:
            self.content.setFixedHeight(height)

    def _role_changed(self) -> None:
        self._update_weight()
        self.changed.emit()

    def _weight_changed(self) -> None:
        self.changed.emit()

    def _update_weight(self) -> None:
        self.weight.setVisible(self.role.currentData() == "assistant")

    def value(self) -> dict[str, Any]:
        m = dict(self.message)
        m["role"] = self.role.currentData()
        original = self.message.get("content")
        typed = self.content.toPlainText()
        if isinstance(original, str) or original is None:
            m["content"] = typed
        else:  # structured content (parts): kept when the JSON text still parses
            try:
                m["content"] = json.loads(typed)
            except ValueError:
                m["content"] = typed
        if m["role"] == "assistant":
            if not self.weight.isChecked():
                m["weight"] = 0
            elif "weight" in self.message:
                m["weight"] = 1
        else:
            m.pop("weight", None)
        return m

    def set_problems(self, texts: list[str], error: bool) -> None:
        self.problems.setText("\n".join("• " + t for t in texts))
        _set_color(self.problems, error)
        self.problems.setVisible(bool(texts))


class MessageEditor(QWidget):
    exampleEdited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageEditor")
        self.example: dict[str, Any] | None = None
        self.row: int | None = None
        self.cards: list[MessageCard] = []  # the cards showing the example's messages, in order
        self._pool: list[MessageCard] = []
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(TYPING_PAUSE_MS)
        self._pending.timeout.connect(self.commit)
        self._raw_mode = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("No example selected"))
        self.title.setObjectName("editorTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.raw_toggle = QPushButton(self.tr("Edit as JSON"))
        self.raw_toggle.setObjectName("rawToggle")
        self.raw_toggle.setCheckable(True)
        self.raw_toggle.setToolTip(self.tr("Edit the whole example as JSON text (for tools, preference pairs and "
                                           "fields the cards do not show)"))
        self.raw_toggle.toggled.connect(self._toggle_raw)
        head.addWidget(self.title, 1)
        head.addWidget(self.raw_toggle)
        layout.addLayout(head)
        self.summary = QLabel()
        self.summary.setObjectName("exampleProblems")
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        layout.addWidget(self.summary)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.holder = QWidget()
        self.cards_layout = QVBoxLayout(self.holder)
        self.cards_layout.setContentsMargins(0, 0, 4, 0)
        self.cards_layout.addStretch(1)
        self.scroll.setWidget(self.holder)
        layout.addWidget(self.scroll, 1)

        self.raw = _Text()
        self.raw.setObjectName("rawEdit")
        self.raw.setVisible(False)
        self.raw.textChanged.connect(self._raw_typed)
        self.raw.focusLost.connect(self.commit)
        layout.addWidget(self.raw, 1)
        self.raw_error = QLabel()
        self.raw_error.setObjectName("rawError")
        self.raw_error.setStyleSheet("color: #b41e1e;")
        self.raw_error.setVisible(False)
        layout.addWidget(self.raw_error)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add message"))
        self.add_button.setObjectName("addMessage")
        self.add_button.setToolTip(self.tr("Add a message at the end (a user turn after an answer, an answer after "
                                           "a user turn)"))
        self.add_button.clicked.connect(self.add_message)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for _ in range(POOLED_CARDS):  # made now (app start), not when the first example is shown
            self._new_card()
        self.setEnabled(False)

    # -- showing ----------------------------------------------------------------------------------------------
    def set_example(self, row: int | None, example: dict[str, Any] | None, raw_text: str = "",
                    problems: list[dict[str, Any]] | None = None, editable: bool = True) -> None:
        """Show an example (a deep copy is kept); `raw_text` for a line that is not a JSON object."""
        if self._pending.isActive():
            self._pending.stop()
            self.commit()
        self.row = row
        self.example = copy.deepcopy(example) if example is not None else None
        self.setEnabled(row is not None)
        self.title.setText(self.tr("Example {0}").format(row + 1) if row is not None else
                           self.tr("No example selected"))
        chat = isinstance(self.example, dict) and isinstance(self.example.get("messages"), list)
        self._raw_mode = not chat and row is not None
        with QSignalBlocker(self.raw_toggle):
            self.raw_toggle.setChecked(self._raw_mode)
        self.raw_toggle.setEnabled(chat)
        self._rebuild_cards()
        with QSignalBlocker(self.raw):
            if self.example is not None:
                self.raw.setPlainText(json.dumps(self.example, ensure_ascii=False, indent=2))
            else:
                self.raw.setPlainText(raw_text)
        self.raw_error.setVisible(False)
        self._show_mode()
        self.show_problems(problems or [])
        self.add_button.setEnabled(editable)
        self.raw.setReadOnly(not editable)
        self.raw_toggle.setEnabled(chat and editable)
        for card in self.cards:
            card.setEnabled(editable)

    def _show_mode(self) -> None:
        self.scroll.setVisible(not self._raw_mode)
        self.add_button.setVisible(not self._raw_mode)
        self.raw.setVisible(self._raw_mode)

    def _new_card(self) -> MessageCard:
        card = MessageCard({"role": "user", "content": ""})
        card.changed.connect(self.commit)
        card.typed.connect(self._pending.start)
        card.committed.connect(self._commit_if_pending)
        card.moveRequested.connect(lambda d, c=card: self.move_message(self.cards.index(c), d))
        card.removeRequested.connect(lambda c=card: self.remove_message(self.cards.index(c)))
        self.cards_layout.insertWidget(len(self._pool), card)
        card.setVisible(False)
        self._pool.append(card)
        return card

    def _rebuild_cards(self) -> None:
        """Show the example's messages on pooled cards (hidden ones wait for longer examples)."""
        messages = (self.example or {}).get("messages")
        if not isinstance(messages, list):
            messages = []
        while len(self._pool) < len(messages):
            self._new_card()
        self.cards = self._pool[: len(messages)]
        for i, (card, m) in enumerate(zip(self.cards, messages, strict=True)):
            card.set_message(m if isinstance(m, dict) else {"role": "user", "content": str(m)})
            card.up.setEnabled(i > 0)
            card.down.setEnabled(i < len(messages) - 1)
            card.setVisible(True)
        for card in self._pool[len(messages):]:
            card.setVisible(False)

    def show_problems(self, problems: list[dict[str, Any]]) -> None:
        by_message: dict[int, list[dict[str, Any]]] = {}
        general: list[dict[str, Any]] = []
        for p in problems:
            i = message_index(p.get("field"))
            if i is not None and i < len(self.cards):
                by_message.setdefault(i, []).append(p)
            else:
                general.append(p)

        def words(p: dict[str, Any]) -> str:
            return message_text(p.get("code", ""), p.get("params"), p.get("message", ""))

        for i, card in enumerate(self.cards):
            plist = by_message.get(i, [])
            card.set_problems([words(p) for p in plist], any(p.get("severity") != "warning" for p in plist))
        shown = general if self.cards else problems
        self.summary.setText("\n".join("• " + words(p) for p in shown))
        error = any(p.get("severity") != "warning" for p in shown)
        _set_color(self.summary, error)
        self.summary.setVisible(bool(shown))

    # -- editing ------------------------------------------------------------------------------------------------
    def value(self) -> dict[str, Any] | None:
        if self._raw_mode:
            try:
                value = json.loads(self.raw.toPlainText())
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
        example = copy.deepcopy(self.example) if self.example is not None else {}
        example["messages"] = [c.value() for c in self.cards]
        return example

    def _commit_if_pending(self) -> None:
        if self._pending.isActive():
            self._pending.stop()
            self.commit()

    def commit(self) -> None:
        """Send the example as edited, if it differs from what was shown."""
        self._pending.stop()
        if self.row is None:
            return
        value = self.value()
        if value is None:
            self.raw_error.setText(self.tr("This is not a JSON object yet; the edit is kept here until it is."))
            self.raw_error.setVisible(True)
            return
        self.raw_error.setVisible(False)
        if value == self.example:
            return
        self.example = copy.deepcopy(value)
        self.exampleEdited.emit(value)

    def _raw_typed(self) -> None:
        self._pending.start()

    def _toggle_raw(self, raw: bool) -> None:
        self.commit()
        self._raw_mode = raw
        if raw:
            with QSignalBlocker(self.raw):
                self.raw.setPlainText(json.dumps(self.example or {}, ensure_ascii=False, indent=2))
        else:
            self._rebuild_cards()
        self._show_mode()

    def _set_messages(self, messages: list[dict[str, Any]]) -> None:
        example = copy.deepcopy(self.example) if self.example is not None else {}
        example["messages"] = messages
        self.example = example
        self._rebuild_cards()
        self.exampleEdited.emit(copy.deepcopy(example))

    def add_message(self) -> None:
        self.commit()
        messages = [c.value() for c in self.cards]
        last = messages[-1]["role"] if messages else "assistant"
        role = "assistant" if last in ("user", "tool") else "user"
        messages.append({"role": role, "content": ""})
        self._set_messages(messages)
        self.cards[-1].content.setFocus()

    def remove_message(self, i: int) -> None:
        self._pending.stop()
        messages = [c.value() for c in self.cards]
        del messages[i]
        self._set_messages(messages)

    def move_message(self, i: int, delta: int) -> None:
        self._pending.stop()
        messages = [c.value() for c in self.cards]
        j = i + delta
        if not 0 <= j < len(messages):
            return
        messages[i], messages[j] = messages[j], messages[i]
        self._set_messages(messages)

    def focus_message(self, i: int) -> None:
        if 0 <= i < len(self.cards):
            self.scroll.ensureWidgetVisible(self.cards[i])
            self.cards[i].content.setFocus(Qt.FocusReason.OtherFocusReason)
