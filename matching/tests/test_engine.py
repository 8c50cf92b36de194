"""The matching engine against brute force on tiny instances, and its invariants everywhere.

No database: the engine is pure numpy, so these run as plain pytest functions.
"""

from __future__ import annotations

import functools
import itertools
import math
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching import _flow, engine

NAN = math.nan
SCORES = [NAN, -3.0, -1.0, 0.0, 1.0, 2.0, 5.0, 5.5]
MIN_SCORES = [None, None, -1.0, 1.0]

settings.register_profile("engine", deadline=None, max_examples=200)
settings.load_profile("engine")


# -- instances ------------------------------------------------------------------------------


@st.composite
def bipartite(draw, max_mentees: int = 6, max_mentors: int = 4):
    """(scores, capacities, min_score) with scores from a small set that includes nan."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    cells = draw(st.lists(st.sampled_from(SCORES), min_size=n * m, max_size=n * m))
    capacities = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    return np.array(cells, dtype=float).reshape(n, m), capacities, draw(st.sampled_from(MIN_SCORES))


@st.composite
def crowded(draw, max_mentors: int = 4, max_extra: int = 4):
    """(scores, capacities, min_score) with fewer places than mentees and heavily tied scores.

    Like intake scores: sums of a few discrete criteria, so only two or three distinct values
    (drawn per instance, negative ones included), plus nan for forbidden pairs.
    """
    m = draw(st.integers(1, max_mentors))
    capacities = draw(st.lists(st.integers(0, 2), min_size=m, max_size=m))
    n = sum(capacities) + draw(st.integers(1, max_extra))  # some mentees must stay unmatched
    values = draw(st.lists(st.sampled_from(SCORES[1:]), min_size=1, max_size=3, unique=True))
    cells = draw(st.lists(st.sampled_from([NAN, *values]), min_size=n * m, max_size=n * m))
    scores = np.array(cells, dtype=float).reshape(n, m)
    return scores, capacities, draw(st.sampled_from([None, None, *values]))


def tied_scores(rng, n: int, m: int, values: int, forbidden: float) -> np.ndarray:
    """Scores that are sums of a few 0–``values`` criteria, like the intake scoring's."""
    weights = np.array([30.0, 20.0, 5.0])
    features = rng.integers(0, values, (3, n, m)).astype(float)
    scores = np.tensordot(weights, features, axes=1) + rng.integers(0, values, m)  # popular
    scores[rng.random((n, m)) < forbidden] = NAN
    return scores


@st.composite
def peers(draw, max_people: int = 8):
    """(symmetric scores, min_score); the diagonal holds junk the engine must ignore."""
    n = draw(st.integers(0, max_people))
    s = np.full((n, n), NAN)
    for i, j in itertools.combinations(range(n), 2):
        s[i, j] = s[j, i] = draw(st.sampled_from(SCORES))
    np.fill_diagonal(s, draw(st.sampled_from([NAN, 99.0])))
    return s, draw(st.sampled_from(MIN_SCORES))


@st.composite
def preferences(draw, max_mentees: int = 4, max_mentors: int = 3):
    """(mentee_prefs, mentor_prefs, capacities): ranked lists of subsets, tiny capacities."""
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))

    def ranking(size: int):
        return st.lists(st.integers(0, size - 1), unique=True) if size else st.just([])

    mentee_prefs = [draw(ranking(m)) for _ in range(n)]
    mentor_prefs = [draw(ranking(n)) for _ in range(m)]
    return mentee_prefs, mentor_prefs, draw(st.lists(st.integers(0, 2), min_size=m, max_size=m))


def allowed(scores: np.ndarray, min_score: float | None) -> np.ndarray:
    ok = ~np.isnan(scores)
    return ok if min_score is None else ok & (np.nan_to_num(scores, nan=-np.inf) >= min_score)


# -- brute force ----------------------------------------------------------------------------


def best_assignment(scores, capacities, min_score) -> tuple[int, float]:
    """(number matched, total) of the best assignment, by trying every choice per mentee."""
    n, m = scores.shape
    ok = allowed(scores, min_score)

    @functools.cache
    def best(i: int, left: tuple[int, ...]) -> tuple[int, float]:
        if i == n:
            return 0, 0.0
        options = [best(i + 1, left)]
        for j in range(m):
            if ok[i, j] and left[j]:
                count, total = best(i + 1, (*left[:j], left[j] - 1, *left[j + 1 :]))
                options.append((count + 1, total + scores[i, j]))
        return max(options)

    return best(0, tuple(capacities))


def best_pairing(scores, min_score) -> tuple[int, float]:
    """(number of pairs, total) of the best peer matching, over every matching."""
    n = len(scores)
    ok = allowed(scores, min_score)

    @functools.cache
    def best(done: int) -> tuple[int, float]:
        if done == (1 << n) - 1:
            return 0, 0.0
        i = next(v for v in range(n) if not done >> v & 1)
        options = [best(done | 1 << i)]
        for j in range(i + 1, n):
            if not done >> j & 1 and ok[i, j]:
                count, total = best(done | 1 << i | 1 << j)
                options.append((count + 1, total + scores[i, j]))
        return max(options)

    return best(0)


def dense_optimum(scores, capacities) -> tuple[int, float]:
    """Reference from scipy's dense assignment on the capacity-expanded matrix."""
    cols = np.repeat(np.arange(scores.shape[1]), capacities)
    if scores.size == 0 or cols.size == 0 or np.isnan(scores).all():
        return 0, 0.0
    cost = -scores[:, cols]
    span = np.nanmax(scores) - np.nanmin(scores)
    penalty = 2 * len(scores) * span + 1 + np.nanmax(np.abs(scores))  # any sign of scores
    cost[np.isnan(cost)] = penalty  # so using a forbidden pair is never worth it
    rows, picked = linear_sum_assignment(cost)
    real = cost[rows, picked] < penalty
    return int(real.sum()), float(scores[rows[real], cols[picked[real]]].sum())


def stable_matchings(mentee_prefs, mentor_prefs, capacities) -> list[dict[int, int]]:
    """Every stable matching, as {mentee: mentor}, by enumeration."""
    options = [
        [None, *(j for j in prefs if i in mentor_prefs[j])] for i, prefs in enumerate(mentee_prefs)
    ]
    found = []
    for choice in itertools.product(*options):
        match = {i: j for i, j in enumerate(choice) if j is not None}
        loads = np.bincount(list(match.values()), minlength=len(mentor_prefs))
        if (loads <= capacities).all() and not blocking_pairs(
            match, mentee_prefs, mentor_prefs, capacities
        ):
            found.append(match)
    return found


def blocking_pairs(match, mentee_prefs, mentor_prefs, capacities) -> list[tuple[int, int]]:
    """Mutually acceptable (mentee, mentor) pairs who would both rather be together."""
    pairs = []
    for i, prefs in enumerate(mentee_prefs):
        for j in prefs:
            if i not in mentor_prefs[j] or match.get(i) == j:
                continue
            mentee_wants = i not in match or prefs.index(j) < prefs.index(match[i])
            held = [h for h, k in match.items() if k == j]
            rank = mentor_prefs[j].index
            mentor_wants = len(held) < capacities[j] or any(rank(i) < rank(h) for h in held)
            if mentee_wants and mentor_wants:
                pairs.append((i, j))
    return pairs


# -- invariants -----------------------------------------------------------------------------


def check_assignment(pairs, scores, capacities, min_score) -> None:
    """Each mentee at most once, capacities kept, only allowed pairs, sorted by mentee."""
    ok = allowed(scores, min_score)
    mentees = [i for i, _ in pairs]
    assert pairs == sorted(pairs)
    assert len(set(mentees)) == len(mentees)
    for i, j in pairs:
        assert 0 <= i < scores.shape[0] and 0 <= j < scores.shape[1]
        assert ok[i, j], f"pair {(i, j)} is forbidden or below min_score"
    loads = np.bincount([j for _, j in pairs], minlength=scores.shape[1])
    assert (loads <= np.asarray(capacities, dtype=int)).all()


def check_pairing(pairs, scores, min_score) -> None:
    ok = allowed(scores, min_score)
    people = [p for pair in pairs for p in pair]
    assert pairs == sorted(pairs)
    assert len(set(people)) == len(people)
    for i, j in pairs:
        assert 0 <= i < j < len(scores)
        assert ok[i, j]


def tolerance(scores, pairs_possible: int) -> float:
    return engine.rounding_tolerance(scores, pairs_possible) + 1e-9


# -- assign ---------------------------------------------------------------------------------


@given(bipartite())
def test_assign_matches_as_many_mentees_as_brute_force(instance):
    scores, capacities, min_score = instance
    pairs = engine.assign(scores, capacities, min_score=min_score)
    check_assignment(pairs, scores, capacities, min_score)
    assert len(pairs) == best_assignment(scores, capacities, min_score)[0]


@given(bipartite())
def test_assign_reaches_the_brute_force_total(instance):
    scores, capacities, min_score = instance
    pairs = engine.assign(scores, capacities, min_score=min_score)
    count, best = best_assignment(scores, capacities, min_score)
    assert engine.total(scores, pairs) == pytest.approx(best, abs=tolerance(scores, count))


@given(bipartite(max_mentees=7, max_mentors=5))
def test_assign_stays_optimal_when_only_one_candidate_per_mentee_is_kept(instance):
    """With k=1 almost every pair is pruned: the reduced-cost proof must add back the rest."""
    scores, capacities, min_score = instance
    s, cap = engine._bipartite_input(scores, capacities, min_score)
    pairs = engine._assign(s, cap, min_score, 1)
    check_assignment(pairs, scores, capacities, min_score)
    count, best = best_assignment(scores, capacities, min_score)
    assert len(pairs) == count
    assert engine.total(scores, pairs) == pytest.approx(best, abs=tolerance(scores, count))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", ["uniform", "popular", "scarce", "sparse"])
def test_assign_equals_the_dense_optimum_on_medium_instances(shape, seed):
    rng = np.random.default_rng(seed)
    n, m = 60, 14
    quality = rng.uniform(0, 100, m)
    scores = {
        "uniform": rng.uniform(-50, 50, (n, m)),
        "popular": quality + rng.uniform(0, 3, (n, m)),  # everyone wants the same mentors
        "scarce": quality + rng.uniform(0, 3, (n, m)),
        "sparse": rng.uniform(0, 1, (n, m)),
    }[shape]
    scores[rng.random((n, m)) < (0.8 if shape == "sparse" else 0.25)] = NAN
    capacities = rng.integers(0, 3 if shape == "scarce" else 7, m)
    for k in (1, 3, engine._CANDIDATES):
        s, cap = engine._bipartite_input(scores, capacities, None)
        pairs = engine._assign(s, cap, None, k)
        check_assignment(pairs, scores, capacities, None)
        count, best = dense_optimum(scores, capacities)
        assert len(pairs) == count
        assert engine.total(scores, pairs) == pytest.approx(best, abs=tolerance(scores, count))


def stingy_mentors():
    """Mentors keep at most one candidate mentee: nearly everything must come from repairs."""
    return mock.patch.object(_flow, "mentor_share", lambda n, cap, k: np.minimum(cap, 1))


def no_candidates():
    """The first flow gets no pairs at all (as tie thinning could, in theory, leave it)."""
    pick = _flow.candidates

    def empty(*args):
        rows, cols, *rest = pick(*args)
        return (rows[:0], cols[:0], *rest)

    return mock.patch.object(_flow, "candidates", empty)


def assign_variants(s, cap, min_score):
    """``_assign`` from no candidates or k=1 with stingy mentors (everything comes from the
    proof and repair rounds) to the default k."""
    with no_candidates():
        yield engine._assign(s, cap, min_score, engine._CANDIDATES)
    with stingy_mentors():
        yield engine._assign(s, cap, min_score, 1)
    for k in (1, 3, engine._CANDIDATES):
        yield engine._assign(s, cap, min_score, k)


@given(crowded())
def test_assign_is_optimal_when_places_are_scarce_and_scores_tie(instance):
    """Places < mentees and two or three score values: the case the mentor-side candidates,
    the tie thinning and the repair rounds exist for."""
    scores, capacities, min_score = instance
    count, best = best_assignment(scores, capacities, min_score)
    s, cap = engine._bipartite_input(scores, capacities, min_score)
    for pairs in assign_variants(s, cap, min_score):
        check_assignment(pairs, scores, capacities, min_score)
        assert len(pairs) == count
        assert engine.total(scores, pairs) == pytest.approx(best, abs=tolerance(scores, count))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    ("values", "capacity", "forbidden"),
    [(1, 3, 0.3), (2, 2, 0.3), (2, 6, 0.3), (3, 1, 0.25), (3, 3, 0.5), (5, 2, 0.1)],
)
def test_assign_equals_the_dense_optimum_on_crowded_tied_instances(
    values, capacity, forbidden, seed
):
    """Medium instances with 1–5 values per criterion: ties everywhere, and with capacity
    below 5 (80 mentees, 16 mentors) fewer places than mentees; odd seeds mostly negative."""
    rng = np.random.default_rng(seed)
    scores = tied_scores(rng, 80, 16, values, forbidden) - 200 * (seed % 2)
    capacities = np.full(16, capacity)
    capacities[rng.random(16) < 0.15] = 0
    count, best = dense_optimum(scores, capacities)
    s, cap = engine._bipartite_input(scores, capacities, None)
    for pairs in assign_variants(s, cap, None):
        check_assignment(pairs, scores, capacities, None)
        assert len(pairs) == count
        assert engine.total(scores, pairs) == pytest.approx(best, abs=tolerance(scores, count))


@pytest.mark.parametrize("seed", range(3))
def test_assign_equals_the_dense_optimum_on_a_larger_crowded_instance(seed):
    """400 mentees for about 240 places with many tied scores: candidate cuts from segment
    maxima, and with stingy mentors several repair rounds, some of them on the pool only."""
    rng = np.random.default_rng(seed)
    scores = tied_scores(rng, 400, 80, 3, 0.25)
    capacities = rng.integers(1, 6, 80)
    count, best = dense_optimum(scores, capacities)
    s, cap = engine._bipartite_input(scores, capacities, None)
    for pairs in [engine.assign(scores, capacities), *assign_variants(s, cap, None)]:
        check_assignment(pairs, scores, capacities, None)
        assert len(pairs) == count
        assert engine.total(scores, pairs) == pytest.approx(best, abs=tolerance(scores, count))


@pytest.mark.parametrize("min_score", [None, 40.0])
def test_assign_gives_the_same_pairs_for_float32_scores_as_for_float64(min_score):
    """float32 scores are used without a float64 copy; every step widens exactly, so the
    answer must be the very same as for the same numbers in float64."""
    rng = np.random.default_rng(7)
    scores = (tied_scores(rng, 300, 60, 3, 0.25) / 7).astype(np.float32)  # not exact in binary
    capacities = np.full(60, 3)
    pairs = engine.assign(scores, capacities, min_score=min_score)
    assert pairs == engine.assign(scores.astype(np.float64), capacities, min_score=min_score)
    check_assignment(pairs, scores.astype(np.float64), capacities, min_score)
    assert engine.greedy(scores, capacities, min_score=min_score) == engine.greedy(
        scores.astype(np.float64), capacities, min_score=min_score
    )
    assert engine.total(scores, pairs) == engine.total(scores.astype(np.float64), pairs)
    assert engine.rounding_tolerance(scores, 10) == engine.rounding_tolerance(
        scores.astype(np.float64), 10
    )


def test_min_score_is_compared_in_float64_for_float32_scores():
    """0.3 as float32 is 0.30000001192…; a min_score one float64 step above it must forbid the
    pair, not be rounded to float32 and then equal it."""
    score = np.float32(0.3)
    min_score = float(np.nextafter(np.float64(score), 1.0))
    scores = np.array([[score]], dtype=np.float32)
    assert engine.assign(scores, [1], min_score=min_score) == []
    assert engine.greedy(scores, [1], min_score=min_score) == []
    assert engine.assign(scores, [1], min_score=float(score)) == [(0, 0)]


def test_assign_prefers_matching_more_mentees_even_with_negative_scores():
    scores = np.array([[-5.0, NAN], [-1.0, -100.0]])
    assert engine.assign(scores, [1, 1]) == [(0, 0), (1, 1)]


def test_assign_returns_nothing_when_every_pair_is_forbidden():
    assert engine.assign(np.full((3, 2), NAN), [2, 2]) == []


def test_assign_never_uses_a_mentor_without_places():
    scores = np.array([[9.0, 1.0], [9.0, 1.0], [9.0, NAN]])
    assert engine.assign(scores, [0, 2]) == [(0, 1), (1, 1)]


def test_assign_never_uses_a_pair_below_min_score():
    scores = np.array([[9.0, 1.0], [2.0, 8.0]])
    assert engine.assign(scores, [1, 1], min_score=5) == [(0, 0), (1, 1)]
    assert engine.assign(scores, [2, 0], min_score=5) == [(0, 0)]


@pytest.mark.parametrize(
    ("scores", "capacities"),
    [([], []), (np.empty((0, 3)), [1, 1, 1]), (np.empty((4, 0)), []), ([[1.0, 2.0]], [0, 0])],
)
def test_assign_returns_nothing_for_empty_inputs(scores, capacities):
    assert engine.assign(scores, capacities) == []
    assert engine.greedy(scores, capacities) == []


@pytest.mark.parametrize(
    ("scores", "capacities", "message"),
    [
        ([1.0, 2.0], [1, 1], "2-D"),
        (np.ones((2, 2, 2)), [1, 1], "2-D"),
        (np.ones((2, 3)), [1, 1], "one number per mentor"),
        (np.ones((2, 2)), [[1, 1]], "one number per mentor"),
        (np.ones((2, 2)), [1, -1], "negative"),
        (np.ones((2, 2)), [1, 1.5], "whole numbers"),
        (np.ones((2, 2)), ["a", "b"], "whole numbers"),
        ([[1.0, math.inf]], [1, 1], "finite"),
    ],
)
def test_assign_rejects_bad_input_with_a_clear_message(scores, capacities, message):
    with pytest.raises(ValueError, match=message):
        engine.assign(scores, capacities)
    with pytest.raises(ValueError, match=message):
        engine.greedy(scores, capacities)


def test_assign_rejects_a_min_score_that_is_not_a_number():
    with pytest.raises(ValueError, match="min_score"):
        engine.assign(np.ones((2, 2)), [1, 1], min_score=NAN)


# -- greedy ---------------------------------------------------------------------------------


def naive_greedy(scores, capacities, min_score):
    ok = allowed(scores, min_score)
    order = sorted(zip(*np.nonzero(ok), strict=True), key=lambda p: (-scores[p], p))
    left, taken, pairs = list(capacities), set(), []
    for i, j in order:
        if i not in taken and left[j]:
            taken.add(i)
            left[j] -= 1
            pairs.append((int(i), int(j)))
    return sorted(pairs)


@given(bipartite(max_mentees=8, max_mentors=5))
def test_greedy_takes_the_best_remaining_pair_first(instance):
    scores, capacities, min_score = instance
    pairs = engine.greedy(scores, capacities, min_score=min_score)
    check_assignment(pairs, scores, capacities, min_score)
    assert pairs == naive_greedy(scores, capacities, min_score)
    assert len(pairs) <= len(engine.assign(scores, capacities, min_score=min_score))


def test_greedy_recovers_when_a_mentees_short_list_is_used_up():
    rng = np.random.default_rng(3)
    scores = rng.uniform(0, 1, (40, 30))
    scores[:, :20] += 10  # all 40 mentees rank the same 20 mentors first
    capacities = [1] * 30
    assert engine.greedy(scores, capacities) == naive_greedy(scores, capacities, None)


def test_greedy_can_strand_a_mentee_that_assign_places():
    scores = np.array([[10.0, 9.0], [8.0, NAN]])
    assert engine.greedy(scores, [1, 1]) == [(0, 0)]
    assert engine.assign(scores, [1, 1]) == [(0, 1), (1, 0)]


def test_total_adds_up_the_scores_of_the_pairs():
    assert engine.total(np.array([[1.5, 2.0], [3.0, 4.0]]), [(0, 1), (1, 0)]) == 5.0


# -- pair_peers -----------------------------------------------------------------------------


@given(peers())
def test_pair_peers_pairs_as_many_people_as_brute_force_with_the_best_total(instance):
    scores, min_score = instance
    pairs = engine.pair_peers(scores, min_score=min_score)
    check_pairing(pairs, scores, min_score)
    count, best = best_pairing(scores, min_score)
    assert len(pairs) == count
    assert engine.total(scores, pairs) == pytest.approx(best, abs=tolerance(scores, count))


@given(peers(max_people=10))
def test_pair_peers_keeps_the_most_pairs_when_candidates_are_pruned(instance):
    """With one candidate per person the total may drop, never the number of pairs."""
    scores, min_score = instance
    s = engine._peer_input(scores, min_score)
    pairs = engine._pair_peers(s, min_score, 1)
    check_pairing(pairs, scores, min_score)
    count, best = best_pairing(scores, min_score)
    assert len(pairs) == count
    assert engine.total(scores, pairs) <= best + tolerance(scores, count)


@given(peers(max_people=9), st.randoms(use_true_random=False))
def test_maximality_proof_never_accepts_a_matching_that_can_grow(instance, random):
    scores, min_score = instance
    ok = allowed(scores, min_score)
    np.fill_diagonal(ok, False)
    mate = np.full(len(scores), -1)
    edges = list(zip(*np.nonzero(np.triu(ok)), strict=True))
    random.shuffle(edges)
    for i, j in edges:  # a random maximal matching, often not a maximum one
        if mate[i] < 0 and mate[j] < 0 and random.random() < 0.8:
            mate[i], mate[j] = j, i
    if engine._maximum_proven(ok, mate):
        assert (mate >= 0).sum() // 2 == best_pairing(scores, min_score)[0]


def test_pair_peers_leaves_one_person_of_each_odd_group():
    s = np.full((7, 7), NAN)
    for group in ([0, 1, 2], [3, 4, 5, 6]):
        for i, j in itertools.combinations(group, 2):
            s[i, j] = s[j, i] = 1.0 + i + j
    pairs = engine._pair_peers(engine._peer_input(s, None), None, 1)
    assert len(pairs) == 3


def test_pair_peers_returns_nothing_without_allowed_pairs():
    assert engine.pair_peers(np.full((4, 4), NAN)) == []
    assert engine.pair_peers(np.empty((0, 0))) == []
    assert engine.pair_peers([[5.0]]) == []


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (np.ones((2, 3)), "square"),
        ([1.0, 2.0], "2-D"),
        ([[NAN, 1.0], [2.0, NAN]], "symmetric"),
        ([[NAN, 1.0], [NAN, NAN]], "symmetric"),
        ([[NAN, math.inf], [math.inf, NAN]], "finite"),
    ],
)
def test_pair_peers_rejects_bad_input_with_a_clear_message(scores, message):
    with pytest.raises(ValueError, match=message):
        engine.pair_peers(scores)


def test_pair_peers_accepts_rounding_noise_in_symmetry():
    s = np.array([[NAN, 0.1 + 0.2], [0.3, NAN]])
    assert engine.pair_peers(s) == [(0, 1)]


# -- stable ---------------------------------------------------------------------------------


@given(preferences())
def test_stable_leaves_no_blocking_pair_and_respects_capacities(instance):
    mentee_prefs, mentor_prefs, capacities = instance
    pairs = engine.stable(mentee_prefs, mentor_prefs, capacities)
    match = dict(pairs)
    assert len(match) == len(pairs) and pairs == sorted(pairs)
    assert not blocking_pairs(match, mentee_prefs, mentor_prefs, capacities)
    loads = np.bincount([j for _, j in pairs], minlength=len(mentor_prefs))
    assert (loads <= capacities).all()
    for i, j in pairs:
        assert j in mentee_prefs[i] and i in mentor_prefs[j], "only mutually acceptable pairs"


@given(preferences())
def test_stable_gives_every_mentee_their_best_stable_mentor(instance):
    mentee_prefs, mentor_prefs, capacities = instance
    ours = dict(engine.stable(mentee_prefs, mentor_prefs, capacities))
    everything = stable_matchings(mentee_prefs, mentor_prefs, capacities)
    assert ours in everything

    def rank(i, match):
        return mentee_prefs[i].index(match[i]) if i in match else math.inf

    for other in everything:
        assert all(rank(i, ours) <= rank(i, other) for i in range(len(mentee_prefs)))


def test_stable_on_a_textbook_example():
    mentee_prefs = [[0, 1], [0], [1, 0]]
    mentor_prefs = [[2, 0, 1], [0, 2]]
    assert engine.stable(mentee_prefs, mentor_prefs, [1, 1]) == [(0, 0), (2, 1)]
    assert engine.stable([], [], []) == []


@pytest.mark.parametrize(
    ("mentee_prefs", "mentor_prefs", "capacities", "message"),
    [
        ([[0, 0]], [[0]], [1], "twice"),
        ([[1]], [[0]], [1], "outside"),
        ([[0]], [[0, 0]], [1], "twice"),
        ([[0]], [[3]], [1], "outside"),
        ([[0]], [[0]], [-1], "negative"),
        ([[0]], [[0]], [1, 1], "one number per mentor"),
        ([["a"]], [[0]], [1], "whole numbers"),
        ([[0.5]], [[0]], [1], "whole numbers"),
    ],
)
def test_stable_rejects_bad_preferences_with_a_clear_message(
    mentee_prefs, mentor_prefs, capacities, message
):
    with pytest.raises(ValueError, match=message):
        engine.stable(mentee_prefs, mentor_prefs, capacities)


def _keys(mentee_prefs, mentor_prefs) -> tuple[np.ndarray, np.ndarray]:
    """Preference lists as the key matrices ``blocking_pairs`` reads (rank, nan if absent)."""
    n, m = len(mentee_prefs), len(mentor_prefs)
    e_keys, m_keys = np.full((n, m), NAN), np.full((n, m), NAN)
    for i, prefs in enumerate(mentee_prefs):
        e_keys[i, prefs] = range(len(prefs))
    for j, prefs in enumerate(mentor_prefs):
        m_keys[prefs, j] = range(len(prefs))
    return e_keys, m_keys


def _least_wanted_first(mentee_prefs, mentor_prefs, capacities) -> list[tuple[int, int]]:
    """A feasible matching that is usually far from stable: each mentee takes the last
    mutually acceptable mentor on its list that still has room."""
    left, pairs = list(capacities), []
    for i, prefs in enumerate(mentee_prefs):
        for j in reversed(prefs):
            if i in mentor_prefs[j] and left[j] > 0:
                left[j] -= 1
                pairs.append((i, j))
                break
    return pairs


@given(preferences())
def test_blocking_pairs_counts_what_brute_force_finds(instance):
    mentee_prefs, mentor_prefs, capacities = instance
    keys = _keys(mentee_prefs, mentor_prefs)
    for pairs in (
        engine.stable(mentee_prefs, mentor_prefs, capacities),
        _least_wanted_first(mentee_prefs, mentor_prefs, capacities),
        [],
    ):
        expected = blocking_pairs(dict(pairs), mentee_prefs, mentor_prefs, capacities)
        assert engine.blocking_pairs(*keys, capacities, pairs) == len(expected)


def test_blocking_pairs_of_a_crossed_pair():
    # Both mentees and both mentors rank 0 first: pairing 0–1 and 1–0 leaves (0, 0) blocking.
    keys = _keys([[0, 1], [0, 1]], [[0, 1], [0, 1]])
    assert engine.blocking_pairs(*keys, [1, 1], [(0, 1), (1, 0)]) == 1
    assert engine.blocking_pairs(*keys, [1, 1], [(0, 0), (1, 1)]) == 0
    with pytest.raises(ValueError, match="one shape"):
        engine.blocking_pairs(keys[0], keys[1][:1], [1, 1], [])


@given(preferences())
def test_stable_by_keys_is_stable_on_the_lists_the_keys_order(instance):
    mentee_prefs, mentor_prefs, capacities = instance
    keys = _keys(mentee_prefs, mentor_prefs)
    assert engine.stable_by_keys(*keys, capacities) == engine.stable(
        mentee_prefs, mentor_prefs, capacities
    )


def test_preference_keys_put_wishes_first_by_rank_then_scores_and_drop_forbidden_pairs():
    scores = np.array([[10.0, 50.0, NAN, 30.0], [5.0, 6.0, 7.0, 8.0]])
    keys = engine.preference_keys(scores, {(0, 0): 2, (0, 2): 1, (1, 3): 1}, min_score=6)

    assert np.argsort(keys[0])[:3].tolist() == [0, 1, 3]  # wish no. 2, then 50 and 30
    assert np.isnan(keys[0, 2])  # wished for, but a hard rule forbids it
    assert np.isnan(keys[1, 0])  # below the minimum score
    assert np.argsort(keys[1])[:3].tolist() == [3, 2, 1]
