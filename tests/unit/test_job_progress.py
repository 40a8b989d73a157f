"""A job's progress and name from its record (issue 18): the numbers the Jobs view shows, where they come from
(local logs, OpenAI and Together answers, older records), the default name, the store's migration, the rename."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from fttool.jobs import store as store_mod
from fttool.jobs.progress import clock_seconds, job_progress
from fttool.jobs.record import Job, Status, clean_job_name, default_job_name, short_model_name
from fttool.jobs.store import JobStore


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="seconds")


NOW = 1_800_000_000.0


def test_steps_and_the_providers_time_left_counted_down_from_when_it_was_measured() -> None:
    job = {"status": "running", "progress": {"step": 364, "total": 4800, "epoch": 0.2, "epochs": 3,
                                             "eta_seconds": 600, "at": iso(NOW - 120)}}
    p = job_progress(job, NOW)
    assert p["step"] == 364 and p["total"] == 4800 and p["epochs"] == 3
    assert p["fraction"] == pytest.approx(364 / 4800)
    assert p["seconds_left"] == pytest.approx(480)
    job["progress"]["at"] = iso(NOW - 3600)  # measured long ago: never a negative time
    assert job_progress(job, NOW)["seconds_left"] == 0


def test_time_left_from_the_rate_so_far_and_from_an_estimated_finish() -> None:
    rate = {"status": "running", "progress": {"step": 100, "total": 400, "elapsed_seconds": 300, "at": iso(NOW)}}
    assert job_progress(rate, NOW)["seconds_left"] == pytest.approx(900)
    finish = {"status": "running", "progress": {"finish_at": NOW + 1500, "at": iso(NOW - 60)}}
    p = job_progress(finish, NOW)
    assert p["seconds_left"] == pytest.approx(1500) and p["fraction"] is None
    tokens = {"status": "running", "progress": {"tokens": 250, "total_tokens": 1000}}
    assert job_progress(tokens, NOW)["fraction"] == 0.25
    epochs = {"status": "running", "progress": {"epoch": 1, "epochs": 4}}
    assert job_progress(epochs, NOW)["fraction"] == 0.25


def test_a_time_left_only_while_the_job_moves_and_a_succeeded_job_is_complete() -> None:
    prog = {"step": 10, "total": 100, "eta_seconds": 900, "at": iso(NOW)}
    assert job_progress({"status": "queued", "progress": prog}, NOW)["seconds_left"] is None
    assert job_progress({"status": "paused", "progress": prog}, NOW)["seconds_left"] is None
    done = job_progress({"status": "succeeded", "progress": prog}, NOW)
    assert done["fraction"] == 1.0 and done["seconds_left"] is None
    assert job_progress({"status": "pending"}, NOW)["fraction"] is None


def test_older_records_fall_back_on_what_they_hold() -> None:
    local = {"status": "running", "provider_status": "step 1200/4800, epoch 0.75, ETA 12:00",
             "updated_at": iso(NOW - 60)}
    p = job_progress(local, NOW)
    assert (p["step"], p["total"], p["epoch"]) == (1200, 4800, 0.75)
    assert p["seconds_left"] == pytest.approx(660)
    hub = {"status": "running", "params": {"steps": 50}, "metrics": {"train_loss": [[10, 2.0], [20, 1.5]]}}
    assert job_progress(hub, NOW)["fraction"] == 0.4
    assert job_progress({"status": "running", "provider_status": "remote:running"}, NOW)["fraction"] is None


def test_clock_seconds_reads_tqdms_times() -> None:
    assert clock_seconds("05:23") == 323 and clock_seconds("1:02:03") == 3723 and clock_seconds("7") == 7
    assert clock_seconds("?") is None and clock_seconds(None) is None and clock_seconds("") is None


def test_the_local_log_state_records_its_progress() -> None:
    from fttool.providers.local.common import LogState

    state = LogState(epochs=3)
    state._stderr_chunk(" 25%|██▌       | 1200/4800 [04:00<12:00,  5.00it/s]", "e1")
    state._stdout_line("{'loss': 1.5, 'epoch': 0.75}", "o1")
    prog = state.progress()
    assert (prog["step"], prog["total"], prog["epoch"], prog["epochs"]) == (1200, 4800, 0.75, 3)
    assert prog["eta_seconds"] == 720 and prog["elapsed_seconds"] == 240 and prog["at"]
    assert LogState().progress() == {}


def test_together_and_openai_answers_become_progress() -> None:
    from fttool.providers.base import PollResult
    from fttool.providers.together import TogetherProvider

    ft = SimpleNamespace(steps_completed=30, total_steps=120, epochs_completed=1, n_epochs=4,
                         progress=SimpleNamespace(estimate_available=True, seconds_remaining=5400))
    prog = TogetherProvider._together_progress(ft)
    assert prog is not None and (prog["step"], prog["total"], prog["epoch"], prog["epochs"]) == (30, 120, 1, 4)
    assert prog["eta_seconds"] == 5400
    unknown = SimpleNamespace(progress=SimpleNamespace(estimate_available=False, seconds_remaining=0))
    assert TogetherProvider._together_progress(unknown) is None

    from fttool.providers.openai import OpenAIProvider

    provider = OpenAIProvider.__new__(OpenAIProvider)
    provider._total_steps = {"job-1": 90}
    job = Job(backend="openai", id="job-1")
    res = PollResult(Status.RUNNING, metrics={"train_loss": [[44.0, 1.2], [45.0, 1.1]]},
                     progress={"finish_at": NOW + 600, "at": iso(NOW)})
    provider._progress(job, res)
    assert res.progress is not None and res.progress["step"] == 45 and res.progress["total"] == 90
    assert res.progress["finish_at"] == NOW + 600
    quiet = PollResult(Status.RUNNING)
    provider._progress(job, quiet)
    assert quiet.progress is None  # nothing new: the record keeps what it had


@pytest.fixture
def kuala_lumpur(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Kuala_Lumpur")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_default_name_is_project_model_and_local_date(kuala_lumpur: None) -> None:
    assert default_job_name("/home/ana/recipes", "Qwen/Qwen3-0.6B", "2026-01-01T20:00:00Z") == \
        "recipes · Qwen3-0.6B · 2026-01-02"  # 04:00 the next day in Kuala Lumpur
    assert default_job_name("/home/ana/recipes", "gpt-4o-mini", "2026-01-01T10:00:00Z", "Recipe helper") == \
        "Recipe helper · gpt-4o-mini · 2026-01-01"
    assert default_job_name(None, None, "not a date") == ""
    assert short_model_name("/models/tiny-qwen/") == "tiny-qwen"
    assert clean_job_name("  a\n  b\t c ") == "a b c" and len(clean_job_name("x" * 500)) == 120


def test_an_older_store_gains_names_and_progress(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(store_mod.MIGRATIONS[0])
    con.execute("PRAGMA user_version=1")
    con.execute("INSERT INTO jobs (id, backend, status, created_at, updated_at) VALUES "
                "('job-old', 'local', 'succeeded', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    con.commit()
    con.close()
    s = JobStore(path)
    assert s.schema_version() == store_mod.SCHEMA_VERSION and (tmp_path / "jobs.sqlite3.v1.bak").is_file()
    old = s.get("job-old")
    assert old.name is None and old.progress == {}
    s.update("job-old", name="Kept", progress={"step": 1, "total": 2})
    again = s.get("job-old")
    assert again.name == "Kept" and again.progress == {"step": 1, "total": 2}
    s.close()


def test_rename_job_stores_a_clean_name_and_an_empty_one_brings_back_the_default(tmp_path: Path) -> None:
    from fttool.jobs.commands import rename_job

    store = JobStore(tmp_path / "jobs.sqlite3")
    project = tmp_path / "proj"
    project.mkdir()
    (project / "project.json").write_text('{"name": "Support  bot"}', encoding="utf-8")
    job = store.add(Job(backend="local", base_model="org/tiny", project=str(project),
                        created_at="2026-05-05T12:00:00Z"))
    events: list[tuple[str, dict]] = []
    service = SimpleNamespace(store=store, emit=lambda kind, **payload: events.append((kind, payload)))
    renamed = rename_job(service, job.id, "  My\nfirst   try ")  # type: ignore[arg-type]
    assert renamed["name"] == "My first try" and store.get(job.id).name == "My first try"
    assert events[-1][0] == "job_updated" and events[-1][1]["job"]["name"] == "My first try"
    day = datetime.fromisoformat("2026-05-05T12:00:00+00:00").astimezone().strftime("%Y-%m-%d")
    assert rename_job(service, job.id, "   ")["name"] == f"Support bot · tiny · {day}"  # type: ignore[arg-type]
    store.close()
