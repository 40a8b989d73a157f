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


def test_after_the_first_paint_the_service_log_and_first_view_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = subprocess.run([APP, "--smoke-view"], cwd=tmp_path, env=_env(QT_QPA_PLATFORM="offscreen",
                                                                      FTTOOL_HOME=str(home)),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    assert (home / "logs" / "fttool.log").is_file()  # logging set up after the paint
    assert (home / "jobs.sqlite3").is_file()  # the service thread started and opened the store


def test_a_real_window_under_xvfb(tmp_path: Path) -> None:
    """The xcb platform (what a person's desktop uses) with its system libraries: a real X server."""
    import shutil

    import pytest

    if not shutil.which("Xvfb"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the real-window test: make test installs xvfb")
        pytest.skip("needs Xvfb (Debian: xvfb)")
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "screen.png"
    r = subprocess.run([sys.executable, str(root / "tools" / "xvfb_shot.py"), str(out), "--view", "settings",
                        "--wait", "4", "--home", str(tmp_path / "home")],
                       capture_output=True, text=True, timeout=120, env=_env())
    assert r.returncode == 0, r.stdout + r.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 700
    # the window is drawn: many distinct colours, not an empty black screen
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 5
