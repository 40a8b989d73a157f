"""The installer recipes checked as far as this Linux machine allows without building: the Windows (Inno
Setup) and macOS (.app/.dmg) recipes and the CI workflows name files and executables that exist and match the
spec; the icons are real images; the bundle filters keep and drop what they should."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "packaging"


def _load(name: str):  # type: ignore[no-untyped-def]
    """packaging/<name>.py by path (`build` is also the name of a PyPI package)."""
    spec = importlib.util.spec_from_file_location(f"fttool_packaging_{name}", PKG / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load("build")
pyi_common = _load("pyi_common")


def spec_text() -> str:
    return (PKG / "fttool.spec").read_text()


def test_spec_bundles_resources_and_both_entry_points() -> None:
    spec = spec_text()
    assert 'datas = [(str(RES), "resources")]' in spec  # fttool/resources.py looks in _MEIPASS/resources
    assert "entry_app.py" in spec and "entry_cli.py" in spec
    assert 'name=f"{NAME}-app"' in spec and "name=NAME" in spec and 'NAME = os.environ.get("FTTOOL_BUNDLE_NAME", "fttool")' in spec
    for entry in ("entry_app.py", "entry_cli.py"):
        text = (PKG / entry).read_text()
        # freeze_support before anything else is imported: a spawned worker must never build the app
        assert text.index("multiprocessing.freeze_support()") < text.index("from ")
    assert build.BUNDLE == ROOT / "build" / "package" / "dist" / "fttool"


def test_heavy_packages_are_excluded() -> None:
    for name in ("torch", "transformers", "nvidia", "tensorflow", "pytest", "PySide6.QtWebEngineCore",
                 "PySide6.QtQml", "PySide6.Qt3DCore"):
        assert name in pyi_common.EXCLUDES


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/translations/qtbase_ms.qm", True),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qt_help_pt_BR.qm", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/lib/libQt6QuickWidgets.so.6", False),
    ("PySide6/Qt/lib/libQt6Charts.so.6", True),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("resources/sample_project/project.json", True),
])
def test_bundle_filter(dest: str, kept: bool) -> None:
    assert pyi_common.keep_entry(dest) is kept


def test_inno_setup_script_matches_the_bundle() -> None:
    iss = (PKG / "windows" / "fttool.iss").read_text()
    root = (PKG / "windows" / "..\\..".replace("\\", "/")).resolve()
    assert root == ROOT
    icon = re.search(r"^SetupIconFile=\{#Root\}\\(.+)$", iss, re.M)
    assert icon and (ROOT / icon.group(1).replace("\\", "/")).is_file()
    source = re.search(r'^Source: "\{#Root\}\\([^"*]+)\\\*"', iss, re.M)
    assert source and ROOT / source.group(1).replace("\\", "/") == build.BUNDLE
    # the shortcuts start the windowed executable the spec builds, the PATH task adds the CLI's folder
    assert 'Filename: "{app}\\fttool-app.exe"' in iss
    assert "addtopath" in iss and "{olddata};{app}" in iss
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.M)


def test_macos_recipe_matches_the_spec() -> None:
    spec = spec_text()
    assert 'name="fttool.app"' in spec and '"CFBundleExecutable": f"{NAME}-app"' in spec
    assert 'icon = str(ICON_DIR / "fttool.icns")' in spec
    script = (PKG / "macos" / "make_dmg.sh").read_text()
    assert "app=build/package/dist/fttool.app" in script and "hdiutil create" in script
    subprocess.run(["bash", "-n", str(PKG / "macos" / "make_dmg.sh")], check=True)


def test_workflows_parse_and_name_existing_files() -> None:
    for name in ("package-windows.yml", "package-macos.yml"):
        path = ROOT / ".github" / "workflows" / name
        flow = yaml.safe_load(path.read_text())
        steps = next(iter(flow["jobs"].values()))["steps"]
        runs = "\n".join(s.get("run", "") for s in steps)
        assert "python packaging/build.py --no-installers" in runs
        assert "--smoke" in runs and "validate resources" in runs
        for ref in re.findall(r"(?:packaging|resources)[/\\][\w./\\-]+", runs):
            ref = ref.replace("\\", "/").rstrip(".")
            assert (ROOT / ref).exists(), f"{name} names {ref}, which does not exist"


def test_icons_are_real_images() -> None:
    icons = ROOT / "resources" / "icons"
    ET.parse(icons / "fttool.svg")  # well-formed
    for name, size in (("fttool.png", 256), ("fttool-48.png", 48)):
        data = (icons / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == size and int.from_bytes(data[20:24], "big") == size
    assert (icons / "fttool.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons / "fttool.icns").read_bytes()[:4] == b"icns"


def test_desktop_entry_is_valid() -> None:
    desktop = PKG / "linux" / "fttool.desktop"
    text = desktop.read_text()
    assert "Exec=fttool-app %F" in text and "Icon=fttool" in text and "Terminal=false" in text
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (make sysdeps-test installs it)")
    proc = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(not (sys.platform.startswith("linux") and shutil.which("readelf")), reason="ELF tools")
def test_pruning_removes_only_libraries_nothing_links_to(tmp_path: Path) -> None:
    """A library kept only for a dropped plugin goes; one an extension module links to stays."""
    import sysconfig

    dynload = Path(sysconfig.get_config_var("DESTSHARED") or Path(sys.base_prefix, "lib", "lib-dynload"))
    ext = next(dynload.glob("_ssl*.so"), None)
    if ext is None:
        pytest.skip("no _ssl extension module to link against")
    needed = build._needed([ext])[ext]
    libdir = Path("/usr/lib") / f"{sysconfig.get_config_var('MULTIARCH') or 'x86_64-linux-gnu'}"
    linked = next((libdir / n for n in needed if (libdir / n).is_file()), None)
    orphan = libdir / "libz.so.1"
    if linked is None or not orphan.is_file() or orphan.name in needed:
        pytest.skip("system libraries for this check are missing")
    internal = tmp_path / "fttool" / "_internal"
    (internal / "lib-dynload").mkdir(parents=True)
    shutil.copy2(ext, internal / "lib-dynload" / ext.name)
    shutil.copy2(linked, internal / linked.name)
    shutil.copy2(orphan, internal / orphan.name)
    (internal / "libz.so").symlink_to("libz.so.1")
    removed = build.prune_orphan_libraries(tmp_path / "fttool")
    assert removed == ["libz.so.1"]
    assert (internal / linked.name).is_file() and not (internal / "libz.so").exists()
