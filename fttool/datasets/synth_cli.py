"""`fttool dataset synth`: grow a small set of chat examples with a teacher model (fttool/datasets/synth/).

    fttool dataset synth (--project P | --data SEED.jsonl --out OUT.jsonl [--test TEST.jsonl])
        --teacher-backend B --teacher-model M --n N [--task TEXT] [--topics FILE | --auto-topics K] [--docs DIR]
        [--topic-depth 1|2] [--teacher-prompt FILE] [--pairs --student-backend B --student-model M] [--judge MODEL --min-rating R]
        [--target-backend B --target-model M] [--concurrency C] [--budget USD] [--dry-run] [--yes]
        [--accept-all] [--json]

The estimate comes first (calls, tokens, cost; a server of your own costs nothing); anything billed needs --yes
(or a 'y' on a terminal) and stays within --budget (or the project's). Examples that pass the gates are pending
until accepted: --accept-all appends them to the train file (the project's data/train.jsonl, or OUT) with a
provenance sidecar; without it they wait in the run folder for review. A rerun with the same settings resumes
without asking the teacher again for finished examples. Ctrl+C stops; nothing finished is lost.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fttool.errors import FtError, InputError, UsageError
from fttool.messages import register, render

register({
    "synth_where": "Give --project, or --data and --out.",
    "synth_confirm": "Nothing was sent. Pass --yes to accept the estimate and generate.",
    "synth_pending_left": "{pending} examples wait for review in {path}; accept them with --accept-all (or in the "
                          "Data view).",
    "synth_accepted": "Accepted {accepted} examples into {path} (provenance: {provenance}).",
    "synth_pairs_student": "--pairs needs --student-backend and --student-model.",
})


def _config(args: argparse.Namespace) -> tuple[Any, Path, Path | None]:
    """(SynthConfig, the train file accepted examples go to, the project folder or None)."""
    from fttool.datasets.synth import SynthConfig

    project = Path(args.project).resolve() if args.project else None
    if project is not None:
        seed = project / "data" / "train.jsonl"
        train_to = seed
        held = [str(p) for p in (project / "data" / "test.jsonl", project / "data" / "validation.jsonl")
                if p.is_file()]
        meta: dict[str, Any] = {}
        try:
            meta = json.loads((project / "project.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        task = args.task or str(meta.get("use_case") or meta.get("description") or meta.get("name") or "")
        base = project / "synth"
    elif args.data and args.out:
        seed = Path(args.data).resolve()
        train_to = Path(args.out).resolve()
        held = [str(Path(t).resolve()) for t in args.test or []]
        task, base = args.task or "", train_to.parent / (train_to.stem + ".synth")
    else:
        raise UsageError("synth_where")
    if not seed.is_file():
        raise InputError("file_not_found", path=str(seed))
    for h in held:
        if Path(h).resolve() == seed:
            raise UsageError("synth_test_seed", path=str(seed))
    topics = []
    if args.topics:
        topics = [t.strip() for t in Path(args.topics).read_text(encoding="utf-8").splitlines() if t.strip()]
    teacher = {"backend": args.teacher_backend, "model": args.teacher_model, "base_url": args.base_url}
    student = None
    if args.pairs:
        if not (args.student_backend and args.student_model):
            raise UsageError("synth_pairs_student")
        student = {"backend": args.student_backend, "model": args.student_model, "base_url": args.base_url}
    judge = {"backend": args.judge_backend or args.teacher_backend, "model": args.judge,
             "base_url": args.base_url} if args.judge else None
    from fttool.chat.client import Target

    for t in (teacher, student, judge):  # a backend name is checked before anything else
        if t is not None:
            Target.parse(t["backend"], t["model"])
    cfg = SynthConfig(seed=seed, run_dir=base, teacher=teacher, n=args.n, task=task, topics=topics,
                      auto_topics=args.auto_topics or 0, topic_depth=args.topic_depth, docs=list(args.docs or []),
                      teacher_prompt=Path(args.teacher_prompt).read_text(encoding="utf-8")
                      if args.teacher_prompt else None, held_out=held, student=student, judge=judge,
                      min_rating=args.min_rating, concurrency=args.concurrency, budget_usd=args.budget,
                      backend=args.target_backend, model=args.target_model)
    cfg.run_dir = base / f"run-{cfg.key()}"
    return cfg, train_to, project


def cmd_synth(args: argparse.Namespace) -> int:
    from fttool.datasets import synth

    cfg, train_to, project = _config(args)
    the_plan = synth.plan(cfg, str(project) if project else None)
    if not args.json or args.dry_run:
        print(the_plan["message"], file=sys.stderr)
    if args.dry_run:
        if args.json:
            json.dump(the_plan, sys.stdout, indent=2)
            sys.stdout.write("\n")
        return 0 if not the_plan["over_budget"] else 1
    confirmed = None
    if the_plan["billable"]:
        if the_plan["over_budget"]:
            synth.check_confirmed(the_plan, None)  # raises: over the budget
        if args.yes or (sys.stdin.isatty() and input("Generate? [y/N] ").strip().lower() in ("y", "yes")):
            confirmed = the_plan["fingerprint"]
        else:
            raise FtError("synth_confirm")
    synth.check_confirmed(the_plan, confirmed)
    shown = [-1]

    def progress(done: int, total: int, _item: str) -> None:
        pct = 100 * done // max(total, 1)
        if pct != shown[0] and not args.json:
            shown[0] = pct
            print(f"{pct:3d}% {done}/{total}", file=sys.stderr, flush=True)

    summary = synth.run(cfg, progress=progress)
    summary["estimated_cost_usd"] = the_plan["estimated_cost_usd"]
    summary["accepted"] = 0
    if args.accept_all:
        got = synth.accept(cfg.run_dir, train_to)
        summary.update(accepted=got["accepted"], pending=got["pending"], train_path=got["train_path"],
                       train_provenance=got["provenance"])
    if args.json:
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(summary["summary"])
        if summary.get("message"):
            print(summary["message"], file=sys.stderr)
        if args.accept_all:
            print(render("synth_accepted", {"accepted": summary["accepted"], "path": summary["train_path"],
                                            "provenance": summary["train_provenance"]}))
        elif summary["pending"]:
            print(render("synth_pending_left", {"pending": summary["pending"], "path": summary["pending_path"]}))
    return 0


def add_parser(dsub: Any) -> None:
    p = dsub.add_parser("synth", help="grow a small set with a teacher model: reviewed, de-duplicated, "
                                      "leakage-checked examples (and DPO pairs)")
    p.add_argument("--project", help="a project folder: its data/train.jsonl is the seed (its test and validation "
                                     "files are never shown to the teacher)")
    p.add_argument("--data", help="the seed examples (chat JSONL), with --out")
    p.add_argument("--out", help="where accepted examples go (with --data)")
    p.add_argument("--test", action="append", help="a held-out file the generated questions must not copy "
                                                   "(repeatable)")
    p.add_argument("--teacher-backend", required=True, help="openai, azure, together, hf, local, server or "
                                                            "server:NAME")
    p.add_argument("--teacher-model", required=True)
    p.add_argument("--base-url", help="base URL of an OpenAI-compatible server (with --teacher-backend server)")
    p.add_argument("--n", type=int, required=True, help="how many examples to generate")
    p.add_argument("--task", help="the task in one sentence (default: the project's use case)")
    p.add_argument("--topics", help="a file with one topic per line")
    p.add_argument("--auto-topics", type=int, metavar="K", help="ask the teacher for K topics first (the topic "
                                                                 "tree's breadth)")
    p.add_argument("--topic-depth", type=int, choices=(1, 2), default=1, help="2: K subtopics under each topic")
    p.add_argument("--docs", action="append", help="a document or folder (text, Markdown, PDF) to ground the "
                                                   "questions in (repeatable)")
    p.add_argument("--teacher-prompt", help="a file with a longer prompt for the teacher; not written into the "
                                            "examples, which keep the seed's short system prompt")
    p.add_argument("--pairs", action="store_true", help="also ask the student: DPO preference pairs (the "
                                                        "teacher's answer chosen)")
    p.add_argument("--student-backend")
    p.add_argument("--student-model")
    p.add_argument("--judge", metavar="MODEL", help="rate each example 1-5 with this model")
    p.add_argument("--judge-backend", help="the judge's backend (default: the teacher's)")
    p.add_argument("--min-rating", type=int, default=3, help="drop examples the judge rates lower (3)")
    p.add_argument("--target-backend", default="openai", choices=("openai", "azure", "local", "hf", "together"),
                   help="where the examples will train (its validator rules)")
    p.add_argument("--target-model", help="the model they will train (its context limit)")
    p.add_argument("--concurrency", type=int, default=8, help="requests in flight (8)")
    p.add_argument("--budget", type=float, metavar="USD", help="stop when this much is spent")
    p.add_argument("--dry-run", action="store_true", help="print the estimate; send nothing")
    p.add_argument("--yes", action="store_true", help="accept the estimate")
    p.add_argument("--accept-all", action="store_true", help="accept every example that passed the gates")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_synth)
