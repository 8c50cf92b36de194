"""Reads for surveys: who is invited, what a member may answer, and results for coordinators.

**Invited** to a survey's occasion: the members of the programme in the survey's audience
who hold a current place in a relationship (forming, active or paused) or were in one that
completed, and who had joined it by the occasion's last day. A member with two places in
the programme (a rematch) is invited once.

Every function reads in a fixed number of queries, whatever the number of surveys,
members and answers. Results never say who gave an anonymous answer: they are counts,
means and shuffled texts, and below ``ANONYMITY_THRESHOLD`` answers nothing at all.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Avg, Count, F, OuterRef, Q, Sum
from django.http import Http404

from accounts.models import User
from programs.fields import parse_id
from relationships import hooks
from relationships.models import Match, MatchMember

from .health import site_day
from .survey_models import (
    ANONYMITY_THRESHOLD,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyReceipt,
)
from .survey_occasions import (
    FIRST_MEETING,
    Occasion,
    first_meeting_occasion,
    kept,
    label_of,
    occasion_for,
    programme_occasions,
)

# Relationships whose members are asked; of these, the running and completed ones are reminded.
ASKED = (*Match.CURRENT, Match.Status.COMPLETED)
REMINDED = (*Match.RUNNING, Match.Status.COMPLETED)


@dataclass
class Invitee:
    """A member a survey of their programme may ask."""

    programme_id: int
    user_id: int
    role: str
    zone: str
    joined_on: date
    first_held_on: date | None = None  # their relationship's first meeting held, if any
    remindable: bool = False  # in a relationship that is not paused


def invitees(programme_ids: Iterable[int] | None, user: User | None = None) -> list[Invitee]:
    """The members surveys of ``programme_ids`` (None: of every programme) may ask (only
    ``user``, if given): one query, one row per membership, folded to one invitee per
    person and programme."""
    members = MatchMember.objects.filter(
        Q(current=True, match__status__in=Match.CURRENT) | Q(match__status=Match.Status.COMPLETED)
    )
    if programme_ids is not None:
        members = members.filter(match__programme_id__in=list(programme_ids))
    if user is not None:
        members = members.filter(enrolment__user=user)
    rows = members.annotate(first_held=hooks.first_meeting_held(OuterRef("match_id"))).values_list(
        "match__programme_id",
        "enrolment__user_id",
        "enrolment__role",
        "enrolment__user__time_zone",
        "joined_at",
        "first_held",
        "match__status",
    )
    found: dict[tuple[int, int], Invitee] = {}
    for programme_id, user_id, role, zone, joined_at, first_held, status in rows:
        first_on = site_day(first_held) if first_held is not None else None
        invitee = found.get((programme_id, user_id))
        if invitee is None:
            invitee = found[programme_id, user_id] = Invitee(
                programme_id, user_id, role, zone or "", site_day(joined_at)
            )
        invitee.joined_on = min(invitee.joined_on, site_day(joined_at))
        if first_on is not None and (
            invitee.first_held_on is None or first_on < invitee.first_held_on
        ):
            invitee.first_held_on = first_on
        invitee.remindable = invitee.remindable or status in REMINDED
    return list(found.values())


def occasion_of(survey: Survey, key: str, invitee: Invitee) -> Occasion | None:
    """``invitee``'s occasion ``key`` of ``survey``, if it asks them then."""
    if not survey.asks(invitee.role):
        return None
    occasion = occasion_for(survey, key, invitee.first_held_on)
    if occasion is None or invitee.joined_on > occasion.closes_on:
        return None
    return occasion


def occasions_for(survey: Survey, invitee: Invitee) -> list[Occasion]:
    """Every occasion of ``survey`` that asks ``invitee``."""
    if not survey.asks(invitee.role):
        return []
    if survey.timing == Survey.Timing.FIRST_MEETING:
        found = (
            [first_meeting_occasion(survey, invitee.first_held_on)]
            if invitee.first_held_on is not None
            else []
        )
        found = [o for o in found if kept(survey, o)]
    else:
        found = programme_occasions(survey)
    return [o for o in found if invitee.joined_on <= o.closes_on]


def published_surveys(programme_ids: Iterable[int]):
    return Survey.objects.filter(
        programme_id__in=list(programme_ids), status=Survey.Status.PUBLISHED
    ).select_related("programme")


# --- A member's own surveys -----------------------------------------------------------------


@dataclass(frozen=True)
class MemberSurvey:
    survey: Survey
    occasion: Occasion
    answered: bool

    @property
    def key(self) -> str:
        return self.occasion.key


def surveys_for_user(user: User, today: date | None = None) -> list[MemberSurvey]:
    """The surveys ``user`` may answer now, and those they have answered (three queries)."""
    if not user.is_authenticated:
        return []
    today = today or site_day_now()
    mine = {invitee.programme_id: invitee for invitee in invitees(None, user)}
    if not mine:
        return []
    answered = set(SurveyReceipt.objects.filter(user=user).values_list("survey_id", "occasion"))
    found = []
    for survey in published_surveys(mine).order_by("programme__name", "title", "pk"):
        for occasion in occasions_for(survey, mine[survey.programme_id]):
            done = (survey.pk, occasion.key) in answered
            if done or occasion.is_open(today):
                found.append(MemberSurvey(survey, occasion, done))
    return sorted(found, key=lambda s: (s.answered, s.occasion.closes_on))


def site_day_now() -> date:
    from django.utils import timezone

    return site_day(timezone.now())


class SurveyRefused(Exception):
    """A survey the member may see but not answer now; ``message`` says why."""

    def __init__(self, message, survey: Survey, occasion: Occasion | None = None):
        super().__init__(str(message))
        self.message, self.survey, self.occasion = message, survey, occasion


def get_survey_for_user(user: User, survey_id, key: str, today: date | None = None):
    """``(survey, occasion, invitee)`` that ``user`` may answer now.

    404 when the survey is not a published one of a programme where ``user`` is in a
    relationship, or has no occasion ``key``; ``SurveyRefused`` when it is theirs to see but
    not to answer now (not asked of their role, not open yet, closed, answered already)."""
    from django.utils.translation import gettext as _

    pk = parse_id(survey_id)
    if pk is None or not user.is_authenticated:
        raise Http404
    survey = (
        Survey.objects.filter(pk=pk, status=Survey.Status.PUBLISHED)
        .select_related("programme")
        .first()
    )
    if survey is None:
        raise Http404
    invitee = next(iter(invitees([survey.programme_id], user)), None)
    if invitee is None:
        raise Http404
    today = today or site_day_now()
    if not survey.asks(invitee.role):
        raise SurveyRefused(
            _("This survey is for %(audience)s in the programme, so it is not yours to answer.")
            % {"audience": survey.get_audience_display().lower()},
            survey,
        )
    occasion = occasion_for(survey, key, invitee.first_held_on)
    if occasion is None:
        if survey.timing == Survey.Timing.FIRST_MEETING and key == FIRST_MEETING:
            raise SurveyRefused(
                _("This survey opens after your first meeting has been held."), survey
            )
        raise Http404
    if invitee.joined_on > occasion.closes_on:
        raise Http404  # they joined after it closed: never theirs
    if today < occasion.opens_on:
        raise SurveyRefused(_("This survey is not open yet."), survey, occasion)
    if today > occasion.closes_on:
        closed = _("This survey has closed: answers are no longer taken.")
        raise SurveyRefused(closed, survey, occasion)
    if SurveyReceipt.objects.filter(survey=survey, occasion=key, user=user).exists():
        raise SurveyRefused(
            _("You have already answered this survey. Thank you!"), survey, occasion
        )
    return survey, occasion, invitee


# --- Results, for coordinators and the dashboard -------------------------------------------


@dataclass
class QuestionResult:
    question_id: int
    text: str
    kind: str
    answered: int = 0
    mean: float | None = None  # scale questions
    nps: int | None = None  # recommendation: % promoters (9–10) − % detractors (0–6)
    counts: list[tuple[str, int]] = field(default_factory=list)  # choices: (label, answers)
    suppressed: bool = False
    # Free text, with ``texts=True``: shuffled, and unattributed when anonymous; named
    # answers as "(name, text)".
    texts: list = field(default_factory=list)


@dataclass
class SurveyResult:
    survey_id: int
    title: str
    programme_id: int
    occasion: str
    label: str
    opens_on: date
    closes_on: date
    anonymous: bool
    invited: int
    answered: int
    rate: float | None
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return self.anonymous and self.answered < ANONYMITY_THRESHOLD


def _opened(survey: Survey, people: list[Invitee], today: date) -> list[tuple[Occasion, int]]:
    """The survey's occasions that have opened by ``today``, each with its number invited."""
    if survey.timing == Survey.Timing.FIRST_MEETING:
        asked = [
            first_meeting_occasion(survey, p.first_held_on)
            for p in people
            if survey.asks(p.role) and p.first_held_on is not None
        ]
        asked = [o for o in asked if o.opens_on <= today and kept(survey, o)]
        if not asked:
            return []
        occasion = Occasion(
            FIRST_MEETING,
            min(o.opens_on for o in asked),
            max(o.closes_on for o in asked),
            label_of(survey, FIRST_MEETING),
        )
        return [(occasion, len(asked))]
    return [
        (o, sum(1 for p in people if survey.asks(p.role) and p.joined_on <= o.closes_on))
        for o in programme_occasions(survey)
        if o.opens_on <= today
    ]


def survey_results(
    programme_ids: Iterable[int],
    today: date,
    *,
    survey_id: int | None = None,
    texts: bool = False,
) -> list[SurveyResult]:
    """Each published survey × occasion of ``programme_ids`` that has opened by ``today``:
    who was invited and answered, and per question what was answered (six queries).

    An anonymous survey's questions are ``suppressed`` (no figures at all) until at least
    ``ANONYMITY_THRESHOLD`` people answered the occasion and the question."""
    programme_ids = list(programme_ids)
    surveys = published_surveys(programme_ids).order_by("programme_id", "title", "pk")
    if survey_id is not None:
        surveys = surveys.filter(pk=survey_id)
    surveys = list(surveys.prefetch_related("questions"))
    if not surveys:
        return []
    ids = [s.pk for s in surveys]
    people: dict[int, list[Invitee]] = defaultdict(list)
    for invitee in invitees({s.programme_id for s in surveys}):
        people[invitee.programme_id].append(invitee)
    answered = {
        (row["survey_id"], row["occasion"]): row["n"]
        for row in SurveyReceipt.objects.filter(survey_id__in=ids)
        .values("survey_id", "occasion")
        .annotate(n=Count("pk"))
        .order_by()
    }
    answers = SurveyAnswer.objects.filter(response__survey_id__in=ids)
    figures = {
        (row["response__survey_id"], row["response__occasion"], row["question_id"]): row
        for row in answers.values("response__survey_id", "response__occasion", "question_id")
        .annotate(
            n=Count("pk"),
            mean=Avg("number"),
            promoters=Count("pk", filter=Q(number__gte=9)),
            detractors=Count("pk", filter=Q(number__lte=6)),
            # Answers given in confidence stay so, whatever the survey says now.
            unnamed=Count("pk", filter=Q(response__respondent__isnull=True)),
        )
        .order_by()
    }
    kinds = list(SurveyQuestion.CHOICE_KINDS) + ([SurveyQuestion.Kind.TEXT] if texts else [])
    given: dict[tuple, list] = defaultdict(list)
    for survey_pk, key, question_id, chosen, text, name in answers.filter(
        kind__in=kinds
    ).values_list(
        "response__survey_id",
        "response__occasion",
        "question_id",
        "choices",
        "text",
        "response__respondent__display_name",
    ):
        given[survey_pk, key, question_id].append((chosen, text, name))
    results = []
    for survey in surveys:
        for occasion, invited in _opened(survey, people[survey.programme_id], today):
            n = answered.get((survey.pk, occasion.key), 0)
            result = SurveyResult(
                survey_id=survey.pk,
                title=survey.title,
                programme_id=survey.programme_id,
                occasion=occasion.key,
                label=str(occasion.label),
                opens_on=occasion.opens_on,
                closes_on=occasion.closes_on,
                anonymous=survey.anonymous,
                invited=invited,
                answered=n,
                rate=(min(n, invited) / invited) if invited else None,
            )
            for question in survey.questions.all():
                row = figures.get((survey.pk, occasion.key, question.pk))
                result.questions.append(
                    _question_result(
                        survey, question, row, given[survey.pk, occasion.key, question.pk], n
                    )
                )
            results.append(result)
    return results


def _question_result(survey, question, row, given, people) -> QuestionResult:
    count = row["n"] if row else 0
    result = QuestionResult(question.pk, question.text, question.kind, answered=count)
    anonymous = survey.anonymous or bool(row and row["unnamed"])
    if anonymous and min(count, people) < ANONYMITY_THRESHOLD:
        result.suppressed = True
        return result
    if question.kind == SurveyQuestion.Kind.SCALE and count:
        result.mean = round(row["mean"], 2)
    if question.kind == SurveyQuestion.Kind.NPS and count:
        result.nps = round(100 * (row["promoters"] - row["detractors"]) / count)
    if question.kind in SurveyQuestion.CHOICE_KINDS:
        labels = question.choice_list()
        tally = [0] * len(labels)
        for chosen, _text, _name in given:
            for position in chosen or []:
                if isinstance(position, int) and 0 <= position < len(labels):
                    tally[position] += 1
        result.counts = list(zip(labels, tally, strict=True))
    if question.kind == SurveyQuestion.Kind.TEXT:
        if anonymous:
            result.texts = [text for _chosen, text, _name in given if text]
            random.SystemRandom().shuffle(result.texts)  # nothing in the order to go by
        else:
            result.texts = sorted(
                ((name or "–", text) for _chosen, text, name in given if text),
                key=lambda item: item[0],
            )
    return result


def _confidential(group: dict) -> bool:
    return bool(group["anonymous"] or group["unnamed"])


def satisfaction_by_role(programme_ids: Iterable[int]) -> dict[str, tuple[float, int]]:
    """The mean of every 1–5 scale answer by the respondents' role, with the number of
    answers it is over (one query).

    Figures that could be told apart by subtraction are left out: of an anonymous survey,
    a question of an occasion counts only where every role that answered it did so at
    least ``ANONYMITY_THRESHOLD`` times (else the results page's mean, over all roles, less
    the larger roles' would give the smaller one's)."""
    groups = (
        SurveyAnswer.objects.filter(
            kind=SurveyQuestion.Kind.SCALE,
            response__survey__programme_id__in=list(programme_ids),
        )
        .values(
            "response__survey_id",
            "response__occasion",
            "question_id",
            "response__role",
            anonymous=F("response__survey__anonymous"),
        )
        .annotate(
            total=Sum("number"),
            n=Count("pk"),
            unnamed=Count("pk", filter=Q(response__respondent__isnull=True)),
        )
        .order_by()
    )
    by_question: dict[tuple, list[dict]] = defaultdict(list)
    for group in groups:
        key = (group["response__survey_id"], group["response__occasion"], group["question_id"])
        by_question[key].append(group)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for parts in by_question.values():
        if any(_confidential(g) for g in parts) and any(
            g["n"] < ANONYMITY_THRESHOLD for g in parts
        ):
            continue
        for group in parts:
            sums[group["response__role"]][0] += group["total"]
            sums[group["response__role"]][1] += group["n"]
    return {role: (round(total / n, 2), n) for role, (total, n) in sums.items() if n}


class Overdue(NamedTuple):
    programme_id: int
    survey_id: int
    title: str
    occasion: str
    user_id: int
    closes_on: date


def surveys_overdue(programme_ids: Iterable[int], today: date) -> list[Overdue]:
    """Invited members who have not answered an occasion open on ``today`` (three
    queries). Who has not answered, never what anyone answered."""
    surveys = list(published_surveys(programme_ids).order_by("programme_id", "title", "pk"))
    if not surveys:
        return []
    people: dict[int, list[Invitee]] = defaultdict(list)
    for invitee in invitees({s.programme_id for s in surveys}):
        people[invitee.programme_id].append(invitee)
    answered = set(
        SurveyReceipt.objects.filter(survey_id__in=[s.pk for s in surveys]).values_list(
            "survey_id", "occasion", "user_id"
        )
    )
    rows = []
    for survey in surveys:
        for invitee in people[survey.programme_id]:
            for occasion in occasions_for(survey, invitee):
                if (
                    occasion.is_open(today)
                    and (survey.pk, occasion.key, invitee.user_id) not in answered
                ):
                    rows.append(
                        Overdue(
                            survey.programme_id,
                            survey.pk,
                            survey.title,
                            occasion.key,
                            invitee.user_id,
                            occasion.closes_on,
                        )
                    )
    return rows


def nps_counts(programme_ids: Iterable[int]) -> tuple[int, int, int]:
    """Promoters (9–10), passives (7–8) and detractors (0–6) over every recommendation
    answer of ``programme_ids`` (one query). Of an anonymous survey, a question of an
    occasion counts only where the results page shows it: at least
    ``ANONYMITY_THRESHOLD`` answered that very question."""
    groups = (
        SurveyAnswer.objects.filter(
            kind=SurveyQuestion.Kind.NPS,
            response__survey__programme_id__in=list(programme_ids),
        )
        .values(
            "response__survey_id",
            "response__occasion",
            "question_id",
            anonymous=F("response__survey__anonymous"),
        )
        .annotate(
            promoters=Count("pk", filter=Q(number__gte=9)),
            passives=Count("pk", filter=Q(number__gte=7, number__lte=8)),
            detractors=Count("pk", filter=Q(number__lte=6)),
            n=Count("pk"),
            unnamed=Count("pk", filter=Q(response__respondent__isnull=True)),
        )
        .order_by()
    )
    totals = [0, 0, 0]
    for group in groups:
        if _confidential(group) and group["n"] < ANONYMITY_THRESHOLD:
            continue
        totals[0] += group["promoters"]
        totals[1] += group["passives"]
        totals[2] += group["detractors"]
    return totals[0], totals[1], totals[2]
