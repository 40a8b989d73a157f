"""The playground's Evaluate panel: run `fttool eval` on the service with progress and cancel, and show the
project's eval/results.json as a table, a bar chart (QtCharts) and a per-example browser sortable by score."""

from __future__ import annotations

import concurrent.futures
import html
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
from PySide6.QtGui import QPainter
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
            return self.subjects[section - 2]
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
        self.model_b.setToolTip(self.tr("The tuned model: its gain over the base is measured"))
        form.addRow(self.tr("Base model (A)"), self.model_a)
        form.addRow(self.tr("Tuned model (B)"), self.model_b)
        base_row = QHBoxLayout()
        self.zero_shot = QCheckBox(self.tr("Zero-shot"))
        self.zero_shot.setToolTip(self.tr("The base model with your system prompt only"))
        self.zero_shot.setChecked(True)
        self.few_shot = QCheckBox(self.tr("Few-shot, k ="))
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
        self.use_judge = QCheckBox(self.tr("LLM judge:"))
        self.use_judge.setObjectName("useJudge")
        self.use_judge.setToolTip(self.tr("A model that reads both answers (in a random order) and says which "
                                          "is better: the win rate of B over A. Its prompt is shown with the result."))
        self.judge = QComboBox()
        self.judge.setObjectName("judgeModel")
        judge_row.addWidget(self.use_judge)
        judge_row.addWidget(self.judge, 1)
        form.addRow(self.tr("Judge"), judge_row)
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
        self.run_button.setObjectName("runEval")
        self.run_button.setToolTip(self.tr("Answers already paid for are reused: a run after a failure or a "
                                           "cancel only asks for the rest"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelEval")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("evalProgress")
        self.progress.setFormat(self.tr("%v / %m answers"))
        self.progress.setValue(0)
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
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
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Exact"), self.tr("Token F1"),
                                              self.tr("ROUGE-L"), self.tr("Latency ms"), self.tr("Tokens"),
                                              self.tr("Cost $"), self.tr("N")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        ll.addWidget(self.table, 1)
        self.gain = QLabel()
        self.gain.setObjectName("evalGain")
        self.gain.setWordWrap(True)
        self.gain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ll.addWidget(self.gain)
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
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("evalChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(320)
        summary.addWidget(self.chart_view)
        summary.setStretchFactor(0, 3)
        summary.setStretchFactor(1, 2)
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

    # -- inputs --------------------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.results = None
        self._show_results(None)
        if project is None:
            return
        test = project.dataset_files().get("test")
        self.data.setText(str(test) if test else "")
        self.bridge.run("eval_load", project=str(project.path), on_success=self._show_results)

    def set_models(self, models: list[dict[str, Any]]) -> None:
        for combo, prefer in ((self.model_a, "base"), (self.model_b, "tuned"), (self.judge, "base")):
            current = combo.currentData()
            combo.clear()
            for m in models:
                combo.addItem(m["label"], m["target"])
            index = next((i for i in range(combo.count()) if combo.itemData(i) == current), -1)
            if index < 0:
                index = next((i for i, m in enumerate(models) if m["group"] == prefer), 0)
            combo.setCurrentIndex(index)

    def select_pair(self, base: str, tuned: str) -> bool:
        """Choose these two models (by name) as A and B; False if one is not listed."""
        found = []
        for combo, model in ((self.model_a, base), (self.model_b, tuned)):
            index = next((i for i in range(combo.count()) if isinstance(combo.itemData(i), dict)
                          and combo.itemData(i).get("model") == model), -1)
            if index >= 0:
                combo.setCurrentIndex(index)
            found.append(index >= 0)
        return all(found)

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

    def _finish(self) -> None:
        self.future = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def _on_done(self, result: dict[str, Any]) -> None:
        self._finish()
        self.progress.setValue(self.progress.maximum())
        sent = (result.get("requests") or {}).get("sent", 0)
        cached = (result.get("requests") or {}).get("cached", 0)
        self.status.setText(self.tr("Done: {0} answers asked for, {1} reused from earlier runs. Saved in the "
                                    "project.").format(sent, cached))
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
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.examples_model.reset([], [], [], None)
        self.detail.clear()
        judge = (result or {}).get("judge")
        self.judge_prompt.setVisible(bool(judge))
        self.judge_prompt.setPlainText(self.tr("Judge prompt:") + "\n" + judge["prompt"] if judge else "")
        if not result:
            self.gain.setText(self.tr("No evaluation yet for this project."))
            return
        rows = [(name, s) for name, s in (result.get("models") or {}).items()]
        labels = {name: f"{'AB'[i]} · {name}" if i < 2 else name for i, (name, _) in enumerate(rows)}
        rows += [(self.tr("baseline {0}").format(name), s) for name, s in (result.get("baselines") or {}).items()]
        self.table.setRowCount(len(rows))
        for r, (name, s) in enumerate(rows):
            tokens = (s.get("prompt_tokens") or 0) + (s.get("completion_tokens") or 0)
            cells = [labels.get(name, name)] + [self._pct(s.get(m)) for m in METRICS] + [
                "-" if s.get("latency_ms") is None else f"{s['latency_ms']:.0f}", str(tokens),
                "-" if s.get("cost_usd") is None else f"{s['cost_usd']:.6f}", str(s.get("n", 0))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.gain.setText(self._gain_text(result))
        self._chart(rows)
        self._fill_examples(result)

    @staticmethod
    def _pct(x: Any) -> str:
        return "-" if x is None else f"{100 * x:.1f}"

    def _gain_text(self, result: dict[str, Any]) -> str:
        lines = []
        g = result.get("gain")
        if g:
            lines.append(self._one_gain(g, self.tr("{0} over {1}").format(g["tuned"], g["base"])))
        for name, bg in (result.get("baseline_gains") or {}).items():
            lines.append(self._one_gain(bg, self.tr("{0} over baseline {1}").format(bg["tuned"], name)))
        reg = result.get("regression")
        if reg and reg.get("gain"):
            lines.append(self._one_gain(reg["gain"], self.tr("On general prompts")))
        j = result.get("judge")
        if j and j.get("win_rate") is not None:
            lines.append(self.tr("Judge {0}: {1} wins {2:.0f}% against {3} ({4} wins, {5} losses, {6} ties; "
                                 "ties count half)").format(j["model"], j["tuned"], 100 * j["win_rate"], j["base"],
                                                            j["wins"], j["losses"], j["ties"]))
        return "\n".join(lines) or self.tr("Evaluate two models to measure the gain of B over A.")

    def _one_gain(self, g: dict[str, Any], what: str) -> str:
        lo, hi = g["ci95_points"]
        if lo > 0:
            verdict = self.tr("better (the whole 95% interval is above zero)")
        elif hi < 0:
            verdict = self.tr("worse (the whole 95% interval is below zero)")
        else:
            verdict = self.tr("no clear difference (the 95% interval holds zero)")
        return self.tr("{0}: token F1 {1:+.1f} points, 95% CI {2:+.1f} to {3:+.1f} (n = {4}): {5}").format(
            what, g["delta_points"], lo, hi, g["n"], verdict)

    def _chart(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis

        series = QBarSeries()
        labels = {"exact_match": self.tr("Exact match"), "token_f1": self.tr("Token F1"),
                  "rouge_l": self.tr("ROUGE-L")}
        for m in METRICS:
            bar = QBarSet(labels[m])
            for _, s in rows:
                bar.append(100 * float(s.get(m) or 0))
            series.append(bar)
        self.chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([self._short(name) for name, _ in rows])
        self.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        self.chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

    def _short(self, name: str) -> str:
        """The chart's label: A and B for the two models (as in the table), the baseline's name otherwise."""
        models = list((self.results or {}).get("models") or {})
        if name in models[:2]:
            return "AB"[models.index(name)]
        name = name.replace(self.tr("baseline {0}").format(""), "")
        if name == "zero-shot":
            return self.tr("0-shot")
        if name.startswith("few-shot:"):
            return self.tr("{0}-shot").format(name.split(":", 1)[1])
        return name[:10]

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
            parts.append(f"<th>{e(name)}</th>")
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
