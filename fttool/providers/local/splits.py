"""Which of the project's files a local job trains with: the project's validation split when the params name none,
and never its test split (kept aside to judge the tuned model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fttool.errors import UsageError
from fttool.messages import register

register({
    "local_test_split_refused": "{path} is the project's test split: it is kept aside to judge the tuned model and "
                                "is never used for training or validation. Choose the training or validation split.",
})


def project_splits(project: str | Path | None) -> dict[str, Path]:
    """The project's dataset files by split (empty without a project, or when its project.json cannot be read)."""
    if not project:
        return {}
    from fttool.errors import InputError
    from fttool.project import Project

    try:
        return Project.open(project).dataset_files()
    except InputError:
        return {}


def _same_file(a: Any, b: Path) -> bool:
    try:
        return Path(str(a)).expanduser().resolve() == b.resolve()
    except OSError:
        return False


def launch_params(params: dict[str, Any], project: str | Path | None) -> dict[str, Any]:
    """The params a local job trains with, given its project: the project's validation split when the params name
    no validation file at all (the key absent; an explicit None means none), and never the project's test split
    (kept aside to judge the tuned model): naming it as training or validation data is refused."""
    splits = project_splits(project)
    out = dict(params)
    test = splits.get("test")
    if test is not None:
        for key in ("training_file", "validation_file"):
            if out.get(key) and _same_file(out[key], test):
                raise UsageError("local_test_split_refused", path=str(out[key]))
    valid = splits.get("validation") or splits.get("valid")
    if "validation_file" not in out and valid is not None and valid.is_file():
        out["validation_file"] = str(valid)
    return out
