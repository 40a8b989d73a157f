"""The Playground view: the Chat tab (model pickers, side by side and blind modes, the system prompt and sampling)
and the Evaluate tab, built the first time it is shown (ui/views/playground/evaluate.py).

Every request runs on the job service (the chat room's commands, fttool/chat/). Streamed pieces come back batched on the
service thread (at most one call per 30 ms per stream) and cross to the GUI thread as a queued signal of
StreamRelay, so two streams never flood the GUI thread; each batch is one insert at the end of a text view."""

from __future__ import annotations

import concurrent.futures
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fttool.project import Project
from ui.bridge import Bridge, Failure
from ui.views.base import View
from ui.views.playground.chat_widgets import AnswerColumn, ModelPicker, StreamRelay, Turn
from ui.views.playground.conversation import PlaygroundConversation
from ui.views.playground.names import base_index
from ui.views.playground.review import PlaygroundReview


class PlaygroundView(PlaygroundConversation, PlaygroundReview, View):
    key = "playground"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.relay = StreamRelay(self)
        self.relay.delta.connect(self._on_delta, Qt.ConnectionType.QueuedConnection)
        self.turns: list[Turn] = []
        self.streams: dict[int, tuple[int, int]] = {}  # stream id -> (picker index, turn index)
        self.futures: dict[int, concurrent.futures.Future[Any]] = {}
        self._next_stream = 0
        self.order = [0, 1]  # column -> picker (shuffled in blind mode)
        self.revealed = False
        self.preferences = [0, 0]
        self.models: list[dict[str, Any]] = []

        outer = QVBoxLayout(self)
        outer.addWidget(self.heading(self.title()))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("playgroundTabs")
        outer.addWidget(self.tabs, 1)

        chat = QWidget()
        self.tabs.addTab(chat, self.tr("Chat"))
        lay = QVBoxLayout(chat)

        # model pickers and modes
        top = QHBoxLayout()
        self.model_label = QLabel(self.tr("Model:"))
        top.addWidget(self.model_label)
        self.picker_a = ModelPicker()
        self.picker_a.setObjectName("pickerA")
        self.picker_a.setToolTip(self.tr("The model to chat with (the base model, in side by side)"))
        top.addWidget(self.picker_a, 1)
        self.side_by_side = QCheckBox(self.tr("Side by side with B:"))
        self.side_by_side.setObjectName("sideBySide")
        self.side_by_side.setToolTip(self.tr("Send the same conversation to two models at once: A (left) and "
                                             "B (right)"))
        top.addWidget(self.side_by_side)
        self.picker_b = ModelPicker()
        self.picker_b.setObjectName("pickerB")
        self.picker_b.setToolTip(self.tr("The second model (typically the tuned one)"))
        top.addWidget(self.picker_b, 1)
        self.blind = QCheckBox(self.tr("Hide model names"))
        self.blind.setObjectName("blindMode")
        self.blind.setToolTip(self.tr("Hide which model wrote which answer until you pick the better one"))
        top.addWidget(self.blind)
        self.refresh_button = QPushButton(self.tr("Refresh models"))
        self.refresh_button.setObjectName("refreshModels")
        self.refresh_button.setToolTip(self.tr("List models again: base models, finished jobs, your accounts "
                                               "and servers"))
        top.addWidget(self.refresh_button)
        lay.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        convo = QWidget()
        cl = QVBoxLayout(convo)
        cl.setContentsMargins(0, 0, 0, 0)
        cols = QSplitter(Qt.Orientation.Horizontal)
        self.columns = [AnswerColumn(0), AnswerColumn(1)]
        for c in self.columns:
            cols.addWidget(c)
            c.copy_button.clicked.connect(partial(self.copy_answer, c.index))
            c.better_button.clicked.connect(partial(self.pick, c.index))
        cl.addWidget(cols, 1)

        self.input = QPlainTextEdit()
        self.input.setObjectName("chatInput")
        self.input.setPlaceholderText(self.tr("Write a message; Ctrl+Enter sends it."))
        self.input.setMaximumHeight(90)
        cl.addWidget(self.input)
        buttons = QHBoxLayout()
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("send")
        self.send_button.setToolTip(self.tr("Send the message (Ctrl+Enter)"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stop")
        self.stop_button.setToolTip(self.tr("Stop the answers being written (Esc)"))
        self.regen_button = QPushButton(self.tr("Regenerate"))
        self.regen_button.setObjectName("regenerate")
        self.regen_button.setToolTip(self.tr("Ask again for the last answer (Ctrl+R)"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("clear")
        self.clear_button.setToolTip(self.tr("Start a new conversation (Ctrl+L)"))
        self.save_button = QPushButton(self.tr("Save as training example"))
        self.save_button.setObjectName("saveExample")
        self.save_button.setToolTip(self.tr("Add this conversation, with the chosen answers, to the project's "
                                            "training data (checked on the spot)"))
        self.undo_save_button = QPushButton(self.tr("Undo save"))
        self.undo_save_button.setObjectName("undoSave")
        self.undo_save_button.setToolTip(self.tr("Take the example just saved out of the training data again"))
        self.undo_save_button.setVisible(False)
        for b in (self.send_button, self.stop_button, self.regen_button, self.clear_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_save_button)
        buttons.addWidget(self.save_button)
        cl.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("chatStatus")
        self.status.setWordWrap(True)
        cl.addWidget(self.status)
        split.addWidget(convo)

        # side panel: system prompt and sampling
        side = QWidget()
        side.setObjectName("samplingPanel")
        side.setMinimumWidth(230)
        form = QFormLayout(side)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.system = QPlainTextEdit()
        self.system.setObjectName("systemPrompt")
        self.system.setPlaceholderText(self.tr("For example: You are Chef Ada. Answer with a short list of "
                                               "ingredients and numbered steps."))
        self.system.setToolTip(self.tr("The instructions every answer follows (the system message)"))
        form.addRow(self.tr("System prompt"), self.system)
        self.temperature = QDoubleSpinBox()
        self.temperature.setObjectName("temperature")
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(0.7)
        self.temperature.setToolTip(self.tr("0 gives the most likely answer every time; higher values vary more"))
        form.addRow(self.tr("Temperature"), self.temperature)
        self.max_tokens = QSpinBox()
        self.max_tokens.setObjectName("maxTokens")
        self.max_tokens.setRange(1, 32768)
        self.max_tokens.setValue(512)
        self.max_tokens.setToolTip(self.tr("The longest answer, in tokens (about 3/4 of a word each)"))
        form.addRow(self.tr("Max tokens"), self.max_tokens)
        self.stop_sequences = QPlainTextEdit()
        self.stop_sequences.setObjectName("stopSequences")
        self.stop_sequences.setMaximumHeight(60)
        self.stop_sequences.setPlaceholderText(self.tr("One per line (up to 4)"))
        self.stop_sequences.setToolTip(self.tr("The answer ends where one of these texts would begin"))
        form.addRow(self.tr("Stop at"), self.stop_sequences)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([720, 260])
        lay.addWidget(split, 1)

        # the Evaluate panel (tables, a chart) is built the first time it is shown: startup stays quick
        self._evaluate: Any = None
        self._eval_holder = QWidget()
        self._eval_holder.setObjectName("evaluateHolder")
        QVBoxLayout(self._eval_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._eval_holder, self.tr("Evaluate"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.regen_button.clicked.connect(self.regenerate)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save_example)
        self.undo_save_button.clicked.connect(self.undo_save)
        self._saved_example: dict[str, Any] | None = None
        self.review_dialog: Any = None  # the "check before saving" dialog while it is open
        self._loading_note = False  # the status shows "Starting the local model…"
        self.refresh_button.clicked.connect(self.refresh_models)
        self.side_by_side.toggled.connect(self._mode_changed)
        self.blind.toggled.connect(self._mode_changed)
        self.picker_a.currentIndexChanged.connect(self._update_headers)
        self.picker_b.currentIndexChanged.connect(self._update_headers)
        for seq, slot in ((QKeySequence("Ctrl+Return"), self.send), (QKeySequence("Ctrl+Enter"), self.send),
                          (QKeySequence("Escape"), self.stop), (QKeySequence("Ctrl+R"), self.regenerate),
                          (QKeySequence("Ctrl+L"), self.clear)):
            QShortcut(seq, self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._close_clients)
        self._mode_changed()
        self._update_buttons()

    @Slot(int, str)
    def _on_delta(self, sid: int, text: str) -> None:
        """A batch of a streamed answer (the relay's queued signal: a slot of this class, so it is registered)."""
        where = self.streams.get(sid)
        if where is None:  # stopped or cleared
            return
        column, turn = where
        self._clear_loading_note()
        self.turns[turn].answers[column] = self.turns[turn].answers.get(column, "") + text
        if turn == len(self.turns) - 1:
            self.columns[column].append(text)

    def title(self) -> str:
        return self.tr("Playground")

    @property
    def evaluate(self) -> Any:
        """The Evaluate panel, built on first use with the project and models it has missed."""
        if self._evaluate is None:
            from ui.views.playground.evaluate import EvaluatePanel

            self._evaluate = EvaluatePanel(self.bridge, self._eval_holder)
            layout = self._eval_holder.layout()
            assert layout is not None
            layout.addWidget(self._evaluate)
            self._evaluate.set_project(self.project)
            self._evaluate.set_models(self.models)
        return self._evaluate

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._eval_holder:
            _ = self.evaluate

    # -- project and models --------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        if self._evaluate is not None:
            self._evaluate.set_project(project)
        self.refresh_models()
        if project is not None:
            self.bridge.op("common_system_prompt", project=str(project.path)).success(
                partial(self._on_common_system, project)).failure(self._say_failure).run()

    def _say_failure(self, failure: Failure) -> None:
        """A background load that failed (the training data's system prompt): said under the chat."""
        self.status.setText(failure.message)

    def _on_common_system(self, project: Project, result: dict[str, Any]) -> None:
        """Pre-fill the system prompt with the one the training data uses, when the box is still empty."""
        import shiboken6

        if not shiboken6.isValid(self) or project is not self.project or not result.get("system"):
            return
        if self.system.toPlainText().strip():
            return
        self.system.setPlainText(str(result["system"]))
        self.system.setToolTip(self.tr("The instructions every answer follows (the system message). Filled in "
                                       "from your training data: {0} of {1} examples use it.")
                               .format(result.get("count", 0), result.get("total", 0)))

    def open_panel(self, panel: str, options: dict[str, Any] | None = None) -> None:
        """Show a part of the Playground from elsewhere in the app: "chat", or "evaluate" (options
        {"baseline": "bm25"} ticks the retrieval baseline, "zero-shot" and "few-shot" theirs)."""
        options = dict(options or {})
        if panel == "evaluate":
            self.tabs.setCurrentWidget(self._eval_holder)
            panel_widget = self.evaluate
            baseline = str(options.get("baseline") or "")
            boxes = {"bm25": panel_widget.rag, "rag": panel_widget.rag, "retrieval": panel_widget.rag,
                     "zero-shot": panel_widget.zero_shot, "few-shot": panel_widget.few_shot}
            if baseline in boxes:
                boxes[baseline].setChecked(True)
                boxes[baseline].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.tabs.setCurrentIndex(0)
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh_models(self) -> None:
        self.refresh_button.setEnabled(False)
        project = str(self.project.path) if self.project else None
        self.bridge.op("chat_models", project=project).success(self._on_models).failure(
            self._on_models_failed).run()

    def _on_models_failed(self, failure: Failure) -> None:
        self.refresh_button.setEnabled(True)
        self._say_failure(failure)

    def try_job(self, job: dict[str, Any]) -> None:
        """'Try in playground' from the Jobs view: the job's result model next to its base model."""
        self._wanted = (str(job.get("result_model") or ""), str(job.get("base_model") or ""))
        self.refresh_models()

    def evaluate_job(self, job: dict[str, Any]) -> None:
        """'Evaluate…' from the Jobs view: the Evaluate tab with the job's result model against its base (on the
        project's test split, or the job's validation file when the project has none)."""
        self.try_job(job)
        self.tabs.setCurrentWidget(self._eval_holder)
        self._eval_wanted = (str(job.get("result_model") or ""), str(job.get("base_model") or ""),
                             str((job.get("params") or {}).get("validation_file") or ""))

    def _select_model(self, picker: ModelPicker, model: str) -> bool:
        for i in range(picker.count()):
            data = picker.itemData(i)
            if isinstance(data, dict) and data.get("model") == model:
                picker.setCurrentIndex(i)
                return True
        return False

    def _on_models(self, result: dict[str, Any]) -> None:
        self.refresh_button.setEnabled(True)
        self.models = list(result.get("models") or [])
        first = self.picker_a.target() is None
        self.picker_a.set_models(self.models, "base")
        self.picker_b.set_models(self.models, "tuned")
        if first:  # the first list: A is the model B was tuned from, when it is listed
            index = base_index(self.models, self.picker_b.target())
            if index >= 0:
                self.picker_a.setCurrentIndex(index)
        wanted, self._wanted = getattr(self, "_wanted", None), None
        if wanted:
            tuned, base = wanted
            if self._select_model(self.picker_b, tuned):
                self._select_model(self.picker_a, base)
                self.side_by_side.setChecked(True)
        if self._evaluate is not None:
            self._evaluate.set_models(self.models)
        eval_wanted, self._eval_wanted = getattr(self, "_eval_wanted", None), None
        if eval_wanted:
            tuned, base, validation = eval_wanted
            self.evaluate.select_pair(base, tuned)
            if not self.evaluate.data.text().strip() and validation:
                self.evaluate.data.setText(validation)
        notes = result.get("notes") or []
        if notes:
            self.status.setText(self.tr("Some models could not be listed: {0}").format("; ".join(notes)))
        self._update_headers()

    def shutdown(self) -> None:
        """The window is closing: the chat clients and the local models' servers go with it."""
        self._close_clients()

    def _close_clients(self) -> None:
        self.bridge.run_on_close("chat_close", timeout=10)
