"""The scores against values computed by hand."""

from __future__ import annotations

import pytest

from fttool.chat.metrics import bootstrap_gain, exact_match, lcs_length, normalize, rouge_l, score, token_f1


def test_normalize_drops_case_punctuation_and_articles():
    assert normalize("The Pasta, please!") == "pasta please"
    assert normalize("  An  apple\ta day ") == "apple day"
    assert normalize("“Quoted” — dash") == "quoted dash"


def test_exact_match():
    assert exact_match("The pasta.", "pasta") == 1.0
    assert exact_match("pasta", "pasta al dente") == 0.0
    assert exact_match("", "") == 1.0


def test_token_f1_hand_computed():
    # pred: cat sat on mat / ref: cat is on mat -> 3 common, P = R = 3/4
    assert token_f1("the cat sat on the mat", "the cat is on a mat") == pytest.approx(0.75)
    # with multiplicity: pred red red blue / ref red blue blue green -> common 2, P 2/3, R 2/4 -> F1 4/7
    assert token_f1("red red blue", "red blue blue green") == pytest.approx(4 / 7)
    assert token_f1("nothing shared", "completely different") == 0.0
    assert token_f1("", "something") == 0.0
    assert token_f1("", "") == 1.0


def test_rouge_l_hand_computed():
    # LCS of (one two three four five six) and (one three five seven) is one three five: P 3/6, R 3/4 -> 0.6
    assert rouge_l("one two three four five six", "one three five seven") == pytest.approx(0.6)
    # police killed (the) gunman / police kill (the) gunman: LCS police gunman, P = R = 2/3
    assert rouge_l("police killed the gunman", "police kill the gunman") == pytest.approx(2 / 3)
    assert rouge_l("same words here", "Same words, here.") == 1.0
    assert rouge_l("x", "") == 0.0
    # order matters for ROUGE-L, not for token F1
    assert rouge_l("z y x", "x y z") == pytest.approx(1 / 3)
    assert token_f1("z y x", "x y z") == 1.0


def test_lcs_length():
    assert lcs_length(list("ABCBDAB"), list("BDCABA")) == 4
    assert lcs_length([], ["x"]) == 0


def test_score_has_every_metric():
    s = score("The cat sat.", "the cat sat")
    assert s == {"exact_match": 1.0, "token_f1": 1.0, "rouge_l": 1.0}


def test_bootstrap_constant_difference_has_a_point_interval():
    mean, lo, hi = bootstrap_gain([0.2] * 30, [0.3] * 30)
    assert mean == pytest.approx(0.1) and lo == pytest.approx(0.1) and hi == pytest.approx(0.1)


def test_bootstrap_interval_matches_the_normal_approximation():
    # differences: half 1, half 0 (n = 100): mean 0.5, standard error sqrt(0.25 / 100) = 0.05 -> about +-0.098
    base = [0.0] * 100
    tuned = [1.0] * 50 + [0.0] * 50
    mean, lo, hi = bootstrap_gain(base, tuned, resamples=4000, seed=1)
    assert mean == pytest.approx(0.5)
    assert 0.38 < lo < 0.42 and 0.58 < hi < 0.62
    assert bootstrap_gain(base, tuned, resamples=4000, seed=1) == (mean, lo, hi)  # reproducible


def test_bootstrap_no_gain_interval_straddles_zero():
    base = [0.0, 1.0] * 25
    tuned = [1.0, 0.0] * 25
    mean, lo, hi = bootstrap_gain(base, tuned)
    assert mean == 0.0 and lo < 0 < hi
    with pytest.raises(ValueError):
        bootstrap_gain([1.0], [])
