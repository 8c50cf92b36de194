"""Beat entries for the weekly digest (see ``notifications/reminders.py``)."""

from django.db import migrations

from notifications.beat import schedule_jobs, unschedule_jobs

JOBS = {"weekly-digest": 30}


def schedule(apps, schema_editor):
    schedule_jobs(apps, JOBS)


def unschedule(apps, schema_editor):
    unschedule_jobs(apps, JOBS)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_preferences_and_claims"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
