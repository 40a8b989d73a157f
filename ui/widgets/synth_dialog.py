"""The "Generate examples" dialog: a teacher model writes new chat examples in the style of the project's own
(fttool/datasets/synth/), each passes the gates, and a person accepts or rejects them one by one.

    dlg = SynthDialog(bridge, str(project.path), task=project.meta.get("description") or "", parent=view)
    dlg.accepted_examples.connect(view_inserts_them)  # the Data view's undoable insert
    dlg.show()

Settings (task, teacher, count, documents, a longer teacher prompt) with an estimate refreshed through `synth_plan`;
"Preview 5" then "Generate the rest…" through `synth_run` (a billed teacher is confirmed first, with the plan's
fingerprint), with a progress bar, the time left and Cancel; the review of the pending examples (`synth_review`),
accepted or rejected through `synth_take`. Nothing joins the train file from here: the accepted examples leave as
the `accepted_examples` signal, and the Data view inserts them as one undoable edit. Everything goes through the
bridge: nothing here touches the network or the files.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.widgets.progress import Task

BACKENDS = ("openai", "azure", "together", "hf", "server", "local")
DEFAULT_MODEL = "gpt-4o-mini-2024-07-18"
PREVIEW = 5
ESTIMATE_DELAY_MS = 300
from ui.widgets.synth_review import (  # noqa: E402,F401  (re-exported: an example's parts)
    IDENT,
    ROW,
    SynthReview,
    answer_text,
    user_text,
    with_answer,
)
from ui.widgets.synth_run import SynthRun  # noqa: E402


class SynthDialog(SynthRun, SynthReview, QDialog):
    """Generate, review and accept synthetic examples for a project's train set."""

    accepted_examples = Signal(list)  # the accepted examples (as edited), for the Data view to insert

    def __init__(self, bridge: Bridge, project_path: str, task: str = "", parent: QWidget | None = None, *,
                 backend: str = "openai", model: str | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project_path = project_path
        self.target_backend = backend  # where the examples will train: the validator's rules
        self.target_model = model  # the model they will train: its context limit
        self.task: Task | None = None
        self.plan: dict[str, Any] | None = None
        self.review: dict[str, Any] = {"pending": [], "provenance": [], "dropped": [], "summary": {}}
        self.review_dir: str | None = None  # the run folder the list shows
        self.last_summary: dict[str, Any] | None = None
        self.last_box: QMessageBox | None = None
        self.dropped_dialog: QDialog | None = None
        self._edits: dict[str, str] = {}  # id -> the edited answer
        self._plan_seq = 0
        self._review_seq = 0
        self._taking = False
        self._asking_plan = False
        self._run_dir = ""
        self._review_asked: str | None = None  # the run folder whose review was asked for last
        self._run_started = 0.0
        self._run_base = 0
        self._finished_before: dict[str, int] = {}  # run folder -> items finished by earlier runs
        self.setObjectName("synthDialog")
        self.setWindowTitle(self.tr("Generate examples"))
        self.resize(960, 760)
        self._build(task)
        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(ESTIMATE_DELAY_MS)
        self._estimate_timer.timeout.connect(self.refresh_estimate)
        for signal in (self.task_edit.textChanged, self.backend.currentIndexChanged, self.model.currentTextChanged,
                       self.base_url.textChanged, self.count.valueChanged, self.docs.textChanged,
                       self.teacher_prompt.textChanged, self.topics.textChanged, self.judge.textChanged,
                       self.min_rating.valueChanged):
            signal.connect(self._settings_changed)
        self._on_backend()
        self._update_buttons()
        self.refresh_estimate()

    # -- layout ---------------------------------------------------------------------------------------------
    def _build(self, task: str) -> None:
        form = QFormLayout()
        self.task_edit = QLineEdit(task)
        self.task_edit.setObjectName("synthTask")
        self.task_edit.setToolTip(self.tr("What the tuned model should do, in a sentence. The teacher writes "
                                          "messages and answers for this task."))
        form.addRow(self.tr("&Task"), self.task_edit)
        teacher = QHBoxLayout()
        self.backend = QComboBox()
        self.backend.setObjectName("synthBackend")
        for key, label in (("openai", "OpenAI"), ("azure", "Azure OpenAI"), ("together", "Together AI"),
                           ("hf", "Hugging Face"), ("server", self.tr("A server of your own (OpenAI-compatible)")),
                           ("local", self.tr("A local model"))):
            self.backend.addItem(label, key)
        self.backend.setToolTip(self.tr("Where the teacher model runs. A server of your own or a local model costs "
                                        "nothing; the others are billed by the provider."))
        self.backend.currentIndexChanged.connect(self._on_backend)
        self.model = QComboBox()
        self.model.setObjectName("synthModel")
        self.model.setEditable(True)
        self.model.addItems([DEFAULT_MODEL, "gpt-4o-2024-08-06", "gpt-4.1-mini-2025-04-14"])
        self.model.setCurrentText(DEFAULT_MODEL)
        self.model.setMinimumWidth(260)
        self.model.setToolTip(self.tr("The teacher model: a strong model whose answers the tuned model learns "
                                      "from (an Azure deployment's name, a Hub repo id or a server's model name)."))
        teacher.addWidget(self.backend)
        teacher.addWidget(self.model, 1)
        teacher_label = QLabel(self.tr("T&eacher"))
        teacher_label.setBuddy(self.backend)
        form.addRow(teacher_label, teacher)
        self.base_url = QLineEdit()
        self.base_url.setObjectName("synthBaseUrl")
        self.base_url.setPlaceholderText("http://localhost:8000/v1")
        self.base_url.setToolTip(self.tr("The address of your OpenAI-compatible server (vLLM, llama.cpp, Ollama), "
                                         "ending in /v1. Only for a server of your own."))
        form.addRow(self.tr("Base &URL"), self.base_url)
        self.count = QSpinBox()
        self.count.setObjectName("synthCount")
        self.count.setRange(1, 5000)
        self.count.setValue(50)
        self.count.setToolTip(self.tr("How many examples to ask for. Some are dropped by the checks (duplicates, "
                                      "refusals, copies of test questions), so fewer may reach the review."))
        form.addRow(self.tr("&Number of examples"), self.count)
        docs = QHBoxLayout()
        self.docs = QLineEdit()
        self.docs.setObjectName("synthDocs")
        self.docs.setPlaceholderText(self.tr("optional: a folder of text, Markdown or PDF documents"))
        self.docs.setToolTip(self.tr("Optional. The teacher bases each message on a piece of these documents "
                                     "(text, Markdown, PDF), so the examples cover what they say."))
        browse = QPushButton(self.tr("&Browse…"))
        browse.setObjectName("synthDocsBrowse")
        browse.setToolTip(self.tr("Choose the folder of documents"))
        browse.clicked.connect(self._browse)
        docs.addWidget(self.docs, 1)
        docs.addWidget(browse)
        self.browse_button = browse
        docs_label = QLabel(self.tr("&Documents"))
        docs_label.setBuddy(self.docs)
        form.addRow(docs_label, docs)
        self.teacher_prompt = QPlainTextEdit()
        self.teacher_prompt.setObjectName("synthTeacherPrompt")
        self.teacher_prompt.setPlaceholderText(self.tr("optional: longer instructions for the teacher"))
        self.teacher_prompt.setToolTip(self.tr("Optional. A longer prompt the teacher answers with. It is not "
                                               "written into the examples: they keep the project's short system "
                                               "prompt, so the tuned model learns to answer this well without it."))
        self.teacher_prompt.setTabChangesFocus(True)
        self.teacher_prompt.setFixedHeight(self.teacher_prompt.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self.tr("Teacher &prompt"), self.teacher_prompt)
        # the topic tree: typed, or suggested by the teacher (then edited) before any example is asked
        self.topics = QPlainTextEdit()
        self.topics.setObjectName("synthTopics")
        self.topics.setPlaceholderText(self.tr("optional: one topic per line"))
        self.topics.setToolTip(self.tr("The topics the examples spread over, one per line. Empty: the task itself "
                                       "(or the documents). Suggest asks the teacher; edit the list before you "
                                       "generate."))
        self.topics.setTabChangesFocus(True)
        self.topics.setFixedHeight(self.topics.fontMetrics().lineSpacing() * 4 + 12)
        self.suggest_button = QPushButton(self.tr("S&uggest topics"))
        self.suggest_button.setObjectName("synthSuggestTopics")
        self.suggest_button.setToolTip(self.tr("Ask the teacher for 8 topics with 3 subtopics each, to edit here "
                                               "(Alt+U)"))
        self.suggest_button.clicked.connect(self.suggest_topics)
        topics_row = QHBoxLayout()
        topics_row.addWidget(self.topics, 1)
        topics_row.addWidget(self.suggest_button, 0, Qt.AlignmentFlag.AlignTop)
        topics_label = QLabel(self.tr("Top&ics"))
        topics_label.setBuddy(self.topics)
        form.addRow(topics_label, topics_row)
        # an optional judge that rates each example 1-5 against the task
        self.judge = QLineEdit()
        self.judge.setObjectName("synthJudge")
        self.judge.setPlaceholderText(self.tr("optional: a model that rates each example"))
        self.judge.setToolTip(self.tr("A model (on the teacher's backend) that rates each example 1 to 5 against "
                                      "the task; examples under the minimum are dropped. Empty: no rating."))
        self.min_rating = QSpinBox()
        self.min_rating.setObjectName("synthMinRating")
        self.min_rating.setRange(1, 5)
        self.min_rating.setValue(3)
        self.min_rating.setToolTip(self.tr("The lowest rating kept"))
        judge_row = QHBoxLayout()
        judge_row.addWidget(self.judge, 1)
        judge_row.addWidget(QLabel(self.tr("keep from")))
        judge_row.addWidget(self.min_rating)
        judge_label = QLabel(self.tr("&Judge"))
        judge_label.setBuddy(self.judge)
        form.addRow(judge_label, judge_row)

        self.estimate = QLabel(self.tr("Estimating…"))
        self.estimate.setObjectName("synthEstimate")
        self.estimate.setTextFormat(Qt.TextFormat.PlainText)
        self.estimate.setWordWrap(True)
        self.estimate.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        run_row = QHBoxLayout()
        self.preview_button = QPushButton(self.tr("Pre&view {0}").format(PREVIEW))
        self.preview_button.setObjectName("synthPreview")
        self.preview_button.setToolTip(self.tr("Ask the teacher for {0} examples first, to see whether the settings "
                                               "give what you want (Alt+V)").format(PREVIEW))
        self.preview_button.clicked.connect(self.preview)
        self.generate_button = QPushButton(self.tr("&Generate the rest…"))
        self.generate_button.setObjectName("synthGenerate")
        self.generate_button.setToolTip(self.tr("Continue the preview up to the number of examples; the preview's "
                                                "examples are not asked again (Alt+G)"))
        self.generate_button.clicked.connect(self.generate_rest)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setObjectName("synthCancel")
        self.cancel_button.setToolTip(self.tr("Stop generating. Finished examples are kept; running again with the "
                                              "same settings continues where it stopped (Alt+C)"))
        self.cancel_button.clicked.connect(self.cancel_run)
        self.bar = QProgressBar()
        self.bar.setObjectName("synthProgress")
        self.bar.setRange(0, 100)
        self.bar.setVisible(False)
        run_row.addWidget(self.preview_button)
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.bar, 1)
        run_row.addWidget(self.cancel_button)
        self.status = QLabel("")
        self.status.setObjectName("synthStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # the review
        filter_row = QHBoxLayout()
        self.topic = QComboBox()
        self.topic.setObjectName("synthTopic")
        self.topic.setToolTip(self.tr("Show only the examples about one topic"))
        self.topic.addItem(self.tr("All topics"), None)
        self.topic.currentIndexChanged.connect(self._apply_filter)
        topic_label = QLabel(self.tr("T&opic"))
        topic_label.setBuddy(self.topic)
        filter_row.addWidget(topic_label)
        filter_row.addWidget(self.topic, 1)
        self.pending = QListWidget()
        self.pending.setObjectName("synthPending")
        self.pending.setToolTip(self.tr("The examples that passed the checks: the user's message, then the first "
                                        "line of the answer. Tick the ones to accept or reject (Space ticks)."))
        self.pending.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pending.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.pending.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pending.setUniformItemSizes(True)
        self.pending.setAlternatingRowColors(True)
        self.pending.currentItemChanged.connect(self._on_current)
        self.pending.itemChanged.connect(lambda _item: self._update_buttons())
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(filter_row)
        ll.addWidget(self.pending, 1)
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("synthAnswer")
        self.answer.setToolTip(self.tr("The teacher's answer to the selected example. Edit it here: the example is "
                                       "accepted as you edited it."))
        self.answer.setPlaceholderText(self.tr("Select an example to read and edit its answer"))
        self.answer.setEnabled(False)
        self.answer.textChanged.connect(self._on_answer_edited)
        self.question = QLabel("")
        self.question.setObjectName("synthQuestion")
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.question)
        rl.addWidget(self.answer, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        counts_row = QHBoxLayout()
        self.counts = QLabel("")
        self.counts.setObjectName("synthCounts")
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)
        self.show_dropped_button = QPushButton(self.tr("Show &dropped…"))
        self.show_dropped_button.setObjectName("synthShowDropped")
        self.show_dropped_button.setToolTip(self.tr("The examples the checks dropped, with the reason for each"))
        self.show_dropped_button.clicked.connect(self.show_dropped)
        counts_row.addWidget(self.counts, 1)
        counts_row.addWidget(self.show_dropped_button)

        review_row = QHBoxLayout()
        self.check_all_button = QPushButton(self.tr("C&heck all that passed"))
        self.check_all_button.setObjectName("synthCheckAll")
        self.check_all_button.setToolTip(self.tr("Tick every example shown in the list (Alt+H)"))
        self.check_all_button.clicked.connect(self.check_all)
        self.accept_button = QPushButton(self.tr("&Accept checked"))
        self.accept_button.setObjectName("synthAccept")
        self.accept_button.setToolTip(self.tr("Add the ticked examples shown in the list to the train dataset in the "
                                              "Data view, as edited (Ctrl+Return). Undo there takes them out; "
                                              "Ctrl+S saves them."))
        self.accept_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.accept_button.clicked.connect(self.accept_checked)
        self.reject_button = QPushButton(self.tr("&Reject checked"))
        self.reject_button.setObjectName("synthReject")
        self.reject_button.setToolTip(self.tr("Drop the ticked examples shown in the list; they are not offered "
                                              "again (Alt+R)"))
        self.reject_button.clicked.connect(self.reject_checked)
        review_row.addWidget(self.check_all_button)
        review_row.addStretch(1)
        review_row.addWidget(self.reject_button)
        review_row.addWidget(self.accept_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("synthClose")
        self.close_button.setToolTip(self.tr("Close (Esc). A running generation is stopped; what it finished is "
                                             "kept."))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.estimate)
        layout.addLayout(run_row)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addLayout(counts_row)
        layout.addLayout(review_row)
        layout.addWidget(buttons)
        self._settings_widgets: list[QWidget] = [self.task_edit, self.backend, self.model, self.base_url,
                                                 self.count, self.docs, self.browse_button, self.teacher_prompt,
                                                 self.topics, self.suggest_button, self.judge, self.min_rating]

    # -- settings ---------------------------------------------------------------------------------------------
    def _on_backend(self, *_: Any) -> None:
        server = self.backend.currentData() == "server"
        self.base_url.setEnabled(server and self.task is None)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Documents for the teacher"),
                                                  self.docs.text().strip() or self.project_path)
        if folder:
            self.docs.setText(folder)

    def teacher(self) -> dict[str, Any]:
        backend = str(self.backend.currentData())
        url = self.base_url.text().strip()
        return {"backend": backend, "model": self.model.currentText().strip(),
                "base_url": url if backend == "server" and url else None}

    def settings(self, n: int | None = None) -> dict[str, Any]:
        """The keyword arguments of synth_plan and synth_run for these settings (`n` for a preview)."""
        docs = self.docs.text().strip()
        return {"project": self.project_path, "teacher": self.teacher(),
                "n": int(self.count.value() if n is None else n), "task": self.task_edit.text().strip(),
                "docs": [docs] if docs else None,
                "teacher_prompt": self.teacher_prompt.toPlainText().strip() or None,
                "topics": [t.strip() for t in self.topics.toPlainText().splitlines() if t.strip()] or None,
                "judge": {**self.teacher(), "model": self.judge.text().strip()} if self.judge.text().strip() else None,
                "min_rating": self.min_rating.value(),
                "backend": self.target_backend, "model": self.target_model}

    def suggest_topics(self) -> None:
        """Ask the teacher for a topic tree (8 x 3) and put it in the Topics field to edit."""
        if self._missing() or self.task is not None:
            self.status.setText(self._missing())
            return
        self.suggest_button.setEnabled(False)
        self.status.setText(self.tr("Asking the teacher for topics…"))
        kw = {k: v for k, v in self.settings().items() if k in ("project", "teacher", "n", "task", "docs",
                                                                  "teacher_prompt", "backend", "model")}
        op = self.bridge.op("synth_topics", auto_topics=8, topic_depth=2, subtopics=3, **kw,
                            activity_text=self.tr("Asking the teacher for topics"))
        op.success(self._on_topics).failure(self._on_topics_failed).run()

    def _on_topics(self, got: dict[str, Any]) -> None:
        if not isValid(self.topics):
            return
        self.suggest_button.setEnabled(True)
        self.topics.setPlainText("\n".join(got.get("topics") or []))
        self.status.setText(self.tr("{0} topics suggested: edit them, then preview.").format(
            len(got.get("topics") or [])))

    def _on_topics_failed(self, failure: Failure) -> None:
        if not isValid(self.topics):
            return
        self.suggest_button.setEnabled(True)
        self.status.setText(failure.message)

    def _missing(self) -> str:
        """What must be filled in before anything can be asked, in words ("" when nothing)."""
        teacher = self.teacher()
        if not teacher["model"]:
            return self.tr("Name the teacher model.")
        if teacher["backend"] == "server" and not teacher["base_url"]:
            return self.tr("Type your server's base URL (it ends in /v1).")
        return ""

    def _settings_changed(self, *_: Any) -> None:
        if self.task is None:
            self._estimate_timer.start()

    def refresh_estimate(self) -> None:
        """Ask synth_plan what the settings would cost (the words go in the estimate label)."""
        if not isValid(self.estimate) or self.task is not None:
            return
        missing = self._missing()
        self._plan_seq += 1
        if missing:
            self.plan = None
            self.estimate.setText(missing)
            self._update_buttons()
            return
        seq = self._plan_seq
        op = self.bridge.op("synth_plan", **self.settings())
        op.success(lambda p: self._on_plan(seq, p)).failure(lambda f: self._on_plan_failed(seq, f)).run()

    def _on_plan(self, seq: int, plan: dict[str, Any]) -> None:
        if not isValid(self.estimate) or seq != self._plan_seq:
            return  # the dialog is gone, or the settings changed since
        self.plan = plan
        self.estimate.setText(self._estimate_words(plan))
        if plan.get("judge_prompt"):  # the judge's prompt, shown before anything is rated
            self.judge.setToolTip(self.tr("The judge is asked:") + "\n\n" + str(plan["judge_prompt"]))
        if self.task is None and plan.get("run_dir") != self._review_asked:
            self.load_review(str(plan["run_dir"]))  # these settings' run: earlier results are offered again
        self._update_buttons()

    def _on_plan_failed(self, seq: int, failure: Failure) -> None:
        if not isValid(self.estimate) or seq != self._plan_seq:
            return
        self.plan = None
        self.estimate.setText(failure.message)
        self._update_buttons()

    def _estimate_words(self, plan: dict[str, Any]) -> str:
        parts = [text(str(plan.get("message_code") or ""), plan.get("message_params"), str(plan.get("message") or ""))
                 if plan.get("message_code") else str(plan.get("message") or "")]
        price = plan.get("teacher_price")
        if price:  # the teacher's own price beside the run's estimate
            parts.append(self.tr("The teacher costs ${0:g} per 1M tokens in and ${1:g} out (prices as of {2}).")
                         .format(price["input_per_1m"], price["output_per_1m"], plan.get("price_date") or "-"))
        if plan.get("billable") and plan.get("estimated_cost_usd") is None:
            parts.append(self.tr("The cost is unknown: fttool has no price for this model, so it cannot say what "
                                 "this costs or stop at a budget. Check the provider's prices first."))
        budget = plan.get("budget_usd")
        if plan.get("over_budget"):
            parts.append(self.tr("That is over your budget of ${0:.2f}: ask for fewer examples, or raise the "
                                 "budget.").format(float(budget or 0)))
        elif plan.get("billable") and budget is not None:
            parts.append(self.tr("Budget: ${0:.2f} (generating stops there).").format(float(budget)))
        elif plan.get("billable"):
            parts.append(self.tr("No budget is set, so nothing stops it early."))
        return " ".join(p for p in parts if p)

    # -- running ----------------------------------------------------------------------------------------------
    def preview(self) -> None:
        """Ask for the first few examples (a billed teacher is confirmed first, with the estimate of those)."""
        if self.task is not None or self._missing():
            return
        kwargs = self.settings(n=min(PREVIEW, self.count.value()))
        self._asking(True)
        op = self.bridge.op("synth_plan", **kwargs)
        op.success(lambda p: self._confirm_and_run("preview", kwargs, p)).failure(self._on_asking_failed).run()

    def generate_rest(self) -> None:
        """Continue the run up to the full count (what the preview asked is taken from its journal)."""
        if self.task is None and not self._missing():
            kwargs = self.settings()
            self._asking(True)
            op = self.bridge.op("synth_plan", **kwargs)
            op.success(lambda p: self._confirm_and_run("rest", kwargs, p)).failure(self._on_asking_failed).run()

    def _asking(self, busy: bool) -> None:
        self._asking_plan = busy  # the run's plan is on its way: no second run meanwhile
        self._update_buttons()

    def _on_asking_failed(self, failure: Failure) -> None:
        if not isValid(self.status):
            return
        self._asking(False)
        self.status.setText(failure.message)
