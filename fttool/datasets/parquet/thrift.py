"""The Parquet format's numbers (physical types, repetition, encodings, page types, codecs, converted types), its
two internal errors, and the Thrift compact protocol of its footer and page headers, both ways. Imports nothing
of fttool; the reader and the writer import it."""

from __future__ import annotations

import struct
from typing import Any

MAGIC = b"PAR1"

# physical types
BOOLEAN, INT32, INT64, INT96, FLOAT, DOUBLE, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY = range(8)
# repetition
REQUIRED, OPTIONAL, REPEATED = range(3)
# encodings
PLAIN, PLAIN_DICTIONARY, RLE, BIT_PACKED = 0, 2, 3, 4
DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, RLE_DICTIONARY, BYTE_STREAM_SPLIT = 5, 6, 7, 8, 9
# page types
DATA_PAGE, INDEX_PAGE, DICTIONARY_PAGE, DATA_PAGE_V2 = range(4)
# codecs
CODECS = {0: "UNCOMPRESSED", 1: "SNAPPY", 2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW"}
UNCOMPRESSED, SNAPPY, GZIP, LZO, BROTLI, LZ4, ZSTD, LZ4_RAW = range(8)
# converted types
CT_UTF8, CT_MAP, CT_MAP_KEY_VALUE, CT_LIST, CT_ENUM, CT_DECIMAL, CT_DATE = range(7)
CT_TIMESTAMP_MILLIS, CT_TIMESTAMP_MICROS = 9, 10
JULIAN_1970 = 2_440_588  # the Julian day number of 1970-01-01, the epoch of INT96 timestamps
CT_UINT_8, CT_UINT_16, CT_UINT_32, CT_UINT_64 = 11, 12, 13, 14
CT_JSON = 19


class _Corrupt(Exception):
    """Internal: the bytes do not parse (turned into DatasetFormatError naming the file)."""


class _Unsupported(Exception):
    """Internal: a feature this reader does not have (codec, encoding)."""

    def __init__(self, what: str, codec: str | None = None) -> None:
        super().__init__(what)
        self.codec = codec


# -- Thrift compact protocol ---------------------------------------------------------------------------------
class _ThriftReader:
    """Decodes Thrift compact structs into dicts {field id: value} (nested structs likewise)."""

    __slots__ = ("buf", "pos")

    def __init__(self, buf: bytes, pos: int = 0) -> None:
        self.buf = buf
        self.pos = pos

    def varint(self) -> int:
        buf = self.buf
        shift = result = 0
        while True:
            b = buf[self.pos]
            self.pos += 1
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7
            if shift > 70:
                raise _Corrupt("varint too long")

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, t: int) -> Any:
        if t == 1:
            return True
        if t == 2:
            return False
        if t == 3:
            b = self.buf[self.pos]
            self.pos += 1
            return b - 256 if b > 127 else b
        if t in (4, 5, 6):
            return self.zigzag()
        if t == 7:
            (v,) = struct.unpack_from("<d", self.buf, self.pos)
            self.pos += 8
            return v
        if t == 8:
            n = self.varint()
            start = self.pos
            self.pos += n
            if self.pos > len(self.buf):
                raise _Corrupt("binary runs past the end")
            return self.buf[start:self.pos]
        if t in (9, 10):
            head = self.buf[self.pos]
            self.pos += 1
            size, et = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            if et in (1, 2):  # booleans in a list: one byte each
                out = [self.buf[self.pos + i] == 1 for i in range(size)]
                self.pos += size
                return out
            return [self.value(et) for _ in range(size)]
        if t == 11:
            size = self.varint()
            if not size:
                return {}
            kv = self.buf[self.pos]
            self.pos += 1
            kt, vt = kv >> 4, kv & 0x0F
            return {self._key(self.value(kt)): self.value(vt) for _ in range(size)}
        if t == 12:
            return self.struct()
        raise _Corrupt(f"unknown Thrift type {t}")

    @staticmethod
    def _key(k: Any) -> Any:
        return k if not isinstance(k, (dict, list)) else repr(k)

    def struct(self) -> dict[int, Any]:
        out: dict[int, Any] = {}
        fid = 0
        buf = self.buf
        while True:
            head = buf[self.pos]
            self.pos += 1
            if head == 0:
                return out
            t = head & 0x0F
            delta = head >> 4
            fid = fid + delta if delta else self.zigzag()
            out[fid] = self.value(t)


class _ThriftWriter:
    """Writes Thrift compact structs given as lists of (field id, type, value), in field id order."""

    def __init__(self) -> None:
        self.out = bytearray()

    def varint(self, n: int) -> None:
        out = self.out
        while n > 0x7F:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)

    def zigzag(self, n: int) -> None:
        self.varint((n << 1) ^ (n >> 63))

    def value(self, t: int, v: Any) -> None:
        if t in (4, 5, 6):
            self.zigzag(v)
        elif t == 8:
            b = v.encode("utf-8") if isinstance(v, str) else bytes(v)
            self.varint(len(b))
            self.out += b
        elif t == 9:
            et, items = v
            if len(items) < 15:
                self.out.append((len(items) << 4) | et)
            else:
                self.out.append(0xF0 | et)
                self.varint(len(items))
            for item in items:
                self.value(et, item)
        elif t == 12:
            self.struct(v)
        else:  # pragma: no cover - not used by the writer
            raise ValueError(f"Thrift type {t}")

    def struct(self, fields: list[tuple[int, int, Any]]) -> None:
        last = 0
        for fid, t, v in fields:
            if v is None:
                continue
            if t == 1:  # bool: the type carries the value
                t = 1 if v else 2
            delta = fid - last
            if 0 < delta <= 15:
                self.out.append((delta << 4) | t)
            else:
                self.out.append(t)
                self.zigzag(fid)
            if t not in (1, 2):
                self.value(t, v)
            last = fid
        self.out.append(0)
