"""What a Together AI job is before it runs (no network): its form (the parameter descriptors) and their checks,
the fine-tunable models (the dated table and the list last fetched), the token count and the price estimate. A
mixin of TogetherProvider (together.py); imports the providers' base, uploads.py, the tables and datasets.tokens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fttool.messages import register
from fttool.providers.base import CostEstimate, ParamProblem, ParamSpec, validate_against
from fttool.providers.uploads import sha256_of

register({
    "together_unknown_model": ("{model} is not in fttool's list of Together's fine-tunable models (as of {date}); "
                               "Together may still take it. Known: {known}."),
    "together_no_full": "Together trains {model} with LoRA only.",
    "together_context": "{name} must be at most {maximum} tokens for {model} ({method}).",
    "together_suffix": "{name} must be at most {maximum} characters (fttool adds its own tag to find the job again).",
    "together_estimate": "{examples} examples, about {tokens} tokens x {epochs} epochs{evals} = {billed} billed "
                         "tokens at ${price} per 1M ({method}, {kind}, {size})",
    "together_estimate_evals": " + {n_evals} evaluations x {val_tokens} validation tokens",
})

SUFFIX_MAX = 40
TAG_LEN = 10  # "ft" + 8 hex


def refreshed_path() -> Path:
    from fttool.paths import data_dir

    return data_dir() / "together_models.json"


def load_refreshed() -> dict[str, Any]:
    try:
        data = json.loads(refreshed_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


class TogetherPlan:
    """The form, the model list and the money of TogetherProvider (its methods, by inheritance)."""

    def fine_tunable(self) -> list[str]:
        """The dated table's models, then those the API listed when a key was last set (together_models.json in
        the data folder), without repeats."""
        from fttool.tables import together_models

        names = list(together_models())
        return names + [n for n in load_refreshed().get("models", []) if n not in names]

    def parameters(self) -> list[ParamSpec]:
        from fttool.tables import together_table

        default_epochs = int(together_table().get("default_epochs") or 3)
        return [
            ParamSpec("training_file", "str", required=True, label="Training file",
                      help="Chat JSONL (messages) for supervised training, or a preference file for DPO. Uploaded "
                           "with purpose fine-tune."),
            ParamSpec("validation_file", "str", label="Validation file",
                      help="Optional held-out examples for the evaluation loss (with Evaluations above 0). Never "
                           "the test split."),
            ParamSpec("method", "choice", default="supervised", choices=("supervised", "dpo"), label="Method",
                      help="supervised: learn the answers; dpo: learn to prefer one answer over another."),
            ParamSpec("training_type", "choice", default="lora", choices=("lora", "full"), label="Training type",
                      help="lora: a small adapter on the frozen model (cheaper, the default); full: every weight."),
            ParamSpec("epochs", "int", default_epochs, minimum=1, maximum=20, label="Epochs",
                      help="Passes over the training data (1 to 20). Together's own default is 1; fttool starts at "
                           "3, which small data sets need."),
            ParamSpec("n_checkpoints", "int", 1, minimum=1, maximum=20, label="Checkpoints",
                      help="Model versions saved during training (at most the number of epochs)."),
            ParamSpec("n_evals", "int", 0, minimum=0, maximum=100, label="Evaluations",
                      help="How many times the validation file is scored during training (billed as tokens)."),
            ParamSpec("batch_size", "int", None, minimum=1, maximum=1024, label="Batch size",
                      help="Examples per step. Empty: the largest the model allows ('max')."),
            ParamSpec("learning_rate", "float", 1e-5, minimum=1e-7, maximum=1e-2, label="Learning rate",
                      help="Together's default is 0.00001. Higher learns faster and risks instability."),
            ParamSpec("warmup_ratio", "float", 0.0, minimum=0.0, maximum=1.0, label="Warm-up ratio",
                      help="Share of the steps at the start with a rising learning rate (0 to 1)."),
            ParamSpec("max_seq_length", "int", None, minimum=512, maximum=131072, label="Max sequence length",
                      help="Longest example in tokens. Empty: the model's context."),
            ParamSpec("lora_r", "int", None, minimum=1, maximum=64, label="LoRA rank",
                      help="LoRA only: the adapter's size. Empty: the model's default."),
            ParamSpec("lora_alpha", "float", None, minimum=1, maximum=256, label="LoRA alpha",
                      help="LoRA only: the adapter's scale. Empty: twice the rank."),
            ParamSpec("lora_dropout", "float", 0.0, minimum=0.0, maximum=0.99, label="LoRA dropout",
                      help="LoRA only: dropout on the adapter's inputs (0 to below 1)."),
            ParamSpec("lora_trainable_modules", "str", "all-linear", label="LoRA modules",
                      help="LoRA only: the layers to adapt, e.g. all-linear or q_proj,v_proj."),
            ParamSpec("dpo_beta", "float", None, minimum=0.01, maximum=2.0, label="DPO beta",
                      help="DPO only: how strongly to prefer the chosen answer. Empty: Together's default."),
            ParamSpec("suffix", "str", None, label="Model name suffix",
                      help="Up to 29 characters added to the tuned model's name (fttool adds its own tag)."),
            ParamSpec("from_checkpoint", "str", None, label="Continue from checkpoint",
                      help="Continue a previous Together job: its id, or id:step."),
            ParamSpec("seed", "int", None, minimum=0, maximum=2**31 - 1, label="Seed",
                      help="Same seed and data give the same run."),
        ]

    def validate_parameters(self, params: dict[str, Any]) -> list[ParamProblem]:
        from fttool.tables import together_model

        problems = validate_against(self.parameters(), params)
        for key in ("training_file", "validation_file"):
            value = params.get(key)
            if value and not Path(str(value)).is_file():
                problems.append(ParamProblem.of(key, "file_not_found", path=str(value)))
        suffix = params.get("suffix")
        if isinstance(suffix, str) and len(suffix) > SUFFIX_MAX - TAG_LEN - 1:
            problems.append(ParamProblem.of("suffix", "param_out_of_range", "together_suffix",
                                            maximum=SUFFIX_MAX - TAG_LEN - 1))
        method = params.get("method") or "supervised"
        if params.get("dpo_beta") is not None and method != "dpo":
            problems.append(ParamProblem.of("dpo_beta", "param_only_dpo"))
        model = params.get("model") or params.get("base_model")
        entry = together_model(str(model)) if model else None
        if entry is not None:
            if (params.get("training_type") or "lora") == "full" and not entry.get("full", True):
                problems.append(ParamProblem.of("training_type", "param_choice", "together_no_full", model=model))
            limit = entry.get("context_dpo" if method == "dpo" else "context_sft")
            seq = params.get("max_seq_length")
            if limit and isinstance(seq, int) and not isinstance(seq, bool) and seq > int(limit):
                problems.append(ParamProblem.of("max_seq_length", "param_out_of_range", "together_context",
                                                maximum=int(limit), model=model, method=method))
        epochs, ckpts = params.get("epochs"), params.get("n_checkpoints")
        if isinstance(epochs, int) and isinstance(ckpts, int) and ckpts > epochs:
            problems.append(ParamProblem.of("n_checkpoints", "param_out_of_range", "param_at_most", maximum=epochs))
        return problems

    def model_notice(self, model: str | None) -> tuple[str, dict[str, Any]] | None:
        """A base model not in the dated table: said, never silent (Together may still take it)."""
        from fttool.tables import together_model, together_models, together_table

        if not model or together_model(model) is not None:
            return None
        import difflib

        close = difflib.get_close_matches(model, list(together_models()), n=3, cutoff=0.5)
        return "together_unknown_model", {"model": model, "date": together_table().get("as_of", "?"),
                                          "known": ", ".join(close or list(together_models())[:3])}

    # -- money -----------------------------------------------------------------------------------------
    def _count(self, path: Path) -> tuple[int, int]:
        """(examples, tokens) of a chat or preference JSONL, counted offline with the table's stand-in encoding
        (each model's own tokenizer gives somewhat different numbers: this is an estimate, said as such)."""
        from fttool.datasets.tokens import count_messages, get_encoding
        from fttool.tables import together_table

        encoding = get_encoding(str((together_table().get("data") or {}).get("estimate_encoding") or "o200k_base"))
        examples = tokens = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    ex = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(ex, dict):
                    continue
                examples += 1
                if isinstance(ex.get("messages"), list):
                    tokens += count_messages(ex["messages"], encoding)
                elif isinstance(ex.get("input"), dict):  # a preference pair: the prompt and both answers
                    msgs = list(ex["input"].get("messages") or [])
                    for side in ("preferred_output", "non_preferred_output"):
                        msgs += [m for m in ex.get(side) or [] if isinstance(m, dict)]
                    tokens += count_messages(msgs, encoding)
                else:
                    tokens += count_messages([{"role": "user", "content": json.dumps(ex)}], encoding)
        return examples, tokens

    def count_tokens(self, path: Path, model: str | None) -> tuple[int, int]:
        digest = sha256_of(path)
        key = (digest, "together")
        if key not in _COUNTS:
            _COUNTS[key] = self._count(path)
        return _COUNTS[key]

    def estimate_cost(self, params: dict[str, Any]) -> CostEstimate | None:
        from fttool.messages import render
        from fttool.tables import together_model, together_table, together_training_price

        table = together_table()
        model = params.get("model") or params.get("base_model") or table.get("default_model")
        est = CostEstimate(usd=None, price_source="resources/together.json", price_date=str(table.get("as_of", "")),
                           model=str(model))
        path = params.get("training_file")
        if not path or not Path(str(path)).is_file():
            est.detail = render("estimate_no_file")
            return est
        examples, tokens = self.count_tokens(Path(str(path)), str(model))
        epochs = int(params.get("epochs") or table.get("default_epochs") or 3)
        n_evals = int(params.get("n_evals") or 0)
        val_tokens = 0
        vpath = params.get("validation_file")
        if n_evals and vpath and Path(str(vpath)).is_file():
            val_tokens = self.count_tokens(Path(str(vpath)), str(model))[1]
        billed = tokens * epochs + n_evals * val_tokens
        est.billed_tokens, est.examples, est.epochs = billed, examples, epochs
        method = params.get("method") or "supervised"
        lora = (params.get("training_type") or "lora") != "full"
        price = together_training_price(str(model), method, lora)
        entry = together_model(str(model))
        if price is None:
            notice = self.model_notice(str(model))
            code, nparams = notice if notice else ("estimate_no_price", {"model": model})
            est.detail = render(code, nparams)
            est.detail_code, est.detail_params = code, nparams
            est.warnings.append({"code": code, "params": nparams, "message": est.detail})
            est.known = False
            return est
        est.usd = round(billed * price / 1e6, 6)
        est.per_1m_tokens = price
        evals = render("together_estimate_evals", {"n_evals": n_evals, "val_tokens": val_tokens}) if n_evals else ""
        est.detail_code = "together_estimate"
        est.detail_params = {"examples": examples, "tokens": tokens, "epochs": epochs, "evals": evals,
                             "n_evals": n_evals, "val_tokens": val_tokens,
                             "billed": billed, "price": f"{price:g}", "method": method,
                             "kind": "LoRA" if lora else "full", "size": f"{entry['params_b']:g}B" if entry else "?"}
        est.detail = render(est.detail_code, est.detail_params)
        return est

    def actual_cost(self, model: str | None, trained_tokens: int | None) -> float | None:
        return None  # Together reports its own price (total_price): see result_from


_COUNTS: dict[tuple[str, str], tuple[int, int]] = {}
