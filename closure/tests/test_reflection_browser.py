"""In the real Chromium: axe on the closing reflection page (the form, its refusal, before
it opens, and the reflections read), the workspace with its card, and the coordinators'
relationship page with its facts — in English and Swedish; and the pair's journey after a
coordinator completed their relationship: both write theirs, and each then reads the
other's with the goal ratings."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.browser import serious, sign_in, signed_in_problems
from accounts.tests.factories import UserFactory
from closure.tests.reflection_helpers import write
from goals.tests.factories import GoalFactory
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match, MatchMember
from relationships.services import match_complete, match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=170),
        ends_on=today + timedelta(days=40),
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
    Match.objects.filter(pk=match.pk).update(started_at=timezone.now() - timedelta(days=160))
    match.refresh_from_db()
    mentee = match.members.get(role="mentee")
    GoalFactory(match=match, author=mentee, title="Lead the budget round")
    GoalFactory(match=match, author=mentee, title="Hire my first team member")
    return match


def _pages(page, base, match, who, email, language):
    path = f"/relationships/{match.pk}/closing/"
    problems = signed_in_problems(
        page, base, email, [f"/relationships/{match.pk}/", path], f"{who} ({language})"
    )
    return problems


def test_the_closing_reflection_pages_pass_axe(live_server, page, world):
    base, match = live_server.url, world
    path = f"/relationships/{match.pk}/closing/"
    # Before it opens (the programme ends in 40 days).
    problems = _pages(page, base, match, "mentee, not open", "adam@example.org", "en")
    match_complete(match=match, by=None)
    mentor = MatchMember.objects.select_related("match__programme").get(match=match, role="mentor")
    write(mentor, way_of_working="Maja: fortnightly worked.")
    for language in ("en", "sv"):
        UserFactory._meta.model.objects.filter(
            email__in=["adam@example.org", "maja@example.org", "cora@example.org"]
        ).update(preferred_language=language)
        problems |= _pages(page, base, match, "mentee, the form", "adam@example.org", language)
        page.goto(base + path)
        page.locator("button[type=submit].btn-primary").last.click()
        page.wait_for_selector(".invalid-feedback")
        if found := serious(page):
            problems[f"mentee ({language}): the form refused"] = found
        problems |= _pages(page, base, match, "mentor, read", "maja@example.org", language)
        problems |= signed_in_problems(
            page,
            base,
            "cora@example.org",
            ["/admin/relationships/match/", f"/admin/relationships/match/{match.pk}/change/"],
            f"coordinator ({language})",
        )
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def _write(page, *, achieved, way, going_on, goals=True):
    page.get_by_label("What did you achieve? (optional)").fill(achieved)
    if goals:
        for fieldset in page.locator("fieldset.goal-rating").all():
            fieldset.get_by_label("Reached", exact=True).check()
            fieldset.get_by_label("Where were you when you set it?").select_option("2")
            fieldset.get_by_label("Where are you now?").select_option("5")
    page.get_by_label("Did your way of working together work?").fill(way)
    page.get_by_label("4 – Mostly").check()
    page.get_by_label("What next, and how do you go on on your own?").fill(going_on)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("How do you stay in touch? (optional)").fill("Coffee once a term.")
    page.get_by_role("button", name="Save my closing reflection").click()


def test_both_write_their_reflection_and_read_each_others(live_server, page, world):
    base, match = live_server.url, world
    page.set_default_timeout(15_000)
    match_complete(match=match, by=None)

    page.context.clear_cookies()
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/")
    card = page.locator("#closing-reflection-card")
    expect(card).to_contain_text("Closing reflection: open")
    page.get_by_role("link", name="Write your closing reflection").first.click()
    expect(page.get_by_text("Lead the budget round")).to_be_visible()
    _write(
        page,
        achieved="Adam: I led the budget round.",
        way="Adam: every second week worked.",
        going_on="Adam: a planning hour on Fridays.",
    )
    expect(page.get_by_text("Nobody else has written theirs yet")).to_be_visible()
    expect(page.get_by_text("Adam: I led the budget round.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "maja@example.org")
    page.goto(f"{base}/relationships/{match.pk}/closing/")
    expect(page.get_by_text("Adam Adept has written a closing reflection")).to_be_visible()
    expect(page.get_by_text("Adam: I led the budget round.")).to_have_count(0)
    _write(
        page,
        achieved="Maja: I learned to ask, not tell.",
        way="Maja: Adam always came prepared.",
        going_on="Maja: I mentor again next year.",
        goals=False,
    )
    expect(page.get_by_text("Adam: I led the budget round.")).to_be_visible()
    expect(page.get_by_text("Maja: Adam always came prepared.")).to_be_visible()
    expect(page.locator("td", has_text="Lead the budget round")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/closing/")
    expect(page.get_by_text("Maja: Adam always came prepared.")).to_be_visible()
    page.goto(f"{base}/relationships/{match.pk}/")
    expect(page.locator("#closing-reflection-card")).to_contain_text("everyone has written theirs")

    # The coordinator sees that both wrote theirs, never what.
    page.context.clear_cookies()
    sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/relationships/match/{match.pk}/change/")
    expect(page.get_by_text("2 of 2 written, last", exact=False).first).to_be_visible()
    expect(page.get_by_text("Maja: Adam always came prepared.")).to_have_count(0)
