"""Privacy's own records (the stages' personal data is theirs; they declare it)."""

from .audit_models import ConfidentialOpening  # noqa: F401
from .retention_models import ProgrammeRetention  # noqa: F401
