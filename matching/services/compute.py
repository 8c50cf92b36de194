"""The heavy half of a round: score the pool, solve, explain, and say why anyone is left out.

This module loads NumPy, SciPy, OR-tools and rustworkx, so nothing imports it at start-up:
``rounds`` and ``suggestions`` import it inside the functions that compute, and a web or
worker process pays for the numeric libraries only when a round or a pair is scored.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
from django.db import transaction
from django.utils import timezone

from programs.models import Enrolment, Programme
from relationships.selectors import currently_matched, free_places

from .. import engine
from ..explanations import Explanation, explain, explain_pairs, forbidden_pairs
from ..models import MatchingRun, MatchingSettings, Suggestion, settings_for, stable_offered
from ..pools import build_pool
from ..scoring import forbidden_masks, score_matrix
from ..selectors import active_mentors, unmatched


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
        stable=run.objective == MatchingSettings.Objective.STABLE,
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
    matched = currently_matched(people)
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
    stable: bool = False,
    locked: list[Suggestion] = (),
    progress=None,
) -> tuple[list[Suggestion], dict]:
    """The optimal suggestions for everyone not yet matched or locked, unsaved, and a summary.

    ``stable`` asks for a stable matching from both sides' wishes instead of the best total
    score (``engine.stable_by_keys``). Writes nothing, so ``manage.py match --dry-run``
    shows exactly what a run would.
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
    keys = None
    if not peers and stable_offered(programme):
        cutoff = None if stable else min_score
        keys = (
            engine.preference_keys(scores, pool.mentee_wishes, min_score=cutoff),
            engine.preference_keys(scores, pool.mentor_wishes, min_score=cutoff),
        )
    if peers:
        pairs = engine.pair_peers(scores, min_score=min_score)
    elif stable and keys is not None:
        pairs = engine.stable_by_keys(*keys, pool.capacities)
    else:
        pairs = engine.assign(scores, pool.capacities, min_score=min_score)
    progress(80)
    suggestions = _suggestions(pool, weights, scores, pairs, min_score)
    summary = _summary(pool, scores, pairs, suggestions, locked, min_score)
    if keys is not None:
        # Shown on the review page: 0 for a stable result, whichever objective ran.
        summary["blocking_pairs"] = engine.blocking_pairs(*keys, pool.capacities, pairs)
    return suggestions, summary


def _suggestions(pool, weights, scores, pairs, min_score) -> list[Suggestion]:
    found = [
        Suggestion(
            first=pool.mentees.enrolments[i],
            second=pool.mentors.enrolments[j],
            score=why.score,
            explanation=why.as_json(),
        )
        for (i, j), why in zip(pairs, explain_pairs(pool, weights, pairs), strict=True)
    ]
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


def pair_explanation(programme: Programme, first: Enrolment, second: Enrolment) -> Explanation:
    """How well ``first`` (a mentee, or a peer) fits ``second`` (their mentor, or a peer)."""
    peers = programme.kind == Programme.Kind.PEER
    pool = build_pool(
        programme,
        mentees=[first] if not peers else [first, second],
        mentors=[second] if not peers else None,
        capacities={second.pk: 1} if not peers else None,
    )
    return explain(pool, settings_for(programme).weights(), 0, 0 if not peers else 1)


def now_broken(programme: Programme, suggestions: list[Suggestion]) -> list[Suggestion]:
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
    # Every pair of every suggestion checked at once, not sliced out of the pool one by one.
    cells = [cell for _s, found in pairs for cell in found]
    rows = np.array([i for i, _j in cells], dtype=np.intp)
    cols = np.array([j for _i, j in cells], dtype=np.intp)
    masks = forbidden_pairs(pool, rows, cols).values()
    forbidden = np.logical_or.reduce(list(masks)).tolist()
    broken, k = [], 0
    for suggestion, found in pairs:
        if any(forbidden[k : k + len(found)]):
            broken.append(suggestion)
        k += len(found)
    return broken
