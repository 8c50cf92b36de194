"""Every e-mail of the follow-up stage renders in Swedish and in English, with what a
person typed escaped in its HTML."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from evaluations import emails, services
from evaluations.health import Spell
from notifications import kinds

from .conftest import started

pytestmark = pytest.mark.django_db

EXPECTED = {
    # e-mail: (English subject, Swedish subject, English body, Swedish body)
    "quiet-nudge": (
        "Time to plan your next meeting?",
        "Dags att planera nästa möte?",
        "It has been quiet for 4 weeks",
        "Det har varit tyst i 4 veckor",
    ),
    "quiet-escalation": (
        "Quiet relationship: ",
        "Tyst relation: ",
        "has been quiet for 8 weeks",
        "har varit tyst i 8 veckor",
    ),
    "follow-up-due": (
        "1 follow-up due",
        "1 uppföljning att göra",
        "due today",
        "ska göras i dag",
    ),
    "evaluation-due": (
        "Time for your mid-point review",
        "Dags för er halvtidsutvärdering",
        "what has been good so far, and what can be better?",
        "vad har varit bra hittills, och vad kan bli bättre?",
    ),
}


@pytest.fixture
def world(pair, cora, running):
    match, mentor, mentee = pair
    running.name = "Leaders <script>"
    running.save()
    started(match, timezone.now() - timedelta(days=70))
    user = mentor.enrolment.user
    user.display_name = "Maja <b>Mentor</b>"
    user.save()
    today = timezone.localdate()
    spell = Spell(
        match_id=match.pk,
        programme_id=running.pk,
        weeks=4,
        since=today,
        escalates_on=today,
        last_met=timezone.now() - timedelta(days=40),
        started_at=match.started_at,
        ends_on=running.ends_on,
    )
    follow_up = services.follow_up_ask(match=match, due_on=today, by=cora)
    return {
        "match": match,
        "mentee": mentee.enrolment.user,
        "spell": spell,
        "follow_up": follow_up,
        "cora": cora,
        "today": today,
    }


def send(name: str, world: dict, language: str) -> None:
    from django.core import mail

    match, spell = world["match"], world["spell"]
    mentee, cora = world["mentee"], world["cora"]
    for person in (mentee, cora):
        person.preferred_language = language
        person.save()
    occasion = f"{language}-test"
    if name == "quiet-nudge":
        emails.quiet_nudge(to=mentee, match=match, spell=spell, occasion=occasion)
    elif name == "quiet-escalation":
        emails.quiet_escalation(
            to=cora,
            match=match,
            spell=spell,
            follow_up=world["follow_up"],
            names="Adam Adept · Maja <b>Mentor</b>",
            occasion=occasion,
        )
    elif name == "follow-up-due":
        row = {
            "names": "Adam Adept · Maja <b>Mentor</b>",
            "programme": match.programme,
            "follow_up": world["follow_up"],
            "overdue": False,
            "url": emails.follow_up_url(world["follow_up"]),
        }
        emails.follow_ups_due(
            to=cora,
            day=world["today"],
            rows=[row],
            more=0,
            programme_id=match.programme_id,
        )
    else:
        emails.evaluation_due(to=mentee, match=match, occasion=occasion, day=date.today())
    return mail.outbox[-1]


@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("language", ["en", "sv"])
def test_each_email_renders_in_swedish_and_english(world, mailoutbox, name, language):
    english_subject, swedish_subject, english_body, swedish_body = EXPECTED[name]

    message = send(name, world, language)

    subject, body = (
        (english_subject, english_body) if language == "en" else (swedish_subject, swedish_body)
    )
    html = message.alternatives[0][0]
    assert subject in message.subject
    assert body in message.body and body in html
    assert "<script>" not in html and "<b>Mentor</b>" not in html
    assert "{%" not in message.body and "{{" not in html
    assert "List-Unsubscribe" in message.extra_headers


def test_every_email_belongs_to_a_kind_a_person_may_turn_off():
    assert kinds.of_email("quiet-nudge").name == "quiet-nudge"
    assert kinds.of_email("evaluation-due").name == "evaluation-reminder"
    tasks = kinds.get("coordinator-tasks")
    assert set(tasks.emails) == {"follow-up-due", "quiet-escalation"}
    assert (tasks.audience, tasks.digest) == ("coordinators", False)
