"""Shared fixtures. Every test gets its own FTTOOL_HOME and an in-memory keyring; none may leave a thread
or a child process running (the `no_leaks` fixture fails it)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.support.keyrings.MemoryKeyring"
os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_OFFLINE"] = "0"
for _var in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "OPENAI_BASE_URL", "HF_TOKEN",
             "HF_ENDPOINT", "OPENAI_API_VERSION", "FTTOOL_NOW", "AZURE_MANAGEMENT_TOKEN", "TOGETHER_API_KEY",
             "TOGETHER_BASE_URL", "TOGETHER_PROJECT_ID"):
    os.environ.pop(_var, None)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def fttool_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "fttool-home"
    home.mkdir()
    monkeypatch.setenv("FTTOOL_HOME", str(home))
    from tests.support.keyrings import MemoryKeyring

    MemoryKeyring.store.clear()
    return home


@pytest.fixture(autouse=True)
def no_leaks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a thread or a child process running (after napari's fixture)."""
    from tests.support.leaks import child_pids, wait_for_leaks

    threads_before = set(threading.enumerate())
    children_before = child_pids()
    yield
    if request.node.get_closest_marker("allow_leaks"):
        return
    threads, children = wait_for_leaks(threads_before, children_before)
    problems = []
    if threads:
        problems.append("threads still running: " + ", ".join(t.name for t in threads))
    if children:
        problems.append(f"child processes still running: {sorted(children)}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A keyring shared with subprocesses (CLI runs) of this test, in its temp dir."""
    path = tmp_path / "test-keyring.json"
    import keyring

    from tests.support.keyrings import FileKeyring

    previous = keyring.get_keyring()  # before the env var below, else the first load is a FileKeyring
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.keyrings.FileKeyring")
    monkeypatch.setenv("FTTOOL_TEST_KEYRING_FILE", str(path))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)


@pytest.fixture
def openai_server() -> Iterator:
    from tests.servers.openai_server import OpenAIServer

    with OpenAIServer() as server:
        yield server


@pytest.fixture
def together_server() -> Iterator:
    from tests.servers.together_server import TogetherServer

    with TogetherServer() as server:
        yield server


@pytest.fixture
def hub_server() -> Iterator:
    from tests.servers.hub_server import HubServer

    with HubServer() as server:
        yield server


@pytest.fixture
def service() -> Iterator:
    """A started job service on this test's store, stopped afterwards."""
    from fttool.jobs.service import JobService

    svc = JobService(poll_interval=0.05, lease_ttl=2.0, max_backoff=0.2).start()
    yield svc
    svc.stop()



@pytest.fixture
def compat_server() -> Iterator:
    """An OpenAI-compatible chat server (vLLM / llama.cpp / Ollama kind) with no key unless a test sets one."""
    from tests.servers.chat_routes import CompatServer

    with CompatServer() as server:
        yield server


@pytest.fixture
def stop_resource_tracker() -> Iterator[None]:
    """For tests that start worker processes with the spawn method: Python then starts its multiprocessing
    resource tracker, a helper process that lives as long as the parent. Stop it after the test so `no_leaks`
    sees only real leaks (the workers themselves must be gone by then)."""
    yield
    import multiprocessing.resource_tracker as rt

    stop = getattr(rt._resource_tracker, "_stop", None)
    if stop is not None:
        stop()
