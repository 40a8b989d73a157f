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

from PySide6.QtCore import QEvent, QKeyCombination, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
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

from fttool.datasets import fixes, pii
from ui.itemmodels.dataset import mask_label, problem_text, role_text

ROLES = ("system", "user", "assistant", "tool")
TYPING_PAUSE_MS = 700
POOLED_CARDS = 6
_FIELD_INDEX = re.compile(r"messages\[(\d+)\]")


def message_index(field: str | None) -> int | None:
    """The message a problem's field names (`messages[2].content` -> 2)."""
    m = _FIELD_INDEX.search(field or "")
    return int(m.group(1)) if m else None


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # texts from the data are never markup
    return label


def _set_color(label: QLabel, error: bool) -> None:
    """Red for errors, amber for warnings; a style sheet only when it changes (each one re-polishes)."""
    if label.property("problemError") != error:
        label.setProperty("problemError", error)
        label.setStyleSheet("color: #b41e1e;" if error else "color: #8a5a00;")


def _is_undo_key(e: QKeyEvent) -> bool:
    return (e.matches(QKeySequence.StandardKey.Undo) or e.matches(QKeySequence.StandardKey.Redo)
            or e.keyCombination() == QKeyCombination(Qt.KeyboardModifier.ControlModifier
                                                     | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z))


class _Text(QPlainTextEdit):
    """A text field. With `shared_undo` its Ctrl+Z / Ctrl+Y are the Data view's (one undo history for typing and
    every other edit), not the field's own: a field-level undo would come back as a new edit and keep "unsaved
    edits" on."""

    focusLost = Signal()
    resized = Signal()

    def __init__(self, parent: QWidget | None = None, shared_undo: bool = False) -> None:
        super().__init__(parent)
        self.shared_undo = shared_undo
        if shared_undo:
            self.setUndoRedoEnabled(False)

    def event(self, e: QEvent) -> bool:
        if self.shared_undo and e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent) \
                and _is_undo_key(e):
            e.ignore()  # not taken here: the view's Undo/Redo shortcut fires
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if self.shared_undo and _is_undo_key(e):
            e.ignore()
            return
        super().keyPressEvent(e)

    def focusOutEvent(self, e: QFocusEvent) -> None:
        super().focusOutEvent(e)
        self.focusLost.emit()

    def resizeEvent(self, e: Any) -> None:
        old = e.oldSize().width()
        super().resizeEvent(e)
        if old != e.size().width():
            self.resized.emit()


class FixRow(QWidget):
    """One-click fixes of the problems shown above it: a row of buttons, kept and reused (cards are pooled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fixRow")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self.buttons: list[QPushButton] = []
        self._slots: list[Any] = []
        self.setVisible(False)

    def set_fixes(self, fixes_: list[tuple[str, str, str, Any]]) -> None:
        """(object name, label, tooltip, slot) per fix; an empty list hides the row."""
        while len(self.buttons) < len(fixes_):
            b = QPushButton()
            i = len(self.buttons)
            b.clicked.connect(lambda _checked=False, i=i: self._slots[i]())
            self._layout.insertWidget(i, b)
            self.buttons.append(b)
            self._slots.append(None)
        for i, b in enumerate(self.buttons):
            if i < len(fixes_):
                name, label, tip, slot = fixes_[i]
                b.setObjectName(name)
                b.setText(label)
                b.setToolTip(tip)
                self._slots[i] = slot
                b.setVisible(True)
            else:
                self._slots[i] = None
                b.setVisible(False)
        self.setVisible(bool(fixes_))

    def button(self, name: str) -> QPushButton | None:
        return next((b for b in self.buttons if b.objectName() == name and not b.isHidden()), None)


class MessageCard(QFrame):
    changed = Signal()  # immediate (role, weight)
    typed = Signal()  # content typed (gathered by the editor)
    committed = Signal()  # focus left the content
    moveRequested = Signal(int)  # -1 up, +1 down
    removeRequested = Signal()

    def __init__(self, message: dict[str, Any], parent: QWidget | None = None, shared_undo: bool = False) -> None:
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
            self.role.addItem(role_text(r), r)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.weight = QCheckBox(self.tr("Train on it"))
        self.weight.setObjectName("weightCheck")
        self.weight.setToolTip(self.tr("Ticked: the model learns to give this answer. Unticked: the answer stays "
                                       "as context only, not learned (weight 0 in the file)."))
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
        self.content = _Text(shared_undo=shared_undo)
        self.content.setObjectName("contentEdit")
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(54)
        self.content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.content.textChanged.connect(self._fit)
        self.content.textChanged.connect(self.typed.emit)
        self.content.focusLost.connect(self.committed.emit)
        self.content.resized.connect(self._fit)
        outer.addWidget(self.content)
        self.extra = _plain(QLabel())
        self.extra.setObjectName("messageExtra")
        self.extra.setWordWrap(True)
        outer.addWidget(self.extra)
        self.problems = _plain(QLabel())
        self.problems.setObjectName("inlineProblems")
        self.problems.setWordWrap(True)
        self.problems.setVisible(False)
        outer.addWidget(self.problems)
        self.fixes = FixRow()
        outer.addWidget(self.fixes)
        self.set_message(message)

    def set_message(self, message: dict[str, Any]) -> None:
        """Show a message (cards are reused from row to row: making widgets is the slow part)."""
        self.message = copy.deepcopy(message) if isinstance(message, dict) else {"role": "user", "content": ""}
        with QSignalBlocker(self.role), QSignalBlocker(self.weight), QSignalBlocker(self.content):
            role = str(self.message.get("role", "user"))
            for i in range(self.role.count() - 1, len(ROLES) - 1, -1):
                self.role.removeItem(i)
            if self.role.findData(role) < 0:
                self.role.addItem(role_text(role), role)  # an unknown role stays visible (validation names it)
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

    def set_problems(self, texts: list[str], error: bool, fixes_: list[tuple[str, str, str, Any]] | None = None
                     ) -> None:
        self.problems.setText("\n".join("• " + t for t in texts))
        _set_color(self.problems, error)
        self.problems.setVisible(bool(texts))
        self.fixes.set_fixes(fixes_ or [])


class MessageEditor(QWidget):
    exampleEdited = Signal(dict)
    dropRequested = Signal(int)  # the row to drop ("Drop this example"); the view makes it an undoable delete

    def __init__(self, parent: QWidget | None = None, shared_undo: bool = False) -> None:
        """`shared_undo`: Ctrl+Z in the text fields is the owner's undo (the Data view's stack), not the field's."""
        super().__init__(parent)
        self.setObjectName("messageEditor")
        self.shared_undo = shared_undo
        self.example: dict[str, Any] | None = None
        self.row: int | None = None
        self.cards: list[MessageCard] = []  # the cards showing the example's messages, in order
        self._pool: list[MessageCard] = []
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(TYPING_PAUSE_MS)
        self._pending.timeout.connect(self.commit)
        self._raw_mode = False
        self._editable = True

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title = _plain(QLabel(self.tr("No example selected")))
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
        self.summary = _plain(QLabel())
        self.summary.setObjectName("exampleProblems")
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        layout.addWidget(self.summary)
        self.summary_fixes = FixRow()
        layout.addWidget(self.summary_fixes)

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

        self.raw = _Text(shared_undo=shared_undo)
        self.raw.setObjectName("rawEdit")
        self.raw.setVisible(False)
        self.raw.textChanged.connect(self._raw_typed)
        self.raw.focusLost.connect(self.commit)
        layout.addWidget(self.raw, 1)
        self.raw_error = _plain(QLabel())
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
        self._editable = editable
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
        card = MessageCard({"role": "user", "content": ""}, shared_undo=self.shared_undo)
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
            return problem_text(p, self.example, self.row)

        for i, card in enumerate(self.cards):
            plist = by_message.get(i, [])
            card.set_problems([words(p) for p in plist], any(p.get("severity") != "warning" for p in plist),
                              self._fixes_for(plist))
        shown = general if self.cards else problems
        self.summary.setText("\n".join("• " + words(p) for p in shown))
        error = any(p.get("severity") != "warning" for p in shown)
        _set_color(self.summary, error)
        self.summary.setVisible(bool(shown))
        self.summary_fixes.set_fixes(self._fixes_for(shown))

    def _fixes_for(self, problems: list[dict[str, Any]]) -> list[tuple[str, str, str, Any]]:
        """The one-click fixes of these problems (each an undoable edit): an empty answer is filled from a
        template or its example dropped; personal data is masked."""
        out: list[tuple[str, str, str, Any]] = []
        names: set[str] = set()
        def add(name: str, label: str, tip: str, slot: Any) -> None:
            if name not in names:
                names.add(name)
                out.append((name, label, tip, slot))

        if not self._editable or self.row is None:
            return out
        for p in problems:
            code = p.get("code")
            fld = p.get("field")
            i = message_index(fld)
            if code == "empty_answer" and i is not None and not self._raw_mode:
                add("fillTemplate", self.tr("Fill from a template"), self.tr(
                    "Put a starting text into the empty answer and select it, so you can type the real answer over "
                    "it (Ctrl+Z undoes it)"), lambda i=i: self.fill_from_template(i))
                add("dropExample", self.tr("Drop this example"), self.tr(
                    "Delete this example from the dataset (Ctrl+Z brings it back)"),
                    lambda: self.drop_example())
            elif code == "no_assistant_message" and not self._raw_mode and self.cards:
                add("addAnswer", self.tr("Write the answer"), self.tr(
                    "Add an answer after the last message and put the cursor in it (Ctrl+Z undoes it)"),
                    self.add_answer)
                add("dropExample", self.tr("Drop this example"), self.tr(
                    "Delete this example from the dataset (Ctrl+Z brings it back)"),
                    lambda: self.drop_example())
            elif code == "personal_data":
                kind = str((p.get("params") or {}).get("kind", ""))
                add(f"mask_{kind}", mask_label(kind), self.tr(
                    "Replace it with {0} in this message, so the real value is not uploaded (Ctrl+Z undoes it)"
                    ).format(pii.PLACEHOLDER.get(kind, "[…]")), lambda f=fld, k=kind: self.mask_personal_data(f, k))
        return out

    # -- one-click fixes ------------------------------------------------------------------------------------------
    def template_text(self) -> str:
        return self.tr("[Write here the answer the model should give.]")

    def fill_from_template(self, i: int) -> None:
        """Fill the empty answer of message `i` with a template (an undoable edit) and select it for typing over."""
        self.commit()
        if self.example is None or not 0 <= i < len(self.cards):
            return
        self._apply(fixes.fill_answer(self.example, i, self.template_text()))
        if i < len(self.cards):
            content = self.cards[i].content
            self.scroll.ensureWidgetVisible(self.cards[i])
            content.setFocus(Qt.FocusReason.OtherFocusReason)
            content.selectAll()

    def add_answer(self) -> None:
        """An empty answer at the end, with the cursor in it (an undoable edit)."""
        self.commit()
        messages = [c.value() for c in self.cards]
        messages.append({"role": "assistant", "content": ""})
        self._set_messages(messages)
        self.focus_message(len(self.cards) - 1)

    def drop_example(self) -> None:
        self.commit()
        if self.row is not None:
            self.dropRequested.emit(self.row)

    def mask_personal_data(self, fld: str | None, kind: str) -> None:
        """Replace the personal data of a kind in one field with its placeholder (an undoable edit)."""
        self.commit()
        if self.example is None:
            return
        self._apply(fixes.mask_personal_data(self.example, fld, kind))

    def _apply(self, example: dict[str, Any]) -> None:
        if example == self.example:
            return  # nothing left to change (the problem is already fixed): no empty undo step
        self.example = copy.deepcopy(example)
        self._rebuild_cards()
        with QSignalBlocker(self.raw):
            self.raw.setPlainText(json.dumps(self.example, ensure_ascii=False, indent=2))
        self.exampleEdited.emit(copy.deepcopy(example))

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
