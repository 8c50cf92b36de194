"""Reminders go out exactly once with real processes: dispatchers, a Celery worker, Redis.

Nothing here runs in the test's own process but the bookkeeping. Every dispatcher pass is
a Python process that calls ``jobs.dispatch`` as beat's task would; the worker is Celery's
own worker (``worker_main``, the solo pool, so a SIGKILL kills the very process that
sends); the broker is Redis, on a queue of the test's own; the database is a fresh
PostgreSQL database when ``DATABASE_URL`` points at PostgreSQL (two dispatchers at once
are the point, and PostgreSQL is where they really run side by side), else a SQLite file.
The mail server is ``notifications.tests.mailbox``: a file per accepted message, and a
slow, failing or stalling server when a test asks for one.

On PostgreSQL the worker runs while the dispatchers do. SQLite has one writer at a time,
and a transaction that read before it writes fails at once with "database is locked"
when another connection is committing (its deadlock rule: no busy wait), so there the
worker starts after the passes that would overlap it — that is SQLite's limit as the
development database, not the engine's.

The data, built once for the module and copied for each test: 100 pairs (200 members) in
a running programme, each pair with a planned meeting in 23 h 50 min — every member is due
the day-before reminder now.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from notifications.tests import mailbox

BASE_DIR = Path(__file__).resolve().parents[2]
PAIRS = 100
MEMBERS = 2 * PAIRS
JOB = "meeting-reminder"
# Seconds to wait for the worker: 200 e-mails take it 10-40 s, as busy as the machine is.
WAIT = 150

BUILD = """
import json, sys
from datetime import date, timedelta
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

# The tables straight from the models, as pytest-django's --nomigrations makes them: the
# migrations are tested elsewhere and would take half a minute here.
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)

from accounts.models import User
from meetings.models import Meeting
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match, MatchMember

pairs = int(sys.argv[1])
now = timezone.now()
programme = ProgrammeFactory(
    status=Programme.Status.RUNNING, slug="reminders-worker",
    starts_on=date.today() - timedelta(days=30), ends_on=date.today() + timedelta(days=150),
)
users = User.objects.bulk_create(
    User(
        email=f"member-{k:03d}@example.org", display_name=f"Member {k:03d}", password="!",
        preferred_language="sv" if k % 2 else "en",
        time_zone=("Europe/Stockholm", "America/New_York", "Asia/Tokyo")[k % 3],
    )
    for k in range(2 * pairs)
)
enrolments = Enrolment.objects.bulk_create(
    Enrolment(programme=programme, user=user, role="mentor" if k % 2 == 0 else "mentee")
    for k, user in enumerate(users)
)
matches = Match.objects.bulk_create(
    Match(programme=programme, origin=Match.Origin.MANUAL, status=Match.Status.ACTIVE)
    for _ in range(pairs)
)
members = []
for match, mentor, mentee in zip(matches, enrolments[0::2], enrolments[1::2], strict=True):
    members.append(MatchMember(match=match, enrolment=mentor, role="mentor"))
    members.append(
        MatchMember(match=match, enrolment=mentee, role="mentee", mentor=mentor, place=1)
    )
members = MatchMember.objects.bulk_create(members)
Meeting.objects.bulk_create(
    Meeting(
        match=match, proposed_by=mentee, status=Meeting.Status.PLANNED,
        starts_at=now + timedelta(hours=23, minutes=50), minutes=60, format="video",
        place="https://meet.example.org/weekly",
    )
    for match, mentee in zip(matches, members[1::2], strict=True)
)
# Planned two days ago: a meeting changed after its reminder's moment is not reminded of.
Meeting.objects.update(updated_at=now - timedelta(days=2))
print(json.dumps({"members": MatchMember.objects.count()}))
"""

DISPATCH = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from mentorship.celery import app
app.conf.task_default_queue = sys.argv[1]  # only the test's worker listens there
from notifications import jobs

name, barrier, peers = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])

def meet(step):  # wait until every pass has reached this step
    (barrier / f"{step}-{name}").touch()
    deadline = time.monotonic() + 60
    while len(list(barrier.glob(f"{step}-*"))) < peers and time.monotonic() < deadline:
        time.sleep(0.002)

if peers > 1:
    # The passes start together, and every pass has found what is due before any claims
    # it: the race at its worst.
    found = jobs.unrecorded
    def found_then_wait(email, due):
        result = found(email, due)
        meet("found")
        return result
    jobs.unrecorded = found_then_wait
    meet("start")
result = jobs.dispatch(jobs.get(sys.argv[5]))
print(json.dumps({"due": len(result.due), "claimed": result.claimed,
                  "handed_again": result.handed_again}))
"""

WORKER = """
import sys
import django
django.setup()
from django.conf import settings
settings.EMAIL_BACKEND = sys.argv[2]  # the folder "mail server" (no settings hook for it)
from mentorship.celery import app
app.conf.task_default_queue = sys.argv[1]
app.conf.worker_enable_remote_control = False
app.worker_main([
    "worker", "--pool=solo", "--queues", sys.argv[1], "--hostname", f"{sys.argv[1]}@%h",
    "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
])
"""


# --- The database: built once, copied for each test ----------------------------------
def _postgres_server() -> dict | None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return None
    return {
        "host": database["HOST"] or "127.0.0.1",
        "port": int(database["PORT"] or 5432),
        "user": database["USER"] or "postgres",
        "password": database["PASSWORD"] or None,
    }


@dataclass
class Database:
    url: str  # DATABASE_URL for the processes
    server: dict | None = None  # PostgreSQL's, else the url is a SQLite file's
    name: str = ""

    @property
    def concurrent(self) -> bool:
        """Whether a worker may write while a dispatcher pass does (not on SQLite)."""
        return self.server is not None

    def rows(self, sql: str) -> list[tuple]:
        if self.server is None:
            connection = sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30)
            try:
                return connection.execute(sql).fetchall()
            finally:
                connection.close()
        import psycopg2

        connection = psycopg2.connect(dbname=self.name, **self.server)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            connection.close()

    def deliveries(self) -> dict[str, tuple]:
        """recipient's address → (id, status, attempts, last error) of their reminder."""
        rows = self.rows(
            "SELECT u.email, d.id, d.status, d.attempts, d.last_error"
            " FROM notifications_delivery d JOIN accounts_user u ON u.id = d.recipient_id"
            " WHERE d.kind = 'meeting-reminder'"
        )
        found = {row[0]: row[1:] for row in rows}
        assert len(found) == len(rows), "two reminder records for one person"
        return found


def _admin(server: dict, *statements: str) -> None:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", **server)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def _url(server: dict, name: str) -> str:
    password = f":{server['password']}" if server["password"] else ""
    return f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"


def _environment(database_url: str, var_dir: Path, redis_url: str = "", **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
        "DJANGO_ENV": "development",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "",
        "CELERY_RESULT_BACKEND": "",
        "CACHE_URL": "",
        "VAR_DIR": str(var_dir),
        "EMAIL_RETRY_BACKOFF": "1",
        "REMINDERS_RECLAIM_AFTER": "1",
        "DEBUG": "false",  # no query log, no template debugging: as a production worker
        **extra,
    }


def _run(script: str, env: dict, *args: str, timeout: int = 180) -> str:
    command = [sys.executable, "-c", script, *args]
    done = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{command[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_template(folder: Path) -> Database:
    server = _postgres_server()
    if server is not None:
        name = f"reminders_tpl_{uuid.uuid4().hex[:12]}"
        _admin(server, f'CREATE DATABASE "{name}"')
        template = Database(_url(server, name), server, name)
    else:
        template = Database(f"sqlite:///{folder / 'template.sqlite3'}")
    built = json.loads(
        _run(BUILD, _environment(template.url, folder / "var"), str(PAIRS)).strip().splitlines()[-1]
    )
    assert built["members"] == MEMBERS
    return template


@pytest.fixture(scope="module")
def templates():
    """The module's one migrated and filled database, made by the first test that needs it
    (after its Redis check, so a missing Redis costs no migration)."""
    made: dict[str, Database] = {}
    yield made
    for template in made.values():
        if template.server is not None:
            _admin(template.server, f'DROP DATABASE IF EXISTS "{template.name}" WITH (FORCE)')


@pytest.fixture
def database(redis_url, templates, tmp_path_factory, tmp_path):
    if "filled" not in templates:
        templates["filled"] = _build_template(tmp_path_factory.mktemp("reminders-template"))
    template = templates["filled"]
    if template.server is None:
        copy = tmp_path / "db.sqlite3"
        shutil.copyfile(template.url.removeprefix("sqlite:///"), copy)
        yield Database(f"sqlite:///{copy}")
        return
    name = f"reminders_{uuid.uuid4().hex[:12]}"
    _admin(template.server, f'CREATE DATABASE "{name}" TEMPLATE "{template.name}"')
    try:
        yield Database(_url(template.server, name), template.server, name)
    finally:
        _admin(template.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Redis: a queue of the test's own, removed afterwards ----------------------------
@pytest.fixture
def queue(redis_url):
    import redis

    name = f"reminders-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_url)
    yield name
    # A task whose worker was killed waits in kombu's "unacked" hash for the visibility
    # timeout (hours); nobody will ever listen on this queue again, so it goes now.
    for tag, payload in client.hscan_iter("unacked"):
        try:
            routing_key = json.loads(payload)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routing_key == name:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")
    for key in client.scan_iter(match=f"{name}\x06\x16*"):
        client.delete(key)


def _queued(redis_url: str, name: str) -> int:
    import redis

    return redis.Redis.from_url(redis_url).llen(name)


# --- The processes -------------------------------------------------------------------
class Worker:
    """``celery worker`` with the folder mail server, its log in a file (a pipe nobody
    reads would fill up and stop it)."""

    def __init__(self, env: dict, queue: str, log: Path) -> None:
        self.log = log
        self._log_file = open(log, "w", encoding="utf-8")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, queue, mailbox.BACKEND],
            cwd=BASE_DIR,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, nothing acknowledged or given back."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log_file.close()

    def stop(self) -> None:
        """A warm shutdown: the task under way is finished first."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self._log_file.close()


@pytest.fixture
def workers(redis_url):
    import redis

    started: list[Worker] = []

    def start(env: dict, queue: str, log: Path) -> Worker:
        worker = Worker(env, queue, log)
        started.append(worker)
        return worker

    yield start
    client = redis.Redis.from_url(redis_url)
    for worker in started:
        worker.stop()
        # The tasks' results (kept a day) are of no use to anyone once the test is over.
        ids = set(re.findall(r"send_due_reminder\[([0-9a-f-]{36})\]", worker.text()))
        if ids:
            client.delete(*(f"celery-task-meta-{task_id}" for task_id in ids))


def _dispatch(env: dict, queue: str, name: str = "pass", barrier: Path | None = None, peers=1):
    """A dispatcher pass in a process of its own; ``peers`` passes meet at ``barrier``."""
    return subprocess.Popen(
        [sys.executable, "-c", DISPATCH, queue, name, str(barrier or ""), str(peers), JOB],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, f"dispatcher failed:\n{out}\n{err}"
    return json.loads(out.strip().splitlines()[-1])


def _until(condition, worker: Worker, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert worker.process.poll() is None, f"the worker died:\n{worker.text()[-5000:]}"
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s\n{worker.text()}"
        time.sleep(0.2)


def _all_sent_and_drained(database: Database, redis_url: str, queue: str):
    def done() -> bool:
        statuses = [row[1] for row in database.deliveries().values()]
        return (
            len(statuses) == MEMBERS
            and all(status == "sent" for status in statuses)
            and _queued(redis_url, queue) == 0
        )

    return done


def _members() -> set[str]:
    return {f"member-{k:03d}@example.org" for k in range(MEMBERS)}


# --- The tests -----------------------------------------------------------------------
def test_two_dispatchers_at_once_deliver_each_reminder_exactly_once(
    database, queue, redis_url, workers, tmp_path
):
    """Both passes start together and have both found all 200 due before either claims
    (barriers before the pass and after its find), then claim at the same moment: each
    Delivery row is inserted by one of them only, so each reminder is queued once (the
    worker runs 200 tasks) and sent once."""
    env = _environment(database.url, tmp_path / "var", redis_url, MAILBOX_DIR=str(tmp_path))
    worker = workers(env, queue, tmp_path / "worker.log") if database.concurrent else None
    barrier = tmp_path / "barrier"
    barrier.mkdir()

    first, second = (_dispatch(env, queue, name, barrier, peers=2) for name in ("a", "b"))
    first, second = _result(first), _result(second)
    worker = worker or workers(env, queue, tmp_path / "worker.log")
    _until(_all_sent_and_drained(database, redis_url, queue), worker, WAIT, "all sent")
    worker.stop()

    assert first["due"] == second["due"] == MEMBERS  # both saw everything unclaimed
    assert first["handed_again"] == second["handed_again"] == []
    assert not set(first["claimed"]) & set(second["claimed"])
    deliveries = database.deliveries()
    assert sorted(first["claimed"] + second["claimed"]) == sorted(
        row[0] for row in deliveries.values()
    )
    assert set(deliveries) == _members()
    assert {row[1:3] for row in deliveries.values()} == {("sent", 1)}
    assert mailbox.accepted(tmp_path) == dict.fromkeys(_members(), 1)
    assert worker.text().count("send_due_reminder[") == 2 * MEMBERS  # received, succeeded


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_doubles_nothing(
    database, queue, redis_url, workers, tmp_path
):
    """The worker is SIGKILLed while the mail server takes the 60th of 200 messages (the
    server holds it, so the kill lands there and not by chance): 59 were sent, that one
    is neither sent nor acknowledged, 140 wait in the queue. A new worker takes the
    queue; the next dispatcher pass hands out again every claim older than
    ``REMINDERS_RECLAIM_AFTER`` that is still unsent — the killed one among them (its
    broker message would come back only after Redis's visibility timeout, hours later)
    and those still queued, which are then queued twice and sent once: the task finds
    its record sent and stops.

    The one window left, which this test does not open on purpose: a worker killed after
    the mail server accepted a message but before its "sent" record committed. That
    message is sent again by the reclaim (or the broker's redelivery). It is as narrow as
    one UPDATE and COMMIT, and closing it would need the mail server to take part in the
    transaction (see ``notifications/emails.py``).
    """
    env = _environment(database.url, tmp_path / "var", redis_url, MAILBOX_DIR=str(tmp_path))
    slow = {**env, "MAILBOX_DELAY": "0.05", "MAILBOX_HOLD_AT": "60"}
    doomed = workers(slow, queue, tmp_path / "worker-1.log")

    first = _result(_dispatch(env, queue))
    _until((tmp_path / "holding").exists, doomed, WAIT, "the 60th message reached")
    doomed.kill()

    held = (tmp_path / "holding").read_text()
    assert len(first["claimed"]) == MEMBERS
    assert sum(mailbox.accepted(tmp_path).values()) == 59
    statuses = {row[1] for row in database.deliveries().values()}
    assert statuses == {"sent", "sending"}
    assert database.deliveries()[held][1:3] == ("sending", 0)  # never accepted, not lost
    assert _queued(redis_url, queue) == MEMBERS - 60

    time.sleep(1.1)  # the claims are now older than REMINDERS_RECLAIM_AFTER (1 s)
    again = {**env, "MAILBOX_DELAY": "0.01"}
    restarted = workers(again, queue, tmp_path / "worker-2.log") if database.concurrent else None
    second = _result(_dispatch(env, queue))
    restarted = restarted or workers(again, queue, tmp_path / "worker-2.log")
    _until(_all_sent_and_drained(database, redis_url, queue), restarted, WAIT, "all sent")
    restarted.stop()

    deliveries = database.deliveries()
    assert second["claimed"] == []  # nothing new was due
    assert deliveries[held][0] in second["handed_again"]
    assert {row[1:3] for row in deliveries.values()} == {("sent", 1)}
    assert mailbox.accepted(tmp_path) == dict.fromkeys(_members(), 1)


def test_an_smtp_failure_is_retried_and_then_delivered_once(
    database, queue, redis_url, workers, tmp_path
):
    """The mail server drops the connection at the first attempt for every tenth member:
    the record reads "trying again" with the error (what the mail server saw of it at
    the second attempt, inside the sending transaction), then "sent" after two attempts,
    with one message each."""
    env = _environment(database.url, tmp_path / "var", redis_url, MAILBOX_DIR=str(tmp_path))
    failing = {f"member-{k:03d}@example.org" for k in range(0, MEMBERS, 10)}
    worker = workers(
        {**env, "MAILBOX_FAIL_FIRST": r"^member-\d\d0@"}, queue, tmp_path / "worker.log"
    )

    first = _result(_dispatch(env, queue))
    _until(_all_sent_and_drained(database, redis_url, queue), worker, WAIT, "all sent")
    worker.stop()

    assert len(first["claimed"]) == MEMBERS
    deliveries = database.deliveries()
    assert {a for a, row in deliveries.items() if row[2] == 2} == failing
    assert {row[1:] for a, row in deliveries.items() if a in failing} == {("sent", 2, "")}
    assert {row[1:3] for a, row in deliveries.items() if a not in failing} == {("sent", 1)}
    assert mailbox.accepted(tmp_path) == dict.fromkeys(_members(), 1)

    tries = {}
    for line in mailbox.attempts(tmp_path):
        (seen,) = line["deliveries"]
        tries.setdefault(line["to"], []).append((line["outcome"], seen["status"]))
    assert {tuple(tries[a]) for a in failing} == {
        (("disconnected", "sending"), ("accepted", "retrying"))
    }
    retried = [
        line["deliveries"][0]
        for line in mailbox.attempts(tmp_path)
        if line["to"] in failing and line["outcome"] == "accepted"
    ]
    assert {(d["attempts"], d["last_error"]) for d in retried} == {
        (1, "SMTPServerDisconnected: Connection unexpectedly closed")
    }
    assert "Retry in" in worker.text()  # Celery's own retry, with its backoff
