"""A job's progress from its record: how far it is (steps, epochs, tokens) and about how long is left.

Providers store what they measured in the record's `progress` (a dict; every key optional):
  step, total          training steps done and planned
  epoch, epochs        epochs done (may be fractional) and planned
  tokens, total_tokens trained tokens so far and planned
  fraction             the provider's own 0..1 when it gives one
  eta_seconds          the provider's time left when it was measured
  elapsed_seconds      the run's time so far when it was measured
  finish_at            the provider's estimated finish (Unix seconds)
  at                   when it was measured (ISO 8601)
`job_progress` turns a record (a dict, as the service sends it) into numbers a view shows; records without a
`progress` (older ones) fall back on what they hold: "step N/M ... ETA mm:ss" in the provider's words of an older
local job, the last logged step against the planned steps in the params. Views build their own (translated) words
from these numbers.
"""

from __future__ import annotations

import re
import time
from typing import Any

_STEP = re.compile(r"\bstep (\d+)/(\d+)")
_EPOCH = re.compile(r"\bepoch ([\d.]+)")
_ETA = re.compile(r"\bETA ([\d:]+)")
ACTIVE = ("running", "validating", "uploading")  # a time left means something only while the job moves


def clock_seconds(text: str | None) -> float | None:
    """tqdm's "05:23" or "1:02:03" in seconds; None when it is not one."""
    if not text or not re.fullmatch(r"\d+(:\d+){0,2}", text.strip()):
        return None
    seconds = 0.0
    for part in text.strip().split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def _iso_seconds(iso: Any) -> float | None:
    if not isinstance(iso, str) or not iso:
        return None
    from datetime import datetime

    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.timestamp()


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def recorded(job: dict[str, Any]) -> dict[str, Any]:
    """The record's progress dict, or one read from what an older record holds."""
    prog = job.get("progress")
    if isinstance(prog, dict) and prog:
        return dict(prog)
    out: dict[str, Any] = {}
    words = str(job.get("provider_status") or "")
    m = _STEP.search(words)
    if m:
        out["step"], out["total"] = int(m.group(1)), int(m.group(2))
        e = _EPOCH.search(words)
        if e:
            try:
                out["epoch"] = float(e.group(1))
            except ValueError:
                pass
        eta = _ETA.search(words)
        if eta and clock_seconds(eta.group(1)) is not None:
            out["eta_seconds"] = clock_seconds(eta.group(1))
        out["at"] = job.get("updated_at")
        return out
    params = job.get("params") or {}
    total = params.get("steps") if isinstance(params.get("steps"), int) else params.get("total_steps")
    loss = (job.get("metrics") or {}).get("train_loss") or []
    if isinstance(total, int) and total > 0 and loss:
        out["step"], out["total"] = int(loss[-1][0]), total
    return out


def job_progress(job: dict[str, Any], now: float | None = None) -> dict[str, Any]:
    """{fraction (0..1 or None), step, total, epoch, epochs, tokens, total_tokens, seconds_left (or None)} for a
    job record. A succeeded job is complete; the time left is counted down from when it was measured, and is
    only given while the job runs."""
    now = time.time() if now is None else now
    p = recorded(job)
    status = str(job.get("status") or "")
    step, total = _num(p.get("step")), _num(p.get("total"))
    epoch, epochs = _num(p.get("epoch")), _num(p.get("epochs"))
    tokens, total_tokens = _num(p.get("tokens")), _num(p.get("total_tokens"))
    fraction = _num(p.get("fraction"))
    if fraction is None and step is not None and total:
        fraction = step / total
    if fraction is None and tokens is not None and total_tokens:
        fraction = tokens / total_tokens
    if fraction is None and epoch is not None and epochs:
        fraction = epoch / epochs
    if status == "succeeded":
        fraction = 1.0
    if fraction is not None:
        fraction = min(max(fraction, 0.0), 1.0)
    seconds_left: float | None = None
    if status in ACTIVE:
        at = _iso_seconds(p.get("at"))
        since = max(0.0, now - at) if at is not None else 0.0
        finish = _num(p.get("finish_at"))
        eta = _num(p.get("eta_seconds"))
        elapsed = _num(p.get("elapsed_seconds"))
        if finish is not None and finish > 0:
            seconds_left = finish - now
        elif eta is not None:
            seconds_left = eta - since
        elif elapsed is not None and fraction:
            seconds_left = elapsed * (1.0 - fraction) / fraction - since
        if seconds_left is not None:
            seconds_left = max(0.0, seconds_left)
    return {"fraction": fraction, "step": None if step is None else int(step),
            "total": None if total is None else int(total), "epoch": epoch, "epochs": epochs,
            "tokens": None if tokens is None else int(tokens),
            "total_tokens": None if total_tokens is None else int(total_tokens), "seconds_left": seconds_left}
