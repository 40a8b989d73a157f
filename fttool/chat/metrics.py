"""Scores of an answer against its reference, and the bootstrap confidence interval of a gain.

Text is normalised the SQuAD way before comparing (lower case, punctuation and the articles a/an/the
removed, whitespace collapsed), so "The pasta." and "pasta" are an exact match.
    exact_match   1 when the normalised texts are equal, else 0
    token_f1      harmonic mean of token precision and recall (bag of tokens, counted with multiplicity)
    rouge_l       F-measure (beta 1) of the longest common token subsequence
All scores are in [0, 1]."""

from __future__ import annotations

import random
import re
import string
from collections import Counter
from collections.abc import Sequence

_PUNCT = re.compile("[" + re.escape(string.punctuation) + "\u2018\u2019\u201c\u201d\u2013\u2014]")
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text: str) -> str:
    text = str(text or "").lower()
    text = _PUNCT.sub(" ", text)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def exact_match(prediction: str, reference: str) -> float:
    return 1.0 if normalize(prediction) == normalize(reference) else 0.0


def token_f1(prediction: str, reference: str) -> float:
    p, r = tokens(prediction), tokens(reference)
    if not p and not r:
        return 1.0
    if not p or not r:
        return 0.0
    common = sum((Counter(p) & Counter(r)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(r)
    return 2 * precision * recall / (precision + recall)


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, start=1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def rouge_l(prediction: str, reference: str) -> float:
    p, r = tokens(prediction), tokens(reference)
    if not p and not r:
        return 1.0
    if not p or not r:
        return 0.0
    lcs = lcs_length(p, r)
    if lcs == 0:
        return 0.0
    precision, recall = lcs / len(p), lcs / len(r)
    return 2 * precision * recall / (precision + recall)


METRICS = {"exact_match": exact_match, "token_f1": token_f1, "rouge_l": rouge_l}


def score(prediction: str, reference: str) -> dict[str, float]:
    return {name: fn(prediction, reference) for name, fn in METRICS.items()}


def bootstrap_gain(base: Sequence[float], tuned: Sequence[float], *, resamples: int = 2000, seed: int = 0,
                   level: float = 0.95) -> tuple[float, float, float]:
    """Paired bootstrap of mean(tuned - base): (mean difference, lower, upper) of the `level` percentile
    interval over `resamples` resamples of the examples (with replacement), reproducible with `seed`."""
    if len(base) != len(tuned):
        raise ValueError("paired scores need the same examples")
    diffs = [t - b for b, t in zip(base, tuned, strict=True)]
    n = len(diffs)
    if n == 0:
        return 0.0, 0.0, 0.0
    mean = sum(diffs) / n
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(diffs, k=n)) / n for _ in range(resamples))
    tail = (1 - level) / 2
    lo = means[int(tail * resamples)]
    hi = means[min(resamples - 1, int((1 - tail) * resamples) - 1)]
    return mean, lo, hi
