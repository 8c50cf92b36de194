"""A relationship's lifecycle: formed once, ended early or completed, its people free again."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from intake.tests.factories import person
from programs.models import Enrolment, Programme
from relationships.models import Match, MatchMember
from relationships.selectors import has_current_match, places_taken
from relationships.services import match_complete, match_create, match_end

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR


def group_of(programme, mentor, *mentees) -> Match:
    return match_create(
        programme=programme, mentor=mentor, mentees=list(mentees), origin="manual", by=None
    )


@pytest.fixture
def group_programme(programme):
    programme.kind = Programme.Kind.GROUP
    programme.save()
    return programme


def test_completing_frees_everyone_and_records_who_and_when(programme, coordinator):
    mentor = person(programme, MENTOR, "Maja Mentor")
    mentee = person(programme, name="Adam Adept")
    match = group_of(programme, mentor, mentee)
    assert places_taken(mentor) == 1 and has_current_match(mentee)

    done = match_complete(match=match, by=coordinator)

    assert (done.status, done.ended_by) == (Match.Status.COMPLETED, coordinator)
    assert done.ended_at is not None
    assert places_taken(mentor) == 0 and not has_current_match(mentee)
    assert not MatchMember.objects.filter(match=match, current=True).exists()
    with pytest.raises(ValidationError, match="already ended"):
        match_end(match=done, by=coordinator, reason="Twice")


def test_completing_tells_the_later_stages_once_on_commit(
    programme, coordinator, django_capture_on_commit_callbacks
):
    from relationships import hooks

    told = []
    hooks.match_completed.append(told.append)
    try:
        match = group_of(programme, person(programme, MENTOR), person(programme))
        with django_capture_on_commit_callbacks(execute=True):
            match_complete(match=match, by=coordinator)
            assert told == []  # not before the commit
        with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
            match_complete(match=match, by=coordinator)  # a second time: refused, not told
    finally:
        hooks.match_completed.remove(told.append)
    assert [m.pk for m in told] == [match.pk]
    assert told[0].status == Match.Status.COMPLETED


def test_ending_early_keeps_the_reason_and_who_ended_it(programme, coordinator):
    match = group_of(programme, person(programme, MENTOR), person(programme))

    ended = match_end(match=match, by=coordinator, reason="Moved abroad")

    assert (ended.status, ended.end_reason, ended.ended_by) == (
        Match.Status.ENDED_EARLY,
        "Moved abroad",
        coordinator,
    )


def test_nobody_joins_a_group_that_has_ended(group_programme, coordinator):
    mentor = person(group_programme, MENTOR, capacity=3)
    group = group_of(group_programme, mentor, person(group_programme))
    match_end(match=group, by=coordinator, reason="The mentor left")
    newcomer = person(group_programme)

    with pytest.raises(ValidationError, match="already ended"):
        match_create(
            programme=group_programme,
            mentor=mentor,
            mentees=[newcomer],
            origin="manual",
            by=None,
            into=group,
        )
    assert not has_current_match(newcomer)


def test_nobody_joins_another_mentors_group(group_programme):
    maja = person(group_programme, MENTOR, capacity=3)
    nils = person(group_programme, MENTOR, capacity=3)
    majas_group = group_of(group_programme, maja, person(group_programme))

    with pytest.raises(ValidationError, match="not the mentor"):
        match_create(
            programme=group_programme,
            mentor=nils,
            mentees=[person(group_programme)],
            origin="manual",
            by=None,
            into=majas_group,
        )


def test_a_mentor_without_places_is_refused_in_words(programme):
    mentor = person(programme, MENTOR, "Maja Mentor", capacity=0)

    with pytest.raises(ValidationError, match="Maja Mentor has no places to offer"):
        group_of(programme, mentor, person(programme))


@pytest.mark.django_db(transaction=True)
def test_a_group_ending_while_someone_joins_leaves_nobody_current_in_it(postgresql):
    from programs.tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(kind=Programme.Kind.GROUP, status=Programme.Status.RUNNING)
    mentor = person(programme, MENTOR, capacity=3)
    group = group_of(programme, mentor, person(programme))
    newcomer = person(programme)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(name, action) -> None:
        barrier.wait()
        try:
            action()
            outcomes[name] = "done"
        except ValidationError as error:
            outcomes[name] = " ".join(error.messages)
        finally:
            connection.close()

    join = lambda: match_create(  # noqa: E731
        programme=programme,
        mentor=mentor,
        mentees=[newcomer],
        origin="manual",
        by=None,
        into=group,
    )
    end = lambda: match_end(match=group, by=None, reason="The mentor left")  # noqa: E731
    threads = [threading.Thread(target=run, args=item) for item in (("join", join), ("end", end))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    group.refresh_from_db()
    assert outcomes["end"] == "done" and group.status == Match.Status.ENDED_EARLY
    # Either the newcomer joined first and the end freed them too, or the join was refused.
    assert not MatchMember.objects.filter(match=group, current=True).exists()
    assert outcomes["join"] in ("done", "This match has already ended.")
