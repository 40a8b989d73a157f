"""Where each backend's API answers (the settings, the environment, the keyring), what a failed request means in
plain words (bad key, unreachable, TLS, rate limited, server error, timeout), and 'Test connection' for each
provider: one cheap authenticated request (models list, whoami).

Below the rooms that reach a backend (providers, hub, chat): it imports only the settings, the keyring and the
catalog. A test returns a result rather than raising: a failed test is an answer for the person, not an error of
the app.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from typing import Any

from fttool import credentials, settings
from fttool.errors import FtError
from fttool.messages import render

LABELS = {"openai": "OpenAI", "azure": "Azure OpenAI", "hf": "Hugging Face", "together": "Together AI"}


def openai_base_url() -> str | None:
    return settings.get("openai_base_url") or os.environ.get("OPENAI_BASE_URL") or None


def azure_endpoint() -> str | None:
    return credentials.get("azure-endpoint")


def azure_api_version() -> str:
    return os.environ.get("OPENAI_API_VERSION") or settings.get("azure_api_version") or "2025-04-01-preview"


def hf_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT") or settings.get("hf_endpoint") or "https://huggingface.co"


TOGETHER_BASE_URL = "https://api.together.xyz"


def together_base_url() -> str:
    """TOGETHER_BASE_URL as the SDK honours it (tests point the real SDK at our server with it), else Together's."""
    return (os.environ.get("TOGETHER_BASE_URL") or TOGETHER_BASE_URL).rstrip("/")


def _result(ok: bool, provider: str, code: str, details: str = "", **params: Any) -> dict[str, Any]:
    from fttool.log import redact

    params.setdefault("provider", LABELS.get(provider, provider))
    params = {k: redact(v) if isinstance(v, str) else v for k, v in params.items()}
    return {"ok": ok, "provider": provider, "code": code, "params": params,
            "message": redact(render(code, params)), "details": redact(details)}


def _has_ssl_cause(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _retry_after(headers: Any) -> str:
    value = headers.get("retry-after") if headers is not None else None
    return f"{value} s" if value else "a little while"


def classify_openai_error(exc: BaseException, provider: str, url: str, timeout: float,
                          sdk: Any = None) -> dict[str, Any]:
    """A client exception as a test result. `sdk`: the client's module (openai, or together: the same classes)."""
    if sdk is None:
        import openai as sdk

    openai = sdk
    details = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, openai.APITimeoutError):
        return _result(False, provider, "timeout", details, seconds=timeout)
    if isinstance(exc, openai.APIConnectionError):
        code = "tls_error" if _has_ssl_cause(exc) else "unreachable"
        return _result(False, provider, code, details, url=url, detail=str(exc.__cause__ or exc))
    if isinstance(exc, openai.APIStatusError):
        st = exc.status_code
        if st == 401:
            return _result(False, provider, "bad_key", details, status=st)
        if st == 403:
            return _result(False, provider, "forbidden", details, status=st, detail=exc.message)
        if st == 429:
            return _result(False, provider, "rate_limited", details, retry_after=_retry_after(exc.response.headers))
        if st >= 500:
            return _result(False, provider, "server_error", details, status=st)
        return _result(False, provider, "unreachable", details, url=url, detail=f"HTTP {st}: {exc.message}")
    raise exc


async def _check_openai(timeout: float) -> dict[str, Any]:
    import openai

    key = credentials.get("openai")
    if not key:
        return _result(False, "openai", "missing_secret", name="openai")
    base = openai_base_url()
    url = base or "https://api.openai.com/v1"
    org = settings.get("openai_organization") or None
    async with openai.AsyncOpenAI(api_key=key, base_url=base, organization=org, max_retries=0,
                                  timeout=timeout) as client:
        try:
            page = await client.models.list()
        except openai.OpenAIError as exc:
            return classify_openai_error(exc, "openai", url, timeout)
    n = len(page.data)
    return _result(True, "openai", "connection_ok", detail=f"{n} models available")


async def _check_together(timeout: float) -> dict[str, Any]:
    import together

    key = credentials.get("together")
    if not key:
        return _result(False, "together", "missing_secret", name="together")
    url = together_base_url()
    async with together.AsyncTogether(api_key=key, base_url=url, max_retries=0, timeout=timeout) as client:
        try:  # the account's fine-tuning jobs: authenticated, cheap, and what fttool needs the key for
            jobs = await client.fine_tuning.list()
        except together.TogetherError as exc:
            return classify_openai_error(exc, "together", url, timeout, sdk=together)
    n = len(getattr(jobs, "data", None) or [])
    return _result(True, "together", "connection_ok", detail=f"{n} fine-tuning jobs in the account")


async def _check_azure(timeout: float) -> dict[str, Any]:
    import openai

    endpoint = azure_endpoint()
    if not endpoint:
        return _result(False, "azure", "missing_setting", field="endpoint")
    key = credentials.get("azure")
    if not key:
        return _result(False, "azure", "missing_secret", name="azure")
    async with openai.AsyncAzureOpenAI(api_key=key, azure_endpoint=endpoint, api_version=azure_api_version(),
                                       max_retries=0, timeout=timeout) as client:
        try:
            page = await client.models.list()
        except openai.OpenAIError as exc:
            return classify_openai_error(exc, "azure", endpoint, timeout)
    return _result(True, "azure", "connection_ok", detail=f"{len(page.data)} models available")


def _check_hf_blocking(timeout: float) -> dict[str, Any]:
    import httpx2
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    token = credentials.get("hf")
    if not token:
        return _result(False, "hf", "missing_secret", name="hf")
    endpoint = hf_endpoint()
    api = HfApi(endpoint=endpoint, token=token)
    try:
        who = api.whoami()
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else 0
        details = f"{type(exc).__name__}: {exc}"
        if status == 401:
            return _result(False, "hf", "bad_key", details, status=status)
        if status == 403:
            return _result(False, "hf", "forbidden", details, status=status, detail=str(exc))
        if status == 429:
            headers = exc.response.headers if exc.response is not None else None
            return _result(False, "hf", "rate_limited", details, retry_after=_retry_after(headers))
        if status >= 500:
            return _result(False, "hf", "server_error", details, status=status)
        return _result(False, "hf", "unreachable", details, url=endpoint, detail=str(exc))
    except httpx2.TimeoutException as exc:
        return _result(False, "hf", "timeout", f"{type(exc).__name__}: {exc}", seconds=timeout)
    except (httpx2.HTTPError, OSError) as exc:
        code = "tls_error" if _has_ssl_cause(exc) else "unreachable"
        return _result(False, "hf", code, f"{type(exc).__name__}: {exc}", url=endpoint, detail=str(exc))
    name = who.get("name") if isinstance(who, dict) else None
    return _result(True, "hf", "connection_ok", detail=f"signed in as {name or 'unknown'}")


async def check_connection(provider: str, timeout: float = 15.0) -> dict[str, Any]:
    try:
        if provider == "openai":
            return await asyncio.wait_for(_check_openai(timeout), timeout + 5)
        if provider == "azure":
            return await asyncio.wait_for(_check_azure(timeout), timeout + 5)
        if provider == "together":
            return await asyncio.wait_for(_check_together(timeout), timeout + 5)
        if provider == "hf":
            loop = asyncio.get_running_loop()
            # HfApi takes no per-call timeout: the wait here is the check's timeout
            return await asyncio.wait_for(loop.run_in_executor(None, _check_hf_blocking, timeout), timeout)
    except asyncio.TimeoutError:
        return _result(False, provider, "timeout", seconds=timeout)
    except FtError as exc:  # no keyring, and the like
        return {"ok": False, "provider": provider, "code": exc.code, "params": exc.params, "message": exc.message,
                "details": exc.details or ""}
    return _result(False, provider, "unknown_backend", backend=provider, known=", ".join(LABELS))
