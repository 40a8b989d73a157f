"""The probe: resources/runtime/probe.py run in the engine runtime's own Python (the model's config, size and
tokenizer, the first example rendered, every example's token count). Used by the pre-flight and the recipe; it
imports neither."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from fttool.providers.local.common import _value, needs_hub


def run_probe(engine: str, params: dict[str, Any], base_model: str, data: Any, token: str | None = None,
              timeout: float = 300.0, *, lengths: bool = False) -> dict[str, Any]:
    """resources/runtime/probe.py's preflight in the engine runtime's own Python: the model's config, size and
    tokenizer, the first example rendered and, with `lengths`, every example's token count. Raises
    subprocess.TimeoutExpired, OSError or ValueError when the runtime does not answer."""
    from fttool.providers.local.trl import TEMPLATES, template_choice
    from fttool.resources import resource
    from fttool.runtime import env, install

    template = None
    template_name = str(_value(params, "chat_template"))
    if engine == "trl":
        chosen, _warn = template_choice(params, base_model)
        template = TEMPLATES.get(chosen) if chosen else None
        template_name = "given" if template else "tokenizer"
    args = {"model": str(Path(base_model).expanduser()) if not needs_hub(base_model) else base_model,
            "data_file": str(data) if data and Path(str(data)).is_file() else None, "engine": engine,
            "chat_template": template_name, "template": template, "block_size": _value(params, "block_size"),
            "lengths": lengths}
    venv = install.require_installed(engine)
    extra = {"HF_TOKEN": token} if token else {}
    out = subprocess.run([str(env.venv_python(venv)), str(resource("runtime", "probe.py")), "preflight",
                          json.dumps(args)], capture_output=True, text=True, timeout=timeout,
                         env=install.runtime_env(venv, extra))
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result
