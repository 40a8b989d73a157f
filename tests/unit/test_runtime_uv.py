"""A Python for the runtime from the bundled uv when the computer has none: only the uv binary is taken out of the
wheel (sha256 checked against RECORD, never outside its folder), `uv python install` runs as an argument list,
says first that it downloads about 30 MB, can be cancelled, and its Python is what uv.find_python() returns.
uv itself is stood in for by a small Python script in a wheel built here; system Pythons are hidden."""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fttool.errors import Cancelled, FtError
from fttool.runtime import env, process, uv

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a Python script with a shebang stands in for uv")

FAKE_UV = """#!{python}
import json, os, sys, time
args = sys.argv[1:]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.jsonl"), "a") as f:
    f.write(json.dumps({{"argv": args, "install_dir": os.environ.get("UV_PYTHON_INSTALL_DIR"),
                        "cache": os.environ.get("UV_CACHE_DIR")}}) + "\\n")
if args[:2] == ["python", "install"]:
    if os.environ.get("UV_FAKE_SLOW"):
        open(os.environ["UV_FAKE_SLOW"], "w").write(str(os.getpid()))
        for i in range(600):
            print(f"Downloading cpython-3.11.99 ({{i}} MiB)", flush=True)
            time.sleep(0.1)
    if os.environ.get("UV_FAKE_FAIL"):
        print("error: Failed to download https://github.com/astral-sh/python-build-standalone/...", flush=True)
        sys.exit(2)
    d = args[args.index("--install-dir") + 1]
    bindir = os.path.join(d, "cpython-3.11.99-linux-x86_64-gnu", "bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, "python3.11")
    if not os.path.lexists(link):
        os.symlink({real!r}, link)
    print("Downloading cpython-3.11.99-linux-x86_64-gnu (download) (29.5MiB)", flush=True)
    print("Installed Python 3.11.99 in 0.10s", flush=True)
    print(" + cpython-3.11.99-linux-x86_64-gnu", flush=True)
elif args[:2] == ["python", "find"]:
    d = os.environ["UV_PYTHON_INSTALL_DIR"]
    print(os.path.join(d, "cpython-3.11.99-linux-x86_64-gnu", "bin", "python3.11"))
else:
    sys.exit(2)
"""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def make_wheel(folder: Path, *, version: str = "0.0.0", tamper: bool = False,
               extra: dict[str, bytes] | None = None) -> Path:
    """A uv wheel as PyPI's: uv-<v>.data/scripts/uv and a RECORD with its sha256 (wrong when tamper)."""
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / f"uv-{version}-py3-none-manylinux_2_17_x86_64.whl"
    script = FAKE_UV.format(python=sys.executable, real=str(Path(sys.executable).resolve())).encode()
    members = {f"uv-{version}.data/scripts/uv": script, f"uv-{version}.dist-info/WHEEL": b"Wheel-Version: 1.0\n",
               **(extra or {})}
    record = "".join(f"{name},sha256={_b64(b'other' if tamper else data)},{len(data)}\n"
                     for name, data in members.items())
    record += f"uv-{version}.dist-info/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        z.writestr(f"uv-{version}.dist-info/RECORD", record)
    return wheel


@pytest.fixture
def runtimes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Runtimes in tmp, no system Python to be found, and a resources folder of our own (no uv wheel yet)."""
    root = tmp_path / "runtimes"
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(root))
    monkeypatch.setattr(env, "python_candidates", lambda os_name=None: [["python3.99-missing"]])
    res = tmp_path / "resources"
    res.mkdir()
    monkeypatch.setattr(uv, "resources_root", lambda: res)
    for var in ("UV_FAKE_SLOW", "UV_FAKE_FAIL"):
        monkeypatch.delenv(var, raising=False)
    return root


def bundle_wheel(tmp_path: Path, **kw: Any) -> Path:
    return make_wheel(tmp_path / "resources" / "runtime" / "uv", **kw)


def calls(root: Path) -> list[dict[str, Any]]:
    f = root / "uv" / "0.0.0" / "calls.jsonl"
    return [json.loads(ln) for ln in f.read_text().splitlines()] if f.exists() else []


def test_no_uv_wheel_keeps_the_no_python_message(runtimes: Path) -> None:
    assert uv.bundled_wheel() is None
    with pytest.raises(FtError) as err:
        uv.find_python()
    assert err.value.code == "runtime_no_python" and "python3.99-missing" in err.value.message
    plan = uv.python_plan()
    assert plan["source"] == "missing" and plan["code"] == "runtime_no_python" and plan["download_mb"] == 0
    assert not (runtimes / "uv").exists() and not (runtimes / "python").exists()


def test_source_checkout_has_no_uv_wheel() -> None:
    from fttool.resources import resources_root

    if (resources_root() / "runtime" / "uv").is_dir():
        pytest.skip("a uv wheel was placed in resources/ by hand")
    assert uv.bundled_wheel() is None


def test_uv_provisions_python_and_env_returns_it(runtimes: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    wheel = bundle_wheel(tmp_path)
    assert uv.bundled_wheel() == wheel
    plan = uv.python_plan()  # what the plan says before anything is downloaded
    assert plan["source"] == "download" and plan["download_mb"] == 30 and plan["code"] == "runtime_python_download"
    assert "download a Python 3.11 build of about 30 MB from the internet (python-build-standalone" in plan["message"]
    assert not (runtimes / "uv").exists()  # planning downloads and extracts nothing
    launched: list[tuple[Any, dict[str, Any]]] = []
    real_popen = uv.popen_new_session

    def spy(argv: Any, **kw: Any) -> Any:
        launched.append((argv, kw))
        return real_popen(argv, **kw)

    monkeypatch.setattr(uv, "popen_new_session", spy)
    seen: list[str] = []
    found = uv.find_python(progress=lambda d, t, m: seen.append(m))

    exe = runtimes / "uv" / "0.0.0" / "uv"
    with zipfile.ZipFile(wheel) as z:
        data = z.read("uv-0.0.0.data/scripts/uv")
    assert exe.read_bytes() == data and exe.stat().st_mode & 0o111  # extracted, executable, hash as RECORD's
    assert sorted(p.name for p in exe.parent.iterdir() if p.name != "calls.jsonl") == ["uv"]  # nothing else
    install_dir = runtimes / "python"
    assert all(isinstance(argv, list) and "shell" not in kw for argv, kw in launched)
    assert launched[0][0] == [str(exe), "python", "install", "3.11", "--install-dir", str(install_dir), "--no-bin",
                              "--no-registry", "--color", "never"]
    assert launched[1][0][:3] == [str(exe), "python", "find"] and "--managed-python" in launched[1][0]
    made = calls(runtimes)
    assert made[0]["install_dir"] == str(install_dir) and made[0]["cache"] == str(runtimes / "uv" / "cache")
    python = install_dir / "cpython-3.11.99-linux-x86_64-gnu" / "bin" / "python3.11"
    assert found.command == [str(python)] and found.version == sys.version_info[:2]
    assert "30 MB" in seen[0] and "python-build-standalone" in seen[0]
    assert any("Installed Python 3.11.99" in m for m in seen)
    assert "about 30 MB from the internet" in uv.log_path().read_text()
    # next time the downloaded Python is used as it is: uv does not run again
    assert uv.find_python().command == [str(python)]
    assert len(calls(runtimes)) == 2
    assert uv.python_plan()["source"] == "downloaded"


def test_tampered_binary_is_refused(runtimes: Path, tmp_path: Path) -> None:
    bundle_wheel(tmp_path, tamper=True)
    with pytest.raises(FtError) as err:
        uv.find_python()
    assert err.value.code == "runtime_uv_bad_wheel" and "sha256" in err.value.message
    folder = runtimes / "uv" / "0.0.0"
    assert not (folder / "uv").exists() and not list(folder.iterdir())  # no binary, no partial file
    assert not (runtimes / "python").exists() or not list((runtimes / "python").iterdir())


def test_binary_changed_after_extraction_is_replaced(runtimes: Path, tmp_path: Path) -> None:
    wheel = bundle_wheel(tmp_path)
    exe = uv.extract_uv(wheel, runtimes / "uv")
    exe.write_bytes(b"#!/bin/sh\necho evil\n")
    assert uv.extract_uv(wheel, runtimes / "uv") == exe
    with zipfile.ZipFile(wheel) as z:
        assert exe.read_bytes() == z.read("uv-0.0.0.data/scripts/uv")


def test_member_escaping_the_folder_is_refused(runtimes: Path, tmp_path: Path) -> None:
    wheel = bundle_wheel(tmp_path, extra={"uv-0.0.0.data/scripts/../../../../evil/uv": b"#!/bin/sh\n"})
    with pytest.raises(FtError) as err:
        uv.extract_uv(wheel, runtimes / "uv")
    assert err.value.code == "runtime_uv_bad_wheel" and "../" in err.value.message
    assert not (runtimes / "uv").exists() and not (tmp_path / "evil").exists()
    with pytest.raises(FtError):
        uv.find_python()


def test_bad_wheel_names_are_refused(tmp_path: Path) -> None:
    for name in ("uv-..-py3-none-any.whl", "notuv-1.0-py3-none-any.whl", "uv-1.0.whl"):
        with pytest.raises(FtError) as err:
            uv.wheel_version(tmp_path / name)
        assert err.value.code == "runtime_uv_bad_wheel"
    assert uv._unsafe("/etc/passwd") and uv._unsafe("a/../../b") and uv._unsafe("C:/x") and uv._unsafe("a\\b")
    assert not uv._unsafe("uv-0.13.9.data/scripts/uv")


def test_failed_download_names_the_log(runtimes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle_wheel(tmp_path)
    monkeypatch.setenv("UV_FAKE_FAIL", "1")
    with pytest.raises(FtError) as err:
        uv.find_python()
    assert err.value.code == "runtime_uv_failed" and "exit 2" in err.value.message
    assert "Failed to download" in err.value.message and str(uv.log_path()) in err.value.message


def test_cancel_ends_uv(runtimes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle_wheel(tmp_path)
    pidfile = tmp_path / "uv.pid"
    monkeypatch.setenv("UV_FAKE_SLOW", str(pidfile))
    t0 = time.monotonic()
    seen: list[str] = []
    with pytest.raises(Cancelled):
        uv.find_python(progress=lambda d, t, m: seen.append(m), cancel=lambda: time.monotonic() - t0 > 1.5)
    assert not process.group_alive(int(pidfile.read_text()))
    assert any("MiB" in m for m in seen)  # uv's progress lines reached the status text
    assert uv.installed_pythons() == []


def _pack(wheel: Path) -> tuple[Path, Path]:
    """packaging/uv_bundle.py's pack_uv, as the bundle build runs it, into the wheel's own folder."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
    try:
        from uv_bundle import pack_uv
    finally:
        sys.path.pop(0)
    return pack_uv(wheel, cache_dir=wheel.parent)


def test_the_xz_packed_uv_the_bundle_ships_is_unpacked_checked_and_used(runtimes: Path, tmp_path: Path) -> None:
    wheel = bundle_wheel(tmp_path)
    packed, digest = _pack(wheel)
    wheel.unlink()  # the bundle ships only the packed executable and its digest
    assert uv.bundled_wheel() == packed and digest.read_text().startswith("sha256=")
    found = uv.find_python()
    exe = runtimes / "uv" / "0.0.0" / "uv"
    assert exe.stat().st_mode & 0o111 and exe.read_bytes().startswith(b"#!")
    assert found.command[0].startswith(str(runtimes / "python"))
    # a packed file that does not match its digest is refused, and nothing is left behind
    exe.unlink()
    digest.write_text("sha256=" + _b64(b"something else") + "\n")
    with pytest.raises(FtError) as err:
        uv.extract_uv(packed, runtimes / "uv")
    assert err.value.code == "runtime_uv_bad_wheel" and "sha256" in err.value.message
    assert not exe.exists() and not [p for p in exe.parent.iterdir() if p.name.endswith(".part")]
    packed.write_bytes(b"not xz at all")
    with pytest.raises(FtError):
        uv.extract_uv(packed, runtimes / "uv")
