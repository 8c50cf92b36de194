"""Beat entries for the meetings' reminder jobs (see ``meetings/reminders.py``)."""

from django.db import migrations

from notifications.beat import schedule_jobs, unschedule_jobs

JOBS = {"meeting-reminder": 5}


def schedule(apps, schema_editor):
    schedule_jobs(apps, JOBS)


def unschedule(apps, schema_editor):
    unschedule_jobs(apps, JOBS)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_topic_bank"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
