"""In the real Chromium: axe on the mid-point review page (the form, its refusal, and both
reviews read), the report page (the form and its errors), the workspace with its card, and
the coordinators' reports admin; and the pair's journey — both write their review and each
then reads the other's."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.browser import serious, sign_in, signed_in_problems
from accounts.tests.factories import UserFactory
from evaluations import review_services
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
        starts_on=today - timedelta(days=90),
        ends_on=today + timedelta(days=90),
        report_every_weeks=2,
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
    Match.objects.filter(pk=match.pk).update(started_at=timezone.now() - timedelta(days=100))
    match.refresh_from_db()
    return match


def test_the_review_and_report_pages_pass_axe(live_server, page, world):
    base, match = live_server.url, world
    mentee = match.members.get(role="mentee")
    mentor = match.members.get(role="mentor")
    review_services.midpoint_review_write(member=mentor, good="Good talks.", better="More time.")
    report = review_services.participant_report_write(
        member=mentor, period=6, how_going=4, meetings_since=2, to_coordinator="All well."
    )
    paths = [
        f"/relationships/{match.pk}/",
        f"/relationships/{match.pk}/review/",
        f"/relationships/{match.pk}/report/",
    ]
    problems = signed_in_problems(page, base, "adam@example.org", paths, "mentee")
    # The review refused (empty), then the report refused (no choice).
    page.goto(f"{base}/relationships/{match.pk}/review/")
    page.get_by_role("button", name="Save my review").click()
    page.wait_for_selector(".invalid-feedback")
    if found := serious(page):
        problems["mentee: the review refused"] = found
    page.goto(f"{base}/relationships/{match.pk}/report/")
    page.get_by_role("button", name="Send to the coordinator").click()
    page.wait_for_selector(".invalid-feedback")
    if found := serious(page):
        problems["mentee: the report refused"] = found
    # Maja, who wrote hers: the review read, and her report sent.
    problems |= signed_in_problems(page, base, "maja@example.org", paths[1:], "mentor")
    problems |= signed_in_problems(
        page,
        base,
        "cora@example.org",
        [
            "/admin/evaluations/participantreport/",
            f"/admin/evaluations/participantreport/{report.pk}/change/",
            f"/admin/relationships/match/{match.pk}/change/",
        ],
        "coordinator",
    )
    assert mentee  # the mentee's pages were read above
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_both_write_their_review_and_read_each_others(live_server, page, world):
    base, match = live_server.url, world
    page.set_default_timeout(15_000)

    page.context.clear_cookies()
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/")
    expect(page.locator("#midpoint-review-card")).to_contain_text("Mid-point review: open")
    page.locator("#midpoint-review-card").get_by_role(
        "link", name="Write your mid-point review"
    ).click()
    page.get_by_label("What has been good so far?").fill("Adam: Maja listens well.")
    page.get_by_label("What can be better?").fill("Adam: meet more often.")
    page.get_by_label(re.compile("What do we change")).fill("Adam: every second week.")
    page.get_by_role("button", name="Save my review").click()
    expect(page.get_by_text("Nobody else has written theirs yet")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "maja@example.org")
    page.goto(f"{base}/relationships/{match.pk}/review/")
    expect(page.get_by_text("One of the others has written theirs")).to_be_visible()
    expect(page.get_by_text("Adam: Maja listens well.")).to_have_count(0)
    page.get_by_label("What has been good so far?").fill("Maja: Adam comes prepared.")
    page.get_by_label("What can be better?").fill("Maja: shorter agendas.")
    page.get_by_role("button", name="Save my review").click()
    expect(page.get_by_text("Adam: Maja listens well.")).to_be_visible()
    expect(page.get_by_text("Maja: Adam comes prepared.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/review/")
    expect(page.get_by_text("Maja: Adam comes prepared.")).to_be_visible()
    page.goto(f"{base}/relationships/{match.pk}/")
    expect(page.locator("#midpoint-review-card")).to_contain_text("everyone has written theirs")

    # The coordinator sees that both wrote theirs, never what.
    page.context.clear_cookies()
    sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/relationships/match/{match.pk}/change/")
    expect(page.get_by_text(re.compile("2 of 2 written"))).to_be_visible()
    expect(page.get_by_text("Maja: Adam comes prepared.")).to_have_count(0)
