"""End to end in the real Chromium: a confirmed pair opens its workspace from "My
programmes", goes through the first-meeting guide and both sign; the mentee sets two goals,
the mentor comments, one goal is completed and the mentor sees it; a fit-check "no"
reaches the coordinator's admin, who never reads what the pair wrote."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from accounts.tests import browser
from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import AreaFactory, ProgrammeFactory
from relationships.models import Match
from relationships.services import match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    """Afresh, as ``email``."""
    page.context.clear_cookies()
    browser.sign_in(page, base, email)


def open_workspace(page: Page, base: str) -> None:
    page.goto(f"{base}/my-programmes/")
    page.get_by_role("link", name=re.compile("Open the workspace")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your relationship in")


@pytest.fixture
def journey(db):
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        agreement_text_en="We keep what we say to each other confidential.",
    )
    AreaFactory(programme=programme, name="Leadership")
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


def test_a_pair_sets_up_its_relationship_and_the_coordinator_sees_a_no(live_server, page, journey):
    base, match = live_server.url, journey
    page.set_default_timeout(15_000)

    # Adam opens the workspace, goes through the first-meeting guide and signs.
    sign_in(page, base, "adam@example.org")
    open_workspace(page, base)
    expect(page.get_by_role("link", name="Sign the agreement")).to_be_visible()
    page.get_by_role("link", name="Go through the first-meeting guide").click()
    for step in (
        "We have introduced ourselves",
        "We have said what we expect",
        "We have chosen topics and an agenda",
        "We have agreed how we meet",
    ):
        page.get_by_label(step).check()
    page.get_by_label("How often you meet").select_option("fortnightly")
    page.get_by_label("How you meet").select_option("video")
    page.get_by_label("Usual place or video link").fill("https://meet.example.org/adam-maja")
    page.get_by_label("How long a meeting lasts (minutes)").fill("90")
    page.get_by_label("Leadership").check()
    page.get_by_label("What the mentee expects").fill("Honest feedback on my first year.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The first-meeting guide is done.")).to_be_visible()
    expect(page.get_by_text("https://meet.example.org/adam-maja")).to_be_visible()
    page.get_by_label("I have read the agreement and I agree to it.").check()
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text("You have signed the agreement.")).to_be_visible()

    # Maja signs the same version: the relationship is active.
    sign_in(page, base, "maja@example.org")
    open_workspace(page, base)
    expect(page.get_by_text("Honest feedback on my first year.")).to_have_count(0)
    page.get_by_role("link", name="Sign the agreement").click()
    expect(page.get_by_text("Honest feedback on my first year.")).to_be_visible()
    page.get_by_label("I have read the agreement and I agree to it.").check()
    page.get_by_role("button", name="Sign version 1").click()
    expect(
        page.get_by_text("Everyone has signed: your relationship is now active.")
    ).to_be_visible()
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE

    # Adam sets two SMART goals with steps.
    sign_in(page, base, "adam@example.org")
    open_workspace(page, base)
    target = (match.programme.starts_on + timedelta(days=60)).isoformat()
    for title, steps in (
        ("Lead my first team meeting", "Write the agenda\nAsk for feedback"),
        ("Hold a budget review", "Read last year's budget"),
    ):
        open_workspace(page, base)
        page.get_by_role("link", name=re.compile("Set (your first|a) goal")).first.click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("What exactly").fill("On my own, with the whole team.")
        page.get_by_label("How you measure success").fill("Four meetings led; the team says so.")
        page.get_by_label("Why it matters").fill("The team needs to see me lead.")
        page.get_by_label("Target date").fill(target)
        page.get_by_label("First steps (optional)").fill(steps)
        page.get_by_role("button", name="Set the goal").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.get_by_label("How it is going").fill("I wrote the agenda and sent it out.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_text("I wrote the agenda and sent it out.")).to_be_visible()
    budget_goal = page.url

    # Maja comments on the update.
    sign_in(page, base, "maja@example.org")
    page.goto(budget_goal)
    page.get_by_label("Your comment").fill("Good start. Bring the numbers next time.")
    page.get_by_role("button", name="Comment").click()
    expect(page.get_by_text("Good start. Bring the numbers next time.")).to_be_visible()

    # Adam completes the goal; Maja sees it completed.
    sign_in(page, base, "adam@example.org")
    page.goto(budget_goal)
    page.get_by_role("radio", name="Completed").check()
    page.get_by_label("A short comment").fill("Done, with the numbers.")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("You reached your goal!")).to_be_visible()
    sign_in(page, base, "maja@example.org")
    page.goto(budget_goal)
    expect(page.get_by_text("Adam Adept reached this goal!")).to_be_visible()
    open_workspace(page, base)
    expect(page.get_by_text("Lead my first team meeting")).to_be_visible()

    # The guide is done, so the fit check is open; Maja answers no, for the coordinator.
    page.goto(f"{base}/relationships/{match.pk}/")
    page.get_by_role("link", name="Answer the fit check").click()
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_label("A comment for the coordinator (optional)").fill("We want different things.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Only your coordinator sees your answer")).to_be_visible()

    # Adam never sees it.
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/fit-check/")
    expect(page.get_by_text("We want different things.")).to_have_count(0)

    # Cora finds the "no" in the admin and reads the comment on its own page.
    sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/relationships/match/?fit=no")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("1 no")
    expect(row).to_contain_text("Signed")
    row.get_by_role("link").first.click()
    expect(page.get_by_text("with a comment")).to_be_visible()
    expect(page.get_by_text("We want different things.")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Read the comments meant for you")).click()
    expect(page.get_by_text("We want different things.")).to_be_visible()
    expect(page.get_by_text("Hold a budget review")).to_have_count(0)
    # The workspace and the goals are not hers to open.
    response = page.goto(f"{base}/relationships/{match.pk}/")
    assert response.status == 404
    response = page.goto(budget_goal)
    assert response.status == 404
    assert "Hold a budget review" not in page.content()
