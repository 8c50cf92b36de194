"""In the real Chromium: a mentee answers an open survey from *My programmes* to the
thank-you; and axe-core on every survey page — the member's list, the form, the form
refused with its errors, a refusal, and the coordinators' list, builder, copy step and
results: no serious or critical WCAG 2.1 A/AA violation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests import browser
from accounts.tests.browser import serious, signed_in_problems
from accounts.tests.factories import UserFactory
from evaluations.survey_models import SurveyReceipt, SurveyResponse
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.services import match_create

from .survey_fixtures import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=120),
        midpoint_on=today - timedelta(days=1),
        agreement_required=False,
    )
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    maja = person(
        programme,
        Enrolment.Role.MENTOR,
        user=UserFactory(email="maja@example.org", display_name="Maja Mentor"),
        applied=False,
    )
    adam = person(
        programme,
        user=UserFactory(email="adam@example.org", display_name="Adam Adept"),
        applied=False,
    )
    match_create(programme=programme, mentor=maja, mentees=[adam], origin="manual", by=None)
    survey = make_survey(programme)
    mentors_only = make_survey(programme, audience="mentor", title_en="For mentors")
    return {"coordinator": coordinator, "survey": survey, "mentors_only": mentors_only}


def test_a_mentee_answers_an_open_survey(live_server, page, world):
    base, survey = live_server.url, world["survey"]
    page.set_default_timeout(15_000)
    browser.sign_in(page, base, "adam@example.org")

    page.goto(f"{base}/my-programmes/")
    page.get_by_role("link", name="Answer the surveys").click()
    page.get_by_role("link", name="Mid-point survey").click()
    expect(page.get_by_text("This survey is anonymous.")).to_be_visible()

    page.get_by_role("button", name="Send my answers").click()  # nothing chosen yet
    expect(page.locator(".invalid-feedback").first).to_be_visible()

    page.get_by_role("group", name="How useful are your meetings?").get_by_label("4").check()
    page.get_by_role("group", name="Would you recommend the programme?").get_by_label("9").check()
    page.get_by_label("Video").check()
    page.get_by_label("Goals").check()
    page.get_by_label("Anything else?").fill("The agendas help a lot.")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_text("Thank you! Your answers are saved.")).to_be_visible()
    expect(page.locator("#answered-surveys")).to_contain_text("Mid-point survey")
    assert SurveyReceipt.objects.filter(survey=survey, user__email="adam@example.org").exists()
    response = SurveyResponse.objects.get()
    assert response.respondent is None
    assert {a.kind: (a.number, a.choices, a.text) for a in response.answers.all()} == {
        "scale": (4, [], ""),
        "nps": (9, [], ""),
        "single_choice": (None, [1], ""),
        "multiple_choice": (None, [1], ""),
        "text": (None, [], "The agendas help a lot."),
    }
    page.goto(f"{base}/surveys/{survey.pk}/midpoint/")
    expect(page.locator("#refusal")).to_contain_text("You have already answered this survey")


def test_the_survey_pages_pass_axe(live_server, page, world):
    base, survey = live_server.url, world["survey"]
    form = f"/surveys/{survey.pk}/midpoint/"
    problems = signed_in_problems(
        page,
        base,
        "adam@example.org",
        ["/surveys/", form, f"/surveys/{world['mentors_only'].pk}/midpoint/", "/my-programmes/"],
        "mentee",
    )
    page.goto(base + form)
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector(".invalid-feedback")
    if found := serious(page):
        problems["mentee: the form refused"] = found

    problems |= signed_in_problems(
        page,
        base,
        "cora@example.org",
        [
            "/admin/evaluations/survey/",
            f"/admin/evaluations/survey/{survey.pk}/change/",
            "/admin/evaluations/survey/add/",
            f"/admin/evaluations/survey/{survey.pk}/results/",
        ],
        "coordinator",
    )
    page.goto(base + "/admin/evaluations/survey/")
    page.locator(f"input[name=_selected_action][value='{survey.pk}']").check()
    page.locator("select[name=action]").select_option("copy_to_programme")
    page.locator("button[name=index]").click()
    page.wait_for_selector("#copied")
    if found := serious(page):
        problems["coordinator: the copy step"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
