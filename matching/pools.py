"""Reading a programme's unmatched people into the arrays that scoring works on."""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
from django.db.models import Q
from scipy import sparse

from intake.models import Application
from programs.models import Enrolment, Programme
from relationships.models import MatchMember
from relationships.selectors import free_places, with_places_taken

from .models import Exclusion, Preference
from .scoring import Pool, Side, keywords
from .selectors import active_mentors, applications_of, unmatched

FORMATS = [code for code, _label in Application.MeetingFormat.choices]
TIMES = [code for code, _label in Application.Availability.choices]
STATEMENTS = [code for code, _label in Application.WorkingStyle.choices]
# Career levels from least to most experienced; a business owner counts as a manager.
CAREER_RANK = {
    "student": 0,
    "early": 1,
    "experienced": 2,
    "manager": 3,
    "entrepreneur": 3,
    "senior": 4,
}


class _Codes(dict):
    """Gives each distinct value a number, shared by both sides of a pool."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []  # each value as first written, by code

    def copy(self) -> _Codes:
        twin = _Codes()
        twin.update(self)
        twin.shown = list(self.shown)
        return twin

    def code(self, value: str) -> int:
        value = (value or "").strip()
        key = value.casefold()
        if not key:
            return -1
        if key not in self:
            self[key] = len(self)
            self.shown.append(value)
        return self[key]


def build_pool(
    programme: Programme,
    *,
    mentees: list[Enrolment] | None = None,
    mentors: list[Enrolment] | None = None,
    capacities: dict[int, int] | None = None,
    applications: dict[int, Application] | None = None,
) -> Pool:
    """A pool of the programme's unmatched people (or the ones given) with their features.

    Mentors come with their free places; a mentor with none is left out. ``applications``
    (``applications_of``, covering everyone in the pool) saves reading them again.
    """
    peers = programme.kind == Programme.Kind.PEER
    if peers:
        mentees = list(mentees if mentees is not None else unmatched(programme, "peer"))
        mentors = mentees
        capacities = {p.pk: 1 for p in mentees}
    else:
        if mentees is None:
            mentees = list(unmatched(programme, Enrolment.Role.MENTEE))
        if mentors is None:
            mentors = list(active_mentors(programme))
        if capacities is None:
            capacities = free_places(mentors)
        mentors = [m for m in mentors if capacities.get(m.pk, 0) > 0]

    people = {e.user_id for e in [*mentees, *mentors]}
    if applications is None:
        applications = applications_of(programme, people)
    # Areas by id: their names are translated, and two areas may share one name.
    areas_of = {app.pk: app.area_ids for app in applications.values()}
    area_ids = sorted({pk for ids in areas_of.values() for pk in ids})
    languages = sorted({code for app in applications.values() for code in app.languages or []})
    codes = {name: _Codes() for name in ("email", "city", "organisation", "department")}
    vocabulary = _Codes()
    mentee_side = _side(
        mentees, applications, areas_of, area_ids, languages, codes, vocabulary, peers
    )
    mentor_side = (
        mentee_side
        if peers
        else _side(mentors, applications, areas_of, area_ids, languages, codes, vocabulary, peers)
    )
    # The vocabulary grew while reading both sides; widen the sparse matrices to it.
    for side in {id(mentee_side): mentee_side, id(mentor_side): mentor_side}.values():
        side.offers.resize((len(side), len(vocabulary)))
        side.wishes.resize((len(side), len(vocabulary)))

    capacities = np.array([capacities[m.pk] for m in mentors], dtype=np.int64)
    pool = _pool(
        mentee_side, mentor_side, capacities, peers, area_ids, languages, codes, vocabulary
    )
    _add_relations(pool, programme, mentees, mentors)
    return pool


def _pool(mentees, mentors, capacities, peers, area_ids, languages, codes, vocabulary) -> Pool:
    return Pool(
        mentees=mentees,
        mentors=mentors,
        capacities=capacities,
        peers=peers,
        area_ids=area_ids,
        vocabulary=vocabulary.shown,
        language_codes=languages,
        format_codes=FORMATS,
        availability_codes=TIMES,
        city_names=codes["city"].shown,
    )


def _side(people, applications, areas_of, area_ids, languages, codes, vocabulary, peers) -> Side:
    n = len(people)
    area_at = {pk: k for k, pk in enumerate(area_ids)}
    language_at = {code: k for k, code in enumerate(languages)}
    areas = np.zeros((n, len(area_ids)), dtype=bool)
    langs = np.zeros((n, len(languages)), dtype=bool)
    formats = np.zeros((n, len(FORMATS)), dtype=bool)
    times = np.zeros((n, len(TIMES)), dtype=bool)
    style = np.full((n, len(STATEMENTS)), np.nan, dtype=np.float32)
    ints = {k: np.full(n, -1, dtype=np.int64) for k in ("email", "manager", "city", "career")}
    ints |= {k: np.full(n, -1, dtype=np.int64) for k in ("organisation", "department")}
    offers: list[tuple[int, int]] = []
    wishes: list[tuple[int, int]] = []
    for row, enrolment in enumerate(people):
        ints["email"][row] = codes["email"].code(enrolment.user.email)
        app = applications.get(enrolment.user_id)
        if app is None:
            continue  # imported without an application: nothing to compare but the rules
        ints["manager"][row] = codes["email"].code(app.manager_email)
        ints["city"][row] = codes["city"].code(app.city)
        ints["career"][row] = CAREER_RANK.get(app.career_level, -1)
        ints["organisation"][row] = codes["organisation"].code(app.organisation)
        if app.department:
            ints["department"][row] = codes["department"].code(
                f"{app.organisation}\x00{app.department}"
            )
        for area_id in areas_of.get(app.pk, ()):
            areas[row, area_at[area_id]] = True
        for code in app.languages or []:
            langs[row, language_at[code]] = True
        for k, code in enumerate(FORMATS):
            formats[row, k] = code in (app.meeting_formats or [])
        for k, code in enumerate(TIMES):
            times[row, k] = code in (app.availability or [])
        for k, code in enumerate(STATEMENTS):
            value = (app.working_style or {}).get(code)
            if isinstance(value, int) and 1 <= value <= 5:
                style[row, k] = value
        if enrolment.role == Enrolment.Role.MENTEE:
            offered, wanted = app.expertise, f"{app.expertise} {app.goals}"
        elif peers:
            offered, wanted = app.expertise, app.goals
        else:
            offered, wanted = f"{app.expertise} {app.about_me}", app.goals
        offers += [(row, vocabulary.code(w)) for w in keywords(offered)]
        wishes += [(row, vocabulary.code(w)) for w in keywords(wanted)]
    return Side(
        enrolments=list(people),
        users=np.array([e.user_id for e in people], dtype=np.int64),
        emails=ints["email"],
        managers=ints["manager"],
        areas=areas,
        offers=_incidence(offers, n, len(vocabulary)),
        wishes=_incidence(wishes, n, len(vocabulary)),
        languages=langs,
        formats=formats,
        city=ints["city"],
        career=ints["career"],
        availability=times,
        style=style,
        organisation=ints["organisation"],
        department=ints["department"],
    )


def _incidence(pairs: list[tuple[int, int]], n: int, width: int) -> sparse.csr_matrix:
    rows = [r for r, _c in pairs]
    cols = [c for _r, c in pairs]
    return sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.float32), (rows, cols)), shape=(n, max(width, 1))
    )


def _add_relations(pool: Pool, programme, mentees, mentors, *, around=None) -> None:
    """Wishes, do-not-match pairs and former partners, as (row, column) pairs.

    ``around`` (enrolment ids) reads only the relations that involve those people — one
    mentee's, when the rest of the pool does not matter."""
    row_of = {e.pk: k for k, e in enumerate(mentees)}
    col_of = {e.pk: k for k, e in enumerate(mentors)}

    def pairs_of(a: int, b: int) -> list[tuple[int, int]]:
        found = []
        for x, y in ((a, b), (b, a)):
            if x in row_of and y in col_of:
                found.append((row_of[x], col_of[y]))
        return found

    people = list(row_of) + list(col_of) if around is None else list(around)
    exclusions = Exclusion.objects.filter(programme=programme)
    if around is not None:
        exclusions = exclusions.filter(Q(first__in=people) | Q(second__in=people))
    for first, second in exclusions.values_list("first", "second"):
        pool.do_not_match.update(pairs_of(first, second))

    former = MatchMember.objects.filter(match__programme=programme, current=False)
    if around is None:
        former = former.filter(enrolment__in=people)
    else:  # everyone who shared an ended match with them
        theirs = MatchMember.objects.filter(enrolment__in=people, current=False)
        former = former.filter(match__in=theirs.order_by().values("match"))
    by_match: dict[int, list[int]] = defaultdict(list)
    for match_id, enrolment_id in former.order_by().values_list("match", "enrolment"):
        by_match[match_id].append(enrolment_id)
    for members in by_match.values():
        for a, b in combinations(members, 2):
            pool.previous_partners.update(pairs_of(a, b))

    wishes = Preference.objects.filter(chooser__in=people)
    if around is not None:
        wishes = Preference.objects.filter(Q(chooser__in=people) | Q(chosen__in=people))
    for chooser, chosen, rank in wishes.values_list("chooser", "chosen", "rank"):
        if pool.peers:
            if chooser in row_of and chosen in row_of:
                pool.mentee_wishes[(row_of[chooser], row_of[chosen])] = rank
                pool.mentor_wishes[(row_of[chosen], row_of[chooser])] = rank
        elif chooser in row_of and chosen in col_of:
            pool.mentee_wishes[(row_of[chooser], col_of[chosen])] = rank
        elif chooser in col_of and chosen in row_of:
            pool.mentor_wishes[(row_of[chosen], col_of[chooser])] = rank


# --- One mentee against every mentor, the mentors' half kept between requests -----------


@dataclass
class _MentorHalf:
    """The mentors' side of a programme's pool, with what reading it gave names to."""

    key: tuple
    mentors: list[Enrolment]  # the free ones, in the pool's column order
    applications: dict[int, Application]
    side: Side
    capacities: np.ndarray
    area_ids: list[int]
    languages: list[str]
    codes: dict[str, _Codes]
    vocabulary: _Codes


_HALVES: OrderedDict[int, _MentorHalf] = OrderedDict()  # by programme, this process only
_HALVES_KEPT = 32
_HALVES_LOCK = threading.Lock()


def forget_mentor_halves() -> None:
    """Empty this process's store (tests that reuse ids between databases)."""
    with _HALVES_LOCK:
        _HALVES.clear()


def _mentor_half_key(programme: Programme) -> tuple:
    """Everything the mentors' half is read from, in three small reads of a few columns.

    The mentors (who, their room and the places taken, the names and e-mail addresses),
    their applications (each save moves ``updated_at``; areas change with a save) and the
    programme's areas. Any change among them reads the half again."""
    mentors = with_places_taken(active_mentors(programme)).values_list(
        "pk", "user_id", "capacity", "places_taken", "user__email", "user__display_name"
    )
    applications = (
        Application.objects.filter(
            programme=programme, user_id__in=active_mentors(programme).values("user_id")
        )
        .exclude(status=Application.Status.DRAFT)
        .order_by("pk")
        .values_list("pk", "user_id", "status", "updated_at")
    )
    areas = programme.areas.order_by().values_list("pk", "name", "position")
    return (programme.pk, tuple(mentors), tuple(applications), tuple(sorted(areas)))


def _mentor_half(programme: Programme) -> _MentorHalf:
    key = _mentor_half_key(programme)
    with _HALVES_LOCK:
        half = _HALVES.get(programme.pk)
        if half is not None and half.key == key:
            _HALVES.move_to_end(programme.pk)
            return half
    mentors = list(active_mentors(programme))
    capacities = free_places(mentors)
    mentors = [m for m in mentors if capacities.get(m.pk, 0) > 0]
    applications = applications_of(programme, {m.user_id for m in mentors})
    areas_of = {app.pk: app.area_ids for app in applications.values()}
    area_ids = sorted({pk for ids in areas_of.values() for pk in ids})
    languages = sorted({code for app in applications.values() for code in app.languages or []})
    codes = {name: _Codes() for name in ("email", "city", "organisation", "department")}
    vocabulary = _Codes()
    side = _side(mentors, applications, areas_of, area_ids, languages, codes, vocabulary, False)
    half = _MentorHalf(
        key=key,
        mentors=mentors,
        applications=applications,
        side=side,
        capacities=np.array([capacities[m.pk] for m in mentors], dtype=np.int64),
        area_ids=area_ids,
        languages=languages,
        codes=codes,
        vocabulary=vocabulary,
    )
    with _HALVES_LOCK:
        _HALVES[programme.pk] = half
        _HALVES.move_to_end(programme.pk)
        while len(_HALVES) > _HALVES_KEPT:
            _HALVES.popitem(last=False)
    return half


def _widen(columns: np.ndarray, had: list, has: list) -> np.ndarray:
    """``columns`` (one per item of ``had``) placed among the columns of ``has``, False
    elsewhere: the mentors said nothing about what only the mentee named."""
    if had == has:
        return columns
    wide = np.zeros((columns.shape[0], len(has)), dtype=columns.dtype)
    at = {item: k for k, item in enumerate(has)}
    wide[:, [at[item] for item in had]] = columns
    return wide


def mentee_pool(programme: Programme, mentee: Enrolment) -> tuple[Pool, dict[int, Application]]:
    """One mentee against the programme's free mentors, and everyone's applications.

    The same pool as ``build_pool(programme, mentees=[mentee])`` (a test holds them
    equal), but the mentors' half is read once and kept in this process until something
    it was read from changes; only the mentee's row and relations are read per call."""
    half = _mentor_half(programme)
    applications = dict(half.applications)
    applications.update(applications_of(programme, {mentee.user_id}))
    mine = applications.get(mentee.user_id)
    area_ids = sorted({*half.area_ids, *(mine.area_ids if mine else ())})
    languages = sorted({*half.languages, *((mine.languages or []) if mine else ())})
    codes = {name: found.copy() for name, found in half.codes.items()}
    vocabulary = half.vocabulary.copy()
    areas_of = {mine.pk: mine.area_ids} if mine else {}
    mentee_side = _side(
        [mentee], applications, areas_of, area_ids, languages, codes, vocabulary, False
    )
    offers, wishes = half.side.offers.copy(), half.side.wishes.copy()
    for matrix in (offers, wishes, mentee_side.offers, mentee_side.wishes):
        matrix.resize((matrix.shape[0], max(len(vocabulary), 1)))
    mentor_side = replace(
        half.side,
        areas=_widen(half.side.areas, half.area_ids, area_ids),
        languages=_widen(half.side.languages, half.languages, languages),
        offers=offers,
        wishes=wishes,
    )
    capacities = half.capacities.copy()
    pool = _pool(
        mentee_side, mentor_side, capacities, False, area_ids, languages, codes, vocabulary
    )
    _add_relations(pool, programme, [mentee], half.mentors, around=[mentee.pk])
    return pool, applications
