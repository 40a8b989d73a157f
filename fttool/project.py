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
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.errors import InputError
from fttool.fsutil import atomic_write_json
from fttool.messages import register

register({
    "project_name_empty": "A project needs a name.",
    "project_name_long": "A project's name can have at most {limit} characters.",
    "project_dir_not_folder": "{path} is a file, not a folder: choose a folder for the project.",
    "project_created": "Project created: {path}",
})

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


# -- a person's own projects ---------------------------------------------------------------------------------
# The sample in resources/ is a read-only template: "Try the sample" opens a copy of it, and once that copy has been
# edited, trying the sample again gives a fresh copy beside it (the edited one stays in Open recent). A person's own
# data never lands in the template or in a sample copy they did not choose.
RECENT_KEY = "recent_projects"
_recent_lock = threading.Lock()
RECENT_MAX = 10
NAME_MAX = 80


def _slug(name: str) -> str:
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()[:48].strip("-")
    return slug or "project"


def _free_folder(root: Path, slug: str) -> Path:
    candidate = root / slug
    n = 2
    while candidate.exists():
        candidate = root / f"{slug}-{n}"
        n += 1
    return candidate


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise InputError("project_name_empty")
    if len(name) > NAME_MAX:
        raise InputError("project_name_long", limit=NAME_MAX)
    return name


def new_project(name: str, use_case: str = "", root: Path | str | None = None) -> Path:
    """Make an empty project folder (project.json and data/) under `root` (the projects folder by default), named
    after `name` and never over an existing folder. Returns its path."""
    from datetime import datetime, timezone

    from fttool.paths import projects_dir

    name = _clean_name(name)
    base = Path(root) if root is not None else projects_dir()
    if base.exists() and not base.is_dir():
        raise InputError("project_dir_not_folder", path=str(base))
    base.mkdir(parents=True, exist_ok=True)
    folder = _free_folder(base, _slug(name))
    tmp = base / f".{folder.name}.creating"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "data").mkdir(parents=True)
    meta = {"name": name, "format": 1, "use_case": " ".join(str(use_case or "").split()), "datasets": {},
            "decision": "decision.json", "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    atomic_write_json(tmp / "project.json", meta)
    tmp.rename(folder)  # the folder appears whole or not at all
    return folder


def rename_project(path: Path | str, name: str) -> Project:
    """Give a project a new name (its folder stays where it is, so nothing that points at it breaks)."""
    project = Project.open(path)
    project.meta["name"] = _clean_name(name)
    project.save_meta()
    return project


def duplicate_project(path: Path | str, name: str | None = None) -> Path:
    """Copy a whole project folder beside it under a new name ("<name> (copy)" by default). Returns the copy."""
    source = Project.open(path)
    source.require_writable()  # a project naming outside paths is not copied (it could carry what it points at)
    new_name = _clean_name(name or f"{source.name} (copy)")
    folder = _free_folder(source.path.parent, _slug(new_name))
    tmp = source.path.parent / f".{folder.name}.creating"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(source.path, tmp, symlinks=True,
                    ignore=shutil.ignore_patterns(".*.creating", "*.tmp", "__pycache__"))
    meta = dict(source.meta)
    meta["name"] = new_name
    meta.pop("sample", None)
    atomic_write_json(tmp / "project.json", meta)
    tmp.rename(folder)
    return folder


def _same_files(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    try:
        return files(a) == files(b)
    except OSError:
        return False


def try_sample(root: Path | str | None = None) -> Path:
    """"Try the sample": the untouched sample copy, or a fresh copy when the earlier one was edited."""
    from fttool.paths import projects_dir

    base = Path(root) if root is not None else projects_dir()
    first = base / SAMPLE_NAME
    if not (first / "project.json").is_file():
        return ensure_sample_project(base)
    n = 1
    candidate = first
    while (candidate / "project.json").is_file():
        if _same_files(candidate, sample_source()):
            return candidate
        n += 1
        candidate = base / f"{SAMPLE_NAME}-{n}"
    shutil.copytree(sample_source(), candidate)
    return candidate


def is_sample(path: Path | str) -> bool:
    """Whether a folder is a copy of the sample (its name says so in the window's title and status bar)."""
    name = Path(path).name
    return name == SAMPLE_NAME or (name.startswith(SAMPLE_NAME + "-") and name[len(SAMPLE_NAME) + 1:].isdigit())


def describe(path: Path | str) -> dict[str, Any]:
    """What a project list shows of one folder: name, use case, whether it is still there."""
    p = Path(path)
    entry: dict[str, Any] = {"path": str(p), "name": p.name, "use_case": "", "exists": False, "sample": is_sample(p)}
    try:
        project = Project.open(p)
    except InputError:
        return entry
    entry.update(name=project.name, use_case=str(project.meta.get("use_case") or project.meta.get("description")
                                                 or ""), exists=True)
    return entry


def _recent_entries(settings_file: Path | None) -> list[dict[str, str]]:
    """The stored list: {path, name} each (the name is kept so a folder that is gone can still be named)."""
    from fttool import settings

    out: list[dict[str, str]] = []
    for item in settings.load(settings_file).get(RECENT_KEY) or []:
        if isinstance(item, str) and item:
            out.append({"path": item, "name": Path(item).name})
        elif isinstance(item, dict) and isinstance(item.get("path"), str) and item["path"]:
            out.append({"path": item["path"], "name": str(item.get("name") or Path(item["path"]).name)})
    return out


def recent_projects(settings_file: Path | None = None) -> list[dict[str, Any]]:
    """The projects opened lately, newest first; a folder that is gone stays listed with exists False."""
    out = []
    for item in _recent_entries(settings_file):
        entry = describe(item["path"])
        if not entry["exists"]:
            entry["name"] = item["name"]
        out.append(entry)
    return out


def remember_recent(path: Path | str, settings_file: Path | None = None) -> list[dict[str, str]]:
    from fttool import settings

    key = str(Path(path).resolve())
    with _recent_lock:  # read, change, write: one at a time
        entries = [e for e in _recent_entries(settings_file) if e["path"] != key]
        entries = [{"path": key, "name": describe(key)["name"]}, *entries][:RECENT_MAX]
        settings.update({RECENT_KEY: entries, "last_project": key}, settings_file)
    return entries


def forget_recent(path: Path | str, settings_file: Path | None = None) -> list[dict[str, str]]:
    from fttool import settings

    key = str(Path(path).resolve())
    with _recent_lock:
        entries = [e for e in _recent_entries(settings_file) if e["path"] != key]
        settings.update({RECENT_KEY: entries}, settings_file)
    return entries


def list_projects(root: Path | str | None = None, settings_file: Path | None = None) -> list[dict[str, Any]]:
    """Every project fttool knows: the recent ones first, then the other folders in the projects folder."""
    from fttool.paths import projects_dir

    base = Path(root) if root is not None else projects_dir()
    out = recent_projects(settings_file)
    seen = {str(Path(e["path"]).resolve()) for e in out}
    if base.is_dir():
        for child in sorted(base.iterdir()):
            if child.name.startswith(".") or not (child / "project.json").is_file():
                continue
            if str(child.resolve()) not in seen:
                out.append(describe(child))
    return out
