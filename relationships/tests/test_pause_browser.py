"""In the real Chromium: a member pauses from the workspace, the others see the banner and
resume it; axe-core finds no serious or critical WCAG 2.1 A/AA violation on the pause
form (also refused), the workspace with the pause banner, "My programmes" and the
coordinator's pause page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests import browser
from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match
from relationships.services import match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=150),
    )
    maja = person(
        programme,
        Enrolment.Role.MENTOR,
        user=UserFactory(email="maja@example.org", display_name="Maja Mentor"),
    )
    adam = person(programme, user=UserFactory(email="adam@example.org", display_name="Adam Adept"))
    cora = UserFactory(email="cora@example.org", display_name="Cora Coordinator", is_staff=True)
    coordinator_grant(user=cora, programme=programme)
    match = match_create(programme=programme, mentor=maja, mentees=[adam], origin="manual", by=cora)
    return match


def test_a_member_pauses_the_others_see_it_and_resume_and_the_pages_pass_axe(
    live_server, page, world
):
    base, match = live_server.url, world
    page.set_default_timeout(15_000)
    workspace = f"/relationships/{match.pk}/"
    problems = {}

    # Adam opens the pause form from the workspace; a date in the past is refused.
    page.context.clear_cookies()
    browser.sign_in(page, base, "adam@example.org")
    page.goto(base + workspace)
    page.get_by_role("link", name="Pause the relationship").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pause the relationship")
    if found := browser.serious(page):
        problems["adam: the pause form"] = found
    page.get_by_label("Back on").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    page.get_by_label("Why you pause").fill("Exams <b>all</b> month")
    page.get_by_role("button", name="Pause until that date").click()
    expect(page.get_by_text("The return date must be after today.")).to_be_visible()
    if found := browser.serious(page):
        problems["adam: the pause form, refused"] = found
    back = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Back on").fill(back.isoformat())
    page.get_by_role("button", name="Pause until that date").click()
    expect(page.get_by_text("The relationship is paused until")).to_be_visible()
    match.refresh_from_db()
    assert match.status == Match.Status.PAUSED and match.paused_until == back

    # Maja sees the banner with the reason, as written, and resumes.
    page.context.clear_cookies()
    browser.sign_in(page, base, "maja@example.org")
    page.goto(base + workspace)
    banner = page.locator("#pause-banner")
    expect(banner).to_contain_text("Paused until")
    expect(banner).to_contain_text("Exams <b>all</b> month")
    if found := browser.serious(page):
        problems["maja: the workspace, paused"] = found
    page.goto(f"{base}/my-programmes/")
    expect(page.get_by_text(re.compile("Paused until"))).to_be_visible()
    if found := browser.serious(page):
        problems["maja: my programmes, paused"] = found

    # Cora's pause page in the admin, while it is paused: nothing to pause.
    page.context.clear_cookies()
    browser.sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/relationships/match/")
    expect(page.locator("#result_list")).to_contain_text("Paused until")
    page.goto(f"{base}/admin/relationships/match/{match.pk}/change/")
    if found := browser.serious(page):
        problems["cora: the match, paused"] = found

    page.context.clear_cookies()
    browser.sign_in(page, base, "maja@example.org")
    page.goto(base + workspace)
    page.get_by_role("button", name="Resume now").click()
    expect(page.get_by_text("Welcome back: the relationship is running again")).to_be_visible()
    expect(page.locator("#pause-banner")).to_have_count(0)
    match.refresh_from_db()
    assert match.status == Match.Status.FORMING

    # The coordinator's own pause page, with the form.
    page.context.clear_cookies()
    browser.sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/relationships/match/{match.pk}/change/")
    page.get_by_role("link", name="Pause…").click()
    expect(page.get_by_text("This match will be paused:")).to_be_visible()
    if found := browser.serious(page):
        problems["cora: the pause page"] = found
    page.get_by_role("button", name="Pause the match").click()
    expect(page.locator(".errornote")).to_be_visible()
    if found := browser.serious(page):
        problems["cora: the pause page, refused"] = found

    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
