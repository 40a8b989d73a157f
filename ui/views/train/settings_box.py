"""The local panel's "Training settings" box (the presets, the recipe's plan in plain words, the form drawn from the
local provider's descriptors, the note on what Advanced adds) and its "Configuration" box (the engine's YAML and
the equivalent command: copy, save, load)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.param_form import ParamForm

FORM_EXCLUDE = ("training_file", "validation_file", "engine")  # the panel's own fields


class SettingsBox(QGroupBox):
    """The presets, the recipe's plan and the form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Training settings"))
        self.presets: dict[str, Any] = {}
        v = QVBoxLayout(self)
        prow = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        self.apply_button = QPushButton(self.tr("Apply preset"))
        self.apply_button.setObjectName("applyPreset")
        prow.addWidget(QLabel(self.tr("Preset")))
        prow.addWidget(self.preset, 1)
        prow.addWidget(self.apply_button)
        v.addLayout(prow)
        self.form = ParamForm([], exclude=FORM_EXCLUDE)  # drawn when provider_info brings the descriptors
        self.advanced_note = QLabel("")
        self.advanced_note.setObjectName("advancedNote")
        self.advanced_note.setWordWrap(True)
        self.advanced_note.setTextFormat(Qt.TextFormat.PlainText)
        self.advanced_note.setStyleSheet("color: #666666;")
        self.advanced_note.hide()
        self.recipe_plan = QLabel("")
        self.recipe_plan.setObjectName("recipePlan")
        self.recipe_plan.setWordWrap(True)
        self.recipe_plan.setTextFormat(Qt.TextFormat.PlainText)
        self.recipe_plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipe_plan.setStyleSheet("QLabel { padding: 6px; border: 1px solid palette(mid); border-radius: 4px; }")
        v.addWidget(self.recipe_plan)
        v.addWidget(self.form)
        v.addWidget(self.advanced_note)

    def preset_label(self, key: str) -> str:
        """A preset's name in the person's language (the core's labels are English)."""
        labels = {"quick_cpu": self.tr("Quick test on this CPU"),
                  "lora_cpu": self.tr("LoRA on a CPU (small model, a few hours)"),
                  "lora_16gb_gpu": self.tr("LoRA on a 16 GB GPU"),
                  "qlora_8gb_gpu": self.tr("QLoRA on an 8 GB GPU")}
        return labels.get(key) or str(self.presets.get(key, {}).get("label", key))

    def set_presets(self, presets: dict[str, Any]) -> None:
        self.presets = dict(presets)
        self.preset.clear()
        for key in self.presets:
            self.preset.addItem(self.preset_label(key), key)

    def show_advanced_note(self, advanced: bool) -> None:
        """In Simple: how many settings Advanced adds for this engine (their defaults apply)."""
        n = self.form.advanced_count()
        self.advanced_note.setText(self.tr("{0} more settings (LoRA, lengths, precision, …) and the engine's YAML "
                                           "are in Advanced; their sensible defaults apply.").format(n))
        self.advanced_note.setVisible(not advanced and n > 0)

    def show_recipe_auto(self, auto: bool) -> None:
        self.recipe_plan.setVisible(auto)
        self.recipe_plan.setText(self.tr("Settings: auto. fttool chooses the epochs, batch, lengths and LoRA settings "
                                         "from your data and model. Run checks to see the plan and why."))

    def managed_reason(self) -> str:
        return self.tr("Chosen from your data and model (Settings: auto). Choose manual to set it yourself.")


class YamlBox(QGroupBox):
    """The engine's YAML and the command that runs it by hand; copy here, save and load through the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Configuration"))
        v = QVBoxLayout(self)
        self.yaml = QPlainTextEdit()
        self.yaml.setObjectName("yamlPreview")
        self.yaml.setReadOnly(True)
        self.yaml.setMinimumHeight(160)
        v.addWidget(self.yaml)
        self.command = QLineEdit()
        self.command.setObjectName("autotrainCommand")
        self.command.setReadOnly(True)
        self.command.setToolTip(self.tr("The same run by hand, from the job's folder."))
        v.addWidget(self.command)
        brow = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for label, name in ((self.tr("Copy YAML"), "copyYaml"), (self.tr("Copy command"), "copyCommand"),
                            (self.tr("Save YAML…"), "saveYaml"), (self.tr("Load YAML…"), "loadYaml")):
            b = QPushButton(label)
            b.setObjectName(name)
            brow.addWidget(b)
            self.buttons[name] = b
        brow.addStretch(1)
        v.addLayout(brow)
        self.buttons["copyYaml"].clicked.connect(self.copy_yaml)
        self.buttons["copyCommand"].clicked.connect(self.copy_command)
        self.yaml_message = QLabel("")
        self.yaml_message.setObjectName("yamlMessage")
        self.yaml_message.setWordWrap(True)
        self.yaml_message.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.yaml_message)

    def show_engine(self, label: str) -> None:
        self.setTitle(self.tr("{0} configuration").format(label))

    def show_view(self, view: dict[str, Any]) -> None:
        """The YAML and the command of `local_yaml`'s answer."""
        if view.get("yaml") is not None:
            self.yaml.setPlainText(str(view["yaml"]))
        if view.get("command") is not None:
            self.command.setText(str(view["command"]))

    def copy_yaml(self) -> None:
        QGuiApplication.clipboard().setText(self.yaml.toPlainText())
        self.yaml_message.setText(self.tr("YAML copied."))

    def copy_command(self) -> None:
        QGuiApplication.clipboard().setText(self.command.text())
        self.yaml_message.setText(self.tr("Command copied."))
