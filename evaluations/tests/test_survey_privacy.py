"""What a review found, held: answers given in confidence stay so when the survey is
edited afterwards, no total tells a small group's answers by subtraction, a confidential
text cannot be read out through the list's address, and far-off dates break nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluations import survey_services
from evaluations.survey_models import Survey, SurveyQuestion
from evaluations.survey_occasions import occasion_for, programme_occasions
from evaluations.survey_selectors import nps_counts, satisfaction_by_role, survey_results
from programs.tests.factories import ProgrammeFactory

from .factories import ParticipantReportFactory
from .survey_fixtures import add_pairs, answer, make_survey

SCALE = [(SurveyQuestion.Kind.SCALE, "How useful?", "", True)]


def say(survey, user, programme, answers):
    survey_services.survey_answer(
        survey=survey,
        occasion=occasion_for(survey, "midpoint"),
        user=user,
        role=user.enrolments.get(programme=programme).role,
        answers=answers,
    )


def test_once_answered_a_survey_keeps_its_anonymity_programme_and_timing(
    client, users, midway, cora
):
    survey = make_survey(midway)
    answer(survey, users["member"], "mentee", text="I want to quit.")
    for name, value in (
        ("anonymous", False),
        ("programme_id", ProgrammeFactory().pk),
        ("timing", Survey.Timing.FINAL),
        ("audience", "mentor"),
    ):
        changed = Survey.objects.get(pk=survey.pk)
        setattr(changed, name, value)
        with pytest.raises(ValidationError) as refused:
            changed.full_clean()
        assert "People have answered this survey" in str(refused.value)
    users["coordinator"].is_staff = True
    client.force_login(users["coordinator"])
    page = client.get(reverse("admin:evaluations_survey_change", args=[survey.pk]))
    body = page.content.decode()
    assert 'name="anonymous"' not in body and 'name="programme"' not in body
    assert 'name="title_en"' in body  # the wording may still be mended


def test_a_small_role_group_is_not_told_apart_from_the_whole(users, midway):
    survey = make_survey(midway, questions=SCALE)
    question = survey.questions.get()
    (third,) = add_pairs(midway, 1)
    third_mentee = third.members.get(role="mentee").enrolment.user
    for user in (users["member"], users["member_elsewhere"], third_mentee):
        say(survey, user, midway, {question.pk: 5})
    say(survey, users["other_member"], midway, {question.pk: 1})  # the one mentor
    (result,) = survey_results([midway.pk], timezone.localdate())
    assert result.questions[0].mean == 4.0  # four answers: shown as a whole
    assert satisfaction_by_role([midway.pk]) == {}  # by role it would give the mentor's 1
    # Were the flag changed behind the admin's back, the answers were still given in
    # confidence: they stay hidden.
    Survey.objects.filter(pk=survey.pk).update(anonymous=False)
    assert satisfaction_by_role([midway.pk]) == {}


def test_an_optional_question_answered_by_one_stays_out_of_the_nps(users, midway):
    survey = make_survey(
        midway,
        questions=[
            (SurveyQuestion.Kind.NPS, "Recommend the programme?", "", True),
            (SurveyQuestion.Kind.NPS, "Recommend your mentor?", "", False),
        ],
    )
    first, second = survey.questions.order_by("position")
    (third,) = add_pairs(midway, 1)
    people = [
        users["member"],
        users["other_member"],
        third.members.get(role="mentee").enrolment.user,
    ]
    say(survey, people[0], midway, {first.pk: 10, second.pk: 0})
    for user in people[1:]:
        say(survey, user, midway, {first.pk: 10})
    assert nps_counts([midway.pk]) == (3, 0, 0)


def test_no_address_filters_on_a_report_text_or_an_end_reason(client, users, pair, running):
    match = pair[0]
    ParticipantReportFactory(match=match, member=pair[2], to_coordinator="My mentor drinks.")
    client.force_login(users["coordinator"])
    reports = reverse("admin:evaluations_participantreport_changelist")
    assert client.get(reports).status_code == 200
    assert client.get(reports + "?to_coordinator__icontains=drinks").status_code == 400
    assert client.get(reports + "?to_coordinator__startswith=My").status_code == 400
    matches = reverse("admin:relationships_match_changelist")
    assert client.get(matches + "?end_reason__icontains=x").status_code == 400


def test_a_programme_ends_before_2200(running):
    running.ends_on = date(9999, 12, 28)
    with pytest.raises(ValidationError) as refused:
        running.full_clean()
    assert "between the years 1990 and 2200" in str(refused.value.message_dict["ends_on"])


def test_dates_at_the_calendars_end_make_occasions_not_errors(running):
    running.starts_on, running.ends_on = date(9999, 1, 1), date(9999, 12, 28)
    running.midpoint_on = None
    running.save()
    for timing, extra in (
        (Survey.Timing.AFTER, {"months_after": 6}),
        (Survey.Timing.FINAL, {}),
        (Survey.Timing.EVERY_WEEKS, {"every_weeks": 20}),
        (Survey.Timing.MIDPOINT, {}),
    ):
        survey = make_survey(running, timing=timing, **extra)
        found = programme_occasions(survey)
        assert all(o.closes_on <= date.max for o in found)
    later = make_survey(running, timing=Survey.Timing.AFTER, months_after=6)
    assert programme_occasions(later)[0].opens_on == date.max


def test_one_surveys_odd_dates_stop_no_other_surveys_reminders(midway, running, monkeypatch):
    from evaluations import survey_reminders

    good = make_survey(midway)
    odd = make_survey(midway, title_en="Odd")
    real = survey_reminders.programme_occasions

    def failing(survey, programme=None):
        if survey.pk == odd.pk:
            raise OverflowError("date value out of range")
        return real(survey, programme)

    monkeypatch.setattr(survey_reminders, "programme_occasions", failing)
    due = survey_reminders.find_surveys_due(timezone.now() + timedelta(hours=0))
    assert all(d.about.endswith(f":{good.pk}") for d in due)


def test_a_choice_question_without_choices_is_refused_on_the_form(client, users, midway):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("admin:evaluations_survey_add"),
        {
            "programme": midway.pk,
            "title_en": "Choices",
            "title_sv": "Val",
            "audience": "everyone",
            "status": Survey.Status.DRAFT,
            "timing": Survey.Timing.MIDPOINT,
            "open_days": 14,
            "questions-TOTAL_FORMS": 1,
            "questions-INITIAL_FORMS": 0,
            "questions-MIN_NUM_FORMS": 0,
            "questions-MAX_NUM_FORMS": 1000,
            "questions-0-position": 1,
            "questions-0-kind": SurveyQuestion.Kind.MULTIPLE_CHOICE,
            "questions-0-text_en": "What helped?",
            "questions-0-text_sv": "Vad hjälpte?",
            "questions-0-choices_en": "",
            "questions-0-choices_sv": "",
            "questions-0-required": "on",
        },
    )
    assert response.status_code == 200
    assert "A choice question needs at least two choices." in response.content.decode()
    assert not Survey.objects.filter(title_en="Choices").exists()


def test_a_survey_published_late_begins_with_the_next_round_and_skips_closed_ones(
    client, users, running
):
    today = timezone.localdate()
    running.starts_on, running.ends_on = today - timedelta(days=30), today + timedelta(days=90)
    running.midpoint_on = today - timedelta(days=20)
    running.save()
    weekly = make_survey(running, timing=Survey.Timing.EVERY_WEEKS, every_weeks=2)
    assert [o.key for o in programme_occasions(weekly)][:2] == ["w1", "w2"]  # not published
    client.force_login(users["coordinator"])
    client.post(
        reverse("admin:evaluations_survey_changelist"),
        {"action": "publish", "_selected_action": [weekly.pk]},
    )
    Survey.objects.filter(pk=weekly.pk).update(status=Survey.Status.DRAFT)
    client.post(
        reverse("admin:evaluations_survey_changelist"),
        {"action": "publish", "_selected_action": [weekly.pk]},
    )
    weekly.refresh_from_db()
    assert weekly.published_on == today
    found = programme_occasions(weekly)
    # Rounds opened on days 14 and 28 are gone; the first is the one opening on day 42.
    assert found[0].key == "w3" and found[0].opens_on == today + timedelta(days=12)
    midpoint = make_survey(running, published_on=today)  # its round closed 7 days ago
    assert programme_occasions(midpoint) == []
    assert survey_results([running.pk], today, survey_id=midpoint.pk) == []
