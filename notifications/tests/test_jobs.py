"""The reminder engine: what is due is claimed once, handed out once, and never lost."""

import threading
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications import emails, jobs
from notifications.models import Delivery

pytestmark = pytest.mark.django_db
EMAIL = "goal-completed"


def _send(delivery):
    emails.send(
        EMAIL,
        to=delivery.recipient,
        about=delivery.recipient,
        occasion=delivery.occasion,
        context={"goal": {"title": "Speak up"}, "goal_url": "https://example.org/g/"},
    )


@pytest.fixture
def people():
    return UserFactory.create_batch(6)


@pytest.fixture
def job(people):
    """A job to which all six people are due, each about themselves."""
    job = jobs.Job(
        name="test-job",
        email=EMAIL,
        label="Test",
        timing="always",
        find=lambda now: [jobs.Due(p.pk, f"accounts.user:{p.pk}", "w1") for p in people],
        send=_send,
    )
    jobs.register(job)
    yield job
    jobs._JOBS.pop("test-job")


def test_a_pass_claims_what_is_due_and_a_second_finds_nothing(
    job, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.dispatch(job)
    with django_capture_on_commit_callbacks(execute=True):
        second = jobs.dispatch(job)

    assert len(first.claimed) == 6 and len(mailoutbox) == 6
    assert second.due == [] and second.claimed == []


def test_a_dry_run_lists_and_claims_nothing(job):
    result = jobs.dispatch(job, dry_run=True)
    assert len(result.due) == 6
    assert not Delivery.objects.exists()


def test_nothing_is_queued_when_the_pass_rolls_back(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        jobs.dispatch(job)
    assert len(queued) == 1  # one callback, run only after the commit


def test_a_claim_whose_task_was_lost_is_handed_out_again_once_old(
    job, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        jobs.dispatch(job)  # claimed, but the tasks never reach a worker
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        soon = jobs.dispatch(job, now=timezone.now() + timedelta(minutes=5))
    assert soon.handed_again == [] and mailoutbox == []  # perhaps still queued: wait
    with django_capture_on_commit_callbacks(execute=True):
        late = jobs.dispatch(job, now=timezone.now() + timedelta(minutes=31))

    assert len(late.handed_again) == 6
    assert len(mailoutbox) == 6
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_reminder_handed_out_twice_is_sent_once(job, mailoutbox):
    jobs.dispatch(job)
    for pk in Delivery.objects.values_list("pk", flat=True):
        jobs.deliver(pk)
        jobs.deliver(pk)
    assert len(mailoutbox) == 6


@pytest.mark.django_db(transaction=True)
def test_two_passes_at_the_same_moment_claim_each_reminder_once(postgresql, people, job):
    barrier = threading.Barrier(2)
    results = []

    def one_pass():
        try:
            barrier.wait()
            results.append(jobs.dispatch(job))
        finally:
            connection.close()

    threads = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    claimed = [pk for result in results for pk in result.claimed]
    assert len(claimed) == 6 == len(set(claimed))
    assert Delivery.objects.count() == 6


def test_the_command_lists_what_is_due_without_sending_on_a_dry_run(job, capsys):
    call_command("reminders", "--dry-run", "--job", "test-job")
    out = capsys.readouterr().out
    assert "test-job" in out and "6 due" in out
    assert "6 reminders due (dry run: nothing sent)" in out
    assert not Delivery.objects.exists()


def test_the_command_sends_what_is_due(job, mailoutbox, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders", "--job", "test-job")
    assert "claimed and queued 6" in capsys.readouterr().out
    assert len(mailoutbox) == 6


def test_the_command_names_the_jobs_when_asked_for_an_unknown_one(job):
    with pytest.raises(CommandError, match="meeting-reminder"):
        call_command("reminders", "--job", "no-such-job")


def test_every_job_has_a_beat_entry_from_a_migration():
    import importlib

    # A transactional test may have flushed what the migrations wrote: write it again,
    # from every migration that schedules reminder jobs.
    from pathlib import Path

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from mentorship.celery import app

    for config in apps.get_app_configs():
        for path in sorted(Path(config.path, "migrations").glob("0*.py")):
            if "schedule_jobs(" in path.read_text():
                module = importlib.import_module(f"{config.name}.migrations.{path.stem}")
                module.schedule(apps, None)
    entries = {
        task.name: task
        for task in PeriodicTask.objects.filter(task="notifications.tasks.dispatch_reminders")
    }
    app.loader.import_default_modules()
    assert "notifications.tasks.dispatch_reminders" in app.tasks
    for job in jobs.all_jobs():
        if job.name == "test-job":
            continue
        entry = entries[f"Reminders: {job.name}"]
        assert entry.enabled and entry.interval.every == job.every_minutes
        assert f'"{job.name}"' in entry.kwargs


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2027-03-08 08:59", False),  # the day itself, before nine
        ("2027-03-08 09:00", True),
        ("2027-03-08 20:59", True),
        ("2027-03-08 21:00", False),  # evening: kept for the next morning
        ("2027-03-09 00:30", False),  # a missed one waits for the morning, not the night
        ("2027-03-09 09:10", True),
        ("2027-03-28 09:00", True),  # the Sunday the clocks go forward
        ("2027-10-31 09:00", True),  # and back
    ],
)
def test_a_morning_reminder_goes_between_nine_and_nine_by_the_recipients_clock(local, expected):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    stockholm = ZoneInfo("Europe/Stockholm")
    now = datetime.fromisoformat(local).replace(tzinfo=stockholm)
    day = date(2027, 3, 8) if local < "2027-03-28" else now.date()
    assert jobs.morning_of(day, stockholm, now) is expected
    # Read in another zone, the same moment is another local time.
    assert jobs.morning_of(day, "America/New_York", now) is (
        jobs.MORNING <= now.astimezone(ZoneInfo("America/New_York")).time() < jobs.EVENING
        and now.astimezone(ZoneInfo("America/New_York")).date() >= day
    )


def test_a_failure_before_the_email_is_recorded_and_not_handed_out_again(job, people):
    jobs.dispatch(job)
    first = Delivery.objects.order_by("pk").first()

    def broken(delivery):
        raise ConnectionError("database went away")

    jobs._JOBS["test-job"] = jobs.Job(**{**job.__dict__, "send": broken})
    with pytest.raises(ConnectionError):
        jobs.deliver(first.pk)

    first.refresh_from_db()
    assert first.status == Delivery.Status.FAILED  # outside a task: no retries left
    assert first.attempts == 1 and "database went away" in first.last_error
    later = jobs.dispatch(jobs.get("test-job"), now=timezone.now() + timedelta(hours=1))
    assert first.pk not in later.handed_again
