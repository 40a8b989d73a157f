"""What the teacher and the judge are asked: the prompts, the JSON schemas of structured answers and their
parsing. Imports the synth config module only."""

from __future__ import annotations

import json
import re
from typing import Any

from fttool.datasets.synth.config import SynthConfig, first_of

TOPICS_SCHEMA = {"type": "object", "properties": {"topics": {"type": "array", "items": {"type": "string"}}},
                 "required": ["topics"], "additionalProperties": False}
MESSAGE_SCHEMA = {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"],
                  "additionalProperties": False}
RATING_SCHEMA = {"type": "object", "properties": {"rating": {"type": "integer"}, "reason": {"type": "string"}},
                 "required": ["rating", "reason"], "additionalProperties": False}
JSON_BACKENDS = ("openai", "azure", "together", "server")  # take response_format with a JSON schema


def _examples_block(seeds: list[dict[str, Any]], k: int = 5) -> str:
    return "\n".join(f"- {first_of(e, 'user')[:400]}" for e in seeds[:k])


def topics_prompt(config: SynthConfig, seeds: list[dict[str, Any]], parent: str | None = None
                  ) -> list[dict[str, Any]]:
    within = f" within the topic \"{parent}\"" if parent else ""
    count = (config.subtopics or config.auto_topics) if parent else config.auto_topics
    return [{"role": "user", "content": (
        f"Task: {config.task}\nMessages users write for it look like these:\n{_examples_block(seeds)}\n\n"
        f"List {count} distinct topics{within} (a few words each) that real users of this task ask "
        "about, covering its range, in the language of the messages above. Reply with JSON only: "
        '{"topics": ["...", "..."]}')}]


def question_prompt(config: SynthConfig, seeds: list[dict[str, Any]], topic: str, chunk: dict[str, str] | None,
                    index: int) -> list[dict[str, Any]]:
    source = f"\nBase it on this text:\n\"\"\"\n{chunk['text']}\n\"\"\"\n" if chunk else ""
    return [{"role": "user", "content": (
        f"Task: {config.task}\nTopic: {topic}\n{source}Messages users write for this task look like these:\n"
        f"{_examples_block(seeds)}\n\nWrite one new message a user could send about this topic: different from "
        "the examples, in the same language and style, realistic and self-contained. (Variation "
        f"{index + 1}.) Reply with JSON only: {{\"message\": \"...\"}}")}]


def answer_messages(config: SynthConfig, short_system: str | None, question: str) -> list[dict[str, Any]]:
    system = config.teacher_prompt or short_system
    msgs = [{"role": "system", "content": system}] if system else []
    return [*msgs, {"role": "user", "content": question}]


def judge_prompt(config: SynthConfig, question: str, answer: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": (
        f"Task: {config.task}\n\nUser message:\n{question}\n\nAnswer:\n{answer}\n\nRate from 1 (useless or wrong) "
        "to 5 (exactly what the task needs) how well the answer does the task for this message. Reply with JSON "
        'only: {"rating": N, "reason": "..."}')}]


def parse_json(text: str, key: str) -> Any:
    """The value of `key` in a JSON object answer (a fenced block or surrounding words are tolerated)."""
    t = text.strip()
    m = re.search(r"\{.*\}", t, re.DOTALL)
    if m:
        t = m.group(0)
    obj = json.loads(t)
    if not isinstance(obj, dict) or key not in obj:
        raise ValueError(f"the answer has no '{key}'")
    return obj[key]
