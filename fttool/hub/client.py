"""One place that makes the Hugging Face client and turns its failures into fttool errors.

The client (huggingface_hub 2.4) retries 429 by itself only on uploads, tree listing, downloads and job listing
(shared/FACTS.md); whoami, create_repo, commit, run_job, inspect_job, fetch_job_logs and cancel_job raise at
once. `with_retries` retries what is safe to repeat (reads, polling, idempotent creates) on 429/5xx/network
errors, honouring Retry-After, and raises ConnectionProblem when it gives up, so the job service shows
"reconnecting" rather than "failed". Everything here is blocking: call it from an executor, never the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from fttool import credentials
from fttool.errors import Cancelled, ConnectionProblem, CredentialError, FtError
from fttool.log import redact
from fttool.messages import register

if TYPE_CHECKING:
    from huggingface_hub import HfApi

log = logging.getLogger("fttool.hub")
T = TypeVar("T")
PROVIDER = "Hugging Face"

register({
    "hf_not_found": "Hugging Face says {what} does not exist or this token cannot see it (HTTP 404).",
    "hf_request_failed": "Hugging Face refused the request (HTTP {status}): {detail}",
})


def endpoint() -> str:
    from fttool.connection import hf_endpoint

    return hf_endpoint().rstrip("/")


def token() -> str:
    return credentials.require("hf", PROVIDER)


def api(tok: str | None = None) -> HfApi:
    """An HfApi on the configured endpoint with the user's token (HF_ENDPOINT and HF_TOKEN are honoured)."""
    from huggingface_hub import HfApi

    return HfApi(endpoint=endpoint(), token=tok or token(), library_name="fttool")


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of a client error, None for a network error."""
    resp = getattr(exc, "response", None)
    code = getattr(resp, "status_code", None)
    return int(code) if isinstance(code, int) else None


def _retry_after(exc: BaseException) -> float | None:
    resp = getattr(exc, "response", None)
    headers = getattr(resp, "headers", None)
    value = headers.get("retry-after") if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def is_transient(exc: BaseException) -> bool:
    """429, 5xx, and failures to reach the server at all (refused, reset, dropped, timed out)."""
    if isinstance(exc, FtError):
        return isinstance(exc, ConnectionProblem)
    status = status_of(exc)
    if status is not None:
        return status == 429 or status >= 500
    try:
        import httpx2  # the transport huggingface_hub 2.x uses

        if isinstance(exc, httpx2.HTTPError):
            return True
    except ImportError:  # pragma: no cover - an older client
        pass
    return isinstance(exc, (ConnectionError, TimeoutError))


def to_error(exc: BaseException, what: str = "") -> FtError:
    """A client exception as an fttool error (the message says what failed, in words)."""
    if isinstance(exc, FtError):
        return exc
    status = status_of(exc)
    details = redact(f"{type(exc).__name__}: {exc}")
    if status == 401:
        return CredentialError("bad_key", details=details, provider=PROVIDER, status=status)
    if status == 403:
        return CredentialError("forbidden", details=details, provider=PROVIDER, status=status, detail=what)
    if status == 404:
        return FtError("hf_not_found", details=details, what=what or "that")
    if status == 429:
        ra = _retry_after(exc)
        return ConnectionProblem("rate_limited", details=details, provider=PROVIDER,
                                 retry_after=f"{ra:g} s" if ra else "a little while")
    if status is not None and status >= 500:
        return ConnectionProblem("server_error", details=details, provider=PROVIDER, status=status)
    if status is not None:
        msg = redact(str(exc)).splitlines()[0] if str(exc) else ""
        return FtError("hf_request_failed", details=details, status=status, detail=msg)
    if is_transient(exc):
        return ConnectionProblem("unreachable", details=details, provider=PROVIDER, url=endpoint(),
                                 detail=redact(str(exc)) or type(exc).__name__)
    return FtError("internal_error", details=details, detail=redact(str(exc)) or type(exc).__name__)


def with_retries(fn: Callable[[], T], *, what: str = "", attempts: int = 4, base_delay: float = 0.5,
                 max_delay: float = 8.0, cancel: Callable[[], bool] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """Call `fn`, retrying transient failures with backoff (Retry-After honoured, capped at max_delay).
    Only for calls that are safe to repeat. Raises the fttool error of the last failure."""
    delay = base_delay
    for attempt in range(1, attempts + 1):
        if cancel is not None and cancel():
            raise Cancelled()
        try:
            return fn()
        except Exception as exc:
            if not is_transient(exc) or attempt == attempts:
                raise to_error(exc, what) from exc
            wait = min(max_delay, _retry_after(exc) or delay)
            log.info("retrying %s after %s (attempt %d/%d, %.1f s)", what or "request",
                     redact(f"{type(exc).__name__}: {exc}")[:200], attempt, attempts, wait)
            sleep(wait)
            delay = min(max_delay, delay * 2)
    raise AssertionError("unreachable")  # pragma: no cover


def whoami_name(hf: HfApi, cache: dict[str, Any] | None = None) -> str:
    """The signed-in user's name (retried; cached in `cache` when given)."""
    if cache is not None and cache.get("name"):
        return str(cache["name"])
    info = with_retries(lambda: hf.whoami(), what="the signed-in user")
    name = str(info["name"])
    if cache is not None:
        cache["name"] = name
    return name
