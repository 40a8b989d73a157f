"""A project: a folder a person can open, zip and share (shared/DESIGN.md, "Data on disk").

    project.json      name, description, datasets by split, decision answers file, chosen backend/model
    data/*.jsonl      datasets
    decision.json     the Decide view's answers
No secret is ever written here.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.errors import InputError
from fttool.fsutil import atomic_write_json

SAMPLE_NAME = "recipe-assistant"


@dataclass
class Project:
    path: Path
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or self.path.name)

    @classmethod
    def open(cls, path: Path | str) -> Project:
        path = Path(path)
        meta_file = path / "project.json"
        if not meta_file.is_file():
            raise InputError("file_not_found", path=str(meta_file))
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError("unreadable_file", path=str(meta_file), reason=str(exc)) from exc
        return cls(path=path, meta=meta)

    def dataset_files(self) -> dict[str, Path]:
        """Split name -> file, as listed in project.json."""
        return {split: self.path / rel for split, rel in (self.meta.get("datasets") or {}).items()}

    def decision_file(self) -> Path:
        return self.path / str(self.meta.get("decision") or "decision.json")

    def save_meta(self) -> None:
        atomic_write_json(self.path / "project.json", self.meta)


def sample_source() -> Path:
    from fttool.resources import resource

    return resource("sample_project")


def ensure_sample_project(target_root: Path | None = None) -> Path:
    """Copy the shipped sample project into the user's projects folder (once), so edits never touch resources/."""
    from fttool.paths import projects_dir

    target = (target_root or projects_dir()) / SAMPLE_NAME
    if not (target / "project.json").is_file():
        shutil.copytree(sample_source(), target, dirs_exist_ok=True)
    return target
