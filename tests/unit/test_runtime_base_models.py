"""Base models: the files chosen for training, a download from our Hub test server into a cache (progress,
cancel, resume by the hub client), a gated model's licence step explained, an unknown model named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fttool.errors import Cancelled, FtError
from fttool.runtime import base_models as models


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

    commands.register_commands(service)
    events: list[Any] = []
    unsub = service.subscribe(events.append)
    try:
        st = service.call("runtime_status")
        assert "installed" in st and st["plan"]["device"] in ("cpu", "cuda") and st["plan"]["disk_mb"] > 0
        assert set(st["engines"]) == {"trl", "autotrain"} and st["engine"] == "trl"
        assert st["engines"]["autotrain"]["plan"]["disk_mb"] > 0
        out = service.call("local_yaml", params={"epochs": 2}, base_model="/m")
        assert out["engine"] == "trl" and "auto chose TRL" in out["engine_reason"]
        assert "num_train_epochs: 2" in out["yaml"] and "trl sft --config job.yaml" in out["command"]
        assert out["problems"] == []
        out = service.call("local_yaml", params={"epochs": 2, "engine": "autotrain"}, base_model="/m")
        assert "epochs: 2" in out["yaml"] and "--config job.yml" in out["command"] and out["problems"] == []
        assert service.call("base_models")["models"]
        assert service.call("task_cancel", task="nothing") is False  # the one cancel protocol
    finally:
        unsub()


def test_hub_search_says_which_engine_loads_each_model(hub: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Any model on the Hub: its architecture from its config, and per engine whether that runtime's transformers
    knows it (✔/✘), or that the runtime is not installed yet (unknown)."""
    from tests.servers.base import Response
    from tests.unit.test_trl_engine import fake_runtime

    seen: list[dict[str, list[str]]] = []

    def search(req: Any) -> Response:
        seen.append(req.query)
        return Response.json([
            {"id": "Qwen/Qwen3-0.6B", "config": {"model_type": "qwen3"}, "gated": False, "downloads": 9,
             "safetensors": {"total": 751_632_384, "parameters": {"BF16": 751_632_384}}},
            {"id": "meta-llama/Llama-3.2-1B-Instruct", "config": {"model_type": "llama"}, "gated": "manual",
             "downloads": 7},
            {"id": "someone/odd", "downloads": 1}])

    hub.route("GET", r"/api/models")(search)
    root = tmp_path / "runtimes"
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(root))
    fake_runtime(root, "trl", ["llama", "qwen3"], "5.25.0")
    found = {m["id"]: m for m in models.search_models("qwen")}
    assert seen[0]["search"] == ["qwen"] and "config" in seen[0].get("expand", seen[0].get("expand[]", []))
    assert found["Qwen/Qwen3-0.6B"]["engines"] == {"trl": True, "autotrain": None}  # AutoTrain's: not installed
    assert found["Qwen/Qwen3-0.6B"]["params_m"] == 752 and found["Qwen/Qwen3-0.6B"]["architecture"] == "qwen3"
    assert found["meta-llama/Llama-3.2-1B-Instruct"]["gated"] is True
    fake_runtime(root, "autotrain", ["llama", "qwen2"], "4.48.0")
    found = {m["id"]: m for m in models.search_models("qwen")}
    assert found["Qwen/Qwen3-0.6B"]["engines"] == {"trl": True, "autotrain": False}
    assert found["meta-llama/Llama-3.2-1B-Instruct"]["engines"] == {"trl": True, "autotrain": True}
    assert found["someone/odd"]["architecture"] is None and found["someone/odd"]["engines"]["trl"] is None
    hub.fault(r"/api/models", status=400, times=1)
    with pytest.raises(FtError) as err:
        models.search_models("qwen")
    assert err.value.code == "model_search_failed"
