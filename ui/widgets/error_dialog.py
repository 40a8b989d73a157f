"""The one error dialog: plain words first, the technical details one click away, a Copy button.
Also the global excepthooks (sys and threading) that log the error and show this dialog."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from fttool.errors import FtError
from fttool.log import format_exception, redact

log = logging.getLogger("fttool.ui")


class ErrorDialog(QMessageBox):
    def __init__(self, parent: QWidget | None, title: str, message: str, details: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(title)
        self.setText(redact(message))
        if details:
            self.setDetailedText(redact(details))
        self.copy_button = self.addButton(self.tr("Copy"), QMessageBox.ButtonRole.ActionRole)
        self.copy_button.clicked.disconnect()  # an ActionRole button would close the box
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.addButton(QMessageBox.StandardButton.Close)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def offer_report(self, report: str) -> None:
        """Say where the crash report went and add a button that opens it (the dialog stays open)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        self.setInformativeText(self.tr("A crash report (with no keys in it) was saved to:\n{0}").format(report))
        self.report_button = self.addButton(self.tr("Open crash report"), QMessageBox.ButtonRole.ActionRole)
        self.report_button.setToolTip(self.tr("Open the report to read it or attach it when you report the problem"))
        self.report_button.clicked.disconnect()  # an ActionRole button would close the box
        self.report_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(report)))

    def copy_to_clipboard(self) -> None:
        text = self.text() + ("\n\n" + self.detailedText() if self.detailedText() else "")
        QGuiApplication.clipboard().setText(text)


def show_error(parent: QWidget | None, message: str, details: str = "", title: str = "") -> ErrorDialog:
    """Show the error without blocking (window-modal, `open()` rather than `exec()`)."""
    dlg = ErrorDialog(parent, title or "fttool", message, details)
    dlg.open()
    return dlg


def describe(exc: BaseException) -> tuple[str, str]:
    """(plain message, details) for any exception."""
    from ui.messages import text

    if isinstance(exc, FtError):
        return text(exc.code, exc.params, exc.message), exc.details or ""
    return (f"Something went wrong: {type(exc).__name__}: {exc}",
            format_exception(type(exc), exc, exc.__traceback__))


class _ExceptionRelay(QObject):
    raised = Signal(str, str, str)

    def __init__(self, parent_widget: QWidget | None) -> None:
        super().__init__()
        self.parent_widget = parent_widget
        self.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.last_dialog: ErrorDialog | None = None

    @Slot(str, str, str)
    def _show(self, message: str, details: str, report: str) -> None:
        self.last_dialog = show_error(self.parent_widget, message, details)
        if report:
            self.last_dialog.offer_report(report)


_relay: _ExceptionRelay | None = None


def install_excepthooks(parent: QWidget | None) -> _ExceptionRelay:
    """Route uncaught exceptions (GUI thread and other threads) to the log and the error dialog."""
    global _relay
    _relay = _ExceptionRelay(parent)
    relay = _relay

    def hook(et: type[BaseException], ev: BaseException, tb: TracebackType | None) -> None:
        if issubclass(et, KeyboardInterrupt):
            sys.__excepthook__(et, ev, tb)
            return
        details = format_exception(et, ev, tb)
        log.error("uncaught exception: %s", details)
        try:
            from fttool.crash import write_report

            report = str(write_report(et, ev, tb))
        except Exception:  # a full disk must not hide the error itself
            log.exception("could not write a crash report")
            report = ""
        message, _ = describe(ev)
        relay.raised.emit(message, details, report)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    from fttool.crash import enable_fatal_log

    enable_fatal_log()  # a hard crash (a native library) leaves a report for the next start
    return relay


def uninstall_excepthooks() -> None:
    from fttool.crash import disable_fatal_log

    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    disable_fatal_log()
