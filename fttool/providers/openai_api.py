"""What the OpenAI, Azure and Together providers share to talk to an OpenAI-style API (Stainless-made SDKs): the key
and the client, errors in plain words, the retry policy, and file uploads reused by sha256 (the table: uploads.py).
A mixin of OpenAIProvider; imports the providers' base, the job record and uploads.py, never a provider."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from fttool import clock, credentials
from fttool.errors import ConnectionProblem, CredentialError, FtError, UsageError
from fttool.jobs.record import Job, Status
from fttool.messages import register
from fttool.providers.base import JobContext
from fttool.providers.uploads import load_uploads, record_upload, sha256_of

log = logging.getLogger("fttool.providers.openai")
T = TypeVar("T")

register({
    "provider_rejected_field": "{provider} rejected {field}: {message}",
    "provider_rejected": "{provider} refused the request (HTTP {status}): {message}",
    "bad_key_poll": "{provider} rejected the key (HTTP 401) while watching the job. Check the key in Settings.",
})

# Our parameter names -> the names OpenAI uses in a 400's `param`.
FIELD_NAMES = {
    "n_epochs": "epochs", "batch_size": "batch_size", "learning_rate_multiplier": "learning_rate",
    "beta": "beta", "suffix": "suffix", "seed": "seed", "training_file": "training_file",
    "validation_file": "validation_file", "model": "model", "method": "method",
}



def retry_after(exc: Any) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None:
        return None
    raw = headers.get("retry-after-ms")
    try:
        if raw:
            return float(raw) / 1000
        raw = headers.get("retry-after")
        return float(raw) if raw else None
    except ValueError:
        return None



class OpenAIApi:
    """The client side of a provider on an OpenAI-style API (OpenAI's SDK unless a subclass names another). The
    provider class sets the names and the timeouts below and `_clients`, `_key` in its __init__."""

    name: str
    label: str
    secret: str
    poll_timeout: float
    upload_timeout: float
    rate_limit_retries: int
    max_retry_after: float
    _clients: dict[tuple[str, str], Any]
    _key: tuple[float, str] | None

    # -- clients ---------------------------------------------------------------------------------------
    def sdk(self) -> Any:
        """The client library's module, for its exception classes (a subclass on another Stainless-made SDK, such as
        Together's, returns that one: the classes have the same names and meaning)."""
        import openai

        return openai

    def _read_key(self) -> str:
        return credentials.require(self.secret, self.label)

    async def api_key(self) -> str:
        now = time.monotonic()
        if self._key is None or now - self._key[0] > 30:
            key = await asyncio.to_thread(self._read_key)
            self._key = (now, key)
        return self._key[1]

    def endpoint(self) -> str:
        from fttool.connection import openai_base_url

        return openai_base_url() or "https://api.openai.com/v1"

    def account(self, key: str) -> str:
        """Which account a file id belongs to, without keeping the key: a short hash of endpoint and key."""
        return hashlib.sha256(f"{self.name}\0{self.endpoint()}\0{key}".encode()).hexdigest()[:16]

    def _make_client(self, key: str) -> Any:
        import openai

        from fttool import settings
        from fttool.connection import openai_base_url

        return openai.AsyncOpenAI(api_key=key, base_url=openai_base_url(),
                                  organization=settings.get("openai_organization") or None,
                                  max_retries=0, timeout=self.poll_timeout)

    async def client(self) -> Any:
        key = await self.api_key()
        ident = (key, self.endpoint())
        if ident not in self._clients:
            self._clients[ident] = self._make_client(key)
        return self._clients[ident]

    async def close(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for c in clients:
            try:
                await c.close()
            except Exception:
                log.exception("closing client")

    # -- errors ----------------------------------------------------------------------------------------
    def translate(self, exc: BaseException, *, polling: bool) -> FtError:
        """An openai exception as one of our errors, in plain words."""
        openai = self.sdk()

        details = f"{type(exc).__name__}: {exc}"
        p = self.label
        if isinstance(exc, openai.APITimeoutError):
            return ConnectionProblem("timeout", details=details, provider=p, seconds=self.poll_timeout)
        if isinstance(exc, openai.APIConnectionError):
            return ConnectionProblem("unreachable", details=details, provider=p, url=self.endpoint(),
                                     detail=str(exc.__cause__ or exc))
        if isinstance(exc, openai.APIStatusError):
            st = exc.status_code
            body = exc.body if isinstance(exc.body, dict) else {}
            message = str(body.get("message") or exc.message)
            if st == 401:
                if polling:
                    return ConnectionProblem("bad_key_poll", details=details, provider=p)
                return CredentialError("bad_key", details=details, provider=p, status=st)
            if st == 429:
                ra = retry_after(exc)
                return ConnectionProblem("rate_limited", details=details, provider=p,
                                         retry_after=f"{ra:g} s" if ra else "a little while")
            if st >= 500:
                return ConnectionProblem("server_error", details=details, provider=p, status=st)
            if st == 403:
                return CredentialError("forbidden", details=details, provider=p, status=st, detail=message)
            param = getattr(exc, "param", None) or body.get("param")
            if param:
                leaf = str(param).split(".")[-1]
                field = FIELD_NAMES.get(leaf, leaf)
                return UsageError("provider_rejected_field", details=details, provider=p, field=field,
                                  message=message, status=st)
            return UsageError("provider_rejected", details=details, provider=p, status=st, message=message)
        if isinstance(exc, FtError):
            return exc
        return FtError("internal_error", details=details, detail=str(exc))

    async def call(self, fn: Callable[[], Awaitable[T]], *, polling: bool = True, retries: int = 1) -> T:
        """One request with our own retry policy (the client's automatic retries are off):
        429 waits for Retry-After (up to `rate_limit_retries` times); 5xx, timeouts and dropped connections
        retry `retries` times with a short backoff; then a ConnectionProblem (the service shows reconnecting)."""
        openai = self.sdk()

        rate_limited = transient = 0
        while True:
            try:
                return await fn()
            except openai.RateLimitError as exc:
                wait = retry_after(exc)
                if rate_limited >= self.rate_limit_retries or (wait is not None and wait > self.max_retry_after):
                    raise self.translate(exc, polling=polling) from exc
                rate_limited += 1
                await asyncio.sleep(wait if wait is not None else min(2.0 ** rate_limited, 30.0))
            except (openai.APITimeoutError, openai.APIConnectionError, openai.InternalServerError) as exc:
                if transient >= retries:
                    raise self.translate(exc, polling=polling) from exc
                transient += 1
                await asyncio.sleep(0.5 * transient)
            except openai.APIStatusError as exc:
                if exc.status_code >= 500 and transient < retries:
                    transient += 1
                    await asyncio.sleep(0.5 * transient)
                    continue
                raise self.translate(exc, polling=polling) from exc

    # -- files -----------------------------------------------------------------------------------------
    def _test_split_sha(self, job: Job) -> str | None:
        if not job.project:
            return None
        test = Path(job.project) / "data" / "test.jsonl"
        return sha256_of(test) if test.is_file() else None

    async def upload(self, client: Any, path: Path, sha: str, account: str, role: str) -> tuple[str, bool]:
        """The file id of `path` in this account: reused when the same bytes were uploaded before and the
        file is still there, else uploaded now. Returns (file id, reused)."""
        openai = self.sdk()

        entry = load_uploads().get(account, {}).get(sha)
        if entry:
            try:
                f = await self.call(lambda: client.files.retrieve(entry["file_id"]), polling=False, retries=2)
                if getattr(f, "status", None) != "error":
                    return str(entry["file_id"]), True
            except UsageError:
                pass  # gone (404): upload again
            except FtError as exc:
                if not isinstance(exc.__cause__, openai.NotFoundError):
                    raise
            await asyncio.to_thread(record_upload, account, sha, None)
        name = f"fttool-{role}-{sha[:12]}.jsonl"
        data = await asyncio.to_thread(path.read_bytes)
        created = await self.call(
            lambda: client.with_options(timeout=self.upload_timeout).files.create(file=(name, data),
                                                                                   purpose="fine-tune"),
            polling=False, retries=2)
        await asyncio.to_thread(record_upload, account, sha, {
            "file_id": created.id, "filename": name, "source": path.name, "bytes": len(data),
            "uploaded_at": clock.iso_now(), "backend": self.name})
        return str(created.id), False

    async def wait_processed(self, client: Any, file_id: str, path: Path,
                             stopped: Callable[[], Awaitable[bool]] | None = None) -> None:
        """OpenAI processes uploads at once; Azure's subclass waits for `processed`."""

    @staticmethod
    async def cancelled_meanwhile(ctx: JobContext) -> bool:
        """True when the person cancelled the job while we were still uploading (nothing may be sent then)."""
        job = await ctx.update()
        return job.status == Status.CANCELLED

    @staticmethod
    def cancelled_fields() -> dict[str, Any]:
        return {"status": Status.CANCELLED, "provider_status": "cancelled before it was sent"}
