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


def copy_path(p: Path) -> Path:
    """A new file beside `p` for answers that must not overwrite it: "<name> (fttool copy).json", numbered."""
    n = 1
    while True:
        candidate = p.with_name(f"{p.stem} (fttool copy{'' if n == 1 else f' {n}'}).json")
        if not candidate.exists():
            return candidate
        n += 1


def load_answers(service: JobService, path: str, project_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The saved answers with what the project knows filled in; {"answers", "problem", "save_to"}. A file that
    cannot be read is never renamed or overwritten: `problem` says why, and `save_to` names a new file beside it
    where the answers go instead."""
    from fttool.decision import answers as answers_mod
    from fttool.errors import FtError

    p = Path(path)
    if not p.exists():
        return {"answers": answers_mod.prefill(None, project_meta), "problem": None, "saved": False,
                "save_to": str(p)}
    try:
        return {"answers": answers_mod.prefill(answers_mod.load(p), project_meta), "problem": None, "saved": True,
                "save_to": str(p)}
    except FtError as exc:
        return {"answers": answers_mod.prefill(None, project_meta), "problem": exc.message,
                "problem_code": exc.code, "problem_params": {k: str(v) for k, v in exc.params.items()},
                "kept": str(p), "save_to": str(copy_path(p)), "saved": False}


def save_answers(service: JobService, path: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Write the answers; never over a file (or folder) that is not answers fttool can read."""
    from fttool.decision import answers as answers_mod
    from fttool.errors import FtError

    p = Path(path)
    if p.exists() or p.is_symlink():
        if not p.is_file() or p.is_symlink():
            raise FtError("answers_not_overwritten", path=str(p), reason="not a regular file")
        try:
            answers_mod.load(p)
        except FtError as exc:
            raise FtError("answers_not_overwritten", path=str(p), reason=exc.message) from None
    return answers_mod.save(p, answers)


def export_report(service: JobService, decision: Decision, path: str, fmt: str | None = None,
                  project: str = "", say: Any = None, lang: str = "en") -> str:
    from fttool.decision.report import english, export

    return str(export(decision, path, fmt=fmt, project=project, say=say or english, lang=lang))


def register_commands(service: JobService) -> None:
    from fttool.messages import register

    register({"answers_not_overwritten": "{path} is not a decision file fttool can read ({reason}), so it is left "
                                         "as it is; the answers are saved in a copy beside it."})
    service.register_command("decide_evaluate", evaluate, blocking=True)
    service.register_command("decide_load", load_answers, blocking=True)
    service.register_command("decide_save", save_answers, blocking=True)
    service.register_command("decide_export", export_report, blocking=True)
