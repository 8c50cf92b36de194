"""A coordinator works on their own programmes in the admin and sees nothing of others'."""

import pytest
from django.urls import reverse

from programs.models import Enrolment, Programme
from programs.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_coordinator_lists_only_their_own_programmes(
    client, coordinator, programme, other_programme
):
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_programme_changelist")).content.decode()

    assert programme.name in page
    assert other_programme.name not in page


def test_coordinator_cannot_open_another_programme_by_url(client, coordinator, other_programme):
    client.force_login(coordinator)

    response = client.get(reverse("admin:programs_programme_change", args=[other_programme.pk]))

    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert other_programme.name not in client.get(response["Location"]).content.decode()


def programme_payload(**fields) -> dict:
    # Bilingual texts (modeltranslation) are posted per language: name_en, name_sv.
    if "name" in fields:
        fields["name_en"] = fields.pop("name")
    return {
        "name_en": "Autumn",
        "slug": "autumn",
        "kind": "one_to_one",
        "matching_mode": "coordinator",
        "starts_on": "2027-09-01",
        "ends_on": "2028-01-31",
        "min_meetings": 4,
        "meeting_length_minutes": 60,
        "meeting_cadence": "monthly",
        "follow_up_offsets": "",
        "health_attention_days": 21,
        "health_risk_days": 35,
        "health_agreement_days": 14,
        "health_goals_off_track": 2,
        "health_review_grace_days": 14,
        "health_too_early_days": 14,
        "languages": ["sv", "en"],
        **{
            f"{prefix}-{counter}": 0
            for prefix in ("status_changes", "areas", "questions", "closing")
            for counter in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
        **fields,
    }


def test_coordinator_cannot_change_another_programme_by_post(
    client, coordinator, programme, other_programme
):
    client.force_login(coordinator)
    valid = programme_payload(name="Renamed", slug=programme.slug)
    own = client.post(reverse("admin:programs_programme_change", args=[programme.pk]), valid)
    assert own.status_code == 302  # the same payload is accepted for one's own programme

    client.post(
        reverse("admin:programs_programme_change", args=[other_programme.pk]),
        programme_payload(name="Hijacked", slug=other_programme.slug),
    )

    other_programme.refresh_from_db()
    assert other_programme.name == "Programme B"


def test_coordinator_cannot_move_another_programme_with_the_action(
    client, coordinator, other_programme
):
    client.force_login(coordinator)
    other_programme.status = Programme.Status.DRAFT
    other_programme.save()

    client.post(
        reverse("admin:programs_programme_changelist"),
        {"action": "move_to_intake_open", "_selected_action": [other_programme.pk]},
    )

    other_programme.refresh_from_db()
    assert other_programme.status == Programme.Status.DRAFT


def test_coordinator_sees_only_enrolments_of_their_programmes(
    client, coordinator, mentor, other_programme
):
    stranger = EnrolmentFactory(programme=other_programme)
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_enrolment_changelist")).content.decode()

    assert mentor.display_name in page
    assert stranger.user.display_name not in page
    response = client.get(reverse("admin:programs_enrolment_change", args=[stranger.pk]))
    assert response.status_code == 302


def test_coordinator_cannot_enrol_people_in_another_programme(
    client, coordinator, outsider, other_programme
):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_enrolment_add"),
        enrolment_payload(other_programme, outsider.email),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Enrolment.objects.filter(user=outsider).exists()


def enrolment_payload(programme, email: str, role: str = "mentee") -> dict:
    return {
        "programme": programme.pk,
        "email": email,
        "role": role,
        "status": "active",
        "capacity": 1,
    }


def test_coordinator_enrols_a_person_by_email(client, coordinator, programme, outsider):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_enrolment_add"),
        enrolment_payload(programme, outsider.email.upper()),
    )

    assert response.status_code == 302
    assert Enrolment.objects.get(user=outsider).programme == programme


def test_enrolling_an_unknown_email_explains_what_to_do(client, coordinator, programme):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_enrolment_add"),
        enrolment_payload(programme, "nobody@example.org"),
    )

    assert response.status_code == 200
    assert "Nobody has signed up with nobody@example.org yet" in response.content.decode()


def test_enrolling_someone_twice_is_refused_with_a_message(client, coordinator, programme, mentor):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_enrolment_add"),
        enrolment_payload(programme, mentor.email, role="mentee"),
    )

    assert response.status_code == 200
    assert "already enrolled in the programme" in response.content.decode()
    assert Enrolment.objects.filter(user=mentor).count() == 1


def test_enrolling_a_role_the_programme_lacks_is_refused(client, coordinator, programme, outsider):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_enrolment_add"),
        enrolment_payload(programme, outsider.email, role="peer"),
    )

    assert response.status_code == 200
    assert "has no peer role" in response.content.decode()


def test_coordinator_cannot_browse_or_search_the_sites_people(
    client, coordinator, other_coordinator
):
    client.force_login(coordinator)

    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:accounts_user_change", args=[other_coordinator.pk])).status_code
        == 403
    )
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programs", "model_name": "enrolment", "field_name": "user", "term": "o"},
    )
    assert autocomplete.status_code in (403, 404)
    assert other_coordinator.email not in autocomplete.content.decode()


def test_coordinators_picker_offers_only_staff(client, coordinator, programme, outsider):
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_programme_change", args=[programme.pk]))

    assert outsider.display_name not in page.content.decode()
    assert coordinator.display_name in page.content.decode()


def test_admin_sign_in_goes_through_the_rate_limited_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"


def test_status_action_moves_a_programme_and_reports_refusals(client, coordinator, programme):
    client.force_login(coordinator)
    url = reverse("admin:programs_programme_changelist")

    ok = client.post(
        url,
        {"action": "move_to_matching", "_selected_action": [programme.pk]},
        follow=True,
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.MATCHING
    assert "1 programme moved to “Matching”." in ok.content.decode()

    refused = client.post(
        url, {"action": "move_to_closed", "_selected_action": [programme.pk]}, follow=True
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.MATCHING
    assert "cannot go from “Matching” to “Closed”" in refused.content.decode()


def test_coordinator_who_creates_a_programme_coordinates_it(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_programme_add"),
        programme_payload(follow_up_offsets="90, 30"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    autumn = Programme.objects.get(slug="autumn")
    assert list(autumn.coordinators.all()) == [coordinator]
    assert autumn.follow_up_offsets == [30, 90]
    assert autumn.status == Programme.Status.DRAFT


def test_admin_form_explains_bad_dates(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:programs_programme_add"),
        programme_payload(
            name="Backwards", slug="backwards", ends_on="2027-08-01", follow_up_offsets="thirty"
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date must be after the start date." in page
    assert "Write whole numbers of days separated by commas" in page
    assert not Programme.objects.filter(slug="backwards").exists()


def test_superuser_sees_every_programme(admin_client, programme, other_programme):
    page = admin_client.get(reverse("admin:programs_programme_changelist")).content.decode()

    assert programme.name in page
    assert other_programme.name in page


def test_participants_cannot_enter_the_admin(client, mentor):
    client.force_login(mentor)

    response = client.get(reverse("admin:programs_programme_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_actions_speak_the_coordinators_language(client, coordinator):
    coordinator.preferred_language = "sv"
    coordinator.save()
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_programme_changelist")).content.decode()

    assert "Flytta till ”Matchning”" in page


def test_the_programme_list_counts_enrolments_without_joining_anything(rf):
    from django.contrib import admin

    from accounts.tests.factories import UserFactory
    from programs.models import Programme

    request = rf.get("/admin/programs/programme/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    queryset = admin.site._registry[Programme].get_queryset(request).order_by("pk")
    assert "JOIN" not in str(queryset.query)
