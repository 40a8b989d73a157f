"""The "Generate examples" dialog's review: the pending examples as a list, one example's question and the teacher's
answer (editable), filters, accept or reject the ticked ones (`synth_take`), the dropped ones with their reasons; and
the small helpers that read an example's parts. A mixin of SynthDialog (ui/widgets/synth_dialog.py)."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from shiboken6 import isValid

from ui.bridge import Failure

ROW = Qt.ItemDataRole.UserRole  # a list item's row in the pending list
IDENT = Qt.ItemDataRole.UserRole + 1  # its id (ex00003): edits are kept by id, rows move when others are taken


# -- an example's parts (a chat, or a DPO preference pair) ------------------------------------------------------
def _messages(example: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(example.get("messages"), list):
        return example["messages"]
    return list((example.get("input") or {}).get("messages") or [])


def _content(message: dict[str, Any]) -> str:
    c = message.get("content")
    if isinstance(c, list):
        return " ".join(str(p.get("text", "")) for p in c if isinstance(p, dict))
    return str(c or "")


def user_text(example: dict[str, Any]) -> str:
    return next((_content(m) for m in _messages(example) if m.get("role") == "user"), "")


def answer_text(example: dict[str, Any]) -> str:
    """The teacher's answer: the last assistant message, or a pair's preferred output."""
    if isinstance(example.get("preferred_output"), list) and example["preferred_output"]:
        return _content(example["preferred_output"][0])
    return next((_content(m) for m in reversed(_messages(example)) if m.get("role") == "assistant"), "")


def with_answer(example: dict[str, Any], text: str) -> dict[str, Any]:
    """A copy of the example with the teacher's answer replaced."""
    out = copy.deepcopy(example)
    if isinstance(out.get("preferred_output"), list) and out["preferred_output"]:
        out["preferred_output"][0]["content"] = text
        return out
    for m in reversed(out.get("messages") or []):
        if m.get("role") == "assistant":
            m["content"] = text
            break
    return out


def _first_line(text: str, limit: int = 120) -> str:
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


class SynthReview:
    """The review half of SynthDialog."""

    def load_review(self, run_dir: str) -> None:
        self._review_seq += 1
        seq = self._review_seq
        self._review_asked = run_dir
        op = self.bridge.op("synth_review", run_dir=run_dir)
        op.success(lambda r: self._on_review(seq, run_dir, r)).failure(
            lambda f: self._on_review_failed(seq, f)).run()

    def _on_review_failed(self, seq: int, failure: Failure) -> None:
        if isValid(self.status) and seq == self._review_seq:
            self.status.setText(failure.message)

    def _on_review(self, seq: int, run_dir: str, review: dict[str, Any]) -> None:
        if not isValid(self.pending) or seq != self._review_seq:
            return
        if run_dir != self.review_dir:
            self._edits.clear()
        self.review_dir = run_dir
        self.review = review
        summary = review.get("summary") or {}
        if summary and run_dir not in self._finished_before:
            self._finished_before[run_dir] = int(summary.get("requested") or 0)
        ids = {str(p.get("id")) for p in review.get("provenance") or []}
        self._edits = {k: v for k, v in self._edits.items() if k in ids}
        self._fill_list()

    def _fill_list(self) -> None:
        checked = {str(self.pending.item(i).data(IDENT)) for i in range(self.pending.count())
                   if self.pending.item(i).checkState() == Qt.CheckState.Checked}
        current = self.pending.currentItem()
        current_id = str(current.data(IDENT)) if current is not None else None
        prov = list(self.review.get("provenance") or [])
        self.pending.blockSignals(True)
        self.pending.clear()
        for row, example in enumerate(self.review.get("pending") or []):
            p = prov[row] if row < len(prov) else {}
            ident = str(p.get("id") or f"row{row}")
            item = QListWidgetItem()
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ident in checked else Qt.CheckState.Unchecked)
            item.setData(ROW, row)
            item.setData(IDENT, ident)
            item.setData(Qt.ItemDataRole.UserRole + 2, p.get("topic"))
            self._label_item(item, example)
            tip = [self.tr("Topic: {0}").format(p.get("topic") or self.tr("none")),
                   self.tr("Rating: {0}").format(p["rating"]) if p.get("rating") is not None
                   else self.tr("Rating: not rated"),
                   self.tr("Teacher: {0}").format(p.get("teacher") or "?")]
            if p.get("source_chunk"):
                tip.append(self.tr("From: {0}").format(p["source_chunk"]))
            item.setToolTip("\n".join(tip))
            self.pending.addItem(item)
        self.pending.blockSignals(False)
        topics = sorted({str(p.get("topic")) for p in prov if p.get("topic")})
        chosen = self.topic.currentData()
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem(self.tr("All topics"), None)
        for t in topics:
            self.topic.addItem(t, t)
        i = self.topic.findData(chosen) if chosen is not None else 0
        self.topic.setCurrentIndex(max(i, 0))
        self.topic.blockSignals(False)
        self._apply_filter()
        shown = [self.pending.item(i) for i in range(self.pending.count()) if not self.pending.item(i).isHidden()]
        chosen_item: QListWidgetItem | None = next((it for it in shown if it.data(IDENT) == current_id),
                                                   shown[0] if shown else None)
        if chosen_item is not None:
            self.pending.setCurrentItem(chosen_item)
        else:
            self.pending.setCurrentRow(-1)
        self._on_current(chosen_item, None)
        self._update_counts()
        self._update_buttons()

    def _label_item(self, item: QListWidgetItem, example: dict[str, Any]) -> None:
        ident = str(item.data(IDENT))
        answer = self._edits.get(ident, answer_text(example))
        text = f"{_first_line(user_text(example))}\n→ {_first_line(answer)}"
        if ident in self._edits:
            text = self.tr("{0} (edited)").format(text)
        item.setText(text)

    def _example(self, row: int) -> dict[str, Any]:
        return dict((self.review.get("pending") or [])[row])

    def _apply_filter(self, *_: Any) -> None:
        topic = self.topic.currentData()
        for i in range(self.pending.count()):
            item = self.pending.item(i)
            item.setHidden(topic is not None and item.data(Qt.ItemDataRole.UserRole + 2) != topic)
        current = self.pending.currentItem()
        if current is not None and current.isHidden():
            self.pending.setCurrentRow(-1)
        self._update_buttons()

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self.answer.blockSignals(True)
        if item is None or item.isHidden():
            self.answer.setPlainText("")
            self.answer.setEnabled(False)
            self.question.setText("")
        else:
            example = self._example(int(item.data(ROW)))
            self.answer.setPlainText(self._edits.get(str(item.data(IDENT)), answer_text(example)))
            self.answer.setEnabled(not self._taking)
            self.question.setText(self.tr("User: {0}").format(user_text(example)))
        self.answer.blockSignals(False)

    def _on_answer_edited(self) -> None:
        item = self.pending.currentItem()
        if item is None:
            return
        example = self._example(int(item.data(ROW)))
        ident = str(item.data(IDENT))
        text = self.answer.toPlainText()
        if text == answer_text(example):
            self._edits.pop(ident, None)
        else:
            self._edits[ident] = text
        self.pending.blockSignals(True)
        self._label_item(item, example)
        self.pending.blockSignals(False)

    def _update_counts(self) -> None:
        dropped: dict[str, int] = {}
        for d in self.review.get("dropped") or []:
            reason = str(d.get("reason") or "")
            dropped[reason] = dropped.get(reason, 0) + 1
        words = self.tr("{0} passed").format(len(self.review.get("pending") or []))
        if dropped:
            words += " · " + self.tr("dropped: {0}").format(", ".join(f"{self.reason_label(r)} {n}"
                                                                      for r, n in dropped.items()))
        elif self.review.get("summary"):
            words += " · " + self.tr("nothing dropped")
        self.counts.setText(words if self.review_dir and (self.review.get("summary") or self.review.get("pending"))
                            else "")
        self.show_dropped_button.setEnabled(bool(dropped))

    def reason_label(self, reason: str) -> str:
        return {"failed": self.tr("failed"), "empty": self.tr("empty"), "cut_off": self.tr("cut off"),
                "refusal": self.tr("refusal"), "personal_data": self.tr("personal data"),
                "invalid": self.tr("invalid"), "too_long": self.tr("too long"), "duplicate": self.tr("duplicate"),
                "near_duplicate": self.tr("near duplicate"), "leakage": self.tr("leakage"),
                "low_rating": self.tr("low rating")}.get(reason, reason)

    def visible_checked(self) -> list[QListWidgetItem]:
        return [self.pending.item(i) for i in range(self.pending.count())
                if not self.pending.item(i).isHidden() and self.pending.item(i).checkState() == Qt.CheckState.Checked]

    def _update_buttons(self) -> None:
        idle = self.task is None
        ready = idle and not self._asking_plan and self.plan is not None and not self._missing()
        self.preview_button.setEnabled(ready)
        self.generate_button.setEnabled(ready and self.review_dir is not None
                                        and self.review_dir == self.plan.get("run_dir")  # type: ignore[union-attr]
                                        and bool(self.review.get("summary")))
        reviewing = idle and not self._taking
        any_checked = bool(self.visible_checked())
        self.accept_button.setEnabled(reviewing and any_checked)
        self.reject_button.setEnabled(reviewing and any_checked)
        self.check_all_button.setEnabled(reviewing and any(not self.pending.item(i).isHidden()
                                                           for i in range(self.pending.count())))
        current = self.pending.currentItem()
        self.answer.setEnabled(reviewing and current is not None and not current.isHidden())

    def check_all(self) -> None:
        self.pending.blockSignals(True)
        for i in range(self.pending.count()):
            item = self.pending.item(i)
            if not item.isHidden():
                item.setCheckState(Qt.CheckState.Checked)
        self.pending.blockSignals(False)
        self._update_buttons()

    def accept_checked(self) -> None:
        """The ticked examples (as edited) leave as `accepted_examples`; then they are taken from the pending set,
        their provenance recorded beside the train file."""
        items = self.visible_checked()
        if not items or self._taking or self.task is not None or self.review_dir is None:
            return
        rows = [int(item.data(ROW)) for item in items]
        examples = []
        for item in items:
            example = self._example(int(item.data(ROW)))
            edited = self._edits.get(str(item.data(IDENT)))
            examples.append(with_answer(example, edited) if edited is not None else example)
        self.accepted_examples.emit(examples)
        self._take(rows, accepted=True)

    def reject_checked(self) -> None:
        items = self.visible_checked()
        if not items or self._taking or self.task is not None or self.review_dir is None:
            return
        self._take([int(item.data(ROW)) for item in items], accepted=False)

    def _take(self, rows: list[int], accepted: bool) -> None:
        self._taking = True
        self._update_buttons()
        run_dir = str(self.review_dir)
        op = self.bridge.op("synth_take", run_dir=run_dir, rows=rows, project=self.project_path, accepted=accepted)
        op.success(lambda r: self._on_taken(run_dir, accepted, r)).failure(self._on_take_failed).run()

    def _on_taken(self, run_dir: str, accepted: bool, result: dict[str, Any]) -> None:
        if not isValid(self.status):
            return
        self._taking = False
        n = len(result.get("taken") or [])
        if accepted:
            self.status.setText(self.tr("Accepted {0} example(s) into the train dataset in the Data view: Undo "
                                        "there takes them out, Ctrl+S saves them.").format(n))
        else:
            self.status.setText(self.tr("Rejected {0} example(s); they are not offered again.").format(n))
        self.load_review(run_dir)

    def _on_take_failed(self, failure: Failure) -> None:
        if not isValid(self.status):
            return
        self._taking = False
        self.status.setText(failure.message)
        if self.review_dir:
            self.load_review(self.review_dir)

    # -- the dropped ones -------------------------------------------------------------------------------------
    def show_dropped(self) -> QDialog:
        dropped = list(self.review.get("dropped") or [])
        dlg = QDialog(self)
        dlg.setObjectName("synthDroppedDialog")
        dlg.setWindowTitle(self.tr("Dropped examples"))
        dlg.resize(820, 420)
        table = QTableWidget(len(dropped), 3)
        table.setObjectName("synthDroppedList")
        table.setHorizontalHeaderLabels([self.tr("Reason"), self.tr("Detail"), self.tr("User message")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, d in enumerate(dropped):
            example = d.get("example") if isinstance(d.get("example"), dict) else None
            cells = (self.reason_label(str(d.get("reason") or "")), str(d.get("detail") or ""),
                     user_text(example) if example else "")
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(_first_line(value, 300))
                cell.setToolTip(value)
                table.setItem(r, c, cell)
        table.resizeColumnToContents(0)
        table.setColumnWidth(1, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dlg.reject)
        layout = QVBoxLayout(dlg)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dropped_dialog = dlg
        dlg.open()
        return dlg
