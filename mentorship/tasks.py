"""Project-wide housekeeping tasks."""

import socket

from celery import shared_task


@shared_task
def ping(value: str = "pong") -> dict:
    """Answer with the given value and the worker's host: proves a worker is alive.

    Operations use it after a deploy (``celery -A mentorship call mentorship.tasks.ping``),
    and the integration tests use it to prove a round-trip through each broker.
    """
    return {"value": value, "worker": socket.gethostname()}
