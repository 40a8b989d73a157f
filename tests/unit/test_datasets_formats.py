"""Round trips of every format, CSV quoting, BOMs, exports for each backend, split, fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fttool.datasets import fixes
from fttool.datasets import formats as F
from fttool.datasets.split import sha256_file, split
from fttool.errors import InputError

EXAMPLES = [
    {"messages": [{"role": "system", "content": "Be kind."}, {"role": "user", "content": 'Say "hi", please'},
                  {"role": "assistant", "content": "Hi!\nTwo lines, and a comma."}]},
    {"messages": [{"role": "user", "content": "Tab\there; naïve café 🙂"}, {"role": "assistant", "content": "Yes."}]},
    {"messages": [{"role": "user", "content": "Third"}, {"role": "assistant", "content": "Answer three"}]},
]
NO_SYSTEM = [{"messages": [m for m in ex["messages"] if m["role"] != "system"]} for ex in EXAMPLES]
EXT = {"chat": ".jsonl", "sharegpt": ".jsonl", "prompt_completion": ".jsonl", "alpaca": ".json", "csv": ".csv",
       "tsv": ".tsv", "parquet": ".parquet"}


@pytest.mark.parametrize("fmt", list(EXT))
def test_round_trip(fmt: str, tmp_path: Path) -> None:
    data = NO_SYSTEM if fmt == "prompt_completion" else EXAMPLES  # that format has no system prompt
    p = tmp_path / f"data{EXT[fmt]}"
    assert F.write_format(p, data, fmt) == len(data)
    assert F.detect_format(p) == fmt
    back = [ex for _line, ex in F.read_examples(p)]
    assert back == data


def test_dpo_round_trip(tmp_path: Path) -> None:
    ex = {"input": {"messages": [{"role": "user", "content": "q"}]},
          "preferred_output": [{"role": "assistant", "content": "good"}],
          "non_preferred_output": [{"role": "assistant", "content": "bad"}]}
    p = tmp_path / "dpo.jsonl"
    F.write_format(p, [ex, ex], "dpo")
    assert F.detect_format(p) == "dpo"
    assert [e for _l, e in F.read_examples(p)] == [ex, ex]


def test_csv_quotes_newlines_bom_and_line_numbers(tmp_path: Path) -> None:
    p = tmp_path / "q.csv"
    p.write_bytes('\ufeffQuestion,Answer,System\n"He said ""hi""","line one\nline two\nline three",Be brief\n'
                  'plain,"a, b",\n\n"multi\nline q",ok,\n'.encode())
    assert F.read_columns(p) == ["Question", "Answer", "System"]
    got = list(F.read_examples(p))
    assert [line for line, _ex in got] == [2, 5, 7]
    assert got[0][1]["messages"] == [{"role": "system", "content": "Be brief"},
                                     {"role": "user", "content": 'He said "hi"'},
                                     {"role": "assistant", "content": "line one\nline two\nline three"}]
    assert got[1][1]["messages"][1] == {"role": "assistant", "content": "a, b"}
    mapping = {"user": "Answer", "assistant": "Question", "default_system": "Default"}
    swapped = [ex for _l, ex in F.read_examples(p, mapping=mapping)]
    assert swapped[1]["messages"][0] == {"role": "system", "content": "Default"}


def test_sharegpt_json_array_and_alpaca(tmp_path: Path) -> None:
    sg = tmp_path / "sg.json"
    sg.write_text(json.dumps([{"system": "S", "conversations": [{"from": "human", "value": "q"},
                                                                 {"from": "gpt", "value": "a"}]}]))
    assert F.detect_format(sg) == "sharegpt"
    assert list(F.read_examples(sg)) == [(1, {"messages": [{"role": "system", "content": "S"},
                                                           {"role": "user", "content": "q"},
                                                           {"role": "assistant", "content": "a"}]})]
    al = tmp_path / "al.json"
    al.write_text(json.dumps([{"instruction": "Translate", "input": "bonjour", "output": "hello"}]))
    assert [ex for _l, ex in F.read_examples(al)] == [{"messages": [
        {"role": "user", "content": "Translate\n\nbonjour"}, {"role": "assistant", "content": "hello"}]}]


def test_bad_record_names_its_line(tmp_path: Path) -> None:
    p = tmp_path / "pc.jsonl"
    p.write_text('{"prompt": "a", "completion": "b"}\n{"prompt": 3, "completion": "b"}\n')
    with pytest.raises(F.DatasetFormatError) as e:
        list(F.read_examples(p))
    assert e.value.line == 2 and "pc.jsonl" in e.value.message
    skipped: list[tuple[int, str]] = []
    assert len(list(F.read_examples(p, on_error=lambda ln, d: skipped.append((ln, d))))) == 1
    assert skipped and skipped[0][0] == 2


def test_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        F.detect_format(tmp_path / "nope.jsonl")
    b = tmp_path / "b.bin"
    b.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError):
        list(F.read_examples(b))


def test_exports(tmp_path: Path) -> None:
    src = tmp_path / "train.jsonl"
    F.write_jsonl(src, [{**EXAMPLES[0], "extra": 1}])
    res = F.export_openai(src, tmp_path / "oa", validation=EXAMPLES[1:])
    assert set(res["files"]) == {"train", "validation"} and res["counts"] == {"train": 1, "validation": 2}
    assert json.loads(Path(res["files"]["train"]).read_text()) == EXAMPLES[0]  # unknown keys dropped
    az = F.export_azure(src, tmp_path / "az")
    raw = Path(az["files"]["train"]).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and json.loads(raw[3:]) == EXAMPLES[0]
    at = F.export_autotrain(src, tmp_path / "at", validation=EXAMPLES[1:])
    assert (at["text_column"], at["chat_template"]) == ("messages", "tokenizer")
    row = json.loads(Path(at["files"]["train"]).read_text())
    assert set(row) == {"messages"} and row["messages"][1] == {"role": "user", "content": 'Say "hi", please'}
    txt = F.export_autotrain(src, tmp_path / "at2", style="text")
    assert json.loads(Path(txt["files"]["train"]).read_text())["text"].startswith("<|im_start|>system\nBe kind.")
    hub = F.export_hub_folder(tmp_path / "hub", {"train": src, "validation": EXAMPLES[1:]})
    card = (tmp_path / "hub" / "README.md").read_text()
    assert "path: data/train.jsonl" in card and "split: validation" in card and hub["counts"]["validation"] == 2


def test_split_is_seeded_disjoint_and_hashed(tmp_path: Path) -> None:
    rows = [{"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
            for i in range(100)]
    rows += [rows[3], rows[3]]  # duplicates must stay on one side
    src = tmp_path / "all.jsonl"
    F.write_jsonl(src, rows)
    a = split(src, tmp_path / "a", seed=7)
    b = split(src, tmp_path / "b", seed=7)
    c = split(src, tmp_path / "c", seed=8)
    assert a.sha256 == b.sha256 and a.sha256 != c.sha256
    assert sum(a.counts.values()) == 102 and a.counts["test"] in (10, 11, 12)
    parts = {k: [json.dumps(e) for _l, e in F.read_examples(v)] for k, v in a.files.items()}
    assert not (set(parts["train"]) & set(parts["test"])) and not (set(parts["train"]) & set(parts["validation"]))
    assert not (set(parts["validation"]) & set(parts["test"]))
    assert a.sha256["train"] == sha256_file(a.files["train"])
    assert set(a.job_hashes()) == {"train", "validation"}


def test_fixes_are_pure_and_undoable() -> None:
    ex = {"messages": [{"role": "user", "content": "  q  "}, {"role": "assistant", "content": "a\n"}]}
    before = json.dumps(ex)
    stripped = fixes.strip_whitespace(ex)
    assert [m["content"] for m in stripped["messages"]] == ["q", "a"] and json.dumps(ex) == before
    with_sys = fixes.add_system_prompt(ex, "Be kind.")
    assert with_sys["messages"][0] == {"role": "system", "content": "Be kind."} and json.dumps(ex) == before
    assert fixes.add_system_prompt(with_sys, "Other") == with_sys
    assert fixes.duplicate_rows([ex, stripped, ex, ex]) == [2, 3]
    assert fixes.drop_rows(["a", "b", "c"], [1]) == ["a", "c"]


def test_reencode_utf8(tmp_path: Path) -> None:
    p = tmp_path / "latin.jsonl"
    p.write_bytes('{"a": "café"}\n'.encode("cp1252") + '{"b": "ok ü"}\n'.encode())
    assert fixes.reencode_utf8(p).decode("utf-8") == '{"a": "café"}\n{"b": "ok ü"}\n'
    p16 = tmp_path / "u16.jsonl"
    p16.write_bytes('{"x": "naïve"}\n'.encode("utf-16"))
    assert fixes.reencode_utf8(p16) == '{"x": "naïve"}\n'.encode()


def test_reencode_utf8_repairs_lone_surrogate_escapes(tmp_path: Path) -> None:
    from fttool.datasets.validate import validate_file

    msgs = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]
    good = json.dumps({"messages": msgs}) + "\n"
    lone = '{"messages": [{"role": "user", "content": "bad \\ud800 here"}, {"role": "assistant", "content": "ok"}]}'
    pair = '{"messages": [{"role": "user", "content": "smile \\ud83d\\ude00"}, {"role": "assistant", "content": "ok"}]}'
    p = tmp_path / "s.jsonl"
    p.write_text(good * 10 + lone + "\n" + pair + "\n", encoding="utf-8")
    assert [(x.line, x.code) for x in validate_file(p).problems if x.severity == "error"] == [(11, "invalid_encoding")]
    out = fixes.reencode_utf8(p).decode("utf-8").split("\n")
    assert out[:10] == [good.rstrip("\n")] * 10 and out[11] == pair  # other lines keep their bytes
    assert json.loads(out[10])["messages"][0]["content"] == "bad \ufffd here"
    q = tmp_path / "fixed.jsonl"
    q.write_text("\n".join(out), encoding="utf-8")
    assert not [x for x in validate_file(q).problems if x.severity == "error"]
