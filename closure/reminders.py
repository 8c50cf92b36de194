"""Closure's scheduled jobs: each part keeps its own module (imported here, where the
notifications app looks for every app's jobs)."""

from . import certificate_reminders  # noqa: F401
