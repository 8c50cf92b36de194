"""How well two people suit each other: one vectorised score, made of named criteria.

The scores of a whole pool come from numpy operations over feature arrays (a few
matrix products and broadcasts per block of rows), never from a Python loop over pairs.
Explanations (``matching.explanations``) take the very same criterion features, so the
points a coordinator reads are the points the optimiser used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

# The scored criteria, in the order explanations list them; each has a weight in
# ``MatchingSettings``. Language is a hard rule (no shared language → forbidden) and
# carries no points.
CRITERIA = (
    "areas",
    "expertise",
    "formats",
    "city",
    "career",
    "availability",
    "style",
    "preferences",
    "department",
)
HARD_RULES = ("same_person", "language", "manager", "do_not_match", "previous_partner")
IN_PERSON = 0  # column of "in person" in the formats matrix
BLOCK_ROWS = 2048  # rows scored at once: bounds the temporaries' memory

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
STOPWORDS = frozenset(
    """
    about also and are been being both but can could does doing from have having into
    just like more most much other over same some such than that their them then there
    these they this those very want what when where which while will with within would
    your yours att och som för med till från inte eller även bara också vill kunna mina
    mitt min mig jag det den där här hur vad när under efter genom vara blir blev
    through work working help good well make take able things thing something really
    people need better jobba arbete arbeta bättre mycket gärna sätt saker behöver
    """.split()  # noqa: SIM905
)


def keywords(text: str) -> set[str]:
    """The words of a free-text answer worth comparing (4+ letters, not filler)."""
    return {w for w in (m.lower() for m in WORD.findall(text or "")) if w not in STOPWORDS}


@dataclass
class Side:
    """One side of a pool as arrays: row k describes ``enrolments[k]``.

    Codes (city, organisation, e-mails) are integers shared by both sides; -1 is
    "not stated".
    """

    enrolments: list
    users: np.ndarray
    emails: np.ndarray
    managers: np.ndarray
    areas: np.ndarray  # bool (n, areas)
    offers: sparse.csr_matrix  # competences offered (n, vocabulary)
    wishes: sparse.csr_matrix  # what the person wants to develop (n, vocabulary)
    languages: np.ndarray  # bool (n, languages); a row of False is "not stated"
    formats: np.ndarray  # bool (n, 3)
    city: np.ndarray
    career: np.ndarray
    availability: np.ndarray  # bool (n, 4)
    style: np.ndarray  # float32 (n, statements), nan where unanswered
    organisation: np.ndarray
    department: np.ndarray

    def __len__(self) -> int:
        return len(self.users)


def _matching_codes(left: np.ndarray, right: np.ndarray, shape) -> sparse.csr_matrix:
    """1 where ``left[i] == right[j] >= 0``, found by hashing rather than comparing all pairs."""
    columns: dict[int, list[int]] = {}
    for j, code in enumerate(right.tolist()):
        if code >= 0:
            columns.setdefault(code, []).append(j)
    pairs = [(i, j) for i, code in enumerate(left.tolist()) for j in columns.get(code, ())]
    rows = [i for i, _j in pairs]
    cols = [j for _i, j in pairs]
    return sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.float32), (rows, cols)), shape=shape, dtype=np.float32
    )


@dataclass
class Pool:
    """Everything scoring needs about a programme's unmatched people.

    ``peers`` pools compare ``mentees`` with itself (``mentors`` is the same object).
    Sparse facts are index pairs into the two sides.
    """

    mentees: Side
    mentors: Side
    capacities: np.ndarray
    peers: bool = False
    # What the columns of the feature arrays stand for. Explanations store these ids and
    # codes, never words, so that they read in the language of whoever reads them.
    area_ids: list[int] = field(default_factory=list)
    vocabulary: list[str] = field(default_factory=list)
    language_codes: list[str] = field(default_factory=list)
    format_codes: list[str] = field(default_factory=list)
    availability_codes: list[str] = field(default_factory=list)
    city_names: list[str] = field(default_factory=list)
    do_not_match: set[tuple[int, int]] = field(default_factory=set)
    previous_partners: set[tuple[int, int]] = field(default_factory=set)
    # (mentee row, mentor column) → rank the mentee gave; and the mentors' wishes.
    mentee_wishes: dict[tuple[int, int], int] = field(default_factory=dict)
    mentor_wishes: dict[tuple[int, int], int] = field(default_factory=dict)

    def rule_matrix(self, rule: str) -> sparse.csr_matrix:
        """Pairs a sparse hard rule forbids (1), built once; "any" is all of them."""
        cache = self.__dict__.setdefault("_rule_matrices", {})
        if rule not in cache:
            shape = (len(self.mentees), len(self.mentors))
            if rule == "any":
                found = sparse.csr_matrix(shape, dtype=np.float32)
                for name in ("same_person", "manager", "do_not_match", "previous_partner"):
                    found = found + self.rule_matrix(name)
            elif rule == "same_person":
                found = _matching_codes(self.mentees.users, self.mentors.users, shape)
            elif rule == "manager":
                found = _matching_codes(self.mentees.managers, self.mentors.emails, shape)
                found = found + _matching_codes(self.mentees.emails, self.mentors.managers, shape)
            else:
                found = self.pair_matrix(
                    "do_not_match" if rule == "do_not_match" else "previous_partners"
                )
            cache[rule] = found.tocsr()
        return cache[rule]

    def workplaces(self) -> tuple[np.ndarray, np.ndarray, int]:
        """Where each person works, as one code per side: the department when given
        (it includes the organisation), else the organisation; -1 when neither."""
        cache = self.__dict__.setdefault("_workplaces", None)
        if cache is None:
            sides = []
            for side in (self.mentees, self.mentors):
                key = np.where(
                    side.department >= 0,
                    side.department * 2,
                    np.where(side.organisation >= 0, side.organisation * 2 + 1, -1),
                )
                sides.append(key)
            both = np.concatenate(sides)
            known = np.unique(both[both >= 0])
            coded = [np.where(k >= 0, np.searchsorted(known, k), -1) for k in sides]
            cache = self.__dict__["_workplaces"] = (coded[0], coded[1], max(len(known), 1))
        return cache

    def pair_matrix(self, name: str) -> sparse.csr_matrix:
        """A sparse fact as a matrix (built once): 1 for pairs, 0.5 / rank for wishes."""
        cache = self.__dict__.setdefault("_pair_matrices", {})
        if name not in cache:
            facts = getattr(self, name)
            pairs = list(facts)
            values = (
                [0.5 / facts[p] for p in pairs] if isinstance(facts, dict) else [1.0] * len(pairs)
            )
            rows = [i for i, _j in pairs]
            cols = [j for _i, j in pairs]
            shape = (len(self.mentees), len(self.mentors))
            cache[name] = sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float32)
        return cache[name]


def _f32(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def _share(mask: np.ndarray) -> np.ndarray:
    """Each row's ticks divided by how many it has: "the share of what I asked for"."""
    return _f32(mask) / np.maximum(mask.sum(1, keepdims=True), 1)


def _one_hot(codes: np.ndarray, width: int, keep=None) -> sparse.csr_matrix:
    """Row k has a 1 in column ``codes[k]``; -1 (not stated) or ``keep`` False has none."""
    ok = codes >= 0 if keep is None else (codes >= 0) & keep
    rows = np.flatnonzero(ok)
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, codes[ok])), shape=(len(codes), width)
    )


# Career points by (mentee level + 1, mentor level + 1); row and column 0 are "not stated".
_LEVELS = np.arange(-1, 5)
_CAREER_MENTOR = np.where(
    (_LEVELS[:, None] >= 0) & (_LEVELS[None, :] >= 0),
    np.where(_LEVELS[None, :] > _LEVELS[:, None], 1.0, (_LEVELS[None, :] == _LEVELS[:, None]) / 2),
    0.0,
).astype(np.float32)
_GAP = np.abs(_LEVELS[:, None] - _LEVELS[None, :])
_CAREER_PEER = np.where(
    (_LEVELS[:, None] >= 0) & (_LEVELS[None, :] >= 0),
    np.select([_GAP == 0, _GAP == 1], [1, 0.5]),
    0,
).astype(np.float32)
STYLE_LEVELS = 5  # answers run from 1 to 5


def _style_features(style: np.ndarray, *, left: bool) -> np.ndarray:
    """Features whose product gives Σ over statements both answered of 1 − |a − b| / 4.

    |a − b| counts the thresholds t = 1…4 that lie between a and b, so it is
    [a > t][b ≤ t] + [a ≤ t][b > t] summed over t: a sum of products, i.e. a matrix
    product. Unanswered statements contribute nothing.
    """
    valid = ~np.isnan(style)
    filled = np.where(valid, style, 0)[:, :, None]
    thresholds = np.arange(1, STYLE_LEVELS)[None, None, :]
    width = style.shape[1] * (STYLE_LEVELS - 1)
    above = _f32((filled > thresholds) & valid[:, :, None]).reshape(len(style), width)
    below = _f32((filled <= thresholds) & valid[:, :, None]).reshape(len(style), width)
    if left:
        return np.hstack([_f32(valid), above, below])
    return np.hstack([_f32(valid), -below / 4, -above / 4])


def _dense_terms(pool: Pool, rows, cols) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Criteria that are a product of dense features: points = left @ right.T."""
    e, m = pool.mentees, pool.mentors
    table = _CAREER_PEER if pool.peers else _CAREER_MENTOR
    levels = len(_LEVELS)
    key_e, key_m, _width = pool.workplaces()
    statements = max(e.style.shape[1], 1)
    return {
        # The share of the mentee's areas (formats, times) that the mentor has too.
        "areas": (_share(e.areas[rows]), _f32(m.areas[cols])),
        "formats": (_share(e.formats[rows]), _f32(m.formats[cols])),
        "availability": (_share(e.availability[rows]), _f32(m.availability[cols])),
        "career": (
            _one_hot(e.career[rows] + 1, levels).toarray() @ table,
            _one_hot(m.career[cols] + 1, levels).toarray(),
        ),
        "style": (
            _style_features(e.style[rows], left=True) / statements,
            _style_features(m.style[cols], left=False),
        ),
        # Both workplaces known; the same-workplace pairs are taken off as a sparse term.
        "department": (_f32(key_e[rows] >= 0)[:, None], _f32(key_m[cols] >= 0)[:, None]),
    }


def _sparse_terms(pool: Pool, rows, cols) -> dict[str, sparse.csr_matrix]:
    """Criteria that touch few pairs, kept sparse."""
    e, m = pool.mentees, pool.mentors
    wish = e.wishes[rows]
    overlap = (wish @ m.offers[cols].T).tocsr()
    # Three words of the mentee's wishes in the mentor's competences give full points.
    per_row = 1 / np.clip(np.asarray(wish.sum(1)).ravel(), 1, 3)
    overlap = sparse.csr_matrix(sparse.diags(per_row.astype(np.float32)) @ overlap)
    overlap.data = np.minimum(overlap.data, 1)

    cities = max(len(pool.city_names), 1)
    same_city = (
        _one_hot(e.city[rows], cities, e.formats[rows, IN_PERSON])
        @ _one_hot(m.city[cols], cities, m.formats[cols, IN_PERSON]).T
    )

    key_e, key_m, width = pool.workplaces()
    same_workplace = _one_hot(key_e[rows], width) @ _one_hot(key_m[cols], width).T
    return {
        "expertise": overlap,
        "city": same_city.tocsr(),
        "preferences": _wish_bonus(pool, rows, cols),
        "department": -same_workplace.tocsr(),
    }


def _criteria(pool: Pool, weights: dict[str, int], rows, cols) -> dict[str, np.ndarray]:
    """Each criterion's points for ``rows`` (mentees) × ``cols`` (mentors), one direction.

    Explanations use this; ``_block`` sums the very same terms in one matrix product.
    """
    points = {name: np.zeros((0, 0), dtype=np.float32) for name in CRITERIA}
    for name, (left, right) in _dense_terms(pool, rows, cols).items():
        # In float64, as ``matching.explanations.explain_pairs`` sums them: the same
        # points whichever way a pair is explained.
        points[name] = left.astype(np.float64) @ right.T.astype(np.float64)
    for name, matrix in _sparse_terms(pool, rows, cols).items():
        dense = matrix.toarray()
        points[name] = points[name] + dense if points[name].size else dense
    return {name: weights.get(name, 0) * values for name, values in points.items()}


def _wish_bonus(pool: Pool, rows, cols) -> np.ndarray:
    """Half the weight each for the mentee's and the mentor's wish, divided by the rank."""
    bonus = pool.pair_matrix("mentee_wishes")[rows][:, cols]
    return (bonus + pool.pair_matrix("mentor_wishes")[rows][:, cols]).tocsr()


def forbidden_masks(pool: Pool, rows, cols) -> dict[str, np.ndarray]:
    """Each hard rule's mask of forbidden pairs for ``rows`` × ``cols`` (dense, for the
    few rows an explanation needs)."""
    masks = {"language": _no_language(pool, rows, cols)}
    for rule in ("same_person", "manager", "do_not_match", "previous_partner"):
        masks[rule] = pool.rule_matrix(rule)[rows][:, cols].toarray() > 0
    return masks


def _no_language(pool: Pool, rows, cols) -> np.ndarray:
    """Both stated languages and share none. One product: shared + unknown_e + unknown_m."""
    l_e, l_m = pool.mentees.languages[rows], pool.mentors.languages[cols]
    unknown_e, unknown_m = ~l_e.any(1, keepdims=True), ~l_m.any(1, keepdims=True)
    ones_e, ones_m = np.ones_like(unknown_e), np.ones_like(unknown_m)
    left = _f32(np.hstack([l_e, unknown_e, ones_e]))
    right = _f32(np.hstack([l_m, ones_m, unknown_m]))
    return (left @ right.T) == 0


def _block(pool: Pool, weights: dict[str, int], rows: slice, cols) -> np.ndarray:
    """Total points for a block of rows: one matrix product over all dense terms with the
    weights folded in, plus the sparse terms where they are non-zero."""
    terms = _dense_terms(pool, rows, cols)
    left = np.hstack([weights.get(name, 0) * lr[0] for name, lr in terms.items()])
    right = np.hstack([lr[1] for lr in terms.values()])
    points = left @ right.T
    for name, matrix in _sparse_terms(pool, rows, cols).items():
        found = (weights.get(name, 0) * matrix).tocoo()
        points[found.row, found.col] += found.data
    points[_no_language(pool, rows, cols)] = np.nan
    ruled_out = pool.rule_matrix("any")[rows][:, cols].tocoo()
    points[ruled_out.row, ruled_out.col] = np.nan
    return points


def score_matrix(pool: Pool, weights: dict[str, int], progress=None) -> np.ndarray:
    """Scores of every mentee (rows) against every mentor (columns); nan is forbidden.

    Peer pools are symmetric: the score of a pair is the mean of both directions.
    ``progress(done, total)`` is called after each block of rows.
    """
    n, m = len(pool.mentees), len(pool.mentors)
    scores = np.empty((n, m), dtype=np.float32)
    for start in range(0, n, BLOCK_ROWS):
        rows = slice(start, min(start + BLOCK_ROWS, n))
        scores[rows] = _block(pool, weights, rows, slice(None))
        if progress:
            progress(rows.stop, n)
    if pool.peers:
        scores = (scores + scores.T) / 2  # nan in either direction stays nan
        np.fill_diagonal(scores, np.nan)
    return scores
