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
