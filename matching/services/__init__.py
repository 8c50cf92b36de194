"""Writes for matching: the coordinator's rounds (``rounds``), mentees' requests
(``requests``) and wishes (``wishes``).

The admin, the views, the command and the tasks call these. Relationships themselves are
created and ended by ``relationships.services``.
"""

from .rounds import (
    open_run,
    propose,
    run_compute,
    run_confirm,
    run_discard,
    run_start,
    suggestion_add_manual,
    suggestion_exclude,
    suggestion_lock,
)

__all__ = [
    "open_run",
    "propose",
    "run_compute",
    "run_confirm",
    "run_discard",
    "run_start",
    "suggestion_add_manual",
    "suggestion_exclude",
    "suggestion_lock",
]
