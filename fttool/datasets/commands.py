"""The datasets room's service commands, registered by `register_commands(service)`: the Data view's `data_*`
(index, validation, save, search, import, export, re-encoding, the Hub), its Split dialog's and the synthetic
examples' `synth_*`. Each only calls the room's logic (session, split, synth, formats, fixes, hub)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fttool.datasets.index import FileSignature, JsonlIndex
from fttool.datasets.overlay import Snapshot, search_rows, write_rows
from fttool.datasets.session import (
    DatasetSession,
    Facts,
    check_example,
    import_copy,
    reencode_copy,
    validate_rows,
)
from fttool.datasets.split import DEFAULT_RATIOS, DEFAULT_SEED, existing_targets, preview, split_project

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


def _stoppable(service: Any, cancel: CancelFn | None) -> CancelFn:
    """The person's Cancel, or the service stopping (the app quits): long work ends either way."""
    return lambda: bool(getattr(service, "_stopping", False)) or (cancel is not None and cancel())


# -- the Data view ---------------------------------------------------------------------------------------------
def _cmd_build(service: Any, session: DatasetSession, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None, on_rows: Callable[[int], None] | None = None) -> int:
    return session.build(progress, _stoppable(service, cancel), on_rows)


def _cmd_validate(service: Any, snapshot: Snapshot, pristine: bool, model: str | None = None,
                  backend: str = "openai", method: str | None = None, progress: ProgressFn | None = None,
                  cancel: CancelFn | None = None, validation: str | None = None,
                  in_child: bool | None = None, role: str = "train", train: str | None = None) -> Facts:
    return validate_rows(snapshot, pristine=pristine, in_child=in_child, progress=progress,
                         cancel=_stoppable(service, cancel), model=model, backend=backend, method=method,
                         validation=validation, role=role, train=train)


def _cmd_check_example(service: Any, example: dict[str, Any], model: str | None = None,
                       backend: str = "openai", method: str | None = None) -> tuple[list[dict[str, Any]], int]:
    return check_example(example, model=model, backend=backend, method=method)


def _cmd_save(service: Any, snapshot: Snapshot, target: str, protected: tuple[Path, ...] = (),
              progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> FileSignature:
    return write_rows(snapshot, target, progress=progress, cancel=_stoppable(service, cancel), protected=protected)


def _cmd_search(service: Any, snapshot: Snapshot, query: str, cancel: CancelFn | None = None,
                progress: ProgressFn | None = None) -> list[int]:
    return search_rows(snapshot, query, cancel=_stoppable(service, cancel), progress=progress)


def _cmd_changed(service: Any, session: DatasetSession) -> tuple[bool, bool]:
    return session.changed_on_disk()


def _cmd_import(service: Any, source: str, target: str, fmt: str | None = None,
                mapping: dict[str, str] | None = None, progress: ProgressFn | None = None,
                cancel: CancelFn | None = None) -> str:
    """Read any format the core knows and write the project's JSONL copy (the source is never written)."""
    return import_copy(source, target, fmt, mapping, progress, cancel)


def _cmd_export(service: Any, path: str, backend: str, folder: str, **kwargs: Any) -> Any:
    from fttool.datasets import formats

    fn = getattr(formats, f"export_{backend}")
    return fn(path, folder, **kwargs)


def _cmd_sync(service: Any, session: DatasetSession) -> None:
    """fsync the journal (a worker does it: on a slow disk it can take longer than a frame)."""
    session.sync()


def _cmd_columns(service: Any, path: str, encoding: str | None = None,
                 delimiter: str | None = None) -> dict[str, Any]:
    """A table's columns, first rows and, for CSV/TSV, the encoding and delimiter found (formats.table_preview)."""
    from fttool.datasets import formats

    return formats.table_preview(path, encoding=encoding, delimiter=delimiter)


def _cmd_hub_list(service: Any, repo_id: str) -> dict[str, Any]:
    from fttool.datasets import hub

    return hub.list_dataset(repo_id).to_dict()


def _cmd_hub_download(service: Any, repo_id: str, path: str, expected_size: int | None = None,
                      progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> str:
    """Download one data file of a Hub dataset into the app's downloads folder (never into the project: the
    import then converts it into the project's JSONL)."""
    from fttool.datasets import hub
    from fttool.paths import data_dir

    dest = data_dir() / "downloads" / repo_id.replace("/", "__")
    return str(hub.download(repo_id, path, dest, expected_size=expected_size, progress=progress,
                            cancel=_stoppable(service, cancel)))


def _cmd_reencode_plan(service: Any, path: str, encoding: str | None = None) -> dict[str, Any]:
    """What re-encoding would change (fixes.reencode_plan): shown before anything is written."""
    from fttool.datasets import fixes

    return fixes.reencode_plan(path, encoding)


def _cmd_reencode(service: Any, path: str, encoding: str | None = None) -> str:
    """Write a UTF-8 copy of a file (beside the journal, never over the source) and index it."""
    return reencode_copy(path, encoding)


def _cmd_build_index(service: Any, path: str) -> JsonlIndex:
    index = JsonlIndex(path)
    index.build()
    return index


# -- the Split dialog ------------------------------------------------------------------------------------------
def _cmd_split_preview(service: Any, path: str, ratios: Sequence[float] = DEFAULT_RATIOS, seed: int = DEFAULT_SEED,
                       keep_identical: bool = True, cancel: CancelFn | None = None) -> dict[str, Any]:
    return preview(path, ratios, seed, keep_identical, cancel=_stoppable(service, cancel))


def _cmd_split_targets(service: Any, project: str, source: str,
                       ratios: Sequence[float] = DEFAULT_RATIOS) -> list[str]:
    return existing_targets(project, source, ratios)


def _cmd_split(service: Any, project: str, source: str, ratios: Sequence[float] = DEFAULT_RATIOS,
               seed: int = DEFAULT_SEED, keep_identical: bool = True, overwrite: bool = False,
               progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> dict[str, Any]:
    return split_project(project, source, ratios, seed, keep_identical, overwrite, progress,
                         _stoppable(service, cancel))


# -- synthetic examples (the Data view's "Generate examples") --------------------------------------------------
def synth_plan_command(service: Any, project: str, **kw: Any) -> dict[str, Any]:
    from fttool.datasets import synth

    return synth.plan_for_project(project, **kw)


async def synth_run_command(service: Any, project: str, confirmed: str | None = None, progress: Any = None,
                            cancel: Any = None, **kw: Any) -> dict[str, Any]:
    from fttool.datasets import synth

    return await synth.run_for_project(project, confirmed, progress, cancel, **kw)


async def synth_topics_command(service: Any, project: str, **kw: Any) -> dict[str, Any]:
    """Only the topic tree (the Generate dialog shows it to edit before any example is asked): {"topics": [...]}."""
    from fttool.datasets import synth

    return await synth.topics_for_project(project, **kw)


def synth_review_command(service: Any, run_dir: str) -> dict[str, Any]:
    """What the review shows: the pending examples with their provenance, and the dropped ones by reason."""
    from fttool.datasets import synth

    return synth.review_run(run_dir)


def synth_take_command(service: Any, run_dir: str, rows: list[int], train_path: str | None = None,
                       project: str | None = None, accepted: bool = False) -> dict[str, Any]:
    """Take rows from the pending set: accepted (into `train_path`, or the project's train file) or rejected."""
    from fttool.datasets import synth

    return synth.take_rows(run_dir, rows, train_path, project, accepted)


def register_commands(service: Any) -> None:
    """Add the datasets room's commands to the job service (idempotent)."""
    for name, fn in (("data_build", _cmd_build), ("data_validate", _cmd_validate),
                     ("data_check_example", _cmd_check_example), ("data_save", _cmd_save),
                     ("data_search", _cmd_search), ("data_changed", _cmd_changed), ("data_import", _cmd_import),
                     ("data_export", _cmd_export), ("data_reencode", _cmd_reencode),
                     ("data_reencode_plan", _cmd_reencode_plan),
                     ("data_build_index", _cmd_build_index), ("data_columns", _cmd_columns),
                     ("data_sync", _cmd_sync), ("data_hub_list", _cmd_hub_list),
                     ("data_hub_download", _cmd_hub_download),
                     ("data_split_preview", _cmd_split_preview), ("data_split_targets", _cmd_split_targets),
                     ("data_split", _cmd_split),
                     ("synth_plan", synth_plan_command), ("synth_review", synth_review_command),
                     ("synth_take", synth_take_command)):
        service.register_command(name, fn, blocking=True)
    service.register_command("synth_run", synth_run_command)
    service.register_command("synth_topics", synth_topics_command)
