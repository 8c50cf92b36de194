"""The relationships' fixtures (a running programme, a pair, every role), for privacy."""

from relationships.tests import conftest as relationships_fixtures

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_
