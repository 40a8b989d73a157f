"""The playground's Evaluate panel: run `fttool eval` on the service with progress and cancel, and show the
project's eval/results.json as a table, a bar chart (QtCharts) and a per-example browser sortable by score."""

from __future__ import annotations

import concurrent.futures
import html
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fttool.project import Project
from ui.bridge import Bridge

METRICS = ("exact_match", "token_f1", "rouge_l")
TUNED_GROUPS = ("tuned", "checkpoint", "account")
JUDGE_BACKENDS = ("openai", "azure", "together")


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


class ProgressRelay(QObject):
    progress = Signal(int, int, str)

    def callback(self) -> Any:
        return lambda done, total, what: self.progress.emit(done, total, what)


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


class EvaluatePanel(QWidget):
    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluatePanel")
        self.bridge = bridge
        self.project: Project | None = None
        self.future: concurrent.futures.Future[Any] | None = None
        self.results: dict[str, Any] | None = None
        self.relay = ProgressRelay(self)
        self.relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.models: list[dict[str, Any]] = []
        self.judge_backends: list[str] | None = None  # None until the service has said which keys are set

        lay = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.data = QLineEdit()
        self.data.setObjectName("evalData")
        self.data.setPlaceholderText(self.tr("Held-out examples (JSONL); by default the project's test split"))
        self.data.setToolTip(self.tr("Examples the models were not trained on; each one's last assistant "
                                     "message is the reference answer"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.data, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Held-out data"), row)
        self.model_a = QComboBox()
        self.model_a.setObjectName("evalModelA")
        self.model_a.setToolTip(self.tr("The base model: the baselines run on it"))
        self.model_b = QComboBox()
        self.model_b.setObjectName("evalModelB")
        self.model_b.setToolTip(self.tr("The tuned model: its gain over the base is measured. Choosing it "
                                        "sets A to the model it was made from."))
        self.model_b.activated.connect(self._b_chosen)
        form.addRow(self.tr("Base model (A)"), self.model_a)
        form.addRow(self.tr("Tuned model (B)"), self.model_b)
        base_row = QHBoxLayout()
        self.zero_shot = QCheckBox(self.tr("Without examples"))
        self.zero_shot.setToolTip(self.tr("The base model with your system prompt only"))
        self.zero_shot.setChecked(True)
        self.few_shot = QCheckBox(self.tr("Few examples, k ="))
        self.few_shot.setToolTip(self.tr("The base model shown k examples from the training set first"))
        self.few_shot.setChecked(True)
        self.k = QSpinBox()
        self.k.setRange(1, 20)
        self.k.setValue(3)
        self.rag = QCheckBox(self.tr("Retrieval (BM25)"))
        self.rag.setToolTip(self.tr("The base model given the passages that best match each question, from "
                                    "your documents folder or else the training answers"))
        self.rag_dir = QLineEdit()
        self.rag_dir.setPlaceholderText(self.tr("Documents folder (optional)"))
        self.regression = QCheckBox(self.tr("General prompts"))
        self.regression.setToolTip(self.tr("Also compare A and B on a small set of general prompts, to see "
                                           "whether tuning made the model worse outside its domain"))
        for w in (self.zero_shot, self.few_shot, self.k, self.rag, self.rag_dir, self.regression):
            base_row.addWidget(w)
        form.addRow(self.tr("Baselines"), base_row)
        judge_row = QHBoxLayout()
        self.use_judge = QCheckBox(self.tr("Ask a judge model too:"))
        self.use_judge.setObjectName("useJudge")
        self.use_judge.setToolTip(self.tr("Optional. A cloud model reads both answers to each test question (in "
                                          "a random order) and says which is better: it catches good answers "
                                          "worded differently from the reference. Each question is one paid "
                                          "request; the prompt is shown with the result."))
        self.use_judge.setEnabled(False)
        self.judge = QComboBox()
        self.judge.setObjectName("judgeModel")
        self.judge.setEnabled(False)
        self.judge_cost = QLabel()
        self.judge_cost.setObjectName("judgeCost")
        self.judge_cost.setTextFormat(Qt.TextFormat.PlainText)
        judge_row.addWidget(self.use_judge)
        judge_row.addWidget(self.judge, 1)
        judge_row.addWidget(self.judge_cost)
        judge_label = QLabel(self.tr("Judge"))
        judge_label.setToolTip(self.use_judge.toolTip())
        form.addRow(judge_label, judge_row)
        self.use_judge.toggled.connect(self._judge_changed)
        self.judge.currentIndexChanged.connect(self._judge_changed)
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 64)
        self.concurrency.setValue(16)
        self.concurrency.setToolTip(self.tr("Requests in flight at once"))
        self.concurrency.setMaximumWidth(90)
        for combo in (self.model_a, self.model_b, self.judge):
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        form.addRow(self.tr("Concurrency"), self.concurrency)
        lay.addLayout(form)

        run_row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("Evaluate"))
        self.run_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.run_button.setObjectName("runEval")
        self.run_button.setToolTip(self.tr("Answers already paid for are reused: a run after a failure or a "
                                           "cancel only asks for the rest"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.cancel_button.setObjectName("cancelEval")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("evalProgress")
        self.progress.setFormat(self.tr("%v of %m answers"))
        self.progress.setValue(0)
        self.progress.setTextVisible(False)  # no count before there is one
        self.progress.setVisible(False)  # empty, it looks like a text field: shown once a run starts
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        run_row.addStretch(0)  # the buttons keep their size while the bar is hidden
        lay.addLayout(run_row)
        self.status = QLabel()
        self.status.setObjectName("evalStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        tabs = QTabWidget()
        self.result_tabs = tabs
        # summary: table, gain and chart
        summary = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("evalTable")
        headers = [
            (self.tr("Model"), self.tr("A is the base model, B the tuned one; baselines are the base model "
                                       "helped by a prompt recipe")),
            (self.tr("Exact match"), self.tr("Exact match: out of 100, how many answers are the same as the "
                                             "reference answer, word for word (case, punctuation and 'a', "
                                             "'the' ignored). Strict: a right answer worded differently "
                                             "counts 0.")),
            (self.tr("Word overlap (F1)"), self.tr("Token F1: how much the answer's words and the reference's "
                                                   "words overlap, 0 to 100. The main score: the comparison "
                                                   "below uses it.")),
            (self.tr("Word order (ROUGE-L)"), self.tr("ROUGE-L: how much of the reference appears in the answer "
                                                      "in the same order (the longest shared run of words), 0 "
                                                      "to 100.")),
            (self.tr("Time ms"), self.tr("The average time to get a whole answer, in milliseconds")),
            (self.tr("Tokens"), self.tr("Tokens sent and received in all (a token is about 3/4 of a word)")),
            (self.tr("Cost $"), self.tr("What the answers cost, in US dollars ('-' when the price is not "
                                        "known, as for models on this computer)")),
            (self.tr("N"), self.tr("How many test questions got an answer")),
        ]
        for c, (text, tip) in enumerate(headers):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(c, item)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        ll.addWidget(self.table, 1)
        self.gain = QLabel()
        self.gain.setObjectName("evalGain")
        self.gain.setTextFormat(Qt.TextFormat.PlainText)
        self.gain.setWordWrap(True)
        self.gain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ll.addWidget(self.gain)
        self.gain_bar = CiBar()
        self.gain_bar.setVisible(False)
        ll.addWidget(self.gain_bar)
        self.other_gains = QWidget()
        self.other_gains.setObjectName("otherGains")
        self.other_layout = QVBoxLayout(self.other_gains)
        self.other_layout.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.other_gains)
        self.judge_line = QLabel()
        self.judge_line.setObjectName("judgeLine")
        self.judge_line.setTextFormat(Qt.TextFormat.PlainText)
        self.judge_line.setWordWrap(True)
        self.judge_line.setVisible(False)
        ll.addWidget(self.judge_line)
        self.judge_prompt = QPlainTextEdit()
        self.judge_prompt.setObjectName("judgePrompt")
        self.judge_prompt.setReadOnly(True)
        self.judge_prompt.setMaximumHeight(140)
        self.judge_prompt.setToolTip(self.tr("The prompt the judge was given for each example"))
        self.judge_prompt.setVisible(False)
        ll.addWidget(self.judge_prompt)
        summary.addWidget(left)
        from PySide6.QtCharts import QChart, QChartView

        self.chart = QChart()
        self.chart.setTitle(self.tr("Scores (0-100)"))
        # the chart's own legend cuts long names ("Word overl…"): a legend of plain labels below it instead, one
        # line per metric, in the table's words
        self.chart.legend().setVisible(False)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("evalChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(300)
        chart_side = QWidget()
        cl = QVBoxLayout(chart_side)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.chart_view, 1)
        self.legend = QWidget()
        self.legend.setObjectName("evalLegend")
        legend_rows = QVBoxLayout(self.legend)
        legend_rows.setContentsMargins(8, 0, 0, 4)
        legend_rows.setSpacing(2)
        self.legend_swatches: list[QLabel] = []
        for i in range(len(METRICS)):
            row = QHBoxLayout()
            swatch = QLabel()
            swatch.setFixedSize(12, 12)
            name = QLabel(self.table.horizontalHeaderItem(1 + i).text())
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setToolTip(self.table.horizontalHeaderItem(1 + i).toolTip())
            row.addWidget(swatch)
            row.addWidget(name, 1)
            legend_rows.addLayout(row)
            self.legend_swatches.append(swatch)
        self.legend.setVisible(False)
        cl.addWidget(self.legend)
        summary.addWidget(chart_side)
        summary.setStretchFactor(0, 3)
        summary.setStretchFactor(1, 2)
        summary.setSizes([700, 330])  # the table's share first: its model names are the longer
        tabs.addTab(summary, self.tr("Summary"))

        # per-example browser
        browser = QSplitter(Qt.Orientation.Vertical)
        self.examples_model = ExamplesModel(self)
        self.examples = QTableView()
        self.examples.setObjectName("evalExamples")
        self.examples.setModel(self.examples_model)
        self.examples.setSortingEnabled(True)
        self.examples.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.examples.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.examples.verticalHeader().setVisible(False)
        self.examples.selectionModel().selectionChanged.connect(self._show_example)
        browser.addWidget(self.examples)
        self.detail = QTextBrowser()
        self.detail.setObjectName("evalDetail")
        self.detail.setPlaceholderText(self.tr("Select an example to see the prompt, the reference and each "
                                               "model's answer side by side."))
        browser.addWidget(self.detail)
        tabs.addTab(browser, self.tr("Examples"))
        lay.addWidget(tabs, 1)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.data.editingFinished.connect(self._judge_changed)

    # -- inputs --------------------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.results = None
        self._show_results(None)
        if project is None:
            return
        test = project.dataset_files().get("test")
        self.data.setText(str(test) if test else "")
        self._judge_changed()
        self.bridge.run("eval_load", project=str(project.path), on_success=self._show_results)

    def set_models(self, models: list[dict[str, Any]]) -> None:
        """List the models; B defaults to a tuned one and A to the model B was made from (else a base model)."""
        from ui.views.playground import base_index, model_tip, model_title

        self.models = list(models)
        for combo, prefer in ((self.model_b, "tuned"), (self.model_a, "base")):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for m in models:
                combo.addItem(model_title(m), m["target"])
                combo.setItemData(combo.count() - 1, model_tip(m), Qt.ItemDataRole.ToolTipRole)
            combo.blockSignals(False)
            index = next((i for i in range(combo.count()) if combo.itemData(i) == current), -1)
            if index < 0 and combo is self.model_a:
                index = base_index(models, self.model_b.currentData())
            if index < 0:
                index = next((i for i, m in enumerate(models) if m["group"] == prefer), 0)
            combo.setCurrentIndex(index)
        if self.results:  # the results name their models by these entries
            self._show_results(self.results)
        self._fill_judges()
        # asked again with each new list: a key added in Settings meanwhile makes the judge available
        self.bridge.run("eval_judges", on_success=self._on_judges, on_failure=lambda exc: None)

    def _b_chosen(self, index: int) -> None:
        """B picked by hand: A becomes the model B was made from, when it is listed."""
        from ui.views.playground import base_index

        a = base_index(self.models, self.model_b.itemData(index))
        if a >= 0 and a != self.model_a.currentIndex():
            self.model_a.setCurrentIndex(a)
            self.status.setText(self.tr("A is now {0}: the model B was made from.").format(self.model_a.currentText()))

    def select_pair(self, base: str, tuned: str) -> bool:
        """Choose these two models (by name) as A and B; False if one is not listed. A is the entry B names as
        its base when that is `base` (the same model served the same way), else the first of that name."""
        from ui.views.playground import base_index

        found = []
        for combo, model in ((self.model_b, tuned), (self.model_a, base)):
            index = -1
            if combo is self.model_a:
                index = base_index(self.models, self.model_b.currentData())
                if index >= 0 and (self.models[index].get("target") or {}).get("model") != model:
                    index = -1
            if index < 0:
                index = next((i for i in range(combo.count()) if isinstance(combo.itemData(i), dict)
                              and combo.itemData(i).get("model") == model), -1)
            if index >= 0:
                combo.setCurrentIndex(index)
            found.append(index >= 0)
        return all(found)

    # -- the judge -----------------------------------------------------------------------------------------
    def _on_judges(self, result: dict[str, Any]) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        self.judge_backends = [b for b in result.get("backends") or [] if b in JUDGE_BACKENDS]
        self._fill_judges()

    def _fill_judges(self) -> None:
        """Only cloud models with a key set can judge; with none, the judge stays off and says why."""
        from ui.views.playground import model_title

        allowed = self.judge_backends or []
        current = self.judge.currentData()
        self.judge.blockSignals(True)
        self.judge.clear()
        for m in self.models:
            if (m.get("target") or {}).get("backend") in allowed and m.get("group") not in TUNED_GROUPS:
                self.judge.addItem(model_title(m), m["target"])
        index = next((i for i in range(self.judge.count()) if self.judge.itemData(i) == current), 0)
        self.judge.setCurrentIndex(index if self.judge.count() else -1)
        self.judge.blockSignals(False)
        available = self.judge.count() > 0
        self.use_judge.setEnabled(available)
        if not available:
            self.use_judge.setChecked(False)
            self.judge_cost.setText("")
            if self.judge_backends is not None:
                self.judge_cost.setText(self.tr("needs an API key (Settings)"))
                self.judge_cost.setToolTip(self.tr("A judge is a cloud model: set an OpenAI, Azure OpenAI or "
                                                   "Together AI key in Settings to use one."))
        self._judge_changed()

    def _judge_changed(self, *_: Any) -> None:
        on = self.use_judge.isChecked() and self.use_judge.isEnabled()
        self.judge.setEnabled(on)
        target = self.judge.currentData()
        data = self.data.text().strip()
        if not on or not isinstance(target, dict):
            if self.use_judge.isEnabled():
                self.judge_cost.setText("")
            return
        if not data:
            self.judge_cost.setText("")
            return
        self.judge_cost.setText(self.tr("working out the cost…"))
        self.bridge.run("eval_judge_estimate", data=data, model=str(target.get("model") or ""),
                        on_success=partial(self._on_judge_estimate, target),
                        on_failure=lambda exc: self._on_judge_estimate(target, {}))

    def _on_judge_estimate(self, target: dict[str, Any], result: dict[str, Any]) -> None:
        import shiboken6

        if not shiboken6.isValid(self) or self.judge.currentData() != target or not self.use_judge.isChecked():
            return
        cost = result.get("cost_usd")
        if cost is None:
            self.judge_cost.setText(self.tr("price not known"))
            self.judge_cost.setToolTip(self.tr("This model's price is not in the price table: check it with the "
                                               "provider. One short request per test question."))
        else:
            self.judge_cost.setText(self.tr("about ${0:.4f} for {1} questions").format(cost, result.get("n", 0)))
            self.judge_cost.setToolTip(self.tr("An estimate from the length of the test questions and answers, at "
                                               "the model's listed price"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Held-out examples"), self.data.text(),
                                              self.tr("Chat examples (*.jsonl)"))
        if path:
            self.data.setText(path)

    def config(self) -> dict[str, Any]:
        targets = [t for t in (self.model_a.currentData(), self.model_b.currentData()) if isinstance(t, dict)]
        if len(targets) == 2 and targets[0] == targets[1]:
            targets = targets[:1]
        baselines = []
        if self.zero_shot.isChecked():
            baselines.append("zero-shot")
        train = self.project.dataset_files().get("train") if self.project else None
        if self.few_shot.isChecked() and train is not None:
            baselines.append(f"few-shot:{self.k.value()}")
        if self.rag.isChecked():
            folder = self.rag_dir.text().strip()
            if folder or train is not None:
                baselines.append(f"rag:{folder}" if folder else "rag")
        return {"data": self.data.text().strip(), "targets": targets, "baselines": baselines,
                "train": str(train) if train else None, "concurrency": self.concurrency.value(),
                "regression": self.regression.isChecked() and len(targets) == 2,
                "judge": self.judge.currentData() if self.use_judge.isChecked() and len(targets) == 2 else None,
                "results_dir": str(self.project.path / "eval") if self.project else None}

    # -- running -------------------------------------------------------------------------------------------
    def run(self) -> None:
        if self.future is not None:
            return
        cfg = self.config()
        if not cfg["data"] or not cfg["targets"]:
            self.status.setText(self.tr("Choose the held-out data and at least one model."))
            return
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(True)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Evaluating…"))
        self.future = self.bridge.run("eval_run", config=cfg, on_progress=self.relay.callback(),
                                      on_success=self._on_done, on_failure=self._on_failed)
        self.future.add_done_callback(self._maybe_cancelled)

    def _maybe_cancelled(self, future: concurrent.futures.Future[Any]) -> None:
        if future.cancelled():  # the bridge calls nobody back for a cancelled command
            self.relay.progress.emit(-1, -1, "cancelled")

    def cancel(self) -> None:
        if self.future is not None:
            self.future.cancel()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        if done < 0:
            self._finish()
            self.status.setText(self.tr("Cancelled. The answers received so far are kept: evaluating again "
                                        "asks only for the rest."))
            return
        if self.future is None:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if what == "judge":
            self.status.setText(self.tr("The judge is comparing the answers…"))

    def _finish(self) -> None:
        self.future = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def _on_done(self, result: dict[str, Any]) -> None:
        self._finish()
        sent = (result.get("requests") or {}).get("sent", 0)
        cached = (result.get("requests") or {}).get("cached", 0)
        total = sent + cached
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(max(total, 1))
        if cached:
            self.status.setText(self.tr("Done: {0} answers ({1} of them kept from an earlier run, not paid "
                                        "again). Saved in the project.").format(total, cached))
        else:
            self.status.setText(self.tr("Done: {0} answers. Saved in the project.").format(total))
        self._show_results(result)

    def _on_failed(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        self._finish()
        message, _ = describe(exc)
        self.status.setText(message)

    # -- results -------------------------------------------------------------------------------------------
    def _show_results(self, result: dict[str, Any] | None) -> None:
        self.results = result
        self.table.setRowCount(0)
        self.chart.removeAllSeries()
        self.legend.setVisible(False)
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.examples_model.reset([], [], [], None)
        self.detail.clear()
        judge = (result or {}).get("judge")
        self.judge_prompt.setVisible(bool(judge))
        self.judge_prompt.setPlainText(self.tr("Judge prompt:") + "\n" + judge["prompt"] if judge else "")
        if not result:
            self.gain.setText(self.tr("No evaluation yet for this project."))
            self._show_gains(None)
            return
        rows = [(name, s) for name, s in (result.get("models") or {}).items()]
        rows += [(name, s) for name, s in (result.get("baselines") or {}).items()]
        self.table.setRowCount(len(rows))
        for r, (name, s) in enumerate(rows):
            tokens = (s.get("prompt_tokens") or 0) + (s.get("completion_tokens") or 0)
            cells = [f"{self._short(name)} · {self.subject_title(name)}"] + [self._pct(s.get(m)) for m in METRICS] + [
                "-" if s.get("latency_ms") is None else f"{s['latency_ms']:.0f}", str(tokens),
                "-" if s.get("cost_usd") is None else f"{s['cost_usd']:.6f}", str(s.get("n", 0))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                elif cells[0] != f"{self._short(name)} · {name}":
                    item.setToolTip(f"{cells[0]}\n{name}")  # the path or id behind the name
                else:
                    item.setToolTip(cells[0])
                self.table.setItem(r, c, item)
        self._show_gains(result)
        self._chart(rows)
        self._fill_examples(result)

    @staticmethod
    def _pct(x: Any) -> str:
        return "-" if x is None else f"{100 * x:.1f}"

    # -- the gain in plain words ---------------------------------------------------------------------------
    def _show_gains(self, result: dict[str, Any] | None) -> None:
        """The headline (B against A) with its interval bar, a line and a bar per baseline and for the general
        prompts, and the judge's verdict."""
        while self.other_layout.count():
            item = self.other_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.gain_bar.clear()
        self.gain_bar.setVisible(False)
        self.judge_line.setVisible(False)
        if not result:
            return
        g = result.get("gain")
        tuned_word = self._tuned_word(g["tuned"] if g else "")
        if g:
            self.gain.setText(self.headline(g, tuned_word, result))
            self._set_bar(self.gain_bar, g)
        else:
            self.gain.setText(self.tr("Evaluate two models to see whether B answers better than A."))
        for name, bg in (result.get("baseline_gains") or {}).items():
            text = self.tr("Against {0}: {1}").format(self.baseline_words(name),
                                                      self.headline(bg, tuned_word, result, lower=True))
            self._add_gain_row(text, bg)
        reg = result.get("regression")
        if reg and reg.get("gain"):
            text = self.tr("On general questions outside your subject: {0}").format(
                self.headline(reg["gain"], tuned_word, None, lower=True, outside=True))
            self._add_gain_row(text, reg["gain"])
        j = result.get("judge")
        if j and j.get("win_rate") is not None:
            text = self.tr("The judge ({0}) preferred B's answer {1} times and A's {2} times ({3} ties): B wins "
                           "{4:.0f}% (a tie counts half).").format(j["model"], j["wins"], j["losses"], j["ties"],
                                                                   100 * j["win_rate"])
            if j.get("cost_usd") is not None:
                text += " " + self.tr("The judge cost ${0:.4f}.").format(j["cost_usd"])
            self.judge_line.setText(text)
            self.judge_line.setToolTip(self.tr("A cloud model read both answers to each question, in a random "
                                               "order, and said which is better. Its prompt is below."))
            self.judge_line.setVisible(True)

    def _add_gain_row(self, text: str, g: dict[str, Any]) -> None:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setObjectName("gainLine")
        bar = CiBar()
        self._set_bar(bar, g)
        self.other_layout.addWidget(label)
        self.other_layout.addWidget(bar)

    def _set_bar(self, bar: CiBar, g: dict[str, Any]) -> None:
        lo, hi = g["ci95_points"]
        tip = self.tr("Gain in word overlap (token F1): {0:+.1f} points. 95% interval: {1:+.1f} to {2:+.1f} "
                      "(n = {3}). The band is where the true gain most likely lies; the black line is zero: a "
                      "band all to the right of it means a real improvement.").format(g["delta_points"], lo, hi,
                                                                                     g["n"])
        bar.set_interval(g["delta_points"], lo, hi, tip)
        bar.setVisible(True)

    def _tuned_word(self, model_id: str) -> str:
        group = next((m.get("group") for m in self.models if (m.get("target") or {}).get("model") == model_id), None)
        if group in TUNED_GROUPS or model_id.startswith("ft:"):
            return self.tr("The tuned model")
        return self.tr("Model B")

    def baseline_words(self, name: str) -> str:
        """A baseline in plain words."""
        if name == "zero-shot":
            return self.tr("the base model with your system prompt only (zero-shot)")
        if name.startswith("few-shot"):
            k = name.partition(":")[2] or "3"
            return self.tr("the base model shown {0} training examples first (few-shot)").format(k)
        if name.startswith("rag"):
            return self.tr("the base model given matching passages (retrieval, BM25)")
        return name

    @staticmethod
    def counts(g: dict[str, Any], result: dict[str, Any] | None) -> tuple[int, int, int] | None:
        """(better, worse, same) for a gain: from the core, or from the per-example rows of older results."""
        if all(k in g for k in ("wins", "losses", "ties")):
            return int(g["wins"]), int(g["losses"]), int(g["ties"])
        rows = (result or {}).get("examples") or []
        metric = g.get("metric") or "token_f1"
        wins = losses = ties = 0
        for row in rows:
            answers = row.get("answers") or {}
            a, b = (answers.get(g["base"]) or {}).get(metric), (answers.get(g["tuned"]) or {}).get(metric)
            if a is None or b is None:
                continue
            if b > a + 1e-9:
                wins += 1
            elif b < a - 1e-9:
                losses += 1
            else:
                ties += 1
        return (wins, losses, ties) if wins + losses + ties else None

    def headline(self, g: dict[str, Any], subject: str, result: dict[str, Any] | None, *, lower: bool = False,
                 outside: bool = False) -> str:
        """One sentence for a paired comparison: how many test questions B answered better, worse, the same,
        and what the 95% interval says (all above zero: likely a real improvement; all below: likely worse)."""
        lo, hi = g["ci95_points"]
        n = int(g.get("n") or 0)
        verdict = g.get("verdict") or ("unclear" if n <= 0 else "better" if lo > 0 else "worse" if hi < 0
                                       else "unclear")
        if n <= 0:
            return self.tr("no test question has answers from both models yet.")
        if verdict == "better":
            said = self.tr("that is likely a real improvement.")
        elif verdict == "worse":
            said = self.tr("it likely got worse there.") if outside else self.tr("that is likely worse.")
        else:
            said = self.tr("no clear difference yet (more test questions would tell).")
        who = subject[:1].lower() + subject[1:] if lower and subject else subject
        counts = self.counts(g, result)
        if counts is None:
            return self.tr("{0} was compared on {1} questions; {2}").format(who, n, said)
        wins, losses, ties = counts
        if outside:
            return self.tr("{0} answered {1} of {2} general questions better, {3} worse ({4} the same); {5}").format(
                who, wins, n, losses, ties, said)
        return self.tr("{0} answered {1} of {2} test questions better, {3} worse ({4} the same); {5}").format(
            who, wins, n, losses, ties, said)

    def _chart(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis

        series = QBarSeries()
        # the table's column names: the legend says what the table says
        labels = {m: self.table.horizontalHeaderItem(1 + i).text() for i, m in enumerate(METRICS)}
        for m in METRICS:
            bar = QBarSet(labels[m])
            for _, s in rows:
                bar.append(100 * float(s.get(m) or 0))
            series.append(bar)
        self.chart.addSeries(series)
        for swatch, bar in zip(self.legend_swatches, series.barSets(), strict=False):  # colours set by the theme
            swatch.setStyleSheet(f"background-color: {bar.color().name()}; border: 1px solid palette(mid);")
        self.legend.setVisible(True)
        axis_x = QBarCategoryAxis()
        axis_x.append([self._short(name) for name, _ in rows])
        self.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        self.chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

    def _short(self, name: str) -> str:
        """A row's letter, in the table, the chart and the examples' columns: A and B for the two models, then C,
        D… for the baselines (short, so the chart's axis is never cut)."""
        subjects = list((self.results or {}).get("models") or {}) + list((self.results or {}).get("baselines") or {})
        if name not in subjects:
            return name[:10]
        i = subjects.index(name)
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i] if i < 26 else str(i + 1)

    def subject_title(self, name: str) -> str:
        """A model by the name the model lists give it (a job's name, a folder's name), a baseline in the words
        of its checkbox."""
        from ui.views.playground import model_title_for

        if name in ((self.results or {}).get("baselines") or {}):
            return self.baseline_label(name)
        return model_title_for(self.models, name)

    def baseline_label(self, name: str) -> str:
        """A baseline as its checkbox names it."""
        if name == "zero-shot":
            return self.tr("Without examples")
        if name.startswith("few-shot"):
            return self.tr("Few examples (k = {0})").format(name.partition(":")[2] or "3")
        if name.startswith("rag"):
            return self.tr("Retrieval (BM25)")
        return name

    def _fill_examples(self, result: dict[str, Any]) -> None:
        subjects = list(result.get("models") or {}) + list(result.get("baselines") or {})
        models = list(result.get("models") or {})
        headers = [self.tr("#"), self.tr("Question")] + [self.tr("F1 {0}").format(self._short(s)) for s in subjects]
        pair = (models[0], models[1]) if len(models) >= 2 else None
        if pair:
            headers.append(self.tr("B − A"))
        self.examples_model.reset(result.get("examples") or [], subjects, headers, pair)
        header = self.examples.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if self.examples_model.columnCount() > 1:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            self.examples.setColumnWidth(0, 50)
            for c in range(2, self.examples_model.columnCount()):
                self.examples.setColumnWidth(c, 80)
        self.examples.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def _show_example(self, *_: Any) -> None:
        rows = self.examples.selectionModel().selectedRows()
        if not rows or not self.results:
            return
        row = self.examples_model.row(rows[0].row())
        e = html.escape
        parts = ["<h3>" + e(self.tr("Prompt")) + "</h3>"]
        for m in row["prompt"]:
            parts.append(f"<p><b>{e(m['role'])}</b>: {e(m['content'])}</p>")
        parts.append("<h3>" + e(self.tr("Reference")) + "</h3><p>" + e(row["reference"]) + "</p>")
        parts.append("<table border='1' cellpadding='4' cellspacing='0' width='100%'><tr>")
        answers = row.get("answers") or {}
        for name in answers:
            parts.append(f"<th>{e(self._short(name) + ' · ' + self.subject_title(name))}</th>")
        parts.append("</tr><tr>")
        for a in answers.values():
            if "error" in a:
                body = e(a["error"].get("message", ""))
            else:
                body = (e(a["text"]) + "<br><small>" + e(self.tr("exact {0} · F1 {1:.0f} · ROUGE-L {2:.0f}").format(
                    int(a["exact_match"]), 100 * a["token_f1"], 100 * a["rouge_l"])) + "</small>")
            parts.append(f"<td valign='top'>{body}</td>")
        parts.append("</tr></table>")
        if row.get("judge"):
            parts.append("<p>" + e(self.tr("Judge's choice: {0}").format(row["judge"])) + "</p>")
        self.detail.setHtml("".join(parts))
