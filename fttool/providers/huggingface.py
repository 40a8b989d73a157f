"""Training on Hugging Face Jobs (backend `hf`): the same training as a local TRL job, on the same pins.

start: fttool prepares the data as a local TRL job does (`trl.prepare_data`: TRL's conversational rows) and
pushes the prepared files as data/train.jsonl and data/validation.jsonl to a private dataset repo (its card
summarises the user's own files; unchanged files are not sent again; the default repo is named by the prepared
training file's hash). Then `run_job` on a pinned `uv` image runs resources/hf/job.sh: a venv with exactly the
CUDA route's pins of resources/runtime/trl.lock, `hf download` of the data set at the pushed commit, and TRL's
own `trl sft|dpo --config job.yaml`, whose YAML is the local engine's (`trl.build_config`) plus the push to
the model repo; optionally resources/hf/merge_push.py (TRL's CLI has no merge-and-push). A flavor with several
GPUs gets TRL's accelerate config (`multi_gpu`, or `fsdp2` when the model does not fit one GPU) with one
process per GPU. The lock, the YAML and the merge script travel base64-encoded in environment variables (they
are not secret); the token goes only in `secrets=` (HF_TOKEN), never in `env=`, the command, the job record,
the job folder or a log. The job carries `labels={"fttool_job": <our id>}`: before launching, and after a
launch whose answer was lost (timeout, 5xx), we look for a job with that label, so a retry adopts the job
already started instead of paying for a second.

poll: inspect the job (the Hub's own word is `provider_status`: SCHEDULING, RUNNING, COMPLETED, CANCELED,
ERROR) and read its log (server-sent events), parsing the trainer's dict lines (transformers 5 writes the
numbers as strings) into `metrics.train_loss` / `valid_loss`, stepped by the plan's steps per epoch; new lines
become job events. 429/5xx and network failures are retried here (the client does not) and end in
ConnectionProblem, which the service shows as "reconnecting". A log stream that drops is read again at the
next poll.

The job's form, its dated facts and its plan (`flavor_gpus`, `memory_estimate`, `job_plan`, `job_config`: pure,
what the Train view shows too) are in hf_plan.py.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import math
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from fttool import credentials
from fttool.errors import FtError, UsageError
from fttool.jobs.record import Job, Status
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
from fttool.providers.hf_plan import (
    flavor_gpus,
    hw_dict,
    hw_dict_raw,
    job_config,
    job_plan,
    jobs_facts,
    memory_estimate,
    model_size_billions,
    param_specs,
    trl_params,
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
    "hf_job_plan": "TRL {method} on {hardware}: {rows} training rows from {examples} examples, {steps} steps "
                   "({steps_per_epoch} per epoch){parallel}.",
    "hf_too_big": "The model needs about {needed} GB to train, more than the {memory} GB of {flavor}: the "
                  "job may run out of memory. Choose a flavor with more GPU memory.",
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
# jobs launched by fttool before the TRL engine (resources/hf/train_sft.py) printed their own metric lines; a
# job of that kind still running after an upgrade keeps its exact steps
METRIC_RE = re.compile(r"fttool-metric (\{.*\})\s*$")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRAIN_FILE = "data/train.jsonl"
VALID_FILE = "data/validation.jsonl"


def job_script() -> str:
    """resources/hf/job.sh: the job's command, run as `bash -c <it> fttool-hf-job ARGS`."""
    from fttool.resources import resource

    return resource("hf", "job.sh").read_text(encoding="utf-8")


def merge_script_path() -> Path:
    from fttool.resources import resource

    return resource("hf", "merge_push.py")


# -- the log -------------------------------------------------------------------------------------------
def parse_log_line(line: str) -> dict[str, float] | None:
    """A metric line of the earlier script (`fttool-metric {json}`) -> {"step", "train_loss"?,
    "valid_loss"?}."""
    m = METRIC_RE.search(line)
    if m:
        try:
            d = json.loads(m.group(1))
        except ValueError:
            return None
        out = {k: float(d[k]) for k in ("step", "epoch", "train_loss", "valid_loss")
               if isinstance(d.get(k), (int, float))}
        return out if "step" in out and len(out) > 1 else None
    return None


def metrics_from_lines(lines: list[str], steps_per_epoch: float | None = None,
                       logging_steps: int = 1) -> dict[str, list[list[float]]]:
    """The loss series of a whole log. The trainer's dict lines (`{'loss': '5.721', ..., 'epoch': '0.08333'}`:
    numbers or numeric strings) are parsed by the local engine's LogState: a line's step is its epoch times
    the plan's steps per epoch, or its place in the log when the plan is not known. Lines of the earlier
    script (`fttool-metric {json}`, exact steps) win when present."""
    from fttool.providers.local.common import LogState

    ours: dict[str, list[list[float]]] = {}
    state = LogState(logging_steps=max(int(logging_steps or 1), 1),
                     steps_per_epoch=float(steps_per_epoch) if steps_per_epoch else None)
    for line in lines:
        d = parse_log_line(line)
        if d is not None:
            for key in ("train_loss", "valid_loss"):
                if key in d:
                    ours.setdefault(key, []).append([d["step"], d[key]])
            continue
        for chunk in _ANSI.sub("", str(line)).split("\r"):  # a progress bar's redraws may share the line
            state.feed_line(chunk)
    return ours or state.metrics()


def slug(text: str, limit: int = 40) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.").lower()
    return s[:limit].strip("-.") or "model"


def _b64(data: str | bytes) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


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
        return Capabilities(methods=("supervised", "dpo"), pause_resume=False, checkpoints=False,
                            billable=True, push=True)

    def parameters(self) -> list[ParamSpec]:
        return param_specs()

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        problems = validate_against(self.parameters(), params)
        tf = params.get("training_file")
        if tf and not Path(str(tf)).is_file():
            problems.append(ParamProblem.of("training_file", "file_not_found", path=str(tf)))
        vf = params.get("validation_file")
        if vf and not Path(str(vf)).is_file():
            problems.append(ParamProblem.of("validation_file", "file_not_found", path=str(vf)))
        t = params.get("timeout")
        if t is not None and _timeout_seconds(t) is None:
            problems.append(ParamProblem.of("timeout", "param_type", "param_timeout_format"))
        for key in ("output_repo", "dataset_repo"):
            if params.get(key):
                from fttool.hub.push import check_repo_name

                try:
                    check_repo_name(str(params[key]))
                except FtError as exc:
                    problems.append(ParamProblem(key, exc.code, exc.message, dict(exc.params), exc.code))
        return problems

    def check_launch(self, params: dict[str, Any], base_model: str | None) -> Any:
        """Before the job is stored: a Hub model, and data the TRL engine can train on (every problem named by
        its line, as for a local job), so nothing is pushed or billed for a file that would fail."""
        from fttool.providers.local.preflight import all_problems, check_examples  # its messages too
        from fttool.providers.local.trl import resolve_method

        model = str(base_model or "")
        if not HUB_ID_RE.match(model) or Path(model).expanduser().exists():
            raise UsageError("hf_model_not_on_hub", model=model or "-")
        if not params.get("training_file"):
            raise UsageError("hf_no_training_file")
        method = resolve_method(params)
        for key in ("training_file", "validation_file"):
            path = params.get(key)
            if not path:
                continue
            _n, problems = check_examples(Path(str(path)), method="dpo" if method == "dpo" else "supervised")
            if problems:
                raise UsageError("local_data_invalid", path=str(path), count=len(problems),
                                 detail=all_problems(problems))
        return {"method": method}

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
                self._hardware = [hw_dict(h) for h in items]
                self._hardware_at = time.monotonic()
                self._hardware_source = "Hugging Face list_jobs_hardware (live)"
                return self._hardware
            except FtError as exc:
                log.info("hardware list unavailable, using the snapshot: %s", exc.message)
        facts = jobs_facts()
        self._hardware_source = f"resources/hf/jobs.json ({facts['as_of']})"
        return [hw_dict_raw(h) for h in facts["hardware"]]

    def estimate_cost(self, params: dict[str, Any]) -> CostEstimate | None:
        facts = jobs_facts()
        flavor = str(params.get("flavor") or facts["default_flavor"])
        # never touch the network from an event loop thread (the service calls this on its loop)
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        hardware = self.hardware(network=not on_loop)
        hw = {h["name"]: h for h in hardware}
        price = hw.get(flavor, {}).get("usd_per_minute")
        info = flavor_gpus(flavor, hardware)
        gpus = int(info["gpus"])
        tokens = _approx_tokens(params.get("training_file"))
        epochs = float(params.get("epochs") or 3)
        size = model_size_billions(params.get("base_model"))
        tps_table = facts["throughput_tokens_per_second_1b"]
        # the table is per GPU; data parallel over N GPUs takes about N times as many tokens a second (the
        # flavor's price already covers all of them)
        tps = float(tps_table.get(flavor, 1000)) * max(gpus, 1) / max(size, 0.05)
        train_minutes = (tokens * epochs) / tps / 60 if tokens else 0.0
        minutes = math.ceil(float(facts["setup_minutes"]) + train_minutes)
        limit = _timeout_seconds(params.get("timeout") or facts["default_timeout"]) or 0
        capped = bool(limit) and minutes > math.ceil(limit / 60)
        if capped:
            minutes = math.ceil(limit / 60)
        usd = round(minutes * float(price), 2) if price is not None else None
        where = (f"{info['label']}: {gpus} GPUs training together, data parallel" if gpus > 1
                 else f"{info['label']}: 1 GPU" if gpus == 1 else f"{info['label']}: no GPU")
        detail = (f"about {minutes} min on {flavor} ({where}; {facts['setup_minutes']} min setup + about "
                  f"{tokens * epochs:,.0f} training tokens at about {tps:,.0f} tokens/s)")
        if price is not None:
            detail += f" at ${float(price) * 60:.2f}/hour for the whole flavor"
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
            dataset_repo, revision, prepared = await self._run(self._push_data, job, params, user, progress)
        except Cancelled:
            return cancelled
        params.update(dataset_repo=dataset_repo, dataset_revision=revision, hf_namespace=user,
                      method=prepared["method"])
        if not params.get("output_repo") or params.get("output_repo_auto"):  # a clone gets its own repo
            params.update(output_repo=self._default_output_repo(job, params, user), output_repo_auto=True)
        params.setdefault("flavor", jobs_facts()["default_flavor"])
        # the plan over every GPU of the flavor: the steps per epoch number the loss lines of the log
        hardware = await self._run(self.hardware)
        gpus = flavor_gpus(params["flavor"], hardware)
        plan = job_plan(params, prepared["rows"], gpus)
        memory = memory_estimate(job.base_model, params, hardware=hardware)
        params.update(plan={**plan, "examples": prepared["examples"], "skipped": prepared["skipped"],
                            "strategy": memory["strategy"]},
                      steps_per_epoch=plan["steps_per_epoch"])
        if job.id in self._cancel_requested:
            return cancelled
        await ctx.update(status=Status.QUEUED, provider_status=render("hf_step_launch"), params=params)
        info = await self._run(self._launch, hf, job, params, user)
        parallel = f", {memory['strategy']} over {gpus['gpus']} GPUs" if memory["strategy"] else ""
        described = render("hf_job_plan", {
            "method": prepared["method"].upper(), "hardware": gpus["label"], "rows": prepared["rows"],
            "examples": prepared["examples"], "steps": plan["total_steps"],
            "steps_per_epoch": plan["steps_per_epoch"], "parallel": parallel})
        events = [{"message": f"Hugging Face job {info.id} on {params['flavor']}: {info.url}",
                   "level": "info", "provider_event_id": f"{info.id}:launch"},
                  {"message": described, "level": "info", "provider_event_id": f"{info.id}:plan"}]
        if prepared["skipped"]:
            events.append({"message": render("trl_rows_dropped", {"skipped": prepared["skipped"]}),
                           "level": "warning", "provider_event_id": f"{info.id}:rows-dropped"})
        if memory["fits"] is False:
            events.append({"message": render("hf_too_big", {
                "needed": memory["needed_gb"], "flavor": params["flavor"],
                "memory": memory["total_gpu_memory_gb"] or "?"}),
                "level": "warning", "provider_event_id": f"{info.id}:memory"})
        await ctx.add_events(events)
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
                   progress: Any = None) -> tuple[str, str | None, dict[str, Any]]:
        """Prepare the files as the local TRL engine does (TRL's conversational rows) and push them, with a
        dataset card summarising the user's own files. Returns (repo, the commit holding them, what was
        prepared: method, rows, examples, skipped)."""
        from fttool.hub import card
        from fttool.hub.client import with_retries
        from fttool.hub.push import LocalFile, push_files
        from fttool.providers.local import trl

        method = trl.resolve_method(params)
        local = trl_params(params)
        loss_on = str(local.get("loss_on") or "answers")
        train = Path(str(params["training_file"]))
        splits = [card.summarize_split("train", train)]
        with tempfile.TemporaryDirectory(prefix="fttool-hf-") as tmp:
            prepared_train = Path(tmp) / "train.jsonl"
            counts = trl.prepare_data(train, prepared_train, method, loss_on)
            files = [LocalFile(TRAIN_FILE, prepared_train)]
            if params.get("validation_file"):
                valid = Path(str(params["validation_file"]))
                trl.prepare_data(valid, Path(tmp) / "validation.jsonl", method, loss_on)
                files.append(LocalFile(VALID_FILE, Path(tmp) / "validation.jsonl"))
                splits.append(card.summarize_split("validation", valid))
            template = trl.template_choice(local, str(job.base_model))[0] if method == "sft" else None
            if template:  # --param chat_template=chatml|zephyr: the YAML's chat_template_path reads it
                files.append(LocalFile(trl.TEMPLATE_FILE, trl.TEMPLATES[template].encode()))
            if not params.get("dataset_repo") or params.get("dataset_repo_auto"):  # named by the rows
                digest = hashlib.sha256(prepared_train.read_bytes()).hexdigest()
                params.update(dataset_repo=f"{user}/fttool-data-{digest[:10]}", dataset_repo_auto=True)
            repo = str(params["dataset_repo"])
            forms = ("prompt/chosen/rejected rows" if method == "dpo" else
                     "one prompt/completion row per trained answer" if loss_on == "answers" else
                     "messages rows")
            note = (f"The files are the examples prepared for TRL {method.upper()} (TRL's conversational "
                    f"forms: {forms}); {counts['examples']} training examples became {counts['rows']} rows.")
            readme = card.dataset_card(repo_id=repo, project_name=job.project or repo.split("/")[-1],
                                       description="Training data pushed by fttool for a Hugging Face Jobs "
                                                   "run.", splits=splits, rows_note=note)
            files.append(LocalFile("README.md", readme.encode()))
            result = push_files(files, repo, repo_type="dataset", private=bool(params.get("private", True)),
                                commit_message=f"fttool: data for {job.id}", progress=progress,
                                cancel=lambda: job.id in self._cancel_requested)
        revision = result.commit
        if revision is None:  # nothing changed: the job reads the commit that holds the same files
            hf = self._api()
            revision = with_retries(lambda: hf.repo_info(result.repo_id, repo_type="dataset").sha,
                                    what=f"the dataset repo {result.repo_id}", base_delay=self.retry_delay)
        return result.repo_id, revision, {**counts, "method": method}

    def command(self, params: dict[str, Any], base_model: str | None) -> tuple[list[str], dict[str, str]]:
        """The job's command and (non-secret) environment: resources/hf/job.sh with the lock (the CUDA route's
        pins of trl.lock), the TRL YAML and, when the merged model is asked for, resources/hf/merge_push.py,
        each base64-encoded in an environment variable. Uses the hardware list already read (no network)."""
        from fttool.providers.local import trl
        from fttool.runtime.engines import engine

        model = str(base_model)
        info = flavor_gpus(params.get("flavor"), self._hardware)
        method = str(params.get("method") or trl.resolve_method(params))
        plan = params.get("plan") or job_plan(params, _rows(params, method), info)
        if "strategy" in plan:  # chosen at launch
            strategy = plan["strategy"]
        else:
            strategy = memory_estimate(model, params, hardware=self._hardware)["strategy"]
        template = trl.template_choice(trl_params(params, info), model)[0] if method == "sft" else None
        validation = bool(params.get("validation_file"))
        config = job_config(params, model, method=method, validation=validation, plan=plan, info=info,
                            strategy=strategy, template_file=trl.TEMPLATE_FILE if template else None)
        lock = "\n".join(engine("trl").requirements("cuda")) + "\n"
        env = {"FTTOOL_LOCK_B64": _b64(lock), "FTTOOL_CONFIG_B64": _b64(trl.to_yaml(config, method)),
               "PYTHONUNBUFFERED": "1", "HF_HUB_DISABLE_UPDATE_CHECK": "1",
               # the Hub's log is read as lines: no progress bars redrawn with \r
               "HF_HUB_DISABLE_PROGRESS_BARS": "1", "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}
        args = ["--method", method, "--dataset-repo", str(params["dataset_repo"]),
                "--dataset-revision", str(params.get("dataset_revision") or "main"), "--base-model", model,
                "--output-repo", str(params["output_repo"]), "--train-file", TRAIN_FILE]
        if validation:
            args += ["--valid-file", VALID_FILE]
        if params.get("merge"):
            env["FTTOOL_MERGE_B64"] = _b64(merge_script_path().read_bytes())
            args.append("--merge")
        return ["bash", "-c", job_script(), "fttool-hf-job", *args], env

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
        plan = job.params.get("plan")
        logging_steps = int(plan.get("logging_steps") or 1) if isinstance(plan, dict) else 1
        metrics = metrics_from_lines(lines, job.params.get("steps_per_epoch"), logging_steps)
        result = PollResult(status=status, provider_status=stage, metrics=metrics, events=events)
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


def _rows(params: dict[str, Any], method: str) -> int:
    """Training rows of the file as prepare_data makes them (100 when it cannot be read): for a command built
    without the plan made at launch."""
    from fttool.providers.local import trl

    loss_on = str(trl_params(params).get("loss_on") or "answers")
    rows = 0
    try:
        with open(str(params["training_file"]), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows += len(trl.convert_example(json.loads(line), method, loss_on))
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return 100
    return max(rows, 1)


