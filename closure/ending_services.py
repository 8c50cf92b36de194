"""A member ends their relationship early (seed 002: either side may end it).

The relationship's own ``match_end`` does the ending (the people become free to be matched
again, the others are told with the member's kind word); here is what is a member's own:
only a current member of a current relationship may, and afterwards the member gets a
confirmation and the programme's coordinators word that someone may need a rematch.
"""

from __future__ import annotations

from django.db import transaction

from relationships.models import Match, MatchMember
from relationships.services import editable_check, match_end

from . import ending_tasks


@transaction.atomic
def match_end_by_member(
    *, member: MatchMember, category: str, reason: str, message: str = ""
) -> Match:
    """End ``member``'s relationship early, for everyone in it.

    ``reason`` is for the coordinators only; ``message`` goes to the other members by
    e-mail. Refused with a message once it has ended, or for a former member of a group.
    """
    editable_check(member)
    ended = match_end(
        match=member.match,
        by=member.enrolment.user,
        reason=reason,
        message=message,
        category=category,
    )
    ending_tasks.report_early_end.delay_on_commit(ended.pk)
    return ended
