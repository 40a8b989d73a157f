"""Two dialogs that show a guess before it is used: the table import (encoding, delimiter, which column holds
what, with the first rows as they will be read) and "Re-encode to UTF-8" (the lines it changes, as they will
read). A wrong guess shows as garbled text or one wide column, and the person changes it before anything is
written. The core does the reading (data_columns, data_reencode_plan on the job service)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure
from ui.views.base import plain_labels


# codec name -> what a person knows it as (in their language: the names go through the catalog)
def encodings() -> list[tuple[str, str]]:
    from PySide6.QtCore import QCoreApplication

    return [
        ("utf-8", QCoreApplication.translate("Encodings", "UTF-8")),
        ("utf-8-sig", QCoreApplication.translate("Encodings", "UTF-8 with BOM")),
        ("utf-16", QCoreApplication.translate("Encodings", "UTF-16 (Excel \"Unicode text\")")),
        ("cp1252", QCoreApplication.translate("Encodings", "Western European (Windows-1252)")),
        ("cp1250", QCoreApplication.translate("Encodings", "Central European (Windows-1250)")),
        ("cp1251", QCoreApplication.translate("Encodings", "Cyrillic (Windows-1251)")),
        ("koi8_r", QCoreApplication.translate("Encodings", "Cyrillic (KOI8-R)")),
        ("cp1253", QCoreApplication.translate("Encodings", "Greek (Windows-1253)")),
        ("cp1254", QCoreApplication.translate("Encodings", "Turkish (Windows-1254)")),
        ("cp1255", QCoreApplication.translate("Encodings", "Hebrew (Windows-1255)")),
        ("cp1256", QCoreApplication.translate("Encodings", "Arabic (Windows-1256)")),
        ("cp1257", QCoreApplication.translate("Encodings", "Baltic (Windows-1257)")),
        ("cp1258", QCoreApplication.translate("Encodings", "Vietnamese (Windows-1258)")),
        ("cp874", QCoreApplication.translate("Encodings", "Thai (Windows-874)")),
        ("gb18030", QCoreApplication.translate("Encodings", "Chinese Simplified (GBK / GB18030)")),
        ("big5", QCoreApplication.translate("Encodings", "Chinese Traditional (Big5)")),
        ("shift_jis", QCoreApplication.translate("Encodings", "Japanese (Shift JIS)")),
        ("euc_jp", QCoreApplication.translate("Encodings", "Japanese (EUC-JP)")),
        ("euc_kr", QCoreApplication.translate("Encodings", "Korean (EUC-KR)")),
    ]


def encoding_box(current: str | None, tooltip: str) -> QComboBox:
    box = QComboBox()
    for codec, label in encodings():
        box.addItem(label, codec)
    if current and box.findData(current) < 0:
        box.addItem(current, current)
    if current:
        box.setCurrentIndex(box.findData(current))
    box.setToolTip(tooltip)
    return box


class TableImportDialog(QDialog):
    """Encoding, delimiter and the question/answer columns of a CSV/TSV (or the columns of a Parquet file), with
    the first rows as fttool will read them."""

    def __init__(self, bridge: Bridge, path: str, info: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.path = path
        self.setWindowTitle(self.tr("Import a table"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.is_text = "encoding" in info
        self.encoding = encoding_box(info.get("encoding"), self.tr(
            "How the file's text is stored. If the preview shows odd characters, try another."))
        self.encoding.setObjectName("importEncoding")
        self.delimiter = QComboBox()
        self.delimiter.setObjectName("importDelimiter")
        for sep, label in ((",", self.tr("Comma (,)")), (";", self.tr("Semicolon (;)")), ("\t", self.tr("Tab")),
                           ("|", self.tr("Vertical bar (|)"))):
            self.delimiter.addItem(label, sep)
        self.delimiter.setToolTip(self.tr("What separates the columns. Excel uses a semicolon where a comma is "
                                          "the decimal separator."))
        self.guess_note = QLabel()
        self.guess_note.setObjectName("importGuessNote")
        self.guess_note.setWordWrap(True)
        if self.is_text:
            form.addRow(self.tr("Encoding"), self.encoding)
            form.addRow(self.tr("Delimiter"), self.delimiter)
            form.addRow(self.guess_note)
        self.combos: dict[str, QComboBox] = {}
        labels = {"system": self.tr("System prompt (optional)"), "user": self.tr("Question (user)"),
                  "assistant": self.tr("Answer (assistant)")}
        for role in ("system", "user", "assistant"):
            c = QComboBox()
            c.setObjectName(f"importColumn_{role}")
            self.combos[role] = c
            form.addRow(labels[role], c)
        layout.addLayout(form)
        self.table = QTableWidget()
        self.table.setObjectName("importPreview")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(QLabel(self.tr("The first rows, as they will be read:")))
        layout.addWidget(self.table, 1)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        plain_labels(self)  # the notes show the file's own words (errors naming it)
        self.show_info(info)
        self.encoding.currentIndexChanged.connect(self.reread)
        self.delimiter.currentIndexChanged.connect(self.reread)

    def reread(self) -> None:
        """Read the preview again with the chosen encoding and delimiter (on the job service)."""
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.guess_note.setText(self.tr("Reading…"))
        self.bridge.op("data_columns", path=self.path, encoding=self.encoding.currentData(),
                       delimiter=self.delimiter.currentData()).success(self.show_info).failure(self._failed).run()

    def _failed(self, failure: Failure) -> None:
        self.guess_note.setText(failure.message)
        self.table.clear()
        self.table.setRowCount(0)

    def show_info(self, info: dict[str, Any]) -> None:
        columns = list(info.get("columns") or [])
        for w in (self.encoding, self.delimiter):
            w.blockSignals(True)
        if info.get("encoding"):
            idx = self.encoding.findData(info["encoding"])
            if idx < 0:
                self.encoding.addItem(info["encoding"], info["encoding"])
                idx = self.encoding.count() - 1
            self.encoding.setCurrentIndex(idx)
        if info.get("delimiter"):
            self.delimiter.setCurrentIndex(max(0, self.delimiter.findData(info["delimiter"])))
        for w in (self.encoding, self.delimiter):
            w.blockSignals(False)
        if info.get("encoding_guessed"):
            self.guess_note.setText(self.tr("The encoding is a guess: check that the preview reads right."))
        else:
            self.guess_note.setText("")
        self._fill_columns(columns)
        rows = info.get("rows") or []
        self.table.clear()
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells[:len(columns)]):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(len(columns) >= 2)

    def _fill_columns(self, columns: list[str]) -> None:
        guesses = {"system": ("system", "system_prompt", "system prompt", "instructions", "persona"),
                   "user": ("question", "prompt", "user", "input", "instruction", "query", "human", "q"),
                   "assistant": ("answer", "response", "completion", "assistant", "output", "reply", "gpt", "a")}
        for role, c in self.combos.items():
            c.clear()
            if role == "system":
                c.addItem(self.tr("(none)"), "")
            for col in columns:
                c.addItem(col, col)
            for col in columns:
                if col.strip().lower() in guesses[role]:
                    c.setCurrentIndex(c.findData(col))
                    break
            else:
                if role != "system" and columns:
                    c.setCurrentIndex(min(len(columns) - 1, 0 if role == "user" else 1))

    def mapping(self) -> dict[str, str]:
        m = {role: c.currentData() for role, c in self.combos.items() if c.currentData()}
        if self.is_text:
            m["encoding"] = self.encoding.currentData()
            m["delimiter"] = self.delimiter.currentData()
        return m


class ReencodeDialog(QDialog):
    """The lines "Re-encode to UTF-8" would change, as they would read, with the encoding to read them in."""

    def __init__(self, bridge: Bridge, path: str, plan: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.path = path
        self.setWindowTitle(self.tr("Re-encode to UTF-8"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("reencodeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.encoding = encoding_box(plan.get("encoding"), self.tr(
            "The encoding the lines that are not UTF-8 were saved in. If the preview shows odd characters, try "
            "another."))
        self.encoding.setObjectName("reencodeEncoding")
        form.addRow(self.tr("Read those lines as"), self.encoding)
        layout.addLayout(form)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("reencodePreview")
        self.preview.setReadOnly(True)
        layout.addWidget(self.preview, 1)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.box.addButton(self.tr("Re-encode"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("reencodeApply")
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        plain_labels(self)
        self.show_plan(plan)
        self.encoding.currentIndexChanged.connect(self.reread)

    def reread(self) -> None:
        self.apply_button.setEnabled(False)
        self.bridge.op("data_reencode_plan", path=self.path, encoding=self.encoding.currentData()).success(
            self.show_plan).failure(lambda f: self.summary.setText(f.message)).run()

    def show_plan(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        n = int(plan.get("changed_lines", 0))
        if plan.get("guessed"):
            text = self.tr("Lines that are not UTF-8: {0}. They look like the encoding below (a guess): check that "
                           "they read right before you re-encode.").format(n)
        else:
            text = self.tr("Lines that change: {0}. Check that they read right before you re-encode.").format(n)
        self.summary.setText(text)
        self.preview.setPlainText("\n".join(self.tr("Line {0}: {1}").format(item["line"], item["text"])
                                            for item in plan.get("preview", [])))
        self.apply_button.setEnabled(n > 0)

    def chosen_encoding(self) -> str:
        return str(self.encoding.currentData())
