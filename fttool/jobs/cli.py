"""`fttool train` and `fttool jobs watch|events|cancel`: one front for every backend.

`train` builds the shared parameter names (CONTRACTS: training_file, validation_file, epochs, learning_rate,
batch_size, suffix, seed, config_file, flavor, and --param KEY=VALUE), asks for confirmation before anything
billable (the provider's estimate and its price table date), and starts the job through the same job service
the app uses. With --wait it follows the job to its end and exits 0 only when it succeeded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from fttool.errors import FtError, InputError, UsageError
from fttool.messages import register, render

register({
    "confirm_cost": "This launch on {backend} costs about {cost} ({detail}; prices as of {date}).",
    "confirm_cost_unknown": "No estimate exists for this launch on {backend}: {detail} (prices as of {date}). It "
                            "may cost any amount.",
    "confirm_needed": "Nothing was sent. Pass --yes to accept and launch.",
    "not_accepting": "{backend} does not accept new jobs: {reason} (since {since}). Launching anyway needs --yes.",
    "over_budget": "The estimate ({cost}) is above this project's budget ({budget}). Raise the budget in the "
                   "project settings to launch.",
    "job_started": "Started job {job_id} on {backend}.",
    "job_ended": "Job {job_id} ended: {status}{result}.",
    "job_detached": "Stopped following job {job_id}; it goes on. Follow it again with `fttool jobs watch {job_id}`.",
    "bad_param": "--param takes KEY=VALUE, not '{value}'.",
    "engine_only_local": "--engine chooses how a local job trains (--backend local).",
    "job_resumed": "Resumed job {job_id} from its last checkpoint.",
    "job_exported": "Exported job {job_id} as {format}: {path}",
    "training_type_only_together": "--lora and --full choose how a Together AI job trains (--backend together).",
    "export_format_backend": "A {backend} job exports as {formats}, not {format}.",
})


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_file(path: str) -> Path:
    p = Path(path).expanduser().resolve()
    if not p.exists():
        raise InputError("file_not_found", path=path)
    if p.is_dir():
        raise InputError("not_a_file", path=path)
    return p


def build_params(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, str]]:
    params: dict[str, Any] = {}
    shas: dict[str, str] = {}
    if args.data:
        p = _check_file(args.data)
        params["training_file"] = str(p)
        shas["train"] = sha256_file(p)
    if args.validation:
        p = _check_file(args.validation)
        params["validation_file"] = str(p)
        shas["validation"] = sha256_file(p)
    if args.config:
        params["config_file"] = str(_check_file(args.config))
    if getattr(args, "engine", None):
        if args.backend != "local":
            raise UsageError("engine_only_local")
        params["engine"] = args.engine
    if getattr(args, "method", None):
        # the local engines and HF Jobs name the methods sft/dpo; the cloud APIs supervised/dpo
        params["method"] = args.method if args.backend in ("local", "hf") or args.method == "dpo" else "supervised"
    if getattr(args, "training_type", None):
        if args.backend != "together":
            raise UsageError("training_type_only_together")
        params["training_type"] = args.training_type
    for name in ("epochs", "learning_rate", "batch_size", "suffix", "seed", "flavor"):
        value = getattr(args, name, None)
        if value is not None:
            params[name] = value
    for item in args.param or []:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise UsageError("bad_param", value=item)
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    return params, shas


def confirm_launch(provider: Any, backend: str, params: dict[str, Any], yes: bool, project: str | None,
                   base_model: str | None = None, budget: float | None = None) -> Any:
    """The cost guard of the CLI: the launch plan (fttool.jobs.plan) in words, the budget enforced, --yes (or a
    'y' on a terminal) for anything billable or a provider that takes no new jobs. Returns the plan: its
    fingerprint goes to create_job."""
    from fttool.jobs.plan import plan_launch

    plan = plan_launch(backend, base_model, params, project, budget, provider)
    needs_yes = False
    if not plan.accepts_new_jobs:
        na = plan.not_accepting or {}
        print(render("not_accepting", {"backend": backend, "reason": na.get("reason") or "-",
                                       "since": na.get("since") or "-"}), file=sys.stderr)
        needs_yes = True
    if plan.billable:
        print(render("confirm_cost" if plan.estimated_cost_usd is not None else "confirm_cost_unknown",
                     {"backend": backend, "cost": plan.cost_text(), "detail": plan.detail or "-",
                      "date": plan.price_date or "unknown"}), file=sys.stderr)
        if plan.over_budget:
            raise FtError("over_budget", cost=plan.cost_text(), budget=f"${plan.budget_usd:.2f}")
        needs_yes = True
    if not needs_yes or yes:
        return plan
    if sys.stdin.isatty():
        answer = input("Launch? [y/N] ").strip().lower()
        if answer in ("y", "yes"):
            return plan
    raise FtError("confirm_needed")


def _print_plan(plan: Any, as_json: bool) -> int:
    """--dry-run: the plan, exit 0 when launchable, 1 when not; nothing is uploaded or created."""
    from fttool.jobs.plan import plan_lines

    if as_json:
        d = plan.to_dict()
        _print_json({k: d[k] for k in ("backend", "model", "examples", "epochs", "billed_tokens",
                                       "estimated_cost_usd", "price_date", "budget_usd", "over_budget", "warnings",
                                       "problems", "launchable", "billable", "fingerprint")})
    else:
        for line in plan_lines(plan):
            print(line)
    return 0 if plan.launchable else 1


def follow(service: Any, job_id: str, poll: float | None, as_json: bool) -> int:
    """Follow a job to its end through the service (which watches it); print status changes."""
    import queue

    events: queue.Queue[Any] = queue.Queue()
    unsubscribe = service.subscribe(lambda e: events.put(e) if e.kind == "job_updated"
                                    and e.payload["job"]["id"] == job_id else None)
    try:
        service.watch_threadsafe(job_id)
        job = service.call("get_job", job_id=job_id)
        last = (job["status"], job.get("provider_status"), job.get("connection"))
        if not as_json:
            print(f"{job_id}: {job['status']} ({job.get('provider_status') or '-'})", file=sys.stderr)
        while job["status"] not in ("succeeded", "failed", "cancelled"):
            try:
                job = events.get(timeout=max(poll or 5.0, 0.5)).payload["job"]
            except queue.Empty:
                job = service.call("get_job", job_id=job_id)
            now = (job["status"], job.get("provider_status"), job.get("connection"))
            if now != last and not as_json:
                extra = " [reconnecting]" if job.get("connection") == "reconnecting" else ""
                loss = (job.get("metrics") or {}).get("train_loss") or []
                loss_txt = f" loss {loss[-1][1]:.4f} at step {loss[-1][0]:g}" if loss else ""
                print(f"{job_id}: {job['status']} ({job.get('provider_status') or '-'}){extra}{loss_txt}",
                      file=sys.stderr)
            last = now
    except KeyboardInterrupt:
        print(render("job_detached", {"job_id": job_id}), file=sys.stderr)
        return 130
    finally:
        unsubscribe()
    if as_json:
        _print_json(job)
    else:
        result = f", result {job['result_model']}" if job.get("result_model") else ""
        err = job.get("error")
        print(render("job_ended", {"job_id": job_id, "status": job["status"], "result": result}))
        look = (job.get("params") or {}).get("first_look_result")
        if isinstance(look, dict) and look.get("message"):
            print(look["message"])
        if err:
            print(f"  {err.get('code')}: {err.get('message')}", file=sys.stderr)
    return 0 if job["status"] == "succeeded" else 1


def _print_recipe(job: dict[str, Any]) -> None:
    """The recipe a local job chose from its data, in plain words, with why."""
    plan = (job.get("params") or {}).get("recipe_plan")
    if isinstance(plan, dict):
        print(plan["plain"]["message"])
        for reason in plan.get("reasons") or []:
            print(f"  {reason['message']}")


def _print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _service(poll: float | None) -> Any:
    from fttool.jobs.service import JobService

    return JobService(poll_interval=poll or 5.0).start()


def cmd_train(args: argparse.Namespace) -> int:
    from fttool.providers.registry import get_provider

    provider = get_provider(args.backend)
    params, shas = build_params(args)
    if args.dry_run:
        from fttool.jobs.plan import plan_launch

        return _print_plan(plan_launch(args.backend, args.model, params, args.project, args.budget, provider),
                           args.json)
    problems = provider.validate_parameters(params)
    if problems:
        for p in problems:
            print(f"fttool: {p.name}: {p.message}", file=sys.stderr)
        return 2
    plan = confirm_launch(provider, args.backend, params, args.yes, args.project, base_model=args.model,
                          budget=args.budget)
    service = _service(args.poll)
    try:
        job = service.call("create_job", timeout=None, backend=args.backend, base_model=args.model,
                           params=params, dataset_sha256=shas, project=args.project, confirmed=plan.fingerprint,
                           budget_usd=args.budget)
        job_id = job["id"]
        if not args.wait:
            if args.json:
                _print_json(job)
            else:
                print(job_id)
                _print_recipe(job)
            return 0 if job["status"] not in ("failed", "cancelled") else 1
        if not args.json:
            print(job_id)
            _print_recipe(job)
            sys.stdout.flush()
        return follow(service, job_id, args.poll, args.json)
    finally:
        service.stop()


def cmd_watch(args: argparse.Namespace) -> int:
    service = _service(args.poll)
    try:
        service.call("get_job", job_id=args.id)
        return follow(service, args.id, args.poll, args.json)
    finally:
        service.stop()


def cmd_events(args: argparse.Namespace) -> int:
    from fttool.jobs.store import JobStore

    store = JobStore()
    try:
        store.get(args.id)
        events = store.events(args.id)
    finally:
        store.close()
    if args.json:
        _print_json(events)
    else:
        for e in events:
            print(f"{e['created_at']}  {e['level']:<7} {e['message']}")
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    service = _service(None)
    try:
        job = service.call("cancel_job", timeout=120, job_id=args.id)
    finally:
        service.stop()
    if args.json:
        _print_json(job)
    else:
        print(f"{job['id']}: {job['status']} ({job.get('provider_status') or '-'})")
    return 0 if job["status"] == "cancelled" or job["status"] in ("succeeded", "failed") else 1


def cmd_resume(args: argparse.Namespace) -> int:
    service = _service(args.poll)
    try:
        job = service.call("resume_job", timeout=120, job_id=args.id)
        if not args.json:
            print(render("job_resumed", {"job_id": job["id"]}), file=sys.stderr)
        if args.wait:
            return follow(service, job["id"], args.poll, args.json)
    finally:
        service.stop()
    if args.json:
        _print_json(job)
    return 0 if job["status"] not in ("failed", "cancelled") else 1


def cmd_export(args: argparse.Namespace) -> int:
    from fttool.jobs.store import JobStore

    store = JobStore()
    try:
        job = store.get(args.id)
    finally:
        store.close()
    if job.backend == "together":
        return _export_together(args, job)
    if args.format not in ("merged", "gguf"):
        raise UsageError("export_format_backend", backend=job.backend, formats="merged or gguf", format=args.format)
    from fttool.providers.local.export import export_job
    last = [""]

    def progress(done: int, total: int, message: str) -> None:
        if message != last[0] and not args.json:
            last[0] = message
            print(f"{100 * done // max(total, 1):3d}% {message}", file=sys.stderr, flush=True)

    res = export_job(job, args.format, outtype=args.outtype, out=args.out, progress=progress)
    if args.json:
        _print_json(res)
    else:
        print(render("job_exported", {"job_id": job.id, "format": args.format, "path": res["path"]}))
        for extra in ("gguf", "modelfile"):
            if res.get(extra):
                print(f"  {extra}: {res[extra]}")
    return 0


def _export_together(args: argparse.Namespace, job: Any) -> int:
    """A Together job's weights: Together's adapter or merged model (a full job: model), downloaded with progress
    (Ctrl+C cancels and keeps nothing half-written) and its sha256 recorded."""
    import asyncio

    from fttool.paths import data_dir
    from fttool.providers.together import TogetherProvider

    if args.format not in ("adapter", "merged", "model"):
        raise UsageError("export_format_backend", backend=job.backend, formats="adapter, merged or model",
                         format=args.format)
    out = Path(args.out) if args.out else data_dir() / "exports" / f"{job.id}-{args.format}"
    shown = [-1]

    def progress(done: int, total: int) -> None:
        pct = 100 * done // total if total else -1
        if pct != shown[0] and not args.json:
            shown[0] = pct
            print(f"{pct:3d}% {done:,} bytes" if total else f"{done:,} bytes", file=sys.stderr, flush=True)

    async def run() -> dict[str, Any]:
        provider = TogetherProvider()
        try:
            return await provider.download(job, args.format, out, progress)
        finally:
            await provider.close()

    res = asyncio.run(run())
    if args.json:
        _print_json(res)
    else:
        print(render("job_exported", {"job_id": job.id, "format": args.format, "path": res["path"]}))
        print(f"  sha256: {res['sha256']} ({res['bytes']:,} bytes)")
    return 0


def register_train(sub: Any) -> None:
    p = sub.add_parser("train", help="start a fine-tuning job on a backend (local, openai, azure, hf, together)")
    p.add_argument("--backend", required=True, help="local, openai, azure, hf or together")
    p.add_argument("--model", required=True, help="base model: a model id, or a local folder for --backend local")
    p.add_argument("--data", help="training file (chat JSONL)")
    p.add_argument("--validation", help="validation file (never the test split)")
    p.add_argument("--epochs", type=int)
    p.add_argument("--lr", dest="learning_rate", type=float, help="learning rate (or multiplier for OpenAI)")
    p.add_argument("--batch-size", dest="batch_size", type=int)
    p.add_argument("--suffix", help="suffix of the fine-tuned model's name (OpenAI, Azure, Together)")
    p.add_argument("--method", choices=["sft", "dpo"], help="sft (learn the answers) or dpo (learn preferences); "
                   "default: read from the data for local jobs, sft elsewhere")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--lora", dest="training_type", action="store_const", const="lora",
                      help="Together: train a LoRA adapter (the default)")
    kind.add_argument("--full", dest="training_type", action="store_const", const="full",
                      help="Together: train every weight")
    p.add_argument("--seed", type=int)
    p.add_argument("--engine", choices=["auto", "trl", "autotrain"],
                   help="local training engine: trl (today's models), autotrain (the lesson's AutoTrain Advanced "
                        "0.8.36), or auto (default: trl unless --config loads an AutoTrain YAML)")
    p.add_argument("--config", help="job YAML (local AutoTrain)")
    p.add_argument("--flavor", help="hardware flavor (Hugging Face Jobs)")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="any other backend parameter")
    p.add_argument("--project", help="project folder (for its budget and the job record)")
    p.add_argument("--yes", action="store_true", help="accept the cost confirmation")
    p.add_argument("--budget", type=float, metavar="USD", help="the budget for this launch (instead of the "
                   "project's)")
    p.add_argument("--dry-run", dest="dry_run", action="store_true", help="print the launch plan (examples, "
                   "epochs, billed tokens, cost, budget, problems) and exit: 0 launchable, 1 not; nothing is sent")
    p.add_argument("--wait", action="store_true", help="follow the job to its end; exit 0 only on success")
    p.add_argument("--poll", type=float, help="seconds between status polls (default 5)")
    p.add_argument("--json", action="store_true", help="print the job record as JSON")
    p.set_defaults(func=cmd_train)


def cmd_clone(args: argparse.Namespace) -> int:
    """A new job like ID with the changes given, through the same launch plan and guard as `train`."""
    from fttool.jobs.record import OUTCOME_PARAMS
    from fttool.jobs.store import JobStore
    from fttool.providers.registry import get_provider

    store = JobStore()
    try:
        job = store.get(args.id)
    finally:
        store.close()
    params = {k: v for k, v in job.params.items() if k not in OUTCOME_PARAMS}
    for name in ("epochs", "learning_rate", "suffix"):
        value = getattr(args, name, None)
        if value is not None:
            params[name] = value
    for item in args.param or []:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise UsageError("bad_param", value=item)
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw
    provider = get_provider(job.backend)
    problems = provider.validate_parameters(params)
    if problems:
        for p in problems:
            print(f"fttool: {p.name}: {p.message}", file=sys.stderr)
        return 2
    plan = confirm_launch(provider, job.backend, params, args.yes, job.project, base_model=job.base_model,
                          budget=args.budget)
    service = _service(None)
    try:
        new = service.call("create_job", timeout=None, backend=job.backend, base_model=job.base_model,
                           params=params, dataset_sha256=job.dataset_sha256, project=job.project,
                           confirmed=plan.fingerprint, budget_usd=args.budget)
    finally:
        service.stop()
    if args.json:
        _print_json(new)
    else:
        print(new["id"])
    return 0 if new["status"] not in ("failed", "cancelled") else 1


def register_jobs_actions(jobs_sub: Any) -> None:
    p = jobs_sub.add_parser("clone", help="start a new job like ID with the changes given (the same cost guard "
                            "as train)")
    p.add_argument("id")
    p.add_argument("--epochs", type=int)
    p.add_argument("--lr", dest="learning_rate", type=float)
    p.add_argument("--suffix")
    p.add_argument("--param", action="append", metavar="KEY=VALUE")
    p.add_argument("--budget", type=float, metavar="USD")
    p.add_argument("--yes", action="store_true", help="accept the cost confirmation")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_clone)
    p = jobs_sub.add_parser("watch", help="follow a job to its end")
    p.add_argument("id")
    p.add_argument("--poll", type=float)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_watch)
    p = jobs_sub.add_parser("events", help="a job's event log")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_events)
    p = jobs_sub.add_parser("resume", help="continue a stopped local job from its last checkpoint")
    p.add_argument("id")
    p.add_argument("--wait", action="store_true", help="follow the job to its end; exit 0 only on success")
    p.add_argument("--poll", type=float)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_resume)
    p = jobs_sub.add_parser("export", help="a local job's model as a merged folder or GGUF (+ Ollama Modelfile)")
    p.add_argument("id")
    p.add_argument("--format", choices=["merged", "gguf", "adapter", "model"], default="merged",
                   help="local jobs: merged or gguf; Together jobs: adapter or merged (LoRA), model (full)")
    p.add_argument("--outtype", choices=["f16", "bf16", "q8_0"], default="q8_0",
                   help="GGUF weights: q8_0 (small, default), f16 or bf16")
    p.add_argument("--out", help="output folder (default: exports/<job id>-<format> in the data folder)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)
    p = jobs_sub.add_parser("cancel", help="ask the backend to stop a job")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cancel)
