"""The review page's stable-matching parts in the real Chromium, checked with axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from intake.tests.factories import person
from matching import services
from matching.models import Preference
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant

from .factories import matching_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _serious(page, *selectors: str) -> list[str]:
    """Serious violations inside the parts this feature adds (the rest of the page is the
    review page's own business)."""
    context = {"include": [[selector] for selector in selectors]}
    found = Axe().run(page, context=context, options=OPTIONS).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in ("serious", "critical")]


def test_the_stable_objective_and_its_statement_are_accessible(live_server, page):
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    wishes = matching_programme(name="Wishes", matching_mode=Programme.MatchingMode.COORDINATOR)
    peers = matching_programme(name="Peers", kind=Programme.Kind.PEER)
    for programme in (wishes, peers):
        coordinator_grant(user=coordinator, programme=programme)
    mentee = person(wishes)
    mentor = person(wishes, Enrolment.Role.MENTOR)
    Preference.objects.create(chooser=mentee, chosen=mentor, rank=1)
    services.run_start(programme=wishes, by=coordinator, objective="stable")
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(live_server.url + reverse("admin:matching_programme", args=[wishes.pk]))
    expect(page.get_by_text("No mentee and mentor would both rather be together.")).to_be_visible()
    expect(page.get_by_label("Stable: no mentee and mentor would both rather be")).to_be_checked()
    assert _serious(page, "#run-form", "#stability") == []

    page.goto(live_server.url + reverse("admin:matching_programme", args=[peers.pk]))
    stable = page.get_by_label("Stable: no mentee and mentor would both rather be")
    expect(stable).to_be_disabled()
    expect(stable).to_have_accessible_description(
        "Stable matching needs both sides to rank each other: it is offered where a coordinator"
        " matches mentees with mentors and both give wishes, not in peer or request programmes."
    )
    assert _serious(page, "#run-form") == []
