"""The coordinator's rounds: score the pool, solve, review (lock, exclude, pair by hand),
confirm into relationships."""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from programs.models import Enrolment, Programme
from relationships.models import Match, MatchMember
from relationships.selectors import free_places, has_current_match
from relationships.services import already_matched, match_create, mentor_full, people_check

from .. import engine, tasks
from ..models import Exclusion, MatchingRun, Suggestion, settings_for
from ..pools import active_mentors, build_pool, unmatched
from ..scoring import explain, forbidden_masks, score_matrix

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


def _progress(run: MatchingRun, percent: int) -> None:
    MatchingRun.objects.filter(pk=run.pk, status=MatchingRun.Status.RUNNING).update(
        progress=percent
    )


def run_compute(*, run: MatchingRun) -> MatchingRun:
    """Score the pool, solve, and store the suggestions around the locked ones.

    The round is claimed with a conditional update, so a round discarded meanwhile, or a
    second delivery of the task, does nothing.
    """
    claimed = MatchingRun.objects.filter(pk=run.pk, status=MatchingRun.Status.QUEUED).update(
        status=MatchingRun.Status.RUNNING
    )
    if not claimed:
        run.refresh_from_db()
        return run
    try:
        _compute(run, run.programme)
    except Exception as error:
        MatchingRun.objects.filter(pk=run.pk).update(
            status=MatchingRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run


def _compute(run: MatchingRun, programme: Programme) -> None:
    # Scoring and solving read only, outside a transaction, so the progress they report
    # is visible to the review page while they work.
    locked, stale = _usable_locks(run)
    min_score = run.min_score if run.objective == "min_score" else None
    suggestions, summary = propose(
        programme,
        min_score=min_score,
        locked=locked,
        progress=lambda percent: _progress(run, percent),
    )
    summary["dropped_locks"] = [str(s) for s in stale]
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if run.status != MatchingRun.Status.RUNNING:
            return  # discarded while it was being computed
        run.suggestions.filter(locked=False).delete()
        Suggestion.objects.filter(pk__in=[s.pk for s in stale]).delete()
        for suggestion in suggestions:
            suggestion.run = run
        Suggestion.objects.bulk_create(suggestions)
        run.summary = summary
        run.status, run.progress, run.finished_at = MatchingRun.Status.READY, 100, timezone.now()
        run.save(update_fields=["summary", "status", "progress", "finished_at"])


def _usable_locks(run: MatchingRun) -> tuple[list[Suggestion], list[Suggestion]]:
    """Locked pairs still possible, and those that are not: someone was matched elsewhere
    meanwhile (say, by a request), left the programme, or the mentor's places filled up."""
    locked = list(run.suggestions.filter(locked=True).select_related("first", "second", "third"))
    people = [p for s in locked for p in s.people]
    matched = set(
        MatchMember.objects.filter(enrolment__in=people, current=True)
        .exclude(role=Enrolment.Role.MENTOR)
        .values_list("enrolment", flat=True)
    )
    mentors = {s.second_id: s.second for s in locked if s.second.role == Enrolment.Role.MENTOR}
    places = free_places(mentors.values())
    usable, stale = [], []
    for suggestion in locked:
        gone = any(
            p.pk in matched or p.status != Enrolment.Status.ACTIVE for p in suggestion.people
        )
        if suggestion.second_id in places:
            places[suggestion.second_id] -= 1
            gone = gone or places[suggestion.second_id] < 0
        (stale if gone else usable).append(suggestion)
    return usable, stale


def propose(
    programme: Programme,
    *,
    min_score: float | None = None,
    locked: list[Suggestion] = (),
    progress=None,
) -> tuple[list[Suggestion], dict]:
    """The optimal suggestions for everyone not yet matched or locked, unsaved, and a summary.

    Writes nothing, so ``manage.py match --dry-run`` shows exactly what a run would.
    """
    progress = progress or (lambda percent: None)
    weights = settings_for(programme).weights()
    held = {p.pk for s in locked for p in s.people if p.role != Enrolment.Role.MENTOR}
    peers = programme.kind == Programme.Kind.PEER
    if peers:
        people = [p for p in unmatched(programme, Enrolment.Role.PEER) if p.pk not in held]
        pool = build_pool(programme, mentees=people)
    else:
        mentees = [m for m in unmatched(programme, Enrolment.Role.MENTEE) if m.pk not in held]
        mentors = list(active_mentors(programme))
        capacities = free_places(mentors)
        for suggestion in locked:
            capacities[suggestion.second_id] = capacities.get(suggestion.second_id, 0) - 1
        pool = build_pool(programme, mentees=mentees, mentors=mentors, capacities=capacities)
    progress(10)
    scores = score_matrix(
        pool, weights, progress=lambda done, total: progress(10 + 60 * done // total)
    )
    if peers:
        pairs = engine.pair_peers(scores, min_score=min_score)
    else:
        pairs = engine.assign(scores, pool.capacities, min_score=min_score)
    progress(80)
    suggestions = _suggestions(pool, weights, scores, pairs, min_score)
    summary = _summary(pool, scores, pairs, suggestions, locked, min_score)
    return suggestions, summary


def _suggestions(pool, weights, scores, pairs, min_score) -> list[Suggestion]:
    found = []
    for i, j in pairs:
        why = explain(pool, weights, i, j)
        found.append(
            Suggestion(
                first=pool.mentees.enrolments[i],
                second=pool.mentors.enrolments[j],
                score=why.score,
                explanation=why.as_json(),
            )
        )
    if pool.peers:
        _add_trios(pool, scores, pairs, found, min_score)
    return found


def _add_trios(pool, scores, pairs, found: list[Suggestion], min_score) -> None:
    """Put each person left over into the pair that suits them best (one extra per pair),
    never with someone a hard rule or the minimum score keeps them from."""
    paired = {k for pair in pairs for k in pair}
    open_pairs = dict(enumerate(pairs))
    for person in range(len(pool.mentees)):
        if person in paired or not open_pairs:
            continue
        best, best_score = None, None
        for index, (a, b) in open_pairs.items():
            with_a, with_b = scores[person, a], scores[person, b]
            if min_score is not None and (with_a < min_score or with_b < min_score):
                continue
            total = with_a + with_b
            if not np.isnan(total) and (best_score is None or total > best_score):
                best, best_score = index, total
        if best is None:
            continue
        a, b = open_pairs.pop(best)
        suggestion = found[best]
        suggestion.third = pool.mentees.enrolments[person]
        suggestion.score = round(float(scores[a, b] + best_score) / 3, 1)
        suggestion.explanation = [
            *suggestion.explanation,
            {"criterion": "trio", "points": round(float(best_score) / 2, 1)},
        ]
        paired.add(person)


def _summary(pool, scores, pairs, suggestions, locked, min_score) -> dict:
    matched_rows = {i for i, _j in pairs} | {
        k for s in suggestions if s.third_id for k in [pool.mentees.enrolments.index(s.third)]
    }
    if pool.peers:
        matched_rows |= {j for _i, j in pairs}
    unmatched_people = []
    for row, person in enumerate(pool.mentees.enrolments):
        if row in matched_rows:
            continue
        unmatched_people.append(
            {"enrolment": person.pk, **_unmatched_reason(pool, scores, row, min_score)}
        )
    used = defaultdict(int)
    for _i, j in pairs:
        used[j] += 1
    mentors_left = []
    if not pool.peers:
        for col, mentor in enumerate(pool.mentors.enrolments):
            left = int(pool.capacities[col]) - used[col]
            if left > 0:
                mentors_left.append({"enrolment": mentor.pk, "free": left})
    return {
        "people": len(pool.mentees),
        "mentors": 0 if pool.peers else len(pool.mentors),
        "places": 0 if pool.peers else int(pool.capacities.sum()),
        "suggested": len(suggestions),
        "locked": len(locked),
        "total_score": round(sum(s.score or 0 for s in suggestions), 1),
        "unmatched": unmatched_people,
        "mentors_left": mentors_left,
    }


def _unmatched_reason(pool, scores, row, min_score) -> dict:
    """Why a person got no suggestion, as a code the review page puts into words."""
    if len(pool.mentors) == 0 or (pool.peers and len(pool.mentees) < 2):
        return {"reason": "nobody_available"}
    allowed = ~np.isnan(scores[row])
    if pool.peers:
        allowed[row] = False
    if not allowed.any():
        masks = forbidden_masks(pool, [row], slice(None))
        others = np.ones(len(pool.mentors), dtype=bool)
        if pool.peers:
            others[row] = False
        if masks["language"][0][others].all():
            return {"reason": "no_language"}
        return {"reason": "all_excluded"}
    best = float(np.nanmax(np.where(allowed, scores[row], np.nan)))
    if min_score is not None and best < min_score:
        return {"reason": "below_min_score", "best": round(best, 1)}
    return {"reason": "partners_taken" if pool.peers else "places_taken", "best": round(best, 1)}


def suggestion_lock(*, suggestion: Suggestion, locked: bool) -> Suggestion:
    suggestion.locked = locked
    suggestion.save(update_fields=["locked"])
    return suggestion


@transaction.atomic
def suggestion_exclude(*, suggestion: Suggestion, by: User | None) -> Exclusion:
    """Never suggest this pair again in the programme; the next re-run avoids it."""
    programme = suggestion.run.programme
    exclusion, _created = Exclusion.objects.get_or_create(
        programme=programme,
        first=suggestion.first,
        second=suggestion.second,
        defaults={"note": _("Excluded while reviewing suggestions"), "created_by": by},
    )
    suggestion.delete()
    return exclusion


@transaction.atomic
def suggestion_add_manual(
    *, run: MatchingRun, first: Enrolment, second: Enrolment, by: User | None
) -> Suggestion:
    """Pair two people by hand. Hard rules only warn; places and roles are still checked."""
    programme = run.programme
    if not run.is_open:
        raise ValidationError(_("This round is closed."))
    if first.pk == second.pk:
        raise ValidationError(_("A person cannot be matched with themselves."), code="self")
    peers = programme.kind == Programme.Kind.PEER
    if not peers and first.role == Enrolment.Role.MENTOR:
        first, second = second, first
    if peers:
        ok_roles = first.role == second.role == Enrolment.Role.PEER
    else:
        ok_roles = first.role == Enrolment.Role.MENTEE and second.role == Enrolment.Role.MENTOR
    if not ok_roles:
        raise ValidationError(
            _("Choose two peers.") if peers else _("Choose one mentee and one mentor."),
            code="roles",
        )
    people_check(programme, [first, second])
    taken = [p for p in ((first, second) if peers else (first,)) if has_current_match(p)]
    if taken:
        raise already_matched(taken)
    # The pair replaces whatever was suggested for these people; a locked suggestion is
    # the coordinator's own decision, so it has to be unlocked first.
    involved = [first, second] if peers else [first]
    theirs = run.suggestions.filter(
        Q(first__in=involved) | Q(second__in=involved if peers else []) | Q(third__in=involved)
    )
    clash = theirs.filter(locked=True).first()
    if clash:
        raise ValidationError(
            _("%(pair)s is locked. Unlock it first.") % {"pair": clash}, code="locked"
        )
    if not peers:
        others = run.suggestions.filter(second=second).exclude(first=first)
        free = free_places([second])[second.pk]
        if second.capacity == 0 or free - others.filter(locked=True).count() <= 0:
            raise mentor_full(second)
        # Make room: the mentor's weakest unlocked suggestions give way (their mentees
        # show as unmatched until the next re-run).
        surplus = others.count() + 1 - free
        if surplus > 0:
            weakest = others.filter(locked=False).order_by("score", "pk")[:surplus]
            Suggestion.objects.filter(pk__in=[s.pk for s in weakest]).delete()
    theirs.delete()
    pool = build_pool(
        programme,
        mentees=[first] if not peers else [first, second],
        mentors=[second] if not peers else None,
        capacities={second.pk: 1} if not peers else None,
    )
    j = 0 if not peers else 1
    why = explain(pool, settings_for(programme).weights(), 0, j)
    return Suggestion.objects.create(
        run=run,
        first=first,
        second=second,
        score=why.score,
        explanation=why.as_json(),
        warnings=why.excluded,
        locked=True,
        manual=True,
    )


@transaction.atomic
def run_confirm(*, run: MatchingRun, by: User | None) -> list[Match]:
    """Turn the round's suggestions into relationships and introduce everyone by e-mail."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchingRun.Status.READY:
        raise ValidationError(_("Only a round that is ready for review can be confirmed."))
    suggestions = list(run.suggestions.select_related("first__user", "second__user", "third"))
    if not suggestions:
        raise ValidationError(
            _("There is nothing to confirm: the round has no suggestions."), code="empty"
        )
    programme = run.programme
    broken = _now_broken(programme, [s for s in suggestions if not s.manual])
    if broken:
        raise ValidationError(
            _(
                "Since the round was run, a rule forbids: %(pairs)s. Exclude them, or pair by "
                "hand if you are sure, and re-run."
            )
            % {"pairs": "; ".join(str(s) for s in broken)},
            code="rule_broken",
        )
    matches: list[Match] = []
    if programme.kind == Programme.Kind.PEER:
        for s in suggestions:
            matches.append(
                match_create(
                    programme=programme,
                    peers=s.people,
                    origin=_origin(s),
                    by=by,
                    score=s.score,
                    explanation=s.explanation,
                )
            )
    elif programme.kind == Programme.Kind.GROUP:
        groups: dict[int, list[Suggestion]] = defaultdict(list)
        for s in suggestions:
            groups[s.second_id].append(s)
        for group in groups.values():
            mentor = group[0].second
            existing = Match.objects.filter(
                programme=programme, status=Match.Status.ACTIVE, members__enrolment=mentor
            ).first()
            matches.append(
                match_create(
                    programme=programme,
                    mentor=mentor,
                    mentees=[s.first for s in group],
                    origin=_origin(group[0]),
                    by=by,
                    score=round(sum(s.score or 0 for s in group) / len(group), 1),
                    into=existing,
                )
            )
    else:
        for s in suggestions:
            matches.append(
                match_create(
                    programme=programme,
                    mentor=s.second,
                    mentees=[s.first],
                    origin=_origin(s),
                    by=by,
                    score=s.score,
                    explanation=s.explanation,
                )
            )
    run.status, run.finished_at = MatchingRun.Status.CONFIRMED, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return matches


def _now_broken(programme: Programme, suggestions: list[Suggestion]) -> list[Suggestion]:
    """Suggestions a hard rule forbids now, e.g. a do-not-match pair added after the run."""
    if not suggestions:
        return []
    if programme.kind == Programme.Kind.PEER:
        people = list({p.pk: p for s in suggestions for p in s.people}.values())
        pool = build_pool(programme, mentees=people)
        index = {p.pk: k for k, p in enumerate(people)}
        pairs = [
            (s, [(index[a.pk], index[b.pk]) for a, b in itertools.combinations(s.people, 2)])
            for s in suggestions
        ]
    else:
        mentees = list({s.first_id: s.first for s in suggestions}.values())
        mentors = list({s.second_id: s.second for s in suggestions}.values())
        pool = build_pool(
            programme, mentees=mentees, mentors=mentors, capacities={m.pk: 1 for m in mentors}
        )
        rows = {p.pk: k for k, p in enumerate(mentees)}
        cols = {p.pk: k for k, p in enumerate(mentors)}
        pairs = [(s, [(rows[s.first_id], cols[s.second_id])]) for s in suggestions]
    broken = []
    for suggestion, cells in pairs:
        for i, j in cells:
            if any(mask[0, 0] for mask in forbidden_masks(pool, [i], [j]).values()):
                broken.append(suggestion)
                break
    return broken


def _origin(suggestion: Suggestion) -> str:
    if suggestion.manual:
        return Match.Origin.MANUAL
    had_before = MatchMember.objects.filter(enrolment=suggestion.first, current=False).exists()
    return Match.Origin.REMATCH if had_before else Match.Origin.SUGGESTED


def run_discard(*, run: MatchingRun) -> MatchingRun:
    if not run.is_open:
        raise ValidationError(_("This round is closed."))
    run.status, run.finished_at = MatchingRun.Status.DISCARDED, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run
