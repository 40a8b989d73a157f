"""The Playground's "Save as training example": the review dialog (edit before saving), saving into the project's
training split on the service, saying where it went, and "Undo save". A mixin of PlaygroundView."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from ui.bridge import Failure


class PlaygroundReview:
    """The save-example side of PlaygroundView (a mixin: the Save and Undo save buttons and the status are built in
    view.py; the chat's turns and model names come from PlaygroundConversation)."""

    # -- training example -----------------------------------------------------------------------------------
    def example(self) -> dict[str, Any]:
        msgs: list[dict[str, Any]] = []
        system = self.system.toPlainText().strip()
        if system:
            msgs.append({"role": "system", "content": system})
        for t in self.turns:
            msgs.append({"role": "user", "content": t.user})
            msgs.append({"role": "assistant", "content": t.answers.get(t.chosen if t.chosen is not None else 0, "")})
        return {"messages": msgs}

    def save_example(self) -> None:
        if not self.turns or self.project is None:
            return
        if self.side_by_side.isChecked() and self.turns[-1].chosen is None:
            self.status.setText(self.tr("Pick the better answer first: that is the one the example keeps."))
            return
        if self.review_dialog is not None:
            self.review_dialog.raise_()
            return
        self._open_review(self.example())

    def _open_review(self, example: dict[str, Any], error: str = "") -> None:
        from ui.widgets.review_example_dialog import ReviewExampleDialog

        dialog = ReviewExampleDialog(example, self.answer_source(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if error:
            dialog.error.setText(error)
            dialog.error.setVisible(True)
        dialog.accepted.connect(partial(self._review_accepted, dialog))
        dialog.finished.connect(self._review_closed)
        self.review_dialog = dialog
        dialog.open()

    def answer_source(self) -> str:
        """Which model wrote the answer the example keeps (the last turn's chosen one)."""
        last = self.turns[-1] if self.turns else None
        column = last.chosen if last is not None and last.chosen is not None else 0
        name = self.model_name(column)
        if not self.side_by_side.isChecked():
            return self.tr("Answer from {0}").format(name)
        return self.tr("Answer from Model {0}: {1}").format(self.letter(column), name)

    def _review_accepted(self, dialog: Any) -> None:
        example = dialog.example()
        if example is None or self.project is None:
            return
        source = self.answer_source()
        self.status.setText(self.tr("Saving…"))
        self.bridge.op("save_training_example", project=str(self.project.path), example=example).success(
            partial(self._on_saved, example, source)).failure(partial(self._on_review_save_failed, example)).run()

    def _on_review_save_failed(self, example: dict[str, Any], failure: Failure) -> None:
        """The file refused it (not valid, read-only project): the dialog again, with the edits and the reason."""
        import shiboken6

        if not shiboken6.isValid(self):
            return
        message = failure.message
        self.status.setText(message)
        if self.review_dialog is None:
            self._open_review(example, message)

    def _review_closed(self, result: int) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        if self.review_dialog is not None and result != 1:
            self.status.setText(self.tr("Not saved: the example was not added to the training data."))
        self.review_dialog = None

    def undo_save(self) -> None:
        if self._saved_example is None or self.project is None:
            return
        example, self._saved_example = self._saved_example, None
        self.undo_save_button.setVisible(False)
        self.bridge.op("undo_training_example", project=str(self.project.path), example=example).success(
            self._on_undone).failure(self._on_save_failed).run()

    def _on_undone(self, result: dict[str, Any]) -> None:
        import shiboken6

        if shiboken6.isValid(self):
            self.status.setText(self.tr("The example was taken out again."))

    def _on_saved(self, example: dict[str, Any], source: str, result: dict[str, Any]) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        self._saved_example = example
        self.undo_save_button.setVisible(True)
        warnings = [w["message"] for w in result.get("warnings") or []]
        text = self.tr("Saved as line {0} of {1} ({2}). 'Undo save' takes it out again.").format(
            result["line"], result["path"], source)
        if warnings:
            text += " " + self.tr("Warnings: {0}").format("; ".join(warnings))
        self.status.setText(text)

    def _on_save_failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)
