"""Project-wide housekeeping tasks."""

import socket

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task
def ping(value: str = "pong") -> dict:
    """Answer with the given value and the worker's host: proves a worker is alive.

    Operations use it after a deploy (``celery -A mentorship call mentorship.tasks.ping``),
    and the integration tests use it to prove a round-trip through each broker.
    """
    return {"value": value, "worker": socket.gethostname()}


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions so the table does not grow for ever (runs daily in beat)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
