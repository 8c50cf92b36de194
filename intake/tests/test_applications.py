"""Applying to a programme: the programme page, drafts, submission, deadlines, withdrawal."""

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from intake import services
from intake.models import Answer, Application, Question
from intake.tests.factories import ApplicationFactory, QuestionFactory
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def complete_answers(**overrides) -> dict:
    data = {
        "about_me": "I run the support desk at a logistics firm.",
        "organisation": "Fraktbolaget",
        "career_level": "manager",
        "expertise": "Leading through change",
        "goals": "A clearer path to a senior role.",
        "languages": ["sv"],
        "meeting_formats": ["video", "in_person"],
        "availability": ["weekday_evenings"],
        "city": "Umeå",
        "consent": "on",
        "action": "submit",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org", display_name="Ada Applicant")


@pytest.fixture
def deadline_programme(db):
    return ProgrammeFactory(
        name="Deadline programme",
        application_deadline=date(2027, 3, 1),
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 9, 1),
    )


# --- The programme page ------------------------------------------------------------------
def test_programme_page_shows_texts_in_the_visitors_language(client):
    programme = ProgrammeFactory(
        purpose_en="Grow new managers.",
        purpose_sv="Stärka nya chefer.",
        mentor_guide_en="Listen more than you speak.",
    )
    english = client.get(programme.get_absolute_url())
    assert "Grow new managers." in english.text
    assert "Listen more than you speak." in english.text
    swedish = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv")
    assert "Stärka nya chefer." in swedish.text
    # Written in English only: Swedish visitors read it in English rather than nothing.
    assert "Listen more than you speak." in swedish.text


def test_programme_page_offers_the_roles_of_its_kind(client):
    one_to_one = ProgrammeFactory(kind=Programme.Kind.ONE_TO_ONE)
    peer = ProgrammeFactory(
        kind=Programme.Kind.PEER, matching_mode=Programme.MatchingMode.PEER_POOL
    )
    page = client.get(one_to_one.get_absolute_url()).text
    assert reverse("intake:apply", args=[one_to_one.slug, "mentor"]) in page
    assert reverse("intake:apply", args=[one_to_one.slug, "mentee"]) in page
    assert "/apply/peer/" not in page
    page = client.get(peer.get_absolute_url()).text
    assert reverse("intake:apply", args=[peer.slug, "peer"]) in page
    assert "/apply/mentor/" not in page


def test_programme_page_stops_offering_to_apply_after_the_deadline(client, deadline_programme):
    with time_machine.travel(date(2027, 3, 2)):
        page = client.get(deadline_programme.get_absolute_url()).text
    assert "/apply/" not in page
    assert "does not take applications now" in page


def test_apply_for_a_role_the_programme_lacks_is_404(client, applicant):
    peer = ProgrammeFactory(
        kind=Programme.Kind.PEER, matching_mode=Programme.MatchingMode.PEER_POOL
    )
    client.force_login(applicant)
    assert client.get(reverse("intake:apply", args=[peer.slug, "mentor"])).status_code == 404


def test_apply_asks_a_visitor_to_sign_in_first(client, programme):
    response = client.get(reverse("intake:apply", args=[programme.slug, "mentee"]))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


# --- Draft → submitted → decided -----------------------------------------------------------
def test_draft_is_saved_half_filled_then_submitted(
    client, applicant, programme, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    response = client.post(url, {"about_me": "Only this so far.", "action": "save"})
    application = Application.objects.get(user=applicant)
    assert response.status_code == 302
    assert application.status == Application.Status.DRAFT
    assert application.about_me == "Only this so far."
    assert mailoutbox == []

    edit = reverse("intake:application_edit", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, complete_answers())
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    assert application.consent_notice_version == programme.privacy_notice_version
    assert list(application.status_changes.values_list("from_status", "to_status")) == [
        ("draft", "submitted")
    ]
    assert len(mailoutbox) == 1
    assert programme.name in mailoutbox[0].subject
    assert mailoutbox[0].to == [applicant.email]


def test_submitting_without_required_answers_lists_each_missing_field(client, applicant, programme):
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    response = client.post(url, {"about_me": "Hi", "action": "submit"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"career_level", "expertise", "goals", "meeting_formats", "consent"} <= set(errors)
    assert "Please accept the privacy notice" in errors["consent"][0]
    assert not Application.objects.exists()  # nothing half-saved


def test_custom_questions_of_every_kind_are_asked_and_stored(client, applicant, programme):
    short = QuestionFactory(programme=programme, kind=Question.Kind.SHORT_TEXT, text="Nickname?")
    long = QuestionFactory(programme=programme, kind=Question.Kind.LONG_TEXT, required=False)
    single = QuestionFactory(
        programme=programme, kind=Question.Kind.SINGLE_CHOICE, options="Morning\nEvening"
    )
    multiple = QuestionFactory(
        programme=programme, kind=Question.Kind.MULTIPLE_CHOICE, options="Tea\nCoffee\nWater"
    )
    scale = QuestionFactory(programme=programme, kind=Question.Kind.SCALE)
    yes_no = QuestionFactory(programme=programme, kind=Question.Kind.YES_NO)
    mentors_only = QuestionFactory(programme=programme, audience="mentor", text="Board work?")
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    page = client.get(url).text
    assert "Nickname?" in page
    assert "Board work?" not in page

    missing = client.post(url, complete_answers())
    assert f"question_{short.pk}" in missing.context["form"].errors
    assert f"question_{long.pk}" not in missing.context["form"].errors

    answers = {
        f"question_{short.pk}": "Ada",
        f"question_{single.pk}": "1",
        f"question_{multiple.pk}": ["0", "2"],
        f"question_{scale.pk}": "4",
        f"question_{yes_no.pk}": "0",
    }
    client.post(url, complete_answers(**answers))
    application = Application.objects.get(user=applicant)
    stored = {a.question_id: a.value for a in application.answers.all()}
    assert stored[short.pk] == "Ada"
    assert stored[single.pk] == 1
    assert stored[multiple.pk] == [0, 2]
    assert stored[scale.pk] == 4
    assert stored[yes_no.pk] is False
    assert mentors_only.pk not in stored
    detail = client.get(application.get_absolute_url()).text
    assert "Evening" in detail
    assert "Tea, Water" in detail


def test_a_scale_answer_outside_1_to_5_is_refused(client, applicant, programme):
    scale = QuestionFactory(programme=programme, kind=Question.Kind.SCALE)
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    response = client.post(url, complete_answers(**{f"question_{scale.pk}": "9"}))
    assert f"question_{scale.pk}" in response.context["form"].errors
    assert not Application.objects.exists()


def test_areas_come_from_the_programmes_own_list(client, applicant, programme, other_programme):
    leadership = AreaFactory(programme=programme, name="Leadership")
    foreign = AreaFactory(programme=other_programme, name="Foreign area")
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    page = client.get(url).text
    assert "Leadership" in page and "Foreign area" not in page
    response = client.post(url, complete_answers(areas=[foreign.pk]))
    assert "areas" in response.context["form"].errors
    client.post(url, complete_answers(areas=[leadership.pk]))
    assert list(Application.objects.get().areas.all()) == [leadership]


def test_mentor_capacity_below_one_is_refused(client, applicant, programme):
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentor"])
    response = client.post(url, complete_answers(capacity="0"))
    assert "capacity" in response.context["form"].errors
    client.post(url, complete_answers(capacity="3"))
    assert Application.objects.get().capacity == 3


def test_business_idea_is_asked_only_when_the_programme_wants_it(client, applicant, programme):
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    assert "business_idea" not in client.get(url).context["form"].fields
    programme.asks_business_idea = True
    programme.save()
    response = client.post(url, complete_answers())
    assert "business_idea" in response.context["form"].errors


def test_own_address_as_manager_is_refused(client, applicant, programme):
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    response = client.post(url, complete_answers(manager_email="APPLICANT@example.org"))
    assert "manager_email" in response.context["form"].errors


def test_second_visit_to_apply_opens_the_existing_application(client, applicant, programme):
    application = ApplicationFactory(programme=programme, user=applicant)
    client.force_login(applicant)
    response = client.get(reverse("intake:apply", args=[programme.slug, "mentor"]))
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()


def test_an_enrolled_person_cannot_apply_again(client, mentee, programme):
    client.force_login(mentee)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    client.post(url, complete_answers())
    assert not Application.objects.exists()


def test_one_application_per_person_is_enforced_by_the_database(applicant, programme):
    ApplicationFactory(programme=programme, user=applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(programme=programme, user=applicant, role="mentor")


def test_the_database_refuses_a_submitted_application_without_consent(applicant, programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(programme=programme, user=applicant, consent_given_at=None)


# --- Deadline and read-only --------------------------------------------------------------
def test_edits_are_accepted_until_the_end_of_deadline_day(client, applicant, deadline_programme):
    application = ApplicationFactory(programme=deadline_programme, user=applicant)
    edit = reverse("intake:application_edit", args=[application.pk])
    # 23:30 in Stockholm on the deadline day is still in time.
    with time_machine.travel("2027-03-01 22:30:00+00:00"):
        client.force_login(applicant)
        client.post(edit, complete_answers(goals="Updated in time", action="save"))
    application.refresh_from_db()
    assert application.goals == "Updated in time"


def test_edits_are_refused_after_the_deadline(client, applicant, deadline_programme):
    application = ApplicationFactory(programme=deadline_programme, user=applicant)
    edit = reverse("intake:application_edit", args=[application.pk])
    with time_machine.travel("2027-03-02 08:00:00+01:00"):
        client.force_login(applicant)
        response = client.post(edit, complete_answers(goals="Too late", action="save"))
        assert response.status_code == 302
        page = client.get(application.get_absolute_url()).text
    application.refresh_from_db()
    assert application.goals != "Too late"
    assert "deadline has passed" in page
    assert reverse("intake:application_edit", args=[application.pk]) not in page


def test_a_draft_cannot_be_submitted_after_the_deadline(applicant, deadline_programme):
    application = ApplicationFactory(
        programme=deadline_programme, user=applicant, status="draft", consent_given_at=None
    )
    with time_machine.travel("2027-03-05 12:00:00+01:00"), pytest.raises(ValidationError):
        services.application_save(
            application=application, answers={}, submit=True, consent=True, by=applicant
        )
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_decided_application_is_read_only(client, applicant, programme, coordinator):
    application = ApplicationFactory(programme=programme, user=applicant)
    services.application_decide(application=application, decision="declined", by=coordinator)
    client.force_login(applicant)
    edit = reverse("intake:application_edit", args=[application.pk])
    client.post(edit, complete_answers(goals="Changed after decision", action="save"))
    application.refresh_from_db()
    assert application.goals != "Changed after decision"
    with pytest.raises(ValidationError):
        services.application_save(application=application, answers={}, by=applicant)


# --- Access --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["intake:application", "intake:application_edit"])
def test_an_applicant_gets_404_for_another_persons_application(client, programme, name):
    theirs = ApplicationFactory(programme=programme)
    nosy = UserFactory()
    client.force_login(nosy)
    assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    if name == "intake:application_edit":
        assert client.post(reverse(name, args=[theirs.pk]), complete_answers()).status_code == 404


def test_withdrawing_another_persons_application_is_404(client, programme, outsider):
    theirs = ApplicationFactory(programme=programme)
    client.force_login(outsider)
    response = client.post(reverse("intake:application_withdraw", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.SUBMITTED


def test_a_missing_application_is_404(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("intake:application", args=[999999])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_for_applications(client, programme):
    application = ApplicationFactory(programme=programme)
    response = client.get(application.get_absolute_url())
    assert response.status_code == 302 and reverse("account_login") in response.url


# --- Decisions and withdrawal --------------------------------------------------------------
def test_accepting_enrols_the_applicant_with_their_capacity(
    programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(programme=programme, role="mentor", capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application=application, decision="accepted", by=coordinator)
    enrolment = Enrolment.objects.get(programme=programme, user=application.user)
    assert (enrolment.role, enrolment.capacity, enrolment.status) == ("mentor", 2, "active")
    change = application.status_changes.get()
    assert (change.to_status, change.changed_by) == ("accepted", coordinator)
    assert len(mailoutbox) == 1
    assert "Welcome to" in mailoutbox[0].subject
    html = mailoutbox[0].alternatives[0][0]
    assert reverse("dashboard:mine") in html


def test_decision_email_goes_out_in_the_applicants_language(
    programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    programme.name_sv = "Mentorskap på svenska"
    programme.save()
    swede = UserFactory(preferred_language="sv")
    application = ApplicationFactory(programme=programme, user=swede)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application=application, decision="accepted", by=coordinator)
    message = mailoutbox[0]
    assert "Mentorskap på svenska" in message.subject
    assert "Välkommen" in message.subject
    assert "Goda nyheter" in message.body


@pytest.mark.parametrize(
    ("decision", "subject"),
    [("waitlisted", "wait-list"), ("declined", "Your application to")],
)
def test_other_decisions_send_their_own_email(
    programme, coordinator, mailoutbox, django_capture_on_commit_callbacks, decision, subject
):
    application = ApplicationFactory(programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application=application, decision=decision, by=coordinator)
    assert subject in mailoutbox[0].subject
    assert not Enrolment.objects.filter(user=application.user).exists()


def test_a_waitlisted_applicant_can_be_accepted_later(programme, coordinator):
    application = ApplicationFactory(programme=programme)
    services.application_decide(application=application, decision="waitlisted", by=coordinator)
    services.application_decide(application=application, decision="accepted", by=coordinator)
    statuses = list(application.status_changes.values_list("to_status", flat=True))
    assert statuses == ["waitlisted", "accepted"]


@pytest.mark.parametrize("status", ["draft", "declined", "withdrawn", "accepted"])
def test_decisions_on_the_wrong_status_are_refused(programme, coordinator, status):
    application = ApplicationFactory(programme=programme, status=status)
    with pytest.raises(ValidationError, match="cannot become"):
        services.application_decide(application=application, decision="accepted", by=coordinator)


def test_applicant_withdraws_and_an_accepted_place_is_given_up(
    client, applicant, programme, coordinator
):
    application = ApplicationFactory(programme=programme, user=applicant)
    services.application_decide(application=application, decision="accepted", by=coordinator)
    client.force_login(applicant)
    client.post(reverse("intake:application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert Enrolment.objects.get(user=applicant).status == Enrolment.Status.WITHDRAWN
    assert application.status_changes.last().changed_by == applicant


def test_my_programmes_lists_applications_with_their_status(client, applicant, programme):
    ApplicationFactory(programme=programme, user=applicant, status="waitlisted")
    client.force_login(applicant)
    page = client.get(reverse("dashboard:mine")).text
    assert programme.name in page
    assert "Wait-listed" in page


def test_answers_survive_question_reordering(applicant, programme):
    question = QuestionFactory(
        programme=programme, kind=Question.Kind.SINGLE_CHOICE, options="A\nB"
    )
    application = ApplicationFactory(programme=programme, user=applicant)
    Answer.objects.create(application=application, question=question, value=1)
    question.position = 5
    question.save()
    assert str(Answer.objects.get()) == "B"


def test_choice_question_needs_two_options(programme):
    question = Question(
        programme=programme, text="Pick", kind=Question.Kind.SINGLE_CHOICE, options="Only"
    )
    with pytest.raises(ValidationError, match="at least two options"):
        question.full_clean()


def test_the_application_form_and_its_errors_speak_swedish(client, applicant, programme):
    applicant.preferred_language = "sv"
    applicant.save()
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    page = client.get(url).text
    assert "Skicka in ansökan" in page
    assert "Vad jag vill utveckla" in page
    response = client.post(url, {"action": "submit"})
    assert "Rätta de markerade fälten." in response.text
    assert "Detta fält måste fyllas i." in response.text


# --- Review fixes: drafts, applying again, forged input ------------------------------------
def test_deleting_a_draft_removes_it_and_allows_a_fresh_start(client, applicant, programme):
    draft = ApplicationFactory(
        programme=programme, user=applicant, status="draft", consent_given_at=None
    )
    client.force_login(applicant)
    response = client.post(reverse("intake:application_withdraw", args=[draft.pk]))
    assert response.status_code == 302
    assert not Application.objects.filter(pk=draft.pk).exists()
    fresh = reverse("intake:apply", args=[programme.slug, "mentor"])
    client.post(fresh, complete_answers(capacity="2"))
    assert Application.objects.get(user=applicant).role == "mentor"


def test_someone_who_withdrew_may_apply_again_while_intake_is_open(
    client, applicant, programme, deadline_programme
):
    application = ApplicationFactory(programme=programme, user=applicant)
    client.force_login(applicant)
    client.post(reverse("intake:application_withdraw", args=[application.pk]))
    response = client.post(reverse("intake:application_reopen", args=[application.pk]))
    assert response.url == reverse("intake:application_edit", args=[application.pk])
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.consent_given_at is None  # submitting asks for consent again
    client.post(response.url, complete_answers())
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    steps = list(application.status_changes.values_list("to_status", flat=True))
    assert steps == ["withdrawn", "draft", "submitted"]

    late = ApplicationFactory(programme=deadline_programme, user=applicant, status="withdrawn")
    with time_machine.travel("2027-03-05 12:00:00+01:00"):
        client.force_login(applicant)
        client.post(reverse("intake:application_reopen", args=[late.pk]))
    late.refresh_from_db()
    assert late.status == Application.Status.WITHDRAWN


def test_forged_area_ids_are_refused_with_a_message(client, applicant, programme):
    AreaFactory(programme=programme)
    client.force_login(applicant)
    url = reverse("intake:apply", args=[programme.slug, "mentee"])
    for forged in ("99999999999999999999999", "²", "-1"):
        response = client.post(url, complete_answers(areas=[forged]))
        assert response.status_code == 200
        assert "areas" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_role_the_programme_no_longer_has_is_a_message_not_a_crash(client, applicant, programme):
    application = ApplicationFactory(programme=programme, user=applicant, role="mentor")
    programme.kind = Programme.Kind.PEER
    programme.matching_mode = Programme.MatchingMode.PEER_POOL
    programme.save()
    client.force_login(applicant)
    edit = reverse("intake:application_edit", args=[application.pk])
    response = client.post(edit, complete_answers(action="save"))
    assert response.status_code == 200
    assert "This programme has no such role." in response.text


def test_choice_options_must_match_across_languages(programme):
    question = Question(
        programme=programme,
        text_en="Pick",
        kind=Question.Kind.SINGLE_CHOICE,
        options_en="A\nB\nC",
        options_sv="A\nB",
    )
    with pytest.raises(ValidationError, match="same number of options"):
        question.full_clean()


def test_answered_choice_questions_keep_their_options(applicant, programme):
    question = QuestionFactory(
        programme=programme, kind=Question.Kind.SINGLE_CHOICE, options="A\nB\nC"
    )
    Answer.objects.create(
        application=ApplicationFactory(programme=programme, user=applicant),
        question=question,
        value=2,
    )
    question.options = "A\nB"
    with pytest.raises(ValidationError, match="already answered"):
        question.full_clean()
    question.options = "A\nB\nC\nD"
    question.full_clean()  # adding at the end is fine


def test_my_programmes_queries_do_not_grow_with_applications(
    client, applicant, django_assert_max_num_queries
):
    client.force_login(applicant)
    for programme in ProgrammeFactory.create_batch(10):
        ApplicationFactory(programme=programme, user=applicant, status="waitlisted")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard:mine"))
    for programme in ProgrammeFactory.create_batch(90):
        ApplicationFactory(programme=programme, user=applicant, status="waitlisted")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("dashboard:mine")).text
    assert page.count("Wait-listed") == 100
    assert len(many) == len(few)


def test_the_application_form_tells_the_browser_which_fields_are_the_applicants_own(
    client, applicant, programme
):
    client.force_login(applicant)
    page = client.get(reverse("intake:apply", args=[programme.slug, "mentee"])).text
    tokens = {
        name: re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        for name in ("organisation", "city", "department")
    }
    assert 'autocomplete="organization"' in tokens["organisation"]
    assert 'autocomplete="address-level2"' in tokens["city"]
    assert "autocomplete" not in tokens["department"]
