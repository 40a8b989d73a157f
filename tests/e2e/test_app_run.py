"""`fttool-app` as a person (or CI) starts it: with no display it renders every view to PNGs and exits 0;
`--smoke` opens the window, waits for the first paint and quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui.app import VIEW_ORDER

APP = str(Path(sys.executable).with_name("fttool-app"))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def test_no_display_renders_every_view_and_exits_0(tmp_path: Path) -> None:
    r = subprocess.run([APP], cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("No display found")
    shots = [Path(line) for line in lines[1:]]
    assert [p.name for p in shots] == [f"{k}.png" for k in VIEW_ORDER]
    for p in shots:
        assert p.parent == tmp_path / "build" / "screenshots"
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    assert "xcb" not in r.stderr.lower() or "abort" not in r.stderr.lower()


def test_smoke_paints_and_quits(tmp_path: Path) -> None:
    r = subprocess.run([APP, "--smoke"], cwd=tmp_path, env=_env(QT_QPA_PLATFORM="offscreen"),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
