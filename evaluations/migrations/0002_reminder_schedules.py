"""Beat entries for the follow-up stage's reminder jobs (see ``evaluations/reminders.py``)."""

from django.db import migrations

from notifications.beat import schedule_jobs, unschedule_jobs

JOBS = {"follow-up-due": 15, "quiet-nudge": 15, "quiet-escalation": 15, "evaluation-due": 15}


def schedule(apps, schema_editor):
    schedule_jobs(apps, JOBS)


def unschedule(apps, schema_editor):
    unschedule_jobs(apps, JOBS)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_follow_ups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
