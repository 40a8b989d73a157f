"""Hub dataset routes for our Hugging Face test server: dataset info with file sizes and card configs, and file
downloads (`/datasets/{repo}/resolve/{revision}/{path}`), the two calls fttool.datasets.hub makes through
huggingface_hub. Subclasses the Hub engineer's HubServer (whoami and the rest stay theirs)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

from tests.servers.base import Request, Response
from tests.servers.hub_server import HubServer


class HubDatasetServer(HubServer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.datasets: dict[str, dict[str, Any]] = {}
        self.slow_chunk_delay = 0.0  # seconds between 64 KB chunks of a download (cancel tests)
        self.route("GET", r"/api/datasets/(?P<repo>[^/]+/[^/]+)(?:/revision/(?P<rev>[^/]+))?")(self.info)
        self.route("GET", r"/datasets/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)")(self.resolve)
        self.route("HEAD", r"/datasets/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)")(self.resolve)

    def add_dataset(self, repo_id: str, files: dict[str, bytes], card: dict[str, Any] | None = None,
                    private: bool = False) -> None:
        self.datasets[repo_id] = {"files": dict(files), "card": card, "private": private}

    def _lookup(self, req: Request) -> dict[str, Any] | None:
        assert req.match is not None
        ds = self.datasets.get(req.match["repo"])
        if ds is None or (ds["private"] and not self.authorized(req)):
            return None
        return ds

    def info(self, req: Request) -> Response:
        ds = self._lookup(req)
        if ds is None:
            return Response.json({"error": "Repository not found"}, 404,
                                 {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"})
        assert req.match is not None
        siblings = [{"rfilename": name, "size": len(data), "blobId": hashlib.sha1(data).hexdigest()}
                    for name, data in sorted(ds["files"].items())]
        body: dict[str, Any] = {"id": req.match["repo"], "sha": "0" * 40, "private": ds["private"],
                                "siblings": siblings, "tags": []}
        if ds["card"] is not None:
            body["cardData"] = ds["card"]
        return Response.json(body)

    def resolve(self, req: Request) -> Response:
        ds = self._lookup(req)
        if ds is None:
            return Response.json({"error": "Repository not found"}, 404, {"X-Error-Code": "RepoNotFound"})
        assert req.match is not None
        data = ds["files"].get(req.match["path"])
        if data is None:
            return Response.json({"error": "Entry not found"}, 404,
                                 {"X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found"})
        headers = {"Content-Type": "application/octet-stream", "ETag": f'"{hashlib.sha1(data).hexdigest()}"',
                   "X-Repo-Commit": "0" * 40}
        if req.method == "HEAD":
            return Response(200, b"", {**headers, "X-Linked-Size": str(len(data))})
        if self.slow_chunk_delay:
            delay = self.slow_chunk_delay

            def chunks() -> Iterator[bytes]:
                for i in range(0, len(data), 1 << 16):
                    time.sleep(delay)
                    yield data[i:i + (1 << 16)]

            return Response(200, chunks(), headers)
        return Response(200, data, headers)
