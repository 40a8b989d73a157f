"""The runtime's environment: venv layout per platform (bin/ vs Scripts\\), PATH with the runtime first (trap 1),
hardware detection with a faked nvidia-smi, MPS on Apple silicon, the Python finder and the install plan."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from fttool.runtime import env, install, uv


def fake_nvidia_smi(folder: Path, output: str, code: int = 0) -> None:
    script = folder / "nvidia-smi"
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{output}\nEOF\nexit {code}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "fakebin"
    d.mkdir()
    monkeypatch.setenv("PATH", f"{d}{os.pathsep}{os.environ['PATH']}")
    return d


def test_venv_layout_windows_and_posix() -> None:
    assert str(env.venv_executable(r"C:\Users\a\rt", "autotrain", "nt")) == r"C:\Users\a\rt\Scripts\autotrain.exe"
    assert str(env.venv_python(r"C:\rt", "nt")) == r"C:\rt\Scripts\python.exe"
    assert str(env.venv_executable("/home/a/rt", "accelerate", "posix")) == "/home/a/rt/bin/accelerate"


def test_path_puts_runtime_bin_first_once() -> None:
    p = env.path_with_venv_first("/rt", "/usr/bin:/rt/bin:/bin", "posix")
    assert p.split(":") == ["/rt/bin", "/usr/bin", "/bin"]
    w = env.path_with_venv_first(r"C:\rt", r"C:\Windows;C:\rt\Scripts", "nt")
    assert w.split(";") == [r"C:\rt\Scripts", r"C:\Windows"]


@pytest.mark.skipif(sys.platform == "win32", reason="shell script stands in for nvidia-smi")
def test_nvidia_gpu_detected(fake_bin: Path) -> None:
    fake_nvidia_smi(fake_bin, "NVIDIA GeForce RTX 4080, 16376, 15900, 550.54.14")
    hw = env.detect_hardware(system="Linux", machine="x86_64")
    assert hw.device == "cuda"
    assert hw.gpus[0].name == "NVIDIA GeForce RTX 4080" and hw.gpus[0].memory_total_mb == 16376
    assert hw.driver == "550.54.14"
    assert env.install_device(hw) == "cuda"


@pytest.mark.skipif(sys.platform == "win32", reason="shell script stands in for nvidia-smi")
def test_broken_nvidia_smi_means_cpu(fake_bin: Path) -> None:
    fake_nvidia_smi(fake_bin, "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver", 9)
    hw = env.detect_hardware(system="Linux", machine="x86_64")
    assert hw.device == "cpu" and hw.gpus == []


def test_no_nvidia_smi_means_cpu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert env.detect_hardware(system="Linux", machine="x86_64").device == "cpu"


def test_apple_silicon_is_mps_and_installs_the_pypi_build(monkeypatch: pytest.MonkeyPatch) -> None:
    hw = env.detect_hardware(system="Darwin", machine="arm64")
    assert hw.device == "mps"
    assert env.install_device(hw) == "cpu"
    plan = install.make_plan("cpu", venv=Path("/rt"), python=["python3.11"], os_name="posix", system="Darwin")
    torch_step = next(s for s in plan.steps if s.key == "torch")
    assert "torch==2.13.0" in torch_step.argv and plan.torch_index is None  # PyPI's macOS wheel carries MPS
    assert env.detect_hardware(system="Darwin", machine="x86_64").device == "cpu"


def test_plan_cpu_linux_uses_local_cpu_wheel_when_pip_offers_one(tmp_path: Path) -> None:
    (tmp_path / "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl").write_bytes(b"")
    plan = install.make_plan("cpu", engine="autotrain", venv=Path("/rt"), python=["python3.11"], os_name="posix",
                             system="Linux", find_links=[str(tmp_path)])
    keys = [s.key for s in plan.steps]
    assert keys == ["venv", "torch", "packages", "prune", "check"]
    torch_step = plan.steps[1]
    assert "torch==2.13.0+cpu" in torch_step.argv and "--extra-index-url" not in torch_step.argv
    packages = plan.steps[2]
    assert "--no-deps" in packages.argv and str(plan.constraints).endswith("constraints-cpu.txt")
    assert plan.steps[0].argv == ["python3.11", "-m", "venv", "/rt"]
    assert plan.steps[1].argv[0] == "/rt/bin/python"
    # trap 2: the CPU lock never names torchvision or timm, and they are removed if present
    lock = install.read_lock(plan.constraints)
    names = {ln.split("==")[0].lower() for ln in lock}
    assert {"autotrain-advanced", "torch", "transformers", "peft", "accelerate", "trl"} <= names
    assert not names & {"torchvision", "timm", "bitsandbytes", "nvidia-nccl-cu12"}
    assert {"torchvision", "timm"} <= set(plan.steps[3].argv)
    assert plan.steps[2].argv[-1] == "/rt-requirements.txt" and "torch==2.13.0" not in plan.requirements


def test_trl_plan_reads_the_one_lock_and_its_routes(tmp_path: Path) -> None:
    """The TRL engine's plan comes from resources/runtime/trl.lock alone: the CPU route leaves the CUDA-only
    bitsandbytes out, the CUDA route takes it; torch's version is the lock's."""
    from fttool.runtime.engines import engine, pins

    (tmp_path / "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl").write_bytes(b"")
    cpu = install.make_plan("cpu", engine="trl", venv=Path("/rt/trl"), python=["python3.11"], os_name="posix",
                            system="Linux", find_links=[str(tmp_path)])
    cuda = install.make_plan("cuda", engine="trl", venv=Path("/rt/trl"), python=["python3.11"], os_name="posix",
                             system="Linux")
    assert str(cpu.constraints).endswith("trl.lock") and cpu.engine == "trl"
    lock = engine("trl").pinned("cpu")
    assert f"torch=={lock['torch']}+cpu" in cpu.steps[1].argv and f"torch=={lock['torch']}" in cuda.steps[1].argv
    cpu_names, cuda_names = set(pins(cpu.requirements)), set(pins(cuda.requirements))
    assert {"trl", "transformers", "peft", "accelerate", "datasets", "sentencepiece", "gguf"} <= cpu_names
    assert "bitsandbytes" not in cpu_names and "bitsandbytes" in cuda_names
    assert "torch" not in cpu_names  # torch is its own step (+cpu or CUDA)
    assert "Installing TRL" in cpu.steps[2].label and "bitsandbytes" in cpu.steps[3].argv


def test_plan_cpu_linux_without_local_wheel_uses_pytorch_cpu_index(tmp_path: Path) -> None:
    plan = install.make_plan("cpu", venv=Path("/rt"), python=["python3"], os_name="posix", system="Linux",
                             find_links=[str(tmp_path)])
    argv = plan.steps[1].argv
    # torch alone from PyTorch's index (never mixed with PyPI in one resolution); its dependencies come from the
    # hashed lock in the next step
    assert argv[argv.index("--index-url") + 1] == "https://download.pytorch.org/whl/cpu"
    assert "--no-deps" in argv and "--extra-index-url" not in argv and "-c" not in argv


def test_plan_cuda_linux_and_windows() -> None:
    plan = install.make_plan("cuda", engine="autotrain", venv=Path("/rt"), python=["python3"], os_name="posix",
                             system="Linux")
    assert "torch==2.13.0" in plan.steps[1].argv and "--extra-index-url" not in plan.steps[1].argv
    lock = install.read_lock(plan.constraints)
    from fttool.runtime.engines import pins

    assert pins(lock)["bitsandbytes"] == "0.45.5"  # trap 3: 0.45.0 needs triton.ops, gone in triton 3.x
    assert not any(ln.startswith(("torchvision==", "timm==")) for ln in lock)
    packages = plan.steps[2].argv  # hash-checking mode: a file other than the pinned ones is refused
    assert {"--require-hashes", "--no-deps"} <= set(packages)  # (AutoTrain: ipadic comes as an sdist)
    assert plan.download_mb == 3900 and plan.disk_mb == 7400
    win = install.make_plan("cuda", engine="autotrain", venv=Path(r"C:\rt"), python=["py", "-3.11"], os_name="nt",
                            system="Windows")
    assert win.steps[1].argv[0] == r"C:\rt\Scripts\python.exe"
    assert "https://download.pytorch.org/whl/cu128" in win.steps[1].argv


def test_lock_agrees_with_machine_cap() -> None:
    """The shipped torch pin must satisfy the machine's pip constraints (/etc/xdg/pip/constraints.txt here)."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    cap = Path("/etc/xdg/pip/constraints.txt")
    if not cap.exists():
        pytest.skip("no machine-wide pip constraints here")
    from fttool.runtime.engines import all_engines

    for eng in all_engines():
        version = Version(eng.torch_version("cpu"))
        for line in cap.read_text().splitlines():
            line = line.split("#")[0].strip()
            if line.startswith("torch") and not line.startswith(("torchvision", "torchaudio")):
                assert version in SpecifierSet(line[len("torch"):]), (eng.name, line)


def test_find_python_explains_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from fttool.errors import FtError

    monkeypatch.setattr(env, "python_candidates", lambda os_name=None: [["python3.99-missing"]])
    with pytest.raises(FtError) as err:
        uv.find_python()
    assert err.value.code == "runtime_no_python" and "python3.11" in err.value.message
    assert "python3.99-missing" in err.value.message


def test_find_python_rejects_313(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from fttool.errors import FtError

    fake = tmp_path / "python3.13"
    fake.write_text("#!/bin/sh\necho 3 13\necho /usr/bin/python3.13\n")
    fake.chmod(0o755)
    monkeypatch.setattr(env, "python_candidates", lambda os_name=None: [[str(fake)], [sys.executable]])
    found = uv.find_python()
    assert found.version == sys.version_info[:2] and found.command == [sys.executable]
    monkeypatch.setattr(env, "python_candidates", lambda os_name=None: [[str(fake)]])
    with pytest.raises(FtError):
        uv.find_python()


def test_runtime_dir_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fttool_home: Path) -> None:
    monkeypatch.delenv("FTTOOL_RUNTIME_DIR", raising=False)
    assert env.runtime_dir("autotrain") == fttool_home / "runtimes" / "autotrain-0.8.36"
    assert env.runtime_dir() == fttool_home / "runtimes" / "trl"  # the default engine
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(tmp_path / "ci"))
    assert env.runtime_dir("autotrain") == tmp_path / "ci" / "autotrain-0.8.36"
