"""Deploy an Azure OpenAI fine-tuned model so it can answer, and delete the deployment again.

With subscription, resource group and resource name (Settings) and a management token (keyring entry
`azure-management`), the deployment is made through the Azure management REST API
(`PUT .../providers/Microsoft.CognitiveServices/accounts/{resource}/deployments/{name}`); otherwise we give
copyable instructions with the values filled in. A deployment of a fine-tuned model is billed by the hour even
when nobody uses it: every answer here says so, with the price and the price table's date.
"""

from __future__ import annotations

import asyncio
import os
import re
from typing import Any
from urllib.parse import quote

from fttool import credentials, settings
from fttool.errors import ConnectionProblem, CredentialError, UsageError
from fttool.messages import register, render

API_VERSION_DEFAULT = "2024-10-01"
SETTINGS_KEYS = ("azure_subscription", "azure_resource_group", "azure_resource_name")

register({
    "hourly_billing": ("A deployment of a fine-tuned model is billed by the hour while it exists, even when "
                       "nobody uses it ({price} per hour, prices as of {date}). Delete it when you are done."),
    "hourly_billing_unknown": ("A deployment of a fine-tuned model is billed by the hour while it exists, even "
                               "when nobody uses it. Delete it when you are done."),
    "deploy_not_configured": ("To deploy from fttool, give the Azure subscription, resource group and resource "
                              "name, and a management token (kept in the keyring; `az account get-access-token` "
                              "prints one, or `fttool auth set azure-management`)."),
    "deploy_failed": "Azure could not deploy {model}: {message}",
    "deploy_rejected": "Azure refused the request (HTTP {status}): {message}",
    "deploy_bad_token": "Azure rejected the management token (HTTP {status}). Get a fresh one (`az account get-access-token`).",
    "deployment_name_bad": "A deployment name has 2 to 64 letters, digits, '-', '_' or '.': '{name}' does not.",
})


def management_endpoint() -> str:
    return (os.environ.get("FTTOOL_AZURE_MANAGEMENT_URL") or settings.get("azure_management_endpoint")
            or "https://management.azure.com").rstrip("/")


def management_api_version() -> str:
    from fttool.providers.openai import provider_facts

    return str(provider_facts().get("azure", {}).get("management_api_version") or API_VERSION_DEFAULT)


def target() -> dict[str, str]:
    """Subscription, resource group and resource name from Settings ('' when unset)."""
    return {k: str(settings.get(k) or "") for k in SETTINGS_KEYS}


def default_name(model: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", model)
    return name[-64:].strip("-.") or "fttool-model"


def check_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]{2,64}", name or ""):
        raise UsageError("deployment_name_bad", name=name)
    return name


def hourly_warning(model: str) -> dict[str, Any]:
    from fttool.providers.azure import AzureOpenAIProvider

    price, as_of = AzureOpenAIProvider().hosting_per_hour(model)
    if price is None:
        return {"code": "hourly_billing_unknown", "params": {}, "message": render("hourly_billing_unknown"),
                "usd_per_hour": None, "price_date": as_of}
    params = {"price": f"${price:.2f}", "date": as_of or "unknown"}
    return {"code": "hourly_billing", "params": params, "message": render("hourly_billing", params),
            "usd_per_hour": price, "price_date": as_of}


def deployment_url(name: str, t: dict[str, str] | None = None) -> str:
    t = t or target()
    return (f"{management_endpoint()}/subscriptions/{quote(t['azure_subscription'])}/resourceGroups/"
            f"{quote(t['azure_resource_group'])}/providers/Microsoft.CognitiveServices/accounts/"
            f"{quote(t['azure_resource_name'])}/deployments/{quote(name)}?api-version={management_api_version()}")


def deployment_body(model: str, capacity: int = 1) -> dict[str, Any]:
    return {"sku": {"name": "standard", "capacity": int(capacity)},
            "properties": {"model": {"format": "OpenAI", "name": model, "version": "1"}}}


def plan(model: str, name: str | None = None, capacity: int = 1) -> dict[str, Any]:
    """Everything the Deploy dialog shows: can we deploy from here, the copyable instructions, the warning."""
    name = check_name(name or default_name(model))
    t = target()
    configured = all(t.values()) and credentials.where("azure-management") != "none"
    sub = t["azure_subscription"] or "<subscription-id>"
    rg = t["azure_resource_group"] or "<resource-group>"
    res = t["azure_resource_name"] or "<azure-openai-resource>"
    filled = {"azure_subscription": sub, "azure_resource_group": rg, "azure_resource_name": res}
    url = deployment_url(name, filled).replace(management_endpoint(), "https://management.azure.com")
    import json

    body = json.dumps(deployment_body(model, capacity))
    instructions = "\n".join([
        "Deploy the fine-tuned model in Azure AI Foundry (portal):",
        f"  1. Open the resource '{res}' (resource group '{rg}') and go to Fine-tuning.",
        f"  2. Select the model {model} and choose Deploy.",
        f"  3. Name the deployment {name}, type Standard, capacity {capacity}, and confirm.",
        "",
        "Or with the Azure CLI:",
        f"  az cognitiveservices account deployment create --subscription {sub} --resource-group {rg} "
        f"--name {res} --deployment-name {name} --model-name {model} --model-version 1 "
        f"--model-format OpenAI --sku-name standard --sku-capacity {capacity}",
        "",
        "Or with the REST API (token from `az account get-access-token`):",
        f"  curl -X PUT '{url}' -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{body}'",
        "",
        "Delete it when you are done:",
        f"  az cognitiveservices account deployment delete --subscription {sub} --resource-group {rg} "
        f"--name {res} --deployment-name {name}",
    ])
    return {"model": model, "name": name, "capacity": capacity, "configured": configured, "target": t,
            "instructions": instructions, "warning": hourly_warning(model),
            "missing": [k for k, v in t.items() if not v] + ([] if credentials.where("azure-management") != "none"
                                                              else ["azure-management"])}


class Management:
    """The few management-plane calls we make (httpx2, async: the HTTP stack the official clients use)."""

    def __init__(self, timeout: float = 30.0) -> None:
        t = target()
        if not all(t.values()):
            raise UsageError("deploy_not_configured")
        self.t = t
        self.token = credentials.get("azure-management")
        if not self.token:
            raise CredentialError("deploy_not_configured")
        self.timeout = timeout

    async def request(self, method: str, url: str, json_body: Any = None) -> Any:
        import httpx2

        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            async with httpx2.AsyncClient(timeout=self.timeout) as client:
                resp = await client.request(method, url, headers=headers, json=json_body)
        except httpx2.TimeoutException as exc:
            raise ConnectionProblem("timeout", provider="Azure management", seconds=self.timeout,
                                    details=str(exc)) from exc
        except httpx2.HTTPError as exc:
            raise ConnectionProblem("unreachable", provider="Azure management", url=management_endpoint(),
                                    detail=str(exc)) from exc
        if resp.status_code in (401, 403):
            raise CredentialError("deploy_bad_token", status=resp.status_code, details=resp.text[:500])
        if resp.status_code == 429 or resp.status_code >= 500:
            raise ConnectionProblem("server_error", provider="Azure management", status=resp.status_code)
        if resp.status_code == 404 and method == "GET":
            return None
        if resp.status_code >= 400:
            try:
                message = resp.json().get("error", {}).get("message") or resp.text
            except ValueError:
                message = resp.text
            raise UsageError("deploy_rejected", status=resp.status_code, message=message[:500])
        if not resp.content:
            return {}
        return resp.json()

    def url(self, name: str = "") -> str:
        if name:
            return deployment_url(name, self.t)
        return deployment_url("x", self.t).replace("/deployments/x?", "/deployments?")

    async def deploy(self, model: str, name: str, capacity: int = 1, wait: float = 600.0,
                     poll: float = 2.0) -> dict[str, Any]:
        await self.request("PUT", self.url(name), deployment_body(model, capacity))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            dep = await self.request("GET", self.url(name)) or {}
            state = str((dep.get("properties") or {}).get("provisioningState") or "")
            if state.lower() == "succeeded":
                return {"name": name, "model": model, "state": state, "warning": hourly_warning(model)}
            if state.lower() in ("failed", "canceled"):
                raise UsageError("deploy_failed", model=model, message=state)
            if loop.time() > deadline:
                return {"name": name, "model": model, "state": state or "Creating", "warning": hourly_warning(model)}
            await asyncio.sleep(poll)

    async def delete(self, name: str) -> bool:
        await self.request("DELETE", self.url(check_name(name)))
        return True

    async def list(self) -> list[dict[str, Any]]:
        data = await self.request("GET", self.url()) or {}
        out = []
        for d in data.get("value", []):
            model = ((d.get("properties") or {}).get("model") or {}).get("name", "")
            out.append({"name": d.get("name"), "model": model,
                        "state": (d.get("properties") or {}).get("provisioningState")})
        return out
