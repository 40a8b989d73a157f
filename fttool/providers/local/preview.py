"""What the Train view and `local_yaml` show for a local job before it runs: the engine `auto` chose and why, the
engine's YAML for the form's values (with the recipe's choices), and the equivalent command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fttool.errors import FtError
from fttool.messages import render
from fttool.providers.local import autotrain as at
from fttool.providers.local import recipe, trl
from fttool.providers.local.common import _value, hardware


def rows_estimate(params: dict[str, Any], method: str) -> int:
    """Training rows of the form's file for the YAML preview: counted when small, else estimated from the size
    (the preview runs on the GUI thread; the launch counts exactly)."""
    tf = params.get("training_file")
    try:
        path = Path(str(tf)) if tf else None
        if path is None or not path.is_file():
            return 100
        size = path.stat().st_size
        if size <= 2 << 20:
            n = 0
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.strip():
                        rows = trl.convert_example(json.loads(line), method, str(_value(params, "loss_on"))) \
                            if line.lstrip().startswith("{") else []
                        n += len(rows)
            return max(n, 1)
        with open(path, "rb") as fb:
            head = fb.read(1 << 20)
        lines = max(head.count(b"\n"), 1)
        return max(int(size / (len(head) / lines)), 1)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 100


def engine_view(params: dict[str, Any], base_model: str, job_folder: str | None,
                chosen: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the Train view and `local_yaml` show for the form's values: the engine auto chose and why, its YAML and
    the equivalent command. With the recipe on auto, the YAML carries `chosen` (the values the pre-flight's recipe
    chose from the data), else the recipe's choice from the rows alone (lengths are measured by the checks)."""
    from fttool.runtime import env
    from fttool.runtime.engines import engine as get_engine
    from fttool.runtime.engines import resolve_engine

    try:
        name, why, why_params = resolve_engine(params.get("engine"), params)
    except FtError:
        name, why, why_params = "trl", "engine_chosen", {"label": "TRL"}
    eng = get_engine(name)
    venv = env.runtime_dir(name)
    if recipe.recipe_mode(params) == "auto":
        if chosen is None:
            rows = rows_estimate(params, trl.resolve_method(params) if name == "trl" else "sft")
            chosen = recipe.choose(engine=name, examples=rows, rows=rows, lengths=None, num_parameters=None,
                                   model_max=None, device=hardware().device,
                                   given=recipe.given_values(params)).values()
        params = {**params, **{k: v for k, v in chosen.items() if params.get(k) is None}}
    reason = {"engine_reason": render(why, why_params), "engine_reason_code": why, "engine_reason_params": why_params}
    if name == "autotrain":
        return {"engine": name, "title": eng.title(), **reason, "method": "sft",
                "yaml": at.to_yaml(at.build_config(params, base_model)),
                "command": at.autotrain_command(job_folder, venv=venv)}
    method = trl.resolve_method(params)
    plan = trl.plan_steps(rows_estimate(params, method), params)
    template_name, _warn = trl.template_choice(params, base_model) if method == "sft" else (None, None)
    cfg = trl.build_config(params, base_model, device=hardware().device, method=method,
                           validation=bool(params.get("validation_file")), plan=plan,
                           template_file=trl.TEMPLATE_FILE if template_name else None)
    return {"engine": name, "title": eng.title(), **reason, "method": method,
            "yaml": trl.to_yaml(cfg, method), "command": trl.command(job_folder, venv, method), "plan": plan}
