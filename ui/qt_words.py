"""Qt's own words on standard buttons (OK, Cancel, Save… of every QDialogButtonBox and QMessageBox).

Qt translates them through the platform theme's context ("QPlatformTheme", and "QGnomeTheme" on GNOME desktops);
Qt ships no Malay catalog, so fttool's own catalog carries them: the calls below are never run, they only show
pyside6-lupdate the sources (tools/update_translations.py), and the installed translator answers Qt's lookups."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _sources() -> list[str]:  # pragma: no cover - read by lupdate, never called
    translate = QCoreApplication.translate
    return [
        translate("QPlatformTheme", "OK"), translate("QPlatformTheme", "Save"),
        translate("QPlatformTheme", "Save All"), translate("QPlatformTheme", "Open"),
        translate("QPlatformTheme", "&Yes"), translate("QPlatformTheme", "Yes to &All"),
        translate("QPlatformTheme", "&No"), translate("QPlatformTheme", "N&o to All"),
        translate("QPlatformTheme", "Abort"), translate("QPlatformTheme", "Retry"),
        translate("QPlatformTheme", "Ignore"), translate("QPlatformTheme", "Close"),
        translate("QPlatformTheme", "Cancel"), translate("QPlatformTheme", "Discard"),
        translate("QPlatformTheme", "Help"), translate("QPlatformTheme", "Apply"),
        translate("QPlatformTheme", "Reset"), translate("QPlatformTheme", "Restore Defaults"),
        translate("QGnomeTheme", "&OK"), translate("QGnomeTheme", "&Save"), translate("QGnomeTheme", "&Cancel"),
        translate("QGnomeTheme", "&Close"), translate("QGnomeTheme", "Close without Saving"),
    ]
