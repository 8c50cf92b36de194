"""What coordinators see of goals: counts by status and the last activity per relationship,
never a goal's words; and the goal templates they offer, in both languages, for their own
programmes only."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from accounts.tests.factories import UserFactory
from goals.facts import FACTS, GoalsFilter, annotate, last_activity
from goals.models import Comment, Goal, GoalTemplate, ProgressUpdate, StatusChange, Step
from goals.services import goal_create, goal_status_change
from goals.tests.conftest import goal_values
from goals.tests.factories import GoalTemplateFactory
from programs.services import coordinator_grant
from relationships import hooks
from relationships.models import Match

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(pair, elsewhere, running):
    """Adam: two goals on track (one private), one off track, one completed."""
    _match, _mentor, mentee = pair
    for title, visibility in (("Shared", "relationship"), ("Secret", "private")):
        goal_create(member=mentee, **goal_values(running, title=title, visibility=visibility))
    off = goal_create(member=mentee, **goal_values(running, title="Stuck"))
    goal_status_change(member=mentee, goal=off, status="off_track", comment="Busy")
    done = goal_create(member=mentee, **goal_values(running, title="Done one"))
    goal_status_change(member=mentee, goal=done, status="completed")
    return pair[0], elsewhere


def test_annotate_counts_each_relationships_goals_by_status_without_repeating_a_match(counted):
    match, elsewhere = counted

    rows = {m.pk: m for m in annotate(Match.objects.all())}

    assert len(rows) == Match.objects.count() == 2
    mine, theirs = rows[match.pk], rows[elsewhere.pk]
    assert (mine.goals_on_track, mine.goals_off_track, mine.goals_completed) == (2, 1, 1)
    assert (theirs.goals_on_track, theirs.goals_off_track, theirs.goals_completed) == (0, 0, 0)
    assert [column(mine) for column in FACTS.columns] == [2, 1, 1]
    assert [str(column.short_description) for column in FACTS.columns] == [
        "goals on track",
        "goals off track",
        "goals completed",
    ]


def test_last_activity_is_the_latest_change_to_any_goal_of_the_match(counted):
    match, elsewhere = counted

    latest = dict(Match.objects.annotate(latest=last_activity()).values_list("pk", "latest"))

    newest = Goal.objects.filter(match=match).order_by("-updated_at").first().updated_at
    assert latest == {match.pk: newest, elsewhere.pk: None}


def test_the_goals_filter_finds_relationships_by_their_goals(counted, rf):
    match, elsewhere = counted

    def filtered(value):
        request = rf.get("/", {"goals": value})
        chosen = GoalsFilter(request, {"goals": [value]}, Match, None)
        return set(chosen.queryset(request, Match.objects.all()).values_list("pk", flat=True))

    assert filtered("none") == {elsewhere.pk}
    assert filtered("off_track") == {match.pk}
    assert filtered("completed") == {match.pk}


def test_the_facts_are_registered_for_the_relationships_admin():
    assert FACTS in hooks.coordinator_facts
    assert FACTS.filters == [GoalsFilter]


def test_the_coordinators_list_of_relationships_shows_counts_and_never_a_goals_words(
    client, counted, running
):
    coordinator = UserFactory(is_staff=True)
    coordinator_grant(user=coordinator, programme=running)
    client.force_login(coordinator)

    page = client.get(reverse("admin:relationships_match_changelist")).text

    assert "Goals on track" in page and "Goals completed" in page
    for words in ("Shared", "Secret", "Stuck", "Done one", "Busy", "I have led four meetings"):
        assert words not in page


def test_no_admin_shows_goals_steps_or_progress():
    for model in (Goal, Step, StatusChange, ProgressUpdate, Comment):
        assert model not in admin.site._registry
    with pytest.raises(NoReverseMatch):
        reverse("admin:goals_goal_changelist")


def test_a_coordinator_offers_a_goal_template_in_both_languages_for_their_programme(
    client, running, other_programme
):
    coordinator = UserFactory(is_staff=True)
    coordinator_grant(user=coordinator, programme=running)
    theirs = GoalTemplateFactory(programme=other_programme, title="Their plan")
    client.force_login(coordinator)
    url = reverse("admin:goals_goaltemplate_add")

    form = client.get(url).text
    response = client.post(
        url,
        {
            "programme": running.pk,
            "title_en": "A business plan",
            "title_sv": "En affärsplan",
            "measure_en": "A plan my bank accepts.",
            "steps_en": "Describe the customers\nWork out the prices",
            "position": 0,
        },
    )
    elsewhere = client.post(url, {"programme": other_programme.pk, "title_en": "Sneaky"})

    assert 'name="title_sv"' in form and running.name in form
    assert other_programme.name not in form
    assert response.status_code == 302
    template = GoalTemplate.objects.get(programme=running)
    assert (template.title_en, template.title_sv) == ("A business plan", "En affärsplan")
    assert template.step_lines() == ["Describe the customers", "Work out the prices"]
    assert elsewhere.status_code == 200 and not GoalTemplate.objects.filter(title="Sneaky")
    listing = client.get(reverse("admin:goals_goaltemplate_changelist")).text
    assert "A business plan" in listing and theirs.title not in listing
