"""`fttool runtime install|status|remove`: the managed AutoTrain environment from the command line."""

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

    hw = env.detect_hardware()
    device = args.device or env.install_device(hw)
    plan = install.make_plan(device)
    if not args.json:
        print(f"Installing AutoTrain Advanced {env.AUTOTRAIN_VERSION} for {device} into {plan.venv}: about "
              f"{plan.download_mb} MB to download, {plan.disk_mb} MB on disk, {plan.minutes} min or more. "
              f"Log: {install.install_log_path()}", flush=True)
    last = [""]

    def progress(done: int, total: int, message: str) -> None:
        if sys.stderr.isatty():
            _bar(done, total, message)
        elif message != last[0] and not args.json:
            last[0] = message
            print(f"{100 * done // max(total, 1):3d}% {message}", flush=True)

    st = install.install(device, progress=progress)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if args.json:
        print_json(st)
    else:
        print(render("runtime_installed", {"path": st["path"], "size_mb": st["size_mb"],
                                           "torch": st["torch_version"], "device": st["device"]}))
        print(f"Took {st.get('install_seconds')} s, downloaded {st.get('downloaded_mb')} MB.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from fttool.cli import print_json
    from fttool.runtime import install

    st: dict[str, Any] = install.status()
    if not st["installed"]:
        from fttool.runtime import env

        st["python_plan"] = env.python_plan()
    if args.json:
        print_json(st)
        return 0
    if st["installed"]:
        print(f"Installed: AutoTrain {st['autotrain_version']}, torch {st['torch_version']}, device {st['device']}, "
              f"{st['size_mb']} MB in {st['path']}")
    else:
        print(f"Not installed ({st['path']}). Install with `fttool runtime install`.")
        if st["python_plan"]["source"] in ("download", "missing"):
            print(st["python_plan"]["message"])
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from fttool.messages import render
    from fttool.runtime import install

    res = install.remove()
    print(render("runtime_removed", {"path": res["path"]}))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("runtime", help="the local training runtime (AutoTrain Advanced in its own environment)")
    rs = p.add_subparsers(dest="runtime_command", metavar="ACTION", required=True)
    q = rs.add_parser("install", help="create or finish the runtime (resumes an interrupted install)")
    q.add_argument("--device", choices=["cpu", "cuda"], help="torch build (default: cuda when nvidia-smi sees a GPU)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_install)
    q = rs.add_parser("status", help="whether the runtime is installed, its versions and size")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_status)
    q = rs.add_parser("remove", help="delete the runtime's folder")
    q.set_defaults(func=cmd_remove)
