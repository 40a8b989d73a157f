"""PyInstaller settings shared by packaging/fttool.spec and the bare hello-window bundle that
bench/package.py builds beside it, so the two sizes compare like with like."""

from __future__ import annotations

# Heavy things the app never imports in-process: local training runs in its own managed environment
# (fttool/runtime), so no torch/transformers/CUDA; no other GUI toolkits, notebooks or test tools.
HEAVY_EXCLUDES = [
    "torch", "torchvision", "torchaudio", "transformers", "tokenizers", "accelerate", "peft", "trl",
    "bitsandbytes", "triton", "autotrain", "datasets", "safetensors", "sentencepiece", "nvidia", "cuda",
    "tensorflow", "jax", "flax", "scipy", "sklearn", "pandas", "matplotlib", "PIL", "IPython", "jupyter",
    "notebook", "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "mypy", "ruff", "importlinter",
    "setuptools", "pkg_resources", "pip", "wheel", "distutils", "lib2to3", "pydoc_data", "test", "unittest.test",
    # Parquet is read and written by fttool/datasets/parquet.py (pyarrow is 79 MB; it stays a test dependency).
    # hf_xet (8 MB): huggingface_hub falls back to plain HTTP downloads and LFS uploads without it, and our Hub
    # pushes pass file objects, which take the LFS route anyway.
    "pyarrow", "hf_xet",
    # numpy loads these on first use only (numpy.__getattr__) and nothing in the app uses them (2.9 MB)
    "numpy.random", "numpy.fft",
]

# Qt modules PySide6 ships that the app does not use (the PySide6 hooks only collect what is imported,
# this keeps a stray import from pulling in QML, WebEngine or 3D).
QT_EXCLUDES = [
    "PySide6." + m for m in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtBluetooth",
        "QtCanvasPainter", "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp",
        "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc",
        "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
        "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
        "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTextToSpeech", "QtUiTools",
        "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
        "QtWebView", "QtXml", "QtAsyncio", "scripts",
    )
]

EXCLUDES = HEAVY_EXCLUDES + QT_EXCLUDES

# Qt translations: keep English and Malay (the app's languages) and the base files Qt needs.
QT_TRANSLATION_LANGS = ("en", "ms")

# Shared libraries and plugins the window never loads (found in the bundle by PyInstaller's
# dependency scan of Qt plugins): dropped from the COLLECT step by file name.
DROP_BINARIES = (
    "libQt6Quick", "libQt6Qml", "libQt6Pdf", "libQt6VirtualKeyboard", "libQt6WebEngine", "libQt63D",
    "libQt6Multimedia", "libQt6Designer", "libQt6Labs", "libQt6Location", "libQt6Positioning",
    "libQt6Graphs", "libQt6Quick3D", "libQt6ShaderTools", "libQt6Sql",
    "plugins/qmltooling", "plugins/sqldrivers", "plugins/multimedia", "plugins/designer",
    "plugins/virtualkeyboard", "plugins/webview", "plugins/sceneparsers", "plugins/renderers",
    "plugins/geometryloaders", "plugins/position", "plugins/sensors", "plugins/texttospeech",
    "plugins/platforminputcontexts/libqtvirtualkeyboardplugin", "plugins/canbus", "plugins/scenegraph",
    # The GTK3 platform theme loads the system's GTK, which then meets the bundle's own copies of GLib,
    # cairo and pango (a known source of crashes in frozen Qt apps) and brings about 15 MB of them: Qt uses
    # the XDG desktop portal theme (native file dialogs) and Fusion instead.
    "platformthemes/libqgtk3", "libatk-1.0", "libcairo", "libpango", "libgdk_pixbuf", "libharfbuzz",
    "libfribidi", "libthai", "libdatrie", "libgraphite2", "libpixman",
)


def keep_entry(dest: str) -> bool:
    """False for a TOC entry (binaries or datas) the bundle does not need."""
    d = dest.replace("\\", "/")
    if "/translations/" in d and d.endswith(".qm"):
        name = d.rsplit("/", 1)[-1][:-3]  # qtbase_ms, qt_help_de, ...
        lang = name.rsplit("_", 1)[-1] if "_" in name else ""
        return lang.split("_")[0] in QT_TRANSLATION_LANGS or name.endswith(("_en", "_ms"))
    for bad in DROP_BINARIES:
        if bad in d:
            return False
    return True


def filter_toc(toc):
    return [entry for entry in toc if keep_entry(entry[0])]


def exe_options(console: bool) -> dict:
    return dict(
        debug=False,
        bootloader_ignore_signals=False,
        # PyInstaller's own strip also rewrites auditwheel-patched libraries (numpy's OpenBLAS in numpy.libs/)
        # into files the loader refuses ("ELF load command address/offset not page-aligned"): packaging/build.py
        # strips the bundle itself afterwards, leaving the *.libs folders alone (see strip_bundle)
        strip=False,
        upx=False,  # UPX makes Qt libraries slower to load and trips virus scanners
        console=console,
        disable_windowed_traceback=False,
    )
