"""The frozen command-line tool's entry point (PyInstaller script): `fttool`."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # validation workers are spawned from this same executable
    from fttool.cli import main

    sys.exit(main())
