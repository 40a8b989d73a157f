"""The installer's run: progress parsed from pip's output, disk check, cancel that ends pip's whole group, a retry
that resumes, the kept log, status and remove. pip itself is stood in for by small Python scripts."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import pytest

from fttool.errors import Cancelled, FtError
from fttool.runtime import env, install, process

PIP_LINES = """Looking in links: /opt/wheels
Collecting autotrain-advanced==0.8.36
  Downloading autotrain_advanced-0.8.36-py3-none-any.whl (341 kB)
Processing /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl
Collecting transformers==4.48.0
  Downloading transformers-4.48.0-py3-none-any.whl (9.7 MB)
Requirement already satisfied: numpy==2.4.6 in ./lib/python3.11/site-packages (2.4.6)
Collecting peft==0.14.0
  Downloading peft-0.14.0-py3-none-any.whl (374 kB)
  Downloading big-1.0.whl (1.2 GB)
Installing collected packages: peft, transformers, autotrain-advanced
Successfully installed autotrain-advanced-0.8.36 peft-0.14.0 transformers-4.48.0
"""


def test_pip_progress_parser() -> None:
    pp = install.PipProgress()
    for line in PIP_LINES.splitlines():
        pp.feed(line)
        if line.startswith("Processing"):
            assert pp.current == "torch"
    assert pp.packages == 5
    assert pp.current == "peft"
    assert pp.installing and pp.done
    assert pp.downloaded_mb == pytest.approx(0.333 + 9.7 + 0.365 + 1228.8, rel=0.01)


def test_disk_check_names_sizes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(tmp_path))
    plan = install.make_plan("cpu", engine="autotrain", venv=tmp_path / "rt", python=["python3"])
    Usage = type("Usage", (), {})
    u = Usage()
    u.free = 900 * (1 << 20)  # type: ignore[attr-defined]
    monkeypatch.setattr(install.shutil, "disk_usage", lambda p: u)
    with pytest.raises(FtError) as err:
        install.check_disk(plan)
    assert err.value.code == "runtime_no_space"
    assert "1100 MB downloaded" in err.value.message and "3000 MB installed" in err.value.message
    assert "900 MB are free" in err.value.message
    u.free = 10_000 * (1 << 20)  # type: ignore[attr-defined]
    assert install.check_disk(plan)["need_mb"] == 1100 + 3000 + 500


def _script_step(tmp_path: Path, name: str, body: str, weight: int = 100, key: str = "packages") -> install.Step:
    script = tmp_path / f"{name}.py"
    script.write_text(body)
    return install.Step(key, f"Step {name}", [sys.executable, str(script)], weight, expected_packages=4)


SLOW_PIP = """
import os, subprocess, sys, time
# a grandchild in the same group, as pip's build backends are
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open(sys.argv[0] + ".pid", "w").write(str(os.getpid()))
for i in range(1000):
    print(f"Collecting pkg{i}==1.0", flush=True)
    print(f"  Downloading pkg{i}-1.0-py3-none-any.whl (1.0 MB)", flush=True)
    time.sleep(0.05)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_cancel_ends_pip_and_its_children(tmp_path: Path) -> None:
    log = tmp_path / "install.log"
    step = _script_step(tmp_path, "slow", SLOW_PIP)
    seen: list[tuple[int, str]] = []
    t0 = time.monotonic()

    def cancel() -> bool:
        return time.monotonic() - t0 > 1.0

    with pytest.raises(Cancelled):
        install._run_step(step, log, 0, lambda d, t, m: seen.append((d, m)), cancel, {"downloaded_mb": 0.0})
    pid = int(Path(str(tmp_path / "slow.py") + ".pid").read_text())
    assert not process.group_alive(pid)  # pip and its grandchild are gone
    assert any("pkg" in m and "MB downloaded" in m for _d, m in seen)
    assert [d for d, _m in seen] == sorted(d for d, _m in seen)  # progress never goes back
    assert "Collecting pkg0==1.0" in log.read_text()  # the log is kept


def _fake_plan(tmp_path: Path, venv: Path, fail_once: Path) -> install.InstallPlan:
    ok = "print('Collecting a==1'); print('Successfully installed a-1')\n"
    flaky = (f"import os, sys\nif not os.path.exists({str(fail_once)!r}):\n"
             f"    open({str(fail_once)!r}, 'w').close(); print('ERROR: network'); sys.exit(1)\n" + ok)
    plan = install.InstallPlan("cpu", venv, [sys.executable], Path("c.txt"), download_mb=1, disk_mb=1)
    plan.steps = [
        install.Step("venv", "venv", [sys.executable, "-m", "venv", "--without-pip", str(venv)], 10),
        _script_step(tmp_path, "torch", ok, key="torch"),
        _script_step(tmp_path, "packages", flaky),
        install.Step("prune", "prune", [sys.executable, "-c", "pass"], 10),
        install.Step("check", "check", [], 10),
    ]
    return plan


def test_failed_install_keeps_log_and_retry_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(tmp_path / "runtimes"))
    venv = env.runtime_dir("autotrain")
    fail_once = tmp_path / "failed-once"
    runs: list[str] = []
    monkeypatch.setattr(install, "make_plan", lambda device, **kw: _fake_plan(tmp_path, venv, fail_once))
    monkeypatch.setattr(install, "_installed", lambda venv, names: [])
    monkeypatch.setattr(install, "_venv_works", lambda v: (v / "pyvenv.cfg").exists())
    monkeypatch.setattr(install, "_check", lambda v, log, exe=(): runs.append("check") or
                        {"ok": True, "autotrain": "0.8.36", "torch": "2.13.0+cpu", "transformers": "4.48.0"})
    real_run = install._run_step
    monkeypatch.setattr(install, "_run_step", lambda step, *a: runs.append(step.key) or real_run(step, *a))
    py = env.PythonFound([sys.executable], sys.version_info[:2], sys.executable)
    with pytest.raises(FtError) as err:
        install.install("cpu", engine="autotrain", python=py)
    assert err.value.code == "runtime_step_failed" and "ERROR: network" in err.value.message
    st = install.status(engine="autotrain")
    assert not st["installed"] and st["partial"]
    assert runs == ["venv", "torch", "packages"]
    runs.clear()
    progress: list[int] = []
    st = install.install("cpu", engine="autotrain", python=py, progress=lambda d, t, m: progress.append(d))
    assert runs == ["torch", "packages", "check"]  # the venv is reused: a retry resumes
    assert st["installed"] and st["torch_version"] == "2.13.0+cpu" and st["autotrain_version"] == "0.8.36"
    assert progress[-1] == install.PROGRESS_TOTAL
    log = install.install_log_path("autotrain").read_text()
    assert log.count("install AutoTrain Advanced 0.8.36") == 2 and "ERROR: network" in log  # both attempts kept
    rec = json.loads((venv / env.MARKER).read_text())
    assert rec["size_mb"] >= 0 and rec["install_seconds"] >= 0
    assert install.remove("autotrain")["removed"] and not venv.exists()
    assert not install.status(engine="autotrain")["installed"]


def test_remove_refuses_a_foreign_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(tmp_path))
    for folder, engine in (("autotrain-0.8.36", "autotrain"), ("trl", "trl")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "precious.txt").write_text("x")
        with pytest.raises(FtError):
            install.remove(engine)
        assert (tmp_path / folder / "precious.txt").exists()


def test_install_cancel_between_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(tmp_path / "runtimes"))
    venv = env.runtime_dir("trl")
    monkeypatch.setattr(install, "make_plan", lambda device, **kw: _fake_plan(tmp_path, venv, tmp_path / "x"))
    flag = threading.Event()
    flag.set()
    py = env.PythonFound([sys.executable], sys.version_info[:2], sys.executable)
    with pytest.raises(Cancelled):
        install.install("cpu", python=py, cancel=flag.is_set)
    assert not (venv / env.MARKER).exists()
