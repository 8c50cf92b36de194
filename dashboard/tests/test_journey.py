"""The issue's journey in the real Chromium: a coordinator builds a mid-point survey in the
admin and publishes it; the two members of a pair answer it; the dashboard shows its
response rate and score; a relationship with no meeting for five weeks stands in the inbox
as at risk, with the reason in words; and the relationships' export opens with the
expected rows."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests import browser
from accounts.tests.factories import UserFactory
from evaluations.survey_models import Survey
from intake.tests.factories import person
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match
from relationships.services import match_create

from .conftest import noon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pair(programme, mentor: str, mentee: str, email_stem: str) -> Match:
    people = [
        person(
            programme,
            role,
            user=UserFactory(email=f"{email_stem}.{role}@example.org", display_name=name),
            applied=False,
        )
        for role, name in ((Enrolment.Role.MENTOR, mentor), (Enrolment.Role.MENTEE, mentee))
    ]
    match = match_create(
        programme=programme, mentor=people[0], mentees=[people[1]], origin="manual", by=None
    )
    Match.objects.filter(pk=match.pk).update(started_at=noon(70), status=Match.Status.ACTIVE)
    return match


@pytest.fixture
def world(db, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0  # the page as it is at each step
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        slug="leaders-2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=80),
        ends_on=today + timedelta(days=80),
        midpoint_on=today,
        agreement_required=False,
    )
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    meeting = pair(programme, "Maja Mentor", "Adam Adept", "adam")
    quiet = pair(programme, "Nils Nilsson", "Bo Berg", "bo")
    MeetingFactory(match=meeting, starts_at=noon(6), status=Meeting.Status.HELD)
    MeetingFactory(match=quiet, starts_at=noon(36), status=Meeting.Status.HELD)
    return {"programme": programme, "quiet": quiet}


def test_survey_answers_reach_the_dashboard_and_a_quiet_pair_its_inbox(live_server, page, world):
    base, programme = live_server.url, world["programme"]
    page.set_default_timeout(20_000)

    # The coordinator builds the mid-point survey: named, two questions, both languages.
    browser.sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/evaluations/survey/add/")
    page.locator("#id_programme").select_option(str(programme.pk))
    page.locator("#id_title_en").fill("Half-way survey")
    page.locator("#id_title_sv").fill("Halvtidsenkät")
    page.locator("#id_audience").select_option("everyone")
    page.locator("#id_status").select_option(Survey.Status.PUBLISHED)
    page.locator("#id_timing").select_option(Survey.Timing.MIDPOINT)
    page.locator("#id_anonymous").uncheck()
    page.locator(".add-row a").click()
    page.locator("#id_questions-0-position").fill("1")
    page.locator("#id_questions-0-kind").select_option("scale")
    page.locator("#id_questions-0-text_en").fill("How useful are your meetings?")
    page.locator("#id_questions-0-text_sv").fill("Hur givande är era möten?")
    page.locator(".add-row a").click()
    page.locator("#id_questions-1-position").fill("2")
    page.locator("#id_questions-1-kind").select_option("nps")
    page.locator("#id_questions-1-text_en").fill("Would you recommend the programme?")
    page.locator("#id_questions-1-text_sv").fill("Skulle du rekommendera programmet?")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Half-way survey")
    survey = Survey.objects.get(title_en="Half-way survey")
    assert survey.questions.count() == 2

    # Adam and Maja answer it.
    for email, score, nps in (
        ("adam.mentee@example.org", "4", "9"),
        ("adam.mentor@example.org", "5", "10"),
    ):
        page.context.clear_cookies()
        browser.sign_in(page, base, email)
        page.goto(f"{base}/surveys/")
        page.get_by_role("link", name="Half-way survey").click()
        page.get_by_role("group", name="How useful are your meetings?").get_by_label(score).check()
        page.get_by_role("group", name="Would you recommend the programme?").get_by_label(
            nps
        ).check()
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_text("Thank you! Your answers are saved.")).to_be_visible()

    # The dashboard: 2 of 4 answered (50 %), scoring 4.5 of 5, NPS 100; Bo and Nils at risk.
    page.context.clear_cookies()
    browser.sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/programs/programme/{programme.pk}/")
    page.get_by_role("link", name="Dashboard").last.click()
    surveys = page.locator("table.surveys")
    expect(surveys).to_contain_text("Half-way survey")
    expect(surveys).to_contain_text("2 of 4")
    expect(surveys).to_contain_text("50%")
    expect(surveys).to_contain_text("How useful are your meetings?: 4.5 of 5")
    expect(page.locator("#chart-nps")).to_contain_text("100")
    at_risk = page.locator("#inbox-health tr", has_text="Bo Berg")
    expect(at_risk).to_contain_text("At risk")
    expect(at_risk).to_contain_text("No meeting in 36 days")
    expect(page.locator("#inbox-health")).not_to_contain_text("Adam Adept")

    # The relationships' export: a header and both pairs, the quiet one at risk.
    with page.expect_download() as download:
        page.get_by_role("link", name="Relationships: CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["relationship", "programme", "members"]
    assert len(rows) == 3
    quiet = next(row for row in rows if row[0] == str(world["quiet"].pk))
    # Its health and reasons, then why it ended early (empty: it has not).
    assert quiet[12:] == ["At risk", "No meeting in 36 days", ""]
