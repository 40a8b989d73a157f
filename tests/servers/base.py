"""A small HTTP test server on 127.0.0.1 (port 0) that the real clients talk to.

Routes are (method, regex) -> handler(request) -> Response. Faults are injected on demand:
`server.fault(r"/v1/models", status=429, headers={"Retry-After": "1"}, times=2)` answers the next two
matching requests with that status; `delay=` holds a response (for client timeouts); `drop=True` closes the
connection without answering. Every request is recorded in `server.requests`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    match: re.Match[str] | None = None

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def arg(self, name: str, default: str | None = None) -> str | None:
        return self.query.get(name, [default])[0]


@dataclass
class Response:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, obj: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        return cls(status, json.dumps(obj).encode(), {"Content-Type": "application/json", **(headers or {})})


@dataclass
class Fault:
    pattern: re.Pattern[str]
    method: str | None
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    times: int = 1
    delay: float = 0.0
    drop: bool = False


Handler = Callable[[Request], Response]


class TestServer:
    __test__ = False  # not a pytest class

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self.lock = threading.RLock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- setup -----------------------------------------------------------------------------------------
    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        def deco(fn: Handler) -> Handler:
            self.routes.append((method.upper(), re.compile(pattern + r"\Z"), fn))
            return fn

        return deco

    def fault(self, pattern: str, *, method: str | None = None, status: int = 500,
              headers: dict[str, str] | None = None, body: Any = None, times: int = 1, delay: float = 0.0,
              drop: bool = False) -> None:
        with self.lock:
            self.faults.append(Fault(re.compile(pattern), method.upper() if method else None, status,
                                     headers or {}, body, times, delay, drop))

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> TestServer:
        server = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = self._read_chunked()
                req = Request(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body)
                with server.lock:
                    server.requests.append(req)
                resp = server.dispatch(req)
                if resp is None:  # dropped
                    self.close_connection = True
                    return
                self.send_response(resp.status)
                for k, v in resp.headers.items():
                    self.send_header(k, v)
                if isinstance(resp.body, (bytes, bytearray)):
                    self.send_header("Content-Length", str(len(resp.body)))
                    self.end_headers()
                    self.wfile.write(resp.body)
                else:  # a stream (server-sent events): close when done
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    try:
                        for chunk in resp.body:
                            self.wfile.write(chunk)
                            self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        pass

            def _read_chunked(self) -> bytes:
                out = b""
                while True:
                    size = int(self.rfile.readline().strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return out
                    out += self.rfile.read(size)
                    self.rfile.readline()

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="test-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            assert self._thread is not None
            self._thread.join(5)
            self._httpd = None

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- dispatch --------------------------------------------------------------------------------------
    def dispatch(self, req: Request) -> Response | None:
        with self.lock:
            for f in self.faults:
                if f.times > 0 and f.pattern.search(req.path) and (f.method is None or f.method == req.method):
                    f.times -= 1
                    fault = f
                    break
            else:
                fault = None
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.drop:
                return None
            if fault.status:
                body = fault.body if fault.body is not None else {"error": {"message": f"injected {fault.status}",
                                                                            "type": "server_error"}}
                return Response.json(body, fault.status, fault.headers)
        for method, pattern, handler in self.routes:
            m = pattern.match(req.path)
            if m and method == req.method:
                req.match = m
                try:
                    return handler(req)
                except Exception as exc:  # a bug in a test server shows as a 500 with the reason
                    return Response.json({"error": {"message": f"test server error: {exc!r}"}}, 500)
        return Response.json({"error": {"message": f"no route {req.method} {req.path}", "type": "invalid_request_error"}},
                             404)

    def count(self, method: str, pattern: str) -> int:
        rx = re.compile(pattern)
        with self.lock:
            return sum(1 for r in self.requests if r.method == method.upper() and rx.search(r.path))
