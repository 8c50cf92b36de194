"""One function per e-mail about a relationship."""

from django.urls import reverse

from accounts.models import User
from intake.models import Application
from notifications import emails

from .models import Match, MatchMember


def _profile(member: MatchMember) -> dict:
    """What a new partner may learn about someone: what they chose to share on applying."""
    user = member.enrolment.user
    application = (
        Application.objects.filter(programme_id=member.match.programme_id, user=user)
        .exclude(status=Application.Status.DRAFT)
        .first()
    )
    return {
        "name": user.get_full_name(),
        "email": user.email,
        "role": member.get_role_display(),
        "organisation": application.organisation if application else "",
        "city": application.city if application else "",
        "about": application.about_me if application else "",
    }


def match_introduction(
    *, match: Match, to: User, joined: list[int] | None = None, newcomers: list[int] | None = None
) -> None:
    """Introduce a member of a new relationship to the other member(s); or, with
    ``joined`` (enrolment ids), tell a member of a group who has just joined it.

    ``newcomers`` names the occasion: the group's founding (none) or who joined when."""
    members = list(match.members.select_related("enrolment__user", "match"))
    own = next(m for m in members if m.enrolment.user_id == to.pk)
    others = [
        _profile(m)
        for m in members
        if m.pk != own.pk and (joined is None or m.enrolment_id in joined)
    ]
    emails.send(
        "match-introduction" if joined is None else "match-new-member",
        to=to,
        about=match,
        occasion="joined:" + ",".join(map(str, sorted(newcomers))) if newcomers else "",
        context={
            "match": match,
            "programme": match.programme,
            "role": own.get_role_display(),
            "others": others,
            "my_programmes_url": emails.absolute_url(reverse("dashboard:mine")),
        },
    )
