"""In the real Chromium: the working-style scale and the wishes page work by their labels.

Playwright finds controls the way assistive technology does (group names, labels), so
these also check that the scale and the wishes buttons are named for everyone; axe
finds no serious or critical problem on the wishes page.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from intake.models import Application
from intake.tests.factories import ApplicationFactory
from matching.models import MatchingSettings, Preference
from programs.models import Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def serious(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page, in short."""
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [
        f"{v['id']} ({len(v['nodes'])})" for v in found if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def test_applicant_answers_the_working_style_scale_by_its_labels(live_server, page):
    programme = ProgrammeFactory(name="Mentors for new managers")
    UserFactory(email="ada@example.org", display_name="Ada Applicant")
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "ada@example.org")

    page.goto(f"{live_server.url}/programmes/{programme.slug}/apply/mentee/")
    style = page.get_by_role("group", name="How you like to work")
    expect(style.get_by_text("find a partner who suits you")).to_be_visible()
    style.get_by_role("group", name="I like meetings with a clear agenda.").get_by_label(
        "5 – Agree"
    ).check()
    style.get_by_role("group", name="I want direct and frank feedback.").get_by_label(
        "1 – Disagree"
    ).check()
    style.get_by_role("group", name="I enjoy change and trying new things.").get_by_label(
        "3", exact=True
    ).check()
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Your application has been saved.")).to_be_visible()
    # The application page reads the answers back in words.
    expect(page.get_by_text("Neither agree nor disagree (3 of 5)")).to_be_visible()
    application = Application.objects.get(user__email="ada@example.org")
    assert application.working_style == {"structure": 5, "feedback": 1, "change": 3}


def test_mentee_gives_wishes_from_my_programmes_with_the_buttons(live_server, page):
    programme = ProgrammeFactory(name="Managers", status=Programme.Status.MATCHING)
    mentee = UserFactory(email="adam@example.org", display_name="Adam Adept")
    EnrolmentFactory(programme=programme, user=mentee, role="mentee")
    MatchingSettings.objects.create(programme=programme, max_requests=2)
    for name, city in (("Maja Mentor", "Umeå"), ("Bo Berg", "Malmö"), ("Cilla Coach", "Luleå")):
        mentor = UserFactory(display_name=name)
        EnrolmentFactory(programme=programme, user=mentor, role="mentor")
        ApplicationFactory(programme=programme, user=mentor, role="mentor", city=city)
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "adam@example.org")

    page.goto(f"{live_server.url}/my-programmes/")
    expect(page.get_by_role("cell", name="Not matched yet")).to_be_visible()
    page.get_by_role("link", name="Give your wishes").click()
    expect(page.get_by_role("heading", name="Maja Mentor")).to_be_visible()
    page.get_by_role("button", name="Add Bo Berg to my wishes").click()
    expect(page.get_by_text("Bo Berg is now your wish number 1.")).to_be_visible()
    page.get_by_role("button", name="Add Maja Mentor to my wishes").click()
    expect(page.get_by_text("Maja Mentor is now your wish number 2.")).to_be_visible()
    # Full now: the last one cannot be added, and the page says why.
    expect(page.get_by_role("button", name="Add Cilla Coach to my wishes")).to_be_disabled()
    expect(page.get_by_text("Your wishes are full.").first).to_be_visible()
    assert serious(page) == []

    page.get_by_role("button", name="Move Maja Mentor up").click()
    expect(page.get_by_text("Maja Mentor is now your wish number 1.")).to_be_visible()
    wishes = page.get_by_role("region", name="Your wishes").get_by_role("listitem")
    expect(wishes).to_have_count(2)
    expect(wishes.first).to_contain_text("Maja Mentor")
    page.get_by_role("button", name="Remove Bo Berg from my wishes").click()
    expect(page.get_by_text("Bo Berg is no longer among your wishes.")).to_be_visible()
    expect(wishes).to_have_count(1)

    page.get_by_label("Search by name, organisation, city or area").fill("luleå")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="Cilla Coach")).to_be_visible()
    expect(page.get_by_role("heading", name="Bo Berg")).to_have_count(0)
    assert serious(page) == []
    chosen = Preference.objects.filter(chooser__user=mentee).values_list("chosen", "rank")
    maja = programme.enrolments.get(user__display_name="Maja Mentor")
    assert list(chosen) == [(maja.pk, 1)]
