"""What fttool adds to an AutoTrain run (the AutoTrain engine; bench/train_trl.py measures the TRL engine): the same YAML run by `autotrain --config job.yml` directly (the baseline)
and through `fttool train --wait` (job store, service, log parsing, polling), alternating, N times each in the
same run, each timed from launch to the adapter on disk. Prints both medians and the ratio (goal <= 1.05), the
pre-flight's own time apart, and the runtime's install time and size (from its marker).

    FTTOOL_RUNTIME_DIR=.cache/runtime .venv/bin/python bench/train_overhead.py            # ~2 min a run, 3 each
    FTTOOL_RUNTIME_DIR=.cache/runtime .venv/bin/python bench/train_overhead.py --quick    # ~20 s a run, 1 each

Needs the AutoTrain runtime installed (`fttool runtime install --engine autotrain`); builds the tests' tiny Llama in .cache/tiny-llama.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def children_cpu() -> float:
    """CPU seconds of every waited-for descendant (the whole autotrain tree, or fttool and its tree): a measure
    that holds up when other work shares the cores, unlike wall time."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_direct(job_yml: str, data: Path, venv: Path, work: Path) -> float:
    from fttool.runtime import env
    from fttool.runtime.install import runtime_env
    from fttool.runtime.process import popen_new_session

    folder = Path(tempfile.mkdtemp(dir=work, prefix="direct-"))
    (folder / "data").mkdir()
    shutil.copy(data, folder / "data" / "train.jsonl")
    (folder / "job.yml").write_text(job_yml)
    t0 = time.perf_counter()
    with open(folder / "stdout.log", "wb") as out, open(folder / "stderr.log", "wb") as err:
        proc = popen_new_session([str(env.venv_executable(venv, "autotrain")), "--config", "job.yml"],
                                 cwd=str(folder), stdout=out, stderr=err, env=runtime_env(venv))
        proc.wait()
    seconds = time.perf_counter() - t0
    if not (folder / "output" / "adapter_model.safetensors").exists():
        raise SystemExit(f"the direct run left no adapter: see {folder}")
    return seconds


def run_fttool(model: Path, data: Path, epochs: int, work: Path) -> float:
    home = Path(tempfile.mkdtemp(dir=work, prefix="home-"))
    envv = dict(os.environ, FTTOOL_HOME=str(home))
    t0 = time.perf_counter()
    out = subprocess.run([str(Path(sys.executable).parent / "fttool"), "train", "--backend", "local", "--model",
                          str(model), "--data", str(data), "--epochs", str(epochs), "--lr", "0.005",
                          "--batch-size", "2", "--param", "block_size=128", "--engine", "autotrain", "--wait",
                          "--poll", "1"],
                         capture_output=True, text=True, env=envv)
    seconds = time.perf_counter() - t0
    if out.returncode != 0 or not list(home.glob("jobs/*/output/adapter_model.safetensors")):
        raise SystemExit(f"fttool train failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="short runs, one of each (a smoke run, not the figure)")
    ap.add_argument("--repeats", type=int, default=None)
    args = ap.parse_args()
    from fttool.providers.local import build_config, preflight, to_yaml
    from fttool.runtime import env, install
    from tests.support.tiny_model import build_tiny_model, write_chats

    st = install.status(engine="autotrain")
    if not st["installed"]:
        print("The AutoTrain runtime is not installed: run `fttool runtime install --engine autotrain` (or set "
              "FTTOOL_RUNTIME_DIR).")
        return 2
    venv = Path(st["path"])
    model = ROOT / ".cache" / "tiny-llama"
    build_tiny_model(model, env.venv_python(venv))
    repeats = args.repeats or (1 if args.quick else 3)
    n, epochs = (24, 20) if args.quick else (240, 40)
    work = Path(tempfile.mkdtemp(prefix="fttool-bench-"))
    try:
        data = write_chats(work / "train.jsonl", n)
        params = {"epochs": epochs, "learning_rate": 5e-3, "batch_size": 2, "block_size": 128}
        job_yml = to_yaml(build_config(params, str(model)))
        t0 = time.perf_counter()
        pf = preflight({**params, "training_file": str(data), "engine": "autotrain"}, str(model))
        preflight_s = time.perf_counter() - t0
        assert pf["ok"], pf["checks"]
        direct: list[float] = []
        through: list[float] = []
        cpu_d: list[float] = []
        cpu_f: list[float] = []
        for i in range(repeats):
            c0 = children_cpu()
            direct.append(run_direct(job_yml, data, venv, work))
            c1 = children_cpu()
            through.append(run_fttool(model, data, epochs, work))
            c2 = children_cpu()
            cpu_d.append(c1 - c0)
            cpu_f.append(c2 - c1)
            print(f"run {i + 1}/{repeats}: autotrain {direct[-1]:.1f} s ({cpu_d[-1]:.1f} s CPU), "
                  f"fttool train --wait {through[-1]:.1f} s ({cpu_f[-1]:.1f} s CPU)", flush=True)
        md, mf = statistics.median(direct), statistics.median(through)
        cd, cf = statistics.median(cpu_d), statistics.median(cpu_f)
        print(f"\n{n} examples x {epochs} epochs, {repeats} run(s) each, launch to adapter on disk:")
        print(f"  autotrain --config job.yml (baseline)  median {md:.1f} s")
        print(f"  fttool train --wait                    median {mf:.1f} s")
        print(f"  ratio fttool / autotrain               {mf / md:.3f}   (goal <= 1.05)")
        print(f"  CPU time (robust to shared cores)      autotrain {cd:.1f} s, fttool {cf:.1f} s, ratio {cf / cd:.3f}")
        print(f"  load average at the end                {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  pre-flight (apart, in the runtime)     {preflight_s:.1f} s")
        print(f"  runtime: installed in {st.get('install_seconds')} s, {st.get('downloaded_mb')} MB downloaded, "
              f"{st.get('size_mb')} MB on disk ({st.get('path')})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
