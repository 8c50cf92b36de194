"""Closure's e-mails: each part keeps its own module (imported here, where the
notifications app looks for every app's e-mails and their kinds)."""

from . import certificate_emails  # noqa: F401
