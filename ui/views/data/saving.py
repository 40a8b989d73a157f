"""The Data view's file on disk: Save (`data_save`, the file replaced in one step), the journal made durable every
few seconds (`data_sync`), and a file another program changed (`data_changed`: reload it, or keep editing). A
mixin of DataView; it imports no other view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from fttool.datasets.session import DatasetSession
from ui.bridge import Failure
from ui.widgets.progress import Task


class DataSaving:
    """Saving, the journal and changes on disk in the Data view (mixed into DataView)."""

    def _sync_journals(self) -> None:
        for split, session in self.sessions.items():
            version = session.overlay.version
            if session.overlay.journal is not None and self._synced_versions.get(split) != version:
                self._synced_versions[split] = version
                self.bridge.op("data_sync", session=session).failure(lambda f: self._say(f.message)).run()

    # -- save -------------------------------------------------------------------------------------------------------
    def save(self) -> None:
        session = self.session
        if session is None or not session.ready or self._saving:
            return
        self.editor.commit()
        if not session.overlay.dirty:
            self._say(self.tr("Nothing to save."))
            return
        changed, replaced = session.changed_on_disk()
        if changed and not replaced:
            QMessageBox.warning(self, self.tr("The file changed on disk"), self.tr(
                "{0} was rewritten in place by another program, so the rows read from it are no longer the ones "
                "you edited. Saving now could mix the two. Reload it: your edits are set aside in the journal "
                "folder, not lost.").format(session.path.name))
            return
        if changed:
            answer = QMessageBox.question(self, self.tr("The file changed on disk"), self.tr(
                "{0} was changed by another program since you opened it. Replace it with your version?").format(
                session.path.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._saving = True
        self._update_state()
        self._refresh_editor()
        task = self._start_task(session, "save", self.tr("Saving {0}").format(session.path.name))
        self.bridge.op("data_save", snapshot=session.overlay.snapshot(), target=str(session.path),
                       protected=session.protected, activity_text=self.tr("Saving {0}").format(session.path.name)
                       ).success(lambda _sig, s=session, t=task: self._saved(s, t)).failure(
            lambda f, s=session, t=task: self._save_failed(s, f, t)).progress(task).run()

    def _saved(self, session: DatasetSession, task: Task) -> None:
        self._finish_task(session, "save", task)
        self._saving = False
        split = session.split
        current = self.current_row()
        self._drop_session(session, discard_journal=True)
        self._say(self.tr("Saved {0}.").format(session.path.name))
        if self._split_after_save:
            self._split_after_save = False
            QTimer.singleShot(0, self.split_dataset)
        if self.dataset_combo.currentData() == split:
            self.open_dataset(split)
            if current is not None and self.model.rowCount() > current:
                self.select_overlay_row(current)

    def _save_failed(self, session: DatasetSession, failure: Failure, task: Task) -> None:
        self._finish_task(session, "save", task)
        self._saving = False
        self._split_after_save = False
        self._update_state()
        self._refresh_editor()
        self._fail(failure)

    # -- the file changed on disk ------------------------------------------------------------------------------
    def check_changed(self) -> None:
        session = self.session
        if session is None or not session.ready or self._saving or self.change_banner.isVisible():
            return
        self.bridge.op("data_changed", session=session).success(
            lambda r, s=session: self._changed_result(s, r)).failure(lambda f: self._say(f.message)).run()

    def _changed_result(self, session: DatasetSession, result: tuple[bool, bool]) -> None:
        changed, replaced = result
        if not changed or session is not self.session or self._saving:
            return
        name = session.path.name
        actions: list[tuple[str, Any]] = [(self.tr("Reload"), lambda s=session: self.reload(s))]
        if replaced:
            if session.overlay.dirty:
                text = self.tr("{0} was changed by another program. Reload it (your unsaved edits are set aside), "
                               "or keep editing your version and save it over theirs.").format(name)
            else:
                text = self.tr("{0} was changed by another program. Reload it to see the new version?").format(name)
            actions.append((self.tr("Keep mine"), lambda s=session: self._keep_mine(s)))
        else:
            text = self.tr("{0} was rewritten in place by another program, so the rows shown here may no longer "
                           "match it. Reload it.").format(name)
        self.change_banner.show_message(text, actions)

    def _keep_mine(self, session: DatasetSession) -> None:
        self._change_timer.stop()  # asked once; Save asks again before replacing their version

    def reload(self, session: DatasetSession) -> None:
        split = session.split
        if session.overlay.journal is not None and session.overlay.dirty:
            session.overlay.journal.close()
            session.overlay.journal.set_aside()
        self._drop_session(session)
        self.open_dataset(split)
