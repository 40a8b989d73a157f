"""Serve a model trained here (base + LoRA adapter) for chat, without the app importing torch.

`LocalModelServer(model, adapter).ensure_started()` launches resources/local_chat_server.py in a managed
training runtime's Python (the TRL runtime's when installed, fttool/runtime) as its own process group: it listens
on 127.0.0.1 on a free port and accepts only a token made fresh at this launch (passed in its environment, never on the command
line). Returns (base_url, token) for an OpenAI client. `stop()` ends the process group; the server also ends
by itself when this process is gone. One server per (model, adapter) is shared by the playground and eval.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import threading
from pathlib import Path
from typing import Any

from fttool.errors import FtError
from fttool.messages import register

register({
    "local_server_failed": "The local model could not be loaded: {detail}",
    "local_server_timeout": "The local model did not load within {seconds} s.",
    "local_no_model": "{path} holds neither a model nor a LoRA adapter.",
})

LOAD_TIMEOUT = 300.0
_servers: dict[tuple[str, str], LocalModelServer] = {}
_registry_lock = threading.Lock()


def resolve_model(model: str, adapter: str | None) -> tuple[str, str | None]:
    """(base model, adapter): a folder with adapter_config.json is an adapter whose base it names; a folder
    with config.json is a full (merged) model."""
    if adapter:
        return model or _adapter_base(Path(adapter)), adapter
    p = Path(model)
    if p.is_dir():
        if (p / "adapter_config.json").is_file():
            return _adapter_base(p), str(p)
        if not (p / "config.json").is_file():
            raise FtError("local_no_model", path=str(p))
    return model, None


def _adapter_base(adapter: Path) -> str:
    try:
        cfg = json.loads((adapter / "adapter_config.json").read_text(encoding="utf-8"))
        return str(cfg["base_model_name_or_path"])
    except (OSError, ValueError, KeyError) as exc:
        raise FtError("local_no_model", path=str(adapter), details=str(exc)) from exc


def runtime_python() -> tuple[Path, dict[str, str]]:
    """The Python that serves local models and the environment its processes get: the TRL runtime's (today's
    transformers loads today's models, and the models AutoTrain's older transformers made), else AutoTrain's."""
    from fttool.runtime import env, install

    for engine in ("trl", "autotrain"):
        if install.status(engine=engine)["installed"]:
            venv = install.require_installed(engine)
            return env.venv_python(venv), install.runtime_env(venv)
    venv = install.require_installed("trl")  # raises runtime_not_installed, naming the TRL runtime
    return env.venv_python(venv), install.runtime_env(venv)


class LocalModelServer:
    def __init__(self, model: str, adapter: str | None = None, *, python: Path | str | None = None,
                 environment: dict[str, str] | None = None, load_timeout: float = LOAD_TIMEOUT) -> None:
        self.model, self.adapter = resolve_model(model, adapter)
        self._python = python
        self._environment = environment
        self.load_timeout = load_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.base_url: str | None = None
        self.token: str | None = None
        self._lock = asyncio.Lock()
        self.log_path: Path | None = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    async def ensure_started(self) -> tuple[str, str]:
        async with self._lock:
            if not self.running or self.base_url is None or self.token is None:
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(None, self.start_blocking)
            assert self.base_url is not None and self.token is not None
            return self.base_url, self.token

    def start_blocking(self) -> None:
        from fttool.paths import logs_dir
        from fttool.resources import resource
        from fttool.runtime.process import popen_new_session

        if self._python is None:
            python, environment = runtime_python()
        else:
            python, environment = Path(self._python), dict(self._environment or {})
        token = secrets.token_urlsafe(32)
        environment = {**environment, "FTTOOL_LOCAL_TOKEN": token, "PYTHONUNBUFFERED": "1"}
        argv = [str(python), str(resource("local_chat_server.py")), "--model", self.model,
                "--name", self.adapter or self.model, "--parent-pid", str(os.getpid())]
        if self.adapter:
            argv += ["--adapter", self.adapter]
        self.log_path = logs_dir() / "local-model-server.log"
        log = open(self.log_path, "ab")  # the child keeps its own handle
        try:
            proc = popen_new_session(argv, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
                                     env=environment)
        finally:
            log.close()
        self.proc = proc
        line = self._read_ready_line(proc)
        try:
            info = json.loads(line)
        except ValueError:
            info = {}
        if not info.get("ready"):
            self.stop_blocking()
            detail = info.get("error") or self._log_tail() or "the server ended before it was ready"
            raise FtError("local_server_failed", detail=detail, details=self._log_tail())
        self.base_url = f"http://127.0.0.1:{int(info['port'])}/v1"
        self.token = token

    def _read_ready_line(self, proc: subprocess.Popen[bytes]) -> str:
        assert proc.stdout is not None
        box: list[bytes] = []
        reader = threading.Thread(target=lambda: box.append(proc.stdout.readline() if proc.stdout else b""),
                                  name="local-server-ready", daemon=True)
        reader.start()
        reader.join(self.load_timeout)
        if reader.is_alive():
            self.stop_blocking()
            reader.join(5)
            raise FtError("local_server_timeout", seconds=int(self.load_timeout))
        return (box[0] if box else b"").decode("utf-8", "replace").strip()

    def _log_tail(self, n: int = 2000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n:] if self.log_path else ""
        except OSError:
            return ""

    def stop_blocking(self) -> None:
        proc, self.proc = self.proc, None
        self.base_url = self.token = None
        if proc is None:
            return
        from fttool.runtime.process import end_process_group

        if proc.poll() is None:
            end_process_group(proc.pid, proc, grace=3.0)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stdout is not None:
            proc.stdout.close()

    async def stop(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.stop_blocking)


def shared_server(model: str, adapter: str | None = None, **kwargs: Any) -> LocalModelServer:
    """The one server for this model and adapter (started on first use)."""
    base, adapter = resolve_model(model, adapter)
    key = (base, adapter or "")
    with _registry_lock:
        if key not in _servers:
            _servers[key] = LocalModelServer(base, adapter, **kwargs)
        return _servers[key]


def stop_all() -> None:
    with _registry_lock:
        servers = list(_servers.values())
        _servers.clear()
    for s in servers:
        s.stop_blocking()
