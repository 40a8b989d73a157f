"""'Clean up': what fttool created at a provider (uploaded files, which may hold personal data; fine-tuned
models; Azure deployments and Together endpoints, billed by the hour), listed so a person can pick what to delete.

Files count as ours when our upload table knows them or when their name is one we give (`fttool-...jsonl`);
models when a job in our store produced them; deployments when they serve one of those models.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from fttool.errors import FtError, UsageError
from fttool.messages import register

if TYPE_CHECKING:
    from fttool.jobs.service import JobService

CLOUD = ("openai", "azure", "together")


def _cloud(backend: str) -> Any:
    """The OpenAI-family provider of a backend (typed loosely: it has client/account/call)."""
    from fttool.providers import get_provider

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
        from fttool.providers import together

        try:
            return await together.list_created(provider, jobs)
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
        from fttool.providers import together

        try:
            return await together.delete_created(provider, items)
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


# -- service commands -----------------------------------------------------------------------------------
async def cleanup_list(service: JobService, backend: str) -> list[dict[str, Any]]:
    assert service.store is not None
    jobs = await service.io(service.store.list)
    return await list_created(backend, jobs)


async def cleanup_delete(service: JobService, backend: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return await delete_items(backend, items)


def register_commands(service: JobService) -> None:
    service.register_command("cleanup_list", cleanup_list)
    service.register_command("cleanup_delete", cleanup_delete)
