"""The project room's service commands (the window's File menu: new, open, rename, duplicate, try the sample, the
recent list); the work is done in fttool/project.py. `register_commands(service)` adds them; the service calls it
when it starts (fttool/jobs/commands.py:SERVICE_COMMAND_MODULES)."""

from __future__ import annotations

from typing import Any

from fttool.project import (
    Project,
    describe,
    duplicate_project,
    forget_recent,
    new_project,
    recent_projects,
    remember_recent,
    rename_project,
    try_sample,
)


def _cmd_new(service: Any, name: str, use_case: str = "", root: str | None = None) -> dict[str, Any]:
    path = new_project(name, use_case, root)
    remember_recent(path)
    return describe(path)


def _cmd_open(service: Any, path: str) -> dict[str, Any]:
    project = Project.open(path)  # raises file_not_found for a folder without project.json
    remember_recent(project.path)
    return describe(project.path)


def _cmd_rename(service: Any, path: str, name: str) -> dict[str, Any]:
    rename_project(path, name)
    remember_recent(path)  # the recent list shows the new name
    return describe(path)


def _cmd_duplicate(service: Any, path: str, name: str | None = None) -> dict[str, Any]:
    copy = duplicate_project(path, name)
    remember_recent(copy)
    return describe(copy)


def _cmd_try_sample(service: Any) -> dict[str, Any]:
    path = try_sample()
    remember_recent(path)
    return describe(path)


def _cmd_recent(service: Any) -> list[dict[str, Any]]:
    return recent_projects()


def _cmd_forget(service: Any, path: str) -> list[dict[str, Any]]:
    forget_recent(path)
    return recent_projects()


def register_commands(service: Any) -> None:
    service.register_command("project_new", _cmd_new, blocking=True)
    # the recent list's commands run on the service's loop, one after the other in the order asked: two opens in
    # quick succession must leave the later one as the last project
    service.register_command("project_open", _cmd_open)
    service.register_command("project_rename", _cmd_rename, blocking=True)
    service.register_command("project_duplicate", _cmd_duplicate, blocking=True)
    service.register_command("project_try_sample", _cmd_try_sample, blocking=True)
    service.register_command("project_recent", _cmd_recent)
    service.register_command("project_forget", _cmd_forget)
