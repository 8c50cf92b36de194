"""The pure matching engine: who is paired with whom, given a matrix of scores.

No Django here on purpose: the functions take numpy arrays and return index pairs, so they
can be tested exhaustively against brute force and timed on large synthetic instances
(``benchmarks/matching.py``) without a database.

Objective everywhere: first match as many people as possible, then maximise the total score.
``numpy.nan`` marks a forbidden pair. Scores are rounded to integers before solving (the
solvers need integer costs): the range of allowed scores is mapped onto about 2**30 steps,
so the chosen total can fall short of the real-valued optimum by at most
``matched × (max − min) / 2**30`` (about 5e-4 for 5,000 pairs of scores in 0–100; fewer
steps, so a larger bound, past ~500,000 people), and the number matched is never affected.
``rounding_tolerance`` gives that bound; tests and the benchmark compare totals with it.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
import rustworkx as rx

from ._flow import BLOCK as _BLOCK
from ._flow import STEPS as _STEPS
from ._flow import blocks as _blocks
from ._flow import quantise as _quantise
from ._flow import solve as _assign  # candidates, min-cost flow, optimality proof, repair
from ._flow import steps_for as _steps
from ._flow import top_k as _top_k

Pair = tuple[int, int]

_CANDIDATES = 10  # best partners per person kept in the first, sparse, problem


def assign(scores, capacities, *, min_score: float | None = None) -> list[Pair]:
    """Give each mentee at most one mentor, mentor ``j`` taking at most ``capacities[j]``.

    Among all feasible assignments, returns one that matches the most mentees and then has
    the highest total score (exactly, up to ``rounding_tolerance``), as (mentee, mentor)
    pairs sorted by mentee. Pairs scoring below ``min_score`` are treated as forbidden.

    Solved as a min-cost flow (OR-tools) on a few candidate pairs per mentee and per mentor
    only, then proven optimal for the whole matrix: node potentials from the sparse solution
    must give every pruned pair a non-negative reduced cost. Pairs that fail are added and the
    flow solved again (``matching._flow``), so the answer is exact, while a 5,000 × 1,000
    matrix costs one or two flows of ~100k arcs instead of one of 3.75 million (0.15 s instead
    of 2 s on one core), and 20,000 × 4,000 intake scores about 2 s. A float32 matrix (what
    ``matching.scoring`` returns) is used as it is, without a float64 copy.
    """
    s, cap = _bipartite_input(scores, capacities, min_score)
    return _assign(s, cap, min_score, _CANDIDATES)


def greedy(scores, capacities, *, min_score: float | None = None) -> list[Pair]:
    """Baseline for the benchmark: repeatedly take the best remaining allowed pair.

    Each mentee keeps its best few mentors in order; a heap holds every free mentee keyed
    by its best still-open mentor, refreshed lazily when that mentor fills up. Ties go to
    the lower mentee, then mentor, index.
    """
    s, cap = _bipartite_input(scores, capacities, min_score)
    if s.size == 0:
        return []
    n, m = s.shape
    left = cap.copy()
    short = min(m, 16)
    lists: list[list[int]] = []
    for _, block in _blocks(s, min_score, left == 0):
        vals = np.where(np.isnan(block), -np.inf, block)
        top = np.indices(vals.shape)[1]
        if short < m:
            top = np.argpartition(-vals, short - 1, axis=1)[:, :short]
        by_score = np.lexsort((top, -np.take_along_axis(vals, top, 1)), axis=1)
        top = np.take_along_axis(top, by_score, 1)
        keep = np.take_along_axis(vals, top, 1) > -np.inf
        lists += [row[ok].tolist() for row, ok in zip(top, keep, strict=True)]
    pos = [0] * n
    heap = [(-s[i, lst[0]], i, lst[0]) for i, lst in enumerate(lists) if lst]
    heapq.heapify(heap)
    pairs = []
    while heap:
        _, i, j = heapq.heappop(heap)
        if left[j] > 0:
            left[j] -= 1
            pairs.append((i, j))
            continue
        lst = lists[i]
        while pos[i] < len(lst) and left[lst[pos[i]]] == 0:
            pos[i] += 1
        if pos[i] == len(lst) == short < m:  # the short list is used up: sort the whole row
            row = np.where((left > 0) & _allowed(s[i], min_score), s[i], np.nan)
            lst = np.argsort(-row, kind="stable")[: np.count_nonzero(row == row)].tolist()
            lists[i], pos[i] = lst, 0
        if pos[i] < len(lst):
            heapq.heappush(heap, (-s[i, lst[pos[i]]], i, lst[pos[i]]))
    return sorted(pairs)


def pair_peers(scores, *, min_score: float | None = None) -> list[Pair]:
    """Pair people with each other (peer mentoring): the most pairs, then the best total.

    ``scores`` is square and symmetric; the diagonal is ignored. Uses rustworkx's blossom
    matching (maximum cardinality, then maximum weight) on each person's best
    ``_CANDIDATES`` partners, which the benchmark shows loses nothing measurable (< 0.1 %,
    usually 0) while a full 5,000-person graph would take minutes. The number paired is
    exact: people left unpaired get all their allowed partners added, and the result is
    accepted only with a proof that no larger matching exists (component parity or an
    alternating-forest barrier); otherwise the candidate lists grow until it is.
    """
    s = _peer_input(scores, min_score)
    return _pair_peers(s, min_score, _CANDIDATES)


def stable(
    mentee_prefs: Sequence[Sequence[int]],
    mentor_prefs: Sequence[Sequence[int]],
    capacities: Sequence[int],
) -> list[Pair]:
    """Mentee-proposing deferred acceptance with capacities (hospitals/residents).

    A pair is acceptable only when each lists the other. The result is stable (no mentee
    and mentor would both rather be together) and the best stable matching for every
    mentee. Pairs are (mentee, mentor), sorted by mentee.
    """
    n, m = len(mentee_prefs), len(mentor_prefs)
    cap = _capacities(capacities, m)
    prefs = [_ranking(p, m, f"mentee_prefs[{i}]") for i, p in enumerate(mentee_prefs)]
    rank = [
        {i: r for r, i in enumerate(_ranking(p, n, f"mentor_prefs[{j}]"))}
        for j, p in enumerate(mentor_prefs)
    ]
    return _deferred_acceptance(prefs, rank, cap.tolist())


def _deferred_acceptance(
    prefs: list[list[int]], rank: list[dict[int, int]], cap: list[int]
) -> list[Pair]:
    """``stable`` on checked input: each mentee's list, each mentor's {mentee: rank}."""
    n, m = len(prefs), len(rank)
    held: list[list[tuple[int, int]]] = [[] for _ in range(m)]  # heap of (-rank, mentee)
    nxt, free = [0] * n, list(range(n))[::-1]
    while free:
        i = free.pop()
        while nxt[i] < len(prefs[i]):
            j = prefs[i][nxt[i]]
            nxt[i] += 1
            r = rank[j].get(i)
            if r is None or cap[j] == 0:
                continue
            if len(held[j]) < cap[j]:
                heapq.heappush(held[j], (-r, i))
                break
            if -held[j][0][0] > r:
                free.append(heapq.heapreplace(held[j], (-r, i))[1])
                break
    return sorted((i, j) for j, h in enumerate(held) for _, i in h)


# A wish comes before any pair that was not wished for: scores stay far below this.
_WISHED = 1e9


def preference_keys(
    scores, wishes: dict[Pair, int], *, min_score: float | None = None
) -> np.ndarray:
    """One side's order of preference as keys (smaller is preferred, nan is not at all):
    the partners wished for first, by rank, then everyone else by score, best first.

    ``wishes`` maps (mentee, mentor) to the rank one side gave the other. A forbidden pair
    (nan), or one scoring below ``min_score``, is acceptable to neither side.
    """
    s = _floats(scores)
    key = -s.astype(np.float64)
    for (i, j), rank in wishes.items():
        key[i, j] = rank - _WISHED
    key[~_allowed(s, min_score)] = np.nan
    return key


def stable_by_keys(mentee_keys, mentor_keys, capacities) -> list[Pair]:
    """``stable`` with both sides' preferences given as key matrices (``preference_keys``):
    mentee i lists the mentors it accepts in increasing ``mentee_keys[i]``, mentor j the
    mentees in increasing ``mentor_keys[:, j]``; ties keep the lower index first."""
    e_keys = np.where(np.isnan(mentee_keys), np.inf, mentee_keys)
    m_keys = np.where(np.isnan(mentor_keys), np.inf, mentor_keys)
    if e_keys.ndim != 2 or e_keys.shape != m_keys.shape:
        raise ValueError("mentee_keys and mentor_keys must be 2-D of one shape")
    cap = _capacities(capacities, e_keys.shape[1])
    e_order = np.argsort(e_keys, axis=1, kind="stable")
    m_order = np.argsort(m_keys, axis=0, kind="stable")
    e_count = np.isfinite(e_keys).sum(1).tolist()
    m_count = np.isfinite(m_keys).sum(0).tolist()
    # Built from the sorts, so valid by construction: no per-entry checks (a third of a
    # second for 1,500 × 500 full lists).
    prefs = [row[:k].tolist() for row, k in zip(e_order, e_count, strict=True)]
    rank = [
        dict(zip(col[:k].tolist(), range(k), strict=True))
        for col, k in zip(m_order.T, m_count, strict=True)
    ]
    return _deferred_acceptance(prefs, rank, cap.tolist())


def blocking_pairs(mentee_keys, mentor_keys, capacities, pairs: Sequence[Pair]) -> int:
    """How many mentee–mentor pairs would both rather be together than as ``pairs`` has
    them: 0 exactly when the matching is stable.

    ``mentee_keys[i, j]`` orders mentee i's wishes (smaller is preferred; nan where i would
    not take j), ``mentor_keys[i, j]`` mentor j's; ranks are keys. (i, j) blocks when both
    accept each other, are not paired, i is unmatched or prefers j to its mentor, and j has
    a free place or prefers i to the least wanted of its mentees. Counted by rows in blocks,
    so no n × m temporaries beyond the two key matrices.
    """
    e_keys, m_keys = _floats(mentee_keys), _floats(mentor_keys)
    if e_keys.shape != m_keys.shape or e_keys.ndim != 2:
        raise ValueError(
            f"mentee_keys and mentor_keys must be 2-D of one shape, got {e_keys.shape}"
            f" and {m_keys.shape}"
        )
    n, m = e_keys.shape
    cap = _capacities(capacities, m)
    mine = np.full(n, np.inf)  # what each mentee's own mentor is worth to them
    partner = np.full(n, -1)
    worst = np.full(m, -np.inf)  # the least wanted mentee each mentor holds
    held = np.zeros(m, dtype=np.int64)
    for i, j in pairs:
        partner[i] = j
        mine[i] = e_keys[i, j] if e_keys[i, j] == e_keys[i, j] else np.inf
        key = m_keys[i, j] if m_keys[i, j] == m_keys[i, j] else np.inf
        worst[j] = max(worst[j], key)
        held[j] += 1
    bar = np.where(held < cap, np.inf, worst)  # a mentor with room takes anyone acceptable
    found = 0
    step = max(1, _BLOCK // max(1, m))
    for r0 in range(0, n, step):
        e, mk = e_keys[r0 : r0 + step], m_keys[r0 : r0 + step]
        with np.errstate(invalid="ignore"):
            wants = (e < mine[r0 : r0 + step, None]) & (mk < bar[None, :])
        rows = np.flatnonzero(partner[r0 : r0 + step] >= 0)
        wants[rows, partner[r0 : r0 + step][rows]] = False
        found += int(np.count_nonzero(wants))
    return found


def total(scores, pairs: Sequence[Pair]) -> float:
    """Sum of the scores of ``pairs`` (added in order, in float64)."""
    s = _floats(scores)
    rows, cols = [i for i, _ in pairs], [j for _, j in pairs]
    return float(sum(s[rows, cols].astype(np.float64).tolist()))


def rounding_tolerance(scores, pairs_possible: int) -> float:
    """How far a returned total may be below the real-valued optimum (see module docstring)."""
    s = _floats(scores)
    if s.size == 0 or np.isnan(s).all():
        return 0.0
    return pairs_possible * (float(np.nanmax(s)) - float(np.nanmin(s))) / _steps(*s.shape)


def _floats(scores) -> np.ndarray:
    """``scores`` as a float array, without copying one that already is (float32 included)."""
    s = np.asarray(scores)
    return s if s.dtype.kind == "f" else s.astype(np.float64)


def _allowed(s: np.ndarray, min_score: float | None) -> np.ndarray:
    return ~np.isnan(s) if min_score is None else s >= np.float64(min_score)


# -- peer internals -------------------------------------------------------------------------


def _pair_peers(s: np.ndarray, min_score: float | None, k: int) -> list[Pair]:
    """``pair_peers`` on validated scores, starting from ``k`` candidates per person."""
    n = len(s)
    allowed = _allowed(s, min_score)
    np.fill_diagonal(allowed, False)
    if n < 2 or not allowed.any():
        return []
    lo = float(np.min(s, where=allowed, initial=np.inf))
    hi = float(np.max(s, where=allowed, initial=-np.inf))
    grid = (lo, hi - lo, _STEPS)
    added = np.zeros(n, bool)  # people given all their allowed partners
    while True:
        i, j = _peer_candidates(s, allowed, min(k, n - 1))
        more_i, more_j = np.nonzero(allowed[added])
        i = np.concatenate([i, np.flatnonzero(added)[more_i]])
        j = np.concatenate([j, more_j])
        key = np.unique(np.minimum(i, j) * n + np.maximum(i, j))
        i, j = key // n, key % n
        w = _quantise(s[i, j], *grid).astype(np.int64)
        graph = rx.PyGraph()
        graph.add_nodes_from(range(n))
        graph.add_edges_from(list(zip(i.tolist(), j.tolist(), w.tolist(), strict=True)))
        found = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
        pairs = sorted((min(a, b), max(a, b)) for a, b in found)
        mate = np.full(n, -1)
        for a, b in pairs:
            mate[a], mate[b] = b, a
        lonely = (mate < 0) & allowed.any(axis=1)
        if k >= n - 1 or not lonely.any() or _maximum_proven(allowed, mate):
            return pairs
        if (lonely & ~added).any():
            added |= lonely
        else:
            k *= 2


def _peer_candidates(s, allowed, k) -> tuple[np.ndarray, np.ndarray]:
    """Each person's ``k`` best allowed partners (both directions of each pair may appear)."""
    rows, cols = [], []
    step = max(1, _BLOCK // max(1, len(s)))
    for r0 in range(0, len(s), step):
        i, j = _top_k(np.where(allowed[r0 : r0 + step], s[r0 : r0 + step], -np.inf), k)
        rows.append(i + r0)
        cols.append(j)
    return np.concatenate(rows), np.concatenate(cols)


def _maximum_proven(allowed: np.ndarray, mate: np.ndarray) -> bool:
    """True when no matching of the full graph pairs more people than ``mate`` does.

    Per connected component: at most one person of an odd component can be left over; where
    more are, an alternating forest grown from them without an edge between two "even"
    people exhibits a Tutte–Berge barrier (the "odd" people), which proves maximality.
    """
    n = len(mate)
    lonely = (mate < 0) & allowed.any(axis=1)
    if lonely.sum() == 1 and allowed.any(axis=1).sum() % 2 == 1:
        return True  # an odd number of people who could pair: one must be left over
    comp = np.full(n, -1)
    for v in range(n):
        if comp[v] < 0:
            comp[v] = v
            front = np.array([v])
            while front.size:
                front = np.flatnonzero(allowed[front].any(axis=0) & (comp < 0))
                comp[front] = v
    size = np.bincount(comp, minlength=n)
    left = np.bincount(comp[mate < 0], minlength=n)
    bad = np.flatnonzero(left > size % 2)
    even, odd = np.zeros(n, bool), np.zeros(n, bool)
    front = np.flatnonzero((mate < 0) & np.isin(comp, bad))
    even[front] = True
    while front.size:
        near = allowed[front].any(axis=0)
        if (near & even).any():
            return False  # an augmenting path or a blossom: no proof this way
        new = np.flatnonzero(near & ~odd)
        odd[new] = True
        front = mate[new]
        if even[front].any() or odd[front].any():
            return False
        even[front] = True
    return True


# -- validation -----------------------------------------------------------------------------


def _bipartite_input(scores, capacities, min_score) -> tuple[np.ndarray, np.ndarray]:
    width = len(capacities) if np.ndim(scores) < 2 else 0
    s = _matrix(scores, min_score, width, keep_float32=True)
    return s, _capacities(capacities, s.shape[1])


def _peer_input(scores, min_score) -> np.ndarray:
    s = _matrix(scores, min_score, 0)
    if s.shape[0] != s.shape[1]:
        raise ValueError(f"peer scores must be a square 2-D array, got shape {s.shape}")
    step = max(1, _BLOCK // max(1, len(s)))
    for r0 in range(0, len(s), step):  # by blocks: no n × n temporaries
        block, mirror = s[r0 : r0 + step], s[:, r0 : r0 + step].T
        gap = np.abs(block - mirror) > 1e-9 * np.maximum(1.0, np.abs(block))
        gap |= np.isnan(block) != np.isnan(mirror)
        gap[np.arange(len(block)), np.arange(r0, r0 + len(block))] = False  # the diagonal
        if gap.any():
            raise ValueError("peer scores must be symmetric: scores[i, j] must equal scores[j, i]")
    return s


def _matrix(scores, min_score, width: int, keep_float32: bool = False) -> np.ndarray:
    """Scores as a float64 matrix (an empty list becomes 0 × ``width``), checked.

    With ``keep_float32`` a float32 array (what ``matching.scoring`` returns) is used as it is:
    widening 80 million scores costs more than a whole assignment, and every computation on
    them widens exactly, block by block, so the results are the same as for float64.
    """
    if keep_float32 and isinstance(scores, np.ndarray) and scores.dtype == np.float32:
        s = scores
    else:
        s = np.asarray(scores, dtype=np.float64)
    if s.size == 0 and s.ndim < 2:
        s = s.reshape(0, width)
    if s.ndim != 2:
        raise ValueError(f"scores must be a 2-D array, got shape {s.shape}")
    if min_score is not None and not np.isfinite(min_score):
        raise ValueError(f"min_score must be a finite number or None, got {min_score!r}")
    step = max(1, _BLOCK // max(1, s.shape[1]))
    if any(np.isinf(s[r0 : r0 + step]).any() for r0 in range(0, len(s), step)):
        raise ValueError("scores must be finite numbers, or nan for a forbidden pair")
    return s


def _capacities(capacities, m: int) -> np.ndarray:
    cap = np.asarray(capacities)
    if cap.ndim != 1 or len(cap) != m:
        raise ValueError(f"capacities must give one number per mentor ({m}), got shape {cap.shape}")
    if cap.size and (cap.dtype.kind not in "iuf" or np.any(np.mod(cap, 1) != 0)):
        raise ValueError("capacities must be whole numbers")
    if cap.size and cap.min() < 0:
        raise ValueError("capacities must not be negative")
    return cap.astype(np.int64)


def _ranking(prefs: Sequence[int], size: int, name: str) -> list[int]:
    try:
        ranked = [int(p) for p in prefs]
    except (TypeError, ValueError):
        ranked = None
    if ranked is None or any(
        isinstance(p, bool) or r != p for r, p in zip(ranked, prefs, strict=True)
    ):
        raise ValueError(f"{name} must be a list of whole numbers (indices)")
    if any(not 0 <= p < size for p in ranked):
        raise ValueError(f"{name} refers to an index outside 0..{size - 1}")
    if len(set(ranked)) != len(ranked):
        raise ValueError(f"{name} lists the same index twice")
    return ranked
