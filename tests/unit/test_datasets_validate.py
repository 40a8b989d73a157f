"""Every validation code with a file that triggers it at its exact line (tests/data/validate/), and the rules."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from fttool.datasets import codes as problem_codes
from fttool.datasets import validate as V
from fttool.errors import Cancelled, InputError
from fttool.tables import billed_tokens, default_epochs, estimate

DATA = Path(__file__).resolve().parent.parent / "data" / "validate"

# file -> (options, expected [(line, code)]); the filler lines of each file have no problem at all
EXPECTED: dict[str, tuple[dict, list[tuple[int | None, str]]]] = {
    "empty_file": ({}, [(None, "empty_file")]),
    "invalid_encoding": ({}, [(4, "invalid_encoding")]),
    "invalid_json": ({}, [(4, "invalid_json")]),
    "not_an_object": ({}, [(4, "not_an_object")]),
    "missing_messages": ({}, [(4, "missing_messages")]),
    "message_missing_key": ({}, [(4, "message_missing_key")]),
    "message_unrecognized_key": ({}, [(4, "message_unrecognized_key")]),
    "unrecognized_role": ({}, [(4, "unrecognized_role")]),
    "missing_content": ({}, [(4, "missing_content")]),
    "no_assistant_message": ({}, [(4, "no_assistant_message")]),
    "invalid_weight": ({}, [(4, "invalid_weight")]),
    "too_many_tokens": ({"model": "gpt-3.5-turbo-0125"}, [(4, "too_many_tokens")]),
    "too_few_examples": ({}, [(None, "too_few_examples")]),
    "dpo_missing_input": ({}, [(4, "dpo_missing_input")]),
    "dpo_missing_preferred_output": ({}, [(4, "dpo_missing_preferred_output")]),
    "dpo_missing_non_preferred_output": ({}, [(4, "dpo_missing_non_preferred_output")]),
    "dpo_invalid_output": ({}, [(4, "dpo_invalid_output")]),
    "dpo_input_ends_with_assistant": ({}, [(4, "dpo_input_ends_with_assistant")]),
    "dpo_identical_outputs": ({}, [(4, "dpo_identical_outputs")]),
    "duplicate": ({}, [(5, "duplicate")]),
    "near_duplicate": ({}, [(5, "near_duplicate")]),
    "assistant_first": ({}, [(4, "assistant_first")]),
    "consecutive_user": ({}, [(4, "consecutive_user")]),
    "empty_answer": ({}, [(4, "empty_answer")]),
    "short_answer": ({}, [(4, "short_answer")]),
    "inconsistent_system_prompt": ({}, [(5, "inconsistent_system_prompt"), (8, "inconsistent_system_prompt")]),
    "personal_data": ({}, [(4, "personal_data")] * 3),
    "will_be_truncated": ({"backend": "local", "max_seq_length": 70}, [(4, "will_be_truncated")]),
    "blank_line": ({}, [(4, "blank_line")]),
    "tools_valid": ({}, []),
    "unknown_model": ({"model": "gpt-4o-mni"}, [(None, "unknown_model")]),  # a typo: never silent
    "dpo_valid": ({}, []),
    "utf8_bom": ({}, []),
    "utf16": ({}, [(None, "invalid_encoding")]),
    "overlap_train": ({"validation": str(DATA / "overlap_validation.jsonl")}, [(4, "in_train_and_validation")]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_code_at_its_line(name: str) -> None:
    opts, expected = EXPECTED[name]
    report = V.validate_file(DATA / f"{name}.jsonl", **opts)
    got = sorted(((p.line, p.code) for p in report.problems), key=lambda x: (x[0] or 0, x[1]))
    assert got == sorted(expected, key=lambda x: (x[0] or 0, x[1]))
    errors = {c for _l, c in expected if problem_codes.SEVERITY[c] == "error"}
    assert report.valid == (not errors)
    for p in report.problems:
        assert p.severity == problem_codes.SEVERITY[p.code]
        assert p.message and "{" not in p.message.replace("{\"", "").replace("{{", "")
        if p.line is not None:
            assert str(p.line) in p.message or p.code in ("duplicate",)


def test_all_codes_are_covered_by_a_file() -> None:
    covered = {c for _o, exp in EXPECTED.values() for _l, c in exp}
    # unconvertible_record: see test_other_formats_...; example_too_large: test_a_huge_line_is_named_quickly
    assert set(problem_codes.ERRORS) <= covered | {"unconvertible_record", "example_too_large"}
    assert set(problem_codes.WARNINGS) <= covered | {"in_train_and_validation"}


def test_fields_name_the_place() -> None:
    fields = {name: [p.field for p in V.validate_file(DATA / f"{name}.jsonl").problems]
              for name in ("message_missing_key", "unrecognized_role", "invalid_weight", "consecutive_user")}
    assert fields == {"message_missing_key": ["messages[0]"], "unrecognized_role": ["messages[0].role"],
                      "invalid_weight": ["messages[1].weight"], "consecutive_user": ["messages[1]"]}


def test_personal_data_never_repeats_the_value() -> None:
    report = V.validate_file(DATA / "personal_data.jsonl")
    kinds = sorted(p.params["kind"] for p in report.problems)
    assert kinds == ["api_key", "email", "phone"]
    dumped = json.dumps(report.to_dict()) + json.dumps([p.params for p in report.problems])
    for secret in ("jane.doe@example.com", "jane.doe", "555 0134", "0134", "sk-proj-AbCdEf", "AbCdEfGhIj"):
        assert secret not in dumped


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    good = json.dumps({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "an answer"}]})
    lines = [good] * 3 + ["{bad"] * 50 + ["[1]"] * 5
    p = tmp_path / "many.jsonl"
    p.write_text("\n".join(lines) + "\n")
    report = V.validate_file(p)
    bad_json = [e.line for e in report.errors if e.code == "invalid_json"]
    assert bad_json == list(range(4, 54))
    assert [e.line for e in report.errors if e.code == "not_an_object"] == list(range(54, 59))


def test_to_dict_shape() -> None:
    d = V.validate_file(DATA / "invalid_json.jsonl").to_dict()
    assert set(d) == {"valid", "examples", "errors", "warnings", "tokens", "epochs", "estimated_cost_usd", "role"}
    assert set(d["tokens"]) == {"total", "billed", "min", "p10", "median", "p90", "max"}
    assert d["valid"] is False and d["examples"] == 13
    assert d["errors"][0]["line"] == 4 and d["errors"][0]["code"] == "invalid_json"
    assert isinstance(d["estimated_cost_usd"], float)


def test_unreadable_inputs_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e1:
        V.validate_file(tmp_path / "missing.jsonl")
    assert e1.value.code == "file_not_found" and e1.value.exit_code == 2
    with pytest.raises(InputError):
        V.validate_file(tmp_path)
    binary = tmp_path / "x.jsonl"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20)
    with pytest.raises(InputError) as e3:
        V.validate_file(binary)
    assert e3.value.code == "dataset_binary"


def test_tokens_stats_epochs_and_cost() -> None:
    from fttool.datasets.tokens import count_example

    path = DATA / "tools_valid.jsonl"
    report = V.validate_file(path)
    exs = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    counts = [count_example(ex) for ex in exs]
    assert list(report.line_tokens) == counts
    assert list(report.example_lines) == list(range(1, 14))
    s = sorted(counts)
    assert report.tokens["total"] == sum(counts)
    assert (report.tokens["min"], report.tokens["max"]) == (s[0], s[-1])
    assert report.tokens["median"] == s[(len(s) - 1) // 2]
    assert report.epochs == default_epochs(13) == 7  # 13 x 3 < 100 -> 100 // 13
    assert report.tokens["billed"] == sum(counts) * 7
    est = estimate("gpt-4o-mini-2024-07-18", report.tokens["billed"])
    assert report.estimated_cost_usd == est.usd == round(report.tokens["billed"] * 3.0 / 1e6, 4)
    assert report.price_as_of == est.price_date == "2025-06-01"


def test_default_epoch_rule_and_billing() -> None:
    assert default_epochs(10) == 10
    assert default_epochs(3) == 25  # 100 // 3 = 33 capped at 25
    assert default_epochs(50) == 3
    assert default_epochs(8333) == 3
    assert default_epochs(8334) == 2  # 8334 x 3 > 25,000 -> 25,000 // 8334
    assert default_epochs(10_000) == 2
    assert default_epochs(100_000) == 1
    assert billed_tokens([10, 70_000], 65_536, 2) == (10 + 65_536) * 2
    assert estimate("unknown-model", 1000).usd is None


def test_validate_example_per_row() -> None:
    ex = {"messages": [{"role": "user", "content": "hi", "x": 1}, {"role": "assistant", "content": "hello there"}]}
    problems, tokens = V.validate_example(ex, line=7)
    assert [(p.line, p.code, p.field) for p in problems] == [(7, "message_unrecognized_key", "messages[0]")]
    assert tokens > 0
    problems, _t = V.validate_example({"messages": [{"role": "user", "content": "hi"}]})
    assert [p.code for p in problems] == ["no_assistant_message"] and problems[0].line is None


def _big_file(path: Path, n: int) -> dict[int, str]:
    """n distinct examples with problems planted at known lines; returns {line: code}."""
    rng = random.Random(5)
    words = [f"w{i}" for i in range(3000)]
    planted: dict[int, str] = {}
    lines = []
    for i in range(1, n + 1):
        if i % 397 == 0:
            lines.append("{not json")
            planted[i] = "invalid_json"
            continue
        if i % 511 == 0:
            lines.append(json.dumps({"messages": [{"role": "robot", "content": "x"},
                                                  {"role": "assistant", "content": "y y y"}]}))
            planted[i] = "unrecognized_role"
            continue
        q = " ".join(rng.choices(words, k=12))
        a = " ".join(rng.choices(words, k=30))
        lines.append(json.dumps({"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}))
    path.write_text("\n".join(lines) + "\n")
    return planted


def test_worker_processes_match_in_process(tmp_path: Path, stop_resource_tracker: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import threading

    starts: list[str] = []
    real_context = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda m=None: starts.append(m) or real_context(m))
    p = tmp_path / "big.jsonl"
    planted = _big_file(p, 3000)
    one = V.validate_file(p, workers=1, chunk_bytes=1 << 20)
    seen: list[tuple[int, int]] = []
    many = V.validate_file(p, workers=2, chunk_bytes=64 << 10, progress=lambda d, t, m: seen.append((d, t)))
    assert len(seen) > 4 and seen[-1][0] == seen[-1][1] == p.stat().st_size
    assert {(e.line, e.code) for e in many.errors} == set(planted.items()) == {(e.line, e.code) for e in one.errors}
    assert list(one.line_tokens) == list(many.line_tokens)
    assert one.tokens == many.tokens and one.examples == many.examples == 3000
    assert starts == ["spawn"]  # behind a GUI: spawned workers
    lone = threading.active_count() == 1
    mixed = V.validate_file(p, workers=2, chunk_bytes=64 << 10, inline=True)  # this process + one worker
    assert [(e.line, e.code) for e in mixed.problems] == [(e.line, e.code) for e in one.problems]
    assert list(mixed.line_tokens) == list(one.line_tokens)
    # the CLI's way on Linux: a forked worker, which starts with this process's tokenizer
    assert starts[1:] == ["fork" if sys.platform.startswith("linux") and lone else "spawn"]


def test_cancel_stops_worker_processes(tmp_path: Path, stop_resource_tracker: None) -> None:
    p = tmp_path / "big.jsonl"
    _big_file(p, 3000)
    calls = []

    def progress(done: int, total: int, msg: str) -> None:
        calls.append(done)

    with pytest.raises(Cancelled):
        V.validate_file(p, workers=2, chunk_bytes=32 << 10, progress=progress, cancel=lambda: len(calls) >= 1)
    assert len(calls) < 20  # stopped early; the no_leaks fixture checks no worker is left


def test_near_duplicates_scale_with_lsh(tmp_path: Path) -> None:
    """Many distinct examples, a few planted near copies: only those are reported."""
    rng = random.Random(9)
    words = [f"tok{i}" for i in range(5000)]
    rows = []
    for _ in range(2000):
        rows.append({"messages": [{"role": "user", "content": " ".join(rng.choices(words, k=20))},
                                  {"role": "assistant", "content": " ".join(rng.choices(words, k=60))}]})
    copies = {2001: 10, 2002: 500, 2003: 1500}
    for src in copies.values():
        ex = json.loads(json.dumps(rows[src - 1]))
        ex["messages"][1]["content"] = ex["messages"][1]["content"].replace(" ", "  ", 1) + " tok1"
        rows.append(ex)
    p = tmp_path / "near.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report = V.validate_file(p, backend="local")
    near = {(w.line, w.params["first"]) for w in report.warnings if w.code == "near_duplicate"}
    assert near == {(line, src) for line, src in copies.items()}


def test_other_formats_are_validated_with_source_lines(tmp_path: Path) -> None:
    from fttool.datasets.formats import write_format

    csv_path = tmp_path / "t.csv"
    csv_path.write_text('question,answer\n"multi\nline q","ok fine"\n"q2",""\nq3,"mail me: a.b@example.com"\n'
                        'only a question\n')
    report = V.validate_file(csv_path)
    got = [(p.line, p.code) for p in report.problems]
    assert got == [(None, "too_few_examples"), (4, "empty_answer"), (5, "personal_data"), (6, "unconvertible_record")]
    assert "Line 4" in report.problems[1].message and list(report.example_lines) == [2, 4, 5]
    rows = [{"messages": [{"role": "user", "content": f"question {i} about apples"},
                          {"role": "assistant", "content": "" if i == 7 else f"answer {i} about pears"}]}
            for i in range(1, 13)]
    pq = tmp_path / "d.parquet"
    write_format(pq, rows, "parquet")
    assert [(p.line, p.code) for p in V.validate_file(pq).problems] == [(7, "empty_answer")]


def test_chunk_boundaries_do_not_change_the_report(tmp_path: Path) -> None:
    good = (DATA / "tools_valid.jsonl").read_text().splitlines()
    lines = []
    for i in range(400):
        lines.append(good[i % len(good)].replace("(case", f"(row {i}, case"))
        if i % 37 == 0:
            lines.append("")
        if i % 53 == 0:
            lines.append("{broken")
    p = tmp_path / "b.jsonl"
    p.write_text("\r\n".join(lines) + "\r\n\r\n")
    whole = V.validate_file(p, workers=1, chunk_bytes=1 << 30)
    for size in (4096, 10_000, 33_333):
        parts = V.validate_file(p, workers=1, chunk_bytes=size)
        assert [(x.line, x.code) for x in parts.problems] == [(x.line, x.code) for x in whole.problems]
        assert list(parts.line_tokens) == list(whole.line_tokens)
    codes = [x.code for x in whole.problems]
    assert codes.count("blank_line") == 12 and codes.count("invalid_json") == 8
    assert whole.problems[-1].line == len(lines) + 1  # the blank line at the very end


def test_near_duplicate_through_a_shared_question(tmp_path: Path) -> None:
    """Two examples with the very same long question (one text, tokenised once) and nearly the same answer."""
    rng = random.Random(3)
    words = [f"x{i}" for i in range(4000)]
    rows = [{"messages": [{"role": "user", "content": " ".join(rng.choices(words, k=40))},
                          {"role": "assistant", "content": " ".join(rng.choices(words, k=40))}]} for _ in range(30)]
    q = " ".join(rng.choices(words, k=120))
    a = " ".join(rng.choices(words, k=30))
    rows.insert(10, {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]})
    rows.insert(20, {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a + " x1"}]})
    p = tmp_path / "shared.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    report = V.validate_file(p)
    assert [(w.line, w.code, w.params.get("first")) for w in report.warnings] == [(21, "near_duplicate", 11)]


def test_orjson_and_stdlib_reading_give_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan parses with orjson and hands the lines it refuses to json.loads: every fixture, plus lines only
    the stdlib accepts (NaN, Infinity, a lone surrogate escape, an integer past 64 bits), must give exactly the
    report of the stdlib-only reading."""
    pytest.importorskip("orjson")
    chat = {"messages": [{"role": "user", "content": "How long do I boil an egg?"},
                         {"role": "assistant", "content": "Nine minutes for a hard-boiled egg."}]}
    body = json.dumps(chat)[:-1]
    odd = [body + ', "score": NaN}', body + ', "score": -Infinity}',
           body.replace("egg?", "egg \\ud800?") + "}", body + ', "n": 123456789012345678901234567890}',
           '{"messages": [1, 2', "\udcff\udcfe not text"]
    blobs = [f.read_bytes() for f in sorted(DATA.glob("*.jsonl"))]
    blobs.append("\n".join([json.dumps(chat)] + odd).encode("utf-8", "surrogateescape") + b"\n")
    opts = {"encoding": "o200k_base", "limit": 65536, "limit_code": "too_many_tokens", "model": "gpt-4o-mini"}
    fast = [V.scan_bytes(b, opts) for b in blobs]
    from fttool.datasets.validate import chunks

    monkeypatch.setattr(chunks, "_fast_loads", lambda: chunks._stdlib_loads)
    slow = [V.scan_bytes(b, opts) for b in blobs]
    assert fast == slow
    last = fast[-1]
    assert sorted((p[0], p[1]) for p in last["problems"] if p[1] in ("invalid_json", "invalid_encoding")) == [
        (4, "invalid_encoding"), (6, "invalid_json"), (7, "invalid_encoding")]  # 4: the lone surrogate
    assert bytes(last["valid"][:5]) == b"\x01\x01\x01\x00\x01"  # NaN, Infinity and the big integer stay usable



def test_personal_data_in_dpo_outputs_tool_arguments_and_names(tmp_path: Path) -> None:
    """Both preference outputs, tool-call arguments and message names are scanned, with the field named and the
    value never repeated."""
    email, key = "bob.smith@example.com", "sk-proj-" + "abcdefghij" * 3
    dpo = {"input": {"messages": [{"role": "user", "content": "q"}]},
           "preferred_output": [{"role": "assistant", "content": "good"}],
           "non_preferred_output": [{"role": "assistant", "content": f"mail {email}"}]}
    tool = {"messages": [{"role": "user", "content": "look up", "name": email},
                         {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {
                             "name": "f", "arguments": json.dumps({"key": key})}}]},
                         {"role": "tool", "tool_call_id": "c1", "content": "done"},
                         {"role": "assistant", "content": "ok"}]}
    for ex, fields in ((dpo, ["non_preferred_output[0].content"]),
                       (tool, ["messages[0].name", "messages[1].tool_calls[0].function.arguments"])):
        p = tmp_path / "f.jsonl"
        p.write_text("\n".join([json.dumps(ex)] * 10) + "\n")
        report = V.validate_file(p, near_duplicates=False)
        found = sorted({pr.field for pr in report.problems if pr.code == "personal_data" and pr.line == 3})
        assert found == sorted(fields)
        text = json.dumps(report.to_dict())
        assert email not in text and key not in text
        method = "dpo" if "input" in ex else "supervised"
        assert {pr.field for pr in V.validate_example(ex, method=method)[0] if pr.code == "personal_data"} == set(fields)


def test_a_huge_line_is_named_quickly_and_the_rest_is_checked(tmp_path: Path) -> None:
    """One message of 9 MB of one repeated letter (a tokenizer takes minutes and gigabytes on it): the line is
    named, never tokenised, and the other lines are checked as usual."""
    import time

    p = tmp_path / "huge.jsonl"
    ok = json.dumps({"messages": [{"role": "user", "content": "Hi?"}, {"role": "assistant", "content": "Hello."}]})
    with open(p, "w") as f:
        f.write(ok + "\n")
        f.write('{"messages": [{"role": "user", "content": "' + "a" * 9_000_000 + '"}, '
                '{"role": "assistant", "content": "ok"}]}\n')
        f.write(ok.replace("Hi?", "Hey?") + "\n")
    t0 = time.monotonic()
    report = V.validate_file(p, near_duplicates=False, workers=1)
    assert time.monotonic() - t0 < 5
    assert [(pr.line, pr.code) for pr in report.errors if pr.code == "example_too_large"] == [(2, "example_too_large")]
    assert "9.0 MB" in report.errors[-1].message or any("9.0 MB" in pr.message for pr in report.errors)
    assert report.examples == 3 and report.tokens["max"] < 100


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak memory from /proc")
def test_a_line_of_hundreds_of_megabytes_is_read_past_in_bounded_memory(tmp_path: Path) -> None:
    """A 120 MB single-line file: validated in seconds with far less memory than the line (the child's peak RSS),
    the line named with its size."""
    import subprocess
    import sys

    p = tmp_path / "giant.jsonl"
    with open(p, "wb") as f:
        f.write(b'{"messages": [{"role": "user", "content": "')
        block = b"a" * (1 << 20)
        for _ in range(120):
            f.write(block)
        f.write(b'"}, {"role": "assistant", "content": "ok"}]}\n')
    code = ("import json, resource, sys, time\nfrom fttool.datasets.validate import validate_file\n"
            "t = time.monotonic()\nr = validate_file(sys.argv[1], near_duplicates=False)\n"
            "print(json.dumps({'s': time.monotonic() - t, 'codes': [p.code for p in r.errors],\n"
            "  'msg': [p.message for p in r.errors if p.code == 'example_too_large'],\n"
            "  'rss_mb': max(peak_self(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024}))")
    # ru_maxrss of a process started from this one keeps this one's size at the fork; VmHWM is its own peak
    code = ("def peak_self():\n    for line in open('/proc/self/status'):\n"
            "        if line.startswith('VmHWM:'):\n            return int(line.split()[1])\n    return 0\n" + code)
    r = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout)
    assert "example_too_large" in out["codes"] and "125.8 MB" in out["msg"][0], out
    assert out["s"] < 10 and out["rss_mb"] < 400, out  # the line alone is 126 MB; tokenising it took minutes


WORKER_DEATH = r"""
import json, os, sys
from pathlib import Path
from fttool.datasets import validate as V
from fttool.datasets.validate import chunks as C
from fttool.errors import FtError

path, mode, marker = sys.argv[1], sys.argv[2], Path(sys.argv[3])
chunks = V.plan_chunks(Path(path), Path(path).stat().st_size, 1 << 16, tail=0.2)  # as validate_file plans them
target = chunks[1][0]  # the pool's worker takes chunks 0 and 1 first
real, parent = C.scan_chunk, os.getpid()


def scan_chunk(p, start, end, opts):  # a worker killed (as by the out-of-memory killer) on one chunk
    if os.getpid() != parent and start == target and (mode == "always" or not marker.exists()):
        marker.touch()
        os._exit(9)
    return real(p, start, end, opts)


C.scan_chunk = scan_chunk  # the forked workers run the chunk engine's scan_chunk
try:
    r = V.validate_file(path, near_duplicates=False, workers=2, inline=True, chunk_bytes=1 << 16)
    print(json.dumps({"examples": r.examples, "errors": len(r.errors)}))
except FtError as exc:
    print(json.dumps({"code": exc.code, "message": exc.message, "line": C._line_at(Path(path), target)}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers carry the injected fault")
def test_a_dead_worker_is_survived_or_its_part_named(tmp_path: Path) -> None:
    import subprocess

    p = tmp_path / "many.jsonl"
    ok = [json.dumps({"messages": [{"role": "user", "content": f"Question {i} about the order?"},
                                   {"role": "assistant", "content": f"Answer {i}, with thanks."}]})
          for i in range(6000)]
    p.write_text("\n".join(ok) + "\n")
    for mode in ("once", "always"):
        marker = tmp_path / f"died-{mode}"
        r = subprocess.run([sys.executable, "-c", WORKER_DEATH, str(p), mode, str(marker)], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0 and marker.exists(), r.stderr[-2000:]
        out = json.loads(r.stdout.strip().splitlines()[-1])
        if mode == "once":  # redone alone: nothing lost
            assert out == {"examples": 6000, "errors": 0}, out
        else:
            assert out["code"] == "validation_worker_died" and f"line {out['line']}" in out["message"], out
            assert out["line"] > 1
