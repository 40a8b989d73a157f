"""The Decide view's verdict panel: the model pair every criterion is scored on, the verdict and its reason, the
criteria table with each score, its editable weight and its evidence, the break-even, the missing evidence as
buttons that open the exact panel that gets it, the lesson's checklist read from the real state, and the report
export. A mixin of DecideView (ui/views/decide/view.py)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fttool.decision.report import break_even_text, pair_text
from ui.views.decide.words import note_text, say, thread_safe_say

if TYPE_CHECKING:
    from ui.bridge import Failure

VERDICT_COLOURS = {"fine_tune_now": "#1b7f3b", "not_worth_it": "#b3261e"}
DEFAULT_COLOUR = "#8a5a00"


class DecideVerdict:
    """The verdict's side of DecideView (a mixin: the view asks the service for the decision it shows)."""

    # -- the verdict panel --------------------------------------------------------------------------------
    def _build_verdict(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        panel = QWidget()
        col = QVBoxLayout(panel)
        self.pair_label = QLabel()
        self.pair_label.setObjectName("decide_pair")
        self.pair_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pair_label.setWordWrap(True)
        self._pair_tip = self.tr("Every criterion is scored on this base model and its tuned model. "
                                 "Choose them under Costs: Base model and Tuned model.")
        self.pair_label.setToolTip(self._pair_tip)
        self.change_pair = QPushButton(self.tr("Change the models…"))
        self.change_pair.setObjectName("decide_change_pair")
        self.change_pair.setFlat(True)
        self.change_pair.setToolTip(self.tr("Go to the Base model and Tuned model questions (Alt+M)."))
        self.change_pair.setShortcut(QKeySequence("Alt+M"))
        self.change_pair.clicked.connect(self.choose_pair)
        pair_row = QHBoxLayout()
        pair_row.addWidget(self.pair_label, 1)
        pair_row.addWidget(self.change_pair)
        col.addLayout(pair_row)
        self.verdict_label = QLabel(self.tr("Scoring…"))
        self.verdict_label.setObjectName("decide_verdict")
        font = QFont(self.verdict_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.verdict_label.setFont(font)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.verdict_label)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("decide_reason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.reason_label)
        self.score_label = QLabel()
        self.score_label.setObjectName("decide_score")
        self.score_label.setWordWrap(True)
        self.score_label.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.score_label)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("decide_criteria")
        self.table.setHorizontalHeaderLabels([self.tr("Criterion"), self.tr("Score"), self.tr("Weight"),
                                              self.tr("Evidence")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        hh.sectionResized.connect(lambda *_: self._fit_rows())
        self.table.setToolTip(self.tr("Each criterion scores 0 to 5 from its evidence. Change a weight to say "
                                      "how much it matters to you: the score is the weighted average."))
        col.addWidget(self.table)
        row = QHBoxLayout()
        self.reset_weights = QPushButton(self.tr("Reset weights"))
        self.reset_weights.setObjectName("decide_reset_weights")
        self.reset_weights.setToolTip(self.tr("Back to the default weights of resources/decision_rules.json"))
        self.reset_weights.clicked.connect(self._reset_weights)
        row.addWidget(self.reset_weights)
        row.addStretch(1)
        col.addLayout(row)

        self.break_even_label = QLabel()
        self.break_even_label.setObjectName("decide_break_even")
        self.break_even_label.setWordWrap(True)
        self.break_even_label.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.break_even_label)

        self.missing_box = QGroupBox(say("report_missing"))
        self.missing_box.setObjectName("decide_missing")
        self.missing_layout = QVBoxLayout(self.missing_box)
        col.addWidget(self.missing_box)
        self.missing_buttons: dict[str, QPushButton] = {}

        self.check_box = QGroupBox(say("report_checklist"))
        self.check_box.setObjectName("decide_checklist")
        self.check_layout = QVBoxLayout(self.check_box)
        col.addWidget(self.check_box)

        row = QHBoxLayout()
        self.export_md = QPushButton(self.tr("Export Markdown…"))
        self.export_md.setObjectName("decide_export_md")
        self.export_md.setToolTip(self.tr("Write the decision as a Markdown report (for a wiki, a ticket, an e-mail)."))
        self.export_md.clicked.connect(lambda: self._ask_export("md"))
        self.export_html = QPushButton(self.tr("Export HTML…"))
        self.export_html.setObjectName("decide_export_html")
        self.export_html.setToolTip(self.tr("Write the decision as a web page you can send to your manager."))
        self.export_html.clicked.connect(lambda: self._ask_export("html"))
        self.export_status = QLabel()
        self.export_status.setObjectName("decide_export_status")
        self.export_status.setWordWrap(True)
        self.export_status.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.export_md)
        row.addWidget(self.export_html)
        row.addWidget(self.export_status, 1)
        col.addLayout(row)
        for b in (self.export_md, self.export_html, self.reset_weights):
            b.setEnabled(False)
        col.addStretch(1)
        scroll.setWidget(panel)
        return scroll

    def _show_pair(self, facts: Mapping[str, Any]) -> None:
        """The model pair every criterion is scored on (their full names in the tooltip)."""
        self.pair_label.setText(pair_text(facts, say))
        pair = facts.get("pair") or {}
        full = [str(m) for m in (pair.get("base"), pair.get("tuned")) if m and m in (facts.get("model_names") or {})]
        self.pair_label.setToolTip("\n".join([self._pair_tip, *full]))

    def _show_verdict(self, d: Mapping[str, Any]) -> None:
        """A decision (Decision.to_dict()): the verdict, its reason and score, the criteria, the break-even, the
        missing evidence and the checklist; the report can be exported from now on."""
        colour = VERDICT_COLOURS.get(d["verdict"], DEFAULT_COLOUR)
        self.verdict_label.setText(say(f"verdict_{d['verdict']}"))
        self.verdict_label.setStyleSheet(f"color: {colour};")
        self.reason_label.setText(" ".join(note_text(n) for n in d["reason"]))
        self.score_label.setText(say("report_score", {"score": f"{d['score']:.2f}",
                                                      "threshold": f"{d['facts']['threshold']:g}"}))
        self._fill_table(d["criteria"])
        be = d["break_even"]
        self.break_even_label.setText(say("report_break_even") + ": " + break_even_text(be, d["facts"], say))
        self._fill_missing(d["missing"])
        self._fill_checklist(d["checklist"])
        for b in (self.export_md, self.export_html, self.reset_weights):
            b.setEnabled(True)

    def _fill_table(self, criteria: list[dict[str, Any]]) -> None:
        self.table.setRowCount(len(criteria))
        for row, c in enumerate(criteria):
            name = QTableWidgetItem(say(f"criterion_{c['name']}"))
            name.setToolTip(say(f"section_{c['group']}"))
            name.setData(Qt.ItemDataRole.UserRole, c["name"])
            self.table.setItem(row, 0, name)
            score = QTableWidgetItem(f"{c['score']:g} / 5")
            score.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 1, score)
            spin = self.weight_spin(row)
            if spin is None:
                spin = QDoubleSpinBox()
                spin.setRange(0, 10)
                spin.setSingleStep(0.5)
                spin.setDecimals(1)
                spin.setMaximumWidth(70)
                spin.setFixedHeight(spin.sizeHint().height())  # its own height, not the row's
                spin.setToolTip(self.tr("How much this criterion counts (0 leaves it out)."))
                spin.valueChanged.connect(lambda v, s=spin: self._weight_changed(s, v))
                holder = QWidget()
                box = QVBoxLayout(holder)
                box.setContentsMargins(2, 0, 2, 0)
                box.addWidget(spin, 0, Qt.AlignmentFlag.AlignVCenter)
                self.table.setCellWidget(row, 2, holder)
            spin.setObjectName(f"decide_weight_{c['name']}")
            spin.setProperty("criterion", c["name"])
            spin.blockSignals(True)
            spin.setValue(float(c["weight"]))
            spin.blockSignals(False)
            evidence = QTableWidgetItem(" ".join(note_text(n) for n in c["notes"]))
            evidence.setToolTip(evidence.text())
            self.table.setItem(row, 3, evidence)
        self._fit_rows()
        QTimer.singleShot(0, self._fit_rows)  # again once the columns have their final width

    def weight_spin(self, row: int) -> QDoubleSpinBox | None:
        """The Weight spin box of a criterion's row."""
        holder = self.table.cellWidget(row, 2)
        return holder.findChild(QDoubleSpinBox) if holder is not None else None

    def _fit_rows(self) -> None:
        """Rows tall enough for the whole evidence (Qt's estimate of wrapped text falls a line short)."""
        import shiboken6

        if not shiboken6.isValid(self) or not shiboken6.isValid(self.table):
            return  # a timer that fired after the view was closed
        self.table.resizeRowsToContents()
        extra = self.table.fontMetrics().height()
        for row in range(self.table.rowCount()):
            self.table.setRowHeight(row, self.table.rowHeight(row) + extra)
        # the whole table, no scroll bar of its own: the page scrolls (a table scrolling inside it cut rows off)
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        header = self.table.horizontalHeader().height()
        self.table.setFixedHeight(rows + header + 2 * self.table.frameWidth())

    def _weight_changed(self, spin: QDoubleSpinBox, value: float) -> None:
        name = str(spin.property("criterion"))
        self._weights[name] = float(value)
        self._changed()

    def _reset_weights(self) -> None:
        self._weights = {}
        self.evaluate()

    def _fill_missing(self, missing: list[dict[str, Any]]) -> None:
        while self.missing_layout.count():
            old = self.missing_layout.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        self.missing_buttons = {}
        if not missing:
            none = QLabel(say("report_missing_none"))
            none.setTextFormat(Qt.TextFormat.PlainText)
            self.missing_layout.addWidget(none)
            return
        for m in missing:
            label = say(f"action_{m['action']}")
            if m.get("view"):
                button = QPushButton(label)
                button.setObjectName(f"decide_get_{m['action']}")
                button.setToolTip(self._where_tip(m))
                button.clicked.connect(lambda _=False, m=m: self.go_get(m["action"], m["view"], m.get("panel"),
                                                                        m.get("options")))
                self.missing_layout.addWidget(button)
                self.missing_buttons[m["action"]] = button
            else:
                line = QLabel("• " + label)
                line.setTextFormat(Qt.TextFormat.PlainText)
                self.missing_layout.addWidget(line)

    def _where_tip(self, m: Mapping[str, Any]) -> str:
        views = {"data": self.tr("Opens the Data view."), "playground": self.tr("Opens the Playground's Evaluate tab."),
                 "train": self.tr("Opens the Train view."), "settings": self.tr("Opens Settings."),
                 "decide": self.tr("Takes you to the question here.")}
        if m.get("action") == "run_rag_baseline":
            return self.tr("Opens the Playground's Evaluate tab with Retrieval (BM25) ticked.")
        if m.get("action") == "make_test_split":
            return self.tr("Opens the Split dialog of the Data view.")
        if m.get("action") == "add_credentials":
            return self.tr("Opens Settings at the key of the backend.")
        return views.get(str(m.get("view")), "")

    def _fill_checklist(self, checklist: list[dict[str, Any]]) -> None:
        while self.check_layout.count():
            old = self.check_layout.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        for item in checklist:
            mark = "☑" if item["ready"] else "☐"
            state = say("ev_check_ready" if item["ready"] else "ev_check_missing")
            detail = " ".join(note_text(n) for n in item.get("notes") or [])
            label = QLabel(f"{mark} {say('check_' + item['item'])}: {state}" + (f" — {detail}" if detail else ""))
            label.setWordWrap(True)
            label.setObjectName(f"decide_check_{item['item']}")
            label.setStyleSheet("" if item["ready"] else "color: palette(placeholder-text);")
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.check_layout.addWidget(label)

    # -- export ----------------------------------------------------------------------------------------------
    def _ask_export(self, fmt: str) -> None:
        start = (self.project.path if self.project else Path.home()) / f"decision-report.{fmt}"
        filters = self.tr("Markdown (*.md)") if fmt == "md" else self.tr("Web page (*.html)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the decision"), str(start), filters)
        if path:
            self.export_report(path, fmt)

    def export_report(self, path: str, fmt: str) -> None:
        if self.decision is None:
            return
        from ui import i18n

        self.export_status.setText(self.tr("Writing…"))
        self.bridge.op("decide_export", decision=self.decision, path=path, fmt=fmt,
                       project=self.project.name if self.project else "", say=thread_safe_say,
                       lang=i18n.current()).success(self._on_exported).failure(self._on_export_failed).run()

    def _on_exported(self, path: str) -> None:
        self.export_status.setText(say("report_exported", {"path": path}))

    def _on_export_failed(self, failure: Failure) -> None:
        self.export_status.setText(self.tr("The report was not written: {0}").format(failure.message))
