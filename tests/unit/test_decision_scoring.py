"""The Decide scoring: tables of cases from issue 9 (score tables, verdict order, weights, break-even)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fttool.decision import answers as answers_mod
from fttool.decision import decide
from fttool.decision.evidence import DataFacts, EvalFacts
from fttool.decision.tables import Tables

ROOT = Path(__file__).resolve().parents[2]
MODEL = "gpt-4o-mini-2024-07-18"
TODAY = date(2026, 11, 24)

PRICES = {"as_of": "2025-06-01", "source": "test", "currency": "USD", "models": {
    MODEL: {"backends": ["openai", "azure"], "training_per_1m_tokens": 3.0, "input_per_1m_tokens": 0.15,
            "output_per_1m_tokens": 0.6, "tuned_input_per_1m_tokens": 0.3, "tuned_output_per_1m_tokens": 1.2,
            "hosting_per_hour": None},
    "azure:" + MODEL: {"backends": ["azure"], "training_per_1m_tokens": 3.3, "input_per_1m_tokens": 0.15,
                       "output_per_1m_tokens": 0.6, "tuned_input_per_1m_tokens": 0.3,
                       "tuned_output_per_1m_tokens": 1.2, "hosting_per_hour": 1.7}}}
LIMITS = {"minimum_examples": {"openai": 10, "azure": 10, "local": 1, "hf": 1},
          "epochs": {"default": 3, "min": 1, "max": 25, "min_target_examples": 100, "max_target_examples": 25000}}
PROVIDERS = {"as_of": "2026-11-24",
             "openai": {"new_jobs_end": "2027-01-06", "fine_tunable": [MODEL, "gpt-4.1-2025-04-14"]},
             "azure": {"fine_tunable": {MODEL: {"retires": "2027-06-01"}, "gpt-old": {"retires": "2025-01-01"}}}}


def tables(providers: dict[str, Any] | None = PROVIDERS) -> Tables:
    rules = json.loads((ROOT / "resources" / "decision_rules.json").read_text(encoding="utf-8"))
    return Tables(rules=rules, prices=copy.deepcopy(PRICES), limits=LIMITS, providers=copy.deepcopy(providers))


def good_answers(**changes: Any) -> dict[str, Any]:
    a = answers_mod.defaults()
    a["use_case"]["goals"] = ["format_style"]
    a["alternatives"]["prompt_engineering"] = {"tried": True, "rating": 3}
    a["alternatives"]["few_shot"] = {"tried": True, "rating": 3}
    a["costs"].update(backends=["openai"], base_model=MODEL, effort_hours=6)
    a["benefits"].update(requests_per_month=100_000, prompt_tokens_per_request=120,
                         few_shot_tokens_saved_per_request=800, output_tokens_per_request=80,
                         reuse_for_new_domains="yes")
    for path, value in changes.items():
        section, key = path.split("__")
        a[section][key] = value
    return a


def data(valid: int = 600, errors: int = 0, billed: int | None = 1_000_000, source: str = "validator") -> DataFacts:
    return DataFacts(file="train.jsonl", examples=valid + errors, valid=valid, errors=errors,
                     billed_tokens=billed, epochs=3, source=source)


def evals(lo: float | None = 6.0, hi: float = 12.0, baselines: dict[str, Any] | None = None) -> EvalFacts:
    gain = None if lo is None else {"metric": "token_f1", "base": MODEL, "tuned": "ft:x", "delta_points": (lo + hi) / 2,
                                    "ci95_points": [lo, hi], "n": 100}
    return EvalFacts(file="eval/results.json", gain=gain,
                     baselines=baselines if baselines is not None else {"zero-shot": {"token_f1": 0.5},
                                                                        "few-shot:3": {"token_f1": 0.55}})


def run(a: dict[str, Any] | None = None, *, d: DataFacts | None = None, e: EvalFacts | None = None,
        t: Tables | None = None, weights: dict[str, float] | None = None, today: date = TODAY):
    return decide(a if a is not None else good_answers(), tables=t or tables(), data=d, evals=e, gather=False,
                  check_environment=False, weights=weights, today=today)


# -- the verdict, in the issue's order ---------------------------------------------------------------------
def test_measured_gain_and_break_even_within_a_year_is_fine_tune_now() -> None:
    result = run(d=data(), e=evals())
    assert result.verdict == "fine_tune_now", result.to_json()
    assert result.score >= 3.5
    assert result.break_even is not None and result.break_even["months"] <= 12
    assert result.criterion("quality").score == 5


def test_no_baseline_tried_is_improve_the_prompt_first() -> None:
    a = good_answers()
    a["alternatives"]["prompt_engineering"] = {"tried": False, "rating": None}
    a["alternatives"]["few_shot"] = {"tried": False, "rating": None}
    result = run(a, d=data(), e=evals(baselines={}))
    assert result.verdict == "improve_prompt_first"
    assert "run_baseline_evaluation" in result.missing


def test_tried_but_unrated_is_not_a_baseline() -> None:
    a = good_answers()
    a["alternatives"]["prompt_engineering"] = {"tried": True, "rating": None}
    a["alternatives"]["few_shot"] = {"tried": False, "rating": None}
    assert run(a, d=data(), e=evals(baselines={})).verdict == "improve_prompt_first"


def test_a_measured_baseline_counts_without_a_rating() -> None:
    a = good_answers()
    a["alternatives"]["prompt_engineering"] = {"tried": False, "rating": None}
    a["alternatives"]["few_shot"] = {"tried": False, "rating": None}
    result = run(a, d=data(), e=evals(baselines={"zero-shot": {"token_f1": 0.4}}))
    assert result.verdict != "improve_prompt_first"


@pytest.mark.parametrize("backend,valid,expected", [
    ("openai", 9, "collect_more_data_first"),
    ("openai", 10, "fine_tune_now"),
    ("openai", 0, "collect_more_data_first"),
])
def test_fewer_valid_examples_than_the_backend_minimum_is_collect_more_data(backend: str, valid: int,
                                                                            expected: str) -> None:
    a = good_answers(costs__backends=[backend])
    # a cheap data set still breaks even; quality is measured; only the data decides
    result = run(a, d=data(valid=valid, billed=10_000), e=evals(), weights={"data": 0})
    assert result.verdict == expected, result.to_json()


def test_no_training_data_at_all_is_collect_more_data_and_names_the_action() -> None:
    result = run(d=None, e=evals())
    assert result.verdict == "collect_more_data_first"
    assert "add_training_data" in result.missing
    assert result.criterion("data").score == 0


def test_knowledge_use_case_without_retrieval_baseline_is_try_retrieval_first() -> None:
    a = good_answers(use_case__goals=["knowledge"])
    result = run(a, d=data(), e=evals())
    assert result.verdict == "try_retrieval_first"
    assert "run_rag_baseline" in result.missing
    a["alternatives"]["rag"] = {"tried": True, "rating": 2}
    assert run(a, d=data(), e=evals()).verdict == "fine_tune_now"


def test_not_tunable_on_any_chosen_backend_is_not_worth_it_with_what_would_be() -> None:
    a = good_answers(costs__base_model="gpt-old", costs__backends=["azure"])
    result = run(a, d=data(), e=evals())
    assert result.verdict == "not_worth_it"
    text = " ".join(n.english() for n in result.reason)
    assert "retired" in result.criterion("tunability").evidence()
    assert f"{MODEL} on Azure OpenAI" in text  # what would work, the backend named as a person reads it
    assert result.criterion("tunability").score == 0


def test_not_tunable_check_comes_before_data() -> None:
    a = good_answers(costs__base_model="some-unknown-model", costs__backends=["openai"])
    assert run(a, d=None, e=None).verdict == "not_worth_it"


def test_openai_after_its_new_jobs_end_is_not_tunable() -> None:
    assert run(d=data(), e=evals(), today=date(2027, 1, 6)).verdict == "not_worth_it"
    assert run(d=data(), e=evals(), today=date(2027, 1, 5)).verdict == "fine_tune_now"


def test_one_tunable_backend_among_several_is_enough() -> None:
    a = good_answers(costs__base_model=MODEL, costs__backends=["azure", "openai"])
    result = run(a, d=data(), e=evals(), today=date(2027, 2, 1))  # openai closed, azure still open
    assert result.facts["backend"] == "azure"
    assert result.criterion("tunability").score == 5


def test_missing_provider_data_is_unknown_not_a_block() -> None:
    result = run(d=data(), e=evals(), t=tables(providers=None))
    assert result.criterion("tunability").score == 0
    assert "Unknown" in result.criterion("tunability").evidence()
    assert "update_provider_data" in result.missing
    assert result.verdict != "not_worth_it" or result.score < 3.5


def test_high_score_without_positive_gain_is_not_worth_it() -> None:
    result = run(d=data(), e=evals(lo=-1.0, hi=4.0))
    assert result.verdict == "not_worth_it"
    assert result.criterion("quality").score == 1


# -- score tables --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("valid,errors,score", [
    (9, 0, 0), (10, 0, 2), (49, 0, 2), (50, 0, 4), (499, 0, 4), (500, 0, 5), (500, 3, 4), (5000, 0, 5)])
def test_data_score_table(valid: int, errors: int, score: float) -> None:
    assert run(d=data(valid=valid, errors=errors), e=evals()).criterion("data").score == score


@pytest.mark.parametrize("lo,hi,score", [
    (None, 0, 0), (-3.0, -1.0, 0), (-1.0, 2.0, 1), (0.0, 2.0, 1), (0.5, 4.0, 3), (5.0, 9.0, 3), (5.1, 9.0, 5)])
def test_quality_score_table(lo: float | None, hi: float, score: float) -> None:
    assert run(d=data(), e=evals(lo=lo, hi=hi)).criterion("quality").score == score


@pytest.mark.parametrize("requests,expected_months,expected_score", [
    (100_000, 0.56, 5),  # $3 training / ($54e-6 x 100,000 a month)
    (10_000, 5.56, 3),
    (2_000, 27.78, 1),
])
def test_cost_score_from_break_even(requests: int, expected_months: float, expected_score: float) -> None:
    a = good_answers(benefits__requests_per_month=requests)
    result = run(a, d=data(billed=1_000_000), e=evals())
    assert result.break_even is not None
    assert result.break_even["months"] == pytest.approx(expected_months, abs=0.01)
    assert result.criterion("cost").score == expected_score


def test_break_even_requests_and_months_by_hand() -> None:
    a = good_answers(benefits__requests_per_month=20_000)
    result = run(a, d=data(billed=2_000_000), e=evals())
    saving = 54e-6  # (920*0.15 + 80*0.6 - 120*0.3 - 80*1.2) / 1e6
    months = 6.0 / (saving * 20_000)
    assert result.break_even == {"requests": pytest.approx(round(months * 20_000), abs=1),
                                 "months": pytest.approx(months, abs=0.01)}
    assert result.criterion("cost").score == 3  # 5.6 months: within 12


def test_never_breaks_even_when_hosting_eats_the_saving() -> None:
    a = good_answers(costs__backends=["azure"])
    result = run(a, d=data(), e=evals())
    assert result.break_even is None
    assert result.criterion("cost").score == 0
    assert "Never" in result.criterion("cost").evidence()
    assert "1.70 an hour" in result.criterion("cost").evidence()


def test_never_breaks_even_when_tuned_tokens_cost_more_than_they_save() -> None:
    a = good_answers(benefits__few_shot_tokens_saved_per_request=0)
    result = run(a, d=data(), e=evals())
    assert result.break_even is None and result.criterion("cost").score == 0


def test_unknown_usage_names_the_missing_estimate() -> None:
    result = run(good_answers(benefits__requests_per_month=0), d=data(), e=evals())
    assert result.criterion("cost").score == 0 and "estimate_usage" in result.missing


def test_tunability_is_zero_or_five() -> None:
    assert run(d=data(), e=evals()).criterion("tunability").score == 5
    bad = good_answers(costs__base_model="nope")
    assert run(bad, d=data(), e=evals()).criterion("tunability").score == 0


@pytest.mark.parametrize("billed,score", [(3_000_000, 5), (30_000_000, 4), (300_000_000, 2), (400_000_000, 0)])
def test_compute_score_from_training_cost(billed: int, score: float) -> None:
    assert run(d=data(billed=billed), e=evals()).criterion("compute").score == score


def test_local_compute_from_hardware_and_model_size() -> None:
    a = good_answers(costs__backends=["local"], costs__base_model="Qwen/Qwen2.5-0.5B-Instruct",
                     costs__model_size_billions=0.5, costs__local_hardware="gpu")
    result = run(a, d=data(billed=1_000_000), e=evals())
    hours = 6 * 0.5e9 * 1_000_000 / 1.5e13 / 3600  # the rule of thumb, by hand: 0.056 h
    assert result.criterion("compute").score == 5
    assert f"{hours:.1f}" in result.criterion("compute").evidence()
    cpu = run(good_answers(costs__backends=["local"], costs__base_model="Qwen/Qwen2.5-7B-Instruct",
                           costs__model_size_billions=7, costs__local_hardware="cpu"), d=data(billed=1_000_000), e=evals())
    assert cpu.criterion("compute").score == 0  # 6*7e9*1e6/2e11/3600 = 58 h
    assert result.criterion("tunability").score == 5  # an open model


@pytest.mark.parametrize("hours,score", [(8, 5), (9, 4), (24, 4), (80, 3), (200, 1), (201, 0)])
def test_effort_table(hours: float, score: float) -> None:
    assert run(good_answers(costs__effort_hours=hours), d=data(), e=evals()).criterion("effort").score == score


@pytest.mark.parametrize("reuse,score", [("yes", 5), ("unsure", 3), ("no", 1)])
def test_extensibility_table(reuse: str, score: float) -> None:
    a = good_answers(benefits__reuse_for_new_domains=reuse)
    assert run(a, d=data(), e=evals()).criterion("extensibility").score == score


def test_alternatives_points_and_cap() -> None:
    a = good_answers()
    assert run(a, d=data(), e=evals(baselines={})).criterion("alternatives").score == 2  # two rated
    measured = run(a, d=data(), e=evals(baselines={"zero-shot": {}, "few-shot:3": {}, "rag": {}}))
    assert measured.criterion("alternatives").score == 5
    a["alternatives"]["rag"] = {"tried": True, "rating": 5}  # retrieval already does the job
    capped = run(a, d=data(), e=evals(baselines={}))
    assert capped.criterion("alternatives").score == 1
    assert "already works well" in capped.criterion("alternatives").evidence()


# -- weights -------------------------------------------------------------------------------------------------
def test_default_weights_are_the_issues() -> None:
    result = run(d=data(), e=evals())
    assert {c.name: c.weight for c in result.criteria} == {
        "quality": 3, "alternatives": 2, "data": 2, "cost": 2, "tunability": 1, "effort": 1, "compute": 1,
        "extensibility": 1}


@pytest.mark.parametrize("name", ["quality", "alternatives", "data", "cost", "tunability", "effort", "compute",
                                  "extensibility"])
def test_each_weight_changes_the_score_as_documented(name: str) -> None:
    a = good_answers(benefits__reuse_for_new_domains="no", costs__effort_hours=30)
    d, e = data(valid=60), evals(lo=1.0, hi=3.0)
    base = run(a, d=d, e=e)
    heavier = run(a, d=d, e=e, weights={name: base.criterion(name).weight + 4})
    # documented: score = sum(score_i * weight_i) / sum(weight_i)
    for result in (base, heavier):
        expected = sum(c.score * c.weight for c in result.criteria) / sum(c.weight for c in result.criteria)
        assert result.score == pytest.approx(expected, abs=0.01)
    s = base.criterion(name).score
    if s > base.score:
        assert heavier.score > base.score
    elif s < base.score:
        assert heavier.score < base.score
    else:
        assert heavier.score == pytest.approx(base.score, abs=0.01)
    assert heavier.score != base.score or s == pytest.approx(base.score, abs=0.01)


def test_weight_from_the_answers_file_and_zero_weight_drops_a_criterion() -> None:
    a = good_answers()
    a["weights"] = {"quality": 0}
    result = run(a, d=data(), e=evals(lo=None))
    assert result.criterion("quality").weight == 0
    others = [c for c in result.criteria if c.name != "quality"]
    assert result.score == pytest.approx(sum(c.score * c.weight for c in others) / sum(c.weight for c in others),
                                         abs=0.01)


def test_json_shape_is_the_issues() -> None:
    out = run(d=data(), e=evals()).to_json()
    assert set(out) == {"verdict", "score", "criteria", "break_even", "missing"}
    assert all(set(c) == {"name", "score", "weight", "evidence"} for c in out["criteria"])
    assert set(out["break_even"]) == {"requests", "months"}
    json.dumps(out)


def test_azure_hourly_hosting_from_the_cloud_table() -> None:
    t = tables()
    del t.prices["models"]["azure:" + MODEL]  # type: ignore[index]
    t.prices["azure_hosting_per_hour"] = {"as_of": "2025-06-01", "models": {MODEL: 1.7}}  # type: ignore[index]
    result = run(good_answers(costs__backends=["azure"]), d=data(), e=evals(), t=t)
    assert "1.70 an hour" in result.criterion("cost").evidence()
    assert result.break_even is None  # $1,241 a month of hosting against $5.40 of savings
    openai = run(good_answers(costs__backends=["openai"]), d=data(), e=evals(), t=t)
    assert "No hosting fee" in openai.criterion("cost").evidence()


def test_data_with_errors_asks_to_validate_and_fix_it() -> None:
    assert "validate_data" in run(d=data(valid=600, errors=3), e=evals()).missing
    assert "validate_data" not in run(d=data(valid=600, errors=0), e=evals()).missing
    assert "validate_data" in run(d=data(valid=600, source="count"), e=evals()).missing
