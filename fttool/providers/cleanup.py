"""'Clean up': what fttool created at a provider (uploaded files, which may hold personal data; fine-tuned
models; Azure deployments and Together endpoints, billed by the hour), listed so a person can pick what to delete.

Files count as ours when our upload table knows them or when their name is one we give (`fttool-...jsonl`);
models when a job in our store produced them; deployments when they serve one of those models.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from fttool.errors import FtError, UsageError
from fttool.messages import register

CLOUD = ("openai", "azure", "together")


def _cloud(backend: str) -> Any:
    """The OpenAI-family provider of a backend (typed loosely: it has client/account/call)."""
    from fttool.providers.registry import get_provider

    if backend not in CLOUD:
        raise UsageError("cleanup_backend", backend=backend, known=", ".join(CLOUD))
    return get_provider(backend)

register({
    "cleanup_backend": "Clean up works with the cloud backends ({known}), not '{backend}'.",
    "cleanup_nothing": "fttool created nothing at {provider} that is still there.",
    "cleanup_file_detail": "uploaded file {name}, {size} (may hold personal data)",
    "cleanup_model_detail": "fine-tuned model from job {job_id}",
    "cleanup_deployment_detail": "deployment of {model}, billed by the hour",
})


def _size(n: int | None) -> str:
    if not n:
        return "0 B"
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


async def list_created(backend: str, jobs: list[Any]) -> list[dict[str, Any]]:
    """Items fttool made at the provider that still exist: {kind, id, label, detail, personal_data}."""
    from fttool.providers.openai import load_uploads

    provider = _cloud(backend)
    if backend == "together":
        try:
            return await _together_created(provider, jobs)
        finally:
            await provider.close()
    try:
        client = await provider.client()
        account = provider.account(await provider.api_key())
        known = {e["file_id"]: e for e in load_uploads().get(account, {}).values()}
        items: list[dict[str, Any]] = []

        async def files() -> list[Any]:
            out: list[Any] = []
            page = await client.files.list(purpose="fine-tune")
            while True:
                out.extend(page.data)
                if not page.has_next_page():
                    return out
                page = await page.get_next_page()

        for f in await provider.call(files, polling=False, retries=2):
            if f.id in known or str(f.filename).startswith("fttool-"):
                entry = known.get(f.id, {})
                items.append({"kind": "file", "id": f.id, "label": entry.get("source") or f.filename,
                              "detail": f"uploaded file {f.filename}, {_size(f.bytes)} (may hold personal data)",
                              "personal_data": True})
        ours = {j.result_model: j for j in jobs if j.backend == backend and j.result_model
                and not j.params.get("imported")}
        page = await provider.call(lambda: client.models.list(), polling=False, retries=2)
        for m in page.data:
            if m.id in ours:
                items.append({"kind": "model", "id": m.id, "label": m.id,
                              "detail": f"fine-tuned model from job {ours[m.id].id}", "personal_data": False})
        if backend == "azure":
            from fttool.providers import deploy

            if all(deploy.target().values()):
                try:
                    mgmt = await asyncio.to_thread(deploy.Management)
                    for d in await mgmt.list():
                        if d["model"] in ours:
                            items.append({"kind": "deployment", "id": d["name"], "label": d["name"],
                                          "detail": f"deployment of {d['model']}, billed by the hour",
                                          "personal_data": False})
                except FtError:
                    pass  # no management token: files and models are still listed
        return items
    finally:
        await provider.close()


async def delete_items(backend: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Delete the picked items; one result per item ({id, kind, ok, message}), never stopping at the first error."""
    from fttool.providers.openai import forget_file_id

    provider = _cloud(backend)
    if backend == "together":
        try:
            return await _together_delete(provider, items)
        finally:
            await provider.close()
    results = []
    try:
        client = await provider.client()
        account = provider.account(await provider.api_key())
        mgmt: Any = None
        # deployments first (they hold the models), then models, then files
        order = {"deployment": 0, "model": 1, "file": 2}
        for item in sorted(items, key=lambda i: order.get(i["kind"], 3)):
            kind, ident = item["kind"], item["id"]
            try:
                if kind == "file":
                    await provider.call(lambda ident=ident: client.files.delete(ident), polling=False, retries=2)
                    await asyncio.to_thread(forget_file_id, account, ident)
                elif kind == "model":
                    await provider.call(lambda ident=ident: client.models.delete(ident), polling=False, retries=2)
                elif kind == "deployment":
                    from fttool.providers import deploy

                    mgmt = mgmt or await asyncio.to_thread(deploy.Management)
                    await mgmt.delete(ident)
                else:
                    raise UsageError("cleanup_backend", backend=kind, known="file, model, deployment")
                results.append({"id": ident, "kind": kind, "ok": True, "message": ""})
            except FtError as exc:
                results.append({"id": ident, "kind": kind, "ok": False, "message": exc.message})
        return results
    finally:
        await provider.close()


# -- Together: uploaded files, jobs with their models, the endpoints serving them ------------------------------
async def _together_created(provider: Any, jobs: list[Any]) -> list[dict[str, Any]]:
    """What fttool made at Together that still exists: uploaded files (ours by the upload table or by name), the
    fine-tuning jobs with their models (jobs of our store), and endpoints serving those models (billed by the
    hour)."""
    from fttool.providers.openai import load_uploads

    client = await provider.client()
    account = provider.account(await provider.api_key())
    known = {e["file_id"]: e for e in load_uploads().get(account, {}).values()}
    items: list[dict[str, Any]] = []
    files = await provider.call(lambda: client.files.list(), polling=False, retries=2)
    for f in files.data or []:
        if f.id in known or str(f.filename).startswith("fttool-"):
            entry = known.get(f.id, {})
            items.append({"kind": "file", "id": f.id, "label": entry.get("source") or f.filename,
                          "detail": f"uploaded file {f.filename}, {_size(f.bytes)} (may hold personal data)",
                          "personal_data": True})
    ours = {j.provider_job_id: j for j in jobs if j.backend == "together" and j.provider_job_id
            and not j.params.get("imported")}
    remote = await provider.call(lambda: client.fine_tuning.list(), polling=False, retries=2)
    models: set[str] = set()
    for ft in remote.data or []:
        if ft.id in ours:
            name = getattr(ft, "x_model_output_name", None) or ft.id
            models.add(str(name))
            items.append({"kind": "model", "id": ft.id, "label": str(name),
                          "detail": f"fine-tuning job {ours[ft.id].id} and its model", "personal_data": False})
    from fttool.providers import together_hosting

    for ep in await together_hosting.list_endpoints(provider):
        if ep.get("model") in models or ep.get("created_by_fttool"):
            items.append({"kind": "endpoint", "id": ep["id"], "label": ep.get("name") or ep["id"],
                          "detail": f"endpoint serving {ep.get('model')}, billed by the hour",
                          "personal_data": False})
    return items


async def _together_delete(provider: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Delete the picked items (endpoints first, then jobs with their models, then files); one result each."""
    from fttool.providers.openai import forget_file_id

    client = await provider.client()
    account = provider.account(await provider.api_key())
    results = []
    order = {"endpoint": 0, "model": 1, "file": 2}
    for item in sorted(items, key=lambda i: order.get(i["kind"], 3)):
        kind, ident = item["kind"], item["id"]
        try:
            if kind == "file":
                await provider.call(partial(client.files.delete, ident), polling=False, retries=2)
                await asyncio.to_thread(forget_file_id, account, ident)
            elif kind == "model":
                await provider.call(partial(client.fine_tuning.delete, ident), polling=False, retries=2)
            elif kind == "endpoint":
                from fttool.providers import together_hosting

                await together_hosting.delete_endpoint(provider, ident)
            else:
                raise UsageError("cleanup_backend", backend=kind, known="file, model, endpoint")
            results.append({"id": ident, "kind": kind, "ok": True, "message": ""})
        except FtError as exc:
            results.append({"id": ident, "kind": kind, "ok": False, "message": exc.message})
    return results
