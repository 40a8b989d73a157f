"""Checking the Data view's dataset and fixing it: Validate (`data_validate`, by the file's role: train,
validation or test) and the one-click fixes of the Fixes menu (duplicates, whitespace, a system prompt, over-long
examples, re-encoding to UTF-8), each an undoable edit. A mixin of DataView; it imports no other view."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QInputDialog, QMessageBox

from fttool.datasets import split as split_core
from fttool.datasets.session import DatasetSession, Facts
from ui.bridge import Failure
from ui.widgets.encoding_dialogs import ReencodeDialog
from ui.widgets.progress import Task


class DataValidation:
    """Validate and the Fixes menu of the Data view (mixed into DataView)."""

    def validate(self, session: DatasetSession | None = None, auto: bool = False) -> None:
        session = session or self.session
        if session is None or not session.ready:
            return
        ov = session.overlay
        pristine = ov._keys is None and not ov._transforms and ov.index is ov.base
        snapshot = ov.snapshot()
        # the role decides the checks: minimum size and cost for train only; copies of train examples (leakage)
        role = session.split if session.split in split_core.PARTS else "train"
        other = self.dataset_path("validation" if role == "train" else "train")
        other_file = str(other) if other is not None and other.is_file() and other != session.path else None
        task = self._start_task(session, "validate", self.tr("Validating {0}").format(session.path.name))
        self.bridge.op("data_validate", snapshot=snapshot, pristine=pristine, model=self._model_name(),
                       backend=self._backend(), role=role, validation=other_file if role == "train" else None,
                       train=other_file if role != "train" else None,
                       activity_text=self.tr("Validating {0}").format(session.path.name)).success(
            lambda f, s=session, t=task: self._validated(s, f, t)).failure(
            lambda f, s=session, t=task: self._validate_failed(s, f, t)).progress(task).run()

    def _validated(self, session: DatasetSession, facts: Facts, task: Task) -> None:
        self._finish_task(session, "validate", task)
        if self.sessions.get(session.split) is not session or task.cancelled():
            return  # closed meanwhile, or the person pressed Cancel: keep what was shown
        # rows checked one by one after this snapshot keep their fresher facts
        old = session.facts
        if old is not None:
            for key in list(old.tokens_new):
                if key not in facts.tokens_new and session.overlay.row_of_key(key) is not None:
                    facts.tokens_new[key] = old.tokens_new[key]
                    facts.set_problems(key, old.problems.get(key, []))
        facts.stale = facts.version != session.overlay.version
        session.facts = facts
        if session is self.session:
            self.model.facts_changed()
            self.problems_model.set_problems(session)
            if self.problems_only.isChecked():
                self.apply_filter()
            current = self.current_row()
            if current is not None and current < session.overlay.row_count:
                self.editor.show_problems(self._problems_of_key(session.overlay.key(current)))
            self._update_summary()
            self._update_state()

    def _validate_failed(self, session: DatasetSession, failure: Failure, task: Task) -> None:
        self._finish_task(session, "validate", task)
        if session is self.session:
            self._fail(failure)

    # -- fixes ----------------------------------------------------------------------------------------------------
    def _rows_with_code(self, code: str) -> list[int]:
        session = self.session
        if session is None or session.facts is None:
            return []
        import numpy as np

        keys = [k for k, plist in session.facts.problems.items() if any(p.get("code") == code for p in plist)]
        rows = session.overlay.rows_of_keys(np.asarray(keys, dtype=np.int64))
        return sorted(int(r) for r in rows if r >= 0)

    def _need_fresh_facts(self) -> bool:
        session = self.session
        if session is None or session.facts is None or session.facts.stale:
            QMessageBox.information(self, self.tr("Validate first"), self.tr(
                "This fix uses the results of Validate, which are missing or older than your last edit. Press "
                "Validate (F5), then try again."))
            return True
        return False

    def fix_duplicates(self) -> None:
        if self._need_fresh_facts():
            return
        rows = self._rows_with_code("duplicate")
        if not rows:
            self._say(self.tr("No exact duplicates were found."))
            return
        self.push({"op": "delete", "rows": rows})
        self._say(self.tr("Dropped {0} duplicate example(s); the first copy of each stays. Ctrl+Z undoes it.")
                  .format(len(rows)))

    def fix_overlong(self) -> None:
        if self._need_fresh_facts():
            return
        rows = self._rows_with_code("too_many_tokens")
        if not rows:
            self._say(self.tr("No example is over the token limit."))
            return
        self.push({"op": "delete", "rows": rows})
        self._say(self.tr("Dropped {0} over-long example(s). Ctrl+Z undoes it.").format(len(rows)))

    def fix_strip(self) -> None:
        self.push({"op": "transform", "name": "strip_whitespace", "params": {}})

    def fix_system_prompt(self) -> None:
        if self.session is None or not self.session.ready:
            return
        guess = ""
        for row in range(min(50, self.session.overlay.row_count)):
            ex = self.session.overlay.example(row) or {}
            for m in ex.get("messages") or []:
                if isinstance(m, dict) and m.get("role") == "system" and m.get("content"):
                    guess = str(m["content"])
                    break
            if guess:
                break
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Add a default system prompt"),
            self.tr("Examples without a system prompt get this one (the prompt you will use in production):"),
            guess or self.tr("You are a helpful assistant."))
        if ok and text.strip():
            self.push({"op": "transform", "name": "add_system_prompt", "params": {"text": text.strip()}})

    def fix_reencode(self) -> None:
        session = self.session
        if session is None or not session.ready:
            return
        if session.overlay.applied:
            QMessageBox.information(self, self.tr("Save first"), self.tr(
                "Re-encoding reads the file as it is on disk. Save or undo your edits first."))
            return
        self.bridge.op("data_reencode_plan", path=str(session.path)).success(
            lambda plan: self._confirm_reencode(session, dict(plan))).failure(self._fail).run()

    def _confirm_reencode(self, session: DatasetSession, plan: dict[str, Any]) -> None:
        """Show the lines re-encoding changes, as they will read, before anything is written."""
        dlg = ReencodeDialog(self.bridge, str(session.path), plan, self)
        self.reencode_dialog = dlg
        dlg.accepted.connect(lambda: self._reencode(session, dlg.chosen_encoding()))
        dlg.open()

    def _reencode(self, session: DatasetSession, encoding: str) -> None:
        if session is not self.session or session.overlay.applied:
            return
        # two quick commands in a row (write the UTF-8 copy, index it): one progress row for both, ended here
        task = self._start_task(session, "reencode", self.tr("Re-encoding {0}").format(session.path.name))

        def ended() -> None:
            task.finish()
            self._finish_task(session, "reencode", task)

        def failed(failure: Failure) -> None:
            ended()
            self._fail(failure)

        def built(index: Any) -> None:
            ended()
            if session is self.session:
                session.overlay.provide_index(index)
                self.push({"op": "rebase", "file": str(index.path)})

        def reencoded(path: str) -> None:
            self.bridge.op("data_build_index", path=path).success(built).failure(failed).run()

        self.bridge.op("data_reencode", path=str(session.path), encoding=encoding).success(reencoded).failure(
            failed).run()
