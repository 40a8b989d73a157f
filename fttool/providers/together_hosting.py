"""A dedicated endpoint for a model tuned on Together AI: made, listed and deleted through the official SDK's
`client.endpoints` (Together's project API: an endpoint is a name; a deployment on it binds the model to a
hardware config with autoscaling), billed per hour while it exists, even when nobody uses it.

The plan (`endpoint_plan`) finds the tuned model in the project's models, the configs that can serve it and each
config's hardware with its live hourly price (falling back to resources/together.json offline), and says what it
will cost before anything is made. `create_endpoint` makes the endpoint and its deployment (one replica, stopped
after an hour without requests unless asked otherwise) and records it in the data folder, so Clean up can tell
what fttool made. Chat reaches it by the endpoint's name once its deployment is READY.
"""

from __future__ import annotations

import asyncio
import os
import re
from functools import partial
from typing import TYPE_CHECKING, Any

from fttool import clock
from fttool.errors import UsageError
from fttool.messages import register, render

if TYPE_CHECKING:
    from fttool.providers.together import TogetherProvider

register({
    "together_hourly": ("A dedicated endpoint is billed by the hour while it exists, even when nobody uses it: "
                        "{price} per hour on {hardware} ({source}). Delete it when you are done."),
    "together_no_model": "Together has no model for job {job_id} yet (it appears when the job completes).",
    "together_no_config": "Together offers no hardware to serve {model} on a dedicated endpoint.",
    "together_no_project": ("No Together project was found for this key; set TOGETHER_PROJECT_ID or create a "
                            "project at together.ai."),
    "endpoint_name_bad": "An endpoint name has 1 to 63 letters, digits, '-' or '_': '{name}' does not.",
    "endpoint_not_confirmed": "Creating an endpoint bills by the hour: confirm it first (--yes, or the dialog).",
})
IDLE_MINUTES = 60  # a deployment with no request for this long stops (Together's inactive timeout)


def _records_path() -> Any:
    from fttool.paths import data_dir

    return data_dir() / "together_endpoints.json"


def load_records() -> dict[str, Any]:
    import json

    try:
        data = json.loads(_records_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _record(endpoint_id: str, entry: dict[str, Any] | None) -> None:
    from fttool.fsutil import atomic_write_json

    data = load_records()
    if entry is None:
        data.pop(endpoint_id, None)
    else:
        data[endpoint_id] = entry
    atomic_write_json(_records_path(), data)


async def project_id(provider: TogetherProvider) -> str:
    """TOGETHER_PROJECT_ID as the SDK reads it, else the key's first project."""
    pid = os.environ.get("TOGETHER_PROJECT_ID")
    if pid:
        return pid
    client = await provider.client()
    page = await provider.call(lambda: client.projects.list(), polling=False, retries=2)
    projects = list(getattr(page, "data", None) or [])
    if not projects:
        raise UsageError("together_no_project")
    return str(projects[0].id)


async def project_client(provider: TogetherProvider) -> Any:
    """The provider's client bound to the project (the endpoints and models API is per project)."""
    client = await provider.client()
    if getattr(client, "project_id", None):
        return client
    return client.with_options(project_id=await project_id(provider))


def default_name(output_name: str) -> str:
    """An endpoint name from the tuned model's name (Together prefixes the project's slug)."""
    leaf = output_name.split("/")[-1].lower()
    return (re.sub(r"[^a-z0-9_-]+", "-", leaf).strip("-") or "fttool-model")[:63]


def check_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}", name or ""):
        raise UsageError("endpoint_name_bad", name=name)
    return name


async def _tuned_model(provider: TogetherProvider, job: Any) -> Any:
    name = job.result_model or job.params.get("output_name")
    if not name:
        raise UsageError("together_no_model", job_id=job.id)
    client = await project_client(provider)

    async def find() -> Any:
        async for m in client.models.list():
            if m.name == name:
                return m
        return None

    model = await provider.call(find, polling=False, retries=2)
    if model is None:
        raise UsageError("together_no_model", job_id=job.id)
    return model


async def hardware_prices(provider: TogetherProvider) -> dict[str, dict[str, Any]]:
    """Hardware name -> {id, label, usd} from Together's live list (its price per hour)."""
    client = await provider.client()
    got = await provider.call(lambda: client.endpoints.hardware.list(), polling=False, retries=2)
    return {h.name: {"id": h.id, "label": h.description or h.name, "usd": h.price_cents_per_hour / 100}
            for h in got.data or []}


async def endpoint_plan(provider: TogetherProvider, job: Any, name: str | None = None) -> dict[str, Any]:
    """What creating an endpoint for `job`'s model would make and cost: {name, model, configs: [{config,
    hardware, usd_per_hour}], chosen, warning}. Nothing is created."""
    client = await project_client(provider)
    model = await _tuned_model(provider, job)
    configs = [c async for c in client.models.configs.list(reference_model_id=model.id)]
    prices = await hardware_prices(provider)
    options = []
    for cfg in configs:
        sel = {s.key: s.value for s in getattr(cfg, "selectors", None) or []}
        hw = f"{sel.get('accelerator_count', '1')}x{sel.get('accelerator_type', '?')}"
        price = prices.get(hw)
        options.append({"config": f"projects/{cfg.project_id}/configs/{cfg.id}", "hardware": hw,
                        "label": price["label"] if price else hw, "usd_per_hour": price["usd"] if price else None})
    if not options:
        raise UsageError("together_no_config", model=model.name)
    options.sort(key=lambda o: (o["usd_per_hour"] is None, o["usd_per_hour"] or 0.0))
    chosen = options[0]
    return {"name": check_name(name or default_name(model.name)), "model": model.name,
            "model_resource": f"projects/{model.project_id}/models/{model.id}", "configs": options,
            "chosen": chosen, "warning": hourly_warning(chosen)}


def hourly_warning(option: dict[str, Any]) -> dict[str, Any]:
    usd = option.get("usd_per_hour")
    source = "Together's live price"
    if usd is None:
        from fttool.tables import together_hosting, together_table

        fallback = together_hosting()
        usd = fallback["usd"] if fallback else None
        source = f"resources/together.json, as of {together_table().get('as_of', '?')}"
    params = {"price": f"${usd:.2f}" if usd is not None else "an unknown price", "hardware": option.get("label"),
              "source": source}
    return {"code": "together_hourly", "params": params, "message": render("together_hourly", params),
            "usd_per_hour": usd}


async def create_endpoint(provider: TogetherProvider, job: Any, name: str | None = None,
                          config: str | None = None, idle_minutes: int = IDLE_MINUTES) -> dict[str, Any]:
    """Make the endpoint and its deployment (one replica); returns {id, name, model, state, usd_per_hour}."""
    client = await project_client(provider)
    plan = await endpoint_plan(provider, job, name)
    option = next((o for o in plan["configs"] if o["config"] == config), plan["chosen"]) if config else plan["chosen"]
    creator = client.with_options(max_retries=0)
    ep = await provider.call(lambda: creator.endpoints.create(name=plan["name"]), polling=False, retries=0)
    _record(ep.id, {"name": ep.name, "model": plan["model"], "job_id": job.id, "created_at": clock.iso_now(),
                    "hardware": option["hardware"], "usd_per_hour": option["usd_per_hour"]})
    await provider.call(lambda: creator.endpoints.deployments.create(
        ep.id, name="main", model=plan["model_resource"], config=option["config"],
        autoscaling={"min_replicas": 1, "max_replicas": 1}, inactive_timeout=idle_minutes),
        polling=False, retries=0)
    return {"id": ep.id, "name": ep.name, "model": plan["model"], "state": "DEPLOYMENT_STATE_PROVISIONING",
            "hardware": option["hardware"], "usd_per_hour": option["usd_per_hour"]}


async def list_endpoints(provider: TogetherProvider) -> list[dict[str, Any]]:
    """The project's endpoints: {id, name, model, state, created_by_fttool}."""
    client = await project_client(provider)
    mine = await asyncio.to_thread(load_records)

    async def fetch() -> list[Any]:
        return [e async for e in client.endpoints.list()]

    out = []
    for ep in await provider.call(fetch, polling=False, retries=2):
        dep = (ep.deployments or [None])[0]
        rec = mine.get(ep.id, {})
        out.append({"id": ep.id, "name": ep.name, "model": rec.get("model") or (dep.model if dep else None),
                    "state": dep.state if dep else "NO_DEPLOYMENT", "created_by_fttool": ep.id in mine,
                    "usd_per_hour": rec.get("usd_per_hour")})
    return out


async def delete_endpoint(provider: TogetherProvider, endpoint_id: str) -> None:
    """Delete the endpoint's deployments, then the endpoint (Together refuses it while it has deployments)."""
    client = await project_client(provider)
    ep = await provider.call(lambda: client.endpoints.retrieve(endpoint_id), polling=False, retries=2)
    for dep in ep.deployments or []:
        await provider.call(partial(client.endpoints.deployments.delete, dep.id, endpoint_id=endpoint_id),
                            polling=False, retries=2)
    await provider.call(lambda: client.endpoints.delete(endpoint_id), polling=False, retries=2)
    await asyncio.to_thread(_record, endpoint_id, None)
