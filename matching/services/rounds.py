"""The coordinator's rounds: start one, confirm it into relationships, or discard it.

Scoring and solving live in ``compute`` (imported only when a round is computed); the
review of single suggestions in ``suggestions``.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Enrolment, Programme
from relationships.models import Match, MatchMember
from relationships.services import match_create

from .. import tasks
from ..models import STABLE_NOT_OFFERED, MatchingRun, Suggestion, settings_for, stable_offered
from ..selectors import active_mentors, unmatched

# Pools with more pairs than this are scored by a worker, with progress on the page.
SYNC_PAIR_LIMIT = 40_000
MATCHING_STATUSES = (Programme.Status.MATCHING, Programme.Status.RUNNING)
logger = logging.getLogger(__name__)


def _check_programme(programme: Programme) -> None:
    if programme.status not in MATCHING_STATUSES:
        raise ValidationError(
            _("Matching is possible when the programme is in matching or running."),
            code="programme_status",
        )


def open_run(programme: Programme) -> MatchingRun | None:
    return MatchingRun.objects.filter(programme=programme, status__in=MatchingRun.OPEN).first()


def run_start(
    *,
    programme: Programme,
    by: User | None,
    objective: str | None = None,
    min_score: int | None = None,
    sync: bool = False,
) -> MatchingRun:
    """Start (or re-run, keeping its locked pairs) the programme's round of suggestions.

    Small pools (or ``sync``) are computed at once; large ones by a worker that reports
    progress. A round that fails is kept as *failed*, with the error, and can be re-run.
    """
    _check_programme(programme)
    options = settings_for(programme)
    objective = objective or options.objective
    if objective == options.Objective.STABLE and not stable_offered(programme):
        raise ValidationError(STABLE_NOT_OFFERED, code="stable_not_offered")
    if objective == options.Objective.MIN_SCORE and min_score is None:
        min_score = options.min_score
        if min_score is None:
            raise ValidationError(_("Give the minimum score the pairs must reach."))
    with transaction.atomic():
        run = open_run(programme)
        if run is None:
            run = MatchingRun.objects.create(programme=programme, started_by=by)
        else:
            run = MatchingRun.objects.select_for_update().get(pk=run.pk)
            if run.status in (MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING):
                raise ValidationError(
                    _("Matching is already running for this programme."), code="running"
                )
        run.objective = objective
        run.min_score = min_score if objective == options.Objective.MIN_SCORE else None
        run.status, run.progress, run.error = MatchingRun.Status.QUEUED, 0, ""
        run.started_by = by or run.started_by
        run.save()
        if not sync and _pool_size(programme) > SYNC_PAIR_LIMIT:
            tasks.run_matching.delay_on_commit(run.pk)
            return run
    try:
        from .compute import run_compute

        return run_compute(run=run)
    except Exception:  # recorded on the round as failed; the page says so
        logger.exception("Matching round %s failed", run.pk)
        run.refresh_from_db()
        return run


def _pool_size(programme: Programme) -> int:
    if programme.kind == Programme.Kind.PEER:
        n = unmatched(programme, Enrolment.Role.PEER).count()
        return n * n
    mentees = unmatched(programme, Enrolment.Role.MENTEE).count()
    return mentees * active_mentors(programme).count()


@transaction.atomic
def run_confirm(*, run: MatchingRun, by: User | None) -> list[Match]:
    """Turn the round's suggestions into relationships and introduce everyone by e-mail."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    suggestions = _confirmable(run)
    programme = run.programme
    if programme.kind == Programme.Kind.GROUP:
        matches = _confirm_groups(programme, suggestions, by)
    else:
        matches = [_confirm_one(programme, s, by) for s in suggestions]
    run.status, run.finished_at = MatchingRun.Status.CONFIRMED, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return matches


def run_check_confirmable(run: MatchingRun) -> None:
    """Raise why the round cannot be confirmed as it is, if it cannot (for asking first)."""
    _confirmable(run)


def _confirmable(run: MatchingRun) -> list[Suggestion]:
    """The round's suggestions, or the reason they cannot be confirmed as they are."""
    if run.status != MatchingRun.Status.READY:
        raise ValidationError(_("Only a round that is ready for review can be confirmed."))
    suggestions = list(run.suggestions.select_related("first__user", "second__user", "third"))
    if not suggestions:
        raise ValidationError(
            _("There is nothing to confirm: the round has no suggestions."), code="empty"
        )
    automatic = [s for s in suggestions if not s.manual]
    if automatic:
        # A rule added since the run (a do-not-match pair, say) is checked again.
        from .compute import now_broken

        broken = now_broken(run.programme, automatic)
        if broken:
            raise ValidationError(
                _(
                    "Since the round was run, a rule forbids: %(pairs)s. Exclude them, or pair "
                    "by hand if you are sure, and re-run."
                )
                % {"pairs": "; ".join(str(s) for s in broken)},
                code="rule_broken",
            )
    return suggestions


def _confirm_one(programme: Programme, s: Suggestion, by: User | None) -> Match:
    """A one-to-one pair, or peers in a pair or trio."""
    shape = (
        {"peers": s.people}
        if programme.kind == Programme.Kind.PEER
        else {"mentor": s.second, "mentees": [s.first]}
    )
    return match_create(
        programme=programme,
        origin=_origin(s),
        by=by,
        score=s.score,
        explanation=s.explanation,
        **shape,
    )


def _confirm_groups(programme: Programme, suggestions: list[Suggestion], by) -> list[Match]:
    """One group per mentor: their suggested mentees join the mentor's current group, if any."""
    groups: dict[int, list[Suggestion]] = defaultdict(list)
    for s in suggestions:
        groups[s.second_id].append(s)
    matches = []
    for group in groups.values():
        mentor = group[0].second
        matches.append(
            match_create(
                programme=programme,
                mentor=mentor,
                mentees=[s.first for s in group],
                origin=_origin(group[0]),
                by=by,
                score=round(sum(s.score or 0 for s in group) / len(group), 1),
            )
        )
    return matches


def _origin(suggestion: Suggestion) -> str:
    if suggestion.manual:
        return Match.Origin.MANUAL
    had_before = MatchMember.objects.filter(enrolment=suggestion.first, current=False).exists()
    return Match.Origin.REMATCH if had_before else Match.Origin.SUGGESTED


def run_check_open(run: MatchingRun) -> None:
    if not run.is_open:
        raise ValidationError(_("This round is closed."), code="closed")


def run_discard(*, run: MatchingRun) -> MatchingRun:
    run_check_open(run)
    run.status, run.finished_at = MatchingRun.Status.DISCARDED, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run
