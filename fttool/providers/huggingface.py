"""Training on Hugging Face Jobs (backend `hf`).

start: push the training (and validation) file to a private dataset repo (unchanged files are not sent again),
then launch resources/hf/train_sft.py with `run_job` on a pinned `uv` image. The script travels base64-encoded in
an environment variable (it is not secret); the token goes only in `secrets=` (HF_TOKEN), never in `env=`, the
job record, the job folder or a log. The job carries `labels={"fttool_job": <our id>}`: before launching, and
after a launch whose answer was lost (timeout, 5xx), we look for a job with that label, so a retry adopts the
job already started instead of paying for a second.

poll: inspect the job (the Hub's own word is `provider_status`: SCHEDULING, RUNNING, COMPLETED, CANCELED,
ERROR) and read its log (server-sent events), parsing `fttool-metric {json}` lines (and transformers' own
`{'loss': ...}` lines) into `metrics.train_loss` / `valid_loss`; new lines become job events. 429/5xx and
network failures are retried here (the client does not) and end in ConnectionProblem, which the service shows
as "reconnecting". A log stream that drops is read again at the next poll.
"""

from __future__ import annotations

import ast
import asyncio
import base64
import json
import logging
import math
import re
import threading
import time
from pathlib import Path
from typing import Any

from fttool import credentials
from fttool.errors import FtError, UsageError
from fttool.jobs.models import Job, Status
from fttool.log import redact
from fttool.messages import register, render
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

log = logging.getLogger("fttool.providers.hf")

register({
    "hf_job_error": "The training job on Hugging Face failed: {message}",
    "hf_job_deleted": "The job was deleted on Hugging Face.",
    "hf_unknown_flavor": "Hugging Face has no hardware named '{flavor}'. Available: {known}.",
    "hf_launch_failed": "Hugging Face did not start the job after {attempts} attempts: {detail}",
    "hf_step_push_data": "pushing the data set",
    "hf_step_launch": "starting the job",
    "hf_model_not_on_hub": "'{model}' is not a model on the Hugging Face Hub. A job on Hugging Face trains a Hub "
                           "model named like owner/name (for example HuggingFaceTB/SmolLM2-360M-Instruct); a "
                           "model folder on this computer trains with the local backend.",
    "hf_step_push_progress": "pushing the data set: {percent}%",
    "hf_no_training_file": "No training file was given (--data).",
    "hf_job_not_started": "fttool stopped while starting this job and no job with its label exists on Hugging "
                          "Face, so it never started and nothing was billed. Start it again.",
})

STAGE_TO_STATUS = {
    "SCHEDULING": Status.QUEUED,
    "RUNNING": Status.RUNNING,
    "COMPLETED": Status.SUCCEEDED,
    "CANCELED": Status.CANCELLED,
    "CANCELLED": Status.CANCELLED,
    "ERROR": Status.FAILED,
    "DELETED": Status.FAILED,
}
LABEL = "fttool_job"
HUB_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
CANCELLED_RESULT: dict[str, Any] = {"status": Status.CANCELLED, "provider_status": "CANCELED"}
STARTING_GRACE_S = 1800  # a job with no Hub id and no labelled Hub job is given up after this long unchanged
METRIC_RE = re.compile(r"fttool-metric (\{.*\})\s*$")
HF_DICT_RE = re.compile(r"^\s*(\{'(?:loss|eval_loss)'.*\})\s*$")
_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([bBmM])\b")


def jobs_facts() -> dict[str, Any]:
    from fttool.resources import resource

    data: dict[str, Any] = json.loads(resource("hf", "jobs.json").read_text(encoding="utf-8"))
    return data


def script_path() -> Path:
    from fttool.resources import resource

    return resource("hf", "train_sft.py")


def model_size_billions(model: str | None) -> float:
    """1.5 for 'Qwen2.5-1.5B-Instruct', 0.135 for 'SmolLM2-135M'; 1 when the name does not say."""
    for num, unit in reversed(_SIZE_RE.findall((model or "").replace("_", "-"))):
        value = float(num)
        return value if unit.lower() == "b" else value / 1000
    return 1.0


def parse_log_line(line: str) -> dict[str, float] | None:
    """A metric line -> {"step", "train_loss"?, "valid_loss"?}; None for any other line."""
    m = METRIC_RE.search(line)
    if m:
        try:
            d = json.loads(m.group(1))
        except ValueError:
            return None
        out = {k: float(d[k]) for k in ("step", "epoch", "train_loss", "valid_loss") if isinstance(d.get(k), (int, float))}
        return out if "step" in out and len(out) > 1 else None
    return None


def parse_hf_dict_line(line: str) -> dict[str, float] | None:
    """transformers' own `{'loss': 1.2, ..., 'epoch': 0.5}` line (no step: the caller numbers them)."""
    m = HF_DICT_RE.match(line)
    if not m:
        return None
    try:
        d = ast.literal_eval(m.group(1))
    except (ValueError, SyntaxError):
        return None
    out: dict[str, float] = {}
    if isinstance(d.get("loss"), (int, float)):
        out["train_loss"] = float(d["loss"])
    if isinstance(d.get("eval_loss"), (int, float)):
        out["valid_loss"] = float(d["eval_loss"])
    if isinstance(d.get("epoch"), (int, float)):
        out["epoch"] = float(d["epoch"])
    return out or None


def metrics_from_lines(lines: list[str]) -> dict[str, list[list[float]]]:
    """The loss series of a whole log. Our own metric lines win; transformers' lines are the fallback."""
    ours: dict[str, list[list[float]]] = {}
    theirs: dict[str, list[list[float]]] = {}
    n = 0
    for line in lines:
        d = parse_log_line(line)
        if d is not None:
            for key in ("train_loss", "valid_loss"):
                if key in d:
                    ours.setdefault(key, []).append([d["step"], d[key]])
            continue
        h = parse_hf_dict_line(line)
        if h is not None:
            n += 1
            for key in ("train_loss", "valid_loss"):
                if key in h:
                    theirs.setdefault(key, []).append([float(n), h[key]])
    return ours or theirs


def slug(text: str, limit: int = 40) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.").lower()
    return s[:limit].strip("-.") or "model"


class _JobLog:
    """What we have read of one job's log (in memory; after a restart the log is read again and the store
    drops events it already has, by provider_event_id)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.lock = threading.Lock()


class HuggingFaceProvider(Provider):
    name = "hf"
    label = "Hugging Face Jobs"

    def __init__(self) -> None:
        self._logs: dict[str, _JobLog] = {}
        self._hardware: list[dict[str, Any]] | None = None
        self._hardware_at = 0.0
        self._hardware_source = ""
        self._user: dict[str, Any] = {}
        self._cancel_requested: set[str] = set()
        self.retry_delay = 0.5  # seconds before the first retry (tests make it small)
        # our own threads for blocking Hub calls: a log read may wait seconds for new lines, and must not hold up
        # the service's shared executor (SQLite writes, keyring)
        self._pool: Any = None
        self._pool_lock = threading.Lock()

    # -- description -----------------------------------------------------------------------------------
    def capabilities(self) -> Capabilities:
        return Capabilities(methods=("supervised",), pause_resume=False, checkpoints=False, billable=True)

    def parameters(self) -> list[ParamSpec]:
        facts = jobs_facts()
        return [
            ParamSpec("training_file", "str", required=True, label="Training data",
                      help="The JSONL file to train on; it is pushed to a private dataset repo first."),
            ParamSpec("validation_file", "str", label="Validation data",
                      help="Optional JSONL file to measure validation loss on after each epoch."),
            ParamSpec("flavor", "str", facts["default_flavor"], label="Hardware",
                      help="The Hugging Face hardware the job runs on; billed per minute while it runs."),
            ParamSpec("epochs", "int", 3, minimum=1, maximum=50, label="Epochs",
                      help="How many times training goes over the whole data set."),
            ParamSpec("learning_rate", "float", 2e-4, minimum=1e-7, maximum=1e-2, label="Learning rate",
                      help="How big each update is. 0.0002 suits LoRA."),
            ParamSpec("batch_size", "int", 4, minimum=1, maximum=256, label="Batch size",
                      help="Examples per step on the GPU. Lower it if the job runs out of memory."),
            ParamSpec("seed", "int", 42, minimum=0, label="Seed", help="Same seed, same data: same run."),
            ParamSpec("lora_r", "int", 16, minimum=1, maximum=512, label="LoRA rank",
                      help="Size of the adapter. 8 to 32 is usual."),
            ParamSpec("lora_alpha", "int", 32, minimum=1, maximum=1024, label="LoRA alpha",
                      help="Scale of the adapter; often twice the rank."),
            ParamSpec("max_seq_length", "int", 1024, minimum=64, maximum=32768, label="Longest example (tokens)",
                      help="Longer examples are cut to this many tokens."),
            ParamSpec("timeout", "str", facts["default_timeout"], label="Time limit",
                      help="The job is stopped (and billing ends) after this long, e.g. 90m or 3h."),
            ParamSpec("merge", "bool", False, label="Also push the merged model",
                      help="Besides the small adapter, push the base model merged with it (large)."),
            ParamSpec("output_repo", "str", label="Model repo",
                      help="Where the adapter is pushed (private). Default: your-name/fttool-<model>-<job>."),
            ParamSpec("dataset_repo", "str", label="Dataset repo",
                      help="Where the data is pushed (private). Default: your-name/fttool-data-<hash>."),
            ParamSpec("private", "bool", True, label="Private repos",
                      help="Create the dataset and model repos private (recommended)."),
            ParamSpec("suffix", "str", label="Name suffix", help="Added to the default model repo name."),
        ]

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        problems = validate_against(self.parameters(), params)
        tf = params.get("training_file")
        if tf and not Path(str(tf)).is_file():
            problems.append(ParamProblem("training_file", "file_not_found", f"{tf}: no such file"))
        vf = params.get("validation_file")
        if vf and not Path(str(vf)).is_file():
            problems.append(ParamProblem("validation_file", "file_not_found", f"{vf}: no such file"))
        t = params.get("timeout")
        if t is not None and _timeout_seconds(t) is None:
            problems.append(ParamProblem("timeout", "param_type", "timeout must look like 90m, 3h or 5400"))
        for key in ("output_repo", "dataset_repo"):
            if params.get(key):
                from fttool.hub.push import check_repo_name

                try:
                    check_repo_name(str(params[key]))
                except FtError as exc:
                    problems.append(ParamProblem(key, exc.code, exc.message))
        return problems

    # -- hardware and cost -----------------------------------------------------------------------------
    def hardware(self, *, refresh: bool = False, network: bool = True) -> list[dict[str, Any]]:
        """Flavors with prices: live from list_jobs_hardware (cached 10 min), else the dated snapshot."""
        if self._hardware is not None and not refresh and time.monotonic() - self._hardware_at < 600:
            return self._hardware
        if network:
            try:
                from fttool.hub.client import with_retries

                hf = self._api()
                items = with_retries(lambda: hf.list_jobs_hardware(), what="the list of hardware", attempts=2,
                                     base_delay=self.retry_delay)
                self._hardware = [_hw_dict(h) for h in items]
                self._hardware_at = time.monotonic()
                self._hardware_source = "Hugging Face list_jobs_hardware (live)"
                return self._hardware
            except FtError as exc:
                log.info("hardware list unavailable, using the snapshot: %s", exc.message)
        facts = jobs_facts()
        self._hardware_source = f"resources/hf/jobs.json ({facts['as_of']})"
        return [_hw_dict_raw(h) for h in facts["hardware"]]

    def estimate_cost(self, params: dict[str, Any]) -> CostEstimate | None:
        facts = jobs_facts()
        flavor = str(params.get("flavor") or facts["default_flavor"])
        # never touch the network from an event loop thread (the service calls this on its loop)
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        hw = {h["name"]: h for h in self.hardware(network=not on_loop)}
        price = hw.get(flavor, {}).get("usd_per_minute")
        tokens = _approx_tokens(params.get("training_file"))
        epochs = float(params.get("epochs") or 3)
        size = model_size_billions(params.get("base_model"))
        tps_table = facts["throughput_tokens_per_second_1b"]
        tps = float(tps_table.get(flavor, 1000)) / max(size, 0.05)
        train_minutes = (tokens * epochs) / tps / 60 if tokens else 0.0
        minutes = math.ceil(float(facts["setup_minutes"]) + train_minutes)
        limit = _timeout_seconds(params.get("timeout") or facts["default_timeout"]) or 0
        capped = bool(limit) and minutes > math.ceil(limit / 60)
        if capped:
            minutes = math.ceil(limit / 60)
        usd = round(minutes * float(price), 2) if price is not None else None
        detail = (f"about {minutes} min on {flavor} ({facts['setup_minutes']} min setup + about {tokens * epochs:,.0f} "
                  f"training tokens at about {tps:,.0f} tokens/s)")
        if price is not None:
            detail += f" at ${float(price) * 60:.2f}/hour"
        if capped:
            detail += f"; the job would need longer than its {minutes} min time limit and would be stopped"
        return CostEstimate(usd=usd, billed_tokens=int(tokens * epochs) if tokens else None,
                            price_source=self._hardware_source, price_date=facts["as_of"], detail=detail)

    # -- helpers ---------------------------------------------------------------------------------------
    async def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        import concurrent.futures

        with self._pool_lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="fttool-hf")
            pool = self._pool
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(pool, lambda: fn(*args, **kwargs))

    async def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:  # a call in flight ends on its own (the client's own retries are bounded)
            pool.shutdown(wait=False, cancel_futures=True)

    def _api(self) -> Any:
        from fttool.hub.client import api

        return api()

    def _namespace(self, hf: Any) -> str:
        from fttool.hub.client import whoami_name

        return whoami_name(hf, self._user)

    # -- start -----------------------------------------------------------------------------------------
    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        """Push the data (progress in provider_status), then launch. A cancel while starting stops the push
        (nothing is committed) or, if the launch already went out, cancels the job on the Hub."""
        from fttool.errors import Cancelled

        params = dict(job.params)
        if not params.get("training_file"):
            raise UsageError("hf_no_training_file")
        model = str(job.base_model or "")
        if not HUB_ID_RE.match(model) or Path(model).expanduser().exists():
            raise UsageError("hf_model_not_on_hub", model=model or "-")
        cancelled = CANCELLED_RESULT | {"params": params}
        hf = self._api()
        user = await self._run(self._namespace, hf)
        await ctx.update(status=Status.UPLOADING, provider_status=render("hf_step_push_data"))
        progress = self._progress_reporter(ctx, asyncio.get_running_loop())
        try:
            dataset_repo, revision = await self._run(self._push_data, job, params, user, progress)
        except Cancelled:
            return cancelled
        params.update(dataset_repo=dataset_repo, dataset_revision=revision, hf_namespace=user)
        if not params.get("output_repo") or params.get("output_repo_auto"):  # a clone gets its own repo
            params.update(output_repo=self._default_output_repo(job, params, user), output_repo_auto=True)
        params.setdefault("flavor", jobs_facts()["default_flavor"])
        if job.id in self._cancel_requested:
            return cancelled
        await ctx.update(status=Status.QUEUED, provider_status=render("hf_step_launch"), params=params)
        info = await self._run(self._launch, hf, job, params, user)
        await ctx.add_events([{"message": f"Hugging Face job {info.id} on {params['flavor']}: {info.url}",
                               "level": "info", "provider_event_id": f"{info.id}:launch"}])
        stage = _stage(info)
        if job.id in self._cancel_requested and not STAGE_TO_STATUS.get(stage, Status.QUEUED).terminal:
            await self._run(self._cancel_blocking, Job.from_dict({**job.to_dict(), "provider_job_id": info.id,
                                                                  "params": params}))
            return cancelled | {"provider_job_id": info.id}
        return {"provider_job_id": info.id, "status": STAGE_TO_STATUS.get(stage, Status.QUEUED),
                "provider_status": stage, "params": params}

    def _progress_reporter(self, ctx: JobContext, loop: asyncio.AbstractEventLoop) -> Any:
        """A thread-safe progress callback that shows the push in the job's provider_status (every 10%)."""
        last = [-1]

        def report(done: int, total: int, message: str) -> None:
            pct = int(100 * done / total) if total else 0
            if pct // 10 == last[0] // 10 and pct < 100:
                return
            last[0] = pct
            text = render("hf_step_push_progress", {"percent": pct})
            asyncio.run_coroutine_threadsafe(ctx.update(provider_status=text), loop)

        return report

    def _default_output_repo(self, job: Job, params: dict[str, Any], user: str) -> str:
        base = slug(str(job.base_model or "model").split("/")[-1], 40)
        suffix = f"-{slug(str(params['suffix']), 20)}" if params.get("suffix") else ""
        return f"{user}/fttool-{base}{suffix}-{job.id.removeprefix('job-')[:8]}"

    def _push_data(self, job: Job, params: dict[str, Any], user: str,
                   progress: Any = None) -> tuple[str, str | None]:
        from fttool.hub import card
        from fttool.hub.push import LocalFile, push_files

        train = Path(str(params["training_file"]))
        files = [LocalFile("data/train.jsonl", train)]
        splits = [card.summarize_split("train", train)]
        if params.get("validation_file"):
            valid = Path(str(params["validation_file"]))
            files.append(LocalFile("data/validation.jsonl", valid))
            splits.append(card.summarize_split("validation", valid))
        if not params.get("dataset_repo") or params.get("dataset_repo_auto"):  # named by the data's hash
            params.update(dataset_repo=f"{user}/fttool-data-{splits[0].sha256[:10]}", dataset_repo_auto=True)
        repo = str(params["dataset_repo"])
        readme = card.dataset_card(repo_id=repo, project_name=job.project or repo.split("/")[-1],
                                   description="Training data pushed by fttool for a Hugging Face Jobs run.",
                                   splits=splits)
        files.append(LocalFile("README.md", readme.encode()))
        result = push_files(files, repo, repo_type="dataset", private=bool(params.get("private", True)),
                            commit_message=f"fttool: data for {job.id}", progress=progress,
                            cancel=lambda: job.id in self._cancel_requested)
        return result.repo_id, result.commit

    def command(self, params: dict[str, Any], base_model: str | None) -> tuple[list[str], dict[str, str]]:
        """The job's command and (non-secret) environment."""
        script = base64.b64encode(script_path().read_bytes()).decode()
        args = ["--base-model", str(base_model), "--dataset-repo", str(params["dataset_repo"]),
                "--train-file", "data/train.jsonl", "--output-repo", str(params["output_repo"]),
                "--epochs", str(params.get("epochs") or 3), "--lr", str(params.get("learning_rate") or 2e-4),
                "--batch-size", str(params.get("batch_size") or 4), "--seed", str(params.get("seed", 42)),
                "--lora-r", str(params.get("lora_r") or 16), "--lora-alpha", str(params.get("lora_alpha") or 32),
                "--max-seq-length", str(params.get("max_seq_length") or 1024),
                "--private", "true" if params.get("private", True) else "false"]
        if params.get("dataset_revision"):
            args += ["--dataset-revision", str(params["dataset_revision"])]
        if params.get("validation_file"):
            args += ["--valid-file", "data/validation.jsonl"]
        if params.get("merge"):
            args.append("--merge")
        shell = 'printf %s "$FTTOOL_SCRIPT_B64" | base64 -d > /tmp/train_sft.py && exec uv run /tmp/train_sft.py "$@"'
        return ["bash", "-c", shell, "train_sft", *args], {"FTTOOL_SCRIPT_B64": script, "PYTHONUNBUFFERED": "1"}

    def _find_by_label(self, hf: Any, job_id: str, user: str) -> Any:
        from fttool.hub.client import with_retries

        found = with_retries(lambda: list(hf.list_jobs(labels={LABEL: job_id}, namespace=user)),
                             what="the job list", base_delay=self.retry_delay)
        return found[0] if found else None

    def _launch(self, hf: Any, job: Job, params: dict[str, Any], user: str, attempts: int = 3) -> Any:
        from fttool.hub.client import is_transient, status_of, to_error

        existing = self._find_by_label(hf, job.id, user)
        if existing is not None:
            log.info("job %s already launched as %s: adopting it", job.id, existing.id)
            return existing
        flavors = {h["name"] for h in self.hardware()}
        flavor = str(params.get("flavor"))
        if flavors and flavor not in flavors:
            raise UsageError("hf_unknown_flavor", flavor=flavor, known=", ".join(sorted(flavors)))
        command, env = self.command(params, job.base_model)
        token = credentials.require("hf", "Hugging Face")
        timeout = _timeout_seconds(params.get("timeout") or jobs_facts()["default_timeout"])
        delay = self.retry_delay
        last: BaseException | None = None
        for attempt in range(1, attempts + 1):
            try:
                return hf.run_job(image=jobs_facts()["image"], command=command, env=env,
                                  secrets={"HF_TOKEN": token}, flavor=flavor, timeout=timeout,
                                  labels={LABEL: job.id}, name=f"fttool-{job.id}", namespace=user)
            except Exception as exc:
                last = exc
                if not is_transient(exc):
                    raise to_error(exc, "the job") from exc
                log.warning("run_job attempt %d failed: %s", attempt, redact(f"{type(exc).__name__}: {exc}")[:200])
                # the answer may have been lost after the job was created: look before trying again
                time.sleep(delay if status_of(exc) is None else 0)
                found = self._find_by_label(hf, job.id, user)
                if found is not None:
                    return found
                time.sleep(delay)
                delay *= 2
        assert last is not None
        err = to_error(last, "the job")
        raise FtError("hf_launch_failed", details=err.details, attempts=attempts, detail=err.message) from last

    # -- poll ------------------------------------------------------------------------------------------
    async def poll(self, job: Job) -> PollResult:
        return await self._run(self._poll_blocking, job)

    def _poll_blocking(self, job: Job) -> PollResult:
        from fttool.hub.client import with_retries

        hf = self._api()
        user = str(job.params.get("hf_namespace") or self._namespace(hf))
        if not job.provider_job_id:  # fttool stopped while starting it: find it by its label
            found = self._find_by_label(hf, job.id, user)
            if found is None and _age_seconds(job.updated_at) < STARTING_GRACE_S:
                # another fttool process may still be pushing its data: look again later
                return PollResult(status=job.status, provider_status=job.provider_status, next_poll_seconds=15)
            if found is None:  # it never started (stopped while pushing the data, or before run_job answered)
                return PollResult(status=Status.FAILED, provider_status=None,
                                  error={"code": "hf_job_not_started", "message": render("hf_job_not_started")})
            info = with_retries(lambda: hf.inspect_job(job_id=found.id, namespace=user), what=f"job {found.id}",
                                base_delay=self.retry_delay)
        else:
            info = with_retries(lambda: hf.inspect_job(job_id=job.provider_job_id, namespace=user),
                                what=f"job {job.provider_job_id}", base_delay=self.retry_delay)
        stage = _stage(info)
        status = STAGE_TO_STATUS.get(stage, Status.RUNNING)
        state = self._logs.setdefault(job.id, _JobLog())
        replay = self._read_log(hf, info.id, user) if stage != "SCHEDULING" else []
        with state.lock:
            first = len(state.lines)
            new_lines = replay[first:]
            if len(replay) > first:
                state.lines = replay
            lines = list(state.lines)
        events = [{"message": redact(line)[:2000], "level": _level(line), "provider_event_id": f"{info.id}:{first + i}"}
                  for i, line in enumerate(new_lines) if line.strip()]
        result = PollResult(status=status, provider_status=stage, metrics=metrics_from_lines(lines), events=events)
        if status == Status.SUCCEEDED:
            result.result_model = str(job.params.get("output_repo") or "") or None
            if result.result_model:
                result.events.append(self._push_card(job, result.result_model, info.id))
            self._logs.pop(job.id, None)
        elif status == Status.FAILED:
            msg = info.status.message or stage
            tail = [ln for ln in lines if ln.strip()][-3:]
            if tail:
                msg = f"{msg}. Last log lines: " + " | ".join(t[:200] for t in tail)
            code = "hf_job_deleted" if stage == "DELETED" else "hf_job_error"
            result.error = {"code": code, "message": redact(f"{msg}")}
            self._logs.pop(job.id, None)
        elif status == Status.CANCELLED:
            self._logs.pop(job.id, None)
        return result

    def _read_log(self, hf: Any, hf_job_id: str, user: str) -> list[str]:
        """The job's whole log so far (the Hub replays it from the start). A read that fails part way (dropped
        stream, 429, 5xx) returns what came before the failure; the rest is read at the next poll."""
        lines: list[str] = []
        try:
            for line in hf.fetch_job_logs(job_id=hf_job_id, namespace=user, follow=False):
                lines.append(str(line))
        except Exception as exc:
            log.info("job %s log read stopped: %s", hf_job_id, redact(f"{type(exc).__name__}: {exc}")[:200])
        return lines

    def _push_card(self, job: Job, repo_id: str, hf_job_id: str) -> dict[str, Any]:
        """Our model card on the job's output repo (base model, data, parameters, evaluation, command). A card
        that cannot be pushed is a warning on the job, never a failed job."""
        from fttool.hub import card
        from fttool.hub.push import LocalFile, push_files

        params = dict(job.params)
        try:
            splits = []
            for key, split in (("training_file", "train"), ("validation_file", "validation")):
                path = params.get(key)
                if path and Path(str(path)).is_file():
                    splits.append(card.summarize_split(split, Path(str(path))))
            project = Path(job.project) if job.project and Path(job.project).is_dir() else None
            text = card.model_card(repo_id=repo_id, base_model=job.base_model, params=params, splits=splits,
                                   eval_results=card.load_eval_results(project),
                                   command=card.training_command("hf", job.base_model, params),
                                   dataset_repo=params.get("dataset_repo"), backend="hf (Hugging Face Jobs)")
            push_files([LocalFile("README.md", text.encode())], repo_id, repo_type="model",
                       private=bool(params.get("private", True)), commit_message="fttool: model card")
        except FtError as exc:
            return {"message": f"The model card could not be pushed to {repo_id}: {exc.message}", "level": "warning",
                    "provider_event_id": f"{hf_job_id}:card"}
        return {"message": f"Model card pushed to {repo_id}.", "level": "info",
                "provider_event_id": f"{hf_job_id}:card"}

    # -- cancel ----------------------------------------------------------------------------------------
    async def cancel(self, job: Job) -> PollResult:
        return await self._run(self._cancel_blocking, job)

    def _cancel_blocking(self, job: Job) -> PollResult:
        from fttool.hub.client import with_retries

        self._cancel_requested.add(job.id)  # a start still pushing or launching stops (see start)
        hf = self._api()
        user = str(job.params.get("hf_namespace") or self._namespace(hf))
        hf_id = job.provider_job_id
        if not hf_id:
            found = self._find_by_label(hf, job.id, user)
            if found is None:
                return PollResult(status=Status.CANCELLED, provider_status="CANCELED")
            hf_id = found.id
        with_retries(lambda: hf.cancel_job(job_id=hf_id, namespace=user), what=f"job {hf_id}",
                     base_delay=self.retry_delay)
        info = with_retries(lambda: hf.inspect_job(job_id=hf_id, namespace=user), what=f"job {hf_id}",
                            base_delay=self.retry_delay)
        stage = _stage(info)
        status = STAGE_TO_STATUS.get(stage, Status.CANCELLED)
        if not status.terminal:
            status = Status.CANCELLED  # asked and accepted; the Hub may take a moment to say so
        self._logs.pop(job.id, None)
        return PollResult(status=status, provider_status=stage,
                          events=[{"message": "Cancelled on Hugging Face.", "level": "info",
                                   "provider_event_id": f"{hf_id}:cancel"}])


def _stage(info: Any) -> str:
    """The Hub's word for the job's stage ("RUNNING"), whether the client gives a str or a JobStage."""
    stage = info.status.stage
    return str(getattr(stage, "value", stage)).upper()


def _age_seconds(iso: str | None) -> float:
    from datetime import datetime, timezone

    from fttool.clock import now

    try:
        then = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return float("inf")
    if then.tzinfo is None:
        then = then.replace(tzinfo=timezone.utc)
    return (now() - then).total_seconds()


def _level(line: str) -> str:
    low = line.lower()
    if "error" in low or "traceback" in low:
        return "error"
    if "warning" in low:
        return "warning"
    return "info"


def _timeout_seconds(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value > 0 else None
    s = str(value).strip().lower()
    factors = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if s and s[-1] in factors:
            n = float(s[:-1]) * factors[s[-1]]
        else:
            n = float(s)
    except ValueError:
        return None
    return int(n) if n > 0 else None


def _approx_tokens(path: Any) -> int:
    """About four characters a token: a planning figure for the estimate, not a bill."""
    if not path:
        return 0
    try:
        return int(Path(str(path)).stat().st_size / 4)
    except OSError:
        return 0


def _hw_dict(h: Any) -> dict[str, Any]:
    acc = h.accelerator
    return {"name": h.name, "label": h.pretty_name, "cpu": h.cpu, "ram": h.ram,
            "accelerator": f"{acc.quantity}x {acc.model} {acc.vram}" if acc else None,
            "usd_per_minute": float(h.unit_cost_usd), "unit": h.unit_label}


def _hw_dict_raw(h: dict[str, Any]) -> dict[str, Any]:
    acc = h.get("accelerator")
    return {"name": h["name"], "label": h.get("prettyName", h["name"]), "cpu": h.get("cpu"), "ram": h.get("ram"),
            "accelerator": f"{acc['quantity']}x {acc['model']} {acc['vram']}" if acc else None,
            "usd_per_minute": float(h["unitCostUSD"]), "unit": h.get("unitLabel", "minute")}
