"""End-to-end in the real Chromium: a coordinator's round, from "Run matching" to e-mails."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from intake.tests.factories import person
from matching.models import Exclusion
from programs.models import Enrolment
from programs.services import coordinator_grant
from programs.tests.factories import AreaFactory
from relationships.models import Match

from .factories import matching_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MENTOR = Enrolment.Role.MENTOR


def test_coordinator_runs_locks_excludes_and_confirms(live_server, page, settings):
    settings.SITE_URL = live_server.url
    programme = matching_programme(name="Spring mentoring")
    leadership = AreaFactory(programme=programme, name="Leadership")
    finances = AreaFactory(programme=programme, name="Finances")
    ada = person(programme, user=UserFactory(display_name="Ada Mentee"), areas=[leadership])
    bo = person(programme, user=UserFactory(display_name="Bo Mentee"), areas=[finances])
    mia = person(programme, MENTOR, user=UserFactory(display_name="Mia Mentor"), areas=[leadership])
    ulf = person(programme, MENTOR, user=UserFactory(display_name="Ulf Mentor"), areas=[finances])
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill("cora@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/admin/programs/programme/{programme.pk}/change/")
    page.get_by_role("link", name="Match participants").click()
    page.get_by_role("button", name="Run matching").click()

    expect(page.get_by_text("Suggestions are ready: 2.")).to_be_visible()
    suggestions = page.locator("#suggestions")
    expect(suggestions.get_by_text("Shared areas: Leadership (+30)")).to_be_visible()
    page.get_by_role("button", name="Lock Ada Mentee · Mia Mentor").click()
    expect(page.get_by_text("Locked: re-running keeps this pair.")).to_be_visible()
    page.get_by_role("button", name="Exclude Bo Mentee · Ulf Mentor").click()
    expect(page.get_by_text("will not be suggested again")).to_be_visible()
    assert Exclusion.objects.filter(first=bo, second=ulf).exists()

    # Re-running keeps the locked pair; Bo has nobody left and the page says why.
    page.get_by_role("button", name="Re-run").click()
    expect(
        page.locator("#unmatched").get_by_text("Every possible partner is ruled out")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Unlock Ada Mentee · Mia Mentor")).to_be_visible()

    page.get_by_role("button", name="Confirm matches").click()
    expect(page.get_by_text("1 match created")).to_be_visible()

    match = Match.objects.get(programme=programme)
    assert {m.enrolment for m in match.members.all()} == {ada, mia}
    introductions = {m.to[0]: m for m in mail.outbox if "matched" in m.subject}
    assert set(introductions) == {ada.user.email, mia.user.email}
    assert "Mia Mentor" in introductions[ada.user.email].body
    assert "Ada Mentee" in introductions[mia.user.email].body
