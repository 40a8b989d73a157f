"""Benchmark: `fttool validate` on a 100,000-example chat file against a plain single-process reference.

The file: bench/gen_chat.py writes realistic, mostly unique customer-support conversations (a seeded generator:
one of 8 system prompts, a question of 8-60 words and an answer of 20-160 words drawn from a 2,000-word
Zipf-weighted vocabulary with numbers, order ids, accented words and punctuation; a third of the examples have
a second turn), about 1.2 KB per line, 0.1% exact duplicates and 0.2% planted problems (bad JSON, unknown
roles, missing answers, e-mail addresses, phone numbers, API keys, two user turns in a row).

The reference is what OpenAI's cookbook does, in one process: json.loads per line and tiktoken encode of every
string value of every message (the same offline o200k_base Encoding, same Rust tokenizer), skipping lines that
do not parse. fttool does more (every check, duplicates and near duplicates, personal data, stats, cost) and
reports every problem. Its counts are tiktoken's to the token, but it tokenises each distinct space-separated
word once per process and adds up (tokens.WordCounter: exact for these encodings, see its docstring), so it
gains most on text that repeats its words, as natural language does; `--vocabulary 50000` gives the generated
text 25 times more distinct words, to see how much of the gain is left. Both run as fresh processes (`python ref` and fttool.cli.main, the code of the installed
`fttool validate --json` entry point, in a wrapper that reports its CPU time and its worker's),
alternating, each timed `--repeat` times; the best time of each is compared (the machine is shared, so the best
of a few runs is the fairest figure). CPU time (user+sys, workers included) is printed too: it does not depend
on what else runs, and CPU time / cores bounds what the parallel run can reach on an idle machine.
Goal: ratio <= 0.5, on this 100k/124 MB file and on a 40k/about 50 MB one (`--examples 40000`); then the fixed cost,
the console command on the file's first 50 lines, goal under 0.25 s.

Run: .venv/bin/python bench/validate.py [--examples 100000] [--repeat 3] [--vocabulary 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FTTOOL = r"""
import json, resource, sys
import os
sys.argv = ["fttool", "validate", PATH, "--json"]
from fttool.cli import main


def report():
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"self": me.ru_utime + me.ru_stime, "workers": kids.ru_utime + kids.ru_stime}), file=sys.stderr)


real_exit = os._exit
os._exit = lambda code: (report(), sys.stderr.flush(), real_exit(code))  # the console entry's quick exit
code = main()  # as the console script runs it (argv from sys.argv)
report()
sys.exit(code)
"""

REFERENCE = r"""
import json, sys
sys.path.insert(0, ROOT)
from fttool.datasets.tokens import get_encoding
enc = get_encoding("o200k_base")
n_tokens = n_bad = n = 0
with open(PATH, encoding="utf-8") as f:
    for line in f:
        n += 1
        try:
            ex = json.loads(line)
            for m in ex["messages"]:
                for key, value in m.items():
                    if isinstance(value, str):
                        n_tokens += len(enc.encode(value))
        except (ValueError, KeyError, TypeError, AttributeError):
            n_bad += 1
print(json.dumps({"lines": n, "tokens": n_tokens, "bad": n_bad}))
"""


def run(cmd: list[str]) -> tuple[float, float, float, str, str]:
    """Wall time, CPU time (user+sys of the process and its workers), load average, stdout, stderr."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    dt = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-2000:]}")
    return dt, cpu, load, r.stdout, r.stderr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--file", help="use this file instead of generating one")
    ap.add_argument("--vocabulary", type=int, default=2000,
                    help="distinct words of the generated text (fttool counts each distinct word once per process)")
    args = ap.parse_args()
    from bench.gen_chat import generate

    if args.file:
        path = Path(args.file)
    else:
        vocab = "" if args.vocabulary == 2000 else f"_v{args.vocabulary}"
        path = ROOT / "build" / "bench" / f"chat_{args.examples}{vocab}.jsonl"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            t = time.perf_counter()
            generate(path, args.examples, planted=True, vocabulary=args.vocabulary)
            print(f"generated {path} in {time.perf_counter() - t:.1f} s")
    size_mb = path.stat().st_size / 1e6
    py = sys.executable
    ref_code = REFERENCE.replace("ROOT", repr(str(ROOT))).replace("PATH", repr(str(path)))
    ft_code = FTTOOL.replace("PATH", repr(str(path)))
    ref_times, ft_times, ref_cpu, ft_cpu, loads, split = [], [], [], [], [], []
    ref_out = ft_out = ""
    for _ in range(args.repeat):
        dt, cpu, load, ref_out, _err = run([py, "-c", ref_code])
        ref_times.append(dt)
        ref_cpu.append(cpu)
        loads.append(load)
        # the installed `fttool` entry point's own code (fttool.cli.main), reporting its and its worker's CPU
        dt, cpu, load, ft_out, err = run([py, "-c", ft_code])
        ft_times.append(dt)
        ft_cpu.append(cpu)
        loads.append(load)
        split.append(json.loads(err.strip().splitlines()[-1]))
    ref = json.loads(ref_out)
    rep = json.loads(ft_out)
    from collections import Counter

    codes = Counter(p["code"] for p in rep["errors"] + rep["warnings"])
    print(f"file: {path.name}, {rep['examples']} examples, {size_mb:.0f} MB, {os.cpu_count()} CPUs; "
          f"1-min load average before each run: {' '.join(f'{x:.1f}' for x in loads)} "
          f"(other work on the machine slows the parallel run most)")
    print(f"reference (json.loads + tiktoken encode of every string, 1 process): "
          f"{' '.join(f'{t:.2f}' for t in ref_times)} s; best {min(ref_times):.2f} s "
          f"({ref['tokens']} tokens in strings, {ref['bad']} lines it could not read)")
    print(f"fttool validate --json (every check, worker processes):              "
          f"{' '.join(f'{t:.2f}' for t in ft_times)} s; best {min(ft_times):.2f} s "
          f"({rep['tokens']['total']} chat tokens, {len(rep['errors'])} errors, {len(rep['warnings'])} warnings)")
    print(f"problems reported: {dict(sorted(codes.items()))}")
    print(f"CPU time (user+sys incl. workers): reference {min(ref_cpu):.2f} s, fttool {min(ft_cpu):.2f} s "
          f"({min(ft_cpu) / min(ref_cpu):.2f}x the work, spread over {os.cpu_count()} cores)")
    best = min(range(len(split)), key=lambda i: max(split[i].values()))
    crit = max(split[best].values())
    print(f"fttool CPU split: this process {split[best]['self']:.2f} s, worker {split[best]['workers']:.2f} s -> "
          f"on {os.cpu_count()} idle cores its wall time would be about {crit:.2f} s = "
          f"{crit / min(ref_cpu):.2f}x the reference's CPU time")
    print(f"ratio fttool / reference (best of {args.repeat}): {min(ft_times) / min(ref_times):.2f}x (goal <= 0.5x)")
    small_file(path)


def small_file(path: Path, lines: int = 50, repeat: int = 5) -> None:
    """The fixed cost: the console command a person runs (`fttool validate FILE --json`, its process from start
    to exit) on the first `lines` lines, best of `repeat`, against a bare `python -c pass` of the same
    interpreter measured in the same run. Goal: under 0.25 s."""
    small = path.with_name(f"{path.stem}_first{lines}.jsonl")
    with open(path, encoding="utf-8") as src:
        small.write_text("".join(next(src) for _ in range(lines)), encoding="utf-8")
    exe = Path(sys.executable).with_name("fttool")
    cmd = [str(exe), "validate", str(small), "--json"] if exe.exists() else \
        [sys.executable, "-m", "fttool.cli", "validate", str(small), "--json"]
    bare = min(run([sys.executable, "-c", "pass"])[0] for _ in range(repeat))
    times = [run(cmd)[0] for _ in range(repeat)]
    print(f"{lines}-line file ({small.stat().st_size / 1024:.0f} KB): fttool validate {min(times):.3f} s best of "
          f"{repeat} (a bare Python start: {bare:.3f} s) (goal < 0.25 s)")


if __name__ == "__main__":
    main()
