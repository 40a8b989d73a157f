"""The local panel's "Training engine" box: the engine (auto, TRL or the lesson's AutoTrain, and why auto chose
what it chose) and each engine's managed runtime: its state (installed, device, size, outdated pins), Install /
Update / Reinstall with the sizes up front, the install's progress and its Cancel.

The runtime's state comes from the service (`runtime_status`); the install runs as a service task
(`runtime_install` with `.progress(task)`: its bar and message follow the task, Cancel cancels it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.widgets.progress import Task

ENGINES = ("trl", "autotrain")  # the engines whose runtime this box shows (the combo adds "auto")


class EngineBox(QGroupBox):
    """The engine choice and the runtimes of the engines."""

    engineChanged = Signal()
    runtimeLoaded = Signal(dict)  # runtime_status's answer (the hardware, every engine's state)

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Training engine"))
        self.bridge = bridge
        self.runtime: dict[str, Any] = {}
        self.installing: str | None = None
        self.task: Task | None = None
        v = QVBoxLayout(self)
        erow = QHBoxLayout()
        self.engine = QComboBox()
        self.engine.setObjectName("engineChoice")
        for key, words in (("auto", self.tr("auto (recommended)")), ("trl", self.tr("TRL: today's models")),
                           ("autotrain", self.tr("AutoTrain Advanced 0.8.36: the lesson's route"))):
            self.engine.addItem(words, key)
        self.engine.setToolTip(self.tr("TRL trains the models of today (Qwen3, Gemma 3, SmolLM3, ...) with current "
                                       "transformers. AutoTrain Advanced 0.8.36 is the lesson's route; it loads "
                                       "models of early 2025 and older. auto picks TRL unless an AutoTrain YAML is "
                                       "loaded."))
        self.engine.currentIndexChanged.connect(self._on_engine)
        self.lesson_button = QPushButton(self.tr("Use the lesson's AutoTrain route"))
        self.lesson_button.setObjectName("lessonRoute")
        self.lesson_button.setToolTip(self.tr("Train with AutoTrain Advanced 0.8.36 and see its YAML and command, "
                                              "as in the lesson."))
        self.lesson_button.clicked.connect(lambda: self.set_engine("autotrain"))
        erow.addWidget(QLabel(self.tr("Engine")))
        erow.addWidget(self.engine, 1)
        erow.addWidget(self.lesson_button)
        v.addLayout(erow)
        self.engine_reason = QLabel("")
        self.engine_reason.setObjectName("engineReason")
        self.engine_reason.setWordWrap(True)
        self.engine_reason.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.engine_reason)
        self.runtime_labels: dict[str, QLabel] = {}
        self.install_buttons: dict[str, QPushButton] = {}
        for name in ENGINES:
            row = QHBoxLayout()
            label = QLabel(self.tr("Checking the runtime…"))
            label.setObjectName(f"runtimeStatus_{name}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            button = QPushButton(self.tr("Install"))
            button.setObjectName(f"installRuntime_{name}")
            button.setToolTip(self.tr("Creates a Python environment of its own with PyTorch and this engine under "
                                      "fttool's data folder. Resumes if interrupted; an update keeps what still "
                                      "matches."))
            button.clicked.connect(lambda _=False, n=name: self.install_runtime(n))
            row.addWidget(label, 1)
            row.addWidget(button)
            v.addLayout(row)
            self.runtime_labels[name] = label
            self.install_buttons[name] = button
        row = QHBoxLayout()
        self.install_bar = QProgressBar()
        self.install_bar.setRange(0, 1000)
        self.install_bar.hide()
        self.install_cancel = QPushButton(self.tr("Cancel"))
        self.install_cancel.hide()
        self.install_cancel.clicked.connect(self.cancel_install)
        row.addWidget(self.install_bar, 1)
        row.addWidget(self.install_cancel)
        v.addLayout(row)
        self.install_message = QLabel("")
        self.install_message.setWordWrap(True)
        self.install_message.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.install_message)

    # -- engine ----------------------------------------------------------------------------------------
    def engine_choice(self) -> str:
        return str(self.engine.currentData() or "auto")

    def set_engine(self, name: str) -> None:
        self.engine.setCurrentIndex(max(self.engine.findData(name), 0))

    def _on_engine(self, *_: Any) -> None:
        self.lesson_button.setEnabled(self.engine_choice() != "autotrain")
        self.engineChanged.emit()

    def set_reason(self, reason: str) -> None:
        self.engine_reason.setText(reason)

    # -- runtimes --------------------------------------------------------------------------------------
    def load_runtime(self) -> None:
        self.bridge.op("runtime_status").success(self._on_runtime).failure(self._on_runtime_failed).run()

    def _runtime_text(self, st: dict[str, Any]) -> str:
        title = st.get("title") or st.get("engine_label", "")
        if st.get("installed"):
            txt = self.tr("{0}: installed, torch {1}, device {2}, {3} MB.").format(
                title, st.get("torch_version"), st.get("device"), st.get("size_mb"))
            if st.get("outdated"):
                txt += " " + self.tr("Installed from older pins (transformers {0}): update it.").format(
                    st.get("transformers_version"))
            return txt
        plan = st.get("plan") or {}
        return self.tr("{0}: not installed. About {1} MB to download, {2} MB on disk, {3} minutes or more ({4} "
                       "build of PyTorch).").format(title, plan.get("download_mb"), plan.get("disk_mb"),
                                                     plan.get("minutes"), plan.get("device", "cpu"))

    @Slot(object)
    def _on_runtime(self, st: dict[str, Any]) -> None:
        self.runtime = st
        for name, est in (st.get("engines") or {}).items():
            if name not in self.runtime_labels:
                continue
            self.runtime_labels[name].setText(self._runtime_text(est))
            button = self.install_buttons[name]
            button.setText(self.tr("Update") if est.get("outdated") else
                           self.tr("Reinstall") if est.get("installed") else self.tr("Install"))
        py = st.get("python_plan") or {}
        if py.get("code"):  # no Python 3.10-3.12 here: the download uv will make first, or what to install
            self.install_message.setText(text(py["code"], py.get("params")))
        self.runtimeLoaded.emit(st)

    def _on_runtime_failed(self, failure: Failure) -> None:
        self.runtime_labels[ENGINES[0]].setText(failure.message)

    def install_runtime(self, engine: str = "trl") -> None:
        self.installing = engine
        for b in self.install_buttons.values():
            b.setEnabled(False)
        self.install_bar.setValue(0)
        self.install_bar.show()
        self.install_cancel.show()
        self.install_message.setText("")
        self.task = Task(self.tr("Installing the training runtime"), self)
        self.task.progressed.connect(self._on_progress)
        self.bridge.op("runtime_install", engine=engine, activity_text=self.tr("Installing the training runtime")) \
            .success(self._installed).failure(self._install_failed).progress(self.task).run()

    def cancel_install(self) -> None:
        if self.task is not None:
            self.task.cancel()

    @Slot(object, object, str)
    def _on_progress(self, done: Any, total: Any, message: str) -> None:
        if not isValid(self.install_bar):
            return
        self.install_bar.setRange(0, max(int(total or 1), 1))
        self.install_bar.setValue(int(done or 0))
        self.install_message.setText(message)

    def _install_done(self) -> None:
        self.installing = None
        self.task = None
        for b in self.install_buttons.values():
            b.setEnabled(True)
        self.install_cancel.hide()
        self.install_bar.hide()

    def _installed(self, st: dict[str, Any]) -> None:
        self._install_done()
        self.install_message.setText(self.tr("Installed in {0} s ({1} MB downloaded).").format(
            st.get("install_seconds"), st.get("downloaded_mb")))
        self.load_runtime()

    def _install_failed(self, failure: Failure) -> None:
        self._install_done()
        self.install_message.setText(failure.message)
