"""The Playground's conversation, one model or two side by side: which column shows which model (shuffled when
blind), sending a turn to each model as a stream, stop, regenerate, clear, copy, and picking the better answer.
A mixin of PlaygroundView (its widgets are built there)."""

from __future__ import annotations

import random
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ui.views.playground.chat_widgets import ModelPicker, Turn
from ui.views.playground.names import model_title

if TYPE_CHECKING:
    from ui.bridge import Failure


class PlaygroundConversation:
    """The chat side of PlaygroundView (a mixin: the pickers, columns, buttons and status are built in view.py)."""

    # -- modes -----------------------------------------------------------------------------------------------
    def active_columns(self) -> list[int]:
        return [0, 1] if self.side_by_side.isChecked() else [0]

    def _mode_changed(self) -> None:
        two = self.side_by_side.isChecked()
        self.model_label.setText(self.tr("A:") if two else self.tr("Model:"))
        self.picker_b.setEnabled(two)
        self.blind.setEnabled(two)
        self.columns[1].setVisible(two)
        for c in self.columns:
            c.better_button.setVisible(two)
        self.order = [0, 1]
        if two and self.blind.isChecked():
            random.shuffle(self.order)
        self.revealed = False
        self._update_headers()

    def blind_active(self) -> bool:
        return self.side_by_side.isChecked() and self.blind.isChecked() and not self.revealed

    def picker_for_column(self, column: int) -> ModelPicker:
        return self.picker_a if self.order[column] == 0 else self.picker_b

    def _update_stats(self) -> None:
        """Tokens, cost and time of the last answers; hidden in blind mode (a price would give the model away)."""
        last = self.turns[-1] if self.turns else None
        for c in self.columns:
            meta = last.meta.get(c.index) if last else None
            if not meta:
                c.stats.clear()
            elif meta.get("error"):
                c.stats.setText(meta["error"])
            elif self.blind_active():
                c.stats.setText(self.tr("(hidden until you pick the better answer)"))
            else:
                c.stats.setText(self.describe_answer(meta))

    def letter(self, column: int) -> str:
        """A or B: the picker the column's model comes from (the names the tally uses)."""
        return "AB"[self.order[column]]

    def model_name(self, column: int) -> str:
        """The column's model by the name the pickers show (a job's name, a folder's name)."""
        target = self.picker_for_column(column).target() or {}
        entry = next((m for m in self.models if m.get("target") == target), None)
        if entry is not None:
            return model_title(entry)
        return str(target.get("label") or target.get("model") or self.tr("No model"))

    def _update_headers(self) -> None:
        two = self.side_by_side.isChecked()
        for c in self.columns:
            if self.blind_active():
                c.header.setText(self.tr("Model {0}").format(c.index + 1))
            elif two:
                c.header.setText(self.tr("{0} · {1}").format(
                    self.letter(c.index), self.picker_for_column(c.index).currentText() or self.tr("No model")))
            else:
                c.header.setText(self.picker_for_column(c.index).currentText() or self.tr("No model"))
            where = self.picker_for_column(c.index).itemData(self.picker_for_column(c.index).currentIndex(),
                                                             Qt.ItemDataRole.ToolTipRole)
            c.header.setToolTip(c.header.text() if self.blind_active() or not where
                                else f"{c.header.text()}\n{where}")
        self._update_stats()

    # -- conversation ---------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self.streams)

    def sampling(self) -> dict[str, Any]:
        stops = [s for s in self.stop_sequences.toPlainText().splitlines() if s][:4]
        return {"temperature": self.temperature.value(), "max_tokens": self.max_tokens.value(), "stop": stops}

    def messages_for(self, column: int, upto: int) -> list[dict[str, Any]]:
        """What column `column`'s model is sent for turn `upto`: the system prompt, earlier turns with the chosen
        answer (or its own), and this turn's message."""
        msgs: list[dict[str, Any]] = []
        system = self.system.toPlainText().strip()
        if system:
            msgs.append({"role": "system", "content": system})
        for t in self.turns[:upto]:
            msgs.append({"role": "user", "content": t.user})
            answer = t.answers.get(t.chosen if t.chosen is not None else column, "")
            msgs.append({"role": "assistant", "content": answer})
        msgs.append({"role": "user", "content": self.turns[upto].user})
        return msgs

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.busy:
            return
        if self.picker_a.target() is None:
            self.status.setText(self.tr("Choose a model first."))
            return
        self.turns.append(Turn(user=text))
        self.input.clear()
        self._rerender()
        self._start_turn(len(self.turns) - 1)

    def _start_turn(self, turn: int) -> None:
        for column in self.active_columns():
            target = self.picker_for_column(column).target()
            if target is None:
                continue
            if target.get("backend") == "local":
                self.status.setText(self.tr("Starting the local model: the first answer waits until it has "
                                            "loaded."))
                self._loading_note = True
            sid = self._next_stream
            self._next_stream += 1
            self.streams[sid] = (column, turn)
            self.turns[turn].answers[column] = ""
            # Stop cancels the stream's future: the answer ends at once (a chat is not a service task)
            self.futures[sid] = self.bridge.op(
                "chat_send", target=target, messages=self.messages_for(column, turn), sampling=self.sampling(),
                on_delta=self.relay.sender_for(sid)).success(partial(self._on_done, sid)).failure(
                partial(self._on_failed, sid)).run()
        self._update_buttons()

    def _on_done(self, sid: int, answer: dict[str, Any]) -> None:
        where = self.streams.pop(sid, None)
        self.futures.pop(sid, None)
        if where is None:
            return
        column, turn = where
        self._clear_loading_note()
        t = self.turns[turn]
        t.meta[column] = answer
        if t.answers.get(column) != answer.get("text"):
            t.answers[column] = answer.get("text") or ""
            self._rerender()
        self._update_stats()
        self._update_buttons()

    def _on_failed(self, sid: int, failure: Failure) -> None:
        where = self.streams.pop(sid, None)
        self.futures.pop(sid, None)
        if where is None:
            return
        column, turn = where
        self._clear_loading_note()
        message = failure.message
        self.turns[turn].meta[column] = {"error": message}
        self.columns[column].stats.setText(message)
        self._rerender()
        self._update_buttons()

    def _clear_loading_note(self) -> None:
        """The answers are coming (or failed): the model has loaded, the note is no longer true."""
        if self._loading_note:
            self._loading_note = False
            self.status.clear()

    def describe_answer(self, a: dict[str, Any]) -> str:
        parts = []
        if a.get("prompt_tokens") is not None:
            parts.append(self.tr("{0} + {1} tokens").format(a["prompt_tokens"], a.get("completion_tokens")))
        if a.get("cost_usd") is not None:
            parts.append(self.tr("${0:.6f}").format(a["cost_usd"]))
        parts.append(self.tr("{0:.0f} ms").format(a.get("latency_ms") or 0))
        if a.get("finish_reason") == "length":
            parts.append(self.tr("cut at the token limit"))
        return " · ".join(parts)

    def stop(self) -> None:
        self._clear_loading_note()
        for sid, fut in list(self.futures.items()):
            fut.cancel()
            column, turn = self.streams.get(sid, (None, None))
            if column is not None and turn is not None:
                self.turns[turn].meta[column] = {"error": self.tr("[stopped]")}
        self.futures.clear()
        self.streams.clear()
        self._rerender()
        self._update_buttons()

    def regenerate(self) -> None:
        if self.busy or not self.turns:
            return
        last = self.turns[-1]
        last.answers.clear()
        last.meta.clear()
        last.chosen = None
        self._update_stats()
        self._rerender()
        self._start_turn(len(self.turns) - 1)

    def clear(self) -> None:
        self.stop()
        self.turns.clear()
        for c in self.columns:
            c.stats.clear()
        self._mode_changed()
        self._rerender()
        self.status.clear()

    def copy_answer(self, column: int) -> None:
        if self.turns:
            QGuiApplication.clipboard().setText(self.turns[-1].answers.get(column, ""))
            self.status.setText(self.tr("Copied the answer."))

    def pick(self, column: int) -> None:
        if not self.turns or self.busy:
            return
        self.turns[-1].chosen = column
        picker = self.order[column]
        self.preferences[picker] += 1
        was_blind = self.blind_active()
        self.revealed = True
        self._update_headers()
        name = self.model_name(column)
        letter = self.letter(column)
        if was_blind:
            self.status.setText(self.tr("You preferred Model {0}: it was {1} · {2}. Preferences so far: A {3}, "
                                        "B {4}.").format(column + 1, letter, name, self.preferences[0],
                                                         self.preferences[1]))
        else:
            self.status.setText(self.tr("Chose {0} · {1}. Preferences so far: A {2}, B {3}.")
                                .format(letter, name, self.preferences[0], self.preferences[1]))

    def _rerender(self) -> None:
        you, model = self.tr("You"), self.tr("Assistant")
        for c in self.columns:
            c.render(self.turns, you, model)

    def _update_buttons(self) -> None:
        busy = self.busy
        self.send_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.regen_button.setEnabled(not busy and bool(self.turns))
        self.save_button.setEnabled(not busy and bool(self.turns))
        for c in self.columns:
            c.better_button.setEnabled(not busy and bool(self.turns))
