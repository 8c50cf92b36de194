"""The demo shows goals at work: templates in both languages, Lina's goals with Karl."""

from datetime import datetime, time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from goals.models import Comment, Goal, GoalTemplate, ProgressUpdate, StatusChange, Step
from notifications.tests.helpers import run_job

pytestmark = pytest.mark.django_db


def rows() -> tuple:
    return tuple(
        model.objects.count()
        for model in (Goal, Step, StatusChange, ProgressUpdate, Comment, GoalTemplate)
    )


def test_the_demo_has_goal_templates_and_lina_s_goals_and_running_it_twice_adds_nothing(
    client, django_capture_on_commit_callbacks
):
    call_command("seed_demo")
    first = rows()
    call_command("seed_demo")

    assert rows() == first
    assert all(first), first
    plan = GoalTemplate.objects.get(
        programme__slug="entrepreneurs-spring", title_en="A business plan"
    )
    assert plan.title_sv == "En affärsplan" and plan.step_lines()
    lina = User.objects.get(email="lina.hassan@example.org")
    goals = Goal.objects.filter(author__enrolment__user=lina)
    assert {g.status for g in goals} == {"on_track", "completed"}
    assert goals.get(status="on_track").template == plan
    assert Comment.objects.filter(author__enrolment__user__email="karl.aberg@example.org").exists()

    karl = User.objects.get(email="karl.aberg@example.org")
    client.force_login(karl)
    match = goals.first().match
    workspace = client.get(reverse("relationships:workspace", args=[match.pk])).text
    assert "A business plan my bank says yes to" in workspace
    assert (
        "Lina Hassan har nått ”My first three paying customers”!" in workspace
    )  # he reads Swedish

    # A step of hers is due in two days: her reminder goes at nine this morning.
    nine = datetime.combine(timezone.localdate(), time(9), tzinfo=lina.time_zone)
    due = run_job("step-due-soon", nine, django_capture_on_commit_callbacks).due
    assert [d.recipient_id for d in due] == [lina.pk]
