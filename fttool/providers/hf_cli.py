"""`fttool hub push PATH --repo NAME [--private/--public] [--project DIR] [--json]` and `fttool hub hardware`.

PATH is a project folder (its data set goes to a dataset repo) or a finished model folder (it goes to a model
repo with a generated model card). Private by default. Progress goes to standard error; Ctrl-C cancels the
push before anything is committed.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any


def cmd_hub_push(args: argparse.Namespace) -> int:
    from huggingface_hub.utils import disable_progress_bars

    from fttool.cli import print_json
    from fttool.errors import Cancelled
    from fttool.hub.push import human_size, push_path
    from fttool.messages import render

    disable_progress_bars()  # our own progress line instead of the client's bars
    stop = threading.Event()
    last = [-1]
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, message: str) -> None:
        pct = int(100 * done / total) if total else 100
        if pct == last[0] and not tty:
            return
        last[0] = pct
        end = "\r" if tty else "\n"
        print(f"{message}: {pct}%".ljust(60), end=end, file=sys.stderr, flush=True)

    try:
        result = push_path(args.path, args.repo, private=not args.public, project_dir=args.project,
                           progress=None if args.quiet else progress, cancel=stop.is_set)
    except KeyboardInterrupt:
        stop.set()
        raise Cancelled() from None
    if tty and not args.quiet:
        print(file=sys.stderr)
    if args.json:
        print_json(result.to_dict())
    elif result.commit is None:
        print(render("hub_push_unchanged", {"files": result.files, "url": result.url}))
    else:
        print(render("hub_push_done", {"sent": result.sent, "files": result.files,
                                        "size": human_size(result.bytes_sent), "url": result.url}))
    return 0


def cmd_hub_hardware(args: argparse.Namespace) -> int:
    from fttool.cli import print_json
    from fttool.providers.huggingface import HuggingFaceProvider

    provider = HuggingFaceProvider()
    rows: list[dict[str, Any]] = provider.hardware()
    if args.json:
        print_json({"source": provider._hardware_source, "hardware": rows})
        return 0
    print(f"{'FLAVOR':<16} {'ACCELERATOR':<22} {'$/HOUR':>8}  NAME")
    for h in rows:
        print(f"{h['name']:<16} {str(h['accelerator'] or '-'):<22} {h['usd_per_minute'] * 60:>8.2f}  {h['label']}")
    print(f"(prices from {provider._hardware_source})", file=sys.stderr)
    return 0


def register(subparsers: Any) -> None:
    hub = subparsers.add_parser("hub", help="Hugging Face Hub: push data sets and models")
    sub = hub.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    p = sub.add_parser("push", help="push a project's data set or a model folder to a Hub repo (private by default)")
    p.add_argument("path", help="a project folder (pushes its data set) or a model folder (pushes the model)")
    p.add_argument("--repo", required=True, help="repo name, NAME or USER/NAME")
    vis = p.add_mutually_exclusive_group()
    vis.add_argument("--private", dest="public", action="store_false", help="create the repo private (default)")
    vis.add_argument("--public", dest="public", action="store_true", help="create the repo public")
    p.set_defaults(public=False)
    p.add_argument("--project", help="the project a model folder was trained from (data summary, evaluation)")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_hub_push)
    p = sub.add_parser("hardware", help="Hugging Face Jobs hardware with prices")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_hub_hardware)
