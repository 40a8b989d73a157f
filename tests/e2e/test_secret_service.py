"""One test against a real Secret Service: gnome-keyring-daemon, unlocked, in a private dbus session.

It runs fttool's CLI inside `dbus-run-session` with keyring's own SecretService backend (no test backend),
stores a key, reads its status back, and checks the key is nowhere in the data dir. `make test` installs
gnome-keyring and dbus (Debian); where they are missing the test is skipped, except in CI where it fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

KEY = "sk-secret-service-0123456789"

SCRIPT = r"""
set -e
echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
printf '%s\n' "$KEY" | "$FTTOOL" auth set openai
"$FTTOOL" auth status --json > "$OUT/status.json"
"$PY" -c 'import keyring; print(type(keyring.get_keyring()).__module__)' > "$OUT/backend.txt"
"$PY" -c 'from fttool import credentials; print(credentials.get("openai") == "'"$KEY"'")' > "$OUT/readback.txt"
"$FTTOOL" auth delete openai > /dev/null
"$FTTOOL" auth status --json > "$OUT/after.json"
"""


@pytest.mark.secret_service
def test_real_secret_service_round_trip(tmp_path: Path, fttool_home: Path) -> None:
    missing = [exe for exe in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(exe)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the Secret Service test; missing: {missing} (make test installs them)")
        pytest.skip(f"needs {missing} (Debian: gnome-keyring dbus-daemon)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS")}
    env.update({"KEY": KEY, "OUT": str(tmp_path), "PY": sys.executable,
                "FTTOOL": str(Path(sys.executable).with_name("fttool")), "HOME": str(tmp_path)})
    r = subprocess.run(["dbus-run-session", "--", "sh", "-c", SCRIPT], env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "backend.txt").read_text().strip() == "keyring.backends.SecretService"
    rows = {row["provider"]: row for row in json.loads((tmp_path / "status.json").read_text())}
    assert rows["openai"] == {"provider": "openai", "set": True, "source": "keyring"}
    assert (tmp_path / "readback.txt").read_text().strip() == "True"
    after = {row["provider"]: row for row in json.loads((tmp_path / "after.json").read_text())}
    assert after["openai"]["set"] is False
    for f in fttool_home.rglob("*"):
        if f.is_file():
            assert KEY.encode() not in f.read_bytes(), f
