"""Mentees' requests to mentors, in programmes where mentees choose their mentor.

A mentee ranks up to ``max_requests`` mentors. One request is out (*open*) at a time, so
no mentor sits on a pile of requests that other mentors could have answered; the rest
*wait* in rank order. When the open request is declined, expires or is withdrawn, the
next waiting one goes out at once. The first acceptance creates the relationship (through
``match_create``) and withdraws the mentee's other waiting requests.

What happens to a waiting request whose mentor cannot take the mentee when its turn comes
(no free place left, or no longer an active mentor): it is marked *expired* without being
sent — ``sent_at`` stays empty, which is how the pages tell "skipped, the mentor was
full" from "the mentor did not answer in time" — and the next one goes out instead.
An *open* request to a mentor who has since filled up stays open: the mentor is told they
have no free place and can decline it with a note (or it expires), so a mentee is never
left guessing why a request vanished.

Locks are always taken in one order, so two transactions never wait on each other: the
mentor's enrolment (only when answering; ``match_create`` takes the same lock) → the
mentee's enrolment → request rows. Every change to a mentee's requests happens under the
mentee's lock, so the queue (ranks, the single open request) never races with itself;
the mentor's lock makes two acceptances of the mentor's last place take turns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from programs.models import Enrolment, Programme
from programs.services import enrolment_lock
from relationships.models import Match
from relationships.selectors import free_places, has_current_match
from relationships.services import match_create, mentor_full

from .. import tasks
from ..models import MatchRequest, settings_for
from ..selectors import REQUEST_STATUSES

PENDING = (MatchRequest.Status.WAITING, MatchRequest.Status.OPEN)


# --- Checks shared by the services ---------------------------------------------------------


def check_programme_takes_requests(programme: Programme) -> None:
    """Refuse unless mentees choose their mentors here and matching is under way."""
    if programme.matching_mode != Programme.MatchingMode.MENTEE_REQUESTS:
        raise ValidationError(
            _("In this programme the coordinators match people; mentees do not send requests."),
            code="mode",
        )
    if programme.status not in REQUEST_STATUSES:
        raise ValidationError(
            _("Requests can be sent and answered only while the programme is matching or running."),
            code="programme_status",
        )


def _explanation(mentee: Enrolment, mentor: Enrolment):
    """The pair's score and reasons. The mentor counts as having a place, so that a full
    mentor is still explained rather than left out of the pool."""
    from .compute import pair_explanation  # the numeric libraries, only when needed

    return pair_explanation(mentee.programme, mentee, mentor)


def _forbidden(mentee: Enrolment, mentors: Sequence[Enrolment]) -> list[Enrolment]:
    """The mentors a hard rule (own manager, do-not-match, no common language, a former
    partner) keeps from this mentee, scored in one pool rather than pair by pair."""
    from ..pools import build_pool
    from ..scoring import score_matrix

    pool = build_pool(
        mentee.programme,
        mentees=[mentee],
        mentors=list(mentors),
        capacities={m.pk: 1 for m in mentors},
    )
    scores = score_matrix(pool, settings_for(mentee.programme).weights())
    return [m for j, m in enumerate(pool.mentors.enrolments) if math.isnan(scores[0, j])]


# --- Sending ---------------------------------------------------------------------------------


@transaction.atomic
def request_send(
    *,
    mentee: Enrolment,
    mentors: Sequence[Enrolment],
    message: str = "",
    by: User | None,
) -> list[MatchRequest]:
    """Ask ``mentors``, in this order of preference, after the mentee's pending requests.

    Call it with one mentor at a time (the web form does) or with a ranked list. If the
    mentee has no request out, the first new one goes out at once; the others wait.
    ``by`` is the person sending: it must be the mentee (None for the system).
    """
    mentee = enrolment_lock(mentee.pk)
    programme = mentee.programme
    mentors = list(mentors)
    _check_sender(mentee, by)
    _check_mentors(mentee, mentors)
    pending = list(MatchRequest.objects.filter(mentee=mentee, status__in=PENDING))
    _check_limit(programme, len(pending) + len(mentors))
    for mentor in _forbidden(mentee, mentors):
        # Which rule stays unsaid: it may be about the mentor (e.g. their manager).
        raise ValidationError(
            _("%(mentor)s cannot be your mentor in this programme.") % {"mentor": mentor.user},
            code="excluded",
        )
    # Ranks keep growing over the mentee's history, so the order of choices stays readable
    # and never collides with a pending rank.
    rank = MatchRequest.objects.filter(mentee=mentee).aggregate(top=Max("rank"))["top"] or 0
    created = [
        MatchRequest.objects.create(
            programme=programme, mentee=mentee, mentor=mentor, rank=rank + k, message=message
        )
        for k, mentor in enumerate(mentors, start=1)
    ]
    if not any(p.status == MatchRequest.Status.OPEN for p in pending):
        _send_next(mentee, timezone.now())
    for request in created:
        request.refresh_from_db()
    return created


def _check_sender(mentee: Enrolment, by: User | None) -> None:
    """An active mentee without a mentor, sending for themselves, while requests are open."""
    check_programme_takes_requests(mentee.programme)
    if (
        mentee.role != Enrolment.Role.MENTEE
        or mentee.status != Enrolment.Status.ACTIVE
        or (by is not None and by.pk != mentee.user_id)
    ):
        raise ValidationError(
            _("Only an active mentee of the programme can request a mentor."), code="not_mentee"
        )
    if has_current_match(mentee):
        raise ValidationError(_("You already have a mentor in this programme."), code="matched")


def _check_mentors(mentee: Enrolment, mentors: list[Enrolment]) -> None:
    """Each an active mentor of the programme, other than oneself, with a free place, and
    not asked before."""
    if not mentors:
        raise ValidationError(_("Choose a mentor to ask."), code="empty")
    if len({m.pk for m in mentors}) != len(mentors):
        raise ValidationError(_("Choose each mentor only once."), code="duplicate")
    for mentor in mentors:
        if mentor.pk == mentee.pk or mentor.user_id == mentee.user_id:
            raise ValidationError(_("You cannot send a request to yourself."), code="self")
        if (
            mentor.programme_id != mentee.programme_id
            or mentor.role != Enrolment.Role.MENTOR
            or mentor.status != Enrolment.Status.ACTIVE
        ):
            # No name: the id may be anybody's, and nobody learns who is in a programme.
            raise ValidationError(
                _("The person you chose is not a mentor in this programme."), code="not_mentor"
            )
    places = free_places(mentors)
    for mentor in mentors:
        if places[mentor.pk] <= 0:
            raise mentor_full(mentor)
    asked = set(
        MatchRequest.objects.filter(mentee=mentee, mentor__in=mentors).values_list(
            "mentor", flat=True
        )
    )
    for mentor in mentors:
        if mentor.pk in asked:
            raise ValidationError(
                _("You have already asked %(mentor)s.") % {"mentor": mentor.user},
                code="already_asked",
            )


def _check_limit(programme: Programme, wanted: int) -> None:
    limit = settings_for(programme).max_requests
    if wanted > limit:
        raise ValidationError(
            ngettext(
                "You can have at most %(limit)d request pending at a time. Withdraw one "
                "or wait for an answer.",
                "You can have at most %(limit)d requests pending at a time. Withdraw one "
                "or wait for an answer.",
                limit,
            )
            % {"limit": limit},
            code="too_many",
        )


def _send_next(mentee: Enrolment, now: datetime) -> MatchRequest | None:
    """Send the mentee's best-ranked waiting request whose mentor can still take them.

    Call with the mentee locked and no request of theirs open. Mentors who filled up or
    left meanwhile are skipped (their requests are marked expired, never sent).
    """
    waiting = MatchRequest.objects.filter(mentee=mentee, status=MatchRequest.Status.WAITING)
    if has_current_match(mentee):  # e.g. a coordinator matched them in the meantime
        waiting.update(status=MatchRequest.Status.WITHDRAWN)
        return None
    programme = mentee.programme
    if programme.status not in REQUEST_STATUSES:
        return None  # they wait until matching is under way again
    waiting = list(waiting.select_related("mentor__user").order_by("rank"))
    places = free_places([r.mentor for r in waiting])
    window = settings_for(programme).response_window
    for request in waiting:
        if request.mentor.status != Enrolment.Status.ACTIVE or places[request.mentor_id] <= 0:
            request.status = MatchRequest.Status.EXPIRED
            request.save(update_fields=["status"])
            continue
        request.status = MatchRequest.Status.OPEN
        request.sent_at, request.expires_at = now, now + window
        request.save(update_fields=["status", "sent_at", "expires_at"])
        tasks.send_request_email.delay_on_commit("received", request.pk)
        return request
    return None


# --- Answering, withdrawing, expiring ----------------------------------------------------


def _full_message(mentee: Enrolment) -> str:
    return _(
        "You have no free place left, so you cannot accept the request from %(mentee)s. "
        "Decline it so that their next choice goes out at once, or ask the coordinator "
        "about another place."
    ) % {"mentee": mentee.user}


@transaction.atomic
def request_respond(
    *, request: MatchRequest, accept: bool, note: str = "", by: User | None
) -> MatchRequest:
    """The mentor accepts or declines an open request.

    Accepting creates the relationship and withdraws the mentee's other waiting requests;
    declining sends the mentee's next waiting request. A refused acceptance (no free place
    left, the mentee matched elsewhere) changes nothing: the request stays open.
    """
    mentor = enrolment_lock(request.mentor_id)  # first: acceptances for this mentor take turns
    mentee = enrolment_lock(request.mentee_id)
    request = (
        MatchRequest.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=request.pk)
    )
    if by is not None and by.pk != mentor.user_id:
        raise ValidationError(
            _("Only the mentor this request is addressed to can answer it."),
            code="not_addressed",
        )
    if request.status != MatchRequest.Status.OPEN:
        raise ValidationError(
            _("This request is no longer waiting for your answer (it is “%(status)s”).")
            % {"status": request.get_status_display().lower()},
            code="not_open",
        )
    now = timezone.now()
    request.response_note = note.strip()
    request.answered_at = now
    if accept:
        # Only a yes is late after the deadline; a late no just moves things on sooner.
        if request.expires_at <= now:
            raise ValidationError(
                _(
                    "The time to answer this request has run out; it is passed on to the "
                    "mentee's next choice."
                ),
                code="expired",
            )
        _accept(request, mentor=mentor, mentee=mentee, by=by)
        return request
    request.status = MatchRequest.Status.DECLINED
    request.save(update_fields=["status", "response_note", "answered_at"])
    following = _send_next(mentee, now)
    tasks.send_request_email.delay_on_commit(
        "declined", request.pk, following.pk if following else None
    )
    return request


def _accept(
    request: MatchRequest, *, mentor: Enrolment, mentee: Enrolment, by: User | None
) -> None:
    check_programme_takes_requests(request.programme)
    if mentor.status != Enrolment.Status.ACTIVE:
        raise ValidationError(
            _("You are no longer an active mentor in this programme."), code="inactive"
        )
    if has_current_match(mentee):
        raise ValidationError(
            _(
                "%(mentee)s already has a mentor, so the request cannot be accepted. "
                "Please decline it."
            )
            % {"mentee": mentee.user},
            code="matched",
        )
    # The mentor's row is locked: this count cannot change under us.
    if free_places([mentor])[mentor.pk] <= 0:
        raise ValidationError(_full_message(mentee), code="full")
    why = _explanation(mentee, mentor)
    if why.excluded:  # a coordinator may have kept the two apart after the request went out
        raise ValidationError(
            _(
                "%(mentee)s cannot be matched with you in this programme. "
                "Please decline the request."
            )
            % {"mentee": mentee.user},
            code="excluded",
        )
    # In group mentoring match_create puts the mentee in the mentor's group, if it has begun.
    try:
        match = match_create(
            programme=request.programme,
            mentor=mentor,
            mentees=[mentee],
            origin=Match.Origin.REQUEST,
            by=by,
            score=why.score,
            explanation=why.as_json(),
        )
    except ValidationError as error:
        if getattr(error, "code", None) in ("full", "no_capacity"):
            raise ValidationError(_full_message(mentee), code="full") from error
        raise
    request.status, request.match = MatchRequest.Status.ACCEPTED, match
    request.save(update_fields=["status", "response_note", "answered_at", "match"])
    MatchRequest.objects.filter(mentee=mentee, status=MatchRequest.Status.WAITING).update(
        status=MatchRequest.Status.WITHDRAWN
    )
    # match_create has queued the introductions to both; the mentee also hears it was a yes.
    tasks.send_request_email.delay_on_commit("accepted", request.pk)


@transaction.atomic
def request_withdraw(*, request: MatchRequest, by: User | None) -> MatchRequest:
    """The mentee takes back a pending request; if it was the open one, the next goes out."""
    mentee = enrolment_lock(request.mentee_id)
    request = MatchRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if by is not None and by.pk != mentee.user_id:
        raise ValidationError(
            _("Only the mentee who sent a request can withdraw it."), code="not_yours"
        )
    if request.status not in PENDING:
        raise ValidationError(
            _("This request can no longer be withdrawn (it is “%(status)s”).")
            % {"status": request.get_status_display().lower()},
            code="not_pending",
        )
    was_open = request.status == MatchRequest.Status.OPEN
    request.status = MatchRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    if was_open:
        _send_next(mentee, timezone.now())
    return request


def requests_expire(now: datetime | None = None) -> int:
    """Expire open requests past their deadline and send each mentee's next choice.

    Each request is claimed by a conditional UPDATE (``status = open`` still), in its own
    short transaction: a second worker, or a mentor answering at the last second, finds
    nothing left to claim, and one failing row does not hold back the others.
    Returns how many requests this run expired.
    """
    now = now or timezone.now()
    due = MatchRequest.objects.filter(status=MatchRequest.Status.OPEN, expires_at__lte=now)
    return sum(_expire_one(pk, mentee_id, now) for pk, mentee_id in due.values_list("pk", "mentee"))


@transaction.atomic
def _expire_one(pk: int, mentee_id: int, now: datetime) -> bool:
    mentee = enrolment_lock(mentee_id)  # the mentee first, as everywhere else
    claimed = MatchRequest.objects.filter(
        pk=pk, status=MatchRequest.Status.OPEN, expires_at__lte=now
    ).update(status=MatchRequest.Status.EXPIRED)
    if not claimed:
        return False
    following = _send_next(mentee, now)
    tasks.send_request_email.delay_on_commit("expired", pk, following.pk if following else None)
    return True
