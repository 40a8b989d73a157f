"""'Test connection' reasons in plain words, through the real clients against our servers."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

from fttool import credentials, settings
from fttool.connection import check_connection
from tests.servers.openai_server import OpenAIServer
from tests.support.tls import self_signed


def run(provider: str, timeout: float = 5.0) -> dict:
    return asyncio.run(check_connection(provider, timeout=timeout))


def test_ok_bad_key_rate_limit_and_server_error(openai_server: OpenAIServer) -> None:
    settings.update({"openai_base_url": openai_server.base_url})
    r = run("openai")
    assert r["ok"] is False and r["code"] == "missing_secret"
    credentials.set_secret("openai", openai_server.api_key)
    r = run("openai")
    assert r["ok"] and r["code"] == "connection_ok" and "3 models" in r["message"]
    openai_server.fault(r"/v1/models", status=429, headers={"Retry-After": "12"})
    r = run("openai")
    assert r["code"] == "rate_limited" and "12 s" in r["message"]
    openai_server.fault(r"/v1/models", status=503)
    assert run("openai")["code"] == "server_error"
    credentials.set_secret("openai", "sk-wrong-0000000000")
    r = run("openai")
    assert r["code"] == "bad_key" and "401" in r["message"]
    assert "sk-wrong-0000000000" not in r["message"] + r["details"]


def test_unreachable_and_timeout(openai_server: OpenAIServer) -> None:
    credentials.set_secret("openai", openai_server.api_key)
    settings.update({"openai_base_url": "http://127.0.0.1:9/v1"})
    r = run("openai")
    assert r["code"] == "unreachable" and "127.0.0.1:9" in r["message"]
    settings.update({"openai_base_url": openai_server.base_url})
    openai_server.fault(r"/v1/models", delay=2.0, status=200)
    r = run("openai", timeout=0.5)
    assert r["code"] == "timeout"


def test_tls_failure_is_named(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server = OpenAIServer()
    server.start()
    assert server._httpd is not None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server._httpd.socket = ctx.wrap_socket(server._httpd.socket, server_side=True)
    try:
        credentials.set_secret("openai", server.api_key)
        settings.update({"openai_base_url": server.url.replace("http://", "https://") + "/v1"})
        r = run("openai")
        assert r["ok"] is False and r["code"] == "tls_error", r
        assert "secure connection" in r["message"]
    finally:
        server.stop()


def test_azure_and_hf(openai_server: OpenAIServer, hub_server) -> None:
    r = run("azure")
    assert r["code"] == "missing_setting"
    credentials.set_secret("azure-endpoint", openai_server.url)
    credentials.set_secret("azure", "wrong-azure-key-000")
    assert run("azure")["code"] == "bad_key"
    credentials.set_secret("azure", openai_server.azure_key)
    assert run("azure")["ok"]
    settings.update({"hf_endpoint": hub_server.url})
    credentials.set_secret("hf", hub_server.token)
    r = run("hf")
    assert r["ok"] and "ada" in r["message"]
    hub_server.fault(r"/api/whoami-v2", status=429, headers={"Retry-After": "3"})
    assert run("hf")["code"] == "rate_limited"


def test_hf_names_every_failure_instead_of_raising(hub_server, tmp_path: Path) -> None:
    """huggingface_hub 2.x raises httpx2 errors: each is a reason in words, never an uncaught exception."""
    credentials.set_secret("hf", hub_server.token)
    settings.update({"hf_endpoint": "http://127.0.0.1:9"})
    r = run("hf")
    assert r["code"] == "unreachable" and "127.0.0.1:9" in r["message"], r
    settings.update({"hf_endpoint": hub_server.url})
    hub_server.fault(r"/api/whoami-v2", status=429, headers={"Retry-After": "7"})
    r = run("hf")
    assert r["code"] == "rate_limited" and "7 s" in r["message"], r
    hub_server.fault(r"/api/whoami-v2", status=502)
    assert run("hf")["code"] == "server_error"
    hub_server.fault(r"/api/whoami-v2", delay=2.0, status=200)
    assert run("hf", timeout=0.5)["code"] == "timeout"
    settings.update({"hf_endpoint": hub_server.url.replace("http://", "https://")})  # TLS to a plain server
    r = run("hf")
    assert r["code"] == "tls_error", r


def test_cli_auth_test_json_status_for_each_provider(openai_server: OpenAIServer, hub_server,
                                                    file_keyring: Path, tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    def cli(name: str, **env: str) -> tuple[int, dict]:
        r = subprocess.run([sys.executable, "-m", "fttool.cli", "auth", "test", name, "--json", "--timeout", "3"],
                           capture_output=True, text=True, timeout=60, env={**os.environ, **env})
        return r.returncode, json.loads(r.stdout)

    credentials.set_secret("openai", openai_server.api_key)
    credentials.set_secret("hf", hub_server.token)
    code, out = cli("openai", OPENAI_BASE_URL=openai_server.base_url)
    assert code == 0 and out["status"] == "ok", out
    code, out = cli("openai", OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    assert code == 1 and out["status"] == "unreachable", out
    code, out = cli("hf", HF_ENDPOINT="http://127.0.0.1:9")
    assert code == 1 and out["status"] == "unreachable", out
    code, out = cli("hf", HF_ENDPOINT=hub_server.url, HF_TOKEN="hf_wrong_token_000000")
    assert code == 1 and out["status"] == "bad_key" and "hf_wrong_token" not in json.dumps(out), out
    code, out = cli("azure")
    assert code == 1 and out["status"] == "unreachable" and out["code"] == "missing_setting", out
