"""`fttool project new NAME [--dir DIR] [--use-case TEXT] [--json]` and `fttool project list [--json]`.

The same functions as the window's File menu (fttool/project.py): a new project is an empty folder with
project.json and data/, remembered in the recent list; the list shows the recent projects first (a folder that is
gone says so), then the other folders in the projects folder."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def cmd_new(args: argparse.Namespace) -> int:
    from fttool.cli import print_json
    from fttool.messages import render
    from fttool.project import describe, new_project, remember_recent

    path = new_project(args.name, args.use_case or "", args.dir)
    remember_recent(path)
    if args.json:
        print_json(describe(path))
    else:
        print(render("project_created", {"path": str(path)}))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from fttool.cli import print_json
    from fttool.project import list_projects

    entries = list_projects(args.dir)
    if args.json:
        print_json(entries)
        return 0
    if not entries:
        print("No projects yet: fttool project new NAME", file=sys.stderr)
        return 0
    width = max(len(e["name"]) for e in entries)
    for e in entries:
        state = "" if e["exists"] else "  (missing)"
        print(f"{e['name'].ljust(width)}  {e['path']}{state}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("project", help="your projects: make a new one, list them")
    psub = p.add_subparsers(dest="project_command", metavar="ACTION", required=True)
    q = psub.add_parser("new", help="make an empty project folder (project.json and data/)")
    q.add_argument("name", help="the project's name, e.g. \"Bakery orders\"")
    q.add_argument("--dir", help="the folder to make it in (default: fttool's projects folder)")
    q.add_argument("--use-case", help="what the model should do, in one sentence")
    q.add_argument("--json", action="store_true", help="print the new project as JSON")
    q.set_defaults(func=cmd_new)
    q = psub.add_parser("list", help="the recent projects, then the others in the projects folder")
    q.add_argument("--dir", help="the projects folder to look in (default: fttool's)")
    q.add_argument("--json", action="store_true", help="print the list as JSON")
    q.set_defaults(func=cmd_list)
