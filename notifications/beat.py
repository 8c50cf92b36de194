"""Beat entries for reminder jobs, written by each app's data migration.

Created once by a migration rather than declared in settings: beat would rewrite a declared
schedule on every start and undo what an administrator changed in the admin. One entry per
job, each running ``notifications.tasks.dispatch_reminders`` with the job's name. Only these
functions' arguments (historical models) are used, so old migrations keep working.
"""

import json

TASK = "notifications.tasks.dispatch_reminders"


def entry_name(job: str) -> str:
    return f"Reminders: {job}"


def schedule_jobs(apps, jobs: dict[str, int]) -> None:
    """``jobs``: job name → every how many minutes its dispatcher runs."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for job, minutes in jobs.items():
        every, _created = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(
            name=entry_name(job),
            defaults={
                "task": TASK,
                "kwargs": json.dumps({"job": job}),
                "interval": every,
                "enabled": True,
            },
        )


def unschedule_jobs(apps, jobs) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[entry_name(job) for job in jobs]).delete()
