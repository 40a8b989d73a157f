"""Settings: provider keys (masked, kept in the system keyring), endpoints, and 'Test connection' per provider.
Every keyring and network call goes through the bridge to the service thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.views.base import View


@dataclass
class Field:
    key: str  # secret name (credentials) or settings key
    secret: bool
    label: str
    tip: str


class ProviderBox(QGroupBox):
    def __init__(self, view: SettingsView, provider: str, title: str, fields: list[Field]) -> None:
        super().__init__(title)
        self.view = view
        self.provider = provider
        self.setObjectName(f"box_{provider}")
        self.fields = fields
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for f in fields:
            edit = QLineEdit()
            edit.setObjectName(f"field_{f.key}")
            edit.setToolTip(f.tip)
            edit.setClearButtonEnabled(True)
            if f.secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.edits[f.key] = edit
            form.addRow(f.label, edit)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName(f"save_{provider}")
        self.save_button.setToolTip(self.tr("Keys go to the system keyring; addresses to fttool's settings."))
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName(f"test_{provider}")
        self.test_button.setToolTip(self.tr("Save, then make one cheap request (list models / who am I) "
                                            "to check the key and the address."))
        self.test_button.clicked.connect(self.test)
        row.addWidget(self.save_button)
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow(row)
        self.result = QLabel()
        self.result.setObjectName(f"result_{provider}")
        self.result.setWordWrap(True)
        form.addRow(self.result)

    def changes(self) -> tuple[dict[str, str], dict[str, str]]:
        secrets, plain = {}, {}
        for f in self.fields:
            value = self.edits[f.key].text().strip()
            if f.secret:
                if value:
                    secrets[f.key] = value
            else:
                plain[f.key] = value
        return secrets, plain

    def save(self, then: Any = None) -> None:
        secrets, plain = self.changes()
        pending = [("save_settings", {"changes": plain})] if plain else []
        pending += [("set_secret", {"name": k, "value": v}) for k, v in secrets.items()]
        self.set_busy(True)

        def step(_: Any = None) -> None:
            if not pending:
                for f in self.fields:
                    if f.secret:
                        self.edits[f.key].clear()
                self.set_busy(False)
                self.view.refresh()
                if callable(then):
                    then()
                return
            command, kwargs = pending.pop(0)
            self.view.bridge.op(command, **kwargs).success(step).failure(self.failed).run()

        step()

    def failed(self, failure: Failure) -> None:
        self.set_busy(False)
        self.show_result(False, failure.message)

    def test(self) -> None:
        self.result.setText(self.tr("Testing…"))
        self.save(then=lambda: self.view.bridge.op("test_connection", provider=self.provider).success(
            self.tested).failure(self.failed).run())
        self.set_busy(True)

    def tested(self, result: dict[str, Any]) -> None:
        self.set_busy(False)
        self.show_result(bool(result["ok"]), text(result["code"], result.get("params"), result["message"]),
                         result.get("details", ""))

    def show_result(self, ok: bool, message: str, details: str = "") -> None:
        mark = "✔ " if ok else "✖ "
        self.result.setText(mark + message)
        self.result.setStyleSheet("color: #1b7f3b;" if ok else "color: #b3261e;")
        self.result.setToolTip(details)

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy)


class SettingsView(View):
    key = "settings"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading(self.title()))
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringStatus")
        self.keyring_label.setWordWrap(True)
        outer.addWidget(self.keyring_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        t = self.tr
        self.boxes = {
            "openai": ProviderBox(self, "openai", "OpenAI", [
                Field("openai", True, t("API key"), t("Your OpenAI API key (sk-…). Kept in the system keyring; "
                                                      "OPENAI_API_KEY overrides it.")),
                Field("openai_base_url", False, t("Base URL"), t("Leave empty for api.openai.com. "
                                                                 "OPENAI_BASE_URL overrides it.")),
                Field("openai_organization", False, t("Organization"), t("Optional organization id (org-…).")),
            ]),
            "azure": ProviderBox(self, "azure", "Azure OpenAI", [
                Field("azure-endpoint", True, t("Endpoint"), t("https://YOUR-RESOURCE.openai.azure.com/ "
                                                               "(AZURE_OPENAI_ENDPOINT overrides it)")),
                Field("azure", True, t("API key"), t("Key 1 or key 2 of the Azure OpenAI resource. Kept in the "
                                                     "keyring; AZURE_OPENAI_API_KEY overrides it.")),
                Field("azure_api_version", False, t("API version"), t("The Azure OpenAI REST API version, "
                                                                      "e.g. 2025-04-01-preview.")),
                Field("azure-management", True, t("Management token"), t("Optional: an Azure Resource Manager "
                                                                         "token, to deploy fine-tuned models "
                                                                         "from fttool.")),
            ]),
            "hf": ProviderBox(self, "hf", "Hugging Face", [
                Field("hf", True, t("Token"), t("A Hugging Face access token (hf_…), write access to push. "
                                                "HF_TOKEN overrides it.")),
                Field("hf_endpoint", False, t("Endpoint"), t("Leave empty for huggingface.co. HF_ENDPOINT "
                                                             "overrides it.")),
            ]),
            "together": ProviderBox(self, "together", "Together AI", [
                Field("together", True, t("API key"), t("Your Together AI API key (tgp_…), from "
                                                        "api.together.ai/settings/api-keys. Kept in the system "
                                                        "keyring; TOGETHER_API_KEY overrides it.")),
            ]),
        }
        for box in self.boxes.values():
            layout.addWidget(box)
        from ui.widgets.language_box import LanguageBox

        layout.addWidget(LanguageBox(self.bridge))
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.scroll_area = scroll

    def title(self) -> str:
        return self.tr("Settings")

    # the secret each backend needs first (the Decide view's "Add your key in Settings")
    KEY_OF = {"openai": "openai", "azure": "azure", "hf": "hf", "huggingface": "hf", "together": "together"}

    def open_panel(self, panel: str, options: dict[str, Any]) -> None:
        """panel "keys": scroll to the box of options["backend"] and put the cursor in its key (or in
        options["secret"], e.g. "azure-management"); an unknown backend leaves the view as it is."""
        if panel != "keys":
            return
        backend = str(options.get("backend") or "")
        box = self.boxes.get("hf" if backend == "huggingface" else backend)
        if box is None:
            return
        secret = str(options.get("secret") or self.KEY_OF.get(backend, ""))
        edit = box.edits.get(secret)
        if edit is None:
            edit = next(iter(box.edits.values()))
        self.scroll_area.ensureWidgetVisible(box)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.bridge.op("credential_status").success(self._on_status).failure(self._on_refresh_failed).run()
        self.bridge.op("load_settings").success(self._on_settings).failure(self._on_refresh_failed).run()

    def _on_refresh_failed(self, failure: Failure) -> None:
        """The keys' or the settings' state could not be read: said at the top, where the keyring's state is."""
        self.keyring_label.setText(failure.message)
        self.keyring_label.setStyleSheet("color: #b3261e;")

    def _on_status(self, status: dict[str, Any]) -> None:
        if status["keyring_ok"]:
            self.keyring_label.setText(self.tr("Secrets are kept in the system keyring ({0}).").format(
                status["backend"].rsplit(".", 2)[-2] if "." in status["backend"] else status["backend"]))
            self.keyring_label.setStyleSheet("")
        else:
            self.keyring_label.setText(text("no_keyring", {"reason": status["reason"],
                                                           "env": "OPENAI_API_KEY, AZURE_OPENAI_API_KEY, HF_TOKEN"}))
            self.keyring_label.setStyleSheet("color: #b3261e;")
        sources = {row["provider"]: row["source"] for row in status["secrets"]}
        words = {"keyring": self.tr("stored in the keyring"), "env": self.tr("set by an environment variable"),
                 "none": self.tr("not set")}
        for box in self.boxes.values():
            for f in box.fields:
                if f.secret:
                    box.edits[f.key].setPlaceholderText(words.get(sources.get(f.key, "none"), ""))

    def _on_settings(self, values: dict[str, Any]) -> None:
        for box in self.boxes.values():
            for f in box.fields:
                if not f.secret:
                    box.edits[f.key].setText(str(values.get(f.key) or ""))
