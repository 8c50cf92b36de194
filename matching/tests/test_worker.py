"""A large round really goes through the broker to a worker process, which reports progress.

The database is a SQLite file both processes open; the broker is the embedded file-system
one, so this runs on a bare machine too.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

START = """
import json, sys, time
import django
django.setup()
from mentorship.celery import app
app.conf.task_default_queue = sys.argv[1]  # only our worker listens there

from accounts.models import User
from matching.models import MatchingRun
from matching.services import rounds
from intake.models import Application
from programs.models import Enrolment
from programs.tests.factories import ProgrammeFactory

programme = ProgrammeFactory(status="matching", slug="worker-round")
for k in range(12):
    role = "mentor" if k < 4 else "mentee"
    user = User.objects.create(email=f"p{k}@example.org", display_name=f"Person {k}")
    Enrolment.objects.create(programme=programme, user=user, role=role, capacity=2)
rounds.SYNC_PAIR_LIMIT = 0  # every pool counts as large: the worker does it
run = rounds.run_start(programme=programme, by=None)
queued = run.status
for _ in range(240):
    run.refresh_from_db()
    if run.status in ("ready", "failed"):
        break
    time.sleep(0.25)
print(json.dumps({"queued": queued, "status": run.status, "progress": run.progress,
                  "suggestions": run.suggestions.count(), "error": run.error}))
"""


def test_a_large_round_is_computed_by_a_real_worker(tmp_path):
    queue = f"matching-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert migrate.returncode == 0, migrate.stderr
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "mentorship", "worker", "--pool=solo"),
            *("--queues", queue, "--without-gossip", "--without-mingle", "--loglevel=INFO"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        sent = subprocess.run(
            [sys.executable, "-c", START, queue],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)

    assert sent.returncode == 0, f"{sent.stderr}\nworker log:\n{log}"
    result = json.loads(sent.stdout.strip().splitlines()[-1])
    assert result["queued"] == "queued"  # run_start handed it over instead of computing
    assert result["status"] == "ready", (result, log)
    assert result["progress"] == 100
    assert result["suggestions"] == 8
    assert "matching.tasks.run_matching" in log
