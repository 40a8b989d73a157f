"""The wheel, installed into a fresh venv and used from outside the source tree: both packages import (every
module), every file of resources/ is found through fttool.resources (the wheel carries resources/ as the
package fttool._resources), the console scripts run, and the window starts offscreen.

The venv (build/wheel-test/venv, the app's dependencies only) is kept while pyproject.toml and
requirements.lock are unchanged; the wheel is built fresh each run and force-reinstalled.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "wheel-test"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def _run(cmd: list, **kw) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))[:300]} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHON_KEYRING_BACKEND", "FTTOOL_TEST_KEYRING_FILE", "VIRTUAL_ENV")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources (no build artefacts left in the tree)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("fttool", "ui", "resources"):
        shutil.copytree(ROOT / folder, src / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, src], env=clean_env())
    wheels = list(out.glob("fttool-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel: Path) -> Path:
    deps_key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + (ROOT / "requirements.lock").read_bytes())
    venv = CACHE / "venv"
    stamp = venv / ".deps-stamp"
    if not (stamp.exists() and stamp.read_text() == deps_key.hexdigest() and _bin(venv, "python").exists()):
        shutil.rmtree(venv, ignore_errors=True)
        venv.parent.mkdir(parents=True, exist_ok=True)
        _run([sys.executable, "-m", "venv", venv])
        _run([_bin(venv, "python"), "-m", "pip", "install", "--quiet", "-c", ROOT / "requirements.lock", wheel],
             env=clean_env())
        stamp.write_text(deps_key.hexdigest())
    # always this run's wheel
    _run([_bin(venv, "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", wheel],
         env=clean_env())
    return venv


CHECK = textwrap.dedent('''
    import hashlib, importlib, json, pkgutil, sys
    from pathlib import Path

    expected = json.loads(sys.argv[1])
    import fttool, ui
    from fttool.resources import resource, resources_root

    site = Path(sys.argv[2]).resolve()
    out = {"fttool": fttool.__file__, "ui": ui.__file__, "root": str(resources_root())}
    failed = []
    for pkg in (fttool, ui):
        for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            try:
                importlib.import_module(mod.name)
            except Exception as exc:  # report them all
                failed.append(f"{mod.name}: {type(exc).__name__}: {exc}")
    out["import_failures"] = failed
    missing, differ = [], []
    for rel, digest in expected.items():
        try:
            data = resource(*rel.split("/")).read_bytes()
        except FileNotFoundError:
            missing.append(rel)
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            differ.append(rel)
    out["missing"], out["differ"] = missing, differ
    out["inside_site"] = all(Path(p).resolve().is_relative_to(site) for p in (fttool.__file__, ui.__file__, out["root"]))
    print(json.dumps(out))
''')


def _resource_digests() -> dict[str, str]:
    base = ROOT / "resources"
    return {p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_wheel_imports_and_finds_every_resource(venv: Path, tmp_path: Path) -> None:
    py = _bin(venv, "python")
    site = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    expected = _resource_digests()
    assert expected, "resources/ is empty"
    proc = _run([py, "-c", CHECK, json.dumps(expected), site], cwd=tmp_path,
                env=clean_env(QT_QPA_PLATFORM="offscreen", FTTOOL_HOME=str(tmp_path / "home")))
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["inside_site"], f"imported from the source tree, not the wheel: {out}"
    assert Path(out["root"]).name == "_resources", out["root"]
    assert not out["import_failures"], out["import_failures"]
    assert not out["missing"], f"resources missing from the wheel: {out['missing']}"
    assert not out["differ"], f"resources that differ in the wheel: {out['differ']}"


def test_wheel_console_scripts_run(venv: Path, tmp_path: Path) -> None:
    env = clean_env(QT_QPA_PLATFORM="offscreen", FTTOOL_HOME=str(tmp_path / "home"))
    version = _run([_bin(venv, "fttool"), "--version"], cwd=tmp_path, env=env).stdout.strip()
    assert version.startswith("fttool ")
    _run([_bin(venv, "fttool-app"), "--smoke"], cwd=tmp_path, env=env, timeout=120)
    # every view drawn with the sample project, copied out of the installed package's resources
    _run([_bin(venv, "fttool-app"), "--screenshots", tmp_path / "shots"], cwd=tmp_path, env=env, timeout=120)
    assert len(list((tmp_path / "shots").glob("*.png"))) >= 6
    sample = tmp_path / "home" / "projects"
    assert any((p / "project.json").is_file() for p in sample.iterdir()), "sample project not copied from the wheel"
