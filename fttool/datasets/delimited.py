"""CSV and TSV files as spreadsheets write them: the encoding and the delimiter found, any cell size, and errors
that name the file, the line and the column.

Parsing is the standard library's `csv` module; the encoding guess is charset-normalizer's (the detector
requests and httpx use). What is ours is the order of the checks, which is what a spreadsheet user needs:

- encoding: a byte order mark (UTF-8, UTF-16, UTF-32) decides; else UTF-8 when the bytes are UTF-8 (most files,
  and every file Google Sheets, pandas, polars or DuckDB write); else charset-normalizer's best guess (Excel's
  "CSV" is the system's ANSI code page: Windows-1252 in western Europe, GBK in China, Windows-1251 in Russia).
  A guess is marked `encoding_guessed` so the import dialog shows it and lets the person change it.
- delimiter: `,` `;` tab `|`, the one that splits the first records into the same number of columns (more than
  one); Excel writes `;` where the decimal separator is a comma.
- no cell size limit (the module's default, 128 KiB, refuses long answers);
- strict quoting: a stray `"` is an error naming its line, never a cell that swallows every row after it.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fttool.datasets.errors import DatasetFormatError

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
SAMPLE_BYTES = 1 << 18
MIN_EVIDENCE_BYTES = 16  # fewer bytes above 0x7F than this: no guess, the most common code page  # what the guesses look at
WHOLE_FILE_CHECK_BYTES = 8 << 20  # files up to this size are checked as UTF-8 whole before UTF-8 is chosen
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# The code pages Excel's "CSV" is saved in (the system's ANSI code page) and the East Asian ones, most common
# first: the order breaks the detector's ties.
SPREADSHEET_ENCODINGS = ("cp1252", "cp1251", "gb18030", "shift_jis", "cp1250", "big5", "euc_kr", "cp1254",
                         "cp1253", "cp1257", "cp1255", "cp1256", "cp1258", "cp874", "koi8_r", "euc_jp")


def _prevalence(name: str) -> int:
    try:
        return [codecs.lookup(e).name for e in SPREADSHEET_ENCODINGS].index(codecs.lookup(name).name)
    except (LookupError, ValueError):
        return len(SPREADSHEET_ENCODINGS)


csv.field_size_limit(2**31 - 1)  # a C long on every platform (sys.maxsize overflows on Windows)


@dataclass(frozen=True)
class Dialect:
    """How a delimited text file is written. `encoding_guessed`: the encoding came from the detector (no byte
    order mark, not UTF-8), so a person should look at the preview."""

    encoding: str
    delimiter: str
    encoding_guessed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def detect_encoding(path: Path) -> tuple[str, bool]:
    """(Python codec name, guessed)."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(SAMPLE_BYTES)
        for bom, name in BOMS:
            if head.startswith(bom):
                return name, False
        if _is_utf8(head, final=size <= SAMPLE_BYTES):
            if size <= SAMPLE_BYTES:
                return "utf-8", False
            if size <= WHOLE_FILE_CHECK_BYTES:
                f.seek(0)
                if _is_utf8(f.read(), final=True):
                    return "utf-8", False
            else:
                return "utf-8", False  # a later line that is not UTF-8 is named when it is read
    return guess_encoding(head), True


def guess_encoding(data: bytes) -> str:
    """charset-normalizer's guess among the code pages spreadsheets are saved in (cp1252 when it has none)."""
    if sum(b >= 0x80 for b in data[:1 << 16]) < MIN_EVIDENCE_BYTES:
        return "cp1252"  # a few accented letters ("café") tell no code page apart: take the most common one
    from charset_normalizer import from_bytes

    # Only the code pages spreadsheets save in: left free, the detector picks Mac encodings for Windows files.
    # Ties (a short French text is as plausible in cp1250 as in cp1252) go to the more common one.
    matches = list(from_bytes(data, cp_isolation=list(SPREADSHEET_ENCODINGS)))
    matches.sort(key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), _prevalence(m.encoding)))
    name = matches[0].encoding if matches else "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"


def _is_utf8(data: bytes, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
        return True
    except UnicodeDecodeError:
        return False


def detect_delimiter(text: str, default: str = ",") -> str:
    """The delimiter that splits the first records into the same number of columns, the most columns winning."""
    best, best_cols = default, 1
    for d in DELIMITERS:
        try:
            rows = [r for r, _ in zip(csv.reader(io.StringIO(text), delimiter=d), range(20), strict=False) if r]
        except csv.Error:
            continue
        if len(rows) > 1 and not text.endswith(("\n", "\r")):
            rows = rows[:-1]  # the sample may cut the last record
        widths = {len(r) for r in rows}
        if len(widths) == 1 and (cols := widths.pop()) > best_cols:
            best, best_cols = d, cols
    return best


def sniff(path: str | os.PathLike[str], fmt: str | None = None, *, encoding: str | None = None,
          delimiter: str | None = None) -> Dialect:
    """The file's dialect; `encoding` and `delimiter`, when given, are taken as they are (a person chose them)."""
    p = Path(path)
    guessed = False
    if encoding is None:
        encoding, guessed = detect_encoding(p)
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise DatasetFormatError("dataset_encoding_unknown", path=str(p), encoding=encoding) from None
    if delimiter is None:
        with open(p, encoding=encoding, errors="replace", newline="") as f:
            sample = f.read(SAMPLE_BYTES)
        delimiter = detect_delimiter(sample, default="\t" if fmt == "tsv" else ",")
    return Dialect(encoding=encoding, delimiter=delimiter, encoding_guessed=guessed)


def rows(path: str | os.PathLike[str], dialect: Dialect) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, cells) for every record, the header first. A record the csv module cannot
    parse, or bytes that are not text in the dialect's encoding, raise DatasetFormatError naming the line."""
    p = Path(path)
    with open(p, "rb") as f:
        # strict: a stray quote is an error at its line instead of a cell that silently swallows the rows after it
        reader = csv.reader(_text_lines(f, dialect.encoding, p), delimiter=dialect.delimiter, strict=True)
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise DatasetFormatError("dataset_csv_invalid", path=str(p), line=start, detail=str(exc)) from None
            yield start, cells
            start = reader.line_num + 1


def _text_lines(f: Any, encoding: str, p: Path) -> Iterator[str]:
    """The file's lines decoded one by one, so bytes that are not text in `encoding` are named by their line
    (a decoding file object fails on a whole 8 KiB block). UTF-16/32 are decoded whole: their newline is two or
    four bytes."""
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        n = 0
        try:
            for n, line in enumerate(io.TextIOWrapper(f, encoding=encoding, newline=""), 1):  # noqa: B007
                yield line
        except UnicodeDecodeError:  # in the 8 KiB block after line n: the line is the first it could be
            raise DatasetFormatError("dataset_csv_encoding", path=str(p), line=n + 1, encoding=encoding) from None
        return
    decode = codecs.getincrementaldecoder(encoding)().decode
    for n, raw in enumerate(f, 1):
        try:
            yield decode(raw)
        except UnicodeDecodeError:
            raise DatasetFormatError("dataset_csv_encoding", path=str(p), line=n, encoding=encoding) from None


def preview(path: str | os.PathLike[str], dialect: Dialect, limit: int = 5) -> dict[str, Any]:
    """The header and the first `limit` records, for the import dialog (a wrong guess shows as garbled text or as
    one wide column)."""
    header: list[str] = []
    records: list[list[str]] = []
    for n, (_line, cells) in enumerate(rows(path, dialect)):
        if n == 0:
            header = cells
        else:
            records.append([c[:200] for c in cells])
        if n >= limit:
            break
    return {"columns": header, "rows": records, **dialect.to_dict()}
