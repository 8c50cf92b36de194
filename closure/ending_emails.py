"""The e-mails of a member's early end: the confirmation to the member who ended it, and
word to the programme's coordinators, who may rematch the people. Neither carries the
reason (a confidential item the coordinators open, logged, in the admin)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext

from accounts.models import User
from notifications import emails
from relationships.models import Match

EARLY_END_CONFIRMATION = "early-end-confirmation"
EARLY_END_REMATCH = "early-end-rematch"


def _names(match: Match, *, but: int | None = None) -> str:
    """The members' names as a list in words ("Maja and Adam"), said in the language the
    e-mail is rendered in (so, lazily)."""
    members = match.members.select_related("enrolment__user").order_by("-role", "pk")
    names = [
        str(m.enrolment.user.public_name)
        for m in members  # the mentor first
        if m.enrolment.user_id != but
    ]
    return lazy(lambda: get_text_list(names, gettext("and")), str)()


def early_end_confirmation(*, match: Match, to: User) -> bool:
    """To the member who ended it: it is done, the others are told, what comes next."""
    return emails.send(
        EARLY_END_CONFIRMATION,
        to=to,
        about=match,
        context={
            "match": match,
            "programme": match.programme,
            "others": _names(match, but=to.pk),
            "category": match.get_end_category_display(),
            "message": match.end_message,
            "my_programmes_url": emails.absolute_url(reverse("dashboard:mine")),
        },
    )


def early_end_to_coordinator(*, match: Match, to: User) -> bool:
    """To a coordinator of the programme: a relationship ended early, by whom, in which
    category; links to the match (where the reason opens, logged) and to rematching."""
    by = match.ended_by
    return emails.send(
        EARLY_END_REMATCH,
        to=to,
        about=match,
        context={
            "match": match,
            "programme": match.programme,
            "names": _names(match),
            "by": by.public_name if by is not None else "",
            "category": match.get_end_category_display(),
            "match_url": emails.absolute_url(
                reverse("admin:relationships_match_change", args=[match.pk])
            ),
            "rematch_url": emails.absolute_url(
                reverse("admin:matching_programme", args=[match.programme_id])
            ),
        },
    )
