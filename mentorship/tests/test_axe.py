"""axe-core in the real Chromium on the participant pages this change moved: no serious or
critical WCAG 2.1 A/AA violation for the roles that see them."""

import pytest

from accounts.tests.browser import serious, sign_in
from accounts.tests.factories import UserFactory
from events.tests.factories import EventFactory
from intake.tests.factories import ApplicationFactory
from programs.models import Enrolment, Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
