"""A live loss chart (QtCharts): any metric series of one or several jobs, by step.

`set_curves({label: {series_name: [[step, value], ...]}})` redraws; several jobs' curves overlay each other.
Points are thinned to at most `max_points` per series so a long run never stalls the GUI thread."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

LOSS_SERIES = ("train_loss", "valid_loss", "full_valid_loss")


def thin(points: list[list[float]], max_points: int) -> list[list[float]]:
    if len(points) <= max_points:
        return points
    stride = len(points) / max_points
    out = [points[int(i * stride)] for i in range(max_points - 1)]
    out.append(points[-1])
    return out


def _finite_segments(points: list[list[float]]) -> list[list[list[float]]]:
    """The runs of finite points between NaN or infinite ones."""
    segments: list[list[list[float]]] = [[]]
    for p in points:
        if math.isfinite(float(p[1])):
            segments[-1].append(p)
        elif segments[-1]:
            segments.append([])
    return [seg for seg in segments if seg]


class LossChart(QChartView):
    def __init__(self, parent: QWidget | None = None, max_points: int = 2000) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setObjectName("lossChart")
        self.max_points = max_points
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_.setTitle(self.tr("Loss by step"))
        self.x_axis = QValueAxis()
        self.x_axis.setTitleText(self.tr("step"))
        self.x_axis.setLabelFormat("%d")
        self.y_axis = QValueAxis()
        self.y_axis.setTitleText(self.tr("loss"))
        self.chart_.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series_count = 0
        self.setMinimumHeight(220)

    def set_curves(self, curves: dict[str, dict[str, list[list[float]]]]) -> None:
        """One line per loss series; a NaN or infinite loss (a diverged run) is a gap in its line, and the title
        names the first step where it happened."""
        self.chart_.removeAllSeries()
        self.series_count = 0
        self.diverged_at: float | None = None
        xs: list[float] = []
        ys: list[float] = []
        for label, metrics in curves.items():
            for name in LOSS_SERIES:
                points = metrics.get(name) or []
                if not points:
                    continue
                pts = thin(points, self.max_points)
                bad = [p[0] for p in pts if not math.isfinite(float(p[1]))]
                if bad and (self.diverged_at is None or bad[0] < self.diverged_at):
                    self.diverged_at = float(bad[0])
                first: QLineSeries | None = None
                for segment in _finite_segments(pts):
                    series = QLineSeries()
                    series.replace([QPointF(float(p[0]), float(p[1])) for p in segment])
                    self.chart_.addSeries(series)
                    series.attachAxis(self.x_axis)
                    series.attachAxis(self.y_axis)
                    if first is None:  # the first segment carries the name and the legend entry
                        first = series
                        series.setName(f"{label} · {name}" if len(curves) > 1 else name)
                        self.series_count += 1
                    else:
                        series.setColor(first.color())
                        for marker in self.chart_.legend().markers(series):
                            marker.setVisible(False)
                    if name != "train_loss":
                        pen = QPen(series.pen())
                        pen.setStyle(Qt.PenStyle.DashLine)
                        series.setPen(pen)
                    xs += [p[0] for p in segment]
                    ys += [p[1] for p in segment]
        if xs:
            lo, hi = min(ys), max(ys)
            pad = (hi - lo) * 0.05 or 0.1
            self.x_axis.setRange(min(xs), max(max(xs), min(xs) + 1))
            self.y_axis.setRange(lo - pad, hi + pad)
        if self.diverged_at is not None:
            self.chart_.setTitle(self.tr("Loss by step: the loss became NaN or infinite at step {0} (the gap)")
                                 .format(int(self.diverged_at)))
        else:
            self.chart_.setTitle(self.tr("Loss by step") if xs else self.tr("No loss reported yet"))

    def point_count(self) -> int:
        return sum(s.count() for s in self.chart_.series() if isinstance(s, QLineSeries))

    def series_names(self) -> list[str]:
        return [s.name() for s in self.chart_.series()]

    @staticmethod
    def from_job(job: dict[str, Any]) -> dict[str, list[list[float]]]:
        return {k: v for k, v in (job.get("metrics") or {}).items() if k in LOSS_SERIES}
