"""Playground: chat with a model, or with two side by side (typically base and tuned), blind if you like; keep a
good conversation as a training example; and evaluate models on held-out data (ui/views/playground_eval.py).

Every request runs on the job service (fttool/chat/service.py). Streamed pieces come back batched on the
service thread (at most one call per 30 ms per stream) and cross to the GUI thread as a queued signal of
StreamRelay, so two streams never flood the GUI thread; each batch is one insert at the end of a text view."""

from __future__ import annotations

import concurrent.futures
import random
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fttool.project import Project
from ui.bridge import Bridge
from ui.itemmodels.jobs import looks_like_path, short_model_name
from ui.views.base import View


class StreamRelay(QObject):
    """Carries batched answer pieces from the service thread to the GUI thread (queued)."""

    delta = Signal(int, str)  # stream id, text

    def sender_for(self, stream_id: int) -> Any:
        return lambda text: self.delta.emit(stream_id, text)


@dataclass
class Turn:
    user: str
    answers: dict[int, str] = field(default_factory=dict)  # picker index (0 = A, 1 = B) -> answer text
    meta: dict[int, dict[str, Any]] = field(default_factory=dict)  # usage, cost, latency, error
    chosen: int | None = None


def base_index(models: list[dict[str, Any]], tuned: dict[str, Any] | None) -> int:
    """The index in `models` of the model `tuned` was made from (its "base" entry, from chat_models): the same
    model at the same place first, then the same name on the same backend, then the same name; -1 if absent."""
    if not isinstance(tuned, dict):
        return -1
    entry = next((m for m in models if m.get("target") == tuned), None)
    base = (entry or {}).get("base")
    if not isinstance(base, dict) or not base.get("model"):
        return -1
    targets = [m.get("target") or {} for m in models]
    for same in (lambda t: all(t.get(k) == v for k, v in base.items() if k != "label" and v),
                 lambda t: t.get("model") == base["model"] and t.get("backend") == base.get("backend"),
                 lambda t: t.get("model") == base["model"]):
        index = next((i for i, t in enumerate(targets) if t is not tuned and t != tuned and same(t)), -1)
        if index >= 0:
            return index
    return -1


def model_title(entry: dict[str, Any]) -> str:
    """What a model list shows for one entry of chat_models: a tuned model by its job's name, a local model by
    its folder name; the full path goes in the tooltip (model_tip). The service's English "(local)" is dropped
    and the other backends' names are given as the Jobs view gives them."""
    from fttool.jobs.record import clean_job_name
    from ui.itemmodels.jobs import backend_text, job_display_name

    job = entry.get("job") if isinstance(entry.get("job"), dict) else None
    target = entry.get("target") or {}
    model = str(target.get("model") or "")
    backend = str(target.get("backend") or "")
    label = str(entry.get("label") or target.get("label") or model)
    if job is not None and clean_job_name(str(job.get("name") or "")):
        return job_display_name(job)
    if job is not None:  # a job with no name: a path gives way to the job's made-up name, an id stays
        return job_display_name(job) if looks_like_path(model) else model
    if backend in ("local", "hf", "together") and label in (model, f"{model} ({backend})"):
        name = short_model_name(model)
        return name if backend == "local" else f"{name} ({backend_text(backend)})"
    if looks_like_path(model):
        return short_model_name(model)
    return label


def model_tip(entry: dict[str, Any]) -> str:
    """The tooltip of a model in a list: where it is (the full path or id)."""
    target = entry.get("target") or {}
    return str(target.get("model") or entry.get("label") or "")


def model_title_for(models: list[dict[str, Any]], model: str) -> str:
    """The title of the model called `model` (its target's model, as an evaluation's results name it)."""
    entries = [m for m in models if (m.get("target") or {}).get("model") == model]
    entry = next((m for m in entries if m.get("job")), entries[0] if entries else None)
    return model_title(entry) if entry is not None else short_model_name(model)


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it is narrower than its text (text() stays whole); the whole text
    is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # a long model name must not widen the window: the label shrinks, the full name is in the tooltip
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def elided(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), self.elided())


class ModelPicker(QComboBox):
    """Base models, tuned models of succeeded jobs and their checkpoints, models from accounts and servers:
    each by a short name (model_title), its full path or id in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumContentsLength(18)  # names are short now (model_title); a long one elides
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hint = ""
        self.currentIndexChanged.connect(self._update_tip)

    def setToolTip(self, tip: str) -> None:
        self.hint = tip
        self._update_tip()

    def _update_tip(self, *_: Any) -> None:
        where = self.itemData(self.currentIndex(), Qt.ItemDataRole.ToolTipRole) if self.currentIndex() >= 0 else None
        super().setToolTip("\n".join(t for t in (self.hint, str(where or "")) if t))

    def set_models(self, models: list[dict[str, Any]], prefer_group: str | None = None) -> None:
        current = self.target()
        self.blockSignals(True)
        self.clear()
        for m in models:
            group = self.group_name(m["group"])
            self.addItem(f"{group} · {model_title(m)}", m["target"])
            self.setItemData(self.count() - 1, model_tip(m), Qt.ItemDataRole.ToolTipRole)
        self.blockSignals(False)
        index = -1
        if current is not None:
            index = next((i for i in range(self.count()) if self.itemData(i) == current), -1)
        if index < 0 and prefer_group:
            index = next((i for i, m in enumerate(models) if m["group"] == prefer_group), -1)
        self.setCurrentIndex(max(index, 0))
        self._update_tip()

    def group_name(self, group: str) -> str:
        names = {"base": self.tr("Base"), "tuned": self.tr("Tuned"), "checkpoint": self.tr("Checkpoint"),
                 "account": self.tr("Account"), "server": self.tr("Server")}
        return names.get(group, group)

    def target(self) -> dict[str, Any] | None:
        data = self.currentData()
        return dict(data) if isinstance(data, dict) else None


class AnswerColumn(QWidget):
    """One model's side of the conversation."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.header = ElidedLabel()
        self.header.setObjectName(f"columnHeader{index}")
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.header.setMinimumWidth(60)
        head.addWidget(self.header, 1)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName(f"copyAnswer{index}")
        self.copy_button.setToolTip(self.tr("Copy the last answer to the clipboard"))
        head.addWidget(self.copy_button)
        self.better_button = QPushButton(self.tr("This one is better"))
        self.better_button.setObjectName(f"better{index}")
        self.better_button.setToolTip(self.tr("Choose this answer: it is kept for the next turns and for "
                                              "'Save as training example'; in blind mode it reveals the models"))
        head.addWidget(self.better_button)
        lay.addLayout(head)
        self.view = QPlainTextEdit()
        self.view.setObjectName(f"transcript{index}")
        self.view.setReadOnly(True)
        self.view.setUndoRedoEnabled(False)
        self.view.setPlaceholderText(self.tr("Answers appear here as they are written."))
        lay.addWidget(self.view, 1)
        self.stats = QLabel()
        self.stats.setObjectName(f"answerStats{index}")
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.stats)
        self._bold = QTextCharFormat()
        self._bold.setFontWeight(QFont.Weight.Bold)
        self._plain = QTextCharFormat()

    def _insert(self, text: str, bold: bool = False) -> None:
        cursor = self.view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text, self._bold if bold else self._plain)

    def render(self, turns: list[Turn], you: str, assistant: str) -> None:
        self.view.clear()
        for i, t in enumerate(turns):
            if i:
                self._insert("\n\n")
            self._insert(you + "\n", bold=True)
            self._insert(t.user + "\n\n")
            self._insert(assistant + "\n", bold=True)
            self._insert(t.answers.get(self.index, ""))
            err = t.meta.get(self.index, {}).get("error")
            if err:
                self._insert("\n" + err)
        self.view.moveCursor(QTextCursor.MoveOperation.End)

    def append(self, text: str) -> None:
        bar = self.view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        self._insert(text)
        if at_end:
            bar.setValue(bar.maximum())


class PlaygroundView(View):
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

    def title(self) -> str:
        return self.tr("Playground")

    @property
    def evaluate(self) -> Any:
        """The Evaluate panel, built on first use with the project and models it has missed."""
        if self._evaluate is None:
            from ui.views.playground_eval import EvaluatePanel

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
            self.bridge.run("common_system_prompt", project=str(project.path),
                            on_success=partial(self._on_common_system, project), on_failure=lambda exc: None)

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
        self.bridge.run("chat_models", project=project, on_success=self._on_models,
                        on_failure=lambda exc: self.refresh_button.setEnabled(True))

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

    # -- modes -----------------------------------------------------------------------------------------------
    def active_columns(self) -> list[int]:
        return [0, 1] if self.side_by_side.isChecked() else [0]

    def _mode_changed(self) -> None:
        two = self.side_by_side.isChecked()
        self.model_label.setText(self.tr("A:") if two else self.tr("Model:"))
        self.picker_b.setEnabled(two)
        self.blind.setEnabled(two)
        self.columns[1].setVisible(two)
        for c in self.columns:
            c.better_button.setVisible(two)
        self.order = [0, 1]
        if two and self.blind.isChecked():
            random.shuffle(self.order)
        self.revealed = False
        self._update_headers()

    def blind_active(self) -> bool:
        return self.side_by_side.isChecked() and self.blind.isChecked() and not self.revealed

    def picker_for_column(self, column: int) -> ModelPicker:
        return self.picker_a if self.order[column] == 0 else self.picker_b

    def _update_stats(self) -> None:
        """Tokens, cost and time of the last answers; hidden in blind mode (a price would give the model away)."""
        last = self.turns[-1] if self.turns else None
        for c in self.columns:
            meta = last.meta.get(c.index) if last else None
            if not meta:
                c.stats.clear()
            elif meta.get("error"):
                c.stats.setText(meta["error"])
            elif self.blind_active():
                c.stats.setText(self.tr("(hidden until you pick the better answer)"))
            else:
                c.stats.setText(self.describe_answer(meta))

    def letter(self, column: int) -> str:
        """A or B: the picker the column's model comes from (the names the tally uses)."""
        return "AB"[self.order[column]]

    def model_name(self, column: int) -> str:
        """The column's model by the name the pickers show (a job's name, a folder's name)."""
        target = self.picker_for_column(column).target() or {}
        entry = next((m for m in self.models if m.get("target") == target), None)
        if entry is not None:
            return model_title(entry)
        return str(target.get("label") or target.get("model") or self.tr("No model"))

    def _update_headers(self) -> None:
        two = self.side_by_side.isChecked()
        for c in self.columns:
            if self.blind_active():
                c.header.setText(self.tr("Model {0}").format(c.index + 1))
            elif two:
                c.header.setText(self.tr("{0} · {1}").format(
                    self.letter(c.index), self.picker_for_column(c.index).currentText() or self.tr("No model")))
            else:
                c.header.setText(self.picker_for_column(c.index).currentText() or self.tr("No model"))
            where = self.picker_for_column(c.index).itemData(self.picker_for_column(c.index).currentIndex(),
                                                             Qt.ItemDataRole.ToolTipRole)
            c.header.setToolTip(c.header.text() if self.blind_active() or not where
                                else f"{c.header.text()}\n{where}")
        self._update_stats()

    # -- conversation ---------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self.streams)

    def sampling(self) -> dict[str, Any]:
        stops = [s for s in self.stop_sequences.toPlainText().splitlines() if s][:4]
        return {"temperature": self.temperature.value(), "max_tokens": self.max_tokens.value(), "stop": stops}

    def messages_for(self, column: int, upto: int) -> list[dict[str, Any]]:
        """What column `column`'s model is sent for turn `upto`: the system prompt, earlier turns with the chosen
        answer (or its own), and this turn's message."""
        msgs: list[dict[str, Any]] = []
        system = self.system.toPlainText().strip()
        if system:
            msgs.append({"role": "system", "content": system})
        for t in self.turns[:upto]:
            msgs.append({"role": "user", "content": t.user})
            answer = t.answers.get(t.chosen if t.chosen is not None else column, "")
            msgs.append({"role": "assistant", "content": answer})
        msgs.append({"role": "user", "content": self.turns[upto].user})
        return msgs

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.busy:
            return
        if self.picker_a.target() is None:
            self.status.setText(self.tr("Choose a model first."))
            return
        self.turns.append(Turn(user=text))
        self.input.clear()
        self._rerender()
        self._start_turn(len(self.turns) - 1)

    def _start_turn(self, turn: int) -> None:
        for column in self.active_columns():
            target = self.picker_for_column(column).target()
            if target is None:
                continue
            if target.get("backend") == "local":
                self.status.setText(self.tr("Starting the local model: the first answer waits until it has "
                                            "loaded."))
                self._loading_note = True
            sid = self._next_stream
            self._next_stream += 1
            self.streams[sid] = (column, turn)
            self.turns[turn].answers[column] = ""
            self.futures[sid] = self.bridge.run(
                "chat_send", target=target, messages=self.messages_for(column, turn), sampling=self.sampling(),
                on_delta=self.relay.sender_for(sid), on_success=partial(self._on_done, sid),
                on_failure=partial(self._on_failed, sid))
        self._update_buttons()

    @Slot(int, str)
    def _on_delta(self, sid: int, text: str) -> None:
        where = self.streams.get(sid)
        if where is None:  # stopped or cleared
            return
        column, turn = where
        self._clear_loading_note()
        self.turns[turn].answers[column] = self.turns[turn].answers.get(column, "") + text
        if turn == len(self.turns) - 1:
            self.columns[column].append(text)

    def _on_done(self, sid: int, answer: dict[str, Any]) -> None:
        where = self.streams.pop(sid, None)
        self.futures.pop(sid, None)
        if where is None:
            return
        column, turn = where
        self._clear_loading_note()
        t = self.turns[turn]
        t.meta[column] = answer
        if t.answers.get(column) != answer.get("text"):
            t.answers[column] = answer.get("text") or ""
            self._rerender()
        self._update_stats()
        self._update_buttons()

    def _on_failed(self, sid: int, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        where = self.streams.pop(sid, None)
        self.futures.pop(sid, None)
        if where is None:
            return
        column, turn = where
        self._clear_loading_note()
        message, _ = describe(exc)
        self.turns[turn].meta[column] = {"error": message}
        self.columns[column].stats.setText(message)
        self._rerender()
        self._update_buttons()

    def _clear_loading_note(self) -> None:
        """The answers are coming (or failed): the model has loaded, the note is no longer true."""
        if self._loading_note:
            self._loading_note = False
            self.status.clear()

    def describe_answer(self, a: dict[str, Any]) -> str:
        parts = []
        if a.get("prompt_tokens") is not None:
            parts.append(self.tr("{0} + {1} tokens").format(a["prompt_tokens"], a.get("completion_tokens")))
        if a.get("cost_usd") is not None:
            parts.append(self.tr("${0:.6f}").format(a["cost_usd"]))
        parts.append(self.tr("{0:.0f} ms").format(a.get("latency_ms") or 0))
        if a.get("finish_reason") == "length":
            parts.append(self.tr("cut at the token limit"))
        return " · ".join(parts)

    def stop(self) -> None:
        self._clear_loading_note()
        for sid, fut in list(self.futures.items()):
            fut.cancel()
            column, turn = self.streams.get(sid, (None, None))
            if column is not None and turn is not None:
                self.turns[turn].meta[column] = {"error": self.tr("[stopped]")}
        self.futures.clear()
        self.streams.clear()
        self._rerender()
        self._update_buttons()

    def regenerate(self) -> None:
        if self.busy or not self.turns:
            return
        last = self.turns[-1]
        last.answers.clear()
        last.meta.clear()
        last.chosen = None
        self._update_stats()
        self._rerender()
        self._start_turn(len(self.turns) - 1)

    def clear(self) -> None:
        self.stop()
        self.turns.clear()
        for c in self.columns:
            c.stats.clear()
        self._mode_changed()
        self._rerender()
        self.status.clear()

    def copy_answer(self, column: int) -> None:
        if self.turns:
            QGuiApplication.clipboard().setText(self.turns[-1].answers.get(column, ""))
            self.status.setText(self.tr("Copied the answer."))

    def pick(self, column: int) -> None:
        if not self.turns or self.busy:
            return
        self.turns[-1].chosen = column
        picker = self.order[column]
        self.preferences[picker] += 1
        was_blind = self.blind_active()
        self.revealed = True
        self._update_headers()
        name = self.model_name(column)
        letter = self.letter(column)
        if was_blind:
            self.status.setText(self.tr("You preferred Model {0}: it was {1} · {2}. Preferences so far: A {3}, "
                                        "B {4}.").format(column + 1, letter, name, self.preferences[0],
                                                         self.preferences[1]))
        else:
            self.status.setText(self.tr("Chose {0} · {1}. Preferences so far: A {2}, B {3}.")
                                .format(letter, name, self.preferences[0], self.preferences[1]))

    def _rerender(self) -> None:
        you, model = self.tr("You"), self.tr("Assistant")
        for c in self.columns:
            c.render(self.turns, you, model)

    def _update_buttons(self) -> None:
        busy = self.busy
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.regen_button.setEnabled(not busy and bool(self.turns))
        self.save_button.setEnabled(not busy and bool(self.turns))
        for c in self.columns:
            c.better_button.setEnabled(not busy and bool(self.turns))

    # -- training example -----------------------------------------------------------------------------------
    def example(self) -> dict[str, Any]:
        msgs: list[dict[str, Any]] = []
        system = self.system.toPlainText().strip()
        if system:
            msgs.append({"role": "system", "content": system})
        for t in self.turns:
            msgs.append({"role": "user", "content": t.user})
            msgs.append({"role": "assistant", "content": t.answers.get(t.chosen if t.chosen is not None else 0, "")})
        return {"messages": msgs}

    def save_example(self) -> None:
        if not self.turns or self.project is None:
            return
        if self.side_by_side.isChecked() and self.turns[-1].chosen is None:
            self.status.setText(self.tr("Pick the better answer first: that is the one the example keeps."))
            return
        if self.review_dialog is not None:
            self.review_dialog.raise_()
            return
        self._open_review(self.example())

    def _open_review(self, example: dict[str, Any], error: str = "") -> None:
        from ui.widgets.review_example_dialog import ReviewExampleDialog

        dialog = ReviewExampleDialog(example, self.answer_source(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if error:
            dialog.error.setText(error)
            dialog.error.setVisible(True)
        dialog.accepted.connect(partial(self._review_accepted, dialog))
        dialog.finished.connect(self._review_closed)
        self.review_dialog = dialog
        dialog.open()

    def answer_source(self) -> str:
        """Which model wrote the answer the example keeps (the last turn's chosen one)."""
        last = self.turns[-1] if self.turns else None
        column = last.chosen if last is not None and last.chosen is not None else 0
        name = self.model_name(column)
        if not self.side_by_side.isChecked():
            return self.tr("Answer from {0}").format(name)
        return self.tr("Answer from Model {0}: {1}").format(self.letter(column), name)

    def _review_accepted(self, dialog: Any) -> None:
        example = dialog.example()
        if example is None or self.project is None:
            return
        source = self.answer_source()
        self.status.setText(self.tr("Saving…"))
        self.bridge.run("save_training_example", project=str(self.project.path), example=example,
                        on_success=partial(self._on_saved, example, source),
                        on_failure=partial(self._on_review_save_failed, example))

    def _on_review_save_failed(self, example: dict[str, Any], exc: BaseException) -> None:
        """The file refused it (not valid, read-only project): the dialog again, with the edits and the reason."""
        import shiboken6

        from ui.widgets.error_dialog import describe

        if not shiboken6.isValid(self):
            return
        message, _ = describe(exc)
        self.status.setText(message)
        if self.review_dialog is None:
            self._open_review(example, message)

    def _review_closed(self, result: int) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        if self.review_dialog is not None and result != 1:
            self.status.setText(self.tr("Not saved: the example was not added to the training data."))
        self.review_dialog = None

    def undo_save(self) -> None:
        if self._saved_example is None or self.project is None:
            return
        example, self._saved_example = self._saved_example, None
        self.undo_save_button.setVisible(False)
        self.bridge.run("undo_training_example", project=str(self.project.path), example=example,
                        on_success=self._on_undone, on_failure=self._on_save_failed)

    def _on_undone(self, result: dict[str, Any]) -> None:
        import shiboken6

        if shiboken6.isValid(self):
            self.status.setText(self.tr("The example was taken out again."))

    def _on_saved(self, example: dict[str, Any], source: str, result: dict[str, Any]) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        self._saved_example = example
        self.undo_save_button.setVisible(True)
        warnings = [w["message"] for w in result.get("warnings") or []]
        text = self.tr("Saved as line {0} of {1} ({2}). 'Undo save' takes it out again.").format(
            result["line"], result["path"], source)
        if warnings:
            text += " " + self.tr("Warnings: {0}").format("; ".join(warnings))
        self.status.setText(text)

    def _on_save_failed(self, exc: BaseException) -> None:
        from ui.widgets.error_dialog import describe

        message, _ = describe(exc)
        self.status.setText(message)

    def shutdown(self) -> None:
        """The window is closing: the chat clients and the local models' servers go with it."""
        self._close_clients()

    def _close_clients(self) -> None:
        if self.bridge.service.running:
            try:
                self.bridge.service.call("chat_close", timeout=10)
            except Exception:  # quitting: nothing left to tell
                pass
