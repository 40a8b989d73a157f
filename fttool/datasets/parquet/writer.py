"""Parquet writing: `write_table(path_or_file, rows)` for the one table fttool writes. Imports the format module
(thrift) and cramjam (snappy)."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterable
from typing import IO, Any

import cramjam

from fttool.datasets.parquet.thrift import (
    BYTE_ARRAY,
    CT_LIST,
    CT_UTF8,
    DATA_PAGE,
    GZIP,
    MAGIC,
    OPTIONAL,
    PLAIN,
    REPEATED,
    RLE,
    SNAPPY,
    UNCOMPRESSED,
    _ThriftWriter,
)

# The table: a `messages` column of type list<struct<role: string, content: string>> (PLAIN, data page v1,
# snappy (the default), gzip or none, one row group per 50,000 rows).
ROW_GROUP_ROWS = 50_000


def _rle_runs(levels: list[int]) -> bytes:
    """Levels as RLE runs of the hybrid encoding (bit width <= 8), with the 4-byte length prefix."""
    out = bytearray()
    i, n = 0, len(levels)
    while i < n:
        v = levels[i]
        j = i + 1
        while j < n and levels[j] == v:
            j += 1
        run = (j - i) << 1
        while run > 0x7F:
            out.append((run & 0x7F) | 0x80)
            run >>= 7
        out.append(run)
        out.append(v)
        i = j
    return struct.pack("<I", len(out)) + bytes(out)


_SCHEMA_STRING: list[tuple[int, int, Any]] = [(1, 12, [])]  # LogicalType STRING
_SCHEMA_LIST: list[tuple[int, int, Any]] = [(3, 12, [])]  # LogicalType LIST


def _schema_elements() -> list[list[tuple[int, int, Any]]]:
    return [
        [(4, 8, "schema"), (5, 5, 1)],
        [(3, 5, OPTIONAL), (4, 8, "messages"), (5, 5, 1), (6, 5, CT_LIST), (10, 12, _SCHEMA_LIST)],
        [(3, 5, REPEATED), (4, 8, "list"), (5, 5, 1)],
        [(3, 5, OPTIONAL), (4, 8, "element"), (5, 5, 2)],
        [(1, 5, BYTE_ARRAY), (3, 5, OPTIONAL), (4, 8, "role"), (6, 5, CT_UTF8), (10, 12, _SCHEMA_STRING)],
        [(1, 5, BYTE_ARRAY), (3, 5, OPTIONAL), (4, 8, "content"), (6, 5, CT_UTF8), (10, 12, _SCHEMA_STRING)],
    ]


def _shred(rows: list[Any], key: str) -> tuple[list[int], list[int], list[bytes]]:
    """Repetition levels, definition levels and the present values of messages.list.element.<key>."""
    reps: list[int] = []
    defs: list[int] = []
    vals: list[bytes] = []
    for row in rows:
        msgs = row.get("messages") if isinstance(row, dict) else None
        if msgs is None:
            reps.append(0)
            defs.append(0)
            continue
        if not msgs:
            reps.append(0)
            defs.append(1)
            continue
        r = 0
        for m in msgs:
            reps.append(r)
            r = 1
            if m is None:
                defs.append(2)
                continue
            v = m.get(key)
            if v is None:
                defs.append(3)
            else:
                defs.append(4)
                vals.append(v.encode("utf-8") if isinstance(v, str) else bytes(v))
    return reps, defs, vals


class _Writer:
    def __init__(self, f: IO[bytes], compression: str) -> None:
        comp = (compression or "none").lower()
        if comp in ("none", "uncompressed"):
            self.codec = UNCOMPRESSED
        elif comp == "gzip":
            self.codec = GZIP
        elif comp == "snappy":
            self.codec = SNAPPY
        else:
            raise ValueError(f"compression {compression!r}: fttool writes 'snappy', 'gzip' or 'none'")
        self.f = f
        self.offset = 0
        self.row_groups: list[list[tuple[int, int, Any]]] = []
        self.num_rows = 0
        self._write(MAGIC)

    def _write(self, b: bytes) -> None:
        self.f.write(b)
        self.offset += len(b)

    def _compress(self, data: bytes) -> bytes:
        if self.codec == GZIP:
            c = zlib.compressobj(6, zlib.DEFLATED, 31)
            return c.compress(data) + c.flush()
        if self.codec == SNAPPY:
            return bytes(cramjam.snappy.compress_raw(data))
        return data

    def row_group(self, rows: list[Any]) -> None:
        chunks = []
        total = 0
        for key in ("role", "content"):
            reps, defs, vals = _shred(rows, key)
            start = self.offset
            usize_total = 0
            # pages of about 1 MiB of values, each starting at a row boundary
            i = vi = 0
            n = len(reps)
            while i < n:
                j, vj, size = i, vi, 0
                while j < n and (size < (1 << 20) or reps[j] != 0):
                    if defs[j] == 4:
                        size += 4 + len(vals[vj])
                        vj += 1
                    j += 1
                body = bytearray(_rle_runs(reps[i:j]))
                body += _rle_runs(defs[i:j])
                for v in vals[vi:vj]:
                    body += struct.pack("<I", len(v))
                    body += v
                raw = bytes(body)
                comp = self._compress(raw)
                tw = _ThriftWriter()
                tw.struct([(1, 5, DATA_PAGE), (2, 5, len(raw)), (3, 5, len(comp)),
                           (5, 12, [(1, 5, j - i), (2, 5, PLAIN), (3, 5, RLE), (4, 5, RLE)])])
                header = bytes(tw.out)
                self._write(header)
                self._write(comp)
                usize_total += len(header) + len(raw)
                i, vi = j, vj
            csize_total = self.offset - start
            total += usize_total
            meta = [(1, 5, BYTE_ARRAY), (2, 9, (5, [PLAIN, RLE])), (3, 9, (8, ["messages", "list", "element", key])),
                    (4, 5, self.codec), (5, 6, len(reps)), (6, 6, usize_total), (7, 6, csize_total),
                    (9, 6, start)]
            chunks.append([(2, 6, start), (3, 12, meta)])
        self.row_groups.append([(1, 9, (12, chunks)), (2, 6, total), (3, 6, len(rows))])
        self.num_rows += len(rows)

    def close(self) -> None:
        tw = _ThriftWriter()
        tw.struct([(1, 5, 1), (2, 9, (12, _schema_elements())), (3, 6, self.num_rows),
                   (4, 9, (12, self.row_groups)), (6, 8, "fttool")])
        footer = bytes(tw.out)
        self._write(footer)
        self._write(struct.pack("<I", len(footer)))
        self._write(MAGIC)


def write_table(path_or_file: str | os.PathLike[str] | IO[bytes], rows: Iterable[Any], *,
                compression: str = "snappy", row_group_size: int = ROW_GROUP_ROWS) -> int:
    """Write rows {"messages": [{"role": str, "content": str}, ...]} as Parquet. Returns the row count.

    A file object must be positioned at its start (the offsets in the footer are from there)."""
    if isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, "wb") as f:
            return write_table(f, rows, compression=compression, row_group_size=row_group_size)
    w = _Writer(path_or_file, compression)
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= row_group_size:
            w.row_group(batch)
            batch = []
    if batch:
        w.row_group(batch)
    w.close()
    return w.num_rows
