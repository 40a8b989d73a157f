"""The main window's File menu and its projects: new, open, open recent (the list from the service), try the
sample, rename, duplicate, show in folder; opening a project gives it to every view built so far and remembers it
(the last project, first in Open recent). A mixin of MainWindow (ui/app.py), which builds the menu right after the
window's first paint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence


class ProjectMenu:
    """The File menu and the open project (mixed into MainWindow)."""

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

