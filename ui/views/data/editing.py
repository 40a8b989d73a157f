"""Editing the Data view's rows: every edit is a QUndoCommand over the session's overlay (written to its journal at
once), added, dropped and deleted examples, undo and redo, and the quick check of an edited row
(`data_check_example`). A mixin of DataView; it imports no other view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from fttool.datasets.session import DatasetSession, Facts
from fttool.errors import FtError
from ui.bridge import Failure

if TYPE_CHECKING:
    from ui.views.data.view import DataView

AUTO_VALIDATE_ROWS = 200_000  # revalidate by itself after an edit up to this size; above it, on request


class EditCommand(QUndoCommand):
    """One overlay operation; the overlay keeps the state, this tells it when to undo and redo."""

    def __init__(self, view: DataView, session: DatasetSession, op: dict[str, Any], text: str,
                 applied: bool = False, from_editor: bool = False) -> None:
        super().__init__(text)
        self.view = view
        self.session = session
        self.op = op
        self._applied = applied  # recovered from the journal: already in the overlay
        self._first = True
        self._from_editor = from_editor

    def redo(self) -> None:
        if self._first:
            self._first = False
            if not self._applied:
                self.op = self.session.overlay.apply(self.op)
            self.view.after_edit(self.session, self.op, from_editor=self._from_editor)
            return
        self.op = self.session.overlay.redo()
        self.view.after_edit(self.session, self.op)

    def undo(self) -> None:
        self.op = self.session.overlay.undo()
        self.view.after_edit(self.session, self.op)


class DataEditing:
    """Edits, undo and redo in the Data view (mixed into DataView)."""

    def _op_text(self, op: dict[str, Any]) -> str:
        kind = op.get("op")
        if kind == "set":
            return self.tr("Edit example {0}").format(int(op["row"]) + 1)
        if kind == "insert":
            return self.tr("Add example {0}").format(int(op["row"]) + 1)
        if kind == "delete":
            return self.tr("Delete {0} example(s)").format(len(op["rows"]))
        if kind == "transform":
            return {"strip_whitespace": self.tr("Strip whitespace"),
                    "add_system_prompt": self.tr("Add a default system prompt")}.get(op.get("name", ""),
                                                                                     str(op.get("name")))
        if kind == "rebase":
            return self.tr("Re-encode to UTF-8")
        return str(kind)

    def push(self, op: dict[str, Any], from_editor: bool = False) -> bool:
        session = self.session
        if session is None or not session.ready or self._saving:
            return False
        stack = self.stacks[session.split]
        try:
            stack.push(EditCommand(self, session, op, self._op_text(op), from_editor=from_editor))
        except FtError as exc:
            self._fail(Failure.of(exc))
            return False
        return True

    def edit_current(self, example: dict[str, Any]) -> None:
        row = self.editor.row
        if row is None:
            return
        self.push({"op": "set", "row": row, "example": example}, from_editor=True)

    def add_example(self) -> None:
        if self.session is None or not self.session.ready:
            return
        row = self.current_row()
        at = self.session.overlay.row_count if row is None else row + 1
        example = {"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]}
        if self.push({"op": "insert", "row": at, "examples": [example]}):
            self.select_overlay_row(at)
            self.editor.focus_message(0)

    def drop_row(self, row: int) -> None:
        """"Drop this example" in the editor: delete that row (Ctrl+Z brings it back)."""
        session = self.session
        if session is None or not 0 <= row < session.overlay.row_count:
            return
        if self.push({"op": "delete", "rows": [row]}) and session.overlay.row_count:
            self.select_overlay_row(min(row, session.overlay.row_count - 1))

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            first = rows[0]
            if self.push({"op": "delete", "rows": rows}) and self.session is not None:
                self.select_overlay_row(min(first, self.session.overlay.row_count - 1))

    def after_edit(self, session: DatasetSession, op: dict[str, Any], from_editor: bool = False) -> None:
        """The overlay changed (an edit, an undo or a redo): refresh what shows it and check what changed."""
        if session is not self.session:
            return
        kind = op.get("op")
        if kind == "set":
            row = int(op["row"])
            view_row = self.model.view_row(row)
            self.model.refresh(structural=False, rows=[] if view_row is None else [view_row])
            self.check_rows(session, [row])
            if not from_editor:
                self.select_overlay_row(row)
                self._refresh_editor()
        else:
            current = self.current_row()
            if self._search_rows is not None or self.problems_only.isChecked():
                self._search_rows = None
                if self.search_edit.text():
                    self._search_timer.start()
            self.model.refresh(structural=True)
            self.apply_filter(keep_row=current)
            if kind == "insert":
                self.check_rows(session, list(range(int(op["row"]), int(op["row"]) + len(op["examples"]))))
            self._refresh_editor()
        if session.facts is not None and kind in ("delete", "transform", "rebase", "insert", "set"):
            session.facts.stale = kind in ("delete", "transform", "rebase") or session.facts.stale
            self.problems_model.set_problems(session)
        if session.overlay.row_count <= AUTO_VALIDATE_ROWS:
            self._revalidate_timer.start()
        self._update_summary()
        self._update_state()

    def check_rows(self, session: DatasetSession, rows: list[int]) -> None:
        """Check edited rows at once (their tokens and their own problems), before the whole file is checked."""
        for row in rows:
            if row >= session.overlay.row_count:
                continue
            key = session.overlay.key(row)
            example = session.overlay.parsed_key(key).example
            if example is None or key >= 0:
                continue
            self.bridge.op("data_check_example", example=example, model=self._model_name(),
                           backend=self._backend()).success(
                lambda r, s=session, k=key: self._checked(s, k, r)).failure(
                lambda f: self._say(f.message)).run()  # in the status bar: the row keeps its last figures

    def _checked(self, session: DatasetSession, key: int, result: tuple[list[dict[str, Any]], int]) -> None:
        problems, tokens = result
        if session.facts is None:
            import numpy as np

            session.facts = Facts(-1, np.full(session.index.row_count, -1, dtype=np.int32), stale=True)
        facts = session.facts
        facts.tokens_new[key] = tokens
        if tokens < 0:
            facts.tokens_new.pop(key, None)
        facts.set_problems(key, problems)
        if session is self.session:
            row = session.overlay.row_of_key(key)
            view_row = None if row is None else self.model.view_row(row)
            if view_row is not None:
                self.model.refresh(structural=False, rows=[view_row])
            self.problems_model.set_problems(session)
            if self.current_row() == row:
                self.editor.show_problems(problems)
            self._update_summary()

    # -- undo and redo -------------------------------------------------------------------------------------------
    def undo(self) -> None:
        """The Undo button: typing not yet sent (the pause) becomes an edit first, so Undo takes it back."""
        if self._saving:
            return  # the rows are being written: they stay as they are until the save ends
        self.editor.commit()
        if self.undo_group.canUndo():
            self.undo_group.undo()

    def redo(self) -> None:
        if self._saving:
            return
        self.editor.commit()  # typing after an undo is a new edit: Redo then has nothing left to redo
        if self.undo_group.canRedo():
            self.undo_group.redo()
