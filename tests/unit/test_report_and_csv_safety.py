"""Outside text stays text (issue 26, item 5): cells a spreadsheet would run as formulas are neutralised on
request (`fttool dataset convert --spreadsheet-safe`), left as they are otherwise; and a view shows a project's or
model's name as plain text, never as markup that could load a file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from fttool.datasets import formats


def test_spreadsheet_safe_csv_is_opt_in(tmp_path: Path) -> None:
    from tests.support.cli import run_cli

    src = tmp_path / "in.jsonl"
    ex = {"messages": [{"role": "system", "content": "@SUM(A1)"}, {"role": "user", "content": "=HYPERLINK(\"x\")"},
                       {"role": "assistant", "content": "-2+3 is 1"}]}
    src.write_text(json.dumps(ex) + "\n" + json.dumps({"messages": [{"role": "user", "content": "hi"},
                                                                       {"role": "assistant", "content": "+1"}]}) + "\n")
    plain, safe = tmp_path / "plain.csv", tmp_path / "safe.csv"
    assert run_cli("dataset", "convert", str(src), str(plain)).returncode == 0
    r = run_cli("dataset", "convert", str(src), str(safe), "--spreadsheet-safe")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(safe.open()))
    assert rows[0] == {"system": "'@SUM(A1)", "user": "'=HYPERLINK(\"x\")", "assistant": "'-2+3 is 1"}
    assert rows[1]["user"] == "hi" and rows[1]["assistant"] == "'+1"
    assert list(csv.DictReader(plain.open()))[0]["user"] == "=HYPERLINK(\"x\")"  # unchanged unless asked
    assert formats.spreadsheet_safe("\tx") == "'\tx" and formats.spreadsheet_safe("ok") == "ok"


@pytest.mark.usefixtures("qapp")
def test_views_show_names_as_plain_text(qtbot: Any, service: Any, tmp_path: Path) -> None:
    import shutil

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from ui.app import MainWindow

    root = Path(__file__).resolve().parents[2]
    project = tmp_path / "p"
    shutil.copytree(root / "resources" / "sample_project", project)
    meta = json.loads((project / "project.json").read_text())
    meta["name"] = "<img src='file:///etc/passwd'><b>bold</b>"
    meta["base_model"] = "<a href='x'>model</a>"
    (project / "project.json").write_text(json.dumps(meta))
    w = MainWindow(service, remember_geometry=False)
    qtbot.addWidget(w)
    try:
        w.open_project(project)
        assert w.project_label.textFormat() == Qt.TextFormat.PlainText and "<img" in w.project_label.text()
        for key in ("decide", "data", "train", "playground"):
            w.show_view(key)
            view = w.view(key)
            if key == "decide":  # its checklist rows are made when the scoring answers: wait for them
                qtbot.waitUntil(lambda v=view: bool(v.check_layout.count()), timeout=15_000)
            auto = [lb.objectName() or lb.text()[:30] for lb in view.findChildren(QLabel)
                    if lb.textFormat() == Qt.TextFormat.AutoText]
            assert not auto, (key, auto[:5])
    finally:
        w.close()
        w.shutdown()
