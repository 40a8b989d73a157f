"""One guard for the paths a project names: a project is a folder a stranger may share, so every path read from
its project.json (datasets, decision answers) must stay inside it. Refused: absolute paths, drive letters, `~`,
`..`, and anything that leaves the folder once symlinks are followed.

    safe = contained(project_dir, "data/train.jsonl")      # the resolved path, or FtError path_outside_project
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from fttool.errors import FtError
from fttool.messages import register

register({
    "path_outside_project": "{field} in {project} names '{path}', which is outside the project ({reason}). fttool "
                            "does not read or write it; the project opens read-only. Fix project.json to name a file "
                            "inside the project folder.",
    "path_reason_absolute": "an absolute path",
    "path_reason_parent": "it climbs out with '..'",
    "path_reason_home": "it starts from a home folder",
    "path_reason_link": "a link inside the project points outside it",
    "path_reason_empty": "an empty path",
    "project_read_only": "{project} opened read-only: it names files outside itself ({fields}). Nothing is written "
                         "to the project until its project.json is fixed.",
})


def reason(root: Path, rel: object) -> str | None:
    """Why `rel` (from a project file) is not a path inside `root`: a message code, or None when it is."""
    if not isinstance(rel, str) or not rel.strip():
        return "path_reason_empty"
    text = rel.strip()
    if text.startswith("~"):
        return "path_reason_home"
    if (os.path.isabs(text) or PureWindowsPath(text).is_absolute() or text.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", text)):
        return "path_reason_absolute"
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        return "path_reason_parent"
    base = root.resolve()
    target = (base / text).resolve()  # follows every link on the way, existing or not
    if target != base and base not in target.parents:
        return "path_reason_link"
    return None


def contained(root: Path, rel: object, *, field: str = "path") -> Path:
    """The path `rel` names inside `root`, resolved; FtError path_outside_project when it leaves `root`."""
    from fttool.messages import render

    why = reason(root, rel)
    if why is not None:
        raise FtError("path_outside_project", field=field, project=str(root), path=str(rel), reason=render(why))
    return (root.resolve() / str(rel).strip()).resolve()
