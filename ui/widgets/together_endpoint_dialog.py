"""Host a model tuned on Together AI on a dedicated endpoint: the hardware Together offers for it with its price
per hour, the warning that an endpoint is billed by the hour while it exists, a checkbox that confirms it, then
Create; below, the project's endpoints with their state and Delete.

Everything goes through the bridge (together_endpoint_plan, together_endpoint_create, together_endpoints,
together_endpoint_delete): nothing here touches the network.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure
from ui.messages import text


class TogetherEndpointDialog(QDialog):
    def __init__(self, bridge: Bridge, job_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.job_id = job_id
        self.plan: dict[str, Any] | None = None
        self.setObjectName("togetherEndpointDialog")
        self.setWindowTitle(self.tr("Host on a Together AI endpoint"))
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.model = QLabel("…")
        self.model.setObjectName("endpointModel")
        self.model.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.tr("Tuned model"), self.model)
        self.name = QLineEdit()
        self.name.setObjectName("endpointName")
        self.name.setToolTip(self.tr("1 to 63 letters, digits, '-' or '_'. Chat reaches the endpoint by this name."))
        form.addRow(self.tr("Endpoint name"), self.name)
        self.hardware = QComboBox()
        self.hardware.setObjectName("endpointHardware")
        self.hardware.setToolTip(self.tr("The GPUs Together offers for this model, cheapest first, with the price "
                                         "per hour."))
        self.hardware.currentIndexChanged.connect(self._show_warning)
        form.addRow(self.tr("Hardware"), self.hardware)
        layout.addLayout(form)
        self.warning = QLabel("")
        self.warning.setObjectName("endpointWarning")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.warning)
        self.confirm = QCheckBox(self.tr("I understand it is billed by the hour until I delete it"))
        self.confirm.setObjectName("endpointConfirm")
        self.confirm.toggled.connect(self._update_buttons)
        layout.addWidget(self.confirm)
        layout.addWidget(QLabel(self.tr("Endpoints in this Together project:")))
        self.endpoints = QListWidget()
        self.endpoints.setObjectName("endpointList")
        self.endpoints.currentRowChanged.connect(self._update_buttons)
        layout.addWidget(self.endpoints, 1)
        self.status = QLabel("")
        self.status.setObjectName("endpointStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(self.tr("Create and pay by the hour"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.create_button.setObjectName("endpointCreate")
        self.create_button.clicked.connect(self.create_endpoint)
        self.delete_button = QPushButton(self.tr("Delete endpoint"))
        self.delete_button.setObjectName("endpointDelete")
        self.delete_button.setToolTip(self.tr("Stop the billing: delete the endpoint picked in the list."))
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.clicked.connect(self.delete_endpoint)
        self.refresh_button = buttons.addButton(self.tr("Refresh"), QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.clicked.connect(self.refresh)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._update_buttons()
        self.status.setText(self.tr("Asking Together what it would cost…"))
        self.bridge.op("together_endpoint_plan", job_id=job_id).success(self._on_plan).failure(self._failed).run()
        self.refresh()

    # -- the plan --------------------------------------------------------------------------------------
    def _on_plan(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.model.setText(plan["model"])
        self.name.setText(plan["name"])
        self.hardware.clear()
        for opt in plan["configs"]:
            usd = opt.get("usd_per_hour")
            label = f"{opt['label']}: ${usd:.2f}/h" if usd is not None else str(opt["label"])
            self.hardware.addItem(label, opt)
        self.status.setText("")
        self._show_warning()

    def _show_warning(self, *_: Any) -> None:
        opt = self.hardware.currentData()
        if not self.plan or not opt:
            return
        usd = opt.get("usd_per_hour")
        params = {"price": f"${usd:.2f}" if usd is not None else "?", "hardware": opt.get("label"),
                  "source": self.tr("Together's live price")}
        self.warning.setText(text("together_hourly", params, self.plan["warning"]["message"]))
        self._update_buttons()

    def _update_buttons(self, *_: Any) -> None:
        self.create_button.setEnabled(bool(self.plan) and self.confirm.isChecked())
        self.delete_button.setEnabled(self.endpoints.currentItem() is not None)

    # -- actions ---------------------------------------------------------------------------------------
    def create_endpoint(self) -> None:
        opt = self.hardware.currentData() or {}
        self.create_button.setEnabled(False)
        self.status.setText(self.tr("Creating the endpoint…"))
        self.bridge.op("together_endpoint_create", job_id=self.job_id, name=self.name.text().strip() or None,
                       config=opt.get("config"), confirmed=self.confirm.isChecked(),
                       activity_text=self.tr("Creating a Together endpoint")).success(self._on_created).failure(
            self._failed).run()

    def _on_created(self, ep: dict[str, Any]) -> None:
        self.confirm.setChecked(False)
        self.status.setText(self.tr("Created {0}: it starts in a few minutes; chat with it by that name. Delete it "
                                    "when you are done.").format(ep["name"]))
        self.refresh()

    def refresh(self) -> None:
        self.bridge.op("together_endpoints").success(self._on_list).failure(self._failed).run()

    def _on_list(self, endpoints: list[dict[str, Any]]) -> None:
        self.endpoints.clear()
        for ep in endpoints:
            state = str(ep.get("state") or "").replace("DEPLOYMENT_STATE_", "").lower()
            item = QListWidgetItem(f"{ep['name']}  ({state}; {ep.get('model') or '-'})")
            item.setData(Qt.ItemDataRole.UserRole, ep)
            self.endpoints.addItem(item)
        self._update_buttons()

    def delete_endpoint(self) -> None:
        item = self.endpoints.currentItem()
        if item is None:
            return
        ep = item.data(Qt.ItemDataRole.UserRole)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete endpoint"),
                          self.tr("Delete the endpoint '{0}'? The tuned model stays at Together; you can host it "
                                  "again later.").format(ep["name"]),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("endpointDeleteConfirm")
        self.last_box = box
        box.accepted.connect(lambda: self.bridge.op("together_endpoint_delete", endpoint_id=ep["id"]).success(
            lambda r: self._on_deleted(ep)).failure(self._failed).run())
        box.open()

    def _on_deleted(self, ep: dict[str, Any]) -> None:
        self.status.setText(self.tr("Deleted {0}; its billing stopped.").format(ep["name"]))
        self.refresh()

    def _failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)
        self._update_buttons()
