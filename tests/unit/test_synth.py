"""Synthetic examples from a teacher (fttool/datasets/synth/) against our chat test server with a scripted
teacher (tests/support/synth_teacher.py): what is kept and what is dropped, by reason; structured answers retried
once; 429 and 500 on the way; a cancelled run resumed without asking twice; the budget stop; DPO pairs; the judge;
documents; accepting into the train file with provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fttool.datasets import commands, synth
from fttool.datasets.synth.review import _REFUSAL
from fttool.errors import Cancelled, UsageError
from tests.support.synth_teacher import TeacherScript

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project" / "data"
MODEL = "llama-3.2-1b-instruct"
FAULTS = {3: "malformed_once", 4: "malformed", 5: "refusal", 7: "duplicate", 9: "near", 10: "leak", 11: "phone",
          12: "long"}


def _test_questions() -> list[str]:
    return [synth.first_of(e, "user") for e in synth.load_chats(SAMPLE / "test.jsonl")]


def _config(server, tmp_path: Path, n: int = 20, **kw) -> synth.SynthConfig:
    teacher = {"backend": "server", "model": MODEL, "base_url": server.base_url}
    return synth.SynthConfig(seed=SAMPLE / "train.jsonl", run_dir=tmp_path / "run", teacher=teacher, n=n,
                             task="A recipe assistant that answers in a short, fixed format.",
                             held_out=[str(SAMPLE / "test.jsonl")], concurrency=4, **kw)


def test_kept_and_dropped_by_reason_with_faults_on_the_way(compat_server, tmp_path):
    script = TeacherScript(FAULTS, _test_questions())
    compat_server.chat_reply = script
    compat_server.fault(r"/v1/chat/completions", status=429, headers={"Retry-After": "0.05"}, times=2)
    compat_server.fault(r"/v1/chat/completions", status=500, times=2)
    summary = synth.run(_config(compat_server, tmp_path))
    assert summary["failed"] == 1 and summary["generated"] == 19  # variation 4 never gave JSON
    assert summary["dropped"] == {"failed": 1, "cut_off": 1, "refusal": 1, "personal_data": 1, "duplicate": 1,
                                  "near_duplicate": 1, "leakage": 1}
    assert summary["pending"] == 20 - 1 - 6
    pending = synth.load_rows(Path(summary["pending_path"]))
    prov = synth.load_rows(Path(summary["provenance_path"]))
    assert len(pending) == len(prov) == summary["pending"]
    short = synth.system_prompt(synth.load_chats(SAMPLE / "train.jsonl"))
    assert all(ex["messages"][0] == {"role": "system", "content": short} for ex in pending)
    assert all(p["teacher"] == f"server:{MODEL}" and p["prompt_version"] == synth.PROMPT_VERSION for p in prov)
    dropped = {d["id"]: d for d in synth.load_rows(Path(summary["dropped_path"]))}
    assert dropped["ex00010"]["reason"] == "leakage" and "test.jsonl" in dropped["ex00010"]["detail"]
    assert dropped["ex00007"]["reason"] == "duplicate" and dropped["ex00009"]["reason"] == "near_duplicate"
    assert script.asked[("question", 3)] == 2  # the malformed one, asked again once with the error
    assert script.asked[("question", 4)] == 2 and ("answer", 4) not in script.asked
    # the schema went with the request (a server that takes response_format)
    bodies = [b for b in compat_server.chat_bodies if "Write one new message" in b["messages"][-1]["content"]]
    assert bodies[0]["response_format"]["json_schema"]["schema"] == synth.MESSAGE_SCHEMA
    # the accepted file is one the validator passes
    from fttool.datasets.validate import validate_file

    synth.accept(Path(summary["run_dir"]), tmp_path / "train.jsonl")
    report = validate_file(tmp_path / "train.jsonl", backend="local", inline=True)
    assert report.examples == summary["pending"] and not report.errors


def test_a_cancelled_run_resumes_without_asking_twice(compat_server, tmp_path):
    script = TeacherScript({}, _test_questions())
    compat_server.chat_reply = script
    cfg = _config(compat_server, tmp_path, n=24)
    with pytest.raises(Cancelled):
        synth.run(cfg, progress=lambda done, total, item: None, cancel=lambda: sum(
            1 for (kind, _k) in script.asked if kind == "answer") >= 8)
    asked_before = sum(script.asked.values())
    assert 0 < asked_before < 2 * 24
    summary = synth.run(cfg)
    assert summary["pending"] == 24 and summary["generated"] == 24
    assert all(v == 1 for v in script.asked.values()), {k: v for k, v in script.asked.items() if v > 1}
    again = synth.run(cfg)  # a finished run: nothing asked, the same result
    assert again["asked"] == 0 and again["pending"] == 24
    other = _config(compat_server, tmp_path / "fresh", n=24)
    fresh = synth.run(other)
    assert (synth.load_rows(Path(fresh["pending_path"])) == synth.load_rows(Path(summary["pending_path"])))


def test_plan_prices_first_and_the_budget_stops_the_run(openai_server, tmp_path, monkeypatch):
    from fttool import credentials
    from tests.e2e.cloud_support import setup_openai

    setup_openai(openai_server, monkeypatch)
    credentials.set_secret("openai", openai_server.api_key)
    openai_server.chat_reply = TeacherScript({}, _test_questions())
    cfg = synth.SynthConfig(seed=SAMPLE / "train.jsonl", run_dir=tmp_path / "run", n=30,
                            teacher={"backend": "openai", "model": "gpt-4o-mini-2024-07-18"}, task="recipes",
                            concurrency=1)
    plan = synth.plan(cfg)
    assert plan["billable"] and plan["estimated_cost_usd"] > 0 and plan["price_date"]
    assert plan["calls"]["teacher"] == 60
    with pytest.raises(UsageError, match="confirm"):
        synth.check_confirmed(plan, None)
    synth.check_confirmed(plan, plan["fingerprint"])
    cfg.budget_usd = 0.0002  # a few calls' worth
    summary = synth.run(cfg)
    assert summary["stopped_at_budget"] and 0 < summary["generated"] < 30
    assert summary["actual_cost_usd"] >= 0.0002 and "budget" in summary["message"]
    free = synth.plan(_config(openai_server, tmp_path / "free"))
    assert free["free"] and not free["billable"] and free["estimated_cost_usd"] == 0.0
    assert "costs nothing" in free["message"]


def test_pairs_judge_topics_and_documents(compat_server, tmp_path):
    compat_server.chat_reply = TeacherScript({2: "low"}, _test_questions())
    doc = tmp_path / "docs" / "bread.md"
    doc.parent.mkdir()
    doc.write_text("# Bread\n\nA sourdough starter needs flour and water.\n\n" + "Proofing takes time. " * 100)
    cfg = _config(compat_server, tmp_path, n=6, docs=[str(doc.parent)],
                  student={"backend": "server", "model": MODEL, "base_url": compat_server.base_url},
                  judge={"backend": "server", "model": MODEL, "base_url": compat_server.base_url}, min_rating=3)
    summary = synth.run(cfg)
    assert summary["dropped"] == {"low_rating": 1} and summary["method"] == "dpo"
    pending = synth.load_rows(Path(summary["pending_path"]))
    assert pending and all(set(ex) == {"input", "preferred_output", "non_preferred_output"} for ex in pending)
    prov = synth.load_rows(Path(summary["provenance_path"]))
    assert all(p["source_chunk"].startswith("bread.md#") and p["rating"] == 5 for p in prov)
    auto = _config(compat_server, tmp_path / "auto", n=4, auto_topics=3)
    got = synth.run(auto)
    assert got["topics"] == ["topic flour", "topic butter", "topic yeast"] and got["pending"] == 4


def test_accepting_picked_rows_with_edits_keeps_the_rest_pending(compat_server, tmp_path):
    compat_server.chat_reply = TeacherScript({}, _test_questions())
    summary = synth.run(_config(compat_server, tmp_path, n=5))
    run_dir, train = Path(summary["run_dir"]), tmp_path / "train.jsonl"
    train.write_text((SAMPLE / "train.jsonl").read_text())
    pending = synth.load_rows(run_dir / "pending.jsonl")
    edited = json.loads(json.dumps(pending[1]))
    edited["messages"][-1]["content"] = "An answer the person wrote over."
    got = synth.accept(run_dir, train, rows=[1, 3], edited={1: edited})
    assert got == {"accepted": 2, "pending": 3, "train_path": str(train),
                   "provenance": str(train.with_suffix(".provenance.jsonl"))}
    lines = train.read_text().splitlines()
    assert len(lines) == 14 and json.loads(lines[12]) == edited and json.loads(lines[13]) == pending[3]
    side = synth.load_rows(train.with_suffix(".provenance.jsonl"))
    assert [s["edited"] for s in side] == [True, False] and all(s["accepted_at"] for s in side)
    assert synth.load_rows(run_dir / "pending.jsonl") == [pending[0], pending[2], pending[4]]


def test_near_index_and_refusals():
    idx = synth.NearIndex()
    idx.add("a", "How do I bake a sourdough loaf with rye flour at home this weekend?")
    near, score = idx.nearest("How do I bake a sourdough loaf with rye flour at home this Sunday?")
    assert near == "a" and 0.7 < score < 1.0
    assert idx.nearest("Completely different words about fixing a bicycle chain.")[0] is None
    assert _REFUSAL.search("I'm sorry, but I can't help with that.")
    assert _REFUSAL.search("Maaf, saya tidak dapat membantu.")
    assert not _REFUSAL.search("Sorry for the wait! Here is the recipe:")


def test_a_longer_run_continues_a_preview_and_never_offers_a_taken_example_again(compat_server, tmp_path):
    script = TeacherScript({}, _test_questions())
    compat_server.chat_reply = script
    project = tmp_path / "project"
    import shutil

    shutil.copytree(ROOT / "resources" / "sample_project", project)
    teacher = {"backend": "server", "model": MODEL, "base_url": compat_server.base_url}
    preview = commands.synth_run_command(None, str(project), teacher=teacher, n=5, task="recipes")
    import asyncio

    first = asyncio.run(preview)
    assert first["pending"] == 5
    got = synth.take_pending(Path(first["run_dir"]), [0, 1], project / "data" / "train.jsonl")
    assert len(got["taken"]) == 2 and got["pending"] == 3
    synth.take_pending(Path(first["run_dir"]), [0])  # rejected: not accepted, not offered again
    (project / "data" / "train.jsonl").write_text((project / "data" / "train.jsonl").read_text() + "".join(
        json.dumps(ex) + "\n" for ex in got["taken"]))  # the editor saved the accepted ones
    rest = asyncio.run(commands.synth_run_command(None, str(project), teacher=teacher, n=12, task="recipes"))
    assert rest["run_dir"] == first["run_dir"]  # the same run, continued
    assert all(v == 1 for v in script.asked.values())  # the first five were not asked again
    assert rest["pending"] == 12 - 3
    side = synth.load_rows(project / "data" / "train.provenance.jsonl")
    assert [s["id"] for s in side] == ["ex00000", "ex00001"]


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with `text` in Helvetica, written by hand (offsets computed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R "
            b">> >> >>", b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def test_documents_text_markdown_and_pdf_become_chunks(tmp_path):
    (tmp_path / "a.md").write_text("# Starter\n\nFeed the starter daily.\n\n" + "Keep it warm. " * 150)
    (tmp_path / "b.pdf").write_bytes(_tiny_pdf("Rye bread needs a longer proof."))
    (tmp_path / "c.png").write_bytes(b"\x89PNG")  # not a document: skipped
    chunks = synth.read_docs([str(tmp_path)])
    sources = [c["source"] for c in chunks]
    assert sources[0].startswith("a.md#") and len([s for s in sources if s.startswith("a.md")]) >= 2
    assert any(s.startswith("b.pdf#") and "Rye bread needs a longer proof." in c["text"]
               for s, c in zip(sources, chunks, strict=True))
    assert not any(s.startswith("c.png") for s in sources)


def test_a_topic_tree_of_breadth_and_depth_asked_once(compat_server, tmp_path):
    script = TeacherScript({}, _test_questions())
    compat_server.chat_reply = script
    cfg = _config(compat_server, tmp_path, n=6, auto_topics=2, topic_depth=2)
    assert synth.plan(cfg)["calls"]["topics"] == 3  # the top level, then one per topic
    got = synth.run(cfg)
    assert got["topics"] == ["topic flour / salt ideas", "topic flour / dough ideas",
                             "topic butter / salt ideas", "topic butter / dough ideas"]
    topic_calls = sum(v for (kind, _k), v in script.asked.items() if kind == "topics")
    synth.run(cfg)  # again: the tree comes from the journal
    assert sum(v for (kind, _k), v in script.asked.items() if kind == "topics") == topic_calls == 3
    import asyncio

    project = tmp_path / "project"
    import shutil

    shutil.copytree(ROOT / "resources" / "sample_project", project)
    teacher = {"backend": "server", "model": MODEL, "base_url": compat_server.base_url}
    only = asyncio.run(commands.synth_topics_command(None, str(project), teacher=teacher, n=10, auto_topics=3))
    assert only["topics"] == ["topic flour", "topic butter", "topic yeast"] and only["cost_usd"] == 0


def test_a_large_run_gates_in_a_process_with_the_same_result(compat_server, tmp_path, stop_resource_tracker):
    """From 200 examples the gates run in a spawned process (in a thread they held the interpreter lock long
    enough to stall the GUI: bench/synth.py); the outputs are the same as the thread's."""
    compat_server.chat_reply = TeacherScript({5: "refusal", 7: "duplicate"}, _test_questions())
    cfg = _config(compat_server, tmp_path, n=200)
    summary = synth.run(cfg)
    assert summary["generated"] == 200 and summary["dropped"] == {"refusal": 1, "duplicate": 1}
    in_thread = synth.build_outputs(cfg)
    assert {k: in_thread[k] for k in ("pending", "dropped", "failed")} == \
        {k: summary[k] for k in ("pending", "dropped", "failed")}
    assert synth.load_rows(Path(summary["pending_path"]))  # written by the process, read back here
