"""What a model is called in the Playground's lists (chat pickers, Evaluate's A, B and judge, its results): a tuned
model by its job's name, a local model by its folder's name, the full path or id in the tooltip; and which listed
model a tuned one was made from. Plain functions over chat_models entries (no widgets)."""

from __future__ import annotations

from typing import Any

from ui.itemmodels.jobs import looks_like_path, short_model_name

TUNED_GROUPS = ("tuned", "checkpoint", "account")  # the chat_models groups of models someone tuned


def base_index(models: list[dict[str, Any]], tuned: dict[str, Any] | None) -> int:
    """The index in `models` of the model `tuned` was made from (its "base" entry, from chat_models): the same
    model at the same place first, then the same name on the same backend, then the same name; -1 if absent."""
    if not isinstance(tuned, dict):
        return -1
    entry = next((m for m in models if m.get("target") == tuned), None)
    base = (entry or {}).get("base")
    if not isinstance(base, dict) or not base.get("model"):
        return -1
    targets = [m.get("target") or {} for m in models]
    for same in (lambda t: all(t.get(k) == v for k, v in base.items() if k != "label" and v),
                 lambda t: t.get("model") == base["model"] and t.get("backend") == base.get("backend"),
                 lambda t: t.get("model") == base["model"]):
        index = next((i for i, t in enumerate(targets) if t is not tuned and t != tuned and same(t)), -1)
        if index >= 0:
            return index
    return -1


def model_title(entry: dict[str, Any]) -> str:
    """What a model list shows for one entry of chat_models: a tuned model by its job's name, a local model by
    its folder name; the full path goes in the tooltip (model_tip). The service's English "(local)" is dropped
    and the other backends' names are given as the Jobs view gives them."""
    from fttool.jobs.record import clean_job_name
    from ui.itemmodels.jobs import backend_text, job_display_name

    job = entry.get("job") if isinstance(entry.get("job"), dict) else None
    target = entry.get("target") or {}
    model = str(target.get("model") or "")
    backend = str(target.get("backend") or "")
    label = str(entry.get("label") or target.get("label") or model)
    if job is not None and clean_job_name(str(job.get("name") or "")):
        return job_display_name(job)
    if job is not None:  # a job with no name: a path gives way to the job's made-up name, an id stays
        return job_display_name(job) if looks_like_path(model) else model
    if backend in ("local", "hf", "together") and label in (model, f"{model} ({backend})"):
        name = short_model_name(model)
        return name if backend == "local" else f"{name} ({backend_text(backend)})"
    if looks_like_path(model):
        return short_model_name(model)
    return label


def model_tip(entry: dict[str, Any]) -> str:
    """The tooltip of a model in a list: where it is (the full path or id)."""
    target = entry.get("target") or {}
    return str(target.get("model") or entry.get("label") or "")


def model_title_for(models: list[dict[str, Any]], model: str) -> str:
    """The title of the model called `model` (its target's model, as an evaluation's results name it)."""
    entries = [m for m in models if (m.get("target") or {}).get("model") == model]
    entry = next((m for m in entries if m.get("job")), entries[0] if entries else None)
    return model_title(entry) if entry is not None else short_model_name(model)
