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
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _private(path)
    return path


def _private(path: Path) -> None:
    """Only its owner may enter the data dir (keys never live there, but job logs, datasets and caches do)."""
    if os.name == "nt":
        return
    try:
        st = path.stat()
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            path.chmod(st.st_mode & 0o700)
    except OSError:
        pass


def private_run_dir() -> Path:
    """A folder for sockets only this user can enter: $XDG_RUNTIME_DIR (the session's, 0700 by the system), else
    the data dir's run/ (0700), else /tmp/fttool-<uid> (0700, checked to be ours) when that path would be too long
    for a Unix socket."""
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    candidates = [Path(xdg)] if xdg and Path(xdg).is_dir() else []
    candidates.append(data_dir() / "run")
    candidates.append(Path("/tmp") / f"fttool-{os.getuid()}")
    for folder in candidates:
        if len(str(folder)) > 80:  # a Unix socket path must stay under about 104 bytes
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            st = folder.lstat()
        except OSError:
            continue
        if folder.is_symlink() or st.st_uid != os.getuid():
            continue  # another user's (or a planted) folder: never ours
        if st.st_mode & 0o077 and folder != (Path(xdg) if xdg else None):
            folder.chmod(0o700)
        return folder
    raise OSError("no private folder for the single-instance socket")


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
