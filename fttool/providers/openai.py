"""OpenAI fine-tuning behind the provider interface (the `openai` client's async API, never patched).

Upload (purpose fine-tune; a file already uploaded to the same account, by sha256, is reused; the project's
test split is refused), create (automatic retries OFF, `metadata={"fttool_job": <our id>}`; after a timeout or
a dropped connection the job list is searched by that metadata before anything is sent again, so a retry never
makes a second job), poll (status, events paged with `after`, metrics from metric events, checkpoints, trained
tokens and the actual cost), cancel, pause, resume, and the import of jobs made outside fttool.

Faults while polling: 429 waits for Retry-After (a few times, then "reconnecting"), 5xx/timeouts/dropped
connections retry once and then raise ConnectionProblem (the service shows "reconnecting", never "failed");
401 says the key is wrong. A 400 names the field the server named.

The client, its errors and retry policy and the file uploads are in openai_api.py (shared with Azure and
Together); the table of uploads is uploads.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

from fttool import clock
from fttool.errors import ConnectionProblem, FtError, UsageError
from fttool.jobs.record import Job, Status
from fttool.messages import register
from fttool.providers.base import (
    Capabilities,
    CostEstimate,
    JobContext,
    ParamProblem,
    ParamSpec,
    PollResult,
    Provider,
    validate_against,
)
from fttool.providers.openai_api import FIELD_NAMES, OpenAIApi, retry_after
from fttool.providers.uploads import (  # noqa: F401  (re-exported: the table's old home)
    forget_file_id,
    load_uploads,
    record_upload,
    sha256_of,
    uploads_path,
)

log = logging.getLogger("fttool.providers.openai")

register({
    "new_jobs_refused": ("{provider} refused to start a new fine-tuning job: {message} (OpenAI stopped taking new "
                         "self-serve fine-tuning jobs on {date}. Watching jobs, their events and chatting with "
                         "fine-tuned models still work.)"),
    "new_jobs_until": "OpenAI takes new self-serve fine-tuning jobs until {date} ({days} days from today).",
    "new_jobs_ended": "OpenAI stopped taking new self-serve fine-tuning jobs on {date}.",
    "test_split_refused": "{path} is this project's test split: it stays on this computer and is never uploaded.",
    "file_processing_failed": "{provider} could not process {path}: {detail}",
    "file_processing_slow": "{provider} is still processing {path} after {seconds} s; try again later.",
    "job_not_sent": ("The job never reached {provider} (the connection failed while sending it, and {provider} "
                     "has no job of ours). Nothing was billed; launch it again."),
    "create_uncertain": ("The connection failed while sending the job to {provider}; fttool looks for it by its id "
                         "and will not send it twice."),
    "not_pausable": "{provider} can pause only a running job (this one is {status}).",
    "no_pause": "This backend cannot pause or resume jobs.",
    "estimate_detail": "{examples} examples, {tokens} tokens x {epochs} epochs = {billed} billed tokens at ${price} per 1M",
    "estimate_no_price": "no price is known for {model}",
    "estimate_no_file": "choose a training file to see the cost",
})

STATUS_MAP = {
    "validating_files": Status.VALIDATING,
    "pending": Status.QUEUED,
    "notrunning": Status.QUEUED,
    "queued": Status.QUEUED,
    "running": Status.RUNNING,
    "pausing": Status.RUNNING,
    "paused": Status.PAUSED,
    "resuming": Status.RUNNING,
    "cancelling": Status.RUNNING,
    "succeeded": Status.SUCCEEDED,
    "failed": Status.FAILED,
    "cancelled": Status.CANCELLED,
}
METRIC_NAMES = {
    "train_loss": "train_loss",
    "valid_loss": "valid_loss",
    "train_mean_token_accuracy": "train_accuracy",
    "valid_mean_token_accuracy": "valid_accuracy",
    "full_valid_loss": "full_valid_loss",
    "full_valid_mean_token_accuracy": "full_valid_accuracy",
}

@cache
def provider_facts() -> dict[str, Any]:
    from fttool.resources import resource

    with open(resource("providers.json"), encoding="utf-8") as f:
        return dict(json.load(f))


def _iso(ts: int | float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class OpenAIProvider(OpenAIApi, Provider):
    name = "openai"
    label = "OpenAI"
    secret = "openai"
    file_poll_seconds = 1.0
    file_wait_seconds = 600.0
    poll_timeout = 30.0
    create_timeout = 60.0
    upload_timeout = 600.0
    rate_limit_retries = 3
    first_events_page = 10  # events asked for per poll once the newest seen event is known
    max_retry_after = 60.0

    def __init__(self) -> None:
        self._clients: dict[tuple[str, str], Any] = {}
        self._key: tuple[float, str] | None = None
        self._cursors: dict[str, str] = {}  # our job id -> newest provider event id seen
        self._total_steps: dict[str, int] = {}  # our job id -> the steps its metrics events announce

    # -- facts and parameters --------------------------------------------------------------------------
    def new_jobs_end(self) -> date | None:
        end = provider_facts().get("openai", {}).get("new_jobs_end")
        return date.fromisoformat(end) if end else None

    def date_notice(self) -> tuple[str, dict[str, Any]] | None:
        """The wind-down date in words: (code, params) for the Train view and the confirmation."""
        end = self.new_jobs_end()
        if end is None:
            return None
        today = clock.today()
        if today >= end:
            return "new_jobs_ended", {"date": end.isoformat()}
        return "new_jobs_until", {"date": end.isoformat(), "days": (end - today).days}

    def capabilities(self) -> Capabilities:
        end = self.new_jobs_end()
        accepting = end is None or clock.today() < end
        return Capabilities(
            methods=("supervised", "dpo"), pause_resume=True, checkpoints=True, accepts_new_jobs=accepting,
            not_accepting_reason=None if accepting else
            "OpenAI's self-serve fine-tuning takes no new jobs (announced on its deprecations page)",
            not_accepting_since=None if accepting or end is None else end.isoformat(), billable=True,
            import_jobs=True, cleanup=True)

    def fine_tunable(self) -> list[str]:
        return list(provider_facts().get("openai", {}).get("fine_tunable", []))

    def parameters(self) -> list[ParamSpec]:
        return [
            ParamSpec("training_file", "str", required=True, label="Training file",
                      help="Chat JSONL with the examples to learn from. Uploaded with purpose fine-tune."),
            ParamSpec("validation_file", "str", label="Validation file",
                      help="Optional held-out examples for the validation loss. Never the test split."),
            ParamSpec("method", "choice", default="supervised", choices=("supervised", "dpo"), label="Method",
                      help="supervised: learn the answers; dpo: learn to prefer one answer over another."),
            ParamSpec("epochs", "int", None, minimum=1, maximum=50, label="Epochs",
                      help="Passes over the training data. Empty: the provider chooses (usually 3)."),
            ParamSpec("learning_rate", "float", None, minimum=0.01, maximum=10.0, label="Learning rate multiplier",
                      help="Scales the provider's learning rate. Empty: automatic. Smaller helps against overfitting."),
            ParamSpec("batch_size", "int", None, minimum=1, maximum=256, label="Batch size", advanced=True,
                      help="Examples per training step. Empty: automatic."),
            ParamSpec("beta", "float", None, minimum=0.01, maximum=2.0, label="DPO beta", advanced=True,
                      help="DPO only: how strongly to prefer the chosen answer. Empty: automatic."),
            ParamSpec("suffix", "str", None, label="Model name suffix", advanced=True,
                      help="Up to 64 characters added to the fine-tuned model's name."),
            ParamSpec("seed", "int", None, minimum=0, maximum=2**31 - 1, label="Seed", advanced=True,
                      help="Same seed and data give (nearly) the same result."),
        ]

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        problems = validate_against(self.parameters(), params)
        for key in ("training_file", "validation_file"):
            value = params.get(key)
            if value and not Path(str(value)).is_file():
                problems.append(ParamProblem.of(key, "file_not_found", path=str(value)))
        suffix = params.get("suffix")
        if isinstance(suffix, str) and len(suffix) > 64:
            problems.append(ParamProblem.of("suffix", "param_out_of_range", "param_at_most_chars", maximum=64))
        if params.get("beta") is not None and (params.get("method") or "supervised") != "dpo":
            problems.append(ParamProblem.of("beta", "param_only_dpo"))
        return problems

    # -- money -----------------------------------------------------------------------------------------
    def price_entry(self, model: str | None) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """The price of `model` on this backend (resolved by fttool.tables: exact, alias, unique dated
        match, else None) and the table."""
        from fttool.tables import price_entry, prices_table

        table = prices_table()
        return price_entry(model, self.name, table), table

    def count_tokens(self, path: Path, model: str | None) -> tuple[int, int]:
        """(examples, tokens) of a JSONL file, counted offline with the model's encoding; counted once per file
        content and model in a run (the launch plan asks again when the job is created)."""
        import hashlib

        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        key = (digest, str(model))
        if key not in _TOKEN_COUNTS:
            _TOKEN_COUNTS[key] = self._count_tokens(path, model)
        return _TOKEN_COUNTS[key]

    def _count_tokens(self, path: Path, model: str | None) -> tuple[int, int]:
        from fttool.datasets.tokens import count_example
        from fttool.tables import model_limits

        limit = model_limits(model).get("example_tokens")
        examples = tokens = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    ex = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(ex, dict):
                    continue
                n = count_example(ex, model)
                examples += 1
                tokens += min(n, limit) if limit else n
        return examples, tokens

    @staticmethod
    def auto_epochs(examples: int) -> int:
        """The cookbook's default epochs (the one rule: fttool.tables.default_epochs)."""
        from fttool.tables import default_epochs

        return default_epochs(examples)

    def estimate_cost(self, params: dict[str, Any]) -> CostEstimate | None:
        from fttool.tables import default_model

        model = params.get("model") or params.get("base_model") or default_model()
        entry, table = self.price_entry(model)
        path = params.get("training_file")
        est = CostEstimate(usd=None, price_source="resources/prices.json", price_date=str(table.get("as_of", "")))
        if not path or not Path(str(path)).is_file():
            est.detail = "choose a training file to see the cost"
            return est
        examples, tokens = self.count_tokens(Path(str(path)), model)
        epochs = int(params.get("epochs") or self.auto_epochs(examples))
        billed = tokens * epochs
        est.billed_tokens, est.examples, est.epochs = billed, examples, epochs
        if entry is None or entry.get("training_per_1m_tokens") is None:
            from fttool.messages import render
            from fttool.tables import unknown_model_params

            unknown = unknown_model_params(str(model))
            est.detail = render("unknown_model", unknown)
            est.detail_code, est.detail_params = "unknown_model", unknown
            est.warnings.append({"code": "unknown_model", "params": unknown, "message": est.detail})
            return est
        price = float(entry["training_per_1m_tokens"])
        est.usd = round(billed * price / 1e6, 6)
        from fttool.messages import render

        est.detail_code = "estimate_detail"
        est.detail_params = {"examples": examples, "tokens": tokens, "epochs": epochs, "billed": billed,
                             "price": f"{price:g}"}
        est.detail = render(est.detail_code, est.detail_params)
        notice = self.date_notice()
        if notice:
            from fttool.messages import render

            est.detail += "; " + render(*notice).rstrip(".")
        return est

    def actual_cost(self, model: str | None, trained_tokens: int | None) -> float | None:
        entry, _ = self.price_entry(model)
        if trained_tokens is None or entry is None or entry.get("training_per_1m_tokens") is None:
            return None
        return round(trained_tokens * float(entry["training_per_1m_tokens"]) / 1e6, 6)

    # -- jobs ------------------------------------------------------------------------------------------
    def create_kwargs(self, job: Job, training_id: str, validation_id: str | None) -> dict[str, Any]:
        p = job.params
        method = p.get("method") or "supervised"
        hp: dict[str, Any] = {}
        if p.get("epochs") is not None:
            hp["n_epochs"] = int(p["epochs"])
        if p.get("batch_size") is not None:
            hp["batch_size"] = int(p["batch_size"])
        if p.get("learning_rate") is not None:
            hp["learning_rate_multiplier"] = float(p["learning_rate"])
        if method == "dpo" and p.get("beta") is not None:
            hp["beta"] = float(p["beta"])
        kwargs: dict[str, Any] = {
            "model": job.base_model, "training_file": training_id, "metadata": {"fttool_job": job.id},
            "method": {"type": method, method: {"hyperparameters": hp}},
        }
        if validation_id:
            kwargs["validation_file"] = validation_id
        if p.get("suffix"):
            kwargs["suffix"] = str(p["suffix"])
        if p.get("seed") is not None:
            kwargs["seed"] = int(p["seed"])
        return kwargs

    async def find_by_metadata(self, client: Any, job_id: str) -> Any | None:
        """Our job at the provider, found by metadata (filtered by the server, checked here too)."""
        async def lookup() -> Any | None:
            page = await client.fine_tuning.jobs.list(metadata={"fttool_job": job_id}, limit=100)
            for _ in range(20):
                for ft in page.data:
                    if (getattr(ft, "metadata", None) or {}).get("fttool_job") == job_id:
                        return ft
                if not page.has_next_page():
                    return None
                page = await page.get_next_page()
            return None

        return await self.call(lookup, polling=False, retries=3)

    def refused_new_jobs(self, exc: FtError) -> bool:
        if self.name != "openai":
            return False
        end = self.new_jobs_end()
        past = end is not None and clock.today() >= end
        text = str(exc.params.get("message", "")).lower()
        return past or "no longer" in text or "fine_tuning_unavailable" in (exc.details or "")

    async def create(self, client: Any, job: Job, kwargs: dict[str, Any]) -> Any:
        """Create once. After a timeout, a dropped connection or a 5xx the job may exist: look it up by its
        metadata first and send again only when the provider confirms it has none."""
        openai = self.sdk()

        attempts = 0
        rate_limited = 0
        creator = client.with_options(max_retries=0, timeout=self.create_timeout)
        while True:
            attempts += 1
            try:
                return await creator.fine_tuning.jobs.create(**kwargs)
            except openai.RateLimitError as exc:  # refused before anything was made: wait and send again
                wait = retry_after(exc)
                if rate_limited >= self.rate_limit_retries or (wait is not None and wait > self.max_retry_after):
                    raise self.translate(exc, polling=False) from exc
                rate_limited += 1
                await asyncio.sleep(wait if wait is not None else 2.0 ** rate_limited)
            except (openai.APITimeoutError, openai.APIConnectionError, openai.InternalServerError) as exc:
                log.warning("creating %s: %s; looking it up before sending again", job.id, type(exc).__name__)
                try:
                    found = await self.find_by_metadata(client, job.id)
                except ConnectionProblem as lookup_exc:  # cannot tell whether the job exists: never resend
                    raise ConnectionProblem("create_uncertain", provider=self.label,
                                            details=lookup_exc.details) from exc
                if found is not None:
                    return found
                if attempts >= 3:
                    raise self.translate(exc, polling=False) from exc
                await asyncio.sleep(0.5 * attempts)
            except openai.APIStatusError as exc:
                err = self.translate(exc, polling=False)
                if isinstance(err, UsageError) and self.refused_new_jobs(err):
                    end = self.new_jobs_end()
                    raise UsageError("new_jobs_refused", details=err.details, provider=self.label,
                                     message=err.params.get("message", ""),
                                     date=end.isoformat() if end else "-") from exc
                raise err from exc

    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        client = await self.client()
        key = await self.api_key()
        account = self.account(key)
        test_sha = await asyncio.to_thread(self._test_split_sha, job)
        ids: dict[str, str | None] = {"train": None, "validation": None}
        reused: list[str] = []
        for role, param in (("train", "training_file"), ("validation", "validation_file")):
            value = job.params.get(param)
            if not value:
                continue
            path = Path(str(value))
            sha = job.dataset_sha256.get(role) or ""
            if not sha:
                sha = await asyncio.to_thread(sha256_of, path)
            if test_sha is not None and sha == test_sha:
                raise UsageError("test_split_refused", path=str(path))
            size = (await asyncio.to_thread(path.stat)).st_size
            if await self.cancelled_meanwhile(ctx):
                return self.cancelled_fields()
            await ctx.update(status=Status.UPLOADING, provider_status=f"uploading {path.name} ({size:,} bytes)")
            fid, was_reused = await self.upload(client, path, sha, account, role)
            if was_reused:
                reused.append(role)
            await ctx.add_events([{"message": f"{'Reused' if was_reused else 'Uploaded'} {path.name} as {fid}",
                                   "level": "info"}])
            await self.wait_processed(client, fid, path, lambda: self.cancelled_meanwhile(ctx))
            ids[role] = fid
            if await self.cancelled_meanwhile(ctx):
                return self.cancelled_fields()
        assert ids["train"] is not None
        await ctx.update(status=Status.VALIDATING, provider_status="creating the job",
                         params={**job.params, "training_file_id": ids["train"],
                                 "validation_file_id": ids["validation"], "reused_files": reused})
        estimate = await asyncio.to_thread(self.estimate_cost, {"model": job.base_model, **job.params})
        params = {**job.params, "training_file_id": ids["train"], "validation_file_id": ids["validation"],
                  "reused_files": reused}
        try:
            ft = await self.create(client, job, self.create_kwargs(job, ids["train"], ids["validation"]))
        except ConnectionProblem as exc:
            if exc.code != "create_uncertain":
                raise
            # the job may exist: the watcher finds it by its metadata (or learns that it was never made)
            await ctx.add_events([{"message": exc.message, "level": "warning"}])
            params["create_state"] = "uncertain"
            return {"status": Status.VALIDATING, "provider_status": "confirming", "params": params}
        if await self.cancelled_meanwhile(ctx):  # cancelled while the create was on its way: stop it there too
            try:
                await self.call(lambda: client.fine_tuning.jobs.cancel(ft.id), polling=False, retries=2)
                return {**self.cancelled_fields(), "provider_job_id": ft.id, "params": params}
            except FtError as exc:  # it exists and goes on: watched like any job, cancel it again from Jobs
                await ctx.add_events([{"message": exc.message, "level": "error"}])
        if estimate is not None:
            params["estimated_cost_usd"] = estimate.usd
            params["estimated_billed_tokens"] = estimate.billed_tokens
            params["price_date"] = estimate.price_date
        return {"provider_job_id": ft.id, "status": STATUS_MAP.get(str(ft.status).lower(), Status.QUEUED),
                "provider_status": ft.status, "params": params}

    async def new_events(self, client: Any, job: Job, pid: str) -> tuple[list[dict[str, Any]],
                                                                        dict[str, list[list[float]]]]:
        """Events newer than the last one seen (newest first from the API, paged with `after`), in order."""
        seen = self._cursors.get(job.id)
        collected: list[Any] = []

        async def fetch() -> None:
            collected.clear()
            # a job being watched has few new events per poll: a small first page, then large ones if needed
            limit = self.first_events_page if seen else 100
            after: str | None = None
            for _ in range(100):
                if after is None:
                    page = await client.fine_tuning.jobs.list_events(pid, limit=limit)
                else:
                    page = await client.fine_tuning.jobs.list_events(pid, limit=100, after=after)
                for ev in page.data:
                    if ev.id == seen:
                        return
                    collected.append(ev)
                if not page.data or page.has_more is False:
                    return
                after = page.data[-1].id

        await self.call(fetch)
        if collected:
            self._cursors[job.id] = collected[0].id
        events: list[dict[str, Any]] = []
        metrics: dict[str, list[list[float]]] = {}
        for ev in reversed(collected):
            data = ev.data if isinstance(ev.data, dict) else {}
            if getattr(ev, "type", None) == "metrics" or ("step" in data and "train_loss" in data):
                step = data.get("step")
                if step is None:
                    continue
                if isinstance(data.get("total_steps"), int):
                    self._total_steps[job.id] = int(data["total_steps"])
                for src, dst in METRIC_NAMES.items():
                    v = data.get(src)
                    if isinstance(v, (int, float)) and math.isfinite(v):
                        metrics.setdefault(dst, []).append([float(step), float(v)])
                continue
            level = {"warn": "warning"}.get(str(ev.level), str(ev.level))
            events.append({"message": ev.message, "level": level, "created_at": _iso(ev.created_at),
                           "provider_event_id": ev.id})
        return events, metrics

    async def checkpoints(self, client: Any, pid: str) -> list[dict[str, Any]]:
        async def fetch() -> list[Any]:
            page = await client.fine_tuning.jobs.checkpoints.list(pid, limit=100)
            return list(page.data)

        out = []
        for c in await self.call(fetch):
            m = c.metrics
            out.append({"step": c.step_number, "model": c.fine_tuned_model_checkpoint, "id": c.id,
                        "created_at": _iso(c.created_at),
                        "train_loss": getattr(m, "train_loss", None), "valid_loss": getattr(m, "valid_loss", None),
                        "train_accuracy": getattr(m, "train_mean_token_accuracy", None)})
        return sorted(out, key=lambda c: c["step"])

    def result_from(self, job: Job, ft: Any) -> PollResult:
        status = STATUS_MAP.get(str(ft.status).lower(), Status.RUNNING)
        res = PollResult(status=status, provider_status=str(ft.status), result_model=ft.fine_tuned_model)
        if ft.error is not None and getattr(ft.error, "message", None):
            err = {"code": str(ft.error.code or "failed"), "message": str(ft.error.message)}
            if getattr(ft.error, "param", None):
                err["field"] = FIELD_NAMES.get(str(ft.error.param).split(".")[-1], str(ft.error.param))
            res.error = err
        params: dict[str, Any] = {}
        if ft.trained_tokens is not None and job.params.get("trained_tokens") != ft.trained_tokens:
            params["trained_tokens"] = ft.trained_tokens
            params["cost_usd"] = self.actual_cost(job.base_model, ft.trained_tokens)
        hp = getattr(ft, "hyperparameters", None)
        epochs = getattr(hp, "n_epochs", None) if hp is not None else None
        if isinstance(epochs, int) and job.params.get("epochs_used") != epochs:
            params["epochs_used"] = epochs
        res.params = params
        finish = getattr(ft, "estimated_finish", None)
        if isinstance(finish, (int, float)) and finish > 0:
            res.progress = {**(job.progress or {}), "finish_at": float(finish), "at": clock.iso_now()}
        return res

    def _progress(self, job: Job, res: PollResult) -> None:
        """The steps done (the last metrics event's) of the steps the events announce, and the finish estimate."""
        loss = res.metrics.get("train_loss") or []
        total = self._total_steps.get(job.id) or (job.progress or {}).get("total")
        if not loss and res.progress is None:
            return
        prog = dict(res.progress if res.progress is not None else (job.progress or {}))
        if loss:
            prog["step"] = int(loss[-1][0])
        if isinstance(total, int) and total > 0:
            prog["total"] = total
        prog["at"] = clock.iso_now()
        res.progress = prog

    async def poll(self, job: Job) -> PollResult:
        client = await self.client()
        pid = job.provider_job_id
        recovered = None
        if not pid:  # the create's answer was lost: find the job by its metadata
            ft = await self.find_by_metadata(client, job.id)
            if ft is None:
                if job.params.get("create_state") != "uncertain" and self._recent(job.updated_at):
                    # another process may still be uploading: look again later
                    return PollResult(job.status, job.provider_status, next_poll_seconds=15.0)
                return PollResult(Status.FAILED, "not sent", error={
                    "code": "job_not_sent", "message": FtError("job_not_sent", provider=self.label).message})
            pid = recovered = ft.id
        ft = await self.call(lambda: client.fine_tuning.jobs.retrieve(pid))
        res = self.result_from(job, ft)
        res.provider_job_id = recovered
        if recovered and job.params.get("create_state") == "uncertain":
            res.params["create_state"] = "confirmed"
        res.events, res.metrics = await self.new_events(client, job, pid)
        self._progress(job, res)
        if res.status == Status.SUCCEEDED and "checkpoints" not in job.params:
            res.params["checkpoints"] = await self.checkpoints(client, pid)
        if res.status.terminal:
            self._cursors.pop(job.id, None)
            self._total_steps.pop(job.id, None)
        return res

    @staticmethod
    def _recent(iso: str | None, seconds: float = 600.0) -> bool:
        if not iso:
            return False
        try:
            then = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            return False
        return (clock.now() - then).total_seconds() < seconds

    async def _action(self, job: Job, action: str) -> PollResult:
        client = await self.client()
        if not job.provider_job_id:
            return PollResult(Status.CANCELLED if action == "cancel" else job.status, job.provider_status)
        fn = getattr(client.fine_tuning.jobs, action)
        ft = await self.call(lambda: fn(job.provider_job_id), polling=False, retries=2)
        res = self.result_from(job, ft)
        res.events = [{"message": f"{action.capitalize()} requested from fttool", "level": "info"}]
        return res

    async def cancel(self, job: Job) -> PollResult:
        return await self._action(job, "cancel")

    async def pause(self, job: Job) -> PollResult:
        if job.status != Status.RUNNING:
            raise UsageError("not_pausable", provider=self.label, status=job.status.value)
        return await self._action(job, "pause")

    async def resume(self, job: Job) -> PollResult:
        if job.status != Status.PAUSED:
            raise UsageError("not_pausable", provider=self.label, status=job.status.value)
        return await self._action(job, "resume")

    # -- import ----------------------------------------------------------------------------------------
    async def list_remote_jobs(self, limit: int = 1000) -> list[Any]:
        client = await self.client()

        async def fetch() -> list[Any]:
            out: list[Any] = []
            page = await client.fine_tuning.jobs.list(limit=100)
            while True:
                out.extend(page.data)
                if len(out) >= limit or not page.has_next_page():
                    return out
                page = await page.get_next_page()

        return await self.call(fetch, polling=False, retries=2)

    async def list_tuned_models(self) -> list[str]:
        client = await self.client()
        page = await self.call(lambda: client.models.list(), polling=False, retries=2)
        return [m.id for m in page.data if self.is_tuned_model(m)]

    def imported_job(self, ft: Any) -> Job:
        res = self.result_from(Job(backend=self.name), ft)
        return Job(backend=self.name, provider_job_id=ft.id, base_model=ft.model, status=res.status,
                   provider_status=str(ft.status), result_model=ft.fine_tuned_model, error=res.error,
                   created_at=_iso(ft.created_at) or clock.iso_now(),
                   params={"imported": True, "suffix": getattr(ft, "user_provided_suffix", None), **res.params})

    def imported_model(self, model_id: str) -> Job:
        job = super().imported_model(model_id)
        job.base_model = model_id.split(":")[1] if model_id.startswith("ft:") else model_id.split(".ft-")[0]
        return job

    @staticmethod
    def is_tuned_model(m: Any) -> bool:
        return str(m.id).startswith("ft:") or (".ft-" in str(m.id))


_TOKEN_COUNTS: dict[tuple[str, str], tuple[int, int]] = {}
