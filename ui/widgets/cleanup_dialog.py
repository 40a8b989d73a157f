"""'Clean up': what fttool created at a provider (uploaded files, which may hold personal data; fine-tuned
models; Azure deployments, billed by the hour), with a tick box each; deletes what the person picks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure


class CleanupDialog(QDialog):
    def __init__(self, bridge: Bridge, backend: str, provider_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.backend = backend
        self.provider_label = provider_label
        self.items: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] | None = None
        self.setObjectName("cleanupDialog")
        self.setWindowTitle(self.tr("Clean up at {0}").format(provider_label))
        self.resize(640, 400)
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Looking for what fttool created at {0}…").format(provider_label))
        self.status.setObjectName("cleanupStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # names from the provider, never markup
        layout.addWidget(self.status)
        self.list = QListWidget()
        self.list.setObjectName("cleanupList")
        layout.addWidget(self.list, 1)
        hint = QLabel(self.tr("Uploaded files may hold personal data. A deployment is billed by the hour until it is "
                              "deleted. Deleting cannot be undone."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox()
        self.delete_button = self.buttons.addButton(self.tr("Delete selected"), QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.setObjectName("cleanupDelete")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.confirm_delete)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._update)
        self.refresh()

    def refresh(self) -> None:
        self.delete_button.setEnabled(False)
        self.bridge.op("cleanup_list", backend=self.backend).success(self._listed).failure(self._failed).run()

    def _listed(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.list.clear()
        kinds = {"file": self.tr("File"), "model": self.tr("Model"), "deployment": self.tr("Deployment")}
        for i in items:
            it = QListWidgetItem(f"{kinds.get(i['kind'], i['kind'])}: {i['label']} — {i['detail']}")
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            it.setData(Qt.ItemDataRole.UserRole, i)
            it.setToolTip(i["id"])
            self.list.addItem(it)
        if items:
            self.status.setText(self.tr("fttool created these at {0}. Tick what to delete.").format(self.provider_label))
        else:
            self.status.setText(self.tr("Nothing that fttool created at {0} is left.").format(self.provider_label))
        self._update()

    def _failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)

    def checked(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.list.count()):
            it = self.list.item(row)
            if it.checkState() == Qt.CheckState.Checked:
                out.append(it.data(Qt.ItemDataRole.UserRole))
        return out

    def _update(self, *_: Any) -> None:
        self.delete_button.setEnabled(bool(self.checked()))

    def confirm_delete(self) -> None:
        picked = self.checked()
        if not picked:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete for good?"),
                          self.tr("Delete {0} items at {1}? This cannot be undone.").format(len(picked),
                                                                                           self.provider_label),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("cleanupConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.delete(picked))
        box.open()

    def delete(self, picked: list[dict[str, Any]]) -> None:
        self.delete_button.setEnabled(False)
        self.status.setText(self.tr("Deleting {0} items…").format(len(picked)))
        self.bridge.op("cleanup_delete", backend=self.backend, items=picked).success(self._deleted).failure(
            self._failed).run()

    def _deleted(self, results: list[dict[str, Any]]) -> None:
        self.results = results
        bad = [r for r in results if not r["ok"]]
        text = self.tr("Deleted {0} of {1}.").format(len(results) - len(bad), len(results))
        if bad:
            text += "\n" + "\n".join(f"{r['id']}: {r['message']}" for r in bad)
        self.bridge.op("cleanup_list", backend=self.backend).success(
            lambda items: (self._listed(items), self.status.setText(text))).failure(self._failed).run()
