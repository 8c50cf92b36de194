"""Beat entries for the agenda reminder and the "did you meet?" check (see
``meetings/reminders.py``)."""

from django.db import migrations

from notifications.beat import schedule_jobs, unschedule_jobs

JOBS = {"agenda-reminder": 15, "meeting-check": 15}


def schedule(apps, schema_editor):
    schedule_jobs(apps, JOBS)


def unschedule(apps, schema_editor):
    unschedule_jobs(apps, JOBS)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_reminder_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
