"""Our OpenAI and Azure OpenAI test server: the real HTTP API's paths, JSON shapes and status codes.

This file starts with what the foundation needs (auth and the models list, on both OpenAI's `/v1/...` and
Azure's `/openai/...?api-version=` paths); the cloud training issue grows it (files, fine_tuning jobs, events,
checkpoints, chat completions, deployments)."""

from __future__ import annotations

import time
from typing import Any

from tests.servers.base import Request, Response, TestServer

MODELS = ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "gpt-3.5-turbo-0125"]


def error(status: int, message: str, type_: str = "invalid_request_error", code: str | None = None) -> Response:
    return Response.json({"error": {"message": message, "type": type_, "param": None, "code": code}}, status)


class OpenAIServer(TestServer):
    def __init__(self, api_key: str = "sk-test-123456789", azure_key: str = "azure-test-key-123") -> None:
        super().__init__()
        self.api_key = api_key
        self.azure_key = azure_key
        self.models: list[dict[str, Any]] = [
            {"id": m, "object": "model", "created": int(time.time()), "owned_by": "system"} for m in MODELS
        ]
        self.route("GET", r"/v1/models")(self.list_models)
        self.route("GET", r"/openai/models")(self.azure_list_models)
        try:  # chat completions live in their own module (the playground's)
            from tests.servers.chat_routes import install_chat_routes
        except ImportError:
            pass
        else:
            install_chat_routes(self)

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def check_openai_auth(self, req: Request) -> Response | None:
        if req.headers.get("Authorization") != f"Bearer {self.api_key}":
            return error(401, "Incorrect API key provided.", code="invalid_api_key")
        return None

    def check_azure_auth(self, req: Request) -> Response | None:
        if not req.arg("api-version"):
            return error(404, "Resource not found")
        if req.headers.get("api-key") != self.azure_key:
            return Response.json({"error": {"code": "401", "message": "Access denied due to invalid "
                                            "subscription key or wrong API endpoint."}}, 401)
        return None

    def list_models(self, req: Request) -> Response:
        return self.check_openai_auth(req) or Response.json({"object": "list", "data": self.models})

    def azure_list_models(self, req: Request) -> Response:
        return self.check_azure_auth(req) or Response.json({"object": "list", "data": self.models})
