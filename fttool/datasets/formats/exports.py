"""The folders each backend takes: OpenAI's and Azure's JSONL, an AutoTrain data folder, a Hugging Face dataset
folder with its card. Imports the writers."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fttool.datasets.errors import ConversionRefused
from fttool.datasets.formats.writers import (
    DPO_KEYS,
    beyond_role_and_content,
    examples_of,
    is_preference,
    text_of,
    write_jsonl,
)

CHAT_KEYS = ("messages", "tools", "parallel_tool_calls", "functions")


def openai_example(ex: dict[str, Any]) -> dict[str, Any]:
    """Only the keys OpenAI's fine-tuning accepts, in its order."""
    keys = DPO_KEYS if "preferred_output" in ex or "input" in ex and "messages" not in ex else CHAT_KEYS
    return {k: ex[k] for k in keys if k in ex}


def _export(source: Any, folder: str | os.PathLike[str], validation: Any, *, bom: bool,
            transform: Callable[[dict[str, Any]], dict[str, Any]], suffix: str = ".jsonl") -> dict[str, Any]:
    out = Path(folder)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, src in (("train", source), ("validation", validation)):
        if src is None:
            continue
        target = out / f"{name}{suffix}"
        counts[name] = write_jsonl(target, examples_of(src), bom=bom, transform=transform)
        files[name] = str(target)
    return {"folder": str(out), "files": files, "counts": counts}


def export_openai(source: Any, folder: str | os.PathLike[str], *, validation: Any = None,
                  **_: Any) -> dict[str, Any]:
    """OpenAI chat (or DPO) JSONL: folder/train.jsonl (+ validation.jsonl). The test split is never exported."""
    return _export(source, folder, validation, bom=False, transform=openai_example)


def export_azure(source: Any, folder: str | os.PathLike[str], *, validation: Any = None,
                 **_: Any) -> dict[str, Any]:
    """Azure OpenAI JSONL: the same chat format, encoded as UTF-8 *with* a byte-order mark, which Azure's
    fine-tuning documentation requires (files under 512 MB)."""
    return _export(source, folder, validation, bom=True, transform=openai_example)


def chatml_text(ex: dict[str, Any]) -> str:
    return "".join(f"<|im_start|>{m.get('role')}\n{text_of(m.get('content'))}<|im_end|>\n"
                   for m in ex.get("messages", []) if isinstance(m, dict))


def export_autotrain(source: Any, folder: str | os.PathLike[str], *, validation: Any = None,
                     style: str = "messages", lossy: bool = False, **_: Any) -> dict[str, Any]:
    """An AutoTrain Advanced (0.8.36) `llm --trainer sft` data folder: train.jsonl (+ validation.jsonl).

    AutoTrain reads `data.column_mapping.text_column` (default `text`). With a chat template (`chat_template:
    tokenizer`, or chatml/zephyr) its sft trainer calls tokenizer.apply_chat_template on that column, which
    must then hold the list of {role, content} messages: style "messages" writes that (text_column
    "messages"). Style "text" writes ready ChatML text in a `text` column for `chat_template: null`.
    Messages keep only role and content (templates fail on weights and tool calls): an example with more is
    refused, naming its number (ConversionRefused), unless `lossy`, when it is written in part and its number
    listed under "changed" (the validation file's numbers follow the training file's)."""
    if style == "text":
        def to_record(ex: dict[str, Any]) -> dict[str, Any]:
            return {"text": chatml_text(ex)}
        column, template = "text", None
    else:
        def to_record(ex: dict[str, Any]) -> dict[str, Any]:
            return {"messages": [{"role": m.get("role"), "content": text_of(m.get("content"))}
                                 for m in ex.get("messages", []) if isinstance(m, dict)]}
        column, template = "messages", "tokenizer"

    changed: dict[str, list[int]] = {}

    def transform_for(name: str, src: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
        counter = iter(range(1, 1 << 62))
        where = str(src) if isinstance(src, (str, os.PathLike)) else f"{folder} ({name})"

        def transform(ex: dict[str, Any]) -> dict[str, Any]:
            n = next(counter)
            if is_preference(ex):
                raise ConversionRefused("dataset_record_invalid", path=where, line=n, detail=(
                    "a preference (DPO) example cannot go into an AutoTrain sft folder, which takes conversations "
                    "only; train preference data with OpenAI or Azure"))
            # what trains: messages and tools (other top-level keys are metadata, dropped as for OpenAI)
            lost = beyond_role_and_content({k: v for k, v in ex.items() if k in CHAT_KEYS})
            if lost:
                if not lossy:
                    raise ConversionRefused("dataset_record_invalid", path=where, line=n, detail=(
                        f"{lost} would be lost in an AutoTrain folder, which keeps each message's role and "
                        "content only; export what fits (--lossy, or Export anyway in the app) or train with TRL"))
                changed.setdefault(name, []).append(n)
            return to_record(ex)
        return transform

    out = Path(folder)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, src in (("train", source), ("validation", validation)):
        if src is None:
            continue
        target = out / f"{name}.jsonl"
        counts[name] = write_jsonl(target, examples_of(src), transform=transform_for(name, src))
        files[name] = str(target)
    return {"folder": str(out), "files": files, "counts": counts, "text_column": column,
            "chat_template": template, "train_split": "train",
            "valid_split": "validation" if validation is not None else None, "changed": changed}


def export_hub_folder(folder: str | os.PathLike[str], splits: dict[str, Any], *, title: str = "fttool dataset"
                      ) -> dict[str, Any]:
    """A folder ready to upload as a Hugging Face dataset repo: data/<split>.jsonl per split and a README.md card
    whose `configs` block names the splits. Uploading it (a Hub push) is done by the Hub code (fttool/providers/
    huggingface.py): this only writes the folder. Never pass the test split for a training upload."""
    out = Path(folder)
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for split, src in splits.items():
        target = out / "data" / f"{split}.jsonl"
        counts[split] = write_jsonl(target, examples_of(src), transform=openai_example)
        files[split] = str(target)
    card = io.StringIO()
    card.write("---\nconfigs:\n- config_name: default\n  data_files:\n")
    for split in splits:
        card.write(f"  - split: {split}\n    path: data/{split}.jsonl\n")
    card.write("---\n\n")
    card.write(f"# {title}\n\nChat fine-tuning data in OpenAI's messages format, written by fttool.\n\n")
    for split, n in counts.items():
        card.write(f"- {split}: {n} examples\n")
    from fttool.fsutil import atomic_write_text

    atomic_write_text(out / "README.md", card.getvalue())
    return {"folder": str(out), "files": files, "counts": counts}
