"""The first run: the welcome screen (once, remembered; F1 brings it back), the last project reopened at the
next start, and a crash that writes a report and offers to open it."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence

from fttool import credentials, settings
from fttool.jobs.service import JobService
from ui.app import MainWindow
from ui.widgets.error_dialog import install_excepthooks, uninstall_excepthooks
from ui.widgets.welcome import SETTING, WelcomeDialog, install_welcome


def _window(qtbot, service: JobService) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(service, remember_geometry=False)
    qtbot.addWidget(w)
    w.open_initial_project(None)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_welcome_shows_on_the_first_start_only(qtbot, service: JobService) -> None:
    w = _window(qtbot, service)
    assert install_welcome(w) is None  # shown once the service has said it was never seen
    qtbot.waitUntil(lambda: w.findChild(WelcomeDialog) is not None, timeout=3000)
    dlg = w.findChild(WelcomeDialog)
    assert isinstance(dlg, WelcomeDialog) and dlg.isVisible()
    assert len(dlg.step_labels) == 4
    assert [label.text().split("</b>")[0][3:] for label in dlg.step_labels] == ["Decide", "Data", "Train", "Chat"]
    assert "keyring" in dlg.findChild(QObject, "welcomeKeys").text()
    dlg.start_button.click()
    qtbot.waitUntil(lambda: settings.get(SETTING) is True, timeout=3000)
    w.shutdown()

    w2 = _window(qtbot, service)
    assert install_welcome(w2) is None
    qtbot.waitUntil(lambda: w2.bridge.pending == 0, timeout=3000)
    assert w2.findChild(WelcomeDialog) is None  # remembered
    action = w2.findChild(QAction, "welcomeAction")
    assert action.shortcut() == QKeySequence(Qt.Key.Key_F1)
    action.trigger()  # what F1 does (a key click needs the window active, which offscreen is not reliable)
    again = w2.findChild(WelcomeDialog)
    assert again is not None and again.isVisible()
    again.close()
    w2.shutdown()


def test_welcome_opens_the_sample_project_and_settings(qtbot, service: JobService, tmp_path: Path) -> None:
    w = _window(qtbot, service)
    other = tmp_path / "mine"
    shutil.copytree(w.project.path, other)
    w.open_project(other)
    dlg = install_welcome(w, first_start=True)
    assert dlg.sample_button.text() == "Try the sample"
    dlg.sample_button.click()
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: w.project.path != other, timeout=3000)
    assert w.project.path.name == "recipe-assistant" and w.project.name == "Recipe assistant (sample)"
    import shiboken6

    assert w.current_view().key == "decide" and not (shiboken6.isValid(dlg) and dlg.isVisible())
    dlg2 = install_welcome(w, first_start=True)
    dlg2.settings_button.click()
    assert w.current_view().key == "settings"
    dlg3 = install_welcome(w, first_start=True)  # New project... leads to the new-project dialog
    dlg3.new_button.click()
    from ui.widgets.project_dialogs import NewProjectDialog

    new = w.findChild(NewProjectDialog)
    assert new is not None and new.isVisible() and not dlg3.isVisible()
    new.reject()
    w.shutdown()


def test_the_last_project_is_opened_at_the_next_start(qtbot, service: JobService, tmp_path: Path) -> None:
    w = _window(qtbot, service)
    mine = tmp_path / "my project"
    shutil.copytree(w.project.path, mine)
    meta = json.loads((mine / "project.json").read_text())
    meta["name"] = "My own project"
    (mine / "project.json").write_text(json.dumps(meta))
    w.open_project(mine)
    qtbot.waitUntil(lambda: settings.get("last_project") == str(mine), timeout=3000)
    w.shutdown()
    w2 = _window(qtbot, service)
    assert w2.project is not None and w2.project.path == mine
    assert "My own project" in w2.project_label.text()
    w2.shutdown()
    # a last project that was deleted falls back to the sample project, without an error
    shutil.rmtree(mine)
    w3 = _window(qtbot, service)
    assert w3.project is not None and w3.project.path != mine and (w3.project.path / "project.json").is_file()
    w3.shutdown()


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_a_crash_writes_a_report_without_secrets_and_offers_to_open_it(qtbot, service: JobService,
                                                                        fttool_home: Path) -> None:
    secret = "planted-ui-secret-55d0e1"
    credentials.set_secret("hf", secret)
    w = _window(qtbot, service)
    relay = install_excepthooks(w)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        try:
            raise RuntimeError(f"the view broke while using {secret}")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: relay.last_dialog is not None, timeout=3000)
        dlg = relay.last_dialog
        reports = list((fttool_home / "crash-reports").glob("crash-*.txt"))
        assert len(reports) == 1
        assert secret not in reports[0].read_text() and "the view broke" in reports[0].read_text()
        assert secret not in dlg.text() + dlg.detailedText() + dlg.informativeText()
        assert str(reports[0]) in dlg.informativeText()
        dlg.report_button.click()
        assert [u.toLocalFile() for u in catcher.urls] == [str(reports[0])]
        assert dlg.isVisible()  # opening the report leaves the dialog open
        dlg.close()
    finally:
        QDesktopServices.unsetUrlHandler("file")
        uninstall_excepthooks()
        w.shutdown()
