"""Writes for follow-ups: made when due, asked for by hand, logged once done.

The admin and the reminder jobs call these. Each follow-up is unique where it must be
(one per relationship and scheduled offset, one per quiet spell): the database's
constraints are the backstop, so two workers making the same follow-up make one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from relationships.models import Match

from .health import site_day
from .models import NOTE_MAX_LENGTH, FollowUp
from .selectors import scheduled_due

# How far ahead a next follow-up may be set: a date beyond is a typing error.
NEXT_AT_MOST_DAYS = 366


@transaction.atomic
def follow_ups_schedule(
    *, until: date, programme_ids: Iterable[int] | None = None, at: datetime | None = None
) -> int:
    """Make the scheduled follow-ups due by ``until`` (of ``programme_ids``, else every
    programme) that running relationships do not have yet; how many were due.

    ``at``: when they count as made — the claim of the e-mail that tells of them, so that
    the next morning's e-mail knows it told of these already."""
    due = scheduled_due(until, programme_ids)
    FollowUp.objects.bulk_create(
        [
            FollowUp(
                match_id=item.match_id,
                reason=FollowUp.Reason.SCHEDULED,
                offset=item.offset,
                due_on=item.due_on,
                created_at=at or timezone.now(),
            )
            for item in due
        ],
        ignore_conflicts=True,  # made meanwhile by another worker: the same follow-up
        batch_size=1000,
    )
    return len(due)


def quiet_follow_up_open(*, match_id: int, quiet_since: date, due_on: date) -> FollowUp:
    """The follow-up for one quiet spell of a relationship, made once."""
    try:
        with transaction.atomic():
            follow_up, _created = FollowUp.objects.get_or_create(
                match_id=match_id,
                quiet_since=quiet_since,
                defaults={"reason": FollowUp.Reason.QUIET, "due_on": due_on},
            )
    except IntegrityError:  # made by another worker between the read and the write
        follow_up = FollowUp.objects.get(match_id=match_id, quiet_since=quiet_since)
    return follow_up


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def due_errors(match: Match, due_on: date | None) -> list[str]:
    """What is wrong with ``due_on`` as the day of a follow-up of ``match``."""
    if due_on is None:
        return [_("Give the date of the follow-up.")]
    began = site_day(match.started_at)
    if due_on < began:
        return [
            _("The relationship began on %(day)s: choose a day from then on.")
            % {"day": _day(began)}
        ]
    latest = site_day(timezone.now()) + timedelta(days=NEXT_AT_MOST_DAYS)
    if due_on > latest:
        return [_("Choose a day within a year, by %(day)s.") % {"day": _day(latest)}]
    return []


def log_errors(
    follow_up: FollowUp, *, done_on: date | None, channel: str, note: str, next_due_on: date | None
) -> dict[str, list[str]]:
    """What is wrong with a follow-up's log, by field (the admin's form shows the same)."""
    errors: dict[str, list[str]] = {}
    match = follow_up.match
    began = site_day(match.started_at)
    if done_on is None:
        errors["done_on"] = [_("Give the day you followed up.")]
    elif done_on > site_day(timezone.now()):
        errors["done_on"] = [_("A follow-up is logged once done: choose today or a day before.")]
    elif done_on < began:
        errors["done_on"] = [
            _("The relationship began on %(day)s: choose a day from then on.")
            % {"day": _day(began)}
        ]
    if channel not in FollowUp.Channel.values:
        errors["channel"] = [_("Choose how you followed up.")]
    if len((note or "").strip()) > NOTE_MAX_LENGTH:
        errors["note"] = [_("Keep the note to %(count)d characters.") % {"count": NOTE_MAX_LENGTH}]
    if next_due_on is not None:
        if done_on is not None and next_due_on <= done_on:
            errors["next_due_on"] = [_("The next follow-up comes after this one.")]
        elif wrong := due_errors(match, next_due_on):
            errors["next_due_on"] = wrong
    return errors


@transaction.atomic
def follow_up_ask(*, match: Match, due_on: date, by: User | None) -> FollowUp:
    """A follow-up a coordinator asks for by hand."""
    if not match.is_current:
        raise ValidationError(
            {"match": _("This relationship has ended: there is nothing to follow up.")}
        )
    if wrong := due_errors(match, due_on):
        raise ValidationError({"due_on": wrong})
    return FollowUp.objects.create(
        match=match, reason=FollowUp.Reason.ASKED, due_on=due_on, created_by=by
    )


@transaction.atomic
def follow_up_log(
    *,
    follow_up: FollowUp,
    by: User | None,
    done_on: date,
    channel: str,
    note: str = "",
    next_due_on: date | None = None,
) -> FollowUp:
    """Write down a follow-up done: when, how, a note for coordinators, and the date of the
    next one, which is made (or moved) as a follow-up of its own. Logging again corrects
    the record; a next follow-up not yet done follows the new date, or goes when the date
    is cleared."""
    locked = FollowUp.objects.select_for_update().select_related("match").get(pk=follow_up.pk)
    note = (note or "").strip()
    errors = log_errors(
        locked, done_on=done_on, channel=channel, note=note, next_due_on=next_due_on
    )
    if errors:
        raise ValidationError(errors)
    first_time = locked.done_on is None
    locked.done_on, locked.channel, locked.note = done_on, channel, note
    locked.next_due_on = next_due_on
    locked.logged_at = timezone.now()
    if first_time or locked.done_by is None:
        locked.done_by = by
    locked.save()
    _next_follow_up(locked, by)
    return locked


def _next_follow_up(follow_up: FollowUp, by: User | None) -> None:
    following = FollowUp.objects.select_for_update().filter(previous=follow_up).first()
    if following is not None and following.is_done:
        return  # done already: its own record now
    if follow_up.next_due_on is None:
        if following is not None:
            following.delete()
        return
    if following is None:
        FollowUp.objects.create(
            match=follow_up.match,
            reason=FollowUp.Reason.ASKED,
            due_on=follow_up.next_due_on,
            previous=follow_up,
            created_by=by,
        )
    elif following.due_on != follow_up.next_due_on:
        following.due_on = follow_up.next_due_on
        following.save(update_fields=["due_on"])
