"""Parquet reading: the footer, data pages v1 and v2, dictionary pages, every encoding and codec (through cramjam)
and nested columns assembled into rows, with bounds a hostile file cannot pass. Imports the format module
(thrift), cramjam and the datasets room's errors."""

from __future__ import annotations

import datetime as _dt
import decimal
import os
import struct
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

import cramjam

from fttool.datasets.errors import DatasetFormatError
from fttool.datasets.parquet.thrift import (
    BIT_PACKED,
    BOOLEAN,
    BROTLI,
    BYTE_ARRAY,
    BYTE_STREAM_SPLIT,
    CODECS,
    CT_DATE,
    CT_DECIMAL,
    CT_ENUM,
    CT_JSON,
    CT_LIST,
    CT_MAP,
    CT_MAP_KEY_VALUE,
    CT_TIMESTAMP_MICROS,
    CT_TIMESTAMP_MILLIS,
    CT_UINT_8,
    CT_UINT_16,
    CT_UINT_32,
    CT_UINT_64,
    CT_UTF8,
    DATA_PAGE,
    DATA_PAGE_V2,
    DELTA_BINARY_PACKED,
    DELTA_BYTE_ARRAY,
    DELTA_LENGTH_BYTE_ARRAY,
    DICTIONARY_PAGE,
    DOUBLE,
    FIXED_LEN_BYTE_ARRAY,
    FLOAT,
    GZIP,
    INT32,
    INT64,
    INT96,
    JULIAN_1970,
    LZ4,
    LZ4_RAW,
    MAGIC,
    OPTIONAL,
    PLAIN,
    PLAIN_DICTIONARY,
    REPEATED,
    REQUIRED,
    RLE,
    RLE_DICTIONARY,
    SNAPPY,
    UNCOMPRESSED,
    ZSTD,
    _Corrupt,
    _ThriftReader,
    _Unsupported,
)

# Data pages v1 and v2, dictionary pages; encodings PLAIN, PLAIN_DICTIONARY/RLE_DICTIONARY, RLE/bit-packed hybrid
# (levels, dictionary indices, booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
# BYTE_STREAM_SPLIT; codecs UNCOMPRESSED, SNAPPY, GZIP, ZSTD, BROTLI, LZ4 (Hadoop-framed, frame or raw) and LZ4_RAW,
# through cramjam. Nested columns (optional fields, LIST in the 3-level and legacy 2-level layouts, STRUCT, MAP)
# are assembled from repetition/definition levels into Python lists, dicts and (key, value) tuples, the way
# pyarrow's `to_pylist()` shows them; nulls are None. LZO (which pyarrow does not read either) raises
# DatasetFormatError("dataset_parquet_codec"); a file that is not Parquet or is cut short raises
# DatasetFormatError("dataset_parquet_invalid").
_DECOMPRESS_INTO: dict[int, Callable[[bytes, bytearray], int]] = {
    SNAPPY: cramjam.snappy.decompress_raw_into,
    GZIP: cramjam.gzip.decompress_into,
    BROTLI: cramjam.brotli.decompress_into,
    ZSTD: cramjam.zstd.decompress_into,
    LZ4_RAW: cramjam.lz4.decompress_block_into,
}


# -- limits: a file of a few hundred bytes must not take more than a bounded amount of memory ----------------
MAX_PAGE_BYTES = 256 << 20  # one page's uncompressed size (writers use about 1 MB; 256 MiB is generous)
MAX_VALUES_PER_PAGE = 20_000_000  # values (and levels) one page may declare
ROWS_PER_FILE_BYTE = 8  # rows a file may declare per byte of its size (a chat row takes far more than a bit)
MIN_ROWS_ALLOWED = 10_000  # below this, any row count is taken as declared


def _check_values(n: int) -> None:
    if n < 0 or n > MAX_VALUES_PER_PAGE:
        raise _Corrupt(f"a page declares {n} values (fttool reads at most {MAX_VALUES_PER_PAGE} a page)")


def _check_rows(n_rows: int, file_size: int, where: str) -> None:
    if n_rows < 0 or (n_rows > MIN_ROWS_ALLOWED and n_rows > ROWS_PER_FILE_BYTE * file_size):
        raise _Corrupt(f"{where} declares {n_rows} rows, more than a {file_size}-byte file can hold")


# -- codecs --------------------------------------------------------------------------------------------------
def _lz4_hadoop(data: bytes, out: bytearray) -> int:
    """Parquet's legacy LZ4 (codec 5): Hadoop's framing (big-endian decompressed and compressed sizes before each
    raw block), else the LZ4 frame format, else one raw block: what writers put under that codec differs, and
    Arrow's reader tries them in this order too."""
    pos = filled = 0
    try:
        while pos + 8 <= len(data):
            usize, csize = struct.unpack_from(">II", data, pos)
            pos += 8
            if csize > len(data) - pos or usize > len(out) - filled:
                raise ValueError("not Hadoop framing")
            view = memoryview(out)[filled:filled + usize]
            if cramjam.lz4.decompress_block_into(data[pos:pos + csize], view) != usize:
                raise ValueError("block size differs")
            pos += csize
            filled += usize
        if pos == len(data) and filled == len(out):
            return filled
    except (ValueError, cramjam.DecompressionError):
        pass
    try:
        return int(cramjam.lz4.decompress_into(data, out))
    except cramjam.DecompressionError:
        return int(cramjam.lz4.decompress_block_into(data, out))


def _decompress(codec: int, data: bytes, size: int) -> bytes:
    """One page body, decompressed into a buffer of the size the page declares: a body that gives more (a
    decompression bomb) or less is refused before more memory is taken. The codecs come from cramjam (the layer
    fastparquet uses), LZO excepted: neither cramjam nor pyarrow reads it."""
    if size < 0 or size > MAX_PAGE_BYTES:
        raise _Corrupt(f"a page declares {size} bytes (fttool reads pages of at most {MAX_PAGE_BYTES >> 20} MiB)")
    if codec == UNCOMPRESSED:
        return data
    into = _DECOMPRESS_INTO.get(codec)
    name = CODECS.get(codec, str(codec))
    if into is None and codec != LZ4:
        raise _Unsupported(f"{name} compression", codec=name)
    out = bytearray(size)
    try:
        n = _lz4_hadoop(data, out) if codec == LZ4 else into(data, out)  # type: ignore[misc]
    except cramjam.DecompressionError as exc:
        raise _Corrupt(f"{name} page decompresses to more than its declared {size} bytes, or is damaged ({exc})") \
            from None
    if n != size:
        raise _Corrupt(f"{name} page gives {n} bytes, expected {size}")
    return bytes(out)


# -- encodings -----------------------------------------------------------------------------------------------
def _uvarint(buf: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _unpack_bits(buf: bytes, pos: int, count: int, bw: int) -> list[int]:
    """`count` little-endian bit-packed values of `bw` bits starting at byte `pos`."""
    if bw == 0:
        return [0] * count
    mask = (1 << bw) - 1
    out: list[int] = []
    step = 64  # values per chunk (a multiple of 8, so chunks start on byte boundaries)
    nbytes = step * bw // 8
    for base in range(0, count, step):
        k = min(step, count - base)
        v = int.from_bytes(buf[pos:pos + (k * bw + 7) // 8], "little")
        pos += nbytes
        if bw == 1:
            out += [(v >> s) & 1 for s in range(k)]
        else:
            out += [(v >> s) & mask for s in range(0, k * bw, bw)]
    return out


def _rle_hybrid(buf: bytes, pos: int, end: int, bw: int, count: int) -> list[int]:
    """The RLE/bit-packed hybrid: `count` values from buf[pos:end]."""
    out: list[int] = []
    vbytes = (bw + 7) // 8
    while len(out) < count and pos < end:
        header, pos = _uvarint(buf, pos)
        left = count - len(out)
        if header & 1:
            groups = header >> 1
            n = min(groups * 8, left + 7)  # a run may not claim more values than the page has left
            out += _unpack_bits(buf, pos, n, bw)
            pos += groups * bw
        else:
            n = min(header >> 1, left)
            v = int.from_bytes(buf[pos:pos + vbytes], "little")
            pos += vbytes
            out += [v] * n
    if len(out) < count:
        raise _Corrupt(f"RLE data ends after {len(out)} of {count} values")
    if len(out) > count:
        del out[count:]
    return out


def _delta_binary(buf: bytes, pos: int, bits: int = 64) -> tuple[list[int], int]:
    """DELTA_BINARY_PACKED values and the position after them."""
    block, pos = _uvarint(buf, pos)
    minis, pos = _uvarint(buf, pos)
    total, pos = _uvarint(buf, pos)
    first, pos = _uvarint(buf, pos)
    first = (first >> 1) ^ -(first & 1)
    if not total:
        return [], pos
    per_mini = block // minis if minis else 0
    out = [first]
    last = first
    while len(out) < total:
        md, pos = _uvarint(buf, pos)
        min_delta = (md >> 1) ^ -(md & 1)
        widths = buf[pos:pos + minis]
        pos += minis
        for w in widths:
            if len(out) >= total:
                break
            deltas = _unpack_bits(buf, pos, per_mini, w)
            pos += per_mini * w // 8
            for d in deltas[:total - len(out)]:
                last += d + min_delta
                out.append(last)
    half = 1 << (bits - 1)
    full = 1 << bits
    return [((v + half) % full) - half for v in out], pos


def _plain(buf: bytes, pos: int, end: int, ptype: int, n: int, type_length: int) -> list[Any]:
    if ptype == BYTE_ARRAY:
        out: list[Any] = []
        unpack = struct.unpack_from
        for _ in range(n):
            (ln,) = unpack("<I", buf, pos)
            pos += 4
            out.append(buf[pos:pos + ln])
            pos += ln
        if pos > end:
            raise _Corrupt("byte array runs past the page")
        return out
    if ptype == INT32:
        return list(struct.unpack_from(f"<{n}i", buf, pos))
    if ptype == INT64:
        return list(struct.unpack_from(f"<{n}q", buf, pos))
    if ptype == DOUBLE:
        return list(struct.unpack_from(f"<{n}d", buf, pos))
    if ptype == FLOAT:
        return list(struct.unpack_from(f"<{n}f", buf, pos))
    if ptype == BOOLEAN:
        return [b == 1 for b in _unpack_bits(buf, pos, n, 1)]
    if ptype == FIXED_LEN_BYTE_ARRAY:
        return [buf[pos + i * type_length:pos + (i + 1) * type_length] for i in range(n)]
    if ptype == INT96:
        return [int.from_bytes(buf[pos + i * 12:pos + i * 12 + 12], "little", signed=True) for i in range(n)]
    raise _Corrupt(f"unknown physical type {ptype}")


_WIDTH = {INT32: 4, INT64: 8, FLOAT: 4, DOUBLE: 8}


def _values(buf: bytes, pos: int, end: int, enc: int, ptype: int, n: int, type_length: int,
            dictionary: list[Any] | None) -> tuple[list[Any], bool]:
    """(values, already_converted): dictionary values are converted once, when the dictionary is read."""
    if n == 0:
        return [], False
    if enc in (PLAIN_DICTIONARY, RLE_DICTIONARY):
        if dictionary is None:
            raise _Corrupt("dictionary-encoded page without a dictionary")
        bw = buf[pos]
        idx = _rle_hybrid(buf, pos + 1, end, bw, n)
        try:
            return [dictionary[i] for i in idx], True
        except IndexError:
            raise _Corrupt("dictionary index out of range") from None
    if enc == PLAIN:
        return _plain(buf, pos, end, ptype, n, type_length), False
    if enc == RLE and ptype == BOOLEAN:
        (ln,) = struct.unpack_from("<I", buf, pos)
        return [b == 1 for b in _rle_hybrid(buf, pos + 4, pos + 4 + ln, 1, n)], False
    if enc == DELTA_BINARY_PACKED and ptype in (INT32, INT64):
        vals, _ = _delta_binary(buf, pos, 32 if ptype == INT32 else 64)
        return vals[:n], False
    if enc == DELTA_LENGTH_BYTE_ARRAY and ptype == BYTE_ARRAY:
        lengths, pos = _delta_binary(buf, pos)
        out: list[Any] = []
        for ln in lengths[:n]:
            out.append(buf[pos:pos + ln])
            pos += ln
        return out, False
    if enc == DELTA_BYTE_ARRAY and ptype in (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY):
        prefixes, pos = _delta_binary(buf, pos)
        lengths, pos = _delta_binary(buf, pos)
        out = []
        prev = b""
        for pre, ln in zip(prefixes[:n], lengths[:n], strict=False):
            prev = prev[:pre] + buf[pos:pos + ln]
            pos += ln
            out.append(prev)
        return out, False
    if enc == BYTE_STREAM_SPLIT and (ptype in _WIDTH or ptype == FIXED_LEN_BYTE_ARRAY):
        w = _WIDTH.get(ptype, type_length)
        joined = bytearray(w * n)
        for k in range(w):
            joined[k::w] = buf[pos + k * n:pos + (k + 1) * n]
        return _plain(bytes(joined), 0, len(joined), ptype, n, type_length), False
    raise _Unsupported(f"encoding {enc} for physical type {ptype}")


# -- schema --------------------------------------------------------------------------------------------------
class Node:
    """A schema element with its place in the tree and its maximum levels."""

    def __init__(self, el: dict[int, Any], parent: Node | None) -> None:
        self.name = el.get(4, b"").decode("utf-8", "replace")
        self.ptype: int | None = el.get(1)
        self.type_length: int = el.get(2, 0)
        self.repetition: int = el.get(3, REQUIRED if parent is None else OPTIONAL)
        self.num_children: int = el.get(5, 0)
        self.converted: int | None = el.get(6)
        self.scale: int = el.get(7, 0)
        self.logical: dict[int, Any] = el.get(10) or {}
        self.children: list[Node] = []
        self.parent = parent
        rep_up = parent.max_rep if parent else 0
        def_up = parent.max_def if parent else 0
        is_root = parent is None
        self.max_rep: int = rep_up + (1 if self.repetition == REPEATED and not is_root else 0)
        self.max_def: int = def_up + (1 if self.repetition != REQUIRED and not is_root else 0)
        self.path: tuple[str, ...] = (parent.path + (self.name,)) if parent and parent.parent else (
            (self.name,) if parent else ())

    @property
    def is_leaf(self) -> bool:
        return self.ptype is not None and not self.num_children

    def leaves(self) -> list[Node]:
        if self.is_leaf:
            return [self]
        return [leaf for c in self.children for leaf in c.leaves()]

    @property
    def is_list(self) -> bool:
        return self.converted == CT_LIST or 3 in self.logical

    @property
    def is_map(self) -> bool:
        return self.converted in (CT_MAP, CT_MAP_KEY_VALUE) or 2 in self.logical

    def is_string(self) -> bool:
        lg = self.logical
        return (self.converted in (CT_UTF8, CT_ENUM, CT_JSON) or 1 in lg or 4 in lg or 12 in lg)

    def converter(self) -> Callable[[Any], Any] | None:
        """How a raw value becomes the Python value pyarrow's to_pylist() gives (None: as it is)."""
        lg, ct, pt = self.logical, self.converted, self.ptype
        if pt in (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY) and self.is_string():
            return lambda b: b.decode("utf-8", "replace")
        if pt in (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY):
            if 5 in lg or ct == CT_DECIMAL:
                scale = (lg.get(5) or {}).get(1, self.scale)
                return lambda b: decimal.Decimal(int.from_bytes(b, "big", signed=True)).scaleb(-scale)
            return None
        if pt in (INT32, INT64):
            if 5 in lg or ct == CT_DECIMAL:
                scale = (lg.get(5) or {}).get(1, self.scale)
                return lambda v: decimal.Decimal(v).scaleb(-scale)
            signed = True
            if 10 in lg:
                signed = bool((lg[10] or {}).get(2, True))
            elif ct in (CT_UINT_8, CT_UINT_16, CT_UINT_32, CT_UINT_64):
                signed = False
            if not signed:
                mod = 1 << (32 if pt == INT32 else 64)
                return lambda v: v % mod
            if 6 in lg or ct == CT_DATE:
                epoch = _dt.date(1970, 1, 1)
                return lambda v: epoch + _dt.timedelta(days=v)
            if 8 in lg or ct in (CT_TIMESTAMP_MILLIS, CT_TIMESTAMP_MICROS):
                ts = lg.get(8) or {}
                unit = ts.get(2) or {}
                per_us = 1000 if (1 in unit or ct == CT_TIMESTAMP_MILLIS) else (0.001 if 3 in unit else 1)
                utc = bool(ts.get(1, ct is not None))
                epoch_dt = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc if utc else None)
                return lambda v: epoch_dt + _dt.timedelta(microseconds=v * per_us)
        if pt == INT96:  # the legacy timestamp (Impala, Spark, Hive): nanoseconds of the day, then a Julian day
            epoch_naive = _dt.datetime(1970, 1, 1)
            mask = (1 << 64) - 1
            return lambda v: epoch_naive + _dt.timedelta(days=(v >> 64) - JULIAN_1970,
                                                         microseconds=(v & mask) // 1000)
        return None


def _build_schema(elements: list[dict[int, Any]]) -> Node:
    if not elements:
        raise _Corrupt("empty schema")
    root = Node(elements[0], None)
    pos = 1

    def fill(node: Node) -> None:
        nonlocal pos
        for _ in range(node.num_children):
            if pos >= len(elements):
                raise _Corrupt("schema ends early")
            child = Node(elements[pos], node)
            pos += 1
            node.children.append(child)
            if child.num_children:
                fill(child)

    fill(root)
    return root


# -- record assembly -----------------------------------------------------------------------------------------
class _Column:
    """One leaf's levels and values for a row group, with the read cursors."""

    __slots__ = ("R", "D", "V", "pos", "vpos", "max_def")

    def __init__(self, rep: list[int] | None, dfn: list[int] | None, vals: list[Any], max_def: int) -> None:
        self.R = rep
        self.D = dfn
        self.V = vals
        self.pos = 0
        self.vpos = 0
        self.max_def = max_def


Reader = Callable[[], Any]


def _reader(node: Node, cols: dict[tuple[str, ...], _Column]) -> Reader:
    """A function that reads the next value of `node` (its parent being defined) from the columns."""
    if node.is_leaf and node.repetition == OPTIONAL:  # the common case, in one call
        col = cols[node.path]
        D, V, md = col.D, col.V, node.max_def
        assert D is not None

        def read_optional_leaf() -> Any:
            p = col.pos
            col.pos = p + 1
            if D[p] < md:
                return None
            v = V[col.vpos]
            col.vpos += 1
            return v
        return read_optional_leaf
    leaves = [cols[leaf.path] for leaf in node.leaves()]
    first = leaves[0]
    inner = _inner_reader(node, cols)
    nd, nr = node.max_def, node.max_rep

    if node.repetition == REPEATED:
        def read_repeated() -> Any:
            D, R = first.D, first.R
            assert D is not None and R is not None
            if D[first.pos] < nd:
                for c in leaves:
                    c.pos += 1
                return []
            out = [inner()]
            n = len(R)
            while first.pos < n and R[first.pos] == nr:
                out.append(inner())
            return out
        return read_repeated
    if node.repetition == OPTIONAL:
        def read_optional() -> Any:
            D = first.D
            assert D is not None
            if D[first.pos] < nd:
                for c in leaves:
                    c.pos += 1
                return None
            return inner()
        return read_optional
    return inner


def _inner_reader(node: Node, cols: dict[tuple[str, ...], _Column]) -> Reader:
    """Reads one present instance of `node` (for a repeated node: one element)."""
    if node.is_leaf:
        col = cols[node.path]

        def read_leaf() -> Any:  # values were converted when their page was decoded
            col.pos += 1
            v = col.V[col.vpos]
            col.vpos += 1
            return v
        return read_leaf
    if node.is_list and len(node.children) == 1 and node.children[0].repetition == REPEATED:
        rep = node.children[0]
        if (not rep.is_leaf and len(rep.children) == 1 and rep.name != "array"
                and rep.name != f"{node.name}_tuple"):
            # 3-level list: repeated group holding the element
            elem = _reader(rep.children[0], cols)
            return _repeated_of(rep, cols, elem)
        return _reader(rep, cols)  # legacy 2-level list: the repeated field is the element
    if node.is_map and len(node.children) == 1 and node.children[0].repetition == REPEATED:
        kv = node.children[0]
        if len(kv.children) == 2:
            kr, vr = _reader(kv.children[0], cols), _reader(kv.children[1], cols)
            return _repeated_of(kv, cols, lambda: (kr(), vr()))
    readers = [(c.name, _reader(c, cols)) for c in node.children]

    def read_struct() -> Any:
        return {name: r() for name, r in readers}
    return read_struct


def _repeated_of(rep: Node, cols: dict[tuple[str, ...], _Column], elem: Reader) -> Reader:
    """Reads repeated node `rep` whose elements are read by `elem` (the list's value, not its group)."""
    leaves = [cols[leaf.path] for leaf in rep.leaves()]
    first = leaves[0]
    nd, nr = rep.max_def, rep.max_rep

    def read_list() -> Any:
        D, R = first.D, first.R
        assert D is not None and R is not None
        if D[first.pos] < nd:
            for c in leaves:
                c.pos += 1
            return []
        out = [elem()]
        n = len(R)
        while first.pos < n and R[first.pos] == nr:
            out.append(elem())
        return out
    return read_list


def _flat_values(node: Node, col: _Column) -> list[Any]:
    """A top-level primitive column as one value per row (None for nulls)."""
    if node.max_def == 0 or col.D is None:
        return col.V
    md = node.max_def
    it = iter(col.V)
    return [next(it) if d == md else None for d in col.D]


# -- the file ------------------------------------------------------------------------------------------------
class ParquetFile:
    """A Parquet file opened for reading: `names`, `num_rows`, `iter_rows()`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        try:
            with open(self.path, "rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                if size < 12:
                    raise _Corrupt(f"{size} bytes, too short for Parquet")
                f.seek(0)
                head = f.read(4)
                f.seek(size - 8)
                tail = f.read(8)
                if head != MAGIC:
                    raise _Corrupt("does not start with PAR1")
                if tail[4:] == b"PARE":
                    raise _Unsupported("encrypted footer")
                if tail[4:] != MAGIC:
                    raise _Corrupt("does not end with PAR1 (the file may be cut short)")
                (flen,) = struct.unpack("<I", tail[:4])
                if flen <= 0 or flen > size - 12:
                    raise _Corrupt(f"footer length {flen} does not fit a {size}-byte file")
                f.seek(size - 8 - flen)
                footer = f.read(flen)
            self.size = size
            meta = _ThriftReader(footer).struct()
            self.schema = _build_schema(meta.get(2) or [])
            self.num_rows: int = meta.get(3, 0)
            self.row_groups: list[dict[int, Any]] = meta.get(4) or []
            _check_rows(self.num_rows, size, "the footer")
            for rg in self.row_groups:
                _check_rows(rg.get(3, 0), size, "a row group")
            self.created_by: str = (meta.get(6) or b"").decode("utf-8", "replace")
        except _Unsupported as exc:
            raise self._error(exc) from None
        except (_Corrupt, IndexError, struct.error, UnicodeDecodeError, ValueError, AttributeError, TypeError,
                KeyError, RecursionError, OverflowError, MemoryError) as exc:  # a damaged footer: any wrong type
            raise self._invalid(exc) from None
        self.names = [c.name for c in self.schema.children]

    # errors
    def _invalid(self, exc: BaseException) -> DatasetFormatError:
        detail = str(exc) or type(exc).__name__
        if isinstance(exc, (IndexError, struct.error)):
            detail = f"the data is cut short or damaged ({exc})"
        elif isinstance(exc, MemoryError):
            detail = "it needs more memory than this computer has to read (it may declare far more data than it holds)"
        return DatasetFormatError("dataset_parquet_invalid", path=self.path, detail=detail)

    def _error(self, exc: _Unsupported) -> DatasetFormatError:
        if exc.codec:
            return DatasetFormatError("dataset_parquet_codec", path=self.path, codec=exc.codec, detail=str(exc))
        return DatasetFormatError("dataset_parquet_invalid", path=self.path, detail=f"not supported: {exc}")

    # reading
    def iter_rows(self, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """Every row as a dict of its top-level columns, one row group in memory at a time."""
        fields = [c for c in self.schema.children if columns is None or c.name in columns]
        with open(self.path, "rb") as f:
            for rg in self.row_groups:
                try:
                    rows = self._row_group(f, rg, fields)
                except _Unsupported as exc:
                    raise self._error(exc) from None
                except (_Corrupt, IndexError, KeyError, struct.error, ValueError, zlib.error, TypeError,
                        AssertionError, StopIteration, MemoryError) as exc:
                    raise self._invalid(exc) from None
                yield from rows

    def iter_batches(self, batch_size: int = 4096, columns: list[str] | None = None) -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for row in self.iter_rows(columns):
            batch.append(row)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def read(self, columns: list[str] | None = None) -> list[dict[str, Any]]:
        return list(self.iter_rows(columns))

    def _row_group(self, f: IO[bytes], rg: dict[int, Any], fields: list[Node]) -> list[dict[str, Any]]:
        n_rows: int = rg.get(3, 0)
        chunks = {tuple(x.decode("utf-8", "replace") for x in cc[3][3]): cc for cc in rg.get(1) or []}
        wanted = {leaf.path: leaf for fld in fields for leaf in fld.leaves()}
        cols: dict[tuple[str, ...], _Column] = {}
        for path, leaf in wanted.items():
            cc = chunks.get(path)
            if cc is None:
                raise _Corrupt(f"row group has no column {'.'.join(path)}")
            if cc.get(1):
                raise _Unsupported("columns stored in another file")
            cols[path] = self._column(f, cc[3], leaf)
        columns: list[tuple[str, list[Any] | Reader]] = []
        for fld in fields:
            if fld.is_leaf and fld.max_rep == 0:
                vals = _flat_values(fld, cols[fld.path])
                if len(vals) != n_rows:
                    raise _Corrupt(f"column {fld.name} has {len(vals)} values for {n_rows} rows")
                columns.append((fld.name, vals))
            else:
                columns.append((fld.name, _reader(fld, cols)))
        out: list[dict[str, Any]] = [{} for _ in range(n_rows)]
        for name, src in columns:
            if isinstance(src, list):
                for row, v in zip(out, src, strict=False):
                    row[name] = v
            else:
                for row in out:
                    row[name] = src()
        return out

    def _column(self, f: IO[bytes], md: dict[int, Any], leaf: Node) -> _Column:
        codec: int = md.get(4, 0)
        num_values: int = md.get(5, 0)
        start: int = md[9]
        dpo = md.get(11)
        if dpo is not None and 0 < dpo < start:
            start = dpo
        length: int = md.get(7, 0)
        if start < 4 or start + length > self.size - 8:
            raise _Corrupt(f"column {'.'.join(leaf.path)} lies outside the file")
        f.seek(start)
        buf = f.read(length)
        ptype = leaf.ptype
        assert ptype is not None
        conv = leaf.converter()
        max_def, max_rep = leaf.max_def, leaf.max_rep
        dbw, rbw = max_def.bit_length(), max_rep.bit_length()
        dictionary: list[Any] | None = None
        R: list[int] | None = [] if max_rep else None
        D: list[int] | None = [] if max_def else None
        V: list[Any] = []
        seen = 0
        pos = 0
        reps: list[int] = []
        defs: list[int] = []
        while seen < num_values and pos < len(buf):
            tr = _ThriftReader(buf, pos)
            ph = tr.struct()
            pos = tr.pos
            ptype_page: int = ph[1]
            csize: int = ph[3]
            usize: int = ph[2]
            body = buf[pos:pos + csize]
            pos += csize
            if len(body) < csize:
                raise _Corrupt("page cut short")
            if ptype_page == DICTIONARY_PAGE:
                dh = ph.get(7) or {}
                data = _decompress(codec, body, usize)
                dictionary = _plain(data, 0, len(data), ptype, dh.get(1, 0), leaf.type_length)
                if conv is not None:
                    dictionary = [conv(v) for v in dictionary]
                continue
            if ptype_page == DATA_PAGE:
                h = ph[5]
                n = h[1]
                _check_values(n)
                data = _decompress(codec, body, usize)
                p = 0
                if max_rep:
                    (ln,) = struct.unpack_from("<I", data, p)
                    reps = _levels(data, p + 4, p + 4 + ln, rbw, n, h.get(4, RLE))
                    p += 4 + ln
                if max_def:
                    (ln,) = struct.unpack_from("<I", data, p)
                    defs = _levels(data, p + 4, p + 4 + ln, dbw, n, h.get(3, RLE))
                    p += 4 + ln
                enc = h.get(2, PLAIN)
            elif ptype_page == DATA_PAGE_V2:
                h = ph[8]
                n = h[1]
                _check_values(n)
                dl, rl = h.get(5, 0), h.get(6, 0)
                if max_rep:
                    reps = _rle_hybrid(body, 0, rl, rbw, n)
                if max_def:
                    defs = _rle_hybrid(body, rl, rl + dl, dbw, n)
                rest = body[rl + dl:]
                if h.get(7, True) and codec != UNCOMPRESSED:
                    rest = _decompress(codec, rest, usize - rl - dl)
                data, p = rest, 0
                enc = h.get(4, PLAIN)
            else:  # index pages and unknown pages are skipped
                continue
            seen += n
            non_null = n
            if max_def:
                non_null = defs.count(max_def)
                assert D is not None
                D += defs
            if max_rep:
                assert R is not None
                R += reps
            vals, done = _values(data, p, len(data), enc, ptype, non_null, leaf.type_length, dictionary)
            if conv is not None and not done:
                vals = [conv(v) for v in vals]
            V += vals
        if seen < num_values:
            raise _Corrupt(f"column {'.'.join(leaf.path)} has {seen} of {num_values} values")
        return _Column(R, D, V, max_def)


def _levels(buf: bytes, pos: int, end: int, bw: int, n: int, enc: int) -> list[int]:
    if enc == BIT_PACKED:  # deprecated: big-endian bit order
        v = int.from_bytes(buf[pos:pos + (n * bw + 7) // 8], "big")
        total = ((n * bw + 7) // 8) * 8
        mask = (1 << bw) - 1
        return [(v >> (total - (i + 1) * bw)) & mask for i in range(n)]
    return _rle_hybrid(buf, pos, end, bw, n)


def read_table(path: str | os.PathLike[str], columns: list[str] | None = None) -> list[dict[str, Any]]:
    """All rows of a Parquet file (small files and tests; use ParquetFile.iter_rows for big ones)."""
    return ParquetFile(path).read(columns)
