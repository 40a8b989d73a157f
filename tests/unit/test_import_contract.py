"""The import contracts (pyproject.toml): the core never imports the UI or Qt, views never register service
commands or reach the store and the keyring, and the core's rooms are layers. Each passes, and fails on a planted
import."""

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


def _copy(tmp_path: Path) -> Path:
    for name in ("fttool", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_contract_catches_a_view_that_imports_any_rooms_commands(tmp_path: Path) -> None:
    """Every room's commands module (fttool.*.commands, and the project's) is out of the views' reach."""
    root = _copy(tmp_path)
    (root / "ui" / "widgets" / "planted.py").write_text(
        "from fttool.chat.commands import register_commands  # noqa\nfrom fttool import project_commands  # noqa\n")
    r = run_lint(root)
    assert r.returncode != 0
    assert "ui.widgets.planted" in r.stdout
    assert "fttool.chat.commands" in r.stdout and "fttool.project_commands" in r.stdout


def test_layers_catch_an_import_upwards(tmp_path: Path) -> None:
    """Issue 21: the core's rooms are layers (pyproject.toml): the runtime never reaches the providers, the providers
    never reach the job service, chat never reaches datasets, the tables never reach a room, and the project and the
    connection settings are independent."""
    root = _copy(tmp_path)
    (root / "fttool" / "runtime" / "planted.py").write_text("from fttool.providers import registry  # noqa\n")
    (root / "fttool" / "providers" / "planted.py").write_text("from fttool.jobs import service  # noqa\n")
    (root / "fttool" / "chat" / "planted.py").write_text("import fttool.datasets.tokens  # noqa\n")
    with open(root / "fttool" / "tables.py", "a", encoding="utf-8") as f:
        f.write("\nimport fttool.chat.pricing  # noqa\n")
    with open(root / "fttool" / "connection.py", "a", encoding="utf-8") as f:
        f.write("\nimport fttool.project  # noqa\n")
    r = run_lint(root)
    assert r.returncode != 0
    assert "BROKEN" in r.stdout
    for chain in ("fttool.runtime.planted -> fttool.providers.registry",
                  "fttool.providers.planted -> fttool.jobs.service",
                  "fttool.chat.planted -> fttool.datasets.tokens",
                  "fttool.tables -> fttool.chat.pricing",
                  "fttool.connection -> fttool.project"):
        assert chain in r.stdout, chain


def test_every_core_module_sits_in_a_layer() -> None:
    """A new module of fttool (or of the split jobs room) must be given its place in the layers contract, else the
    linter would not look at it. The doors (cli, commands) and the package files are exempt."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")
    placed = {"fttool." + tail.strip() for layer in layers["layers"] for tail in layer.replace("|", ":").split(":")}
    missing = []
    for path in sorted((ROOT / "fttool").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        last = parts[-1]
        if name in ("fttool", "fttool.jobs") or last in ("cli", "commands") or last.endswith(("_cli", "_commands")):
            continue
        if not any(name == p or name.startswith(p + ".") for p in placed):
            missing.append(name)
    assert not missing, f"not in any layer of pyproject.toml's layers contract: {missing}"


def test_the_jobs_view_names_no_backend_for_its_actions() -> None:
    """Issue 21: push, deploy, export, open folder, pause and resume come from each backend's Capabilities (asked
    from the service), not from a list of backend names in the view; so do the Deploy dialog it opens and whether
    it shows "Provider says": no file of the view's package names a backend."""
    import re

    files = sorted((ROOT / "ui" / "views" / "jobs").rglob("*.py"))
    assert len(files) > 1, files  # the view is a package: every file of it is read
    found = [(f.name, name) for f in files
             for name in re.findall(r"""["'](openai|azure|hf|local|together)["']""", f.read_text(encoding="utf-8"))]
    assert not found, found


def _planted_tree(tmp_path: Path) -> Path:
    for name in ("fttool", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_contract_catches_a_view_that_builds_a_provider_or_reaches_the_runtime(tmp_path: Path) -> None:
    """Issue 21: views take descriptors (fttool.providers.base) from the core, never a provider implementation, the
    registry, the runtime, the Hub, the chat clients or the settings file: those go through the service."""
    tree = _planted_tree(tmp_path)
    (tree / "ui" / "widgets" / "planted.py").write_text(
        "from fttool.providers.local import LocalProvider  # noqa\nfrom fttool.providers.registry import get_provider"
        "  # noqa\nfrom fttool.runtime import install  # noqa\nfrom fttool import settings  # noqa\n"
        "from fttool.providers.base import ParamSpec  # noqa  (allowed: a descriptor)\n")
    r = run_lint(tree)
    assert r.returncode != 0
    assert "ui.widgets.planted" in r.stdout
    for name in ("fttool.providers.local", "fttool.providers.registry", "fttool.runtime", "fttool.settings"):
        assert name in r.stdout, name
    assert "fttool.providers.base" not in r.stdout


def test_contract_catches_a_view_that_imports_another_view(tmp_path: Path) -> None:
    """Issue 21: no view imports another view (the Jobs view once imported the Train view's Deploy dialog)."""
    tree = _planted_tree(tmp_path)
    with (tree / "ui" / "views" / "jobs" / "view.py").open("a", encoding="utf-8") as f:
        f.write("\nfrom ui.views.train import cloud  # noqa: E402,F401\n")
    r = run_lint(tree)
    assert r.returncode != 0
    assert "No view imports another view" in r.stdout and "BROKEN" in r.stdout
    assert "ui.views.jobs" in r.stdout and "ui.views.train" in r.stdout


def test_every_provider_module_but_the_descriptors_is_closed_to_views() -> None:
    """A new module under fttool/providers/ is an implementation until said otherwise: it must be on the views
    contract's forbidden list (only fttool.providers.base, the descriptors, is open to views)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["type"] == "forbidden" and "ui.views" in c["source_modules"])
    forbidden = set(contract["forbidden_modules"])
    root = ROOT / "fttool" / "providers"
    modules = {f"fttool.providers.{p.stem}" for p in root.glob("*.py") if p.stem not in ("__init__", "base")}
    modules |= {f"fttool.providers.{p.name}" for p in root.iterdir() if (p / "__init__.py").is_file()}
    missing = {m for m in modules if m not in forbidden and not m.endswith(("cli", "hf_cli"))}
    assert missing == set(), sorted(missing)
