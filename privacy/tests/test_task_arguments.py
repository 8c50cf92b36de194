"""Task arguments keep no personal data: the broker, its logs and a worker's failure
report hold ids and keys only, never a name, an address or someone's words."""

import inspect

from django_celery_beat.models import PeriodicTask

from mentorship.celery import app

OURS = (
    "accounts.",
    "notifications.",
    "programs.",
    "intake.",
    "events.",
    "resources.",
    "relationships.",
    "matching.",
    "goals.",
    "meetings.",
    "evaluations.",
    "closure.",
    "privacy.",
    "dashboard.",
    "mentorship.",
)
# Keys and labels the code chooses, never a person's text.
KEYS = {"kind", "what", "key", "day", "since", "occasion", "sequence", "job", "role", "value"}
# Lists of ids, named for what they are.
ID_LISTS = {"newcomers", "joined"}
# The early end's kind word is read from the relationship's row; these two only swallow,
# unread, the message a task queued before that change still carries.
KNOWN = {
    ("relationships.tasks.announce_early_end", "_earlier_arguments"),
    ("relationships.tasks.send_end_notice", "_earlier_arguments"),
}


def _is_id(name: str) -> bool:
    return name.endswith(("_id", "_ids")) or name in ("by", *ID_LISTS)


def test_every_task_takes_ids_and_keys_only():
    app.loader.import_default_modules()
    wrong = []
    for name, task in sorted(app.tasks.items()):
        if not name.startswith(OURS):
            continue
        for param in inspect.signature(task.run).parameters:
            if _is_id(param) or param in KEYS or (name, param) in KNOWN:
                continue
            wrong.append(f"{name}({param})")
    assert wrong == []


def test_the_schedules_arguments_name_no_one(db):
    for task in PeriodicTask.objects.all():
        for text in (task.args, task.kwargs, task.description, task.name):
            assert "@" not in text, task.name
