"""The Evaluate panel's results: the table of scores (A and B, then the baselines, lettered as the chart's axis),
the gain in plain words with its interval bar, the judge's verdict and prompt, the bar chart (QtCharts) with a
legend in the table's words, and the per-example browser. A mixin of EvaluatePanel."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.views.playground.eval_widgets import CiBar, ExamplesModel
from ui.views.playground.names import TUNED_GROUPS, model_title_for

METRICS = ("exact_match", "token_f1", "rouge_l")


class EvaluateResults:
    """What an evaluation found (a mixin of EvaluatePanel, which holds the results and the models)."""

    def _build_results(self, lay: QVBoxLayout) -> None:
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
