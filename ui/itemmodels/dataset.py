"""The Data view's table: a lazy Qt model over a DatasetSession (after Anki's browser table model).

Nothing is parsed until a row is painted: `data()` asks the overlay for the row (the index reads and parses
that one line, with a small cache) and keeps the few strings the table shows in its own LRU cache. The row
count grows while the index is built in a worker (`rows_available`). A filter (rows with problems, a search
result) is a numpy array of rows, so a million-row file filters without a million Python objects.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from fttool.datasets.overlay import summary
from fttool.datasets.session import DatasetSession, Facts
from ui.messages import text as message_text

COL_NUM, COL_SYSTEM, COL_USER, COL_ANSWER, COL_TOKENS, COL_PROBLEMS = range(6)
ERROR_BG = QColor(253, 226, 226)
WARN_BG = QColor(255, 244, 214)
EDITED_FG = QColor(30, 90, 200)
KeyRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2


# -- the core's words in the person's language (context "DataWords"; literal calls, so lupdate finds them) ------
translate = QCoreApplication.translate  # the name lupdate looks for


def role_text(role: Any) -> str:
    """A message's role as the Data view names it (the core's word stays in the data)."""
    words = {
        "system": translate("DataWords", "System"),
        "user": translate("DataWords", "User"),
        "assistant": translate("DataWords", "Assistant"),
        "tool": translate("DataWords", "Tool"),
        "function": translate("DataWords", "Function"),
    }
    return words.get(str(role), str(role))


def _role_phrase(role: Any) -> str | None:
    return {
        "system": translate("DataWords", "the system prompt"),
        "user": translate("DataWords", "the user's message"),
        "assistant": translate("DataWords", "the answer"),
        "tool": translate("DataWords", "a tool's result"),
        "function": translate("DataWords", "a function's result"),
    }.get(str(role))


def kind_text(kind: Any, fallback: str = "") -> str:
    """The kind of personal data a check found ("a phone number"), keyed by the core's kind."""
    words = {
        "email": translate("DataWords", "an e-mail address"),
        "phone": translate("DataWords", "a phone number"),
        "api_key": translate("DataWords", "an API key or secret"),
    }
    return words.get(str(kind), fallback or str(kind))


def mask_label(kind: Any) -> str:
    """The one-click fix that replaces the personal data of a kind with a placeholder."""
    return {
        "email": translate("DataWords", "Mask this address"),
        "phone": translate("DataWords", "Mask this number"),
        "api_key": translate("DataWords", "Mask this key"),
    }.get(str(kind)) or translate("DataWords", "Mask it")


def problem_title(code: str) -> str:
    """A short title per problem code (the Problems column); the code itself only goes in tooltips."""
    titles = {
        "empty_file": translate("DataWords", "Empty file"),
        "invalid_encoding": translate("DataWords", "Not UTF-8 text"),
        "invalid_json": translate("DataWords", "Not valid JSON"),
        "not_an_object": translate("DataWords", "Not an example"),
        "missing_messages": translate("DataWords", "No messages"),
        "message_missing_key": translate("DataWords", "Incomplete message"),
        "message_unrecognized_key": translate("DataWords", "Unknown message field"),
        "unrecognized_role": translate("DataWords", "Unknown role"),
        "missing_content": translate("DataWords", "Message without text"),
        "no_assistant_message": translate("DataWords", "No answer"),
        "invalid_weight": translate("DataWords", "Wrong 'Train on it' value"),
        "too_many_tokens": translate("DataWords", "Too long"),
        "too_few_examples": translate("DataWords", "Too few examples"),
        "example_too_large": translate("DataWords", "Far too large"),
        "dpo_missing_input": translate("DataWords", "Pair without a question"),
        "dpo_missing_preferred_output": translate("DataWords", "Pair without the better answer"),
        "dpo_missing_non_preferred_output": translate("DataWords", "Pair without the worse answer"),
        "dpo_invalid_output": translate("DataWords", "Pair answer malformed"),
        "dpo_input_ends_with_assistant": translate("DataWords", "Pair question ends with an answer"),
        "unconvertible_record": translate("DataWords", "Cannot be read"),
        "empty_answer": translate("DataWords", "Empty answer"),
        "in_validation_and_train": translate("DataWords", "Also in train"),
        "in_test_and_train": translate("DataWords", "Also in train"),
        "duplicate": translate("DataWords", "Duplicate"),
        "near_duplicate": translate("DataWords", "Nearly a duplicate"),
        "in_train_and_validation": translate("DataWords", "Also in validation"),
        "assistant_first": translate("DataWords", "Answer comes first"),
        "consecutive_user": translate("DataWords", "Two user turns in a row"),
        "short_answer": translate("DataWords", "Very short answer"),
        "inconsistent_system_prompt": translate("DataWords", "Different system prompt"),
        "personal_data": translate("DataWords", "Personal data"),
        "will_be_truncated": translate("DataWords", "Will be cut short"),
        "blank_line": translate("DataWords", "Blank line"),
        "dpo_identical_outputs": translate("DataWords", "Pair answers are the same"),
        "unknown_model": translate("DataWords", "Unknown model"),
    }
    return titles.get(code) or translate("DataWords", "Problem")


_MESSAGE_FIELD = re.compile(r"^(?:input\.)?messages\[(\d+)\](?:\.(\w+))?")


def field_text(fld: Any, example: Any = None) -> str:
    """Where a problem is, in the editor's words: `messages[1].content` -> "message 2 (the answer)"."""
    if not fld:
        return ""
    fld = str(fld)
    m = _MESSAGE_FIELD.match(fld)
    if m:
        i = int(m.group(1))
        holder = example.get("input") if fld.startswith("input.") and isinstance(example, dict) else example
        msgs = holder.get("messages") if isinstance(holder, dict) else None
        role = msgs[i].get("role") if isinstance(msgs, list) and i < len(msgs) and isinstance(msgs[i], dict) else None
        phrase = _role_phrase(role)
        where = (translate("DataWords", "message {0} ({1})").format(i + 1, phrase) if phrase else
                 translate("DataWords", "message {0}").format(i + 1))
        sub = m.group(2)
        if sub == "role":
            return translate("DataWords", "{0}, its role").format(where)
        if sub == "weight":
            return translate("DataWords", "{0}, its 'Train on it' box").format(where)
        if sub == "name":
            return translate("DataWords", "{0}, its name").format(where)
        if sub in ("tool_calls", "function_call"):
            return translate("DataWords", "{0}, its tool call").format(where)
        return where
    named = {
        "messages": translate("DataWords", "the messages"),
        "input": translate("DataWords", "the question"),
        "model": translate("DataWords", "the model"),
        "preferred_output": translate("DataWords", "the better answer"),
        "non_preferred_output": translate("DataWords", "the worse answer"),
    }
    return named.get(fld.split("[", 1)[0].split(".", 1)[0], fld)


def problem_params(p: dict[str, Any], example: Any = None, row: int | None = None) -> dict[str, Any]:
    """A problem's parameters as the screen says them: the place in the editor's words, the kind of personal
    data translated, and the row's number where the check had no line (an edited example)."""
    params = dict(p.get("params") or {})
    fld = p.get("field") or params.get("field")
    if fld:
        params["field"] = field_text(fld, example)
    if "kind" in params:
        params["kind_text"] = kind_text(params["kind"], str(params.get("kind_text") or ""))
    if params.get("line") is None and row is not None and row >= 0:
        params["line"] = row + 1
    if isinstance(params.get("detail"), str):  # the few fixed English details the checks give
        params["detail"] = detail_words().get(params["detail"], params["detail"])
    return params


def detail_words() -> dict[str, str]:
    return {
        "this example has no system prompt.": translate("DataWords", "this example has no system prompt."),
        "this example's system prompt differs from the usual one.": translate(
            "DataWords", "this example's system prompt differs from the usual one."),
        "nested too deeply": translate("DataWords", "nested too deeply"),
    }


def problem_text(p: dict[str, Any], example: Any = None, row: int | None = None) -> str:
    """The whole sentence of a problem in the person's language and the editor's words (never a code or a
    JSON path)."""
    return message_text(p.get("code", ""), problem_params(p, example, row), p.get("message", ""))


class DatasetModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.session: DatasetSession | None = None
        self._count = 0  # rows known to the view (the index may know more while it builds)
        self._visible: Any = None  # numpy array of overlay rows, or None: every row
        self._cache: OrderedDict[int, tuple[str, str, str, str | None]] = OrderedDict()  # key -> texts
        self._cache_size = 4096
        self._cells_cache: dict[int, tuple[Any, ...]] = {}
        self._headers = [self.tr("#"), self.tr("System"), self.tr("First user message"), self.tr("Last answer"),
                         self.tr("Tokens"), self.tr("Problems")]
        self._mono = QFont()
        self._mono.setStyleHint(QFont.StyleHint.Monospace)

    # -- the data behind it ------------------------------------------------------------------------------------
    def set_session(self, session: DatasetSession | None) -> None:
        self.beginResetModel()
        self.session = session
        self._count = 0 if session is None else (session.overlay.row_count if session.built else
                                                 session.index.row_count)
        self._visible = None
        self._cache.clear()
        self._cells_cache.clear()
        self.endResetModel()

    def rows_available(self, count: int) -> None:
        """More rows were indexed (the worker reported it; called on the GUI thread)."""
        if self.session is None or self._visible is not None or count <= self._count:
            return
        self.beginInsertRows(QModelIndex(), self._count, count - 1)
        self._count = count
        self.endInsertRows()

    def refresh(self, structural: bool = True, rows: list[int] | None = None) -> None:
        """The overlay changed: rows moved (structural) or only the given (view) rows' contents."""
        if self.session is None:
            return
        if structural:
            self.beginResetModel()
            self._count = self.session.overlay.row_count
            self._cache.clear()
            self._cells_cache.clear()
            self.endResetModel()
            return
        self._cells_cache.clear()
        for r in rows or []:
            i = self.index(r, 0)
            self.dataChanged.emit(i, self.index(r, COL_PROBLEMS))

    def facts_changed(self) -> None:
        self._cells_cache.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, COL_PROBLEMS))

    def set_filter(self, rows: Any) -> None:
        """Show only these overlay rows (a sorted numpy array), or every row (None)."""
        if rows is None and self._visible is None and self.session is not None and self.session.ready \
                and self._count == self.session.overlay.row_count:
            return  # nothing changes: a reset would make the view measure a million rows again
        self.beginResetModel()
        self._visible = rows
        if self.session is not None:
            self._count = self.session.overlay.row_count if self.session.built else self.session.index.row_count
        self.endResetModel()

    @property
    def filtered(self) -> bool:
        return self._visible is not None

    def overlay_row(self, view_row: int) -> int:
        return view_row if self._visible is None else int(self._visible[view_row])

    def view_row(self, overlay_row: int) -> int | None:
        if self._visible is None:
            return overlay_row if 0 <= overlay_row < self._count else None
        import numpy as np

        i = int(np.searchsorted(self._visible, overlay_row))
        return i if i < len(self._visible) and int(self._visible[i]) == overlay_row else None

    @property
    def facts(self) -> Facts | None:
        return None if self.session is None else self.session.facts

    # -- Qt ----------------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._count if self._visible is None else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return [self.tr("Row number (the line in the file, when it differs, is in the tooltip); a blue "
                                "number: edited, not saved yet"),
                        self.tr("The system prompt"), self.tr("The first thing the user says"),
                        self.tr("The last answer the model should learn"),
                        self.tr("Tokens this example counts for training (after Validate)"),
                        self.tr("Problems found by Validate; select the row to see them")][section]
        return None

    def _texts(self, key: int, row: int) -> tuple[str, str, str, str | None]:
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        assert self.session is not None
        parsed = self.session.overlay.parsed_key(key)
        if parsed.example is None:
            texts = ("", message_text(parsed.error or "invalid_json", {"line": parsed.line}, parsed.error or ""),
                     "", parsed.error)
        else:
            s, u, a = summary(parsed.example)
            texts = (s, u, a, None)
        self._cache[key] = texts
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return texts

    _ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole, KeyRole, RowRole})

    def _cells(self, key: int, row: int) -> tuple[Any, ...]:
        """Display texts of the columns after # (system, user, answer, tokens, problems) and the row's brush,
        kept per key until the facts change: painting asks for each cell several times."""
        hit = self._cells_cache.get(key)
        if hit is not None:
            return hit
        system, user, answer, _error = self._texts(key, row)
        facts = self.session.facts if self.session is not None else None
        problems = facts.problems.get(key, []) if facts is not None else []
        t = facts.tokens(key) if facts is not None else None
        if problems:
            first = problem_title(str(problems[0].get("code", "")))
            ptext = first if len(problems) == 1 else self.tr("{0} (+{1} more)").format(first, len(problems) - 1)
            brush = _ERROR_BRUSH if any(p.get("severity") != "warning" for p in problems) else _WARN_BRUSH
        else:
            ptext, brush = "", None
        cells = (system, user, answer, "" if t is None else f"{t:,}", ptext, brush)
        if len(self._cells_cache) > self._cache_size:
            self._cells_cache.clear()
        self._cells_cache[key] = cells
        return cells

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self._ROLES or not index.isValid() or self.session is None:
            return None  # most roles a view asks for (font, decoration, check state...) have nothing here
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in (COL_NUM, COL_TOKENS) else None
        if role == Qt.ItemDataRole.ForegroundRole and col != COL_NUM:
            return None
        row = self.overlay_row(index.row())
        try:
            key = self.session.overlay.key(row) if self.session.built else row
        except IndexError:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1) if col == COL_NUM else self._cells(key, row)[col - 1]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._cells(key, row)[5]
        if role == KeyRole:
            return key
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            return _EDITED_BRUSH if key < 0 else None
        # tooltips: rare, computed when asked
        facts = self.session.facts
        problems = facts.problems.get(key, []) if facts is not None else []
        if col == COL_PROBLEMS and problems:
            parsed = self.session.overlay.parsed_key(key) if self.session.built else self.session.index.parse(key)
            return "\n".join(f"{problem_text(p, parsed.example, row)} ({p.get('code', '')})" for p in problems[:10])
        if col == COL_NUM:
            if key < 0:
                return self.tr("A blue number: edited, not saved yet (Save writes it to the file)")
            return self.tr("Line {0} of the file").format(self.session.index.line(key))
        if col in (COL_SYSTEM, COL_USER, COL_ANSWER):
            return self._texts(key, row)[col - 1]
        return None


_ERROR_BRUSH = QBrush(ERROR_BG)
_WARN_BRUSH = QBrush(WARN_BG)
_EDITED_BRUSH = QBrush(EDITED_FG)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ProblemsModel(QAbstractTableModel):
    """Every problem found, in row order: row, severity, code, what to do. Lazy over the facts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[int, dict[str, Any]]] = []  # (overlay row or -1 for the file, problem)
        self._keys: list[int] = []  # the row's key of each item (for its example: where a message is)
        self._texts: dict[int, str] = {}  # item -> its sentence, made when first painted
        self.session: DatasetSession | None = None
        self._errors = self._warnings = 0
        self._headers = [self.tr("Row"), self.tr("Severity"), self.tr("Problem")]

    def set_problems(self, session: DatasetSession | None) -> None:
        import numpy as np

        self.beginResetModel()
        items: list[tuple[int, dict[str, Any]]] = []
        item_keys: list[int] = []
        facts = session.facts if session is not None else None
        if session is not None and facts is not None:
            items = [(-1, p) for p in facts.file_problems]
            item_keys = [0] * len(items)
            keys = facts.problem_keys()
            if len(keys):
                rows = session.overlay.rows_of_keys(keys) if session.built else keys
                order = np.argsort(rows, kind="stable")
                for i in order.tolist():
                    row = int(rows[i])
                    if row < 0:
                        continue  # the row was deleted since
                    for p in facts.problems[int(keys[i])]:
                        items.append((row, p))
                        item_keys.append(int(keys[i]))
        self.session = session
        self._items = items
        self._keys = item_keys
        self._texts = {}
        self._warnings = sum(1 for _row, p in items if p.get("severity") == "warning")
        self._errors = len(items) - self._warnings
        self.endResetModel()

    def counts(self) -> tuple[int, int]:
        """Errors and warnings in the list: of the rows there now (a deleted or replaced row's are not)."""
        return self._errors, self._warnings

    def text(self, item: int) -> str:
        """The sentence of a problem in the editor's words (the message's role read from its example)."""
        hit = self._texts.get(item)
        if hit is not None:
            return hit
        row, p = self._items[item]
        example = None
        if row >= 0 and self.session is not None and _MESSAGE_FIELD.match(str(p.get("field") or "")):
            key = self._keys[item]
            try:
                parsed = (self.session.overlay.parsed_key(key) if self.session.built else
                          self.session.index.parse(key))
                example = parsed.example
            except (IndexError, KeyError, OSError, ValueError):
                example = None  # closed or changed meanwhile: the message is named without its role
        said = problem_text(p, example, row)
        self._texts[item] = said
        return said

    def item(self, row: int) -> tuple[int, dict[str, Any]]:
        return self._items[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, p = self._items[index.row()]
        col = index.column()
        warning = p.get("severity") == "warning"
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.tr("file") if row < 0 else str(row + 1)
            if col == 1:
                return self.tr("warning") if warning else self.tr("error")
            return self.text(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole sentence, however narrow the column
            return f"{problem_title(str(p.get('code', '')))}: {self.text(index.row())}  ({p.get('code', '')})"
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor(150, 100, 0) if warning else QColor(180, 30, 30))
        if role == RowRole:
            return row
        return None
