"""Beat entries for the goals' reminder jobs (see ``goals/reminders.py``)."""

from django.db import migrations

from notifications.beat import schedule_jobs, unschedule_jobs

JOBS = {"step-due-soon": 15, "step-overdue": 15}


def schedule(apps, schema_editor):
    schedule_jobs(apps, JOBS)


def unschedule(apps, schema_editor):
    unschedule_jobs(apps, JOBS)


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0002_step_open_by_due_date"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
