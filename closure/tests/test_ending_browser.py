"""In the real Chromium: a mentee ends the relationship early from the workspace; the
mentor's e-mail has the kind word and not the reason; the coordinator follows the e-mail
to the match, opens the reason, and the opening is logged. axe-core finds no serious or
critical WCAG 2.1 A/AA violation on the end page (also refused, and ended), in English
and in Swedish, nor on the coordinator's reason page."""

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
from relationships.models import ConfidentialRead, Match
from relationships.services import match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "We never found a time that suited us both."
KIND_WORD = "Thank you, Maja: your advice on my first team meeting was gold."


def user(email: str, name: str, language: str = "en"):
    return UserFactory(email=email, display_name=name, preferred_language=language)


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=150),
    )
    cora = user("cora@example.org", "Cora Coordinator")
    coordinator_grant(user=cora, programme=programme)

    def pair(mentor, mentee):
        return match_create(
            programme=programme,
            mentor=person(programme, Enrolment.Role.MENTOR, user=mentor),
            mentees=[person(programme, user=mentee)],
            origin="manual",
            by=cora,
        )

    ours = pair(user("maja@example.org", "Maja Mentor"), user("adam@example.org", "Adam Adept"))
    swedish = pair(
        user("sven@example.org", "Sven Svensson", "sv"),
        user("saga@example.org", "Saga Sandberg", "sv"),
    )
    return {"match": ours, "swedish": swedish}


def test_a_mentee_ends_early_the_mentor_hears_kindly_the_coordinator_reads_the_reason(
    live_server, page, world, settings, mailoutbox
):
    settings.SITE_URL = live_server.url  # links in e-mails lead back to this server
    base, match = live_server.url, world["match"]
    page.set_default_timeout(15_000)
    mailoutbox.clear()  # the introductions
    problems = {}

    def check(name):
        if found := browser.serious(page):
            problems[name] = found

    # Adam finds the way from the workspace; the page offers a pause first.
    browser.sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/")
    page.get_by_role("link", name="End the relationship early").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End the relationship early")
    expect(page.get_by_role("link", name="Pause the relationship instead")).to_be_visible()
    check("adam: the end page")

    # Sent without anything: each missing piece is named.
    page.get_by_role("button", name="End the relationship").click()
    expect(page.get_by_text("Choose what comes closest, or “Other”.")).to_be_visible()
    expect(page.get_by_text("Tick the box to confirm that you end it.")).to_be_visible()
    check("adam: the end page, refused")
    match.refresh_from_db()
    assert match.is_current and not mailoutbox

    page.get_by_label("Not enough time").check()
    page.get_by_label("Why you end it, in your own words").fill(REASON)
    page.get_by_label("A kind word to the others").fill(KIND_WORD)
    page.get_by_label("I understand that this ends the relationship").check()
    page.get_by_role("button", name="End the relationship").click()
    page.wait_for_url(re.compile(r"/my-programmes/$"))
    expect(
        page.get_by_text("Your relationship has ended. We have told Maja Mentor")
    ).to_be_visible()
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED_EARLY and match.end_category == "no_time"

    page.goto(f"{base}/relationships/{match.pk}/end/")
    expect(page.locator("#ended-already")).to_contain_text("You ended this relationship on")
    check("adam: the end page, ended")

    # Maja's e-mail: Adam's kind word, never his reason.
    to_maja = next(m for m in mailoutbox if m.to == ["maja@example.org"])
    assert KIND_WORD in to_maja.body and "Adam Adept has ended" in to_maja.body
    assert REASON not in to_maja.body and REASON not in to_maja.alternatives[0].content

    # Cora follows her e-mail to the match and opens the reason: the opening is logged.
    to_cora = next(m for m in mailoutbox if m.to == ["cora@example.org"])
    assert REASON not in to_cora.body
    link = re.search(r"https?://\S+/admin/relationships/match/\d+/change/", to_cora.body)
    page.context.clear_cookies()
    browser.sign_in(page, base, "cora@example.org")
    page.goto(link.group(0))
    expect(page.get_by_text("Not enough time")).to_be_visible()
    expect(page.get_by_text(REASON)).to_have_count(0)
    page.get_by_role("link", name="Read the reason (the opening is logged)").click()
    expect(page.locator("#end-reason")).to_contain_text(REASON)
    expect(page.locator("#end-reason-reads")).to_contain_text("Cora Coordinator")
    check("cora: the reason")
    read = ConfidentialRead.objects.get(match=match)
    assert read.item == ConfidentialRead.Item.END_REASON and read.reader.email == "cora@example.org"
    page.get_by_role("link", name=re.compile("^Rematch")).click()
    expect(page).to_have_url(
        re.compile(rf"/admin/matching/matchingrun/programme/{match.programme_id}/$")
    )

    # In Swedish: Saga's end page, refused.
    swedish = world["swedish"]
    page.context.clear_cookies()
    browser.sign_in(page, base, "saga@example.org")
    page.goto(f"{base}/relationships/{swedish.pk}/end/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    check("saga: the end page (sv)")
    page.locator("form button.btn-danger").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    check("saga: the end page, refused (sv)")

    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
