"""A confirmed launch for tests that start billable jobs through the service directly: the core's launch plan,
then create_job with its fingerprint (what the CLI and the views do after the person confirms)."""

from __future__ import annotations

from typing import Any


def launch(service: Any, **kw: Any) -> dict[str, Any]:
    plan = service.call("launch_plan", backend=kw["backend"], params=kw.get("params") or {},
                        base_model=kw.get("base_model"), project=kw.get("project"))
    return dict(service.call("create_job", confirmed=plan["fingerprint"], **kw))


def submit_launch(service: Any, **kw: Any) -> Any:
    """The same, as a future (service.submit)."""
    plan = service.call("launch_plan", backend=kw["backend"], params=kw.get("params") or {},
                        base_model=kw.get("base_model"), project=kw.get("project"))
    return service.submit("create_job", confirmed=plan["fingerprint"], **kw)
