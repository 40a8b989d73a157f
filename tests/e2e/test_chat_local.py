"""Chat with a model trained here: the tiny Llama (and a LoRA adapter on it) served by
resources/local_chat_server.py in the AutoTrain runtime's Python, on 127.0.0.1 with a fresh token."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tiny_model import build_tiny_model

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX process checks")]

MAKE_ADAPTER = r'''
import sys
from transformers import AutoModelForCausalLM
from peft import LoraConfig, get_peft_model
import torch
torch.manual_seed(1)
model = AutoModelForCausalLM.from_pretrained(sys.argv[1])
peft = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"))
for name, p in peft.named_parameters():
    if "lora_B" in name:
        torch.nn.init.normal_(p, std=0.5)
peft.save_pretrained(sys.argv[2])
'''


@pytest.fixture(scope="session")
def runtime() -> Iterator[Path]:
    """The runtime, installed by fttool's own installer into .cache/runtime once and reused."""
    from fttool.runtime import install

    previous = os.environ.get("FTTOOL_RUNTIME_DIR")
    os.environ["FTTOOL_RUNTIME_DIR"] = previous or str(ROOT / ".cache" / "runtime")
    try:
        st = install.status(engine="autotrain")
        if not st["installed"]:
            st = install.install("cpu", engine="autotrain")
        yield Path(st["path"])
    finally:
        if previous is None:
            os.environ.pop("FTTOOL_RUNTIME_DIR", None)


@pytest.fixture(scope="session")
def tiny(runtime: Path) -> tuple[Path, Path]:
    from fttool.runtime import env

    folder = ROOT / ".cache" / "tiny-llama"
    build_tiny_model(folder, env.venv_python(runtime))
    adapter = ROOT / ".cache" / "tiny-llama-lora"
    if not (adapter / "adapter_config.json").exists():
        subprocess.run([str(env.venv_python(runtime)), "-c", MAKE_ADAPTER, str(folder), str(adapter)], check=True,
                       capture_output=True, timeout=300)
    return folder, adapter


@pytest.fixture(autouse=True)
def runtime_dir(runtime: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(runtime.parent))


def test_local_model_with_adapter_streams_behind_a_token(tiny):
    import httpx2

    from fttool.chat.client import ChatClient, Sampling, Target
    from fttool.chat.local import LocalModelServer

    base, adapter = tiny
    msgs = [{"role": "system", "content": "You name colours."}, {"role": "user", "content": "What colour is the sky?"}]

    async def scenario() -> dict:
        out: dict = {}
        for name, target in (("base", Target("local", str(base))), ("tuned", Target("local", str(adapter)))):
            server = LocalModelServer(target.model, target.adapter)
            client = ChatClient(target, local_server=server)
            try:
                pieces: list[str] = []
                streamed = await client.send(msgs, Sampling(temperature=0, max_tokens=8), on_delta=pieces.append)
                whole = await client.send(msgs, Sampling(temperature=0, max_tokens=8))
                assert server.base_url and server.base_url.startswith("http://127.0.0.1:")
                async with httpx2.AsyncClient() as http:
                    no_token = await http.post(server.base_url + "/chat/completions", json={"messages": msgs})
                    wrong = await http.post(server.base_url + "/chat/completions", json={"messages": msgs},
                                            headers={"Authorization": "Bearer " + "x" * 43})
                out[name] = {"streamed": streamed, "whole": whole, "pieces": pieces, "statuses":
                             (no_token.status_code, wrong.status_code), "closes":
                             (no_token.headers.get("connection"), wrong.headers.get("connection")), "token": server.token,
                             "adapter": server.adapter, "pid": server.proc.pid if server.proc else None}
            finally:
                await client.aclose()
            out[name]["running_after_close"] = server.running
        return out

    out = asyncio.run(scenario())
    for name in ("base", "tuned"):
        r = out[name]
        assert r["statuses"] == (401, 401)
        assert r["closes"] == ("close", "close")  # the body is never read, so the client must not reuse it
        assert r["streamed"].completion_tokens == 8 and r["streamed"].prompt_tokens > 10
        assert "".join(r["pieces"]) == r["streamed"].text
        assert r["streamed"].text == r["whole"].text  # greedy decoding: the same answer both ways
        assert r["running_after_close"] is False
    assert out["tuned"]["adapter"] == str(adapter)
    assert out["base"]["token"] != out["tuned"]["token"]  # a fresh token at each launch
    assert out["base"]["streamed"].text != out["tuned"]["streamed"].text  # the adapter changes the model


LAUNCHER = r'''
import os, subprocess, sys, time
p = subprocess.Popen(sys.argv[1:] + ["--parent-pid", str(os.getpid())], stdout=subprocess.PIPE)
print(p.pid, flush=True)
print(p.stdout.readline().decode().strip(), flush=True)
time.sleep(120)
'''


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_server_ends_when_its_parent_is_gone(tiny, runtime):
    """A server left behind by a crashed app ends by itself."""
    from fttool.resources import resource
    from fttool.runtime import env
    from fttool.runtime.install import runtime_env

    base, _ = tiny
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(env.venv_python(runtime)),
                                 str(resource("local_chat_server.py")), "--model", str(base)],
                                env={**runtime_env(runtime), "FTTOOL_LOCAL_TOKEN": "t" * 32}, stdout=subprocess.PIPE)
    try:
        assert launcher.stdout is not None
        server_pid = int(launcher.stdout.readline())
        assert '"ready": true' in launcher.stdout.readline().decode()
        assert _alive(server_pid)
        launcher.kill()  # the app crashes
        launcher.wait(10)
        deadline = time.monotonic() + 10
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(server_pid)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
        if launcher.stdout is not None:
            launcher.stdout.close()


def test_refuses_to_start_without_a_token(tiny, runtime):
    from fttool.resources import resource
    from fttool.runtime import env
    from fttool.runtime.install import runtime_env

    base, _ = tiny
    out = subprocess.run([str(env.venv_python(runtime)), str(resource("local_chat_server.py")), "--model", str(base)],
                         env=runtime_env(runtime), capture_output=True, timeout=60)
    assert out.returncode == 2 and b"no token" in out.stdout


def test_eval_cli_on_base_and_adapter(tiny, tmp_path):
    import json

    from tests.support.cli import run_cli
    from tests.support.tiny_model import write_chats

    base, adapter = tiny
    data = write_chats(tmp_path / "held.jsonl", 3)
    r = run_cli("eval", "--data", str(data), "--backend", "local", "--model", str(base), "--model", str(adapter),
                "--max-tokens", "6", "--json", timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["models"][str(base)]["n"] == 3 and out["models"][str(adapter)]["n"] == 3
    assert out["models"][str(base)]["cost_usd"] is None and out["gain"]["n"] == 3


def test_an_unauthenticated_body_is_never_read_and_a_huge_one_is_refused(tiny):
    """The token is checked before the body: a request claiming 380 MiB without the token gets its 401 at once (the
    body is never sent, let alone read); with the token, a body over the cap gets 413."""
    import socket

    from fttool.chat.local import LocalModelServer

    base, _adapter = tiny
    server = LocalModelServer(str(base))
    server.start_blocking()
    try:
        assert server.base_url is not None
        port = int(server.base_url.split(":")[2].split("/")[0])

        def ask(headers: str) -> bytes:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n").encode())
                t0 = time.monotonic()
                data = s.recv(4096)
                assert time.monotonic() - t0 < 5  # answered without waiting for a body that never comes
                return data

        no_token = ask("Content-Length: 398458880\r\nContent-Type: application/json\r\n")
        assert no_token.startswith(b"HTTP/1.1 401") or no_token.startswith(b"HTTP/1.0 401"), no_token[:80]
        huge = ask(f"Authorization: Bearer {server.token}\r\nContent-Length: 398458880\r\n")
        assert b" 413 " in huge.split(b"\r\n", 1)[0], huge[:80]
        bad = ask(f"Authorization: Bearer {server.token}\r\nContent-Length: lots\r\n")
        assert b" 400 " in bad.split(b"\r\n", 1)[0]
    finally:
        server.stop_blocking()
