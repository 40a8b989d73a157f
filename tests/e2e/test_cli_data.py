"""`fttool validate` and `fttool dataset ...` as a person runs them (subprocesses of the installed CLI)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run_cli

DATA = Path(__file__).resolve().parent.parent / "data" / "validate"


def test_validate_json_lists_every_error_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = (DATA / "tools_valid.jsonl").read_text().splitlines()
    lines = good[:4] + ["{oops", "[1]"] + good[4:] + ['{"messages": [{"role": "bot", "content": "x"}]}']
    bad.write_text("\n".join(lines) + "\n")
    r = run_cli("validate", str(bad), "--json")
    assert r.returncode == 1, r.stderr
    d = json.loads(r.stdout)
    assert set(d) == {"valid", "examples", "errors", "warnings", "tokens", "epochs", "estimated_cost_usd", "role"}
    assert d["role"] == "train"  # the default role: its minimums and its cost apply
    assert d["valid"] is False and d["examples"] == 16
    assert [(e["line"], e["code"]) for e in d["errors"]] == [
        (5, "invalid_json"), (6, "not_an_object"), (16, "unrecognized_role"), (16, "no_assistant_message")]
    for e in d["errors"] + d["warnings"]:
        assert set(e) >= {"line", "code", "message"} and f"Line {e['line']}" in e["message"]
    assert set(d["tokens"]) == {"total", "billed", "min", "p10", "median", "p90", "max"}
    assert d["tokens"]["billed"] == d["tokens"]["total"] * d["epochs"]
    assert isinstance(d["estimated_cost_usd"], float)


def test_validate_usable_exit_0_and_text_output() -> None:
    r = run_cli("validate", str(DATA / "duplicate.jsonl"), "--model", "gpt-4.1-mini-2025-04-14")
    assert r.returncode == 0, r.stderr
    assert "duplicate.jsonl:5: warning [duplicate]" in r.stdout
    assert "prices as of 2025-06-01" in r.stdout and "Usable." in r.stdout


def test_validate_unreadable_exit_2(tmp_path: Path) -> None:
    binary = tmp_path / "data.jsonl"
    binary.write_bytes(bytes(range(256)) * 8)
    for target in (tmp_path / "missing.jsonl", tmp_path, binary):
        r = run_cli("validate", str(target), "--json")
        assert r.returncode == 2, (target, r.stdout, r.stderr)
        assert json.loads(r.stdout)["error"]["code"] in ("file_not_found", "not_a_file", "dataset_binary")
        assert str(target.name) in r.stderr


def test_validate_empty_file_line_null(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    r = run_cli("validate", str(empty), "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout)["errors"] == [{"line": None, "code": "empty_file", "field": None,
                                               "message": json.loads(r.stdout)["errors"][0]["message"]}]


def test_dataset_stats_split_convert_dedupe_export(tmp_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    src.write_text((DATA / "duplicate.jsonl").read_text())
    r = run_cli("dataset", "stats", str(src), "--json")
    assert r.returncode == 0, r.stderr
    st = json.loads(r.stdout)
    assert st["examples"] == 14 and st["epochs"] == 7 and st["price_as_of"] == "2025-06-01"
    assert st["messages_per_example"] == {"min": 2, "median": 2, "max": 2}

    r = run_cli("dataset", "dedupe", str(src), "--out", str(tmp_path / "dd.jsonl"), "--json")
    assert r.returncode == 0, r.stderr
    dd = json.loads(r.stdout)
    assert (dd["examples"], dd["kept"], dd["dropped_lines"]) == (14, 13, [5])

    r = run_cli("dataset", "split", str(tmp_path / "dd.jsonl"), "--out", str(tmp_path / "sp"), "--seed", "3",
                "--ratios", "0.6,0.2,0.2", "--json")
    assert r.returncode == 0, r.stderr
    sp = json.loads(r.stdout)
    assert sum(sp["counts"].values()) == 13 and set(sp["sha256"]) == {"train", "validation", "test"}

    csv_path = tmp_path / "t.csv"
    csv_path.write_text('prompt,response\n"a ""quoted""\nquestion","an answer, with comma"\n')
    r = run_cli("dataset", "convert", str(csv_path), str(tmp_path / "out.jsonl"), "--system-prompt", "Be kind.",
                "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "out.jsonl").read_text())["messages"] == [
        {"role": "system", "content": "Be kind."}, {"role": "user", "content": 'a "quoted"\nquestion'},
        {"role": "assistant", "content": "an answer, with comma"}]

    r = run_cli("dataset", "export", sp["files"]["train"], str(tmp_path / "at"), "--backend", "autotrain",
                "--validation", sp["files"]["validation"], "--json")
    assert r.returncode == 0, r.stderr
    at = json.loads(r.stdout)
    assert at["text_column"] == "messages" and set(at["files"]) == {"train", "validation"}


def test_dataset_hub_list_and_download(tmp_path: Path) -> None:
    from tests.servers.hub_datasets import HubDatasetServer

    rows = (DATA / "tools_valid.jsonl").read_bytes()
    with HubDatasetServer() as server:
        server.add_dataset("ada/support", {"data/train-00000.jsonl": rows, "data/test-00000.jsonl": rows[:300]})
        env = {"HF_ENDPOINT": server.url}
        r = run_cli("dataset", "hub", "list", "ada/support", "--json", env=env)
        assert r.returncode == 0, r.stderr
        listing = json.loads(r.stdout)
        assert listing["configs"]["default"]["test"] == [{"path": "data/test-00000.jsonl", "size": 300}]
        r = run_cli("dataset", "hub", "download", "ada/support", "data/train-00000.jsonl", "--out", str(tmp_path),
                    "--json", env=env)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / "train-00000.jsonl").read_bytes() == rows
        r = run_cli("dataset", "hub", "list", "ada/none", env=env)
        assert r.returncode == 1 and "ada/none" in r.stderr


def test_writers_refuse_what_they_would_lose_and_never_crash(tmp_path: Path) -> None:
    """A preference (DPO) file is not turned into empty conversations, a JSON line that is not an object is
    named instead of a traceback, convert never writes onto its source, and --json errors go to stdout."""
    dpo = tmp_path / "pref.jsonl"
    dpo.write_text((DATA / "dpo_valid.jsonl").read_text())
    for target, extra in ((tmp_path / "p.csv", ()), (tmp_path / "p.parquet", ()), (tmp_path / "p.sg", ("--to", "sharegpt"))):
        r = run_cli("dataset", "convert", str(dpo), str(target), *extra, "--json")
        assert r.returncode == 1 and "preference (DPO)" in json.loads(r.stdout)["error"]["message"], r.stderr
        assert "Traceback" not in r.stderr and not target.exists()
    tools = tmp_path / "t.parquet"  # role and content only: tool calls, names and tools are not dropped silently
    r = run_cli("dataset", "convert", str(DATA / "tools_valid.jsonl"), str(tools))
    assert r.returncode == 1 and "would be lost" in r.stderr and not tools.exists(), r.stderr
    r = run_cli("dataset", "export", str(dpo), str(tmp_path / "at"), "--backend", "autotrain")
    assert r.returncode == 1 and "AutoTrain" in r.stderr and "Traceback" not in r.stderr
    mixed = tmp_path / "mixed.jsonl"
    good = (DATA / "tools_valid.jsonl").read_text().splitlines()
    mixed.write_text("\n".join(good[:3] + ["42"] + good[3:]) + "\n")
    for args in (("dataset", "export", str(mixed), str(tmp_path / "o"), "--backend", "openai"),
                 ("dataset", "split", str(mixed), "--seed", "1"),
                 ("dataset", "fix", str(mixed), "--strip-whitespace", "--out", str(tmp_path / "f.jsonl"))):
        r = run_cli(*args)  # a record that cannot be read is unreadable input: exit 2
        assert r.returncode == 2 and "record 4: not a JSON object" in r.stderr and "Traceback" not in r.stderr, args
    r = run_cli("dataset", "convert", str(mixed), str(tmp_path / "m.csv"), "--json")  # tool calls: not in a table
    assert r.returncode == 1 and "would be lost in csv" in json.loads(r.stdout)["error"]["message"]
    assert not (tmp_path / "m.csv").exists()
    r = run_cli("dataset", "convert", str(mixed), str(tmp_path / "m.csv"), "--json", "--lossy")
    out = json.loads(r.stdout)
    assert r.returncode == 1 and out["skipped"] == [{"line": 4, "message": "not a JSON object"}]
    assert out["changed"] and 4 not in out["changed"] and out["count"] == len(good)
    before = mixed.read_bytes()
    r = run_cli("dataset", "convert", str(mixed), str(mixed), "--to", "chat")
    assert r.returncode == 2 and "overwrite the source" in r.stderr and mixed.read_bytes() == before
    # a role that is a list and a line nested 100,000 deep are that line's errors, not a crash
    odd = tmp_path / "odd.jsonl"
    odd.write_text("\n".join(good + ['{"messages": [{"role": ["user"], "content": "x"}, '
                                     '{"role": "assistant", "content": "y"}]}', "[" * 100_000]) + "\n")
    r = run_cli("validate", str(odd), "--json")
    n = len(good)
    assert r.returncode == 1 and [(e["line"], e["code"]) for e in json.loads(r.stdout)["errors"]] == [
        (n + 1, "unrecognized_role"), (n + 2, "invalid_json")], r.stderr


def test_export_autotrain_refuses_to_drop_weights_unless_lossy(tmp_path: Path) -> None:
    rows = [{"messages": [{"role": "user", "content": f"Question {i}?"},
                          {"role": "assistant", "content": f"Answer {i}.", **({"weight": 0} if i == 2 else {})}]}
            for i in range(12)]
    src = tmp_path / "w.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    r = run_cli("dataset", "export", str(src), str(tmp_path / "at"), "--backend", "autotrain", "--json")
    err = json.loads(r.stdout)["error"]
    assert r.returncode == 1 and err["line"] == 3 and "weight" in err["message"] and err["file"] == str(src)
    assert not (tmp_path / "at" / "train.jsonl").exists()
    r = run_cli("dataset", "export", str(src), str(tmp_path / "at"), "--backend", "autotrain", "--lossy", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["changed"] == {"train": [3]}, r.stdout + r.stderr
