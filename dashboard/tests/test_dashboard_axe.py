"""axe-core in the real Chromium on the coordinators' dashboard — a programme's and the
roll-up, in English and in Swedish, after a bulk nudge (with its message): no serious or
critical WCAG 2.1 A/AA violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.browser import serious, signed_in_problems
from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import FitCheck, Match
from relationships.services import match_create
from relationships.tests.factories import FitCheckFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Entrepreneurs",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=90),
        ends_on=today + timedelta(days=120),
    )
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    now = timezone.now()
    for n, (mentor, mentee) in enumerate(
        (("Karl Mentor", "Lina Mentee"), ("Maria Mentor", "Maja Mentee"), ("Olle", "Pia"))
    ):
        match = match_create(
            programme=programme,
            mentor=person(programme, Enrolment.Role.MENTOR, mentor),
            mentees=[person(programme, Enrolment.Role.MENTEE, mentee)],
            origin="manual",
            by=None,
        )
        Match.objects.filter(pk=match.pk).update(started_at=now - timedelta(days=80))
        MeetingFactory(
            match=match, starts_at=now - timedelta(days=10 + 20 * n), status=Meeting.Status.HELD
        )
        if n == 1:
            FitCheckFactory(
                match=match, member=match.members.get(role="mentee"), answer=FitCheck.Answer.NO
            )
    person(programme, Enrolment.Role.MENTEE, "Waiting Wilma")
    return {"coordinator": coordinator, "programme": programme}


def test_the_dashboard_passes_axe(live_server, page, world):
    base = live_server.url
    programme = world["programme"]
    own = f"/admin/programs/programme/{programme.pk}/dashboard/"
    paths = [own, "/admin/programs/programme/dashboard/"]
    problems = signed_in_problems(page, base, world["coordinator"].email, paths, "coordinator")
    page.goto(base + own)
    page.locator("input[name=match]").first.check()
    page.get_by_role("button", name="Nudge the selected by e-mail").click()
    page.wait_for_selector(".messagelist")
    if found := serious(page):
        problems["coordinator: after a nudge"] = found
    world["coordinator"].preferred_language = "sv"
    world["coordinator"].save()
    problems.update(
        signed_in_problems(page, base, world["coordinator"].email, [own], "coordinator (sv)")
    )
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
