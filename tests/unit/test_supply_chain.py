"""Supply chain (issue 26, item 6): every runtime lock carries the hash of every file it may install and the
installer runs pip in hash-checking mode on it; torch comes from one index at a time (PyTorch's for the +cpu build,
alone and without dependencies); the uv wheel the app bundles is pinned by sha256; Hugging Face Jobs installs the
same hashed pins."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fttool.runtime import engines, install

ROOT = Path(__file__).resolve().parents[2]
LOCKS = [ROOT / "resources" / "runtime" / n for n in ("trl.lock", "constraints-cpu.txt", "constraints-cuda.txt")]


def test_every_pin_but_torch_carries_its_files_hashes() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "lock_hashes.py"), "--check", *map(str, LOCKS)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    for path in LOCKS:
        lines = engines.read_lock(path)
        for ln in lines:
            name = ln.split("==")[0].lower()
            assert name == "torch" or "--hash=sha256:" in ln, (path.name, ln[:60])
        assert engines.hashed([ln for ln in lines if not ln.lower().startswith("torch==")])


@pytest.mark.parametrize(("engine", "device"), [("trl", "cpu"), ("trl", "cuda"), ("autotrain", "cpu"),
                                                 ("autotrain", "cuda")])
def test_the_install_runs_pip_in_hash_checking_mode(engine: str, device: str, tmp_path: Path) -> None:
    plan = install.make_plan(device, engine=engine, venv=Path("/rt") / engine, python=["python3.11"],
                             os_name="posix", system="Linux", find_links=[str(tmp_path)])
    packages = plan.steps[2].argv
    assert "--require-hashes" in packages and "--no-deps" in packages
    # TRL's lock is wheels only; AutoTrain's has one sdist-only package (ipadic), built from its pinned sdist
    assert ("--only-binary" in packages) == (engine == "trl")
    assert all("--hash=sha256:" in r for r in plan.requirements)
    assert not any("--hash" in c for c in plan.constraints_lines)  # torch's constraints: pins without hashes
    torch = plan.steps[1].argv
    assert "--extra-index-url" not in torch  # one index per resolution
    if device == "cpu":  # no local +cpu wheel here: PyTorch's CPU index, for torch alone
        assert torch[torch.index("--index-url") + 1].startswith("https://download.pytorch.org/") and "--no-deps" in torch
    else:
        assert "--index-url" not in torch and "-c" in torch


def test_a_changed_hash_is_not_outdated_but_a_changed_version_is() -> None:
    eng = engines.engine("trl")
    lines = eng.requirements("cpu")
    assert engines.pins(lines) == engines.pins(engines.unhashed(lines))


def test_the_bundled_uv_wheel_is_pinned_by_sha256(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import uv_bundle
    finally:
        sys.path.pop(0)
    assert uv_bundle.UV_VERSION in next(iter(uv_bundle.UV_SHA256))
    platforms = " ".join(uv_bundle.UV_SHA256)
    for tag in ("manylinux_2_17_x86_64", "macosx_11_0_arm64", "win_amd64"):
        assert tag in platforms, tag
    name = next(n for n in uv_bundle.UV_SHA256 if "manylinux_2_17_x86_64" in n)
    fake = tmp_path / name
    fake.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: the right name, not the pinned file
    assert not uv_bundle.pinned_digest(fake) and uv_bundle.cached_uv_wheel(tmp_path) is None
