"""`fttool runtime install|status|remove [--engine trl|autotrain]`: the managed training environments from the
command line (one per engine: TRL, the default, and AutoTrain Advanced 0.8.36)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _bar(done: int, total: int, message: str) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    line = f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * done // max(total, 1):3d}%  {message[:70]:<70}"
    if sys.stderr.isatty():
        sys.stderr.write(line)
        sys.stderr.flush()


def cmd_install(args: argparse.Namespace) -> int:
    from fttool.cli import print_json
    from fttool.messages import render
    from fttool.runtime import env, install
    from fttool.runtime.engines import engine

    eng = engine(args.engine)
    hw = env.detect_hardware()
    device = args.device or env.install_device(hw)
    plan = install.make_plan(device, engine=eng.name)
    if not args.json:
        print(f"Installing {eng.title()} for {device} into {plan.venv}: about {plan.download_mb} MB to download, "
              f"{plan.disk_mb} MB on disk, {plan.minutes} min or more. Log: {install.install_log_path(eng.name)}",
              flush=True)
    last = [""]

    def progress(done: int, total: int, message: str) -> None:
        if sys.stderr.isatty():
            _bar(done, total, message)
        elif message != last[0] and not args.json:
            last[0] = message
            print(f"{100 * done // max(total, 1):3d}% {message}", flush=True)

    st = install.install(device, engine=eng.name, progress=progress)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        print_json(st)
    else:
        print(render("runtime_installed", {"path": st["path"], "size_mb": st["size_mb"], "engine": eng.label,
                                           "torch": st["torch_version"], "device": st["device"]}))
        print(f"Took {st.get('install_seconds')} s, downloaded {st.get('downloaded_mb')} MB.")
    return 0


def _describe(st: dict[str, Any]) -> str:
    if st["installed"]:
        text = (f"{st['engine_label']} {st['engine_version']}: installed, transformers {st['transformers_version']}, "
                f"torch {st['torch_version']}, device {st['device']}, {st['size_mb']} MB in {st['path']}")
        if st.get("outdated"):
            text += (f". Outdated: this fttool pins transformers {st['pinned']['transformers']}; update with "
                     f"`fttool runtime install --engine {st['engine']}`")
        return text
    return (f"{st['engine_label']} {st['engine_version']}: not installed ({st['path']}). Install with "
            f"`fttool runtime install --engine {st['engine']}`.")


def cmd_status(args: argparse.Namespace) -> int:
    from fttool.cli import print_json
    from fttool.runtime import install, uv
    from fttool.runtime.engines import ENGINES

    names = [args.engine] if args.engine else list(ENGINES)
    statuses: list[dict[str, Any]] = []
    for name in names:
        st = install.status(engine=name)
        if not st["installed"]:
            st["python_plan"] = uv.python_plan()
        statuses.append(st)
    if args.json:
        print_json(statuses[0])  # --engine E, or the default engine (TRL)
        return 0
    for st in statuses:
        print(_describe(st))
    plan = next((s["python_plan"] for s in statuses if "python_plan" in s), None)
    if plan and plan["source"] in ("download", "missing"):
        print(plan["message"])
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from fttool.messages import render
    from fttool.runtime import install

    res = install.remove(args.engine)
    print(render("runtime_removed", {"path": res["path"]}))
    return 0


def register(sub: Any) -> None:
    from fttool.runtime.engines import DEFAULT_ENGINE, ENGINES

    p = sub.add_parser("runtime", help="the local training runtimes (TRL, or AutoTrain Advanced, each in its own "
                                       "environment)")
    rs = p.add_subparsers(dest="runtime_command", metavar="ACTION", required=True)
    engine_help = f"which engine's runtime: {' or '.join(ENGINES)} (default {DEFAULT_ENGINE})"
    q = rs.add_parser("install", help="create, finish or update a runtime (resumes an interrupted install)")
    q.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=engine_help)
    q.add_argument("--device", choices=["cpu", "cuda"], help="torch build (default: cuda when nvidia-smi sees a GPU)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_install)
    q = rs.add_parser("status", help="whether the runtimes are installed, their versions and size")
    q.add_argument("--engine", choices=ENGINES, help="one engine (--json prints the default engine's without it)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_status)
    q = rs.add_parser("remove", help="delete a runtime's folder")
    q.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=engine_help)
    q.set_defaults(func=cmd_remove)
