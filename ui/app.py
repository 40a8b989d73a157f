"""The app: QApplication, the main window with its navigation, and the run modes.

    fttool-app                    open the window (the last project, or the sample project)
    fttool-app --smoke            open the window, wait for the first paint, quit (startup benchmark)
    fttool-app --screenshots DIR  render every view to DIR/<view>.png and quit
With no display (an SSH session, CI) the app says so in one line and renders the screenshots offscreen.
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
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, Signal  # noqa: E402
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from ui.bridge import Bridge  # noqa: E402

if TYPE_CHECKING:
    from fttool.jobs.service import JobService
    from fttool.project import Project
from ui.views.base import View  # noqa: E402

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


class MainWindow(QMainWindow):
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

        # status bar: what the service is doing
        self.activity_label = QLabel(self.tr("Ready"))
        self.activity_label.setObjectName("activityLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setVisible(False)
        self.project_label = QLabel()
        self.statusBar().addWidget(self.activity_label, 1)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.project_label)
        self.bridge.activity.connect(self._on_activity)
        self.bridge.errorRaised.connect(self._on_service_error)
        self.bridge.notice.connect(self._on_notice)
        self.bridge.failure_handler = self._show_failure
        # "Don't show this again" of the quit notice, asked from the service once (closing must not wait for it)
        self._quit_notice_hidden = False
        self.bridge.op("load_settings").success(self._on_settings).failure(self._say_failure).run()
        self.tray: Any = None
        self.last_notification = ""

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

    # -- project ---------------------------------------------------------------------------------------
    def open_initial_project(self, path: str | None) -> None:
        from fttool import settings
        from fttool.project import ensure_sample_project

        candidate = path or settings.get("last_project") or ""
        if not candidate or not (Path(candidate) / "project.json").is_file():
            candidate = str(ensure_sample_project())
        self.open_project(Path(candidate))

    def open_project(self, path: Path) -> None:
        from fttool.project import Project

        project = Project.open(path)
        self.project = project
        for view in self.views:
            view.set_project(project)
        self.project_label.setTextFormat(Qt.TextFormat.PlainText)  # a shared project's name is not markup
        if project.read_only:
            from ui.messages import text

            warning = text("project_read_only", project.refused_params())
            self.project_label.setText(self.tr("Project: {0} (read-only)").format(project.name))
            self.project_label.setToolTip(warning)
            self.statusBar().showMessage(warning, 30_000)
        else:
            self.project_label.setText(self.tr("Project: {0}").format(project.name))
            self.project_label.setToolTip("")
        self.setWindowTitle(f"{project.name} - fttool")
        self._update_project_actions()
        # remembered as the last project and first in Open recent
        self.bridge.op("project_open", path=str(path)).success(lambda _entry: self.refresh_recent()).failure(
            self._say_failure).run()

    def go_to(self, view: str, panel: str | None = None, options: dict[str, Any] | None = None) -> None:
        """Show a view and, when asked, one of its panels (Decide's "get this evidence" buttons lead here)."""
        self.show_view(view)
        target = self.view(view)
        if panel and hasattr(target, "open_panel"):
            target.open_panel(panel, dict(options or {}))

    # -- the File menu ---------------------------------------------------------------------------------
    def _build_file_menu(self) -> None:
        menu = self.file_menu

        def add(name: str, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
            action = QAction(text, self)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if tip:
                action.setToolTip(tip)
                action.setStatusTip(tip)
            action.triggered.connect(lambda _=False: slot())
            menu.addAction(action)
            return action

        self.new_project_action = add("newProject", self.tr("&New project…"), self.new_project,
                                      QKeySequence.StandardKey.New,
                                      self.tr("Make a project of your own: a name and what the model should do"))
        self.open_project_action = add("openProject", self.tr("&Open project…"), self.choose_project,
                                       QKeySequence.StandardKey.Open, self.tr("Open a project folder"))
        self.recent_menu = menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        self.sample_action = add("trySample", self.tr("Try the &sample"), self.try_sample, None,
                                 self.tr("Open a copy of the sample recipe assistant; the original stays as it is"))
        menu.addSeparator()
        self.rename_project_action = add("renameProject", self.tr("Rena&me project…"), self.rename_project)
        self.duplicate_project_action = add("duplicateProject", self.tr("&Duplicate project"), self.duplicate_project,
                                            None, self.tr("Copy the whole project folder under a new name"))
        self.show_folder_action = add("showProjectFolder", self.tr("Show in &folder"), self.show_project_folder,
                                      None, self.tr("Open the project's folder in your file manager"))
        menu.addSeparator()
        add("quit", self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self._update_project_actions()

    def _update_project_actions(self) -> None:
        if not hasattr(self, "rename_project_action"):
            return
        have = self.project is not None
        self.rename_project_action.setEnabled(have and not self.project.read_only)  # type: ignore[union-attr]
        self.duplicate_project_action.setEnabled(have and not self.project.read_only)  # type: ignore[union-attr]
        self.show_folder_action.setEnabled(have)

    def refresh_recent(self) -> None:
        def done(entries: list[dict[str, Any]]) -> None:
            import shiboken6

            if shiboken6.isValid(self):
                self.recent = list(entries)

        self.bridge.op("project_recent").success(done).failure(self._say_failure).run()

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        current = str(self.project.path.resolve()) if self.project is not None else ""
        entries = [e for e in self.recent if e.get("path") != current]
        if not entries:
            empty = menu.addAction(self.tr("No other projects yet"))
            empty.setEnabled(False)
            return
        for entry in entries:
            label = entry.get("name") or entry.get("path", "")
            if not entry.get("exists"):
                label = self.tr("{0} (folder missing)").format(label)
            action = menu.addAction(label.replace("&", "&&"))
            action.setToolTip(str(entry.get("path", "")))
            action.setStatusTip(str(entry.get("path", "")))
            action.triggered.connect(lambda _=False, e=entry: self.open_recent(e))
        menu.setToolTipsVisible(True)

    def open_recent(self, entry: dict[str, Any]) -> None:
        path = Path(str(entry.get("path", "")))
        if (path / "project.json").is_file():
            self.open_project(path)
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Project not found"),
                          self.tr("The folder {0} is not there any more (moved, renamed or deleted). Remove it "
                                  "from the recent projects?").format(path), parent=self)
        box.setObjectName("missingProjectBox")
        remove = box.addButton(self.tr("Remove from list"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: box.clickedButton() is remove and self.bridge.op(
            "project_forget", path=str(path)).success(lambda entries: setattr(self, "recent", list(entries))).run())
        box.open()

    def new_project(self) -> Any:
        from fttool.paths import projects_dir
        from ui.widgets.project_dialogs import NewProjectDialog

        dlg = NewProjectDialog(self.bridge, self._project_made, str(projects_dir()), self)
        dlg.open()
        return dlg

    def _project_made(self, entry: dict[str, Any]) -> None:
        self.open_project(Path(entry["path"]))
        self.statusBar().showMessage(self.tr("Project {0} is ready: import your examples in Data").format(
            entry.get("name", "")), 15_000)
        self.show_view("data")

    def choose_project(self) -> Any:
        from PySide6.QtWidgets import QFileDialog

        from fttool.paths import projects_dir

        start = str(self.project.path.parent) if self.project is not None else str(projects_dir())
        dlg = QFileDialog(self, self.tr("Open a project folder"), start)
        dlg.setObjectName("openProjectDialog")
        dlg.setFileMode(QFileDialog.FileMode.Directory)
        dlg.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dlg.fileSelected.connect(lambda folder: self.open_folder(Path(folder)))
        dlg.open()
        return dlg

    def open_folder(self, folder: Path) -> bool:
        """Open a folder the person chose; one that is not a project says so and changes nothing."""
        if (folder / "project.json").is_file():
            try:
                self.open_project(folder)
                return True
            except Exception as exc:  # an unreadable project.json: say why, keep the open one
                from ui.bridge import Failure

                message = Failure.of(exc).message
        else:
            message = self.tr("{0} is not an fttool project (it has no project.json). Make a new project with "
                              "File → New project, then import your files into it.").format(folder)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not opened"), message, parent=self)
        box.setObjectName("notAProjectBox")
        box.open()
        return False

    def try_sample(self) -> None:
        self.bridge.op("project_try_sample").success(lambda e: self.open_project(Path(e["path"]))).run()

    def rename_project(self) -> Any:
        if self.project is None:
            return None
        from ui.widgets.project_dialogs import RenameProjectDialog

        dlg = RenameProjectDialog(self.bridge, self.project.path, self.project.name,
                                  lambda e: self.open_project(Path(e["path"])), self)
        dlg.open()
        return dlg

    def duplicate_project(self) -> None:
        if self.project is None:
            return

        def done(entry: dict[str, Any]) -> None:
            self.open_project(Path(entry["path"]))
            self.statusBar().showMessage(self.tr("Opened the copy {0}").format(entry.get("name", "")), 15_000)

        self.bridge.op("project_duplicate", path=str(self.project.path)).success(done).run()

    def show_project_folder(self) -> None:
        if self.project is None:
            return
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.project.path)))

    # -- status ----------------------------------------------------------------------------------------
    def activity_words(self) -> dict[str, str]:
        """Each service command's human name for the status bar (a command without one reads "Working…")."""
        return {
            "list_jobs": self.tr("Reading the job list"), "get_job": self.tr("Reading a job"),
            "job_events": self.tr("Reading a job's events"), "create_job": self.tr("Starting a training job"),
            "launch_plan": self.tr("Checking the plan"), "launch_check": self.tr("Checking before launch"),
            "cancel_job": self.tr("Cancelling a job"), "pause_job": self.tr("Pausing a job"),
            "resume_job": self.tr("Resuming a job"), "import_jobs": self.tr("Importing jobs"),
            "credential_status": self.tr("Checking keys"), "set_secret": self.tr("Saving a key"),
            "delete_secret": self.tr("Removing a key"), "load_settings": self.tr("Reading settings"),
            "save_settings": self.tr("Saving settings"), "test_connection": self.tr("Testing the connection"),
            "estimate_cost": self.tr("Estimating the cost"), "provider_info": self.tr("Asking the provider"),
            "chat_send": self.tr("Waiting for an answer"), "chat_models": self.tr("Listing models"),
            "eval_run": self.tr("Evaluating the models"), "eval_load": self.tr("Reading the evaluation"),
            "save_training_example": self.tr("Saving a training example"),
            "undo_training_example": self.tr("Removing a saved example"),
            "decide_evaluate": self.tr("Scoring the decision"), "decide_load": self.tr("Reading your answers"),
            "decide_save": self.tr("Saving your answers"), "decide_export": self.tr("Writing the report"),
            "data_validate": self.tr("Checking the examples"), "data_build_index": self.tr("Reading the examples"),
            "data_build": self.tr("Reading the examples"), "data_save": self.tr("Saving the examples"),
            "data_export": self.tr("Exporting the examples"), "data_import": self.tr("Importing examples"),
            "data_search": self.tr("Searching the examples"), "data_hub_list": self.tr("Reading the Hub dataset"),
            "data_hub_download": self.tr("Downloading from the Hub"), "data_split": self.tr("Splitting the data"),
            "hub_push": self.tr("Uploading to the Hub"), "hub_push_job": self.tr("Uploading to the Hub"),
            "hf_hardware": self.tr("Listing Hub hardware"), "hf_estimate": self.tr("Estimating the cost"),
            "runtime_install": self.tr("Installing the training runtime"),
            "runtime_status": self.tr("Checking the training runtime"),
            "download_base_model": self.tr("Downloading a model"), "search_base_models": self.tr("Searching models"),
            "local_preflight": self.tr("Checking this computer"), "local_export": self.tr("Exporting the model"),
            "local_merge_export": self.tr("Exporting the model"), "deploy_model": self.tr("Deploying the model"),
            "deploy_plan": self.tr("Planning the deployment"), "list_deployments": self.tr("Listing deployments"),
            "delete_deployment": self.tr("Deleting a deployment"), "cleanup_list": self.tr("Listing files"),
            "cleanup_delete": self.tr("Deleting files"), "together_download": self.tr("Downloading the model"),
            "synth_plan": self.tr("Planning the examples"), "synth_run": self.tr("Generating examples"),
            "synth_topics": self.tr("Suggesting topics"), "synth_review": self.tr("Reading generated examples"),
            "synth_take": self.tr("Adding generated examples"), "project_new": self.tr("Making the project"),
            "project_open": self.tr("Opening the project"), "project_duplicate": self.tr("Copying the project"),
            "project_try_sample": self.tr("Opening the sample"),
        }

    def activity_name(self, text: str) -> str:
        """A command's human name; a text a view gave (already in the person's words) stays as it is."""
        import re

        if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+|ping", text):
            return self.activity_words().get(text, self.tr("Working…"))
        return text

    def _on_activity(self, busy: int, text: str, watching: int) -> None:
        self._watching = watching
        self.busy_bar.setVisible(busy > 0)
        if busy:
            self.activity_label.setText(self.tr("Working: {0}").format(self.activity_name(text)))
        elif watching:
            self.activity_label.setText(self.tr("Watching {0} job(s)").format(watching))
        else:
            self.activity_label.setText(self.tr("Ready"))

    def _say_failure(self, failure: Any) -> None:
        """A background step of the window failed (remembering the project, the recent list): the status bar."""
        self.statusBar().showMessage(failure.message, 10_000)

    def _show_failure(self, failure: Any) -> None:
        """An operation's failure that no view said in its own place: the one error dialog, over the window."""
        from ui.widgets.error_dialog import show_error

        self.last_failure_dialog = show_error(self, failure.message, failure.details)

    def _on_settings(self, values: dict[str, Any]) -> None:
        self._quit_notice_hidden = bool(values.get(QUIT_NOTICE_SETTING))

    def _on_service_error(self, error: dict[str, Any]) -> None:
        from ui.messages import text

        self.statusBar().showMessage(text(error.get("code", ""), None, error.get("message", "")), 10_000)

    def _on_notice(self, notice: dict[str, Any]) -> None:
        """A job ended: say so in the status bar and, where the desktop has a tray, as a notification."""
        code = str(notice.get("code", ""))
        if not code.startswith("job_") or code not in ("job_succeeded", "job_failed", "job_cancelled"):
            return
        words = {"job_succeeded": self.tr("Job {0} succeeded"), "job_failed": self.tr("Job {0} failed"),
                 "job_cancelled": self.tr("Job {0} was cancelled")}
        message = words[code].format(notice.get("name") or notice.get("job_id", ""))
        self.statusBar().showMessage(message, 15_000)
        from PySide6.QtWidgets import QSystemTrayIcon

        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
                self.tray.show()
            self.tray.showMessage("fttool", message)
        self.last_notification = message

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

    # -- screenshots and shutdown ----------------------------------------------------------------------
    def write_screenshots(self, folder: Path) -> list[Path]:
        from PySide6.QtWidgets import QApplication

        folder.mkdir(parents=True, exist_ok=True)
        self.show()
        paths = []
        for key in VIEW_ORDER:
            self.show_view(key)
            for _ in range(5):  # let queued service results (lists, statuses) arrive and paint
                QApplication.processEvents()
                self.service.wait_idle(2.0)
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
