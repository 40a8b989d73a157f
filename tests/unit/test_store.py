"""The SQLite job store: records, metrics, events, migrations with backups, two processes, leases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fttool.errors import NotFound, StoreError
from fttool.jobs import store as store_mod
from fttool.jobs.record import Job, Status
from fttool.jobs.store import JobStore


def test_record_round_trip_has_every_shared_field(tmp_path: Path) -> None:
    s = JobStore(tmp_path / "jobs.sqlite3")
    job = s.add(Job(backend="openai", base_model="gpt-4o-mini", params={"epochs": 3},
                    dataset_sha256={"train": "ab" * 32}))
    got = s.get(job.id).to_dict()
    for key in ("id", "backend", "status", "provider_job_id", "base_model", "result_model", "created_at",
                "updated_at", "params", "metrics", "error", "provider_status", "connection", "dataset_sha256"):
        assert key in got
    assert got["status"] == "pending" and got["params"] == {"epochs": 3}
    s.update(job.id, status=Status.FAILED, error={"code": "x", "message": "y"})
    assert s.get(job.id).error == {"code": "x", "message": "y"}
    assert s.list(active_only=True) == []
    with pytest.raises(NotFound):
        s.get("job-missing")
    s.close()


def test_metrics_merge_by_step_and_events_skip_duplicates(tmp_path: Path) -> None:
    s = JobStore(tmp_path / "jobs.sqlite3")
    job = s.add(Job(backend="local"))
    s.update(job.id, metrics={"train_loss": [[2, 5.0], [1, 6.0]]})
    s.update(job.id, metrics={"train_loss": [[2, 4.5], [3, 4.0]], "valid_loss": [[3, 4.2]]})
    assert s.get(job.id).metrics == {"train_loss": [[1, 6.0], [2, 4.5], [3, 4.0]], "valid_loss": [[3, 4.2]]}
    assert s.add_events(job.id, [{"message": "a", "provider_event_id": "p1"}, {"message": "b"}]) == 2
    assert s.add_events(job.id, [{"message": "a again", "provider_event_id": "p1"}]) == 0
    assert [e["message"] for e in s.events(job.id)] == ["a", "b"]
    s.close()


def test_migration_takes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "jobs.sqlite3"
    s = JobStore(path)
    job = s.add(Job(backend="local"))
    s.close()
    before = store_mod.SCHEMA_VERSION
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, "ALTER TABLE jobs ADD COLUMN note TEXT"])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", len(store_mod.MIGRATIONS))
    s2 = JobStore(path)
    assert s2.schema_version() == before + 1
    backup = tmp_path / f"jobs.sqlite3.v{before}.bak"
    assert backup.is_file()
    con = sqlite3.connect(backup)
    assert con.execute("PRAGMA user_version").fetchone()[0] == before
    assert con.execute("SELECT id FROM jobs").fetchall() == [(job.id,)]
    con.close()
    assert s2.get(job.id).id == job.id
    s2.close()


def test_a_store_from_a_newer_fttool_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version=99")
    con.close()
    with pytest.raises(StoreError) as info:
        JobStore(path)
    assert info.value.code == "store_newer"


WRITER = r"""
import sys
from fttool.jobs.store import JobStore
from fttool.jobs.record import Job
path, job_id, offset = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = JobStore(path)
for i in range(150):
    s.update(job_id, metrics={"train_loss": [[offset + i, float(i)]]})
    s.add_events(job_id, [{"message": f"w{offset}-{i}"}])
    s.add(Job(backend="local", params={"writer": offset, "i": i}))
s.close()
"""


def test_two_processes_writing_at_once_do_not_corrupt_the_store(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    s = JobStore(path)
    job = s.add(Job(backend="local"))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), job.id, str(off)])
             for off in (0, 1000)]
    for p in procs:
        assert p.wait(120) == 0
    assert s._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    got = s.get(job.id)
    assert len(got.metrics["train_loss"]) == 300  # no lost update from either writer
    assert len(s.events(job.id)) == 300
    seqs = [e["seq"] for e in s.events(job.id)]
    assert seqs == list(range(1, 301))
    assert len(s.list()) == 301
    s.close()


def test_lease_lets_one_owner_watch_until_it_expires(tmp_path: Path) -> None:
    s = JobStore(tmp_path / "jobs.sqlite3")
    job = s.add(Job(backend="openai"))
    assert s.acquire_lease(job.id, "A", ttl=0.3)
    assert not s.acquire_lease(job.id, "B", ttl=0.3)
    assert s.acquire_lease(job.id, "A", ttl=0.3)  # renew
    assert s.lease_owner(job.id) == "A"
    time.sleep(0.35)
    assert s.acquire_lease(job.id, "B", ttl=10)
    s.release_lease(job.id, "A")  # not A's any more: no effect
    assert s.lease_owner(job.id) == "B"
    s.release_lease(job.id, "B")
    assert s.lease_owner(job.id) is None
    s.close()
