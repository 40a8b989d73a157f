"""`fttool decide --answers ANSWERS.json [--project DIR] [--weight NAME=W ...] [--report FILE] [--json]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fttool.errors import UsageError
from fttool.messages import register as register_messages
from fttool.messages import render

register_messages({
    "decide_bad_weight": "--weight {value}: expected NAME=NUMBER with NAME one of {known}.",
    "decide_no_project": "{path}: not a project folder (no project.json).",
})


def _weights(items: list[str]) -> dict[str, float]:
    from fttool.decision import CRITERIA

    out: dict[str, float] = {}
    for item in items or []:
        name, _, value = item.partition("=")
        try:
            w = float(value)
        except ValueError:
            w = -1.0
        if name not in CRITERIA or w < 0:
            raise UsageError("decide_bad_weight", value=item, known=", ".join(CRITERIA))
        out[name] = w
    return out


def cmd_decide(args: argparse.Namespace) -> int:
    from fttool.cli import print_json
    from fttool.decision import answers, decide
    from fttool.decision.report import export

    ans_path = Path(args.answers)
    raw = answers.load(ans_path)
    project = Path(args.project) if args.project else None
    if project is not None and not (project / "project.json").is_file():
        raise UsageError("decide_no_project", path=str(project))
    if project is None and (ans_path.resolve().parent / "project.json").is_file():
        project = ans_path.resolve().parent
    d = decide(raw, project_dir=project, weights=_weights(args.weight))
    if args.report:
        name = project.name if project else ans_path.stem
        path = export(d, args.report, project=name)
        print(render("report_exported", {"path": str(path)}), file=sys.stderr)
    if args.json:
        print_json(d.to_json())
        return 0
    print(f"{render('report_verdict')}: {render('verdict_' + d.verdict)}")
    for n in d.reason:
        print("  " + n.english())
    print(render("report_score", {"score": f"{d.score:.2f}", "threshold": f"{d.facts['threshold']:g}"}))
    from fttool.decision.report import english, pair_text

    print(pair_text(d.facts, english))
    print()
    width = max(len(render("criterion_" + c.name)) for c in d.criteria)
    for c in d.criteria:
        print(f"{render('criterion_' + c.name).ljust(width)}  {c.score:>4g} x {c.weight:<3g} {c.evidence()}")
    print()
    from fttool.decision.report import break_even_text

    print(f"{render('report_break_even')}: " + break_even_text(d.break_even, d.facts, english))
    if d.missing:
        print(f"{render('report_missing')}:")
        for a in d.missing:
            print(f"  - {render('action_' + a)}")
    print(f"{render('report_checklist')}:")
    for item in d.checklist:
        print(f"  [{'x' if item['ready'] else ' '}] {render('check_' + item['item'])}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("decide", help="should you fine-tune? score the lesson's questions and give a verdict")
    p.add_argument("--answers", required=True, metavar="ANSWERS.json",
                   help="the answers file (a project's decision.json; format in docs/decision.md)")
    p.add_argument("--project", metavar="DIR", help="project folder whose data and eval/results.json are the "
                   "evidence (default: the answers file's folder when it holds project.json)")
    p.add_argument("--weight", action="append", metavar="NAME=W", help="override a criterion's weight "
                   "(repeatable), e.g. --weight quality=4")
    p.add_argument("--report", metavar="FILE", help="also write a report: FILE.md (Markdown) or FILE.html")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")
    p.set_defaults(func=cmd_decide)

