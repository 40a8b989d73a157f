"""What fttool adds to a TRL run: the same job.yaml run with TRL's own CLI (`trl sft --config job.yaml` in a copy
of the job folder: the baseline) and through `fttool train --engine trl --wait` (job store, service, data
preparation, log parsing, polling), alternating, N times each in the same run, each timed from launch to the
adapter on disk. Prints both medians, the ratio (goal <= 1.05), CPU time of each, and tokens per second (the
trainer's own `num_tokens` over its train_runtime).

    FTTOOL_RUNTIME_DIR=.cache/runtime .venv/bin/python bench/train_trl.py            # ~2.5 min a run, 2 each
    FTTOOL_RUNTIME_DIR=.cache/runtime .venv/bin/python bench/train_trl.py --quick    # ~20 s a run, 1 each

Needs the TRL runtime (`fttool runtime install --engine trl`); builds a small random Qwen3 (about 3M parameters,
hidden 256, 4 layers) with that runtime's transformers in .cache/bench-qwen3.
"""

from __future__ import annotations

import argparse
import ast
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

BUILD = r'''
import json, sys
from pathlib import Path
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
import torch
src, out = Path(sys.argv[1]), Path(sys.argv[2])
tok = AutoTokenizer.from_pretrained(src)
tok.save_pretrained(out)
torch.manual_seed(0)
cfg = AutoConfig.for_model("qwen3", vocab_size=len(tok), hidden_size=256, intermediate_size=768, num_hidden_layers=4,
                           num_attention_heads=8, num_key_value_heads=4, head_dim=32, max_position_embeddings=512,
                           bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
model = AutoModelForCausalLM.from_config(cfg)
model.save_pretrained(out)
print(json.dumps({"params": sum(p.numel() for p in model.parameters())}))
'''


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def tokens_per_second(folder: Path) -> float | None:
    """The trainer's own count: the last `num_tokens` over `train_runtime` (stdout dict lines)."""
    tokens = runtime = None
    for line in (folder / "stdout.log").read_text(errors="replace").splitlines():
        if line.startswith("{'"):
            try:
                d = ast.literal_eval(line.strip())
            except (ValueError, SyntaxError):
                continue
            if "num_tokens" in d:
                tokens = float(d["num_tokens"])
            if "train_runtime" in d:
                runtime = float(d["train_runtime"])
    return tokens / runtime if tokens and runtime else None


def run_direct(job_dir: Path, venv: Path, work: Path) -> tuple[float, Path]:
    """TRL's CLI on a copy of the job's folder (its YAML and prepared data), nothing of fttool around it."""
    from fttool.runtime import env
    from fttool.runtime.install import runtime_env
    from fttool.runtime.process import popen_new_session

    folder = Path(tempfile.mkdtemp(dir=work, prefix="direct-"))
    shutil.copytree(job_dir / "data", folder / "data")
    shutil.copy(job_dir / "job.yaml", folder / "job.yaml")
    for extra in ("chat_template.jinja",):
        if (job_dir / extra).exists():
            shutil.copy(job_dir / extra, folder / extra)
    t0 = time.perf_counter()
    with open(folder / "stdout.log", "wb") as out, open(folder / "stderr.log", "wb") as err:
        proc = popen_new_session([str(env.venv_executable(venv, "trl")), "sft", "--config", "job.yaml"],
                                 cwd=str(folder), stdout=out, stderr=err, env=runtime_env(venv))
        proc.wait()
    seconds = time.perf_counter() - t0
    if not (folder / "output" / "adapter_model.safetensors").exists():
        raise SystemExit(f"the direct run left no adapter: see {folder}")
    return seconds, folder


def run_fttool(model: Path, data: Path, epochs: int, work: Path) -> tuple[float, Path]:
    home = Path(tempfile.mkdtemp(dir=work, prefix="home-"))
    envv = dict(os.environ, FTTOOL_HOME=str(home))
    t0 = time.perf_counter()
    out = subprocess.run([str(Path(sys.executable).parent / "fttool"), "train", "--backend", "local", "--engine",
                          "trl", "--model", str(model), "--data", str(data), "--epochs", str(epochs), "--lr", "0.001",
                          "--batch-size", "4", "--param", "block_size=128", "--param", "logging_steps=5", "--wait",
                          "--poll", "1"], capture_output=True, text=True, env=envv)
    seconds = time.perf_counter() - t0
    jobs = list(home.glob("jobs/*/output/adapter_model.safetensors"))
    if out.returncode != 0 or not jobs:
        raise SystemExit(f"fttool train failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return seconds, jobs[0].parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="short runs, one of each (a smoke run, not the figure)")
    ap.add_argument("--repeats", type=int, default=None)
    args = ap.parse_args()
    from fttool.runtime import env, install
    from tests.support.tiny_model import build_arch_model, write_chats

    st = install.status(engine="trl")
    if not st["installed"]:
        print("The TRL runtime is not installed: run `fttool runtime install --engine trl` (or set "
              "FTTOOL_RUNTIME_DIR).")
        return 2
    venv = Path(st["path"])
    python = env.venv_python(venv)
    tiny = ROOT / ".cache" / "tiny-trl-qwen3"
    build_arch_model("qwen3", tiny, python)
    model = ROOT / ".cache" / "bench-qwen3"
    if not (model / "model.safetensors").exists():
        subprocess.run([str(python), "-c", BUILD, str(tiny), str(model)], check=True, capture_output=True,
                       env=install.runtime_env(venv))
    repeats = args.repeats or (1 if args.quick else 2)
    n, epochs = (48, 2) if args.quick else (240, 24)
    work = Path(tempfile.mkdtemp(prefix="fttool-bench-trl-"))
    try:
        data = write_chats(work / "train.jsonl", n)
        direct: list[float] = []
        through: list[float] = []
        cpu_d: list[float] = []
        cpu_f: list[float] = []
        tps_d: list[float] = []
        tps_f: list[float] = []
        job_dir = None
        for i in range(repeats):
            c0 = children_cpu()
            seconds, job_dir = run_fttool(model, data, epochs, work)
            through.append(seconds)
            c1 = children_cpu()
            seconds, folder = run_direct(job_dir, venv, work)
            direct.append(seconds)
            c2 = children_cpu()
            cpu_f.append(c1 - c0)
            cpu_d.append(c2 - c1)
            tps_f.append(tokens_per_second(job_dir) or 0.0)
            tps_d.append(tokens_per_second(folder) or 0.0)
            print(f"run {i + 1}/{repeats}: fttool train --wait {through[-1]:.1f} s ({cpu_f[-1]:.1f} s CPU, "
                  f"{tps_f[-1]:.0f} tokens/s), trl sft {direct[-1]:.1f} s ({cpu_d[-1]:.1f} s CPU, "
                  f"{tps_d[-1]:.0f} tokens/s)", flush=True)
        md, mf = statistics.median(direct), statistics.median(through)
        cd, cf = statistics.median(cpu_d), statistics.median(cpu_f)
        print(f"\n{n} examples x {epochs} epochs (batch 4, {model.name}), {repeats} run(s) each, launch to adapter:")
        print(f"  trl sft --config job.yaml (baseline)   median {md:.1f} s, {statistics.median(tps_d):.0f} tokens/s")
        print(f"  fttool train --engine trl --wait       median {mf:.1f} s, {statistics.median(tps_f):.0f} tokens/s")
        print(f"  ratio fttool / trl                     {mf / md:.3f}   (goal <= 1.05)")
        print(f"  CPU time (robust to shared cores)      trl {cd:.1f} s, fttool {cf:.1f} s, ratio {cf / cd:.3f}")
        print(f"  load average at the end                {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  runtime: TRL {st.get('trl_version')}, transformers {st.get('transformers_version')}, torch "
              f"{st.get('torch_version')}, installed in {st.get('install_seconds')} s, {st.get('size_mb')} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
