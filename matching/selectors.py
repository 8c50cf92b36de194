"""Reads for matching, with the access rules: mentees' requests, wishes, the review page.

A request is seen by the mentee who made it and, once it has gone out, by the mentor it
is addressed to; a waiting request is the mentee's own business until its turn comes.
A participant's wishes are their own; nobody on the other side learns who wished for them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from accounts.models import User
from intake.models import Application
from programs.models import LANGUAGE_CHOICES, Enrolment, Programme
from relationships.selectors import (
    free_places,
    has_room,
    with_room_left,
    without_current_match,
)

from .models import (
    MatchRequest,
    Preference,
    settings_for,
)
from .reasons import describe_all


# --- People of a programme, for pools and pages ---------------------------------------
def active_mentors(programme: Programme):
    """The programme's active mentors, full or not, in a stable order."""
    return (
        Enrolment.objects.filter(
            programme=programme, role=Enrolment.Role.MENTOR, status=Enrolment.Status.ACTIVE
        )
        .select_related("user")
        .order_by("pk")
    )


def unmatched(programme: Programme, role: str):
    """Active people in ``role`` without a current match in the programme."""
    active = Enrolment.objects.filter(
        programme=programme, role=role, status=Enrolment.Status.ACTIVE
    )
    return without_current_match(active).select_related("user").order_by("pk")


def applications_of(programme: Programme, users: set[int]) -> dict[int, Application]:
    """Each person's application to the programme (the accepted one first), each with
    ``area_ids`` and ``area_names``: its areas in the programme's order (pools and stored
    explanations keep the ids; pages show the names, in the reader's language).

    The areas come from two small reads (the programme's areas, the links' ids) rather than
    a prefetch, which built a related manager and model rows for every application.
    """
    found: dict[int, Application] = {}
    rows = (
        Application.objects.filter(programme=programme, user_id__in=users)
        .exclude(status=Application.Status.DRAFT)
        .order_by("user_id", "status")
    )
    for app in rows:
        if app.user_id not in found or app.status == Application.Status.ACCEPTED:
            found[app.user_id] = app
    areas = list(programme.areas.all())  # the programme's order
    place = {area.pk: k for k, area in enumerate(areas)}
    chosen: dict[int, list[int]] = {app.pk: [] for app in found.values()}
    links = Application.areas.through.objects.filter(application_id__in=list(chosen))
    for application_id, area_id in links.values_list("application_id", "area_id"):
        if area_id in place:
            chosen[application_id].append(place[area_id])
    for app in found.values():
        app.area_ids = [areas[k].pk for k in sorted(chosen[app.pk])]
        app.area_names = [areas[k].name for k in sorted(chosen[app.pk])]
    return found


@dataclass
class Profile:
    """What one participant may learn about another before they are matched: never
    e-mail addresses, managers or answers meant only for the coordinators."""

    name: str
    role: str = ""  # what the competences mean: offered (mentor) or wished for (mentee)
    organisation: str = ""
    city: str = ""
    areas: list[str] = field(default_factory=list)
    competences: str = ""
    goals: str = ""  # a mentee's goals and expectations, for the mentor they ask
    languages: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    about: str = ""


@dataclass
class MentorChoice:
    enrolment: Enrolment
    profile: Profile
    score: float
    reasons: list[str]  # the explanation in words, in the active language
    free_places: int
    request: MatchRequest | None = None  # the mentee's earlier request to this mentor


def _profile(
    enrolment: Enrolment, application: Application | None, names: dict[int, str] | None = None
) -> Profile:
    """``names`` (area id → name, now) for applications read in another language."""
    profile = Profile(name=enrolment.user.public_name, role=enrolment.role)
    if application is None:
        return profile
    languages = dict(LANGUAGE_CHOICES)
    formats = dict(Application.MeetingFormat.choices)
    profile.organisation = application.organisation
    profile.city = application.city
    if names is None:
        profile.areas = list(application.area_names)
    else:
        profile.areas = [names[pk] for pk in application.area_ids if pk in names]
    profile.competences = application.expertise
    profile.languages = [gettext(languages.get(c, c)) for c in application.languages or []]
    profile.formats = [str(formats.get(c, c)) for c in application.meeting_formats or []]
    return profile


class MentorRanking(Sequence):
    """The mentors a mentee may ask, best score first, as a sequence a paginator can cut.

    Every mentor is scored at once (one matrix); the words — profile and reasons — are
    made only for the mentors of the slice asked for, i.e. for the page shown.
    """

    def __init__(self, mentee: Enrolment, mentors: list[Enrolment] | None = None) -> None:
        # The numeric libraries load here, not when Django starts (see benchmarks/startup.py).
        from .pools import build_pool, mentee_pool
        from .scoring import score_matrix

        programme = mentee.programme
        self.mentee = mentee
        if mentors is None:  # all of them: their half of the pool is kept between pages
            self.pool, self.applications = mentee_pool(programme, mentee)
        else:  # read once: the pool compares them, the page shows them
            self.applications = applications_of(programme, {m.user_id for m in [mentee, *mentors]})
            self.pool = build_pool(  # drops full mentors
                programme, mentees=[mentee], mentors=mentors, applications=self.applications
            )
        self.pool.mentor_wishes.clear()  # what mentors wished for is for coordinators only
        self.weights = settings_for(programme).weights()
        scores = score_matrix(self.pool, self.weights)[0]
        candidates = self.pool.mentors.enrolments
        # A hard rule keeps the nan ones apart; which one stays unsaid.
        self.columns = sorted(
            (j for j in range(len(candidates)) if not math.isnan(scores[j])),
            key=lambda j: (
                -round(float(scores[j]), 1),
                candidates[j].user.public_name.casefold(),
                candidates[j].pk,
            ),
        )

    def __len__(self) -> int:
        return len(self.columns)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._choices(self.columns[index])
        return self._choices([self.columns[index]])[0]

    def _choices(self, columns: list[int]) -> list[MentorChoice]:
        from .explanations import explain_pairs

        pool, weights = self.pool, self.weights
        mentors = [pool.mentors.enrolments[j] for j in columns]
        asked = {
            r.mentor_id: r
            for r in MatchRequest.objects.filter(mentee=self.mentee, mentor__in=mentors)
        }
        # Kept mentors' applications may have named their areas in another language.
        names = {area.pk: area.name for area in self.mentee.programme.areas.all()}
        # The page's explanations at once, and their words in one go (areas: one query).
        explanations = explain_pairs(pool, weights, [(0, j) for j in columns])
        worded = describe_all(
            [item for item in why.items if item["criterion"] == "language" or item["points"] > 0]
            for why in explanations
        )
        return [
            MentorChoice(
                enrolment=mentor,
                profile=_profile(mentor, self.applications.get(mentor.user_id), names),
                score=why.score,
                reasons=reasons,
                free_places=int(pool.capacities[j]),
                request=asked.get(mentor.pk),
            )
            for j, mentor, why, reasons in zip(columns, mentors, explanations, worded, strict=True)
        ]


def mentor_choices(mentee: Enrolment, mentors: list[Enrolment] | None = None) -> list[MentorChoice]:
    """Every mentor this mentee may ask, best score first, each with the reasons in words.

    Eligible: active mentors of the programme with a free place whom no hard rule keeps
    from the mentee. ``mentors`` narrows the choice (e.g. to one). Pages show a
    ``MentorRanking`` page by page instead.
    """
    return MentorRanking(mentee, mentors)[:]


# --- Who may see what --------------------------------------------------------------------


# Mentees send and mentors answer requests while the programme matches or runs.
REQUEST_STATUSES = (Programme.Status.MATCHING, Programme.Status.RUNNING)


def takes_requests(programme: Programme) -> bool:
    """Mentees choose their mentors here, and matching is under way now (the services say
    in words why not: ``services.requests.check_programme_takes_requests``)."""
    return (
        programme.matching_mode == Programme.MatchingMode.MENTEE_REQUESTS
        and programme.status in REQUEST_STATUSES
    )


def may_find_mentor(enrolment: Enrolment, *, taken: int | None = None) -> bool:
    """An active mentee without a relationship, where mentees choose a mentor, now.

    ``taken`` (``relationships.selectors.places_taken``) may come from a prefetch."""
    return (
        takes_requests(enrolment.programme)
        and enrolment.role == Enrolment.Role.MENTEE
        and enrolment.status == Enrolment.Status.ACTIVE
        and has_room(enrolment, taken)
    )


def mentee_enrolments_for_requests(user: User) -> QuerySet[Enrolment]:
    """The person's active mentee places in programmes where mentees choose a mentor."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(
            user=user,
            role=Enrolment.Role.MENTEE,
            status=Enrolment.Status.ACTIVE,
            programme__matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
        )
        .select_related("user", "programme")
        .order_by("programme__name")
    )


def get_mentee_enrolment_for_user(user: User, slug: str) -> Enrolment:
    """The person's mentee place in the programme, or 404 (not theirs, not request mode)."""
    return get_object_or_404(mentee_enrolments_for_requests(user), programme__slug=slug)


def get_mentor_for_mentee(mentee: Enrolment, pk: int) -> Enrolment:
    """An active mentor of the mentee's programme, or 404 — never someone else's place."""
    mentors = Enrolment.objects.filter(
        programme_id=mentee.programme_id,
        role=Enrolment.Role.MENTOR,
        status=Enrolment.Status.ACTIVE,
    ).select_related("user")
    return get_object_or_404(mentors, pk=pk)


def requests_for_user(user: User) -> QuerySet[MatchRequest]:
    """Requests the person made, and those addressed to them that have gone out."""
    if not user.is_authenticated:
        return MatchRequest.objects.none()
    return MatchRequest.objects.filter(
        Q(mentee__user=user) | (Q(mentor__user=user) & Q(sent_at__isnull=False))
    ).select_related("programme", "mentee__user", "mentor__user", "match")


def get_request_for_user(user: User, pk: int) -> MatchRequest:
    return get_object_or_404(requests_for_user(user), pk=pk)


def requests_made_by(user: User) -> QuerySet[MatchRequest]:
    return requests_for_user(user).filter(mentee__user=user).order_by("programme__name", "rank")


def requests_received_by(user: User) -> QuerySet[MatchRequest]:
    """Requests to the person as a mentor: open ones first, soonest deadline first."""
    received = requests_for_user(user).filter(mentor__user=user)
    open_first = Case(When(status=MatchRequest.Status.OPEN, then=0), default=1)
    return received.order_by(open_first, "expires_at", "-sent_at")


def receives_requests(user: User) -> bool:
    """The person is a mentor where mentees request their mentor (now or earlier)."""
    return Enrolment.objects.filter(
        user=user,
        role=Enrolment.Role.MENTOR,
        programme__matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
    ).exists()


def free_places_of(user: User) -> dict[int, int]:
    """Free places per mentor enrolment of the person (for "you are full" notices)."""
    return free_places(
        Enrolment.objects.filter(user=user, role=Enrolment.Role.MENTOR).only("pk", "capacity")
    )


def mentee_profile(match_request: MatchRequest) -> Profile:
    """What the addressed mentor may learn about the mentee: what they shared on applying
    (what the introduction e-mail would show, plus areas, competences, languages and
    formats)."""
    mentee = match_request.mentee
    application = applications_of(match_request.programme, {mentee.user_id}).get(mentee.user_id)
    profile = _profile(mentee, application)
    profile.about = application.about_me if application else ""
    profile.goals = application.goals if application else ""
    return profile


def pending_count(mentee: Enrolment) -> int:
    return mentee.requests_made.filter(
        status__in=[MatchRequest.Status.WAITING, MatchRequest.Status.OPEN]
    ).count()


# --- Wishes: whom a participant may wish for, and what they wished ----------------------
# Programmes whose matching takes wishes; in request mode mentees ask mentors directly.
WISH_MODES = (Programme.MatchingMode.COORDINATOR, Programme.MatchingMode.PEER_POOL)
WANTED_ROLE = {
    Enrolment.Role.MENTEE: Enrolment.Role.MENTOR,
    Enrolment.Role.MENTOR: Enrolment.Role.MENTEE,
    Enrolment.Role.PEER: Enrolment.Role.PEER,
}
# Whole sentences per role, so that each translates naturally.
CHOOSE_AMONG = {
    Enrolment.Role.MENTEE: gettext_lazy(
        "Choose among the programme's mentors who still have a free place."
    ),
    Enrolment.Role.MENTOR: gettext_lazy(
        "Choose among the programme's mentees who have not been matched yet."
    ),
    Enrolment.Role.PEER: gettext_lazy(
        "Choose among the other peers in the programme who have not been matched yet."
    ),
}


def get_wish_enrolment_for_user(user: User, slug: str) -> Enrolment:
    """The person's active place in a programme that takes wishes; 404 for anyone else."""
    return get_object_or_404(
        Enrolment.objects.select_related("programme", "user"),
        user=user,
        programme__slug=slug,
        programme__matching_mode__in=WISH_MODES,
        status=Enrolment.Status.ACTIVE,
    )


def wishes_refusal(chooser: Enrolment, *, taken: int | None = None) -> str | None:
    """Why ``chooser`` cannot give wishes now, or None if they can.

    ``taken`` (``relationships.selectors.places_taken``) may be passed by pages that have
    prefetched it.
    """
    programme = chooser.programme
    if programme.status != Programme.Status.MATCHING:
        return _(
            "You can give your wishes while matching is under way. "
            "The programme is now at the stage “%(status)s”."
        ) % {"status": programme.get_status_display()}
    if not has_room(chooser, taken):
        return _("You have been matched already, so there are no wishes to give.")
    return None


def wishes_available(enrolment: Enrolment, *, taken: int) -> bool:
    """Whether to offer the wishes page to this enrolment (for lists such as My programmes)."""
    return (
        enrolment.programme.matching_mode in WISH_MODES
        and enrolment.status == Enrolment.Status.ACTIVE
        and wishes_refusal(enrolment, taken=taken) is None
    )


def wish_candidates(chooser: Enrolment) -> QuerySet[Enrolment]:
    """Whom ``chooser`` may wish for: active people of the other side (or other peers) who
    are still free — mentors with a free place, mentees and peers without a current match."""
    wanted = WANTED_ROLE[chooser.role]
    candidates = Enrolment.objects.filter(
        programme_id=chooser.programme_id, role=wanted, status=Enrolment.Status.ACTIVE
    ).exclude(pk=chooser.pk)
    # A mentor with places left is still worth wishing for, even with one mentee.
    return with_room_left(candidates).select_related("user").order_by("user__display_name", "pk")


@dataclass(frozen=True)
class Candidate:
    """What a participant may see of another: nothing private (no e-mail addresses, no
    manager, no goals), only what helps to choose."""

    enrolment: Enrolment
    name: str
    organisation: str
    city: str
    areas: tuple[str, ...]
    competences: str

    @property
    def pk(self) -> int:
        return self.enrolment.pk


def search_candidates(chooser: Enrolment, search: str = "") -> QuerySet[Enrolment]:
    """``wish_candidates`` whose name, organisation, city or area contains ``search``.

    The application side is an ``Exists()``, so a person with several matching areas is
    still one row and the page needs no ``distinct()``.
    """
    people = wish_candidates(chooser)
    search = search.strip()
    if not search:
        return people
    described = Application.objects.filter(
        Q(organisation__icontains=search)
        | Q(city__icontains=search)
        | Q(areas__name__icontains=search),
        programme_id=chooser.programme_id,
        user_id=OuterRef("user_id"),
    ).exclude(status=Application.Status.DRAFT)
    return people.filter(Q(user__display_name__icontains=search) | Exists(described))


def candidates_for(
    chooser: Enrolment, people: Iterable[Enrolment] | None = None
) -> list[Candidate]:
    """``people`` (by default every candidate; pages pass one page of them) with what their
    applications say about them: only those people's applications are read."""
    people = list(wish_candidates(chooser) if people is None else people)
    applications = applications_of(chooser.programme, {p.user_id for p in people})
    found = []
    for person in people:
        app = applications.get(person.user_id)
        found.append(
            Candidate(
                enrolment=person,
                # Never the e-mail address, which is what str(user) falls back to.
                name=person.user.public_name,
                organisation=app.organisation if app else "",
                city=app.city if app else "",
                areas=tuple(app.area_names) if app else (),
                competences=app.expertise if app else "",
            )
        )
    return found


def wished_people(chooser: Enrolment) -> list[Enrolment]:
    """The people ``chooser`` has wished for, most wanted first, in one query."""
    return [
        preference.chosen
        for preference in Preference.objects.filter(chooser=chooser)
        .select_related("chosen__user")
        .order_by("rank")
    ]


# --- Why the engine left someone out (the matching page is read in ``review``) ---------
UNMATCHED_REASONS = {
    "nobody_available": lambda d: _("Nobody is available to match with."),
    "no_language": lambda d: _("Shares no language with anyone available."),
    "all_excluded": lambda d: _(
        "Every possible partner is ruled out (language, manager, do-not-match or former partner)."
    ),
    "below_min_score": lambda d: _("No pair reaches the minimum score (best: %(best)s).") % d,
    "places_taken": lambda d: (
        _(
            "The places of suitable mentors went to mentees who fit them better (best: "
            "%(best)s). Add a place or pair by hand."
        )
        % d
    ),
    "partners_taken": lambda d: (
        _(
            "The peers who suit them were paired with others who fit them better (best: "
            "%(best)s). Pair them by hand with someone."
        )
        % d
    ),
}


def unmatched_reason(item: dict) -> str:
    return UNMATCHED_REASONS[item["reason"]](item)
