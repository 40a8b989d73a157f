"""One chat interface over every place a model can answer (issue 8, "Chat").

    openai     OpenAI chat completions (base and fine-tuned ids)          AsyncOpenAI
    azure      Azure OpenAI (the model is the deployment name)              AsyncAzureOpenAI
    hf         Hugging Face inference, `InferenceClient.chat_completion`    base_url (HF_ENDPOINT is ignored
               for chat, so the router's or a dedicated endpoint's URL is passed explicitly)
    server     any OpenAI-compatible server (vLLM, llama.cpp, Ollama): a base URL, optional key from the
               keyring entry server:NAME; `server:NAME` names one from settings["servers"]
    local      a model trained here (base + LoRA adapter), served by fttool.chat.local on 127.0.0.1

`ChatClient(target).send(messages, sampling, on_delta=...)` streams the answer (on_delta gets text pieces)
and returns a `ChatAnswer` with token usage, latency and cost from the price table. Cancelling the task
cancels the request. Errors come back as FtError codes in plain words.
"""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace
from typing import Any

from fttool import credentials, settings
from fttool.errors import ConnectionProblem, FtError, UsageError
from fttool.messages import register

register({
    "chat_model_not_found": "{provider} has no model '{model}' (or this key may not use it).",
    "chat_rejected": "{provider} refused the request (HTTP {status}): {detail}",
    "chat_unknown_backend": "No chat backend named '{backend}'. Known: openai, azure, hf, local, server:NAME.",
    "chat_unknown_server": "No OpenAI-compatible server named '{name}'. Add it in Settings or with "
                           "`fttool auth set {name} --base-url URL`.",
    "chat_no_base_url": "The server backend needs a base URL (--base-url).",
    "chat_empty": "There is nothing to send: the conversation has no message.",
    "chat_failed": "{provider} failed to answer: {detail}",
})

HF_ROUTER_URL = "https://router.huggingface.co/v1"  # Hugging Face's OpenAI-compatible inference router
BACKENDS = ("openai", "azure", "hf", "together", "server", "local")
LABELS = {"openai": "OpenAI", "azure": "Azure OpenAI", "hf": "Hugging Face", "together": "Together AI",
          "server": "the server", "local": "the local model"}


@dataclass(frozen=True)
class Target:
    """Which model, where."""

    backend: str  # openai | azure | hf | together | server | local
    model: str  # model id, Azure deployment, Hub repo id, or a local base model
    server: str | None = None  # named OpenAI-compatible server (settings["servers"])
    base_url: str | None = None  # explicit base URL (server, hf, local)
    adapter: str | None = None  # local: LoRA adapter folder
    label: str = ""

    @classmethod
    def parse(cls, backend: str, model: str, *, base_url: str | None = None, adapter: str | None = None,
              label: str = "") -> Target:
        """From the CLI's words: `--backend server:NAME` names a configured server."""
        server = None
        if backend.startswith("server:"):
            backend, server = "server", backend.split(":", 1)[1]
        if backend not in BACKENDS:
            raise UsageError("chat_unknown_backend", backend=backend)
        return cls(backend, model, server=server, base_url=base_url, adapter=adapter, label=label)

    @property
    def provider_label(self) -> str:
        if self.backend == "server" and self.server:
            return self.server
        return LABELS.get(self.backend, self.backend)

    @property
    def display(self) -> str:
        return self.label or self.model

    def key(self) -> str:
        """Stable identity for caches: the same model at the same place."""
        parts = [self.backend, self.model, self.server or "", self.base_url or "", self.adapter or ""]
        return "|".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Target:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass
class Sampling:
    temperature: float | None = None
    max_tokens: int | None = None
    stop: list[str] = field(default_factory=list)
    top_p: float | None = None
    seed: int | None = None
    # structured output ({"type": "json_schema", "json_schema": {...}}): sent to the OpenAI-compatible backends
    # (OpenAI, Azure, Together, servers); the others are asked for JSON in the prompt
    response_format: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Sampling:
        d = d or {}
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d and d[k] is not None})


@dataclass
class ChatAnswer:
    text: str
    model: str  # the model that answered, as the provider names it
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: float = 0.0  # request sent -> last byte
    first_token_ms: float | None = None
    cost_usd: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def with_system(messages: list[dict[str, Any]], system: str | None) -> list[dict[str, Any]]:
    """The conversation with `system` as its system prompt (replacing one already there)."""
    msgs = [dict(m) for m in messages]
    if system is None:
        return msgs
    msgs = [m for m in msgs if m.get("role") != "system"]
    return [{"role": "system", "content": system}, *msgs] if system else msgs


def _classify(exc: BaseException, target: Target, url: str, timeout: float) -> FtError:
    """An SDK exception as an FtError in plain words."""
    import openai

    from fttool.connection import classify_openai_error

    provider = target.provider_label
    if isinstance(exc, openai.APIStatusError) and exc.status_code == 404:
        return FtError("chat_model_not_found", details=f"{type(exc).__name__}: {exc}", provider=provider,
                       model=target.model)
    if isinstance(exc, openai.APIStatusError) and exc.status_code in (400, 422):
        return FtError("chat_rejected", details=f"{type(exc).__name__}: {exc}", provider=provider,
                       status=exc.status_code, detail=exc.message)
    if isinstance(exc, openai.OpenAIError):
        r = classify_openai_error(exc, target.backend, url, timeout)
        params = dict(r["params"])
        params["provider"] = provider
        if r["code"] in ("bad_key", "forbidden"):
            return FtError(r["code"], details=r["details"], **params)
        return ConnectionProblem(r["code"], details=r["details"], **params)
    return FtError("chat_failed", details=f"{type(exc).__name__}: {exc}", provider=provider, detail=str(exc))


def _classify_hf(exc: BaseException, target: Target, url: str, timeout: float) -> FtError:
    import httpx2

    provider = target.provider_label
    details = f"{type(exc).__name__}: {exc}"
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    if status is not None:
        if status == 401:
            return FtError("bad_key", details=details, provider=provider, status=status)
        if status == 403:
            return FtError("forbidden", details=details, provider=provider, status=status, detail=str(exc))
        if status == 404:
            return FtError("chat_model_not_found", details=details, provider=provider, model=target.model)
        if status == 429:
            return ConnectionProblem("rate_limited", details=details, provider=provider, retry_after="a little while")
        if status >= 500:
            return ConnectionProblem("server_error", details=details, provider=provider, status=status)
        return FtError("chat_rejected", details=details, provider=provider, status=status, detail=str(exc))
    if isinstance(exc, (httpx2.TimeoutException, asyncio.TimeoutError)) or "Timeout" in type(exc).__name__:
        return ConnectionProblem("timeout", details=details, provider=provider, seconds=timeout)
    if isinstance(exc, (httpx2.HTTPError, OSError)):
        return ConnectionProblem("unreachable", details=details, provider=provider, url=url, detail=str(exc))
    return FtError("chat_failed", details=details, provider=provider, detail=str(exc))


class ChatClient:
    """Talks to one target; keeps its SDK client (and its connections) for many requests."""

    def __init__(self, target: Target, *, timeout: float = 120.0, max_retries: int = 2,
                 local_server: Any = None) -> None:
        self.target = target
        self.timeout = timeout
        self.max_retries = max_retries
        self._client: Any = None
        self._url = ""
        self._local_server = local_server  # a fttool.chat.local.LocalModelServer for backend "local"
        self._lock = asyncio.Lock()

    # -- connection --------------------------------------------------------------------------------------
    async def _ensure(self) -> Any:
        async with self._lock:
            if self._client is None:
                # the SDKs take about half a second to import and their clients read the CA bundle: both off the
                # event loop, which is carrying other answers meanwhile
                module = "huggingface_hub" if self.target.backend == "hf" else "openai"
                await asyncio.to_thread(importlib.import_module, module)
                self._client = await self._make_client()
            return self._client

    async def _make_client(self) -> Any:
        """The SDK client. Keyring look-ups, settings and the client's CA bundle are blocking work: in a thread."""
        t = self.target
        if t.backend == "local":
            from fttool.chat.local import LocalModelServer

            if self._local_server is None:
                self._local_server = LocalModelServer(t.model, t.adapter)
            base, token = await self._local_server.ensure_started()
            self._url = base
            return await asyncio.to_thread(self._openai_client, token, base)
        return await asyncio.to_thread(self._build_client)

    def _openai_client(self, key: str, base: str) -> Any:
        import openai

        return openai.AsyncOpenAI(api_key=key, base_url=base, max_retries=self.max_retries, timeout=self.timeout)

    def _build_client(self) -> Any:
        t = self.target
        if t.backend == "hf":
            from huggingface_hub import AsyncInferenceClient

            self._url = t.base_url or settings.get("hf_inference_url") or HF_ROUTER_URL
            return AsyncInferenceClient(base_url=self._url, api_key=credentials.get("hf"), timeout=self.timeout)
        import openai

        from fttool import connection

        if t.backend == "openai":
            key = credentials.require("openai", "OpenAI")
            base = t.base_url or connection.openai_base_url()
            self._url = base or "https://api.openai.com/v1"
            return openai.AsyncOpenAI(api_key=key, base_url=base, max_retries=self.max_retries, timeout=self.timeout,
                                      organization=settings.get("openai_organization") or None)
        if t.backend == "azure":
            endpoint = t.base_url or connection.azure_endpoint()
            if not endpoint:
                raise FtError("missing_setting", provider="Azure OpenAI", field="endpoint")
            key = credentials.require("azure", "Azure OpenAI")
            self._url = endpoint
            return openai.AsyncAzureOpenAI(api_key=key, azure_endpoint=endpoint,
                                           api_version=connection.azure_api_version(),
                                           max_retries=self.max_retries, timeout=self.timeout)
        if t.backend == "together":  # Together's chat API is OpenAI-compatible: the OpenAI client, pointed at it
            key = credentials.require("together", "Together AI")
            self._url = t.base_url or connection.together_base_url() + "/v1"
            return self._openai_client(key, self._url)
        if t.backend == "server":
            base = t.base_url
            server_key: str | None = None
            if t.server:
                servers = settings.get("servers") or {}
                base = base or servers.get(t.server)
                if not base:
                    raise UsageError("chat_unknown_server", name=t.server)
                server_key = credentials.get(credentials.SERVER_PREFIX + t.server)
            if not base:
                raise UsageError("chat_no_base_url")
            self._url = base
            # servers without keys still need a non-empty one for the client; it is sent and ignored
            return self._openai_client(server_key or "no-key", base)
        raise UsageError("chat_unknown_backend", backend=t.backend)

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            close = getattr(client, "close", None)
            if close is not None:
                res = close()
                if asyncio.iscoroutine(res):
                    await res
        if self._local_server is not None:
            await self._local_server.stop()

    # -- requests -----------------------------------------------------------------------------------------
    async def send(self, messages: list[dict[str, Any]], sampling: Sampling | None = None, *,
                   on_delta: Callable[[str], None] | None = None) -> ChatAnswer:
        """Send the conversation; stream the answer into `on_delta` (when given) and return it whole."""
        if not messages:
            raise UsageError("chat_empty")
        sampling = sampling or Sampling()
        client = await self._ensure()
        if self.target.backend == "hf":
            return await self._send_hf(client, messages, sampling, on_delta)
        return await self._send_openai(client, messages, sampling, on_delta)

    def _openai_kwargs(self, messages: list[dict[str, Any]], s: Sampling) -> dict[str, Any]:
        kw: dict[str, Any] = {"model": self.target.model, "messages": messages}
        if s.temperature is not None:
            kw["temperature"] = s.temperature
        if s.top_p is not None:
            kw["top_p"] = s.top_p
        if s.seed is not None:
            kw["seed"] = s.seed
        if s.stop:
            kw["stop"] = list(s.stop)[:4]
        if s.response_format and self.target.backend != "local":
            kw["response_format"] = s.response_format
        if s.max_tokens:
            # OpenAI and Azure take max_completion_tokens now; compatible servers know max_tokens
            key = "max_completion_tokens" if self.target.backend in ("openai", "azure") else "max_tokens"
            kw[key] = int(s.max_tokens)
        return kw

    async def _send_openai(self, client: Any, messages: list[dict[str, Any]], s: Sampling,
                           on_delta: Callable[[str], None] | None) -> ChatAnswer:
        import openai

        kw = self._openai_kwargs(messages, s)
        start = time.perf_counter()
        first: float | None = None
        parts: list[str] = []
        model = self.target.model
        finish = None
        usage: Any = None
        try:
            if on_delta is None:
                # the plain JSON route of the same client (same retries, errors and Azure deployment paths):
                # it skips the SDK's parameter transform and response models, about half the client's CPU
                # per request, which is what bounds an evaluation's throughput
                data = await client.post("/chat/completions", cast_to=object, body=kw)
                choices = (data.get("choices") if isinstance(data, dict) else None) or [{}]
                message = choices[0].get("message") or {}
                parts.append(str(message.get("content") or ""))
                finish = choices[0].get("finish_reason")
                raw_usage = data.get("usage") if isinstance(data, dict) else None
                usage = SimpleNamespace(**raw_usage) if isinstance(raw_usage, dict) else None
                model = (data.get("model") if isinstance(data, dict) else None) or model
            else:
                # chunks as plain dicts (AsyncStream[object]): the SDK's SSE parsing, error events and retries,
                # without building a response model per chunk (the service thread streams two answers at once
                # while the GUI thread waits for the interpreter lock)
                def open_stream(options: bool) -> Any:
                    body = {**kw, "stream": True}
                    if options:
                        body["stream_options"] = {"include_usage": True}
                    return client.post("/chat/completions", body=body, cast_to=object, stream=True,
                                       stream_cls=openai.AsyncStream[object])

                try:
                    stream = await open_stream(True)
                except openai.BadRequestError as exc:
                    # an older compatible server that does not know stream_options: ask again without usage
                    if self.target.backend not in ("server", "local") or "stream_options" not in str(exc):
                        raise
                    stream = await open_stream(False)
                try:
                    async for chunk in stream:
                        if not isinstance(chunk, dict):
                            continue
                        if chunk.get("model"):
                            model = chunk["model"]
                        if isinstance(chunk.get("usage"), dict):
                            usage = SimpleNamespace(**chunk["usage"])
                        for choice in chunk.get("choices") or []:
                            piece = (choice.get("delta") or {}).get("content")
                            if piece:
                                if first is None:
                                    first = time.perf_counter()
                                parts.append(piece)
                                on_delta(piece)
                            if choice.get("finish_reason"):
                                finish = choice["finish_reason"]
                finally:
                    await stream.close()
        except openai.OpenAIError as exc:
            raise _classify(exc, self.target, self._url, self.timeout) from None
        return self._answer(parts, model, finish, usage, start, first)

    async def _send_hf(self, client: Any, messages: list[dict[str, Any]], s: Sampling,
                       on_delta: Callable[[str], None] | None) -> ChatAnswer:
        kw: dict[str, Any] = {"model": self.target.model, "messages": messages}
        if s.temperature is not None:
            kw["temperature"] = s.temperature
        if s.top_p is not None:
            kw["top_p"] = s.top_p
        if s.seed is not None:
            kw["seed"] = s.seed
        if s.stop:
            kw["stop"] = list(s.stop)
        if s.max_tokens:
            kw["max_tokens"] = int(s.max_tokens)
        start = time.perf_counter()
        first: float | None = None
        parts: list[str] = []
        model = self.target.model
        finish = None
        usage: Any = None
        try:
            if on_delta is None:
                resp = await client.chat_completion(**kw)
                choice = resp.choices[0] if resp.choices else None
                parts.append((choice.message.content if choice else "") or "")
                finish = choice.finish_reason if choice else None
                usage, model = resp.usage, resp.model or model
            else:
                stream = await client.chat_completion(**kw, stream=True, stream_options={"include_usage": True})
                async for chunk in stream:
                    if getattr(chunk, "usage", None) is not None:
                        usage = chunk.usage
                    if getattr(chunk, "model", None):
                        model = chunk.model
                    for choice in chunk.choices or []:
                        piece = choice.delta.content if choice.delta else None
                        if piece:
                            if first is None:
                                first = time.perf_counter()
                            parts.append(piece)
                            on_delta(piece)
                        if choice.finish_reason:
                            finish = choice.finish_reason
        except (asyncio.CancelledError, FtError):
            raise
        except Exception as exc:
            raise _classify_hf(exc, self.target, self._url, self.timeout) from None
        return self._answer(parts, model, finish, usage, start, first)

    def _answer(self, parts: list[str], model: str, finish: str | None, usage: Any, start: float,
                first: float | None) -> ChatAnswer:
        from fttool.chat.pricing import answer_cost

        end = time.perf_counter()
        pt = getattr(usage, "prompt_tokens", None) if usage is not None else None
        ct = getattr(usage, "completion_tokens", None) if usage is not None else None
        cost = None
        if self.target.backend in ("openai", "azure"):
            # Azure names the underlying model in its answers; a deployment name alone says nothing
            cost = answer_cost(model, pt, ct)
            if cost is None and model != self.target.model:
                cost = answer_cost(self.target.model, pt, ct)
        return ChatAnswer(text="".join(parts), model=model, finish_reason=finish, prompt_tokens=pt,
                          completion_tokens=ct, latency_ms=(end - start) * 1000,
                          first_token_ms=(first - start) * 1000 if first is not None else None, cost_usd=cost)


class DeltaBatcher:
    """Coalesces streamed pieces so a consumer (the GUI) gets at most one call per `interval` seconds.

    `add(piece)` is called for every piece on the producing thread; `flush()` at the end sends the rest. With
    `schedule(delay, fn)` (an event loop's call_later) a piece held back is sent when its interval is over even if
    no further piece comes (a slow model that pauses mid-answer)."""

    def __init__(self, deliver: Callable[[str], None], interval: float = 0.03,
                 clock: Callable[[], float] = time.monotonic,
                 schedule: Callable[[float, Callable[[], None]], Any] | None = None) -> None:
        self._deliver = deliver
        self._interval = interval
        self._clock = clock
        self._schedule = schedule
        self._timer: Any = None
        self._buf: list[str] = []
        self._last = float("-inf")  # the first piece goes at once (time to first token matters)
        self.calls = 0

    def add(self, piece: str) -> None:
        self._buf.append(piece)
        now = self._clock()
        if now - self._last >= self._interval:
            self.flush(now)
        elif self._schedule is not None and self._timer is None:
            self._timer = self._schedule(self._interval - (now - self._last), self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self.flush()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def flush(self, now: float | None = None) -> None:
        if self._timer is not None and now is not None:
            self._timer.cancel()
            self._timer = None
        if self._buf:
            text = "".join(self._buf)
            self._buf.clear()
            self.calls += 1
            self._deliver(text)
        self._last = self._clock() if now is None else now


async def chat_once(target: Target, messages: list[dict[str, Any]], sampling: Sampling | None = None, *,
                    on_delta: Callable[[str], None] | None = None, timeout: float = 120.0,
                    max_retries: int = 2) -> ChatAnswer:
    """One request with a client of its own (the CLI's `fttool chat`)."""
    client = ChatClient(target, timeout=timeout, max_retries=max_retries)
    try:
        return await client.send(messages, sampling, on_delta=on_delta)
    finally:
        await client.aclose()
