"""The errors of reading and converting data files: DatasetFormatError (exit 2) and ConversionRefused (exit 1).
Imports only fttool.errors, so every reader (formats, delimited, parquet, fixes) can raise them."""

from __future__ import annotations

from typing import Any

from fttool.errors import FtError


class DatasetFormatError(FtError):
    """A file or record that cannot be read or converted (names the file and the record's line): CLI exit 2,
    the exit of input that cannot be read, as for a missing file."""

    default_code = "dataset_record_invalid"
    exit_code = 2

    def __init__(self, code: str | None = None, *, line: int | None = None, **params: Any) -> None:
        self.line = line
        super().__init__(code, line=line, **params)


class ConversionRefused(DatasetFormatError):
    """An example the target format cannot hold whole (names its line and what would be lost): the input was
    read, the command refused to write, CLI exit 1."""

    exit_code = 1
