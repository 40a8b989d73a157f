"""The answers file (a project's decision.json, or any file given to `fttool decide --answers`).

Format 1 (docs/decision.md):
    {"format": 1,
     "use_case": {"description": "Answer cake-order questions in our tone", "goals": ["format_style", ...],
                  "why_not_prompting": "..."},
     "alternatives": {"prompt_engineering": {"tried": true, "rating": 3}, "few_shot": {...}, "rag": {...}},
     "costs": {"backends": ["openai"], "base_model": "gpt-4o-mini-2024-07-18",
               "tuned_model": "ft:gpt-4o-mini-2024-07-18:org::abc" | null (automatic), "effort_hours": 6,
               "local_hardware": "cpu", "model_size_billions": null},
     "benefits": {"requests_per_month": 20000, "prompt_tokens_per_request": 300,
                  "few_shot_tokens_saved_per_request": 600, "output_tokens_per_request": 150,
                  "reuse_for_new_domains": "yes" | "no" | "unsure"},
     "weights": {"quality": 3, ...},            # optional: overrides of the default weights
     "data": {"train_file": "data/train.jsonl"}  # optional: else the project's train split
    }
Every key is optional; a missing one takes its default. `costs.backend` (one name) and a boolean
`reuse_for_new_domains` from the first sample are accepted too. With no `use_case.description`, the project's
own use case (project.json `use_case`, else its `description`) is the default.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from fttool.decision.questions import ALTERNATIVES, BACKENDS, GOALS, HARDWARE, REUSE
from fttool.errors import InputError
from fttool.fsutil import atomic_write_json
from fttool.messages import register

FORMAT = 1

register({
    "answers_bad_field": "{path}: the field '{field}' {problem}.",
    "answers_bad_json": "{path}: not valid JSON (line {line}, column {column}): {reason}",
    "answers_newer": "{path}: answers format {found} is newer than this fttool knows ({known}).",
})


def defaults() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "use_case": {"description": "", "goals": [], "why_not_prompting": ""},
        "alternatives": {a: {"tried": False, "rating": None} for a in ALTERNATIVES},
        "costs": {"backends": ["openai"], "base_model": "gpt-4o-mini-2024-07-18", "tuned_model": None,
                  "effort_hours": 8.0,
                  "local_hardware": "cpu", "model_size_billions": None},
        "benefits": {"requests_per_month": 0, "prompt_tokens_per_request": None,
                     "few_shot_tokens_saved_per_request": 0, "output_tokens_per_request": None,
                     "reuse_for_new_domains": "unsure"},
        "weights": {},
        "data": {"train_file": None},
    }


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, field: str, problem: str) -> InputError:
        return InputError("answers_bad_field", path=self.path, field=field, problem=problem)

    def number(self, value: Any, field: str, *, integer: bool = False, allow_none: bool = True,
               minimum: float = 0) -> Any:
        if value is None and allow_none:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(field, "must be a number")
        if value < minimum:
            raise self.fail(field, f"must be at least {minimum:g}")
        if integer:
            if int(value) != value:
                raise self.fail(field, "must be a whole number")
            return int(value)
        return float(value)

    def choice(self, value: Any, field: str, options: tuple[str, ...]) -> str:
        if value not in options:
            raise self.fail(field, "must be one of " + ", ".join(options))
        return str(value)


def normalize(raw: Any, path: str = "answers") -> dict[str, Any]:
    """Defaults filled in, old spellings accepted, every value checked (InputError names the field)."""
    c = _Checker(path)
    if not isinstance(raw, dict):
        raise c.fail("(top level)", "must be a JSON object")
    fmt = raw.get("format", FORMAT)
    if isinstance(fmt, int) and fmt > FORMAT:
        raise InputError("answers_newer", path=path, found=fmt, known=FORMAT)
    out = defaults()
    for section in ("use_case", "alternatives", "costs", "benefits", "weights", "data"):
        value = raw.get(section)
        if value is not None and not isinstance(value, dict):
            raise c.fail(section, "must be an object")

    uc = raw.get("use_case") or {}
    description = uc.get("description", "")
    if description is None:
        description = ""
    if not isinstance(description, str):
        raise c.fail("use_case.description", "must be text")
    out["use_case"]["description"] = description.strip()
    goals = uc.get("goals", [])
    if not isinstance(goals, list):
        raise c.fail("use_case.goals", "must be a list")
    out["use_case"]["goals"] = [c.choice(g, "use_case.goals", GOALS) for g in goals]
    why = uc.get("why_not_prompting", "")
    if not isinstance(why, str):
        raise c.fail("use_case.why_not_prompting", "must be text")
    out["use_case"]["why_not_prompting"] = why

    alts = raw.get("alternatives") or {}
    for name in ALTERNATIVES:
        a = alts.get(name) or {}
        if not isinstance(a, dict):
            raise c.fail(f"alternatives.{name}", "must be an object")
        tried = a.get("tried", False)
        if not isinstance(tried, bool):
            raise c.fail(f"alternatives.{name}.tried", "must be true or false")
        rating = c.number(a.get("rating"), f"alternatives.{name}.rating", integer=True, minimum=1)
        if rating is not None and rating > 5:
            raise c.fail(f"alternatives.{name}.rating", "must be from 1 to 5")
        out["alternatives"][name] = {"tried": tried or rating is not None, "rating": rating}

    costs = raw.get("costs") or {}
    backends = costs.get("backends")
    if backends is None and costs.get("backend"):
        backends = [costs["backend"]]
    if backends is not None:
        if not isinstance(backends, list) or not backends:
            raise c.fail("costs.backends", "must be a non-empty list")
        out["costs"]["backends"] = [c.choice(b, "costs.backends", BACKENDS) for b in backends]
    if "base_model" in costs:
        if not isinstance(costs["base_model"], str) or not costs["base_model"].strip():
            raise c.fail("costs.base_model", "must be a model name")
        out["costs"]["base_model"] = costs["base_model"].strip()
    tuned = costs.get("tuned_model")
    if tuned is not None and not isinstance(tuned, str):
        raise c.fail("costs.tuned_model", "must be a model name or null")
    out["costs"]["tuned_model"] = (tuned or "").strip() or None
    if "effort_hours" in costs:
        out["costs"]["effort_hours"] = c.number(costs["effort_hours"], "costs.effort_hours")
    if "local_hardware" in costs:
        out["costs"]["local_hardware"] = c.choice(costs["local_hardware"], "costs.local_hardware", HARDWARE)
    if "model_size_billions" in costs:
        out["costs"]["model_size_billions"] = c.number(costs["model_size_billions"], "costs.model_size_billions")

    ben = raw.get("benefits") or {}
    for key in ("requests_per_month", "prompt_tokens_per_request", "few_shot_tokens_saved_per_request",
                "output_tokens_per_request"):
        if key in ben:
            value = c.number(ben[key], f"benefits.{key}", integer=True)
            out["benefits"][key] = value if value is not None or key.endswith("_request") else 0
    if "reuse_for_new_domains" in ben:
        reuse = ben["reuse_for_new_domains"]
        if isinstance(reuse, bool):
            reuse = "yes" if reuse else "no"
        out["benefits"]["reuse_for_new_domains"] = c.choice(reuse, "benefits.reuse_for_new_domains", REUSE)

    weights = raw.get("weights") or {}
    for name, w in weights.items():
        out["weights"][str(name)] = c.number(w, f"weights.{name}", allow_none=False)

    data = raw.get("data") or {}
    tf = data.get("train_file")
    if tf is not None and not isinstance(tf, str):
        raise c.fail("data.train_file", "must be a file path")
    out["data"]["train_file"] = tf
    return out


def load(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    if not path.exists():
        raise InputError("file_not_found", path=str(path))
    if path.is_dir():
        raise InputError("not_a_file", path=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("unreadable_file", path=str(path), reason=str(exc)) from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("answers_bad_json", path=str(path), line=exc.lineno, column=exc.colno,
                         reason=exc.msg) from exc
    return normalize(raw, str(path))


def save(path: Path | str, answers: dict[str, Any]) -> dict[str, Any]:
    """Check and write atomically; returns what was written."""
    clean = normalize(copy.deepcopy(answers), str(path))
    atomic_write_json(path, clean)
    return clean


def prefill(answers: dict[str, Any] | None, project_meta: dict[str, Any] | None) -> dict[str, Any]:
    """Answers with what the project already says (its backend and base model) where the person has not
    answered. The evaluation's measured baselines are read at scoring time, not copied here."""
    out = normalize(copy.deepcopy(answers) if answers else {})
    meta = project_meta or {}
    if not answers or not (answers.get("costs") or {}).get("backends") and not (answers.get("costs") or {}).get(
            "backend"):
        if meta.get("backend") in BACKENDS:
            out["costs"]["backends"] = [meta["backend"]]
    if not answers or "base_model" not in (answers.get("costs") or {}):
        if isinstance(meta.get("base_model"), str) and meta["base_model"]:
            out["costs"]["base_model"] = meta["base_model"]
    if not out["use_case"]["description"]:
        out["use_case"]["description"] = project_use_case(meta)
    return out


def project_use_case(meta: dict[str, Any] | None) -> str:
    """The use case the project was created with (project.json `use_case`, else its `description`)."""
    meta = meta or {}
    for key in ("use_case", "description"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
