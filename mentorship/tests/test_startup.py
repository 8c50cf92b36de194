"""A web or worker process starts without the numeric libraries; a round loads them."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["numpy", "scipy", "ortools", "rustworkx"]

BOOT = """
import json, sys
import django
django.setup()
import mentorship.urls                      # every URL, view and admin (autodiscovered)
from mentorship.celery import app
app.loader.import_default_modules()         # what a worker imports on start
before = [m for m in {heavy} if m in sys.modules]
from matching.services import run_compute  # the first round
after = [m for m in {heavy} if m in sys.modules]
print(json.dumps([before, after]))
"""


def test_web_and_worker_processes_load_no_numeric_library_until_a_round_needs_one():
    done = subprocess.run(
        [sys.executable, "-c", BOOT.format(heavy=HEAVY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "mentorship.settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    before, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == []
    assert after == HEAVY
