"""End-to-end in the real Chromium: a mentee asks a mentor, the mentor accepts.

(The time-frozen expiry that passes a request on to the next choice is tested without a
browser in ``test_requests.py``.)
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import PASSWORD, UserFactory
from intake.tests.factories import person
from matching.models import MatchRequest
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory
from relationships.models import Match

from .factories import matching_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/my-programmes/$"))


def test_mentee_asks_a_mentor_who_accepts(live_server, page, browser, settings, mailoutbox):
    settings.SITE_URL = live_server.url  # links in e-mails lead back to this server
    programme = matching_programme(
        name="Mentors by request",
        slug="by-request",
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
    )
    leadership = AreaFactory(programme=programme, name="Leadership")
    adam = person(
        programme,
        areas=[leadership],
        user=UserFactory(email="adam@example.org", display_name="Adam Adept"),
    )
    maja = person(
        programme,
        Enrolment.Role.MENTOR,
        areas=[leadership],
        organisation="Northwind",
        user=UserFactory(email="maja@example.org", display_name="Maja Mentor"),
    )
    person(
        programme,
        Enrolment.Role.MENTOR,
        user=UserFactory(email="nils@example.org", display_name="Nils Nord"),
    )
    page.set_default_timeout(15_000)

    # Adam finds the mentors, best suited first, with the reasons, and asks Maja.
    sign_in(page, live_server.url, "adam@example.org")
    page.goto(f"{live_server.url}/programmes/by-request/mentors/")
    expect(page.get_by_role("heading", name="Find a mentor")).to_be_visible()
    expect(page.get_by_role("heading", name="Maja Mentor")).to_be_visible()
    expect(page.get_by_text("Shared areas: Leadership (+30)")).to_be_visible()
    page.get_by_role("link", name="Ask Maja Mentor").click()
    page.get_by_label("Message to the mentor").fill("I would like to grow as a leader.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request has gone to Maja Mentor")).to_be_visible()
    expect(page.get_by_role("heading", name="My requests")).to_be_visible()
    expect(page.get_by_text("Awaiting the mentor's answer")).to_be_visible()
    new_request = next(m for m in mailoutbox if m.to == ["maja@example.org"])
    assert "Adam Adept asks you to be their mentor" in new_request.subject

    # Maja, in a browser of her own, follows the e-mail's link and accepts.
    link = re.search(r"https?://\S+/requests/\d+/", new_request.body).group(0)
    office = browser.new_context().new_page()
    office.set_default_timeout(15_000)
    sign_in(office, live_server.url, "maja@example.org")
    office.goto(link)
    expect(office.get_by_text("I would like to grow as a leader.")).to_be_visible()
    office.goto(f"{live_server.url}/requests-to-me/")
    office.get_by_label("Note to Adam Adept (optional)").fill("Gladly — see you soon.")
    office.get_by_role("button", name="Accept the request from Adam Adept").click()
    expect(office.get_by_text("You are now Adam Adept's mentor")).to_be_visible()

    match = Match.objects.get(programme=programme)
    assert {m.enrolment for m in match.members.all()} == {adam, maja}
    assert MatchRequest.objects.get(mentee=adam).status == MatchRequest.Status.ACCEPTED
    introductions = {m.to[0]: m for m in mailoutbox if "You have been matched" in m.subject}
    assert set(introductions) == {"adam@example.org", "maja@example.org"}
    assert "Maja Mentor" in introductions["adam@example.org"].body
    accepted = next(m for m in mailoutbox if "has accepted your request" in m.subject)
    assert accepted.to == ["adam@example.org"] and "Gladly — see you soon." in accepted.body

    # Adam sees the answer on his requests page.
    page.goto(f"{live_server.url}/my-requests/")
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
