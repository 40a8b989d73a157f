"""Generate a realistic, mostly unique chat fine-tuning file (used by bench/validate.py and bench/editor.py).

How: a seeded random generator writes customer-support style conversations. Each example has one of 8 system
prompts (as real data sets do: one or a few), a user question and an assistant answer (and for a third of the
examples a second user/assistant turn). Sentences are drawn word by word from a 2,000-word vocabulary (or
`vocabulary` words) with a
Zipf-like distribution (common words far more often), mixed with numbers, order ids, product names, punctuation
and a few accented words, so nearly every example is unique (a handful of planted exact duplicates are the
exception: 0.1%). Lengths vary: questions 8-60 words, answers 20-160 words.
With planted=True about 0.2% of the lines carry a problem a validator must report (bad JSON, an unknown role,
no answer, an e-mail address, a phone number, an API key, two user turns in a row), spread over the file.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path

_SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "sor", "vel", "an", "ut", "ber", "qui", "do", "ne", "sta", "pri",
              "gen", "tol", "mar", "es", "cor", "fin", "al", "ex", "ped", "tion", "ing", "er", "ly", "ment", "ous"]
_COMMON = ("the a to and of in is you your for it that on with this we can be have are or please will not "
           "your order account refund delivery payment card password email help thanks support team days "
           "business item product service update change cancel return shipping address number follow-up "
           "e-mail log-in sign-up check-out user_id order_no").split()
_SYSTEMS = [
    "You are a helpful customer support assistant for Acme Outdoor Gear. Answer politely and concisely.",
    "You are Acme's support agent. Keep answers short, friendly and accurate; never invent order details.",
    "You help customers of a bicycle shop with orders, repairs and returns.",
    "You are a banking assistant. Do not ask for full card numbers. Explain steps clearly.",
    "You are a travel helpdesk assistant answering questions about bookings and changes.",
    "You answer questions about a software product's billing and subscriptions.",
    "You are a polite assistant for a grocery delivery service.",
    "Réponds en anglais simple; you are the support assistant of a café chain.",
]


def _vocab(rng: random.Random, n: int = 2000) -> list[str]:
    words = set(_COMMON)
    while len(words) < n:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    rest = sorted(words - set(_COMMON))
    rng.shuffle(rest)
    return list(_COMMON) + rest  # real function words are the most frequent, as in English


def _sentence(rng: random.Random, vocab: list[str], cum_weights: list[float], n: int) -> str:
    words = rng.choices(vocab, cum_weights=cum_weights, k=n)
    for i in range(len(words)):
        r = rng.random()
        if r < 0.03:
            words[i] = str(rng.randint(1, 9999))
        elif r < 0.04:
            words[i] = f"#A{rng.randint(100000, 999999)}"
        elif r < 0.045:
            words[i] = rng.choice(["café", "naïve", "Zürich", "São", "übermäßig"])
    text = " ".join(words)
    # sentence case and punctuation every 6-18 words
    out, i = [], 0
    while i < len(words):
        k = rng.randint(6, 18)
        chunk = " ".join(words[i:i + k])
        out.append(chunk[:1].upper() + chunk[1:] + rng.choice([".", ".", ".", "?", "!", ","]))
        i += k
    return " ".join(out) if out else text


_PLANTED = [
    '{"messages": [{"role": "user", "content": "broken line"}, {"role": "assistant", "content": "no end"}',
    '{"messages": [{"role": "customer", "content": "Hello?"}, {"role": "assistant", "content": "Hi, how can I help?"}]}',
    '{"messages": [{"role": "user", "content": "Is anyone there to answer me today?"}]}',
    '{"messages": [{"role": "user", "content": "My e-mail is maria.lopez@example.org, please update it."}, '
    '{"role": "assistant", "content": "Done, your address is updated."}]}',
    '{"messages": [{"role": "user", "content": "Call me back at +44 20 7946 0958 tomorrow."}, '
    '{"role": "assistant", "content": "We will call you tomorrow morning."}]}',
    '{"messages": [{"role": "user", "content": "Here is my key sk-proj-Zx81YtQw02LmNbVc93KdEe7R for the API."}, '
    '{"role": "assistant", "content": "Please revoke that key now and never share it."}]}',
    '{"messages": [{"role": "user", "content": "First question about billing."}, {"role": "user", "content": '
    '"And a second one about refunds."}, {"role": "assistant", "content": "Both are answered in your account."}]}',
]


def generate(path: Path, n: int, seed: int = 1234, planted: bool = False, vocabulary: int = 2000) -> Path:
    rng = random.Random(seed)
    vocab = _vocab(rng, vocabulary)
    # cumulated once (choices() with `weights` would add them up again for every sentence); the same draws
    weights = list(itertools.accumulate(1.0 / (i + 1) ** 1.05 for i in range(len(vocab))))
    lines = []
    for i in range(n):
        if planted and i > 10 and rng.random() < 0.002:
            lines.append(_PLANTED[i % len(_PLANTED)])
            continue
        if i > 10 and rng.random() < 0.001:  # a planted exact duplicate
            lines.append(lines[rng.randrange(len(lines))])
            continue
        msgs = [{"role": "system", "content": rng.choice(_SYSTEMS)}]
        for _turn in range(2 if rng.random() < 0.33 else 1):
            msgs.append({"role": "user", "content": _sentence(rng, vocab, weights, rng.randint(8, 60))})
            msgs.append({"role": "assistant", "content": _sentence(rng, vocab, weights, rng.randint(20, 160))})
        lines.append(json.dumps({"messages": msgs}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100_000, planted="--planted" in sys.argv)
