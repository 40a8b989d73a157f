"""`fttool validate` and `fttool dataset stats|split|convert|dedupe|export|fix|hub`.

Exit codes: 0 usable (warnings allowed) / done, 1 the data has errors / the operation failed, 2 the file cannot be
read at all (missing, a folder, binary) or bad usage."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

BACKENDS = ("openai", "azure", "local", "hf", "together")


def _print_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


class _Progress:
    """A one-line progress display on stderr when it is a terminal (silent otherwise)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        pct = f"{100 * done / total:5.1f}%" if total else f"{done}"
        sys.stderr.write(f"\r{message or 'working'}: {pct}")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help="base model whose tokenizer, limit and price apply (default gpt-4o-mini-2024-07-18)")
    p.add_argument("--backend", choices=BACKENDS, default="openai", help="where it will train (minimum examples)")
    p.add_argument("--method", choices=("supervised", "dpo"), help="training method (default: from the data)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


# -- validate ------------------------------------------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    from fttool.datasets.validate import validate_file
    # an FtError goes up to fttool.cli.main, which prints it (as {"error": ...} on stdout with --json)
    report = validate_file(args.path, model=args.model, backend=args.backend, method=args.method,
                           progress=_Progress(), workers=args.workers, validation=args.validation,
                           max_seq_length=args.max_seq_length, near_duplicates=not args.no_near_duplicates,
                           inline=True, tokenizer_dir=args.tokenizer, source_format=args.source_format,
                           mapping=_mapping(args), role=args.role, train=args.train)
    if args.json:
        _print_json(report.to_dict())
    else:
        for p in report.problems:
            where = f"{args.path}:{p.line}" if p.line is not None else str(args.path)
            print(f"{where}: {p.severity} [{p.code}] {p.message}")
        t = report.tokens
        print(f"{report.examples} examples, {len(report.errors)} errors, {len(report.warnings)} warnings; "
              f"tokens per example min {t['min']} / median {t['median']} / max {t['max']}, total {t['total']}")
        if report.role == "train":
            cost = (f"${report.estimated_cost_usd:.2f} (prices as of {report.price_as_of})"
                    if report.estimated_cost_usd is not None else "no price for this backend/model")
            print(f"{report.epochs} epochs, {t['billed']} billed tokens, estimated training cost {cost}")
        elif report.role == "validation":
            print("A validation file: checked for format and limits; it needs no minimum number of examples and "
                  "costs no training.")
        else:
            print("A test file: checked for format and limits; it needs no minimum number of examples, costs no "
                  "training and is never uploaded.")
        print("Usable." if report.valid else "Not usable until the errors are fixed.")
    return 0 if report.valid else 1


# -- dataset stats -------------------------------------------------------------------------------------------
def cmd_stats(args: argparse.Namespace) -> int:
    from fttool.datasets.validate import validate_file

    report = validate_file(args.path, model=args.model, backend=args.backend, method=args.method,
                           progress=_Progress(), near_duplicates=False, inline=True)
    counted = [t for t in report.line_tokens if t >= 0]
    out = {
        "examples": report.examples,
        "valid": report.valid,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "messages_per_example": report.stats["messages_per_example"],
        "tokens": report.tokens,
        "assistant_tokens": report.stats["assistant_tokens"]["total"],
        "over_limit": report.stats["over_limit"],
        "limit": report.limit,
        "model": report.model,
        "epochs": report.epochs,
        "billed_tokens": report.tokens["billed"],
        "estimated_cost_usd": report.estimated_cost_usd,
        "price_as_of": report.price_as_of,
        "counted_examples": len(counted),
    }
    if args.json:
        _print_json(out)
    else:
        m = out["messages_per_example"]
        t = report.tokens
        print(f"examples            {out['examples']} ({out['errors']} errors, {out['warnings']} warnings)")
        print(f"messages/example    min {m['min']}, median {m['median']}, max {m['max']}")
        print(f"tokens/example      min {t['min']}, p10 {t['p10']}, median {t['median']}, p90 {t['p90']}, "
              f"max {t['max']}")
        print(f"tokens total        {t['total']} (assistant {out['assistant_tokens']})")
        print(f"over the limit      {out['over_limit']} (limit {out['limit']}, model {out['model']})")
        print(f"epochs              {out['epochs']} (OpenAI's default rule)")
        print(f"billed tokens       {t['billed']}")
        if out["estimated_cost_usd"] is not None:
            print(f"estimated cost      ${out['estimated_cost_usd']:.2f} (prices as of {out['price_as_of']})")
    return 0 if report.valid else 1


# -- dataset split -------------------------------------------------------------------------------------------
def _ratios(text: str) -> tuple[float, float, float]:
    parts = [float(x) for x in text.replace("/", ",").split(",")]
    if len(parts) == 2:
        parts.append(0.0)
    if len(parts) != 3:
        raise argparse.ArgumentTypeError("give three ratios, e.g. 0.8,0.1,0.1")
    return parts[0], parts[1], parts[2]


def cmd_split(args: argparse.Namespace) -> int:
    from fttool.datasets.split import split

    res = split(args.path, args.out, ratios=args.ratios, seed=args.seed, keep_identical=not args.no_keep_identical)
    if args.json:
        _print_json(res.to_dict())
    else:
        for part, path in res.files.items():
            print(f"{part:<11} {res.counts[part]:>7} examples  {path}  sha256 {res.sha256[part]}")
        print("The test file is for evaluation only: never upload it for training.")
    return 0


# -- dataset convert / export --------------------------------------------------------------------------------
_DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t", "bar": "|"}


def _mapping(args: argparse.Namespace) -> dict[str, str] | None:
    """--map, --system-prompt, --encoding and --delimiter as the core's mapping dict (None: all detected)."""
    if not (args.map or args.system_prompt or args.encoding or args.delimiter):
        return None
    m: dict[str, str] = {}
    for item in (args.map or "").split(","):
        if item.strip():
            k, _, v = item.partition("=")
            k = k.strip()
            if k not in ("user", "assistant", "system") or not v.strip():
                from fttool.errors import UsageError

                raise UsageError("bad_map_item", item=item.strip())
            m[k] = v.strip()
    if args.system_prompt:
        m["default_system"] = args.system_prompt
    if args.encoding:
        m["encoding"] = args.encoding
    if args.delimiter:
        m["delimiter"] = _DELIMITERS[args.delimiter]
    return m


def cmd_convert(args: argparse.Namespace) -> int:
    from fttool.datasets import formats
    from fttool.fsutil import input_file_size

    input_file_size(args.input)  # a FIFO, a folder or a link loop is named before anything else
    if Path(args.output).resolve() == Path(args.input).resolve():
        from fttool.errors import UsageError

        raise UsageError("dataset_record_invalid", path=str(args.output), line=0,
                         detail="the output would overwrite the source; choose another output file")
    problems: list[dict[str, Any]] = []
    fmt = args.source_format or formats.detect_format(args.input)
    pairs = list(formats.read_examples(
        args.input, fmt=fmt, mapping=_mapping(args),
        on_error=lambda line, detail: problems.append({"line": line, "message": detail}), objects_only=True))
    examples = [ex for _line, ex in pairs]
    to = args.to or _format_of_name(args.output)
    changed: list[int] = []
    if to in ("openai", "azure", "autotrain"):
        result = getattr(formats, f"export_{to}")(examples, args.output)
    else:
        try:
            n = formats.write_format(args.output, pairs, to, spreadsheet=args.spreadsheet_safe,
                                     lossy=changed if args.lossy else None)
        except formats.ConversionRefused as exc:  # a refusal names the source's line, not the output's
            if exc.line is None or "detail" not in exc.params:
                raise
            raise formats.ConversionRefused("dataset_record_invalid", path=str(args.input), line=exc.line,
                                            detail=exc.params["detail"]) from None
        result = {"output": args.output, "format": to, "count": n}
    result["skipped"] = problems
    result["changed"] = changed  # with --lossy: the source lines written in part
    if changed and not args.json:
        print(f"{len(changed)} examples were written in part (--lossy), lines: "
              f"{', '.join(map(str, changed[:20]))}{' ...' if len(changed) > 20 else ''}", file=sys.stderr)
    if args.json:
        _print_json(result)
    else:
        for p in problems:
            print(f"{args.input}:{p['line']}: skipped: {p['message']}", file=sys.stderr)
        print(f"{len(examples)} examples from {fmt} written as {to}: {result.get('output') or result.get('folder')}")
    return 1 if problems else 0


def _format_of_name(name: str) -> str:
    ext = Path(name).suffix.lower()
    return {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".json": "alpaca"}.get(ext, "chat")


def cmd_export(args: argparse.Namespace) -> int:
    from fttool.datasets import formats

    if args.backend == "hub":
        splits = {"train": args.path}
        if args.validation:
            splits["validation"] = args.validation
        result = formats.export_hub_folder(args.folder, splits)
    elif args.backend == "autotrain":
        result = formats.export_autotrain(args.path, args.folder, validation=args.validation, style=args.style,
                                          lossy=args.lossy)
    else:
        result = getattr(formats, f"export_{args.backend}")(args.path, args.folder, validation=args.validation)
    if args.json:
        _print_json(result)
    else:
        for name, path in result["files"].items():
            print(f"{name:<11} {result['counts'][name]:>7} examples  {path}")
        if args.backend == "autotrain":
            print(f"AutoTrain config: data.path {result['folder']}, train_split train, column_mapping.text_column "
                  f"{result['text_column']}, chat_template {result['chat_template']}")
    return 0


# -- dataset dedupe / fix ------------------------------------------------------------------------------------
def cmd_dedupe(args: argparse.Namespace) -> int:
    from fttool.datasets.formats import read_examples, write_jsonl
    from fttool.datasets.validate import validate_file

    report = validate_file(args.path, near_duplicates=args.near, progress=_Progress(), model=args.model)
    drop = {k for g in report.duplicates for k in g[1:]}
    near = []
    if args.near:
        line_to_index = {ln: i for i, ln in enumerate(report.example_lines)}
        near = [line_to_index[p.line] for p in report.problems if p.code == "near_duplicate" and p.line is not None]
        drop.update(near)
    out = Path(args.out) if args.out else Path(args.path).with_suffix(".dedup.jsonl")
    from fttool.fsutil import input_file_size

    input_file_size(args.path)
    if out.resolve() == Path(args.path).resolve():
        from fttool.errors import UsageError

        raise UsageError("dataset_record_invalid", path=str(out), line=0,
                         detail="the output would overwrite the source; choose another --out")
    examples = [ex for _line, ex in read_examples(args.path, objects_only=True)]
    kept = [ex for i, ex in enumerate(examples) if i not in drop]
    write_jsonl(out, kept)
    result = {"input": args.path, "output": str(out), "examples": len(examples), "kept": len(kept),
              "dropped_exact": len({k for g in report.duplicates for k in g[1:]}), "dropped_near": len(near),
              "dropped_lines": sorted(report.example_lines[i] for i in drop)}
    if args.json:
        _print_json(result)
    else:
        print(f"kept {len(kept)} of {len(examples)} examples ({result['dropped_exact']} exact and "
              f"{result['dropped_near']} near duplicates dropped) -> {out}")
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from fttool.datasets import fixes
    from fttool.datasets.formats import read_examples, write_jsonl
    from fttool.datasets.validate import validate_file
    from fttool.errors import UsageError

    src = Path(args.path)
    out = Path(args.out)
    from fttool.fsutil import input_file_size

    input_file_size(src)
    if out.resolve() == src.resolve():
        raise UsageError("dataset_record_invalid", path=str(out), line=0,
                         detail="the output would overwrite the source; choose another --out")
    tmp_src = src
    plan = None
    if args.reencode:
        from fttool.fsutil import atomic_write_bytes

        plan = fixes.reencode_plan(src, args.encoding)
        if args.preview:
            if args.json:
                _print_json({"reencode": plan})
            else:
                _print_reencode_plan(plan)
                print("Nothing written (--preview). Run again without --preview to write it, or choose the "
                      "encoding with --encoding.")
            return 0
        tmp_src = out.with_name(out.name + ".utf8.tmp")
        atomic_write_bytes(tmp_src, fixes.reencode_utf8(src, plan["encoding"]))
    try:
        from fttool.datasets.formats import DatasetFormatError, detect_format

        try:  # any format fix offers to fix (CSV, Parquet, ShareGPT...), read as chat examples
            fmt = "chat" if tmp_src != src else detect_format(src)
            examples = [ex for _line, ex in read_examples(tmp_src, fmt=fmt, objects_only=True)]
        except DatasetFormatError as exc:  # named by the input, never by the re-encoded temporary copy
            if tmp_src == src:
                raise
            raise DatasetFormatError(exc.code, **{**exc.params, "path": str(src)}) from None
        if fmt != "chat":  # the checks below number the examples as lines of a chat file
            tmp_src = out.with_name(out.name + ".chat.tmp")
            write_jsonl(tmp_src, examples)
        drop: set[int] = set()
        if args.drop_duplicates or args.drop_over_long:
            report = validate_file(tmp_src, model=args.model, near_duplicates=False)
            if args.drop_duplicates:
                drop.update(fixes.duplicate_rows(report))
            if args.drop_over_long:
                drop.update(fixes.over_long_rows(report))
        kept = []
        for i, ex in enumerate(examples):
            if i in drop:
                continue
            if args.strip_whitespace:
                ex = fixes.strip_whitespace(ex)
            if args.add_system_prompt:
                ex = fixes.add_system_prompt(ex, args.add_system_prompt)
            kept.append(ex)
        write_jsonl(out, kept)
    finally:
        if tmp_src != src:
            tmp_src.unlink(missing_ok=True)
    result: dict[str, Any] = {"output": str(out), "examples": len(examples), "kept": len(kept),
                              "dropped": len(drop)}
    if plan is not None:
        result["reencode"] = plan
    if args.json:
        _print_json(result)
    else:
        if plan is not None:
            _print_reencode_plan(plan)
        print(f"wrote {len(kept)} examples ({len(drop)} dropped) -> {out}")
    return 0


def _print_reencode_plan(plan: dict[str, Any]) -> None:
    how = "guessed" if plan["guessed"] else "as given"
    print(f"{plan['changed_lines']} lines re-encoded from {plan['encoding']} ({how}); how they read now:")
    for item in plan["preview"]:
        print(f"  line {item['line']}: {item['text'][:120]}")


# -- dataset hub ---------------------------------------------------------------------------------------------
def cmd_hub_list(args: argparse.Namespace) -> int:
    from fttool.datasets.hub import list_dataset

    ds = list_dataset(args.repo_id, revision=args.revision)
    if args.json:
        _print_json(ds.to_dict())
    else:
        for config, splits in ds.configs.items():
            for split, files in splits.items():
                size = sum(f.size or 0 for f in files)
                print(f"{config:<16} {split:<12} {len(files)} file(s) {_human(size)}")
                for f in files:
                    print(f"    {f.path}  {_human(f.size or 0)}")
    return 0


def cmd_hub_download(args: argparse.Namespace) -> int:
    from fttool.datasets.hub import download

    path = download(args.repo_id, args.file, args.out, revision=args.revision, progress=_Progress())
    if args.json:
        _print_json({"path": str(path), "size": path.stat().st_size})
    else:
        print(f"downloaded {path}")
    return 0


def _human(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


# -- registration --------------------------------------------------------------------------------------------
def _source_args(p: argparse.ArgumentParser) -> None:
    """How to read a source that is not chat JSONL (validate and convert take the same options)."""
    from fttool.datasets.formats import FORMATS

    p.add_argument("--from", dest="source_format", choices=FORMATS,
                   help="the source's format (default: from its extension and first record)")
    p.add_argument("--map", help="column mapping for tables: user=COL,assistant=COL[,system=COL] (columns not "
                                 "given are guessed from their names)")
    p.add_argument("--system-prompt", help="system prompt for rows without one")
    p.add_argument("--encoding", help="a table's text encoding, e.g. utf-8, cp1252, gbk, cp1251, utf-16 "
                                      "(default: detected)")
    p.add_argument("--delimiter", choices=("comma", "semicolon", "tab", "bar"),
                   help="a table's delimiter (default: detected among , ; tab |)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("validate", help="check a training file: every problem with its line, tokens and cost")
    p.add_argument("path")
    _model_args(p)
    p.add_argument("--validation", help="the validation file (reports examples that are in both)")
    p.add_argument("--role", choices=("train", "validation", "test"), default="train",
                   help="the file's role: train (default) needs the backend's minimum of examples and is given a "
                        "training cost; validation and test files are checked for format only, never for size")
    p.add_argument("--train", metavar="FILE", help="with --role validation or test: the train file (reports "
                                                   "examples that are in both: leakage)")
    p.add_argument("--max-seq-length", type=int, help="truncation length for local/hf training")
    p.add_argument("--workers", type=int, help="worker processes (default: one per core for large files)")
    p.add_argument("--tokenizer", metavar="DIR", help="count with this local base model's own tokenizer and chat "
                                                      "template (local, hf and together backends: exact counts instead of "
                                                      "an estimate; needs the local runtime)")
    p.add_argument("--no-near-duplicates", action="store_true", help="skip the near-duplicate search")
    _source_args(p)
    p.set_defaults(func=cmd_validate)

    ds = sub.add_parser("dataset", help="statistics, split, convert, de-duplicate, export, Hub import")
    dsub = ds.add_subparsers(dest="dataset_command", metavar="ACTION", required=True)

    p = dsub.add_parser("stats", help="examples, messages, tokens, epochs, billed tokens and estimated price")
    p.add_argument("path")
    _model_args(p)
    p.set_defaults(func=cmd_stats)

    p = dsub.add_parser("split", help="train/validation/test files with a seed (and their sha256)")
    p.add_argument("path")
    p.add_argument("--out", help="output folder (default: beside the input)")
    p.add_argument("--ratios", type=_ratios, default=(0.8, 0.1, 0.1), help="train,validation,test (0.8,0.1,0.1)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-keep-identical", action="store_true",
                   help="draw identical examples one by one (by default copies of an example stay on one side, so "
                        "none is both trained on and tested)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_split)

    p = dsub.add_parser("convert", help="convert between formats (chat, sharegpt, prompt_completion, alpaca, "
                                        "csv, tsv, parquet) or export (openai, azure, autotrain)")
    p.add_argument("input")
    p.add_argument("output")
    _source_args(p)
    p.add_argument("--to", choices=("chat", "dpo", "sharegpt", "prompt_completion", "alpaca", "csv", "tsv",
                                    "parquet", "openai", "azure", "autotrain"))
    p.add_argument("--lossy", action="store_true",
                   help="write an example the target cannot hold whole (more turns, weights, tool calls) as far as it "
                        "fits, and list it under \"changed\", instead of refusing the conversion")
    p.add_argument("--spreadsheet-safe", action="store_true",
                   help="csv/tsv: put a ' before a cell starting with = + - @ so a spreadsheet shows it as text "
                        "instead of running it (changes the text: not for training files)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_convert)

    p = dsub.add_parser("export", help="write the files a backend takes (openai, azure, autotrain, hub folder)")
    p.add_argument("path", help="the training file")
    p.add_argument("folder")
    p.add_argument("--backend", choices=("openai", "azure", "autotrain", "hub"), required=True)
    p.add_argument("--validation", help="the validation file (never the test file)")
    p.add_argument("--style", choices=("messages", "text"), default="messages", help="AutoTrain column style")
    p.add_argument("--lossy", action="store_true",
                   help="autotrain: write examples with weights or tool calls as role and content only, listed under "
                        "\"changed\", instead of refusing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = dsub.add_parser("dedupe", help="write a copy without exact (and with --near, near) duplicates")
    p.add_argument("path")
    p.add_argument("--out", help="output file (default PATH.dedup.jsonl)")
    p.add_argument("--near", action="store_true", help="also drop near duplicates")
    p.add_argument("--model")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dedupe)

    p = dsub.add_parser("fix", help="apply safe fixes and write a new file (the source is never changed)")
    p.add_argument("path")
    p.add_argument("--out", required=True)
    p.add_argument("--strip-whitespace", action="store_true")
    p.add_argument("--add-system-prompt", metavar="TEXT")
    p.add_argument("--drop-duplicates", action="store_true")
    p.add_argument("--drop-over-long", action="store_true")
    p.add_argument("--reencode", action="store_true", help="re-encode to UTF-8 first")
    p.add_argument("--encoding", help="with --reencode: the encoding of the lines that are not UTF-8 (default: "
                                      "detected, e.g. cp1252, gbk, cp1251)")
    p.add_argument("--preview", action="store_true",
                   help="with --reencode: show the lines it would change, as they would read, and write nothing")
    p.add_argument("--model")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_fix)

    from fttool.datasets import synth_cli

    synth_cli.add_parser(dsub)

    hub = dsub.add_parser("hub", help="a dataset on the Hugging Face Hub (HF_ENDPOINT, HF_TOKEN honoured)")
    hsub = hub.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    p = hsub.add_parser("list", help="configs, splits and files with their sizes")
    p.add_argument("repo_id")
    p.add_argument("--revision")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_hub_list)
    p = hsub.add_parser("download", help="download one file (with progress; Ctrl-C cancels)")
    p.add_argument("repo_id")
    p.add_argument("file")
    p.add_argument("--out", default=".", help="folder to save it in")
    p.add_argument("--revision")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_hub_download)
