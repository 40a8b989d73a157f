"""Jobs: one record for every backend, the SQLite store, and the service thread."""

from fttool.jobs.record import TERMINAL, Job, Status

__all__ = ["TERMINAL", "Job", "Status"]
