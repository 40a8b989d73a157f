"""Local training (backend `local`): one subprocess per job in the managed runtime of its engine
(fttool/runtime/engines.py): TRL's own `trl sft|dpo --config job.yaml` (the default, fttool/providers/local/trl.py)
or AutoTrain Advanced 0.8.36's `autotrain --config job.yml` (the lesson's route, .../local/autotrain.py).

A job's folder (data dir/jobs/<id>/) holds everything: the engine's YAML, data/ (the examples in the engine's
form), output/ (the adapter, and TRL's checkpoints), stdout.log and stderr.log, process.json (pid, start time,
command line). Both engines share the traps handled here: the runtime's bin first on PATH, a new session so cancel
ends the whole group, an allow-listed environment (HF_TOKEN only for a Hub model, never written in the folder),
success judged by artifacts and never by the exit code, a process found again after a restart by pid, start time
and command line. The engine is part of the job's params (`engine`), resolved at launch (`auto`: TRL unless an
AutoTrain YAML was loaded). Before anything is stored, `check_launch` refuses a model the engine cannot load and
data with problems (every one, with its line).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from fttool.clock import iso_now
from fttool.errors import FtError, UsageError
from fttool.fsutil import atomic_write_json, atomic_write_text
from fttool.jobs.record import Job, Status
from fttool.messages import register, render
from fttool.providers.base import (
    Capabilities,
    JobContext,
    ParamProblem,
    ParamSpec,
    PollResult,
    Provider,
    validate_against,
)
from fttool.providers.local import autotrain as at
from fttool.providers.local import first_look, recipe, trl
from fttool.providers.local.common import (
    DATA,
    OUTPUT,
    PRESETS,
    LogState,
    _specs,
    _value,
    _where,
    artifacts,
    check_examples,
    gpu_only_code,
    gpu_only_reason,
    hardware,
    job_dir_for,
    job_engine,
    log_tail,
    needs_hub,
    scrub_secrets,
    specs_for,
)
from fttool.providers.local.export import merge_and_export
from fttool.providers.local.preflight import Check, check_launch, estimate_memory_mb
from fttool.providers.local.preflight import preflight as _preflight_checks
from fttool.providers.local.preview import engine_view
from fttool.providers.local.recipe import Recipe
from fttool.providers.local.splits import launch_params

register({
    "local_training_failed": "Training ended without producing a model (no adapter_model.safetensors or "
                             "model.safetensors in {output}). Last lines of the log:\n{tail}",
    "local_training_oom": "Training ran out of memory. Lower the batch size or the block size, or choose a smaller "
                          "model. Last lines of the log:\n{tail}",
    "local_training_arch": "The trainer could not load the model: its architecture is not known to this engine's "
                           "transformers. Last lines of the log:\n{tail}",
    "local_process_lost": "The training process is gone and left no model. Last lines of the log:\n{tail}",
    "local_validation_ignored": "AutoTrain turns the validation split off for LLM training: {path} is not "
                                "used (no validation loss, no checkpoints).",
    "local_engine_method": "The AutoTrain engine trains chats (SFT) only here; DPO runs on the TRL engine.",
    "local_engine_yaml": "An AutoTrain YAML runs on the AutoTrain engine; choose auto or autotrain.",
    "local_resume_autotrain": "AutoTrain keeps no checkpoints for LLM training, so its jobs cannot resume; start it "
                              "again (or use the TRL engine, which can).",
    "param_required_model": "Choose a base model (a folder on this computer or a Hub id).",
})


# kept importable from here (the Train view, the runtime commands, tests)
build_config = at.build_config
to_yaml = at.to_yaml
check_config = at.check_config
config_to_params = at.config_to_params
load_config_file = at.load_config_file
autotrain_command = at.autotrain_command
CONFIG = at.CONFIG

__all__ = ["PRESETS", "Check", "LocalProvider", "LogState", "autotrain_command", "build_config", "check_config",
           "check_examples", "config_to_params", "engine_view", "estimate_memory_mb", "gpu_only_code",
           "gpu_only_reason", "hardware", "job_dir_for", "launch_params", "load_config_file", "merge_and_export",
           "preflight", "to_yaml", "validate_against", "_specs", "_where"]


def _classify_failure(tail: str) -> str:
    low = tail.lower()
    if "out of memory" in low or "can't allocate memory" in low or "cannot allocate memory" in low:
        return "local_training_oom"
    if "does not recognize this architecture" in low or "unrecognized configuration class" in low:
        return "local_training_arch"
    return "local_training_failed"


class LocalProvider(Provider):
    name = "local"
    label = "On this computer (TRL or AutoTrain)"

    def __init__(self) -> None:
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: dict[str, LogState] = {}
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._looks: dict[str, first_look.FirstLook] = {}
        self._codes: dict[str, int | None] = {}  # exit codes of processes reaped before the job settles

    def capabilities(self) -> Capabilities:
        return Capabilities(methods=("supervised", "dpo"), pause_resume=False, checkpoints=True, billable=False,
                            resume=True, push=True, export=True, open_folder=True, provider_status=False)

    def parameters(self) -> list[ParamSpec]:
        return _specs()

    def form_facts(self) -> dict[str, Any]:
        """What the Train view's local panel needs beside the descriptors: the presets, each engine's fields and
        config file name, the engine `auto` picks for a form, the fields the recipe manages (Settings: auto), the
        memory formula the pre-flight fills in, and the fields this computer cannot use with why (code, message)
        (the GPU-only options on a CPU)."""
        from fttool.providers.local.memory import MEMORY_FORMULA
        from fttool.runtime.engines import all_engines, resolve_engine

        device = hardware().device
        engines = {e.name: {"label": e.label, "parameters": [s.name for s in specs_for(e.name)],
                            "config_name": trl.CONFIG if e.name == "trl" else at.CONFIG} for e in all_engines()}
        unavailable = {name: {"code": code, "message": render(code)} for name in ("quantization", "mixed_precision")
                       if (code := gpu_only_code(name, device))}
        return {"presets": json.loads(json.dumps(PRESETS)), "engines": engines, "auto_engine": resolve_engine("auto", {})[0],
                "managed": list(recipe.MANAGED), "memory_formula": MEMORY_FORMULA, "unavailable": unavailable,
                "device": device}

    # -- parameters ------------------------------------------------------------------------------------
    def engine_for(self, params: dict[str, Any]) -> str:
        from fttool.runtime.engines import resolve_engine

        return resolve_engine(params.get("engine"), params)[0]

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        probs: list[ParamProblem] = []
        merged = dict(params)
        if params.get("engine") == "trl" and params.get("config_file"):
            return [ParamProblem.of("config_file", "local_engine_yaml")]
        if params.get("config_file"):
            try:
                _config, from_yaml = load_config_file(params["config_file"])
            except UsageError as exc:
                return [ParamProblem("config_file", "config_invalid", exc.message, dict(exc.params), exc.code)]
            merged = {**from_yaml, **{k: v for k, v in params.items() if v is not None}}
        probs += validate_against([s for s in _specs() if s.name == "engine"], merged)
        if probs:
            return probs
        engine = self.engine_for(merged)
        probs += validate_against(specs_for(engine), merged)
        if engine == "autotrain" and merged.get("method") == "dpo":
            probs.append(ParamProblem.of("method", "local_engine_method"))
        device = hardware().device
        for name in ("quantization", "mixed_precision"):
            v = merged.get(name)
            if v not in (None, "none"):
                code = gpu_only_code(name, device)
                if code:
                    probs.append(ParamProblem.of(name, "param_needs_gpu", code, value=v))
        for key in ("training_file", "validation_file"):
            f = merged.get(key)
            if f is not None and not Path(str(f)).is_file():
                probs.append(ParamProblem.of(key, "file_not_found", path=str(f)))
        if engine == "trl" and merged.get("chat_template") == "none":
            probs.append(ParamProblem.of("chat_template", "pf_no_template_trl"))
        return probs

    def effective_params(self, params: dict[str, Any]) -> dict[str, Any]:
        merged = dict(params)
        if params.get("config_file"):
            _config, from_yaml = load_config_file(params["config_file"])
            merged = {**from_yaml, **{k: v for k, v in params.items() if v is not None}}
        return merged

    def _base_model(self, job_base: str | None, params: dict[str, Any]) -> str:
        base_model = job_base or params.get("base_model")
        if not base_model and params.get("config_file"):
            base_model = load_config_file(params["config_file"])[0].get("base_model")
        if not base_model:
            raise UsageError("param_required_model")
        return str(base_model)

    def check_launch(self, params: dict[str, Any], base_model: str | None) -> dict[str, Any]:
        """Before the job is stored: the engine's runtime, the model's architecture, every data problem."""
        merged = self.effective_params(params)
        return check_launch(merged, self._base_model(base_model, merged), self.engine_for(merged))

    # -- start -----------------------------------------------------------------------------------------
    async def start(self, job: Job, ctx: JobContext) -> dict[str, Any]:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self._start, job, ctx.job_dir)

    def _start(self, job: Job, job_dir: Path) -> dict[str, Any]:
        params = launch_params(self.effective_params(job.params), job.project)
        engine = self.engine_for(params)
        base_model = self._base_model(job.base_model, params)
        if not needs_hub(base_model):
            base_model = str(Path(base_model).expanduser().resolve())
        if not params.get("training_file"):
            raise UsageError("local_no_data")
        if engine == "trl":
            return self._start_trl(job, job_dir, params, base_model)
        return self._start_autotrain(job, job_dir, params, base_model)

    def _launch(self, job: Job, job_dir: Path, argv: list[str], venv: Path, base_model: str,
                engine: str) -> dict[str, Any]:
        from fttool import credentials
        from fttool.runtime import install
        from fttool.runtime.process import popen_new_session, settled_identity

        extra: dict[str, str] = {}
        if needs_hub(base_model):
            token = credentials.get("hf")
            if token:
                extra["HF_TOKEN"] = token  # only for a Hub model; never in the YAML (trap 8)
        with open(job_dir / "stdout.log", "ab") as out, open(job_dir / "stderr.log", "ab") as err:
            proc = popen_new_session(argv, cwd=str(job_dir), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                     env=install.runtime_env(venv, extra))
        self._procs[job.id] = proc
        ident = settled_identity(proc.pid)
        record = {"pid": proc.pid, "start_time": ident.start_time if ident else None,
                  "cmdline": ident.cmdline if ident else " ".join(argv), "argv": argv, "started_at": iso_now(),
                  "venv": str(venv), "engine": engine}
        atomic_write_json(job_dir / "process.json", record)
        return record

    def _start_autotrain(self, job: Job, job_dir: Path, params: dict[str, Any], base_model: str) -> dict[str, Any]:
        from fttool.runtime import env, install

        venv = install.require_installed("autotrain")
        src = str(params["training_file"])
        count, problems = check_examples(Path(src), full=False)
        if problems:
            from fttool.providers.local.common import all_problems

            raise UsageError("local_data_invalid", path=src, count=len(problems), detail=all_problems(problems))
        params, rec = self._recipe(params, "autotrain", base_model, count, count, hardware().device)
        at.export_data(Path(src), job_dir)
        atomic_write_text(job_dir / at.CONFIG, at.to_yaml(at.build_config(params, base_model)))
        argv = [str(env.venv_executable(venv, "autotrain")), "--config", at.CONFIG]
        launched = self._launch(job, job_dir, argv, venv, base_model, "autotrain")
        events = [{"message": f"Started AutoTrain (pid {launched['pid']}) in {job_dir}", "level": "info",
                   "created_at": iso_now(), "provider_event_id": "start"}]
        events += _recipe_events(rec)
        if params.get("validation_file"):
            events.append({"message": render("local_validation_ignored", {"path": params["validation_file"]}),
                           "level": "warning", "created_at": iso_now(), "provider_event_id": "no-validation"})
        self._pending[job.id] = events
        return {"provider_job_id": f"pid-{launched['pid']}", "status": Status.RUNNING,
                "provider_status": "starting", "result_model": None,
                "params": {**job.params, "engine": "autotrain", "method": "sft", **_recipe_record(rec)}}

    def _recipe(self, params: dict[str, Any], engine: str, base_model: str, examples: int, rows: int,
                device: str) -> tuple[dict[str, Any], Recipe | None]:
        """The recipe's values for a launch in auto mode (measured in the engine's runtime), else the params."""
        if recipe.recipe_mode(params) != "auto":
            return params, None
        from fttool import credentials

        token = None
        if needs_hub(base_model):
            try:
                token = credentials.get("hf")
            except FtError:
                token = None
        measured = recipe.measure(engine, params, base_model, token)
        return recipe.for_launch(params, engine, examples=examples, rows=rows, measured=measured, device=device)

    def _start_trl(self, job: Job, job_dir: Path, params: dict[str, Any], base_model: str) -> dict[str, Any]:
        from fttool.runtime import install

        venv = install.require_installed("trl")
        method = trl.resolve_method(params)
        loss_on = str(_value(params, "loss_on"))
        counts = trl.prepare_data(Path(str(params["training_file"])), job_dir / DATA / "train.jsonl", method,
                                  loss_on)
        validation = bool(params.get("validation_file"))
        if validation:
            trl.prepare_data(Path(str(params["validation_file"])), job_dir / DATA / "validation.jsonl", method,
                             loss_on)
        device = hardware().device
        params, rec = self._recipe(params, "trl", base_model, counts["examples"], counts["rows"], device)
        template_name, warn = trl.template_choice(params, base_model) if method == "sft" else (None, None)
        template_file = None
        if template_name:
            atomic_write_text(job_dir / trl.TEMPLATE_FILE, trl.TEMPLATES[template_name])
            template_file = trl.TEMPLATE_FILE
        plan = {**trl.plan_steps(counts["rows"], params), **counts, "method": method, "device": device}
        trl.write_plan(job_dir, plan)
        config = trl.build_config(params, base_model, device=device, method=method, validation=validation,
                                  plan=plan, template_file=template_file)
        atomic_write_text(job_dir / trl.CONFIG, trl.to_yaml(config, method))
        launched = self._launch(job, job_dir, trl.argv(venv, method), venv, base_model, "trl")
        events = [{"message": f"Started TRL {method.upper()} (pid {launched['pid']}) in {job_dir}: {counts['rows']} "
                              f"training rows from {counts['examples']} examples, {plan['total_steps']} steps",
                   "level": "info", "created_at": iso_now(), "provider_event_id": "start"}]
        events += _recipe_events(rec)
        if counts["skipped"]:
            events.append({"message": render("trl_rows_dropped", {"skipped": counts["skipped"]}),
                           "level": "warning", "created_at": iso_now(), "provider_event_id": "rows-dropped"})
        if warn:
            events.append({"message": render(warn), "level": "warning", "created_at": iso_now(),
                           "provider_event_id": "template"})
        if install.status(engine="trl").get("outdated"):
            from fttool.runtime.engines import engine as get_engine

            eng = get_engine("trl")
            events.append({"message": render("runtime_outdated", {"engine": eng.label, "version": eng.title(),
                                                                   "name": "trl"}),
                           "level": "warning", "created_at": iso_now(), "provider_event_id": "outdated"})
        self._pending[job.id] = events
        used = {"validation_file": params["validation_file"]} if validation else {}
        return {"provider_job_id": f"pid-{launched['pid']}", "status": Status.RUNNING,
                "provider_status": "starting", "result_model": None,
                "params": {**job.params, "engine": "trl", "method": method, **used, **_recipe_record(rec)}}

    # -- resume ----------------------------------------------------------------------------------------
    async def resume_from_checkpoint(self, job: Job) -> dict[str, Any]:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self._resume, job)

    def _resume(self, job: Job) -> dict[str, Any]:
        """Continue a stopped TRL job from its last checkpoint (after a cancel, a crash or a reboot)."""
        from fttool.runtime import install

        job_dir = job_dir_for(job)
        if job_engine(job) != "trl":
            raise UsageError("local_resume_autotrain")
        if self._alive(job, job_dir):
            raise UsageError("trl_resume_running", job_id=job.id)
        found = trl.checkpoints(job_dir)
        if not found:
            raise UsageError("trl_no_checkpoint", job_id=job.id)
        step, ckpt = found[-1]
        venv = install.require_installed("trl")
        method = str(job.params.get("method") or "sft")
        (job_dir / "cancel-requested").unlink(missing_ok=True)
        rel = f"{OUTPUT}/{ckpt.name}"
        rec = self._launch(job, job_dir, trl.argv(venv, method, resume_from=rel), venv, str(job.base_model or ""),
                           "trl")
        event = {"message": f"Resumed from {rel} (step {step}), pid {rec['pid']}", "level": "info",
                 "created_at": iso_now(), "provider_event_id": f"resume:{step}:{rec['pid']}"}
        return {"provider_job_id": f"pid-{rec['pid']}", "status": Status.RUNNING,
                "provider_status": f"resuming from step {step}", "error": None, "events": [event]}

    def resumable(self, job: Job) -> bool:
        return job_engine(job) == "trl" and job.status in (Status.FAILED, Status.CANCELLED) and \
            bool(trl.checkpoints(job_dir_for(job)))

    # -- watching --------------------------------------------------------------------------------------
    def _state(self, job: Job) -> LogState:
        state = self._logs.get(job.id)
        if state is None:
            if job_engine(job) == "trl":
                plan = trl.read_plan(job_dir_for(job))
                state = LogState(logging_steps=int(_value(job.params, "logging_steps")),
                                 steps_per_epoch=plan.get("steps_per_epoch"), epochs=plan.get("epochs"))
            else:
                state = LogState(logging_steps=int(_value(job.params, "logging_steps")))
            self._logs[job.id] = state
        return state

    def _alive(self, job: Job, job_dir: Path) -> bool:
        from fttool.runtime.process import same_process

        proc = self._procs.get(job.id)
        if proc is not None:
            return proc.poll() is None
        try:
            saved = json.loads((job_dir / "process.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return same_process(saved, job_engine(job))

    async def poll(self, job: Job) -> PollResult:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self._poll, job)

    def _poll(self, job: Job) -> PollResult:
        job_dir = job_dir_for(job)
        state = self._state(job)
        alive = self._alive(job, job_dir)
        state.read(job_dir)
        events = self._pending.pop(job.id, []) + state.events
        state.events = []
        metrics = state.metrics()
        if alive:
            return PollResult(Status.RUNNING, provider_status=state.status_text(), metrics=metrics, events=events,
                              next_poll_seconds=1.0, progress=state.progress() or None)
        looking = self._first_look(job, job_dir, metrics, events)
        if looking is not None:
            return looking
        return self._settle(job, job_dir, state, metrics, events)

    def _first_look(self, job: Job, job_dir: Path, metrics: dict[str, Any],
                    events: list[dict[str, Any]]) -> PollResult | None:
        """After a run that made a model: ask the base and the tuned model the validation examples (in a thread)
        before the job succeeds. Returns the RUNNING result while they answer, None when there is nothing (more)
        to ask."""
        look = self._looks.get(job.id)
        if look is None:
            if (job_dir / "cancel-requested").exists() or not artifacts(job_dir) or \
                    first_look.saved(job_dir) is not None or (job_dir / "first-look-done").exists():
                return None
            source = first_look.examples_for(job.params, job.project)
            if source is None:
                return None
            self._reap(job, job_dir)
            output = job_dir / OUTPUT
            look = first_look.FirstLook(job_dir, first_look.base_of(output, job.base_model), str(output), *source)
            look.start()
            self._looks[job.id] = look
            events.append({"message": render("first_look_running", {
                "n": first_look.count(look.data), "what": render(f"first_look_what_{look.kind}")}),
                "level": "info", "created_at": iso_now(), "provider_event_id": "first-look-start"})
        if not look.done:
            return PollResult(Status.RUNNING, provider_status="comparing", metrics=metrics, events=events,
                              next_poll_seconds=1.0)
        self._looks.pop(job.id, None)
        if look.result is None:  # failed or stopped: said once, and not tried again
            atomic_write_text(job_dir / "first-look-done", look.error or "")
        return None

    def _reap(self, job: Job, job_dir: Path) -> int | None:
        """The ended process reaped and the job folder scrubbed of secrets; returns its exit code when known."""
        from fttool import credentials
        from fttool.runtime.process import reap

        proc = self._procs.pop(job.id, None)
        code = proc.returncode if proc is not None else self._codes.get(job.id)
        if proc is not None:
            self._codes[job.id] = code
        else:
            try:
                reap(int(json.loads((job_dir / "process.json").read_text())["pid"]))
            except (OSError, ValueError, KeyError):
                pass
        try:
            scrub_secrets(job_dir, [credentials.get("hf") or ""])
        except FtError:
            scrub_secrets(job_dir, [])
        return code

    def _settle(self, job: Job, job_dir: Path, state: LogState, metrics: dict[str, Any],
                events: list[dict[str, Any]]) -> PollResult:
        code = self._reap(job, job_dir)
        found = artifacts(job_dir)
        exit_note = f" (exit code {code})" if code is not None else ""
        if (job_dir / "cancel-requested").exists():
            kept = trl.checkpoints(job_dir) if job_engine(job) == "trl" else []
            note = f" Resume continues from step {kept[-1][0]}." if kept else ""
            events.append({"message": f"Cancelled; every process of the run has ended.{note}", "level": "info",
                           "created_at": iso_now(), "provider_event_id": f"end:{len(state.train_loss)}"})
            return PollResult(Status.CANCELLED, provider_status="cancelled", metrics=metrics, events=events)
        if found:
            self._codes.pop(job.id, None)
            events.append({"message": f"Finished{exit_note}: {', '.join(found)} in {job_dir / OUTPUT}",
                           "level": "info", "created_at": iso_now(), "provider_event_id": "end"})
            best = trl.best_checkpoint(job_dir) if job_engine(job) == "trl" else None
            if best and best.get("step") is not None:
                events.append({"message": render("trl_best_checkpoint", {
                    "step": best["step"], "loss": f"{best['loss']:.4f}", "checks": best["checks"]}),
                    "level": "info", "created_at": iso_now(), "provider_event_id": "best-checkpoint"})
            extra: dict[str, Any] = {}
            look = first_look.saved(job_dir)
            if look is not None:
                code_name, look_params = first_look.sentence(look)
                events.append({"message": render(code_name, look_params), "level": "info", "created_at": iso_now(),
                               "provider_event_id": "first-look"})
                # not "first_look": that is the switch the person sets
                extra["first_look_result"] = {**look, "code": code_name, "params": look_params,
                                              "message": render(code_name, look_params)}
            elif (job_dir / "first-look-done").exists():
                why = (job_dir / "first-look-done").read_text(encoding="utf-8", errors="replace").strip()
                text = render("first_look_skipped") if why == "cancelled" else \
                    render("first_look_failed", {"detail": why[:300] or "-"})
                events.append({"message": text, "level": "warning", "created_at": iso_now(),
                               "provider_event_id": "first-look"})
            return PollResult(Status.SUCCEEDED, provider_status="finished", metrics=metrics, events=events,
                              result_model=str(job_dir / OUTPUT), params=extra)
        tail = log_tail(job_dir)
        events.append({"message": f"Ended without a model{exit_note}.", "level": "error", "created_at": iso_now(),
                       "provider_event_id": f"end:{len(state.train_loss)}"})
        code_name = _classify_failure(tail)
        return PollResult(Status.FAILED, provider_status="failed", metrics=metrics, events=events,
                          error={"code": code_name,
                                 "message": render(code_name, {"output": str(job_dir / OUTPUT), "tail": tail})})

    async def cancel(self, job: Job) -> PollResult:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(None, self._cancel, job)

    def _cancel(self, job: Job) -> PollResult:
        from fttool.runtime.process import end_process_group

        job_dir = job_dir_for(job)
        look = self._looks.pop(job.id, None)
        if look is not None:  # training has finished: stop the comparison, the job succeeds with its model
            look.stop()
            atomic_write_text(job_dir / "first-look-done", "cancelled")
            state = self._state(job)
            state.read(job_dir)
            events = self._pending.pop(job.id, []) + state.events
            state.events = []
            return self._settle(job, job_dir, state, state.metrics(), events)
        atomic_write_text(job_dir / "cancel-requested", iso_now())
        proc = self._procs.get(job.id)
        if self._alive(job, job_dir):
            pid = proc.pid if proc is not None else int(json.loads((job_dir / "process.json").read_text())["pid"])
            end_process_group(pid, proc)
        state = self._state(job)
        state.read(job_dir)
        events = self._pending.pop(job.id, []) + state.events
        state.events = []
        return self._settle(job, job_dir, state, state.metrics(), events)

    async def close(self) -> None:
        """Closing the app does not stop training: processes keep running and are re-attached on restart. A
        first look still running is stopped (the next start asks again)."""
        for look in list(self._looks.values()):
            look.stop()
        self._looks.clear()
        self._procs.clear()
        self._logs.clear()


def _recipe_record(rec: Recipe | None) -> dict[str, Any]:
    """What the job keeps of the recipe (in its params): the values it ran with, the plan and the reasons in
    words. The managed params themselves stay as the person set them, so a clone chooses again for its data."""
    if rec is None:
        return {}
    return {"recipe_plan": rec.to_dict()}


def _recipe_events(rec: Recipe | None) -> list[dict[str, Any]]:
    if rec is None:
        return []
    code, params = rec.plain()
    reasons = " ".join(render(c, p) for c, p in rec.reasons)
    return [{"message": f"{render(code, params)} {reasons}".strip(), "level": "info", "created_at": iso_now(),
             "provider_event_id": "recipe"}]


def platform_notes() -> dict[str, Any]:  # for the About/diagnostics: what the local route sees here
    return {"platform": sys.platform, "device": hardware().device}


def preflight(params: dict[str, Any], base_model: str | None, *, timeout: float = 300.0) -> dict[str, Any]:
    """Every check before a local launch (fttool.providers.local.preflight), with this computer's LocalProvider."""
    return _preflight_checks(params, base_model, provider=LocalProvider(), timeout=timeout)
