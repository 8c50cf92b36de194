"""The relationships' role fixtures, for the dashboard's tests."""

from relationships.tests import conftest as relationships_fixtures

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_


def noon(days_ago: int):
    """Noon by the site's clock ``days_ago`` days ago: a moment whose site day is exactly
    that far back, whatever the time of the run and whichever side of a daylight-saving
    change it falls."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12)))
