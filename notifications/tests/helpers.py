"""Running a reminder job at a frozen moment, as beat would, for every app's tests."""

from datetime import UTC, datetime, timedelta

import time_machine

from notifications import jobs


def run_job(name: str, when: datetime, callbacks):
    """One pass of job ``name`` at ``when`` (time frozen), its tasks run after the commit.
    ``callbacks``: pytest-django's ``django_capture_on_commit_callbacks``."""
    job = jobs.get(name)
    assert job is not None, f"no job {name}"
    with time_machine.travel(when, tick=False), callbacks(execute=True):
        return jobs.dispatch(job)


def run_every(name: str, start: datetime, end: datetime, minutes: int, callbacks) -> list:
    """Passes of ``name`` every ``minutes`` from ``start`` to ``end``: the moments at which
    a pass claimed something, with what it claimed."""
    claims = []
    # Stepped in UTC: Python adds to an aware time by its wall clock, which would make
    # passes at 02:30 on the night the clocks skip it.
    moment, end = start.astimezone(UTC), end.astimezone(UTC)
    while moment <= end:
        result = run_job(name, moment, callbacks)
        if result.claimed:
            claims.append((moment, result.claimed))
        moment += timedelta(minutes=minutes)
    return claims
