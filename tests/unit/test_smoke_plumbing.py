from fttool.jobs.service import JobService


def test_service_answers_ping_and_stops_cleanly(service: JobService) -> None:
    assert service.call("ping") == "pong"
    assert service.call("list_jobs") == []
