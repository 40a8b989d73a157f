from __future__ import annotations

from collections.abc import Iterator

import pytest

from fttool.jobs.service import JobService


@pytest.fixture
def main_window(qtbot, service: JobService) -> Iterator:  # type: ignore[no-untyped-def]
    from ui.app import MainWindow

    window = MainWindow(service)
    qtbot.addWidget(window)
    window.open_initial_project(None)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    window.shutdown()
