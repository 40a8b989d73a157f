"""CSV and TSV as spreadsheets write them (fttool/datasets/delimited.py): encodings, delimiters, big cells, errors
with file and line, and the CLI options that name them."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fttool.datasets import delimited as D
from fttool.datasets import fixes
from fttool.datasets import formats as F
from fttool.datasets.formats import DatasetFormatError
from fttool.datasets.validate import validate_file

TEXTS = {
    "cp1252": [("Où est le café n°{i} ?", "Le café « {i} » est à côté — voilà.")],
    "gb18030": [("你好，第{i}个问题是什么？", "这是第{i}个答案，谢谢你的提问。")],
    "cp1251": [("Привет, какой вопрос номер {i}?", "Это ответ номер {i}, спасибо за вопрос.")],
}


def write_table(path: Path, encoding: str, delimiter: str = ",", rows: list[tuple[str, str]] | None = None,
                n: int = 12) -> list[tuple[str, str]]:
    q, a = (rows or TEXTS.get(encoding, TEXTS["cp1252"]))[0]
    data = [(q.format(i=i), a.format(i=i)) for i in range(n)]
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(["question", "answer"])
        w.writerows(data)
    return data


@pytest.mark.parametrize("encoding", ["cp1252", "gb18030", "cp1251"])
def test_a_legacy_code_page_is_guessed_and_read_right(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / f"{encoding}.csv"
    data = write_table(p, encoding)
    dialect = D.sniff(p)
    assert dialect.encoding == encoding and dialect.encoding_guessed
    got = [ex["messages"] for _line, ex in F.read_examples(p)]
    assert [(m[0]["content"], m[1]["content"]) for m in got] == data


@pytest.mark.parametrize(("encoding", "delimiter", "suffix"),
                         [("utf-8", ";", ".csv"), ("utf-8-sig", ",", ".csv"), ("utf-16", "\t", ".csv"),
                          ("utf-8", "|", ".csv"), ("utf-8", "\t", ".tsv")])
def test_bom_and_delimiters_need_no_guess(tmp_path: Path, encoding: str, delimiter: str, suffix: str) -> None:
    p = tmp_path / f"t{suffix}"
    data = write_table(p, encoding, delimiter, rows=[("Q{i}; a, b | c", "A{i}")])
    dialect = D.sniff(p)
    assert dialect.delimiter == delimiter and not dialect.encoding_guessed
    report = validate_file(p, near_duplicates=False)
    assert report.examples == len(data) and not report.errors, report.problems[:3]


def test_a_cell_over_128_kib_is_read(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    write_table(p, "utf-8", rows=[("question {i}", "x" * 150_000)], n=2)
    got = list(F.read_examples(p))
    assert len(got) == 2 and len(got[0][1]["messages"][1]["content"]) == 150_000


def test_a_broken_record_and_wrong_bytes_are_named_by_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "quote.csv"
    p.write_bytes(b"question,answer\nq1,a1\nq2,\"a2\nq3,a3\nq4,a4\n")  # a stray quote would swallow 3 rows
    with pytest.raises(DatasetFormatError) as ei:
        list(F.read_examples(p, mapping={"encoding": "utf-8"}))
    assert ei.value.code == "dataset_csv_invalid" and ei.value.line == 3 and str(p) in ei.value.message
    q = tmp_path / "mixed.csv"
    q.write_bytes(b"question,answer\nq1,a1\nq2,caf\xe9\n")
    with pytest.raises(DatasetFormatError) as ei:
        list(F.read_examples(q, mapping={"encoding": "utf-8"}))
    assert ei.value.code == "dataset_csv_encoding" and "line 3" in ei.value.message
    assert "--encoding" in ei.value.message
    with pytest.raises(DatasetFormatError) as ei:
        D.sniff(q, encoding="klingon")
    assert ei.value.code == "dataset_encoding_unknown"


def test_an_empty_cell_names_its_column_and_line(tmp_path: Path) -> None:
    p = tmp_path / "gap.csv"
    p.write_text("question,answer\nq1,a1\nq2\n", encoding="utf-8")
    problems: list[tuple[int, str]] = []
    got = list(F.read_examples(p, on_error=lambda line, d: problems.append((line, d))))
    assert len(got) == 1 and problems == [(3, 'column "answer" is empty')]


def fttool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fttool.cli", *args], capture_output=True, text=True, timeout=120)


def test_validate_and_convert_take_from_map_encoding_and_delimiter(tmp_path: Path) -> None:
    p = tmp_path / "export.txt"  # no telling extension: the options say it all
    with open(p, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Frage", "Antwort"])
        for i in range(12):
            w.writerow([f"Größe {i}?", f"Maß {i}."])
    r = fttool("validate", str(p), "--from", "csv", "--map", "user=Frage,assistant=Antwort", "--encoding",
               "cp1252", "--delimiter", "semicolon", "--json", "--no-near-duplicates")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["examples"] == 12
    out = tmp_path / "out.jsonl"
    r = fttool("dataset", "convert", str(p), str(out), "--from", "csv", "--map", "user=Frage,assistant=Antwort",
               "--encoding", "cp1252", "--delimiter", "semicolon")
    assert r.returncode == 0, r.stderr
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["messages"][0]["content"] == "Größe 0?"
    r = fttool("validate", str(p), "--map", "question=Frage", "--json")
    assert r.returncode == 2 and json.loads(r.stdout)["error"]["code"] == "bad_map_item"


def test_every_option_a_message_names_exists() -> None:
    """A message that sends a person to an option sends them to one the CLI has (the old "Choose it with
    --format" named an option no command had)."""
    import argparse
    import re

    import fttool.cli as cli
    from fttool.datasets.codes import TEXTS as DATA_TEXTS
    from fttool.messages import CATALOG

    options: set[str] = set()

    def walk(parser: argparse.ArgumentParser) -> None:
        for action in parser._actions:
            options.update(action.option_strings)
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)

    walk(cli.build_parser())
    named = {opt: code for code, text in {**CATALOG, **DATA_TEXTS}.items()
             for opt in re.findall(r"(--[a-z][a-z0-9-]+)", text)}
    assert {"--from", "--map", "--encoding", "--delimiter"} <= set(named)
    assert not {opt: code for opt, code in named.items() if opt not in options}


@pytest.mark.parametrize("encoding", ["gb18030", "cp1251", "cp1252"])
def test_reencode_shows_what_it_changes_and_reads_each_code_page(tmp_path: Path, encoding: str) -> None:
    q, a = TEXTS[encoding][0]
    lines = [json.dumps({"messages": [{"role": "user", "content": q.format(i=i)},
                                      {"role": "assistant", "content": a.format(i=i)}]}, ensure_ascii=False)
             for i in range(8)]
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b"\n".join([lines[0].encode("utf-8")] + [line.encode(encoding) for line in lines[1:]]))
    plan = fixes.reencode_plan(p)
    assert plan["encoding"] == encoding and plan["guessed"] and plan["changed_lines"] == 7
    assert plan["preview"][0] == {"line": 2, "text": lines[1]}
    assert fixes.reencode_utf8(p, plan["encoding"]).decode("utf-8").split("\n") == lines
    wrong = "cp1252" if encoding != "cp1252" else "cp1251"
    assert fixes.reencode_plan(p, wrong)["preview"][0]["text"] != lines[1]  # a wrong choice shows


def test_cli_fix_reencode_preview_writes_nothing(tmp_path: Path) -> None:
    p = tmp_path / "ru.jsonl"
    line = json.dumps({"messages": [{"role": "user", "content": "Привет, какой у вас вопрос сегодня?"}, {"role": "assistant",
                                                                          "content": "Это ответ, спасибо за вопрос."}]},
                      ensure_ascii=False)
    p.write_bytes(line.encode("cp1251"))
    out = tmp_path / "ru.fixed.jsonl"
    r = fttool("dataset", "fix", str(p), "--out", str(out), "--reencode", "--preview")
    assert r.returncode == 0 and "from cp1251 (guessed)" in r.stdout and "Привет, какой" in r.stdout, r.stdout
    assert not out.exists()
    r = fttool("dataset", "fix", str(p), "--out", str(out), "--reencode", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["reencode"]["encoding"] == "cp1251"
    assert json.loads(out.read_text(encoding="utf-8"))["messages"][0]["content"].startswith("Привет, какой")
