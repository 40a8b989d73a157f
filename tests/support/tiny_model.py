"""Session fixtures `runtime` (fttool's installer, once, into .cache/runtime) and `tiny_model`; import
`runtime_fixture, tiny_model_fixture` into a test module to use them.

A tiny Llama for real local-training tests, built with the runtime's own transformers (random weights, about
140k parameters), a byte-level BPE tokenizer trained with `tokenizers` on the test chats, and a Jinja chat
template; plus a small repetitive chat data set whose loss falls within a few epochs on a CPU.

Built by running a script in the runtime's Python (the app's own environment carries no torch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}</s>\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)

COLOURS = [("sky", "blue"), ("grass", "green"), ("snow", "white"), ("coal", "black"), ("blood", "red"),
           ("sun", "yellow"), ("orange", "orange"), ("violet", "purple")]


def chats(n: int = 24) -> list[dict]:
    out = []
    for i in range(n):
        thing, colour = COLOURS[i % len(COLOURS)]
        out.append({"messages": [
            {"role": "system", "content": "You name colours."},
            {"role": "user", "content": f"What colour is the {thing}?"},
            {"role": "assistant", "content": f"The {thing} is {colour}."},
        ]})
    return out


def write_chats(path: Path, n: int = 24) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(c) + "\n" for c in chats(n)), encoding="utf-8")
    return path


BUILD = r'''
import json, sys
from pathlib import Path
from tokenizers import Tokenizer, models, trainers, pre_tokenizers, decoders
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
import torch

out = Path(sys.argv[1]); corpus = json.loads(sys.argv[2]); template = sys.argv[3]
out.mkdir(parents=True, exist_ok=True)
tok = Tokenizer(models.BPE(unk_token="<unk>"))
tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
tok.decoder = decoders.ByteLevel()
specials = ["<unk>", "<s>", "</s>", "<pad>"]
trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=specials,
                              initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
tok.train_from_iterator(corpus, trainer=trainer)
fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", bos_token="<s>", eos_token="</s>",
                               pad_token="<pad>", model_max_length=256)
fast.chat_template = template
fast.save_pretrained(out)
torch.manual_seed(0)
cfg = LlamaConfig(vocab_size=len(fast), hidden_size=64, intermediate_size=176, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                  bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id, pad_token_id=fast.pad_token_id,
                  tie_word_embeddings=False)
model = LlamaForCausalLM(cfg)
model.save_pretrained(out, safe_serialization=True)
print(json.dumps({"params": sum(p.numel() for p in model.parameters()), "vocab": len(fast)}))
'''


def build_tiny_model(folder: Path, runtime_python: Path | str) -> dict:
    """Build the model into `folder` (reused when already there); returns {"params", "vocab"}."""
    info = folder / "tiny.json"
    if info.exists() and (folder / "model.safetensors").exists():
        return json.loads(info.read_text())
    corpus = []
    for c in chats(len(COLOURS)):
        for m in c["messages"]:
            corpus.append(f"<|{m['role']}|>\n{m['content']}")
    out = subprocess.run([str(runtime_python), "-c", BUILD, str(folder), json.dumps(corpus * 20), CHAT_TEMPLATE],
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"building the tiny model failed:\n{out.stderr[-3000:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    info.write_text(json.dumps(data))
    return data


@pytest.fixture(scope="session", name="runtime")
def runtime_fixture() -> Iterator[Path]:
    """The runtime, installed by fttool's own installer into .cache/runtime once and reused."""
    from fttool.runtime import install

    previous = os.environ.get("FTTOOL_RUNTIME_DIR")
    os.environ["FTTOOL_RUNTIME_DIR"] = previous or str(ROOT / ".cache" / "runtime")
    try:
        st = install.status(engine="autotrain")
        if not st["installed"]:
            t0 = time.monotonic()
            st = install.install("cpu", engine="autotrain")
            print(f"\nruntime installed in {time.monotonic() - t0:.0f} s: {st['downloaded_mb']} MB downloaded, "
                  f"{st['size_mb']} MB on disk", file=sys.stderr)
        yield Path(st["path"])
    finally:
        if previous is None:
            os.environ.pop("FTTOOL_RUNTIME_DIR", None)


@pytest.fixture(scope="session", name="tiny_model")
def tiny_model_fixture(runtime: Path) -> Path:
    from fttool.runtime import env

    folder = ROOT / ".cache" / "tiny-llama"
    info = build_tiny_model(folder, env.venv_python(runtime))
    assert 100_000 < info["params"] < 200_000
    return folder


# -- the TRL engine: tiny models of today's architectures, built with its own transformers -------------------
CHATML = ("{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
          "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")

BUILD_ARCH = r'''
import json, sys
from pathlib import Path
from tokenizers import Tokenizer, models, trainers, pre_tokenizers, decoders
from transformers import AutoConfig, AutoModelForCausalLM, PreTrainedTokenizerFast
import torch

arch, out, corpus, template = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
out.mkdir(parents=True, exist_ok=True)
tok = Tokenizer(models.BPE(unk_token="<unk>"))
tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
tok.decoder = decoders.ByteLevel()
specials = ["<unk>", "<|im_start|>", "<|im_end|>", "<pad>"]
trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=specials,
                              initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
tok.train_from_iterator(corpus, trainer=trainer)
fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", bos_token="<|im_start|>",
                               eos_token="<|im_end|>", pad_token="<pad>", model_max_length=512)
if template:
    fast.chat_template = template
fast.save_pretrained(out)
torch.manual_seed(0)
kw = dict(vocab_size=len(fast), hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
          num_key_value_heads=2, head_dim=16, max_position_embeddings=512, bos_token_id=fast.bos_token_id,
          eos_token_id=fast.eos_token_id, pad_token_id=fast.pad_token_id, tie_word_embeddings=False)
cfg = AutoConfig.for_model(arch, **kw)
model = AutoModelForCausalLM.from_config(cfg)
model.generation_config.eos_token_id = fast.eos_token_id
model.generation_config.pad_token_id = fast.pad_token_id
model.save_pretrained(out)
print(json.dumps({"params": sum(p.numel() for p in model.parameters()), "vocab": len(fast),
                  "model_type": cfg.model_type}))
'''


def build_arch_model(arch: str, folder: Path, runtime_python: Path | str, *, template: str | None = CHATML) -> dict:
    """A tiny random model of `arch` (qwen3, gemma3_text, smollm3, llama, ...) with a byte-level BPE tokenizer
    trained on the colour chats and a ChatML template (None: a base model without one); reused when built."""
    info = folder / "tiny.json"
    if info.exists() and (folder / "model.safetensors").exists():
        return json.loads(info.read_text())
    corpus = []
    for c in chats(len(COLOURS)):
        for m in c["messages"]:
            corpus.append(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n")
    out = subprocess.run([str(runtime_python), "-c", BUILD_ARCH, arch, str(folder), json.dumps(corpus * 20),
                          template or ""], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"building the tiny {arch} model failed:\n{out.stderr[-3000:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    info.write_text(json.dumps(data))
    return data


@pytest.fixture(scope="session", name="trl_runtime")
def trl_runtime_fixture() -> Iterator[Path]:
    """The TRL engine's runtime, installed by fttool's own installer into .cache/runtime/trl once and reused."""
    from fttool.runtime import install

    previous = os.environ.get("FTTOOL_RUNTIME_DIR")
    os.environ["FTTOOL_RUNTIME_DIR"] = previous or str(ROOT / ".cache" / "runtime")
    try:
        st = install.status(engine="trl")
        if not st["installed"] or st["outdated"]:
            t0 = time.monotonic()
            st = install.install("cpu", engine="trl")
            print(f"\nTRL runtime installed in {time.monotonic() - t0:.0f} s: {st['downloaded_mb']} MB downloaded, "
                  f"{st['size_mb']} MB on disk", file=sys.stderr)
        yield Path(st["path"])
    finally:
        if previous is None:
            os.environ.pop("FTTOOL_RUNTIME_DIR", None)


@pytest.fixture(scope="session", name="tiny_qwen3")
def tiny_qwen3_fixture(trl_runtime: Path) -> Path:
    from fttool.runtime import env

    folder = ROOT / ".cache" / "tiny-trl-qwen3"
    build_arch_model("qwen3", folder, env.venv_python(trl_runtime))
    return folder
