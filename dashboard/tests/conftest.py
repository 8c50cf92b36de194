"""The relationships' role fixtures, for the dashboard's tests."""

from relationships.tests import conftest as relationships_fixtures

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_
