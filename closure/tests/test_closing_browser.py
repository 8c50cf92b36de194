"""axe-core in the real Chromium on closing's pages — the coordinator's "Close programme"
page with what is still open, its closed state, "Mark completed", the alumni list and the
programme page with its closing settings; the member's "after" page before and after
joining the alumni, in English and in Swedish: no serious or critical WCAG 2.1 A/AA
violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.browser import serious, sign_in, signed_in_problems
from accounts.tests.factories import UserFactory
from events.models import Event
from events.tests.factories import EventFactory
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.services import match_create
from resources.tests.factories import ResourceFactory

from ..alumni_models import Alumnus
from ..closing_models import ProgrammeClosing
from ..closing_services import programme_close

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _programme(name: str, slug: str, coordinator) -> tuple:
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name=name,
        slug=slug,
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=170),
        ends_on=today - timedelta(days=1),
    )
    coordinator_grant(user=coordinator, programme=programme)
    members = []
    for mentor, mentee in (("Karl Mentor", "Lina Adept"), ("Maria Mentor", "Maja Adept")):
        mentor_person = person(programme, Enrolment.Role.MENTOR, f"{mentor} {slug}")
        mentee_person = person(programme, Enrolment.Role.MENTEE, f"{mentee} {slug}")
        match_create(
            programme=programme,
            mentor=mentor_person,
            mentees=[mentee_person],
            origin="manual",
            by=None,
        )
        members.append(mentee_person.user)
    EventFactory(
        programme=programme,
        kind=Event.Kind.CLOSING,
        title="Closing ceremony",
        starts_at=timezone.now() + timedelta(days=10),
    )
    return programme, members


@pytest.fixture
def world(db):
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    open_one, _ = _programme("Leaders 2027", "leaders-2027", coordinator)
    closed, (lina, maja) = _programme("Leaders 2026", "leaders-2026", coordinator)
    later = ProgrammeFactory(name="Leaders 2028", status=Programme.Status.INTAKE_OPEN)
    coordinator_grant(user=coordinator, programme=later)
    closing = ProgrammeClosing.objects.create(programme=closed, next_programme=later)
    closing.resources.set([ResourceFactory(programme=closed, title="Going on alone")])
    programme_close(programme=closed, by=coordinator)
    maja.preferred_language = "sv"
    maja.save()
    Alumnus.objects.create(user=maja, programme=closed)
    match = open_one.matches.first()
    return {
        "coordinator": coordinator,
        "open": open_one,
        "closed": closed,
        "match": match,
        "lina": lina,
        "maja": maja,
    }


def test_the_closing_pages_pass_axe(live_server, page, world):
    base = live_server.url
    open_id, closed_id = world["open"].pk, world["closed"].pk
    paths = [
        f"/admin/programs/programme/{open_id}/close/",
        f"/admin/programs/programme/{closed_id}/close/",
        f"/admin/programs/programme/{open_id}/change/",
        f"/admin/relationships/match/{world['match'].pk}/complete/",
        "/admin/closure/alumnus/",
    ]
    problems = signed_in_problems(page, base, world["coordinator"].email, paths, "coordinator")
    after = "/programmes/leaders-2026/after/"
    problems |= signed_in_problems(page, base, world["lina"].email, [after], "member (en)")
    # Lina joins the alumni: the page with her choice and "Leave the alumni".
    page.get_by_role("button", name="Join the alumni").click()
    page.wait_for_selector("#alumni-status")
    if found := serious(page):
        problems["member (en): after joining"] = found
    page.context.clear_cookies()
    sign_in(page, base, world["maja"].email)
    page.goto(base + after)
    assert page.locator("html").get_attribute("lang") == "sv"
    if found := serious(page):
        problems["member (sv): after, an alumna"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
