# /// script
# requires-python = ">=3.10"
# dependencies = [
#     "transformers==4.48.0",
#     "peft==0.14.0",
#     "trl==0.13.0",
#     "datasets==3.2.0",
#     "accelerate==1.2.1",
#     "huggingface-hub==0.27.0",
#     "torch==2.13.0",
# ]
# ///
"""fttool's training script: LoRA supervised fine-tuning (TRL SFT) of a chat model on a JSONL data set.

The very same file runs on Hugging Face Jobs (`uv run`, dependencies above, pinned to the same transformers,
peft and trl versions as fttool's local runtime: tests/unit/test_hf_script.py checks the pins) and in the
local runtime on the tiny test model. It reads the data set pushed by fttool (a Hub dataset repo) or local
files, trains, prints one `fttool-metric {json}` line per logging step (fttool parses these into the loss
chart), saves the adapter, and pushes it (and optionally the merged model) to the output repo.

The Hugging Face token comes only from the HF_TOKEN secret in the environment; it is never printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--base-model", required=True, help="Hub id or local folder of the base model")
    p.add_argument("--dataset-repo", help="Hub dataset repo holding the files (else the files are local paths)")
    p.add_argument("--dataset-revision", default=None, help="commit of the dataset repo to read")
    p.add_argument("--train-file", required=True, help="path of the training JSONL (in the repo, or local)")
    p.add_argument("--valid-file", default=None, help="path of the validation JSONL (optional)")
    p.add_argument("--output-dir", default="outputs", help="where the adapter is saved")
    p.add_argument("--output-repo", default=None, help="Hub model repo to push the adapter to")
    p.add_argument("--private", default="true", choices=["true", "false"], help="create the output repo private")
    p.add_argument("--merge", action="store_true", help="also push the base model merged with the adapter")
    p.add_argument("--epochs", type=float, default=3.0)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--grad-accum", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--lora-r", type=int, default=16)
    p.add_argument("--lora-alpha", type=int, default=32)
    p.add_argument("--lora-dropout", type=float, default=0.05)
    p.add_argument("--max-seq-length", type=int, default=1024)
    p.add_argument("--max-steps", type=int, default=-1, help="stop after this many steps (tests)")
    p.add_argument("--logging-steps", type=int, default=1)
    return p.parse_args(argv)


def emit(kind: str, payload: dict[str, Any]) -> None:
    print(f"fttool-{kind} {json.dumps(payload, sort_keys=True)}", flush=True)


def fetch_files(args: argparse.Namespace) -> tuple[str, str | None]:
    if not args.dataset_repo:
        return args.train_file, args.valid_file
    from huggingface_hub import hf_hub_download

    print(f"fttool: reading dataset {args.dataset_repo}", flush=True)
    kw = {"repo_id": args.dataset_repo, "repo_type": "dataset", "revision": args.dataset_revision}
    train = hf_hub_download(filename=args.train_file, **kw)
    valid = hf_hub_download(filename=args.valid_file, **kw) if args.valid_file else None
    return train, valid


def read_jsonl(path: str) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            msgs = obj.get("messages")
            if not isinstance(msgs, list) or not msgs:
                raise SystemExit(f"{path}, line {n}: no 'messages' list")
            rows.append({"messages": [{"role": str(m["role"]), "content": str(m.get("content") or "")}
                                      for m in msgs]})
    if not rows:
        raise SystemExit(f"{path}: no examples")
    return rows


def render(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    if getattr(tokenizer, "chat_template", None):
        return str(tokenizer.apply_chat_template(messages, tokenize=False))
    eos = tokenizer.eos_token or ""
    return "".join(f"<|{m['role']}|>\n{m['content']}{eos}\n" for m in messages)


def _config_kwargs(cls: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    """Keep only the fields this version's config knows (trl renamed max_seq_length to max_length later)."""
    import dataclasses

    names = {f.name for f in dataclasses.fields(cls)}
    if "max_seq_length" in wanted and "max_seq_length" not in names and "max_length" in names:
        wanted["max_length"] = wanted.pop("max_seq_length")
    return {k: v for k, v in wanted.items() if k in names}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback, set_seed
    from trl import SFTConfig, SFTTrainer

    set_seed(args.seed)
    train_path, valid_path = fetch_files(args)
    tokenizer = AutoTokenizer.from_pretrained(args.base_model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    train_rows = read_jsonl(train_path)
    valid_rows = read_jsonl(valid_path) if valid_path else None
    train_ds = Dataset.from_list([{"text": render(tokenizer, r["messages"])} for r in train_rows])
    valid_ds = Dataset.from_list([{"text": render(tokenizer, r["messages"])} for r in valid_rows]) if valid_rows else None
    emit("data", {"train_examples": len(train_rows), "valid_examples": len(valid_rows or [])})

    gpu = torch.cuda.is_available()
    dtype = torch.bfloat16 if gpu and torch.cuda.is_bf16_supported() else (torch.float16 if gpu else torch.float32)
    model = AutoModelForCausalLM.from_pretrained(args.base_model, torch_dtype=dtype)
    lora = LoraConfig(r=args.lora_r, lora_alpha=args.lora_alpha, lora_dropout=args.lora_dropout,
                      target_modules="all-linear", task_type="CAUSAL_LM")

    class Lines(TrainerCallback):  # one parseable line per logging step
        def on_log(self, a: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kw: Any) -> None:
            logs = logs or {}
            out: dict[str, Any] = {"step": state.global_step, "epoch": round(float(state.epoch or 0), 4)}
            if "loss" in logs:
                out["train_loss"] = float(logs["loss"])
            if "eval_loss" in logs:
                out["valid_loss"] = float(logs["eval_loss"])
            if len(out) > 2:
                emit("metric", out)

    wanted: dict[str, Any] = {
        "output_dir": args.output_dir, "num_train_epochs": args.epochs, "learning_rate": args.lr,
        "per_device_train_batch_size": args.batch_size, "per_device_eval_batch_size": args.batch_size,
        "gradient_accumulation_steps": args.grad_accum, "seed": args.seed, "logging_steps": args.logging_steps,
        "max_steps": args.max_steps, "save_strategy": "no", "report_to": [], "disable_tqdm": True,
        "dataset_text_field": "text", "max_seq_length": args.max_seq_length, "packing": False,
        "eval_strategy": "epoch" if valid_ds is not None else "no", "bf16": dtype == torch.bfloat16,
        "fp16": dtype == torch.float16, "use_cpu": not gpu, "push_to_hub": False,
    }
    config = SFTConfig(**_config_kwargs(SFTConfig, wanted))
    trainer = SFTTrainer(model=model, args=config, train_dataset=train_ds, eval_dataset=valid_ds,
                         processing_class=tokenizer, peft_config=lora, callbacks=[Lines()])
    result = trainer.train()
    out = Path(args.output_dir)
    trainer.save_model(str(out))
    tokenizer.save_pretrained(str(out))
    summary: dict[str, Any] = {"train_loss": float(result.training_loss), "steps": int(result.global_step),
                               "output_dir": str(out)}
    if args.output_repo:
        from huggingface_hub import HfApi

        hub = HfApi()
        private = args.private == "true"
        hub.create_repo(args.output_repo, private=private, exist_ok=True)
        hub.upload_folder(repo_id=args.output_repo, folder_path=str(out), commit_message="fttool: LoRA adapter",
                          ignore_patterns=["checkpoint-*", "runs/*", "*.log", "training_args.bin"])
        print(f"fttool: pushed adapter to {args.output_repo}", flush=True)
        summary["output_repo"] = args.output_repo
        if args.merge:
            merged = trainer.model.merge_and_unload()
            merged_dir = out / "merged"
            merged.save_pretrained(str(merged_dir))
            tokenizer.save_pretrained(str(merged_dir))
            merged_repo = args.output_repo + "-merged"
            hub.create_repo(merged_repo, private=private, exist_ok=True)
            hub.upload_folder(repo_id=merged_repo, folder_path=str(merged_dir), commit_message="fttool: merged model")
            print(f"fttool: pushed merged model to {merged_repo}", flush=True)
            summary["merged_repo"] = merged_repo
    emit("done", summary)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.exit(main())
