"""The `fttool` command-line tool. Exit codes: 0 success, 1 failure, 2 usage or unreadable input.

Each room adds its own subcommands through a `register(subparsers)` function in its `cli` module, listed in
COMMAND_MODULES; this file keeps only the shared plumbing, `auth` and `jobs`.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from fttool import __version__
from fttool.errors import FtError, UsageError

# Rooms that add subcommands (module with `register(subparsers)`).
COMMAND_MODULES: list[str] = ["fttool.runtime.cli", "fttool.decision.cli", "fttool.providers.hf_cli", "fttool.chat.cli",
                             "fttool.providers.cli", "fttool.datasets.cli", "fttool.project_cli"]
# which module registers each of their commands: a run of one command imports only its module (startup matters
# for `fttool validate` of a small file; tests/unit/test_cli_startup.py keeps this map true)
COMMAND_MODULE: dict[str, str] = {
    "runtime": "fttool.runtime.cli", "decide": "fttool.decision.cli", "hub": "fttool.providers.hf_cli",
    "chat": "fttool.chat.cli", "eval": "fttool.chat.cli", "cleanup": "fttool.providers.cli",
    "validate": "fttool.datasets.cli", "dataset": "fttool.datasets.cli", "project": "fttool.project_cli"}

Handler = Callable[[argparse.Namespace], int]


def print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


# -- auth ----------------------------------------------------------------------------------------------
def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def cmd_auth_set(args: argparse.Namespace) -> int:
    from fttool import credentials, settings
    from fttool.messages import render

    name = args.name
    if name not in credentials.SPECS and not name.startswith(credentials.SERVER_PREFIX):
        # a named OpenAI-compatible server: `fttool auth set myvllm --base-url http://...`
        name = credentials.SERVER_PREFIX + name
    spec = credentials.spec(name)
    if args.endpoint:
        if spec.name != "azure":
            raise UsageError("endpoint_only_azure")
        credentials.set_secret("azure-endpoint", args.endpoint)
    if args.base_url:
        if not spec.name.startswith(credentials.SERVER_PREFIX):
            raise UsageError("base_url_only_server")
        servers = dict(settings.get("servers") or {})
        servers[spec.name[len(credentials.SERVER_PREFIX):]] = args.base_url
        settings.update({"servers": servers})
    secret = _read_secret(f"{spec.label}: ")
    credentials.set_secret(spec.name, secret)
    print(render("secret_saved", {"name": spec.name}))
    return 0


def _all_secret_names() -> list[str]:
    from fttool import credentials, settings

    return [credentials.SERVER_PREFIX + n for n in (settings.get("servers") or {})]


def cmd_auth_status(args: argparse.Namespace) -> int:
    from fttool import credentials

    rows = credentials.status(_all_secret_names())
    ok, backend, reason = credentials.keyring_status()
    if args.json:
        print_json(rows)
    else:
        width = max(len(str(r["provider"])) for r in rows)
        for r in rows:
            state = f"set ({r['source']})" if r["set"] else "not set"
            print(f"{str(r['provider']).ljust(width)}  {state}")
    if not ok:
        from fttool.errors import KeyringUnavailable

        env = ", ".join(s.env for s in credentials.SPECS.values() if s.env)
        print(KeyringUnavailable(reason=reason, env=env).message, file=sys.stderr)
    return 0


# what `fttool auth test --json` says in "status": the connection check's codes in seven words
AUTH_TEST_STATUS = {"connection_ok": "ok", "bad_key": "bad_key", "forbidden": "bad_key", "missing_secret": "bad_key",
                    "rate_limited": "rate_limited", "unreachable": "unreachable", "missing_setting": "unreachable",
                    "timeout": "timeout", "tls_error": "tls", "server_error": "server_error"}


def cmd_auth_test(args: argparse.Namespace) -> int:
    """The check Settings' Test connection makes (fttool.connection), from the command line."""
    import asyncio

    from fttool.connection import check_connection

    result = asyncio.run(check_connection(args.name, timeout=args.timeout))
    status = AUTH_TEST_STATUS.get(str(result.get("code")), "unreachable")
    if args.json:
        print_json({"provider": args.name, "status": status, "code": result.get("code"),
                    "message": result.get("message"), "details": result.get("details", "")})
    else:
        print(result.get("message"))
    return 0 if status == "ok" else 1


def cmd_auth_delete(args: argparse.Namespace) -> int:
    from fttool import credentials
    from fttool.messages import render

    name = args.name
    if name not in credentials.SPECS and not name.startswith(credentials.SERVER_PREFIX):
        name = credentials.SERVER_PREFIX + name
    deleted = credentials.delete_secret(name)
    print(render("secret_deleted" if deleted else "secret_not_set", {"name": name}))
    return 0


# -- jobs ----------------------------------------------------------------------------------------------
def cmd_jobs_list(args: argparse.Namespace) -> int:
    from fttool.jobs.store import JobStore

    store = JobStore()
    try:
        jobs = store.list()
    finally:
        store.close()
    if args.json:
        print_json([j.to_dict() for j in jobs])
        return 0
    if not jobs:
        print("No jobs yet.")
        return 0
    print(f"{'ID':<17} {'BACKEND':<8} {'STATUS':<11} {'BASE MODEL':<28} {'RESULT':<30} UPDATED")
    for j in jobs:
        status = j.status.value + ("*" if j.connection != "ok" else "")
        print(f"{j.id:<17} {j.backend:<8} {status:<11} {str(j.base_model or '-')[:28]:<28} "
              f"{str(j.result_model or '-')[:30]:<30} {j.updated_at}")
    return 0


def cmd_jobs_show(args: argparse.Namespace) -> int:
    from fttool.jobs.store import JobStore

    store = JobStore()
    try:
        job = store.get(args.id)
    finally:
        store.close()
    if args.json:
        print_json(job.to_dict())
        return 0
    d = job.to_dict()
    for key in ("id", "backend", "status", "provider_status", "connection", "provider_job_id", "base_model",
                "result_model", "created_at", "updated_at"):
        print(f"{key:<16} {d[key] if d[key] is not None else '-'}")
    print(f"{'params':<16} {json.dumps(d['params'])}")
    print(f"{'dataset_sha256':<16} {json.dumps(d['dataset_sha256'])}")
    for name, series in d["metrics"].items():
        last = series[-1] if series else None
        print(f"{'metric ' + name:<16} {len(series)} points, last {last}")
    if d["error"]:
        print(f"{'error':<16} {d['error']['code']}: {d['error']['message']}")
    return 0


# -- parser --------------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


# Commands whose process ends without the interpreter's teardown (freeing a tokenizer's 200,000 ranks and every
# module takes about 50 ms, a sixth of `fttool validate` on a small file). Only from the console entry point
# (`argv is None`), never when main() is called in a process that goes on.
QUICK_EXIT = {"validate"}


def _quick_exit(code: int) -> NoReturn:
    """Flush what was written, close the log, and end the process now (os._exit skips the teardown)."""
    import logging
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    logging.shutdown()
    os._exit(code)


def error_object(error: dict[str, Any]) -> dict[str, Any]:
    """What a --json command prints on stdout when it fails: {"error": {"code", "message"[, "file", "line",
    "field"]}}."""
    return {"error": error}


def _crashed(args: argparse.Namespace, exc: Exception) -> int:
    """An exception no command turned into an FtError: a crash report (redacted, no data), one short message
    (and, with --json, the same as an error object on stdout), exit 3."""
    from fttool.messages import render

    command = " ".join(str(getattr(args, k)) for k in ("command", "dataset_command", "jobs_command", "auth_command")
                       if getattr(args, k, None))
    try:
        from fttool.crash import write_report

        report = str(write_report(type(exc), exc, exc.__traceback__, context=f"fttool {command}", data_free=True))
    except Exception as inner:
        report = f"(no report: {type(inner).__name__})"
    message = render("cli_crashed", {"command": command, "error": type(exc).__name__, "report": report})
    print(f"fttool: {message}", file=sys.stderr)
    if getattr(args, "json", False):
        print(json.dumps({"error": {"code": "cli_crashed", "message": message, "report": report}},
                         ensure_ascii=False))
    return 3


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI's parser; with `command` (a key of COMMAND_MODULE), only that command's module is imported."""
    parser = _Parser(prog="fttool", description="Fine-tuning without code: data, training, jobs, chat.")
    parser.add_argument("--version", action="version", version=f"fttool {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if command in COMMAND_MODULE:
        importlib.import_module(COMMAND_MODULE[command]).register(sub)
        return parser

    auth = sub.add_parser("auth", help="keys and tokens in the system keyring")
    auth_sub = auth.add_subparsers(dest="auth_command", metavar="ACTION", required=True)
    p = auth_sub.add_parser("set", help="store a secret read from standard input (no echo on a terminal)")
    p.add_argument("name", help="openai, azure, azure-management, hf, together, judge, or the name of an OpenAI-compatible server")
    p.add_argument("--endpoint", help="Azure OpenAI endpoint (with NAME azure)")
    p.add_argument("--base-url", help="base URL of a named OpenAI-compatible server")
    p.set_defaults(func=cmd_auth_set)
    p = auth_sub.add_parser("status", help="which secrets are set and where from (never prints a secret)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_auth_status)
    p = auth_sub.add_parser("test", help="test a key against its service, as Settings' Test connection does")
    p.add_argument("name", choices=("openai", "azure", "hf", "together"))
    p.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for the service (15)")
    p.add_argument("--json", action="store_true",
                   help='one JSON object; "status" is ok, bad_key, rate_limited, unreachable, timeout, tls or '
                        'server_error')
    p.set_defaults(func=cmd_auth_test)
    p = auth_sub.add_parser("delete", help="remove a secret from the keyring")
    p.add_argument("name")
    p.set_defaults(func=cmd_auth_delete)

    jobs = sub.add_parser("jobs", help="training jobs of every backend")
    jobs_sub = jobs.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    p = jobs_sub.add_parser("list", help="all jobs, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_jobs_list)
    p = jobs_sub.add_parser("show", help="one job's record")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_jobs_show)
    from fttool.jobs.cli import register_jobs_actions, register_train

    register_jobs_actions(jobs_sub)
    register_train(sub)

    for mod in COMMAND_MODULES:
        importlib.import_module(mod).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # frozen CLI: a spawned validation worker runs its task, not the CLI
    from fttool.log import setup_logging
    from fttool.messages import register

    register({
        "endpoint_only_azure": "--endpoint goes with `fttool auth set azure`.",
        "base_url_only_server": "--base-url goes with the name of an OpenAI-compatible server.",
    })
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(next((w for w in words if not w.startswith("-")), None))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        setup_logging()
    except OSError:
        pass  # an unwritable data dir is reported by the command that needs it
    try:
        code = int(args.func(args) or 0)
        if args.command in QUICK_EXIT and argv is None:
            _quick_exit(code)
        return code
    except FtError as exc:
        print(f"fttool: {exc.message}", file=sys.stderr)
        if getattr(args, "json", False):  # a --json caller reads stdout: the error goes there too, as one object
            import json

            error = {"code": exc.code, "message": exc.message}
            for key, name in (("path", "file"), ("line", "line"), ("field", "field")):  # where, when known
                if exc.params.get(key) is not None:
                    error[name] = exc.params[key]
            print(json.dumps(error_object(error), ensure_ascii=False))
        return exc.exit_code
    except KeyboardInterrupt:
        print("fttool: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `fttool ... | head`: the reader has what it wanted; no traceback, as other tools do
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's final flush must not fail again
        return 141
    except Exception as exc:  # a bug: a short message, exit 3 and a report, never a raw traceback
        return _crashed(args, exc)


if __name__ == "__main__":
    sys.exit(main())
