"""axe-core in the real Chromium on the meeting page with an agenda, notes and action items,
for the mentee who wrote them and the mentor who reads them, refused forms included, and on
the topic bank's admin: no serious or critical WCAG 2.1 A/AA violation."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from accounts.tests.browser import serious, signed_in_problems
from accounts.tests.factories import UserFactory
from goals.tests.factories import GoalFactory
from intake.tests.factories import person
from meetings import services
from meetings.models import Topic
from meetings.services import content
from meetings.tests.factories import TopicFactory
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import MatchMember
from relationships.services import match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(17)))


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Entrepreneurs",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=120),
    )
    mentor = person(programme, Enrolment.Role.MENTOR, "Karl Mentor")
    mentee = person(programme, Enrolment.Role.MENTEE, "Lina Mentee")
    match = match_create(
        programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
    )
    members = {m.role: m for m in MatchMember.objects.filter(match=match)}
    lina, karl = members["mentee"], members["mentor"]
    GoalFactory(match=match, author=lina, title="A business plan", target_date=programme.ends_on)
    held = services.meeting_log(
        member=lina, starts_at=_at(today - timedelta(days=3)), minutes=90, format="in_person"
    )
    # The migration's bank is gone once a transactional test has emptied the tables.
    bank = Topic.objects.filter(programme=None).first() or TopicFactory(programme=None)
    content.agenda_item_add(member=lina, meeting=held, topic=bank)
    content.agenda_item_add(member=karl, meeting=held, text="The bank's questions")
    content.note_save(member=lina, meeting=held, private=False, text="We went through prices.")
    content.note_save(member=lina, meeting=held, private=True, text="I was nervous.")
    content.note_save(member=karl, meeting=held, private=False, text="Good numbers.")
    content.action_item_add(
        member=lina, meeting=held, text="Karl finds an accountant", owner=karl, due_on=today
    )
    content.action_item_add(member=lina, meeting=held, text="Write the cash-flow", owner=lina)
    coming = services.meeting_propose(
        member=lina, starts_at=_at(today + timedelta(days=7)), minutes=60, format="video"
    )
    coming = services.meeting_accept(member=karl, meeting=coming)
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    return {
        "match": match,
        "held": held,
        "coming": coming,
        "bank": bank,
        "lina": lina.enrolment.user,
        "karl": karl.enrolment.user,
        "coordinator": coordinator,
    }


def test_the_meeting_page_with_an_agenda_and_notes_passes_axe(live_server, page, world):
    base, m = live_server.url, world["match"].pk
    held = f"/relationships/{m}/meetings/{world['held'].pk}/"
    coming = f"/relationships/{m}/meetings/{world['coming'].pk}/"
    paths = {
        "lina": [held, coming],
        "karl": [held, coming],
        "coordinator": [
            "/admin/meetings/topic/",
            "/admin/meetings/topic/add/",
            f"/admin/meetings/topic/{world['bank'].pk}/change/",  # read-only: a global one
        ],
    }
    problems = {}
    for who, pages in paths.items():
        problems |= signed_in_problems(page, base, world[who].email, pages, who)
        if who == "lina":  # the forms that were refused, with their errors
            page.goto(base + coming)
            page.get_by_role("button", name="Add to the agenda").click()
            page.wait_for_selector(".alert-danger, .invalid-feedback")
            if found := serious(page):
                problems["lina: an empty agenda item"] = found
            page.goto(base + held)
            page.get_by_label("Due date").fill("1999-01-01")
            page.get_by_label("What is to be done").fill("Too late")
            page.get_by_role("button", name="Add the action item").click()
            page.wait_for_selector(".invalid-feedback")
            if found := serious(page):
                problems["lina: an action item with a bad date"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
