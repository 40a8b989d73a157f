"""The bare baseline for bench/package.py: a PySide6 (Essentials + QtCharts) window with one chart and no
app code. `--smoke` shows it, waits for the first paint and quits, like `fttool-app --smoke`."""

import sys


def main() -> int:
    from PySide6.QtCharts import QChart, QChartView, QLineSeries
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("hello")
    series = QLineSeries()
    for x, y in ((0, 1.0), (1, 0.7), (2, 0.5), (3, 0.4)):
        series.append(x, y)
    chart = QChart()
    chart.addSeries(series)
    chart.createDefaultAxes()
    window.setCentralWidget(QChartView(chart))
    window.resize(800, 500)

    class Painted(QObject):
        seen = False

        def eventFilter(self, obj, event):
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, app.quit)
            return False

    watcher = Painted(window)
    app.installEventFilter(watcher)  # the chart view covers the window: any widget's first paint counts
    window.show()
    if "--smoke" in sys.argv:
        QTimer.singleShot(15_000, app.quit)
        app.exec()
        return 0 if watcher.seen else 1
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
