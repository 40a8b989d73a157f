"""The Train view: a backend selector (the backends the service offers, `train_backends`), and below it one panel
per backend from `PANELS` (a generic form from the provider's descriptors when a backend has no panel of its own).

The panels are the modules of this package: local.py (training on this computer, with its boxes engine_box.py,
model_box.py, settings_box.py and checks_box.py), hf.py (Hugging Face Jobs), cloud.py (OpenAI, Azure OpenAI,
Together AI) and generic.py; panel.py is what they share. No panel makes a provider: what a panel shows of its
backend (descriptors, capabilities, presets, the fields this computer cannot use...) comes from the service
(`provider_info`), and everything slow goes through the bridge.

The view has a Simple/Advanced switch (Simple hides the descriptors marked `advanced`; their defaults still apply)
and remembers its choices per project: every panel gives `form_state()` and takes `restore_form(values)`, and the
view saves them (debounced) into project.json `train_form` through the service command `train_form_save` (which
keeps only plain values and never a secret). `TrainView.open_panel(panel, options)` selects a backend's panel
(the Decide view).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from fttool.project import Project
from ui.bridge import Bridge, Failure
from ui.views.base import View
from ui.views.train.cloud import PANELS as CLOUD_PANELS
from ui.views.train.cloud import AzureTrainPanel, CloudTrainPanel, OpenAITrainPanel, TogetherTrainPanel
from ui.views.train.generic import GenericTrainPanel
from ui.views.train.hf import HfTrainPanel
from ui.views.train.local import LocalTrainPanel
from ui.views.train.panel import TrainPanel

SAVE_DELAY_MS = 800  # the form is remembered this long after the last change
FORM_KEY = "train_form"  # project.json's key for the remembered form (fttool/providers/train_form.py)

# the panel of each backend (a backend not named here gets GenericTrainPanel)
PANELS: dict[str, type[TrainPanel]] = {"local": LocalTrainPanel, "hf": HfTrainPanel, **CLOUD_PANELS}
# other names the Decide view may ask for: the backend, and the options they mean
PANEL_ALIASES: dict[str, tuple[str, dict[str, Any]]] = {
    "huggingface": ("hf", {}), "autotrain": ("local", {"engine": "autotrain"}), "trl": ("local", {"engine": "trl"}),
}

__all__ = ["PANELS", "PANEL_ALIASES", "AzureTrainPanel", "CloudTrainPanel", "GenericTrainPanel", "HfTrainPanel",
           "LocalTrainPanel", "OpenAITrainPanel", "TogetherTrainPanel", "TrainView"]


def plain_form(form: Any) -> dict[str, dict[str, Any]]:
    """A remembered form as the panels may take it: {section: {name: text, number, true/false or None}} (a shared
    project.json may hold anything; the service's train_form_save also drops secrets when it stores one)."""
    if not isinstance(form, dict):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for section, values in form.items():
        if isinstance(section, str) and isinstance(values, dict):
            kept = {k: v for k, v in values.items()
                    if isinstance(k, str) and (v is None or isinstance(v, (bool, int, float, str)))}
            if kept:
                out[section] = kept
    return out


class TrainView(View):
    key = "train"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.advanced = False
        self._restoring = False
        self._remembered: dict[str, dict[str, Any]] = {}  # the project's train_form as last read or saved
        self.backends: list[dict[str, Any]] = []  # the service's answer: name, label, capabilities
        self.loaded = False  # the backends came
        self._wanted: str | None = None  # a backend asked for before the list came
        self._pending_open: tuple[str, dict[str, Any]] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.title()))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Train on")))
        self.backend = QComboBox()
        self.backend.setObjectName("backendSelector")
        self.backend.setToolTip(self.tr("Where the training runs: on this computer, or with a cloud provider."))
        row.addWidget(self.backend, 1)
        self.simple_button = QRadioButton(self.tr("&Simple"))
        self.simple_button.setObjectName("trainSimple")
        self.simple_button.setToolTip(self.tr("Only what you need to choose (model, data, epochs); sensible defaults "
                                              "for the rest. Alt+S"))
        self.advanced_button = QRadioButton(self.tr("A&dvanced"))
        self.advanced_button.setObjectName("trainAdvanced")
        self.advanced_button.setToolTip(self.tr("Every setting: LoRA, lengths, precision, seeds, the engine's YAML. "
                                                "Alt+D"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.simple_button)
        self.mode_group.addButton(self.advanced_button)
        self.simple_button.setChecked(True)
        self.advanced_button.toggled.connect(self._on_mode)
        row.addWidget(self.simple_button)
        row.addWidget(self.advanced_button)
        layout.addLayout(row)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.form_note = QLabel("")
        self.form_note.setObjectName("trainFormNote")
        self.form_note.setWordWrap(True)
        self.form_note.setTextFormat(Qt.TextFormat.PlainText)
        self.form_note.hide()
        layout.addWidget(self.form_note)
        self.panels: dict[str, QWidget] = {}
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_form)
        self.backend.currentIndexChanged.connect(self._show_backend)
        self.backend.currentIndexChanged.connect(self._changed)
        self.load_backends()

    def title(self) -> str:
        return self.tr("Train")

    def backend_label(self, name: str, label: str = "") -> str:
        """The backend's name in the person's language (the providers' labels are English)."""
        labels = {"local": self.tr("On this computer (TRL or AutoTrain)"), "hf": self.tr("Hugging Face Jobs"),
                  "openai": self.tr("OpenAI"), "azure": self.tr("Azure OpenAI"), "together": self.tr("Together AI")}
        return labels.get(name) or label or name

    # -- the backends ----------------------------------------------------------------------------------------
    def load_backends(self) -> None:
        self.bridge.op("train_backends", activity_text=self.tr("Listing where training can run")) \
            .success(self._on_backends).failure(self._on_backends_failed).run()

    def _on_backends(self, backends: list[dict[str, Any]]) -> None:
        self.backends = list(backends)
        self.loaded = True
        self.backend.blockSignals(True)
        try:
            self.backend.clear()
            for b in self.backends:
                self.backend.addItem(self.backend_label(str(b["name"]), str(b.get("label") or "")), b["name"])
            index = self.backend.findData(self._wanted) if self._wanted else -1
            self.backend.setCurrentIndex(max(index, 0))
        finally:
            self.backend.blockSignals(False)
        self._wanted = None
        self._show_backend(self.backend.currentIndex())
        if self._pending_open is not None:
            panel, options = self._pending_open
            self._pending_open = None
            self.open_panel(panel, options)

    def _on_backends_failed(self, failure: Failure) -> None:
        self.form_note.setText(failure.message)
        self.form_note.show()

    def current_backend(self) -> str:
        return str(self.backend.currentData() or self._wanted or "")

    def panel(self, backend: str) -> QWidget:
        """The backend's panel, made on first use (it asks the service about its backend)."""
        if backend not in self.panels:
            cls = PANELS.get(backend, GenericTrainPanel)
            panel = cls(self.bridge, backend=backend)
            if self.project is not None and hasattr(panel, "set_project"):
                panel.set_project(self.project)
            if hasattr(panel, "set_advanced"):
                panel.set_advanced(self.advanced)
            if self._remembered.get(backend) and hasattr(panel, "restore_form"):
                panel.restore_form(self._remembered[backend])
            if hasattr(panel, "formChanged"):
                panel.formChanged.connect(self._changed)
            self.panels[backend] = panel
            self.stack.addWidget(panel)
        return self.panels[backend]

    def _show_backend(self, index: int) -> None:
        name = self.backend.itemData(index)
        if name:
            self.stack.setCurrentWidget(self.panel(str(name)))

    def select_backend(self, name: str) -> QWidget:
        """Show a backend's panel (asked before the list came: shown now, and chosen in the list when it comes)."""
        index = self.backend.findData(name)
        if index >= 0:
            self.backend.setCurrentIndex(index)
        elif not self.loaded:
            self._wanted = name
            self.stack.setCurrentWidget(self.panel(name))
        return self.panel(name)

    def open_panel(self, panel: str, options: dict[str, Any] | None = None) -> None:
        """Show a backend's panel ("local", "autotrain", "openai", "azure", "huggingface" or "hf", "together"), for
        the Decide view through the main window. `options` may carry `base_model` (and `engine` for local)."""
        if not self.loaded:  # the backends have not come yet: opened when they do
            self._pending_open = (panel, dict(options or {}))
            return
        key, implied = PANEL_ALIASES.get(panel, (panel, {}))
        options = {**implied, **dict(options or {})}
        if self.backend.findData(key) < 0:
            return
        widget = self.select_backend(key)
        engine = options.get("engine")
        if engine and hasattr(widget, "set_engine"):
            widget.set_engine(str(engine))
        model = options.get("base_model") or options.get("model")
        if model and hasattr(widget, "set_base_model"):
            widget.set_base_model(str(model))

    # -- Simple / Advanced ---------------------------------------------------------------------------------
    def set_advanced(self, advanced: bool) -> None:
        (self.advanced_button if advanced else self.simple_button).setChecked(True)
        self._on_mode(advanced)

    def _on_mode(self, *_: Any) -> None:
        self.advanced = self.advanced_button.isChecked()
        for panel in self.panels.values():
            if hasattr(panel, "set_advanced"):
                panel.set_advanced(self.advanced)
        self._changed()

    # -- remembered per project ----------------------------------------------------------------------------
    def form_state(self) -> dict[str, dict[str, Any]]:
        """What the project remembers: the view's choices and each panel's (those not opened this time as read)."""
        state = {k: dict(v) for k, v in self._remembered.items()}
        state["_view"] = {"backend": self.current_backend(), "advanced": self.advanced}
        for name, panel in self.panels.items():
            if hasattr(panel, "form_state"):
                state[name] = panel.form_state()
        return state

    def _changed(self, *_: Any) -> None:
        if not self._restoring and self.project is not None:
            self._save_timer.start()

    def save_form(self) -> None:
        """Store the form into the project (the service cleans it and writes project.json; the GUI thread only
        asks)."""
        self._save_timer.stop()
        project = self.project
        if project is None or getattr(project, "read_only", False):
            return
        state = plain_form(self.form_state())
        if state == self._remembered:
            return
        self._remembered = state
        path = Path(project.path)
        self.bridge.op("train_form_save", project=str(path), form=state) \
            .success(lambda cleaned: self._saved(path, cleaned)).failure(self._save_failed).run()

    def _saved(self, path: Path, cleaned: dict[str, Any]) -> None:
        if not isValid(self.form_note):
            return
        self.form_note.hide()
        project = self.project
        if project is not None and Path(project.path) == path:
            project.meta[FORM_KEY] = cleaned  # other views' saves of project.json keep it

    def _save_failed(self, failure: Failure) -> None:
        if isValid(self.form_note):
            self.form_note.setText(self.tr("Could not remember these settings in the project: {0}").format(
                failure.message))
            self.form_note.show()

    def shutdown(self) -> None:
        if self._save_timer.isActive():
            self.save_form()
        super().shutdown()

    def set_project(self, project: Project | None) -> None:
        pending = self._save_timer.isActive() and self.project is not None
        if pending:
            self.save_form()  # the last changes go to the project they were made in
        same = project is not None and self.project is not None and Path(project.path) == Path(self.project.path)
        super().set_project(project)
        if pending and same and project is not None:  # the same project opened again: its file may lag behind
            remembered = self._remembered
        else:
            remembered = plain_form(project.meta.get(FORM_KEY)) if project is not None else {}
        self._remembered = remembered
        self._restoring = True
        try:
            for panel in self.panels.values():
                if hasattr(panel, "set_project"):
                    panel.set_project(project)
            view = self._remembered.get("_view", {})
            if "advanced" in view:
                self.set_advanced(bool(view["advanced"]))
            wanted = view.get("backend")
            if wanted and self.backend.findData(wanted) >= 0:
                self.select_backend(str(wanted))
            elif wanted and not self.loaded:
                self._wanted = str(wanted)  # chosen when the backends come
            for name, panel in self.panels.items():
                if self._remembered.get(name) and hasattr(panel, "restore_form"):
                    panel.restore_form(self._remembered[name])
        finally:
            self._restoring = False
        self._remembered = plain_form(self.form_state()) if project is not None else {}
