"""Property-based fuzzing of every reader, the validator and every convert pair (Hypothesis).

Valid files of each format are built, then their bytes are mutated (flips, cuts, NUL bytes, BOMs, CRs, invalid
UTF-8, repeats). The properties:
- reading, validating and converting raise nothing but fttool's own errors (FtError: a plain message naming the
  file, CLI exit 2), and every record refused on the way names its line;
- a conversion chat -> X -> chat gives the same examples back, or refuses naming what would be lost.
CI runs a fixed seed (derandomize) and FUZZ_EXAMPLES examples per property (default 300); `make fuzz` runs more,
keeps what it finds in .hypothesis/ and tests/fuzz/regressions/ holds the files of fixed crashes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from fttool.datasets import formats, parquet
from fttool.datasets.formats.readers import _unwritable
from fttool.datasets.validate import validate_file
from fttool.errors import FtError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"  # `make fuzz`: random seeds, findings kept in .hypothesis/
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                database=DirectoryBasedExampleDatabase(".hypothesis") if RANDOM else None)
REGRESSIONS = Path(__file__).parent / "regressions"

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
ODD_TEXT = st.one_of(TEXT, st.sampled_from(["", " ", "\n", "\ud800", "a\x00b", "=1+2", '"', "\u2028", "é" * 40]))


@st.composite
def chat_example(draw: Any, odd: bool = True) -> dict[str, Any]:
    text = ODD_TEXT if odd else TEXT.filter(lambda t: t.strip() == t and t != "")
    msgs: list[dict[str, Any]] = []
    if draw(st.booleans()):
        msgs.append({"role": "system", "content": draw(text)})
    for _ in range(draw(st.integers(1, 3))):
        msgs.append({"role": "user", "content": draw(text)})
        answer: dict[str, Any] = {"role": "assistant", "content": draw(text)}
        if odd and draw(st.integers(0, 5)) == 0:
            answer["weight"] = draw(st.sampled_from([0, 1]))
        msgs.append(answer)
    return {"messages": msgs}


def _records(fmt: str, examples: list[dict[str, Any]]) -> bytes:
    if fmt == "chat":
        return "".join(json.dumps(e) + "\n" for e in examples).encode()
    if fmt == "dpo":
        return "".join(json.dumps({"input": {"messages": e["messages"][:-1]},
                                   "preferred_output": [e["messages"][-1]],
                                   "non_preferred_output": [{"role": "assistant", "content": "no"}]}) + "\n"
                       for e in examples).encode()
    if fmt in ("sharegpt", "prompt_completion"):
        conv = formats.to_sharegpt if fmt == "sharegpt" else formats.to_prompt_completion
        return "".join(json.dumps(conv(e)) + "\n" for e in examples).encode()
    if fmt == "alpaca":
        return json.dumps([formats.to_alpaca(e) for e in examples]).encode()
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(["system", "user", "assistant"])
        for e in examples:
            row = formats.to_row(e)
            w.writerow([row["system"], row["user"], row["assistant"]])
        return buf.getvalue().encode("utf-8", "surrogatepass")
    raise AssertionError(fmt)


EXT = {"chat": ".jsonl", "dpo": ".jsonl", "sharegpt": ".jsonl", "prompt_completion": ".jsonl", "alpaca": ".json",
       "csv": ".csv", "tsv": ".tsv", "parquet": ".parquet"}


@st.composite
def mutated_file(draw: Any) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(sorted(EXT)))
    examples = draw(st.lists(chat_example(), min_size=1, max_size=6))
    if fmt == "parquet":
        buf = io.BytesIO()
        rows = [{"messages": [{"role": m["role"], "content": m["content"]} for m in e["messages"]]} for e in examples]
        try:
            parquet.write_table(buf, rows, compression=draw(st.sampled_from(["snappy", "gzip", "none"])))
        except UnicodeEncodeError:
            buf = io.BytesIO(b"PAR1")
        data = buf.getvalue()
    else:
        data = _records(fmt, examples)
    for _ in range(draw(st.integers(0, 3))):
        data = draw(_mutation(data))
    return fmt, data


def _mutation(data: bytes) -> Any:
    n = max(len(data), 1)
    pos = st.integers(0, n - 1)
    inserts = st.sampled_from([b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\xff", b"\xc3", b'"', b"\n", b",",
                               b"[" * 50, b"{\"messages\": 2}\n", b";", b"\t"])
    return st.one_of(
        st.just(data),
        pos.map(lambda i: data[:i]),                                       # cut
        st.tuples(pos, st.integers(1, 255)).map(lambda t: data[:t[0]] + bytes([data[t[0]] ^ t[1]]) + data[t[0] + 1:]
                                               if data else data),        # flip
        st.tuples(pos, inserts).map(lambda t: data[:t[0]] + t[1] + data[t[0]:]),  # insert
        st.tuples(pos, pos).map(lambda t: data[:max(t)] + data[min(t):]),  # repeat a stretch
    )


def _check_error(exc: FtError, path: Path) -> None:
    assert exc.message and path.name in exc.message or exc.code in ("token_file_damaged",), exc.message


def _exercise(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{EXT[fmt]}"
        path.write_bytes(data)
        refused: list[tuple[int, str]] = []
        try:
            pairs = list(formats.read_examples(path, on_error=lambda line, d: refused.append((line, d)),
                                               objects_only=True))
        except FtError as exc:
            _check_error(exc, path)
            pairs = []
        assert all(isinstance(line, int) and line >= 1 and detail for line, detail in refused), refused
        try:
            report = validate_file(path, near_duplicates=False, workers=1)
            assert all(p.message for p in report.problems)
        except FtError as exc:
            _check_error(exc, path)
        for target in ("sharegpt", "prompt_completion", "alpaca", "csv", "parquet"):
            out = Path(tmp) / f"out-{target}{EXT[target]}"
            try:
                formats.write_format(out, pairs, target)
            except FtError as exc:
                assert exc.code == "dataset_record_invalid" and getattr(exc, "line", None), exc.message


@FUZZ
@given(mutated_file())
def test_any_file_gives_a_result_or_a_clear_error(case: tuple[str, bytes]) -> None:
    fmt, data = case
    _exercise(fmt, data)


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*")) if REGRESSIONS.is_dir() else [],
                         ids=lambda p: p.name)
def test_regressions_found_by_fuzzing(path: Path) -> None:
    fmt = path.name.split("-", 1)[0]
    _exercise(fmt, path.read_bytes())


@FUZZ
@given(st.lists(chat_example(), min_size=1, max_size=5),
       st.sampled_from(["sharegpt", "prompt_completion", "alpaca", "csv", "tsv", "parquet"]))
def test_convert_round_trips_or_says_what_would_be_lost(examples: list[dict[str, Any]], target: str) -> None:
    examples = [e for e in examples if not _unwritable(e, "chat")]
    if not examples:
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out{EXT[target] if target != 'sharegpt' else '.jsonl'}"
        try:
            formats.write_format(out, list(enumerate(examples, 1)), target)
        except FtError as exc:
            line = getattr(exc, "line", None)
            assert line is not None and formats.what_would_be_lost(examples[line - 1], target), exc.message
            return
        fmt = {"csv": "csv", "tsv": "tsv", "parquet": "parquet"}.get(target, target)
        back = [ex for _line, ex in formats.read_examples(out, fmt=fmt)]

        def plain(e: dict[str, Any]) -> list[tuple[str, str]]:
            # a blank system prompt is no system prompt in the tables (a blank cell reads as none)
            return [(m["role"], m["content"]) for m in e["messages"] if not (m["role"] == "system" and
                                                                              target in ("csv", "tsv", "alpaca")
                                                                              and not m["content"].strip())]

        assert [plain(e) for e in back] == [plain(e) for e in examples]
