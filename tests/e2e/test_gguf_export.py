"""GGUF export for real: llama.cpp's own converter, fetched by fttool from the pinned llama-cpp-python
source (kept in the checkout's ignored .cache/runtime beside the runtimes, so a second run downloads nothing), run with the TRL
runtime's Python on tiny models built there.

A tiny Llama with a sentencepiece tokenizer.model (trained here with `sentencepiece`, its weights trained a
few steps on colour answers) converts to q8_0 and f16; loaded back with transformers (gguf_file=...), the GGUF
gives the same token ids and the same greedy answer as the Hugging Face folder, and f16's logits are close (a
model with other weights is not: the comparison can tell). The Modelfile carries FROM, a TEMPLATE cut from the
model's Zephyr-style chat template and the stops. A tiny Qwen3 with a byte-level BPE tokenizer the converter
does not know fails with a message naming that tokenizer, an unknown architecture names itself, and cancel
leaves no process behind. A trained job's export, on a real model: tests/e2e/test_payoff.py.

The runtime's Python: $FTTOOL_TEST_TRL_PYTHON, else the `trl_runtime` session fixture's (tests/support)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fttool.errors import Cancelled, FtError
from fttool.runtime import gguf, modelfile

try:  # the session fixture that installs the TRL runtime with fttool's own installer
    from tests.support.tiny_model import build_arch_model, trl_runtime_fixture  # noqa: F401 - fixture
except ImportError:  # pragma: no cover - only while tests/support is being reshaped
    from tests.support.tiny_model import build_arch_model

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "runtime"  # where `fttool jobs export` keeps it too (the runtimes' folder in CI)
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200),
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX process checks")]

COLOURS = [("sky", "blue"), ("grass", "green"), ("snow", "white"), ("coal", "black"), ("blood", "red"),
           ("sun", "yellow"), ("violet", "purple")]
ZEPHYR = ("{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}</s>\n{% endfor %}"
          "{% if add_generation_prompt %}<|assistant|>\n{% endif %}")

BUILD_SP_LLAMA = r'''
import io, json, sys
from pathlib import Path
import sentencepiece as spm
import torch
from transformers import AutoModelForCausalLM, LlamaConfig, LlamaTokenizer

out, corpus, qa, template = Path(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
out.mkdir(parents=True, exist_ok=True)
buf = io.BytesIO()
spm.SentencePieceTrainer.train(sentence_iterator=iter(corpus), model_writer=buf, vocab_size=320,
                               hard_vocab_limit=False, model_type="bpe", character_coverage=1.0,
                               byte_fallback=True, unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
(out / "tokenizer.model").write_bytes(buf.getvalue())
tok = LlamaTokenizer.from_pretrained(str(out), add_bos_token=True)  # converted to a fast tokenizer (protobuf)
tok.chat_template = template
tok.save_pretrained(out)
info = {"vocab": len(tok), "tokenizer_class": type(tok).__name__}
ids = []
for line in qa:
    ids += tok(line)["input_ids"] + [tok.eos_token_id]
data = torch.tensor(ids)
for name, seed in (("model", 0), ("other", 1)):  # `other`: same shapes and tokenizer, other weights
    torch.manual_seed(seed)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                      bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, tie_word_embeddings=False)
    model = AutoModelForCausalLM.from_config(cfg)
    if name == "model":  # a few steps on the colour answers, so greedy decoding has clear winners
        opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
        for step in range(120):
            starts = torch.randint(0, len(data) - 24, (16,))
            x = torch.stack([data[s:s + 24] for s in starts])
            loss = model(input_ids=x, labels=x).loss
            loss.backward()
            opt.step()
            opt.zero_grad()
        info["loss"] = float(loss)
    folder = out if name == "model" else out / "other"
    model.save_pretrained(folder)
    if name == "other":
        tok.save_pretrained(folder)
    info[name + "_params"] = sum(p.numel() for p in model.parameters())
print(json.dumps(info))
'''


@pytest.fixture(scope="session")
def trl_python(request: pytest.FixtureRequest) -> Path:
    given = os.environ.get("FTTOOL_TEST_TRL_PYTHON")
    if given:
        return Path(given)
    from fttool.runtime.env import venv_python

    return Path(str(venv_python(request.getfixturevalue("trl_runtime"))))


@pytest.fixture(scope="session")
def runtime_env(trl_python: Path) -> dict[str, str]:
    from fttool.runtime import install

    return install.runtime_env(trl_python.parent.parent)  # <venv>/bin/python


@pytest.fixture(scope="session")
def converter(trl_python: Path, runtime_env: dict[str, str]) -> Path:
    t0 = time.monotonic()
    folder = gguf.ensure_converter(CACHE, trl_python, runtime_env)
    print(f"\nllama.cpp converter ready in {time.monotonic() - t0:.1f} s: {folder}", file=sys.stderr)
    return folder


@pytest.fixture(scope="session")
def sp_llama(tmp_path_factory: pytest.TempPathFactory, trl_python: Path) -> Path:
    folder = tmp_path_factory.mktemp("sp-llama")
    t0 = time.monotonic()
    qa = [f"What colour is the {thing}? The {thing} is {colour}." for thing, colour in COLOURS]
    corpus = [*qa, "You name colours.", "<|user|>", "<|assistant|>", "<|system|>"]
    out = subprocess.run([str(trl_python), "-c", BUILD_SP_LLAMA, str(folder), json.dumps(corpus * 30),
                          json.dumps(qa), ZEPHYR], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    info = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\ntiny sentencepiece llama built in {time.monotonic() - t0:.1f} s: {info}", file=sys.stderr)
    assert 80_000 < info["model_params"] < 200_000 and info["loss"] < 1.0, info
    assert (folder / "tokenizer.model").is_file() and (folder / "model.safetensors").is_file()
    return folder


def _recorder(seen: list[tuple[int, int, str]]) -> Callable[[int, int, str], None]:
    return lambda done, total, message: seen.append((done, total, message))


def _compare(trl_python: Path, env: dict[str, str], hf_dir: Path, gguf_file: Path) -> dict[str, Any]:
    return gguf.run_tools(trl_python, env, "compare", {
        "hf_dir": str(hf_dir), "gguf_dir": str(gguf_file.parent), "gguf_file": gguf_file.name,
        "prompt": "What colour is the sky?", "max_new_tokens": 12})


def test_converter_is_the_pinned_one(converter: Path) -> None:
    assert gguf.converter_ready(converter) and converter.parent == CACHE
    assert (converter / "convert_hf_to_gguf.py").is_file()
    assert (converter / "conversion" / "llama.py").is_file()  # 0.3.36 splits the classes into conversion/
    assert (converter / "gguf-py" / "gguf" / "gguf_writer.py").is_file()
    assert not (converter / "src").exists() and not (converter / "ggml").exists()  # only the converter


def test_sentencepiece_llama_to_q8_0_and_f16(tmp_path: Path, converter: Path, sp_llama: Path,
                                             trl_python: Path, runtime_env: dict[str, str]) -> None:
    results = {}
    for outtype in ("q8_0", "f16"):
        out = tmp_path / "export" / outtype / f"tiny-{outtype}.gguf"
        seen: list[tuple[int, int, str]] = []
        res = gguf.convert(sp_llama, out, outtype, trl_python, runtime_env, converter=converter,
                           progress=_recorder(seen))
        assert res["path"] == str(out) and res["outtype"] == outtype and res["size_mb"] > 0.05
        assert out.read_bytes()[:4] == b"GGUF" and not out.with_name(out.name + ".partial").exists()
        assert "Model successfully exported" in Path(res["log"]).read_text()
        assert seen[-1][:2] == (1000, 1000) and any(m.startswith("Converting tensors") for _, _, m in seen)
        results[outtype] = res
        print(f"\n{outtype}: {res['size_mb']} MB in {res['seconds']} s", file=sys.stderr)
    assert results["q8_0"]["size_mb"] < results["f16"]["size_mb"]

    # the Modelfile, its template cut from the model's own Zephyr-style chat template
    q8 = Path(results["q8_0"]["path"])
    modelfile_path = modelfile.write_modelfile(q8, sp_llama, trl_python, runtime_env)
    text = modelfile_path.read_text()
    assert modelfile_path == q8.parent / "Modelfile"
    assert "FROM ./tiny-q8_0.gguf" in text.splitlines() and "ollama create NAME -f Modelfile" in text
    assert 'TEMPLATE """' in text and '{{ "<|user|>\\n" }}' in text and '{{ "<|assistant|>\\n" }}' in text
    assert '{{ "<|system|>\\n" }}' in text and 'PARAMETER stop "</s>"' in text.splitlines()

    # loaded back with transformers: the same ids, the same greedy continuation
    t0 = time.monotonic()
    q = _compare(trl_python, runtime_env, sp_llama, q8)
    print(f"compare q8_0: {q['max_abs_diff']:.5f} (logits up to {q['logit_range']:.3f}) in "
          f"{time.monotonic() - t0:.1f} s", file=sys.stderr)
    assert q["gguf_params"] == q["hf_params"]
    assert q["tokenizer_agrees"], q
    assert q["prompt_ids"][0] == 1 and len(q["prompt_ids"]) > 3  # <s> then the pieces
    assert q["greedy_agrees"] and q["argmax_agrees"], json.dumps(q)
    assert "The sky is blue." in q["hf_text"] and q["gguf_text"] == q["hf_text"], q["hf_text"]
    f = _compare(trl_python, runtime_env, sp_llama, Path(results["f16"]["path"]))
    assert f["greedy_agrees"] and f["argmax_agrees"] and f["tokenizer_agrees"], f
    assert f["max_abs_diff"] < 1e-3 * max(1.0, f["logit_range"]), f  # f16 rounding only
    assert f["max_abs_diff"] <= q["max_abs_diff"]  # f16 is closer than 8-bit
    # the comparison can tell: a model with other weights is far from this GGUF
    other = _compare(trl_python, runtime_env, sp_llama / "other", Path(results["f16"]["path"]))
    assert other["max_abs_diff"] > 50 * f["max_abs_diff"] and not other["argmax_agrees"], other


def test_unknown_bpe_tokenizer_is_named(tmp_path: Path, converter: Path, trl_python: Path,
                                        runtime_env: dict[str, str]) -> None:
    model = tmp_path / "tiny-qwen3"
    build_arch_model("qwen3", model, trl_python)
    out = tmp_path / "export" / "qwen3.gguf"
    with pytest.raises(FtError) as err:
        gguf.convert(model, out, "f16", trl_python, runtime_env, converter=converter)
    e = err.value
    assert e.code == "gguf_tokenizer_unsupported", e.message
    assert "TokenizersBackend tokenizer of this qwen3 model" in e.message
    assert "BPE model" in e.message and "pre-tokenizer ByteLevel" in e.message
    assert "base model" in e.message and str(out) + ".log" in e.message
    assert "Traceback" not in e.message and "NotImplementedError" in (e.details or "")
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()
    hashes = [w for w in e.message.split() if len(w.strip(").,")) == 64]
    assert hashes and hashes[0].strip(").,") in (e.details or "")  # the converter's own hash, from its log


def test_unknown_architecture_is_named(tmp_path: Path, converter: Path, sp_llama: Path, trl_python: Path,
                                       runtime_env: dict[str, str]) -> None:
    model = tmp_path / "renamed"
    model.mkdir()
    for f in sp_llama.iterdir():
        if f.is_file():
            (model / f.name).write_bytes(f.read_bytes())
    cfg = json.loads((model / "config.json").read_text())
    cfg["architectures"] = ["FooBarForCausalLM"]
    (model / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(FtError) as err:
        gguf.convert(model, tmp_path / "x.gguf", "f16", trl_python, runtime_env, converter=converter)
    assert err.value.code == "gguf_arch_unsupported"
    assert "FooBarForCausalLM" in err.value.message and "model_type llama" in err.value.message


def test_cancel_ends_the_converter(tmp_path: Path, converter: Path, sp_llama: Path, trl_python: Path,
                                   runtime_env: dict[str, str]) -> None:
    out = tmp_path / "x.gguf"
    t0 = time.monotonic()
    with pytest.raises(Cancelled):  # the converter is still importing torch after 0.5 s
        gguf.convert(sp_llama, out, "f16", trl_python, runtime_env, converter=converter,
                     cancel=lambda: time.monotonic() - t0 > 0.5)
    assert time.monotonic() - t0 < 30
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()
    # no_leaks (tests/conftest.py) fails this test if any process of the converter is left


# A trained job's GGUF (`fttool jobs export --format gguf`) answering like the tuned model and not like the base:
# tests/e2e/test_payoff.py, on the real SmolLM2-135M-Instruct.
