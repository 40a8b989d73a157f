"""The training recipe chosen from the data (issue 24): what a person with 60 examples gets when they change no
setting, for both engines, the launch plan, the CLI and the Train view.

- Lengths: every example's tokens with the model's own tokenizer and chat template (counted in the engine's runtime);
  `max_length` (TRL) / `block_size` (AutoTrain) is the longest example, rounded up to 64 and capped by the model.
- Loss on the answers only (TRL's prompt/completion rows; `weight: 0` honoured), no packing (TRL).
- Epochs `auto`: enough optimizer steps for a small set (OpenAI's automatic epochs grow as the data shrinks), capped
  so the model does not just memorise: 3 epochs, more when that shows the model fewer than TARGET_SEEN examples,
  at most MAX_EPOCHS; fewer for a large set.
- Batch 4 on a CPU (8 on a GPU), LoRA rank, alpha and learning rate by model size, warm-up a share of the steps.
- AutoTrain packs examples into blocks (fixed on in 0.8.36): its block size comes from the data too, and its
  epochs from the same step target.
A value the person sets (the CLI's flags, the form in manual mode) always wins; the reason for each choice is kept
as message codes, shown in plain words ("60 examples → 3 epochs → 45 steps of 4 examples, about 1½ minutes").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from fttool.messages import register

TARGET_SEEN = 180  # examples the model should see at least (60 examples x 3 epochs)
MAX_SEEN = 25_000  # and at most, for a large set, before fewer epochs (OpenAI's automatic epochs do the same)
BASE_EPOCHS = 3
MAX_EPOCHS = 10
ROUND_TO = 64
MANAGED = ("epochs", "batch_size", "gradient_accumulation", "block_size", "learning_rate", "lora_r", "lora_alpha")
CPU_FLOPS = 6.0e10  # training FLOP/s of a 2-core CPU on a small model (measured: SmolLM2-135M, 45 steps of 4 in 140 s)
GPU_FLOPS = 2.0e12

register({
    "recipe_plain": "{examples} examples → {epochs} epochs → {steps} steps of {batch} examples, about {duration} on "
                    "this computer.",
    "recipe_plain_packed": "{examples} examples packed into blocks of {block} tokens → {epochs} epochs → {steps} "
                           "steps of {batch} blocks, about {duration} on this computer.",
    "recipe_plain_untimed": "{examples} examples → {epochs} epochs → {steps} steps of {batch} examples.",
    "recipe_plain_packed_untimed": "{examples} examples packed into blocks of {block} tokens → {epochs} epochs → "
                                   "{steps} steps of {batch} blocks.",
    "recipe_epochs_small": "{epochs} epochs: a small set needs more passes to be learned ({examples} examples; the "
                           "model sees about {seen} in all).",
    "recipe_epochs_default": "3 epochs: the usual number for a set of this size.",
    "recipe_epochs_large": "{epochs} epoch(s): a large set is learned in fewer passes.",
    "recipe_epochs_capped": "{epochs} epochs at most, so the model learns the task instead of memorising the examples.",
    "recipe_length": "Longest example {longest} tokens: examples are cut at {length} tokens.",
    "recipe_length_capped": "Longest example {longest} tokens, more than the model takes: cut at {length} tokens.",
    "recipe_lora": "LoRA rank {r}, alpha {alpha}, learning rate {lr} for a model of about {size} parameters.",
    "recipe_user": "{name} = {value}, as you set it.",
    "recipe_duration_minutes": "{minutes} minutes",
    "recipe_duration_under_minute": "less than a minute",
    "recipe_duration_hours": "{hours} hours",
})


@dataclass
class Recipe:
    engine: str
    examples: int
    rows: int
    epochs: int
    batch_size: int
    gradient_accumulation: int
    block_size: int
    learning_rate: float
    lora_r: int
    lora_alpha: int
    steps_per_epoch: int
    total_steps: int
    seconds: float | None
    packed_blocks: int | None = None
    reasons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The form's parameters the recipe sets."""
        return {"epochs": self.epochs, "batch_size": self.batch_size,
                "gradient_accumulation": self.gradient_accumulation, "block_size": self.block_size,
                "learning_rate": self.learning_rate, "lora_r": self.lora_r, "lora_alpha": self.lora_alpha}

    def duration(self) -> tuple[str, dict[str, Any]]:
        s = self.seconds
        if s is None or s < 60:
            return "recipe_duration_under_minute", {}
        if s < 5400:
            minutes = round(s / 60 * 2) / 2
            text = f"{minutes:g}".replace(".5", "½") if minutes >= 1 else "½"
            return "recipe_duration_minutes", {"minutes": text}
        return "recipe_duration_hours", {"hours": f"{s / 3600:.1f}".rstrip("0").rstrip(".")}

    def plain(self) -> tuple[str, dict[str, Any]]:
        """The plan in one sentence (code and parameters)."""
        from fttool.messages import render

        code, params = self.duration()
        duration = render(code, params)
        untimed = "_untimed" if self.seconds is None else ""
        if self.packed_blocks is not None:
            return "recipe_plain_packed" + untimed, {"examples": self.examples, "block": self.block_size, "epochs": self.epochs,
                                           "steps": self.total_steps, "batch": self.batch_size, "duration": duration}
        return "recipe_plain" + untimed, {"examples": self.examples, "epochs": self.epochs, "steps": self.total_steps,
                                "batch": self.batch_size * self.gradient_accumulation, "duration": duration}

    def to_dict(self) -> dict[str, Any]:
        from fttool.messages import render

        d = asdict(self)
        code, params = self.plain()
        dcode, dparams = self.duration()
        d["plain"] = {"code": code, "params": params, "message": render(code, params),
                      "duration": {"code": dcode, "params": dparams}}  # a view renders it in its language
        d["reasons"] = [{"code": c, "params": p, "message": render(c, p)} for c, p in self.reasons]
        return d


def _round_up(n: int, to: int = ROUND_TO) -> int:
    return max(to, int(math.ceil(n / to) * to))


def auto_epochs(n: int) -> tuple[int, str, dict[str, Any]]:
    """Epochs for `n` examples (rows), with the reason's code."""
    if n <= 0:
        return BASE_EPOCHS, "recipe_epochs_default", {}
    if n * BASE_EPOCHS < TARGET_SEEN:
        epochs = math.ceil(TARGET_SEEN / n)
        if epochs > MAX_EPOCHS:
            return MAX_EPOCHS, "recipe_epochs_capped", {"epochs": MAX_EPOCHS}
        return epochs, "recipe_epochs_small", {"epochs": epochs, "examples": n, "seen": epochs * n}
    if n * BASE_EPOCHS > MAX_SEEN:
        epochs = max(1, MAX_SEEN // n)
        return epochs, "recipe_epochs_large", {"epochs": epochs}
    return BASE_EPOCHS, "recipe_epochs_default", {}


def lora_for(size_b: float | None) -> tuple[int, int, float]:
    """(rank, alpha, learning rate) by model size in billions of parameters."""
    if size_b is None or size_b < 1.0:
        return 16, 32, 2e-4
    if size_b < 8.0:
        return 16, 32, 1e-4
    return 8, 16, 1e-4


def choose(*, engine: str, examples: int, rows: int, lengths: list[int] | None, num_parameters: int | None,
           model_max: int | None, device: str, given: dict[str, Any] | None = None,
           world_size: int = 1) -> Recipe:
    """The recipe for this data and model. `given` holds the values the person set (they win); `lengths` are the
    token counts of the training rows' whole chats (None: unknown, the defaults stand); `num_parameters` the base
    model's size (None: unknown)."""
    given = {k: v for k, v in (given or {}).items() if v is not None and v != "auto" and k in MANAGED}
    reasons: list[tuple[str, dict[str, Any]]] = []
    size_b = num_parameters / 1e9 if num_parameters else None
    batch = int(given.get("batch_size", 4 if device == "cpu" else 8))
    ga = int(given.get("gradient_accumulation", 1))
    known = [n for n in (lengths or []) if n and n > 0]
    longest = max(known) if known else None
    if "block_size" in given:
        block = int(given["block_size"])
    elif longest is not None:
        block = _round_up(longest)
        if model_max and block > model_max:
            block = int(model_max)
            reasons.append(("recipe_length_capped", {"longest": longest, "length": block}))
        else:
            reasons.append(("recipe_length", {"longest": longest, "length": block}))
    else:
        block = 1024
    packed: int | None = None
    units = rows
    if engine == "autotrain" and known:  # packed: blocks of block_size tokens from the whole data
        packed = units = max(1, math.ceil(sum(known) / block))
    per_epoch = max(1, math.ceil(math.ceil(units / (batch * max(world_size, 1))) / ga))
    if "epochs" in given:
        epochs = int(given["epochs"])
        reasons.insert(0, ("recipe_user", {"name": "epochs", "value": epochs}))
    else:
        epochs, code, params = auto_epochs(rows)
        if packed is not None:  # the same step target for AutoTrain's blocks: as many steps as TRL would take
            trl_steps = math.ceil(rows / batch) * epochs
            epochs = min(MAX_EPOCHS * 2, max(1, math.ceil(trl_steps / per_epoch)))
            params = {**params, "epochs": epochs}
        reasons.insert(0, (code, params))
    r, alpha, lr = lora_for(size_b)
    r, alpha = int(given.get("lora_r", r)), int(given.get("lora_alpha", alpha))
    lr = float(given.get("learning_rate", lr))
    if size_b is not None:
        reasons.append(("recipe_lora", {"r": r, "alpha": alpha, "lr": f"{lr:g}", "size": _size_words(size_b)}))
    for name in ("batch_size", "gradient_accumulation", "learning_rate", "lora_r", "lora_alpha", "block_size"):
        if name in given:
            reasons.append(("recipe_user", {"name": name, "value": given[name]}))
    total = per_epoch * epochs
    seconds = None
    if num_parameters and known:
        mean = sum(known) / len(known)
        tokens_per_step = (block if packed is not None else mean) * batch * ga
        flops = 6.0 * num_parameters * tokens_per_step * total
        seconds = flops / (CPU_FLOPS if device == "cpu" else GPU_FLOPS) + 20  # + loading the model
    return Recipe(engine=engine, examples=examples, rows=rows, epochs=epochs, batch_size=batch,
                  gradient_accumulation=ga, block_size=block, learning_rate=lr, lora_r=r, lora_alpha=alpha,
                  steps_per_epoch=per_epoch, total_steps=total, seconds=seconds, packed_blocks=packed,
                  reasons=reasons)


def _size_words(size_b: float) -> str:
    return f"{size_b * 1000:.0f}M" if size_b < 1 else f"{size_b:.1f}B"


# -- what the recipe needs to know, asked of the engine's runtime --------------------------------------------
def recipe_mode(params: dict[str, Any]) -> str:
    """auto (the default) or manual; a loaded AutoTrain YAML is the person's own settings, so manual."""
    if params.get("config_file"):
        return "manual"
    return "manual" if params.get("recipe") == "manual" else "auto"


def given_values(params: dict[str, Any]) -> dict[str, Any]:
    """The managed values the person set (the CLI's flags and --param, the form's Advanced values)."""
    return {k: params[k] for k in MANAGED if params.get(k) is not None}


def measure(engine: str, params: dict[str, Any], base_model: str, token: str | None = None,
            timeout: float = 300.0) -> dict[str, Any]:
    """Token counts of every training example (the model's tokenizer and the chat template the engine will use, in
    the engine's runtime), the model's parameter count and its longest context. What cannot be read is None (an
    offline Hub model): the recipe then keeps the defaults it cannot ground."""
    import subprocess

    from fttool.errors import FtError
    from fttool.providers.local.probe import run_probe

    probe: dict[str, Any] = {}
    try:
        probe = run_probe(engine, params, base_model, params.get("training_file"), token, timeout, lengths=True)
    except (subprocess.TimeoutExpired, OSError, ValueError, IndexError, FtError):
        probe = {}
    return measured_from(probe, base_model)


def measured_from(probe: dict[str, Any], base_model: str) -> dict[str, Any]:
    """The recipe's inputs from a probe's answer (the pre-flight's, or measure's own)."""
    config = probe.get("config") or {}
    n = probe.get("num_parameters")
    if not n:
        from fttool.providers.local.memory import model_size_billions

        n = int(model_size_billions(base_model) * 1e9)
    return {"lengths": probe.get("lengths"), "num_parameters": n,
            "model_max": config.get("max_position_embeddings")}


def for_launch(params: dict[str, Any], engine: str, *, examples: int, rows: int, measured: dict[str, Any],
               device: str, world_size: int = 1) -> tuple[dict[str, Any], Recipe]:
    """The params the engine runs with (the recipe's values where the person set none) and the recipe."""
    rec = choose(engine=engine, examples=examples, rows=rows, lengths=measured.get("lengths"),
                 num_parameters=measured.get("num_parameters"), model_max=measured.get("model_max"),
                 device=device, given=given_values(params), world_size=world_size)
    return {**params, **rec.values()}, rec


def safetensors_parameters(folder: Any) -> int | None:
    """Parameters from the safetensors headers (no weights loaded)."""
    import json
    import struct
    from pathlib import Path

    total = 0
    files = [f for f in Path(folder).glob("*.safetensors") if not f.name.startswith("adapter")]
    if not files:
        return None
    try:
        for f in files:
            with open(f, "rb") as fh:
                n = struct.unpack("<Q", fh.read(8))[0]
                if n > 100 << 20:
                    return None
                header = json.loads(fh.read(n))
            for k, v in header.items():
                if k != "__metadata__":
                    size = 1
                    for d in v.get("shape", []):
                        size *= int(d)
                    total += size
    except (OSError, ValueError, struct.error):
        return None
    return total or None
