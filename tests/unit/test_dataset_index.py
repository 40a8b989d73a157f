"""The byte-offset index, the edit overlay with its journal, and saving (fttool/datasets/index.py, overlay.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from fttool.datasets import index as index_mod
from fttool.datasets.index import FileSignature, JsonlIndex
from fttool.datasets.overlay import (
    TRANSFORMS,
    Journal,
    Overlay,
    journal_path_for,
    search_rows,
    summary,
    write_rows,
)
from fttool.errors import Cancelled, InputError, UsageError


@pytest.fixture(scope="module", autouse=True)
def _resource_tracker() -> None:
    """Spawning a process starts multiprocessing's resource tracker, a helper that lives as long as the test
    run; start it before the per-test leak check counts child processes."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def ex(user: str, answer: str = "ok", system: str | None = None) -> dict[str, Any]:
    msgs = [{"role": "system", "content": system}] if system else []
    msgs += [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    return {"messages": msgs}


def write(path: Path, examples: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in examples), encoding="utf-8")
    return path


def built(path: Path) -> JsonlIndex:
    idx = JsonlIndex(path)
    idx.build()
    return idx


def users(rows: Any) -> list[str]:
    return [rows.example(r)["messages"][-2]["content"] for r in range(rows.row_count)]


# -- the index ---------------------------------------------------------------------------------------------


def test_index_rows_lines_blank_lines_bom_crlf_and_no_final_newline(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(ex("a")).encode() + b"\r\n\r\n  \n"
                  + b"{not json\n" + json.dumps(ex("c")).encode())
    with built(p) as idx:
        assert idx.row_count == 3
        assert [idx.line(r) for r in range(3)] == [1, 4, 5]
        assert idx.parse(0).example == ex("a")  # BOM and \r gone
        assert idx.parse(1).error == "invalid_json" and idx.parse(1).line == 4
        assert idx.parse(2).example == ex("c")
        assert idx.row_of_line(4) == 1 and idx.row_of_line(2) is None


def test_index_many_chunks_and_a_line_longer_than_a_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_mod, "FIRST_CHUNK", 64)
    monkeypatch.setattr(index_mod, "CHUNK", 256)
    examples = [ex(f"q{i}", "x" * (1000 if i == 7 else i)) for i in range(50)]
    p = write(tmp_path / "d.jsonl", examples)
    seen: list[int] = []
    with JsonlIndex(p) as idx:
        assert idx.build(on_rows=seen.append) == 50
        assert seen == sorted(seen) and seen[-1] == 50 and len(seen) > 5  # rows arrive while it builds
        assert [idx.parse(r).example for r in range(50)] == examples
        assert idx.line(49) == 50


def test_index_cancel_and_missing_file(tmp_path: Path) -> None:
    p = write(tmp_path / "d.jsonl", [ex("a")] * 10)
    with JsonlIndex(p) as idx, pytest.raises(Cancelled):
        idx.build(cancel=lambda: True)
    with pytest.raises(InputError):
        JsonlIndex(tmp_path / "nope.jsonl")
    with pytest.raises(InputError):
        JsonlIndex(tmp_path)


def test_signature_notices_other_bytes_but_not_a_touch(tmp_path: Path) -> None:
    p = write(tmp_path / "d.jsonl", [ex("a")])
    sig = FileSignature.of(p)
    assert not sig.changed()
    os.utime(p, ns=(1, 1))  # touch: same bytes
    assert not sig.changed()
    write(p, [ex("b")])  # same size, other bytes
    assert sig.changed()
    p.unlink()
    assert sig.changed()


# -- the overlay -------------------------------------------------------------------------------------------


@pytest.fixture
def five(tmp_path: Path) -> Path:
    return write(tmp_path / "train.jsonl", [ex(f"q{i}") for i in range(5)])


def test_edits_and_undo_redo(five: Path) -> None:
    ov = Overlay(built(five))
    ov.set_row(1, ex("changed"))
    ov.insert_rows(0, [ex("new0"), ex("new1")])
    ov.delete_rows([3, 5])  # q1 (changed) and q3
    assert users(ov) == ["new0", "new1", "q0", "q2", "q4"]
    assert ov.is_edited(0) and not ov.is_edited(2)
    assert ov.parsed(2).line == 1 and ov.parsed(0).line == 0
    ov.undo()
    assert users(ov) == ["new0", "new1", "q0", "changed", "q2", "q3", "q4"]
    ov.undo()
    ov.undo()
    assert users(ov) == ["q0", "q1", "q2", "q3", "q4"]
    assert not ov.can_undo and ov.can_redo
    ov.redo()
    ov.redo()
    ov.redo()
    assert users(ov) == ["new0", "new1", "q0", "q2", "q4"]
    with pytest.raises(UsageError):
        ov.redo()
    with pytest.raises(UsageError):
        ov.delete_rows([99])


def test_a_fix_applies_lazily_to_every_row_and_edits_after_it_are_not_fixed_twice(
        five: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def shout(example: dict[str, Any], **_: Any) -> dict[str, Any]:
        for m in example["messages"]:
            m["content"] = m["content"] + "!"
        return example

    monkeypatch.setitem(TRANSFORMS, "shout", shout)
    idx = built(five)
    ov = Overlay(idx)
    ov.transform("shout")
    assert users(ov) == ["q0!", "q1!", "q2!", "q3!", "q4!"]
    assert idx.parse(0).example == ex("q0")  # the cached file row is untouched
    ov.set_row(0, ov.example(0) | {"messages": [{"role": "user", "content": "mine!"}, {"role": "assistant",
                                                                                      "content": "a"}]})
    assert users(ov)[0] == "mine!"  # not "mine!!"
    ov.undo()
    ov.undo()
    assert users(ov) == ["q0", "q1", "q2", "q3", "q4"]
    ov.redo()
    ov.redo()
    assert users(ov) == ["mine!", "q1!", "q2!", "q3!", "q4!"]


def test_journal_replays_after_a_crash_and_is_set_aside_when_the_file_changed(five: Path) -> None:
    jp = journal_path_for(five)
    idx = built(five)
    ov = Overlay(idx, Journal(jp, idx.signature))
    assert ov.recover() == 0
    ov.set_row(0, ex("edited"))
    ov.delete_rows([4])
    ov.insert_rows(1, [ex("added")])
    ov.undo()  # the insert
    ov.undo()  # the delete
    ov.redo()  # the delete again
    # crash: no close, no save. A new session over the same bytes gets everything back.
    idx2 = built(five)
    ov2 = Overlay(idx2, Journal(jp, idx2.signature))
    assert ov2.recover() == 2
    assert users(ov2) == ["edited", "q1", "q2", "q3"]
    assert ov2.dirty and ov2.can_undo
    ov2.undo()
    assert users(ov2) == ["edited", "q1", "q2", "q3", "q4"]
    ov2.journal.close()  # type: ignore[union-attr]
    # the file changes under the journal: the edits are kept aside, not applied to other rows
    write(five, [ex("other")] * 5)
    idx3 = built(five)
    ov3 = Overlay(idx3, Journal(jp, idx3.signature))
    with pytest.raises(InputError) as err:
        ov3.recover()
    assert err.value.code == "journal_base_changed"
    aside = Path(err.value.params["journal"])
    assert aside.is_file() and "edited" in aside.read_text()
    assert users(ov3) == ["other"] * 5


def test_a_torn_last_journal_line_is_ignored(five: Path) -> None:
    jp = journal_path_for(five)
    idx = built(five)
    ov = Overlay(idx, Journal(jp, idx.signature))
    ov.recover()
    ov.set_row(2, ex("kept"))
    ov.journal.close()  # type: ignore[union-attr]
    with open(jp, "a") as f:
        f.write('{"do": {"op": "set", "ro')
    ov2 = Overlay(built(five), Journal(jp, idx.signature))
    assert ov2.recover() == 1 and users(ov2)[2] == "kept"


def test_save_streams_and_replaces_atomically_and_never_onto_a_source(five: Path, tmp_path: Path) -> None:
    five.write_bytes(five.read_bytes().replace(b"\n", b"\n\n", 1))  # a blank line between rows 0 and 1
    idx = built(five)
    ov = Overlay(idx)
    ov.set_row(2, ex("two"))
    ov.delete_rows([4])
    snap = ov.snapshot()
    ov.set_row(0, ex("after the snapshot"))
    sig = write_rows(snap, five)
    assert [json.loads(line)["messages"][0]["content"] for line in five.read_text().splitlines()] == \
        ["q0", "q1", "two", "q3"]
    assert sig == FileSignature.of(five)
    assert [p.name for p in five.parent.iterdir() if p.name.endswith(".tmp")] == []
    # the open index still reads the old bytes (the file was replaced, not rewritten in place)
    assert idx.parse(4).example == ex("q4")
    with pytest.raises(UsageError):
        write_rows(snap, tmp_path / "source.jsonl", protected=(tmp_path / "source.jsonl",))
    assert not (tmp_path / "source.jsonl").exists()


def test_a_cancelled_save_leaves_the_file_as_it_was(five: Path) -> None:
    before = five.read_bytes()
    ov = Overlay(built(five))
    ov.set_row(0, ex("x"))
    with pytest.raises(Cancelled):
        write_rows(ov.snapshot(), five, cancel=lambda: True)
    assert five.read_bytes() == before
    assert [p for p in five.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_unchanged_rows_are_copied_byte_for_byte(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text('{"messages": [{"role":"user",   "content":"spaced"}]}\n' + json.dumps(ex("b")) + "\n")
    ov = Overlay(built(p))
    ov.insert_rows(2, [ex("c")])
    out = tmp_path / "out.jsonl"
    write_rows(ov.snapshot(), out)
    lines = out.read_text().splitlines()
    assert lines[0] == '{"messages": [{"role":"user",   "content":"spaced"}]}'
    assert json.loads(lines[2]) == ex("c")


def test_rows_of_keys_follow_inserts_and_deletes(five: Path) -> None:
    ov = Overlay(built(five))
    ov.insert_rows(0, [ex("n")])
    ov.delete_rows([2])  # file row 1
    assert ov.rows_of_keys([0, 1, 2, 4]).tolist() == [1, -1, 2, 4]


def test_search_and_summary(five: Path) -> None:
    ov = Overlay(built(five))
    ov.set_row(3, ex("Crème brûlée", system="Chef"))
    assert search_rows(ov, "q2") == [2]
    assert search_rows(ov, "BRÛLÉE") == [3]
    assert search_rows(ov, "") == [0, 1, 2, 3, 4]
    assert summary(ov.example(3)) == ("Chef", "Crème brûlée", "ok")
    assert summary({"prompt": "p", "completion": "c"}) == ("", "p", "c")
    assert summary(None) == ("", "", "")


# -- validation by row key, in the process and in a child process ---------------------------------------------


def test_validation_files_problems_and_tokens_under_row_keys_in_a_child_too(tmp_path: Path) -> None:
    from fttool.datasets.session import DatasetSession, validate_in_child, validate_snapshot

    rows = [ex(f"Question {i}: how long do I roast {w} at {i * 10} degrees?", f"Roast the {w} for {i} minutes.")
            for i, w in enumerate(["leeks", "beets", "squash", "fennel", "onions", "carrots", "kale", "figs",
                                   "plums", "pears", "okra", "yams"])]
    rows[3] = {"messages": [{"role": "user", "content": "no answer"}]}
    p = write(tmp_path / "t.jsonl", rows)
    session = DatasetSession(p, journal=False)
    session.build()
    pristine = validate_snapshot(session.overlay.snapshot(), pristine=True, model="gpt-4o-mini-2024-07-18")
    assert [p["code"] for p in pristine.problems[3]] == ["no_assistant_message"]
    assert pristine.tokens(0) and pristine.tokens(0) > 10 and pristine.errors >= 1
    # edits move rows: the facts follow the keys
    session.overlay.delete_rows([0])
    session.overlay.insert_rows(0, [{"messages": [{"role": "assistant", "content": "first"}]}])
    snap = session.overlay.snapshot()
    seen: list[tuple[int, int]] = []
    child = validate_in_child(snap, pristine=False, model="gpt-4o-mini-2024-07-18",
                              progress=lambda d, t, m: seen.append((d, t)))
    assert [p["code"] for p in child.problems[3]] == ["no_assistant_message"]  # key 3 is row 3 still
    new_key = session.overlay.key(0)
    assert new_key < 0 and "assistant_first" in [p["code"] for p in child.problems[new_key]]
    assert child.tokens(1) == pristine.tokens(1) and child.tokens(0) is None
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(Cancelled):
        validate_in_child(snap, pristine=False, cancel=lambda: True)
    session.close()


def test_row_arrays_travel_to_a_child_through_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside arrays_to_files a pickled index carries a file name, not its arrays (pickling 20 MB would hold the
    GIL); the copy reads the file, removes it and has the very same rows. A pristine child validation of a
    spilled index gives the in-process facts and leaves no file behind."""
    import pickle

    from fttool.datasets.session import DatasetSession, journal_dir, validate_in_child, validate_snapshot

    p = write(tmp_path / "t.jsonl", [ex(f"question {i} about soup", f"answer {i}, with bread") for i in range(40)])
    idx = built(p)
    plain = pickle.dumps(idx)
    monkeypatch.setattr(index_mod, "SPILL_BYTES", 0)
    with index_mod.arrays_to_files(tmp_path) as files:
        small = pickle.dumps(idx)
    assert len(files) == 1 and files[0].is_file() and len(small) < len(plain) - 40 * 16
    copy = pickle.loads(small)
    assert not files[0].exists()
    assert all((a == b).all() and a.dtype == b.dtype for a, b in zip(copy.arrays(), idx.arrays(), strict=True))
    assert copy.row_count == idx.row_count and copy.raw(39) == idx.raw(39)
    session = DatasetSession(p, journal=False)
    session.build()
    snap = session.overlay.snapshot()
    child = validate_in_child(snap, pristine=True, model="gpt-4o-mini-2024-07-18")
    here = validate_snapshot(snap, pristine=True, model="gpt-4o-mini-2024-07-18")
    assert [child.tokens(k) for k in range(40)] == [here.tokens(k) for k in range(40)] and child.tokens(0)
    assert not list(journal_dir().glob("rows-*.bin"))
    copy.close()
    idx.close()
    session.close()


def test_undoing_every_edit_is_clean_again(five: Path) -> None:
    ov = Overlay(built(five))
    assert not ov.dirty
    ov.delete_rows([0])
    ov.set_row(0, ex("x"))
    assert ov.dirty
    ov.undo()
    assert ov.dirty
    ov.undo()
    assert not ov.dirty
    ov.redo()
    assert ov.dirty


def test_edits_survive_a_killed_process(five: Path) -> None:
    """A real crash: a child process edits through the journal and is killed (SIGKILL, no cleanup at all)."""
    import signal
    import subprocess
    import sys

    script = f"""
import json, os, signal, sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
from fttool.datasets.index import JsonlIndex
from fttool.datasets.overlay import Journal, Overlay, journal_path_for
idx = JsonlIndex({str(five)!r}); idx.build()
ov = Overlay(idx, Journal(journal_path_for(idx.path), idx.signature)); ov.recover()
ov.set_row(1, {{"messages": [{{"role": "user", "content": "typed before the crash"}}]}})
ov.delete_rows([3])
os.kill(os.getpid(), signal.SIGKILL)
"""
    proc = subprocess.run([sys.executable, "-c", script], env=dict(os.environ), timeout=60)
    assert proc.returncode == -signal.SIGKILL
    idx = built(five)
    ov = Overlay(idx, Journal(journal_path_for(five), idx.signature))
    assert ov.recover() == 2
    assert ov.example(1) == {"messages": [{"role": "user", "content": "typed before the crash"}]}
    assert ov.row_count == 4 and ov.dirty
