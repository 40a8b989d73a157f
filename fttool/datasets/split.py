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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.datasets.formats import dumps, read_examples, write_jsonl
from fttool.errors import Cancelled, UsageError

PARTS = ("train", "validation", "test")


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


def split(source: str | os.PathLike[str] | Iterable[Any], out_dir: str | os.PathLike[str] | None = None,
          ratios: tuple[float, float, float] | list[float] = (0.8, 0.1, 0.1), seed: int = 0, stem: str | None = None,
          progress: Callable[[int, int, str], None] | None = None, cancel: Callable[[], bool] | None = None
          ) -> SplitResult:
    """Write <stem>.train.jsonl, <stem>.validation.jsonl, <stem>.test.jsonl (parts with ratio 0 are skipped).

    The same input, ratios and seed always give the same files (byte for byte)."""
    r = tuple(float(x) for x in ratios)
    if len(r) != 3 or any(x < 0 for x in r) or sum(r) <= 0:
        raise UsageError("split_ratios_invalid", ratios=list(ratios))
    total_r = sum(r)
    r = (r[0] / total_r, r[1] / total_r, r[2] / total_r)
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
    parts_wanted = [p for p, x in zip(PARTS, r, strict=True) if x > 0]
    # group identical examples so they never straddle two parts
    groups: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        key = hashlib.sha256(json.dumps(ex, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        groups.setdefault(key, []).append(i)
    keys = sorted(groups)  # deterministic order, independent of the input order of duplicates
    random.Random(seed).shuffle(keys)
    n = len(examples)
    if n < len(parts_wanted):
        raise UsageError("split_too_few", count=n, parts=len(parts_wanted))
    targets = {p: round(n * x) for p, x in zip(PARTS, r, strict=True)}
    # every wanted part gets at least one example; train takes the rest
    for p in parts_wanted:
        targets[p] = max(targets[p], 1)
    assign: dict[str, list[int]] = {p: [] for p in PARTS}
    order = ["test", "validation"]
    gi = 0
    for p in order:
        while gi < len(keys) and len(assign[p]) < targets[p] and p in parts_wanted:
            assign[p].extend(groups[keys[gi]])
            gi += 1
    for key in keys[gi:]:
        assign["train" if "train" in parts_wanted else parts_wanted[0]].extend(groups[key])
    result = SplitResult(seed=seed, ratios=r)
    done = 0
    for p in PARTS:
        if p not in parts_wanted:
            continue
        if cancel is not None and cancel():
            raise Cancelled()
        rows = sorted(assign[p])
        target = out / f"{stem}.{p}.jsonl"
        write_jsonl(target, (examples[i] for i in rows))
        result.files[p] = target
        result.sha256[p] = sha256_file(target)
        result.counts[p] = len(rows)
        done += len(rows)
        if progress:
            progress(done, n, p)
    return result


__all__ = ["PARTS", "SplitResult", "dumps", "sha256_file", "split"]
