"""End-to-end in the real Chromium: a newcomer signs up, confirms, logs in, speaks Swedish."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_newcomer_signs_up_confirms_logs_in_and_switches_to_swedish(live_server, page):
    ProgrammeFactory(name="Mentors for new managers", status="intake_open")
    page.set_default_timeout(15_000)

    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("ny.deltagare@example.org")
    page.get_by_label("Your name").fill("Ny Deltagare")
    page.get_by_placeholder("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Confirming signs the person in; sign out and in again as they would the next day.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill("ny.deltagare@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/my-programmes/$"))

    from accounts.models import User

    EnrolmentFactory(
        user=User.objects.get(email="ny.deltagare@example.org"),
        programme=ProgrammeFactory(name="Vårens mentorprogram"),
    )
    page.get_by_role("button", name="Svenska").click()

    expect(page.get_by_role("heading", name="Mina program")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("link", name="Vårens mentorprogram")).to_be_visible()
