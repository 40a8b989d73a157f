"""What a project remembers of the Train view (project.json `train_form`: plain values, never a secret, written
atomically without touching the rest), and local training's validation file: the project's validation split goes
into the job's spec (TRL's eval split: the loss the job's chart shows), an explicit None means none, and the
project's test split is never trained or validated on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from fttool.errors import UsageError
from fttool.jobs.record import Job
from fttool.project import Project
from fttool.providers import train_form
from fttool.providers.local import LocalProvider, launch_params, trl
from tests.support.tiny_model import write_chats


def make_project(root: Path, splits: tuple[str, ...] = ("train", "validation", "test")) -> Path:
    folder = root / "proj"
    (folder / "data").mkdir(parents=True)
    datasets = {}
    for split in splits:
        write_chats(folder / "data" / f"{split}.jsonl", 6)
        datasets[split] = f"data/{split}.jsonl"
    (folder / "project.json").write_text(json.dumps({"name": "P", "datasets": datasets, "backend": "local",
                                                     "base_model": "x"}))
    return folder


# -- train_form ----------------------------------------------------------------------------------------------
def test_clean_form_keeps_plain_values_and_drops_secrets() -> None:
    form = {"_view": {"backend": "local", "advanced": True},
            "local": {"engine": "trl", "epochs": 3, "learning_rate": 2e-4, "first_look": True, "seed": None,
                      "api_key": "abc", "hf_token": "x", "password": "p", "note": "sk-abcdefghijklmnop",
                      "nested": {"a": 1}, "list": [1, 2], "bad name!": 1},
            "openai": "not a dict", "../evil": {"a": 1}}
    cleaned = train_form.clean_form(form)
    assert cleaned == {"_view": {"backend": "local", "advanced": True},
                       "local": {"engine": "trl", "epochs": 3, "learning_rate": 2e-4, "first_look": True,
                                 "seed": None}}
    assert train_form.clean_form(None) == {} and train_form.clean_form([1]) == {}


def test_save_writes_only_train_form_and_load_reads_it_back(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    before = json.loads((folder / "project.json").read_text())
    saved = train_form.save_train_form(folder, {"local": {"epochs": 7, "token": "secret"}})
    assert saved == {"local": {"epochs": 7}}
    meta = json.loads((folder / "project.json").read_text())
    assert meta == {**before, "train_form": {"local": {"epochs": 7}}}  # everything else as it was
    assert "secret" not in (folder / "project.json").read_text()
    assert train_form.load_train_form(Project.open(folder)) == {"local": {"epochs": 7}}
    assert not list(folder.glob("*.tmp*"))  # written through a temporary file, replaced whole
    # a shared project.json with junk in train_form is read cleaned
    meta["train_form"] = {"local": {"epochs": 2, "api_key": "k"}, "x": 3}
    (folder / "project.json").write_text(json.dumps(meta))
    assert train_form.load_train_form(Project.open(folder)) == {"local": {"epochs": 2}}


def test_save_refuses_a_read_only_project(tmp_path: Path) -> None:
    from fttool.errors import FtError

    folder = make_project(tmp_path)
    meta = json.loads((folder / "project.json").read_text())
    meta["datasets"]["extra"] = "../../etc/passwd"
    (folder / "project.json").write_text(json.dumps(meta))
    with pytest.raises(FtError):
        train_form.save_train_form(folder, {"local": {"epochs": 1}})
    assert "train_form" not in json.loads((folder / "project.json").read_text())


def test_the_service_command_saves(tmp_path: Path, service: Any) -> None:
    from fttool.runtime.commands import register_commands as register

    register(service)
    folder = make_project(tmp_path)
    service.call("train_form_save", project=str(folder), form={"local": {"epochs": 5}})
    assert json.loads((folder / "project.json").read_text())["train_form"] == {"local": {"epochs": 5}}


# -- the validation file -----------------------------------------------------------------------------------
def test_launch_params_take_the_projects_validation_split(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    train = str(folder / "data" / "train.jsonl")
    out = launch_params({"training_file": train}, str(folder))
    assert out["validation_file"] == str(folder / "data" / "validation.jsonl")
    assert launch_params({"training_file": train, "validation_file": None}, str(folder))["validation_file"] is None
    other = write_chats(tmp_path / "mine.jsonl", 3)
    assert launch_params({"training_file": train, "validation_file": str(other)}, str(folder))[
        "validation_file"] == str(other)
    assert "validation_file" not in launch_params({"training_file": train}, None)  # no project: nothing added
    no_valid = make_project(tmp_path / "b", ("train", "test"))
    assert "validation_file" not in launch_params({"training_file": train}, str(no_valid))


def test_the_test_split_is_never_trained_or_validated_on(tmp_path: Path) -> None:
    folder = make_project(tmp_path)
    test = str(folder / "data" / "test.jsonl")
    for key in ("training_file", "validation_file"):
        params = {"training_file": str(folder / "data" / "train.jsonl"), key: test}
        with pytest.raises(UsageError) as err:
            launch_params(params, str(folder))
        assert err.value.code == "local_test_split_refused" and "test.jsonl" in err.value.message


def test_a_local_trl_job_spec_measures_the_projects_validation_split(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The job folder gets data/validation.jsonl and TRL's YAML evaluates on it (eval loss -> valid_loss)."""
    from fttool.runtime import install

    folder = make_project(tmp_path)
    venv = tmp_path / "venv"
    monkeypatch.setattr(install, "require_installed", lambda engine: venv)
    monkeypatch.setattr(install, "status", lambda engine=None: {})
    launched: list[list[str]] = []

    def fake_launch(self: Any, job: Job, job_dir: Path, argv: list[str], venv: Path, base_model: str,
                    engine: str) -> dict[str, Any]:
        launched.append(argv)
        return {"pid": 1}

    monkeypatch.setattr(LocalProvider, "_launch", fake_launch)
    model = tmp_path / "model"
    model.mkdir()
    (model / "chat_template.jinja").write_text("{{ messages }}")
    job = Job(backend="local", base_model=str(model), project=str(folder),
              params={"engine": "trl", "recipe": "manual", "epochs": 1, "batch_size": 2,
                      "training_file": str(folder / "data" / "train.jsonl")})
    job_dir = tmp_path / "job"
    job_dir.mkdir()
    fields = LocalProvider()._start(job, job_dir)
    assert launched and fields["params"]["validation_file"] == str(folder / "data" / "validation.jsonl")
    assert (job_dir / "data" / "validation.jsonl").is_file()
    cfg = yaml.safe_load((job_dir / trl.CONFIG).read_text())
    assert cfg["dataset_test_split"] == "validation" and cfg["eval_strategy"] == "steps"
    assert cfg["metric_for_best_model"] == "eval_loss"
    # the person chose none: no eval split
    job2 = Job(backend="local", base_model=str(model), project=str(folder),
               params={**job.params, "validation_file": None})
    job_dir2 = tmp_path / "job2"
    job_dir2.mkdir()
    LocalProvider()._start(job2, job_dir2)
    assert yaml.safe_load((job_dir2 / trl.CONFIG).read_text())["eval_strategy"] == "no"
    assert not (job_dir2 / "data" / "validation.jsonl").exists()


def test_engine_view_gives_the_reason_as_a_code() -> None:
    from fttool.providers.local import engine_view

    view = engine_view({"engine": "auto"}, "<base model>", "<job folder>")
    assert view["engine_reason_code"] == "engine_auto_trl" and "transformers" in view["engine_reason_params"]
