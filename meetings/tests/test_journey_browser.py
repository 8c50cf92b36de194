"""End to end in the real Chromium: a meeting planned and accepted, an agenda from the
topic bank, the meeting marked held with a shared note and a private reflection that only
its author reads; a series created and one of its meetings moved."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.tests import browser
from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from meetings.models import Meeting, Series, Topic
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.services import match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    """Afresh, as ``email``."""
    page.context.clear_cookies()
    browser.sign_in(page, base, email)


@pytest.fixture
def pair(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=200),
        agreement_required=False,
    )
    maja = person(
        programme,
        Enrolment.Role.MENTOR,
        user=UserFactory(email="maja@example.org", display_name="Maja Mentor"),
    )
    adam = person(programme, user=UserFactory(email="adam@example.org", display_name="Adam Adept"))
    Topic.objects.get_or_create(
        programme=programme, title_en="Salary negotiation", defaults={"title_sv": "Löneförhandling"}
    )
    return match_create(programme=programme, mentor=maja, mentees=[adam], origin="manual", by=None)


def test_a_meeting_from_plan_to_notes_and_a_series_with_one_meeting_moved(live_server, page, pair):
    base, match = live_server.url, pair
    page.set_default_timeout(15_000)
    meetings = f"{base}/relationships/{match.pk}/meetings/"
    yesterday = timezone.localdate() - timedelta(days=1)

    # Adam proposes a meeting (yesterday, so that it can be marked held today).
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/")
    page.get_by_role("link", name="Plan your first meeting").click()
    page.get_by_label("Day").fill(yesterday.isoformat())
    page.get_by_label("Time").fill("17:00")
    page.get_by_label("How you meet").select_option("in_person")
    page.get_by_label("Place or video link").fill("Café Blom")
    page.get_by_role("button", name="Propose the meeting").click()
    expect(page.get_by_text("Your proposal is sent.")).to_be_visible()
    meeting_url = page.url

    # He adds agenda items, one from the topic bank.
    page.get_by_label("Or choose from the topic bank").select_option(label="Salary negotiation")
    page.get_by_role("button", name="Add to the agenda").click()
    page.get_by_label("A topic in your own words").fill("My first month as a manager")
    page.get_by_role("button", name="Add to the agenda").click()
    agenda = page.locator("#agenda")
    expect(agenda).to_contain_text("Salary negotiation")
    expect(agenda).to_contain_text("My first month as a manager")

    # Maja accepts it: planned.
    sign_in(page, base, "maja@example.org")
    page.goto(meeting_url)
    expect(page.locator("#agenda")).to_contain_text("Salary negotiation")
    page.get_by_role("button", name="Accept this time").click()
    expect(page.get_by_text("You have accepted. The meeting is planned.")).to_be_visible()

    # Adam marks it held and writes a shared note and a private reflection.
    sign_in(page, base, "adam@example.org")
    page.goto(meeting_url)
    page.get_by_label("How long it lasted (minutes)").fill("75")
    page.get_by_role("button", name="Yes, we met").click()
    expect(page.get_by_text("Marked as held.")).to_be_visible()
    page.get_by_label("Your note for everyone in the relationship").fill(
        "We agreed on a salary range."
    )
    page.get_by_role("button", name="Save the note").click()
    page.get_by_label("Your private reflection").fill("I was nervous about asking.")
    page.get_by_role("button", name="Save the reflection").click()
    expect(page.get_by_text("I was nervous about asking.")).to_be_visible()
    meeting = Meeting.objects.get()
    assert (meeting.status, meeting.held_minutes) == (Meeting.Status.HELD, 75)

    # Maja reads the shared note, never the reflection.
    sign_in(page, base, "maja@example.org")
    page.goto(meeting_url)
    expect(page.get_by_text("We agreed on a salary range.")).to_be_visible()
    expect(page.get_by_text("I was nervous about asking.")).to_have_count(0)
    assert "I was nervous" not in page.content()

    # Maja plans regular meetings; Adam moves one of them.
    page.goto(meetings)
    page.get_by_role("link", name="Plan regular meetings").click()
    first = timezone.localdate() + timedelta(days=7)
    page.get_by_label("First meeting").fill(first.isoformat())
    page.get_by_label("Time").fill("17:00")
    page.get_by_label("Repeats").select_option("fortnightly")
    page.get_by_label("Until").fill((first + timedelta(days=56)).isoformat())
    page.get_by_label("How you meet").select_option("video")
    page.get_by_role("button", name="Propose the meetings").click()
    expect(page.get_by_text("5 meetings are proposed.")).to_be_visible()
    series = Series.objects.get()
    second = series.meetings.order_by("starts_at")[1]

    sign_in(page, base, "adam@example.org")
    page.goto(f"{meetings}{second.pk}/")
    page.get_by_role("button", name="Accept every meeting of the series").click()
    page.get_by_role("link", name="Move this meeting").click()
    moved_day = timezone.localtime(second.starts_at).date() + timedelta(days=1)
    page.get_by_label("Day").fill(moved_day.isoformat())
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_text("The meeting is changed")).to_be_visible()

    second.refresh_from_db()
    assert timezone.localtime(second.starts_at).date() == moved_day
    assert second.occurrence != second.starts_at and second.series_id == series.pk
    assert series.meetings.exclude(pk=second.pk).filter(status=Meeting.Status.PLANNED).count() == 4
