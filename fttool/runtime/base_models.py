"""Base models for local training: the curated list (resources/base_models.json), which engine can load a model
(its architecture against the architectures each engine's runtime knows), a Hub search that says the same for any
model, and the download of one from the Hugging Face Hub with `huggingface_hub` into its shared cache (so other tools reuse it), with progress, a disk
check first, resume (the hub client continues an interrupted file), cancel between files, and the gated-model
licence step explained."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fttool.errors import Cancelled, ConnectionProblem, FtError
from fttool.messages import register
from fttool.resources import resource

register({
    "model_gated": "{repo} is a gated model: open https://huggingface.co/{repo}, accept its licence with your "
                   "Hugging Face account, then set your token in Settings (or `fttool auth set hf`) and try again.",
    "model_not_found": "No model named {repo} on the Hub (or it is private and your token cannot see it).",
    "model_no_space": "Not enough disk space for {repo}: it needs {need_mb} MB in {path}, {free_mb} MB are free.",
    "model_download_failed": "Downloading {repo} failed: {detail}",
    "model_search_failed": "Searching the Hugging Face Hub failed: {detail}",
})

Progress = Callable[[int, int, str], None]
WANTED = (".json", ".safetensors", ".model", ".txt", ".jinja", ".tiktoken")
SKIP = ("onnx/", "openvino/", "gguf", ".gguf", "original/", "coreml/", "flax_model", "tf_model", "rust_model")


def base_models() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource("base_models.json").read_text(encoding="utf-8"))
    return data


def engine_support(model_type: str | None) -> dict[str, bool | None]:
    """{engine: True (its transformers loads this architecture), False (it does not), None (its runtime is not
    installed, so unknown)}: asked of each runtime (the architectures its own check recorded at install)."""
    from fttool.runtime import install
    from fttool.runtime.engines import ENGINES

    out: dict[str, bool | None] = {}
    for name in ENGINES:
        known = install.model_types(name)
        out[name] = None if known is None or not model_type else model_type in known
    return out


def base_models_with_engines() -> dict[str, Any]:
    """The curated list, each entry with `engines` (engine_support of its architecture)."""
    data = base_models()
    cache: dict[str, dict[str, bool | None]] = {}
    for m in data.get("models", []):
        arch = m.get("architecture")
        if arch not in cache:
            cache[arch] = engine_support(arch)
        m["engines"] = cache[arch]
    return data


def search_models(query: str, *, token: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Text-generation models on the Hub matching `query`, each with its architecture, size, gated flag and which
    engine loads it."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    api = HfApi(token=token or False)
    try:
        found = list(api.list_models(search=query, limit=limit, pipeline_tag="text-generation",
                                     expand=["config", "gated", "safetensors", "downloads", "likes"]))
    except (HfHubHTTPError, OSError, ValueError) as exc:
        raise ConnectionProblem("model_search_failed", detail=str(exc)[:300]) from None
    cache: dict[str | None, dict[str, bool | None]] = {}
    out = []
    for info in found:
        cfg = info.config or {}
        model_type = cfg.get("model_type") if isinstance(cfg, dict) else None
        if model_type not in cache:
            cache[model_type] = engine_support(model_type)
        st = getattr(info, "safetensors", None)
        params = getattr(st, "total", None) if st is not None else None
        out.append({"id": info.id, "architecture": model_type, "params_m": round(params / 1e6) if params else None,
                    "gated": bool(info.gated), "downloads": info.downloads, "engines": cache[model_type]})
    return out


def choose_files(siblings: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The files training needs: config, tokenizer, safetensors weights (pytorch .bin only when there are none)."""
    names = [n for n, _s in siblings]
    has_st = any(n.endswith(".safetensors") for n in names)
    out = []
    for name, size in siblings:
        low = name.lower()
        if any(s in low for s in SKIP):
            continue
        if low.endswith(WANTED) or (not has_st and low.endswith(".bin") and "pytorch_model" in low):
            out.append((name, size))
    return out


def download_model(repo_id: str, *, token: str | None = None, progress: Progress | None = None,
                   cancel: Callable[[], bool] | None = None, revision: str | None = None,
                   cache_dir: Path | str | None = None) -> dict[str, Any]:
    """Download the files of `repo_id` needed for training into the shared Hub cache; returns
    {"path": the snapshot folder, "files": n, "size_mb": n}."""
    from huggingface_hub import HfApi, hf_hub_download
    from huggingface_hub.constants import HF_HUB_CACHE
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError
    from huggingface_hub.utils import disable_progress_bars

    disable_progress_bars()  # our own progress instead
    try:  # a tqdm monitor thread would outlive the download
        from tqdm import std

        std.tqdm.monitor_interval = 0
    except ImportError:
        pass
    api = HfApi(token=token or False)
    try:
        info = api.model_info(repo_id, revision=revision, files_metadata=True)
    except GatedRepoError:
        raise FtError("model_gated", repo=repo_id) from None
    except RepositoryNotFoundError:
        raise FtError("model_not_found", repo=repo_id) from None
    except HfHubHTTPError as exc:
        raise ConnectionProblem("model_download_failed", repo=repo_id, detail=str(exc)[:300]) from None
    siblings = [(s.rfilename, int(s.size or 0)) for s in (info.siblings or [])]
    files = choose_files(siblings)
    total = sum(s for _n, s in files) or 1
    cache = Path(cache_dir or HF_HUB_CACHE)
    cache.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(cache).free
    if free < total + (200 << 20):
        raise FtError("model_no_space", repo=repo_id, need_mb=(total >> 20) + 200, path=str(cache),
                      free_mb=free >> 20)
    done = 0
    path = None
    for name, size in files:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, total, f"{repo_id}: {name}")
        try:
            local = hf_hub_download(repo_id, name, revision=info.sha or revision, token=token or False,
                                    cache_dir=str(cache))
        except GatedRepoError:
            raise FtError("model_gated", repo=repo_id) from None
        except HfHubHTTPError as exc:
            raise ConnectionProblem("model_download_failed", repo=repo_id, detail=str(exc)[:300]) from None
        path = Path(local).parent if "/" not in name else Path(local).parents[len(Path(name).parts) - 1]
        done += size
    if progress is not None:
        progress(total, total, f"{repo_id}: done")
    return {"path": str(path) if path else None, "files": len(files), "size_mb": total >> 20, "repo": repo_id}
