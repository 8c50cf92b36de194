"""What is still open in a programme before its coordinator closes it, for the "Close
programme" page: each item with a count, the people or things it is about, and where to
see them. A fixed number of queries, whatever the programme's size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.models import User
from evaluations.models import FollowUp
from evaluations.survey_models import Survey
from evaluations.survey_occasions import programme_occasions
from events.models import Event
from meetings.models import Meeting
from programs.models import Programme, site_today
from relationships.models import Match, MatchMember

#: At most this many names are listed under an item; the link shows the rest.
NAMES_SHOWN = 10


@dataclass
class OpenItem:
    """One thing still open: ``label`` says what and how many, ``url`` where to see it,
    ``names`` a few of the people or things it is about."""

    key: str
    label: str
    url: str
    count: int
    names: list[str] = field(default_factory=list)


def _changelist(name: str, programme: Programme, **filters) -> str:
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{query}" if query else url


def open_items(programme: Programme) -> list[OpenItem]:
    """What is still open, most pressing first: current relationships by status, unsigned
    agreements, members without a meeting held, follow-ups due, open surveys."""
    items: list[OpenItem] = []
    pid = programme.pk
    by_status = dict(
        Match.objects.filter(programme=programme, status__in=Match.CURRENT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = {
        Match.Status.FORMING: lambda n: ngettext(
            "%(count)d relationship is still forming (the agreement not signed by all).",
            "%(count)d relationships are still forming (the agreement not signed by all).",
            n,
        ),
        Match.Status.ACTIVE: lambda n: ngettext(
            "%(count)d relationship is active.", "%(count)d relationships are active.", n
        ),
        Match.Status.PAUSED: lambda n: ngettext(
            "%(count)d relationship is paused.", "%(count)d relationships are paused.", n
        ),
    }
    for status in Match.CURRENT:
        if count := by_status.get(status, 0):
            items.append(
                OpenItem(
                    f"status-{status}",
                    labels[status](count) % {"count": count},
                    _changelist(
                        "relationships_match",
                        programme,
                        programme__id__exact=pid,
                        status__exact=status,
                    ),
                    count,
                )
            )
    current = Match.objects.filter(programme=programme, status__in=Match.CURRENT)
    if programme.agreement_required:
        unsigned = current.filter(agreement_signed_at__isnull=True).count()
        if unsigned:
            items.append(
                OpenItem(
                    "unsigned",
                    ngettext(
                        "%(count)d agreement is not signed by everyone.",
                        "%(count)d agreements are not signed by everyone.",
                        unsigned,
                    )
                    % {"count": unsigned},
                    _changelist(
                        "relationships_match",
                        programme,
                        programme__id__exact=pid,
                        agreement="unsigned",
                    ),
                    unsigned,
                )
            )
    held = Meeting.objects.filter(match=OuterRef("match"), status=Meeting.Status.HELD)
    without = list(
        MatchMember.objects.filter(match__programme=programme, current=True)
        .filter(~Exists(held))
        .select_related("enrolment__user")
        .order_by("enrolment__user__display_name", "pk")
        .values_list("enrolment__user__display_name", "enrolment__user__email")[: NAMES_SHOWN + 1]
    )
    if without:
        total = (
            MatchMember.objects.filter(match__programme=programme, current=True)
            .filter(~Exists(held))
            .count()
        )
        items.append(
            OpenItem(
                "no-meeting",
                ngettext(
                    "%(count)d member has had no meeting held.",
                    "%(count)d members have had no meeting held.",
                    total,
                )
                % {"count": total},
                _changelist(
                    "relationships_match",
                    programme,
                    programme__id__exact=pid,
                    status__in=",".join(Match.CURRENT),
                ),
                total,
                [name or email for name, email in without[:NAMES_SHOWN]],
            )
        )
    today = site_today()
    due = FollowUp.objects.filter(
        match__programme=programme, done_on__isnull=True, due_on__lte=today
    ).count()
    if due:
        items.append(
            OpenItem(
                "follow-ups",
                ngettext(
                    "%(count)d follow-up is due or overdue.",
                    "%(count)d follow-ups are due or overdue.",
                    due,
                )
                % {"count": due},
                _changelist("evaluations_followup", programme, match__programme__id__exact=pid)
                + "&state=open",
                due,
            )
        )
    surveys = [
        survey
        for survey in Survey.objects.filter(
            programme=programme, status=Survey.Status.PUBLISHED
        ).exclude(timing=Survey.Timing.AFTER)
        if any(o.state(today) != "closed" for o in programme_occasions(survey, programme))
    ]
    if surveys:
        items.append(
            OpenItem(
                "surveys",
                ngettext(
                    "%(count)d survey is still open or to come.",
                    "%(count)d surveys are still open or to come.",
                    len(surveys),
                )
                % {"count": len(surveys)},
                _changelist("evaluations_survey", programme, programme__id__exact=pid),
                len(surveys),
                [str(s) for s in surveys[:NAMES_SHOWN]],
            )
        )
    return items


def closing_event(programme: Programme) -> Event | None:
    """The programme's closing ceremony: the next one to come, else the latest."""
    events = Event.objects.filter(programme=programme, kind=Event.Kind.CLOSING)
    now = _now()
    return (
        events.filter(ends_at__gt=now).order_by("starts_at", "pk").first()
        or events.order_by("-starts_at", "-pk").first()
    )


def invitable_closing_event(programme: Programme) -> Event | None:
    """The closing ceremony members are invited to: published and still to come."""
    return (
        Event.objects.filter(
            programme=programme, kind=Event.Kind.CLOSING, published=True, ends_at__gt=_now()
        )
        .order_by("starts_at", "pk")
        .first()
    )


def _now():
    from django.utils import timezone

    return timezone.now()


def closing_people(programme: Programme):
    """Everyone the closing is for: the members of the programme's relationships that
    were completed (those the closing completed among them), one row per person."""
    completed = MatchMember.objects.filter(
        match__programme=programme,
        match__status=Match.Status.COMPLETED,
        enrolment__user=OuterRef("pk"),
    )
    return User.objects.filter(Exists(completed)).order_by("pk")


def surveys_after(programme: Programme):
    """The surveys asking months after the end, for the page to say when they go out."""
    return Survey.objects.filter(
        programme=programme, status=Survey.Status.PUBLISHED, timing=Survey.Timing.AFTER
    ).filter(~Q(months_after=None))
