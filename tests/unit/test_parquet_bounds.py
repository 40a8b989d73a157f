"""Parquet bombs (issue 26, item 3): a small file cannot make the reader take an unbounded amount of memory. A gzip
page that inflates past its declared size, a page that declares more than the page limit, an RLE run that claims
billions of values, and a footer that declares a billion rows are each refused with a clear data error, quickly,
in a child process whose address space is capped at 1 GiB (a reader that believed them would fail there with a
MemoryError or a crash, not a sentence)."""

from __future__ import annotations

import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fttool.datasets import parquet
from fttool.datasets.parquet import reader

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS caps the child's memory on Linux")

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from fttool.datasets import parquet
from fttool.datasets.parquet import reader
from fttool.errors import FtError
kind, arg = sys.argv[2], sys.argv[3]
t0 = time.monotonic()
try:
    if kind == "file":
        rows = parquet.read_table(arg)
        out = {"ok": True, "rows": len(rows)}
    elif kind == "gzip":
        data = open(arg, "rb").read()
        reader._decompress(parquet.GZIP, data, 4096)
        out = {"ok": True}
    elif kind == "rle":
        buf = bytes([0xfe, 0xff, 0xff, 0xff, 0x0f, 0x01])  # one RLE run claiming ~4 billion values of 1
        out = {"ok": True, "n": len(reader._rle_hybrid(buf, 0, len(buf), 1, 10))}
except FtError as exc:
    out = {"ok": False, "code": exc.code, "message": exc.message}
except reader._Corrupt as exc:
    out = {"ok": False, "code": "corrupt", "message": str(exc)}
out["seconds"] = time.monotonic() - t0
print(json.dumps(out))
"""


def run_capped(kind: str, arg: str) -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), kind, arg], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_a_gzip_page_that_inflates_past_its_size_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "page.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as f:  # 2 GiB of zeros in about 2 MB
        block = b"\0" * (64 << 20)
        for _ in range(32):
            f.write(block)
    assert bomb.stat().st_size < 4 << 20
    out = run_capped("gzip", str(bomb))
    assert not out["ok"] and "more than its declared 4096 bytes" in out["message"] and out["seconds"] < 2, out
    with pytest.raises(reader._Corrupt):
        reader._decompress(parquet.GZIP, gzip.compress(b"x"), 2 << 30)  # a page may not declare 2 GiB either


def test_an_rle_run_cannot_claim_more_values_than_the_page(tmp_path: Path) -> None:
    out = run_capped("rle", "-")
    assert out["ok"] and out["n"] == 10 and out["seconds"] < 2, out  # cut to what the page holds


def test_a_footer_declaring_a_billion_rows_is_refused(tmp_path: Path) -> None:
    small = tmp_path / "small.parquet"
    parquet.write_table(small, [{"messages": [{"role": "user", "content": "hi"},
                                              {"role": "assistant", "content": "yo"}]}] * 3)
    data = small.read_bytes()
    (flen,) = __import__("struct").unpack("<I", data[-8:-4])
    footer = data[-8 - flen:-8]
    big = b"\x16" + bytes(_uvarint(2 * 10**9))  # field 3 (num_rows, i64): a billion rows, zigzag-encoded
    patched = footer.replace(b"\x16\x06", big)  # 3 rows (zigzag 6), in the file and its row group
    assert patched != footer
    bomb = tmp_path / "bomb.parquet"
    bomb.write_bytes(data[:-8 - flen] + patched + len(patched).to_bytes(4, "little") + b"PAR1")
    assert bomb.stat().st_size < 2000
    t0 = time.monotonic()
    out = run_capped("file", str(bomb))
    assert not out["ok"] and out["code"] == "dataset_parquet_invalid", out
    assert "1000000000 rows" in out["message"] and str(bomb) in out["message"] and out["seconds"] < 2
    assert time.monotonic() - t0 < 30
    assert run_capped("file", str(small)) == {"ok": True, "rows": 3, "seconds": pytest.approx(0, abs=2)}


def _uvarint(n: int) -> list[int]:
    out = []
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return out


def test_limits_are_generous_for_real_files() -> None:
    assert parquet.MAX_PAGE_BYTES >= 64 << 20 and parquet.MAX_VALUES_PER_PAGE >= 1_000_000
    reader._check_rows(1_000_000, 200 << 20, "x")  # a 200 MB file of a million chats
    assert resource.RLIM_INFINITY is not None
