"""A first look at the result when a local training ends (issue 24): the base and the tuned model are asked the
job's validation examples (or up to FIRST_LOOK_MAX of its project's held-out test split), greedy and short, and the
job says the result in plain words: "The tuned model answered 9 of 10 validation questions like your examples; the
base model 0."

It is fttool's own evaluation (fttool.chat.eval, the same scores and local servers as `fttool eval`), run in a
thread of the job service while the job shows "comparing"; a cancel stops it and the job still succeeds (the model
is there). The result is kept in the job folder (first-look.json) and in the job's params (`first_look`).
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.fsutil import atomic_write_json
from fttool.messages import register

FIRST_LOOK_MAX = 20
FILE = "first-look.json"

register({
    "first_look_running": "Training finished. Asking the base and the tuned model {n} {what} questions…",
    "first_look_exact_validation": "The tuned model answered {tuned} of {n} validation questions like your "
                                   "examples; the base model {base}. Evaluate compares them on your test examples.",
    "first_look_exact_test": "The tuned model answered {tuned} of {n} held-out questions like your examples; the "
                             "base model {base}. Evaluate compares them on all your test examples.",
    "first_look_words_validation": "On {n} validation questions, the tuned model's answers share {tuned}% of their "
                                   "words with your examples' answers; the base model's {base}%. Evaluate compares "
                                   "them on your test examples.",
    "first_look_words_test": "On {n} held-out questions, the tuned model's answers share {tuned}% of their words "
                             "with your examples' answers; the base model's {base}%. Evaluate compares them on all "
                             "your test examples.",
    "first_look_what_validation": "validation",
    "first_look_what_test": "held-out",
    "first_look_failed": "The first look at the result did not finish ({detail}). The model is ready: Evaluate "
                         "compares it with the base.",
    "first_look_skipped": "The first look at the result was stopped. The model is ready: Evaluate compares it with "
                          "the base.",
})


def examples_for(params: dict[str, Any], project: str | None) -> tuple[Path, str] | None:
    """The file the first look asks from, and which kind: the job's validation file, else its project's test
    split; None when there is neither (or the person turned it off)."""
    if params.get("first_look") is False:
        return None
    vf = params.get("validation_file")
    if vf and Path(str(vf)).is_file():
        return Path(str(vf)), "validation"
    if project:
        try:
            from fttool.project import Project

            test = Project.open(project).dataset_files().get("test")
        except Exception:  # a project that no longer opens has no first look
            return None
        if test is not None and test.is_file():
            return test, "test"
    return None


def _max_tokens(path: Path) -> int:
    """Long enough for the longest reference answer (about 3 characters a token) and no longer: the base model
    would otherwise ramble for hundreds of tokens per question."""
    from fttool.chat.eval import load_examples

    longest = max((len(ex.reference) for ex in load_examples(path)[:FIRST_LOOK_MAX]), default=0)
    return max(16, min(384, longest // 3 + 16))


def compare(base_model: str, tuned: str, data: Path, *, cancel: threading.Event | None = None) -> dict[str, Any]:
    """Ask both models (`tuned`: the job's output folder, an adapter or a merged model); returns {n, base_exact,
    tuned_exact, base_f1, tuned_f1, gain}."""
    from fttool.chat.client import Sampling, Target
    from fttool.chat.eval import EvalConfig, evaluate

    targets = [Target("local", base_model, label="base"), Target("local", tuned, label="tuned")]
    config = EvalConfig(data=data, targets=targets, sampling=Sampling(temperature=0.0, max_tokens=_max_tokens(data)),
                        concurrency=4, allow_trained_data=True, results_dir=None, limit=FIRST_LOOK_MAX)
    result = asyncio.run(evaluate(config, save=False,
                                  cancel=(lambda: cancel.is_set()) if cancel is not None else None))
    rows = result.get("examples") or []
    ids = list(result["models"])
    base_id, tuned_id = ids[0], ids[1]

    def exact(sid: str) -> int:
        return sum(1 for r in rows if (r["answers"].get(sid) or {}).get("exact_match") == 1)

    models = result["models"]
    return {"n": len(rows), "base_exact": exact(base_id), "tuned_exact": exact(tuned_id),
            "base_f1": models[base_id].get("token_f1"), "tuned_f1": models[tuned_id].get("token_f1"),
            "gain": result.get("gain")}


def sentence(look: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The result in plain words (a message code and its parameters)."""
    kind = look.get("kind", "validation")
    if look["tuned_exact"] or look["base_exact"]:
        return f"first_look_exact_{kind}", {"tuned": look["tuned_exact"], "base": look["base_exact"], "n": look["n"]}
    return f"first_look_words_{kind}", {"tuned": round(100 * (look["tuned_f1"] or 0)),
                                        "base": round(100 * (look["base_f1"] or 0)), "n": look["n"]}


def count(path: Path) -> int:
    from fttool.chat.eval import load_examples

    return min(len(load_examples(path)), FIRST_LOOK_MAX)


@dataclass
class FirstLook:
    """One first look running in its own thread."""

    job_dir: Path
    base_model: str
    tuned: str
    data: Path
    kind: str
    cancel: threading.Event = field(default_factory=threading.Event)
    result: dict[str, Any] | None = None
    error: str | None = None
    thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="fttool-first-look", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from fttool.errors import FtError

        try:
            look = compare(self.base_model, self.tuned, self.data, cancel=self.cancel)
            look.update(kind=self.kind, data=str(self.data))
            atomic_write_json(self.job_dir / FILE, look)
            self.result = look
        except FtError as exc:
            self.error = "cancelled" if self.cancel.is_set() else exc.message
        except Exception as exc:  # reported on the job; the training result stands
            self.error = f"{type(exc).__name__}: {exc}"

    @property
    def done(self) -> bool:
        return self.thread is not None and not self.thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        self.cancel.set()
        if self.thread is not None:
            self.thread.join(timeout)


def base_of(output: Path, job_base: str | None) -> str:
    """The base model a job's output was trained from: its adapter's own record (the resolved path the trainer
    loaded), else the job's."""
    from fttool.chat.local import _adapter_base
    from fttool.errors import FtError

    if (output / "adapter_config.json").is_file():
        try:
            return _adapter_base(output)
        except FtError:
            pass
    return str(job_base or "")


def saved(job_dir: Path) -> dict[str, Any] | None:
    import json

    try:
        data = json.loads((job_dir / FILE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None
