"""Writing the closing reflection, and when it is open.

**When it opens**: once the relationship has completed or ended early (those who ended
early still look back: what they got out of it is worth saying too), or, while it is
still current, from ``CLOSING_REFLECTION_OPENS_DAYS`` (14) days before the programme's
last day, or as soon as the coordinator starts closing the programme (status *closing*
or *closed*). It stays open after that: a member invited when the programme closed may
take a few weeks (the retention job removes the texts in time, like every reflection).

**Once**: a member writes one reflection per relationship; it cannot be changed once the
others may read it. The database's unique constraint is the backstop, and its violation
comes back as the rule's message. Each goal rating is checked against the goals the
member may read (``goals.selectors.goals_for_member``): a goal of someone else's that is
private, or of another relationship, cannot be rated. A member rates their own goals;
the others' goals they read (a mentor's view of the mentee's goals) they may rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluations.health import site_day
from goals.selectors import goals_for_member
from programs.models import Programme
from programs.retention import texts_deleted_on
from relationships.models import Match, MatchMember

from .reflection_models import (
    HOW_MAX_LENGTH,
    LEVEL_MAX,
    LEVEL_MIN,
    REFLECTION_TEXT_MAX_LENGTH,
    ClosingReflection,
    GoalRating,
    StayInTouch,
)

#: The programme's statuses from which every relationship's reflection is open.
CLOSING_STATUSES = (Programme.Status.CLOSING, Programme.Status.CLOSED)
ENDED = (Match.Status.COMPLETED, Match.Status.ENDED_EARLY)


def opens_days() -> int:
    """How many days before the programme's last day the reflection opens."""
    return getattr(settings, "CLOSING_REFLECTION_OPENS_DAYS", 14)


def opens_on(programme: Programme) -> date:
    return programme.ends_on - timedelta(days=opens_days())


def reflection_is_open(match: Match, today: date | None = None) -> bool:
    return reflection_refusal(match, today) is None


def reflection_refusal(match: Match, today: date | None = None) -> str | None:
    """Why the relationship's members cannot write their reflection (yet, or any more),
    or None."""
    programme = match.programme
    today = today or site_day(timezone.now())
    deleted_on = texts_deleted_on(programme)
    if deleted_on <= today:
        # Retention has deleted (or is about to delete) the programme's texts: a text
        # written now would outlive its programme's retention date.
        return _(
            "The closing reflections of this programme can no longer be written: its "
            "texts were deleted on %(day)s."
        ) % {"day": date_format(deleted_on, "DATE_FORMAT")}
    if match.status in ENDED:
        return None
    if programme.status in CLOSING_STATUSES:
        return None
    if today >= opens_on(programme):
        return None
    return _(
        "The closing reflection opens on %(day)s, two weeks before the programme ends, "
        "or when your relationship is completed."
    ) % {"day": date_format(opens_on(programme), "DATE_FORMAT")}


@dataclass(frozen=True)
class Rating:
    """One goal re-rated: reached (yes / partly / no), where the member stood when it was
    set and where they stand now (1–5)."""

    goal_id: int
    reached: str
    level_at_start: int
    level_now: int


def _clean(text: str | None) -> str:
    return (text or "").replace("\x00", "").strip()


def _level(value) -> bool:
    return not isinstance(value, bool) and value in range(LEVEL_MIN, LEVEL_MAX + 1)


def _ratings_check(member: MatchMember, ratings: list[Rating]) -> None:
    readable = {
        pk: author for pk, author in goals_for_member(member).values_list("pk", "author_id")
    }
    seen = set()
    for rating in ratings:
        if rating.goal_id not in readable or rating.goal_id in seen:
            raise ValidationError(_("One of the goals cannot be rated here."), code="goal")
        seen.add(rating.goal_id)
        if rating.reached not in GoalRating.Reached.values:
            raise ValidationError(_("For each goal, say whether it was reached."), code="reached")
        if not (_level(rating.level_at_start) and _level(rating.level_now)):
            raise ValidationError(
                _("Rate where you were and where you are now from %(low)d to %(high)d.")
                % {"low": LEVEL_MIN, "high": LEVEL_MAX},
                code="range",
            )
    own = {pk for pk, author in readable.items() if author == member.pk}
    if own - seen:
        raise ValidationError(_("Rate each of your own goals."), code="own_goals")


@transaction.atomic
def closing_reflection_write(
    *,
    member: MatchMember,
    achieved: str = "",
    expectations_met: int,
    way_of_working: str,
    going_on: str,
    stay_in_touch: str,
    stay_in_touch_how: str = "",
    ratings: list[Rating] | None = None,
) -> ClosingReflection:
    """The member's own closing reflection with their goal ratings, once."""
    match = member.match
    refusal = reflection_refusal(match)
    if refusal:
        raise ValidationError(refusal, code="closed")
    achieved, way_of_working, going_on = (
        _clean(achieved),
        _clean(way_of_working),
        _clean(going_on),
    )
    how = _clean(stay_in_touch_how) if stay_in_touch != StayInTouch.NO else ""
    if not way_of_working or not going_on:
        raise ValidationError(
            _("Write whether your way of working worked, and how you go on."), code="required"
        )
    if max(len(achieved), len(way_of_working), len(going_on)) > REFLECTION_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep each answer under %(n)d characters.") % {"n": REFLECTION_TEXT_MAX_LENGTH},
            code="max_length",
        )
    if len(how) > HOW_MAX_LENGTH:
        raise ValidationError(
            _("Keep how you stay in touch under %(n)d characters.") % {"n": HOW_MAX_LENGTH},
            code="max_length",
        )
    if not _level(expectations_met):
        raise ValidationError(
            _("Say how well it met your expectations, from %(low)d to %(high)d.")
            % {"low": LEVEL_MIN, "high": LEVEL_MAX},
            code="range",
        )
    if stay_in_touch not in StayInTouch.values:
        raise ValidationError(_("Say whether you stay in touch."), code="stay_in_touch")
    ratings = list(ratings or [])
    _ratings_check(member, ratings)
    try:
        with transaction.atomic():
            reflection = ClosingReflection.objects.create(
                match_id=member.match_id,
                member=member,
                achieved=achieved,
                expectations_met=expectations_met,
                way_of_working=way_of_working,
                going_on=going_on,
                stay_in_touch=stay_in_touch,
                stay_in_touch_how=how,
            )
            GoalRating.objects.bulk_create(
                GoalRating(
                    reflection=reflection,
                    goal_id=r.goal_id,
                    reached=r.reached,
                    level_at_start=r.level_at_start,
                    level_now=r.level_now,
                )
                for r in ratings
            )
    except IntegrityError as error:
        if not Match.objects.filter(pk=member.match_id).exists():
            raise ValidationError(
                _("This relationship no longer exists."), code="deleted"
            ) from error
        raise ValidationError(
            _("You have written your closing reflection already."), code="once"
        ) from error
    return reflection
