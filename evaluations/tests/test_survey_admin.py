"""Surveys in the coordinators' admin: built with inline questions in both languages,
copied to another programme, and their results — their own programmes' only, anonymous
results as totals from three answers, never tied to a person."""

import re

import pytest
from django.urls import reverse

from evaluations.survey_models import Survey, SurveyQuestion

from .conftest import ROLES, as_
from .survey_fixtures import answer, make_survey

pytestmark = pytest.mark.django_db


def results_url(survey) -> str:
    return reverse("admin:evaluations_survey_results", args=[survey.pk])


def member(users, role):
    user = users[role]
    return user, user.enrolments.get().role


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programmes_coordinators_reach_its_surveys(client, users, survey, role):
    as_(client, users[role])
    pages = {
        "list": client.get(reverse("admin:evaluations_survey_changelist")),
        "change": client.get(reverse("admin:evaluations_survey_change", args=[survey.pk])),
        "results": client.get(results_url(survey)),
    }

    if role == "coordinator":
        assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
        assert "Mid-point survey" in pages["list"].text
        assert "How useful are your meetings?" in pages["change"].text
        assert "(sv) How useful are your meetings?" in pages["change"].text
    elif role == "other_coordinator":
        assert pages["list"].status_code == 200 and "Mid-point survey" not in pages["list"].text
        assert pages["change"].status_code == 302  # the admin's "does not exist"
        assert pages["results"].status_code == 404
        assert "How useful" not in pages["results"].text
    else:
        for response in pages.values():
            assert response.status_code == 302
            assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("odd", ["²", "99999999999999999999999", "-1"])
def test_odd_result_ids_are_missing(client, users, survey, odd):
    client.force_login(users["coordinator"])

    assert client.get(f"/admin/evaluations/survey/{odd}/results/").status_code == 404


def test_a_coordinator_builds_a_survey_with_questions_in_both_languages(client, users, running):
    client.force_login(users["coordinator"])
    add = reverse("admin:evaluations_survey_add")
    page = client.get(add)
    prefix = re.search(r'name="([\w-]+)-TOTAL_FORMS"', page.text).group(1)

    response = client.post(
        add,
        {
            "programme": running.pk,
            "title_en": "After the first meeting",
            "title_sv": "Efter första mötet",
            "intro_en": "",
            "intro_sv": "",
            "audience": "mentee",
            "status": "draft",
            "timing": "first_meeting",
            "every_weeks": "",
            "months_after": "",
            "open_days": 10,
            "anonymous": "on",
            f"{prefix}-TOTAL_FORMS": 2,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-0-position": 1,
            f"{prefix}-0-kind": "scale",
            f"{prefix}-0-text_en": "How was it?",
            f"{prefix}-0-text_sv": "Hur var det?",
            f"{prefix}-0-required": "on",
            f"{prefix}-1-position": 2,
            f"{prefix}-1-kind": "single_choice",
            f"{prefix}-1-text_en": "Where did you meet?",
            f"{prefix}-1-text_sv": "Var träffades ni?",
            f"{prefix}-1-choices_en": "Café\nOffice",
            f"{prefix}-1-choices_sv": "Kafé\nKontor",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    survey = Survey.objects.get(title_en="After the first meeting")
    assert (survey.programme, survey.audience, survey.open_days) == (running, "mentee", 10)
    assert list(survey.questions.values_list("kind", "text_sv")) == [
        ("scale", "Hur var det?"),
        ("single_choice", "Var träffades ni?"),
    ]


def test_a_survey_cannot_be_added_to_another_programme(client, users, other_programme):
    client.force_login(users["coordinator"])
    add = reverse("admin:evaluations_survey_add")
    prefix = re.search(r'name="([\w-]+)-TOTAL_FORMS"', client.get(add).text).group(1)

    response = client.post(
        add,
        {
            "programme": other_programme.pk,
            "title_en": "Sneaky",
            "audience": "everyone",
            "status": "draft",
            "timing": "midpoint",
            "open_days": 14,
            f"{prefix}-TOTAL_FORMS": 0,
            f"{prefix}-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200 and not Survey.objects.filter(title_en="Sneaky").exists()


def test_the_copy_action_copies_to_a_programme_of_ones_own(client, users, survey, other_programme):
    from programs.services import coordinator_grant
    from programs.tests.factories import ProgrammeFactory

    cora = users["coordinator"]
    second = ProgrammeFactory(name="Cora's second")
    coordinator_grant(user=cora, programme=second)
    client.force_login(cora)
    changelist = reverse("admin:evaluations_survey_changelist")
    data = {"action": "copy_to_programme", "_selected_action": [survey.pk]}

    asked = client.post(changelist, data)
    foreign = client.post(
        changelist, {**data, "copy_confirmed": 1, "programme": other_programme.pk}
    )
    done = client.post(changelist, {**data, "copy_confirmed": 1, "programme": second.pk})

    assert asked.status_code == 200 and "Cora&#x27;s second" in asked.text
    assert "Programme B" not in asked.text
    assert foreign.status_code == 200 and not Survey.objects.filter(programme=other_programme)
    assert done.status_code == 302
    copy = Survey.objects.get(programme=second)
    assert copy.status == "draft" and copy.questions.count() == 5


def test_anonymous_results_are_hidden_below_three_answers(client, users, survey):
    client.force_login(users["coordinator"])
    for role in ("member", "other_member"):
        answer(survey, *member(users, role), scale=5, text="A secret <b>remark</b>")

    page = client.get(results_url(survey)).text

    assert "2 of 4 invited have answered" in page
    assert "fewer than 3 people have answered, so no results are shown" in page
    assert "secret" not in page and "mean" not in page


def test_anonymous_results_from_three_answers_carry_no_names(client, users, survey):
    client.force_login(users["coordinator"])
    for role, scale, nps in (("member", 5, 10), ("other_member", 4, 9), ("member_elsewhere", 3, 2)):
        answer(survey, *member(users, role), scale=scale, nps=nps, text=f"Words of {role} <b>x</b>")

    page = client.get(results_url(survey)).text

    assert "3 of 4 invited have answered (75 %)" in page
    assert "mean 4.0 of 5" in page
    assert "recommendation score (NPS) 33" in page  # 2 promoters, 1 detractor of 3
    assert "Words of member_elsewhere &lt;b&gt;x&lt;/b&gt;" in page
    for name in ("Adam Adept", "Maja Mentor", "Bo Berg"):
        assert name not in page


def test_named_results_show_who_answered(client, users, midway):
    client.force_login(users["coordinator"])
    survey = make_survey(midway, anonymous=False)
    answer(survey, *member(users, "member"), text="Named words")

    page = client.get(results_url(survey)).text

    assert "<strong>Adam Adept</strong>: Named words" in page
    assert "mean 4.0 of 5" in page


def test_an_answered_question_cannot_be_deleted_nor_its_survey(client, users, survey):
    answer(survey, *member(users, "member"))
    client.force_login(users["coordinator"])

    deleted = client.post(
        reverse("admin:evaluations_survey_delete", args=[survey.pk]), {"post": "yes"}
    )

    assert deleted.status_code == 403
    assert Survey.objects.filter(pk=survey.pk).exists()
    assert SurveyQuestion.objects.filter(survey=survey).count() == 5
