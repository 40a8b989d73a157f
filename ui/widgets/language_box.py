"""The language choice in Settings: follow the system, English, or Bahasa Melayu (saved in fttool's settings;
ui/i18n.py reads it at startup)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from ui import i18n
from ui.bridge import Bridge


class LanguageBox(QGroupBox):
    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Language"))
        self.setObjectName("box_language")
        self.bridge = bridge
        form = QFormLayout(self)
        self.combo = QComboBox()
        self.combo.setObjectName("field_language")
        system = i18n.LANGUAGES.get(i18n.system_language(), "English")
        self.combo.addItem(self.tr("Follow the system ({0})").format(system), "")
        for code, name in i18n.LANGUAGES.items():
            self.combo.addItem(name, code)  # each language in its own words
        self.combo.setToolTip(self.tr("The language of fttool's windows, messages and reports."))
        form.addRow(self.tr("Language"), self.combo)
        self.note = QLabel()
        self.note.setObjectName("language_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.note)
        self._loading = True
        self.combo.currentIndexChanged.connect(self._chosen)
        self.bridge.op("load_settings").success(self._on_settings).failure(self._say).run()

    def _on_settings(self, values: dict[str, Any]) -> None:
        self._loading = True
        self.combo.setCurrentIndex(max(0, self.combo.findData(str(values.get("language") or ""))))
        self._loading = False

    def _say(self, failure: Any) -> None:
        self.note.setText(failure.message)

    def _chosen(self, _index: int) -> None:
        if self._loading:
            return
        code = str(self.combo.currentData() or "")
        self.bridge.op("save_settings", changes={"language": code}).failure(self._say).run()
        if i18n.chosen_language(code) != i18n.current():
            self.note.setText(self.tr("Saved. fttool shows the new language the next time it starts."))
        else:
            self.note.setText("")
