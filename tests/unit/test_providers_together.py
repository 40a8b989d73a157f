"""The Together AI provider's pure parts: the dated table, the descriptors and their checks, the estimate, the
request it would send, the tag that finds a job again, status words, and the archive unpacking."""

from __future__ import annotations

import io
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest

from fttool.jobs.record import Job, Status
from fttool.providers.registry import backend_names, get_provider
from fttool.providers.together import STATUS_MAP, TogetherProvider, _unpack, job_tag

ROOT = Path(__file__).resolve().parents[2]


def chats(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({"messages": [
        {"role": "user", "content": f"What is {i} plus {i}?"},
        {"role": "assistant", "content": f"{i} plus {i} is {2 * i}."}]}) + "\n" for i in range(n)))
    return path


def test_registered_with_a_dated_table_whose_sources_exist():
    assert "together" in backend_names()
    assert get_provider("together").label == "Together AI"
    table = json.loads((ROOT / "resources" / "together.json").read_text())
    date.fromisoformat(table["as_of"])
    assert {s["id"] for s in table["sources"]} >= {"together-ft-models", "together-pricing"}
    for name, entry in table["models"].items():
        assert "/" in name and entry["params_b"] > 0 and entry["context_sft"] >= entry["context_dpo"] > 0, name
    assert table["default_model"] in table["models"]


def test_price_by_size_bracket_method_and_kind():
    from fttool.tables import together_hosting, together_training_price

    small = together_training_price("Qwen/Qwen3-8B")
    assert small is not None and small > 0
    assert together_training_price("Qwen/Qwen3-32B") > small  # the next bracket
    assert together_training_price("Qwen/Qwen3-8B", "dpo") > small
    assert together_training_price("Qwen/Qwen3-8B", lora=False) > small
    assert together_training_price("qwen/qwen3-8b") == small  # the same name in another case
    assert together_training_price("Qwen/Qwen9-1T") is None  # unknown: no price, never another model's
    assert together_training_price("x", params_b=500) is None  # bigger than every bracket
    hosting = together_hosting()
    assert hosting is not None and hosting["usd"] > 0 and hosting["label"]


def test_every_documented_parameter_with_its_range(tmp_path):
    p = TogetherProvider()
    specs = {s.name: s for s in p.parameters()}
    for name in ("epochs", "n_checkpoints", "n_evals", "batch_size", "learning_rate", "warmup_ratio",
                 "max_seq_length", "lora_r", "lora_alpha", "lora_dropout", "lora_trainable_modules", "suffix",
                 "from_checkpoint", "method", "training_type"):
        assert name in specs and specs[name].help, name
    assert (specs["epochs"].minimum, specs["epochs"].maximum) == (1, 20)
    assert specs["training_type"].default == "lora"
    train = chats(tmp_path / "t.jsonl", 5)
    assert p.validate_parameters({"training_file": str(train), "model": "Qwen/Qwen3-8B"}) == []
    bad = p.validate_parameters({"training_file": str(tmp_path / "nope.jsonl"), "epochs": 21, "suffix": "x" * 30,
                                 "dpo_beta": 0.1, "warmup_ratio": 1.5, "model": "Qwen/Qwen3-8B",
                                 "max_seq_length": 40000, "n_checkpoints": 5})
    names = {pr.name for pr in bad}
    assert names == {"training_file", "epochs", "suffix", "dpo_beta", "warmup_ratio", "max_seq_length"}, bad
    ckpt = p.validate_parameters({"training_file": str(train), "epochs": 2, "n_checkpoints": 3})
    assert [pr.name for pr in ckpt] == ["n_checkpoints"]
    assert "32768" in next(pr.message for pr in bad if pr.name == "max_seq_length")


def test_estimate_counts_epochs_and_evaluations_at_the_dated_price(tmp_path):
    p = TogetherProvider()
    train, valid = chats(tmp_path / "t.jsonl", 20), chats(tmp_path / "v.jsonl", 4)
    one = p.estimate_cost({"training_file": str(train), "model": "Qwen/Qwen3-8B", "epochs": 1})
    three = p.estimate_cost({"training_file": str(train), "model": "Qwen/Qwen3-8B", "epochs": 3})
    evals = p.estimate_cost({"training_file": str(train), "validation_file": str(valid), "model": "Qwen/Qwen3-8B",
                             "epochs": 3, "n_evals": 2})
    assert one and three and evals and one.usd and three.usd and evals.usd
    assert one.examples == 20 and three.billed_tokens == 3 * one.billed_tokens
    val_tokens = p.count_tokens(valid, None)[1]
    assert evals.billed_tokens == three.billed_tokens + 2 * val_tokens
    from fttool.tables import together_training_price

    rate = together_training_price("Qwen/Qwen3-8B")
    assert rate is not None and three.usd == round(three.billed_tokens * rate / 1e6, 6) and three.per_1m_tokens == rate
    assert three.price_date == json.loads((ROOT / "resources" / "together.json").read_text())["as_of"]
    unknown = p.estimate_cost({"training_file": str(train), "model": "Qwen/Qwen3-8X"})
    assert unknown is not None and unknown.usd is None and unknown.warnings
    assert "Qwen/Qwen3-8B" in unknown.detail  # the close names, never silent


def test_the_request_it_sends_and_the_tag_that_finds_it(tmp_path):
    p = TogetherProvider()
    job = Job(backend="together", base_model="Qwen/Qwen3-8B", params={
        "training_file": "x", "method": "dpo", "training_type": "lora", "epochs": 4, "lora_r": 16,
        "dpo_beta": 0.2, "suffix": "bakery", "learning_rate": 2e-5, "seed": 7})
    kw = p.create_kwargs(job, "file-1", "file-2")
    tag = job_tag(job.id)
    assert kw["suffix"] == f"bakery-{tag}" and len(kw["suffix"]) <= 40
    assert kw["training_method"] == "dpo" and kw["lora"] is True and kw["lora_r"] == 16 and kw["dpo_beta"] == 0.2
    assert kw["n_epochs"] == 4 and kw["validation_file"] == "file-2" and kw["random_seed"] == 7
    full = p.create_kwargs(Job(backend="together", base_model="m", params={"training_type": "full", "lora_r": 8}),
                           "f", None)
    assert full["lora"] is False and "lora_r" not in full and "validation_file" not in full
    assert full["training_method"] == "sft" and job_tag(job.id) != job_tag(Job(backend="together").id)


def test_status_words_map_to_the_shared_enum():
    assert STATUS_MAP["completed"] is Status.SUCCEEDED and STATUS_MAP["error"] is Status.FAILED
    assert STATUS_MAP["cancel_requested"] is Status.RUNNING and STATUS_MAP["cancelled"] is Status.CANCELLED
    assert STATUS_MAP["pending"] is Status.QUEUED


def test_unpacks_zstd_tar_and_refuses_a_path_that_leaves_the_folder(tmp_path):
    import cramjam

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        data = b'{"r": 8}'
        info = tarfile.TarInfo("adapter/adapter_config.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    archive = tmp_path / "a.tar.zst"
    archive.write_bytes(bytes(cramjam.zstd.compress(buf.getvalue())))
    _unpack(archive, tmp_path / "out")
    assert (tmp_path / "out" / "adapter" / "adapter_config.json").read_bytes() == b'{"r": 8}'
    evil = io.BytesIO()
    with tarfile.open(fileobj=evil, mode="w") as tar:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    bad = tmp_path / "b.tar"
    bad.write_bytes(evil.getvalue())
    with pytest.raises(tarfile.TarError):
        _unpack(bad, tmp_path / "out2")
    assert not (tmp_path / "escaped.txt").exists()
