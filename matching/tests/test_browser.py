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
    page.get_by_role("button", name="Exclude Bo Mentee · Ulf Mentor…").click()
    expect(page.get_by_text("will never be suggested together")).to_be_visible()
    assert not Exclusion.objects.exists()  # asked, not done
    page.get_by_role("button", name="Yes, exclude the pair").click()
    expect(page.get_by_text("will not be suggested again")).to_be_visible()
    assert Exclusion.objects.filter(first=bo, second=ulf).exists()

    # Re-running keeps the locked pair; Bo has nobody left and the page says why.
    page.get_by_role("button", name="Re-run").click()
    expect(
        page.locator("#unmatched").get_by_text("Every possible partner is ruled out")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Unlock Ada Mentee · Mia Mentor")).to_be_visible()

    page.get_by_role("button", name="Confirm matches…").click()
    expect(page.get_by_text("1 match will be created.")).to_be_visible()
    expect(page.get_by_text("2 people will be e-mailed an introduction.")).to_be_visible()
    assert not Match.objects.exists()
    page.get_by_role("button", name="Yes, create the matches and send the e-mails").click()
    expect(
        page.get_by_text("1 match created. 2 people get an introduction e-mail.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Move the programme to “Running”")).to_be_visible()

    match = Match.objects.get(programme=programme)
    assert {m.enrolment for m in match.members.all()} == {ada, mia}
    introductions = {m.to[0]: m for m in mail.outbox if "matched" in m.subject}
    assert set(introductions) == {ada.user.email, mia.user.email}
    assert "Mia Mentor" in introductions[ada.user.email].body
    assert "Ada Mentee" in introductions[mia.user.email].body


def test_coordinator_pairs_by_hand_through_a_search(live_server, page):
    """Select2 asks the programme's people URL as the coordinator types; the page passes axe."""
    from matching.models import Suggestion
    from relationships.services import match_create

    programme = matching_programme(name="Autumn mentoring")
    ada = person(programme, user=UserFactory(display_name="Ada Mentee"))
    person(programme, user=UserFactory(display_name="Bo Mentee"))
    ulf = person(programme, MENTOR, user=UserFactory(display_name="Ulf Mentor"), capacity=2)
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill("cora@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/admin/matching/matchingrun/programme/{programme.pk}/")
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_text("Suggestions are ready: 2.")).to_be_visible()

    assert serious(page) == []

    pair = page.locator("#pair-form")
    pair.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("ada")
    page.get_by_role("option", name="Ada Mentee").click()
    pair.locator(".select2-selection").nth(1).click()
    page.locator(".select2-search__field").fill("ulf")
    page.get_by_role("option", name="Ulf Mentor").click()
    pair.get_by_role("button", name="Pair").click()

    expect(page.get_by_text("Paired and locked: Ada Mentee · Ulf Mentor")).to_be_visible()
    assert Suggestion.objects.get(first=ada, manual=True).second == ulf

    # The pages that ask first pass axe too.
    page.get_by_role("button", name="Confirm matches…").click()
    expect(page.get_by_text("Nothing has happened yet.")).to_be_visible()
    assert serious(page) == []
    match = match_create(programme=programme, mentor=ulf, mentees=[ada], origin="manual", by=None)
    page.goto(f"{live_server.url}/admin/relationships/match/{match.pk}/end-early/")
    page.get_by_role("button", name="End the match").click()
    expect(page.get_by_text("Write why the match ends early")).to_be_visible()
    assert serious(page) == []


def serious(page) -> list:
    """axe-core's serious and critical WCAG 2.1 A/AA findings on the page."""
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    return [
        (v["id"], [n["html"] for n in v["nodes"]])
        for v in found.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
