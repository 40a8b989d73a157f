"""The recipe chosen from the data (issue 24) without running a trainer: epochs `auto` grows as the set shrinks and
is capped, the length is the longest example (rounded, capped by the model), AutoTrain's packed blocks get the same
step target, what the person set wins, the plan reads as one plain sentence, and the first look's sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fttool.providers.local import first_look, recipe


def _choose(**kw: Any) -> recipe.Recipe:
    args: dict[str, Any] = dict(engine="trl", examples=60, rows=60, lengths=[40] * 59 + [70],
                                num_parameters=134_515_008, model_max=8192, device="cpu")
    args.update(kw)
    return recipe.choose(**args)


@pytest.mark.parametrize("n, epochs, code", [
    (60, 3, "recipe_epochs_default"),      # 60 x 3 = 180 seen: the usual three
    (30, 6, "recipe_epochs_small"),        # fewer examples: more passes, the same 180 seen
    (20, 9, "recipe_epochs_small"),
    (10, 10, "recipe_epochs_capped"),      # never more than 10: it would memorise
    (1000, 3, "recipe_epochs_default"),
    (20_000, 1, "recipe_epochs_large"),    # a large set: fewer passes
])
def test_auto_epochs_grow_as_the_set_shrinks_and_are_capped(n: int, epochs: int, code: str) -> None:
    got, why, _ = recipe.auto_epochs(n)
    assert (got, why) == (epochs, code)


def test_sixty_examples_on_a_cpu_make_45_steps_of_4() -> None:
    rec = _choose()
    assert (rec.epochs, rec.batch_size, rec.steps_per_epoch, rec.total_steps) == (3, 4, 15, 45)
    assert rec.block_size == 128  # the longest example (70 tokens) rounded up to 64, never a fixed 1024
    assert (rec.lora_r, rec.lora_alpha, rec.learning_rate) == (16, 32, 2e-4)
    assert rec.packed_blocks is None
    d = rec.to_dict()
    message = d["plain"]["message"]
    assert message.startswith("60 examples → 3 epochs → 45 steps of 4 examples, about ")
    assert message.endswith(" on this computer.")
    codes = [r["code"] for r in d["reasons"]]
    assert codes[0] == "recipe_epochs_default" and "recipe_length" in codes and "recipe_lora" in codes
    assert "Longest example 70 tokens: examples are cut at 128 tokens." in [r["message"] for r in d["reasons"]]
    # the duration grows with the work: a GPU is faster, a bigger model slower
    assert _choose(device="cuda").seconds < rec.seconds < _choose(num_parameters=1_000_000_000).seconds


def test_a_small_set_gets_more_epochs_and_says_why() -> None:
    rec = _choose(examples=20, rows=20, lengths=[50] * 20)
    assert rec.epochs == 9 and rec.total_steps == 5 * 9
    reason = rec.to_dict()["reasons"][0]["message"]
    assert reason.startswith("9 epochs: a small set needs more passes") and "20 examples" in reason


def test_the_model_caps_the_length() -> None:
    rec = _choose(lengths=[3000, 100], model_max=2048)
    assert rec.block_size == 2048
    assert rec.reasons[1][0] == "recipe_length_capped"


def test_what_the_person_sets_wins() -> None:
    rec = _choose(given={"epochs": 1, "batch_size": 2, "block_size": 512, "learning_rate": 5e-5, "lora_r": 4,
                         "lora_alpha": None, "seed": 7})
    assert (rec.epochs, rec.batch_size, rec.block_size, rec.learning_rate, rec.lora_r) == (1, 2, 512, 5e-5, 4)
    assert rec.lora_alpha == 32  # not set (None): the recipe's
    assert rec.total_steps == 30
    said = [m["message"] for m in rec.to_dict()["reasons"]]
    assert "epochs = 1, as you set it." in said and "batch_size = 2, as you set it." in said


def test_autotrain_packs_blocks_from_the_data_and_takes_the_same_step_target() -> None:
    # 60 examples of 30 tokens packed into 64-token blocks: 29 blocks, 8 steps of 4 an epoch, so 6 epochs make
    # TRL's 45 steps (the old default, 1024-token blocks and 3 epochs, made 6 steps in all)
    rec = _choose(engine="autotrain", lengths=[30] * 60)
    assert (rec.block_size, rec.packed_blocks, rec.steps_per_epoch) == (64, 29, 8)
    assert (rec.epochs, rec.total_steps) == (6, 48)
    assert rec.to_dict()["plain"]["message"].startswith("60 examples packed into blocks of 64 tokens → 6 epochs → "
                                                        "48 steps of 4 blocks, about ")


def test_unknown_lengths_keep_the_defaults() -> None:
    rec = _choose(lengths=None, num_parameters=None)
    assert rec.block_size == 1024 and rec.seconds is None and rec.epochs == 3
    assert rec.to_dict()["plain"]["message"] == "60 examples → 3 epochs → 45 steps of 4 examples."


def test_mode_and_launch_values() -> None:
    assert recipe.recipe_mode({}) == "auto"
    assert recipe.recipe_mode({"recipe": "manual"}) == "manual"
    assert recipe.recipe_mode({"config_file": "x.yml"}) == "manual"  # a loaded AutoTrain YAML is their settings
    params = {"epochs": None, "batch_size": 2, "seed": 3}
    merged, rec = recipe.for_launch(params, "trl", examples=60, rows=60,
                                    measured={"lengths": [40] * 60, "num_parameters": 134_515_008, "model_max": 8192},
                                    device="cpu")
    assert merged["seed"] == 3 and merged["batch_size"] == 2 and merged["epochs"] == 3 and merged["block_size"] == 64
    assert rec.total_steps == 90


def test_durations_in_plain_words() -> None:
    rec = _choose()
    for seconds, text in ((30, "less than a minute"), (95, "1½ minutes"), (600, "10 minutes"), (9000, "2.5 hours")):
        rec.seconds = seconds
        code, params = rec.duration()
        from fttool.messages import render

        assert render(code, params) == text


def test_safetensors_parameters_reads_headers_only(tmp_path: Path) -> None:
    import json
    import struct

    header = json.dumps({"a": {"dtype": "F32", "shape": [3, 4], "data_offsets": [0, 48]},
                         "__metadata__": {"format": "pt"}}).encode()
    (tmp_path / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + b"\0" * 48)
    assert recipe.safetensors_parameters(tmp_path) == 12
    assert recipe.safetensors_parameters(tmp_path / "nothing") is None


def test_first_look_sentences() -> None:
    from fttool.messages import render

    code, params = first_look.sentence({"kind": "validation", "n": 10, "tuned_exact": 9, "base_exact": 0,
                                        "tuned_f1": 0.9, "base_f1": 0.02})
    assert render(code, params).startswith("The tuned model answered 9 of 10 validation questions like your "
                                           "examples; the base model 0.")
    code, params = first_look.sentence({"kind": "test", "n": 20, "tuned_exact": 0, "base_exact": 0,
                                        "tuned_f1": 0.613, "base_f1": 0.2})
    assert render(code, params).startswith("On 20 held-out questions, the tuned model's answers share 61% of their "
                                           "words with your examples' answers; the base model's 20%.")


def test_first_look_source(tmp_path: Path) -> None:
    valid = tmp_path / "v.jsonl"
    valid.write_text('{"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}\n')
    assert first_look.examples_for({"validation_file": str(valid)}, None) == (valid, "validation")
    assert first_look.examples_for({"validation_file": str(valid), "first_look": False}, None) is None
    assert first_look.examples_for({}, None) is None
    assert first_look.count(valid) == 1
