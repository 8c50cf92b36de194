"""The closing reflection's page for every role; the others' reflections show once the
viewer wrote their own; the workspace's card and next step; what coordinators see; the
page's queries stay the same with 2 and 20 goals."""

import pytest
from django.urls import reverse

from closure.models import ClosingReflection
from goals.models import Goal
from goals.tests.factories import GoalFactory
from relationships.services import match_complete

from .conftest import ROLES, as_
from .reflection_helpers import WAY, form_data, rating, write


def url(match) -> str:
    return reverse("closure:reflection", kwargs={"pk": match.pk})


@pytest.mark.parametrize("role", ROLES)
def test_the_reflection_page_for_every_role(last_weeks, pair, users, client, role):
    match, mentor, _mentee = pair
    write(mentor, way_of_working="Maja's secret way")
    response = as_(client, users[role]).get(url(match))
    if role == "anon":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert b"secret" not in response.content
        return
    if role in ("member", "other_member"):
        assert response.status_code == 200
        text = response.content.decode()
        if role == "other_member":  # Maja wrote hers: she reads it
            assert "Maja&#x27;s secret way" in text
        else:  # Adam has not: he sees the form and that Maja wrote hers, not her words
            assert "Maja&#x27;s secret way" not in text
            assert "Maja Mentor has written a closing reflection" in text
            assert "once you have written yours" in text
            assert 'name="way_of_working"' in text
        return
    # Members elsewhere and coordinators (here or elsewhere) never reach the texts.
    assert response.status_code == 404
    assert b"secret" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_posting_a_reflection_for_every_role(last_weeks, pair, users, client, role):
    match, _mentor, _mentee = pair
    response = as_(client, users[role]).post(url(match), form_data())
    written = ClosingReflection.objects.count()
    if role in ("member", "other_member"):
        assert response.status_code == 302
        assert written == 1
    elif role == "anon":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert written == 0
    else:
        assert response.status_code == 404
        assert written == 0


def test_both_write_and_each_reads_the_others_with_the_goal_ratings(last_weeks, pair, client):
    match, mentor, mentee = pair
    goal = GoalFactory(match=match, author=mentee, title="Lead the budget round")
    client.force_login(mentor.enrolment.user)
    client.post(url(match), form_data(way_of_working="Maja: fortnightly worked"))
    client.force_login(mentee.enrolment.user)
    before = client.get(url(match)).content.decode()

    response = client.post(
        url(match), form_data([goal], way_of_working="Adam: it worked"), follow=True
    )

    text = response.content.decode()
    assert "Maja: fortnightly worked" not in before
    assert "Lead the budget round" in before  # the goal to rate, with its status
    assert "On track" in before
    assert "Maja: fortnightly worked" in text and "Adam: it worked" in text
    assert "Yes" in text or "Reached" in text
    client.force_login(mentor.enrolment.user)
    maja = client.get(url(match)).content.decode()
    assert "Adam: it worked" in maja
    assert "Lead the budget round" in maja  # Adam's rating of his goal
    assert "2 of 5" in maja and "5 of 5" in maja


def test_a_private_goal_rating_is_not_shown_to_the_others(last_weeks, pair, client):
    match, mentor, mentee = pair
    private = GoalFactory(
        match=match, author=mentee, title="My secret goal", visibility=Goal.Visibility.PRIVATE
    )
    write(mentee, [rating(private)])
    write(mentor)
    client.force_login(mentor.enrolment.user)
    text = client.get(url(match)).content.decode()
    assert WAY in text  # Adam's reflection is shown
    assert "My secret goal" not in text


def test_a_second_reflection_is_refused_with_a_message(last_weeks, pair, client):
    match, _mentor, mentee = pair
    write(mentee)
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), form_data(way_of_working="Again"), follow=True)
    assert "You have written your closing reflection already." in response.content.decode()
    assert ClosingReflection.objects.get(member=mentee).way_of_working == WAY


def test_before_it_opens_the_page_says_when(early_on, pair, client):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    text = client.get(url(match)).content.decode()
    assert "The closing reflection opens on" in text
    assert 'name="way_of_working"' not in text
    response = client.post(url(match), form_data())
    assert "The closing reflection opens on" in response.content.decode()
    assert not ClosingReflection.objects.exists()


def test_after_completion_the_form_is_open_and_the_workspace_asks_for_it(early_on, pair, client):
    match, _mentor, mentee = pair
    match_complete(match=match, by=None)
    client.force_login(mentee.enrolment.user)
    text = client.get(url(match)).content.decode()
    workspace = client.get(reverse("relationships:workspace", kwargs={"pk": match.pk}))
    assert "Your relationship is completed" in text
    assert 'name="way_of_working"' in text
    assert "Write your closing reflection" in workspace.content.decode()
    assert client.post(url(match), form_data()).status_code == 302


def test_a_deleted_relationship_answers_404(last_weeks, pair, client):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    address = url(match)
    match.delete()
    assert client.get(address).status_code == 404
    assert client.post(address, form_data()).status_code == 404
    assert not ClosingReflection.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"way_of_working": "", "going_on": ""},
        {"expectations_met": "9"},
        {"expectations_met": "²"},
        {"stay_in_touch": "\x00"},
        {"achieved": "x" * 10_000},
        {"stay_in_touch_how": "²" * 400},
    ],
)
def test_odd_input_answers_with_a_form_message(last_weeks, pair, client, data):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), {**form_data(), **data})
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode()
    assert not ClosingReflection.objects.exists()


def test_an_own_goal_left_unrated_or_half_rated_is_asked_for(last_weeks, pair, client):
    match, _mentor, mentee = pair
    goal = GoalFactory(match=match, author=mentee)
    client.force_login(mentee.enrolment.user)
    unrated = client.post(url(match), form_data())
    half = client.post(url(match), {**form_data(), f"goal_{goal.pk}_reached": "yes"})
    assert "Say whether your goal was reached." in unrated.content.decode()
    assert "Choose from 1 to 5." in half.content.decode()
    assert not ClosingReflection.objects.exists()


def test_a_forged_goal_field_is_ignored(last_weeks, pair, elsewhere, client):
    match, _mentor, mentee = pair
    foreign = GoalFactory(match=elsewhere, title="Bo's goal")
    client.force_login(mentee.enrolment.user)
    data = {**form_data(), f"goal_{foreign.pk}_reached": "yes", f"goal_{foreign.pk}_start": "1"}
    assert client.post(url(match), data).status_code == 302
    assert not ClosingReflection.objects.get().goal_ratings.exists()


@pytest.mark.parametrize("pk", ["99999999999999999999999", "-1", "abc", "1%002", "²"])
def test_odd_ids_answer_404(last_weeks, pair, client, pk):
    _match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    assert client.get(f"/relationships/{pk}/closing/").status_code == 404


def test_text_is_escaped(last_weeks, pair, client):
    match, mentor, mentee = pair
    GoalFactory(match=match, author=mentee, title="<b>bold goal</b>")
    write(mentor, way_of_working="<script>alert(1)</script>")
    client.force_login(mentee.enrolment.user)
    form_page = client.get(url(match)).content.decode()
    write(mentee, [rating(Goal.objects.get())])
    read = client.get(url(match)).content.decode()
    assert "<b>bold goal</b>" not in form_page and "&lt;b&gt;bold goal" in form_page
    assert "<script>alert(1)" not in read and "&lt;script&gt;" in read


def _goals(match, author, n):
    for i in range(n):
        GoalFactory(match=match, author=author, title=f"Goal number {i}")


@pytest.mark.parametrize("written", [False, True])
def test_the_page_costs_the_same_with_2_and_20_goals(
    last_weeks, pair, client, django_assert_num_queries, written
):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    _goals(match, mentee, 2)
    if written:
        write(mentee, [rating(g) for g in Goal.objects.all()])
        write(mentor, [rating(g) for g in Goal.objects.all()])
    client.get(url(match))  # warm up (sessions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url(match)).status_code == 200
    ClosingReflection.objects.all().delete()
    _goals(match, mentee, 18)
    if written:
        write(mentee, [rating(g) for g in Goal.objects.all()])
        write(mentor, [rating(g) for g in Goal.objects.all()])
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url(match))
    assert response.content.decode().count("Goal number") >= 20


# --- The workspace's card ------------------------------------------------------------------


def test_the_workspace_card_says_where_it_stands(last_weeks, pair, client):
    match, mentor, mentee = pair
    workspace = reverse("relationships:workspace", kwargs={"pk": match.pk})
    client.force_login(mentee.enrolment.user)
    opened = client.get(workspace).content.decode()
    write(mentee)
    mine = client.get(workspace).content.decode()
    write(mentor)
    done = client.get(workspace).content.decode()
    assert "Closing reflection: open." in opened
    assert "Write your closing reflection" in opened
    assert "you wrote yours (1 of 2 written)" in mine
    assert "Write your closing reflection" not in mine
    assert "everyone has written theirs" in done
    assert WAY not in done


def test_the_workspace_card_before_it_opens(early_on, pair, client):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    text = client.get(reverse("relationships:workspace", kwargs={"pk": match.pk})).content.decode()
    assert "Closing reflection: opens on" in text
    assert "Write your closing reflection" not in text


# --- What the coordinator sees ---------------------------------------------------------------


def test_the_coordinator_sees_that_it_was_written_never_the_texts(last_weeks, pair, users, client):
    match, mentor, mentee = pair
    goal = GoalFactory(match=match, author=mentee, title="Budget round goal")
    write(mentor, way_of_working="Private way words", going_on="Private going on")
    write(mentee, [rating(goal)], achieved="Private achievement")
    ClosingReflection.objects.filter(member=mentee).delete()
    client.force_login(users["coordinator"])
    listed = client.get(reverse("admin:relationships_match_changelist")).content.decode()
    page = client.get(reverse("admin:relationships_match_change", args=[match.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "closing reflections" in listed.lower()
    assert "1 of 2 written, last" in listed
    assert "1 of 2 written, last" in text
    for secret in ("Private way words", "Private going on", "Private achievement"):
        assert secret not in listed + text
