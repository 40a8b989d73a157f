"""Render resources/icons/fttool.svg to the raster icons the installers need (run after editing the SVG):
fttool.png (256 px: .desktop, .deb), fttool-48.png, fttool.ico (Windows) and fttool.icns (macOS).

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    img = QImage(QSize(size, size), QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    renderer.render(p)
    p.end()
    return img


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "fttool.svg"))
    if not renderer.isValid():
        print("fttool.svg does not parse", file=sys.stderr)
        return 1
    outputs = {"fttool.png": (256, "PNG"), "fttool-48.png": (48, "PNG"), "fttool.ico": (256, "ICO"),
               "fttool.icns": (512, "ICNS")}
    for name, (size, fmt) in outputs.items():
        if not render(renderer, size).save(str(ICONS / name), fmt):
            print(f"could not write {name} ({fmt})", file=sys.stderr)
            return 1
        print(ICONS / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
