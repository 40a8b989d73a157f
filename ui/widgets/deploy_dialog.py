"""Deploy… for a tuned model that a deployment serves (Azure): the name, the capacity, the hourly-billing warning
that must be ticked, create, copyable instructions when the person would rather do it by hand, and delete.
Everything slow goes through the bridge (deploy_*); moved out of the Train view so the Jobs view needs no view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.widgets.error_dialog import show_error

ERROR_STYLE = "color: #b00020;"




class DeployDialog(QDialog):
    """Deploy an Azure fine-tuned model through the management API, or copy the filled-in instructions;
    says that a deployment is billed by the hour and offers to delete it."""

    def __init__(self, bridge: Bridge, model: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.plan: dict[str, Any] | None = None
        self.setObjectName("deployDialog")
        self.setWindowTitle(self.tr("Deploy a fine-tuned model"))
        self.resize(700, 460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.model = QLineEdit(model)
        self.model.setObjectName("deployModel")
        self.model.setToolTip(self.tr("The fine-tuned model's name, e.g. gpt-4o-mini-2024-07-18.ft-…"))
        form.addRow(self.tr("Fine-tuned model"), self.model)
        self.name = QLineEdit()
        self.name.setObjectName("deployName")
        self.name.setPlaceholderText(self.tr("same as the model"))
        form.addRow(self.tr("Deployment name"), self.name)
        self.subscription = QLineEdit()
        self.subscription.setObjectName("deploySubscription")
        self.subscription.setToolTip(self.tr("The Azure subscription id of the Azure OpenAI resource."))
        form.addRow(self.tr("Subscription"), self.subscription)
        self.resource_group = QLineEdit()
        self.resource_group.setObjectName("deployResourceGroup")
        form.addRow(self.tr("Resource group"), self.resource_group)
        self.resource = QLineEdit()
        self.resource.setObjectName("deployResource")
        self.resource.setToolTip(self.tr("The name of the Azure OpenAI resource (the first part of its endpoint)."))
        form.addRow(self.tr("Resource name"), self.resource)
        self.token = QLineEdit()
        self.token.setObjectName("deployToken")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("kept in the system keyring; leave empty to keep the saved one"))
        self.token.setToolTip(self.tr("A management token: `az account get-access-token` prints one."))
        form.addRow(self.tr("Management token"), self.token)
        layout.addLayout(form)
        self.warning = QLabel("")
        self.warning.setObjectName("deployWarning")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.warning)
        self.instructions = QPlainTextEdit()
        self.instructions.setObjectName("deployInstructions")
        self.instructions.setReadOnly(True)
        layout.addWidget(self.instructions, 1)
        self.status = QLabel("")
        self.status.setObjectName("deployStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a model's name or an error, never markup
        layout.addWidget(self.status)
        self.bridge.op("load_settings").success(self._on_settings).failure(self._on_settings_failed).run()
        buttons = QDialogButtonBox()
        self.plan_button = buttons.addButton(self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        self.plan_button.clicked.connect(self.make_plan)
        self.copy_button = buttons.addButton(self.tr("Copy instructions"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        self.deploy_button = buttons.addButton(self.tr("Deploy and pay by the hour"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.deploy_button.setObjectName("deployGo")
        self.deploy_button.setEnabled(False)
        self.deploy_button.clicked.connect(self.deploy)
        self.delete_button = buttons.addButton(self.tr("Delete deployment"), QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.setObjectName("deployDelete")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if model:
            self.bridge.op("deploy_plan", model=model).success(self._on_plan).failure(self._failed).run()

    def _on_settings_failed(self, failure: Failure) -> None:
        """The saved subscription, group and resource could not be read: the fields stay empty and say why."""
        self.status.setText(failure.message)

    def _on_settings(self, values: dict[str, Any]) -> None:
        for key, edit in (("azure_subscription", self.subscription), ("azure_resource_group", self.resource_group),
                          ("azure_resource_name", self.resource)):
            if not edit.text():
                edit.setText(str(values.get(key) or ""))

    def make_plan(self) -> None:
        model = self.model.text().strip()
        if not model:
            self.status.setText(self.tr("Enter the fine-tuned model's name."))
            return
        changes = {"azure_subscription": self.subscription.text().strip(),
                   "azure_resource_group": self.resource_group.text().strip(),
                   "azure_resource_name": self.resource.text().strip()}
        token = self.token.text().strip()
        self.token.clear()

        def plan(*_: Any) -> None:
            self.bridge.op("deploy_plan", model=model, name=self.name.text().strip() or None).success(
                self._on_plan).failure(self._failed).run()

        def save_token(*_: Any) -> None:
            if token:
                self.bridge.op("set_secret", name="azure-management", value=token).success(plan).failure(
                    self._failed).run()
            else:
                plan()

        if any(changes.values()):
            self.bridge.op("save_settings", changes=changes).success(save_token).failure(self._failed).run()
        else:
            save_token()

    def _on_plan(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        w = plan["warning"]
        self.warning.setText(text(w["code"], w["params"], w["message"]))
        self.instructions.setPlainText(plan["instructions"])
        self.deploy_button.setEnabled(bool(plan["configured"]))
        self.delete_button.setEnabled(bool(plan["configured"]))
        if plan["configured"]:
            self.status.setText(self.tr("fttool can deploy {0} as '{1}' through the Azure management API.").format(
                plan["model"], plan["name"]))
        else:
            self.status.setText(text("deploy_not_configured", {}, "") + " " +
                                self.tr("Until then, follow the instructions above (copy them)."))

    def copy(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.instructions.toPlainText())

    def deploy(self) -> None:
        if not self.plan:
            return
        self.deploy_button.setEnabled(False)
        self.status.setText(self.tr("Deploying… (this can take a few minutes)"))
        self.bridge.op("deploy_model", model=self.plan["model"], name=self.plan["name"]).success(
            self._deployed).failure(self._failed).run()

    def _deployed(self, dep: dict[str, Any]) -> None:
        self.deploy_button.setEnabled(True)
        self.status.setText(self.tr("Deployment '{0}': {1}. It is billed by the hour until you delete it.").format(
            dep["name"], dep["state"]))

    def delete(self) -> None:
        if not self.plan:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete the deployment?"),
                          self.tr("Delete the deployment '{0}'? The fine-tuned model stays; you can deploy it "
                                  "again later.").format(self.plan["name"]),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.accepted.connect(lambda: self.bridge.op(
            "delete_deployment", name=self.plan["name"] if self.plan else "").success(
            lambda r: self.status.setText(self.tr("Deleted the deployment '{0}'.").format(r["name"]))).failure(
            self._failed).run())
        box.open()

    def _failed(self, failure: Failure) -> None:
        self.deploy_button.setEnabled(bool(self.plan and self.plan.get("configured")))
        message, details = failure.message, failure.details
        self.status.setText(message)
        if details:
            show_error(self, message, details)


