"""axe-core in the real Chromium on every goals page, for the mentee who owns the goals
and the mentor who reads them, failed forms included, and on the goal templates' admin:
no serious or critical WCAG 2.1 A/AA violation."""

import pytest

from accounts.tests.browser import serious, signed_in_problems
from accounts.tests.factories import UserFactory
from goals.services import (
    comment_create,
    goal_create,
    goal_status_change,
    progress_update_create,
    step_create,
)
from goals.tests.conftest import goal_values
from goals.tests.factories import GoalTemplateFactory
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import MatchMember
from relationships.services import match_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    programme = ProgrammeFactory(name="Entrepreneurs", status=Programme.Status.RUNNING)
    mentor = person(programme, Enrolment.Role.MENTOR, "Karl Mentor")
    mentee = person(programme, Enrolment.Role.MENTEE, "Lina Mentee")
    match = match_create(
        programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
    )
    members = {m.role: m for m in MatchMember.objects.filter(match=match)}
    lina, karl = members["mentee"], members["mentor"]
    template = GoalTemplateFactory(programme=programme, title="A business plan")
    goal = goal_create(
        member=lina, template=template, steps=["Describe the customers"], **goal_values(programme)
    )
    step = step_create(member=lina, goal=goal, text="Karl reads the draft", owner=karl)
    update = progress_update_create(member=lina, goal=goal, text="Ten offices asked.")
    comment_create(member=karl, update=update, text="Good work.")
    done = goal_create(member=lina, **goal_values(programme, title="First customers"))
    goal_status_change(member=lina, goal=done, status="completed", comment="Three invoices")
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=coordinator, programme=programme)
    return {
        "match": match,
        "goal": goal,
        "done": done,
        "step": step,
        "template": template,
        "lina": lina.enrolment.user,
        "karl": karl.enrolment.user,
        "coordinator": coordinator,
    }


def test_every_goals_page_passes_axe(live_server, page, world):
    base, m, g = live_server.url, world["match"].pk, world["goal"].pk
    goal = f"/relationships/{m}/goals/{g}"
    paths = {
        "lina": [
            f"/relationships/{m}/",
            f"/relationships/{m}/goals/",
            f"/relationships/{m}/goals/new/",
            f"/relationships/{m}/goals/new/?template={world['template'].pk}",
            f"{goal}/",
            f"{goal}/edit/",
            f"{goal}/steps/new/",
            f"{goal}/steps/{world['step'].pk}/edit/",
            f"/relationships/{m}/goals/{world['done'].pk}/",
        ],
        "karl": [
            f"/relationships/{m}/",
            f"/relationships/{m}/goals/",
            f"{goal}/",
            f"{goal}/edit/",  # "not yours to change" (403)
        ],
        "coordinator": [
            "/admin/goals/goaltemplate/",
            "/admin/goals/goaltemplate/add/",
            f"/admin/goals/goaltemplate/{world['template'].pk}/change/",
        ],
    }
    problems = {}
    for who, pages in paths.items():
        problems |= signed_in_problems(page, base, world[who].email, pages, who)
        if who == "lina":  # the forms that failed, with their errors
            page.goto(f"{base}{goal}/")
            page.get_by_label("Off track").check()
            page.get_by_role("button", name="Change the status").click()
            page.wait_for_selector(".invalid-feedback")
            if found := serious(page):
                problems["lina: status with an error"] = found
            page.goto(f"{base}/relationships/{m}/goals/new/")
            page.get_by_label("Title").fill("A goal")
            page.get_by_role("button", name="Set the goal").click()
            page.wait_for_selector(".invalid-feedback")
            if found := serious(page):
                problems["lina: new goal with errors"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
