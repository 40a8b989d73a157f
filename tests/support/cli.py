"""Run the installed `fttool` CLI in a subprocess with the test's environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed `fttool` CLI in a subprocess with the test's environment."""
    exe = Path(sys.executable).with_name("fttool")
    return subprocess.run([str(exe), *args], input=input, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
