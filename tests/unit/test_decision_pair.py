"""Decide scores every criterion on one model pair (the chosen base model and its tuned model), reads the
checklist from the real state (runtime install record, keyring, endpoints), names the panel that gets each missing
piece of evidence, and keeps the person's use case (decision.json, project.json, the report)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fttool.decision import answers as answers_mod
from fttool.decision import decide
from fttool.decision.evidence import EvalFacts
from fttool.decision.report import to_html, to_markdown
from fttool.decision.scoring import action_target, same_model
from tests.unit.test_decision_scoring import MODEL, TODAY, data, evals, good_answers, tables

LOCAL = "Qwen/Qwen3-0.6B"


def run(a: dict[str, Any], *, e: EvalFacts | None = None, jobs: list[dict[str, Any]] | None = None,
        check_environment: bool = False, project_dir: Path | None = None):  # type: ignore[no-untyped-def]
    return decide(a, tables=tables(), data=data(), evals=e, gather=False, check_environment=check_environment,
                  today=TODAY, jobs=jobs, project_dir=project_dir)


def other_pair_evals() -> EvalFacts:
    """An evaluation of a local model against its adapter: not the pair chosen in Decide."""
    e = evals()
    assert e.gain is not None
    e.gain.update(base=LOCAL, tuned="/home/me/.fttool/jobs/abc/adapter")
    e.models = {LOCAL: {"token_f1": 0.3}, "/home/me/.fttool/jobs/abc/adapter": {"token_f1": 0.4}}
    return e


# -- one model pair ---------------------------------------------------------------------------------------------
def test_quality_and_tunability_name_the_same_model_when_the_evaluation_measured_another_pair() -> None:
    result = run(good_answers(), e=other_pair_evals())
    quality, tunability = result.criterion("quality"), result.criterion("tunability")
    assert MODEL in tunability.evidence()
    assert MODEL in quality.evidence() and LOCAL in quality.evidence()  # says which pair was measured instead
    assert quality.score == 0  # a gain of other models is no evidence for this one
    assert quality.notes[0].code == "ev_gain_other_pair"
    assert "use_evaluated_pair" in result.missing
    assert result.facts["pair"] == {"base": MODEL, "tuned": None, "tuned_source": None}
    assert result.facts["evaluated_pair"]["base"] == LOCAL
    # its baselines ran on the local model too: they do not count as measured for the chosen base
    alternatives = result.criterion("alternatives")
    assert [n.code for n in alternatives.notes].count("ev_alt_measured_other") == 2
    assert "ev_alt_measured" not in [n.code for n in alternatives.notes]


def test_choosing_the_evaluated_base_scores_quality_tunability_and_cost_on_it() -> None:
    a = good_answers(costs__base_model=LOCAL, costs__backends=["local"])
    result = run(a, e=other_pair_evals())
    assert result.facts["pair"] == {"base": LOCAL, "tuned": "/home/me/.fttool/jobs/abc/adapter",
                                    "tuned_source": "evaluation"}
    assert result.criterion("quality").score == 5 and result.criterion("quality").notes[0].code == "ev_gain"
    assert LOCAL in result.criterion("tunability").evidence()
    assert "ev_alt_measured" in [n.code for n in result.criterion("alternatives").notes]
    md = to_markdown(result)
    assert f"Scored on the base model {LOCAL.replace('/', '/')} and its tuned model" in md.replace("\\", "")


def test_a_dated_snapshot_and_its_alias_are_the_same_model() -> None:
    assert same_model("gpt-4o-mini", MODEL) and same_model(MODEL, "gpt-4o-mini")
    assert same_model(f"{MODEL}@openai", MODEL)
    assert same_model("/home/me/.fttool/models/Qwen--Qwen3-0.6B", LOCAL)
    assert same_model("/data/models/Qwen/Qwen3-0.6B/", LOCAL)
    assert not same_model("gpt-4o", MODEL) and not same_model("gpt-4.1-mini", "gpt-4.1")
    assert not same_model("", MODEL) and not same_model(None, None)


def test_a_chosen_tuned_model_other_than_the_evaluated_one_is_not_scored_with_its_gain() -> None:
    a = good_answers(costs__tuned_model="ft:gpt-4o-mini-2024-07-18:me::other")
    result = run(a, e=evals())  # the gain is of ft:x over the base
    assert result.criterion("quality").score == 0
    assert result.facts["pair"]["tuned"] == "ft:gpt-4o-mini-2024-07-18:me::other"
    assert run(good_answers(costs__tuned_model="ft:x"), e=evals()).criterion("quality").score == 5


def test_the_tuned_model_comes_from_a_finished_job_of_the_base() -> None:
    jobs = [{"status": "succeeded", "base_model": MODEL, "result_model": "ft:gpt-4o-mini:me::old",
             "updated_at": "2026-11-01T00:00:00Z"},
            {"status": "succeeded", "base_model": MODEL, "result_model": "ft:gpt-4o-mini:me::new",
             "updated_at": "2026-11-20T00:00:00Z"},
            {"status": "succeeded", "base_model": LOCAL, "result_model": "/x/adapter", "updated_at": "2026-11-21"},
            {"status": "failed", "base_model": MODEL, "result_model": "ft:broken", "updated_at": "2026-11-22"}]
    result = run(good_answers(), e=None, jobs=jobs)
    assert result.facts["pair"] == {"base": MODEL, "tuned": "ft:gpt-4o-mini:me::new", "tuned_source": "job"}
    assert result.facts["tuned_models"] == ["ft:gpt-4o-mini:me::new", "ft:gpt-4o-mini:me::old"]
    assert "evaluate_tuned_model" in result.missing and "train_tuned_model" not in result.missing
    nothing = run(good_answers(), e=None, jobs=[])
    assert "train_tuned_model" in nothing.missing and nothing.facts["pair"]["tuned"] is None
    assert nothing.criterion("quality").notes[0].code == "ev_no_tuned_model"


def test_metric_keys_are_words_in_the_evidence() -> None:
    result = run(good_answers(), e=evals())
    text = result.criterion("quality").evidence() + result.criterion("alternatives").evidence()
    assert "token_f1" not in text and "word overlap (token F1)" in text
    cost = result.criterion("cost").evidence()
    assert "Hosting:" not in cost and "Answers from the tuned model cost" in cost


# -- where each missing piece of evidence is got -------------------------------------------------------------------
@pytest.mark.parametrize("action,backend,target", [
    ("run_rag_baseline", "openai", {"view": "playground", "panel": "evaluate", "options": {"baseline": "bm25"}}),
    ("run_baseline_evaluation", "openai", {"view": "playground", "panel": "evaluate", "options": {}}),
    ("evaluate_tuned_model", "openai", {"view": "playground", "panel": "evaluate", "options": {}}),
    ("train_tuned_model", "hf", {"view": "train", "panel": "huggingface", "options": {}}),
    ("train_tuned_model", "together", {"view": "train", "panel": "together", "options": {}}),
    ("set_up_local_runtime", "local", {"view": "train", "panel": "local", "options": {}}),
    ("add_credentials", "together", {"view": "settings", "panel": "keys", "options": {"backend": "together"}}),
    ("add_deploy_token", "azure", {"view": "settings", "panel": "keys",
                                   "options": {"backend": "azure", "secret": "azure-management"}}),
    ("make_test_split", "openai", {"view": "data", "panel": "split", "options": {}}),
    ("add_training_data", "openai", {"view": "data", "panel": "import", "options": {}}),
    ("update_provider_data", "openai", {"view": None, "panel": None, "options": {}}),
])
def test_each_missing_action_names_its_panel(action: str, backend: str, target: dict[str, Any]) -> None:
    assert action_target(action, backend) == target


def test_training_opens_the_backends_panel_on_the_chosen_base_model() -> None:
    assert action_target("train_tuned_model", "local", LOCAL) == {"view": "train", "panel": "local",
                                                                  "options": {"base_model": LOCAL}}
    d = run(good_answers(costs__base_model=LOCAL, costs__backends=["hf"]), e=None, jobs=[]).to_dict()
    train = next(m for m in d["missing"] if m["action"] == "train_tuned_model")
    assert train["panel"] == "huggingface" and train["options"] == {"base_model": LOCAL}


def test_the_decision_hands_the_view_each_action_with_its_panel() -> None:
    a = good_answers()
    a["use_case"]["goals"] = ["knowledge"]
    d = run(a, e=evals(baselines={"zero-shot": {"token_f1": 0.4}})).to_dict()
    rag = next(m for m in d["missing"] if m["action"] == "run_rag_baseline")
    assert rag == {"action": "run_rag_baseline", "view": "playground", "panel": "evaluate",
                   "options": {"baseline": "bm25"}}


def test_an_evaluation_without_a_test_split_asks_for_one_first(tmp_path: Path) -> None:
    (tmp_path / "project.json").write_text(json.dumps({"name": "p", "datasets": {"train": "train.jsonl"}}))
    a = good_answers()
    a["alternatives"]["prompt_engineering"] = {"tried": False, "rating": None}
    a["alternatives"]["few_shot"] = {"tried": False, "rating": None}
    missing = run(a, e=None, project_dir=tmp_path).missing
    assert missing.index("make_test_split") < missing.index("run_baseline_evaluation")
    (tmp_path / "test.jsonl").write_text("{}\n")
    (tmp_path / "project.json").write_text(json.dumps({"name": "p", "datasets": {"train": "train.jsonl",
                                                                                 "test": "test.jsonl"}}))
    assert "make_test_split" not in run(a, e=None, project_dir=tmp_path).missing


# -- the checklist reads the real state -----------------------------------------------------------------------------
def _checklist(result: Any) -> dict[str, dict[str, Any]]:
    return {item["item"]: item for item in result.checklist}


def test_the_training_environment_is_ready_when_the_local_runtime_is_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.unit.test_trl_engine import fake_runtime

    runtimes = tmp_path / "runtimes"
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(runtimes))  # outside the data dir, as CI keeps it
    a = good_answers(costs__base_model=LOCAL, costs__backends=["local"])
    before = run(a, check_environment=True)
    assert not _checklist(before)["training_environment"]["ready"]
    assert "set_up_local_runtime" in before.missing
    (runtimes / "trl").mkdir(parents=True)  # a half-made folder is not an installed runtime
    assert not _checklist(run(a, check_environment=True))["training_environment"]["ready"]
    import shutil

    shutil.rmtree(runtimes / "trl")
    fake_runtime(runtimes, "trl", ["qwen3"], "5.25.0")
    after = run(a, check_environment=True)
    item = _checklist(after)["training_environment"]
    assert item["ready"] and item["notes"][0]["code"] == "check_runtime_installed"
    assert _checklist(after)["hosting_environment"]["ready"]
    assert "set_up_local_runtime" not in after.missing


def test_the_training_environment_is_ready_when_the_backends_key_is_set() -> None:
    from fttool import credentials

    a = good_answers()
    before = run(a, check_environment=True)
    assert not _checklist(before)["training_environment"]["ready"] and "add_credentials" in before.missing
    credentials.set_secret("openai", "sk-test-123")
    after = run(a, check_environment=True)
    assert _checklist(after)["training_environment"]["ready"] and _checklist(after)["hosting_environment"]["ready"]
    assert "add_credentials" not in after.missing


def test_azure_hosting_needs_the_management_token() -> None:
    from fttool import credentials

    a = good_answers(costs__backends=["azure"])
    credentials.set_secret("azure", "k")
    credentials.set_secret("azure-endpoint", "https://x.openai.azure.com/")
    result = run(a, check_environment=True)
    assert _checklist(result)["training_environment"]["ready"]
    assert not _checklist(result)["hosting_environment"]["ready"] and "add_deploy_token" in result.missing
    credentials.set_secret("azure-management", "t")
    assert _checklist(run(a, check_environment=True))["hosting_environment"]["ready"]


# -- the use case -------------------------------------------------------------------------------------------------------
def test_the_use_case_defaults_to_the_projects_and_is_kept_in_the_answers(tmp_path: Path) -> None:
    a = answers_mod.prefill(None, {"use_case": "Answer cake-order questions"})
    assert a["use_case"]["description"] == "Answer cake-order questions"
    assert answers_mod.prefill(None, {"description": "The lesson's example"})["use_case"]["description"] == \
        "The lesson's example"
    mine = answers_mod.prefill({"use_case": {"description": "Mine"}}, {"use_case": "Project's"})
    assert mine["use_case"]["description"] == "Mine"
    path = tmp_path / "decision.json"
    answers_mod.save(path, mine)
    assert answers_mod.load(path)["use_case"]["description"] == "Mine"
    with pytest.raises(Exception) as err:
        answers_mod.normalize({"use_case": {"description": 3}})
    assert "use_case.description" in str(err.value)


def test_the_report_starts_with_the_use_case() -> None:
    a = good_answers()
    a["use_case"]["description"] = "Answer <cake> orders in our tone"
    d = run(a, e=evals())
    md = to_markdown(d, project="Cakes")
    assert "## Use case\n\nAnswer &lt;cake&gt; orders in our tone\n" in md
    assert md.index("## Use case") < md.index("## Verdict")
    html = to_html(d)
    assert "<h2>Use case</h2>\n<p>Answer &lt;cake&gt; orders in our tone</p>" in html
    assert "## Use case" not in to_markdown(run(good_answers(), e=evals()))


def test_saving_the_answers_writes_the_use_case_into_project_json(tmp_path: Path) -> None:
    from fttool.decision.commands import save_answers

    (tmp_path / "project.json").write_text(json.dumps({"name": "p", "use_case": "old", "format": 1}))
    a = answers_mod.defaults()
    a["use_case"]["description"] = "Answer cake\norders  briefly"
    save_answers(None, str(tmp_path / "decision.json"), a, project_dir=str(tmp_path))  # type: ignore[arg-type]
    meta = json.loads((tmp_path / "project.json").read_text())
    assert meta == {"name": "p", "use_case": "Answer cake orders briefly", "format": 1}
    saved = json.loads((tmp_path / "decision.json").read_text())
    assert saved["use_case"]["description"] == "Answer cake\norders  briefly"


# -- a model on this computer, folders by their names, words mid-sentence --------------------------------------------
def test_a_model_on_this_computer_costs_no_per_token_fee() -> None:
    from fttool.decision.report import break_even_text, english

    result = run(good_answers(costs__base_model=LOCAL, costs__backends=["local"]), e=evals())
    cost = result.criterion("cost")
    assert cost.score == 5 and [n.code for n in cost.notes] == ["ev_hosting_here"]
    assert "Unknown" not in cost.evidence() and "choose_priced_model" not in result.missing
    assert break_even_text(result.break_even, result.facts, english).startswith("Nothing to earn back")


def test_model_folders_are_said_by_their_names_and_a_jobs_output_by_the_jobs_name() -> None:
    from fttool.decision.report import english, pair_text

    base, tuned = "/home/me/.cache/tiny-trl-qwen3", "/home/me/.fttool/jobs/job-f619/output"
    e = evals()
    assert e.gain is not None
    e.gain.update(base=base, tuned=tuned)
    jobs = [{"id": "job-f619", "name": "Colour helper · tiny-trl-qwen3", "status": "succeeded", "backend": "local",
             "base_model": base, "result_model": tuned, "updated_at": "2026-12-06T04:00:00Z"}]
    result = run(good_answers(costs__base_model=base, costs__backends=["local"]), e=e, jobs=jobs)
    quality = result.criterion("quality").evidence()
    assert "Colour helper · tiny-trl-qwen3 beats tiny-trl-qwen3" in quality and "/home/me" not in quality
    assert pair_text(result.facts, english) == ("Scored on the base model tiny-trl-qwen3 and its tuned model "
                                                "Colour helper · tiny-trl-qwen3.")
    assert result.facts["pair"]["tuned"] == tuned  # the full path stays in the facts (the view's model lists)
    assert result.facts["evaluated_pair"] == {"base": base, "tuned": tuned, "backend": "local"}
    assert result.facts["model_names"][tuned] == "Colour helper · tiny-trl-qwen3"
    # without the job, the job's folder name
    unnamed = run(good_answers(costs__base_model=base, costs__backends=["local"]), e=e, jobs=[])
    assert "job-f619 beats tiny-trl-qwen3" in unnamed.criterion("quality").evidence()


def test_backends_read_well_mid_sentence() -> None:
    result = run(good_answers())
    data = result.criterion("data").evidence()
    assert "OpenAI needs at least 10; 500 recommended." in data
    not_tunable = run(good_answers(costs__base_model="no-such-model", costs__backends=["openai"]))
    assert not_tunable.verdict == "not_worth_it"
    reason = " ".join(n.english() for n in not_tunable.reason)
    assert "(OpenAI)" in reason and "(openai)" not in reason
    assert " on This computer" not in reason
    local = run(good_answers(costs__base_model=LOCAL, costs__backends=["local"]))
    assert "this computer needs at least 1;" in local.criterion("data").evidence()


def test_the_answers_say_whether_the_person_chose_the_models(tmp_path: Path) -> None:
    from fttool.decision.commands import load_answers

    path = tmp_path / "decision.json"
    assert load_answers(None, str(path))["pair_chosen"] is False  # type: ignore[arg-type]
    answers_mod.save(path, answers_mod.defaults())
    assert load_answers(None, str(path))["pair_chosen"] is False  # type: ignore[arg-type]
    answers_mod.save(path, good_answers(costs__base_model=LOCAL))
    assert load_answers(None, str(path))["pair_chosen"] is True  # type: ignore[arg-type]
