"""What every Train panel shares: the bridge, its backend, the project, what the service says about the backend
(`provider_info`, asked once when the panel is built: label, capabilities, the date notice, models, the
parameters' descriptors, the provider's form facts), and the form the project remembers.

A panel gives `form_state()` and takes `restore_form(values)` (a form restored before the descriptors came is
kept in `pending_form` and applied when they come), emits `formChanged` when a remembered choice changes and
`jobStarted(job)` when it started a job, and may offer `set_advanced(bool)`, `set_project(project)`,
`set_base_model(name)` and `set_engine(name)` (the Train view calls what a panel has).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from fttool.providers.base import ParamSpec
from ui.bridge import Bridge, Failure
from ui.widgets.param_form import specs_from_dicts


class TrainPanel(QWidget):
    """The base of every backend's panel (no words of its own: each panel says its own)."""

    jobStarted = Signal(dict)
    formChanged = Signal()  # a choice the project remembers changed
    infoLoaded = Signal(dict)  # provider_info came
    backend = ""  # the default backend of a panel class (the Train view passes the one it shows)

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, *, backend: str = "", **_: Any) -> None:
        super().__init__(parent)
        self.bridge = bridge
        if backend:
            self.backend = backend
        self.project: Any = None
        self.info: dict[str, Any] = {}
        self.info_error = ""  # why provider_info failed, said where the panel shows it
        self.pending_form: dict[str, Any] = {}
        self._restoring = False
        self.setObjectName(f"trainPanel_{self.backend}")

    # -- what the service says about the backend ------------------------------------------------------------
    def load_info(self) -> None:
        self.bridge.op("provider_info", backend=self.backend).success(self._info_came) \
            .failure(self._info_failed).run()

    def _info_came(self, info: dict[str, Any]) -> None:
        self.info = dict(info)
        self.on_info(self.info)
        self.infoLoaded.emit(self.info)

    def _info_failed(self, failure: Failure) -> None:
        self.info_error = failure.message
        self.on_info_failed(failure)

    def on_info(self, info: dict[str, Any]) -> None:
        """The panel draws what depends on the backend (its form from the descriptors)."""

    def on_info_failed(self, failure: Failure) -> None:
        """Say why the panel cannot draw its form (each panel has its status line)."""

    def capabilities(self) -> dict[str, Any]:
        return dict(self.info.get("capabilities") or {})

    def facts(self) -> dict[str, Any]:
        return dict(self.info.get("facts") or {})

    def specs(self) -> list[ParamSpec]:
        return specs_from_dicts(self.info.get("parameters"))

    # -- what the project remembers -------------------------------------------------------------------------
    def _form_changed(self, *_: Any) -> None:
        if not self._restoring:
            self.formChanged.emit()

    def alive(self, fn: Callable[..., None]) -> Callable[..., None]:
        """`fn` as an operation's callback that does nothing once this panel is gone (a closure, unlike a bound
        method, is not dropped by the bridge when its panel is deleted)."""

        def call(*args: Any) -> None:
            if isValid(self):
                fn(*args)

        return call

    def project_path(self) -> str | None:
        return str(self.project.path) if self.project is not None and hasattr(self.project, "path") else None
