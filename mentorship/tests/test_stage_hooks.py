"""Where one stage reacts to another through a hook of the lower one (imports run one way)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from events.models import RSVP
from events.services import rsvp_respond
from events.tests.factories import EventFactory
from goals.models import Step
from goals.services import goal_create, goal_status_change
from goals.tests.conftest import goal_values
from intake import services
from intake.tests.factories import ApplicationFactory
from meetings.services import content
from meetings.tests import conftest as meetings_fixtures
from programs.models import Enrolment, Programme

pytestmark = pytest.mark.django_db


def test_withdrawing_an_accepted_place_gives_event_seats_to_the_wait_list(
    programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """intake sends ``programs.hooks.enrolment_withdrawn``; events hands the seat on."""
    programme.status = Programme.Status.INTAKE_OPEN
    programme.save()
    applicant = UserFactory(email="applicant@example.org")
    application = ApplicationFactory(programme=programme, user=applicant)
    services.application_decide(application=application, decision="accepted", by=coordinator)
    waiting = UserFactory()
    Enrolment.objects.create(programme=programme, user=waiting, role="mentee")
    event = EventFactory(programme=programme, capacity=1, published=True)
    rsvp_respond(event=event, user=applicant, going=True)
    assert rsvp_respond(event=event, user=waiting, going=True).status == RSVP.Status.WAITLISTED

    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application, by=applicant)

    assert RSVP.objects.get(user=applicant).status == RSVP.Status.NOT_GOING
    assert RSVP.objects.get(user=waiting).status == RSVP.Status.GOING
    assert any(waiting.email in message.to for message in mailoutbox)


# --- meetings → goals: an action item becomes a step (relationships.hooks.goal_step_makers) --
running = meetings_fixtures.running
pair = meetings_fixtures.pair
soon = meetings_fixtures.soon
held = meetings_fixtures.held
elsewhere = meetings_fixtures.elsewhere


@pytest.fixture
def adams_goals(pair, soon):
    """Adam's shared goal, his private one and a completed one."""
    _match, _mentor, mentee = pair
    shared = goal_create(member=mentee, **goal_values(soon, title="Hire my first cook"))
    secret = goal_create(
        member=mentee, **goal_values(soon, title="Adam's quiet goal", visibility="private")
    )
    done = goal_create(member=mentee, **goal_values(soon, title="Finished goal"))
    goal_status_change(member=mentee, goal=done, status="completed")
    return shared, secret, done


def test_an_action_item_becomes_a_step_of_the_mentees_goal_and_shows_on_it(
    client, pair, held, adams_goals
):
    match, mentor, mentee = pair
    shared, secret, done = adams_goals
    due = timezone.localdate() + timedelta(days=10)
    for_maja = content.action_item_add(
        member=mentee, meeting=held, text="Maja reads the job ad", owner=mentor, due_on=due
    )
    own = content.action_item_add(member=mentee, meeting=held, text="Write the ad", owner=mentee)
    meeting_url = reverse("meetings:detail", kwargs={"pk": match.pk, "meeting": held.pk})
    step_url = reverse(
        "meetings:action_step", kwargs={"pk": match.pk, "meeting": held.pk, "item": for_maja.pk}
    )

    client.force_login(mentor.enrolment.user)
    assert "Make it a step of your goal" not in client.get(meeting_url).text  # Maja has none
    client.force_login(mentee.enrolment.user)
    page = client.get(meeting_url).text
    offered = page.split(f'id="step-goal-{for_maja.pk}"')[1].split("</select>")[0]
    offered_own = page.split(f'id="step-goal-{own.pk}"')[1].split("</select>")[0]
    # Maja may own a step only of a goal she reads; a completed goal takes no more steps.
    assert "Hire my first cook" in offered and "quiet goal" not in offered
    assert "Hire my first cook" in offered_own and "Adam&#x27;s quiet goal" in offered_own
    assert "Finished goal" not in page

    for forged in (done.pk, "²", "9" * 30, ""):
        refused = client.post(step_url, {"goal": forged}, follow=True)
        assert "Choose one of your goals that is not completed." in refused.text
    hidden = client.post(step_url, {"goal": secret.pk}, follow=True)  # Maja does not read it
    assert "among the people in this relationship who see the goal" in hidden.text
    assert not Step.objects.filter(text="Maja reads the job ad").exists()
    response = client.post(step_url, {"goal": shared.pk})

    goal_url = reverse("goals:detail", kwargs={"pk": match.pk, "goal": shared.pk})
    assert response.status_code == 302 and response["Location"] == f"{goal_url}#steps"
    step = Step.objects.get(goal=shared, text="Maja reads the job ad")
    assert (step.owner, step.due_on) == (mentor, due)
    for_maja.refresh_from_db()
    assert for_maja.became_step_at is not None
    goal_page = client.get(goal_url).text
    assert "Maja reads the job ad" in goal_page and "is now a step of this goal" in goal_page
    again = client.get(meeting_url).text
    assert f'id="step-goal-{for_maja.pk}"' not in again and "a step of a goal" in again
    assert client.post(step_url, {"goal": shared.pk}, follow=True).status_code == 200
    assert Step.objects.filter(text="Maja reads the job ad").count() == 1


def test_the_mentor_cannot_make_a_step_of_the_mentees_goal(client, pair, held, adams_goals):
    match, mentor, _mentee = pair
    shared, _secret, _done = adams_goals
    item = content.action_item_add(member=mentor, meeting=held, text="Maja's idea")
    client.force_login(mentor.enrolment.user)

    response = client.post(
        reverse(
            "meetings:action_step", kwargs={"pk": match.pk, "meeting": held.pk, "item": item.pk}
        ),
        {"goal": shared.pk},
        follow=True,
    )

    assert "Choose one of your goals that is not completed." in response.text
    assert not Step.objects.filter(text="Maja's idea").exists()
    item.refresh_from_db()
    assert item.became_step_at is None
