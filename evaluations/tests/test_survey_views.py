"""The member's survey pages: ``/surveys/`` and the answer form, for every role; answers
refused with a clear message when out of range, a second time, closed, not open yet or
not asked of the member; odd input answered with a form message or 404, never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.survey_models import SurveyReceipt, SurveyResponse

from .conftest import ROLES, as_
from .survey_fixtures import make_survey, questions_of

pytestmark = pytest.mark.django_db


def answer_url(survey, key="midpoint") -> str:
    return reverse("surveys:answer", args=[survey.pk, key])


def form_data(survey, **override) -> dict:
    q = questions_of(survey)
    data = {
        f"q{q['scale'].pk}": "4",
        f"q{q['nps'].pk}": "9",
        f"q{q['single_choice'].pk}": "1",
        f"q{q['multiple_choice'].pk}": ["0", "2"],
        f"q{q['text'].pk}": "Very <b>good</b>",
    }
    for kind, value in override.items():
        data[f"q{q[kind].pk}"] = value
    return data


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_survey_and_its_form(client, users, survey, role):
    as_(client, users[role])
    listed = client.get(reverse("surveys:list"))
    form = client.get(answer_url(survey))

    if role in ("member", "other_member", "member_elsewhere"):
        # Everyone of the programme in a relationship is asked ("everyone" audience).
        assert listed.status_code == 200 and "Mid-point survey" in listed.text
        assert form.status_code == 200
        assert "How useful are your meetings?" in form.text
        assert "This survey is anonymous." in form.text
    elif role in ("coordinator", "other_coordinator"):
        assert listed.status_code == 200 and "Mid-point survey" not in listed.text
        assert "No survey is waiting for you" in listed.text
        assert form.status_code == 404 and "How useful" not in form.text
    else:
        assert listed.status_code == 302 and "/accounts/login/" in listed["Location"]
        assert form.status_code == 302 and "/accounts/login/" in form["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_post_answers(client, users, survey, role):
    as_(client, users[role])

    response = client.post(answer_url(survey), form_data(survey))

    if role in ("member", "other_member", "member_elsewhere"):
        assert response.status_code == 302 and response["Location"] == reverse("surveys:list")
        assert SurveyReceipt.objects.filter(user=users[role]).count() == 1
    else:
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
        assert not SurveyResponse.objects.exists()


def test_a_member_of_another_programme_gets_404(client, other_mentee, survey):
    client.force_login(other_mentee)

    assert client.get(answer_url(survey)).status_code == 404
    assert client.post(answer_url(survey), form_data(survey)).status_code == 404


def test_answering_records_it_and_lists_it_as_answered(client, users, survey):
    client.force_login(users["member"])

    response = client.post(answer_url(survey), form_data(survey), follow=True)

    assert "Thank you! Your answers are saved." in response.text
    assert "Answered, thank you" in response.text
    stored = SurveyResponse.objects.get()
    assert stored.respondent is None and stored.role == "mentee"
    assert sorted(a.kind for a in stored.answers.all()) == sorted(
        ["scale", "nps", "single_choice", "multiple_choice", "text"]
    )


def test_a_second_answer_is_refused_with_a_clear_message(client, users, survey):
    client.force_login(users["member"])
    client.post(answer_url(survey), form_data(survey))

    again = client.post(answer_url(survey), form_data(survey))
    shown = client.get(answer_url(survey))

    assert again.status_code == 403 and "You have already answered this survey" in again.text
    assert shown.status_code == 403 and "How useful" not in shown.text
    assert SurveyResponse.objects.count() == 1


def test_a_race_past_the_check_is_refused_by_the_database(client, users, survey):
    """Both requests passed the "answered already?" check; the receipt's constraint decides."""
    from evaluations import survey_views

    client.force_login(users["member"])
    real = survey_views.get_survey_for_user
    first = real(users["member"], survey.pk, "midpoint")
    client.post(answer_url(survey), form_data(survey))
    survey_views.get_survey_for_user = lambda *args: first
    try:
        late = client.post(answer_url(survey), form_data(survey))
    finally:
        survey_views.get_survey_for_user = real

    assert late.status_code == 200
    assert "You have already answered this survey" in late.text
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"scale": "6"}, "Select a valid choice"),
        ({"scale": "0"}, "Select a valid choice"),
        ({"nps": "11"}, "Select a valid choice"),
        ({"nps": "²"}, "Select a valid choice"),
        ({"single_choice": "99999999999999999999"}, "Select a valid choice"),
        ({"multiple_choice": ["7"]}, "Select a valid choice"),
        ({"scale": ""}, "This field is required"),
        ({"text": "nul\x00byte"}, "Null characters are not allowed"),
        ({"text": "x" * 6000}, "Ensure this value has at most 5000 characters"),
    ],
    ids=["scale-6", "scale-0", "nps-11", "superscript", "huge", "choice", "missing", "nul", "long"],
)
def test_odd_answers_get_a_form_message_and_nothing_is_stored(
    client, users, survey, override, message
):
    client.force_login(users["member"])

    response = client.post(answer_url(survey), form_data(survey, **override))

    assert response.status_code == 200 and message in response.text
    assert not SurveyReceipt.objects.exists() and not SurveyResponse.objects.exists()


def test_ten_megabytes_of_text_answer_400(client, users, survey):
    client.force_login(users["member"])

    response = client.post(answer_url(survey), form_data(survey, text="x" * 10_000_000))

    assert response.status_code == 400
    assert not SurveyReceipt.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/surveys/²/midpoint/",
        "/surveys/99999999999999999999999/midpoint/",
        "/surveys/-1/midpoint/",
        "/surveys/{pk}/w0/",
        "/surveys/{pk}/final/",
        "/surveys/{pk}/midpoint%00/",
        "/surveys/{pk}/" + "x" * 300 + "/",
    ],
)
def test_odd_addresses_are_missing(client, users, survey, path):
    client.force_login(users["member"])

    assert client.get(path.format(pk=survey.pk)).status_code == 404


def test_a_closed_survey_and_one_not_yet_open_say_so(client, users, midway):
    client.force_login(users["member"])
    today = timezone.localdate()
    closed = make_survey(midway, open_days=1)  # the mid-point was two days ago
    midway.midpoint_on = today + timedelta(days=3)
    midway.save()
    upcoming = make_survey(midway, title_en="Later")

    late = client.post(answer_url(closed), form_data(closed))
    early = client.get(answer_url(upcoming))

    midway.midpoint_on = today - timedelta(days=2)
    midway.save()
    assert late.status_code == 403  # with the mid-point moved, it opens in 3 days
    assert early.status_code == 403 and "This survey is not open yet." in early.text
    closed_page = client.get(answer_url(closed))
    assert closed_page.status_code == 403
    assert "This survey has closed: answers are no longer taken." in closed_page.text
    assert not SurveyResponse.objects.exists()


def test_a_survey_for_mentors_refuses_the_mentee(client, users, midway):
    survey = make_survey(midway, audience="mentor")
    client.force_login(users["member"])  # Adam, a mentee

    page = client.get(answer_url(survey))
    posted = client.post(answer_url(survey), form_data(survey))
    listed = client.get(reverse("surveys:list"))

    assert page.status_code == 403 and "This survey is for mentors" in page.text
    assert posted.status_code == 403 and not SurveyResponse.objects.exists()
    assert "Mid-point survey" not in listed.text


def test_a_draft_is_not_there(client, users, midway):
    survey = make_survey(midway, status="draft")
    client.force_login(users["member"])

    assert client.get(answer_url(survey)).status_code == 404
    assert "Mid-point survey" not in client.get(reverse("surveys:list")).text


def test_a_named_survey_says_the_coordinators_read_the_answers(client, users, midway):
    survey = make_survey(midway, anonymous=False)
    client.force_login(users["member"])

    page = client.get(answer_url(survey)).text

    assert "Your answers are saved with your name." in page
    assert "coordinators read them" in page


def test_coordinators_words_are_escaped(client, users, midway):
    survey = make_survey(midway, title_en="<script>t()</script>", intro_en="<i>hi</i>")
    question = survey.questions.first()
    question.text_en = "<b>bold?</b>"
    question.save()
    client.force_login(users["member"])

    page = client.get(answer_url(survey)).text

    assert "<script>t()" not in page and "&lt;script&gt;" in page
    assert "<b>bold?</b>" not in page and "<i>hi</i>" not in page


def test_my_programmes_links_the_open_surveys(client, users, survey):
    client.force_login(users["member"])

    page = client.get(reverse("dashboard:mine")).text

    assert "A survey is waiting for your answers." in page
    assert reverse("surveys:list") in page
    client.post(answer_url(survey), form_data(survey))
    assert "waiting for your answers" not in client.get(reverse("dashboard:mine")).text
