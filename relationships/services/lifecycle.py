"""The relationship's lifecycle in one place: start (``match_create``), pause and resume,
end early, complete.

``match_create`` is the one way a relationship comes to be — from a confirmed round, a
coordinator's manual pair or an accepted request. It locks each mentor's enrolment row
and gives every mentee the lowest free place within the mentor's capacity; the unique
index on (mentor, place) among current members is the database's backstop.

Lock order, where several rows are locked: the mentor's enrolment, then the match.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Enrolment, Programme
from programs.services import enrolment_lock

from .. import hooks, tasks
from ..models import Match, MatchMember
from ..selectors import current_group_of, has_current_match, room
from .agreement import signed_state_refresh
from .workspace import clean_text

PAUSE_REASON_MAX_LENGTH = 500


def already_matched(people: list[Enrolment]) -> ValidationError:
    """The one wording for "someone here is taken", wherever a relationship is formed."""
    return ValidationError(
        _("Already in a current match: %(people)s.")
        % {"people": ", ".join(str(p.user) for p in people)},
        code="already_matched",
    )


def match_ended() -> ValidationError:
    return ValidationError(_("This match has already ended."), code="ended")


def mentor_without_places(mentor: Enrolment) -> ValidationError:
    return ValidationError(
        _("%(mentor)s has no places to offer.") % {"mentor": mentor.user}, code="no_capacity"
    )


def mentor_full(mentor: Enrolment) -> ValidationError:
    return ValidationError(
        _("%(mentor)s has no free place left.") % {"mentor": mentor.user}, code="full"
    )


def _free_place(mentor: Enrolment) -> int | None:
    """The lowest numbered place the mentor has free, within their room; None if full."""
    taken = set(
        MatchMember.objects.filter(mentor=mentor, current=True).values_list("place", flat=True)
    )
    return next((p for p in range(1, room(mentor) + 1) if p not in taken), None)


def people_check(programme: Programme, people: list[Enrolment]) -> None:
    if len({p.pk for p in people}) != len(people):
        raise ValidationError(_("A person cannot be matched with themselves."), code="self")
    for person in people:
        if person.programme_id != programme.pk:
            raise ValidationError(_("Everyone must take part in this programme."))
        if person.status != Enrolment.Status.ACTIVE:
            raise ValidationError(
                _("%(person)s is not an active participant.") % {"person": person.user},
                code="inactive",
            )


@transaction.atomic
def match_create(
    *,
    programme: Programme,
    mentor: Enrolment | None = None,
    mentees: list[Enrolment] | None = None,
    peers: list[Enrolment] | None = None,
    origin: str,
    by: User | None,
    score: float | None = None,
    explanation: list | None = None,
    into: Match | None = None,
) -> Match:
    """A relationship of a mentor with mentees, or of two or three peers.

    In group programmes the mentees join the mentor's current group, if there is one
    (``into`` names it explicitly). Refuses a full mentor, a
    mentor with no places, a person who already has a current match, anyone matched with
    themselves, and a group that has ended or is someone else's.
    """
    mentees, peers = list(mentees or []), list(peers or [])
    _check_shape(programme, mentor=mentor, mentees=mentees, peers=peers, into=into)
    if mentor is not None:
        mentor = enrolment_lock(mentor.pk)  # first, as everywhere: then the match
        if mentor.capacity == 0:
            raise mentor_without_places(mentor)
        if into is None and programme.kind == Programme.Kind.GROUP:
            # Looked up under the mentor's lock, so nobody forms a second group meanwhile.
            into = current_group_of(mentor)
    if into is not None:
        into = _lock_group(into, programme=programme, mentor=mentor)
    taken = [p for p in [*mentees, *peers] if has_current_match(p)]
    if taken:
        raise already_matched(taken)
    match = into or Match.objects.create(
        programme=programme,
        # Where members sign an agreement, the relationship forms until all have signed.
        status=Match.Status.FORMING if programme.agreement_required else Match.Status.ACTIVE,
        origin=origin,
        score=score,
        explanation=explanation or [],
        created_by=by,
    )
    if into is None and mentor is not None:
        MatchMember.objects.create(match=match, enrolment=mentor, role=Enrolment.Role.MENTOR)
    for mentee in mentees:
        place = _free_place(mentor)
        if place is None:
            raise mentor_full(mentor)
        _add_member(match, mentee, mentor=mentor, place=place)
    for peer in peers:
        _add_member(match, peer)
    if into is not None:  # the newcomers sign the group's agreement too
        signed_state_refresh(match)
    newcomers = [p.pk for p in [*mentees, *peers]] if into is not None else None
    tasks.send_introductions.delay_on_commit(match.pk, newcomers)
    return match


def _check_shape(programme: Programme, *, mentor, mentees, peers, into) -> None:
    """Peers in a pair or trio, or a mentor with mentees, all active in ``programme``."""
    if peers:
        if mentor or mentees or into or not 2 <= len(peers) <= 3:
            raise ValidationError(_("Peers are matched in pairs or trios."))
        if any(p.role != Enrolment.Role.PEER for p in peers):
            raise ValidationError(_("Only peers can be paired in a peer programme."))
        people_check(programme, peers)
        return
    if mentor is None or not mentees:
        raise ValidationError(_("A match needs a mentor and at least one mentee."))
    if mentor.role != Enrolment.Role.MENTOR or any(
        m.role != Enrolment.Role.MENTEE for m in mentees
    ):
        raise ValidationError(_("Choose a mentor and mentees."), code="roles")
    if programme.kind == Programme.Kind.ONE_TO_ONE and len(mentees) > 1 and into is None:
        raise ValidationError(_("In one-to-one mentoring a match has one mentee."))
    people_check(programme, [mentor, *mentees])


def _lock_group(group: Match, *, programme: Programme, mentor: Enrolment) -> Match:
    """The group a mentee joins, locked, so that it cannot end while they join it."""
    locked = Match.objects.select_for_update().get(pk=group.pk)
    is_mentors = locked.members.filter(enrolment=mentor, role=Enrolment.Role.MENTOR).exists()
    if locked.programme_id != programme.pk or not is_mentors:
        raise ValidationError(_("This group is not the mentor's."), code="not_the_group")
    if not locked.is_current:
        raise match_ended()
    return locked


def _add_member(match: Match, person: Enrolment, **place) -> None:
    """Add a member; a race that slipped past the checks meets the unique indexes, and the
    person is told which rule it was."""
    try:
        with transaction.atomic():
            MatchMember.objects.create(match=match, enrolment=person, role=person.role, **place)
    except IntegrityError as error:
        if has_current_match(person):
            raise already_matched([person]) from error
        if "mentor" not in place:
            raise
        raise mentor_full(place["mentor"]) from error


def _close(match: Match, status: str, *, by: User | None, **fields) -> Match:
    """The one place a relationship stops being current: its members are free again."""
    locked = Match.objects.select_for_update().get(pk=match.pk)
    if not locked.is_current:
        raise match_ended()
    locked.status, locked.ended_at, locked.ended_by = status, timezone.now(), by
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "ended_at", "ended_by", *fields])
    locked.members.update(current=False)
    return locked


END_REASON_MAX_LENGTH = 2000
END_MESSAGE_MAX_LENGTH = 2000


@transaction.atomic
def match_end(
    *,
    match: Match,
    by: User | None,
    reason: str,
    message: str = "",
    category: str = Match.EndCategory.OTHER,
) -> Match:
    """End a relationship early; its people become free to be matched again (not together).

    ``category`` (a ``Match.EndCategory``) is what the outcome measures count; ``reason``
    is required and for coordinators only. Every member but the one who ended it (``by``)
    is told by e-mail, once, in their own language, with ``message`` (the kind word to
    them) if given. Both words are kept on the row, so the tasks carry the match's id only.
    """
    errors: dict[str, list[str]] = {}
    if category not in Match.EndCategory.values:
        errors["category"] = [_("Choose why the relationship ends from the list.")]
    try:
        reason = clean_text(
            reason,
            limit=END_REASON_MAX_LENGTH,
            required=_("Write why the match ends early (only coordinators see the reason)."),
        )
    except ValidationError as error:
        errors["reason"] = error.messages
    message = (message or "").replace("\x00", "").strip()
    if len(message) > END_MESSAGE_MAX_LENGTH:
        errors["message"] = [
            _("Keep it under %(limit)s characters (this one has %(length)s).")
            % {"limit": END_MESSAGE_MAX_LENGTH, "length": len(message)}
        ]
    if errors:
        raise ValidationError(errors)
    ended = _close(
        match,
        Match.Status.ENDED_EARLY,
        by=by,
        end_reason=reason,
        end_category=category,
        end_message=message,
    )
    tasks.announce_early_end.delay_on_commit(ended.pk)
    return ended


@transaction.atomic
def match_complete(*, match: Match, by: User | None) -> Match:
    """The relationship ran its course (the programme's end, or the coordinator says so).
    On commit, the later stages' ``hooks.match_completed`` are told."""
    completed = _close(match, Match.Status.COMPLETED, by=by)
    transaction.on_commit(lambda: hooks.match_completed_fire(completed))
    return completed


# --- Pause --------------------------------------------------------------------------------


def pause_max_days() -> int:
    """The longest pause, in days (``PAUSE_MAX_DAYS``, about six months)."""
    return getattr(settings, "PAUSE_MAX_DAYS", 183)


def latest_return(programme: Programme, today: date) -> date:
    """The last return date a pause may have: within ``pause_max_days`` and the programme."""
    return min(today + timedelta(days=pause_max_days()), programme.ends_on)


def _return_date_errors(until, programme: Programme, today: date) -> list[str]:
    if not isinstance(until, date):
        return [_("Choose the date you expect to come back.")]
    if until <= today:
        return [_("The return date must be after today.")]
    if until > programme.ends_on:
        return [
            _("The programme ends on %(date)s: choose a return date on or before it.")
            % {"date": date_format(programme.ends_on)}
        ]
    if until > today + timedelta(days=pause_max_days()):
        return [
            _("A pause lasts at most %(days)s days: choose a return date on or before %(date)s.")
            % {
                "days": pause_max_days(),
                "date": date_format(today + timedelta(days=pause_max_days())),
            }
        ]
    return []


def already_paused(match: Match) -> ValidationError:
    return ValidationError(
        _("This relationship is already paused, until %(date)s.")
        % {"date": date_format(match.paused_until) if match.paused_until else "–"},
        code="paused",
    )


@transaction.atomic
def match_pause(*, match: Match, by: User | None, until: date, reason: str) -> Match:
    """Pause a running relationship until ``until``, for ``reason``.

    Any current member may (the views check who), or a coordinator in the admin. Nothing
    the members hold is locked while paused: they read and write as before. What stops is
    every reminder and nudge (the jobs look at ``Match.RUNNING``), and the relationship is
    not counted as quiet. It resumes by itself on the return date (the
    ``relationship-resume`` job) or when someone resumes it. The others are told by
    e-mail, with the reason, which the members and the coordinators see.
    """
    # Only the match row is locked (not the programme it is read with).
    locked = (
        Match.objects.select_for_update(of=("self",)).select_related("programme").get(pk=match.pk)
    )
    if locked.is_paused:
        raise already_paused(locked)
    if not locked.is_running:
        raise match_ended()
    errors: dict[str, list[str]] = {}
    if found := _return_date_errors(until, locked.programme, timezone.localdate()):
        errors["until"] = found
    try:
        reason = clean_text(
            reason,
            limit=PAUSE_REASON_MAX_LENGTH,
            required=_("Write why you pause: the others and your coordinator read it."),
        )
    except ValidationError as error:
        errors["reason"] = error.messages
    if errors:
        raise ValidationError(errors)
    locked.status = Match.Status.PAUSED
    locked.paused_until, locked.pause_reason = until, reason
    locked.paused_at, locked.paused_by = timezone.now(), by
    locked.save(update_fields=["status", "paused_until", "pause_reason", "paused_at", "paused_by"])
    tasks.announce_pause.delay_on_commit(locked.pk, locked.pause_key, by.pk if by else None)
    return locked


def not_paused() -> ValidationError:
    return ValidationError(_("This relationship is not paused."), code="not_paused")


@transaction.atomic
def match_resume(
    *, match: Match, by: User | None = None, key: str = "", returned_on: date | None = None
) -> Match:
    """End the pause: the relationship is active again (forming, where the agreement is
    required and not everyone has signed it) and reminders start again.

    ``key`` (a ``Match.pause_key``), when given, resumes only that pause, so a late
    reminder never ends a newer one. ``paused_until`` becomes the day it came back
    (``returned_on``, by default today when that is earlier than the return date): every
    member gets the welcome-back e-mail that morning, by their own clock (the
    ``relationship-resume`` job), whoever resumed it.
    """
    # Only the match row is locked (not the programme it is read with).
    locked = (
        Match.objects.select_for_update(of=("self",)).select_related("programme").get(pk=match.pk)
    )
    if not locked.is_paused:
        raise not_paused()
    if key and locked.pause_key != key:
        raise ValidationError(_("This relationship was paused again since."), code="other_pause")
    back = returned_on or timezone.localdate()
    locked.paused_until = min(locked.paused_until, back) if locked.paused_until else back
    unsigned = locked.programme.agreement_required and locked.agreement_signed_at is None
    locked.status = Match.Status.FORMING if unsigned else Match.Status.ACTIVE
    locked.save(update_fields=["status", "paused_until"])
    signed_state_refresh(locked)  # signed meanwhile by everyone: active
    return locked
