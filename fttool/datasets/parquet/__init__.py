"""Parquet without pyarrow: a pure-Python reader and a small writer, with cramjam for the codecs. Modules: thrift
(the format's numbers and its Thrift compact protocol), reader and writer (each imports thrift only); here, the
public names: ParquetFile, read_table, write_table and the codec numbers."""

from __future__ import annotations

# Why our own reader: pyarrow is about 171 MB unpacked (half the bundle's 350 MB cap) for the one table shape
# fttool reads and writes, and fastparquet needs pandas and numpy; cramjam (about 4.5 MB, the codec layer
# fastparquet uses) does the decompression, so no codec code is ours.
from fttool.datasets.parquet.reader import MAX_PAGE_BYTES, MAX_VALUES_PER_PAGE, ParquetFile, read_table
from fttool.datasets.parquet.thrift import (
    BROTLI,
    CODECS,
    GZIP,
    LZ4,
    LZ4_RAW,
    LZO,
    MAGIC,
    SNAPPY,
    UNCOMPRESSED,
    ZSTD,
)
from fttool.datasets.parquet.writer import ROW_GROUP_ROWS, write_table

__all__ = ["BROTLI", "CODECS", "GZIP", "LZ4", "LZ4_RAW", "LZO", "MAGIC", "MAX_PAGE_BYTES", "MAX_VALUES_PER_PAGE",
           "ROW_GROUP_ROWS", "SNAPPY", "UNCOMPRESSED", "ZSTD", "ParquetFile", "read_table", "write_table"]
