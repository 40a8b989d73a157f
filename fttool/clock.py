"""An injectable clock: `FTTOOL_NOW` (ISO 8601) fixes 'now', so tests cover both sides of provider dates."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date, datetime


def now() -> datetime:
    from datetime import datetime, timezone

    fixed = os.environ.get("FTTOOL_NOW")
    if fixed:
        dt = datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def today() -> date:
    return now().date()


def iso_now() -> str:
    return now().isoformat(timespec="seconds").replace("+00:00", "Z")
