"""The Data view's Split… (Ctrl+Shift+S): unsaved edits are saved first (the person says so), then the Split
dialog (ui/widgets/split_dialog.py) writes train, validation and test, and the view opens the new files. A mixin of
DataView; it imports no other view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fttool.datasets import split as split_core
from fttool.project import Project


class DataSplit:
    """Splitting the project's examples from the Data view (mixed into DataView)."""

    def split_dataset(self) -> Any:
        """Split… (Ctrl+Shift+S): unsaved edits are saved first (the person says so), then the Split dialog."""
        from ui.widgets.split_dialog import SplitDialog

        project = self.project
        if project is None or self._saving:
            return None
        if self.split_dialog is not None:
            self.split_dialog.raise_()
            self.split_dialog.activateWindow()
            return self.split_dialog
        self.editor.commit()
        dirty = [s for s in self.sessions.values() if s.overlay.dirty]
        if dirty:
            current = self.session
            if len(dirty) == 1 and dirty[0] is current and current is not None and current.ready:
                box = QMessageBox(QMessageBox.Icon.Question, self.tr("Save your edits first?"), self.tr(
                    "{0} has edits that are not saved yet. The split reads the saved file: save your edits "
                    "first, so the split includes them?").format(current.path.name),
                    QMessageBox.StandardButton.NoButton, self)
                box.setObjectName("splitSaveFirst")
                save = box.addButton(self.tr("Save and split"), QMessageBox.ButtonRole.AcceptRole)
                save.setObjectName("splitSaveFirstYes")
                box.addButton(QMessageBox.StandardButton.Cancel)
                box.setDefaultButton(save)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.split_save_box = box

                def answered(button: Any) -> None:
                    self.split_save_box = None
                    if button is save:
                        self._split_after_save = True
                        self.save()

                box.buttonClicked.connect(answered)
                box.open()
                return box
            QMessageBox.information(self, self.tr("Save your edits first"), self.tr(
                "These files have edits that are not saved yet: {0}. Open each one and save it (Ctrl+S) before "
                "splitting, so nothing is lost.").format(", ".join(s.path.name for s in dirty)))
            return None
        files = project.dataset_files()
        sources = [(role, path) for role, path in files.items() if path.is_file()]
        if not sources:
            self._say(self.tr("There is no dataset file to split yet. Import a file first."))
            return None
        current_role = "train" if "train" in dict(sources) else (self.session.split if self.session else "")
        dlg = SplitDialog(self.bridge, project.path, sources, current=current_role, parent=self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.splitStarted.connect(self._split_started)
        dlg.splitDone.connect(lambda result, p=project: self._split_done(p, result))
        dlg.splitFailed.connect(lambda p=project: self._split_failed(p))
        dlg.finished.connect(self._split_dialog_closed)
        self.split_dialog = dlg
        self._update_state()
        dlg.open()
        return dlg

    def _split_dialog_closed(self, _result: int = 0) -> None:
        from shiboken6 import isValid

        self.split_dialog = None
        if isValid(self):
            self._update_state()

    def _split_started(self) -> None:
        """The files are about to be replaced: close the open ones (they hold no unsaved edit: checked before)."""
        self._split_current = self.dataset_combo.currentData()
        self.close_all()

    def _split_failed(self, project: Project) -> None:
        from shiboken6 import isValid

        if isValid(self) and project is self.project:
            self.set_project(project)  # the files it had, as they were
            i = self.dataset_combo.findData(getattr(self, "_split_current", None))
            if i >= 0:
                self.dataset_combo.setCurrentIndex(i)

    def _split_done(self, project: Project, result: dict[str, Any]) -> None:
        from shiboken6 import isValid

        if not isValid(self) or project is not self.project:
            return
        # data_split wrote project.json; the open project takes the same datasets and split record
        project.meta["datasets"] = dict(result.get("datasets") or {})
        if result.get("split"):
            project.meta["split"] = result["split"]
        self.set_project(project)
        i = self.dataset_combo.findData("train")
        if i >= 0:
            self.dataset_combo.setCurrentIndex(i)
        counts = result.get("counts") or {}
        parts = ", ".join(self.tr("{0}: {1:,}").format(self.role_text(p), int(counts[p]))
                          for p in split_core.PARTS if p in counts)
        self._say(self.tr("Split into {0} examples.").format(parts) if not result.get("backup") else
                  self.tr("Split into {0} examples; the file as it was is kept as {1}.").format(
                      parts, result["backup"]))
