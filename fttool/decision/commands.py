"""The Decide view's service commands (run on the job service, never on the GUI thread): score the answers
with the project's evidence, save the answers into the project folder, write a report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fttool.decision.scoring import Decision
    from fttool.jobs.service import JobService


def evaluate(service: JobService, answers: dict[str, Any], project_dir: str | None = None,
             weights: dict[str, float] | None = None) -> Decision:
    from fttool.decision import decide

    return decide(answers, project_dir=Path(project_dir) if project_dir else None, weights=weights)


def load_answers(service: JobService, path: str, project_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The saved answers with what the project knows filled in; {"answers", "problem"} (problem: a file that
    could not be read, kept aside as <name>.damaged before anything overwrites it)."""
    from fttool.decision import answers as answers_mod
    from fttool.errors import FtError

    p = Path(path)
    if not p.exists():
        return {"answers": answers_mod.prefill(None, project_meta), "problem": None, "saved": False}
    try:
        return {"answers": answers_mod.prefill(answers_mod.load(p), project_meta), "problem": None, "saved": True}
    except FtError as exc:
        backup = p.with_name(p.name + ".damaged")
        try:
            p.replace(backup)
        except OSError:
            pass
        return {"answers": answers_mod.prefill(None, project_meta), "problem": exc.message,
                "problem_code": exc.code, "problem_params": {k: str(v) for k, v in exc.params.items()},
                "backup": str(backup), "saved": False}


def save_answers(service: JobService, path: str, answers: dict[str, Any]) -> dict[str, Any]:
    from fttool.decision import answers as answers_mod

    return answers_mod.save(path, answers)


def export_report(service: JobService, decision: Decision, path: str, fmt: str | None = None,
                  project: str = "", say: Any = None, lang: str = "en") -> str:
    from fttool.decision.report import english, export

    return str(export(decision, path, fmt=fmt, project=project, say=say or english, lang=lang))


def register_commands(service: JobService) -> None:
    service.register_command("decide_evaluate", evaluate, blocking=True)
    service.register_command("decide_load", load_answers, blocking=True)
    service.register_command("decide_save", save_answers, blocking=True)
    service.register_command("decide_export", export_report, blocking=True)
