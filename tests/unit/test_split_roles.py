"""File roles (issue 18): the checks that fit a train, validation or test file; the split into a project's three
files (keep identical examples together or not, a preview, the files it would replace, project.json); the CLI's
`validate --role` and `dataset split --no-keep-identical`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fttool.datasets import formats as F
from fttool.datasets.split import (
    DEFAULT_SEED,
    assign,
    content_key,
    existing_targets,
    preview,
    split,
    split_project,
)
from fttool.datasets.validate import validate_file
from fttool.errors import FtError, UsageError
from fttool.project import Project

MODEL = "gpt-4o-mini-2024-07-18"


def ex(i: int | str) -> dict[str, Any]:
    return {"messages": [{"role": "system", "content": "You are a recipe assistant."},
                         {"role": "user", "content": f"How long do I boil pasta number {i}?"},
                         {"role": "assistant", "content": f"Boil pasta {i} for nine minutes, then drain it."}]}


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    F.write_jsonl(path, rows)
    return path


def codes(report: Any) -> list[str]:
    return [p.code for p in report.problems]


# -- role rules ---------------------------------------------------------------------------------------------------
def test_a_small_train_file_is_too_small_but_a_validation_or_test_file_never_is(tmp_path: Path) -> None:
    small = write(tmp_path / "six.jsonl", [ex(i) for i in range(6)])
    train = validate_file(small, model=MODEL)
    assert "too_few_examples" in codes(train) and not train.valid
    assert train.role == "train" and train.estimated_cost_usd is not None and train.epochs > 0
    for role in ("validation", "test"):
        report = validate_file(small, model=MODEL, role=role)
        assert "too_few_examples" not in codes(report), role
        assert report.valid and report.role == role
        assert report.estimated_cost_usd is None and report.epochs == 0 and report.tokens["billed"] == 0
        assert report.tokens["total"] > 0  # its tokens are still counted (limits still apply)
        assert report.to_dict()["role"] == role


def test_a_validation_file_still_gets_its_format_checked(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    path.write_text(json.dumps(ex(1)) + "\n{not json\n" + json.dumps({"messages": [{"role": "user",
                                                                                   "content": "hi"}]}) + "\n")
    report = validate_file(path, model=MODEL, role="validation")
    assert {"invalid_json", "no_assistant_message"} <= set(codes(report)) and not report.valid


@pytest.mark.parametrize("role,code", [("validation", "in_validation_and_train"), ("test", "in_test_and_train")])
def test_leakage_from_train_is_reported_in_validation_and_test(tmp_path: Path, role: str, code: str) -> None:
    train = write(tmp_path / "train.jsonl", [ex(i) for i in range(20)])
    other = write(tmp_path / f"{role}.jsonl", [ex(100), ex(7), ex(101)])
    report = validate_file(other, model=MODEL, role=role, train=train)
    leaks = [p for p in report.problems if p.code == code]
    assert [(p.line, p.params["other_line"], p.severity) for p in leaks] == [(2, 8, "warning")]
    assert "train file" in leaks[0].message
    # without the train file there is nothing to compare with
    assert code not in codes(validate_file(other, model=MODEL, role=role))
    # a train file keeps its own rule: copies in the validation file
    t = validate_file(train, model=MODEL, validation=other)
    assert [p.line for p in t.problems if p.code == "in_train_and_validation"] == [8]


def test_an_unknown_role_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [ex(1)])
    with pytest.raises(UsageError) as e:
        validate_file(path, role="holdout")
    assert e.value.code == "validate_role_unknown"


def test_role_rules_hold_for_a_csv_too(tmp_path: Path) -> None:
    csv = tmp_path / "v.csv"
    csv.write_text("user,assistant\n" + "".join(f"q{i},a long enough answer {i}\n" for i in range(3)))
    report = validate_file(csv, model=MODEL, role="test")
    assert "too_few_examples" not in codes(report) and report.estimated_cost_usd is None and report.role == "test"


# -- split ----------------------------------------------------------------------------------------------------------
def test_identical_examples_stay_together_unless_asked_otherwise() -> None:
    keys = [content_key(ex(i)) for i in range(40)] + [content_key(ex(3))] * 9  # ten copies of example 3
    for seed in range(12):
        plan = assign(keys, (0.5, 0.25, 0.25), seed=seed)
        sides = {p for p, rows in plan.items() for r in rows if keys[r] == keys[3]}
        assert len(sides) == 1
        assert sorted(sum(plan.values(), [])) == list(range(len(keys)))
    straddled = 0
    for seed in range(12):
        plan = assign(keys, (0.5, 0.25, 0.25), seed=seed, keep_identical=False)
        sides = {p for p, rows in plan.items() for r in rows if keys[r] == keys[3]}
        straddled += len(sides) > 1
        assert sorted(sum(plan.values(), [])) == list(range(len(keys)))
    assert straddled  # drawn one by one, copies land on more than one side


def test_keep_identical_is_the_old_behaviour_byte_for_byte(tmp_path: Path) -> None:
    src = write(tmp_path / "all.jsonl", [ex(i) for i in range(30)] + [ex(4)])
    a = split(src, tmp_path / "a", seed=3)
    b = split(src, tmp_path / "b", seed=3, keep_identical=True)
    assert a.sha256 == b.sha256 and DEFAULT_SEED == 0


def test_preview_counts_match_the_files_and_write_nothing(tmp_path: Path) -> None:
    src = write(tmp_path / "all.jsonl", [ex(i) for i in range(100)] + [ex(5), ex(5)])
    before = sorted(p.name for p in tmp_path.iterdir())
    pv = preview(src, (0.8, 0.1, 0.1), seed=42)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert pv["total"] == 102 and sum(pv["counts"].values()) == 102 and pv["identical"] == 3
    res = split(src, tmp_path / "out", ratios=(0.8, 0.1, 0.1), seed=42)
    assert res.counts == pv["counts"]
    assert preview(src, (0.9, 0.1, 0), seed=42)["counts"].keys() == {"train", "validation"}
    with pytest.raises(UsageError):
        preview(src, (0, 0, 0))


def project(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    root = tmp_path / "proj"
    write(root / "data" / "train.jsonl", rows)
    (root / "project.json").write_text(json.dumps({"name": "p", "datasets": {"train": "data/train.jsonl"}}))
    return root


def test_split_into_a_project_asks_before_replacing_and_records_roles(tmp_path: Path) -> None:
    rows = [ex(i) for i in range(50)]
    root = project(tmp_path, rows)
    src = root / "data" / "train.jsonl"
    original = src.read_bytes()
    assert existing_targets(root, src) == ["data/train.jsonl"]
    with pytest.raises(FtError) as e:
        split_project(root, src, seed=42)
    assert e.value.code == "split_would_overwrite" and "data/train.jsonl" in str(e.value.params)
    assert src.read_bytes() == original and not (root / "data" / "test.jsonl").exists()
    out = split_project(root, src, (0.8, 0.1, 0.1), seed=42, overwrite=True)
    assert out["counts"] == {"train": 40, "validation": 5, "test": 5}
    assert out["backup"] == "data/train.before-split.jsonl"
    assert (root / out["backup"]).read_bytes() == original
    meta = json.loads((root / "project.json").read_text())
    assert meta["datasets"] == {"train": "data/train.jsonl", "validation": "data/validation.jsonl",
                                "test": "data/test.jsonl"}
    assert meta["split"]["seed"] == 42 and meta["split"]["keep_identical"] is True
    files = Project.open(root).dataset_files()
    parts = {role: [json.dumps(e, sort_keys=True) for _l, e in F.read_examples(p)] for role, p in files.items()}
    assert sorted(sum(parts.values(), [])) == sorted(json.dumps(r, sort_keys=True) for r in rows)
    assert not set(parts["train"]) & (set(parts["validation"]) | set(parts["test"]))
    # a second split keeps the first backup and names its own
    again = split_project(root, root / "data" / "train.jsonl", (0.5, 0.5, 0), seed=1, overwrite=True)
    assert again["backup"] == "data/train.before-split-2.jsonl" and set(again["files"]) == {"train", "validation"}


def test_a_source_outside_the_data_folder_splits_into_data(tmp_path: Path) -> None:
    root = project(tmp_path, [ex(i) for i in range(10)])
    outside = write(tmp_path / "elsewhere" / "mine.jsonl", [ex(i) for i in range(10, 30)])
    out = split_project(root, outside, seed=5, overwrite=True)
    assert out["files"]["test"] == "data/test.jsonl" and out["backup"] is None
    assert outside.exists() and sum(out["counts"].values()) == 20


def test_a_read_only_project_is_not_split(tmp_path: Path) -> None:
    root = project(tmp_path, [ex(i) for i in range(10)])
    meta = json.loads((root / "project.json").read_text())
    meta["datasets"]["test"] = "../outside.jsonl"
    (root / "project.json").write_text(json.dumps(meta))
    with pytest.raises(FtError) as e:
        split_project(root, root / "data" / "train.jsonl", overwrite=True)
    assert e.value.code == "project_read_only"
    assert not (root / "data" / "validation.jsonl").exists()


# -- CLI ------------------------------------------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fttool.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_validate_role(tmp_path: Path) -> None:
    small = write(tmp_path / "six.jsonl", [ex(i) for i in range(6)])
    train = write(tmp_path / "train.jsonl", [ex(i) for i in range(3, 30)])
    r = run_cli("validate", str(small), "--json")
    out = json.loads(r.stdout)
    assert r.returncode == 1 and out["role"] == "train" and out["estimated_cost_usd"] is not None
    assert any("needs at least" in e["message"] for e in out["errors"])
    for role in ("validation", "test"):
        r = run_cli("validate", str(small), "--role", role, "--json")
        out = json.loads(r.stdout)
        assert r.returncode == 0, r.stdout + r.stderr
        assert out["role"] == role and out["estimated_cost_usd"] is None and out["valid"] and not out["errors"]
    r = run_cli("validate", str(small), "--role", "test", "--train", str(train), "--json")
    out = json.loads(r.stdout)
    assert r.returncode == 0 and len([w for w in out["warnings"] if "also in the train file" in w["message"]]) == 3
    r = run_cli("validate", str(small), "--role", "test")
    assert r.returncode == 0 and "never uploaded" in r.stdout and "training cost" not in r.stdout
    r = run_cli("validate", str(small), "--role", "holdout")
    assert r.returncode == 2


def test_cli_split_no_keep_identical(tmp_path: Path) -> None:
    src = write(tmp_path / "all.jsonl", [ex(i) for i in range(20)] + [ex(1)] * 20)
    r = run_cli("dataset", "split", str(src), "--out", str(tmp_path / "o"), "--json", "--no-keep-identical",
                "--seed", "2")
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout)["counts"]
    assert sum(counts.values()) == 40 and counts["test"] == 4 and counts["validation"] == 4


def test_a_cancel_halfway_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    from fttool.errors import Cancelled

    root = project(tmp_path, [ex(i) for i in range(40)])
    data = root / "data"
    write(data / "test.jsonl", [ex("old test")])
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    meta_before = (root / "project.json").read_bytes()
    asked = []

    def cancel() -> bool:  # Cancel pressed after the first part was written
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        split_project(root, data / "train.jsonl", seed=3, overwrite=True, cancel=cancel)
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # no new file, no temp, no backup left
    assert (root / "project.json").read_bytes() == meta_before
