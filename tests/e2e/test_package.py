"""The frozen app as a person gets it: the PyInstaller bundle built by packaging/build.py (the same build as
`make package`, from the clean venv under build/package/), its .deb and its tar.gz.

The build is cached by a hash of its inputs (fttool/, ui/, resources/, packaging/, pyproject, lock): it is
rebuilt only when one of them changed (about 2 minutes here, 25 s of which create the venv once).
FTTOOL_FROZEN_TESTS=0 skips this file (a developer's quick run); `make package-test` runs only this file.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.resource_tracker
import multiprocessing.spawn
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "packaging" / "build.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle and installers"),
    pytest.mark.skipif(os.environ.get("FTTOOL_FROZEN_TESTS") == "0", reason="FTTOOL_FROZEN_TESTS=0"),
    pytest.mark.timeout(1200),  # the first test may build the bundle
]


@pytest.fixture(scope="session")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """An up-to-date build (built now when the sources changed since the last one), hard-linked into this
    run's temp dir so that another test run rebuilding build/package/ cannot change it under our feet."""
    snap = tmp_path_factory.mktemp("frozen")
    proc = subprocess.run([sys.executable, str(BUILD), "--reuse-venv", "--if-changed", "--fast", "--snapshot", snap],
                          cwd=ROOT, capture_output=True, text=True, timeout=1500)
    if proc.returncode != 0:
        pytest.fail(f"packaging/build.py failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")
    manifest = json.loads((snap / "manifest.json").read_text())
    manifest["dir"] = Path(manifest["bundle"])
    return manifest


def frozen_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment a person's session has: no test keyring module (the bundle has no tests package),
    no PYTHONPATH pointing into the source tree, offscreen Qt, the test's data dir."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHON_KEYRING_BACKEND", "FTTOOL_TEST_KEYRING_FILE", "PYTHONPATH", "PYTHONHOME")}
    env.update({"FTTOOL_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra})
    return env


def run(cmd: list[str], env: dict[str, str], timeout: float = 120, cwd: Path | None = None,
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def test_bundle_layout_and_resources(frozen: dict) -> None:
    bundle: Path = frozen["dir"]
    for exe in ("fttool-app", "fttool"):
        assert os.access(bundle / exe, os.X_OK), exe
    shipped = bundle / "_internal" / "resources"
    source = {p.relative_to(ROOT / "resources") for p in (ROOT / "resources").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    bundled = {p.relative_to(shipped) for p in shipped.rglob("*") if p.is_file()}
    assert source <= bundled, f"resources missing from the bundle: {sorted(map(str, source - bundled))[:20]}"
    # no torch, transformers or CUDA, and none of the Qt parts the app does not use
    internal = bundle / "_internal"
    names = {p.name for p in internal.iterdir()}
    for heavy in ("torch", "transformers", "nvidia", "tensorflow", "pytest", "PIL", "pandas"):
        assert heavy not in names, heavy
    qt_libs = {p.name for p in (internal / "PySide6" / "Qt" / "lib").iterdir()}
    assert not [n for n in qt_libs if n.startswith(("libQt6WebEngine", "libQt6Quick", "libQt6Qml", "libQt63D"))]
    assert frozen["bundle_bytes"] < 350e6, f"bundle is {frozen['bundle_bytes'] / 1e6:.0f} MB"


def test_frozen_app_smoke_starts_offscreen(frozen: dict, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = run([str(frozen["dir"] / "fttool-app"), "--smoke"], frozen_env(home), timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr


def test_frozen_app_renders_every_view_with_the_sample_project(frozen: dict, tmp_path: Path) -> None:
    """`--screenshots` opens the project (the sample one, copied out of the bundle's resources) and draws every
    view: each view's imports, icons and tables are in the bundle."""
    home, shots = tmp_path / "home", tmp_path / "shots"
    proc = run([str(frozen["dir"] / "fttool-app"), "--screenshots", str(shots)], frozen_env(home), timeout=120,
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    from ui.app import VIEW_ORDER

    for key in VIEW_ORDER:
        png = shots / f"{key}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000, key
    projects = [p for p in (home / "projects").iterdir() if (p / "project.json").is_file()]
    assert projects, "the sample project was not copied from the bundle"
    assert (projects[0] / "data" / "train.jsonl").stat().st_size > 0


def test_the_bundle_carries_the_malay_translation(frozen: dict) -> None:
    qm = list(frozen["dir"].rglob("resources/i18n/fttool_ms.qm"))
    assert qm and qm[0].stat().st_size > 10_000, "the bundle has no compiled Malay translation"


def test_the_bundle_takes_numpys_released_wheel(frozen: dict) -> None:
    """No numpy is built from source (it took about 4 minutes of a fresh build): the bundle has the released wheel,
    with its OpenBLAS, and stays under the cap (test_bundle_size_and_layout)."""
    assert (frozen.get("numpy") or {}).get("blas") == "openblas (PyPI wheel)", frozen.get("numpy")
    assert list((frozen["dir"] / "_internal").glob("numpy.libs/libscipy_openblas*")), "not numpy's released wheel"


def test_frozen_cli_version_and_help(frozen: dict, tmp_path: Path) -> None:
    env = frozen_env(tmp_path / "home")
    proc = run([str(frozen["dir"] / "fttool"), "--version"], env)
    assert proc.returncode == 0 and proc.stdout.strip() == f"fttool {frozen['version']}", proc
    proc = run([str(frozen["dir"] / "fttool"), "--help"], env)
    assert proc.returncode == 0
    # every room's subcommands load in the frozen CLI (they are imported by name)
    from fttool.cli import COMMAND_MODULES, build_parser

    assert COMMAND_MODULES
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        out = run([str(frozen["dir"] / "fttool"), name, "--help"], env)
        assert out.returncode == 0, f"fttool {name} --help: {out.stderr}"


def _validate_available(frozen: dict, env: dict[str, str]) -> bool:
    return run([str(frozen["dir"] / "fttool"), "validate", "--help"], env).returncode == 0


def test_frozen_cli_validates_the_sample_dataset(frozen: dict, tmp_path: Path) -> None:
    env = frozen_env(tmp_path / "home")
    if not _validate_available(frozen, env):
        pytest.skip("`fttool validate` does not exist yet (data engineer's issue)")
    sample = ROOT / "resources" / "sample_project" / "data" / "train.jsonl"
    proc = run([str(frozen["dir"] / "fttool"), "validate", str(sample), "--json"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["valid"] is True
    assert report["examples"] == sum(1 for line in sample.read_text(encoding="utf-8").splitlines() if line.strip())


def _children(pid: int) -> dict[int, str]:
    """Child processes of `pid` (from /proc) with their command lines."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                out[int(stat.parent.name)] = cmd
        except (OSError, IndexError, ValueError):
            continue
    return out


def test_frozen_cli_validates_a_large_file_with_workers(frozen: dict, tmp_path: Path) -> None:
    """A file above the in-process limit (8 MB) is checked by worker processes, and the report is right. On
    Linux the CLI forks its worker (a child of the same executable, with the same command line); elsewhere it
    spawns it: the frozen executable (fttool-app, which `fttool` links to) started with --multiprocessing-fork,
    the GUI's way on every system (test_frozen_app_runs_a_spawned_worker_without_opening_a_window)."""
    env = frozen_env(tmp_path / "home")
    if not _validate_available(frozen, env):
        pytest.skip("`fttool validate` does not exist yet (data engineer's issue)")
    big = tmp_path / "big.jsonl"
    rows = 50_000
    with big.open("w", encoding="utf-8") as fh:
        for i in range(rows):
            fh.write(json.dumps({"messages": [
                {"role": "system", "content": "You are a cooking assistant who answers in one or two sentences."},
                {"role": "user", "content": f"Question {i}: how long should I boil an egg for a soft yolk?"},
                {"role": "assistant", "content": f"About six minutes for a soft yolk (answer {i})."}]}) + "\n")
    assert big.stat().st_size > 8 << 20
    exe = str(frozen["dir"] / "fttool")
    out, err = tmp_path / "report.json", tmp_path / "stderr.txt"
    with out.open("w") as out_fh, err.open("w") as err_fh:  # files, not pipes: the report is large
        proc = subprocess.Popen([exe, "validate", str(big), "--json", "--workers", "2"], env=env,
                                stdout=out_fh, stderr=err_fh)
    seen: dict[int, str] = {}
    deadline = time.monotonic() + 240
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            for pid, cmd in _children(proc.pid).items():
                if cmd:  # (an exited child, not yet reaped, shows no command line)
                    seen.setdefault(pid, cmd)
            time.sleep(0.05)
    finally:
        if proc.poll() is None:  # hung: end it and its workers
            for child in _children(proc.pid):
                os.kill(child, 9)
            proc.kill()
            proc.wait()
            pytest.fail(f"fttool validate with workers did not finish in 240 s; children: {seen}")
    assert proc.returncode == 0, err.read_text()[-3000:]
    report = json.loads(out.read_text())
    assert report["examples"] == rows and report["valid"] is True, report
    if sys.platform.startswith("linux"):
        workers = [cmd for cmd in seen.values() if "--multiprocessing-fork" not in cmd and " validate " in cmd]
    else:
        workers = [cmd for cmd in seen.values() if "--multiprocessing-fork" in cmd]
    assert workers, f"no worker seen; children: {seen}"
    # the bundle's one executable (`fttool` links to it); a worker runs its task and never opens a window
    # (test_frozen_app_runs_a_spawned_worker_without_opening_a_window)
    real = str(Path(exe).resolve())
    assert all(cmd.split()[0] in (exe, real) for cmd in workers), workers


def test_frozen_app_runs_a_spawned_worker_without_opening_a_window(frozen: dict, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation workers are started with the spawn method: the frozen app runs its own executable with
    `--multiprocessing-fork ...`. We start a worker exactly as the frozen app does (sys.frozen, sys.executable
    = fttool-app) and check that the executable runs the task and exits instead of starting the app (which
    would fail on the unknown arguments, or open a second window and never exit)."""
    exe = frozen["dir"] / "fttool-app"
    out = tmp_path / "worker.txt"
    for key, value in frozen_env(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    # what a frozen parent sends: no main module to re-import, no sys.path from this test process
    monkeypatch.setattr(multiprocessing.spawn, "get_preparation_data",
                        lambda name: {"name": name, "authkey": bytes(multiprocessing.current_process().authkey)})
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe", os.fsencode(exe))  # what spawn executes
    # no resource tracker (it would outlive the test): the worker gets a descriptor it never writes to
    devnull = os.open(os.devnull, os.O_WRONLY)
    monkeypatch.setattr(multiprocessing.resource_tracker, "getfd", lambda: devnull)
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=Path.write_text, args=(out, "the worker ran in the frozen app"))
    proc.start()
    proc.join(60)
    if proc.is_alive():  # it became a second app instead of a worker
        proc.kill()
        proc.join(10)
        pytest.fail("the spawned worker did not exit: the frozen app relaunched itself")
    os.close(devnull)
    assert proc.exitcode == 0
    assert out.read_text() == "the worker ran in the frozen app"
    assert not (tmp_path / "home" / "ui.ini").exists(), "the worker created the main window's settings"


def test_frozen_cli_says_when_no_python_for_local_training(frozen: dict, tmp_path: Path) -> None:
    """The frozen app cannot use itself as the Python for the AutoTrain environment: with no Python 3.10-3.12
    on PATH it says that it will download one with the bundled uv (and how much) before anything happens, and a
    download that cannot happen (UV_OFFLINE here: no test reaches the internet) ends in a plain error naming
    the log, with no runtime left half made."""
    bundled = sorted((frozen["dir"] / "_internal" / "resources" / "runtime" / "uv").glob("uv-*.uv.xz"))
    assert len(bundled) == 1 and bundled[0].with_name(bundled[0].name + ".sha256").is_file(), bundled
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = frozen_env(tmp_path / "home", PATH=str(empty), UV_OFFLINE="1")
    for var in ("FTTOOL_RUNTIME_PYTHON", "FTTOOL_RUNTIME_DIR"):  # CI keeps an installed runtime in .cache/
        env.pop(var, None)
    status = run([str(frozen["dir"] / "fttool"), "runtime", "status"], env)
    assert status.returncode == 0, status.stderr
    assert "download a Python 3.11 build of about 30 MB" in status.stdout, status.stdout
    proc = run([str(frozen["dir"] / "fttool"), "runtime", "install", "--device", "cpu"], env)
    assert proc.returncode != 0
    assert "Downloading Python 3.11 with uv failed" in proc.stderr, proc.stderr
    assert "Network connectivity is disabled" in proc.stderr  # uv's own words, from the kept log
    assert "Traceback" not in proc.stderr
    runtimes = tmp_path / "home" / "runtimes"
    assert (runtimes / "logs" / "python-download.log").is_file()
    assert not any(p.name.startswith("autotrain") and (p / "pyvenv.cfg").exists() for p in runtimes.glob("*"))


def test_deb_installs_into_a_scratch_root(frozen: dict, tmp_path: Path) -> None:
    if "deb" not in frozen:
        pytest.skip("no dpkg-deb on this machine")
    deb = Path(frozen["deb"])
    info = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(": ", 1) for line in info.splitlines() if ": " in line)
    assert fields["Package"] == "fttool" and fields["Version"] == frozen["version"]
    assert "libxcb-cursor0" in fields["Depends"]
    root = tmp_path / "root"
    subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
    assert (root / "opt/fttool/fttool-app").is_file()
    assert (root / "opt/fttool/_internal/resources/sample_project/project.json").is_file()
    for exe in ("fttool", "fttool-app"):
        link = root / "usr/bin" / exe
        assert link.is_symlink() and not os.path.isabs(os.readlink(link))
        assert link.resolve() == (root / "opt/fttool" / exe).resolve()
    desktop = root / "usr/share/applications/fttool.desktop"
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.fail("desktop-file-validate is missing: apt-get install desktop-file-utils (make sysdeps-test)")
    check = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    entry = desktop.read_text()
    assert "Exec=fttool-app" in entry and "Icon=fttool" in entry
    assert (root / "usr/share/icons/hicolor/256x256/apps/fttool.png").is_file()
    assert (root / "usr/share/icons/hicolor/scalable/apps/fttool.svg").is_file()
    # the installed commands run through the /usr/bin links (the bundle finds itself through the link)
    env = frozen_env(tmp_path / "home")
    proc = run([str(root / "usr/bin/fttool"), "--version"], env)
    assert proc.returncode == 0 and frozen["version"] in proc.stdout
    proc = run([str(root / "usr/bin/fttool-app"), "--smoke"], env, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_tarball_has_the_bundle_and_a_desktop_entry(frozen: dict, tmp_path: Path) -> None:
    if "tar_gz" not in frozen:
        pytest.skip("no tar.gz built")
    top = f"fttool-{frozen['version']}"
    wanted = {f"{top}/fttool-app", f"{top}/fttool", f"{top}/fttool.desktop", f"{top}/fttool.png",
              f"{top}/install-desktop-entry.sh", f"{top}/_internal/resources/sample_project/project.json"}
    with tarfile.open(frozen["tar_gz"]) as tar:
        members = {m.name: m for m in tar.getmembers()}
        assert wanted <= set(members), sorted(wanted - set(members))
        assert all(not m.name.startswith(("/", "..")) and m.name.split("/")[0] == top for m in members.values())
        small = [members[n] for n in (f"{top}/fttool.desktop", f"{top}/fttool.png", f"{top}/install-desktop-entry.sh")]
        tar.extractall(tmp_path, members=small, filter="data")
    data_home = tmp_path / "xdg"
    proc = subprocess.run(["sh", str(tmp_path / top / "install-desktop-entry.sh")], capture_output=True, text=True,
                          env={**os.environ, "XDG_DATA_HOME": str(data_home), "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    entry = data_home / "applications" / "fttool.desktop"
    text = entry.read_text()
    assert f'Exec="{tmp_path / top}/fttool-app" %F' in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_frozen_cli_keeps_a_key_in_a_real_secret_service(frozen: dict, tmp_path: Path) -> None:
    """keyring finds its backends through package metadata: the frozen CLI must still reach the Secret Service
    (gnome-keyring in a private dbus session), and the key must not land in the data dir."""
    missing = [exe for exe in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(exe)]
    if missing:
        pytest.skip(f"needs {missing} (Debian: gnome-keyring dbus-daemon; make sysdeps-test)")
    secret = "sk-frozen-planted-0123456789abcdef"
    exe = frozen["dir"] / "fttool"
    script = (
        "echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1\n"
        f'printf "%s\\n" "$FTTOOL_SECRET" | "{exe}" auth set openai\n'
        f'"{exe}" auth status --json\n'
    )
    env = frozen_env(tmp_path / "home", FTTOOL_SECRET=secret)
    proc = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = json.loads(proc.stdout[proc.stdout.index("["):])
    openai = next(r for r in rows if r["provider"] == "openai")
    assert openai["set"] and openai["source"] == "keyring", rows
    assert secret not in proc.stdout + proc.stderr
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), f"the key was written to {path}"
