"""Split a data set into train, validation and test files with a seed, no example on two sides.

Identical examples always land on the same side (the split is by content groups), so a duplicate cannot leak
from train into validation or test. Each file's sha256 is returned: jobs record the files they used
(`dataset_sha256`) so an evaluation can prove the test examples were not trained on. The test file is for
evaluation only and is never uploaded to a provider."""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.datasets.formats import dumps, read_examples, write_jsonl
from fttool.errors import Cancelled, FtError, InputError, UsageError
from fttool.messages import register

PARTS = ("train", "validation", "test")
ROLE_FILES = {p: f"{p}.jsonl" for p in PARTS}  # the files a split writes into a project
DEFAULT_RATIOS = (0.8, 0.1, 0.1)
DEFAULT_SEED = 0  # `fttool dataset split --seed` and the Split dialog start here

register({
    "split_would_overwrite": "These files already exist and would be replaced: {files}. Confirm to replace them.",
})


@dataclass
class SplitResult:
    files: dict[str, Path] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seed: int = 0
    ratios: tuple[float, float, float] = (0.8, 0.1, 0.1)

    def to_dict(self) -> dict[str, Any]:
        return {"files": {k: str(v) for k, v in self.files.items()}, "sha256": dict(self.sha256),
                "counts": dict(self.counts), "seed": self.seed, "ratios": list(self.ratios)}

    def job_hashes(self) -> dict[str, str]:
        """What a training job records: the train and validation files it may upload (never the test file)."""
        return {k: v for k, v in self.sha256.items() if k != "test"}


def sha256_file(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _normalize(ratios: tuple[float, float, float] | list[float] | Sequence[float]) -> tuple[float, float, float]:
    try:
        r = tuple(float(x) for x in ratios)
    except (TypeError, ValueError):
        raise UsageError("split_ratios_invalid", ratios=list(ratios)) from None
    if len(r) != 3 or any(not (x >= 0) for x in r) or sum(r) <= 0:  # `not >=` also refuses NaN
        raise UsageError("split_ratios_invalid", ratios=list(ratios))
    total = sum(r)
    return (r[0] / total, r[1] / total, r[2] / total)


def content_key(example: Any) -> str:
    """Two examples with the same content (key order aside) have the same key."""
    return hashlib.sha256(json.dumps(example, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def assign(keys: Sequence[str], ratios: tuple[float, float, float] | list[float] | Sequence[float] = DEFAULT_RATIOS,
           seed: int = DEFAULT_SEED, keep_identical: bool = True) -> dict[str, list[int]]:
    """Which examples (by index, ascending) go to each part, from their content keys.

    `keep_identical` (the default): identical examples form one group that lands on one side, so no copy of a
    test or validation example is trained on. Off: each example is drawn on its own (copies may straddle)."""
    r = _normalize(ratios)
    parts_wanted = [p for p, x in zip(PARTS, r, strict=True) if x > 0]
    n = len(keys)
    if n < len(parts_wanted):
        raise UsageError("split_too_few", count=n, parts=len(parts_wanted))
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key if keep_identical else f"{key}:{i:012d}", []).append(i)
    order = sorted(groups)  # deterministic order, independent of the input order of duplicates
    random.Random(seed).shuffle(order)
    targets = {p: round(n * x) for p, x in zip(PARTS, r, strict=True)}
    # every wanted part gets at least one example; train takes the rest
    for p in parts_wanted:
        targets[p] = max(targets[p], 1)
    out: dict[str, list[int]] = {p: [] for p in PARTS}
    gi = 0
    for p in ("test", "validation"):
        while gi < len(order) and len(out[p]) < targets[p] and p in parts_wanted:
            out[p].extend(groups[order[gi]])
            gi += 1
    rest = "train" if "train" in parts_wanted else parts_wanted[0]
    for key in order[gi:]:
        out[rest].extend(groups[key])
    return {p: sorted(v) for p, v in out.items()}


def split(source: str | os.PathLike[str] | Iterable[Any], out_dir: str | os.PathLike[str] | None = None,
          ratios: tuple[float, float, float] | list[float] = DEFAULT_RATIOS, seed: int = DEFAULT_SEED,
          stem: str | None = None, progress: Callable[[int, int, str], None] | None = None,
          cancel: Callable[[], bool] | None = None, keep_identical: bool = True,
          names: dict[str, str] | None = None) -> SplitResult:
    """Write <stem>.train.jsonl, <stem>.validation.jsonl, <stem>.test.jsonl (parts with ratio 0 are skipped), or
    the file names `names` gives by part.

    The same input, ratios and seed always give the same files (byte for byte). Every example is read before any
    file is written, so a part may replace the source file itself."""
    r = _normalize(ratios)
    examples: list[Any]
    if isinstance(source, (str, os.PathLike)):
        src = Path(source)
        examples = [ex for _line, ex in read_examples(src, objects_only=True)]
        out = Path(out_dir) if out_dir is not None else src.parent
        stem = stem or src.stem
    else:
        examples = [item[1] if isinstance(item, tuple) else item for item in source]
        if out_dir is None:
            raise UsageError("split_ratios_invalid", ratios="an output folder is needed")
        out = Path(out_dir)
        stem = stem or "data"
    plan = assign([content_key(ex) for ex in examples], r, seed, keep_identical)
    n = len(examples)
    result = SplitResult(seed=seed, ratios=r)
    done = 0
    # every part is written beside its target first and the targets replaced together at the end: a cancel or a
    # failure halfway leaves every earlier file as it was (never a new test file beside the old train file)
    pending: list[tuple[Path, Path]] = []
    try:
        for p, x in zip(PARTS, r, strict=True):
            if x <= 0:
                continue
            if cancel is not None and cancel():
                raise Cancelled()
            rows = plan[p]
            target = out / (names[p] if names and p in names else f"{stem}.{p}.jsonl")
            tmp = target.with_name(f".{target.name}.splitting")
            pending.append((tmp, target))
            write_jsonl(tmp, (examples[i] for i in rows))
            result.files[p] = target
            result.sha256[p] = sha256_file(tmp)
            result.counts[p] = len(rows)
            done += len(rows)
            if progress:
                progress(done, n, p)
        if cancel is not None and cancel():
            raise Cancelled()
        for tmp, target in pending:
            os.replace(tmp, target)
    finally:
        for tmp, _target in pending:
            tmp.unlink(missing_ok=True)
    return result


# -- the Split dialog's core: a preview, the files it would write, the split into a project -------------------
_KEYS_CACHE: dict[tuple[str, int, int], list[str]] = {}


def _keys_of(path: Path, cancel: Callable[[], bool] | None = None) -> list[str]:
    """The content keys of a file's examples, read once per version of the file (the preview asks often)."""
    st = path.stat()
    ck = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    keys = _KEYS_CACHE.get(ck)
    if keys is None:
        keys = []
        for _line, ex in read_examples(path, objects_only=True):
            keys.append(content_key(ex))
            if cancel is not None and len(keys) % 2000 == 0 and cancel():
                raise Cancelled()
        _KEYS_CACHE.clear()  # one file at a time: the dialog previews one source
        _KEYS_CACHE[ck] = keys
    return keys


def preview(path: str | os.PathLike[str], ratios: Sequence[float] = DEFAULT_RATIOS, seed: int = DEFAULT_SEED,
            keep_identical: bool = True, cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
    """How many examples each part would get, without writing anything. `identical`: examples that have an
    identical twin in the file (what "keep identical examples together" is about)."""
    keys = _keys_of(Path(path), cancel)
    plan = assign(keys, ratios, seed, keep_identical)
    r = _normalize(ratios)
    seen: dict[str, int] = {}
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
    return {"total": len(keys), "counts": {p: len(plan[p]) for p, x in zip(PARTS, r, strict=True) if x > 0},
            "identical": sum(c for c in seen.values() if c > 1)}


def project_targets(project_path: str | os.PathLike[str], source: str | os.PathLike[str]) -> dict[str, Path]:
    """Where a split of `source` lands in a project: train.jsonl, validation.jsonl and test.jsonl beside the source
    when it is inside the project, else in the project's data/ folder."""
    root = Path(project_path).resolve()
    src = Path(source).resolve()
    folder = src.parent if src.parent == root or root in src.parent.parents else root / "data"
    return {p: folder / ROLE_FILES[p] for p in PARTS}


def existing_targets(project_path: str | os.PathLike[str], source: str | os.PathLike[str],
                     ratios: Sequence[float] = DEFAULT_RATIOS) -> list[str]:
    """The files a split would replace (the parts with a share above 0), as paths relative to the project."""
    root = Path(project_path).resolve()
    r = _normalize(ratios)
    targets = project_targets(project_path, source)
    return [_rel(root, targets[p]) for p, x in zip(PARTS, r, strict=True) if x > 0 and targets[p].exists()]


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _backup_name(path: Path) -> Path:
    candidate = path.with_name(f"{path.stem}.before-split{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.before-split-{n}{path.suffix}")
        n += 1
    return candidate


def split_project(project_path: str | os.PathLike[str], source: str | os.PathLike[str],
                  ratios: Sequence[float] = DEFAULT_RATIOS, seed: int = DEFAULT_SEED, keep_identical: bool = True,
                  overwrite: bool = False, progress: Callable[[int, int, str], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Split a project's dataset into its train, validation and test files and record them in project.json
    (`datasets` by role, and `split`: source, seed, shares, sha256 of each file).

    Files that exist are replaced only with `overwrite` (the app asks first: `existing_targets`). When the source
    itself is replaced, a copy of it is kept first as <name>.before-split.jsonl. project.json is written last and
    atomically: a failure before it leaves the project naming its old files."""
    from fttool.project import Project

    project = Project.open(Path(project_path))
    project.require_writable()
    root = project.path.resolve()
    src = Path(source)
    if not src.is_file():
        raise InputError("file_not_found", path=str(src))
    r = _normalize(ratios)
    existing = existing_targets(root, src, r)
    if existing and not overwrite:
        raise FtError("split_would_overwrite", files=", ".join(existing))
    targets = project_targets(root, src)
    targets[PARTS[0]].parent.mkdir(parents=True, exist_ok=True)
    backup: Path | None = None
    if any(targets[p].resolve() == src.resolve() for p, x in zip(PARTS, r, strict=True) if x > 0):
        import shutil

        backup = _backup_name(src)
        shutil.copy2(src, backup)
    try:
        res = split(src, targets[PARTS[0]].parent, ratios=r, seed=seed, progress=progress, cancel=cancel,
                    keep_identical=keep_identical, names={p: targets[p].name for p in PARTS})
    except BaseException:
        if backup is not None:
            backup.unlink(missing_ok=True)  # the source was not replaced (each file is written whole or not)
        raise
    datasets = dict(project.meta.get("datasets") or {})
    for p, path in res.files.items():
        datasets[p] = _rel(root, path)
    project.meta["datasets"] = datasets
    project.meta["split"] = {"source": _rel(root, src), "seed": seed, "ratios": [round(x, 6) for x in r],
                             "keep_identical": keep_identical, "counts": dict(res.counts),
                             "sha256": dict(res.sha256)}
    project.save_meta()
    return {"files": {p: _rel(root, f) for p, f in res.files.items()}, "counts": dict(res.counts),
            "sha256": dict(res.sha256), "seed": seed, "datasets": datasets, "split": project.meta["split"],
            "backup": _rel(root, backup) if backup is not None else None}


__all__ = ["DEFAULT_RATIOS", "DEFAULT_SEED", "PARTS", "ROLE_FILES", "SplitResult", "assign", "content_key", "dumps",
           "existing_targets", "preview", "project_targets", "sha256_file", "split", "split_project"]
