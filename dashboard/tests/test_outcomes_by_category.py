"""Early ends by category in the dashboard's outcome measures and its exports: counts and
categories, never the reason or the kind word; the same number of queries however many."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from dashboard import overview
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match, MatchMember
from relationships.services import match_end

from . import bulk

pytestmark = pytest.mark.django_db


def board_url(programme) -> str:
    return reverse("admin:dashboard_programme", args=[programme.pk])


def end_some(programme, count: int) -> None:
    """End ``count`` relationships early: by their mentee (not enough time, or a change in
    life) and by a coordinator (not a good fit), in turns."""
    matches = list(Match.objects.filter(programme=programme).order_by("pk")[:count])
    for i, match in enumerate(matches):
        mentee = MatchMember.objects.get(match=match, role="mentee").enrolment.user
        by, category = [
            (mentee, "no_time"),
            (mentee, "life_change"),
            (None, "not_a_fit"),
        ][i % 3]
        match_end(
            match=match, by=by, reason=f"secret reason {i}", message="kind word", category=category
        )


@pytest.fixture
def board(client, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    programme = ProgrammeFactory(name="Leaders")
    bulk.relationships(programme, 9, now=timezone.now())
    end_some(programme, 6)
    coordinator = UserFactory(is_staff=True)
    coordinator_grant(user=coordinator, programme=programme)
    client.force_login(coordinator)
    return programme


def test_the_outcomes_count_early_ends_by_category_and_by_whom(client, board):
    response = client.get(board_url(board))

    rows = {row.category: row for row in response.context["board"].outcomes.early_by_category}
    assert [r.category for r in rows.values()] == [c for c, _label in Match.EndCategory.choices]
    assert (rows["no_time"].count, rows["no_time"].by_member) == (2, 2)
    assert (rows["life_change"].count, rows["life_change"].by_member) == (2, 2)
    assert (rows["not_a_fit"].count, rows["not_a_fit"].by_coordinator) == (2, 2)
    assert rows["other"].count == 0
    assert "Ended early: Not enough time" in response.text
    assert "secret reason" not in response.text and "kind word" not in response.text


def test_an_early_end_without_a_category_is_counted_apart(client, board):
    Match.objects.filter(programme=board, end_category="no_time").update(end_category="")

    rows = client.get(board_url(board)).context["board"].outcomes.early_by_category

    assert rows[-1].category == "" and rows[-1].count == 2
    assert rows[-1].label == "No category recorded"


def test_the_exports_carry_the_category_never_the_words(client, board):
    def export(name):
        url = reverse("admin:dashboard_programme_export", args=[board.pk, name, "csv"])
        return list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))

    relationships = export("relationships")
    column = relationships[0].index("why it ended early")
    assert sorted(r[column] for r in relationships[1:]) == sorted(
        ["Not enough time"] * 2
        + ["A change in life or work"] * 2
        + ["Not a good fit"] * 2
        + [""] * 3
    )
    outcomes = dict((row[0], row[1]) for row in export("outcomes")[1:])
    assert outcomes["Ended early: Not a good fit"] == "2"
    assert outcomes["Ended early: Other"] == "0"
    for rows in (relationships, export("outcomes")):
        text = repr(rows)
        assert "secret reason" not in text and "kind word" not in text


def test_the_outcomes_take_the_same_number_of_queries_for_few_and_many_early_ends(db):
    """The categories come with the one query the outcomes read already: the page's cost
    stays the same however many ended early (the page's own count is asserted in
    ``test_dashboard_admin``; its inbox lists differ with the data, so it is measured here,
    where the outcomes are worked out)."""
    small, large = ProgrammeFactory(name="Small"), ProgrammeFactory(name="Large")
    bulk.relationships(small, 4, now=timezone.now())
    bulk.relationships(large, 60, now=timezone.now())
    end_some(small, 1)
    end_some(large, 45)

    counts = []
    for programme in (small, large):
        with CaptureQueriesContext(connection) as captured:
            result = overview.outcomes([programme.pk], overview.goals_by_status([programme.pk]))
        counts.append(len(captured))
        assert sum(row.count for row in result.early_by_category) == result.ended_early

    assert counts[0] == counts[1]
