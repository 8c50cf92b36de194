"""Privacy's own records (the stages' personal data is theirs; they declare it)."""

from .retention_models import ProgrammeRetention  # noqa: F401
