"""Probes that found holes (issue 10, part 2): each answers safely now."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake.tests.factories import ApplicationFactory, QuestionFactory
from programs.models import Programme
from programs.tests.factories import AreaFactory
from relationships.tests.factories import MatchFactory

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script>'


def test_a_questions_help_text_is_shown_as_text_not_run(client, programme, outsider):
    QuestionFactory(programme=programme, text="Why now?", help_text=SCRIPT)
    client.force_login(outsider)

    page = client.get(reverse("intake:apply", args=[programme.slug, "mentee"])).text

    assert "Why now?" in page
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_language_switcher_takes_only_the_sites_languages(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.preferred_language == "en"
    # The cookie may carry the person's own language (it outlives signing out), never "de".
    assert getattr(response.cookies.get("django_language"), "value", "en") == "en"
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "sv"


def test_the_admins_view_on_site_shortcut_reveals_nothing(client, coordinator, other_programme):
    other_programme.status = Programme.Status.DRAFT
    other_programme.save()
    kind = ContentType.objects.get_for_model(Programme)
    client.force_login(coordinator)

    response = client.get(f"/admin/r/{kind.pk}/{other_programme.pk}/")

    assert response.status_code == 404
    assert other_programme.slug not in response.text
    assert "Location" not in response


@pytest.mark.parametrize("area", ["abc", "²", "99999999999999999999999", "-1"])
def test_odd_area_filters_on_applications_are_an_empty_list_not_a_500(
    client, coordinator, programme, area
):
    AreaFactory(programme=programme, name="Leadership")  # so that the filter is offered
    ApplicationFactory(programme=programme)
    client.force_login(coordinator)

    response = client.get(reverse("admin:intake_application_changelist"), {"area": area})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_searching_matches_in_the_admin_finds_people_by_name(client, coordinator, programme):
    match = MatchFactory(programme=programme)
    mentor = match.members.get(role="mentor").enrolment.user
    mentor.display_name = "Quintessa Quill"
    mentor.save()
    client.force_login(coordinator)

    response = client.get(reverse("admin:relationships_match_changelist"), {"q": "Quintessa"})

    assert response.status_code == 200
    assert reverse("admin:relationships_match_change", args=[match.pk]) in response.text


@pytest.mark.parametrize("score", ["²", "١٢", "1e3", "-5", "99999999999999999999"])
def test_an_odd_minimum_score_is_a_message_not_a_500(client, coordinator, programme, score):
    programme.status = Programme.Status.MATCHING
    programme.save()
    client.force_login(coordinator)
    url = reverse("admin:matching_programme_action", args=[programme.pk, "run"])

    response = client.post(url, {"objective": "min_score", "min_score": score}, follow=True)

    assert response.status_code == 200
    assert "The minimum score is a whole number from 0 to 1000." in response.text


def test_a_mentor_cannot_offer_more_places_than_an_import_would_accept(client, programme):
    from intake.models import Application
    from intake.tests.test_applications import complete_answers
    from programs.models import MAX_PLACES

    client.force_login(UserFactory())
    url = reverse("intake:apply", args=[programme.slug, "mentor"])

    response = client.post(url, complete_answers(capacity=32767))

    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    assert not Application.objects.exists()
    client.post(url, complete_answers(capacity=MAX_PLACES))
    assert Application.objects.get().capacity == MAX_PLACES


def test_a_33000_character_about_me_is_a_message_and_keeps_the_other_answers(client, programme):
    from intake.models import Application
    from intake.tests.test_applications import complete_answers

    client.force_login(UserFactory())
    url = reverse("intake:apply", args=[programme.slug, "mentee"])

    response = client.post(url, complete_answers(about_me="x" * 33000))

    assert response.status_code == 200
    assert "about_me" in response.context["form"].errors
    assert "Fraktbolaget" in response.text  # nothing typed is lost
    assert not Application.objects.exists()


def test_passwords_need_at_least_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3")  # 11
    validate_password("correct-horse-battery-staple")


def test_a_signed_in_persons_pages_are_kept_by_no_cache(client, mentee):
    assert "no-store" not in client.get("/").get("Cache-Control", "")  # public, cacheable
    client.force_login(mentee)

    for url in ("/", reverse("dashboard:mine"), reverse("accounts:profile")):
        cache = client.get(url)["Cache-Control"]
        assert "private" in cache and "no-store" in cache, url


def test_visitors_see_only_the_events_meant_for_everyone_on_a_programme_page(client, programme):
    from events.tests.factories import EventFactory

    EventFactory(programme=programme, title="Open evening", audience="everyone")
    EventFactory(programme=programme, title="Mentors' briefing", audience="mentor")

    page = client.get(programme.get_absolute_url()).text

    assert "Open evening" in page
    assert "Mentors&#x27; briefing" not in page and "Mentors' briefing" not in page


def test_a_signed_in_coordinator_at_the_admin_sign_in_goes_on_but_never_off_site(
    client, coordinator
):
    client.force_login(coordinator)

    assert client.get("/admin/login/?next=/admin/intake/")["Location"] == "/admin/intake/"
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/admin/"
