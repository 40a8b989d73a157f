"""The chat room's service commands, for the Playground and Evaluate (the job service's asyncio loop owns every
request and subprocess).

    chat_send(target, messages, sampling, on_delta)   stream one answer; `on_delta(text)` is called on the
                                                      service thread with pieces batched to at most one call
                                                      per 30 ms (the view turns it into a queued Qt signal)
    chat_models(project)                              what the model picker lists
    eval_run(config, progress, cancel)                an evaluation (a service task: progress and cancel)
    eval_load(project)                                the project's saved eval/results.json
    save_training_example(project, example)           validate one example and append it to the train split
    undo_training_example(project, example)           take it out again (only while it is the last line)
    common_system_prompt(project)                     the system message most of the training examples carry
    eval_judges()                                     the cloud backends a judge can use (a key is set)
    eval_judge_estimate(data, model)                  roughly what a judge costs on a held-out file
`register_commands(service)` adds them once; clients (and local model servers) are kept for the service's lifetime.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fttool.chat.client import ChatClient, DeltaBatcher, Sampling, Target
from fttool.errors import Cancelled, FtError, InputError
from fttool.messages import register as register_codes

log = logging.getLogger("fttool.chat")

register_codes({
    "example_invalid": "This example is not valid for training: {problems}",
    "project_no_train": "The project has no training split to add the example to.",
    "example_not_last": "{path} changed since the example was saved: it is no longer the last line, so it was "
                        "left in place.",
})


def base_of(target: Target) -> Target | None:
    """The model a tuned one was made from, when its name says it: OpenAI's `ft:<base>:<org>:...`."""
    if target.model.startswith("ft:") and target.backend in ("openai", "azure"):
        base = target.model.split(":")[1] if target.model.count(":") >= 1 else ""
        return Target("openai", base) if base else None
    return None


def _adapter_base(folder: str) -> str | None:
    """The base model a local LoRA adapter folder names (adapter_config.json), or None."""
    try:
        cfg = json.loads((Path(folder) / "adapter_config.json").read_text(encoding="utf-8"))
        return str(cfg["base_model_name_or_path"]) or None
    except (OSError, ValueError, KeyError, TypeError):
        return None


class ChatCommands:
    def __init__(self) -> None:
        self.clients: dict[str, ChatClient] = {}

    def client(self, target: Target) -> ChatClient:
        key = target.key()
        if key not in self.clients:
            self.clients[key] = ChatClient(target)
        return self.clients[key]

    async def chat_send(self, service: Any, target: dict[str, Any], messages: list[dict[str, Any]],
                        sampling: dict[str, Any] | None = None, on_delta: Callable[[str], None] | None = None,
                        interval: float = 0.03) -> dict[str, Any]:
        t = Target.from_dict(target)
        loop = asyncio.get_running_loop()
        batcher = DeltaBatcher(on_delta, interval, schedule=loop.call_later) if on_delta is not None else None
        try:
            answer = await self.client(t).send(messages, Sampling.from_dict(sampling),
                                               on_delta=batcher.add if batcher else None)
        finally:
            if batcher is not None:
                batcher.cancel()
                batcher.flush()
        return answer.to_dict()

    async def chat_models(self, service: Any, project: str | None = None, timeout: float = 10.0) -> dict[str, Any]:
        """{"models": [{"label", "group", "target"}], "notes": [...]} from the price table, the project, the
        jobs that succeeded (and their checkpoints), the OpenAI account and the configured servers."""
        models: list[dict[str, Any]] = []
        notes: list[str] = []
        seen: set[str] = set()

        def add(group: str, target: Target, label: str | None = None, base: Target | None = None,
                job: dict[str, Any] | None = None) -> None:
            if target.key() in seen:
                return
            seen.add(target.key())
            entry: dict[str, Any] = {"group": group, "label": label or target.display, "target": target.to_dict()}
            if job is not None:  # the job that made it: a display can name the model by the job's name
                entry["job"] = {k: job.get(k) for k in ("id", "name", "project", "base_model", "created_at")}
            base = base or base_of(target)
            if base is not None:
                entry["base"] = base.to_dict()  # the model it was tuned from: the pair an evaluation compares
            models.append(entry)

        def read_tables() -> tuple[dict[str, Any], dict[str, Any]]:
            from fttool.chat.pricing import price_table

            meta: dict[str, Any] = {}
            if project:
                try:
                    meta = json.loads((Path(project) / "project.json").read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    pass
            return meta, price_table()

        meta, prices = await asyncio.to_thread(read_tables)
        if meta.get("base_model"):
            add("base", Target(str(meta.get("backend") or "openai"), str(meta["base_model"])))
        for name, entry in sorted((prices.get("models") or {}).items()):
            if "openai" in (entry.get("backends") or ["openai"]):
                add("base", Target("openai", name))
        jobs: list[dict[str, Any]] = []
        if service.store is not None:
            jobs = [j.to_dict() for j in await service.io(service.store.list)]
        openai_jobs = []
        for job in jobs:
            if job.get("status") == "succeeded" and job.get("result_model"):
                backend = (job["backend"] if job["backend"] in ("openai", "azure", "hf", "local", "together")
                           else "server")
                model = str(job["result_model"])
                if backend == "azure":  # Azure answers through a deployment: the one `deploy` names by default
                    from fttool.providers.deploy import default_name

                    model = default_name(model)
                base_target = None
                if backend == "local" and not job.get("base_model"):
                    job = {**job, "base_model": await asyncio.to_thread(_adapter_base, model)}
                if backend in ("local", "hf", "together") and job.get("base_model"):
                    # the base it was tuned from, served the same way: the side by side pair
                    base_target = Target(backend, str(job["base_model"]), label=f"{job['base_model']} ({backend})")
                elif job.get("base_model") and backend in ("openai", "azure"):
                    base_target = Target("openai", str(job["base_model"]))
                add("tuned", Target(backend, model, label=f"{job['result_model']} ({job['backend']}, {job['id']})"),
                    base=base_target, job=job)
                if base_target is not None and backend in ("local", "hf", "together"):
                    add("base", base_target)
                if job["backend"] == "openai" and job.get("provider_job_id"):
                    openai_jobs.append(job)
        tasks = [self._openai_account(add, openai_jobs, timeout), self._azure_deployments(add, timeout)]
        from fttool import settings

        servers = await asyncio.to_thread(settings.get, "servers")
        for name, url in sorted((servers or {}).items()):
            tasks.append(self._server_models(add, name, url, timeout))
        for res in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(res, FtError):
                notes.append(res.message)
            elif isinstance(res, BaseException):
                notes.append(f"{type(res).__name__}: {res}")
        return {"models": models, "notes": notes}

    async def _openai_account(self, add: Callable[..., None], jobs: list[dict[str, Any]], timeout: float) -> None:
        from fttool import credentials
        from fttool.connection import openai_base_url

        key = await asyncio.to_thread(credentials.get, "openai")
        if not key:
            return
        openai = await asyncio.to_thread(importlib.import_module, "openai")
        base = await asyncio.to_thread(openai_base_url)
        async with openai.AsyncOpenAI(api_key=key, base_url=base, max_retries=0, timeout=timeout) as client:
            try:
                page = await client.models.list()
                for m in page.data:
                    if m.id.startswith("ft:"):
                        add("account", Target("openai", m.id))
                for job in jobs[:10]:
                    cps = await client.fine_tuning.jobs.checkpoints.list(job["provider_job_id"])
                    for cp in cps.data:
                        add("checkpoint", Target("openai", cp.fine_tuned_model_checkpoint,
                                                 label=f"{cp.fine_tuned_model_checkpoint} (step {cp.step_number})"))
            except openai.OpenAIError as exc:
                from fttool.chat.client import _classify

                raise _classify(exc, Target("openai", "models"), base or "api.openai.com", timeout) from None

    async def _azure_deployments(self, add: Callable[..., None], timeout: float) -> None:
        """Deployments in the Azure account, when the management settings and token are there."""
        from fttool import credentials
        from fttool.providers import deploy

        def configured() -> bool:
            return all(deploy.target().values()) and bool(credentials.get("azure-management"))

        if not await asyncio.to_thread(configured):
            return
        mgmt = await asyncio.to_thread(deploy.Management, timeout)
        for d in await mgmt.list():
            if d.get("name") and d.get("state") in (None, "Succeeded"):
                add("account", Target("azure", str(d["name"]), label=f"{d['name']} ({d.get('model')}, Azure)"))

    async def _server_models(self, add: Callable[..., None], name: str, url: str, timeout: float) -> None:
        import httpx2

        from fttool import credentials

        key = await asyncio.to_thread(credentials.get, credentials.SERVER_PREFIX + name)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        async with httpx2.AsyncClient(timeout=timeout) as http:
            try:
                r = await http.get(url.rstrip("/") + "/models", headers=headers)
                r.raise_for_status()
                data = r.json().get("data") or []
            except (httpx2.HTTPError, ValueError) as exc:
                raise FtError("unreachable", provider=name, url=url, detail=str(exc)) from None
        for m in data:
            if isinstance(m, dict) and m.get("id"):
                add("server", Target("server", str(m["id"]), server=name, label=f"{m['id']} ({name})"))

    async def eval_run(self, service: Any, config: dict[str, Any],
                       progress: Callable[[int, int, str], None] | None = None,
                       cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
        from fttool.chat.eval import EvalConfig, evaluate

        cfg = EvalConfig(
            data=Path(config["data"]), targets=[Target.from_dict(t) for t in config["targets"]],
            baselines=list(config.get("baselines") or []),
            train=Path(config["train"]) if config.get("train") else None, system=config.get("system"),
            sampling=Sampling.from_dict(config.get("sampling") or {"temperature": 0.0, "max_tokens": 512}),
            concurrency=int(config.get("concurrency") or 16), regression=bool(config.get("regression")),
            allow_trained_data=bool(config.get("allow_trained_data")),
            results_dir=Path(config["results_dir"]) if config.get("results_dir") else None,
            limit=config.get("limit"), judge=Target.from_dict(config["judge"]) if config.get("judge") else None)
        last = [0.0]

        def report(done: int, total: int, what: str) -> None:
            now = time.monotonic()
            if progress is not None and (done == total or now - last[0] >= 0.1):
                last[0] = now
                progress(done, total, what)

        # evaluation clients are its own (they are closed at its end): playground streams are not held up
        run = asyncio.ensure_future(evaluate(cfg, progress=report, cancel=cancel))
        try:  # a cancel stops the requests in flight too, not only the ones still to send
            while cancel is not None and not run.done():
                await asyncio.wait({run}, timeout=0.1)
                if cancel() and not run.done():
                    run.cancel()
                    await asyncio.gather(run, return_exceptions=True)
                    raise Cancelled()
            return await run
        finally:
            run.cancel()

    def eval_judges(self, service: Any) -> dict[str, Any]:
        """{"backends": [...]}: the cloud backends with a key set, the only ones a judge can be asked on."""
        from fttool import credentials

        backends = [b for b in ("openai", "azure", "together") if credentials.where(b) != "none"]
        if "azure" in backends and credentials.where("azure-endpoint") == "none":
            from fttool.connection import azure_endpoint

            if not azure_endpoint():
                backends.remove("azure")
        return {"backends": backends}

    def eval_judge_estimate(self, service: Any, data: str, model: str, limit: int | None = None) -> dict[str, Any]:
        from fttool.chat.eval import judge_cost_estimate

        return judge_cost_estimate(data, model, limit)

    def common_system_prompt(self, service: Any, project: str) -> dict[str, Any]:
        """The system message most examples of the project's training split carry: {"system": text or None,
        "count": examples with it, "total": examples read}. Lines that are not chat examples are skipped."""
        from collections import Counter

        from fttool.project import Project

        train = Project.open(project).dataset_files().get("train")
        counts: Counter[str] = Counter()
        total = 0
        if train is not None and train.is_file():
            with open(train, encoding="utf-8-sig", errors="replace") as f:
                for line in f:
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except ValueError:
                        continue
                    msgs = obj.get("messages") if isinstance(obj, dict) else None
                    if not isinstance(msgs, list):
                        continue
                    total += 1
                    system = next((m.get("content") for m in msgs if isinstance(m, dict)
                                   and m.get("role") == "system"), None)
                    if isinstance(system, str) and system.strip():
                        counts[system.strip()] += 1
        if not counts:
            return {"system": None, "count": 0, "total": total}
        text, count = counts.most_common(1)[0]
        return {"system": text, "count": count, "total": total}

    def eval_load(self, service: Any, project: str) -> dict[str, Any] | None:
        from fttool.chat.eval import load_results

        return load_results(project)

    def save_training_example(self, service: Any, project: str, example: dict[str, Any],
                              model: str | None = None) -> dict[str, Any]:
        """Validate the example on the spot and append it to the project's training split."""
        from fttool.fsutil import atomic_write_bytes
        from fttool.project import Project

        proj = Project.open(project)
        proj.require_writable()
        train = proj.dataset_files().get("train")
        if train is None:
            raise InputError("project_no_train")
        problems: list[dict[str, Any]] = []
        tokens = None
        old = train.read_bytes() if train.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        example_line = old.count(b"\n") + 1
        try:
            from fttool.datasets.validate import validate_example
        except ImportError:  # the datasets core not there yet: the structural check below still runs
            validate_example = None  # type: ignore[assignment]
        if validate_example is not None:
            backend = str(proj.meta.get("backend") or "openai")
            found, tokens = validate_example(example, model=model or proj.meta.get("base_model"), backend=backend,
                                             line=example_line)
            problems = [{"code": p.code, "field": p.field, "message": p.message, "severity": p.severity}
                        for p in found]
        else:
            msgs = example.get("messages")
            if not isinstance(msgs, list) or not msgs or msgs[-1].get("role") != "assistant":
                problems = [{"code": "no_assistant", "field": "messages", "severity": "error",
                             "message": "the example must end with an assistant message"}]
        errors = [p for p in problems if p["severity"] == "error"]
        if errors:
            raise FtError("example_invalid", problems="; ".join(p["message"] for p in errors))
        line = json.dumps(example, ensure_ascii=False).encode("utf-8") + b"\n"
        atomic_write_bytes(train, old + line)
        return {"path": str(train), "line": example_line, "tokens": tokens, "warnings": problems}

    def undo_training_example(self, service: Any, project: str, example: dict[str, Any]) -> dict[str, Any]:
        """Take back the example just saved: only when it is still the file's last line."""
        from fttool.fsutil import atomic_write_bytes
        from fttool.project import Project

        proj = Project.open(project)
        proj.require_writable()
        train = proj.dataset_files().get("train")
        if train is None or not train.exists():
            raise InputError("project_no_train")
        data = train.read_bytes()
        line = json.dumps(example, ensure_ascii=False).encode("utf-8") + b"\n"
        if not data.endswith(line):
            raise FtError("example_not_last", path=str(train))
        atomic_write_bytes(train, data[: len(data) - len(line)])
        return {"path": str(train), "removed": True}

    async def close(self) -> None:
        clients, self.clients = self.clients, {}
        for c in clients.values():
            try:
                await c.aclose()
            except Exception:
                log.exception("closing a chat client")
        # and the local models' servers (the playground is closing, or a test resets it): each holds a model in
        # memory; the next chat or evaluation starts the one it needs again
        import asyncio

        from fttool.chat import local

        await asyncio.get_running_loop().run_in_executor(None, local.stop_all)


def register_commands(service: Any) -> ChatCommands:
    """Add the playground's commands to a service (once)."""
    existing = getattr(service, "_chat_commands", None)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    cmds = ChatCommands()
    service._chat_commands = cmds
    service.register_command("chat_send", cmds.chat_send)
    service.register_command("chat_models", cmds.chat_models)
    service.register_command("eval_run", cmds.eval_run)
    service.register_command("eval_load", cmds.eval_load, blocking=True)
    service.register_command("save_training_example", cmds.save_training_example, blocking=True)
    service.register_command("undo_training_example", cmds.undo_training_example, blocking=True)
    service.register_command("common_system_prompt", cmds.common_system_prompt, blocking=True)
    service.register_command("eval_judges", cmds.eval_judges, blocking=True)
    service.register_command("eval_judge_estimate", cmds.eval_judge_estimate, blocking=True)

    async def chat_close(svc: Any) -> None:
        await cmds.close()

    service.register_command("chat_close", chat_close)
    return cmds
