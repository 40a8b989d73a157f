"""A file's validation from end to end (`validate_file`): its checks before reading (readable, encoding, format,
method, role), the chunk engine, another format converted first, the local tokenizer's counts, then the report.
Imports the other validate modules, formats (lazily) and tokens."""

from __future__ import annotations

import json
import os
from array import array
from pathlib import Path
from typing import Any

from fttool.datasets.validate.chunks import (
    BOM,
    CHUNK_BYTES,
    INPROCESS_BYTES,
    WORKER_CHUNK_BYTES,
    CancelFn,
    ProgressFn,
    plan_chunks,
    run_chunks,
)
from fttool.datasets.validate.report import FILE_ROLES, Problem, ValidationReport, build_report
from fttool.datasets.validate.rules import resolve_limits
from fttool.errors import Cancelled, InputError


# -- before reading: the file, its encoding and method -------------------------------------------------------
def check_readable(path: Path) -> int:
    """Size of a readable regular file; InputError (exit 2) for missing, a folder, a special file, or unreadable."""
    from fttool.fsutil import input_file_size

    input_file_size(path)
    try:
        with open(path, "rb") as f:
            f.read(1)
        return path.stat().st_size
    except OSError as exc:
        raise InputError("unreadable_file", path=str(path), reason=exc.strerror or str(exc)) from exc


def sniff_encoding(head: bytes) -> str | None:
    """'utf-16'/'utf-32' when the file starts with their byte order mark; raises InputError for binary data."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if b"\x00" in head:
        return "binary"
    return None


def detect_method(path: str | os.PathLike[str]) -> str:
    """`dpo` for a preference file (preferred_output / non_preferred_output), else `supervised`."""
    return _detect_method(Path(path))


def _detect_method(path: Path) -> str:
    with open(path, "rb") as f:
        for _ in range(20):
            raw = f.readline(1 << 20)
            if not raw:
                break
            if not raw.endswith(b"\n"):  # a line over 1 MB: not a record to tell the method by; skip its rest
                while f.readline(1 << 20)[-1:] not in (b"\n", b""):
                    pass
                continue
            try:
                obj = json.loads(raw.lstrip(BOM).decode("utf-8"))
            except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
                continue
            if isinstance(obj, dict):
                return "dpo" if ("preferred_output" in obj or "non_preferred_output" in obj) else "supervised"
    return "supervised"


# -- the file ------------------------------------------------------------------------------------------------
def validate_file(path: str | os.PathLike[str], *, model: str | None = None, backend: str = "openai",
                  method: str | None = None, progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                  workers: int | None = None, validation: str | os.PathLike[str] | None = None,
                  max_seq_length: int | None = None, epochs: int | None = None, near_duplicates: bool = True,
                  chunk_bytes: int | None = None, inline: bool = False,
                  tokenizer_dir: str | os.PathLike[str] | None = None, source_format: str | None = None,
                  mapping: dict[str, Any] | None = None, role: str = "train",
                  train: str | os.PathLike[str] | None = None) -> ValidationReport:
    """Check a chat (or DPO) JSONL file and report every problem. Raises InputError for an unreadable file.

    `role` (FILE_ROLES): a train file needs the backend's minimum of examples and is given a training cost; a
    validation or test file is not (it is never "too small"), and its examples that are also in the `train` file
    are reported (leakage). For a train file, `validation` names the validation file to compare with.

    Files of INPROCESS_BYTES or more are checked by `workers` spawned processes (default: one per core);
    `inline=True` makes the calling process one of them (the CLI does; a GUI process should not).
    `tokenizer_dir` (local, hf and together backends): count tokens with that base model's own tokenizer and chat template
    instead of tiktoken (tokens.local_token_counts, in the local-training runtime).
    `source_format` (formats.FORMATS) and `mapping` (formats.ColumnMapping as a dict: columns, and for CSV/TSV the
    encoding and delimiter) say how to read a file that is not chat/DPO JSONL; by default they are detected."""
    if role not in FILE_ROLES:
        from fttool.errors import UsageError

        raise UsageError("validate_role_unknown", role=role)
    if role == "train":
        train = None
    else:
        validation, train = train, None  # the file compared with: the train file, for leakage into this one
    p = Path(path)
    size = check_readable(p)
    model, enc_name, limit, limit_code = resolve_limits(model, backend, max_seq_length, method)
    whole: list[Problem] = []
    if size:
        with open(p, "rb") as f:
            head = f.read(8192)
        table = source_format in ("csv", "tsv", "parquet") or (
            source_format is None and p.suffix.lower() in (".csv", ".tsv", ".tab"))
        if source_format not in (None, "chat", "dpo") or mapping or table:
            # a table is read with its own encoding (UTF-16 is Excel's "Unicode text"), by fttool.datasets.delimited
            fmt = source_format or _source_format(p, head)
            if fmt is not None and fmt not in ("chat", "dpo"):
                return _validate_converted(p, fmt, mapping=mapping, model=model, backend=backend, method=method,
                                           progress=progress, cancel=cancel, workers=workers,
                                           max_seq_length=max_seq_length, epochs=epochs,
                                           near_duplicates=near_duplicates, inline=inline,
                                           tokenizer_dir=tokenizer_dir, **_role_kwargs(role, validation))
        kind = None if head.startswith(b"PAR1") else sniff_encoding(head)
        if kind == "binary":
            raise InputError("dataset_binary", path=str(p))
        if kind:
            whole.append(Problem.make(None, "invalid_encoding", None, {
                "where": "The file", "encoding": f"{kind} with a byte order mark"}))
            return build_report(p, model, backend, method or "supervised", [], whole, limit, epochs, role=role)
        src_fmt = _source_format(p, head)
        if src_fmt is not None:
            return _validate_converted(p, src_fmt, model=model, backend=backend, method=method, progress=progress,
                                       cancel=cancel, workers=workers,
                                       max_seq_length=max_seq_length, epochs=epochs,
                                       near_duplicates=near_duplicates, inline=inline, tokenizer_dir=tokenizer_dir,
                                       **_role_kwargs(role, validation))
    method = method or _detect_method(p) if size else (method or "supervised")
    if backend == "together":  # a preference file has the model's shorter DPO context
        model, enc_name, limit, limit_code = resolve_limits(model, backend, max_seq_length, method)
    opts = {"method": method, "encoding": enc_name, "limit": limit, "limit_code": limit_code, "model": model,
            "near_duplicates": near_duplicates}
    total = size
    if validation is not None:
        vsize = check_readable(Path(validation))
        total += vsize
    if workers is None:
        workers = 1 if size < INPROCESS_BYTES else max(1, min(os.cpu_count() or 1, 8))
    if chunk_bytes is None:
        chunk_bytes = CHUNK_BYTES if workers <= 1 else max(1 << 20, min(WORKER_CHUNK_BYTES, size // (workers * 4) + 1))
    chunks = plan_chunks(p, size, chunk_bytes, tail=0.2 if workers > 1 else 0.0) if size else []
    results = run_chunks(p, chunks, opts, workers, progress, cancel, total, inline=inline) if chunks else []
    other = None
    if validation is not None:
        vp = Path(validation)
        vchunks = plan_chunks(vp, vsize, chunk_bytes) if vsize else []
        vopts = dict(opts, near_duplicates=False)
        other = run_chunks(vp, vchunks, vopts, workers, progress, cancel, total, size, inline) if vchunks else []
    if cancel is not None and cancel():
        raise Cancelled()
    if tokenizer_dir is not None and results:
        _use_local_counts(p, results, tokenizer_dir, limit, model,
                          "too_many_tokens" if backend == "together" else "will_be_truncated")
    return build_report(p, model, backend, method, results, whole, limit, epochs, other,
                        near_duplicates=near_duplicates, role=role)


# -- a converted file, a local tokenizer's counts ------------------------------------------------------------
def _role_kwargs(role: str, other: str | os.PathLike[str] | None) -> dict[str, Any]:
    """validate_file's own arguments again, for a converted file: `other` is the file compared with."""
    if role == "train":
        return {"role": role, "validation": other}
    return {"role": role, "validation": None, "train": other}


def _use_local_counts(p: Path, results: list[dict[str, Any]], tokenizer_dir: str | os.PathLike[str],
                      limit: int | None, model: str, code: str = "will_be_truncated") -> None:
    """Replace the tiktoken counts by the local model's own, and the truncation warnings with them."""
    from fttool.datasets.tokens import local_token_counts

    counts = local_token_counts(p, tokenizer_dir)
    k = 0
    for r in results:
        n = len(r["ex_line"])
        mine = counts[k:k + n]
        k += n
        r["tokens"] = array("q", [c if t >= 0 else -1 for c, t in zip(mine, r["tokens"], strict=False)]
                            + [-1] * (n - len(mine)))
        r["problems"] = [pr for pr in r["problems"] if pr[1] not in ("will_be_truncated", "too_many_tokens")]
        if limit is not None:
            for line, t in zip(r["ex_line"], r["tokens"], strict=True):
                if t > limit:
                    r["problems"].append((line, code, None,
                                          {"tokens": t, "limit": limit, "model": str(tokenizer_dir)}))


def _source_format(p: Path, head: bytes) -> str | None:
    """The format of a file that is not chat/DPO JSONL (CSV, TSV, Parquet, a JSON array, ShareGPT, Alpaca,
    prompt/completion), or None for chat/DPO JSONL."""
    from fttool.datasets import formats
    from fttool.errors import FtError

    ext = p.suffix.lower()
    if head.startswith(b"PAR1") or ext in (".parquet", ".pq", ".csv", ".tsv", ".tab"):
        return formats.detect_format(p)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        if stripped.startswith(b"["):
            return formats.detect_format(p)
        fmt = formats.detect_format(p)
    except FtError:
        return None
    return fmt if fmt not in ("chat", "dpo") else None


def _validate_converted(p: Path, fmt: str, mapping: dict[str, Any] | None = None, **kwargs: Any
                        ) -> ValidationReport:
    """Validate another format: convert it to chat JSONL in a temp file, validate that, and give every problem
    the line (CSV) or record number (JSON array, Parquet) of the source."""
    import shutil
    import tempfile

    from fttool.datasets import formats

    failed: list[tuple[int, str]] = []
    src_lines: list[int] = []

    def records() -> Any:
        for line, ex in formats.read_examples(p, fmt=fmt, mapping=mapping,
                                              on_error=lambda ln, d: failed.append((ln, d))):
            src_lines.append(line)
            yield ex

    tmpdir = tempfile.mkdtemp(prefix="fttool-validate-")
    try:
        tmp = Path(tmpdir) / (p.stem + ".jsonl")
        formats.write_jsonl(tmp, records())
        report = validate_file(tmp, **kwargs)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    def src(line: int | None) -> int | None:
        return src_lines[line - 1] if line is not None and 0 < line <= len(src_lines) else line

    problems = []
    for pr in report.problems:
        params = dict(pr.params)
        params["line"] = src(pr.line)
        if "first" in params:
            params["first"] = src(params["first"])
        if pr.line is not None and "where" in params:
            params["where"] = f"Line {src(pr.line)}"
        problems.append(Problem.make(src(pr.line), pr.code, pr.field, params))
    for line, detail in failed:
        problems.append(Problem.make(line, "unconvertible_record", None, {"detail": detail}))
    if failed and report.problems and report.problems[0].code == "empty_file":
        problems = [pr for pr in problems if pr.code != "empty_file"]
    problems.sort(key=lambda pr: (-1 if pr.line is None else pr.line))
    report.problems = problems
    report.example_lines = array("i", [src(x) or 0 for x in report.example_lines])
    report.path = str(p)
    return report

