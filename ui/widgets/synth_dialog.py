"""The "Generate examples" dialog: a teacher model writes new chat examples in the style of the project's own
(fttool/datasets/synth.py), each passes the gates, and a person accepts or rejects them one by one.

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

import copy
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge
from ui.messages import text
from ui.widgets.progress import Task

BACKENDS = ("openai", "azure", "together", "hf", "server", "local")
DEFAULT_MODEL = "gpt-4o-mini-2024-07-18"
PREVIEW = 5
ESTIMATE_DELAY_MS = 300
ROW = Qt.ItemDataRole.UserRole  # a list item's row in the pending list
IDENT = Qt.ItemDataRole.UserRole + 1  # its id (ex00003): edits are kept by id, rows move when others are taken


# -- an example's parts (a chat, or a DPO preference pair) ------------------------------------------------------
def _messages(example: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(example.get("messages"), list):
        return example["messages"]
    return list((example.get("input") or {}).get("messages") or [])


def _content(message: dict[str, Any]) -> str:
    c = message.get("content")
    if isinstance(c, list):
        return " ".join(str(p.get("text", "")) for p in c if isinstance(p, dict))
    return str(c or "")


def user_text(example: dict[str, Any]) -> str:
    return next((_content(m) for m in _messages(example) if m.get("role") == "user"), "")


def answer_text(example: dict[str, Any]) -> str:
    """The teacher's answer: the last assistant message, or a pair's preferred output."""
    if isinstance(example.get("preferred_output"), list) and example["preferred_output"]:
        return _content(example["preferred_output"][0])
    return next((_content(m) for m in reversed(_messages(example)) if m.get("role") == "assistant"), "")


def with_answer(example: dict[str, Any], text: str) -> dict[str, Any]:
    """A copy of the example with the teacher's answer replaced."""
    out = copy.deepcopy(example)
    if isinstance(out.get("preferred_output"), list) and out["preferred_output"]:
        out["preferred_output"][0]["content"] = text
        return out
    for m in reversed(out.get("messages") or []):
        if m.get("role") == "assistant":
            m["content"] = text
            break
    return out


def _first_line(text: str, limit: int = 120) -> str:
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class SynthDialog(QDialog):
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
        self.bridge.run("synth_topics", auto_topics=8, topic_depth=2, subtopics=3, **kw, on_success=self._on_topics,
                        on_failure=self._on_topics_failed, activity_text=self.tr("Asking the teacher for topics"))

    def _on_topics(self, got: dict[str, Any]) -> None:
        if not isValid(self.topics):
            return
        self.suggest_button.setEnabled(True)
        self.topics.setPlainText("\n".join(got.get("topics") or []))
        self.status.setText(self.tr("{0} topics suggested: edit them, then preview.").format(
            len(got.get("topics") or [])))

    def _on_topics_failed(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        if not isValid(self.topics):
            return
        self.suggest_button.setEnabled(True)
        self.status.setText(describe(exc)[0])

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
        self.bridge.run("synth_plan", **self.settings(), on_success=lambda p: self._on_plan(seq, p),
                        on_failure=lambda e: self._on_plan_failed(seq, e))

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

    def _on_plan_failed(self, seq: int, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        if not isValid(self.estimate) or seq != self._plan_seq:
            return
        self.plan = None
        self.estimate.setText(describe(exc)[0])
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
        self.bridge.run("synth_plan", **kwargs, on_success=lambda p: self._confirm_and_run("preview", kwargs, p),
                        on_failure=self._on_asking_failed)

    def generate_rest(self) -> None:
        """Continue the run up to the full count (what the preview asked is taken from its journal)."""
        if self.task is None and not self._missing():
            kwargs = self.settings()
            self._asking(True)
            self.bridge.run("synth_plan", **kwargs, on_success=lambda p: self._confirm_and_run("rest", kwargs, p),
                            on_failure=self._on_asking_failed)

    def _asking(self, busy: bool) -> None:
        self._asking_plan = busy  # the run's plan is on its way: no second run meanwhile
        self._update_buttons()

    def _on_asking_failed(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        if not isValid(self.status):
            return
        self._asking(False)
        self.status.setText(describe(exc)[0])

    def _confirm_and_run(self, kind: str, kwargs: dict[str, Any], plan: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self._asking(False)
        if not plan.get("billable"):  # a server of your own or a local model: nothing to confirm
            self._start_run(kind, kwargs, None, str(plan.get("run_dir") or ""))
            return
        words = self._estimate_words(plan)
        if plan.get("over_budget"):
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Over the budget"), words,
                              QMessageBox.StandardButton.Close, self)
            box.setObjectName("synthOverBudget")
            self.last_box = box
            box.open()
            return
        if kind == "preview":
            question = self.tr("Preview {0} examples? Generating them is billed.\n\n{1}").format(kwargs["n"], words)
        else:
            question = self.tr("Generate {0} examples? Generating them is billed; what the preview asked is not "
                               "asked again.\n\n{1}").format(kwargs["n"], words)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Confirm the cost"), question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("synthConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Generate"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.last_box = box
        fingerprint = plan.get("fingerprint")
        box.accepted.connect(lambda: self._start_run(kind, kwargs, fingerprint, str(plan.get("run_dir") or "")))
        box.open()

    def _start_run(self, kind: str, kwargs: dict[str, Any], confirmed: str | None, run_dir: str) -> None:
        if not isValid(self.status) or self.task is not None:
            return
        # parentless: the service thread may still report to it after this dialog is gone
        task = Task(self.tr("Generating examples"))
        task.progressed.connect(self._on_progress)
        self.destroyed.connect(task.cancel)  # the dialog's parent closed meanwhile: stop asking
        self.task = task
        self._run_dir = run_dir
        self._run_started = time.monotonic()
        self._run_base = self._finished_before.get(run_dir, 0)
        self._set_running(True)
        self.bar.setRange(0, max(1, int(kwargs["n"])))
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("starting…"))
        self.status.setText(self.tr("Asking the teacher for {0} examples…").format(kwargs["n"]))
        self.bridge.run("synth_run", **kwargs, confirmed=confirmed, progress=task.progress, cancel=task.cancelled,
                        on_success=self._on_run_done, on_failure=self._on_run_failed,
                        activity_text=self.tr("Generating examples"))

    def _set_running(self, running: bool) -> None:
        for w in self._settings_widgets:
            w.setEnabled(not running)
        self._on_backend()
        self.bar.setVisible(running)
        self.cancel_button.setEnabled(running)
        self._update_buttons()

    @Slot(object, object, str)
    def _on_progress(self, done: int, total: int, item: str) -> None:
        if not isValid(self.bar) or self.task is None:
            return
        total = max(1, int(total))
        done = min(int(done), total)
        if self.bar.maximum() != total:
            self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.bar.setFormat(self.tr("{0} of {1}").format(done, total))
        self._finished_before[self._run_dir] = max(self._finished_before.get(self._run_dir, 0), done)
        new = done - self._run_base
        elapsed = time.monotonic() - self._run_started
        if new > 0 and elapsed > 0.5 and done < total:
            self.status.setText(self.tr("{0} of {1} examples written; about {2} left.").format(
                done, total, self._duration(elapsed / new * (total - done))))
        else:
            self.status.setText(self.tr("{0} of {1} examples written.").format(done, total))

    def _duration(self, seconds: float) -> str:
        if seconds < 60:
            return self.tr("{0} s").format(max(1, round(seconds)))
        if seconds < 3600:
            return self.tr("{0} min").format(round(seconds / 60))
        return self.tr("{0:.1f} h").format(seconds / 3600)

    def _finish_task(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.finish()
            try:
                self.destroyed.disconnect(task.cancel)
            except (RuntimeError, TypeError):
                pass
        self._set_running(False)

    def _on_run_done(self, summary: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self._finish_task()
        self.last_summary = summary
        run_dir = str(summary.get("run_dir") or "")
        self._finished_before[run_dir] = max(self._finished_before.get(run_dir, 0), int(summary.get("requested") or 0))
        words = text("synth_summary", summary.get("summary_params"), str(summary.get("summary") or ""))
        if summary.get("stopped_at_budget"):
            said = text("synth_budget_reached", summary.get("message_params"), str(summary.get("message") or ""))
            words = f"{words} {said}".strip()
        cost = summary.get("actual_cost_usd")
        if self.plan is not None and self.plan.get("billable"):
            words += " " + (self.tr("Spent about ${0:.4f}.").format(float(cost)) if cost is not None
                            else self.tr("What it cost is unknown."))
        self.status.setText(words)
        self.load_review(run_dir)
        self.refresh_estimate()

    def _on_run_failed(self, exc: BaseException) -> None:
        from fttool.errors import Cancelled
        from ui.widgets.error_dialog import describe

        if not isValid(self.status):
            return
        self._finish_task()
        if isinstance(exc, Cancelled):
            self.status.setText(self.tr("Cancelled. The finished examples are kept: run it again with the same "
                                        "settings to continue where it stopped."))
        else:
            self.status.setText(describe(exc)[0])
        self.refresh_estimate()

    def cancel_run(self) -> None:
        if self.task is not None and not self.task.cancelled():
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling… the calls already sent finish first, so nothing paid for is "
                                        "lost."))

    def done(self, result: int) -> None:
        """Closing (Close, Esc, the window's X) stops a running generation."""
        self._estimate_timer.stop()
        self.cancel_run()
        super().done(result)

    # -- the review -------------------------------------------------------------------------------------------
    def load_review(self, run_dir: str) -> None:
        self._review_seq += 1
        seq = self._review_seq
        self._review_asked = run_dir
        self.bridge.run("synth_review", run_dir=run_dir, on_success=lambda r: self._on_review(seq, run_dir, r),
                        on_failure=lambda e: self._on_review_failed(seq, e))

    def _on_review_failed(self, seq: int, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        if isValid(self.status) and seq == self._review_seq:
            self.status.setText(describe(exc)[0])

    def _on_review(self, seq: int, run_dir: str, review: dict[str, Any]) -> None:
        if not isValid(self.pending) or seq != self._review_seq:
            return
        if run_dir != self.review_dir:
            self._edits.clear()
        self.review_dir = run_dir
        self.review = review
        summary = review.get("summary") or {}
        if summary and run_dir not in self._finished_before:
            self._finished_before[run_dir] = int(summary.get("requested") or 0)
        ids = {str(p.get("id")) for p in review.get("provenance") or []}
        self._edits = {k: v for k, v in self._edits.items() if k in ids}
        self._fill_list()

    def _fill_list(self) -> None:
        checked = {str(self.pending.item(i).data(IDENT)) for i in range(self.pending.count())
                   if self.pending.item(i).checkState() == Qt.CheckState.Checked}
        current = self.pending.currentItem()
        current_id = str(current.data(IDENT)) if current is not None else None
        prov = list(self.review.get("provenance") or [])
        self.pending.blockSignals(True)
        self.pending.clear()
        for row, example in enumerate(self.review.get("pending") or []):
            p = prov[row] if row < len(prov) else {}
            ident = str(p.get("id") or f"row{row}")
            item = QListWidgetItem()
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ident in checked else Qt.CheckState.Unchecked)
            item.setData(ROW, row)
            item.setData(IDENT, ident)
            item.setData(Qt.ItemDataRole.UserRole + 2, p.get("topic"))
            self._label_item(item, example)
            tip = [self.tr("Topic: {0}").format(p.get("topic") or self.tr("none")),
                   self.tr("Rating: {0}").format(p["rating"]) if p.get("rating") is not None
                   else self.tr("Rating: not rated"),
                   self.tr("Teacher: {0}").format(p.get("teacher") or "?")]
            if p.get("source_chunk"):
                tip.append(self.tr("From: {0}").format(p["source_chunk"]))
            item.setToolTip("\n".join(tip))
            self.pending.addItem(item)
        self.pending.blockSignals(False)
        topics = sorted({str(p.get("topic")) for p in prov if p.get("topic")})
        chosen = self.topic.currentData()
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem(self.tr("All topics"), None)
        for t in topics:
            self.topic.addItem(t, t)
        i = self.topic.findData(chosen) if chosen is not None else 0
        self.topic.setCurrentIndex(max(i, 0))
        self.topic.blockSignals(False)
        self._apply_filter()
        shown = [self.pending.item(i) for i in range(self.pending.count()) if not self.pending.item(i).isHidden()]
        chosen_item: QListWidgetItem | None = next((it for it in shown if it.data(IDENT) == current_id),
                                                   shown[0] if shown else None)
        if chosen_item is not None:
            self.pending.setCurrentItem(chosen_item)
        else:
            self.pending.setCurrentRow(-1)
        self._on_current(chosen_item, None)
        self._update_counts()
        self._update_buttons()

    def _label_item(self, item: QListWidgetItem, example: dict[str, Any]) -> None:
        ident = str(item.data(IDENT))
        answer = self._edits.get(ident, answer_text(example))
        text = f"{_first_line(user_text(example))}\n→ {_first_line(answer)}"
        if ident in self._edits:
            text = self.tr("{0} (edited)").format(text)
        item.setText(text)

    def _example(self, row: int) -> dict[str, Any]:
        return dict((self.review.get("pending") or [])[row])

    def _apply_filter(self, *_: Any) -> None:
        topic = self.topic.currentData()
        for i in range(self.pending.count()):
            item = self.pending.item(i)
            item.setHidden(topic is not None and item.data(Qt.ItemDataRole.UserRole + 2) != topic)
        current = self.pending.currentItem()
        if current is not None and current.isHidden():
            self.pending.setCurrentRow(-1)
        self._update_buttons()

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.answer.blockSignals(True)
        if item is None or item.isHidden():
            self.answer.setPlainText("")
            self.answer.setEnabled(False)
            self.question.setText("")
        else:
            example = self._example(int(item.data(ROW)))
            self.answer.setPlainText(self._edits.get(str(item.data(IDENT)), answer_text(example)))
            self.answer.setEnabled(not self._taking)
            self.question.setText(self.tr("User: {0}").format(user_text(example)))
        self.answer.blockSignals(False)

    def _on_answer_edited(self) -> None:
        item = self.pending.currentItem()
        if item is None:
            return
        example = self._example(int(item.data(ROW)))
        ident = str(item.data(IDENT))
        text = self.answer.toPlainText()
        if text == answer_text(example):
            self._edits.pop(ident, None)
        else:
            self._edits[ident] = text
        self.pending.blockSignals(True)
        self._label_item(item, example)
        self.pending.blockSignals(False)

    def _update_counts(self) -> None:
        dropped: dict[str, int] = {}
        for d in self.review.get("dropped") or []:
            reason = str(d.get("reason") or "")
            dropped[reason] = dropped.get(reason, 0) + 1
        words = self.tr("{0} passed").format(len(self.review.get("pending") or []))
        if dropped:
            words += " · " + self.tr("dropped: {0}").format(", ".join(f"{self.reason_label(r)} {n}"
                                                                      for r, n in dropped.items()))
        elif self.review.get("summary"):
            words += " · " + self.tr("nothing dropped")
        self.counts.setText(words if self.review_dir and (self.review.get("summary") or self.review.get("pending"))
                            else "")
        self.show_dropped_button.setEnabled(bool(dropped))

    def reason_label(self, reason: str) -> str:
        return {"failed": self.tr("failed"), "empty": self.tr("empty"), "cut_off": self.tr("cut off"),
                "refusal": self.tr("refusal"), "personal_data": self.tr("personal data"),
                "invalid": self.tr("invalid"), "too_long": self.tr("too long"), "duplicate": self.tr("duplicate"),
                "near_duplicate": self.tr("near duplicate"), "leakage": self.tr("leakage"),
                "low_rating": self.tr("low rating")}.get(reason, reason)

    def visible_checked(self) -> list[QListWidgetItem]:
        return [self.pending.item(i) for i in range(self.pending.count())
                if not self.pending.item(i).isHidden() and self.pending.item(i).checkState() == Qt.CheckState.Checked]

    def _update_buttons(self) -> None:
        idle = self.task is None
        ready = idle and not self._asking_plan and self.plan is not None and not self._missing()
        self.preview_button.setEnabled(ready)
        self.generate_button.setEnabled(ready and self.review_dir is not None
                                        and self.review_dir == self.plan.get("run_dir")  # type: ignore[union-attr]
                                        and bool(self.review.get("summary")))
        reviewing = idle and not self._taking
        any_checked = bool(self.visible_checked())
        self.accept_button.setEnabled(reviewing and any_checked)
        self.reject_button.setEnabled(reviewing and any_checked)
        self.check_all_button.setEnabled(reviewing and any(not self.pending.item(i).isHidden()
                                                           for i in range(self.pending.count())))
        current = self.pending.currentItem()
        self.answer.setEnabled(reviewing and current is not None and not current.isHidden())

    def check_all(self) -> None:
        self.pending.blockSignals(True)
        for i in range(self.pending.count()):
            item = self.pending.item(i)
            if not item.isHidden():
                item.setCheckState(Qt.CheckState.Checked)
        self.pending.blockSignals(False)
        self._update_buttons()

    def accept_checked(self) -> None:
        """The ticked examples (as edited) leave as `accepted_examples`; then they are taken from the pending set,
        their provenance recorded beside the train file."""
        items = self.visible_checked()
        if not items or self._taking or self.task is not None or self.review_dir is None:
            return
        rows = [int(item.data(ROW)) for item in items]
        examples = []
        for item in items:
            example = self._example(int(item.data(ROW)))
            edited = self._edits.get(str(item.data(IDENT)))
            examples.append(with_answer(example, edited) if edited is not None else example)
        self.accepted_examples.emit(examples)
        self._take(rows, accepted=True)

    def reject_checked(self) -> None:
        items = self.visible_checked()
        if not items or self._taking or self.task is not None or self.review_dir is None:
            return
        self._take([int(item.data(ROW)) for item in items], accepted=False)

    def _take(self, rows: list[int], accepted: bool) -> None:
        self._taking = True
        self._update_buttons()
        run_dir = str(self.review_dir)
        self.bridge.run("synth_take", run_dir=run_dir, rows=rows, project=self.project_path, accepted=accepted,
                        on_success=lambda r: self._on_taken(run_dir, accepted, r),
                        on_failure=self._on_take_failed)

    def _on_taken(self, run_dir: str, accepted: bool, result: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self._taking = False
        n = len(result.get("taken") or [])
        if accepted:
            self.status.setText(self.tr("Accepted {0} example(s) into the train dataset in the Data view: Undo "
                                        "there takes them out, Ctrl+S saves them.").format(n))
        else:
            self.status.setText(self.tr("Rejected {0} example(s); they are not offered again.").format(n))
        self.load_review(run_dir)

    def _on_take_failed(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        if not isValid(self.status):
            return
        self._taking = False
        self.status.setText(describe(exc)[0])
        if self.review_dir:
            self.load_review(self.review_dir)

    # -- the dropped ones -------------------------------------------------------------------------------------
    def show_dropped(self) -> QDialog:
        dropped = list(self.review.get("dropped") or [])
        dlg = QDialog(self)
        dlg.setObjectName("synthDroppedDialog")
        dlg.setWindowTitle(self.tr("Dropped examples"))
        dlg.resize(820, 420)
        table = QTableWidget(len(dropped), 3)
        table.setObjectName("synthDroppedList")
        table.setHorizontalHeaderLabels([self.tr("Reason"), self.tr("Detail"), self.tr("User message")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, d in enumerate(dropped):
            example = d.get("example") if isinstance(d.get("example"), dict) else None
            cells = (self.reason_label(str(d.get("reason") or "")), str(d.get("detail") or ""),
                     user_text(example) if example else "")
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(_first_line(value, 300))
                cell.setToolTip(value)
                table.setItem(r, c, cell)
        table.resizeColumnToContents(0)
        table.setColumnWidth(1, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dlg.reject)
        layout = QVBoxLayout(dlg)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dropped_dialog = dlg
        dlg.open()
        return dlg
