"""`fttool project new` and `fttool project list`: the same projects as the window's File menu."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support.cli import run_cli


def test_project_new_and_list(fttool_home: Path, tmp_path: Path) -> None:
    made = run_cli("project", "new", "Bakery orders", "--use-case", "Answer cake questions", "--json")
    assert made.returncode == 0, made.stderr
    entry = json.loads(made.stdout)
    path = Path(entry["path"])
    assert path == fttool_home / "projects" / "bakery-orders"
    assert entry["name"] == "Bakery orders" and entry["use_case"] == "Answer cake questions" and entry["exists"]
    meta = json.loads((path / "project.json").read_text())
    assert meta["datasets"] == {} and (path / "data").is_dir()

    elsewhere = run_cli("project", "new", "Shop", "--dir", str(tmp_path / "work"))
    assert elsewhere.returncode == 0 and str(tmp_path / "work" / "shop") in elsewhere.stdout

    listed = run_cli("project", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert [e["name"] for e in entries] == ["Shop", "Bakery orders"]  # the newest first
    shutil.rmtree(tmp_path / "work" / "shop")
    text = run_cli("project", "list")
    assert "Shop" in text.stdout and "(missing)" in text.stdout and "Bakery orders" in text.stdout


def test_project_new_refuses_an_empty_name_and_a_file_as_folder(fttool_home: Path, tmp_path: Path) -> None:
    empty = run_cli("project", "new", "   ")
    assert empty.returncode == 2 and "needs a name" in empty.stderr
    (tmp_path / "f").write_text("x")
    bad = run_cli("project", "new", "X", "--dir", str(tmp_path / "f"))
    assert bad.returncode == 2 and "is a file, not a folder" in bad.stderr
    assert not (fttool_home / "projects").exists() or not any((fttool_home / "projects").iterdir())
