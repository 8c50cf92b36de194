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
    from intake.models import Application, Interview, Question

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
    from events.models import Event
    from resources.models import Resource

    call_command("seed_demo")

    kick_off = Event.objects.get(kind=Event.Kind.KICK_OFF)
    assert kick_off.published and kick_off.capacity >= 1
    assert Resource.objects.filter(published=True).count() >= 3
    # A demo mentee sees the library and the kick-off on their pages.
    mentee = User.objects.get(email="adam.persson@example.org")
    client.force_login(mentee)
    assert kick_off.title in client.get(reverse("events:list")).text
    assert "SMART goals in practice" in client.get(reverse("resources:list")).text


def test_seed_demo_has_programmes_ready_for_every_kind_of_matching(capsys):
    from intake.models import Application
    from matching.models import Exclusion, Preference

    call_command("seed_demo")

    leadership = Programme.objects.get(slug="leadership-autumn")
    requests = Programme.objects.get(slug="first-job-mentors")
    peers = Programme.objects.get(slug="peer-circle-it")
    assert {p.status for p in (leadership, requests, peers)} == {Programme.Status.MATCHING}
    assert leadership.matching_mode == Programme.MatchingMode.COORDINATOR
    assert requests.matching_mode == Programme.MatchingMode.MENTEE_REQUESTS
    assert (peers.kind, peers.matching_mode) == (Programme.Kind.PEER, "peer_pool")
    assert leadership.name_sv and leadership.name_en and peers.name_sv and peers.name_en

    mentors = leadership.enrolments.filter(role="mentor")
    assert leadership.enrolments.filter(role="mentee").count() >= 10
    assert mentors.count() >= 5
    assert {m.capacity for m in mentors} == {1, 2, 3}
    assert requests.enrolments.filter(role="mentor").exists()
    assert requests.enrolments.filter(role="mentee").exists()
    assert peers.enrolments.filter(role="peer").count() % 2 == 1  # a trio must form

    for programme in (leadership, requests, peers):
        enrolled = set(programme.enrolments.values_list("user_id", flat=True))
        accepted = programme.applications.filter(status="accepted")
        assert set(accepted.values_list("user_id", flat=True)) == enrolled
        for application in accepted.prefetch_related("areas"):
            assert application.areas.all() and application.expertise and application.goals
            assert application.city and application.meeting_formats and application.availability
            assert len(application.working_style) == len(Application.WorkingStyle.values)

    # One mentee's manager is a mentor, one pair is kept apart, and some have wishes.
    mentor_emails = set(mentors.values_list("user__email", flat=True))
    managers = leadership.applications.filter(role="mentee").values_list("manager_email", flat=True)
    assert mentor_emails & set(managers)
    assert Exclusion.objects.filter(programme=leadership).count() == 1
    assert Preference.objects.filter(chooser__programme=leadership).exists()

    out = capsys.readouterr().out
    assert "cornelia.svensson@example.org" in out
    assert "ulla.berglund@example.org" in out


def test_a_demo_mentee_can_give_wishes_in_the_matching_programme(client):
    call_command("seed_demo")

    client.post(
        reverse("account_login"),
        {"login": "cornelia.svensson@example.org", "password": "mentorship-demo"},
    )
    page = client.get(reverse("matching:wishes", kwargs={"slug": "leadership-autumn"})).text

    assert "Chloe Martin" in page
    assert "Give your wishes" in client.get(reverse("dashboard:mine")).text
