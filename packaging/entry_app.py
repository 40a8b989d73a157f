"""The frozen app's entry point (PyInstaller script): the window, `fttool-app`."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a spawned worker runs its task and never opens a window
    from ui.app import main

    sys.exit(main())
