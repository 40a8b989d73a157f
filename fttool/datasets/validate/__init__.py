"""Validation of training files: every problem, with its 1-based line, field and what to do. This package's
modules, each importing only those before it: duplicates, report, rules, chunks, file; here, their public names.
The checks follow OpenAI's cookbook ("Data preparation and analysis for chat model fine-tuning") and go further."""

from __future__ import annotations

from fttool.datasets.validate.chunks import (
    BOM,
    CHUNK_BYTES,
    INPROCESS_BYTES,
    MAX_EXAMPLE_BYTES,
    SEP,
    WORKER_CHUNK_BYTES,
    CancelFn,
    ProgressFn,
    plan_chunks,
    run_chunks,
    scan_bytes,
    scan_chunk,
)
from fttool.datasets.validate.duplicates import (
    NEAR_DUP_BANDS,
    NEAR_DUP_BINS,
    NEAR_DUP_MIN_SHINGLES,
    NEAR_DUP_THRESHOLD,
)
from fttool.datasets.validate.file import check_readable, detect_method, sniff_encoding, validate_file
from fttool.datasets.validate.report import FILE_ROLES, LEAK_CODES, Problem, ValidationReport
from fttool.datasets.validate.rules import MESSAGE_KEYS, ROLES, SHORT_ANSWER_CHARS, validate_example

__all__ = [
    "BOM", "CHUNK_BYTES", "FILE_ROLES", "INPROCESS_BYTES", "LEAK_CODES", "MAX_EXAMPLE_BYTES", "MESSAGE_KEYS",
    "NEAR_DUP_BANDS", "NEAR_DUP_BINS", "NEAR_DUP_MIN_SHINGLES", "NEAR_DUP_THRESHOLD", "ROLES", "SEP",
    "SHORT_ANSWER_CHARS", "WORKER_CHUNK_BYTES", "CancelFn", "Problem", "ProgressFn", "ValidationReport",
    "check_readable", "detect_method", "plan_chunks", "run_chunks", "scan_bytes", "scan_chunk", "sniff_encoding",
    "validate_example", "validate_file",
]
