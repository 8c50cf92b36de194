"""The "did you meet?" page in the real Chromium, as its e-mail's link opens it without
signing in: asked, answered with one button (CSRF and all), then already recorded for the
other member, and out of date once cancelled — each with no serious or critical WCAG 2.1
A/AA violation (axe-core)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.browser import serious, sign_in
from intake.tests.factories import person
from meetings import services
from meetings.models import Meeting
from meetings.services import check
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import MatchMember
from relationships.services import match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=200),
    )
    mentor = person(programme, Enrolment.Role.MENTOR, "Maja Mentor")
    mentee = person(programme, Enrolment.Role.MENTEE, "Adam Adept")
    match = match_create(
        programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
    )
    members = {m.role: m for m in MatchMember.objects.filter(match=match)}
    maja, adam = members["mentor"], members["mentee"]

    def yesterday(hours_ago: int) -> Meeting:
        meeting = services.meeting_propose(
            member=adam,
            starts_at=timezone.now() - timedelta(hours=hours_ago),
            minutes=60,
            format="video",
        )
        return services.meeting_accept(member=maja, meeting=meeting)

    return {"maja": maja, "adam": adam, "met": yesterday(26), "other": yesterday(50)}


def path(member, meeting) -> str:
    return check.check_path(user_id=member.enrolment.user_id, meeting=meeting)


def test_the_check_page_answers_with_one_button_and_passes_axe(live_server, page, world):
    base = live_server.url
    problems = {}

    page.goto(base + path(world["adam"], world["met"]) + "?answer=held")
    expect(page.get_by_role("heading", name="Did you meet?")).to_be_visible()
    problems["asked"] = serious(page)
    page.get_by_role("button", name="Yes, we met").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    problems["answered"] = serious(page)
    assert Meeting.objects.get(pk=world["met"].pk).status == Meeting.Status.HELD

    page.goto(base + path(world["maja"], world["met"]))
    expect(page.get_by_role("heading", name="Already recorded")).to_be_visible()
    problems["already recorded"] = serious(page)

    other = world["other"]
    url = path(world["adam"], other)
    services.meeting_cancel(member=world["maja"], meeting=other)
    page.goto(base + url)
    expect(page.get_by_role("heading", name="This link is out of date")).to_be_visible()
    problems["out of date"] = serious(page)

    # Signed in as Maja, Adam's link still answers for Adam (and reads the same).
    sign_in(page, base, world["maja"].enrolment.user.email)
    page.goto(base + path(world["adam"], world["met"]))
    problems["signed in"] = serious(page)

    assert {k: v for k, v in problems.items() if v} == {}
