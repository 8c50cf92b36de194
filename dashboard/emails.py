"""The dashboard's one e-mail: a coordinator's nudge from the inbox, sent through
``notifications`` to every member of the relationships ticked."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds
from relationships.models import Match

COORDINATOR_NUDGE = "coordinator-nudge"

kinds.register(
    kinds.Kind(
        COORDINATOR_NUDGE,
        _("A word from your coordinator"),
        (COORDINATOR_NUDGE,),
        _("When your programme's coordinator checks in on how your mentoring is going."),
        order=33,
    )
)


def coordinator_nudge(*, to: User, match: Match, by: User | None, day: str) -> bool:
    """To a member: your coordinator asks how it is going; once a day at most."""
    others = [
        m.enrolment.user.public_name
        for m in match.members.select_related("enrolment__user")
        if m.current and m.enrolment.user_id != to.pk
    ]
    return emails.send(
        COORDINATOR_NUDGE,
        to=to,
        about=match,
        occasion=day,
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "others": others,
            "coordinator": by.public_name if by is not None else "",
            "workspace_url": emails.absolute_url(
                reverse("relationships:workspace", kwargs={"pk": match.pk})
            ),
            "planner_url": emails.absolute_url(reverse("meetings:list", kwargs={"pk": match.pk})),
        },
    )
