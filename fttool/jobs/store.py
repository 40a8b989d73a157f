"""The job store: SQLite in WAL mode, numbered migrations (a backup before each), safe for two processes.

The app and the CLI may open the same file at once: every write runs in `BEGIN IMMEDIATE` with a busy timeout,
and read-modify-write updates (metrics, events) happen inside one transaction. A lease (owner, expiry) makes
sure only one process watches a given job at a time.
"""

from __future__ import annotations

import builtins
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fttool.clock import iso_now
from fttool.errors import NotFound, StoreError
from fttool.jobs.record import TERMINAL, Job, Status, process_owner_id  # noqa: F401 - re-exported
from fttool.log import redact

BUSY_TIMEOUT_MS = 15_000

# Numbered migrations: index i brings the schema from version i to i + 1. Never edit one that shipped.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        backend TEXT NOT NULL,
        status TEXT NOT NULL,
        provider_job_id TEXT,
        base_model TEXT,
        result_model TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        metrics TEXT NOT NULL DEFAULT '{}',
        error TEXT,
        provider_status TEXT,
        connection TEXT NOT NULL DEFAULT 'ok',
        dataset_sha256 TEXT NOT NULL DEFAULT '{}',
        project TEXT,
        lease_owner TEXT,
        lease_expires REAL
    );
    CREATE INDEX jobs_status ON jobs(status);
    CREATE TABLE job_events (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        level TEXT NOT NULL,
        message TEXT NOT NULL,
        provider_event_id TEXT,
        PRIMARY KEY (job_id, seq)
    );
    CREATE UNIQUE INDEX job_events_provider ON job_events(job_id, provider_event_id)
        WHERE provider_event_id IS NOT NULL;
    """,
    # 2: the job's name (a person's words for it) and its last measured progress
    """
    ALTER TABLE jobs ADD COLUMN name TEXT;
    ALTER TABLE jobs ADD COLUMN progress TEXT NOT NULL DEFAULT '{}';
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
_JSON_FIELDS = ("params", "metrics", "dataset_sha256", "progress")


class JobStore:
    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            from fttool.paths import jobs_db_path

            path = jobs_db_path()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._conns_lock = threading.Lock()
        self._migrate()

    # -- connections -----------------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError("store_busy", details=str(exc)) from exc
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def close(self) -> None:
        with self._conns_lock:
            for c in self._conns:
                try:
                    c.close()
                except sqlite3.Error:
                    pass
            self._conns.clear()
        self._local = threading.local()

    # -- migrations ------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self._conn().execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        conn = self._conn()
        version = self.schema_version()
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError("store_newer", path=str(self.path), found=version, known=SCHEMA_VERSION)
        # The backup is taken before the write lock (SQLite's backup cannot read while this connection
        # holds a write transaction); if another process migrates meanwhile, the backup is simply kept.
        if version > 0:
            self._backup(version)
        conn.execute("BEGIN IMMEDIATE")  # one process migrates; the other waits, then sees the new version
        try:
            version = self.schema_version()
            if version > SCHEMA_VERSION:
                raise StoreError("store_newer", path=str(self.path), found=version, known=SCHEMA_VERSION)
            for i in range(version, SCHEMA_VERSION):
                for stmt in MIGRATIONS[i].split(";"):
                    if stmt.strip():
                        conn.execute(stmt)
                conn.execute(f"PRAGMA user_version={i + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _backup(self, version: int) -> Path:
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        tmp = target.with_suffix(".tmp")
        dst = sqlite3.connect(tmp)
        try:
            self._conn().backup(dst)
        finally:
            dst.close()
        os.replace(tmp, target)
        return target

    # -- jobs ------------------------------------------------------------------------------------------
    @staticmethod
    def _row_to_job(row: sqlite3.Row) -> Job:
        d: dict[str, Any] = dict(row)
        for f in _JSON_FIELDS:
            d[f] = json.loads(d[f] or "{}")
        d["error"] = json.loads(d["error"]) if d["error"] else None
        d.pop("lease_owner", None)
        d.pop("lease_expires", None)
        return Job.from_dict(d)

    @staticmethod
    def _job_to_row(job: Job) -> dict[str, Any]:
        d = job.to_dict()
        for f in _JSON_FIELDS:
            d[f] = json.dumps(d[f])
        d["error"] = json.dumps(d["error"]) if d["error"] else None
        return d

    def add(self, job: Job) -> Job:
        row = self._job_to_row(job)
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._write() as c:
            c.execute(f"INSERT INTO jobs ({cols}) VALUES ({marks})", list(row.values()))
        return job

    def get(self, job_id: str) -> Job:
        row = self._conn().execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise NotFound("job_not_found", job_id=job_id)
        return self._row_to_job(row)

    def list(self, *, active_only: bool = False) -> list[Job]:
        sql = "SELECT * FROM jobs"
        args: list[Any] = []
        if active_only:
            sql += f" WHERE status NOT IN ({', '.join('?' for _ in TERMINAL)})"
            args = [s.value for s in TERMINAL]
        sql += " ORDER BY created_at DESC, rowid DESC"
        return [self._row_to_job(r) for r in self._conn().execute(sql, args)]

    def update(self, job_id: str, **fields: Any) -> Job:
        """Set fields (status, provider_status, result_model, error, connection, ...) in one transaction.
        `metrics` given here are merged point by point into the stored series (by step)."""
        with self._write() as c:
            row = c.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise NotFound("job_not_found", job_id=job_id)
            job = self._row_to_job(row)
            for key, value in fields.items():
                if key == "error" and isinstance(value, dict):  # never a secret in the record (a header in an error)
                    value = {k: redact(v) if isinstance(v, str) else v for k, v in value.items()}
                elif key == "provider_status" and isinstance(value, str):
                    value = redact(value)
                if key == "metrics":
                    job.metrics = merge_metrics(job.metrics, value)
                elif key == "status":
                    job.status = Status(value)
                elif key in Job.__dataclass_fields__ and key not in ("id", "created_at"):
                    setattr(job, key, value)
                else:
                    raise KeyError(key)
            job.updated_at = iso_now()
            row_d = self._job_to_row(job)
            sets = ", ".join(f"{k} = ?" for k in row_d if k != "id")
            c.execute(f"UPDATE jobs SET {sets} WHERE id = ?", [v for k, v in row_d.items() if k != "id"] + [job_id])
        return job

    def delete(self, job_id: str) -> None:
        with self._write() as c:
            c.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    # -- events ----------------------------------------------------------------------------------------
    def add_events(self, job_id: str, events: builtins.list[dict[str, Any]]) -> int:
        """Append events ({message, level?, created_at?, provider_event_id?}); a provider event already
        stored (same provider_event_id) is skipped. Returns how many were added."""
        return len(self.append_events(job_id, events))

    def append_events(self, job_id: str, events: builtins.list[dict[str, Any]]) -> builtins.list[dict[str, Any]]:
        """`add_events`, returning the events stored, as `events()` reads them (with their seq): what a
        `job_updated` event carries to the views."""
        added: builtins.list[dict[str, Any]] = []
        with self._write() as c:
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) FROM job_events WHERE job_id = ?", (job_id,)).fetchone()[0]
            for e in events:
                pid = e.get("provider_event_id")
                if pid is not None and c.execute(
                    "SELECT 1 FROM job_events WHERE job_id = ? AND provider_event_id = ?", (job_id, pid)
                ).fetchone():
                    continue
                seq += 1
                row = {"seq": seq, "created_at": e.get("created_at") or iso_now(), "level": e.get("level", "info"),
                       "message": redact(str(e["message"])), "provider_event_id": pid}
                c.execute(
                    "INSERT INTO job_events (job_id, seq, created_at, level, message, provider_event_id)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (job_id, row["seq"], row["created_at"], row["level"], row["message"], pid),
                )
                added.append(row)
        return added

    def events(self, job_id: str, after_seq: int = 0) -> builtins.list[dict[str, Any]]:
        rows = self._conn().execute(
            "SELECT seq, created_at, level, message, provider_event_id FROM job_events"
            " WHERE job_id = ? AND seq > ? ORDER BY seq", (job_id, after_seq))
        return [dict(r) for r in rows]

    # -- leases ----------------------------------------------------------------------------------------
    def acquire_lease(self, job_id: str, owner: str, ttl: float = 60.0) -> bool:
        """Take or renew the right to watch a job. False when another live process holds it."""
        now = time.time()
        with self._write() as c:
            cur = c.execute(
                "UPDATE jobs SET lease_owner = ?, lease_expires = ? WHERE id = ? AND"
                " (lease_owner IS NULL OR lease_owner = ? OR lease_expires IS NULL OR lease_expires < ?)",
                (owner, now + ttl, job_id, owner, now),
            )
            return cur.rowcount == 1

    def release_lease(self, job_id: str, owner: str) -> None:
        with self._write() as c:
            c.execute("UPDATE jobs SET lease_owner = NULL, lease_expires = NULL WHERE id = ? AND lease_owner = ?",
                      (job_id, owner))

    def lease_owner(self, job_id: str) -> str | None:
        row = self._conn().execute("SELECT lease_owner, lease_expires FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None or row["lease_owner"] is None or (row["lease_expires"] or 0) < time.time():
            return None
        return str(row["lease_owner"])


def merge_metrics(old: dict[str, list[list[float]]], new: dict[str, list[list[float]]]) -> dict[str, list[list[float]]]:
    """Merge metric series by step: a point at a step already present replaces it; the result is sorted."""
    out = {k: list(v) for k, v in old.items()}
    for name, points in (new or {}).items():
        by_step = {p[0]: p for p in out.get(name, [])}
        for p in points:
            by_step[p[0]] = [p[0], p[1]]
        out[name] = [by_step[s] for s in sorted(by_step)]
    return out
