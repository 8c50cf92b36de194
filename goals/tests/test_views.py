"""The goals pages as a mentee and a mentor use them: forms that keep what was typed when
they refuse it, odd input answered without a 500, templates, the celebration."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Goal, Step
from goals.services import goal_create, progress_update_create
from goals.tests.conftest import goal_values
from goals.tests.factories import GoalTemplateFactory
from programs.models import Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match, MatchMember

pytestmark = pytest.mark.django_db


def goal_url(goal, name="detail", **kwargs) -> str:
    return reverse(f"goals:{name}", kwargs={"pk": goal.match_id, "goal": goal.pk, **kwargs})


def new_url(match) -> str:
    return reverse("goals:new", args=[match.pk])


def form_data(programme, **values) -> dict:
    data = goal_values(programme, **values)
    data["target_date"] = str(data["target_date"])
    return data


@pytest.fixture
def mentee_client(client, pair):
    client.force_login(pair[2].enrolment.user)
    return client


def test_the_new_goal_form_labels_each_smart_part(mentee_client, pair):
    match, _mentor, _mentee = pair

    page = mentee_client.get(new_url(match)).text

    for field, label in [
        ("title", "Title"),
        ("specific", "What exactly"),
        ("measure", "How you measure success"),
        ("relevance", "Why it matters"),
        ("target_date", "Target date"),
    ]:
        assert f'for="id_{field}"' in page and label in page
    assert 'type="date"' in page
    assert "Me and my mentor" in page and "Only me" in page
    assert "The whole group" not in page  # a one-to-one programme


def test_a_goal_is_set_and_shown_with_its_first_steps(mentee_client, pair, running):
    match, _mentor, mentee = pair
    data = form_data(
        running, title="Lead <b>four</b> meetings", steps="Write the agenda\nBook\x00 a room"
    )

    response = mentee_client.post(new_url(match), data, follow=True)

    goal = Goal.objects.get()
    assert goal.author == mentee
    assert list(goal.steps.values_list("text", flat=True)) == ["Write the agenda", "Book a room"]
    assert "Your goal is set." in response.text
    assert "Lead &lt;b&gt;four&lt;/b&gt; meetings" in response.text
    assert "<b>four</b>" not in response.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_date": "2027-02-30"}, "target_date", "Enter a real date, such as 2027-03-31."),
        ({"target_date": "31/12/2027"}, "target_date", "Enter a real date"),
        ({"measure": "  "}, "measure", "Say how you will measure success"),
        ({"title": ""}, "title", "Give the goal a title."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"visibility": "everyone"}, "visibility", "Select a valid choice"),
    ],
)
def test_a_refused_goal_keeps_what_was_typed(mentee_client, pair, running, changes, field, message):
    match, _mentor, _mentee = pair
    data = form_data(running, relevance="Because my team deserves it", **changes)

    response = mentee_client.post(new_url(match), data)

    assert response.status_code == 200
    assert message in response.text
    assert "Because my team deserves it" in response.text
    assert field in response.context["form"].errors
    assert not Goal.objects.exists()


def test_a_target_date_outside_the_programme_is_refused_with_the_programmes_dates(
    mentee_client, pair, running
):
    match, _mentor, _mentee = pair
    late = running.ends_on + timedelta(days=1)

    response = mentee_client.post(new_url(match), form_data(running, target_date=str(late)))

    assert response.status_code == 200
    assert "Choose a target date within the programme, between" in response.text
    assert not Goal.objects.exists()


def test_a_goal_starts_from_a_template_of_the_programme_and_is_adapted(
    mentee_client, pair, running
):
    match, _mentor, _mentee = pair
    template = GoalTemplateFactory(
        programme=running, title="A career-path plan", steps="List my strengths\nTalk to two people"
    )
    foreign = GoalTemplateFactory(programme=ProgrammeFactory(), title="Someone else's plan")

    page = mentee_client.get(new_url(match)).text
    prefilled = mentee_client.get(new_url(match), {"template": template.pk}).text
    data = form_data(running, title="My career-path plan", steps="List my strengths")
    response = mentee_client.post(f"{new_url(match)}?template={template.pk}", data)

    assert "A career-path plan" in page and "Someone else" not in page
    assert 'value="A career-path plan"' in prefilled and "Talk to two people" in prefilled
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.template == template and goal.title == "My career-path plan"
    assert list(goal.steps.values_list("text", flat=True)) == ["List my strengths"]
    for forged in (foreign.pk, "²", "9" * 30, "-1"):
        assert mentee_client.get(new_url(match), {"template": forged}).status_code == 404
        assert mentee_client.post(f"{new_url(match)}?template={forged}", data).status_code == 404
    assert Goal.objects.count() == 1


@pytest.mark.parametrize("forged", ["²", "9" * 30, "0", "-3", "1.0", "abc"])
def test_forged_ids_answer_404_never_500(mentee_client, goal, step, forged):
    update = goal.updates.get()
    urls = [
        reverse("goals:detail", kwargs={"pk": goal.match_id, "goal": forged}),
        reverse("goals:list", kwargs={"pk": forged}),
        goal_url(goal, "step_edit", step=forged),
        goal_url(goal, "step_mark", step=forged),
        goal_url(goal, "comment_new", update=forged),
        reverse("goals:status", kwargs={"pk": forged, "goal": goal.pk}),
    ]
    for address in urls:
        assert mentee_client.get(address).status_code == 404, address
        assert mentee_client.post(address, {"done": "1"}).status_code == 404, address
    assert goal_url(goal, "comment_new", update=update.pk)  # the real one exists


def test_another_goals_step_or_update_answers_404(mentee_client, goal, pair, running):
    _match, _mentor, mentee = pair
    second = goal_create(member=mentee, steps=["Other step"], **goal_values(running, title="B"))
    update = progress_update_create(member=mentee, goal=second, text="B's update")
    step = second.steps.get()

    assert (
        mentee_client.post(goal_url(goal, "step_mark", step=step.pk), {"done": "1"}).status_code
        == 404
    )
    assert mentee_client.get(goal_url(goal, "step_edit", step=step.pk)).status_code == 404
    assert (
        mentee_client.post(goal_url(goal, "comment_new", update=update.pk), {}).status_code == 404
    )
    step.refresh_from_db()
    assert not step.done


@pytest.mark.parametrize("owner", ["²", "9" * 30, "-1", "x"])
def test_a_forged_step_owner_is_a_form_error(mentee_client, goal, owner):
    response = mentee_client.post(
        goal_url(goal, "step_new"), {"text": "Book a room", "owner": owner}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert 'value="Book a room"' in response.text
    assert not goal.steps.filter(text="Book a room").exists()


def test_a_step_owner_from_another_relationship_is_not_offered_nor_taken(
    mentee_client, goal, elsewhere
):
    stranger = elsewhere.members.get(role="mentee")

    page = mentee_client.get(goal_url(goal, "step_new")).text
    response = mentee_client.post(
        goal_url(goal, "step_new"), {"text": "Ask Bo", "owner": stranger.pk}
    )

    assert "Maja Mentor" in page and "Bo Berg" not in page
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not Step.objects.filter(owner=stranger).exists()


def test_nul_characters_are_dropped_and_a_10_mb_post_is_refused(mentee_client, goal):
    mentee_client.raise_request_exception = False

    mentee_client.post(
        goal_url(goal, "update_new"),
        {"update-on": timezone.localdate().isoformat(), "update-text": "Half\x00way"},
    )
    huge = mentee_client.post(
        goal_url(goal, "update_new"),
        {"update-on": timezone.localdate().isoformat(), "update-text": "x" * 10_000_000},
    )

    assert goal.updates.filter(text="Halfway").exists()
    assert huge.status_code == 400
    assert goal.updates.count() == 2


def test_off_track_without_a_comment_comes_back_with_the_page_and_nothing_changes(
    mentee_client, goal
):
    response = mentee_client.post(goal_url(goal, "status"), {"status-status": "off_track"})

    assert response.status_code == 200
    assert "Say in a few words what holds the goal back." in response.text
    assert "Adam&#x27;s first meeting went well." in response.text  # the whole page is back
    goal.refresh_from_db()
    assert goal.status == "on_track" and not goal.status_changes.exists()


def test_a_refused_progress_update_keeps_its_text(mentee_client, goal):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = mentee_client.post(
        goal_url(goal, "update_new"), {"update-on": tomorrow, "update-text": "Next week's news"}
    )

    assert response.status_code == 200
    assert "Choose a day up to today." in response.text
    assert "Next week&#x27;s news" in response.text
    assert goal.updates.count() == 1


def test_a_completed_goal_is_celebrated_on_its_page_and_in_the_workspace(client, goal, pair):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    response = client.post(
        goal_url(goal, "status"),
        {"status-status": "completed", "status-comment": "Four meetings!"},
        follow=True,
    )

    assert "Congratulations: you have reached your goal!" in response.text
    assert "You reached your goal!" in response.text
    assert "“Four meetings!”" in response.text  # the history keeps the comment
    client.force_login(mentor.enrolment.user)
    assert "Adam Adept reached this goal!" in client.get(goal_url(goal)).text
    workspace = client.get(reverse("relationships:workspace", args=[match.pk])).text
    assert "Adam Adept reached “Lead my first team meeting”!" in workspace


def test_the_workspace_asks_a_mentee_for_a_first_goal_and_not_the_mentor(client, pair, running):
    match, mentor, mentee = pair
    workspace = reverse("relationships:workspace", args=[match.pk])
    client.force_login(mentee.enrolment.user)
    assert "Set your first goal" in client.get(workspace).text

    client.post(new_url(match), form_data(running))

    page = client.get(workspace).text
    assert "Set your first goal" not in page
    assert "Lead my first team meeting" in page and 'id="goals-heading"' in page
    client.force_login(mentor.enrolment.user)
    page = client.get(workspace).text
    assert "Set your first goal" not in page and "Lead my first team meeting" in page


def test_after_the_relationship_ended_the_goals_are_read_and_not_changed(client, goal, pair):
    match, _mentor, mentee = pair
    Match.objects.filter(pk=match.pk).update(status=Match.Status.COMPLETED)
    MatchMember.objects.filter(match=match).update(current=False)
    client.force_login(mentee.enrolment.user)

    edit = client.get(goal_url(goal, "edit"), follow=True)
    post = client.post(goal_url(goal, "status"), {"status-status": "completed"}, follow=True)
    page = client.get(goal_url(goal)).text

    assert "This relationship has ended" in edit.text and "This relationship has ended" in post.text
    goal.refresh_from_db()
    assert goal.status == "on_track"
    assert "Edit the goal" not in page and "Change the status" not in page
    assert "Lead my first team meeting" in page


def test_editing_keeps_a_passed_target_date_but_refuses_moving_it_into_the_past(
    mentee_client, goal, running
):
    today = timezone.localdate()
    Programme.objects.filter(pk=running.pk).update(starts_on=today - timedelta(days=20))
    Goal.objects.filter(pk=goal.pk).update(target_date=today - timedelta(days=2))
    data = form_data(running, title="Lead four meetings")

    kept = mentee_client.post(
        goal_url(goal, "edit"), {**data, "target_date": str(today - timedelta(days=2))}
    )
    moved = mentee_client.post(
        goal_url(goal, "edit"), {**data, "title": "Moved", "target_date": str(today - timedelta(1))}
    )

    assert kept.status_code == 302
    assert moved.status_code == 200 and "That day has passed" in moved.text
    goal.refresh_from_db()
    assert goal.title == "Lead four meetings" and goal.target_date == today - timedelta(days=2)


def test_the_goals_pages_speak_swedish_to_a_swede(client, goal, pair):
    match, _mentor, mentee = pair
    user = mentee.enrolment.user
    user.preferred_language = "sv"
    user.save()
    client.force_login(user)

    form = client.get(new_url(match)).text
    page = client.get(goal_url(goal)).text
    refused = client.post(new_url(match), {"title": "Ett mål", "measure": ""}).text

    for words in ("Rubrik", "Vad exakt", "Hur du mäter framgång", "Varför det är viktigt"):
        assert words in form
    assert "Handlingsplan" in page and "Skriv en lägesrapport" in page
    assert "Skriv hur du ska mäta framgång" in refused
