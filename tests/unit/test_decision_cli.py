"""The answers file, the reports and `fttool decide` (a subprocess, as a person runs it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fttool.decision import answers as answers_mod
from fttool.decision import decide
from fttool.decision.report import export, to_html, to_markdown
from fttool.errors import InputError
from tests.support.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample_project"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dst = tmp_path / "proj"
    shutil.copytree(SAMPLE, dst)
    return dst


def test_sample_answers_load_and_round_trip(tmp_path: Path) -> None:
    a = answers_mod.load(SAMPLE / "decision.json")
    assert a["costs"]["backends"] == ["openai"] and a["use_case"]["goals"] == ["format_style", "tone"]
    out = tmp_path / "d.json"
    answers_mod.save(out, a)
    assert answers_mod.load(out) == a


def test_first_sample_spellings_are_accepted() -> None:
    a = answers_mod.normalize({"costs": {"backend": "azure"}, "benefits": {"reuse_for_new_domains": False}})
    assert a["costs"]["backends"] == ["azure"] and a["benefits"]["reuse_for_new_domains"] == "no"


@pytest.mark.parametrize("raw,field", [
    ({"costs": {"effort_hours": "ten"}}, "costs.effort_hours"),
    ({"alternatives": {"rag": {"rating": 7}}}, "alternatives.rag.rating"),
    ({"use_case": {"goals": ["world_peace"]}}, "use_case.goals"),
    ({"costs": {"backends": ["mars"]}}, "costs.backends"),
    ({"weights": {"quality": -1}}, "weights.quality"),
    ([1, 2], "(top level)"),
])
def test_bad_answers_name_the_file_and_field(tmp_path: Path, raw: object, field: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(InputError) as info:
        answers_mod.load(path)
    assert str(path) in info.value.message and field in info.value.message


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{\n  "costs": {,}\n}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        answers_mod.load(path)
    assert "line 2" in info.value.message


def test_prefill_takes_backend_and_model_from_the_project() -> None:
    a = answers_mod.prefill(None, {"backend": "azure", "base_model": "gpt-4.1-2025-04-14"})
    assert a["costs"]["backends"] == ["azure"] and a["costs"]["base_model"] == "gpt-4.1-2025-04-14"
    kept = answers_mod.prefill({"costs": {"backends": ["local"], "base_model": "x/y"}}, {"backend": "azure"})
    assert kept["costs"]["backends"] == ["local"] and kept["costs"]["base_model"] == "x/y"


def test_project_evaluation_results_are_read(project: Path) -> None:
    (project / "eval").mkdir()
    (project / "eval" / "results.json").write_text(json.dumps({
        "models": {}, "baselines": {"zero-shot": {"token_f1": 0.41}},
        "gain": {"metric": "token_f1", "base": "gpt-4o-mini", "tuned": "ft:gpt-4o-mini:x", "delta_points": 9.0,
                 "ci95_points": [6.0, 12.0], "n": 120}}), encoding="utf-8")
    d = decide(answers_mod.load(project / "decision.json"), project_dir=project, check_environment=False)
    assert d.criterion("quality").score == 5
    assert "0.41" in d.criterion("alternatives").evidence()
    assert d.facts["data"]["valid"] == 12


def test_reports_markdown_and_html(tmp_path: Path, project: Path) -> None:
    d = decide(answers_mod.load(project / "decision.json"), project_dir=project, check_environment=False)
    md = to_markdown(d, project="Recipes <&> co <img src=file:///etc/passwd> [x](http://e)")
    assert md.startswith("# Should we fine-tune? Recipes &lt;&amp;&gt; co &lt;img src=file:///etc/passwd&gt; "
                         "\\[x\\](http://e)")  # a user's text is never markup in the report
    assert "<img" not in md
    assert "| Quality | Benefits | 0 | 3 |" in md
    assert "- Train a tuned model, then evaluate it against the base" in md  # no tuned model of it yet
    assert "Scored on the base model gpt-4o-mini-2024-07-18 (no tuned model of it yet)." in md
    html = to_html(d, project="Recipes <&> co")
    assert "Recipes &lt;&amp;&gt; co" in html and "<table>" in html and html.count("<tr>") == 1 + len(d.criteria)
    out = export(d, tmp_path / "r.html")
    assert out.read_text(encoding="utf-8") == to_html(d)
    export(d, tmp_path / "r.md")
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == to_markdown(d)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_report_uses_the_given_translator(project: Path) -> None:
    d = decide(answers_mod.load(project / "decision.json"), project_dir=project, check_environment=False)
    md = to_markdown(d, say=lambda code, params: f"[{code}]")
    assert "\\[verdict\\_not\\_worth\\_it\\]" in md and "Weighted" not in md


def test_cli_decide_json(project: Path) -> None:
    r = run_cli("decide", "--answers", str(project / "decision.json"), "--project", str(project), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"verdict", "score", "criteria", "break_even", "missing"}
    assert out["verdict"] in {"fine_tune_now", "improve_prompt_first", "try_retrieval_first",
                              "collect_more_data_first", "not_worth_it"}
    assert [c["name"] for c in out["criteria"]] == ["quality", "alternatives", "data", "cost", "tunability",
                                                    "effort", "compute", "extensibility"]
    assert out["break_even"]["requests"] > 0 and "train_tuned_model" in out["missing"]


def test_cli_decide_text_weight_and_report(project: Path, tmp_path: Path) -> None:
    report = tmp_path / "out" / "decision.md"
    r = run_cli("decide", "--answers", str(project / "decision.json"), "--weight", "quality=0",
                "--report", str(report))
    assert r.returncode == 0, r.stderr
    assert "Verdict:" in r.stdout and "Quality" in r.stdout
    assert report.is_file() and "| Quality | Benefits | 0 | 0 |" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("args,needle", [
    (["--answers", "nope.json"], "nope.json: no such file"),
    (["--answers", "{answers}", "--weight", "beauty=3"], "--weight beauty=3"),
    (["--answers", "{answers}", "--project", "{tmp}"], "not a project folder"),
])
def test_cli_decide_errors_exit_2(project: Path, tmp_path: Path, args: list[str], needle: str) -> None:
    args = [a.format(answers=project / "decision.json", tmp=tmp_path) for a in args]
    r = run_cli("decide", *args)
    assert r.returncode == 2 and needle in r.stderr, (r.returncode, r.stderr)


def test_data_evidence_is_remembered_until_the_file_changes(project: Path) -> None:
    import os

    from fttool.decision import evidence
    from fttool.decision.tables import Tables

    train = project / "data" / "train.jsonl"
    t = Tables.load()
    first = evidence.data_facts(train, "openai", "gpt-4o-mini-2024-07-18", t)
    calls = []
    original = evidence._from_validator
    evidence._from_validator = lambda *a: calls.append(a) or original(*a)  # type: ignore[assignment]
    try:
        again = evidence.data_facts(train, "openai", "gpt-4o-mini-2024-07-18", t)
        assert again == first and not calls
        lines = train.read_text(encoding="utf-8").splitlines()
        train.write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
        os.utime(train, ns=(1, 1))  # a different mtime even on coarse clocks
        changed = evidence.data_facts(train, "openai", "gpt-4o-mini-2024-07-18", t)
        assert changed is not None and changed.examples == 5 and len(calls) == 1
    finally:
        evidence._from_validator = original  # type: ignore[assignment]


def test_decide_counts_synthetic_examples_names_the_teacher_and_warns_of_a_generated_test(project: Path) -> None:
    data = project / "data"
    (data / "train.provenance.jsonl").write_text("".join(
        json.dumps({"id": f"ex{i:05d}", "teacher": "openai:gpt-4.1-2025-04-14"}) + "\n" for i in range(3)))
    r = run_cli("decide", "--answers", str(project / "decision.json"), "--project", str(project), "--json")
    assert r.returncode == 0, r.stderr
    data_criterion = next(c for c in json.loads(r.stdout)["criteria"] if c["name"] == "data")
    said = json.dumps(data_criterion)
    assert "3 of the examples were written by a teacher model (openai:gpt-4.1-2025-04-14)" in said
    assert "9 by people" in said and "Write the test questions yourself" not in said
    (data / "test.provenance.jsonl").write_text(json.dumps({"id": "ex00000", "teacher": "x"}) + "\n")
    r = run_cli("decide", "--answers", str(project / "decision.json"), "--project", str(project), "--json")
    out = json.loads(r.stdout)
    assert "Write the test questions yourself" in json.dumps(out["criteria"])
    assert "write_test_questions" in out["missing"]
