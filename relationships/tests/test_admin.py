"""The matches list in the coordinators' admin."""

import pytest
from django.urls import reverse

from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.tests.factories import MatchFactory

pytestmark = pytest.mark.django_db


def test_the_matches_list_filters_by_programme_among_the_coordinators_own_only(
    client, coordinator, programme, other_programme
):
    second = ProgrammeFactory(name="Programme C")
    coordinator_grant(user=coordinator, programme=second)
    own = MatchFactory(programme=programme)
    in_second = MatchFactory(programme=second)
    MatchFactory(programme=other_programme)
    client.force_login(coordinator)
    url = reverse("admin:relationships_match_changelist")

    listing = client.get(url)
    filter_html = listing.text[listing.text.index('id="changelist-filter"') :]
    assert f"?programme__id__exact={programme.pk}" in filter_html
    assert f"?programme__id__exact={second.pk}" in filter_html
    assert f"?programme__id__exact={other_programme.pk}" not in filter_html

    filtered = client.get(url, {"programme__id__exact": second.pk})
    shown = {match.pk for match in filtered.context["cl"].result_list}
    assert shown == {in_second.pk}
    assert own.pk not in shown
    # Another programme's id in the address shows nothing of it.
    foreign = client.get(url, {"programme__id__exact": other_programme.pk})
    assert list(foreign.context["cl"].result_list) == []
