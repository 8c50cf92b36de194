"""Coordinators review, interview and decide on applications to their own programmes only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from intake.models import Application, Interview, Question
from intake.tests.factories import ApplicationFactory, QuestionFactory
from programs.models import Enrolment
from programs.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:intake_application_changelist")


def change_url(application) -> str:
    return reverse("admin:intake_application_change", args=[application.pk])


def inline_management(**extra) -> dict:
    data = {
        "interviews-TOTAL_FORMS": 0,
        "interviews-INITIAL_FORMS": 0,
        "status_changes-TOTAL_FORMS": 0,
        "status_changes-INITIAL_FORMS": 0,
    }
    data.update(extra)
    return data


def test_coordinator_sees_submitted_applications_of_their_programme_only(
    client, coordinator, programme, other_programme
):
    ApplicationFactory(programme=programme, user=UserFactory(email="own@example.org"))
    draft = ApplicationFactory(
        programme=programme,
        user=UserFactory(email="draft@example.org"),
        status="draft",
        consent_given_at=None,
    )
    foreign = ApplicationFactory(
        programme=other_programme, user=UserFactory(email="foreign@example.org")
    )
    client.force_login(coordinator)
    page = client.get(CHANGELIST).text
    assert "own@example.org" in page
    assert "foreign@example.org" not in page
    assert "draft@example.org" not in page  # a draft is the applicant's own until submitted
    # By URL: the admin's "does not exist" redirect, with nothing of the application shown.
    response = client.get(change_url(foreign))
    assert response.status_code == 302
    assert "foreign@example.org" not in client.get(response["Location"]).text
    response = client.get(change_url(draft))
    assert response.status_code == 302
    assert "draft@example.org" not in client.get(response["Location"]).text


def test_other_coordinator_cannot_decide_by_post_or_action(client, other_coordinator, programme):
    application = ApplicationFactory(programme=programme)
    client.force_login(other_coordinator)
    client.post(change_url(application), inline_management(_decision="accepted"))
    client.post(CHANGELIST, {"action": "accept", "_selected_action": [application.pk], "index": 0})
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not Enrolment.objects.exists()


def test_participants_have_no_admin_access(client, mentee, programme):
    application = ApplicationFactory(programme=programme)
    client.force_login(mentee)
    response = client.get(change_url(application))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_change_page_shows_every_answer_on_one_screen(client, coordinator, programme):
    area = AreaFactory(programme=programme, name="Leadership")
    question = QuestionFactory(
        programme=programme,
        text="Favourite meeting place?",
        kind=Question.Kind.SINGLE_CHOICE,
        options="Café\nOffice",
    )
    application = ApplicationFactory(
        programme=programme, organisation="Fraktbolaget", manager_email="boss@example.org"
    )
    application.areas.add(area)
    application.answers.create(question=question, value=0)
    client.force_login(coordinator)
    page = client.get(change_url(application)).text
    for text in (
        "Fraktbolaget",
        "boss@example.org",
        "Leadership",
        "Favourite meeting place?",
        "Café",
        "Become a calmer leader.",
        "Privacy notice version 1",
    ):
        assert text in page


def test_interview_is_recorded_then_the_applicant_accepted_by_button(
    client, coordinator, programme, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(programme=programme)
    client.force_login(coordinator)
    data = inline_management(
        **{
            "interviews-TOTAL_FORMS": 1,
            "interviews-0-held_on": "2027-01-15",
            "interviews-0-interviewer": coordinator.pk,
            "interviews-0-recommendation": "accept",
            "interviews-0-notes": "Motivated, clear goals.",
            "_decision": "accepted",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(application), data)
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert (interview.notes, interview.interviewer) == ("Motivated, clear goals.", coordinator)
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert Enrolment.objects.filter(user=application.user, programme=programme).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [application.user.email]


def test_bulk_decisions_decide_each_and_report_refusals(
    client, coordinator, programme, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = ApplicationFactory.create_batch(3, programme=programme)
    declined = ApplicationFactory(programme=programme, status="declined")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "waitlist",
                "_selected_action": [a.pk for a in [*waiting, declined]],
                "index": 0,
            },
            follow=True,
        )
    statuses = set(
        Application.objects.filter(pk__in=[a.pk for a in waiting]).values_list("status", flat=True)
    )
    assert statuses == {"waitlisted"}
    declined.refresh_from_db()
    assert declined.status == "declined"
    page = response.text
    assert "3 applications are now" in page
    assert "cannot become" in page
    assert len(mailoutbox) == 3


def test_filters_by_language_and_area(client, coordinator, programme):
    area = AreaFactory(programme=programme, name="Finances")
    swedish = ApplicationFactory(
        programme=programme, languages=["sv"], user=UserFactory(email="sv@example.org")
    )
    english = ApplicationFactory(
        programme=programme, languages=["en"], user=UserFactory(email="en@example.org")
    )
    english.areas.add(area)
    client.force_login(coordinator)
    page = client.get(CHANGELIST, {"language": "sv"}).text
    assert "sv@example.org" in page and "en@example.org" not in page
    page = client.get(CHANGELIST, {"area": area.pk}).text
    assert "en@example.org" in page and "sv@example.org" not in page
    assert swedish.pk


def add_applications(programme, count: int, start: int) -> None:
    users = User.objects.bulk_create(
        User(email=f"bulk{n}@example.org", password="!") for n in range(start, start + count)
    )
    Application.objects.bulk_create(
        ApplicationFactory.build(programme=programme, user=user) for user in users
    )


def test_changelist_queries_do_not_grow_with_applications(client, coordinator, programme):
    client.force_login(coordinator)
    add_applications(programme, 10, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHANGELIST).status_code == 200
    add_applications(programme, 990, 10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(CHANGELIST).text
    assert "1000 applications" in page
    assert len(many) == len(few)


def test_changing_the_privacy_notice_starts_a_new_version(client, coordinator, programme):
    from programs.tests.test_admin import programme_payload

    client.force_login(coordinator)
    url = reverse("admin:programs_programme_change", args=[programme.pk])
    payload = programme_payload(name=programme.name, slug=programme.slug)
    client.post(url, {**payload, "privacy_notice_en": "We keep your data for a year."})
    programme.refresh_from_db()
    assert programme.privacy_notice_version == 2
    client.post(url, {**payload, "privacy_notice_en": "We keep your data for a year."})
    programme.refresh_from_db()
    assert programme.privacy_notice_version == 2  # unchanged text, same version


def test_interviewers_offered_are_the_programmes_coordinators_only(
    client, coordinator, other_coordinator, programme
):
    colleague = UserFactory(email="colleague@example.org")
    from programs.services import coordinator_grant

    coordinator_grant(user=colleague, programme=programme)
    application = ApplicationFactory(programme=programme)
    client.force_login(coordinator)
    form = client.get(change_url(application)).context["inline_admin_formsets"][0].formset
    offered = set(form.empty_form.fields["interviewer"].queryset)
    assert offered == {coordinator, colleague}
    assert other_coordinator not in offered
