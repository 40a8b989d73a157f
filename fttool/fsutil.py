"""Atomic writes: a temp file in the same folder, fsync, then os.replace."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path | str, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def input_file_size(path: Path | str) -> int:
    """The size of a regular file fttool may read, checked before anything opens it: a missing path, a folder, a
    symbolic link loop, a FIFO, a device or a socket is an InputError (CLI exit 2) naming it. Opening a FIFO
    would block until a writer comes; a device could be read forever."""
    import errno
    import stat

    from fttool.errors import InputError

    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError("file_not_found", path=str(p)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("special_file_loop", path=str(p)) from None
        raise InputError("unreadable_file", path=str(p), reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("not_a_file", path=str(p))
    if not stat.S_ISREG(st.st_mode):
        raise InputError("special_file_fifo" if stat.S_ISFIFO(st.st_mode) else "special_file_device", path=str(p))
    return st.st_size
