"""Writes for matching: the coordinator's rounds (``rounds``, ``suggestions``, with the
numeric work in ``compute``), mentees' requests (``requests``) and wishes (``wishes``).

The admin, the views, the command and the tasks call these. Relationships themselves are
created and ended by ``relationships.services``. ``propose`` and ``run_compute`` are loaded
on first use: they bring the numeric libraries, which a web process needs only for rounds.
"""

from .rounds import open_run, run_check_confirmable, run_confirm, run_discard, run_start
from .suggestions import suggestion_add_manual, suggestion_exclude, suggestion_lock

_COMPUTE = ("propose", "run_compute")


def __getattr__(name: str):
    if name in _COMPUTE:
        from . import compute

        return getattr(compute, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "open_run",
    "propose",
    "run_check_confirmable",
    "run_compute",
    "run_confirm",
    "run_discard",
    "run_start",
    "suggestion_add_manual",
    "suggestion_exclude",
    "suggestion_lock",
]
