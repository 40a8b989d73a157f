"""Base models: the files chosen for training, a download from our Hub test server into a cache (progress,
cancel, resume by the hub client), a gated model's licence step explained, an unknown model named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fttool.errors import Cancelled, FtError
from fttool.runtime import models


def test_choose_files_prefers_safetensors() -> None:
    files = [("config.json", 1), ("model.safetensors", 9), ("pytorch_model.bin", 9), ("tokenizer.json", 2),
             ("onnx/model.onnx", 5), ("original/consolidated.pth", 5), ("README.md", 1), ("merges.txt", 1),
             ("model-q4.gguf", 3)]
    assert [n for n, _ in models.choose_files(files)] == ["config.json", "model.safetensors", "tokenizer.json",
                                                          "merges.txt"]
    assert [n for n, _ in models.choose_files([("config.json", 1), ("pytorch_model.bin", 3)])] == [
        "config.json", "pytorch_model.bin"]


@pytest.fixture
def hub(hub_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from tests.servers.hub_server import Repo, StoredFile

    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    import huggingface_hub.constants as c

    monkeypatch.setattr(c, "ENDPOINT", hub_server.url)
    monkeypatch.setattr(c, "HUGGINGFACE_CO_URL_TEMPLATE", hub_server.url + "/{repo_id}/resolve/{revision}/{filename}")
    repo = Repo("model", "org/tiny", False)
    for name, data in {"config.json": b'{"model_type": "llama"}', "model.safetensors": b"x" * 5000,
                       "tokenizer.json": b"{}", "onnx/model.onnx": b"no"}.items():
        repo.files[name] = StoredFile(data, lfs=False)
    hub_server.repos[("model", "org/tiny")] = repo
    return hub_server


def test_download_into_cache_with_progress(hub: Any, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    res = models.download_model("org/tiny", progress=lambda d, t, m: seen.append((d, t, m)),
                                cache_dir=tmp_path / "hub")
    folder = Path(res["path"])
    assert (folder / "config.json").read_bytes() == b'{"model_type": "llama"}'
    assert (folder / "model.safetensors").stat().st_size == 5000 and not (folder / "onnx").exists()
    assert res["files"] == 3 and seen[-1][0] == seen[-1][1] and "done" in seen[-1][2]
    assert str(tmp_path / "hub") in str(folder)  # the shared cache layout (models--org--tiny/snapshots/...)
    with pytest.raises(Cancelled):
        models.download_model("org/tiny", cancel=lambda: True, cache_dir=tmp_path / "hub2")


def test_gated_and_missing_models_explained(hub: Any, tmp_path: Path) -> None:
    hub.fault(r"/api/models/org/gated", status=403, headers={"X-Error-Code": "GatedRepo"},
              times=5)
    with pytest.raises(FtError) as err:
        models.download_model("org/gated", cache_dir=tmp_path)
    assert err.value.code == "model_gated"
    assert "accept its licence" in err.value.message and "fttool auth set hf" in err.value.message
    with pytest.raises(FtError) as err:
        models.download_model("org/nothing-here", cache_dir=tmp_path)
    assert err.value.code == "model_not_found" and "org/nothing-here" in err.value.message


def test_commands_registered_and_report_progress(service: Any) -> None:
    from fttool.runtime import commands

    commands.register(service)
    events: list[Any] = []
    unsub = service.subscribe(events.append)
    try:
        st = service.call("runtime_status")
        assert "installed" in st and st["plan"]["device"] in ("cpu", "cuda") and st["plan"]["disk_mb"] > 0
        out = service.call("local_yaml", params={"epochs": 2}, base_model="/m")
        assert "epochs: 2" in out["yaml"] and "--config job.yml" in out["command"] and out["problems"] == []
        assert service.call("base_models")["models"]
        assert service.call("local_cancel", task="nothing") is False
    finally:
        unsub()
