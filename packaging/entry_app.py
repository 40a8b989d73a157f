"""The frozen app's entry point (PyInstaller script): the window, `fttool-app`; and on Linux and macOS the
command-line tool too, when this executable is started through its `fttool` link (see packaging/fttool.spec)."""

import multiprocessing
import os
import sys


def _called_as_cli() -> bool:
    name = os.path.basename(sys.argv[0] if sys.argv else "")
    if name.lower().endswith(".exe"):
        name = name[:-4]
    return bool(name) and not name.endswith("-app")


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a spawned worker runs its task and never opens a window
    if _called_as_cli():
        from fttool.cli import main
    else:
        from ui.app import main

    sys.exit(main())
