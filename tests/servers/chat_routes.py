"""Chat completions for our test servers, speaking the real HTTP API the official clients use.

`install_chat_routes(server)` adds
    POST /v1/chat/completions                                     (OpenAI; Bearer key)
    POST /openai/deployments/{d}/chat/completions?api-version=    (Azure OpenAI; api-key header)
both non-streaming and streaming (server-sent events, `stream_options.include_usage` adds the usage chunk).

The fake model's answer comes from `server.chat_reply(model, messages, body) -> str` (default: an echo of the
last user message); `server.chat_latency` seconds pass before the first byte (simulated latency) and
`server.chat_chunk_delay` between streamed chunks. Faults come from the base server (`server.fault(...)`).
Structured output: with `response_format` {"type": "json_schema", ...} the answer is a schema-valid JSON object
(a reply that is not JSON is put into the schema's fields, as a strict server would); a reply given as
{"content": ..., "raw": True} is sent as it is (a server that ignores the schema: malformed JSON on purpose).
Tokens are counted as whitespace-separated words, so usage is predictable in tests.

`CompatServer` is an OpenAI-compatible server of the vLLM / llama.cpp / Ollama kind: the same routes on
/v1, with an optional key.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from tests.servers.base import Request, Response, TestServer


def echo_reply(model: str, messages: list[dict[str, Any]], body: dict[str, Any]) -> str:
    last = next((m.get("content") for m in reversed(messages) if m.get("role") == "user"), "") or ""
    return f"You said: {last}"


def count_tokens(text: str) -> int:
    return len(str(text).split())


def _error(status: int, message: str, type_: str = "invalid_request_error", code: str | None = None) -> Response:
    return Response.json({"error": {"message": message, "type": type_, "param": None, "code": code}}, status)


def schema_object(schema: dict[str, Any], text: str) -> Any:
    """A value valid for a (simple) JSON schema, with `text` in its string fields."""
    kind = schema.get("type")
    if kind == "object":
        return {k: schema_object(v, text) for k, v in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [schema_object(schema.get("items") or {"type": "string"}, text)]
    if kind == "integer":
        return 3
    if kind == "number":
        return 3.0
    if kind == "boolean":
        return True
    return text


def header(req: Request, name: str) -> str | None:
    """A request header, whatever its case (clients send `authorization`, browsers `Authorization`)."""
    low = name.lower()
    return next((v for k, v in req.headers.items() if k.lower() == low), None)


def _split_chunks(text: str) -> list[str]:
    """Word-sized pieces that join back to exactly `text`."""
    pieces: list[str] = []
    current = ""
    for ch in text:
        current += ch
        if ch == " ":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def install_chat_routes(server: TestServer) -> None:
    s: Any = server
    if not hasattr(s, "chat_reply"):
        s.chat_reply = echo_reply
    s.chat_latency = getattr(s, "chat_latency", 0.0)
    s.chat_chunk_delay = getattr(s, "chat_chunk_delay", 0.0)
    s.chat_keys = set(getattr(s, "chat_keys", set()))  # more accepted Bearer keys (HF token, a server's key)
    s.chat_bodies = []  # every chat request body, in order

    def known_model(model: str) -> bool:
        models = {m["id"] for m in getattr(s, "models", [])} | set(getattr(s, "chat_models", ()))
        return model.startswith("ft:") or model in models or not models

    def bearer_ok(req: Request) -> bool:
        auth = header(req, "Authorization") or ""
        keys = set(s.chat_keys)
        if getattr(s, "api_key", None):
            keys.add(s.api_key)
        if not keys:
            return True
        return auth.startswith("Bearer ") and auth[len("Bearer "):] in keys

    def answer(model: str, body: dict[str, Any], azure: bool) -> Response:
        messages = body.get("messages") or []
        if not isinstance(messages, list) or not messages:
            return _error(400, "'messages' is a required property")
        with s.lock:
            s.chat_bodies.append(body)
        reply: Callable[..., Any] = s.chat_reply
        out = reply(model, messages, body)
        raw = isinstance(out, dict) and bool(out.get("raw"))
        text = str(out.get("content", "")) if isinstance(out, dict) else str(out)
        fmt = body.get("response_format") or {}
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema" and not raw:
            try:
                json.loads(text)
            except ValueError:
                text = json.dumps(schema_object((fmt.get("json_schema") or {}).get("schema") or {}, text))
        finish = "stop"
        stops = body.get("stop") or []
        if isinstance(stops, str):
            stops = [stops]
        for stop in stops:
            if stop and stop in text:
                text = text[: text.index(stop)]
        limit = body.get("max_completion_tokens") or body.get("max_tokens")
        if limit:
            words = text.split(" ")
            if len([w for w in words if w]) > int(limit):
                text = " ".join(words[: int(limit)])
                finish = "length"
        prompt_tokens = sum(count_tokens(m.get("content") or "") for m in messages)
        completion_tokens = count_tokens(text)
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        created = int(time.time())
        cid = f"chatcmpl-{created}{len(s.chat_bodies)}"
        if s.chat_latency:
            time.sleep(s.chat_latency)
        if not body.get("stream"):
            return Response.json({
                "id": cid, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                             "logprobs": None, "finish_reason": finish}],
                "usage": usage, "system_fingerprint": "fp_test",
            })
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def chunk(choices: list[dict[str, Any]], **extra: Any) -> bytes:
            obj = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                   "system_fingerprint": "fp_test", "choices": choices, **extra}
            return b"data: " + json.dumps(obj).encode() + b"\n\n"

        def events() -> Iterator[bytes]:
            if azure:  # Azure sends its content filter results first, with no choices
                yield b"data: " + json.dumps({"choices": [], "created": 0, "id": "", "model": "", "object": "",
                                              "prompt_filter_results": [{"prompt_index": 0,
                                                                         "content_filter_results": {}}]}
                                             ).encode() + b"\n\n"
            yield chunk([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
            for piece in _split_chunks(text):
                if s.chat_chunk_delay:
                    time.sleep(s.chat_chunk_delay)
                yield chunk([{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
            yield chunk([{"index": 0, "delta": {}, "finish_reason": finish}])
            if include_usage:
                yield chunk([], usage=usage)
            yield b"data: [DONE]\n\n"

        return Response(200, events(), {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})

    def openai_chat(req: Request) -> Response:
        if not bearer_ok(req):
            return _error(401, "Incorrect API key provided.", code="invalid_api_key")
        try:
            body = req.json()
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.")
        model = str(body.get("model") or "")
        if not model or not known_model(model):
            return _error(404, f"The model `{model}` does not exist or you do not have access to it.",
                          code="model_not_found")
        return answer(model, body, azure=False)

    def azure_chat(req: Request) -> Response:
        if not req.arg("api-version"):
            return _error(404, "Resource not found")
        keys = {getattr(s, "azure_key", None)} - {None}
        if keys and header(req, "api-key") not in keys:
            return Response.json({"error": {"code": "401", "message": "Access denied due to invalid "
                                            "subscription key or wrong API endpoint."}}, 401)
        assert req.match is not None
        deployment = req.match.group(1)
        deployments = getattr(s, "deployments", None)
        model = deployment
        if deployments is not None:
            with s.lock:
                dep = deployments.get(deployment)
            if dep is None:
                return Response.json({"error": {"code": "DeploymentNotFound", "message": "The API deployment "
                                                "for this resource does not exist."}}, 404)
            # Azure answers with the underlying model's name, not the deployment's
            model = ((dep.get("properties") or {}).get("model") or {}).get("name") or deployment
        try:
            body = req.json()
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.")
        return answer(model, body, azure=True)

    server.route("POST", r"/v1/chat/completions")(openai_chat)
    server.route("POST", r"/openai/deployments/([^/]+)/chat/completions")(azure_chat)


class CompatServer(TestServer):
    """An OpenAI-compatible chat server (vLLM, llama.cpp server, Ollama): /v1/chat/completions and /v1/models,
    any model name it lists, a key only when given one."""

    def __init__(self, key: str | None = None, models: tuple[str, ...] = ("llama-3.2-1b-instruct",)) -> None:
        super().__init__()
        self.api_key = key
        self.chat_models = set(models)
        self.route("GET", r"/v1/models")(self._models)
        install_chat_routes(self)

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def _models(self, req: Request) -> Response:
        return Response.json({"object": "list", "data": [{"id": m, "object": "model", "owned_by": "me"}
                                                         for m in sorted(self.chat_models)]})
