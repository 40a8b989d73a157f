"""The Data view's header: the dataset chooser and the buttons above the table, the summary line under them (the
file's figures in round numbers, the exact ones in its tooltip), the banners, and which buttons are enabled.
A mixin of DataView (it uses the view's session, model and timers); it imports no other view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fttool.datasets.session import DatasetSession


class Banner(QFrame):
    """A line across the view that says something happened and offers what to do about it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#{name} {{ background: #fff6d6; border: 1px solid #e0c46c; border-radius: 4px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self._row = row
        self.setVisible(False)

    def show_message(self, text: str, actions: list[tuple[str, Any]]) -> None:
        for b in self.buttons:
            self._row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        self.label.setText(text)
        for label, slot in actions:
            b = QPushButton(label)
            b.clicked.connect(lambda _checked=False: self.setVisible(False))
            b.clicked.connect(lambda _checked=False, f=slot: f())
            self._row.addWidget(b)
            self.buttons.append(b)
        self.setVisible(True)


def _about(n: int) -> str:
    """A count in round figures for the header: 1,018 -> "1,000", 3,054 -> "3,100" (the exact one is in the
    tooltip)."""
    if n < 100:
        return f"{n:,}"
    digits = len(str(n)) - 2
    return f"{round(n, -digits):,}"


class DataHeader:
    """The top of the Data view: its buttons, the summary line and the banners (mixed into DataView)."""

    def _build_header(self, root: QVBoxLayout) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading(self.title()))
        self.dataset_combo = QComboBox()
        self.dataset_combo.setObjectName("datasetCombo")
        self.dataset_combo.setToolTip(self.tr("The project's dataset files: train, validation, test"))
        self.dataset_combo.setMinimumWidth(200)
        self.dataset_combo.currentIndexChanged.connect(self._dataset_chosen)
        top.addWidget(self.dataset_combo)
        top.addStretch(1)

        def button(name: str, text: str, tip: str, slot: Any) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            top.addWidget(b)
            return b

        self.import_button = QToolButton()
        self.import_button.setObjectName("importButton")
        self.import_button.setText(self.tr("Import"))
        self.import_button.setToolTip(self.tr(
            "Bring examples into this project: chat JSONL, ShareGPT, prompt/completion, CSV/TSV, Parquet, Alpaca "
            "JSON, or a dataset on the Hugging Face Hub. What you pick is copied, never changed."))
        self.import_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        import_menu = QMenu(self)
        import_menu.addAction(self.tr("A file…"), self.import_dataset)
        import_menu.addAction(self.tr("From the Hugging Face Hub…"), self.import_from_hub)
        self.generate_action = import_menu.addAction(self.tr("Generate examples…"), self.generate_examples)
        self.generate_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.generate_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.generate_action.setToolTip(self.tr("A teacher model writes more examples like yours; you review "
                                                "each before it joins the train dataset (Ctrl+Shift+G)"))
        self.addAction(self.generate_action)  # the shortcut works with the menu closed
        self.import_button.setMenu(import_menu)
        top.addWidget(self.import_button)
        self.split_button = button("splitButton", self.tr("Split…"), self.tr(
            "Split the examples into train, validation and test files, with no example on two sides "
            "(Ctrl+Shift+S)"), self.split_dataset)
        self.validate_button = button("validateButton", self.tr("Validate"), self.tr(
            "Check every example: errors that stop training, warnings worth a look, tokens and cost (F5)"),
            lambda: self.validate())
        self.fix_button = QToolButton()
        self.fix_button.setObjectName("fixButton")
        self.fix_button.setText(self.tr("Fixes"))
        self.fix_button.setToolTip(self.tr("Safe changes to the whole file; each one can be undone"))
        self.fix_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.fix_menu = QMenu(self)
        self.fix_actions = {
            "duplicates": self.fix_menu.addAction(self.tr("Drop exact duplicates"), self.fix_duplicates),
            "strip": self.fix_menu.addAction(self.tr("Strip whitespace"), self.fix_strip),
            "system": self.fix_menu.addAction(self.tr("Add a default system prompt…"), self.fix_system_prompt),
            "overlong": self.fix_menu.addAction(self.tr("Drop over-long examples"), self.fix_overlong),
            "reencode": self.fix_menu.addAction(self.tr("Re-encode to UTF-8"), self.fix_reencode),
        }
        self.fix_button.setMenu(self.fix_menu)
        top.addWidget(self.fix_button)
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportButton")
        self.export_button.setText(self.tr("Export"))
        self._export_tip = self.tr("Write the saved dataset in the form a training service expects")
        self.export_button.setToolTip(self._export_tip)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self)
        for backend, label in (("openai", self.tr("For OpenAI (chat JSONL)…")),
                               ("azure", self.tr("For Azure OpenAI (JSONL)…")),
                               ("autotrain", self.tr("For AutoTrain (data folder)…"))):
            self.export_menu.addAction(label, lambda b=backend: self.export_dataset(b))
        self.export_button.setMenu(self.export_menu)
        top.addWidget(self.export_button)
        self.undo_button = button("undoButton", self.tr("Undo"), self.tr("Undo the last edit (Ctrl+Z)"), self.undo)
        self.redo_button = button("redoButton", self.tr("Redo"), self.tr(
            "Redo the edit you undid (Ctrl+Shift+Z or Ctrl+Y)"), self.redo)
        self.save_button = button("saveButton", self.tr("Save"), self.tr(
            "Write your edits to the project's file (Ctrl+S). The file is replaced in one step, so a crash never "
            "leaves half a file."), self.save)
        root.addLayout(top)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("dataSummary")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        # fixed room: new figures after a check repaint this label only, never shift the table
        self.summary_label.setFixedHeight(self.summary_label.fontMetrics().lineSpacing() * 2 + 4)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.summary_label.linkActivated.connect(self._summary_link)  # "Check again (F5)"
        root.addWidget(self.summary_label)
        self.recovery_banner = Banner("recoveryBanner")
        self.change_banner = Banner("changeBanner")
        root.addWidget(self.recovery_banner)
        root.addWidget(self.change_banner)

    # -- the words at the top ------------------------------------------------------------------------------------
    def _update_summary(self) -> None:
        session = self.session
        shown = self.model.rowCount()
        if session is None:
            self.rows_label.setText("")
            if self.project is None:
                self.summary_label.setText(self.tr("No project is open."))
            return
        total = session.overlay.row_count if session.ready else session.index.row_count
        if self.model.filtered:
            self.rows_label.setText(self.tr("{0:,} of {1:,} examples").format(shown, total))
        else:
            self.rows_label.setText(self.tr("{0:,} examples").format(total) if session.ready else
                                    self.tr("{0:,} examples so far…").format(total))
        facts = session.facts
        import html

        parts = [f"<b>{html.escape(session.path.name)}</b>"]  # a file name is text, not markup
        tips: list[str] = []  # the exact figures, in the label's tooltip
        errors, warnings = self._counts(session)
        if facts is not None and facts.report:
            rep = facts.report
            tokens = rep.get("tokens") or {}
            parts.append(self._errors_text(errors, html=True))
            parts.append(self._warnings_text(warnings))
            if tokens.get("total") is not None:
                total, median = int(tokens.get("total") or 0), int(tokens.get("median") or 0)
                parts.append(self.tr("about {0} tokens of text").format(_about(total)))
                tips.append(self.tr("{0:,} tokens in all (the pieces of words a model reads); the median example "
                                    "has {1:,}.").format(total, median))
            if rep.get("epochs"):
                epochs, billed = int(rep["epochs"]), int(tokens.get("billed") or 0)
                parts.append(self.tr("training once over it bills about {0} tokens").format(_about(billed))
                             if epochs == 1 else
                             self.tr("training {0} times over it bills about {1} tokens").format(epochs,
                                                                                                _about(billed)))
                tips.append(self.tr("Training goes over the examples {0} time(s) (epochs): {1:,} tokens are "
                                    "billed.").format(epochs, billed))
            cost = rep.get("estimated_cost_usd")
            if cost is not None:
                as_of = rep.get("price_as_of") or self._prices_date()
                parts.append(self.tr("about ${0:,.2f} to train (prices of {1})").format(cost, as_of))
            role = rep.get("role")
            if role == "validation":
                parts.append(self.tr("a validation file: no minimum size, no training cost"))
            elif role == "test":
                parts.append(self.tr("a test file: no minimum size, no training cost, never uploaded"))
            if facts.stale:
                if self._rechecking(session):
                    parts.append(self.tr("<i>checking again after your edit…</i>"))
                else:
                    parts.append(self.tr("<i>figures from the last check</i> <a href='validate'>Check again "
                                         "(F5)</a>"))
                tips.append(self.tr("You edited the file after the last check: the errors and warnings count your "
                                    "edits, the tokens and the cost are from the last check."))
        elif facts is None and session.ready:
            parts.append(self.tr("not validated yet"))
        if session.overlay.dirty:
            parts.append(self.tr("<b>unsaved edits</b> (kept safe even if the app closes)"))
            tips.append(self.tr("Every edit is written at once to a journal beside the file: if the app closes, "
                                "the next open offers your edits back. Save (Ctrl+S) writes them into the file."))
        self.summary_label.setText(" · ".join(parts))
        self.summary_label.setToolTip("\n".join(tips))
        self._update_problems_title(facts, errors, warnings)

    def _rechecking(self, session: DatasetSession) -> bool:
        """A check of the whole file is on its way (after an edit, by itself) or running."""
        return (session is self.session and self._revalidate_timer.isActive()) or \
            (session.split, "validate") in self._tasks

    def _summary_link(self, link: str) -> None:
        if link == "validate":
            self.validate()

    @staticmethod
    def _prices_date() -> str:
        try:
            from fttool.tables import prices_table

            return str(prices_table().get("as_of", "?"))
        except Exception:  # the table is the core's; a missing one only hides the date
            return "?"

    def _say(self, text: str) -> None:
        """A short note in the window's status bar (and the row count's tooltip)."""
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)
        self.rows_label.setToolTip(text)

    # -- what can be pressed ---------------------------------------------------------------------------------------
    def _update_state(self) -> None:
        session = self.session
        ready = session is not None and session.ready and not self._saving
        for w in (self.validate_button, self.fix_button, self.add_row_button, self.delete_row_button):
            w.setEnabled(ready)
        self.save_button.setEnabled(ready and session is not None and session.overlay.dirty)
        self.export_button.setEnabled(ready and session is not None and not session.overlay.dirty)
        unsaved = session is not None and session.overlay.dirty
        self.export_button.setToolTip(self.tr("Save first (Ctrl+S): Export writes the saved file, and this one has "
                                              "edits that are not saved yet.") if unsaved else self._export_tip)
        self.import_button.setEnabled(self.project is not None)
        self.split_button.setEnabled(self.project is not None and not self._saving and self.split_dialog is None)
        self.search_edit.setEnabled(session is not None and session.ready)
        self.problems_only.setEnabled(session is not None and session.facts is not None)
        if session is not None:
            self.fix_actions["reencode"].setEnabled(not session.overlay.applied)
        self._update_undo_buttons()
        self._update_summary()

    def _update_undo_buttons(self) -> None:
        """The Undo and Redo buttons follow the active dataset's undo stack and say what they would undo."""
        group, busy = self.undo_group, self._saving
        self.undo_button.setEnabled(group.canUndo() and not busy)
        self.redo_button.setEnabled(group.canRedo() and not busy)
        self.undo_button.setToolTip(self.tr("Undo: {0} (Ctrl+Z)").format(group.undoText()) if group.canUndo() else
                                    self.tr("Undo the last edit (Ctrl+Z)"))
        self.redo_button.setToolTip(self.tr("Redo: {0} (Ctrl+Shift+Z or Ctrl+Y)").format(group.redoText())
                                    if group.canRedo() else self.tr("Redo the edit you undid (Ctrl+Shift+Z or Ctrl+Y)"))
