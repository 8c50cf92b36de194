"""Schedule the retention job (django-celery-beat): every hour; it works only at night.

Hourly rather than once at a set hour, so a night the beat or the worker was down is made
up for later that night; each pass takes only what still holds text, so the passes after
the first find nothing.
"""

from django.db import migrations

from notifications.beat import schedule_jobs, unschedule_jobs

JOBS = {"retention": 60}


def schedule(apps, schema_editor):
    schedule_jobs(apps, JOBS)


def unschedule(apps, schema_editor):
    unschedule_jobs(apps, JOBS)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_retention_records"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
