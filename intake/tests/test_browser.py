"""End-to-end in the real Chromium: from the programme page to "My programmes".

A visitor reads the programme page, signs up, applies with the programme's own questions;
the coordinator interviews and accepts in the admin; the applicant gets the e-mail and
finds the programme under "My programmes".
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from intake.models import Application, Interview, Question
from intake.tests.factories import QuestionFactory
from programs.models import Enrolment
from programs.services import coordinator_grant
from programs.tests.factories import AreaFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_applies_and_is_accepted_after_an_interview(live_server, page, browser, settings):
    settings.SITE_URL = live_server.url  # links in e-mails lead back to this server
    programme = ProgrammeFactory(
        name="Mentors for new managers",
        purpose_en="A sounding board for people who recently became managers.",
        mentee_guide_en="You drive the mentoring: bring topics to every meeting.",
        privacy_notice_en="Only the coordinators read your application.",
    )
    AreaFactory(programme=programme, name="Leadership")
    QuestionFactory(
        programme=programme,
        text="How do you prefer feedback?",
        kind=Question.Kind.SINGLE_CHOICE,
        options="Straight to the point\nGently, with examples",
    )
    QuestionFactory(programme=programme, text="Can you join the kick-off?", kind="yes_no")
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    page.set_default_timeout(15_000)

    # A visitor reads the programme page and chooses to apply as a mentee.
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    expect(page.get_by_text("A sounding board for people")).to_be_visible()
    expect(page.get_by_text("You drive the mentoring")).to_be_visible()
    page.get_by_role("link", name="Apply as mentee").click()

    # Not signed in yet: sign up, confirm the address from the e-mail.
    page.get_by_role("link", name="sign up", exact=True).click()  # keeps ?next=
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Your name").fill("Ada Applicant")
    page.get_by_placeholder("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Back to the programme, now signed in, and fill in the application.
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    page.get_by_role("link", name="Apply as mentee").click()
    page.get_by_label("About me").fill("I lead the support desk at a logistics firm.")
    page.get_by_label("Career level").select_option("manager")
    page.get_by_label("What I want to develop").fill("Giving feedback without dread.")
    page.get_by_label("Leadership").check()
    page.get_by_label("Goals and expectations").fill("Feel at home in my new role.")
    page.get_by_role("group", name="Languages").get_by_label("Swedish").check()
    page.get_by_label("Video").check()
    page.get_by_label("Weekday evenings").check()

    # Submitting without the programme's questions and consent points at what is missing.
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Please correct the marked fields.")).to_be_visible()
    expect(page.get_by_text("Please accept the privacy notice")).to_be_visible()

    page.get_by_label("Gently, with examples").check()
    page.get_by_role("group", name="Can you join the kick-off?").get_by_label("Yes").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application has been submitted")).to_be_visible()
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()
    received = mail.outbox[-1]
    assert received.to == ["ada@example.org"]
    assert "received your application" in received.subject

    # The coordinator, in a browser of their own, records an interview and accepts.
    office = browser.new_context().new_page()
    office.set_default_timeout(15_000)
    office.goto(f"{live_server.url}/admin/")
    office.get_by_label("Email").fill("cora@example.org")
    office.get_by_label("Password").fill(PASSWORD)
    office.get_by_role("button", name="Sign In").click()
    office.goto(f"{live_server.url}/admin/intake/application/")
    office.get_by_role("link", name=re.compile("Ada Applicant")).click()
    expect(office.get_by_text("Giving feedback without dread.")).to_be_visible()
    expect(office.get_by_text("Gently, with examples")).to_be_visible()
    office.get_by_text("Add another Interview").click()
    office.locator("#id_interviews-0-held_on").fill("2027-01-15")
    office.locator("#id_interviews-0-recommendation").select_option("accept")
    office.locator("#id_interviews-0-notes").fill("Motivated and clear about her goals.")
    office.get_by_role("button", name="Accept").click()
    expect(office.get_by_text("is now “accepted” and has been e-mailed")).to_be_visible()

    application = Application.objects.get(user__email="ada@example.org")
    assert application.status == Application.Status.ACCEPTED
    assert Interview.objects.get(application=application).notes.startswith("Motivated")
    assert Enrolment.objects.filter(user=application.user, programme=programme).exists()

    # The applicant hears about it and finds the programme under "My programmes".
    welcome = mail.outbox[-1]
    assert welcome.to == ["ada@example.org"]
    assert "Welcome to Mentors for new managers" in welcome.subject
    my_programmes = re.search(r"https?://\S+/my-programmes/", welcome.body).group(0)
    page.goto(my_programmes)
    expect(page.get_by_role("heading", name="My programmes")).to_be_visible()
    expect(page.get_by_role("link", name="Mentors for new managers")).to_be_visible()
    expect(page.get_by_role("cell", name="Mentee")).to_be_visible()
