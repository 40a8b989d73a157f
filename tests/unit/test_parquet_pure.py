"""The pure-Python Parquet reader and writer (fttool/datasets/parquet/), cross-checked against pyarrow."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest

from fttool.datasets import formats as F
from fttool.datasets import parquet as P
from fttool.datasets.formats import DatasetFormatError
from fttool.datasets.parquet import reader as PR

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

MSG = pa.struct([("role", pa.string()), ("content", pa.string())])
TOOL_CALL = pa.struct([("id", pa.string()), ("type", pa.string()),
                       ("function", pa.struct([("name", pa.string()), ("arguments", pa.string())]))])
CHAT = pa.struct([("role", pa.string()), ("content", pa.string()), ("tool_calls", pa.list_(TOOL_CALL)),
                  ("weight", pa.int8())])
SCHEMA = pa.schema([
    ("messages", pa.list_(CHAT)),
    ("conversations", pa.list_(pa.struct([("from", pa.string()), ("value", pa.string())]))),
    ("n", pa.int64()), ("i32", pa.int32()), ("u32", pa.uint32()), ("f", pa.float64()), ("f32", pa.float32()),
    ("b", pa.bool_()), ("s", pa.string()), ("raw", pa.binary()), ("fixed", pa.binary(3)),
    ("tags", pa.list_(pa.string())), ("nested", pa.list_(pa.list_(pa.int16()))),
    ("meta", pa.struct([("a", pa.int32()), ("b", pa.struct([("c", pa.list_(pa.int64()))]))])),
    ("attrs", pa.map_(pa.string(), pa.int64())),
])


def _row(i: int) -> dict[str, Any]:
    text = ["", "naïve café 🙂", "line one\nline two", "日本語のテキスト", "x" * 300][i % 5]
    msgs: list[Any] | None
    if i % 17 == 0:
        msgs = None
    elif i % 13 == 0:
        msgs = []
    else:
        msgs = [{"role": "system", "content": None if i % 7 == 0 else f"Be brief {i}"},
                {"role": "user", "content": text},
                None if i % 11 == 0 else {
                    "role": "assistant", "content": "" if i % 3 == 0 else f"answer {i} {text}",
                    "tool_calls": None if i % 4 else [
                        {"id": f"call_{i}", "type": "function",
                         "function": {"name": "lookup", "arguments": f'{{"q": "{i}"}}'}},
                        {"id": None, "type": "function", "function": None}],
                    "weight": i % 2}]
    return {
        "messages": msgs,
        "conversations": None if i % 19 == 0 else [{"from": "human", "value": text}, {"from": "gpt", "value": str(i)}],
        "n": None if i % 3 == 0 else i * 1_000_003 - 5_000_000_000, "i32": -i, "u32": 4_000_000_000 - i,
        "f": None if i % 5 == 0 else i / 7, "f32": i * 0.5, "b": None if i % 6 == 0 else i % 2 == 0,
        "s": None if i % 4 == 0 else text + str(i % 10), "raw": bytes([i % 256, 0, 255]),
        "fixed": None if i % 8 == 0 else bytes([1, 2, i % 256]),
        "tags": None if i % 5 == 0 else [str(j) if j % 3 else None for j in range(i % 4)],
        "nested": [[j for j in range(k)] for k in range(i % 3)],
        "meta": None if i % 6 == 0 else {"a": i, "b": None if i % 9 == 0 else {"c": [1, None, i][: i % 4]}},
        "attrs": None if i % 9 == 0 else [("k", i), ("z", None)][: i % 3],
    }


ROWS = [_row(i) for i in range(2500)]
TABLE = pa.Table.from_pylist(ROWS, schema=SCHEMA)


def _same_as_pyarrow(path: Path) -> None:
    expected = pq.read_table(path).to_pylist()
    f = P.ParquetFile(path)
    assert f.names == list(pq.ParquetFile(path).schema_arrow.names)
    assert f.num_rows == len(expected)
    got = list(f.iter_rows())
    assert len(got) == len(expected)
    for i, (a, b) in enumerate(zip(got, expected, strict=True)):
        assert a == b, f"row {i}"


@pytest.mark.parametrize("compression", ["none", "snappy", "gzip"])
@pytest.mark.parametrize("dictionary", [True, False])
@pytest.mark.parametrize("page_version", ["1.0", "2.0"])
def test_pyarrow_files(tmp_path: Path, compression: str, dictionary: bool, page_version: str) -> None:
    p = tmp_path / "t.parquet"
    pq.write_table(TABLE, p, compression=compression, use_dictionary=dictionary, data_page_version=page_version,
                   row_group_size=600, data_page_size=4096)
    assert pq.ParquetFile(p).metadata.num_row_groups == 5
    _same_as_pyarrow(p)


@pytest.mark.parametrize("page_version", ["1.0", "2.0"])
def test_delta_and_byte_stream_split_encodings(tmp_path: Path, page_version: str) -> None:
    p = tmp_path / "delta.parquet"
    pq.write_table(TABLE, p, compression="snappy", use_dictionary=False, data_page_version=page_version,
                   row_group_size=1000, column_encoding={
                       "n": "DELTA_BINARY_PACKED", "i32": "DELTA_BINARY_PACKED", "s": "DELTA_BYTE_ARRAY",
                       "tags.list.element": "DELTA_LENGTH_BYTE_ARRAY", "f": "BYTE_STREAM_SPLIT",
                       "f32": "BYTE_STREAM_SPLIT",
                       "conversations.list.element.value": "DELTA_LENGTH_BYTE_ARRAY"})
    encodings = {c: pq.ParquetFile(p).metadata.row_group(0).column(i).encodings
                 for i, c in enumerate(pq.ParquetFile(p).schema.names)}
    assert "DELTA_BYTE_ARRAY" in encodings["s"] and "DELTA_BINARY_PACKED" in encodings["n"]
    _same_as_pyarrow(p)


def test_legacy_two_level_lists_and_required_columns(tmp_path: Path) -> None:
    schema = pa.schema([pa.field("id", pa.int64(), nullable=False),
                        pa.field("xs", pa.list_(pa.field("item", pa.string(), nullable=False)), nullable=False)])
    t = pa.Table.from_pylist([{"id": i, "xs": [str(j) for j in range(i % 4)]} for i in range(300)], schema=schema)
    p = tmp_path / "legacy.parquet"
    pq.write_table(t, p, use_compliant_nested_type=False)
    _same_as_pyarrow(p)


@pytest.mark.parametrize("codec", ["snappy", "gzip", "zstd", "lz4", "brotli", "none"])
def test_every_codec_pandas_polars_and_duckdb_write_reads_as_pyarrow_reads_it(tmp_path: Path, codec: str) -> None:
    p = tmp_path / f"{codec}.parquet"
    pq.write_table(TABLE, p, compression=codec)
    written = {pq.ParquetFile(p).metadata.row_group(0).column(i).compression for i in range(len(TABLE.schema))}
    assert written == {"UNCOMPRESSED" if codec == "none" else codec.upper()}  # pyarrow names LZ4_RAW "LZ4"
    _same_as_pyarrow(p)


@pytest.mark.parametrize("layout", ["hadoop", "frame", "block"])
def test_legacy_lz4_pages_in_each_layout_writers_use(layout: str) -> None:
    import cramjam

    data = b"the quick brown fox " * 500
    block = bytes(cramjam.lz4.compress_block(data, store_size=False))
    body = {"hadoop": struct.pack(">II", len(data), len(block)) + block,
            "frame": bytes(cramjam.lz4.compress(data)), "block": block}[layout]
    assert PR._decompress(P.LZ4, body, len(data)) == data


def test_lzo_gives_the_codec_error_and_a_lying_page_is_refused() -> None:
    with pytest.raises(PR._Unsupported) as ei:
        PR._decompress(P.LZO, b"x", 1)
    assert ei.value.codec == "LZO"
    import cramjam

    for codec, body in [(P.ZSTD, bytes(cramjam.zstd.compress(b"a" * 100))),
                        (P.SNAPPY, bytes(cramjam.snappy.compress_raw(b"a" * 100)))]:
        with pytest.raises(PR._Corrupt, match="declared 50 bytes"):
            PR._decompress(codec, body, 50)
        with pytest.raises(PR._Corrupt):
            PR._decompress(codec, body, 150)  # gives less than it declares


def test_our_writer_writes_snappy_that_pyarrow_reads(tmp_path: Path) -> None:
    rows = [{"messages": [{"role": "user", "content": f"q{i} " * 50}, {"role": "assistant", "content": f"a{i}"}]}
            for i in range(500)]
    p = tmp_path / "ours.parquet"
    P.write_table(p, rows)
    assert pq.ParquetFile(p).metadata.row_group(0).column(0).compression == "SNAPPY"
    assert pq.read_table(p).to_pylist() == rows == P.read_table(p)


@pytest.mark.parametrize("damage", ["truncated", "not_parquet", "tiny", "bad_footer", "cut_data"])
def test_damaged_files_give_a_clear_error(tmp_path: Path, damage: str) -> None:
    good = tmp_path / "good.parquet"
    pq.write_table(TABLE.slice(0, 200), good, compression="snappy")
    data = good.read_bytes()
    p = tmp_path / "bad.parquet"
    if damage == "truncated":
        p.write_bytes(data[: len(data) // 2])
    elif damage == "not_parquet":
        p.write_bytes(b'{"messages": []}\n' * 10)
    elif damage == "tiny":
        p.write_bytes(b"PAR1")
    elif damage == "bad_footer":
        flen = int.from_bytes(data[-8:-4], "little")
        p.write_bytes(data[: len(data) - 8 - flen] + b"\xff" * flen + data[-8:])
    else:  # the column data overwritten, the footer intact
        p.write_bytes(data[:4] + b"\x07" * (len(data) // 2) + data[4 + len(data) // 2:])
    with pytest.raises(DatasetFormatError) as ei:
        list(P.ParquetFile(p).iter_rows())
    assert ei.value.code == "dataset_parquet_invalid"
    assert str(p) in ei.value.message


@pytest.mark.parametrize("compression", ["none", "gzip"])
def test_writer_round_trips_through_pyarrow(tmp_path: Path, compression: str) -> None:
    rows: list[dict[str, Any]] = [
        {"messages": [{"role": "system", "content": "Be kind."}, {"role": "user", "content": 'Say "hi" 🙂'},
                      {"role": "assistant", "content": ""}]},
        {"messages": []},
        {"messages": None},
        {"messages": [None, {"role": "user", "content": None}, {"role": None, "content": "x" * 5000}]},
    ] + [{"messages": [{"role": "user", "content": f"q{i} naïve"}, {"role": "assistant", "content": f"a{i}"}]}
         for i in range(3000)]
    p = tmp_path / "w.parquet"
    assert P.write_table(p, rows, compression=compression, row_group_size=1000) == len(rows)
    pf = pq.ParquetFile(p)
    assert pf.metadata.num_row_groups == 4
    assert pf.schema_arrow.field("messages").type == pa.list_(pa.field("element", MSG))
    assert pq.read_table(p).to_pylist() == rows
    assert P.read_table(p) == rows


def test_writer_to_a_file_object_and_empty_table(tmp_path: Path) -> None:
    buf = io.BytesIO()
    P.write_table(buf, [{"messages": [{"role": "user", "content": "hi"}]}])
    assert pq.read_table(io.BytesIO(buf.getvalue())).to_pylist() == [{"messages": [{"role": "user", "content": "hi"}]}]
    p = tmp_path / "empty.parquet"
    assert P.write_table(p, []) == 0
    assert pq.read_table(p).num_rows == 0
    assert P.read_table(p) == []
    assert P.ParquetFile(p).names == ["messages"]


def test_formats_reads_sharegpt_and_chat_parquet_without_pyarrow_nulls(tmp_path: Path) -> None:
    p = tmp_path / "sg.parquet"
    pq.write_table(pa.Table.from_pylist([{"conversations": [{"from": "human", "value": "q"},
                                                            {"from": "gpt", "value": "a"}]}] * 3), p)
    got = list(F.read_examples(p))
    assert [n for n, _ in got] == [1, 2, 3]
    assert got[0][1]["messages"] == [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    chat = tmp_path / "chat.parquet"
    pq.write_table(pa.Table.from_pylist([_row(1), _row(4)], schema=SCHEMA).select(["messages"]), chat)
    ex = [e for _, e in F.read_examples(chat)]
    assert ex[0]["messages"][2] == {"role": "assistant", "content": "answer 1 naïve café 🙂", "weight": 1}
    assert F.read_columns(chat) == ["messages"]


def test_formats_needs_no_pyarrow(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['numpy'] = None\n"
        "from fttool.datasets import formats as F\n"
        "ex = [{'messages': [{'role': 'user', 'content': 'q'}, {'role': 'assistant', 'content': 'a'}]}] * 3\n"
        f"p = {str(tmp_path / 'x.parquet')!r}\n"
        "assert F.write_format(p, ex, 'parquet') == 3\n"
        "assert F.detect_format(p) == 'parquet' and F.read_columns(p) == ['messages']\n"
        "assert [e for _, e in F.read_examples(p)] == ex\n"
        "assert 'pyarrow.parquet' not in sys.modules\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    assert pq.read_table(tmp_path / "x.parquet").to_pylist() == [
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}] * 3


def test_timestamps_dates_and_legacy_int96(tmp_path: Path) -> None:
    import datetime as dt

    base = dt.datetime(2024, 2, 29, 23, 59, 58, 123456)
    rows = [{"ts": None if i % 5 == 0 else base + dt.timedelta(days=i * 400 - 30000, seconds=i * 37),
             "d": dt.date(1969, 12, 31) + dt.timedelta(days=i * 11)} for i in range(200)]
    t = pa.Table.from_pylist(rows, schema=pa.schema([("ts", pa.timestamp("us")), ("d", pa.date32())]))
    for name, kwargs in (("micros", {}), ("int96", {"use_deprecated_int96_timestamps": True})):
        p = tmp_path / f"{name}.parquet"
        pq.write_table(t, p, **kwargs)
        physical = pq.ParquetFile(p).metadata.row_group(0).column(0).physical_type
        assert physical == ("INT96" if name == "int96" else "INT64")
        _same_as_pyarrow(p)
        assert [r["ts"] for r in P.ParquetFile(p).iter_rows()] == [r["ts"] for r in rows]
