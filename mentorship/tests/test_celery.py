"""Tasks really travel through a broker to a real worker process and back.

Both sides run with the project's own settings in their own processes: the worker is
``celery -A mentorship worker`` and the sender a Python process that calls the task.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

SEND = """
import json, sys
import django
django.setup()
from mentorship.tasks import ping
result = ping.apply_async(args=[sys.argv[1]], queue=sys.argv[2])
print(json.dumps(result.get(timeout=60)))
"""


def round_trip(env: dict[str, str]) -> dict:
    queue = f"roundtrip-{uuid.uuid4().hex[:8]}"
    token = uuid.uuid4().hex
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "mentorship.settings", **env}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mentorship",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        sent = subprocess.run(
            [sys.executable, "-c", SEND, token, queue],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)
    assert sent.returncode == 0, f"sender failed:\n{sent.stderr}\nworker log:\n{log}"
    answer = json.loads(sent.stdout.strip().splitlines()[-1])
    assert answer["value"] == token
    assert "mentorship.tasks.ping" in log, log  # the worker process received it
    return answer


def test_task_round_trips_through_the_embedded_filesystem_broker(tmp_path):
    answer = round_trip(
        {"VAR_DIR": str(tmp_path), "REDIS_URL": "", "DATABASE_URL": "", "CELERY_BROKER_URL": ""}
    )

    assert answer["worker"]
    assert any((tmp_path / "celery" / "results").iterdir())  # the result went through files


def test_task_round_trips_through_redis(redis_url, tmp_path):
    answer = round_trip({"REDIS_URL": redis_url, "VAR_DIR": str(tmp_path)})

    assert answer["worker"]
    assert not (tmp_path / "celery" / "broker").exists() or not any(
        (tmp_path / "celery" / "broker").iterdir()
    )


@pytest.mark.django_db
def test_the_nightly_session_clean_up_is_scheduled_in_the_database():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from mentorship.celery import app

    # A transactional test elsewhere may have flushed what the migration wrote: run it again.
    importlib.import_module("accounts.migrations.0002_periodic_housekeeping").schedule(apps, None)
    task = PeriodicTask.objects.get(name="Clear expired sessions")

    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")
    app.loader.import_default_modules()  # what a worker does on start: autodiscovery
    assert task.task in app.tasks  # beat would otherwise schedule a task no worker knows


@pytest.mark.django_db
def test_tasks_wait_for_the_transaction_to_commit(django_capture_on_commit_callbacks, monkeypatch):
    """``delay_on_commit`` (Celery's DjangoTask) sends nothing for a rolled-back write."""
    from mentorship.tasks import ping

    sent = []
    monkeypatch.setattr(ping, "apply_async", lambda *args, **kwargs: sent.append(args))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ping.delay_on_commit("after-commit")
        assert sent == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [(("after-commit",), {})]
