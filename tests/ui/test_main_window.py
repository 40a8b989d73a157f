"""The main window: navigation and shortcuts, the sample project, geometry, status bar, Jobs and Settings."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from fttool.jobs.record import Status
from fttool.jobs.service import JobService
from ui.app import VIEW_ORDER, MainWindow
from ui.widgets.error_dialog import ErrorDialog, install_excepthooks, show_error, uninstall_excepthooks


def test_navigation_lists_every_view_and_shortcuts_switch(qtbot, main_window: MainWindow) -> None:
    from ui.app import view_title

    assert [main_window.nav.item(i).text() for i in range(main_window.nav.count())] \
        == [view_title(k) for k in VIEW_ORDER]
    from PySide6.QtWidgets import QApplication

    for w in QApplication.topLevelWidgets():  # windows left by other tests must not hold the focus
        if w is not main_window and w.isVisible():
            w.close()
    main_window.raise_()
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window, timeout=3000)
    order = [k for k in VIEW_ORDER if k != "data"] + ["data"]  # see test_showing_a_view_keeps_the_window_active
    for key in order:
        i = VIEW_ORDER.index(key) + 1
        QTest.keyClick(main_window.windowHandle(), getattr(Qt.Key, f"Key_{i}"), Qt.KeyboardModifier.ControlModifier)
        assert main_window.current_view().key == key
    main_window.nav.setCurrentRow(VIEW_ORDER.index("jobs"))
    assert main_window.current_view().key == "jobs"


def test_the_sample_project_opens_from_a_copy(main_window: MainWindow, fttool_home) -> None:
    project = main_window.project
    assert project is not None and project.path.is_relative_to(fttool_home)
    assert "Recipe" in main_window.project_label.text()
    files = project.dataset_files()
    assert files["train"].is_file() and files["test"].is_file()
    lines = files["train"].read_text().splitlines()
    assert len(lines) >= 10 and all(json.loads(line)["messages"][-1]["role"] == "assistant" for line in lines)
    assert project.decision_file().is_file()


def test_geometry_and_view_are_remembered(qtbot, service: JobService) -> None:
    w = MainWindow(service)
    qtbot.addWidget(w)
    w.show()
    w.resize(w.width(), 530)
    width = w.width()
    w.show_view("settings")
    w.close()
    w.shutdown()
    w2 = MainWindow(service)
    qtbot.addWidget(w2)
    screen_width = w2.screen().availableGeometry().width()  # restoring clamps to the screen (800 offscreen)
    assert (w2.width(), w2.height()) == (min(width, screen_width - 2), 530)
    assert w2.current_view().key == "settings"
    w2.shutdown()


def test_status_bar_shows_the_service_at_work(qtbot, main_window: MainWindow) -> None:
    main_window.bridge.op("ping", delay=0.5, activity_text="Testing the status bar").run()
    qtbot.waitUntil(lambda: "Testing the status bar" in main_window.activity_label.text(), timeout=3000)
    assert main_window.busy_bar.isVisible()
    qtbot.waitUntil(lambda: main_window.activity_label.text() == "Ready", timeout=3000)
    assert not main_window.busy_bar.isVisible()


def test_a_service_error_reaches_the_status_bar(qtbot, main_window: MainWindow) -> None:
    failures = []
    main_window.bridge.op("get_job", job_id="job-nope").failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    qtbot.waitUntil(lambda: "No job with id" in main_window.statusBar().currentMessage(), timeout=3000)


def test_jobs_view_follows_the_store_live(qtbot, main_window: MainWindow, service: JobService) -> None:
    from tests.support import scripted_provider
    from tests.support.scripted_provider import SCRIPT

    scripted_provider.install()
    try:
        main_window.show_view("jobs")
        view = main_window.view("jobs")
        job = service.call("create_job", backend="scripted", base_model="tiny")
        qtbot.waitUntil(lambda: view.model.row_of(job["id"]) == 0, timeout=3000)
        view.table.selectRow(0)
        assert view.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: '"train_loss"' in view.detail.toPlainText(), timeout=3000)
        SCRIPT.status[job["id"]] = Status.SUCCEEDED
        qtbot.waitUntil(lambda: view.model.job(0)["status"] == "succeeded", timeout=5000)
        qtbot.waitUntil(lambda: not view.cancel_button.isEnabled(), timeout=3000)
        assert not view.empty_label.isVisible()
    finally:
        from fttool.providers.registry import REGISTRY

        REGISTRY.pop("scripted", None)


def _settings_box(window: MainWindow, provider: str):
    window.show_view("settings")
    return window.view("settings").boxes[provider]


def _test_connection(qtbot, box, values: dict[str, str]) -> str:
    for key, value in values.items():
        box.findChild(QLineEdit, f"field_{key}").setText(value)
    box.findChild(QPushButton, f"test_{box.provider}").click()
    label = box.findChild(QLabel, f"result_{box.provider}")
    qtbot.waitUntil(lambda: label.text().startswith(("✔", "✖")), timeout=15000)
    return label.text()


def test_settings_test_connection_openai(qtbot, main_window: MainWindow, openai_server) -> None:
    box = _settings_box(main_window, "openai")
    assert box.findChild(QLineEdit, "field_openai").echoMode() == QLineEdit.EchoMode.Password
    text = _test_connection(qtbot, box, {"openai": openai_server.api_key, "openai_base_url": openai_server.base_url})
    assert text.startswith("✔") and "3 models" in text
    assert box.findChild(QLineEdit, "field_openai").text() == ""  # the key left the form for the keyring
    assert box.findChild(QLineEdit, "field_openai").placeholderText() == "stored in the keyring"
    text = _test_connection(qtbot, box, {"openai": "sk-wrong-key-000000000"})
    assert text.startswith("✖") and "rejected the key" in text
    openai_server.fault(r"/v1/models", status=429, headers={"Retry-After": "7"})
    text = _test_connection(qtbot, box, {"openai": openai_server.api_key})
    assert "rate limiting" in text and "7 s" in text
    text = _test_connection(qtbot, box, {"openai_base_url": "http://127.0.0.1:9/v1"})
    assert text.startswith("✖") and "Cannot reach" in text


def test_settings_test_connection_azure_and_hf(qtbot, main_window: MainWindow, openai_server, hub_server) -> None:
    box = _settings_box(main_window, "azure")
    text = _test_connection(qtbot, box, {"azure-endpoint": openai_server.url, "azure": openai_server.azure_key})
    assert text.startswith("✔"), text
    box = _settings_box(main_window, "hf")
    text = _test_connection(qtbot, box, {"hf": hub_server.token, "hf_endpoint": hub_server.url})
    assert text.startswith("✔") and "ada" in text
    text = _test_connection(qtbot, box, {"hf": "hf_wrongtoken000000000"})
    assert "rejected the key" in text


def test_error_dialog_shows_plain_words_details_and_copies(qtbot, main_window: MainWindow) -> None:
    dlg = show_error(main_window, "The upload failed.", "Traceback ... sk-abcdefghijklmnopqrstu")
    qtbot.waitExposed(dlg)
    assert dlg.text() == "The upload failed."
    assert "sk-abcdefghijklmnopqrstu" not in dlg.detailedText()
    dlg.copy_button.click()
    assert QGuiApplication.clipboard().text().startswith("The upload failed.")
    assert dlg.isVisible()  # Copy does not close it
    dlg.close()


def test_uncaught_exceptions_reach_the_error_dialog(qtbot, main_window: MainWindow) -> None:
    import sys

    relay = install_excepthooks(main_window)
    try:
        try:
            raise RuntimeError("something broke")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: relay.last_dialog is not None, timeout=3000)
        dlg = relay.last_dialog
        assert isinstance(dlg, ErrorDialog) and "something broke" in dlg.text()
        assert "Traceback" in dlg.detailedText()
        dlg.close()
    finally:
        uninstall_excepthooks()


def test_a_second_launch_brings_the_first_forward(qtbot) -> None:
    from ui.single_instance import SingleInstance

    first = SingleInstance("fttool-test-single-instance")
    assert first.listen()
    try:
        second = SingleInstance("fttool-test-single-instance")
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert second.forward_to_running()
    finally:
        first.close()
    assert not SingleInstance("fttool-test-single-instance").forward_to_running(200)


def test_the_service_starts_after_the_first_paint_and_runs_what_was_asked_meanwhile(qtbot) -> None:
    from fttool import settings

    service = JobService(poll_interval=0.05)
    window = MainWindow(service)
    qtbot.addWidget(window)
    try:
        window.open_initial_project(None)  # asks the (not yet running) service to remember the project
        assert not service.running
        window.show()
        qtbot.waitUntil(lambda: service.running, timeout=5000)
        qtbot.waitUntil(lambda: settings.get("last_project") == str(window.project.path), timeout=5000)
        qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), type(window.current_view())),
                        timeout=3000)
    finally:
        window.close()
        window.shutdown()
        service.stop()


def test_a_result_for_a_deleted_view_is_dropped(qtbot, service: JobService) -> None:
    """A view closed and deleted while its command runs: the answer must not reach its dead widgets (that raised
    "Internal C++ object already deleted" from the bridge, once, in a teardown)."""
    import shiboken6
    from PySide6.QtWidgets import QLabel, QWidget

    from ui.bridge import Bridge

    class View(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.label = QLabel(self)

        def on_done(self, result: object) -> None:
            self.label.setText(str(result))

    bridge = Bridge(service)
    alive, dead = View(), View()
    bridge.op("ping").success(alive.on_done).run()
    bridge.op("ping").success(dead.on_done).run()
    shiboken6.delete(dead)
    qtbot.waitUntil(lambda: bridge.pending == 0, timeout=10_000)
    assert alive.label.text()  # a live view still gets its answer
    bridge.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and modes")
def test_the_instance_socket_and_the_data_dir_are_private(qtbot, fttool_home, monkeypatch) -> None:
    """The single-instance socket lives in a folder only this user can enter (not a predictable name in the shared
    temp dir another process could claim), and the data dir is 0700."""
    import stat

    from ui.app import instance_key
    from ui.single_instance import SingleInstance

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    key = instance_key()
    folder = Path(key).parent
    assert Path(key).is_absolute() and folder != Path(tempfile.gettempdir())  # not loose in the shared temp dir
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and folder.stat().st_uid == os.getuid()
    from fttool.paths import data_dir

    fttool_home.chmod(0o755)
    assert stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    first = SingleInstance(key)
    assert first.listen()
    try:
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert SingleInstance(key).forward_to_running()
    finally:
        first.close()
