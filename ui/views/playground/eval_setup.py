"""The Evaluate panel's inputs: the held-out data, models A (base) and B (tuned, A follows it), the baselines, the
judge (only cloud models with a key set, with its cost worked out on the service) and the run's configuration.
A mixin of EvaluatePanel (ui/views/playground/evaluate.py)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ui.views.playground.names import TUNED_GROUPS, base_index, model_tip, model_title

if TYPE_CHECKING:
    from ui.bridge import Failure

JUDGE_BACKENDS = ("openai", "azure", "together")


class EvaluateSetup:
    """What to evaluate (a mixin of EvaluatePanel, which holds the bridge, the project and the models)."""

    def _build_setup(self, lay: QVBoxLayout) -> None:
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

    def set_models(self, models: list[dict[str, Any]]) -> None:
        """List the models; B defaults to a tuned one and A to the model B was made from (else a base model)."""
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
        self.bridge.op("eval_judges").success(self._on_judges).failure(self._on_judges_failed).run()

    def _b_chosen(self, index: int) -> None:
        """B picked by hand: A becomes the model B was made from, when it is listed."""
        a = base_index(self.models, self.model_b.itemData(index))
        if a >= 0 and a != self.model_a.currentIndex():
            self.model_a.setCurrentIndex(a)
            self.status.setText(self.tr("A is now {0}: the model B was made from.").format(self.model_a.currentText()))

    def select_pair(self, base: str, tuned: str) -> bool:
        """Choose these two models (by name) as A and B; False if one is not listed. A is the entry B names as
        its base when that is `base` (the same model served the same way), else the first of that name."""
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

    def _on_judges_failed(self, failure: Failure) -> None:
        """Which keys are set is not known: the judge stays off and says why, beside its list."""
        import shiboken6

        if shiboken6.isValid(self):
            self.judge_cost.setText(failure.message)

    def _fill_judges(self) -> None:
        """Only cloud models with a key set can judge; with none, the judge stays off and says why."""
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
        self.bridge.op("eval_judge_estimate", data=data, model=str(target.get("model") or "")).success(
            partial(self._on_judge_estimate, target)).failure(partial(self._on_judge_estimate_failed, target)).run()

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

    def _on_judge_estimate_failed(self, target: dict[str, Any], failure: Failure) -> None:
        """The cost could not be worked out (the held-out file, say): the price is not known, the reason is in the
        tooltip."""
        import shiboken6

        self._on_judge_estimate(target, {})
        if shiboken6.isValid(self) and self.judge.currentData() == target and self.use_judge.isChecked():
            self.judge_cost.setToolTip(failure.message)

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
