"""The Decide view's questionnaire: one field per question of fttool.decision.questions, in the lesson's sections
(the use case in the person's words, then Use case, Alternatives, Costs, Benefits), the answers read from and
written to the fields, the tuned models offered for the chosen base, and the alternatives the evaluation measured.
A mixin of DecideView (ui/views/decide/view.py)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fttool.decision import answers as answers_mod
from fttool.decision.questions import SECTIONS, Question, questions
from ui.views.decide.words import say


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



class DecideQuestions:
    """The questions' side of DecideView (a mixin: the view scores and saves what they say)."""

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

    def _set_backends(self, backends: list[str]) -> None:
        """Tick exactly these training backends in "Where would you train?"."""
        boxes = self.inputs.get("costs.backends")
        if isinstance(boxes, dict):
            for name, box in boxes.items():
                box.setChecked(name in backends)

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
