"""The retention job: a programme's texts go RETENTION_MONTHS after its end, once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from closure.models import ClosingReflection
from evaluations.review_models import MidpointReview, ParticipantReport
from evaluations.review_selectors import report_counts
from evaluations.tests.factories import MidpointReviewFactory, ParticipantReportFactory
from intake.models import Answer, Application, Question
from intake.tests.factories import AnswerFactory, QuestionFactory
from meetings.models import Meeting, Note
from meetings.tests.factories import MeetingFactory, NoteFactory
from notifications import jobs
from privacy import retention
from privacy.models import ProgrammeRetention
from programs.retention import add_months, texts_deleted_on
from programs.tests.factories import ProgrammeFactory
from relationships.models import FitCheck, Message
from relationships.tests.factories import FitCheckFactory, MatchFactory, MessageFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SECRET = "Only between us: the reorganisation"


def night(year, month, day, hour=2):
    return datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def texts(match, mentor, mentee, *, secret=SECRET):
    """Every kind of text the job deletes, written in ``match``."""
    held = MeetingFactory(
        match=match,
        proposed_by=mentee,
        status=Meeting.Status.HELD,
        held_minutes=60,
        starts_at=datetime(2026, 4, 2, 17, tzinfo=STOCKHOLM),
    )
    NoteFactory(meeting=held, author=mentee, text=secret)
    NoteFactory(meeting=held, author=mentee, private=True, text=secret)
    NoteFactory(meeting=held, author=mentor, text=secret)
    MessageFactory(match=match, author=mentee, body=secret)
    MessageFactory(match=match, author=mentor, body=secret)
    MidpointReviewFactory(match=match, member=mentee, good=secret, better=secret, change=secret)
    ParticipantReportFactory(match=match, member=mentee, how_going=4, to_coordinator=secret)
    ClosingReflection.objects.create(
        match=match,
        member=mentee,
        achieved=secret,
        expectations_met=5,
        way_of_working=secret,
        going_on=secret,
        stay_in_touch="yes",
        stay_in_touch_how=secret,
    )
    FitCheckFactory(match=match, member=mentee, answer=FitCheck.Answer.NO, comment=secret)
    application = Application.objects.get(programme=match.programme, user=mentee.enrolment.user)
    Application.objects.filter(pk=application.pk).update(
        about_me=secret, goals=secret, business_idea=secret, manager_email="boss@example.org"
    )
    AnswerFactory(
        application=application,
        question=QuestionFactory(programme=match.programme, kind=Question.Kind.LONG_TEXT),
        value=secret,
    )
    AnswerFactory(
        application=application,
        question=QuestionFactory(programme=match.programme, kind=Question.Kind.SCALE),
        value=4,
    )


@pytest.fixture
def ended(running, pair):
    """The pair's programme ran from March 2026 to the end of February 2027."""
    running.starts_on, running.ends_on = date(2026, 3, 1), date(2027, 2, 28)
    running.save()
    match, mentor, mentee = pair
    texts(match, mentor, mentee)
    return running


@pytest.fixture
def later(db):
    """Another programme, ending a month later, not yet due when the first one is."""
    programme = ProgrammeFactory(starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    match = MatchFactory(programme=programme)
    MessageFactory(match=match, body=SECRET)
    MidpointReviewFactory(match=match, good=SECRET, better=SECRET)
    return programme


def statistics(programme):
    ids = [programme.pk]
    return (
        Meeting.objects.filter(match__programme=programme).count(),
        report_counts(ids, today=date(2028, 3, 1)),
        MidpointReview.objects.filter(match__programme=programme).count(),
        ParticipantReport.objects.filter(match__programme=programme).count(),
        list(ParticipantReport.objects.values_list("how_going", flat=True)),
        list(ClosingReflection.objects.values_list("expectations_met", "stay_in_touch")),
        list(FitCheck.objects.values_list("answer", flat=True)),
        Application.objects.filter(programme=programme).count(),
        Answer.objects.filter(question__kind=Question.Kind.SCALE).count(),
    )


def test_the_date_is_the_end_date_plus_the_retention_months(settings, running):
    running.ends_on = date(2027, 2, 28)
    assert texts_deleted_on(running) == date(2028, 2, 28)
    settings.RETENTION_MONTHS = 6
    assert texts_deleted_on(running) == date(2027, 8, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)  # a leap year's last day
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)


def test_nothing_is_deleted_before_the_day(ended, later):
    with time_machine.travel(night(2028, 2, 27)):
        report = jobs.dispatch(jobs.get("retention")).report
    assert report == ["no programme due"]
    assert Note.objects.count() == 3 and Message.objects.count() == 3
    assert not ProgrammeRetention.objects.exists()


def test_the_job_run_twice_deletes_once_and_keeps_what_is_not_due(ended, later, caplog):
    before = statistics(ended)
    other_before = statistics(later)
    caplog.set_level("INFO", logger="privacy.retention")

    with time_machine.travel(night(2028, 2, 28)):
        first = jobs.dispatch(jobs.get("retention")).report
        second = jobs.dispatch(jobs.get("retention")).report

    assert first == [
        f"programme {ended.pk}: deleted or blanked notes 3, messages 2, midpoint_reviews 1, "
        "closing_reflections 1, reports 1, fit_check_comments 1, application_texts 2, "
        "application_answers 1"
    ]
    assert second == ["no programme due"]
    # The texts are gone from every table of the programme...
    assert not Note.objects.filter(meeting__match__programme=ended).exists()
    assert not Message.objects.filter(match__programme=ended).exists()
    review = MidpointReview.objects.get(match__programme=ended)
    assert (review.good, review.better, review.change) == ("—", "—", "")
    reflection = ClosingReflection.objects.get()
    assert (reflection.achieved, reflection.way_of_working, reflection.going_on) == ("", "—", "—")
    assert reflection.stay_in_touch_how == ""
    assert ParticipantReport.objects.get().to_coordinator == ""
    assert FitCheck.objects.get().comment == ""
    assert not Application.objects.filter(programme=ended).exclude(
        about_me="", goals="", business_idea="", manager_email=""
    )
    assert list(Answer.objects.values_list("value", flat=True)) == [4]
    # ... and the numbers stay, in the dashboard and the outcome measures.
    assert statistics(ended) == before
    # The other programme, a month from its date, keeps everything.
    assert Message.objects.filter(match__programme=later, body=SECRET).count() == 1
    assert MidpointReview.objects.get(match__programme=later).good == SECRET
    assert statistics(later) == other_before
    record = ProgrammeRetention.objects.get()
    assert record.programme == ended and record.done_at is not None
    assert record.due_on == date(2028, 2, 28)
    assert record.counts["notes"] == 3
    # The log says what went, in numbers, and no text.
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "notes 3" in logged and SECRET not in logged


def test_it_works_in_batches_and_a_run_stopped_halfway_is_finished_by_the_next(
    ended, settings, monkeypatch
):
    settings.RETENTION_BATCH = 1
    calls = []
    apply_batch = retention._apply_batch

    def stop_after_two(kind, programme):
        calls.append(kind.name)
        if len(calls) == 3:
            raise RuntimeError("the worker was killed")
        return apply_batch(kind, programme)

    monkeypatch.setattr(retention, "_apply_batch", stop_after_two)
    with time_machine.travel(night(2028, 3, 1)), pytest.raises(RuntimeError):
        jobs.dispatch(jobs.get("retention"))
    # Two batches of one note each were committed; the record stays open.
    assert Note.objects.count() == 1
    assert ProgrammeRetention.objects.get().done_at is None
    assert ProgrammeRetention.objects.get().counts == {"notes": 2}

    monkeypatch.setattr(retention, "_apply_batch", apply_batch)
    with time_machine.travel(night(2028, 3, 2)):
        report = jobs.dispatch(jobs.get("retention")).report
    assert "notes 3, messages 2" in report[0]  # what the first run did is counted too
    assert not Note.objects.exists()
    assert ProgrammeRetention.objects.get().done_at is not None


def test_it_waits_for_the_night(ended):
    with time_machine.travel(night(2028, 3, 1, hour=14)):
        report = jobs.dispatch(jobs.get("retention")).report
    assert report[0].startswith("waits for the night")
    assert Note.objects.count() == 3


def test_the_dry_run_counts_and_deletes_nothing(ended, capsys):
    with time_machine.travel(night(2028, 3, 1)):
        call_command("reminders", "--dry-run", "--job", "retention")
    out = capsys.readouterr().out
    assert f"programme {ended.pk}: would delete or blank notes 3, messages 2" in out
    assert SECRET not in out
    assert Note.objects.count() == 3 and not ProgrammeRetention.objects.exists()


def test_the_beat_task_runs_the_job(ended):
    from notifications.tasks import dispatch_reminders

    with time_machine.travel(night(2028, 3, 1)):
        dispatch_reminders("retention")
    assert not Note.objects.exists()


@pytest.mark.parametrize("superuser", [True, False])
def test_site_administrators_see_what_the_job_did(client, ended, superuser):
    from django.urls import reverse

    from accounts.tests.factories import UserFactory

    with time_machine.travel(night(2028, 3, 1)):
        jobs.dispatch(jobs.get("retention"))
    record = ProgrammeRetention.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=superuser))
    listing = client.get(reverse("admin:privacy_programmeretention_changelist"))
    detail = client.get(reverse("admin:privacy_programmeretention_change", args=[record.pk]))
    if superuser:
        assert listing.status_code == 200 and "Leaders 2027" in listing.text
        assert detail.status_code == 200 and SECRET not in detail.text
    else:
        assert listing.status_code == 403 and detail.status_code in (302, 403)


def test_text_written_after_a_programme_was_done_goes_the_next_night(ended, pair):
    """A relationship that ran on past its programme's date, or a late message: the
    programme is looked at again, and what came after goes too."""
    match, mentor, _mentee = pair
    with time_machine.travel(night(2028, 2, 28)):
        first = jobs.dispatch(jobs.get("retention")).report
    assert first[0].startswith(f"programme {ended.pk}: deleted or blanked notes 3, messages 2")
    MessageFactory(match=match, author=mentor, body="Written after the retention run")
    with time_machine.travel(night(2028, 2, 29)):
        report = jobs.dispatch(jobs.get("retention")).report
        again = jobs.dispatch(jobs.get("retention")).report
    # The record's counts are the programme's totals: the two of the first night and this one.
    # (in the order PostgreSQL's jsonb keeps them, which is not the order written)
    assert report[0].startswith(f"programme {ended.pk}: deleted or blanked ")
    assert "messages 3" in report[0] and "notes 3" in report[0]
    assert again == ["no programme due"]
    assert not Message.objects.filter(match__programme=ended).exists()


def test_no_closing_reflection_is_written_once_the_texts_are_deleted(ended, pair):
    from closure.reflection_services import reflection_refusal

    match, _mentor, _mentee = pair
    assert reflection_refusal(match, today=date(2028, 2, 27)) is None  # the programme ended
    refusal = reflection_refusal(match, today=date(2028, 2, 28))
    assert refusal is not None and "can no longer be written" in refusal
