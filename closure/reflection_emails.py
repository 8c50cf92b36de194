"""The closing reflection's e-mail: the invitation to write it, once per member and
relationship, when the relationship completed or its programme closed. Sent through
``notifications`` in the recipient's language. It belongs to no kind a person may turn
off: like the introduction to a match, it is part of taking part."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from notifications import emails
from relationships.models import Match

REFLECTION_INVITATION = "closing-reflection-invitation"


def reflection_invitation(*, to: User, match: Match) -> bool:
    """To a member: your relationship has ended; write your closing reflection. The same
    occasion whichever way it ended, so a completion and the programme's closing send one."""
    return emails.send(
        REFLECTION_INVITATION,
        to=to,
        about=match,
        occasion="invited",
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "match": match,
            "reflection_url": emails.absolute_url(
                reverse("closure:reflection", kwargs={"pk": match.pk})
            ),
            "workspace_url": emails.absolute_url(
                reverse("relationships:workspace", kwargs={"pk": match.pk})
            ),
        },
    )
