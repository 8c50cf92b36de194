"""The coordinators' morning summary of new applications: once a day, only when something
arrived, only about their own programmes, in their language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from intake.models import Application
from intake.tasks import dispatch_new_applications_digests
from intake.tests.factories import ApplicationFactory
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
SUBMITTED = Application.Status.SUBMITTED


def submitted(programme, hours_ago: float, **fields):
    when = timezone.now() - timedelta(hours=hours_ago)
    return ApplicationFactory(programme=programme, status=SUBMITTED, submitted_at=when, **fields)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_once():
        with django_capture_on_commit_callbacks(execute=True):
            return dispatch_new_applications_digests()

    return run_once


def test_a_coordinator_hears_of_new_applications_once_a_day(run, mailoutbox):
    spring = ProgrammeFactory(name="Spring <leaders>")
    quiet = ProgrammeFactory(name="Quiet programme")
    cora = UserFactory(email="cora@example.org", display_name="Cora")
    otto = UserFactory(email="otto@example.org", display_name="Otto")
    coordinator_grant(user=cora, programme=spring)
    coordinator_grant(user=otto, programme=quiet)
    submitted(spring, 2)
    submitted(spring, 20)
    submitted(spring, 24 * 5)  # older, still waiting
    submitted(quiet, 24 * 3)
    ApplicationFactory(programme=spring, status=Application.Status.DRAFT)

    assert run() == 1
    assert run() == 1  # a second run the same day finds her again but sends nothing

    assert [message.to for message in mailoutbox] == [["cora@example.org"]]
    message = mailoutbox[0]
    assert "2 new applications since yesterday" in message.subject
    assert "Spring <leaders>: 2 new, 3 waiting for a decision" in message.body
    html = message.alternatives[0][0]
    assert "Spring &lt;leaders&gt;" in html and "<leaders>" not in html
    assert f"programme__id__exact={spring.pk}" in message.body
    assert "status__exact=submitted" in message.body


def test_nobody_hears_when_nothing_new_arrived_or_they_no_longer_coordinate(run, mailoutbox):
    spring = ProgrammeFactory()
    former = UserFactory(email="former@example.org")
    coordinator_grant(user=former, programme=spring)
    former.is_staff = False
    former.save()
    submitted(spring, 1)
    ProgrammeFactory()

    assert run() == 0
    assert mailoutbox == []


def test_the_summary_is_written_in_the_coordinators_language(run, mailoutbox):
    spring = ProgrammeFactory(name="Vårens ledare")
    cora = UserFactory(email="cora@example.org", preferred_language="sv")
    coordinator_grant(user=cora, programme=spring)
    submitted(spring, 3)

    run()

    (message,) = mailoutbox
    assert "1 ny ansökan sedan i går" in message.subject
    assert "Vårens ledare: 1 ny, 1 väntar på beslut" in message.body


def test_the_summary_is_scheduled_every_morning():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # A transactional test elsewhere may have flushed what the migration wrote: run it
    # again (it is idempotent) and check what it schedules.
    migration = importlib.import_module("intake.migrations.0003_new_applications_digest_schedule")
    migration.schedule(apps, None)
    migration.schedule(apps, None)
    task = PeriodicTask.objects.get(task="intake.tasks.dispatch_new_applications_digests")

    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
    assert str(task.crontab.timezone) == "Europe/Stockholm"
