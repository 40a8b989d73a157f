"""Merge the LoRA adapter a `trl sft` run saved into its base model; push the result to `<repo>-merged`.

This script exists only because TRL's command line has no merge-and-push step: the training itself is TRL's
own `trl sft --config job.yaml`, which pushes the adapter. When "Also push the merged model" is chosen,
fttool's job command on Hugging Face Jobs (resources/hf/job.sh) runs this script after `trl sft` succeeded,
from the same working folder and in the same runtime (the pins of resources/runtime/trl.lock). Everything it
needs is read from that job.yaml: the base model (`model_name_or_path`), the adapter's folder (`output_dir`),
the model repo (`hub_model_id`; the merged model goes to the same name + "-merged"), its privacy
(`hub_private_repo`) and the training dtype. The token is the job's HF_TOKEN secret, read by huggingface_hub
from the environment; it is never printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--config", default="job.yaml", help="the job's TRL YAML")
    p.add_argument("--out", default="merged", help="the folder the merged model is saved to before the push")
    args = p.parse_args(argv)

    import torch
    import yaml
    from huggingface_hub import HfApi
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cfg = yaml.safe_load(Path(args.config).read_text(encoding="utf-8"))
    base_model = str(cfg["model_name_or_path"])
    adapter = Path(str(cfg.get("output_dir") or "output"))
    repo = f"{cfg['hub_model_id']}-merged"
    private = bool(cfg.get("hub_private_repo", True))
    dtype = {"bfloat16": torch.bfloat16, "float16": torch.float16}.get(str(cfg.get("dtype")), torch.float32)
    placement = {"device_map": "auto"} if torch.cuda.is_available() else {}

    print(f"fttool: merging the adapter in {adapter} into {base_model}", flush=True)
    base = AutoModelForCausalLM.from_pretrained(base_model, dtype=dtype, **placement)
    merged = PeftModel.from_pretrained(base, str(adapter)).merge_and_unload()
    out = Path(args.out)
    merged.save_pretrained(out)
    # the tokenizer as trained (TRL saves it, with its chat template, beside the adapter)
    tokenizer_from = adapter if (adapter / "tokenizer_config.json").is_file() else base_model
    AutoTokenizer.from_pretrained(str(tokenizer_from)).save_pretrained(out)

    hub = HfApi()
    hub.create_repo(repo, private=private, exist_ok=True)
    message = f"fttool: {base_model} merged with the LoRA adapter of {cfg['hub_model_id']}"
    hub.upload_folder(repo_id=repo, folder_path=str(out), commit_message=message)
    print(f"fttool: pushed merged model to {repo}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
