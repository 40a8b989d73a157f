"""A project from a stranger cannot touch anything outside its own folder (issue 26, item 1).

The hostile project's project.json names a temp "home" through an absolute path, a `..` path and a symlink that
sits inside the project but points out. Opened by the CLI and by the app (pytest-qt), clicked through Decide,
Data, save-as-example, evaluation and Hub push: nothing outside the project changes (the home is hashed before
and after), no outside file is read into a push, and the refusal is said in words."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project"


def tree_hash(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_symlink():
            out[rel] = "link:" + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "authorized_keys").write_text("ssh-ed25519 AAAA victim\n")
    (home / ".bashrc").write_text("export PATH=$PATH\n")
    (home / ".aws").mkdir()
    (home / ".aws" / "credentials").write_text("[default]\naws_secret_access_key = PLANTEDawsSECRET123\n")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "run.sh").write_text("#!/bin/sh\necho hi\n")
    project = tmp_path / "shared" / "project"
    shutil.copytree(SAMPLE, project)
    (project / "link").symlink_to(home)  # inside the project, pointing out of it
    meta = json.loads((project / "project.json").read_text())
    meta["decision"] = str(home / ".bashrc")
    meta["datasets"] = {"train": "../../victim/run.sh", "validation": str(home / ".aws" / "credentials"),
                        "test": "link/.ssh/authorized_keys"}
    (project / "project.json").write_text(json.dumps(meta))
    return project, home


def test_the_core_refuses_every_outside_path(hostile: tuple[Path, Path]) -> None:
    from fttool.errors import FtError
    from fttool.pathguard import contained, reason
    from fttool.project import Project

    project_dir, home = hostile
    p = Project.open(project_dir)
    assert p.read_only and {r["field"] for r in p.refused} == {"decision", "datasets.train", "datasets.validation",
                                                                "datasets.test"}
    assert {r["reason"] for r in p.refused} == {"path_reason_absolute", "path_reason_parent", "path_reason_link"}
    assert p.dataset_files() == {} and p.decision_file() == project_dir / "decision.json"
    with pytest.raises(FtError) as err:
        p.save_meta()
    assert err.value.code == "project_read_only" and ".bashrc" in err.value.message
    assert reason(project_dir, "data/train.jsonl") is None and reason(project_dir, "~/x") == "path_reason_home"
    assert reason(project_dir, "C:\\Users\\x") == "path_reason_absolute" and reason(project_dir, "") is not None
    assert contained(project_dir, "data/train.jsonl") == (project_dir / "data" / "train.jsonl").resolve()


def test_cli_and_app_leave_the_home_untouched(hostile: tuple[Path, Path], qtbot: Any, service: Any,
                                               hub_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.cli import run_cli

    project_dir, home = hostile
    before = tree_hash(home)
    victim = (project_dir / "../../victim/run.sh").resolve().read_bytes()
    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    from fttool import credentials

    credentials.set_secret("hf", hub_server.token)
    # the CLI: decide with the project, a Hub push of the project (refused, nothing sent)
    answers = project_dir / "answers.json"
    answers.write_text(json.dumps({"use_case": {"description": "recipes"}}))
    r = run_cli("decide", "--answers", str(answers), "--project", str(project_dir), "--json",
                env={"HF_ENDPOINT": hub_server.url, "HF_TOKEN": hub_server.token})
    assert r.returncode in (0, 1), r.stderr
    r = run_cli("hub", "push", str(project_dir), "--repo", "stolen", env={"HF_ENDPOINT": hub_server.url,
                                                                         "HF_TOKEN": hub_server.token})
    assert r.returncode != 0 and "outside" in (r.stderr + r.stdout), r.stderr
    assert hub_server.repo("dataset", "ada/stolen") is None
    assert not any(b"PLANTEDawsSECRET123" in req.body for req in hub_server.requests)
    # the app: open it (read-only, said in the status bar), tick in Decide, save an example, run an evaluation
    from ui.app import MainWindow

    w = MainWindow(service, remember_geometry=False)
    qtbot.addWidget(w)
    try:
        w.open_project(project_dir)
        assert "read-only" in w.project_label.text() and ".bashrc" in w.project_label.toolTip()
        w.show_view("decide")
        decide = w.view("decide")
        qtbot.waitUntil(lambda: decide.problem_label.isVisibleTo(decide) or decide._can_save, timeout=10_000)
        decide.set_answers({"use_case": {"description": "Recipes in a fixed format"}})
        decide.evaluate()
        service.wait_idle(10)
        w.show_view("data")
        service.wait_idle(10)
        example = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}
        with pytest.raises(Exception) as err:
            service.call("save_training_example", project=str(project_dir), example=example)
        assert "read-only" in str(getattr(err.value, "message", err.value))
    finally:
        w.close()
        w.shutdown()
    assert tree_hash(home) == before
    assert (project_dir / "../../victim/run.sh").resolve().read_bytes() == victim
    assert not (home / ".ssh.damaged").exists() and not (home / ".bashrc.damaged").exists()
