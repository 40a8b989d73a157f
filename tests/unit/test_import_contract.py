"""The import contracts (pyproject.toml): the core never imports the UI or Qt, and views never register service
commands or reach the store and the keyring. Each passes, and fails on a planted import."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def run_lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)})


def test_contract_holds() -> None:
    r = run_lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "KEPT" in r.stdout


def test_contract_catches_a_planted_qt_import(tmp_path: Path) -> None:
    for name in ("fttool", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "fttool" / "planted.py").write_text("from PySide6 import QtCore  # noqa\nimport ui.bridge  # noqa\n")
    r = run_lint(tmp_path)
    assert r.returncode != 0
    assert "BROKEN" in r.stdout and "fttool.planted" in r.stdout


def test_contract_catches_a_view_that_registers_commands(tmp_path: Path) -> None:
    """Issue 21: views never register service commands (the service does, from SERVICE_COMMAND_MODULES) and never
    touch the job store or the keyring themselves."""
    for name in ("fttool", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "ui" / "views" / "planted.py").write_text(
        "from fttool.hub.commands import register_commands  # noqa\nfrom fttool import credentials  # noqa\n")
    r = run_lint(tmp_path)
    assert r.returncode != 0
    assert "BROKEN" in r.stdout and "ui.views.planted" in r.stdout
    assert "fttool.hub.commands" in r.stdout and "fttool.credentials" in r.stdout


def test_the_jobs_view_names_no_backend_for_its_actions() -> None:
    """Issue 21: push, deploy, export, open folder, pause and resume come from each backend's Capabilities (asked
    from the service), not from a list of backend names in the view."""
    import re

    source = (ROOT / "ui" / "views" / "jobs.py").read_text(encoding="utf-8")
    start = source.index("def _update_actions")
    body = source[start:source.index("\n    def ", start + 10)]
    assert not re.search(r'"(openai|azure|hf|local|together)"', body), body
