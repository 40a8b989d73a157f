"""One resolver for the files in resources/: from source, from an installed wheel, from a frozen bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # PyInstaller bundle: packaging/fttool.spec copies resources/ to the bundle root
        p = Path(frozen) / "resources"
        if p.is_dir():
            return p
    source = Path(__file__).resolve().parent.parent / "resources"
    if source.is_dir():  # a source checkout or an editable install
        return source
    # an installed wheel carries resources/ as the package fttool._resources (a namespace package: no
    # __init__.py, so importlib.resources.files() would give a MultiplexedPath, not a folder)
    import importlib.util

    spec = importlib.util.find_spec("fttool._resources")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("fttool's resources/ folder is missing from this installation")
    return Path(next(iter(spec.submodule_search_locations)))


def resource(*parts: str) -> Path:
    """Path of a shipped resource; raises FileNotFoundError naming it when it is missing."""
    p = resources_root().joinpath(*parts)
    if not p.exists():
        raise FileNotFoundError(f"resource not found: {'/'.join(parts)} (looked in {resources_root()})")
    return p
