"""axe-core in the real Chromium on the coordinators' follow-up pages — the list, a
follow-up's page with its log, the form refused with its errors, and asking for one — and
on the relationship's admin page with its follow-up column: no serious or critical WCAG
2.1 A/AA violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.browser import serious, signed_in_problems
from accounts.tests.factories import UserFactory
from evaluations import services
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
        name="Entrepreneurs",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=120),
    )
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    matches = []
    for mentor, mentee in (("Karl Mentor", "Lina Mentee"), ("Maria Mentor", "Maja Mentee")):
        match = match_create(
            programme=programme,
            mentor=person(programme, Enrolment.Role.MENTOR, mentor),
            mentees=[person(programme, Enrolment.Role.MENTEE, mentee)],
            origin="manual",
            by=None,
        )
        Match.objects.filter(pk=match.pk).update(started_at=timezone.now() - timedelta(days=50))
        match.refresh_from_db()
        matches.append(match)
    done = services.follow_up_ask(match=matches[0], due_on=today - timedelta(days=5), by=None)
    services.follow_up_log(
        follow_up=done,
        by=coordinator,
        done_on=today - timedelta(days=2),
        channel="phone",
        note="Going well.",
        next_due_on=today + timedelta(days=30),
    )
    due = services.follow_up_ask(match=matches[1], due_on=today, by=None)
    return {"coordinator": coordinator, "done": done, "due": due, "match": matches[1]}


def test_the_follow_up_pages_pass_axe(live_server, page, world):
    base = live_server.url
    change = f"/admin/evaluations/followup/{world['due'].pk}/change/"
    paths = [
        "/admin/evaluations/followup/",
        "/admin/evaluations/followup/?state=open",
        change,
        f"/admin/evaluations/followup/{world['done'].pk}/change/",
        "/admin/evaluations/followup/add/",
        f"/admin/relationships/match/{world['match'].pk}/change/",
    ]
    problems = signed_in_problems(page, base, world["coordinator"].email, paths, "coordinator")
    # The log refused: a day in the future and no channel.
    page.goto(base + change)
    page.locator("#id_done_on").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".errorlist")
    if found := serious(page):
        problems["coordinator: a log refused"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
