"""Checks before a local launch, per engine: each is pass / warn / fail with what to do.

Two depths:
- `check_launch` (every launch, from any door: the Train view, `fttool train`, a clone) runs in milliseconds to
  a second: the engine, its runtime, the model's architecture (config.json's model_type against the architectures
  the engine's own transformers knows, recorded by its check at install), and every problem of the data with its
  line. A launch it refuses leaves nothing behind: it runs before the job is stored.
- `preflight` (Run checks) adds what needs the runtime's Python (resources/runtime/probe.py): the tokenizer loads,
  the chat template renders the first example and its tokens, the weights and the parameter count, then memory
  (the formula shown) and disk.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fttool.errors import FtError, UsageError
from fttool.messages import register, render
from fttool.providers.base import validate_against
from fttool.providers.local import recipe
from fttool.providers.local.common import (
    _value,
    all_problems,
    check_examples,
    gpu_only_code,
    hardware,
    needs_hub,
    specs_for,
)

register({
    "local_no_data": "No training data: choose the project's dataset or pass --data.",
    "local_data_invalid": "{path} has {count} problem(s); nothing was started:\n{detail}",
    "local_model_missing": "The base model '{model}' is neither a folder on this computer nor a Hub model id.",
    "pf_engine": "Engine: {title}. {why}",
    "pf_runtime_ok": "Runtime installed: {engine} {version}, torch {torch}, transformers {transformers} ({device}).",
    "pf_runtime_missing": "The {engine} training runtime is not installed. Install it (about {download_mb} MB "
                          "download, {disk_mb} MB on disk).",
    "pf_runtime_outdated": "The {engine} runtime was installed from older pins (transformers {installed}; this "
                           "fttool pins {pinned}). Update it with Install (what still matches is kept).",
    "pf_runtime_cpu_on_gpu": "The runtime has the CPU build of PyTorch, so training will not use the {gpu}. "
                             "Reinstall it for CUDA (`fttool runtime install --device cuda`).",
    "pf_runtime_broken": "The runtime does not start: {detail}. Reinstall it.",
    "pf_data_ok": "Dataset: {examples} examples, every one valid.",
    "pf_data_invalid": "Dataset {path}: {detail}. Fix it in the Data view.",
    "pf_data_few": "Dataset: only {examples} examples; the loss curve will say little.",
    "pf_data_method": "{path} is a preference (DPO) file; {engine} trains chats (SFT) only here. Choose the TRL "
                      "engine.",
    "pf_validation_ok": "Validation data: {examples} examples; their loss is measured during training.",
    "pf_validation_ignored": "AutoTrain turns the validation split off for LLM training: {path} is not used (no "
                             "validation loss, no checkpoints). The TRL engine uses it.",
    "pf_no_config": "{path} has no config.json: choose the folder that holds the model's files.",
    "pf_arch_other_engine": "{model_type} is newer than {engine} (transformers {transformers}); the {other} engine "
                            "trains it.",
    "pf_arch_other_maybe": "{model_type} is not known to {engine} (transformers {transformers}). The {other} engine "
                           "(transformers {other_transformers}) may train it: install it and choose it.",
    "pf_arch_unknown": "{model_type} is not known to {engine} (transformers {transformers}) nor to the {other} "
                       "engine (transformers {other_transformers}): choose a model of another architecture.",
    "pf_arch_ok": "Architecture {model_type}: known to {engine} (transformers {transformers}).",
    "pf_arch_unchecked": "The architecture of {model} could not be read before launch ({detail}); the trainer will "
                         "check it.",
    "pf_unknown_model_type": "model_type '{model_type}' is not known to the runtime's transformers {transformers}: "
                             "choose a model of an older architecture, or the TRL engine.",
    "pf_model_type_ok": "Architecture {model_type} ({architectures}) is supported by transformers {transformers}.",
    "pf_remote_code": "The model asks to run its own code (auto_map); fttool does not allow remote code, so it "
                      "may not load.",
    "pf_weights_ok": "Weights found: {files}.",
    "pf_no_weights": "{path} has no weights (model.safetensors or pytorch_model.bin).",
    "pf_no_tokenizer": "{path} has no tokenizer files (tokenizer.json or tokenizer.model).",
    "pf_tokenizer_ok": "Tokenizer loads ({cls}, {vocab} tokens).",
    "pf_tokenizer_failed": "The tokenizer does not load: {detail}",
    "pf_model_unreachable": "The model '{model}' cannot be read: {detail}",
    "pf_gated_no_token": "{model} is a gated model and no Hugging Face token is set: accept its licence on "
                         "https://huggingface.co/{model} and set your token in Settings (or `fttool auth set hf`).",
    "pf_template_ok": "The chat template renders the first example (line {line}) in {tokens} tokens.",
    "pf_template_truncated": "The first example (line {line}) renders to {tokens} tokens, more than the block size "
                             "{block_size}: it will be cut. Raise the block size or shorten the examples.",
    "pf_template_failed": "The chat template fails on the first example (line {line}): {detail}. Training would "
                          "only fail on this after loading the model.",
    "pf_default_template": "The tokenizer has no chat template: AutoTrain's default one will be used.",
    "pf_default_template_trl": "The tokenizer has no chat template (a base model): fttool gives it ChatML "
                               "(<|im_start|>role ... <|im_end|>); chat with the tuned model in that format.",
    "pf_dpo_needs_template": "DPO needs the tokenizer's own chat template, and this model has none: choose an "
                             "instruct (chat) model.",
    "pf_no_template": "No chat template: the examples are trained as plain text.",
    "pf_no_template_trl": "The TRL engine trains chats through a chat template: choose the tokenizer's own, ChatML "
                          "or Zephyr.",
    "pf_no_examples": "{path} holds no example.",
    "pf_memory_ok": "Memory: about {need_mb} MB needed, {free_mb} MB free ({formula}).",
    "pf_memory_tight": "Memory: about {need_mb} MB needed, only {free_mb} MB free ({formula}). Lower the batch size "
                       "or block size, or close other programs.",
    "pf_memory_unknown": "Memory: the model's size is unknown, so no estimate ({formula}).",
    "pf_disk_ok": "Disk: {free_mb} MB free for the output (about {need_mb} MB).",
    "pf_disk_low": "Disk: only {free_mb} MB free, the output needs about {need_mb} MB.",
    "pf_device": "Training on {device}{detail}.",
    "local_bad_config": "{path}: {problems}",
})


@dataclass
class Check:
    key: str
    status: str  # pass | warn | fail
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.params)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "status": self.status, "code": self.code, "params": self.params,
                "message": self.message}


# -- the architecture ----------------------------------------------------------------------------------
def model_config(base_model: str, token: str | None = None) -> dict[str, Any]:
    """config.json of a local folder, or of a Hub model (the shared cache first, else one small download).
    Raises FtError (pf_no_config, model_gated, model_not_found, pf_model_unreachable)."""
    folder = Path(base_model).expanduser()
    if folder.is_dir():
        path = folder / "config.json"
        if not path.is_file():
            raise FtError("pf_no_config", path=str(folder))
    else:
        from huggingface_hub import hf_hub_download, try_to_load_from_cache
        from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

        cached = try_to_load_from_cache(base_model, "config.json")
        if isinstance(cached, str):
            path = Path(cached)
        else:
            try:
                path = Path(hf_hub_download(base_model, "config.json", token=token or False, etag_timeout=5))
            except GatedRepoError:
                raise FtError("model_gated", repo=base_model) from None
            except RepositoryNotFoundError:
                raise FtError("model_not_found", repo=base_model) from None
            except (HfHubHTTPError, OSError, ValueError) as exc:
                raise FtError("pf_model_unreachable", model=base_model, detail=str(exc)[:300]) from None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FtError("pf_model_unreachable", model=base_model, detail=str(exc)[:300]) from None
    return data


def architecture_check(engine: str, model_type: str | None) -> Check:
    """Whether the engine's installed transformers knows `model_type` (asked of the runtime at install); when not,
    which engine does."""
    from fttool.runtime import install
    from fttool.runtime.engines import ENGINES
    from fttool.runtime.engines import engine as get_engine

    eng = get_engine(engine)
    other = get_engine(next(e for e in ENGINES if e != engine))
    known = install.model_types(engine)
    st = install.status(engine=engine)
    here = {"model_type": model_type, "engine": eng.title().split(" (")[0],
            "transformers": st.get("transformers_version") or eng.transformers_version()}
    if known is None:  # not installed: the runtime check says so
        return Check("architecture", "warn", "pf_arch_unchecked", {"model": model_type, "detail": "no runtime"})
    if model_type in known:
        return Check("architecture", "pass", "pf_arch_ok", here)
    other_known = install.model_types(other.name)
    more = {"other": other.label, "other_transformers": other.transformers_version()}
    if other_known is None:
        return Check("architecture", "fail", "pf_arch_other_maybe", {**here, **more})
    if model_type in other_known:
        return Check("architecture", "fail", "pf_arch_other_engine", {**here, **more})
    return Check("architecture", "fail", "pf_arch_unknown", {**here, **more})


def check_launch(params: dict[str, Any], base_model: str | None, engine: str) -> dict[str, Any]:
    """The checks every launch gets, quick enough for any door (no runtime Python is started). Raises UsageError
    with every problem found; returns {"method", "examples", "model_type"}."""
    from fttool import credentials
    from fttool.providers.local.trl import resolve_method
    from fttool.runtime import install
    from fttool.runtime.engines import engine as get_engine

    eng = get_engine(engine)
    if not base_model:
        raise UsageError("param_required_model")
    st = install.status(engine=engine)
    if not st["installed"]:
        raise UsageError("runtime_not_installed", engine=eng.label, version=eng.version(), name=eng.name)
    try:
        cfg = model_config(str(base_model), credentials.get("hf") if needs_hub(str(base_model)) else None)
    except FtError as exc:
        if exc.code == "pf_model_unreachable":  # offline with an uncached Hub model: the trainer will say
            cfg = {}
        else:
            raise UsageError(exc.code, **exc.params) from None
    model_type = cfg.get("model_type")
    if cfg:
        arch = architecture_check(engine, model_type)
        if arch.status == "fail":
            raise UsageError(arch.code, **arch.params)
    method = resolve_method(params) if engine == "trl" else "sft"
    data = params.get("training_file")
    if not data:
        raise UsageError("local_no_data")
    if engine == "autotrain" and resolve_method({"training_file": data}) == "dpo":
        raise UsageError("pf_data_method", path=str(data), engine=eng.label)
    files = [("training_file", str(data))]
    if engine == "trl" and params.get("validation_file"):
        files.append(("validation_file", str(params["validation_file"])))
    examples = 0
    for name, path in files:
        n, problems = check_examples(Path(path), method="dpo" if method == "dpo" else "supervised")
        if name == "training_file":
            examples = n
        if problems:
            raise UsageError("local_data_invalid", path=path, count=len(problems), detail=all_problems(problems))
    return {"method": method, "examples": examples, "model_type": model_type}


# -- the whole pre-flight ------------------------------------------------------------------------------
def _gated(base_model: str) -> bool:
    from fttool.runtime.base_models import base_models

    return any(m["id"] == base_model and m.get("gated") for m in base_models().get("models", []))


def preflight(params: dict[str, Any], base_model: str | None, *, provider: Any,
              timeout: float = 300.0) -> dict[str, Any]:
    """Every check before launch, each pass/warn/fail with what to do. Checks that need transformers or jinja run
    in the engine runtime's Python (resources/runtime/probe.py). Returns {"checks": [...], "rendered": {...},
    "ok": no fail, "seconds": n, "memory": {...}, "engine": ...}."""
    from fttool import credentials
    from fttool.providers.local.common import _where
    from fttool.providers.local.trl import resolve_method, template_choice
    from fttool.runtime import env, install
    from fttool.runtime.engines import engine as get_engine
    from fttool.runtime.engines import resolve_engine

    t0 = time.monotonic()
    checks: list[Check] = []
    try:  # `provider`: the LocalProvider (fttool.providers.local.preflight() passes it: this module sits below it)
        params = provider.effective_params(params)
    except UsageError as exc:
        checks.append(Check("config", "fail", "local_bad_config", {"path": params.get("config_file"),
                                                                 "problems": exc.message}))
    try:
        engine, why, why_params = resolve_engine(params.get("engine"), params)
    except FtError as exc:
        checks.append(Check("engine", "fail", exc.code, exc.params))
        engine, why, why_params = "trl", "engine_auto_trl", {"transformers": get_engine("trl").transformers_version()}
    eng = get_engine(engine)
    checks.append(Check("engine", "pass", "pf_engine", {"title": eng.title(), "why": render(why, why_params),
                                                         "why_code": why, "why_params": why_params,
                                                         "engine": engine}))
    for p in provider.validate_parameters({**params, "engine": engine}):
        checks.append(Check(p.name, "fail", "local_bad_config", {"path": p.name, "problems": p.message}))
    hw = hardware()
    gpu = f": {hw.gpus[0].name}, {hw.gpus[0].memory_free_mb} MB free" if hw.gpus else ""
    checks.append(Check("device", "pass", "pf_device", {"device": hw.device, "detail": gpu}))
    for name in ("quantization", "mixed_precision"):
        v = params.get(name)
        code = gpu_only_code(name, hw.device)
        if v not in (None, "none") and code:
            checks.append(Check(name, "fail", code, {}))
    # the dataset: every problem with its line
    data = params.get("training_file")
    method = resolve_method(params) if engine == "trl" else "sft"
    examples = 0
    if not data or not Path(str(data)).is_file():
        checks.append(Check("dataset", "fail", "local_no_data"))
    else:
        if engine == "autotrain" and resolve_method({"training_file": data}) == "dpo":
            checks.append(Check("dataset", "fail", "pf_data_method", {"path": str(data), "engine": eng.label}))
        examples, bad = check_examples(Path(str(data)), method="dpo" if method == "dpo" else "supervised")
        for problem in bad[:50]:
            checks.append(Check("dataset", "fail", "pf_data_invalid", {"path": str(data), "line": problem["line"],
                                                                       "detail": _where(problem)}))
        if not bad:
            checks.append(Check("dataset", "warn" if examples < 10 else "pass",
                                "pf_data_few" if examples < 10 else "pf_data_ok", {"examples": examples}))
    vf = params.get("validation_file")
    if vf:
        if engine == "autotrain":
            checks.append(Check("validation", "warn", "pf_validation_ignored", {"path": str(vf)}))
        elif Path(str(vf)).is_file():
            n, bad = check_examples(Path(str(vf)), method="dpo" if method == "dpo" else "supervised")
            for problem in bad[:50]:
                checks.append(Check("validation", "fail", "pf_data_invalid", {"path": str(vf),
                                                                              "detail": _where(problem)}))
            if not bad:
                checks.append(Check("validation", "pass", "pf_validation_ok", {"examples": n}))
    if engine == "trl" and _value(params, "chat_template") == "none":
        checks.append(Check("chat_template", "fail", "pf_no_template_trl"))
    # the runtime and the model
    st = install.status(engine=engine)
    probe: dict[str, Any] = {}
    arch_failed = False
    if not st["installed"]:
        route = eng.route(env.install_device(hw))
        checks.append(Check("runtime", "fail", "pf_runtime_missing", {"engine": eng.label,
                                                                      "download_mb": route["download_mb"],
                                                                      "disk_mb": route["disk_mb"]}))
    elif base_model:
        if st.get("outdated"):
            checks.append(Check("runtime_outdated", "warn", "pf_runtime_outdated", {
                "engine": eng.label, "installed": st.get("transformers_version"),
                "pinned": eng.transformers_version()}))
        hub = needs_hub(base_model)
        token = credentials.get("hf") if hub else None
        if hub and not token and _gated(base_model):
            checks.append(Check("model", "fail", "pf_gated_no_token", {"model": base_model}))
        try:
            cfg = model_config(base_model, token)
        except FtError as exc:
            if exc.code != "pf_model_unreachable":
                checks.append(Check("model_config", "fail", exc.code, exc.params))
                arch_failed = True
        else:
            arch = architecture_check(engine, cfg.get("model_type"))
            checks.append(arch)
            arch_failed = arch.status == "fail"
        if not arch_failed:
            probe = _probe(engine, params, base_model, data, method, token, timeout, checks, st, hw)
            _name, warn = template_choice(params, base_model) if engine == "trl" else (None, None)
            if warn and method == "dpo":
                checks.append(Check("chat_template", "fail", "pf_dpo_needs_template"))
            elif warn:
                checks.append(Check("chat_template_default", "warn", warn))
    else:
        checks.append(Check("model", "fail", "param_required_model"))
    # the recipe (auto): its values where the person set none, the plan in plain words and why
    rec = None
    if recipe.recipe_mode(params) == "auto" and examples and base_model:
        from fttool.providers.local.preview import rows_estimate as _rows_estimate

        rows = _rows_estimate(params, method) if engine == "trl" else examples
        params, rec = recipe.for_launch(params, engine, examples=examples, rows=rows,
                                        measured=recipe.measured_from(probe, base_model), device=hw.device)
        code, plain = rec.plain()
        checks.append(Check("recipe", "pass", code, plain))
        for reason, reason_params in rec.reasons:
            checks.append(Check("recipe_reason", "pass", reason, reason_params))
    # memory and disk
    need, formula = estimate_memory_mb(probe.get("num_parameters"), probe.get("config"), params, hw.device)
    free = hw.gpus[0].memory_free_mb if hw.device == "cuda" and hw.gpus else hw.ram_free_mb
    if need is None:
        checks.append(Check("memory", "warn", "pf_memory_unknown", {"formula": formula}))
    else:
        ok = free is None or need <= free
        checks.append(Check("memory", "pass" if ok else "warn", "pf_memory_ok" if ok else "pf_memory_tight",
                            {"need_mb": need, "free_mb": free, "formula": formula}))
    n = probe.get("num_parameters") or 0
    out_mb = int(n * (4 if _value(params, "merge_adapter") and engine == "autotrain" else 0.1) / (1 << 20)) + 200
    from fttool.paths import jobs_files_dir

    free_disk = shutil.disk_usage(jobs_files_dir()).free // (1 << 20)
    checks.append(Check("disk", "pass" if free_disk >= out_mb else "fail",
                        "pf_disk_ok" if free_disk >= out_mb else "pf_disk_low",
                        {"free_mb": free_disk, "need_mb": out_mb}))
    return {"ok": not any(c.status == "fail" for c in checks), "checks": [c.to_dict() for c in checks],
            "rendered": probe.get("rendered"), "num_parameters": probe.get("num_parameters"),
            "memory": {"need_mb": need, "free_mb": free, "formula": formula}, "engine": engine, "method": method,
            "engine_reason": render(why, why_params), "seconds": round(time.monotonic() - t0, 2),
            "examples": examples, "recipe": rec.to_dict() if rec else None}


def _probe(engine: str, params: dict[str, Any], base_model: str, data: Any, method: str, token: str | None,
           timeout: float, checks: list[Check], st: dict[str, Any], hw: Any) -> dict[str, Any]:
    """The checks that need transformers, in the engine runtime's own Python."""
    from fttool.runtime import env

    try:
        probe = run_probe(engine, params, base_model, data, token, timeout,
                          lengths=recipe.recipe_mode(params) == "auto")
    except (subprocess.TimeoutExpired, ValueError, IndexError, OSError, FtError) as exc:
        detail = exc.message if isinstance(exc, FtError) else str(exc)
        checks.append(Check("runtime", "fail", "pf_runtime_broken", {"detail": detail[:300]}))
        return {}
    from fttool.runtime.engines import engine as get_engine

    if probe.get("error"):
        checks.append(Check("runtime", "fail", "pf_runtime_broken", {"detail": probe["error"]}))
    else:
        checks.append(Check("runtime", "pass", "pf_runtime_ok", {
            "engine": get_engine(engine).label, "version": st.get("engine_version"), "torch": st["torch_version"],
            "transformers": st.get("transformers_version"), "device": st["device"]}))
        if env.install_device(hw) == "cuda" and st.get("install_device") != "cuda":
            checks.append(Check("runtime_device", "warn", "pf_runtime_cpu_on_gpu",
                                {"gpu": hw.gpus[0].name if hw.gpus else "GPU"}))
    for c in probe.get("checks", []):
        if c["key"] == "model_type":
            continue  # the architecture check above, from the same transformers, says it with the other engine
        if c["code"] == "pf_model_unreachable" and "gated" in str(c.get("params", {}).get("detail", "")).lower():
            checks.append(Check("model", "fail", "pf_gated_no_token", {"model": base_model}))
            continue
        checks.append(Check(c["key"], c["status"], c["code"], c.get("params", {})))
    return probe


from fttool.providers.local.memory import MEMORY_FORMULA, estimate_memory_mb  # noqa: E402  (re-exported)
from fttool.providers.local.probe import run_probe  # noqa: E402

__all__ = ["MEMORY_FORMULA", "Check", "check_launch", "estimate_memory_mb", "preflight", "run_probe", "specs_for",
           "validate_against"]
