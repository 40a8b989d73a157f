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

    jobs = None
    if getattr(service, "store", None) is not None:  # the service's own store (this is its executor thread)
        jobs = [j.to_dict() for j in service.store.list() if j.result_model]
    return decide(answers, project_dir=Path(project_dir) if project_dir else None, weights=weights, jobs=jobs)


def copy_path(p: Path) -> Path:
    """A new file beside `p` for answers that must not overwrite it: "<name> (fttool copy).json", numbered."""
    n = 1
    while True:
        candidate = p.with_name(f"{p.stem} (fttool copy{'' if n == 1 else f' {n}'}).json")
        if not candidate.exists():
            return candidate
        n += 1


def load_answers(service: JobService, path: str, project_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The saved answers with what the project knows filled in; {"answers", "problem", "save_to", "saved",
    "pair_chosen"}. A file that cannot be read is never renamed or overwritten: `problem` says why, and `save_to`
    names a new file beside it where the answers go instead. `pair_chosen` is False while the person never chose
    the models (no answers saved, or the lesson's default base model and no tuned model): the view then starts
    on the pair the project's evaluation compared."""
    from fttool.decision import answers as answers_mod
    from fttool.errors import FtError

    p = Path(path)
    if not p.exists():
        return {"answers": answers_mod.prefill(None, project_meta), "problem": None, "saved": False,
                "save_to": str(p), "pair_chosen": False}
    try:
        saved = answers_mod.load(p)
        chosen = bool(saved["costs"]["tuned_model"]) or (
            saved["costs"]["base_model"] != answers_mod.defaults()["costs"]["base_model"])
        return {"answers": answers_mod.prefill(saved, project_meta), "problem": None, "saved": True,
                "save_to": str(p), "pair_chosen": chosen}
    except FtError as exc:
        return {"answers": answers_mod.prefill(None, project_meta), "problem": exc.message,
                "problem_code": exc.code, "problem_params": {k: str(v) for k, v in exc.params.items()},
                "kept": str(p), "save_to": str(copy_path(p)), "saved": False, "pair_chosen": False}


def save_answers(service: JobService, path: str, answers: dict[str, Any],
                 project_dir: str | None = None) -> dict[str, Any]:
    """Write the answers; never over a file (or folder) that is not answers fttool can read. With `project_dir`,
    the use case goes into project.json too (its `use_case`, which the project list shows)."""
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
    saved = answers_mod.save(p, answers)
    if project_dir:
        save_use_case(Path(project_dir), saved["use_case"]["description"])
    return saved


def save_use_case(project_dir: Path, use_case: str) -> bool:
    """project.json's `use_case` set to `use_case` (one line), atomically; False when it already says so or the
    file cannot be read (then it is left as it is)."""
    import json

    from fttool.fsutil import atomic_write_json

    meta_file = project_dir / "project.json"
    line = " ".join(use_case.split())
    if meta_file.is_symlink() or not meta_file.is_file():
        return False  # never written through a link (it may point anywhere)
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(meta, dict) or meta.get("use_case", "") == line or (not line and not meta.get("use_case")):
        return False
    meta["use_case"] = line
    atomic_write_json(meta_file, meta)
    return True


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
