"""What the project already knows: its training data (through the data issue's validator) and its evaluation
results (eval/results.json, the `fttool eval --json` shape in CONTRACTS.md)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.decision.tables import Tables


@dataclass
class DataFacts:
    file: str
    examples: int = 0
    valid: int = 0  # without errors and without exact duplicates
    errors: int = 0
    duplicates: int = 0
    billed_tokens: int | None = None
    epochs: int | None = None
    median_tokens: int | None = None
    source: str = "validator"  # validator | count (the stand-in below)
    problem: str | None = None  # a file that cannot be read: its message
    synthetic: int = 0  # examples a teacher wrote, accepted in a review (<train>.provenance.jsonl)
    teachers: list[str] = field(default_factory=list)
    test_generated: bool = False  # the test split beside it has a provenance sidecar: a teacher wrote it

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _epochs(n: int, rule: dict[str, Any]) -> int:
    """OpenAI's default epoch rule, the cookbook's (the one rule: fttool.tables.default_epochs)."""
    from fttool.tables import default_epochs

    return default_epochs(n, rule)


def _count_examples(path: Path, tables: Tables) -> DataFacts:
    """Stand-in for the validator: a line is valid when it is a JSON object whose `messages` hold an assistant
    message with content; exact duplicates are not counted twice. Tokens estimated as characters / 4."""
    facts = DataFacts(file=str(path), source="count")
    seen: set[str] = set()
    lengths: list[int] = []
    with path.open("r", encoding="utf-8-sig", errors="replace") as f:
        for raw in f:
            if not raw.strip():
                continue
            facts.examples += 1
            try:
                obj = json.loads(raw)
                msgs = obj["messages"]
                ok = isinstance(msgs, list) and any(
                    isinstance(m, dict) and m.get("role") == "assistant" and m.get("content") for m in msgs)
            except (ValueError, KeyError, TypeError):
                ok = False
            if not ok:
                facts.errors += 1
                continue
            key = json.dumps(obj, sort_keys=True)
            if key in seen:
                facts.duplicates += 1
                continue
            seen.add(key)
            facts.valid += 1
            lengths.append(max(1, len(raw) // 4))
    if lengths:
        lengths.sort()
        facts.median_tokens = lengths[len(lengths) // 2]
        facts.epochs = _epochs(len(lengths), tables.epochs_rule())
        facts.billed_tokens = sum(lengths) * facts.epochs
    return facts


def _from_validator(path: Path, backend: str, model: str | None) -> DataFacts | None:
    try:
        from fttool.datasets.validate import validate_file  # the data issue's validator
    except ImportError:
        return None
    report = validate_file(path, model=model, backend=backend)
    error_lines = {p.line for p in report.errors if p.line is not None}
    dup_lines = {p.line for p in report.warnings
                 if p.line is not None and "duplicate" in p.code and "near" not in p.code}
    tokens = report.tokens or {}
    return DataFacts(
        file=str(path), examples=int(report.examples), valid=max(0, int(report.examples) - len(error_lines | dup_lines)),
        errors=len(report.errors), duplicates=len(dup_lines - error_lines),
        billed_tokens=int(tokens["billed"]) if tokens.get("billed") is not None else None,
        epochs=int(report.epochs) if report.epochs else None,
        median_tokens=int(tokens["median"]) if tokens.get("median") is not None else None, source="validator")


_CACHE: dict[tuple[str, int, int, str, str | None], DataFacts] = {}
_CACHE_MAX = 16


def data_facts(path: Path | None, backend: str, model: str | None, tables: Tables) -> DataFacts | None:
    """The one function that counts valid examples (the validator when it is installed, else a plain count).
    Remembered per file state (size, mtime), backend and model: the Decide view scores on every answer change."""
    if path is None or not path.is_file():
        return None
    from fttool.errors import FtError

    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, backend, model)
    if key in _CACHE:
        return copy.copy(_CACHE[key])
    try:
        facts = _from_validator(path, backend, model)
        if facts is None:
            facts = _count_examples(path, tables)
    except FtError as exc:
        return DataFacts(file=str(path), source="validator", problem=exc.message)
    except OSError as exc:
        return DataFacts(file=str(path), source="count", problem=str(exc))
    _add_provenance(facts, path)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = facts
    return copy.copy(facts)


def _add_provenance(facts: DataFacts, path: Path) -> None:
    """Synthetic examples (fttool/datasets/synth/ records each accepted one in <train>.provenance.jsonl), their
    teachers, and whether the test split was generated too."""
    side = path.with_suffix(".provenance.jsonl")
    teachers: list[str] = []
    if side.is_file():
        try:
            for line in side.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if isinstance(row, dict):
                    facts.synthetic += 1
                    t = str(row.get("teacher") or "")
                    if t and t not in teachers:
                        teachers.append(t)
        except OSError:
            pass
    facts.synthetic = min(facts.synthetic, facts.examples)
    facts.teachers = teachers
    facts.test_generated = path.with_name("test.provenance.jsonl").is_file()


@dataclass
class EvalFacts:
    file: str
    gain: dict[str, Any] | None = None
    baselines: dict[str, dict[str, Any]] = field(default_factory=dict)
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    created_at: str | None = None

    def baseline(self, prefix: str) -> tuple[str, dict[str, Any]] | None:
        """The measured baseline whose name is `prefix` or starts with `prefix:` (few-shot:3)."""
        for name, row in self.baselines.items():
            if (name == prefix or name.startswith(prefix + ":")) and isinstance(row, dict):
                return name, row
        return None


def eval_facts(project_dir: Path | None) -> EvalFacts | None:
    if project_dir is None:
        return None
    path = project_dir / "eval" / "results.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    gain = data.get("gain") if isinstance(data.get("gain"), dict) else None
    return EvalFacts(file=str(path), gain=gain, baselines=dict(data.get("baselines") or {}),
                     models=dict(data.get("models") or {}), created_at=data.get("created_at"))
