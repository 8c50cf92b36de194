"""axe-core in the real Chromium on the participant pages this change moved: no serious or
critical WCAG 2.1 A/AA violation for the roles that see them."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.tests.factories import PASSWORD, UserFactory
from events.tests.factories import EventFactory
from intake.tests.factories import ApplicationFactory
from programs.models import Enrolment, Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def serious(page) -> list[str]:
    found = AXE.run(page, options=OPTIONS).response["violations"]
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_a_mentees_moved_pages_pass_axe(live_server, page):
    programme = ProgrammeFactory(name="Mentors for new managers", status=Programme.Status.MATCHING)
    mentee = UserFactory(email="adam@example.org", display_name="Adam Adept")
    EnrolmentFactory(programme=programme, user=mentee, role=Enrolment.Role.MENTEE)
    EnrolmentFactory(programme=programme, role=Enrolment.Role.MENTOR, capacity=2)
    application = ApplicationFactory(programme=programme, user=mentee, status="accepted")
    event = EventFactory(programme=programme, title="Kick-off evening")
    base = live_server.url
    sign_in(page, base, mentee.email)

    pages = [
        "/my-programmes/",
        "/events/",
        f"/events/{event.pk}/",
        "/resources/",
        f"/applications/{application.pk}/",
        f"/programmes/{programme.slug}/",
        f"/programmes/{programme.slug}/wishes/",
        "/admin/login/",  # "for coordinators only"
    ]
    problems = {}
    for path in pages:
        page.goto(base + path)
        found = serious(page)
        if found:
            problems[path] = found
    assert problems == {}

    # The check itself works: an image without a text alternative is reported.
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt") for line in serious(page))


def test_a_coordinators_site_pages_pass_axe(live_server, page):
    from programs.services import coordinator_grant

    programme = ProgrammeFactory(name="Mentors for new managers", status=Programme.Status.MATCHING)
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    event = EventFactory(programme=programme, title="Kick-off evening", published=False)
    base = live_server.url
    sign_in(page, base, coordinator.email)

    problems = {}
    for path in ("/my-programmes/", "/events/", f"/events/{event.pk}/", "/resources/"):
        page.goto(base + path)
        found = serious(page)
        if found:
            problems[path] = found
    assert problems == {}
