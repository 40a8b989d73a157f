"""The CLI's edges: special files are refused before anything opens them, unreadable data is exit 2 with a JSON
error object, a bug is exit 3 with a short message and a report without the user's data, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fttool(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fttool.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlink loops")
def test_a_fifo_and_a_link_loop_are_named_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for args in (["validate", str(fifo), "--json"], ["dataset", "convert", str(fifo), str(tmp_path / "o.csv"),
                                                     "--json"],
                 ["dataset", "fix", str(tmp_path / "a"), "--out", str(tmp_path / "o.jsonl"), "--json"],
                 ["dataset", "convert", str(tmp_path / "a"), str(tmp_path / "o.csv"), "--json"]):
        r = fttool(*args, timeout=20)  # opening the FIFO would block until the timeout
        err = json.loads(r.stdout)["error"]
        assert r.returncode == 2 and err["code"].startswith("special_file_"), (args, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr


@pytest.mark.parametrize(("name", "data", "code"), [
    ("latin.jsonl", b'{"prompt":"\xe9","completion":"b"}\n', None),
    ("deep.jsonl", b'{"messages": ' + b"[" * 1000 + b"]" * 1000 + b"}\n", None),
    ("shapes.jsonl", b'{"messages":2}\n{"messages":"t"}\n{"messages":[""]}\n{"messages":{"":""}}\n', None),
    ("lone.jsonl", b'{"messages": [{"role": "user", "content": "\\ud800"}, {"role": "assistant", "content": "a"}]}\n',
     None),
])
def test_odd_files_never_give_a_traceback(tmp_path: Path, name: str, data: bytes, code: str | None) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    for args in (["validate", str(p), "--json"], ["dataset", "convert", str(p), str(tmp_path / "out.csv"), "--json"],
                 ["dataset", "convert", str(p), str(tmp_path / "out.parquet"), "--json"]):
        r = fttool(*args)
        assert "Traceback" not in r.stderr and r.returncode in (0, 1, 2), (args, r.returncode, r.stderr[-800:])
        out = json.loads(r.stdout)
        if "error" in out:
            assert p.name in out["error"]["message"]


def test_a_bug_is_exit_3_with_a_report_and_no_traceback(tmp_path: Path) -> None:
    """A command that raises something no one expected (here: a module that fails on purpose, through the
    documented COMMAND_MODULE map)."""
    (tmp_path / "boom_cli.py").write_text(
        "def register(sub):\n    p = sub.add_parser('validate')\n    p.add_argument('path')\n"
        "    p.add_argument('--json', action='store_true')\n    p.set_defaults(func=run)\n\n"
        "def run(args):\n    secret_value = 'dataset text that must stay private'\n"
        "    raise KeyError(secret_value)\n")
    code = ("import sys, fttool.cli as cli\ncli.COMMAND_MODULE['validate'] = 'boom_cli'\n"
            "sys.exit(cli.main(['validate', 'x.jsonl', '--json']))")
    home = tmp_path / "home"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                       env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}", "FTTOOL_HOME": str(home)})
    assert r.returncode == 3 and "Traceback" not in r.stderr, r.stderr
    err = json.loads(r.stdout)["error"]
    assert err["code"] == "cli_crashed" and "KeyError" in err["message"]
    report = Path(err["report"])
    text = report.read_text()
    assert report.is_file() and "KeyError" in text and "boom_cli.py" in text and "fttool validate" in text
    assert "must stay private" not in text + r.stdout + r.stderr  # the data the exception quoted


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    p = tmp_path / "many.jsonl"
    p.write_text("not json\n" * 20000)
    proc = subprocess.Popen([sys.executable, "-m", "fttool.cli", "validate", str(p)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err[-500:]


def test_a_chat_parquet_with_columns_json_has_no_type_for(tmp_path: Path) -> None:
    import datetime
    import decimal

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    n = 12
    table = pa.table({"messages": [[{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]] * n,
                      "ts": [datetime.datetime(2024, 1, 1, 8, 30)] * n, "day": [datetime.date(2024, 1, 2)] * n,
                      "price": [decimal.Decimal("1.50")] * n, "blob": [b"\xff\x00"] * n})
    p = tmp_path / "extra.parquet"
    pq.write_table(table, p)
    r = fttool("validate", str(p), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["examples"] == n, r.stdout + r.stderr
    out = tmp_path / "extra.jsonl"
    r = fttool("dataset", "convert", str(p), str(out), "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    first = json.loads(out.read_text().splitlines()[0])
    assert first["ts"] == "2024-01-01T08:30:00" and first["day"] == "2024-01-02" and first["price"] == "1.50"
    assert first["blob"] == "ff00"


def test_fix_reads_every_format_and_names_the_input(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("question;answer\n  Hi? ;Hello.\n  Hi? ;Hello.\nBye?;Bye.\n", encoding="utf-8")
    out = tmp_path / "fixed.jsonl"
    r = fttool("dataset", "fix", str(table), "--out", str(out), "--strip-whitespace", "--drop-duplicates", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [m["content"] for m in rows[0]["messages"]] == ["Hi?", "Hello."] and len(rows) == 2
    assert not list(tmp_path.glob("*.tmp"))
    latin = tmp_path / "latin.jsonl"  # re-encoded first; a record that is still no example is named by the input
    latin.write_bytes(b'{"messages": [{"role": "user", "content": "caf\xe9"}, {"role": "assistant", '
                      b'"content": "ok"}]}\n42\n')
    r = fttool("dataset", "fix", str(latin), "--out", str(tmp_path / "l.jsonl"), "--reencode", "--json")
    err = json.loads(r.stdout)["error"]
    assert r.returncode == 2 and err["file"] == str(latin) and err["line"] == 2 and ".tmp" not in err["message"]
