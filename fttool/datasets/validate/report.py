"""The report of a validation: its problem record and shape (`Problem`, `ValidationReport`, what `--json` prints)
and how the chunks' results become it (duplicates, leakage, system prompts, tokens, cost). Imports codes, tables,
messages and the duplicates module."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from fttool.datasets import codes
from fttool.datasets.validate.duplicates import NEAR_DUP_BINS, duplicate_groups, near_pairs
from fttool.messages import register, render
from fttool.tables import minimum_examples, model_limits

# A file's role in the project decides which checks fit it: the minimum number of examples and the training cost
# are the train file's; a validation or test file is checked for format, limits and copies of train examples
# (leakage), never for its size, and the test file is never given a training cost (nor uploaded).
FILE_ROLES = ("train", "validation", "test")
LEAK_CODES = {"train": "in_train_and_validation", "validation": "in_validation_and_train",
              "test": "in_test_and_train"}
register({
    "in_validation_and_train": "Line {line} is also in the train file (its line {other_line}). The model would be "
                               "checked on an example it trained on, so the validation loss would look better "
                               "than it is; remove it from one of the two files.",
    "in_test_and_train": "Line {line} is also in the train file (its line {other_line}). The model would be tested "
                         "on an example it trained on, so its score would look better than it is; remove it from "
                         "one of the two files.",
    "validate_role_unknown": "\"{role}\" is not a file role: use train, validation or test.",
})
codes.SEVERITY.update({"in_validation_and_train": "warning", "in_test_and_train": "warning"})


# -- the problem record and the report -----------------------------------------------------------------------
@dataclass
class Problem:
    line: int | None
    code: str
    field: str | None
    message: str
    severity: str
    params: dict[str, Any] = dc_field(default_factory=dict)

    @classmethod
    def make(cls, line: int | None, code: str, fld: str | None = None,
             params: dict[str, Any] | None = None) -> Problem:
        p = dict(params or {})
        p.setdefault("line", line)
        if fld is not None:
            p.setdefault("field", fld)
        return cls(line, code, fld, render(code, p), codes.SEVERITY.get(code, "error"), p)

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "code": self.code, "field": self.field, "message": self.message}


@dataclass
class ValidationReport:
    path: str | None
    model: str
    backend: str
    method: str
    examples: int
    problems: list[Problem]
    tokens: dict[str, int]
    epochs: int
    estimated_cost_usd: float | None
    price_as_of: str | None
    limit: int | None
    line_tokens: Sequence[int]            # example index -> tokens (-1: could not be counted)
    example_lines: Sequence[int]          # example index -> 1-based line
    stats: dict[str, Any]
    duplicates: list[list[int]]           # groups of example indexes with the same content
    role: str = "train"                   # train, validation or test: which checks applied (FILE_ROLES)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def problems_by_line(self) -> dict[int | None, list[Problem]]:
        out: dict[int | None, list[Problem]] = {}
        for p in self.problems:
            out.setdefault(p.line, []).append(p)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Exactly the shape `fttool validate --json` prints."""
        return {
            "valid": self.valid,
            "examples": self.examples,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "tokens": {k: self.tokens[k] for k in ("total", "billed", "min", "p10", "median", "p90", "max")},
            "epochs": self.epochs,
            "estimated_cost_usd": self.estimated_cost_usd,
            "role": self.role,
        }


# -- building the report -------------------------------------------------------------------------------------
def _percentile(sorted_vals: Sequence[int] | Any, q: float) -> int:
    if not len(sorted_vals):
        return 0
    # nearest-rank on the sorted values (numpy's 'lower' method)
    idx = int((len(sorted_vals) - 1) * q)
    return int(sorted_vals[idx])


def build_report(path: Path, model: str, backend: str, method: str, results: list[dict[str, Any]],
                 whole: list[Problem], limit: int | None, epochs: int | None,
                 other: list[dict[str, Any]] | None = None, near_duplicates: bool = True,
                 role: str = "train") -> ValidationReport:
    """The report from the chunks' results (in file order; `other`: the file compared with for leakage) and
    the problems of the whole file (`whole`)."""
    from fttool.tables import default_epochs, estimate

    raw: list[tuple[Any, ...]] = []
    ex_lines = array("i")
    tokens = array("q")
    asst = array("q")
    nmsgs = array("i")
    valid = bytearray()
    dupkeys = bytearray()
    syskeys = bytearray()
    sigs = bytearray()
    sig_ok = bytearray()
    line_off = 0
    for r in results:
        for prob in r["problems"]:
            ln = prob[0] + line_off
            params = dict(prob[3])
            if "where" in params and params["where"].startswith("Line "):
                params["where"] = "Line " + str(ln) + params["where"][len("Line " + str(prob[0])):]
            raw.append((ln, prob[1], prob[2], params))
        ex_lines.extend(x + line_off for x in r["ex_line"])
        tokens.extend(r["tokens"])
        asst.extend(r["asst"])
        nmsgs.extend(r["nmsgs"])
        valid += r["valid"]
        dupkeys += r["dupkeys"]
        syskeys += r["syskeys"]
        if r["sigs"]:
            sigs += r["sigs"]
            sig_ok += r["sig_ok"]
        else:
            sigs += bytes(NEAR_DUP_BINS * len(r["ex_line"]))
            sig_ok += bytes(len(r["ex_line"]))
        line_off += r["n_lines"]
    n = len(ex_lines)
    problems: list[Problem] = list(whole)
    if n == 0 and not whole:
        problems.append(Problem.make(None, "empty_file"))
    # exact duplicates (same line bytes) and near duplicates (MinHash/LSH)
    groups = duplicate_groups(bytes(dupkeys), n)
    dup_of: set[int] = set()
    for g in groups:
        for k in g[1:]:
            dup_of.add(k)
            raw.append((ex_lines[k], "duplicate", None, {"first": ex_lines[g[0]]}))
    if near_duplicates and n:
        for a, b, sim in near_pairs(bytes(sigs), bytes(sig_ok), n, dup_of):
            raw.append((ex_lines[b], "near_duplicate", None, {"first": ex_lines[a], "similarity": sim}))
    # examples also in the other file: the validation file of a train file, the train file of the others
    zero8 = bytes(8)
    leak_code = LEAK_CODES.get(role, "in_train_and_validation")
    if other is not None:
        v_first: dict[bytes, int] = {}
        off = 0
        for r in other:
            keys = r["dupkeys"]
            for j, vl in enumerate(r["ex_line"]):
                key = keys[8 * j:8 * j + 8]
                if key != zero8:
                    v_first.setdefault(key, vl + off)
            off += r["n_lines"]
        for k in range(n):
            key = bytes(dupkeys[8 * k:8 * k + 8])
            if key != zero8 and key in v_first:
                raw.append((ex_lines[k], leak_code, None, {"other_line": v_first[key]}))
    # system prompts
    _system_prompt_warnings(syskeys, nmsgs, ex_lines, raw, n)
    import numpy as np

    tok_np = np.frombuffer(tokens, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    counted = np.sort(tok_np[tok_np >= 0])
    n_valid = int(np.count_nonzero(np.frombuffer(bytes(valid), dtype=np.uint8))) if n else 0
    if backend in ("openai", "azure") and not model_limits(model)["known"]:  # never silent: no limit, no price
        from fttool.tables import unknown_model_params

        problems.append(Problem.make(None, "unknown_model", "model", unknown_model_params(model)))
    if backend == "together":
        from fttool.tables import together_model, together_table

        if together_model(model) is None:
            import difflib

            from fttool.tables import together_models

            close = difflib.get_close_matches(model, list(together_models()), n=3, cutoff=0.5)
            problems.append(Problem.make(None, "unknown_model", "model", {
                "model": model, "date": together_table().get("as_of", "?"), "close_names": close,
                "close": ", ".join(close) or "-"}))
    training = role == "train"  # only the train file has a minimum size and a training cost
    minimum = minimum_examples(backend) if training else 0
    if training and n and n_valid < minimum:
        problems.append(Problem.make(None, "too_few_examples", None,
                                     {"count": n_valid, "backend": backend, "minimum": minimum}))
    for r_ in raw:
        problems.append(Problem.make(*r_))
    problems.sort(key=lambda pr: (-1 if pr.line is None else pr.line))
    ep = epochs or default_epochs(len(counted))
    if not training:
        ep = 0
    elif backend == "together" and not epochs:  # fttool's Together default (resources/together.json), not OpenAI's rule
        from fttool.tables import together_table

        ep = int(together_table().get("default_epochs") or 3)
    capped = np.minimum(counted, limit) if limit is not None else counted
    billed = int(capped.sum()) * ep  # sum of min(limit, tokens) x epochs, as cost.billed_tokens
    est = estimate(model, billed, backend) if training and backend in ("openai", "azure") else None
    if training and backend == "together":
        from fttool.tables import CostEstimate, together_table, together_training_price

        rate = together_training_price(model, "dpo" if method == "dpo" else "supervised", True)
        est = CostEstimate(usd=round(billed * rate / 1e6, 4) if rate is not None else None, billed_tokens=billed,
                           price_source="resources/together.json", price_date=str(together_table().get("as_of", "")),
                           model=model, per_1m_tokens=rate, known=rate is not None)
    tok = {"total": int(counted.sum()), "billed": billed, "min": int(counted[0]) if len(counted) else 0,
           "p10": _percentile(counted, 0.1), "median": _percentile(counted, 0.5), "p90": _percentile(counted, 0.9),
           "max": int(counted[-1]) if len(counted) else 0}
    nm_np = np.frombuffer(nmsgs, dtype=np.int32) if n else np.zeros(0, dtype=np.int32)
    nm = np.sort(nm_np[nm_np > 0]).tolist()
    asst_np = np.frombuffer(asst, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    stats = {
        "messages_per_example": {"min": nm[0] if nm else 0, "median": _percentile(nm, 0.5),
                                 "max": nm[-1] if nm else 0},
        "assistant_tokens": {"total": int(asst_np[asst_np > 0].sum())},
        "over_limit": int(np.count_nonzero(counted > limit)) if limit is not None else 0,
        "valid_examples": n_valid,
        "minimum_examples": minimum,
        "role": role,
    }
    return ValidationReport(
        path=str(path), model=model, backend=backend, method=method, examples=n, problems=problems, tokens=tok,
        epochs=ep, estimated_cost_usd=est.usd if est else None, price_as_of=est.price_date if est else None,
        limit=limit, line_tokens=tokens, example_lines=ex_lines, stats=stats,
        duplicates=groups, role=role)


def _system_prompt_warnings(syskeys: bytearray, nmsgs: array, ex_lines: array, raw: list[tuple[Any, ...]],
                            n: int) -> None:
    """Warn on examples whose system prompt is missing or rare while most examples share one prompt."""
    import numpy as np

    if not n:
        return
    keys = np.frombuffer(bytes(syskeys), dtype=np.uint64)
    has = np.frombuffer(nmsgs, dtype=np.int32) > 0
    if not has.any():
        return
    uniq, inv, counts = np.unique(keys[has], return_inverse=True, return_counts=True)
    top = int(np.argmax(counts))
    top_key, top_n, total = uniq[top], int(counts[top]), int(has.sum())
    if top_key == 0 or top_n * 2 <= total or total < 4:
        return
    rare = max(1, total // 100)
    count_of = np.zeros(n, dtype=np.int64)
    count_of[np.flatnonzero(has)] = counts[inv]
    missing = has & (keys == 0)
    odd = has & (keys != 0) & (keys != top_key) & (count_of <= rare)
    params = {"majority": top_n, "total": total}
    for k in np.flatnonzero(missing | odd).tolist():
        if missing[k]:
            raw.append((ex_lines[k], "inconsistent_system_prompt", "messages",
                        {"detail": "this example has no system prompt.", **params}))
        else:
            raw.append((ex_lines[k], "inconsistent_system_prompt", "messages[0].content",
                        {"detail": "this example's system prompt differs from the usual one.", **params}))

