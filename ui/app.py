"""The app: QApplication, the main window with its navigation, and the run modes.

    fttool-app                    open the window (the last project, or the sample project)
    fttool-app --smoke            open the window, wait for the first paint, quit (startup benchmark)
    fttool-app --screenshots DIR  render every view to DIR/<view>.png and quit
With no display (an SSH session, CI) the app says so in one line and renders the screenshots offscreen.
The window's File menu and projects are ui/project_menu.py, its status bar and notices ui/window_status.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

VIEW_ORDER = ("decide", "data", "train", "jobs", "playground", "settings")


def no_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="fttool-app", description="fttool: fine-tuning without code")
    p.add_argument("--project", help="open this project folder")
    p.add_argument("--smoke", action="store_true", help="open the main window, wait for the first paint, quit")
    p.add_argument("--smoke-view", action="store_true",
                   help="like --smoke, but wait until the first view is built and painted too")
    p.add_argument("--screenshots", metavar="DIR", help="write a PNG of each view into DIR and quit")
    p.add_argument("--view", choices=VIEW_ORDER, help="the view to show first")
    return p.parse_args(argv)


def instance_key() -> str:
    """The single-instance socket: on Windows a pipe name; on Linux and macOS a full path in a folder only this user
    can enter ($XDG_RUNTIME_DIR, else the data dir's run/, 0700), never a predictable name in the shared temp dir
    that another user's process could claim first."""
    import hashlib

    from fttool.paths import data_dir, private_run_dir

    digest = hashlib.sha1(str(data_dir().resolve()).encode()).hexdigest()[:12]
    if os.name == "nt":
        return "fttool-" + digest
    return str(private_run_dir() / f"fttool-{digest}.sock")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        if not (args.smoke or args.smoke_view) and not args.screenshots:
            args.screenshots = "build/screenshots"
            print("No display found (DISPLAY and WAYLAND_DISPLAY are unset): rendering every view offscreen "
                  f"to {args.screenshots}/ instead of opening a window.", flush=True)
    if getattr(sys, "frozen", False):  # a frozen app: worker processes must not start another window
        import multiprocessing

        multiprocessing.freeze_support()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    # the service thread parses streamed answers while the GUI thread waits for the interpreter lock: hand it
    # over every 1 ms instead of 5 (bench/eval.py: the longest GUI stall with two streams drops below 30 ms)
    sys.setswitchinterval(0.001)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("fttool")
    app.setOrganizationName("fttool")
    app.setApplicationDisplayName("fttool")
    from ui import i18n

    i18n.install(app)  # English or Malay: FTTOOL_LANG, the Settings choice, else the system locale

    interactive = not (args.smoke or args.smoke_view or args.screenshots)
    guard = None
    if interactive:
        from ui.single_instance import SingleInstance

        guard = SingleInstance(instance_key())
        if guard.forward_to_running():
            print("fttool is already running: brought its window forward.")
            return 0

    # The job service (and the log file) start right after the window's first paint (MainWindow.paintEvent).
    window = MainWindow(None, remember_geometry=interactive)
    window.confirm_quit = interactive  # with jobs running, say that training goes on after the window closes
    if args.screenshots:
        window.start_service()
    if guard is not None:
        guard.activated.connect(window.bring_forward)
        guard.listen()
    if args.screenshots:
        window.open_initial_project(args.project)
    else:  # opened right after the first paint, with the service
        window.deferred_project = (args.project,)
    if args.view:
        window.show_view(args.view)

    code = 0
    try:
        if args.screenshots:
            paths = window.write_screenshots(Path(args.screenshots))
            for p in paths:
                print(p)
        elif args.smoke or args.smoke_view:
            if args.smoke_view:  # the first view is built after the shell's first paint: wait for its paint
                window.firstViewShown.connect(
                    lambda view: FirstPaintWatcher(view, on_paint=lambda: QTimer.singleShot(0, app.quit)))
                watcher = FirstPaintWatcher(window, on_paint=lambda: None)
            else:
                watcher = FirstPaintWatcher(window, on_paint=app.quit)
            window.show()
            QTimer.singleShot(15_000, lambda: (watcher.timed_out(), app.quit()))
            app.exec()
            code = 0 if watcher.painted else 1
        else:
            from ui.widgets.error_dialog import install_excepthooks

            install_excepthooks(window)
            window.show()
            from ui.widgets.welcome import install_welcome

            install_welcome(window)  # the first start explains the four steps (F1 shows it again)
            code = app.exec()
    finally:
        window.shutdown()
        finished = window.service.stop(io_timeout=0.5) if window.service is not None else True
        if guard is not None:
            guard.close()
    if not finished:
        # Read-only work (a validation, a token count) is still running in the service's executor. Waiting
        # for it would only delay the exit: every write that matters is atomic or a SQLite transaction.
        import logging

        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code

# -- the main window ---------------------------------------------------------------------------------------
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Signal  # noqa: E402
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ui.bridge import Bridge  # noqa: E402
from ui.project_menu import ProjectMenu  # noqa: E402

if TYPE_CHECKING:
    from fttool.jobs.service import JobService
    from fttool.project import Project
from ui.views.base import View  # noqa: E402
from ui.window_status import WindowStatus  # noqa: E402

# key -> (module, class, title). Views are built on first use, so startup builds only the one shown first.
VIEW_CLASSES = {
    "decide": ("ui.views.decide", "DecideView", "Decide"),
    "data": ("ui.views.data", "DataView", "Data"),
    "train": ("ui.views.train", "TrainView", "Train"),
    "jobs": ("ui.views.jobs", "JobsView", "Jobs"),
    "playground": ("ui.views.playground", "PlaygroundView", "Playground"),
    "settings": ("ui.views.settings", "SettingsView", "Settings"),
}


QUIT_NOTICE_SETTING = "quit_notice_hidden"


def view_title(key: str) -> str:
    """The view's title in the person's language (the same translation entry as the view's own tr())."""
    from PySide6.QtCore import QCoreApplication

    _, cls, title = VIEW_CLASSES[key]
    return QCoreApplication.translate(cls, title)


def build_view(key: str, bridge: Bridge) -> View:
    import importlib

    module, cls, _ = VIEW_CLASSES[key]
    view = getattr(importlib.import_module(module), cls)(bridge)
    assert isinstance(view, View)
    return view


class FirstPaintWatcher(QObject):
    """Notices the window's first paint (the end of startup for `--smoke`)."""

    def __init__(self, window: QWidget, on_paint: Any) -> None:
        super().__init__(window)
        self.painted = False
        self._on_paint = on_paint
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            self._on_paint()
        return False

    def timed_out(self) -> None:
        if not self.painted:
            print("fttool-app --smoke: the window was not painted within 15 s", file=sys.stderr)


class MainWindow(ProjectMenu, WindowStatus, QMainWindow):
    """The window: the navigation and its views (built on first use), the first paint and what waits for it, the
    quit notice. The File menu and its projects are ProjectMenu (ui/project_menu.py); the status bar, the notices
    and the error dialog are WindowStatus (ui/window_status.py)."""

    firstViewShown = Signal(object)  # the first view, built after the window's first paint
    def __init__(self, service: JobService | None = None, remember_geometry: bool = True) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.service = service
        self.bridge = Bridge(service, self)
        self.remember_geometry = remember_geometry
        self.project: Project | None = None
        self.deferred_project: tuple[str | None] | None = None  # (path,) to open after the first paint
        self.confirm_quit = False  # the app sets it: a quit with jobs running says they go on
        self._quit_confirmed = False
        self._watching = 0
        self.recent: list[dict[str, Any]] = []  # the recent projects (File -> Open recent), from the service
        self.setWindowTitle("fttool")
        self.resize(1100, 720)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget#navigation { border: none; background: palette(window); padding-top: 8px; }"
            "QListWidget#navigation::item { padding: 9px 14px; border-radius: 6px; margin: 1px 6px; }"
            "QListWidget#navigation::item:selected { background: palette(highlight); color: palette(highlighted-text); }")
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        self.stack = QStackedWidget()
        self._views: dict[str, View] = {}
        self._placeholders: dict[str, QWidget] = {}
        for i, key in enumerate(VIEW_ORDER, start=1):
            title = view_title(key)
            item = QListWidgetItem(title)
            item.setToolTip(self.tr("{0} (Ctrl+{1})").format(title, i))
            self.nav.addItem(item)
            placeholder = QWidget()
            self._placeholders[key] = placeholder
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(lambda row: self.show_view(VIEW_ORDER[row]) if row >= 0 else None)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.file_menu = self.menuBar().addMenu(self.tr("&File"))  # its actions come right after the first paint
        self.file_menu.setObjectName("fileMenu")

        self._shortcuts_installed = False  # right after the first paint (Qt's key enums cost ~30 ms to load)

        self._build_status_bar()  # what the service is doing, the open project (window_status.py)
        # "Don't show this again" of the quit notice, asked from the service once (closing must not wait for it)
        self._quit_notice_hidden = False
        self.bridge.op("load_settings").success(self._on_settings).failure(self._say_failure).run()

        self._settings = QSettings(str(self._ui_settings_path()), QSettings.Format.IniFormat)
        if remember_geometry:
            geometry = self._settings.value("geometry")
            if isinstance(geometry, QByteArray):
                self.restoreGeometry(geometry)
        last = str(self._settings.value("view", "decide"))
        # The first view is built right after the window's first paint: the shell (navigation, status bar)
        # shows at once, and the view's imports and background loads do not hold up the window.
        self._pending_view: str | None = last if last in VIEW_ORDER else "decide"
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(VIEW_ORDER.index(self._pending_view))
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self._placeholders[self._pending_view])

    @staticmethod
    def _ui_settings_path() -> Path:
        from fttool.paths import data_dir

        return data_dir() / "ui.ini"

    # -- navigation ------------------------------------------------------------------------------------
    def show_view(self, key: str) -> None:
        self._pending_view = None
        view = self.view(key)
        row = VIEW_ORDER.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # comes back here through currentRowChanged
            return
        self.stack.setCurrentWidget(view)

    def current_view(self) -> View:
        view = self.stack.currentWidget()
        if not isinstance(view, View):  # not built yet (the first view waits for the first paint)
            self.show_view(VIEW_ORDER[self.nav.currentRow()])
            view = self.stack.currentWidget()
        assert isinstance(view, View)
        return view

    def paintEvent(self, event: Any) -> None:  # Qt API
        super().paintEvent(event)
        from PySide6.QtCore import QTimer

        if self.service is None or (not self.service.running and not self.service.stopped):
            QTimer.singleShot(0, self.start_service)
        if self.deferred_project is not None:
            QTimer.singleShot(0, self._open_deferred_project)
        if not self._shortcuts_installed:
            QTimer.singleShot(0, self.install_shortcuts)
        if self._pending_view is not None:
            QTimer.singleShot(0, self._build_pending_view)

    def install_shortcuts(self) -> None:
        """Ctrl+1..6 for the views, and Quit."""
        if self._shortcuts_installed:
            return
        self._shortcuts_installed = True
        for i, key in enumerate(VIEW_ORDER, start=1):
            action = QAction(self)
            action.setObjectName(f"show_{key}")
            action.setShortcut(QKeySequence(f"Ctrl+{i}"))
            action.triggered.connect(lambda _=False, k=key: self.show_view(k))
            self.addAction(action)
        self._build_file_menu()

    def _open_deferred_project(self) -> None:
        if self.deferred_project is not None:
            (path,), self.deferred_project = self.deferred_project, None
            self.open_initial_project(path)

    def start_service(self) -> None:
        """Start the job service thread (once) and send the commands views asked for meanwhile."""
        if self.service is None:
            from fttool.jobs.service import JobService
            from fttool.log import setup_logging

            setup_logging()
            self.service = JobService()
            self.bridge.attach(self.service)
        if not self.service.running and not self.service.stopped:
            self.service.start()
            self.bridge.service_started()
            self.refresh_recent()

    def _build_pending_view(self) -> None:
        key, self._pending_view = self._pending_view, None
        if key is not None and not isinstance(self.stack.currentWidget(), View):
            self.show_view(key)
            self.firstViewShown.emit(self.current_view())

    def view(self, key: str) -> View:
        """The view for `key`, built (and given the open project) on first use."""
        view = self._views.get(key)
        if view is None:
            view = build_view(key, self.bridge)
            self._views[key] = view
            placeholder = self._placeholders.pop(key)
            index = self.stack.indexOf(placeholder)
            self.stack.insertWidget(index, view)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if self.project is not None:
                view.set_project(self.project)
            if hasattr(view, "tryModel"):
                view.tryModel.connect(self.try_model)
            if hasattr(view, "evaluateModel"):
                view.evaluateModel.connect(self.evaluate_model)
        return view

    @property
    def views(self) -> list[View]:
        """The views built so far, in navigation order."""
        return [self._views[k] for k in VIEW_ORDER if k in self._views]

    def go_to(self, view: str, panel: str | None = None, options: dict[str, Any] | None = None) -> None:
        """Show a view and, when asked, one of its panels (Decide's "get this evidence" buttons lead here)."""
        self.show_view(view)
        target = self.view(view)
        if panel and hasattr(target, "open_panel"):
            target.open_panel(panel, dict(options or {}))

    def try_model(self, job: dict[str, Any]) -> None:
        """'Try in playground' from the Jobs view: open the playground with the job's result model."""
        self.show_view("playground")
        playground = self.view("playground")
        if hasattr(playground, "try_job"):
            playground.try_job(job)

    def evaluate_model(self, job: dict[str, Any]) -> None:
        """'Evaluate…' from the Jobs view (and its first look): the playground's Evaluate panel with the job's
        result model against its base."""
        self.show_view("playground")
        playground = self.view("playground")
        if hasattr(playground, "evaluate_job"):
            playground.evaluate_job(job)

    def bring_forward(self) -> None:
        from PySide6.QtCore import Qt

        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

    # -- screenshots, the quit notice and shutdown -----------------------------------------------------
    def write_screenshots(self, folder: Path) -> list[Path]:
        from PySide6.QtWidgets import QApplication

        folder.mkdir(parents=True, exist_ok=True)
        self.show()
        paths = []
        for key in VIEW_ORDER:
            self.show_view(key)
            for _ in range(5):  # let queued service results (lists, statuses) arrive and paint; views debounce
                QApplication.processEvents()  # some asks (the local YAML: 120 ms), so let timers run too
                self.service.wait_idle(2.0)
                _run_loop_for(200)
            QApplication.processEvents()
            path = folder / f"{key}.png"
            if not self.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            paths.append(path.resolve())
        return paths

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_quit and self._watching and not self._quit_confirmed:
            if not self._quit_notice_hidden:
                event.ignore()
                self.quit_notice()
                return
        if self.remember_geometry:
            self._settings.setValue("geometry", self.saveGeometry())
            self._settings.setValue("view", self.current_view().key)
            self._settings.sync()
        super().closeEvent(event)

    def _on_settings(self, values: dict[str, Any]) -> None:
        self._quit_notice_hidden = bool(values.get(QUIT_NOTICE_SETTING))

    def quit_notice(self) -> Any:
        """Closing with jobs running: they go on (in the cloud, or as their own process here) and are picked up
        again when fttool reopens."""
        from PySide6.QtWidgets import QCheckBox, QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Training continues"),
                          self.tr("Training continues in the background; fttool will pick it up when you reopen "
                                  "it."), parent=self)
        box.setObjectName("quitNotice")
        again = QCheckBox(self.tr("Don't show this again"))
        box.setCheckBox(again)
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def finished(_result: int) -> None:
            if box.clickedButton() is not quit_button:
                return
            if again.isChecked():
                self._quit_notice_hidden = True
                self.bridge.op("save_settings", changes={QUIT_NOTICE_SETTING: True}).failure(self._say_failure).run()
            self._quit_confirmed = True
            self.close()

        box.finished.connect(finished)
        box.open()
        return box

    def shutdown(self) -> None:
        for view in self.views:
            view.shutdown()
        self.bridge.close()


def run() -> Any:
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())


def _run_loop_for(ms: int) -> None:
    """Run the event loop (timers included) for `ms` milliseconds: the screenshot mode's settle time."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
