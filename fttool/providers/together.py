"""Together AI fine-tuning behind the provider interface, through the official `together` SDK (never patched).

Together trains open models (Qwen3, Llama, Gemma...) with LoRA (the default) or full fine-tuning, SFT or DPO, bills
per processed token (n_epochs x training tokens + n_evals x validation tokens, by model size, method and LoRA/full:
resources/together.json) and serves the result through its OpenAI-compatible chat API.

The flow is the OpenAI provider's (this class extends it for the shared parts: the upload table, the key, the retry
policy and the translation of the SDK's errors, which have the same classes in both Stainless-made SDKs):
- upload with purpose fine-tune through the SDK's upload manager (a file already uploaded to the same account, by
  sha256, is reused; the project's test split is refused);
- Together's own price estimate (POST /v1/fine-tunes/estimate-price) after the upload; a job the account cannot
  pay for (`allowed_to_proceed` false) is refused before it is made;
- create with the client's retries OFF; the job is tagged with `ft<8 hex of our id>` in its suffix, which Together
  echoes in the model's output name: after a timeout, a dropped connection or a 5xx the account's job list is
  searched for that tag before anything is sent again, so a launch never makes two jobs;
- watch: Together's status word kept as provider_status, its events (de-duplicated by a key made from each event),
  train and eval loss from the metrics endpoint, checkpoints, the token count and the price Together reports
  (in nanodollars) beside the estimate; cancel;
- download of the adapter or the merged model (a .tar.zst archive) with progress, cancel and a sha256 record.

Faults: 429 waits for Retry-After, 5xx/timeouts/dropped connections retry once and then say "reconnecting" (the
service never marks the job failed for them); 401 says the key is wrong; a 400 names the field.

Its form, model list and price estimate are in together_plan.py; the download and unpacking of a tuned model in
together_download.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from fttool.connection import together_base_url
from fttool.errors import ConnectionProblem, FtError, UsageError
from fttool.jobs.record import Job, Status
from fttool.messages import register
from fttool.providers.base import Capabilities, JobContext, PollResult
from fttool.providers.openai import OpenAIProvider
from fttool.providers.openai_api import retry_after
from fttool.providers.together_download import download_archive
from fttool.providers.together_download import unpack as _unpack  # noqa: F401  (re-exported: its old name)
from fttool.providers.together_plan import (  # noqa: F401  (re-exported: their old home)
    SUFFIX_MAX,
    TAG_LEN,
    TogetherPlan,
    load_refreshed,
    refreshed_path,
)
from fttool.providers.uploads import load_uploads, record_upload, sha256_of

log = logging.getLogger("fttool.providers.together")
NANODOLLARS = 1_000_000_000

register({
    "together_not_allowed": ("Together says this account cannot pay for the job (estimate ${usd}, credit limit "
                             "${limit}). Nothing was started; add credit at together.ai and launch again."),
    "together_export_kind": "Together offers {kinds} for this job, not '{kind}'.",
    "together_no_output": "The job has no model to download yet (Together names it when the job completes).",
})

STATUS_MAP = {
    "pending": Status.QUEUED,
    "queued": Status.QUEUED,
    "running": Status.RUNNING,
    "compressing": Status.RUNNING,
    "uploading": Status.RUNNING,
    "cancel_requested": Status.RUNNING,
    "cancelled": Status.CANCELLED,
    "error": Status.FAILED,
    "user_error": Status.FAILED,
    "completed": Status.SUCCEEDED,
}
# Our parameter names -> the names Together uses in the request (a 400 names those).
FIELD_NAMES = {"epochs": "n_epochs", "method": "training_method", "training_type": "training_type",
               "seed": "random_seed"}
# Together's metric names (rows keyed like the SDK's own chart reads them: train/global_step, train/loss,
# eval/loss) -> ours (the chart's series)
METRIC_NAMES = {"train/loss": "train_loss", "eval/loss": "valid_loss", "train_loss": "train_loss",
                "eval_loss": "valid_loss"}
STEP_KEYS = ("train/global_step", "global_step", "step")


def job_tag(job_id: str) -> str:
    """The tag fttool puts in the suffix of a job's model name (Together echoes the name back): `ft` + 8 hex."""
    return "ft" + hashlib.sha256(job_id.encode()).hexdigest()[:8]


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return str(value)


class TogetherProvider(TogetherPlan, OpenAIProvider):
    name = "together"
    label = "Together AI"
    secret = "together"
    create_timeout = 60.0

    def __init__(self) -> None:
        super().__init__()
        self._limits: dict[str, Any] = {}  # model -> the API's FinetuneModelLimits, asked once per run

    # -- the SDK ---------------------------------------------------------------------------------------
    def sdk(self) -> Any:
        import together

        return together

    def endpoint(self) -> str:
        return together_base_url()

    def _make_client(self, key: str) -> Any:
        import together

        return together.AsyncTogether(api_key=key, base_url=together_base_url(), max_retries=0,
                                      timeout=self.poll_timeout, project_id=os.environ.get("TOGETHER_PROJECT_ID") or None)

    # -- facts and parameters --------------------------------------------------------------------------
    def new_jobs_end(self) -> Any:
        return None

    def date_notice(self) -> tuple[str, dict[str, Any]] | None:
        return None

    def capabilities(self) -> Capabilities:
        return Capabilities(methods=("supervised", "dpo"), pause_resume=False, checkpoints=True,
                            accepts_new_jobs=True, billable=True, deploy=True, export=True,
                            deploy_kind="endpoint", import_jobs=True, cleanup=True)

    async def refresh_models(self) -> list[str]:
        """Ask Together which models it fine-tunes now (GET /v2/supported-models?product=PRODUCT_FINE_TUNING) and
        keep the answer, dated, in the data folder."""
        from fttool import clock
        from fttool.fsutil import atomic_write_json

        client = await self.client()

        async def fetch() -> list[Any]:
            return [m async for m in client.models.list_supported(product="PRODUCT_FINE_TUNING")]

        got = await self.call(fetch, polling=False, retries=1)
        names = sorted({str(getattr(m, "name", None) or m.id) for m in got})
        await asyncio.to_thread(atomic_write_json, refreshed_path(),
                                {"fetched_at": clock.iso_now(), "models": names})
        return names

    # -- the job ---------------------------------------------------------------------------------------
    def create_kwargs(self, job: Job, training_id: str, validation_id: str | None) -> dict[str, Any]:
        p = job.params
        method = "dpo" if (p.get("method") or "supervised") == "dpo" else "sft"
        tag = job_tag(job.id)
        suffix = f"{p['suffix']}-{tag}" if p.get("suffix") else tag
        kwargs: dict[str, Any] = {
            "training_file": training_id, "model": job.base_model, "suffix": suffix,
            "n_epochs": int(p.get("epochs") or 3), "training_method": method,
            "lora": (p.get("training_type") or "lora") != "full",
            "n_checkpoints": int(p.get("n_checkpoints") or 1), "n_evals": int(p.get("n_evals") or 0),
        }
        if validation_id:
            kwargs["validation_file"] = validation_id
        if p.get("from_checkpoint"):
            kwargs["from_checkpoint"] = str(p["from_checkpoint"])
            kwargs["model"] = None
        for ours, theirs, cast in (("batch_size", "batch_size", int), ("learning_rate", "learning_rate", float),
                                   ("warmup_ratio", "warmup_ratio", float), ("max_seq_length", "max_seq_length", int),
                                   ("seed", "random_seed", int)):
            if p.get(ours) is not None:
                kwargs[theirs] = cast(p[ours])
        if kwargs["lora"]:
            lora_casts: tuple[tuple[str, Callable[[Any], Any]], ...] = (
                ("lora_r", int), ("lora_alpha", float), ("lora_dropout", float), ("lora_trainable_modules", str))
            for key, conv in lora_casts:
                if p.get(key) is not None:
                    kwargs[key] = conv(p[key])
        if method == "dpo" and p.get("dpo_beta") is not None:
            kwargs["dpo_beta"] = float(p["dpo_beta"])
        return kwargs

    async def find_by_tag(self, client: Any, job_id: str) -> Any | None:
        """Our job in the account's job list, found by the tag in its model's output name."""
        tag = job_tag(job_id)

        async def lookup() -> Any | None:
            page = await client.fine_tuning.list()
            for ft in page.data or []:
                name = str(getattr(ft, "x_model_output_name", None) or "")
                if tag in name or tag in str(getattr(ft, "suffix", "") or ""):
                    return ft
            return None

        return await self.call(lookup, polling=False, retries=3)

    async def find_by_metadata(self, client: Any, job_id: str) -> Any | None:
        return await self.find_by_tag(client, job_id)

    async def create(self, client: Any, job: Job, kwargs: dict[str, Any]) -> Any:
        """Create once (client retries off). The SDK's create asks the model's limits and a price estimate before
        it posts; a timeout, a dropped connection or a 5xx anywhere in it may or may not have made the job, so the
        job list is searched for our tag before anything is sent again."""
        together = self.sdk()
        attempts = rate_limited = 0
        creator = client.with_options(max_retries=0, timeout=self.create_timeout)
        while True:
            attempts += 1
            try:
                return await creator.fine_tuning.create(**kwargs)
            except together.RateLimitError as exc:  # refused before anything was made: wait and send again
                wait = retry_after(exc)
                if rate_limited >= self.rate_limit_retries or (wait is not None and wait > self.max_retry_after):
                    raise self.translate(exc, polling=False) from exc
                rate_limited += 1
                await asyncio.sleep(wait if wait is not None else 2.0 ** rate_limited)
            except (together.APITimeoutError, together.APIConnectionError, together.InternalServerError) as exc:
                log.warning("creating %s: %s; looking it up before sending again", job.id, type(exc).__name__)
                try:
                    found = await self.find_by_tag(client, job.id)
                except ConnectionProblem as lookup_exc:  # cannot tell whether the job exists: never resend
                    raise ConnectionProblem("create_uncertain", provider=self.label,
                                            details=lookup_exc.details) from exc
                if found is not None:
                    return found
                if attempts >= 3:
                    raise self.translate(exc, polling=False) from exc
                await asyncio.sleep(0.5 * attempts)
            except together.APIStatusError as exc:
                raise self.translate(exc, polling=False) from exc
            except ValueError as exc:  # the SDK's own checks against the model's limits (nothing was sent)
                raise UsageError("provider_rejected", provider=self.label, status="-", message=str(exc)) from exc

    async def upload(self, client: Any, path: Path, sha: str, account: str, role: str) -> tuple[str, bool]:
        """The file id of `path` in this account: reused when the same bytes were uploaded before and the file is
        still there, else uploaded now through the SDK's upload manager (named fttool-<role>-<sha>.jsonl, so Clean
        up recognises it)."""
        from fttool import clock

        together = self.sdk()
        entry = load_uploads().get(account, {}).get(sha)
        if entry:
            try:
                await self.call(lambda: client.files.retrieve(entry["file_id"]), polling=False, retries=2)
                return str(entry["file_id"]), True
            except FtError as exc:
                if not isinstance(exc.__cause__, together.NotFoundError):
                    raise
            await asyncio.to_thread(record_upload, account, sha, None)
        import tempfile

        name = f"fttool-{role}-{sha[:12]}.jsonl"
        with tempfile.TemporaryDirectory(prefix="fttool-up-") as tmp:  # the name Together keeps is the file's
            staged = Path(tmp) / name
            await asyncio.to_thread(_link_or_copy, path, staged)
            created = await self.call(
                lambda: client.with_options(timeout=self.upload_timeout).files.upload(staged, purpose="fine-tune",
                                                                                       check=True),
                polling=False, retries=2)
        size = (await asyncio.to_thread(path.stat)).st_size
        await asyncio.to_thread(record_upload, account, sha, {
            "file_id": created.id, "filename": name, "source": path.name, "bytes": size,
            "uploaded_at": clock.iso_now(), "backend": self.name})
        return str(created.id), False

    async def check_funds(self, client: Any, job: Job, training_id: str, validation_id: str | None) -> dict[str, Any]:
        """Together's own estimate after the upload (its token count, its price); refuses a job the account cannot
        pay for. Returns the numbers to keep in the job record (empty when no estimate is available)."""
        p = job.params
        body: dict[str, Any] = {"training_file": training_id, "model": job.base_model or "",
                                "n_epochs": int(p.get("epochs") or 3), "n_evals": int(p.get("n_evals") or 0),
                                "training_method": {"method": "dpo" if p.get("method") == "dpo" else "sft"},
                                "training_type": ({"type": "Full"} if p.get("training_type") == "full"
                                                  else {"type": "Lora"})}
        if validation_id:
            body["validation_file"] = validation_id
        res = await self.call(lambda: client.fine_tuning.estimate_price(**body), polling=False, retries=2)
        if not getattr(res, "estimation_available", False):
            return {}
        usd = getattr(res, "estimated_total_price", None)
        if getattr(res, "allowed_to_proceed", True) is False:
            limit = getattr(res, "user_limit", None)
            raise UsageError("together_not_allowed", usd=f"{usd or 0:.2f}", limit=f"{limit or 0:.2f}")
        out: dict[str, Any] = {"provider_estimated_cost_usd": usd}
        tokens = getattr(res, "estimated_train_token_count", None)
        if tokens is not None:
            out["provider_estimated_tokens"] = int(tokens + (getattr(res, "estimated_eval_token_count", 0) or 0))
        return out

    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        client = await self.client()
        account = self.account(await self.api_key())
        test_sha = await asyncio.to_thread(self._test_split_sha, job)
        ids: dict[str, str | None] = {"train": None, "validation": None}
        reused: list[str] = []
        for role, param in (("train", "training_file"), ("validation", "validation_file")):
            value = job.params.get(param)
            if not value:
                continue
            path = Path(str(value))
            sha = str(job.dataset_sha256.get(role) or await asyncio.to_thread(sha256_of, path))
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
            ids[role] = fid
            if await self.cancelled_meanwhile(ctx):
                return self.cancelled_fields()
        assert ids["train"] is not None
        params = {**job.params, "training_file_id": ids["train"], "validation_file_id": ids["validation"],
                  "reused_files": reused, "tag": job_tag(job.id)}
        await ctx.update(status=Status.VALIDATING, provider_status="estimating the price", params=params)
        params.update(await self.check_funds(client, job, ids["train"], ids["validation"]))
        estimate = await asyncio.to_thread(self.estimate_cost, {"model": job.base_model, **job.params})
        if estimate is not None:
            params["estimated_cost_usd"] = estimate.usd
            params["estimated_billed_tokens"] = estimate.billed_tokens
            params["price_date"] = estimate.price_date
        await ctx.update(provider_status="creating the job", params=params)
        try:
            ft = await self.create(client, job, self.create_kwargs(job, ids["train"], ids["validation"]))
        except ConnectionProblem as exc:
            if exc.code != "create_uncertain":
                raise
            await ctx.add_events([{"message": exc.message, "level": "warning"}])
            params["create_state"] = "uncertain"
            return {"status": Status.VALIDATING, "provider_status": "confirming", "params": params}
        if await self.cancelled_meanwhile(ctx):  # cancelled while the create was on its way: stop it there too
            try:
                await self.call(lambda: client.fine_tuning.cancel(ft.id), polling=False, retries=2)
                return {**self.cancelled_fields(), "provider_job_id": ft.id, "params": params}
            except FtError as exc:
                await ctx.add_events([{"message": exc.message, "level": "error"}])
        return {"provider_job_id": ft.id, "status": STATUS_MAP.get(str(ft.status).lower(), Status.QUEUED),
                "provider_status": str(ft.status), "params": params}

    # -- watching --------------------------------------------------------------------------------------
    def result_from(self, job: Job, ft: Any) -> PollResult:
        word = str(getattr(ft, "status", "") or "")
        status = STATUS_MAP.get(word.lower(), Status.RUNNING)
        output = getattr(ft, "x_model_output_name", None)
        res = PollResult(status=status, provider_status=word,
                         result_model=str(output) if output and status == Status.SUCCEEDED else None)
        if status == Status.FAILED:
            message = next((str(e.message) for e in reversed(getattr(ft, "events", None) or [])
                            if str(getattr(e, "level", "")) == "error" or str(getattr(e, "type", "")) == "job_error"),
                           "")
            res.error = {"code": word or "failed", "message": message or f"{self.label} reports the job as {word}."}
        params: dict[str, Any] = {}
        tokens = getattr(ft, "token_count", None)
        if isinstance(tokens, int) and job.params.get("trained_tokens") != tokens:
            params["trained_tokens"] = tokens
        price = getattr(ft, "total_price", None)
        if isinstance(price, (int, float)) and price > 0:
            usd = round(float(price) / NANODOLLARS, 6)
            if job.params.get("cost_usd") != usd:
                params["cost_usd"] = usd
        epochs = getattr(ft, "n_epochs", None)
        if isinstance(epochs, int) and job.params.get("epochs_used") != epochs:
            params["epochs_used"] = epochs
        if output and job.params.get("output_name") != output:
            params["output_name"] = str(output)
        res.params = params
        res.progress = self._together_progress(ft)
        return res

    @staticmethod
    def _together_progress(ft: Any) -> dict[str, Any] | None:
        """Steps and epochs done of those planned, and Together's own time left when it has one."""
        from fttool.clock import iso_now

        prog: dict[str, Any] = {}
        done, total = getattr(ft, "steps_completed", None), getattr(ft, "total_steps", None)
        if isinstance(done, int) and isinstance(total, int) and total > 0:
            prog["step"], prog["total"] = done, total
        epochs_done, epochs = getattr(ft, "epochs_completed", None), getattr(ft, "n_epochs", None)
        if isinstance(epochs_done, int) and isinstance(epochs, int) and epochs > 0:
            prog["epoch"], prog["epochs"] = epochs_done, epochs
        estimate = getattr(ft, "progress", None)
        if estimate is not None and getattr(estimate, "estimate_available", False):
            seconds = getattr(estimate, "seconds_remaining", None)
            if isinstance(seconds, (int, float)):
                prog["eta_seconds"] = float(seconds)
        if not prog:
            return None
        prog["at"] = iso_now()
        return prog

    @staticmethod
    def _event_key(ev: Any) -> str:
        raw = f"{getattr(ev, 'created_at', '')}|{getattr(ev, 'type', '')}|{getattr(ev, 'step', '')}|{ev.message}"
        return "tg-" + hashlib.sha256(raw.encode()).hexdigest()[:20]

    async def new_events(self, client: Any, job: Job, pid: str) -> tuple[list[dict[str, Any]],
                                                                        dict[str, list[list[float]]]]:
        """Every event Together lists (the store skips those it has, by key) and the metrics after the last step
        stored."""
        page = await self.call(lambda: client.fine_tuning.list_events(pid))
        events = []
        for ev in page.data or []:
            level = str(getattr(ev, "level", None) or "info").replace("legacy_i", "").replace("legacy_", "")
            level = {"warn": "warning"}.get(level, level)
            events.append({"message": str(ev.message), "level": level if level in ("info", "warning", "error")
                           else "info", "created_at": _iso(ev.created_at), "provider_event_id": self._event_key(ev)})
        last = max((int(s) for series in (job.metrics or {}).values() for s, _v in series), default=0)
        metrics: dict[str, list[list[float]]] = {}
        try:
            got = await self.call(lambda: client.fine_tuning.list_metrics(pid, global_step_from=last + 1)
                                  if last else client.fine_tuning.list_metrics(pid))
        except UsageError:  # an account or job without the metrics endpoint: events still show
            got = None
        for row in (getattr(got, "metrics", None) or []) if got is not None else []:
            step = next((row[k] for k in STEP_KEYS if k in row), None)
            if not isinstance(step, (int, float)):
                continue
            for src, dst in METRIC_NAMES.items():
                v = row.get(src)
                if isinstance(v, (int, float)) and math.isfinite(v):
                    metrics.setdefault(dst, []).append([float(step), float(v)])
        return events, metrics

    async def checkpoints(self, client: Any, pid: str) -> list[dict[str, Any]]:
        got = await self.call(lambda: client.fine_tuning.list_checkpoints(pid))
        out = [{"step": c.step, "type": c.checkpoint_type, "kind": getattr(c, "checkpoint", None),
                "path": c.path, "created_at": _iso(c.created_at)} for c in got.data or []]
        return sorted(out, key=lambda c: c["step"])

    async def poll(self, job: Job) -> PollResult:
        client = await self.client()
        pid = job.provider_job_id
        recovered = None
        if not pid:  # the create's answer was lost: find the job by its tag
            ft = await self.find_by_tag(client, job.id)
            if ft is None:
                if job.params.get("create_state") != "uncertain" and self._recent(job.updated_at):
                    return PollResult(job.status, job.provider_status, next_poll_seconds=15.0)
                return PollResult(Status.FAILED, "not sent", error={
                    "code": "job_not_sent", "message": FtError("job_not_sent", provider=self.label).message})
            pid = recovered = ft.id
        ft = await self.call(lambda: client.fine_tuning.retrieve(pid))
        res = self.result_from(job, ft)
        res.provider_job_id = recovered
        if recovered and job.params.get("create_state") == "uncertain":
            res.params["create_state"] = "confirmed"
        res.events, res.metrics = await self.new_events(client, job, pid)
        if res.status == Status.SUCCEEDED and "checkpoints" not in job.params:
            res.params["checkpoints"] = await self.checkpoints(client, pid)
        return res

    async def cancel(self, job: Job) -> PollResult:
        client = await self.client()
        if not job.provider_job_id:
            return PollResult(Status.CANCELLED, "cancelled before it was sent")
        ft = await self.call(lambda: client.fine_tuning.cancel(job.provider_job_id), polling=False, retries=2)
        res = self.result_from(job, ft)
        res.events = [{"message": "Cancel requested from fttool", "level": "info"}]
        return res

    async def pause(self, job: Job) -> PollResult:
        raise UsageError("no_pause")

    async def resume(self, job: Job) -> PollResult:
        raise UsageError("no_pause")

    # -- import (jobs made outside fttool) -------------------------------------------------------------
    async def list_remote_jobs(self, limit: int = 1000) -> list[Any]:
        client = await self.client()
        page = await self.call(lambda: client.fine_tuning.list(), polling=False, retries=2)
        return list(page.data or [])[:limit]

    async def list_tuned_models(self) -> list[str]:
        return []  # Together's tuned models are the output names of its jobs (imported with them)

    # -- download --------------------------------------------------------------------------------------
    async def download(self, job: Job, kind: str, dest: Path, progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
        """Download the job's `adapter` or `merged` model (LoRA jobs; a full job has `model`) into `dest` (a folder:
        unpacked from Together's .tar.zst archive). Returns {path, bytes, sha256, kind}."""
        client = await self.client()
        if not job.provider_job_id:
            raise UsageError("together_no_output")
        ft = await self.call(lambda: client.fine_tuning.retrieve(job.provider_job_id), polling=False, retries=2)
        full = (job.params.get("training_type") == "full"
                or type(getattr(ft, "training_type", None)).__name__.endswith("FullTrainingType"))
        offered = ("model",) if full else ("adapter", "merged")
        if kind not in offered:
            raise UsageError("together_export_kind", kinds=" and ".join(offered), kind=kind)
        if not getattr(ft, "x_model_output_name", None):
            raise UsageError("together_no_output")
        checkpoint = "model_output_path" if full else kind
        return await download_archive(self, client, job.provider_job_id, checkpoint, dest, progress, cancelled)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        import shutil

        shutil.copyfile(src, dst)
