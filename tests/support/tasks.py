"""Small tasks of the kind a person brings (60 examples, a few dozen held out), written by the tests and
bench/payoff.py: a label task (one word out of five) and a rewrite into a fixed format. A real instruct model answers
both in sentences before tuning (exact match about 0); tuned, it should answer like the examples.

    write_task("label", folder)   -> {"train": Path, "validation": Path, "test": Path}
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

LABEL_SYSTEM = ("Classify the customer's message. Answer with exactly one word: billing, shipping, refund, account "
                "or technical.")
LABELS: dict[str, list[str]] = {
    "billing": ["I was charged twice for my order", "Why is there an extra fee on my invoice",
                "My card was billed the wrong amount", "Can I get a copy of last month's invoice",
                "The price on my receipt is higher than the shop said", "I see a charge I do not recognise",
                "Please change the card you bill each month", "My invoice shows the wrong tax",
                "You billed me after I cancelled", "How do I pay the outstanding balance"],
    "shipping": ["Where is my parcel", "My package has not arrived yet", "The tracking number does not work",
                 "Can you deliver to my office instead", "The courier left my box at the wrong door",
                 "How long does delivery to Penang take", "My order says shipped but nothing moved for a week",
                 "Can I change the delivery address", "The parcel arrived crushed", "Do you ship to Sabah"],
    "refund": ["I want my money back for the broken kettle", "How do I return these shoes for a refund",
               "The refund you promised never came", "Can I get a refund for the missing item",
               "I returned the jacket two weeks ago and got nothing back", "Please refund the duplicate order",
               "The product was not as described, I want a refund", "How long does a refund take",
               "Refund my subscription, I never used it", "I sent the item back, where is my refund"],
    "account": ["I cannot log in to my account", "How do I change my email address", "Please delete my account",
                "I forgot my password", "My account was locked after three tries", "How do I update my phone number",
                "Someone else is using my account", "I want to merge my two accounts",
                "The verification code never arrives", "How do I change my username"],
    "technical": ["The app crashes when I open it", "The website shows an error 500", "The page will not load on my phone",
                  "The checkout button does nothing", "I get a blank screen after the update",
                  "The app is very slow since yesterday", "Pictures do not load in the catalogue",
                  "The search box returns nothing", "The app asks me to update forever",
                  "Notifications stopped working"],
}
OPENERS = ["", "Hello, ", "Hi there. ", "Good morning! ", "Excuse me, ", "Urgent: "]
CLOSERS = ["", " Thanks.", " Please help.", " What should I do?", " Thank you in advance."]

REWRITE_SYSTEM = "Rewrite the note as: Dish: <dish> | Minutes: <number>"
DISHES = ["pancakes", "nasi lemak", "fried rice", "banana bread", "chicken curry", "omelette", "laksa",
          "roti canai", "tomato soup", "lemon cake", "satay", "apple pie", "mee goreng", "vegetable stew"]
NOTES = ["The {dish} takes about {m} minutes.", "{Dish} is ready in {m} minutes.", "Cook the {dish} for {m} minutes.",
         "Allow {m} minutes for the {dish}.", "It takes {m} minutes to make {dish}."]


def label_examples(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    names = list(LABELS)
    for i in range(n):
        label = names[i % len(names)]
        text = rng.choice(OPENERS) + rng.choice(LABELS[label]) + rng.choice(CLOSERS)
        out.append({"messages": [{"role": "system", "content": LABEL_SYSTEM}, {"role": "user", "content": text},
                                 {"role": "assistant", "content": label}]})
    rng.shuffle(out)
    return out


def rewrite_examples(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        dish, m = rng.choice(DISHES), rng.choice([5, 8, 10, 12, 15, 20, 25, 30, 40, 45, 50, 60, 90])
        note = rng.choice(NOTES).format(dish=dish, Dish=dish.capitalize(), m=m)
        out.append({"messages": [{"role": "system", "content": REWRITE_SYSTEM}, {"role": "user", "content": note},
                                 {"role": "assistant", "content": f"Dish: {dish} | Minutes: {m}"}]})
    return out


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def write_task(task: str, folder: Path, *, train: int = 60, validation: int = 10, test: int = 30) -> dict[str, Path]:
    """The task's train, validation and test files (disjoint seeds: no held-out example is a training one)."""
    make = {"label": label_examples, "rewrite": rewrite_examples}[task]
    seen: set[str] = set()
    splits: dict[str, Path] = {}
    for split, n, seed in (("train", train, 1), ("validation", validation, 2), ("test", test, 3)):
        rows = []
        for row in make(n * 4, seed):
            key = row["messages"][1]["content"]
            if key not in seen:
                seen.add(key)
                rows.append(row)
            if len(rows) == n:
                break
        splits[split] = write_jsonl(folder / f"{task}-{split}.jsonl", rows)
    return splits
