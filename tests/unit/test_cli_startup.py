"""A run of one CLI command imports only its own module (startup matters: `fttool validate` of a small file),
and the console command exits right after its output, with its exit code."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import fttool.cli as cli


def test_the_command_map_is_what_the_modules_register() -> None:
    found: dict[str, str] = {}
    for mod in cli.COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(mod).register(sub)
        found.update({name: mod for name in sub.choices})
    assert found == cli.COMMAND_MODULE


def test_validate_imports_no_other_command(tmp_path: Path) -> None:
    p = tmp_path / "one.jsonl"
    p.write_text(json.dumps({"messages": [{"role": "user", "content": "Hi?"},
                                          {"role": "assistant", "content": "Hello."}]}) + "\n")
    code = ("import sys, json, io, contextlib\nfrom fttool.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    main(['validate', {str(p)!r}, '--json'])\n"
            "print(json.dumps(sorted(sys.modules)))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    loaded = set(json.loads(r.stdout))
    assert "fttool.datasets.cli" in loaded
    assert not loaded & {"fttool.jobs.cli", "fttool.decision.scoring", "fttool.chat.cli", "fttool.runtime.cli",
                         "openai", "huggingface_hub", "asyncio"}, sorted(loaded & {"openai", "asyncio"})


def test_the_console_command_exits_quickly_with_its_code_and_whole_output(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    lines = [json.dumps({"messages": [{"role": "user", "content": f"Question {i}?"},
                                      {"role": "assistant", "content": f"Answer {i}."}]}) for i in range(300)]
    good.write_text("\n".join(lines) + "\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n" + "\n".join(lines[:20]) + "\n")
    exe = [sys.executable, "-c", "import sys; from fttool.cli import main; sys.exit(main())"]
    r = subprocess.run([*exe, "validate", str(good), "--json"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and json.loads(r.stdout)["examples"] == 300  # flushed before the quick exit
    r = subprocess.run([*exe, "validate", str(bad)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stdout.rstrip().endswith("Not usable until the errors are fixed.")
