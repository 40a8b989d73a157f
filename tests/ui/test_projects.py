"""A person's own projects: File -> New (Ctrl+N) with a name and the use case, Open, Open recent (a folder that is
gone is said so and can be removed), Try the sample (a read-only template: an edited copy is never handed out
again), Rename, Duplicate; the status bar's human names for the service's work; and quitting with jobs running."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from fttool import settings
from fttool.project import SAMPLE_NAME, sample_source
from ui.app import QUIT_NOTICE_SETTING, MainWindow
from ui.widgets.project_dialogs import NewProjectDialog, RenameProjectDialog


def _action(window: MainWindow, name: str) -> QAction:
    for _ in range(300):  # the menu is filled right after the window's first paint
        if window._shortcuts_installed:
            break
        QTest.qWait(10)
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _dialog(qtbot, cls):  # type: ignore[no-untyped-def]
    found = []
    qtbot.waitUntil(lambda: bool(found.extend(w for w in QApplication.topLevelWidgets()
                                              if isinstance(w, cls) and w.isVisible()) or found), timeout=3000)
    return found[0]


def _new_project(qtbot, window: MainWindow, name: str, use_case: str, root: Path | None = None,  # type: ignore[no-untyped-def]
                 by_key: bool = True) -> Path:
    if by_key:
        window.activateWindow()
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        QTest.keyRelease(window.windowHandle(), Qt.Key.Key_Control)
    else:  # File → New project (offscreen, a window that just closed a dialog is not always active again for keys)
        _action(window, "newProject").trigger()
    dlg = _dialog(qtbot, NewProjectDialog)
    assert not dlg.create_button.isEnabled()  # no name yet
    qtbot.keyClicks(dlg.name, name)
    qtbot.keyClicks(dlg.use_case, use_case)
    if root is not None:
        dlg.root.setText(str(root))
    assert dlg.create_button.isEnabled()
    qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.project is not None and window.project.name == name, timeout=5000)
    return window.project.path


def test_a_new_project_of_ones_own_opens_in_data_and_is_remembered(qtbot, main_window: MainWindow,
                                                                  fttool_home: Path) -> None:
    sample = main_window.project.path
    path = _new_project(qtbot, main_window, "Bakery orders", "Answer questions about cake orders")
    meta = json.loads((path / "project.json").read_text())
    assert meta["name"] == "Bakery orders" and meta["use_case"] == "Answer questions about cake orders"
    assert meta["datasets"] == {} and (path / "data").is_dir()
    assert path.parent == fttool_home / "projects" and path != sample
    assert main_window.current_view().key == "data"
    assert main_window.windowTitle().startswith("Bakery orders")
    assert "Bakery orders" in main_window.project_label.text()
    # the recent list: this one first, then the sample; the menu offers the other one
    qtbot.waitUntil(lambda: [Path(e["path"]) for e in main_window.recent][:2] == [path, sample], timeout=3000)
    main_window._fill_recent_menu()
    labels = [a.text() for a in main_window.recent_menu.actions()]
    assert labels == ["Recipe assistant (sample)"]
    main_window.recent_menu.actions()[0].trigger()
    assert main_window.project.path == sample
    # the same name again makes a second folder, never over the first
    second = _new_project(qtbot, main_window, "Bakery orders", "", by_key=False)
    assert second != path and second.name == "bakery-orders-2" and (path / "project.json").is_file()


def test_a_refused_name_keeps_the_dialog_and_what_was_typed(qtbot, main_window: MainWindow, tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    dlg = main_window.new_project()
    qtbot.keyClicks(dlg.name, "Shop")
    qtbot.keyClicks(dlg.use_case, "Answer shop questions")
    dlg.root.setText(str(a_file))
    qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dlg.error.isVisible, timeout=3000)
    assert "is a file, not a folder" in dlg.error.text()
    assert dlg.isVisible() and dlg.name.text() == "Shop" and dlg.use_case.text() == "Answer shop questions"
    assert main_window.project.name == "Recipe assistant (sample)"
    dlg.reject()


def test_rename_and_duplicate(qtbot, main_window: MainWindow, fttool_home: Path) -> None:
    path = _new_project(qtbot, main_window, "Bakery", "Cakes")
    _action(main_window, "renameProject").trigger()
    dlg = _dialog(qtbot, RenameProjectDialog)
    dlg.name.clear()
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(dlg.error.isVisible, timeout=3000)
    assert "needs a name" in dlg.error.text()
    qtbot.keyClicks(dlg.name, "Bakery questions")
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: main_window.project.name == "Bakery questions", timeout=3000)
    assert main_window.project.path == path  # the folder stays
    assert json.loads((path / "project.json").read_text())["name"] == "Bakery questions"
    (path / "data" / "train.jsonl").write_text('{"messages": []}\n')

    _action(main_window, "duplicateProject").trigger()
    qtbot.waitUntil(lambda: main_window.project.path != path, timeout=3000)
    copy = main_window.project.path
    assert main_window.project.name == "Bakery questions (copy)" and copy.parent == path.parent
    assert (copy / "data" / "train.jsonl").read_text() == '{"messages": []}\n'
    assert json.loads((path / "project.json").read_text())["name"] == "Bakery questions"  # the original as it was


def test_the_sample_is_a_template_an_edited_copy_is_not_handed_out_again(qtbot, main_window: MainWindow,
                                                                          fttool_home: Path) -> None:
    template = {p.relative_to(sample_source()): p.read_bytes() for p in sample_source().rglob("*") if p.is_file()}
    first = fttool_home / "projects" / SAMPLE_NAME
    assert main_window.project.path == first
    _action(main_window, "trySample").trigger()  # untouched: the same copy
    qtbot.wait(200)
    main_window.service.wait_idle(3)
    qtbot.waitUntil(lambda: main_window.project.path == first, timeout=3000)
    with (first / "data" / "train.jsonl").open("a") as f:  # the person's bakery data went into the sample
        f.write('{"messages": [{"role": "user", "content": "cake?"}, {"role": "assistant", "content": "yes"}]}\n')
    _action(main_window, "trySample").trigger()
    qtbot.waitUntil(lambda: main_window.project.path != first, timeout=3000)
    fresh = main_window.project.path
    assert fresh.name == f"{SAMPLE_NAME}-2"
    assert (fresh / "data" / "train.jsonl").read_bytes() == template[Path("data/train.jsonl")]
    assert {p.relative_to(sample_source()): p.read_bytes() for p in sample_source().rglob("*")
            if p.is_file()} == template  # the template itself never changes
    assert b"cake?" in (first / "data" / "train.jsonl").read_bytes()  # and the edited copy is kept


def test_a_recent_project_whose_folder_is_gone(qtbot, main_window: MainWindow, fttool_home: Path) -> None:
    path = _new_project(qtbot, main_window, "Gone soon", "")
    _action(main_window, "trySample").trigger()
    qtbot.waitUntil(lambda: main_window.project.path != path, timeout=3000)
    shutil.rmtree(path)
    main_window.refresh_recent()
    qtbot.waitUntil(lambda: any(not e["exists"] for e in main_window.recent), timeout=3000)
    main_window._fill_recent_menu()
    missing = [a for a in main_window.recent_menu.actions() if "folder missing" in a.text()]
    assert len(missing) == 1 and missing[0].text().startswith("Gone soon")
    missing[0].trigger()
    box = main_window.findChild(QMessageBox, "missingProjectBox")
    assert box is not None and box.isVisible() and str(path) in box.text()
    remove = next(b for b in box.buttons() if b.text() == "Remove from list")
    remove.click()
    qtbot.waitUntil(lambda: all(Path(e["path"]) != path for e in main_window.recent), timeout=3000)
    assert str(path) not in [e["path"] for e in settings.get("recent_projects") or []]
    assert main_window.project.path.name == SAMPLE_NAME  # nothing else changed


def test_opening_a_folder_that_is_no_project_changes_nothing(qtbot, main_window: MainWindow, tmp_path: Path) -> None:
    before = main_window.project.path
    (tmp_path / "spreadsheets").mkdir()
    assert main_window.open_folder(tmp_path / "spreadsheets") is False
    box = main_window.findChild(QMessageBox, "notAProjectBox")
    assert box is not None and "has no project.json" in box.text()
    assert main_window.project.path == before
    box.close()


def test_the_status_bar_names_the_work_in_plain_words(main_window: MainWindow) -> None:
    main_window._on_activity(1, "eval_run", 0)
    assert main_window.activity_label.text() == "Working: Evaluating the models"
    main_window._on_activity(1, "some_new_command", 0)
    assert main_window.activity_label.text() == "Working: Working\u2026"
    main_window._on_activity(1, "Saving train.jsonl", 0)  # a view's own words stay
    assert main_window.activity_label.text() == "Working: Saving train.jsonl"
    main_window._on_activity(0, "", 0)


def test_quitting_with_jobs_running_says_they_go_on(qtbot, main_window: MainWindow) -> None:
    main_window.confirm_quit = True
    main_window._on_activity(0, "", 1)  # one job watched
    main_window.close()
    box = main_window.findChild(QMessageBox, "quitNotice")
    assert box is not None and box.isVisible() and main_window.isVisible()
    assert "Training continues in the background" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert main_window.isVisible()  # cancelled: still open
    main_window.close()
    box = [b for b in main_window.findChildren(QMessageBox, "quitNotice") if b.isVisible()][0]
    box.checkBox().setChecked(True)
    next(b for b in box.buttons() if b.text() == "Quit").click()
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: settings.get(QUIT_NOTICE_SETTING) is True, timeout=3000)
    # shown no more
    main_window._quit_confirmed = False
    main_window.show()
    main_window.close()
    assert not main_window.isVisible()
