"""Reading a programme's unmatched people into the arrays that scoring works on."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import numpy as np
from scipy import sparse

from intake.models import Application
from programs.models import Enrolment, Programme
from relationships.models import MatchMember
from relationships.selectors import free_places

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

    pool = Pool(
        mentees=mentee_side,
        mentors=mentor_side,
        capacities=np.array([capacities[m.pk] for m in mentors], dtype=np.int64),
        peers=peers,
        area_ids=area_ids,
        vocabulary=vocabulary.shown,
        language_codes=languages,
        format_codes=FORMATS,
        availability_codes=TIMES,
        city_names=codes["city"].shown,
    )
    _add_relations(pool, programme, mentees, mentors)
    return pool


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


def _add_relations(pool: Pool, programme, mentees, mentors) -> None:
    """Wishes, do-not-match pairs and former partners, as (row, column) pairs."""
    row_of = {e.pk: k for k, e in enumerate(mentees)}
    col_of = {e.pk: k for k, e in enumerate(mentors)}

    def pairs_of(a: int, b: int) -> list[tuple[int, int]]:
        found = []
        for x, y in ((a, b), (b, a)):
            if x in row_of and y in col_of:
                found.append((row_of[x], col_of[y]))
        return found

    people = list(row_of) + list(col_of)
    for first, second in Exclusion.objects.filter(programme=programme).values_list(
        "first", "second"
    ):
        pool.do_not_match.update(pairs_of(first, second))

    by_match: dict[int, list[int]] = defaultdict(list)
    for match_id, enrolment_id in MatchMember.objects.filter(
        match__programme=programme, current=False, enrolment__in=people
    ).values_list("match", "enrolment"):
        by_match[match_id].append(enrolment_id)
    for members in by_match.values():
        for a, b in combinations(members, 2):
            pool.previous_partners.update(pairs_of(a, b))

    for chooser, chosen, rank in Preference.objects.filter(chooser__in=people).values_list(
        "chooser", "chosen", "rank"
    ):
        if pool.peers:
            if chooser in row_of and chosen in row_of:
                pool.mentee_wishes[(row_of[chooser], row_of[chosen])] = rank
                pool.mentor_wishes[(row_of[chosen], row_of[chooser])] = rank
        elif chooser in row_of and chosen in col_of:
            pool.mentee_wishes[(row_of[chooser], col_of[chosen])] = rank
        elif chooser in col_of and chosen in row_of:
            pool.mentor_wishes[(row_of[chosen], col_of[chooser])] = rank
