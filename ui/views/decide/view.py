"""The Decide view: should this person fine-tune at all? The questions on the left (questions.py), the verdict on
the right (verdict.py). Every answer change is scored on the job service (it reads the project's data and
evaluation) and saved into the project's decision.json; while the person never chose the models, the view starts on
the pair the evaluation compared; the missing evidence opens the exact panel that gets it (the main window's
go_to(view, panel, options))."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from fttool.decision import answers as answers_mod
from fttool.project import Project
from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.views.base import View
from ui.views.decide.questions import DecideQuestions
from ui.views.decide.verdict import DecideVerdict
from ui.views.decide.words import say


class DecideView(DecideQuestions, DecideVerdict, View):
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

    # -- project and answers ------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        self._can_save = False
        self._save_to: str | None = None
        self._adopt_from = None
        if project is None:
            return
        self.bridge.op("decide_load", path=str(project.decision_file()), project_meta=dict(project.meta)).success(
            self._on_loaded).failure(self._on_problem).run()

    def _on_problem(self, failure: Failure) -> None:
        """The answers could not be read or saved: said above the questions."""
        self.problem_label.setText(failure.message)
        self.problem_label.setVisible(True)

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
        self.bridge.op("decide_evaluate", answers=answers, project_dir=project).success(
            partial(self._on_decision, seq)).failure(self._on_failure).run()
        if self.project is not None and self._can_save and not self._loading:
            self.bridge.op("decide_save", path=self._save_to or str(self.project.decision_file()), answers=answers,
                           project_dir=str(self.project.path)).failure(self._on_problem).run()
            use_case = " ".join(str(answers["use_case"].get("description") or "").split())
            if use_case or self.project.meta.get("use_case"):
                self.project.meta["use_case"] = use_case  # as project.json now says (a later save_meta keeps it)

    def _on_failure(self, failure: Failure) -> None:
        self.verdict_label.setText(self.tr("Cannot score the answers"))
        self.reason_label.setText(failure.message)

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
        self._show_pair(d["facts"])
        self._offer_tuned(d["facts"].get("tuned_models") or [])
        self._show_verdict(d)
        self._show_measured(d["criteria"])

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

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_rows)

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
