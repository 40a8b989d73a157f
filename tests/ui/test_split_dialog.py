"""The Split dialog from the Data view (pytest-qt, offscreen): opened by its button and by Ctrl+Shift+S, shares
that must add up to 100, live counts, replacing files only when the person says so, three files with their roles in
project.json, no leakage, a small validation file not marked red, unsaved edits saved first, roles translated."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fttool.datasets import formats as F
from fttool.project import Project

pytestmark = pytest.mark.usefixtures("qapp")

SYSTEM = "You are a recipe assistant."
WORDS = ("tomato basil garlic onion pepper lentil rice noodle salmon chicken tofu spinach butter lemon ginger "
         "curry soup stew salad bread oven pan grill roast bake fry boil simmer chop slice quick spicy creamy "
         "crispy sweet sour fresh frozen leftover weekend picnic breakfast lunch supper vegan cheap healthy").split()


def examples(n: int) -> list[dict[str, Any]]:
    import random

    out = []
    for i in range(n):
        rng = random.Random(i)
        out.append({"messages": [{"role": "system", "content": SYSTEM},
                                 {"role": "user", "content": f"Question {i}: {' '.join(rng.sample(WORDS, 9))}?"},
                                 {"role": "assistant", "content": f"Answer: {' '.join(rng.sample(WORDS, 14))}."}]})
    return out


def make_project(root: Path, rows: list[dict[str, Any]]) -> Project:
    F.write_jsonl(root / "data" / "train.jsonl", rows)
    meta = {"name": "t", "datasets": {"train": "data/train.jsonl"}, "base_model": "gpt-4o-mini-2024-07-18",
            "backend": "openai"}
    (root / "project.json").write_text(json.dumps(meta), encoding="utf-8")
    return Project.open(root)


@pytest.fixture
def bridge(service: Any, qtbot: Any) -> Iterator[Any]:
    from ui.bridge import Bridge

    b = Bridge(service)
    yield b
    qtbot.waitUntil(lambda: b.pending == 0, timeout=10_000)
    b.close()


def open_view(qtbot: Any, bridge: Any, project: Project) -> Any:
    from ui.views.data import DataView

    view = DataView(bridge)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.set_project(project)
    qtbot.waitUntil(lambda: view.session is not None and view.session.ready, timeout=10_000)
    qtbot.waitUntil(lambda: view.session.facts is not None and not view._tasks, timeout=30_000)
    return view


def counted(qtbot: Any, dlg: Any) -> None:
    qtbot.waitUntil(lambda: dlg._counts is not None and dlg.ok.isEnabled(), timeout=10_000)


def set_percent(qtbot: Any, spin: Any, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    assert spin.value() == value


def test_split_from_the_data_view_writes_three_files_with_roles(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    rows = examples(60)
    rows += [rows[5]] * 3  # copies that must stay on one side
    project = make_project(tmp_path, rows)
    view = open_view(qtbot, bridge, project)
    assert view.split_button.isEnabled()
    qtbot.mouseClick(view.split_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.split_dialog is not None and view.split_dialog.isVisible(), timeout=5_000)
    dlg = view.split_dialog
    assert dlg.percents() == (80, 10, 10) and dlg.keep.isChecked() and dlg.seed.value() == 0
    assert dlg.keep.toolTip() and "leakage" in dlg.keep.toolTip()
    counted(qtbot, dlg)
    # the person sets 80/10/10 (from 70/20/10) and sees the counts follow
    set_percent(qtbot, dlg.spins["train"], 70)
    set_percent(qtbot, dlg.spins["validation"], 20)
    counted(qtbot, dlg)
    assert "Validation: 13 examples" in dlg.preview_label.text()
    set_percent(qtbot, dlg.spins["train"], 80)
    assert "now 110%" in dlg.sum_label.text() and not dlg.ok.isEnabled()
    set_percent(qtbot, dlg.spins["validation"], 10)
    counted(qtbot, dlg)
    text = dlg.preview_label.text()
    assert "Train: 51 examples" in text and "Validation: 6 examples" in text and "Test: 6 examples" in text, text
    assert "(of 63)" in text and "4 examples have an identical copy" in text

    # shares that do not add up to 100: a clear message, no OK
    set_percent(qtbot, dlg.spins["test"], 15)
    assert "must add up to 100% (now 105%)" in dlg.sum_label.text() and not dlg.ok.isEnabled()
    assert dlg.sum_label.textFormat() == Qt.TextFormat.PlainText
    set_percent(qtbot, dlg.spins["test"], 10)
    counted(qtbot, dlg)
    assert dlg.sum_label.text() == "Total: 100%"

    # OK: train.jsonl exists, so the dialog asks first and names it; Cancel writes nothing
    before = (tmp_path / "data" / "train.jsonl").read_bytes()
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.replace_box is not None and dlg.replace_box.isVisible(), timeout=5_000)
    assert "data/train.jsonl" in dlg.replace_box.text()
    qtbot.mouseClick(dlg.replace_box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.replace_box is None and dlg.ok.isEnabled(), timeout=5_000)
    assert (tmp_path / "data" / "train.jsonl").read_bytes() == before
    assert not (tmp_path / "data" / "test.jsonl").exists()

    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.replace_box is not None and dlg.replace_box.isVisible(), timeout=5_000)
    yes = dlg.replace_box.findChild(type(dlg.ok), "splitReplaceYes")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.split_dialog is None, timeout=15_000)

    data = tmp_path / "data"
    parts = {p: [json.dumps(e, sort_keys=True) for _l, e in F.read_examples(data / f"{p}.jsonl")]
             for p in ("train", "validation", "test")}
    assert {p: len(v) for p, v in parts.items()} == {"train": 51, "validation": 6, "test": 6}
    assert not set(parts["train"]) & (set(parts["validation"]) | set(parts["test"]))  # no leakage
    assert not set(parts["validation"]) & set(parts["test"])
    assert (data / "train.before-split.jsonl").read_bytes() == before
    meta = json.loads((tmp_path / "project.json").read_text())
    assert meta["datasets"] == {"train": "data/train.jsonl", "validation": "data/validation.jsonl",
                                "test": "data/test.jsonl"}
    assert project.meta["datasets"] == meta["datasets"]  # the open project knows too

    # the view lists the files by role and opens train
    labels = [view.dataset_combo.itemText(i) for i in range(view.dataset_combo.count())]
    assert labels == ["train: train.jsonl", "validation: validation.jsonl", "test: test.jsonl"]
    qtbot.waitUntil(lambda: view.session is not None and view.session.split == "train" and view.session.ready
                    and view.session.facts is not None and not view._tasks, timeout=30_000)
    assert view.session.overlay.row_count == 51

    # the validation file: 6 examples, not red for being small, no training cost
    view.dataset_combo.setCurrentIndex(view.dataset_combo.findData("validation"))
    qtbot.waitUntil(lambda: view.session.split == "validation" and view.session.facts is not None
                    and not view._tasks, timeout=30_000)
    facts = view.session.facts
    assert facts.report["role"] == "validation" and facts.report["estimated_cost_usd"] is None
    assert not any(p["code"] == "too_few_examples" for p in facts.file_problems)
    assert facts.counts()[0] == 0  # no errors
    summary = view.summary_label.text()
    assert "no errors" in summary and "to train" not in summary and "a validation file" in summary
    # the test file: no training cost either
    view.dataset_combo.setCurrentIndex(view.dataset_combo.findData("test"))
    qtbot.waitUntil(lambda: view.session.split == "test" and view.session.facts is not None
                    and not view._tasks, timeout=30_000)
    assert view.session.facts.report["estimated_cost_usd"] is None
    assert "never uploaded" in view.summary_label.text()


def test_ctrl_shift_s_opens_it_and_unsaved_edits_are_saved_first(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path, examples(30))
    view = open_view(qtbot, bridge, project)
    view.push({"op": "delete", "rows": [0]})  # an unsaved edit
    assert view.session.overlay.dirty
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=5000)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyRelease(view.table, Qt.Key.Key_Shift)
    qtbot.keyRelease(view.table, Qt.Key.Key_Control)
    qtbot.waitUntil(lambda: getattr(view, "split_save_box", None) is not None, timeout=5_000)
    box = view.split_save_box
    assert "train.jsonl" in box.text() and view.split_dialog is None
    qtbot.mouseClick(box.findChild(type(view.split_button), "splitSaveFirstYes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.split_dialog is not None, timeout=15_000)
    assert len((tmp_path / "data" / "train.jsonl").read_text().splitlines()) == 29  # the edit was saved
    dlg = view.split_dialog
    counted(qtbot, dlg)
    assert "(of 29)" in dlg.preview_label.text()
    # Cancel closes it and changes nothing
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.split_dialog is None, timeout=5_000)
    assert not (tmp_path / "data" / "validation.jsonl").exists()
    assert json.loads((tmp_path / "project.json").read_text())["datasets"] == {"train": "data/train.jsonl"}


def test_role_names_in_the_combo_are_translated(qtbot: Any, bridge: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QTranslator

    class Roles(QTranslator):
        def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
            if context == "DataView" and source in ("train", "validation", "test"):
                return {"train": "latih", "validation": "pengesahan", "test": "ujian"}[source]
            return source  # every other text as it is

    tr = Roles()
    QApplication.installTranslator(tr)
    try:
        project = make_project(tmp_path, examples(12))
        (tmp_path / "data" / "test.jsonl").write_text(json.dumps(examples(1)[0]) + "\n")
        project.meta["datasets"]["test"] = "data/test.jsonl"
        view = open_view(qtbot, bridge, project)
        labels = [view.dataset_combo.itemText(i) for i in range(view.dataset_combo.count())]
        assert labels == ["latih: train.jsonl", "ujian: test.jsonl"]
    finally:
        QApplication.removeTranslator(tr)
