"""Push a project's data set, or a finished model folder, to a (private by default) Hub repo.

Steps, each reported through `progress(done, total, message)` and checking `cancel()`:
  1. check: read every file once (sha256, git blob sha1) and refuse any file that holds the user's token;
  2. compare with the repo's tree: files whose content is already there are not sent (re-pushing an unchanged
     folder sends nothing and makes no commit);
  3. upload the changed files (bytes counted as the client reads them; cancel stops mid-file) and commit them
     in one commit, so a cancelled push leaves the repo as it was.
A model folder never sends `training_params.json` (AutoTrain writes the token there), logs, TensorBoard runs,
checkpoints or the `autotrain-data` copy; it gets a generated model card (fttool/hub/card.py).

Blocking; run it from the service's executor.
"""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.errors import Cancelled, FtError, InputError, UsageError
from fttool.hub import card
from fttool.hub.client import PROVIDER, api, to_error, token, whoami_name, with_retries
from fttool.messages import register

log = logging.getLogger("fttool.hub")
Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]

register({
    "hub_split_invalid": "The {split} split ({path}) is not valid training data, so nothing was pushed: {problems}",
    "hub_bad_repo_name": "'{name}' is not a valid Hub repo name: use letters, digits, '-', '_' and '.', "
                         "optionally after 'user/' (at most 96 characters).",
    "hub_nothing_to_push": "{path} has nothing fttool can push: a project folder (project.json) or a model "
                           "folder (adapter_config.json or config.json) was expected.",
    "hub_token_in_file": "{path} contains your Hugging Face token, so it was not pushed. Remove the token "
                         "from that file first.",
    "hub_push_done": "Pushed {sent} of {files} files ({size}) to {url}.",
    "hub_push_unchanged": "Nothing to push: all {files} files are already in {url}.",
    "hub_progress_check": "Checking {name}",
    "hub_progress_compare": "Comparing with {repo}",
    "hub_progress_upload": "Uploading to {repo}",
    "hub_progress_commit": "Committing to {repo}",
})

# never pushed from a model folder (AutoTrain's training_params.json holds the token; logs may hold paths)
EXCLUDE = ["training_params.json", "autotrain-data/*", "*.log", "logs/*", "runs/*", "events.out.tfevents.*",
           "checkpoint-*/*", ".git/*", "__pycache__/*", ".env", "*.pyc", ".DS_Store", "job.yml", "job.yaml",
           "*/training_params.json"]
_REPO_RE = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")


@dataclass
class LocalFile:
    path_in_repo: str
    source: Path | bytes
    size: int = 0
    sha256: str = ""
    git_sha1: str = ""


@dataclass
class PushResult:
    repo_id: str
    repo_type: str
    url: str
    files: int
    sent: int  # files sent (changed or new)
    bytes_sent: int
    commit: str | None  # None when nothing changed
    sent_paths: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"repo_id": self.repo_id, "repo_type": self.repo_type, "url": self.url, "files": self.files,
                "sent": self.sent, "bytes_sent": self.bytes_sent, "commit": self.commit,
                "sent_paths": self.sent_paths}


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def check_repo_name(name: str) -> str:
    if not _REPO_RE.match(name) or ".." in name or name.endswith((".git", ".")):
        raise UsageError("hub_bad_repo_name", name=name)
    return name


def excluded(rel: str) -> bool:
    parts = rel.split("/")
    for pat in EXCLUDE:
        if fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(parts[-1], pat):
            return True
        if pat.endswith("/*") and any(fnmatch.fnmatch(p, pat[:-2]) for p in parts[:-1]):
            return True
    return any(p.startswith(".") for p in parts)


class _Counter:
    """Bytes read across files, reported as progress; cancel raises from inside the client's read."""

    def __init__(self, total: int, message: str, progress: Progress | None, cancel: CancelCheck | None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.message = message
        self._progress = progress
        self._cancel = cancel
        self._lock = threading.Lock()

    def add(self, n: int) -> None:
        if self._cancel is not None and self._cancel():
            raise Cancelled()
        with self._lock:
            self.done = min(self.total, self.done + n)
            done = self.done
        if self._progress is not None:
            self._progress(done, self.total, self.message)


class ProgressReader(io.BufferedIOBase):
    """A seekable binary file that counts what the client reads (huggingface_hub accepts BufferedIOBase)."""

    def __init__(self, source: Path | bytes, counter: _Counter) -> None:
        super().__init__()
        self._f: Any = open(source, "rb") if isinstance(source, Path) else io.BytesIO(source)
        self._counter = counter
        self.counting = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self._f.read(-1 if size is None else size)
        if self.counting and data:
            self._counter.add(len(data))
        return bytes(data)

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return int(self._f.seek(offset, whence))

    def tell(self) -> int:
        return int(self._f.tell())

    def close(self) -> None:
        self._f.close()
        super().close()


def _chunks(source: Path | bytes) -> Any:
    if isinstance(source, bytes):
        yield source
        return
    with open(source, "rb") as fh:
        while chunk := fh.read(1 << 20):
            yield chunk


def _hash_file(f: LocalFile, secret: bytes | None, on_bytes: Callable[[int], None]) -> None:
    f.size = len(f.source) if isinstance(f.source, bytes) else f.source.stat().st_size
    sha = hashlib.sha256()
    git = hashlib.sha1(b"blob " + str(f.size).encode() + b"\0")
    tail = b""
    for chunk in _chunks(f.source):
        sha.update(chunk)
        git.update(chunk)
        if secret:
            if secret in tail + chunk:
                raise FtError("hub_token_in_file", path=f.path_in_repo)
            tail = (tail + chunk)[-len(secret):]
        on_bytes(len(chunk))
    f.sha256 = sha.hexdigest()
    f.git_sha1 = git.hexdigest()


def push_files(files: list[LocalFile], repo_id: str, *, repo_type: str = "model", private: bool = True,
               commit_message: str = "Upload with fttool", progress: Progress | None = None,
               cancel: CancelCheck | None = None, tok: str | None = None) -> PushResult:
    """Create the repo if needed and send the files whose content differs from the repo's, in one commit."""
    from huggingface_hub import CommitOperationAdd

    _no_tqdm_monitor()
    tok = tok or token()
    hf = api(tok)
    if "/" not in repo_id:
        repo_id = f"{whoami_name(hf)}/{repo_id}"
    check_repo_name(repo_id)
    cancelled = cancel or (lambda: False)

    # 1. check every file once: hashes, and never a file holding the token
    total = sum(f.source.stat().st_size if isinstance(f.source, Path) else len(f.source) for f in files)
    check = _Counter(total, "", progress, cancel)
    for f in files:
        check.message = card_msg("hub_progress_check", name=f.path_in_repo)
        _hash_file(f, tok.encode(), check.add)
    if cancelled():
        raise Cancelled()

    # 2. create (idempotent) and compare with what is there
    if progress:
        progress(0, 1, card_msg("hub_progress_compare", repo=repo_id))
    url = with_retries(lambda: hf.create_repo(repo_id, repo_type=repo_type, private=private, exist_ok=True),
                       what=f"the {repo_type} repo {repo_id}", cancel=cancel)
    remote = _remote_files(hf, repo_id, repo_type, cancel)
    changed = [f for f in files if not _same(f, remote.get(f.path_in_repo))]
    if not changed:
        return PushResult(repo_id, repo_type, str(url), len(files), 0, 0, None)

    # 3. upload the changed files and commit
    size = sum(f.size for f in changed)
    counter = _Counter(size, card_msg("hub_progress_upload", repo=repo_id), progress, cancel)
    readers = [ProgressReader(f.source, counter) for f in changed]
    try:
        ops = [CommitOperationAdd(path_in_repo=f.path_in_repo, path_or_fileobj=r)  # type: ignore[arg-type]
               for f, r in zip(changed, readers, strict=True)]
        for r in readers:
            r.seek(0)
            r.counting = True
        try:
            hf.preupload_lfs_files(repo_id, additions=ops, repo_type=repo_type, num_threads=2)
            if cancelled():
                raise Cancelled()
            if progress:
                progress(counter.done, counter.total, card_msg("hub_progress_commit", repo=repo_id))
            info = hf.create_commit(repo_id, operations=ops, repo_type=repo_type, commit_message=commit_message)
        except Cancelled:
            raise
        except Exception as exc:
            if cancelled():
                raise Cancelled() from exc
            raise to_error(exc, f"the {repo_type} repo {repo_id}") from exc
    finally:
        for r in readers:
            r.close()
    if progress:
        progress(counter.total, counter.total, card_msg("hub_progress_commit", repo=repo_id))
    return PushResult(repo_id, repo_type, str(url), len(files), len(changed), size, info.oid,
                      [f.path_in_repo for f in changed])


def _no_tqdm_monitor() -> None:
    """The client shows tqdm bars for multi-file LFS uploads; tqdm then starts a monitor thread that lives until
    the process ends. We report progress ourselves, so turn that thread off (tqdm's documented switch)."""
    try:
        from tqdm import std

        std.tqdm.monitor_interval = 0
    except ImportError:  # pragma: no cover
        pass


def card_msg(code: str, **params: Any) -> str:
    from fttool.messages import render

    return render(code, params)


def _remote_files(hf: Any, repo_id: str, repo_type: str, cancel: CancelCheck | None) -> dict[str, Any]:
    from huggingface_hub import RepoFile

    def listing() -> dict[str, Any]:
        try:
            items = list(hf.list_repo_tree(repo_id, repo_type=repo_type, recursive=True))
        except Exception as exc:
            if getattr(getattr(exc, "response", None), "status_code", None) == 404:
                return {}  # an empty new repo
            raise
        return {i.path: i for i in items if isinstance(i, RepoFile)}

    return with_retries(listing, what=f"the files of {repo_id}", cancel=cancel)


def _same(local: LocalFile, remote: Any) -> bool:
    if remote is None:
        return False
    lfs = getattr(remote, "lfs", None)
    if lfs is not None:
        sha = lfs.get("sha256") if isinstance(lfs, dict) else getattr(lfs, "sha256", None)
        return bool(sha) and sha == local.sha256
    return bool(remote.blob_id) and remote.blob_id == local.git_sha1


# -- what to push --------------------------------------------------------------------------------------
def check_split(split: str, path: Path) -> None:
    """A split is pushed only when it is valid training data (chats or preference pairs): anything else (a
    credentials file a project names, a binary) is refused with its first problems."""
    from fttool.datasets.validate import validate_file

    report = validate_file(path, backend="hf", near_duplicates=False)
    if not report.valid:
        shown = "; ".join(p.message for p in report.errors[:3])
        more = len(report.errors) - 3
        raise FtError("hub_split_invalid", split=split, path=str(path),
                      problems=shown + (f" (and {more} more)" if more > 0 else ""))


def dataset_files(project_dir: Path) -> tuple[list[LocalFile], list[card.SplitSummary], Any]:
    from fttool.project import Project

    project = Project.open(project_dir)
    if project.read_only:  # it names files outside itself: push nothing of it
        raise FtError("project_read_only", **project.refused_params())
    files: list[LocalFile] = []
    splits: list[card.SplitSummary] = []
    for split, path in project.dataset_files().items():
        if not path.is_file():
            raise InputError("file_not_found", path=str(path))
        check_split(split, path)
        files.append(LocalFile(f"data/{split}.jsonl", path))
        splits.append(card.summarize_split(split, path))
    if not files:
        raise UsageError("hub_nothing_to_push", path=str(project_dir))
    return files, splits, project


def push_dataset(project_dir: Path | str, repo_id: str, *, private: bool = True, progress: Progress | None = None,
                 cancel: CancelCheck | None = None) -> PushResult:
    project_dir = Path(project_dir)
    files, splits, project = dataset_files(project_dir)
    readme = card.dataset_card(repo_id=repo_id, project_name=project.name,
                               description=str(project.meta.get("description") or ""), splits=splits)
    files.append(LocalFile("README.md", readme.encode()))
    return push_files(files, repo_id, repo_type="dataset", private=private, progress=progress, cancel=cancel,
                      commit_message=f"fttool: data set of {project.name}")


def model_folder_files(folder: Path) -> list[LocalFile]:
    out = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():  # a link could point outside the folder
            continue
        rel = path.relative_to(folder).as_posix()
        if excluded(rel) or rel == "README.md":
            continue
        out.append(LocalFile(rel, path))
    return out


def read_training_params(folder: Path) -> dict[str, Any]:
    """AutoTrain's training_params.json (read for the card, never pushed), without its token."""
    path = folder / "training_params.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k not in ("token", "username", "push_to_hub", "repo_id")}


def is_model_folder(path: Path) -> bool:
    return (path / "adapter_config.json").is_file() or (path / "config.json").is_file()


def is_project_folder(path: Path) -> bool:
    return (path / "project.json").is_file()


def model_card_for(folder: Path, repo_id: str, *, project_dir: Path | None = None,
                   job: dict[str, Any] | None = None, dataset_repo: str | None = None) -> str:
    params = dict(read_training_params(folder))
    base_model = None
    backend = "local"
    if job:
        params.update(job.get("params") or {})
        base_model = job.get("base_model")
        backend = str(job.get("backend") or backend)
    base_model = base_model or params.pop("model", None)
    if not base_model:
        try:
            cfg = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8"))
            base_model = cfg.get("base_model_name_or_path")
        except (OSError, ValueError):
            pass
    splits: list[card.SplitSummary] = []
    if project_dir is not None and is_project_folder(project_dir):
        from fttool.project import Project

        for split, path in Project.open(project_dir).dataset_files().items():
            if path.is_file():
                splits.append(card.summarize_split(split, path))
    else:
        for key, split in (("training_file", "train"), ("validation_file", "validation")):
            p = params.get(key)
            if p and Path(str(p)).is_file():
                splits.append(card.summarize_split(split, Path(str(p))))
    command = card.training_command(backend, base_model, params)
    return card.model_card(repo_id=repo_id, base_model=base_model, params=params, splits=splits,
                           eval_results=card.load_eval_results(project_dir), command=command,
                           dataset_repo=dataset_repo or params.get("dataset_repo"), backend=backend)


def push_model(folder: Path | str, repo_id: str, *, private: bool = True, project_dir: Path | str | None = None,
               job: dict[str, Any] | None = None, progress: Progress | None = None,
               cancel: CancelCheck | None = None) -> PushResult:
    folder = Path(folder)
    files = model_folder_files(folder)
    if not files:
        raise UsageError("hub_nothing_to_push", path=str(folder))
    readme = model_card_for(folder, repo_id, project_dir=Path(project_dir) if project_dir else None, job=job)
    files.append(LocalFile("README.md", readme.encode()))
    return push_files(files, repo_id, repo_type="model", private=private, progress=progress, cancel=cancel,
                      commit_message="fttool: fine-tuned model")


def push_path(path: Path | str, repo_id: str, *, private: bool = True, project_dir: Path | str | None = None,
              progress: Progress | None = None, cancel: CancelCheck | None = None) -> PushResult:
    """A project folder pushes its data set; a model folder pushes the model with its card."""
    path = Path(path)
    if not path.exists():
        raise InputError("file_not_found", path=str(path))
    check_repo_name(repo_id)
    if is_model_folder(path):
        return push_model(path, repo_id, private=private, project_dir=project_dir, progress=progress, cancel=cancel)
    if is_project_folder(path):
        return push_dataset(path, repo_id, private=private, progress=progress, cancel=cancel)
    raise UsageError("hub_nothing_to_push", path=str(path))


__all__ = ["PROVIDER", "PushResult", "push_dataset", "push_files", "push_model", "push_path"]
