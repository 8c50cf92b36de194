"""Why two people score what they score: the points of each criterion, for one pair or many.

``explain_pairs`` explains a whole round, or a whole page of mentors, at once: it takes the
criterion features of ``matching.scoring`` for the k pairs asked about and combines them
pair by pair with array operations (k × features), instead of slicing a pool k times.
``explain`` is the one-pair reference: it runs the criterion functions of the score matrix
itself on a 1 × 1 slice. The tests hold the two equal, item for item.

Explanations are data (criterion, points, details). Details hold ids and codes — area ids,
language, format and time codes, numbers — never words in the language of whoever ran the
round; ``matching.reasons`` puts them into words in the reader's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .scoring import CRITERIA, IN_PERSON, Pool, _criteria, _dense_terms, forbidden_masks


@dataclass
class Explanation:
    score: float | None  # None when a hard rule forbids the pair
    items: list[dict]  # {"criterion", "points", "details"}
    excluded: list[str]  # hard rules broken

    def as_json(self) -> list[dict]:
        return [*self.items, *({"criterion": "excluded", "rule": r} for r in self.excluded)]


def explain(pool: Pool, weights: dict[str, int], i: int, j: int) -> Explanation:
    """Why mentee ``i`` and mentor ``j`` (or peers i and j) score what they score."""
    directions = [(i, j), (j, i)] if pool.peers else [(i, j)]
    points = {name: 0.0 for name in CRITERIA}
    excluded: list[str] = []
    for a, b in directions:
        for name, value in _criteria(pool, weights, [a], [b]).items():
            points[name] += float(value[0, 0]) / len(directions)
        for rule, mask in forbidden_masks(pool, [a], [b]).items():
            if mask[0, 0] and rule not in excluded:
                excluded.append(rule)
    items = [
        {"criterion": name, "points": round(points[name], 1), "details": _details(pool, name, i, j)}
        for name in CRITERIA
        if weights.get(name)
    ]
    if not excluded and pool.mentees.languages[i].any() and pool.mentors.languages[j].any():
        shared = pool.mentees.languages[i] & pool.mentors.languages[j]
        items.insert(
            0,
            {"criterion": "language", "points": 0, "details": _codes(pool.language_codes, shared)},
        )
    total = None if excluded else round(sum(points[n] for n in CRITERIA if weights.get(n)), 1)
    return Explanation(score=total, items=items, excluded=excluded)


def _codes(codes: list, mask: np.ndarray) -> list:
    return [codes[k] for k in np.flatnonzero(mask)]


def _details(pool: Pool, name: str, i: int, j: int) -> dict | list:
    """What the reason names: the shared areas, the matching words, the rank of a wish…"""
    e, m = pool.mentees, pool.mentors
    if name == "areas":
        return _codes(pool.area_ids, e.areas[i] & m.areas[j])
    if name == "expertise":
        common = e.wishes[i].multiply(m.offers[j])
        if pool.peers:
            common = common + e.wishes[j].multiply(m.offers[i])
        return sorted(pool.vocabulary[k] for k in common.nonzero()[1])[:6]
    if name == "formats":
        return _codes(pool.format_codes, e.formats[i] & m.formats[j])
    if name == "city":
        both = e.formats[i, IN_PERSON] and m.formats[j, IN_PERSON]
        same = both and e.city[i] >= 0 and e.city[i] == m.city[j]
        return {"in_person": bool(both), "city": pool.city_names[e.city[i]] if same else ""}
    if name == "career":
        known = e.career[i] >= 0 and m.career[j] >= 0
        return {"gap": int(m.career[j] - e.career[i]) if known else None, "peers": pool.peers}
    if name == "availability":
        return _codes(pool.availability_codes, e.availability[i] & m.availability[j])
    if name == "preferences":
        return {
            "mentee": pool.mentee_wishes.get((i, j)),
            "mentor": pool.mentor_wishes.get((i, j)),
            "peers": pool.peers,
        }
    if name == "style":
        a, b = e.style[i], m.style[j]
        both = ~np.isnan(a) & ~np.isnan(b)
        if not both.any():
            return {"percent": None}
        alike = (1 - np.abs(a - b)[both] / 4).sum() / len(a)
        return {"percent": round(100 * float(alike))}
    if name == "department":
        key_e, key_m, _width = pool.workplaces()
        if key_e[i] < 0 or key_m[j] < 0:
            return {"known": False}
        return {
            "known": True,
            "same": bool(key_e[i] == key_m[j]),
            "departments": bool(e.department[i] >= 0 and m.department[j] >= 0),
        }
    return {}


# -- many pairs at once ----------------------------------------------------------------------


def explain_pairs(
    pool: Pool, weights: dict[str, int], pairs: Sequence[tuple[int, int]]
) -> list[Explanation]:
    """``explain`` for each (mentee row, mentor column) pair of ``pairs``, in one pass.

    The cost is a few array operations over the k pairs plus one small dict per reason:
    a round's 1,500 suggestions, or a page of mentors, take milliseconds.
    """
    if not len(pairs):
        return []
    rows = np.fromiter((i for i, _j in pairs), dtype=np.intp, count=len(pairs))
    cols = np.fromiter((j for _i, j in pairs), dtype=np.intp, count=len(pairs))
    directions = [(rows, cols), (cols, rows)] if pool.peers else [(rows, cols)]
    scored = [name for name in CRITERIA if weights.get(name)]
    points = {name: np.zeros(len(rows)) for name in scored}
    broken: dict[str, np.ndarray] = {}
    for a, b in directions:
        raw = _pair_points(pool, a, b)
        for name in scored:
            points[name] += (weights[name] * raw[name]) / len(directions)
        for rule, mask in forbidden_pairs(pool, a, b).items():
            broken[rule] = broken[rule] | mask if rule in broken else mask
    details = {name: _pair_details(pool, name, rows, cols) for name in scored}
    spoken = _pair_languages(pool, rows, cols)
    per_name = {name: points[name].tolist() for name in scored}
    broken_lists = {rule: mask.tolist() for rule, mask in broken.items()}

    found = []
    for k in range(len(rows)):
        excluded = [rule for rule, mask in broken_lists.items() if mask[k]]
        items = [
            {"criterion": name, "points": round(per_name[name][k], 1), "details": details[name][k]}
            for name in scored
        ]
        if not excluded and spoken[k] is not None:
            items.insert(0, {"criterion": "language", "points": 0, "details": spoken[k]})
        total = None if excluded else round(sum(per_name[name][k] for name in scored), 1)
        found.append(Explanation(score=total, items=items, excluded=excluded))
    return found


def _pair_points(pool: Pool, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """Each criterion's unweighted points for the pairs (a[k], b[k]), one direction.

    The dense criteria are the row-wise products of ``scoring._dense_terms``; the sparse ones
    read the same facts ``scoring._sparse_terms`` puts into matrices.
    """
    e, m = pool.mentees, pool.mentors
    points = {
        name: np.einsum("ij,ij->i", left.astype(np.float64), right.astype(np.float64))
        for name, (left, right) in _dense_terms(pool, a, b).items()
    }
    wish = e.wishes[a]
    shared_words = np.asarray(wish.multiply(m.offers[b]).sum(1), dtype=np.float32).ravel()
    # As in scoring: three words of the mentee's wishes in the mentor's competences give
    # full points (the same float32 operations, so the same numbers).
    per_row = (1 / np.clip(np.asarray(wish.sum(1)).ravel(), 1, 3)).astype(np.float32)
    points["expertise"] = np.minimum(per_row * shared_words, 1)
    in_person = e.formats[a, IN_PERSON] & m.formats[b, IN_PERSON]
    points["city"] = _f64(in_person & (e.city[a] >= 0) & (e.city[a] == m.city[b]))
    points["preferences"] = _at(pool.pair_matrix("mentee_wishes"), a, b) + _at(
        pool.pair_matrix("mentor_wishes"), a, b
    )
    key_e, key_m, _width = pool.workplaces()
    points["department"] = points["department"] - _f64((key_e[a] >= 0) & (key_e[a] == key_m[b]))
    return points


def forbidden_pairs(pool: Pool, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """Each hard rule's verdict on the pairs (a[k], b[k]), in ``forbidden_masks``' order."""
    l_e, l_m = pool.mentees.languages[a], pool.mentors.languages[b]
    masks = {"language": l_e.any(1) & l_m.any(1) & ~(l_e & l_m).any(1)}
    for rule in ("same_person", "manager", "do_not_match", "previous_partner"):
        masks[rule] = _at(pool.rule_matrix(rule), a, b) > 0
    return masks


def _pair_languages(pool: Pool, rows: np.ndarray, cols: np.ndarray) -> list[list[str] | None]:
    """The shared language codes of each pair, None where either stated no language."""
    l_e, l_m = pool.mentees.languages[rows], pool.mentors.languages[cols]
    stated = (l_e.any(1) & l_m.any(1)).tolist()
    return [
        _codes(pool.language_codes, shared) if ok else None
        for shared, ok in zip(l_e & l_m, stated, strict=True)
    ]


def _pair_details(pool: Pool, name: str, rows: np.ndarray, cols: np.ndarray) -> list:
    """``_details`` of criterion ``name`` for every pair (rows[k], cols[k])."""
    e, m = pool.mentees, pool.mentors
    k = len(rows)
    if name == "areas":
        return _codes_per_pair(pool.area_ids, e.areas[rows] & m.areas[cols])
    if name == "formats":
        return _codes_per_pair(pool.format_codes, e.formats[rows] & m.formats[cols])
    if name == "availability":
        return _codes_per_pair(pool.availability_codes, e.availability[rows] & m.availability[cols])
    if name == "expertise":
        common = e.wishes[rows].multiply(m.offers[cols]).tocsr()
        if pool.peers:
            common = (common + e.wishes[cols].multiply(m.offers[rows])).tocsr()
        common.eliminate_zeros()
        words, starts = common.indices.tolist(), common.indptr.tolist()
        return [
            sorted(pool.vocabulary[w] for w in words[starts[p] : starts[p + 1]])[:6]
            for p in range(k)
        ]
    if name == "city":
        both = (e.formats[rows, IN_PERSON] & m.formats[cols, IN_PERSON]).tolist()
        city = e.city[rows]
        same = ((city >= 0) & (city == m.city[cols])).tolist()
        return [
            {"in_person": both[p], "city": pool.city_names[city[p]] if both[p] and same[p] else ""}
            for p in range(k)
        ]
    if name == "career":
        gap = (m.career[cols] - e.career[rows]).tolist()
        known = ((e.career[rows] >= 0) & (m.career[cols] >= 0)).tolist()
        return [{"gap": gap[p] if known[p] else None, "peers": pool.peers} for p in range(k)]
    if name == "preferences":
        pairs = list(zip(rows.tolist(), cols.tolist(), strict=True))
        return [
            {
                "mentee": pool.mentee_wishes.get(pair),
                "mentor": pool.mentor_wishes.get(pair),
                "peers": pool.peers,
            }
            for pair in pairs
        ]
    if name == "style":
        a, b = e.style[rows], m.style[cols]
        both = ~np.isnan(a) & ~np.isnan(b)
        alike = np.where(both, 1 - np.abs(a - b) / 4, 0).astype(np.float32).sum(1) / a.shape[1]
        answered = both.any(1).tolist()
        return [
            {"percent": round(100 * float(alike[p])) if answered[p] else None} for p in range(k)
        ]
    if name == "department":
        key_e, key_m, _width = pool.workplaces()
        known = ((key_e[rows] >= 0) & (key_m[cols] >= 0)).tolist()
        same = (key_e[rows] == key_m[cols]).tolist()
        departments = ((e.department[rows] >= 0) & (m.department[cols] >= 0)).tolist()
        return [
            {"known": True, "same": same[p], "departments": departments[p]}
            if known[p]
            else {"known": False}
            for p in range(k)
        ]
    return [{} for _p in range(k)]


def _codes_per_pair(codes: list, masks: np.ndarray) -> list[list]:
    chosen = np.asarray(codes, dtype=object) if len(codes) else np.empty(0, dtype=object)
    return [chosen[mask].tolist() for mask in masks]


def _at(matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The entries (a[k], b[k]) of a sparse matrix, as a float64 vector."""
    return np.asarray(matrix[a, b], dtype=np.float64).ravel()


def _f64(mask: np.ndarray) -> np.ndarray:
    return mask.astype(np.float64)
