"""Azure OpenAI fine-tuning: the OpenAI flow on Azure's paths (`/openai/...?api-version=`, `api-key` header).

Differences from OpenAI: endpoint, key and API version come from Settings/keyring (fttool.connection);
an upload is processed before a job may use it (we wait for `processed`, and say so when Azure reports an
error); model names look like `gpt-4o-mini-2024-07-18.ft-<id>`; a fine-tuned model must be deployed before it
can answer (fttool/providers/deploy.py), and a deployment is billed by the hour even when idle.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from fttool import clock
from fttool.errors import UsageError
from fttool.messages import register
from fttool.providers.base import Capabilities
from fttool.providers.openai import OpenAIProvider, provider_facts

register({
    "azure_model_retires": "Azure retires fine-tuning of {model} no earlier than {date} (see {source}).",
    "azure_model_retired": "Azure's documented retirement date for fine-tuning {model} ({date}) has passed: the "
                           "job may be refused.",
})


class AzureOpenAIProvider(OpenAIProvider):
    name = "azure"
    label = "Azure OpenAI"
    secret = "azure"

    def capabilities(self) -> Capabilities:
        return Capabilities(methods=("supervised", "dpo"), pause_resume=True, checkpoints=True,
                            accepts_new_jobs=True, billable=True, deploy=True, import_jobs=True, cleanup=True)

    def new_jobs_end(self) -> date | None:
        return None

    def date_notice(self) -> tuple[str, dict[str, Any]] | None:
        return None

    def model_notice(self, model: str | None) -> tuple[str, dict[str, Any]] | None:
        info = provider_facts().get("azure", {}).get("fine_tunable", {}).get(model or "")
        if not info or not info.get("retires"):
            return None
        when = date.fromisoformat(info["retires"])
        code = "azure_model_retired" if clock.today() >= when else "azure_model_retires"
        return code, {"model": model, "date": when.isoformat(), "source": "Azure's model retirements page"}

    def fine_tunable(self) -> list[str]:
        return list(provider_facts().get("azure", {}).get("fine_tunable", {}))

    def endpoint(self) -> str:
        from fttool.connection import azure_endpoint

        return (azure_endpoint() or "").rstrip("/")

    def _make_client(self, key: str) -> Any:
        import openai

        from fttool.connection import azure_api_version

        endpoint = self.endpoint()
        if not endpoint:
            raise UsageError("missing_setting", provider=self.label, field="endpoint")
        return openai.AsyncAzureOpenAI(api_key=key, azure_endpoint=endpoint, api_version=azure_api_version(),
                                       max_retries=0, timeout=self.poll_timeout)

    async def wait_processed(self, client: Any, file_id: str, path: Path,
                             stopped: Callable[[], Awaitable[bool]] | None = None) -> None:
        """Azure processes an upload before a job may use it: wait for `processed` (or say why not)."""
        deadline = time.monotonic() + self.file_wait_seconds
        while True:
            if stopped is not None and await stopped():
                return
            f = await self.call(lambda: client.files.retrieve(file_id), polling=False, retries=3)
            status = str(getattr(f, "status", "") or "").lower()
            if status == "processed":
                return
            if status in ("error", "failed", "deleted"):
                raise UsageError("file_processing_failed", provider=self.label, path=path.name,
                                 detail=getattr(f, "status_details", None) or status)
            if time.monotonic() > deadline:
                raise UsageError("file_processing_slow", provider=self.label, path=path.name,
                                 seconds=int(self.file_wait_seconds))
            await asyncio.sleep(self.file_poll_seconds)

    def hosting_per_hour(self, model: str | None) -> tuple[float | None, str]:
        """Hourly price of a deployed fine-tuned model on Azure, and the price table's date."""
        from fttool.tables import prices_table

        table = prices_table()
        azure = table.get("azure_hosting_per_hour") or {}
        base = (model or "").split(".ft-")[0]
        prices = azure.get("models", {})
        value = prices.get(base)
        return (float(value) if value is not None else None), str(azure.get("as_of") or table.get("as_of", ""))

    @staticmethod
    def is_tuned_model(m: Any) -> bool:
        return ".ft-" in str(m.id) or str(m.id).startswith("ft:")
