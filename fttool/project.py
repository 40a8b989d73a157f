"""A project: a folder a person can open, zip and share (shared/DESIGN.md, "Data on disk").

    project.json      name, description, datasets by split, decision answers file, chosen backend/model
    data/*.jsonl      datasets
    decision.json     the Decide view's answers
No secret is ever written here.

A project may come from a stranger: every path project.json names is checked to stay inside the folder
(fttool/pathguard.py). A path that leaves it is never read or written; it is listed in `refused` and the project
is `read_only` (save_meta refuses; the app shows why).
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
    refused: list[dict[str, str]] = field(default_factory=list)  # {field, path, reason}: paths outside the project

    def __post_init__(self) -> None:
        from fttool.pathguard import reason

        self.refused = []
        named: list[tuple[str, Any]] = [(f"datasets.{k}", v) for k, v in (self.meta.get("datasets") or {}).items()]
        if "decision" in self.meta:
            named.append(("decision", self.meta.get("decision")))
        for fld, rel in named:
            why = reason(self.path, rel)
            if why is not None:
                self.refused.append({"field": fld, "path": str(rel), "reason": why})

    @property
    def read_only(self) -> bool:
        return bool(self.refused)

    def refused_params(self) -> dict[str, str]:
        """The parameters of the project_read_only message."""
        return {"project": self.name, "fields": ", ".join(f"{r['field']} = {r['path']}" for r in self.refused)}

    def refused_message(self) -> str | None:
        """What the app shows when a project names paths outside itself (None when it does not)."""
        if not self.refused:
            return None
        from fttool.messages import render

        return render("project_read_only", self.refused_params())

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
        """Split name -> file inside the project, as listed in project.json (a path leaving the project is left
        out: see `refused`)."""
        from fttool.pathguard import reason

        out: dict[str, Path] = {}
        for split, rel in (self.meta.get("datasets") or {}).items():
            if reason(self.path, rel) is None:
                out[split] = self.path / str(rel).strip()
        return out

    def decision_file(self) -> Path:
        """The decision answers inside the project (decision.json when project.json names a path outside it)."""
        from fttool.pathguard import reason

        rel = self.meta.get("decision") or "decision.json"
        return self.path / (str(rel).strip() if reason(self.path, rel) is None else "decision.json")

    def save_meta(self) -> None:
        from fttool.errors import FtError

        if self.read_only:
            raise FtError("project_read_only", **self.refused_params())
        atomic_write_json(self.path / "project.json", self.meta)

    def require_writable(self) -> None:
        """Raise project_read_only before anything is written into a project that names outside paths."""
        if self.read_only:
            from fttool.errors import FtError

            raise FtError("project_read_only", **self.refused_params())


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
