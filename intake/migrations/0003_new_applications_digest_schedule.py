"""Schedule the coordinators' morning summary of new applications (django-celery-beat).

Created once here rather than declared in settings, so what an administrator changes in
the admin (the hour, or switching it off) stays. The e-mail is keyed by coordinator and
day, so a second run on the same day sends nothing more.
"""

from django.db import migrations

TASK = "intake.tasks.dispatch_new_applications_digests"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Stockholm",
    )
    PeriodicTask.objects.get_or_create(
        name="Coordinators' summary of new applications",
        defaults={"task": TASK, "crontab": morning, "enabled": True},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_limits"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
