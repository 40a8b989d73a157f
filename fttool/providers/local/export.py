"""A local job's result out of fttool: the adapter merged into its base model as a standalone folder
(safetensors, tokenizer, chat template, a README on serving it), and GGUF for llama.cpp and Ollama, made with
llama.cpp's own converter (fttool/runtime/gguf.py) from that merged folder, with an Ollama Modelfile beside it.
Both run in the runtime of the engine that trained the job (a TRL-trained adapter loads only with its own
transformers); never copies training_params.json, logs or the data copy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from fttool.clock import iso_now
from fttool.errors import FtError
from fttool.fsutil import atomic_write_text
from fttool.jobs.record import Job
from fttool.messages import register
from fttool.providers.local.common import OUTPUT, PRIVATE_FILES, _value, job_dir_for, job_engine

register({
    "local_merge_needs_adapter": "{path} holds no LoRA adapter to merge.",
    "local_merge_failed": "Merging the adapter failed: {detail}",
    "local_export_not_done": "Job {job_id} has no model to export yet (status {status}).",
    "local_export_format": "Unknown export format '{format}': choose merged or gguf.",
})

SERVE_README = """# {name}

A standalone model made by fttool: the base model `{base}` with the LoRA adapter of job `{job}` merged in.
It holds the weights (safetensors), the tokenizer and its chat template; load it like any Hugging Face model.

## Serve it

- **vLLM** (OpenAI-compatible server, GPU): `vllm serve {folder} --served-model-name {name}`
  then point any OpenAI client at `http://127.0.0.1:8000/v1`.
- **llama.cpp** (CPU or GPU): `fttool jobs export {job} --format gguf` makes `{name}.gguf` with llama.cpp's own
  converter (or run `python convert_hf_to_gguf.py {folder} --outfile {name}.gguf`), then
  `llama-server -m {name}.gguf --jinja` (it uses this model's chat template).
- **Ollama**: the GGUF export writes a `Modelfile` beside the GGUF: `ollama create {name} -f Modelfile` and
  `ollama run {name}`.
- **transformers**: `AutoModelForCausalLM.from_pretrained("{folder}")` and
  `AutoTokenizer.from_pretrained("{folder}")`, then `tokenizer.apply_chat_template(...)`.

Made {date} with {engine} (LoRA r={lora_r}, {epochs} epochs, learning rate {lr}).
The base model's licence applies to this model.
"""


def _runtime(job: Job) -> tuple[Path, dict[str, str]]:
    from fttool.runtime import env, install

    venv = install.require_installed(job_engine(job))
    return env.venv_python(venv), install.runtime_env(venv)


def merge_and_export(job: Job, target: Path | str, *, timeout: float = 1800.0) -> dict[str, Any]:
    """Merge the job's adapter into its base model and write a standalone folder (safetensors, tokenizer, chat
    template, README on serving). Written to a .partial folder first, then moved into place."""
    from fttool.resources import resource

    job_dir = job_dir_for(job)
    adapter = job_dir / OUTPUT
    target = Path(target)
    if not (adapter / "adapter_model.safetensors").exists():
        if (adapter / "model.safetensors").exists():  # already merged by AutoTrain: copy the model files
            target.mkdir(parents=True, exist_ok=True)
            for f in adapter.iterdir():
                if f.is_file() and f.name not in PRIVATE_FILES and not f.name.startswith("events."):
                    shutil.copy2(f, target / f.name)
            return _write_readme(job, target)
        raise FtError("local_merge_needs_adapter", path=str(adapter))
    python, environment = _runtime(job)
    base = job.base_model or ""
    tmp = target.with_name(target.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    out = subprocess.run([str(python), str(resource("runtime", "probe.py")), "merge",
                          json.dumps({"base": base, "adapter": str(adapter), "out": str(tmp)})],
                         capture_output=True, text=True, timeout=timeout, env=environment)
    try:
        res = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        res = {"ok": False, "error": (out.stderr.strip().splitlines() or ["no output"])[-1]}
    if not res.get("ok"):
        shutil.rmtree(tmp, ignore_errors=True)
        raise FtError("local_merge_failed", detail=res.get("error", "unknown"))
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return _write_readme(job, target)


def model_name(target: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", target.name).strip("-") or "model"


def _write_readme(job: Job, target: Path) -> dict[str, Any]:
    from fttool.runtime.engines import engine

    p = job.params
    atomic_write_text(target / "README.md", SERVE_README.format(
        name=model_name(target), base=job.base_model, job=job.id, folder=str(target), date=iso_now()[:10],
        engine=engine(job_engine(job)).title(), lora_r=_value(p, "lora_r"), epochs=_value(p, "epochs"),
        lr=_value(p, "learning_rate")))
    return {"path": str(target), "files": sorted(f.name for f in target.iterdir()), "format": "merged"}


register({
    "export_gguf_needs_trl": "Making a GGUF uses llama.cpp's converter in the TRL runtime, which is not installed: "
                             "install it from the Train view or with `fttool runtime install --engine trl`.",
    "export_step_merge": "Merging the adapter into the base model",
    "export_step_converter": "Getting llama.cpp's converter",
    "export_step_convert": "Converting to GGUF ({outtype})",
    "export_step_modelfile": "Writing the Ollama Modelfile",
})


def export_job(job: Job, fmt: str, *, outtype: str = "q8_0", out: str | Path | None = None, progress: Any = None,
               cancel: Any = None) -> dict[str, Any]:
    """`fttool jobs export ID --format merged|gguf`: a succeeded local job's model as a merged folder, or as GGUF
    with an Ollama Modelfile beside it (merged first, into a temporary folder, then converted)."""
    from fttool.errors import Cancelled
    from fttool.messages import render
    from fttool.paths import data_dir

    if fmt not in ("merged", "gguf"):
        raise FtError("local_export_format", format=fmt)
    if job.backend != "local" or job.status.value != "succeeded" or not job.result_model:
        raise FtError("local_export_not_done", job_id=job.id, status=job.status.value)
    target = Path(out) if out else data_dir() / "exports" / f"{job.id}-{fmt}"
    target = target.expanduser().absolute()

    def step(done: int, message: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, 100, message)

    if fmt == "merged":
        step(0, render("export_step_merge"))
        res = merge_and_export(job, target)
        step(100, res["path"])
        return res
    from fttool.runtime import env, gguf, install, modelfile

    try:
        venv = install.require_installed("trl")
    except FtError:
        raise FtError("export_gguf_needs_trl") from None
    python, environment = env.venv_python(venv), install.runtime_env(venv)
    target.mkdir(parents=True, exist_ok=True)
    merged = target / ".merged"
    step(0, render("export_step_merge"))
    merge_and_export(job, merged)
    try:
        step(30, render("export_step_converter"))
        converter = gguf.ensure_converter(env.runtimes_root(), python, environment, cancel=cancel)
        name = model_name(target)
        gguf_path = target / f"{name}.gguf"
        step(40, render("export_step_convert", {"outtype": outtype}))
        res = gguf.convert(merged, gguf_path, outtype, python, environment, converter=converter, cancel=cancel)
        step(90, render("export_step_modelfile"))
        modelfile_path = modelfile.write_modelfile(gguf_path, merged, python, environment)
        readme = (merged / "README.md").read_text(encoding="utf-8") if (merged / "README.md").exists() else ""
        if readme:
            atomic_write_text(target / "README.md", readme)
    finally:
        shutil.rmtree(merged, ignore_errors=True)
    step(100, str(gguf_path))
    return {"path": str(target), "format": "gguf", "gguf": str(gguf_path), "modelfile": str(modelfile_path),
            "outtype": outtype, "size_mb": res.get("size_mb"),
            "files": sorted(f.name for f in target.iterdir())}
