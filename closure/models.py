"""Stage 7: how a relationship and a programme close, and what comes after.

- ``ProgrammeClosing`` (``closing_models.py``): a programme's closing settings — the
  certificate's rule, the next-step resources, the next programme alumni are invited to —
  and when the coordinator closed it.
- ``ClosingReflection`` and ``GoalRating`` (``reflection_models.py``): each member's
  looking back at the end, once per member and relationship.
- ``Certificate`` (``certificate_models.py``): one member's certificate, with the
  unguessable code its verification link carries.
- ``Alumnus`` (``alumni_models.py``): a person who chose to stay on after a programme.
"""

from .alumni_models import Alumnus
from .certificate_models import Certificate
from .closing_models import ProgrammeClosing
from .reflection_models import ClosingReflection, GoalRating

__all__ = ["Alumnus", "Certificate", "ClosingReflection", "GoalRating", "ProgrammeClosing"]
