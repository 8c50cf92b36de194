"""The "did you meet?" check: signed links in an e-mail that say whether a planned meeting
took place, without signing in.

A link carries the member's user id, the relationship, the meeting and the meeting's
``sequence`` when the e-mail went out, signed with the site's secret key under its own salt
(an unsubscribe token opens nothing here, nor this one there). Like the unsubscribe link,
**the link is the authority**: whoever opens it — signed in as someone else or not at all —
answers for the member it was sent to, and only about that meeting. The member is found
through ``relationships.selectors.get_membership_for_user`` and must still be a current
member; a meeting changed since (its sequence moved on) or cancelled is out of date.

The first answer counts, from any member's link: the meeting is then held or missed and the
other links say so instead of changing it again (the meeting page can still correct it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from relationships.models import MatchMember

from ..models import Meeting
from . import _locked, meeting_held, meeting_missed, own_meeting_check

SALT = "meetings.check"
RECORDED = (Meeting.Status.HELD, Meeting.Status.MISSED)


def link_max_age() -> timedelta:
    """How long a check link works (``MEETING_CHECK_LINK_DAYS``, 30 days)."""
    return timedelta(days=getattr(settings, "MEETING_CHECK_LINK_DAYS", 30))


@dataclass(frozen=True)
class CheckLink:
    user_id: int
    match_id: int
    meeting_id: int
    sequence: int


def check_token(*, user_id: int, meeting: Meeting) -> str:
    data = {"u": user_id, "r": meeting.match_id, "m": meeting.pk, "s": meeting.sequence}
    return signing.dumps(data, salt=SALT, compress=True)


def check_path(*, user_id: int, meeting: Meeting) -> str:
    return reverse(
        "meetings:check", kwargs={"token": check_token(user_id=user_id, meeting=meeting)}
    )


def read_check_token(token: str) -> CheckLink | None:
    """The link's contents when we signed it and it has not expired; None for anything
    else, however it was made."""
    try:
        data = signing.loads(token, salt=SALT, max_age=link_max_age())
    except (signing.BadSignature, ValueError, TypeError, UnicodeError, OverflowError):
        return None
    if not isinstance(data, dict):
        return None
    values = [data.get(key) for key in ("u", "r", "m", "s")]
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        return None
    return CheckLink(*values)


def out_of_date(link: CheckLink, meeting: Meeting) -> bool:
    """The meeting changed (or was cancelled) since the e-mail went out."""
    return meeting.sequence != link.sequence or meeting.status not in (
        Meeting.Status.PLANNED,
        *RECORDED,
    )


@transaction.atomic
def meeting_check_answer(
    *, member: MatchMember, meeting: Meeting, sequence: int, held: bool
) -> tuple[Meeting, bool]:
    """Record the answer of ``member`` (the link's, never the signed-in person's) unless
    the meeting is recorded already. Returns the meeting and whether this answer recorded
    it. The meeting's row is locked first, so of two members answering at once one
    records it and the other learns that it is recorded."""
    own_meeting_check(member, meeting)
    locked = _locked(meeting)
    if locked.status in RECORDED and locked.sequence == sequence:
        return locked, False
    if locked.sequence != sequence or locked.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _("This meeting has changed since the e-mail was sent: open its page instead."),
            code="changed",
        )
    if held:
        return meeting_held(member=member, meeting=locked), True
    return meeting_missed(member=member, meeting=locked), True
