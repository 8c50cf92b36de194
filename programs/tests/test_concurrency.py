"""Invariants that must hold when two coordinators act at the same moment (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from programs.models import Programme, ProgrammeStatusChange
from programs.services import programme_transition
from programs.tests.factories import ProgrammeFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_transitions_move_the_programme_once(postgresql):
    programme = ProgrammeFactory(status=Programme.Status.INTAKE_OPEN)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move() -> None:
        barrier.wait()
        try:
            programme_transition(
                programme=Programme.objects.get(pk=programme.pk),
                to_status=Programme.Status.MATCHING,
                by=None,
            )
            outcomes.append("moved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=move) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["moved", "refused"]
    assert ProgrammeStatusChange.objects.filter(programme=programme).count() == 1
