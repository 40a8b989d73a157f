"""Model and dataset cards (README.md) written from what fttool knows: base model, data summary and split
sizes, parameters, evaluation results (the project's eval/results.json) and the training command.

Pure functions from data to text: no network, no Qt. The numbers come from the files themselves.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# parameters never shown (paths on the user's disk say nothing to a reader, and may name them)
_HIDDEN_PARAMS = {"training_file", "validation_file", "config_file", "data_path", "project_name", "token",
                  "username", "push_to_hub", "hub_token", "hf_namespace", "dataset_repo", "dataset_revision",
                  "output_repo", "output_repo_auto", "dataset_repo_auto", "steps_per_epoch"}


@dataclass
class SplitSummary:
    name: str
    examples: int
    sha256: str
    bytes: int
    avg_messages: float | None = None
    roles: dict[str, int] = field(default_factory=dict)


def summarize_split(name: str, path: Path) -> SplitSummary:
    """Count the examples of a JSONL file (blank lines skipped) and hash it, without holding it in memory."""
    h = hashlib.sha256()
    examples = 0
    messages = 0
    with_messages = 0
    roles: dict[str, int] = {}
    size = 0
    with open(path, "rb") as f:
        for raw in f:
            h.update(raw)
            size += len(raw)
            if not raw.strip():
                continue
            examples += 1
            try:
                obj = json.loads(raw)
            except ValueError:
                continue
            msgs = obj.get("messages") if isinstance(obj, dict) else None
            if isinstance(msgs, list):
                with_messages += 1
                messages += len(msgs)
                for m in msgs:
                    if isinstance(m, dict) and isinstance(m.get("role"), str):
                        roles[m["role"]] = roles.get(m["role"], 0) + 1
    avg = round(messages / with_messages, 1) if with_messages else None
    return SplitSummary(name, examples, h.hexdigest(), size, avg, roles)


def load_eval_results(project_dir: Path | None) -> dict[str, Any] | None:
    if project_dir is None:
        return None
    path = Path(project_dir) / "eval" / "results.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def training_command(backend: str, base_model: str | None, params: dict[str, Any]) -> str:
    """The `fttool train` command line that reproduces a run (data paths shown by file name only)."""
    parts = ["fttool", "train", "--backend", backend]
    if base_model:
        parts += ["--model", base_model]
    flags = {"training_file": "--data", "validation_file": "--validation", "epochs": "--epochs",
             "learning_rate": "--lr", "batch_size": "--batch-size", "suffix": "--suffix", "seed": "--seed",
             "flavor": "--flavor"}
    for key, flag in flags.items():
        value = params.get(key)
        if value is None or value == "":
            continue
        if key in ("training_file", "validation_file"):
            value = Path(str(value)).name
        parts += [flag, str(value)]
    known = set(flags) | _HIDDEN_PARAMS | {"base_model"}
    for key in sorted(params):
        value = params[key]
        if key in known or value is None or isinstance(value, (dict, list)):
            continue
        parts += ["--param", f"{key}={json.dumps(value) if not isinstance(value, str) else value}"]
    return " ".join(shlex.quote(p) for p in parts)


def _yaml_str(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid YAML scalar


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_fmt(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return out


def _eval_section(results: dict[str, Any]) -> list[str]:
    lines = ["## Evaluation", ""]
    metrics = ["exact_match", "token_f1", "rouge_l", "latency_ms", "cost_usd", "n"]
    rows: list[list[Any]] = []
    for group in ("models", "baselines"):
        for name, scores in (results.get(group) or {}).items():
            if isinstance(scores, dict):
                rows.append([name] + [scores.get(m, "-") if scores.get(m) is not None else "-" for m in metrics])
    if rows:
        lines += _table(["model"] + metrics, rows)
        lines.append("")
    gain = results.get("gain")
    if isinstance(gain, dict) and gain.get("delta_points") is not None:
        ci = gain.get("ci95_points") or []
        ci_text = f" (95% interval {_fmt(ci[0])} to {_fmt(ci[1])})" if len(ci) == 2 else ""
        lines.append(f"Gain on {gain.get('metric', 'the metric')}: {_fmt(gain['delta_points'])} points of "
                     f"{gain.get('tuned', 'the tuned model')} over {gain.get('base', 'the base model')}"
                     f"{ci_text}, on {gain.get('n', '?')} test examples.")
        lines.append("")
    if results.get("created_at"):
        lines.append(f"Evaluated {results['created_at']} by `fttool eval`.")
        lines.append("")
    return lines


def model_card(*, repo_id: str, base_model: str | None, params: dict[str, Any], splits: list[SplitSummary],
               eval_results: dict[str, Any] | None, command: str | None, dataset_repo: str | None = None,
               backend: str = "local", method: str = "LoRA supervised fine-tuning (SFT)") -> str:
    front = ["---"]
    if base_model:
        front.append(f"base_model: {_yaml_str(base_model)}")
    front += ["library_name: peft", "tags:", "- fttool", "- lora", "- sft", "- trl"]
    if dataset_repo:
        front += ["datasets:", f"- {_yaml_str(dataset_repo)}"]
    front.append("---")
    name = repo_id.split("/")[-1]
    body = [f"# {name}", "",
            f"A {method} of `{base_model or 'an unknown base model'}`, trained with fttool "
            f"(backend: {backend}).", "",
            "## Base model", "", f"`{base_model or 'unknown'}`", ""]
    body += ["## Training data", ""]
    if dataset_repo:
        body += [f"Data set: `{dataset_repo}`.", ""]
    if splits:
        rows = [[s.name, s.examples, s.avg_messages if s.avg_messages is not None else "-",
                 ", ".join(f"{r}: {n}" for r, n in sorted(s.roles.items())) or "-", s.sha256[:16]] for s in splits]
        body += _table(["split", "examples", "messages per example", "messages by role", "sha256"], rows)
        total = sum(s.examples for s in splits)
        body += ["", f"{total} examples in all.", ""]
    else:
        body += ["Not recorded.", ""]
    shown = {k: v for k, v in sorted(params.items()) if k not in _HIDDEN_PARAMS and v is not None
             and not isinstance(v, (dict, list))}
    body += ["## Parameters", ""]
    body += (_table(["parameter", "value"], [[k, v] for k, v in shown.items()]) if shown else ["Defaults."])
    body.append("")
    if eval_results:
        body += _eval_section(eval_results)
    else:
        body += ["## Evaluation", "", "No evaluation results yet (run `fttool eval` in the project).", ""]
    if command:
        body += ["## Training command", "", "```", command, "```", ""]
    body += ["## Use", "", "```python", "from peft import AutoPeftModelForCausalLM",
             f"model = AutoPeftModelForCausalLM.from_pretrained({repo_id!r})", "```", ""]
    return "\n".join(front + [""] + body)


def dataset_card(*, repo_id: str, project_name: str, description: str, splits: list[SplitSummary],
                 rows_note: str | None = None) -> str:
    """The dataset repo's card. `rows_note` says what the lines are when they are not the chats themselves
    (the rows a Hugging Face Jobs run reads, prepared for TRL); the split table always summarises the user's
    files."""
    front = ["---", "tags:", "- fttool", "- chat", "configs:", "- config_name: default", "  data_files:"]
    for s in splits:
        front += [f"  - split: {s.name}", f"    path: {_yaml_str('data/' + s.name + '.jsonl')}"]
    front.append("---")
    body = [f"# {project_name}", "", description or "A chat fine-tuning data set made with fttool.", "",
            rows_note or "Each line of the JSONL files is one example: "
            "`{\"messages\": [{\"role\": ..., \"content\": ...}]}`.", ""]
    if splits:
        body += _table(["split", "examples", "sha256"], [[s.name, s.examples, s.sha256[:16]] for s in splits])
        body.append("")
    return "\n".join(front + [""] + body)
