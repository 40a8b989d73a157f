"""Where fttool keeps the user's data: platformdirs' user data dir, or $FTTOOL_HOME."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "fttool"


def data_dir() -> Path:
    """The data dir (created on first use). `FTTOOL_HOME` overrides it (tests point it at a temp dir)."""
    env = os.environ.get("FTTOOL_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def projects_dir() -> Path:
    p = data_dir() / "projects"
    p.mkdir(parents=True, exist_ok=True)
    return p


def logs_dir() -> Path:
    p = data_dir() / "logs"
    p.mkdir(parents=True, exist_ok=True)
    return p


def runtimes_dir() -> Path:
    p = data_dir() / "runtimes"
    p.mkdir(parents=True, exist_ok=True)
    return p


def jobs_db_path() -> Path:
    return data_dir() / "jobs.sqlite3"


def jobs_files_dir() -> Path:
    p = data_dir() / "jobs"
    p.mkdir(parents=True, exist_ok=True)
    return p


def settings_path() -> Path:
    return data_dir() / "settings.json"
