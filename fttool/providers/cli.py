"""`fttool cleanup --backend B [--dry-run] [--only ID ...] [--yes] [--json]`: list what fttool created at a cloud
provider (uploaded files, fine-tuned models, Azure deployments) and delete it."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from fttool.errors import FtError
from fttool.messages import register as register_messages
from fttool.messages import render

register_messages({
    "cleanup_confirm": "Delete these {n} items at {provider}? Pass --yes to delete without asking.",
    "cleanup_done": "Deleted {ok} of {n} items.",
})


def cmd_cleanup(args: argparse.Namespace) -> int:
    from fttool.connection import LABELS
    from fttool.jobs.store import JobStore
    from fttool.providers.cleanup import delete_items, list_created

    store = JobStore()
    try:
        jobs = store.list()
    finally:
        store.close()
    items: list[dict[str, Any]] = asyncio.run(list_created(args.backend, jobs))
    if args.only:
        items = [i for i in items if i["id"] in set(args.only)]
    if args.kind:
        items = [i for i in items if i["kind"] in set(args.kind)]
    provider = LABELS.get(args.backend, args.backend)
    if args.json and args.dry_run:
        json.dump(items, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if not items:
        print(render("cleanup_nothing", {"provider": provider}))
        return 0
    for i in items:
        print(f"{i['kind']:<10} {i['id']:<40} {i['detail']}")
    if args.dry_run:
        return 0
    if not args.yes:
        if sys.stdin.isatty() and input("Delete them? [y/N] ").strip().lower() in ("y", "yes"):
            pass
        else:
            raise FtError("cleanup_confirm", n=len(items), provider=provider)
    results = asyncio.run(delete_items(args.backend, items))
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for r in results:
            if not r["ok"]:
                print(f"fttool: {r['kind']} {r['id']}: {r['message']}", file=sys.stderr)
        print(render("cleanup_done", {"ok": sum(r["ok"] for r in results), "n": len(results)}))
    return 0 if all(r["ok"] for r in results) else 1


def register(sub: Any) -> None:
    p = sub.add_parser("cleanup", help="list and delete what fttool created at a cloud provider")
    p.add_argument("--backend", required=True, choices=["openai", "azure", "together"])
    p.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    p.add_argument("--only", action="append", metavar="ID", help="delete only this item (repeatable)")
    p.add_argument("--kind", action="append", choices=["file", "model", "deployment", "endpoint"], help="only this kind")
    p.add_argument("--yes", action="store_true", help="delete without asking")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cleanup)
