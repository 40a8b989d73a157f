"""A scripted teacher for the synthetic-data tests: `server.chat_reply = TeacherScript(...)` on one of our chat test
servers answers fttool's generation prompts as a teacher model would (topics, a user message per variation, an
answer, a judge's rating), with bad answers on chosen variations:

    malformed_once   the message's JSON is broken the first time it is asked (a retry with the error fixes it)
    malformed        broken every time (the item fails)
    refusal          the answer is a refusal
    duplicate        the same message (and so the same answer) as the variation before it
    near             the previous variation's message with a word added
    leak             a test question, word for word
    phone            an answer with a phone number in it
    long             an answer far over the length limit (cut off: finish reason `length`)
    low              the judge rates it 1

Everything else gets a distinct message about its topic and a helpful answer. `asked` counts the requests per
(kind, variation), so a test can check that a rerun asked nothing twice.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from typing import Any

WORDS = ("flour", "butter", "yeast", "oven", "sugar", "salt", "dough", "crust", "starter", "rye", "honey", "milk",
         "eggs", "cream", "cocoa", "vanilla", "almond", "raisin", "walnut", "lemon", "apple", "cherry", "ginger",
         "cinnamon", "oat", "barley", "spelt", "semolina", "pecan", "hazelnut")


class TeacherScript:
    def __init__(self, faults: dict[int, str] | None = None, test_questions: list[str] | None = None,
                 language: str = "en") -> None:
        self.faults = dict(faults or {})
        self.test_questions = list(test_questions or [])
        self.language = language
        self.asked: Counter[tuple[str, int]] = Counter()
        self.lock = threading.Lock()

    TEMPLATES = (
        "How should I use {a} with {b} and {c} in batch number {k} of my weekend baking?",
        "My {a} and {b} loaf keeps failing at batch number {k}; what am I doing wrong with the {c}?",
        "Can you suggest a {a} recipe for batch number {k} that avoids {b} but uses {c}?",
        "What oven temperature suits {a} bread with {b}, and how long for batch number {k} topped with {c}?",
        "Is it fine to swap {a} for {b} in batch number {k}, and does the {c} glaze still set?",
    )

    @classmethod
    def message_for(cls, k: int) -> str:
        """A distinct message per variation: five sentence shapes, and three words that change together."""
        n = len(WORDS)
        a, b, c = WORDS[k % n], WORDS[(7 * k + k // n + 3) % n], WORDS[(13 * k + 2 * (k // n) + 5) % n]
        return cls.TEMPLATES[(k + k // n) % len(cls.TEMPLATES)].format(a=a, b=b, c=c, k=k)

    def question(self, k: int) -> str:
        fault = self.faults.get(k)
        if fault == "duplicate":
            return self.question(k - 1)
        if fault == "near":
            return self.question(k - 1) + " Thanks!"
        if fault == "leak" and self.test_questions:
            return self.test_questions[k % len(self.test_questions)]
        if self.language == "ms":
            return f"Bagaimana saya guna {WORDS[k % len(WORDS)]} dalam kumpulan nombor {k} roti hujung minggu saya?"
        return self.message_for(k)

    def __call__(self, model: str, messages: list[dict[str, Any]], body: dict[str, Any]) -> Any:
        last = str(messages[-1].get("content") or "")
        if "distinct topics" in last:
            n = int(re.search(r"List (\d+) distinct topics", last).group(1))  # type: ignore[union-attr]
            parent = re.search(r'within the topic "([^"]+)"', last)
            with self.lock:
                self.asked[("topics", hash(parent.group(1)) if parent else 0)] += 1
            if parent:
                return json.dumps({"topics": [f"{WORDS[(i + 5) % len(WORDS)]} ideas" for i in range(n)]})
            return json.dumps({"topics": [f"topic {WORDS[i % len(WORDS)]}" for i in range(n)]})
        m = re.search(r"\(Variation (\d+)\.\)", last)
        if m and "Write one new message" in last:
            k = int(m.group(1)) - 1
            with self.lock:
                self.asked[("question", k)] += 1
                first = self.asked[("question", k)] == 1
            fault = self.faults.get(k)
            if fault == "malformed" or (fault == "malformed_once" and first):
                return {"content": '{"message": "How do I', "raw": True}
            return json.dumps({"message": self.question(k)})
        if "That was not valid JSON" in last:
            k = self._variation(messages)
            with self.lock:
                self.asked[("question", k)] += 1
            if self.faults.get(k) == "malformed":
                return {"content": "still not json", "raw": True}
            return json.dumps({"message": self.question(k)})
        if "Rate from 1" in last:
            k = self._k_of(last)
            with self.lock:
                self.asked[("judge", k)] += 1
            return json.dumps({"rating": 1 if self.faults.get(k) == "low" else 5, "reason": "scripted"})
        # an answer to a user message
        k = self._k_of(last)
        with self.lock:
            self.asked[("answer", k)] += 1
        fault = self.faults.get(k)
        if fault == "refusal":
            return "I'm sorry, but I can't help with that request."
        if fault == "phone":
            return "Call the bakery hotline at +1 415 555 0134 and ask for the head baker."
        if fault == "long":
            return " ".join(["Knead"] * 3000)
        if self.language == "ms":
            return f"Gunakan bahan itu dengan berhati-hati dan bakar pada suhu 180 darjah. ({len(last)})"
        return f"Use it gently: {last[:60].lower()} works best at 180 C for 25 minutes, then cool on a rack."

    def _k_of(self, text: str) -> int:
        m = re.search(r"(?:batch number|kumpulan nombor) (\d+)", text)
        if m:
            return int(m.group(1))
        for k, q in enumerate(self.test_questions):
            if q in text:
                return -1 - k
        return -1

    def _variation(self, messages: list[dict[str, Any]]) -> int:
        for msg in messages:
            m = re.search(r"\(Variation (\d+)\.\)", str(msg.get("content") or ""))
            if m:
                return int(m.group(1)) - 1
        return -1
