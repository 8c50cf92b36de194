"""Two wishes buttons pressed at the same moment (two tabs) must both count (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from matching.models import Preference
from matching.services.wishes import WishAction, wish_change
from programs.tests.factories import ProgrammeFactory

from .test_wishes import participant


@pytest.mark.django_db(transaction=True)
def test_two_adds_at_once_keep_both_wishes(postgresql):
    programme = ProgrammeFactory(status="matching")
    ada = participant(programme, "mentee", "Ada Adept")
    maja = participant(programme, "mentor", "Maja Mentor")
    bo = participant(programme, "mentor", "Bo Berg")
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def press(person) -> None:
        barrier.wait()
        try:
            wish_change(chooser=ada, person_pk=person.pk, action=WishAction.ADD)
        except Exception as error:  # reported below, whatever it is
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(p,)) for p in (maja, bo)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    ranks = dict(Preference.objects.filter(chooser=ada).values_list("chosen", "rank"))
    assert set(ranks) == {maja.pk, bo.pk}  # neither click undid the other
    assert sorted(ranks.values()) == [1, 2]
