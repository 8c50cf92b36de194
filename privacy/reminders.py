"""Privacy's scheduled job (found by ``notifications.kinds.discover``): retention."""

from . import retention  # noqa: F401  (registers the ``retention`` job)
