"""The Split dialog: one dataset into the project's train, validation and test files.

Shares in percent (80/10/10 by default, they must add up to 100), a seed, "keep identical examples together", a
live count of the examples each part would get, and OK: the files are written and recorded in project.json by the
`data_split` service command (fttool/datasets/commands.py, the logic in split.py). Files that exist are replaced only after the person says
so, with their names shown. Every read and write runs off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fttool.datasets.split import DEFAULT_RATIOS, DEFAULT_SEED, PARTS
from ui.bridge import Bridge, Failure
from ui.widgets.progress import ProgressPanel, Task

PREVIEW_DELAY_MS = 150


class SplitDialog(QDialog):
    """Emits `splitStarted` when files are about to be written (the Data view closes its files), then `splitDone(result)`
    with data_split's answer, or `splitFailed()` when nothing was recorded."""

    splitStarted = Signal()
    splitDone = Signal(object)
    splitFailed = Signal()

    def __init__(self, bridge: Bridge, project_path: Path, sources: list[tuple[str, Path]], current: str = "",
                 parent: QWidget | None = None) -> None:
        """`sources`: (role, file) of the project's dataset files that exist, the one to split chosen among them
        (`current` first)."""
        super().__init__(parent)
        self.setObjectName("splitDialog")
        self.bridge = bridge
        self.project_path = Path(project_path)
        self.setWindowTitle(self.tr("Split into train, validation and test"))
        self.setMinimumWidth(520)
        self._generation = 0  # the preview answered last is the one asked last
        self._counts: dict[str, int] | None = None
        self._task: Task | None = None
        self.result_data: dict[str, Any] | None = None
        self.replace_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Split your examples into three files: one to train on, one to watch the training with (validation), "
            "and one kept aside to test the tuned model. The model never trains on the validation or test "
            "examples, so their scores are honest."))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)

        form = QFormLayout()
        self.source = QComboBox()
        self.source.setObjectName("splitSource")
        self.source.setToolTip(self.tr("The file whose examples are split. It is read whole; the three new files "
                                       "hold all of its examples."))
        roles = self._role_names()
        for role, path in sources:
            self.source.addItem(self.tr("{0}: {1}").format(roles.get(role, role), path.name), str(path))
        i = next((k for k, (role, _p) in enumerate(sources) if role == current), 0)
        self.source.setCurrentIndex(i)
        self.source.currentIndexChanged.connect(lambda _i: self.schedule_preview())
        form.addRow(self.tr("Split the examples of"), self.source)

        self.spins: dict[str, QSpinBox] = {}
        tips = {
            "train": self.tr("The share of examples the model learns from. Most of them go here."),
            "validation": self.tr("The share used to watch the training: its loss shows whether the model "
                                  "learns or only memorises. 0% makes no validation file."),
            "test": self.tr("The share kept aside to test the tuned model after training. It is never uploaded "
                            "or trained on. 0% makes no test file."),
        }
        labels = {"train": self.tr("&Train"), "validation": self.tr("&Validation"), "test": self.tr("T&est")}
        for part, share in zip(PARTS, DEFAULT_RATIOS, strict=True):
            spin = QSpinBox()
            spin.setObjectName(f"splitPercent_{part}")
            spin.setRange(0, 100)
            spin.setSuffix("%")
            spin.setValue(round(share * 100))
            spin.setToolTip(tips[part])
            spin.valueChanged.connect(lambda _v: self.schedule_preview())
            self.spins[part] = spin
            form.addRow(labels[part], spin)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("splitSum")
        self.sum_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sum_label.setWordWrap(True)
        form.addRow("", self.sum_label)

        self.seed = QSpinBox()
        self.seed.setObjectName("splitSeed")
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(DEFAULT_SEED)
        self.seed.setToolTip(self.tr("The same seed always gives the same split, so it can be made again. Change "
                                     "it for another draw of the examples."))
        self.seed.valueChanged.connect(lambda _v: self.schedule_preview())
        form.addRow(self.tr("&Seed"), self.seed)
        layout.addLayout(form)

        self.keep = QCheckBox(self.tr("&Keep identical examples together"))
        self.keep.setObjectName("splitKeepIdentical")
        self.keep.setChecked(True)
        self.keep.setToolTip(self.tr(
            "Copies of the same example all go to one part. If a copy were in train and another in test, the model "
            "would be tested on an example it has already seen (leakage), and its score would look better than "
            "it is."))
        self.keep.toggled.connect(lambda _c: self.schedule_preview())
        layout.addWidget(self.keep)

        self.preview_label = QLabel()
        self.preview_label.setObjectName("splitPreview")
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_label.setWordWrap(True)
        layout.addWidget(self.preview_label)
        self.status = QLabel()
        self.status.setObjectName("splitStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = ProgressPanel()
        layout.addWidget(self.progress)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("splitOk")
        self.ok.setText(self.tr("Split"))
        self.ok.setToolTip(self.tr("Write the files into the project and use them as its train, validation and "
                                   "test data"))
        self.buttons.accepted.connect(self.start_split)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.preview)
        self._update_sum()
        self.preview()

    def _role_names(self) -> dict[str, str]:
        return {"train": self.tr("train"), "validation": self.tr("validation"), "test": self.tr("test")}

    def _part_names(self) -> dict[str, str]:
        return {"train": self.tr("Train"), "validation": self.tr("Validation"), "test": self.tr("Test")}

    # -- the shares ---------------------------------------------------------------------------------------------
    def percents(self) -> tuple[int, int, int]:
        return (self.spins["train"].value(), self.spins["validation"].value(), self.spins["test"].value())

    def shares_ok(self) -> bool:
        p = self.percents()
        return sum(p) == 100 and p[0] > 0

    def _update_sum(self) -> bool:
        p = self.percents()
        total = sum(p)
        if total != 100:
            self.sum_label.setText(self.tr("The three parts must add up to 100% (now {0}%).").format(total))
            self.sum_label.setStyleSheet("color: #b41e1e;")
        elif p[0] == 0:
            self.sum_label.setText(self.tr("Train needs a share above 0%: it is what the model learns from."))
            self.sum_label.setStyleSheet("color: #b41e1e;")
        else:
            self.sum_label.setText(self.tr("Total: 100%"))
            self.sum_label.setStyleSheet("")
        ok = self.shares_ok()
        self.ok.setEnabled(ok and self._counts is not None and self._task is None)
        return ok

    def source_path(self) -> Path:
        return Path(str(self.source.currentData() or ""))

    def ratios(self) -> list[float]:
        return [x / 100 for x in self.percents()]

    # -- the preview ----------------------------------------------------------------------------------------------
    def schedule_preview(self) -> None:
        self._counts = None
        self._generation += 1
        if self._update_sum():
            self.preview_label.setText(self.tr("Counting…"))
            self._timer.start()
        else:
            self.preview_label.setText("")

    def preview(self) -> None:
        if not self._update_sum() or not self.source.count():
            return
        self._generation += 1
        gen = self._generation
        self.preview_label.setText(self.tr("Counting…"))
        self.bridge.op("data_split_preview", path=str(self.source_path()), ratios=self.ratios(),
                       seed=self.seed.value(), keep_identical=self.keep.isChecked(),
                       activity_text=self.tr("Counting the split")).success(
            lambda r: self._previewed(gen, r)).failure(lambda f: self._preview_failed(gen, f)).run()

    def _previewed(self, gen: int, result: dict[str, Any]) -> None:
        if not shiboken6.isValid(self) or gen != self._generation:
            return
        counts = dict(result.get("counts") or {})
        self._counts = counts
        names = self._part_names()
        parts = [self.tr("{0}: {1:,} examples").format(names[p], counts.get(p, 0)) for p in PARTS if p in counts]
        text = self.tr("{0} (of {1:,})").format(" · ".join(parts), int(result.get("total") or 0))
        identical = int(result.get("identical") or 0)
        if identical:
            if self.keep.isChecked():
                text += "\n" + self.tr("{0:,} examples have an identical copy; copies stay in one part.").format(
                    identical)
            else:
                text += "\n" + self.tr("{0:,} examples have an identical copy; copies may land in two parts "
                                       "(leakage).").format(identical)
        small = [names[p] for p in ("validation", "test") if p in counts and counts[p] < 5]
        if small:
            text += "\n" + self.tr("Few examples in: {0}. Their scores will be rough; a larger share or more "
                                   "examples helps.").format(", ".join(small))
        self.preview_label.setText(text)
        self.status.setText("")
        self._update_sum()

    def _preview_failed(self, gen: int, failure: Failure) -> None:
        if not shiboken6.isValid(self) or gen != self._generation:
            return
        self._counts = None
        self.preview_label.setText(failure.message)
        self._update_sum()

    # -- OK ---------------------------------------------------------------------------------------------------------
    def start_split(self) -> None:
        if not self.shares_ok() or self._counts is None or self._task is not None:
            return
        self.ok.setEnabled(False)
        self.bridge.op("data_split_targets", project=str(self.project_path), source=str(self.source_path()),
                       ratios=self.ratios()).success(self._targets).failure(self._split_failed).run()

    def _targets(self, existing: list[str]) -> None:
        if not shiboken6.isValid(self):
            return
        if existing:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Replace these files?"), self.tr(
                "These files already exist and will be replaced by the split:\n\n{0}\n\nThe examples of the file "
                "you split are all in the new files; if it is one of them, a copy of it is kept first "
                "(.before-split.jsonl).").format("\n".join(existing)),
                QMessageBox.StandardButton.NoButton, self)
            box.setObjectName("splitReplace")
            replace = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.AcceptRole)
            replace.setObjectName("splitReplaceYes")
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # replacing files is the choice made on purpose
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.replace_box = box
            box.buttonClicked.connect(lambda b: self._replace_answered(b is replace))
            box.open()
            return
        self._run(overwrite=False)

    def _replace_answered(self, yes: bool) -> None:
        if not shiboken6.isValid(self):
            return
        self.replace_box = None
        if yes:
            self._run(overwrite=True)
        else:
            self._update_sum()

    def _run(self, overwrite: bool) -> None:
        self.splitStarted.emit()
        task = self._task = self.progress.start(self.tr("Splitting {0}").format(self.source_path().name))
        self.ok.setEnabled(False)
        for w in (*self.spins.values(), self.seed, self.keep, self.source):
            w.setEnabled(False)
        self.bridge.op("data_split", project=str(self.project_path), source=str(self.source_path()),
                       ratios=self.ratios(), seed=self.seed.value(), keep_identical=self.keep.isChecked(),
                       overwrite=overwrite, activity_text=self.tr("Splitting {0}").format(self.source_path().name)
                       ).success(lambda r: self._split_done(task, r)).failure(
            lambda f: self._split_failed(f, task)).progress(task).run()

    def _split_done(self, task: Task, result: dict[str, Any]) -> None:
        if not shiboken6.isValid(self):
            return
        self._task = None
        self.result_data = result
        self.splitDone.emit(result)
        self.accept()

    def _split_failed(self, failure: Failure, task: Task | None = None) -> None:
        """Asking for the targets failed, or the split itself did (`task`: it had started; its row is gone)."""
        if not shiboken6.isValid(self):
            return
        started = task is not None
        self._task = None
        for w in (*self.spins.values(), self.seed, self.keep, self.source):
            w.setEnabled(True)
        self.status.setText(self.tr("Cancelled: the project still uses its earlier files.")
                            if failure.cancelled else failure.message)
        self._update_sum()
        if started:
            self.splitFailed.emit()

    def reject(self) -> None:
        if self._task is not None:  # Cancel while writing: stop the work, keep the dialog until it has stopped
            self._task.cancel()
            return
        super().reject()
