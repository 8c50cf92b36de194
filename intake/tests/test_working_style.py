"""Working style in the application: asked as five optional 1–5 statements, shown in words."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake.models import Application
from intake.tests.factories import ApplicationFactory
from intake.tests.test_applications import complete_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org", display_name="Ada Applicant")


def apply_url(programme) -> str:
    return reverse("intake:apply", args=[programme.slug, "mentee"])


def test_the_form_asks_each_statement_as_a_scale_in_one_group(client, applicant, programme):
    client.force_login(applicant)

    page = client.get(apply_url(programme)).text

    assert "How you like to work" in page
    assert "find a partner who suits you" in page
    for _code, statement in Application.WorkingStyle.choices:
        assert str(statement) in page
    # Five radios per statement, named so the answers map back to their statement.
    assert page.count('name="style_structure"') == 5
    assert page.count('type="radio"') >= 25
    assert "Disagree" in page and "Agree" in page


def test_answers_are_saved_as_numbers_by_statement(client, applicant, programme):
    client.force_login(applicant)

    client.post(
        apply_url(programme),
        complete_answers(style_structure="5", style_feedback="1", style_change="3"),
    )

    application = Application.objects.get(user=applicant)
    assert application.status == Application.Status.SUBMITTED
    assert application.working_style == {"structure": 5, "feedback": 1, "change": 3}


def test_working_style_is_never_required_even_to_submit(client, applicant, programme):
    client.force_login(applicant)

    response = client.post(apply_url(programme), complete_answers())

    assert response.status_code == 302
    application = Application.objects.get(user=applicant)
    assert application.status == Application.Status.SUBMITTED
    assert application.working_style == {}


@pytest.mark.parametrize("forged", ["0", "6", "abc", "3.5", "99999999999999999999", ""])
def test_a_forged_answer_is_a_form_error_not_a_crash(client, applicant, programme, forged):
    client.force_login(applicant)

    response = client.post(apply_url(programme), complete_answers(style_balance=forged))

    if forged == "":
        assert response.status_code == 302  # no answer is a valid answer
        return
    assert response.status_code == 200
    assert "style_balance" in response.context["form"].errors
    assert not Application.objects.exists()


def test_unknown_statements_are_never_stored(client, applicant, programme):
    client.force_login(applicant)

    client.post(apply_url(programme), complete_answers(style_salary="5", style_change="4"))

    assert Application.objects.get(user=applicant).working_style == {"change": 4}


def test_a_draft_keeps_its_answers_and_shows_them_again(client, applicant, programme):
    client.force_login(applicant)
    client.post(apply_url(programme), {"style_reflection": "2", "action": "save"})
    application = Application.objects.get(user=applicant)
    assert application.working_style == {"reflection": 2}

    form = client.get(reverse("intake:application_edit", args=[application.pk])).context["form"]

    assert form["style_reflection"].value() == 2
    assert form["style_structure"].value() is None


def test_the_application_page_shows_the_answers_in_words(client, applicant, programme):
    application = ApplicationFactory(
        programme=programme, user=applicant, working_style={"structure": 4, "balance": 1}
    )
    client.force_login(applicant)

    page = client.get(application.get_absolute_url()).text

    assert "I like meetings with a clear agenda." in page
    assert "Partly agree (4 of 5)" in page
    assert "Disagree (1 of 5)" in page
    assert "I enjoy change and trying new things." not in page  # not answered


def test_the_application_page_says_when_nothing_was_answered(client, applicant, programme):
    application = ApplicationFactory(programme=programme, user=applicant)
    client.force_login(applicant)

    assert "Not answered" in client.get(application.get_absolute_url()).text


def test_stray_stored_values_are_not_shown(client, applicant, programme):
    application = ApplicationFactory(
        programme=programme,
        user=applicant,
        working_style={"structure": 9, "feedback": True, "unknown": 3, "change": 5},
    )
    client.force_login(applicant)

    page = client.get(application.get_absolute_url()).text

    assert "Agree (5 of 5)" in page
    assert "9 of 5" not in page and "unknown" not in page
    assert "I want direct and frank feedback." not in page


def test_coordinator_reads_the_answers_in_words_in_the_admin(client, coordinator, programme):
    application = ApplicationFactory(
        programme=programme, working_style={"feedback": 5, "reflection": 3}
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:intake_application_change", args=[application.pk])).text

    assert "Working style and values" in page
    assert "I want direct and frank feedback." in page
    assert "Agree (5 of 5)" in page
    assert "Neither agree nor disagree (3 of 5)" in page
