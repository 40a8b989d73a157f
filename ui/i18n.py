"""The app's languages: English (the source strings) and Bahasa Melayu.

Sources: ui/translations/fttool_<lang>.ts (Qt Linguist XML, in the repo; tools/update_translations.py refreshes them).
Compiled: resources/i18n/fttool_<lang>.qm, built by `make translations` (`python -m ui.i18n build`) with the
pyside6-lrelease that ships in PySide6-Essentials, so the wheel and the frozen bundle carry it with resources/.
When it is missing or older than its .ts (a source checkout before `make`), the app compiles it once into the
data dir at startup.

The language: FTTOOL_LANG, else the `language` setting (Settings view), else the system locale.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LANGUAGES: dict[str, str] = {"en": "English", "ms": "Bahasa Melayu"}
TS_DIR = Path(__file__).resolve().parent / "translations"
_installed: list[QTranslator] = []
_current = "en"


def ts_file(lang: str) -> Path:
    return TS_DIR / f"fttool_{lang}.ts"


def shipped_qm(lang: str) -> Path | None:
    try:
        from fttool.resources import resources_root

        return resources_root() / "i18n" / f"fttool_{lang}.qm"
    except Exception:
        return None


def lrelease() -> str | None:
    """The lrelease of PySide6-Essentials (or one on PATH)."""
    import PySide6

    base = Path(PySide6.__file__).resolve().parent
    for cand in (base / "lrelease", base / "lrelease.exe", base / "Qt" / "libexec" / "lrelease"):
        if cand.is_file():
            return str(cand)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_ts(ts: Path, qm: Path) -> bool:
    tool = lrelease()
    if tool is None or not ts.is_file():
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_suffix(".qm.tmp")
    proc = subprocess.run([tool, "-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        return False
    os.replace(tmp, qm)
    return True


def _fresh(qm: Path | None, ts: Path) -> bool:
    if qm is None or not qm.is_file():
        return False
    return not ts.is_file() or qm.stat().st_mtime >= ts.stat().st_mtime


def qm_file(lang: str) -> Path | None:
    """The compiled catalog for `lang`: the shipped one when it is current, else one built in the data dir."""
    ts = ts_file(lang)
    shipped = shipped_qm(lang)
    if _fresh(shipped, ts):
        return shipped
    from fttool.paths import data_dir

    local = data_dir() / "i18n" / f"fttool_{lang}.qm"
    if _fresh(local, ts) or compile_ts(ts, local):
        return local
    return shipped if shipped is not None and shipped.is_file() else None


def system_language() -> str:
    for name in QLocale.system().uiLanguages() or [QLocale.system().name()]:
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def chosen_language(setting: str | None = None) -> str:
    env = os.environ.get("FTTOOL_LANG", "").strip().lower()
    if env in LANGUAGES:
        return env
    if setting is None:
        try:
            from fttool import settings

            setting = str(settings.get("language") or "")
        except Exception:
            setting = ""
    if setting in LANGUAGES:
        return setting
    return system_language()


def install(app: QCoreApplication, language: str | None = None) -> str:
    """Install the translators for the chosen language (Qt's own strings too, where Qt ships them)."""
    global _current
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    lang = language if language in LANGUAGES else chosen_language()
    _current = lang
    if lang == "en":
        return lang
    qm = qm_file(lang)
    if qm is not None:
        t = QTranslator(app)
        if t.load(str(qm)):
            app.installTranslator(t)
            _installed.append(t)
    qt = QTranslator(app)  # Qt's own dialogs (qtbase_<lang>.qm), when Qt has that language
    if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang


def current() -> str:
    return _current


def build_all(out_dir: Path | None = None) -> list[Path]:
    """Compile every ui/translations/*.ts into resources/i18n/ (what `make translations` runs)."""
    if out_dir is None:
        out_dir = Path(__file__).resolve().parent.parent / "resources" / "i18n"
    built = []
    for ts in sorted(TS_DIR.glob("fttool_*.ts")):
        qm = out_dir / (ts.stem + ".qm")
        if not compile_ts(ts, qm):
            raise SystemExit(f"lrelease failed for {ts} (is PySide6-Essentials installed?)")
        built.append(qm)
    return built


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        for p in build_all(Path(sys.argv[2]) if len(sys.argv) > 2 else None):
            print(p)
    else:
        print("usage: python -m ui.i18n build [OUT_DIR]", file=sys.stderr)
        sys.exit(2)
