"""Decide: should this person fine-tune at all? The lesson's questions on the left (the use case in the person's
words, then Use case, Alternatives, Costs, Benefits), the verdict on the right (headed by the one model pair every
criterion is scored on) with each criterion's score, its editable weight and its evidence, buttons that open the
exact panel that gets missing evidence (the main window's go_to(view, panel, options)), the lesson's checklist read
from the real state, and a report to export.

The questionnaire, the scoring and the report are fttool.decision (no Qt); every answer change is scored on
the job service (it reads the project's data and evaluation) and saved into the project's decision.json."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fttool.decision import answers as answers_mod
from fttool.decision import report as _report  # noqa: F401  (registers the report's message codes)
from fttool.decision.questions import SECTIONS, Question, questions
from fttool.decision.report import break_even_text, pair_text
from fttool.project import Project
from ui.bridge import Bridge
from ui.messages import text
from ui.views.base import View

VERDICT_COLOURS = {"fine_tune_now": "#1b7f3b", "not_worth_it": "#b3261e"}
DEFAULT_COLOUR = "#8a5a00"


def say(code: str, params: Mapping[str, Any] | None = None) -> str:
    """A core message in the person's language (nested notes in params translated too)."""
    from fttool.decision.scoring import nested

    params = {k: nested(v, say) for k, v in (params or {}).items()}
    return text(code, params, code)


def note_text(note: Mapping[str, Any]) -> str:
    return say(str(note["code"]), note.get("params") or {})


class AlternativeRow(QWidget):
    """Tried? and a 1-5 rating (0 = not rated)."""

    def __init__(self, qid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.tried = QCheckBox(say("alternative_tried"))
        self.tried.setObjectName(f"decide_{qid}_tried")
        self.rating = QSpinBox()
        self.rating.setObjectName(f"decide_{qid}_rating")
        self.rating.setRange(0, 5)
        self.rating.setSpecialValueText(self.tr("not rated"))
        self.rating.setPrefix("")
        self.rating.setToolTip(say("alternative_rating"))
        self.measured = QLabel()
        self.measured.setObjectName(f"decide_{qid}_measured")
        self.measured.setStyleSheet("color: #1b7f3b;")
        self.measured.setTextFormat(Qt.TextFormat.PlainText)
        self.rating.setSuffix(" / 5")
        row.addWidget(self.tried)
        row.addWidget(self.rating)
        row.addWidget(self.measured, 1)

    def show_measured(self, measured: str) -> None:
        """The evaluation's measurement (empty: none): it counts instead of a rating, so the rating box gives way
        to it (a "not rated" beside a measurement read as if nothing was known)."""
        self.measured.setText(measured)
        self.rating.setVisible(not measured)
        self.measured.setToolTip(self.tr("The evaluation measured this alternative: the measurement counts, "
                                         "not a rating.") if measured else "")

    def value(self) -> dict[str, Any]:
        r = self.rating.value()
        return {"tried": self.tried.isChecked() or r > 0, "rating": r or None}

    def set_value(self, v: Mapping[str, Any]) -> None:
        self.tried.setChecked(bool(v.get("tried")))
        self.rating.setValue(int(v.get("rating") or 0))


class DecideView(View):
    key = "decide"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.decision: Any = None
        self._answers: dict[str, Any] = answers_mod.defaults()
        self._loading = False
        self._can_save = False
        self._seq = 0
        self._weights: dict[str, float] = {}
        self.inputs: dict[str, Any] = {}
        self._adopt_from: str | None = None  # the base model shown while the person never chose one

        outer = QVBoxLayout(self)
        outer.addWidget(self.heading(self.title()))
        intro = QLabel(self.tr(
            "Fine-tune only when the benefits outweigh the costs, and measure the alternatives first. Answer the "
            "lesson's questions; the verdict updates as you go, with the evidence behind each score."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("decide_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.setVisible(False)
        outer.addWidget(self.problem_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_questions())
        splitter.addWidget(self._build_verdict())
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([420, 480])
        outer.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.evaluate)

    def title(self) -> str:
        return self.tr("Decide")

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._can_save:  # the data or the evaluation may have changed in another view
            self.evaluate()

    # -- the questions ----------------------------------------------------------------------------------
    def _build_questions(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setObjectName("decide_questions")
        body = QWidget()
        col = QVBoxLayout(body)
        for section in SECTIONS:
            box = QGroupBox(say(f"section_{section}"))
            box.setObjectName(f"decide_section_{section}")
            box.setToolTip(say(f"section_{section}_help"))
            # each label above its field, as wide as the column (a form layout's wrapped rows squeezed the
            # word-wrapped labels into a narrow label column)
            form = QVBoxLayout(box)
            hint = QLabel(say(f"section_{section}_help"))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            form.addWidget(hint)
            for q in questions(section):
                widget = self._input_for(q)
                widget.setToolTip(say(q.help))
                label = QLabel(say(q.label))
                label.setToolTip(say(q.help))
                label.setWordWrap(True)
                label.setBuddy(widget)
                form.addSpacing(4)
                form.addWidget(label)
                form.addWidget(widget)
            col.addWidget(box)
        col.addStretch(1)
        scroll.setWidget(body)
        self.questions_scroll = scroll
        return scroll

    def choose_pair(self) -> None:
        """Show the Base model question (the Tuned model one is just below it) and put the cursor there."""
        base = self.inputs["costs.base_model"]
        self.questions_scroll.ensureWidgetVisible(self.inputs["costs.tuned_model"])
        self.questions_scroll.ensureWidgetVisible(base)
        base.setFocus(Qt.FocusReason.OtherFocusReason)

    def _input_for(self, q: Question) -> QWidget:
        name = f"decide_{q.id.replace('.', '_')}"
        w: QWidget
        if q.kind == "multi":
            w = QWidget()
            grid = QGridLayout(w)
            grid.setContentsMargins(0, 0, 0, 0)
            boxes = {}
            prefix = {"use_case.goals": "goal_", "costs.backends": "backend_"}[q.id]
            for i, opt in enumerate(q.options):
                cb = QCheckBox(say(prefix + opt))
                cb.setObjectName(f"{name}_{opt}")
                cb.toggled.connect(self._changed)
                grid.addWidget(cb, i, 0)
                boxes[opt] = cb
            self.inputs[q.id] = boxes
        elif q.kind in ("text", "usecase"):
            w = QPlainTextEdit()
            w.setFixedHeight(76 if q.kind == "usecase" else 60)
            w.setTabChangesFocus(True)  # Tab moves on to the next question, as in every other field
            if q.kind == "usecase":
                w.setPlaceholderText(say("q_use_case_description_placeholder"))
            w.textChanged.connect(self._changed)
            self.inputs[q.id] = w
        elif q.kind == "tuned":
            w = QComboBox()
            w.setEditable(True)
            w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            w.addItem("")
            line = w.lineEdit()
            if line is not None:
                line.setPlaceholderText(say("q_costs_tuned_model_auto"))
                line.setClearButtonEnabled(True)
            w.currentTextChanged.connect(self._changed)
            self.inputs[q.id] = w
        elif q.kind == "alternative":
            w = AlternativeRow(q.id.replace(".", "_"))
            w.tried.toggled.connect(self._changed)
            w.rating.valueChanged.connect(self._changed)
            self.inputs[q.id] = w
        elif q.kind == "model":
            w = QComboBox()
            w.setEditable(True)
            w.addItems(self._known_models())
            w.currentTextChanged.connect(self._changed)
            self.inputs[q.id] = w
        elif q.kind == "choice":
            w = QComboBox()
            prefix = {"costs.local_hardware": "hardware_", "benefits.reuse_for_new_domains": "reuse_"}[q.id]
            for opt in q.options:
                w.addItem(say(prefix + opt), opt)
            w.currentIndexChanged.connect(self._changed)
            self.inputs[q.id] = w
        elif q.kind == "int":
            w = QSpinBox()
            w.setRange(int(q.minimum), int(min(q.maximum, 2_000_000_000)))
            w.setGroupSeparatorShown(True)
            if q.id.endswith("_per_request") and q.id != "benefits.few_shot_tokens_saved_per_request":
                w.setRange(-1, int(min(q.maximum, 2_000_000_000)))
                w.setSpecialValueText(self.tr("default"))
            w.valueChanged.connect(self._changed)
            self.inputs[q.id] = w
        else:
            w = QDoubleSpinBox()
            w.setDecimals(1)
            w.setRange(q.minimum, min(q.maximum, 1e9))
            if q.id == "costs.model_size_billions":
                w.setRange(-0.1, q.maximum)
                w.setSingleStep(0.5)
                w.setSpecialValueText(self.tr("default"))
            w.valueChanged.connect(self._changed)
            self.inputs[q.id] = w
        w.setObjectName(name)
        return w

    @staticmethod
    def _known_models() -> list[str]:
        try:
            from fttool.decision.tables import Tables

            t = Tables.load()
            names = list((t.prices or {}).get("models") or {})
            for section in ("openai", "azure"):
                ft = ((t.providers or {}).get(section) or {}).get("fine_tunable") or []
                names += [n for n in ft if n not in names]
            return [n for n in names if ":" not in n]
        except Exception:
            return []

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

    # -- project and answers ------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        self._can_save = False
        self._save_to: str | None = None
        self._adopt_from = None
        if project is None:
            return
        self.bridge.run("decide_load", on_success=self._on_loaded, path=str(project.decision_file()),
                        project_meta=dict(project.meta))

    def _on_loaded(self, result: dict[str, Any]) -> None:
        read_only = bool(self.project is not None and self.project.read_only)
        if result.get("problem"):
            self.problem_label.setText(self.tr("The saved answers in {0} could not be read, so that file is left as "
                                               "it is; your answers go to {1}. {2}").format(
                result.get("kept", ""), result.get("save_to", ""),
                say(result.get("problem_code", ""), result.get("problem_params"))))
            self.problem_label.setVisible(True)
        elif read_only and self.project is not None:
            self.problem_label.setText(text("project_read_only", self.project.refused_params()))
            self.problem_label.setVisible(True)
        else:
            self.problem_label.setVisible(False)
        self._save_to = result.get("save_to")
        self.set_answers(result["answers"])
        self._can_save = not read_only
        # never chosen by the person: start on the pair the evaluation compared once the scoring names it
        self._adopt_from = None if result.get("pair_chosen", True) else self.answers()["costs"]["base_model"]

    def set_answers(self, answers: Mapping[str, Any]) -> None:
        a = answers_mod.normalize(copy.deepcopy(dict(answers)))
        self._answers = a
        self._weights = dict(a.get("weights") or {})
        self._loading = True
        try:
            for qid, w in self.inputs.items():
                section, key = qid.split(".", 1)
                value = a[section][key]
                if isinstance(w, dict):
                    for opt, cb in w.items():
                        cb.setChecked(opt in (value or []))
                elif isinstance(w, QPlainTextEdit):
                    if w.toPlainText() != value:
                        w.setPlainText(value or "")
                elif isinstance(w, AlternativeRow):
                    w.set_value(value)
                elif isinstance(w, QComboBox) and w.isEditable():
                    w.setCurrentText(str(value or ""))
                elif isinstance(w, QComboBox):
                    w.setCurrentIndex(max(0, w.findData(value)))
                elif isinstance(w, QSpinBox):
                    w.setValue(w.minimum() if value is None else int(value))
                elif isinstance(w, QDoubleSpinBox):
                    w.setValue(w.minimum() if value is None else float(value))
        finally:
            self._loading = False
        self.evaluate()

    def answers(self) -> dict[str, Any]:
        a = copy.deepcopy(self._answers)
        for qid, w in self.inputs.items():
            section, key = qid.split(".", 1)
            if isinstance(w, dict):
                value: Any = [opt for opt, cb in w.items() if cb.isChecked()]
                if key == "backends" and not value:
                    value = a[section][key]  # at least one backend
            elif isinstance(w, QPlainTextEdit):
                value = w.toPlainText()
            elif isinstance(w, AlternativeRow):
                value = w.value()
            elif isinstance(w, QComboBox) and w.isEditable() and key == "tuned_model":
                value = w.currentText().strip() or None  # empty: automatic
            elif isinstance(w, QComboBox) and w.isEditable():
                value = w.currentText().strip() or a[section][key]
            elif isinstance(w, QComboBox):
                value = w.currentData()
            elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
                value = None if (w.specialValueText() and w.value() == w.minimum()) else w.value()
                if value is None and key == "requests_per_month":
                    value = 0
            a[section][key] = value
        a["weights"] = dict(self._weights)
        return a

    def _changed(self, *_: Any) -> None:
        if self._loading:
            return
        self._timer.start()

    # -- scoring ----------------------------------------------------------------------------------------------
    def evaluate(self) -> None:
        """Score the current answers on the service (and save them into the project)."""
        self._timer.stop()
        if not self.bridge.service.running:
            return  # the app is closing
        answers = self.answers()
        self._seq += 1
        seq = self._seq
        project = str(self.project.path) if self.project else None
        self.bridge.run("decide_evaluate", on_success=lambda d: self._on_decision(seq, d),
                        on_failure=self._on_failure, answers=answers, project_dir=project)
        if self.project is not None and self._can_save and not self._loading:
            self.bridge.run("decide_save", path=self._save_to or str(self.project.decision_file()), answers=answers,
                            project_dir=str(self.project.path))
            use_case = " ".join(str(answers["use_case"].get("description") or "").split())
            if use_case or self.project.meta.get("use_case"):
                self.project.meta["use_case"] = use_case  # as project.json now says (a later save_meta keeps it)

    def _on_failure(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        self.verdict_label.setText(self.tr("Cannot score the answers"))
        self.reason_label.setText(describe(exc)[0])

    def _on_decision(self, seq: int, decision: Any) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return  # the view was closed while the answers were scored
        if seq != self._seq:
            return  # an older answer set: a newer one is on its way
        self.decision = decision
        d = decision.to_dict()
        if self._adopt_evaluated_pair(d["facts"]):
            return  # scored again on the evaluated pair: that decision is the one shown
        self.pair_label.setText(pair_text(d["facts"], say))
        pair = d["facts"].get("pair") or {}
        full = [str(m) for m in (pair.get("base"), pair.get("tuned")) if m and m in (d["facts"].get("model_names") or {})]
        self.pair_label.setToolTip("\n".join([self._pair_tip, *full]))
        self._offer_tuned(d["facts"].get("tuned_models") or [])
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
        self._show_measured(d["criteria"])
        for b in (self.export_md, self.export_html, self.reset_weights):
            b.setEnabled(True)

    def _adopt_evaluated_pair(self, facts: Mapping[str, Any]) -> bool:
        """While the person has not chosen the models, Decide on the pair the evaluation compared (and where its
        tuned model was trained) rather than the lesson's default cloud model; True when it does (the answers are
        scored again)."""
        if self._adopt_from is None:
            return False
        costs = self.answers()["costs"]
        if costs["base_model"] != self._adopt_from or costs["tuned_model"]:
            self._adopt_from = None  # the person chose a model: theirs stands (the button offers the pair)
            return False
        pair = facts.get("evaluated_pair") or {}
        if not pair.get("base"):
            return False  # no evaluation yet: start on it once there is one
        self.use_evaluated_pair()
        return True

    def _offer_tuned(self, names: list[str]) -> None:
        """The tuned models of the chosen base (finished jobs, the evaluation) in the Tuned model list."""
        w = self.inputs.get("costs.tuned_model")
        if not isinstance(w, QComboBox):
            return
        have = [w.itemText(i) for i in range(1, w.count())]
        if have == names:
            return
        current = w.currentText()
        w.blockSignals(True)
        try:
            while w.count() > 1:
                w.removeItem(1)
            w.addItems(names)
            w.setCurrentText(current)
        finally:
            w.blockSignals(False)

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

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_rows)

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

    def go_get(self, action: str, view: str | None = None, panel: str | None = None,
               options: Mapping[str, Any] | None = None) -> None:
        """Open the exact panel that gets this evidence (or the question that answers it here): the main window's
        go_to(view, panel, options); a window without go_to shows the view (and asks it to open the panel)."""
        if view is None:
            m = next((m for m in (self.decision.to_dict()["missing"] if self.decision else [])
                      if m["action"] == action), None)
            if m is None:
                return
            view, panel, options = m.get("view"), m.get("panel"), m.get("options")
        if view is None:
            return
        if view == "decide":
            if action == "use_evaluated_pair":
                self.use_evaluated_pair()
                return
            target = {"estimate_usage": "benefits.requests_per_month", "choose_tunable_model": "costs.base_model",
                      "choose_priced_model": "costs.base_model"}.get(action)
            w = self.inputs.get(target or "")
            if isinstance(w, QWidget):
                self.questions_scroll.ensureWidgetVisible(w)
                w.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        window = self.window()
        opts = dict(options or {})
        if hasattr(window, "go_to"):
            window.go_to(view, panel, opts)
            return
        if hasattr(window, "show_view"):
            window.show_view(view)
            target_view = window.view(view) if hasattr(window, "view") else None
            if panel and target_view is not None and hasattr(target_view, "open_panel"):
                target_view.open_panel(panel, opts)

    def use_evaluated_pair(self) -> None:
        """Decide on the two models the evaluation compared (its base and its tuned model)."""
        pair = (self.decision.facts.get("evaluated_pair") if self.decision is not None else None) or {}
        if not pair.get("base"):
            return
        self._adopt_from = None
        base, tuned = self.inputs["costs.base_model"], self.inputs["costs.tuned_model"]
        self._loading = True
        try:
            base.setCurrentText(str(pair["base"]))
            tuned.setCurrentText(str(pair.get("tuned") or ""))
            if pair.get("backend"):  # and where it was trained: a model tuned here is costed here
                self._set_backends([str(pair["backend"])])
        finally:
            self._loading = False
        self.evaluate()

    def _set_backends(self, backends: list[str]) -> None:
        """Tick exactly these training backends in "Where would you train?"."""
        boxes = self.inputs.get("costs.backends")
        if isinstance(boxes, dict):
            for name, box in boxes.items():
                box.setChecked(name in backends)

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

    def _show_measured(self, criteria: list[dict[str, Any]]) -> None:
        from fttool.decision.scoring import nested

        alts = next((c for c in criteria if c["name"] == "alternatives"), None)
        measured = {}
        for n in (alts or {}).get("notes", []):
            if n["code"] == "ev_alt_measured":
                code = n["params"]["alternative"]["code"]  # q_alternatives_<name>
                measured[code[len("q_alternatives_"):]] = n
        for qid, w in self.inputs.items():
            if isinstance(w, AlternativeRow):
                n = measured.get(qid.split(".", 1)[1])
                metric = nested(n["params"].get("metric"), say) if n else ""
                w.show_measured(f"{say('alternative_measured')}: {metric} {n['params']['value']}".replace("  ", " ")
                                if n else "")
                if n and not w.tried.isChecked():
                    w.tried.setChecked(True)  # the evaluation tried it: say so in the answers too

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
        self.bridge.run("decide_export", on_success=self._on_exported, on_failure=self._on_export_failed,
                        decision=self.decision, path=path, fmt=fmt,
                        project=self.project.name if self.project else "", say=_thread_safe_say,
                        lang=i18n.current())

    def _on_exported(self, path: str) -> None:
        self.export_status.setText(say("report_exported", {"path": path}))

    def _on_export_failed(self, exc: BaseException) -> None:
        self.export_status.setText(self.tr("The report was not written: {0}").format(str(exc)))


def _thread_safe_say(code: str, params: Mapping[str, Any]) -> str:
    """QCoreApplication.translate is thread-safe: the report is rendered on the service thread."""
    from fttool.messages import CATALOG
    from ui.messages import _Missing

    template = CATALOG.get(code)
    if template is None:
        return code
    return QCoreApplication.translate("Messages", template).format_map(_Missing(dict(params)))
