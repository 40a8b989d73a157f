"""Import a dataset from the Hugging Face Hub: list its configs, splits and files with their sizes, then download
one file (progress, cancel, atomic) and read it with formats.read_examples.

Everything goes through `huggingface_hub` against HF_ENDPOINT (read at call time, so tests can point it at a
server of ours); the token comes from fttool.credentials ("hf": keyring or HF_TOKEN)."""

from __future__ import annotations

import fnmatch
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.datasets import codes  # noqa: F401  (registers the messages)
from fttool.errors import Cancelled, ConnectionProblem, FtError, InputError

DATA_EXTENSIONS = (".parquet", ".jsonl", ".json", ".csv", ".tsv", ".ndjson")
_SPLIT_RX = re.compile(r"(?:^|[/_.-])(train|training|validation|valid|val|dev|test|testing|eval)(?:[/_.-]|$)", re.I)
_SPLIT_NAMES = {"training": "train", "valid": "validation", "val": "validation", "dev": "validation",
                "testing": "test", "eval": "validation"}
ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


@dataclass
class HubFile:
    path: str
    size: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size}


@dataclass
class HubDataset:
    repo_id: str
    sha: str | None
    files: list[HubFile] = field(default_factory=list)
    configs: dict[str, dict[str, list[HubFile]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"repo_id": self.repo_id, "sha": self.sha, "files": [f.to_dict() for f in self.files],
                "configs": {c: {s: [f.to_dict() for f in fs] for s, fs in splits.items()}
                            for c, splits in self.configs.items()}}

    def split_size(self, config: str, split: str) -> int:
        return sum(f.size or 0 for f in self.configs.get(config, {}).get(split, []))


def endpoint() -> str:
    from huggingface_hub import constants

    return (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")


def _token(token: str | None) -> str | None:
    if token:
        return token
    try:
        from fttool import credentials

        return credentials.get("hf")
    except Exception:  # no keyring: anonymous access to public datasets still works
        return os.environ.get("HF_TOKEN")


def _wrap(exc: Exception, repo_id: str, path: str | None = None) -> FtError:
    from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RepositoryNotFoundError

    if isinstance(exc, EntryNotFoundError):
        return FtError("hub_file_not_found", repo_id=repo_id, path=path or "")
    if isinstance(exc, RepositoryNotFoundError):
        return FtError("hub_not_found", repo_id=repo_id)
    if isinstance(exc, HfHubHTTPError):
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status == 404:
            return FtError("hub_file_not_found" if path else "hub_not_found", repo_id=repo_id, path=path or "")
        if status in (401, 403):
            return FtError("bad_key", provider="Hugging Face", status=status)
        if status == 429:
            return ConnectionProblem("rate_limited", provider="Hugging Face", retry_after="a minute")
        return ConnectionProblem("server_error", provider="Hugging Face", status=status)
    return ConnectionProblem("unreachable", provider="Hugging Face", url=endpoint(), detail=str(exc)[:200])


def _data_file(path: str) -> bool:
    name = path.lower()
    return name.endswith(DATA_EXTENSIONS) and not name.split("/")[-1].startswith(".")


def _split_of(path: str) -> str:
    matches = list(_SPLIT_RX.finditer(path.lower()))
    if not matches:
        return "train"
    word = matches[-1].group(1).lower()  # the file name wins over folder names
    return _SPLIT_NAMES.get(word, word)


def _configs_from_card(card: Any, files: list[HubFile]) -> dict[str, dict[str, list[HubFile]]]:
    configs = None
    if card is not None:
        configs = card.get("configs") if hasattr(card, "get") else getattr(card, "configs", None)
    out: dict[str, dict[str, list[HubFile]]] = {}
    if not isinstance(configs, list):
        return out
    for c in configs:
        if not isinstance(c, dict):
            continue
        name = str(c.get("config_name") or "default")
        data_files = c.get("data_files")
        entries: list[tuple[str, list[str]]] = []
        if isinstance(data_files, str):
            entries = [("train", [data_files])]
        elif isinstance(data_files, list):
            for d in data_files:
                if isinstance(d, dict):
                    pats = d.get("path")
                    entries.append((str(d.get("split") or "train"), pats if isinstance(pats, list) else [str(pats)]))
                else:
                    entries.append(("train", [str(d)]))
        elif isinstance(data_files, dict):
            entries = [(k, v if isinstance(v, list) else [str(v)]) for k, v in data_files.items()]
        splits: dict[str, list[HubFile]] = {}
        for split, patterns in entries:
            matched = [f for f in files if any(fnmatch.fnmatch(f.path, p) for p in patterns)]
            splits.setdefault(split, []).extend(matched)
        out[name] = splits
    return out


def _configs_from_layout(files: list[HubFile]) -> dict[str, dict[str, list[HubFile]]]:
    """Configs and splits from the usual layouts: data/train-*.parquet, <config>/<split>-*.parquet, train.jsonl."""
    out: dict[str, dict[str, list[HubFile]]] = {}
    for f in files:
        parts = f.path.split("/")
        config = "default"
        if len(parts) >= 2 and parts[0] not in ("data",) and not _SPLIT_RX.search("/" + parts[0] + "/"):
            config = parts[0]
        out.setdefault(config, {}).setdefault(_split_of(f.path), []).append(f)
    return out


def list_dataset(repo_id: str, revision: str | None = None, token: str | None = None) -> HubDataset:
    """The data files of a Hub dataset with their sizes, grouped by config and split (the card's `configs` when it
    has them, else the file layout)."""
    from huggingface_hub import HfApi

    api = HfApi(endpoint=endpoint(), token=_token(token))
    try:
        info = api.dataset_info(repo_id, revision=revision, files_metadata=True)
    except Exception as exc:
        raise _wrap(exc, repo_id) from exc
    files = [HubFile(s.rfilename, s.lfs.size if s.lfs else s.size) for s in (info.siblings or [])
             if _data_file(s.rfilename)]
    configs = _configs_from_card(info.card_data, files) or _configs_from_layout(files)
    return HubDataset(repo_id=repo_id, sha=info.sha, files=files, configs=configs)


def download(repo_id: str, path: str, dest_dir: str | os.PathLike[str], *, revision: str | None = None,
             token: str | None = None, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
             expected_size: int | None = None, retries: int = 3) -> Path:
    """Download one file of a dataset into dest_dir (its base name only: nothing lands outside the folder).
    Streams to a temp file, checks the size, then renames; a cancel or an error leaves nothing behind."""
    from huggingface_hub import hf_hub_url
    from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

    name = Path(path).name
    if not name or name in (".", ".."):
        raise InputError("unreadable_file", path=path, reason="not a file name")
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / name
    url = hf_hub_url(repo_id, path, repo_type="dataset", revision=revision, endpoint=endpoint())
    headers = build_hf_headers(token=_token(token))
    attempt = 0
    while True:
        attempt += 1
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=dest)
        try:
            with os.fdopen(fd, "wb") as out:
                try:
                    with get_session().stream("GET", url, headers=headers, follow_redirects=True,
                                              timeout=60) as r:
                        if r.status_code in (429, 500, 502, 503, 504) and attempt < retries:
                            raise _Retry(r.headers.get("Retry-After"))
                        hf_raise_for_status(r)
                        total = int(r.headers.get("Content-Length") or 0) or (expected_size or 0)
                        done = 0
                        for chunk in r.iter_bytes(1 << 16):
                            if cancel is not None and cancel():
                                raise Cancelled()
                            out.write(chunk)
                            done += len(chunk)
                            if progress:
                                progress(done, total, "downloading")
                except (Cancelled, _Retry):
                    raise
                except Exception as exc:
                    if _is_transient(exc) and attempt < retries:
                        raise _Retry(None) from exc
                    raise _wrap(exc, repo_id, path) from exc
                out.flush()
                os.fsync(out.fileno())
            if total and done != total:
                raise FtError("hub_size_mismatch", path=path, got=done, expected=total)
            os.replace(tmp, target)
            return target
        except _Retry as r_:
            time.sleep(min(float(r_.after or 0.5 * attempt), 5.0))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


class _Retry(Exception):
    def __init__(self, after: str | None) -> None:
        super().__init__("retry")
        try:
            self.after: float | None = float(after) if after else None
        except ValueError:
            self.after = None


def _is_transient(exc: Exception) -> bool:
    name = type(exc).__name__
    return any(k in name for k in ("Connect", "Timeout", "RemoteProtocol", "ReadError"))


def import_hub(repo_id: str, path: str, dest_dir: str | os.PathLike[str], **kwargs: Any) -> Path:
    """Download a data file; read it with formats.read_examples(result) (format detected from its name)."""
    return download(repo_id, path, dest_dir, **kwargs)
