"""The datasets room's service commands live in one module (fttool/datasets/commands.py, issue 21), under the names
the views ask for, each blocking or not as before, and the service registers them from SERVICE_COMMAND_MODULES."""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from fttool.datasets import commands
from fttool.jobs.commands import SERVICE_COMMAND_MODULES

BLOCKING = {
    "data_build", "data_validate", "data_check_example", "data_save", "data_search", "data_changed", "data_import",
    "data_export", "data_reencode", "data_reencode_plan", "data_build_index", "data_columns", "data_sync",
    "data_hub_list", "data_hub_download", "data_split_preview", "data_split_targets", "data_split", "synth_plan",
    "synth_review", "synth_take",
}
ASYNC = {"synth_run", "synth_topics"}  # coroutines on the service's loop, not in its worker threads
# the commands the service hands progress and cancel to (it looks for parameters with these names)
TAKES_PROGRESS = {"data_build", "data_validate", "data_save", "data_search", "data_import", "data_hub_download",
                  "data_split", "synth_run"}
TAKES_CANCEL = TAKES_PROGRESS | {"data_split_preview"}


class Recorder:
    def __init__(self) -> None:
        self.commands: dict[str, tuple[Any, bool]] = {}

    def register_command(self, name: str, fn: Any, *, blocking: bool = False) -> None:
        self.commands[name] = (fn, blocking)


def test_one_module_registers_the_rooms_commands_under_their_names() -> None:
    service = Recorder()
    commands.register_commands(service)
    assert set(service.commands) == BLOCKING | ASYNC
    assert {n for n, (_fn, blocking) in service.commands.items() if blocking} == BLOCKING
    assert {n for n, (fn, _b) in service.commands.items() if inspect.iscoroutinefunction(fn)} == ASYNC
    params = {n: set(inspect.signature(fn).parameters) for n, (fn, _b) in service.commands.items()}
    assert {n for n, p in params.items() if "progress" in p} == TAKES_PROGRESS
    assert {n for n, p in params.items() if "cancel" in p} == TAKES_CANCEL


def test_the_service_registers_them_and_no_other_datasets_module_does() -> None:
    modules = [m for m, _f in SERVICE_COMMAND_MODULES if m.startswith("fttool.datasets")]
    assert modules == ["fttool.datasets.commands"]
    for name in ("session", "split", "synth"):
        assert not hasattr(importlib.import_module(f"fttool.datasets.{name}"), "register_commands"), name
