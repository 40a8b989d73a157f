"""`fttool chat` and `fttool eval`.

    fttool chat --backend B --model M [--system S] "message"      (reads stdin when no message is given)
    fttool eval --data HELDOUT --model A [--model B ...] [--backend ...] [--baseline zero-shot|few-shot:K|rag:DIR]
                [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from fttool.errors import UsageError
from fttool.messages import register as register_codes

register_codes({
    "eval_backends_mismatch": "Give one --backend for all models, or one per --model ({models} models, "
                              "{backends} backends).",
    "eval_no_data": "Which held-out examples? Give --data FILE, or --project DIR with a test split (by default "
                    "the project opened last in the app).",
    "chat_no_message": "No message: give it as an argument or on standard input.",
})


def _add_target_args(p: argparse.ArgumentParser, many: bool) -> None:
    p.add_argument("--backend", action="append" if many else "store", default=None,
                   help="openai, azure, hf, together, local, server (with --base-url) or server:NAME"
                        + (" (once for all models, or once per --model)" if many else " (default openai)"))
    p.add_argument("--base-url", help="base URL of an OpenAI-compatible server, or of a Hugging Face endpoint")
    p.add_argument("--adapter", help="local backend: the LoRA adapter folder of a model trained here")


def _add_sampling_args(p: argparse.ArgumentParser, temperature: float | None) -> None:
    p.add_argument("--system", help="system prompt (replaces the conversation's own)")
    p.add_argument("--temperature", type=float, default=temperature)
    p.add_argument("--max-tokens", type=int, default=None, help="longest answer, in tokens")
    p.add_argument("--stop", action="append", default=[], help="stop sequence (repeatable, up to 4)")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("chat", help="send a message to a model and print the streamed answer")
    p.add_argument("message", nargs="?", help="the message (standard input when omitted)")
    p.add_argument("--model", required=True, help="model id, Azure deployment, Hub repo id or local base model")
    _add_target_args(p, many=False)
    _add_sampling_args(p, None)
    p.add_argument("--json", action="store_true", help="print the answer, usage and cost as JSON")
    p.set_defaults(func=cmd_chat)

    p = subparsers.add_parser("eval", help="score models (and baselines) on held-out examples")
    p.add_argument("--data", help="held-out JSONL (default: the project's test split)")
    p.add_argument("--model", action="append", required=True,
                   help="a model to evaluate (repeatable; the first is the base, the second the tuned one)")
    _add_target_args(p, many=True)
    p.add_argument("--baseline", action="append", default=[],
                   help="zero-shot, few-shot:K or rag[:DOCS_DIR] on the first model (repeatable)")
    p.add_argument("--train", help="training JSONL for few-shot and rag (default: the project's train split)")
    _add_sampling_args(p, 0.0)
    p.add_argument("--concurrency", type=int, default=16, help="requests in flight at once (default 16)")
    p.add_argument("--regression", action="store_true",
                   help="also compare the first two models on the shipped set of general prompts")
    p.add_argument("--project", help="project folder (results go to its eval/results.json)")
    p.add_argument("--allow-trained-data", action="store_true",
                   help="evaluate even on a file that a job trained on (its score then measures memory)")
    p.add_argument("--limit", type=int, help="only the first N examples")
    p.add_argument("--judge", metavar="MODEL", help="an LLM judge: its win rate of the second model over the first "
                                                     "(the judge's prompt is printed with the result)")
    p.add_argument("--judge-backend", default="openai", help="the judge's backend (default openai)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=cmd_eval)


# -- chat ------------------------------------------------------------------------------------------------------
def cmd_chat(args: argparse.Namespace) -> int:
    from fttool.chat.client import Sampling, Target, chat_once, with_system
    from fttool.cli import print_json

    message = args.message
    if message is None:
        message = sys.stdin.read().strip()
    if not message:
        raise UsageError("chat_no_message")
    target = Target.parse(args.backend or "openai", args.model, base_url=args.base_url, adapter=args.adapter)
    messages = with_system([{"role": "user", "content": message}], args.system)
    sampling = Sampling(temperature=args.temperature, max_tokens=args.max_tokens, stop=list(args.stop))

    def show(piece: str) -> None:
        sys.stdout.write(piece)
        sys.stdout.flush()

    answer = asyncio.run(chat_once(target, messages, sampling, on_delta=None if args.json else show))
    if args.json:
        print_json(answer.to_dict())
        return 0
    sys.stdout.write("\n")
    print(f"({describe_answer(answer.to_dict())})", file=sys.stderr)
    return 0


def describe_answer(a: dict[str, Any]) -> str:
    parts = [str(a.get("model") or "")]
    if a.get("prompt_tokens") is not None:
        parts.append(f"{a['prompt_tokens']} prompt + {a.get('completion_tokens')} answer tokens")
    if a.get("cost_usd") is not None:
        parts.append(f"${a['cost_usd']:.6f}")
    parts.append(f"{a.get('latency_ms', 0):.0f} ms")
    if a.get("finish_reason") == "length":
        parts.append("cut at the token limit")
    return ", ".join(parts)


# -- eval ------------------------------------------------------------------------------------------------------
class _Progress:
    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_pct = -1

    def __call__(self, done: int, total: int, what: str) -> None:
        pct = done * 100 // max(total, 1)
        if self.tty:
            sys.stderr.write(f"\r{done}/{total} answers ({pct}%)  ")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif pct // 10 != self.last_pct // 10 or done == total:
            print(f"{done}/{total} answers ({pct}%)", file=sys.stderr, flush=True)
        self.last_pct = pct


def _targets(args: argparse.Namespace) -> list[Any]:
    from fttool.chat.client import Target

    backends = args.backend or ["openai"]
    if len(backends) == 1:
        backends = backends * len(args.model)
    if len(backends) != len(args.model):
        raise UsageError("eval_backends_mismatch", models=len(args.model), backends=len(backends))
    return [Target.parse(b, m, base_url=args.base_url, adapter=args.adapter) for b, m in zip(backends, args.model,
                                                                                           strict=True)]


def cmd_eval(args: argparse.Namespace) -> int:
    from fttool.chat.client import Sampling, Target
    from fttool.chat.eval import EvalConfig, default_results_dir, evaluate, public_results
    from fttool.cli import print_json
    from fttool.project import Project

    project = None
    if args.project:
        project = Project.open(args.project)
    elif not args.data:  # the project the app had open last
        from fttool import settings

        last = settings.get("last_project") or ""
        if last and (Path(last) / "project.json").is_file():
            project = Project.open(last)
    data = Path(args.data) if args.data else None
    splits = project.dataset_files() if project else {}
    if data is None:
        data = splits.get("test")
        if data is None:
            raise UsageError("eval_no_data")
    train = Path(args.train) if args.train else splits.get("train")
    if train is None:  # the training split beside the held-out file (a project's data/ folder)
        sibling = data.with_name("train.jsonl")
        train = sibling if sibling.is_file() and sibling.resolve() != data.resolve() else None
    config = EvalConfig(
        data=data, targets=_targets(args), baselines=list(args.baseline), train=train, system=args.system,
        sampling=Sampling(temperature=args.temperature, max_tokens=args.max_tokens or 512, stop=list(args.stop)),
        concurrency=max(1, args.concurrency), regression=args.regression,
        allow_trained_data=args.allow_trained_data,
        results_dir=default_results_dir(data, project.path if project else None), limit=args.limit,
        judge=Target.parse(args.judge_backend, args.judge) if args.judge else None)
    result = asyncio.run(evaluate(config, progress=_Progress()))
    if args.json:
        print_json(public_results(result))
        return 0
    print(format_table(result))
    assert config.results_dir is not None
    print(f"\nSaved {config.results_dir / 'results.json'}")
    return 0


def _pct(x: Any) -> str:
    return "-" if x is None else f"{100 * x:5.1f}"


def format_table(result: dict[str, Any]) -> str:
    lines = [f"{'MODEL':<44} {'EXACT':>6} {'F1':>6} {'ROUGE-L':>7} {'MS':>7} {'TOKENS':>8} {'COST $':>10} {'N':>5}"]

    def row(name: str, s: dict[str, Any]) -> str:
        tokens = (s.get("prompt_tokens") or 0) + (s.get("completion_tokens") or 0)
        cost = "-" if s.get("cost_usd") is None else f"{s['cost_usd']:.6f}"
        ms = "-" if s.get("latency_ms") is None else f"{s['latency_ms']:.0f}"
        return (f"{name[:44]:<44} {_pct(s.get('exact_match')):>6} {_pct(s.get('token_f1')):>6} "
                f"{_pct(s.get('rouge_l')):>7} {ms:>7} {tokens:>8} {cost:>10} {s.get('n', 0):>5}")

    for name, s in result.get("models", {}).items():
        lines.append(row(name, s))
    for name, s in result.get("baselines", {}).items():
        lines.append(row(f"baseline {name}", s))
    g = result.get("gain")
    if g:
        lines.append("")
        lines.append(describe_gain(g))
    for name, bg in (result.get("baseline_gains") or {}).items():
        lines.append(describe_gain(bg, f"against baseline {name}"))
    reg = result.get("regression")
    if reg and reg.get("gain"):
        lines.append(describe_gain(reg["gain"], "on the general prompts (regression set)"))
    j = result.get("judge")
    if j:
        rate = "-" if j.get("win_rate") is None else f"{100 * j['win_rate']:.0f}%"
        lines.append(f"Judge {j['model']}: {j['tuned']} wins {rate} against {j['base']} ({j['wins']} wins, "
                     f"{j['losses']} losses, {j['ties']} ties, {j['unclear']} unclear; ties count half)")
        lines.append("Judge prompt (answers shown in a random order):")
        lines.extend("    " + line for line in j["prompt"].splitlines())
    return "\n".join(lines)


def describe_gain(g: dict[str, Any], where: str = "") -> str:
    lo, hi = g["ci95_points"]
    verdict = ("better: the whole interval is above zero" if lo > 0 else
               "worse: the whole interval is below zero" if hi < 0 else "not shown to differ: the interval holds zero")
    what = f"{g['tuned']} vs {g['base']}" + (f" {where}" if where else "")
    counts = (f"; better on {g['wins']}, worse on {g['losses']}, the same on {g['ties']}"
              if all(k in g for k in ("wins", "losses", "ties")) else "")
    return (f"{what}: {g['metric']} {g['delta_points']:+.1f} points (95% CI {lo:+.1f} to {hi:+.1f}, "
            f"n={g['n']}{counts}), {verdict}")
