import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from programs.models import Enrolment, Programme

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Programme.objects.count(), Enrolment.objects.count()


def test_seed_demo_builds_a_believable_programme_and_prints_logins(capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "coordinator@example.org" in out
    assert "mentorship-demo" in out
    mentors = Enrolment.objects.filter(role="mentor").count()
    mentees = Enrolment.objects.filter(role="mentee").count()
    assert mentors >= 15
    assert mentees >= 20
    coordinator = User.objects.get(email="coordinator@example.org")
    assert coordinator.is_staff
    assert coordinator.coordinated_programmes.count() == Programme.objects.count()


def test_seed_demo_twice_duplicates_nothing():
    call_command("seed_demo")
    first = counts()

    call_command("seed_demo")

    assert counts() == first


def test_demo_logins_work(client):
    call_command("seed_demo")

    client.post(
        reverse("account_login"),
        {"login": "coordinator@example.org", "password": "mentorship-demo"},
    )

    assert "_auth_user_id" in client.session
    assert client.get(reverse("admin:programs_programme_changelist")).status_code == 200


def test_seed_demo_keeps_what_a_coordinator_changed():
    call_command("seed_demo")
    programme = Programme.objects.get(slug="new-managers-2027")
    programme.name = "Renamed by the coordinator"
    programme.save()

    call_command("seed_demo")

    assert Programme.objects.get(slug="new-managers-2027").name == "Renamed by the coordinator"


def test_seed_demo_walks_programmes_through_their_statuses():
    call_command("seed_demo")

    running = Programme.objects.get(slug="entrepreneurs-spring")
    assert running.status == Programme.Status.RUNNING
    assert [c.to_status for c in running.status_changes.order_by("pk")] == [
        "intake_open",
        "matching",
        "running",
    ]


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="does not run"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_seed_demo_has_applications_in_every_status_with_intake_settings():
    from programs.models import Application, Interview, Question

    call_command("seed_demo")

    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    assert Question.objects.values("kind").distinct().count() >= 4
    assert Interview.objects.exists()
    managers = Programme.objects.get(slug="new-managers-2027")
    assert managers.areas.count() >= 5
    assert managers.purpose_sv and managers.purpose_en
    # Every enrolled person came in through an accepted application, as in real life.
    enrolled = set(managers.enrolments.values_list("user_id", flat=True))
    accepted = set(
        managers.applications.filter(status="accepted").values_list("user_id", flat=True)
    )
    assert enrolled == accepted
    # Submitted applications carry the consent the database demands.
    assert not Application.objects.exclude(status="draft").filter(consent_given_at=None).exists()


def test_demo_programme_page_speaks_both_languages(client):
    call_command("seed_demo")
    managers = Programme.objects.get(slug="new-managers-2027")

    assert "Mentoring for new managers 2027" in client.get(managers.get_absolute_url()).text
    swedish = client.get(managers.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").text
    assert "Mentorskap för nya chefer 2027" in swedish
    assert "Att ge den som står inför något nytt" in swedish


def test_seed_demo_publishes_resources_and_a_kick_off_event(client):
    from orientation.models import Event, Resource

    call_command("seed_demo")

    kick_off = Event.objects.get(kind=Event.Kind.KICK_OFF)
    assert kick_off.published and kick_off.capacity >= 1
    assert Resource.objects.filter(published=True).count() >= 3
    # A demo mentee sees the library and the kick-off on their pages.
    mentee = User.objects.get(email="adam.persson@example.org")
    client.force_login(mentee)
    assert kick_off.title in client.get(reverse("orientation:event_list")).text
    assert "SMART goals in practice" in client.get(reverse("orientation:resource_list")).text
