"""The demo's meetings: in the entrepreneurs' programme, Lina Hassan and her mentor Karl
Åberg have met three times (logged as held, with notes, Lina's private reflection and an
action item), and their next meeting is planned with an agenda Lina started from the topic
bank and in her own words, and Karl added to. A video call two days ago is still planned:
nobody has said whether it took place, so the workspace asks, and with beat running the
"did you meet?" e-mail goes to both (``reminders.py``).

Made through the services, as the pages would. Safe to run again: nothing is made once
the relationship has meetings. A meeting that would fall outside the programme's dates
(a demo database much older or younger than its programme) is left out.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.demo import Demo
from relationships.models import MatchMember

from . import services
from .models import Format, Meeting, Topic
from .services import content

PROGRAMME = "entrepreneurs-spring"
MENTEE = "lina.hassan@example.org"
MENTOR = "karl.aberg@example.org"

#: The meetings that already took place: who logged it, days from today, minutes, how, where.
HELD = [
    ("lina", -35, 90, Format.IN_PERSON, "Café Pascal, Stockholm"),
    ("karl", -21, 60, Format.VIDEO, "https://meet.example.org/lina-karl"),
    ("lina", -7, 120, Format.IN_PERSON, "Karl's office, Götgatan 14"),
]


def _at(day, hour: int = 17) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _members() -> tuple[MatchMember, MatchMember] | None:
    lina = (
        MatchMember.objects.select_related("match__programme", "enrolment__user")
        .filter(enrolment__user__email=MENTEE, enrolment__programme__slug=PROGRAMME, current=True)
        .first()
    )
    if lina is None:
        return None
    karl = (
        lina.match.members.filter(enrolment__user__email=MENTOR, current=True)
        .select_related("match__programme", "enrolment__user")
        .first()
    )
    return (lina, karl) if karl is not None else None


def _bank(title_en: str) -> Topic | None:
    return Topic.objects.filter(programme=None, title_en=title_en, active=True).first()


def seed(demo: Demo) -> None:
    members = _members()
    if members is None:
        return
    lina, karl = members
    if Meeting.objects.filter(match_id=lina.match_id).exists():
        return
    held = []
    for who, days, minutes, format, place in HELD:
        try:
            held.append(
                services.meeting_log(
                    member={"lina": lina, "karl": karl}[who],
                    starts_at=_at(demo.today + timedelta(days=days)),
                    minutes=minutes,
                    format=format,
                    place=place,
                )
            )
        except ValidationError:
            continue  # before the programme began: not every demo has that much past
    if held:
        _after(lina, karl, held[-1], demo)
    _unmarked(lina, karl, demo)
    try:
        coming = services.meeting_propose(
            member=lina,
            starts_at=_at(demo.today + timedelta(days=7), hour=16),
            minutes=90,
            format=Format.IN_PERSON,
            place="Café Pascal, Stockholm",
        )
    except ValidationError:
        return  # the programme ends sooner: nothing more to plan
    coming = services.meeting_accept(member=karl, meeting=coming)
    _agenda(lina, karl, coming)


def _unmarked(lina: MatchMember, karl: MatchMember, demo: Demo) -> None:
    """Karl's video call of two days ago, accepted and never marked held or missed."""
    try:
        call = services.meeting_propose(
            member=karl,
            starts_at=_at(demo.today - timedelta(days=2), hour=12),
            minutes=45,
            format=Format.VIDEO,
            place="https://meet.example.org/lina-karl",
        )
    except ValidationError:
        return  # before the programme began
    services.meeting_accept(member=lina, meeting=call)


def _after(lina: MatchMember, karl: MatchMember, meeting: Meeting, demo: Demo) -> None:
    """The latest meeting's notes, Lina's reflection and what came out of it."""
    content.note_save(
        member=lina,
        meeting=meeting,
        private=False,
        text="We went through my prices line by line. Karl thinks 110 kronor a box holds if "
        "I deliver three days a week rather than five. Next time: the bank meeting.",
    )
    content.note_save(
        member=karl,
        meeting=meeting,
        private=False,
        text="Good numbers, Lina. Bring the cash-flow sheet next time and we will go "
        "through the questions the bank is likely to ask.",
    )
    content.note_save(
        member=lina,
        meeting=meeting,
        private=True,
        text="I still feel like a cook pretending to be a business owner. Karl did not laugh "
        "at the spreadsheet, though. Practise saying the price out loud without apologising.",
    )
    programme = lina.match.programme
    due = min(demo.today + timedelta(days=14), programme.ends_on)
    if due >= demo.today:
        content.action_item_add(
            member=lina,
            meeting=meeting,
            text="Karl introduces Lina to his accountant",
            owner=karl,
            due_on=due,
        )
        content.action_item_add(
            member=lina,
            meeting=meeting,
            text="Write a cash-flow sheet for the first six months",
            owner=lina,
            due_on=min(demo.today + timedelta(days=6), programme.ends_on),
        )


def _agenda(lina: MatchMember, karl: MatchMember, meeting: Meeting) -> None:
    budget = _bank("Being responsible for a budget")
    if budget is not None:
        content.agenda_item_add(member=lina, meeting=meeting, topic=budget)
    content.agenda_item_add(
        member=lina, meeting=meeting, text="What the bank will ask about my business plan"
    )
    network = _bank("Building your network")
    if network is not None:
        content.agenda_item_add(
            member=karl,
            meeting=meeting,
            topic=network,
            text="Three people in the restaurant trade you should meet",
        )
