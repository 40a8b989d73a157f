"""A synthetic-examples run's settings and what it reads and keeps: SynthConfig, the seed examples and documents,
the journal of calls and the run folder's files, a project's run. Imports only the core's basics (no chat
client, no other synth module)."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fttool.errors import FtError
from fttool.messages import register

# The run folder holds journal.jsonl (every finished call, appended and flushed as it arrives), pending.jsonl (the
# examples that passed, in the training format), pending.provenance.jsonl (teacher, prompt version, topic, source
# chunk, date, rating: one line per pending example, same order), dropped.jsonl, summary.json and taken.json (the
# examples a review accepted or rejected: never offered again).
PROMPT_VERSION = "synth-1"
ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

register({
    "synth_no_seed": "{path} has no chat examples to learn the style from.",
    "synth_test_seed": "{path} is this project's test split: it is never shown to the teacher.",
    "synth_budget_reached": "Stopped at the budget of {budget}: {spent} spent; run it again with a higher budget "
                            "to generate the rest (finished examples are kept).",
    "synth_not_confirmed": "Generating with {teacher} is billed ({cost}). Nothing was sent: confirm the estimate "
                           "first (--yes, or the dialog).",
    "synth_free": "Generating with {teacher} costs nothing: it runs on a server of your own.",
    "synth_estimate": "{calls} calls to {teacher}, about {tokens} tokens, {cost} (prices as of {date}).",
    "synth_summary": "{generated} generated, {pending} passed the gates, {failed} failed; dropped: {dropped}.",
})
DROP_REASONS = ("failed", "empty", "cut_off", "refusal", "personal_data", "invalid", "too_long", "duplicate",
                "near_duplicate", "leakage", "low_rating")


# -- configuration ---------------------------------------------------------------------------------------------
@dataclass
class SynthConfig:
    seed: Path  # the train examples (never the test split)
    run_dir: Path
    teacher: dict[str, Any]  # a chat Target as a dict
    n: int
    task: str = ""
    topics: list[str] = field(default_factory=list)
    auto_topics: int = 0  # the topic tree's breadth: topics asked from the teacher
    topic_depth: int = 1  # 2: each topic gets subtopics too ("topic / subtopic")
    subtopics: int = 0  # subtopics per topic at depth 2 (0: as many as `auto_topics`)
    docs: list[str] = field(default_factory=list)
    teacher_prompt: str | None = None  # a longer prompt for the teacher, not written into the examples
    held_out: list[str] = field(default_factory=list)  # test and validation files: the leakage gate
    student: dict[str, Any] | None = None  # with pairs: DPO preference pairs
    judge: dict[str, Any] | None = None
    min_rating: int = 3
    concurrency: int = 8
    budget_usd: float | None = None
    backend: str = "openai"  # where the examples will train (the validator's rules)
    model: str | None = None  # the model they will train (its context limit)
    max_answer_tokens: int = 512

    def key(self) -> str:
        """What the run's results depend on (a rerun with the same key resumes the same journal)."""
        # not the count: a longer run of the same settings continues a shorter one (a preview of 5, then the rest)
        data = {k: v for k, v in asdict(self).items() if k not in ("run_dir", "concurrency", "budget_usd", "n")}
        # what the prompts show of the seed (its system prompt and first examples): accepting examples (appended
        # to the train file) keeps the run, and the gates read the seed as it is now
        seeds = load_chats(self.seed)
        data["seed"] = hashlib.sha256(json.dumps([system_prompt(seeds), [first_of(e, "user") for e in seeds[:5]]],
                                                 ensure_ascii=False).encode()).hexdigest()
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def chat_target(d: dict[str, Any]) -> Any:
    from fttool.chat.client import Target

    return Target.from_dict(d)


# -- sources ---------------------------------------------------------------------------------------------------
def load_chats(path: Path | str) -> list[dict[str, Any]]:
    """The chat examples of a JSONL file (lines that are not chats are skipped: the validator names them)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                ex = json.loads(line)
            except ValueError:
                continue
            if isinstance(ex, dict) and isinstance(ex.get("messages"), list):
                out.append(ex)
    return out


def _text(m: dict[str, Any]) -> str:
    c = m.get("content")
    if isinstance(c, list):
        return " ".join(str(p.get("text", "")) for p in c if isinstance(p, dict))
    return str(c or "")


def first_of(ex: dict[str, Any], role: str) -> str:
    return next((_text(m) for m in ex.get("messages") or [] if m.get("role") == role), "")


def system_prompt(examples: list[dict[str, Any]]) -> str | None:
    """The seed's most common system prompt (the short one the examples keep), or None."""
    got = Counter(first_of(ex, "system") for ex in examples if first_of(ex, "system"))
    return got.most_common(1)[0][0] if got else None


def read_docs(paths: list[str], chunk_chars: int = 1500) -> list[dict[str, str]]:
    """Text, Markdown and PDF documents (pypdf) cut into chunks of about `chunk_chars` at paragraph ends."""
    chunks: list[dict[str, str]] = []
    for raw in paths:
        p = Path(raw)
        files = sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() == ".pdf":
                from pypdf import PdfReader

                text = "\n\n".join(page.extract_text() or "" for page in PdfReader(str(f)).pages)
            elif f.suffix.lower() in (".txt", ".md", ".markdown", ".rst", ""):
                text = f.read_text(encoding="utf-8", errors="replace")
            else:
                continue
            buf = ""
            for para in re.split(r"\n\s*\n", text):
                para = para.strip()
                if not para:
                    continue
                if buf and len(buf) + len(para) > chunk_chars:
                    chunks.append({"source": f"{f.name}#{len(chunks) + 1}", "text": buf})
                    buf = ""
                buf = f"{buf}\n\n{para}" if buf else para
            if buf:
                chunks.append({"source": f"{f.name}#{len(chunks) + 1}", "text": buf})
    return chunks


# -- the journal -----------------------------------------------------------------------------------------------
class Journal:
    """Every finished call of a run, appended and flushed as it arrives: (item, step) -> record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            with open(path, encoding="utf-8") as f:
                for line in f:
                    try:
                        r = json.loads(line)
                    except ValueError:
                        continue  # a line cut by a crash: that call is asked again
                    if isinstance(r, dict) and "id" in r and "step" in r:
                        self.records[(r["id"], r["step"])] = r
        self._file = open(path, "a", encoding="utf-8")  # kept open for appends; close() closes it

    def get(self, item: str, step: str) -> dict[str, Any] | None:
        return self.records.get((item, step))

    def put(self, record: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.records[(record["id"], record["step"])] = record
            self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._file.flush()
        return record

    def close(self) -> None:
        self._file.close()


# -- the run folder's files ------------------------------------------------------------------------------------
def write_json(path: Path, data: Any) -> None:
    from fttool.fsutil import atomic_write_json

    atomic_write_json(path, data)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    from fttool.fsutil import atomic_write_bytes

    atomic_write_bytes(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8"))


def load_taken(run_dir: Path) -> list[str]:
    try:
        data = json.loads((run_dir / "taken.json").read_text(encoding="utf-8"))
        return [str(x) for x in data] if isinstance(data, list) else []
    except (OSError, ValueError):
        return []


def mark_taken(run_dir: Path, ids: list[str]) -> None:
    write_json(run_dir / "taken.json", sorted(set(load_taken(run_dir)) | set(ids)))


def load_rows(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- a project's run -------------------------------------------------------------------------------------------
def project_config(project: str, teacher: dict[str, Any], n: int, task: str = "", docs: list[str] | None = None,
                   teacher_prompt: str | None = None, judge: dict[str, Any] | None = None, min_rating: int = 3,
                   student: dict[str, Any] | None = None, concurrency: int = 8, backend: str = "openai",
                   model: str | None = None, auto_topics: int = 0, topic_depth: int = 1,
                   topics: list[str] | None = None, subtopics: int = 0) -> SynthConfig:
    """A run for a project: its train file is the seed, its test and validation files the held-out set, its
    run folder synth/run-<key> (the same settings continue the same run)."""
    root = Path(project)
    files = project_files(root)
    seed = files.get("train", root / "data" / "train.jsonl")
    held = [str(files[k]) for k in ("test", "validation", "valid") if k in files and files[k].is_file()]
    cfg = SynthConfig(seed=seed, run_dir=root / "synth", teacher=teacher, n=n, task=task, docs=list(docs or []),
                      teacher_prompt=teacher_prompt or None, held_out=held, judge=judge, min_rating=min_rating,
                      student=student, concurrency=concurrency, backend=backend, model=model,
                      auto_topics=auto_topics, topic_depth=topic_depth, topics=list(topics or []),
                      subtopics=subtopics)
    cfg.run_dir = root / "synth" / f"run-{cfg.key()}"
    return cfg


def project_files(root: Path) -> dict[str, Path]:
    """The project's splits as project.json lists them (data/<split>.jsonl when it lists none)."""
    try:
        from fttool.project import Project

        files = Project.open(root).dataset_files()
    except (FtError, OSError, ValueError):
        files = {}
    for split in ("train", "test", "validation"):
        default = root / "data" / f"{split}.jsonl"
        if split not in files and default.is_file():
            files[split] = default
    return files
