"""The Evaluate panel's own widgets: the bar that draws a gain and its 95% interval, and the per-example browser's
item model (sortable by score, computed when shown)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class CiBar(QWidget):
    """A gain and its 95% interval drawn on a horizontal line: zero marked in the middle, the interval as a
    band (green when all above zero, red when all below, grey when it holds zero), the gain as a dot. The
    numbers are in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ciBar")
        self.interval: tuple[float, float, float] | None = None  # gain, low, high (points)
        self.setMinimumSize(140, 22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_interval(self, delta: float, lo: float, hi: float, tooltip: str = "") -> None:
        self.interval = (float(delta), float(lo), float(hi))
        self.setToolTip(tooltip)
        self.setAccessibleDescription(tooltip)
        self.update()

    def clear(self) -> None:
        self.interval = None
        self.setToolTip("")
        self.update()

    def x_of(self, value: float) -> float:
        """Where a value (in points) is drawn: zero in the middle, the widest of the numbers near an edge."""
        assert self.interval is not None
        span = max(max(abs(v) for v in self.interval) * 1.15, 5.0)
        half = self.width() / 2 - 6
        return self.width() / 2 + value / span * half

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        mid = self.height() / 2
        painter.setPen(QPen(QColor("#9a9a9a"), 1))
        painter.drawLine(4, int(mid), self.width() - 4, int(mid))
        if self.interval is None:
            return
        delta, lo, hi = self.interval
        color = QColor("#2e8b57") if lo > 0 else QColor("#c0392b") if hi < 0 else QColor("#8c8c8c")
        band = QColor(color)
        band.setAlpha(110)
        x0, x1 = self.x_of(lo), self.x_of(hi)
        painter.fillRect(int(x0), int(mid - 5), max(2, int(x1 - x0)), 10, band)
        zero = int(self.x_of(0.0))
        painter.setPen(QPen(QColor("#202020"), 2))
        painter.drawLine(zero, 2, zero, self.height() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(int(self.x_of(delta)) - 4, int(mid) - 4, 8, 8)



class ExamplesModel(QAbstractTableModel):
    """The per-example browser's rows, computed when shown (500 examples open at once, not item by item)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.subjects: list[str] = []
        self.headers: list[str] = []
        self.pair: tuple[str, str] | None = None
        self._keys: list[list[Any]] = []

    def reset(self, rows: list[dict[str, Any]], subjects: list[str], headers: list[str],
              pair: tuple[str, str] | None) -> None:
        self.beginResetModel()
        self.rows, self.subjects, self.headers, self.pair = rows, subjects, headers, pair
        self._keys = [self._row_keys(r) for r in rows]
        self.endResetModel()

    def _row_keys(self, row: dict[str, Any]) -> list[Any]:
        answers = row.get("answers") or {}
        question = next((m.get("content", "") for m in reversed(row.get("prompt") or []) if m.get("role") == "user"), "")
        f1 = [(answers.get(s) or {}).get("token_f1") for s in self.subjects]
        keys: list[Any] = [row.get("index", 0), question] + f1
        if self.pair:
            a, b = ((answers.get(s) or {}).get("token_f1") for s in self.pair)
            keys.append(None if a is None or b is None else b - a)
        return keys

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python in one go (a proxy model would ask data() thousands of times)."""
        if not self.rows or not 0 <= column < len(self.headers):
            return
        self.layoutAboutToBeChanged.emit()

        def key(i: int) -> Any:
            k = self._keys[i][column]
            if column == 1:
                return str(k).lower()
            return -1.0 if k is None else float(k)

        order_ = sorted(range(len(self.rows)), key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = [self.rows[i] for i in order_]
        self._keys = [self._keys[i] for i in order_]
        self.layoutChanged.emit()

    def row(self, r: int) -> dict[str, Any]:
        return self.rows[r]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and 2 <= section < 2 + len(self.subjects):
            return self.tr("{0}: word overlap with the reference answer (token F1, 0 to 100)").format(
                self.subjects[section - 2])
        if role == Qt.ItemDataRole.ToolTipRole and self.pair and section == len(self.headers) - 1:
            return self.tr("B's score minus A's on this question: above zero, B answered it better")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = self._keys[index.row()][index.column()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            if col == 1:
                return key
            return -1.0 if key is None else float(key)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(int(key) + 1)
            if col == 1:
                return str(key)[:200]
            if key is None:
                return "-"
            return f"{100 * key:+.0f}" if self.pair and col == len(self.headers) - 1 else f"{100 * key:.0f}"
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return str(key)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
