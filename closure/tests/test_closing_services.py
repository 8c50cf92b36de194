"""Closing a programme: every current relationship completed, the programme closed through
its transitions, the hooks told once, the closing ceremony's invitation sent once."""

import pytest
from django.core.exceptions import ValidationError

from programs.models import Programme, ProgrammeStatusChange
from relationships.models import Match
from relationships.services import match_pause

from .. import closing_tasks, hooks
from ..closing_models import ProgrammeClosing
from ..closing_services import programme_close
from . import closing_fixtures as fixtures

close, ceremony, users = fixtures.close, fixtures.ceremony, fixtures.users
running, pair, elsewhere = fixtures.running, fixtures.pair, fixtures.elsewhere

pytestmark = pytest.mark.django_db


@pytest.fixture
def fired():
    calls = []

    def record(programme, match_ids):
        calls.append((programme.pk, sorted(match_ids)))

    hooks.programme_closed.append(record)
    yield calls
    hooks.programme_closed.remove(record)


def test_closing_completes_every_current_relationship_and_closes_the_programme(
    running, pair, elsewhere, users, fired, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    match, _mentor, _mentee = pair
    match_pause(
        match=elsewhere, by=None, until=timezone.localdate() + timedelta(days=10), reason="Away"
    )
    coordinator = users["coordinator"]

    closed = close(running, coordinator, capture=django_capture_on_commit_callbacks)

    assert sorted(closed.completed) == sorted([match.pk, elsewhere.pk])
    assert set(Match.objects.values_list("status", flat=True)) == {Match.Status.COMPLETED}
    assert not match.members.filter(current=True).exists()
    running.refresh_from_db()
    assert running.status == Programme.Status.CLOSED
    steps = list(
        ProgrammeStatusChange.objects.filter(programme=running)
        .order_by("pk")
        .values_list("from_status", "to_status")
    )
    assert steps[-2:] == [("running", "closing"), ("closing", "closed")]
    closing = ProgrammeClosing.objects.get(programme=running)
    assert closing.closed_by == coordinator and closing.closed_at is not None
    assert Match.objects.get(pk=match.pk).ended_by == coordinator
    assert fired == [(running.pk, sorted([match.pk, elsewhere.pk]))]


def test_closing_twice_is_refused_and_changes_nothing(
    running, pair, fired, django_capture_on_commit_callbacks
):
    close(running, capture=django_capture_on_commit_callbacks)
    changes = ProgrammeStatusChange.objects.count()
    with pytest.raises(ValidationError, match="closed already"):
        close(running, capture=django_capture_on_commit_callbacks)
    assert ProgrammeStatusChange.objects.count() == changes
    assert len(fired) == 1


def test_a_programme_in_its_closing_status_is_closed_in_one_step(
    running, pair, django_capture_on_commit_callbacks
):
    from programs.services import programme_transition

    programme_transition(programme=running, to_status=Programme.Status.CLOSING, by=None)
    close(running, capture=django_capture_on_commit_callbacks)
    running.refresh_from_db()
    assert running.status == Programme.Status.CLOSED


@pytest.mark.parametrize("status", ["draft", "intake_open", "matching"])
def test_a_programme_that_is_not_running_is_not_closed(running, status):
    Programme.objects.filter(pk=running.pk).update(status=status)
    running.refresh_from_db()
    with pytest.raises(ValidationError, match="only a running programme"):
        programme_close(programme=running, by=None)
    running.refresh_from_db()
    assert running.status == status


def test_everyone_is_invited_to_the_closing_ceremony_once_in_their_own_language(
    running, pair, elsewhere, ceremony, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    adam = mentee.enrolment.user
    adam.preferred_language, adam.time_zone = "sv", "Europe/Stockholm"
    adam.save()
    mailoutbox.clear()

    close(running, capture=django_capture_on_commit_callbacks)

    invitations = _to_the_event(mailoutbox)
    assert len(invitations) == 4
    # Beside them, each member of a relationship the closing completed is asked for their
    # closing reflection (the reflection's own e-mail).
    others = [m for m in mailoutbox if m not in invitations]
    assert len(others) == 4 and all("/closing/" in m.body for m in others)
    by_person = {m.to[0]: m for m in invitations}
    english = by_person["maja.mentor@example.org"]
    assert english.subject.endswith("You are invited: Closing ceremony 2027, " + _day(ceremony))
    assert "has come to its end" in english.body
    assert f"/events/{ceremony.pk}/" in english.body
    assert f"/programmes/{running.slug}/after/" in english.body
    swedish = by_person[adam.email]
    # In Swedish and by Adam's clock: the date as Swedes write it, the page in Swedish.
    assert _day(ceremony, "sv") in swedish.subject
    assert 'lang="sv"' in swedish.alternatives[0][0]
    assert "Closing ceremony 2027" in swedish.body

    mailoutbox.clear()
    closing_tasks.invite_to_closing_event(ceremony.pk)  # a redelivered task
    assert mailoutbox == []


def _to_the_event(mailoutbox) -> list:
    """The closing ceremony's invitations among what was sent (not the reflection's)."""
    return [m for m in mailoutbox if "/events/" in m.body]


def _day(event, language="en") -> str:
    from django.utils import formats, timezone, translation

    with translation.override(language), timezone.override("Europe/Stockholm"):
        return formats.date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")


def test_no_invitation_when_the_closing_ceremony_is_not_published(
    running, pair, ceremony, mailoutbox, django_capture_on_commit_callbacks
):
    ceremony.published = False
    ceremony.save()
    closed = close(running, capture=django_capture_on_commit_callbacks)
    assert closed.event_id is None
    assert _to_the_event(mailoutbox) == []


def test_members_of_a_relationship_ended_early_are_not_invited(
    running, pair, elsewhere, ceremony, mailoutbox, django_capture_on_commit_callbacks
):
    from relationships.services import match_end

    with django_capture_on_commit_callbacks(execute=True):
        match_end(match=elsewhere, by=None, reason="Moved away")
    mailoutbox.clear()
    close(running, capture=django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in _to_the_event(mailoutbox)) == [
        "adam.adept@example.org",
        "maja.mentor@example.org",
    ]
