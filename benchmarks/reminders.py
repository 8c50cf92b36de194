"""One dispatcher pass of the meeting reminder over 50,000 relationships with 5,000 due.

Run from the repository root:

    .venv/bin/python benchmarks/reminders.py                   # a scratch SQLite file
    .venv/bin/python benchmarks/reminders.py --scale 0.1       # a tenth of it, a quick run
    .venv/bin/python benchmarks/reminders.py --database-url postgres://postgres@127.0.0.1:5432/x
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentorship .venv/bin/python \\
        benchmarks/reminders.py        # a scratch database next to it, never that one
    .venv/bin/python benchmarks/reminders.py --broker redis://127.0.0.1:6379/13

The database is created, migrated, filled with ``bulk_create`` and removed again. First
25,000 relationships (two members each), 5,000 of them with a planned meeting due its
reminder now; the others: a meeting just too far ahead to be due yet (found by the query,
set aside by each member's clock), meetings weeks ahead, none at all, paused or ended with
a meeting in the reminder's window, a cancelled meeting in the window — and half of all
relationships with two meetings held in the past. Then 25,000 more with nothing due.

At 25,000 and at 50,000 relationships it times one pass of ``meeting-reminder`` as beat's
task runs it (``jobs.dispatch``: find, look up what is recorded, claim by inserting the
Delivery rows, then queue one task per claim after the commit) and counts its queries
(``CaptureQueriesContext``); the claims are removed before each pass. Find + claim is the
median of ``--repeat`` passes with the queueing left out; then one pass with it, to a
broker nobody consumes: kombu's in-memory transport by default (Celery's own cost of
10,000 messages, no network), or Redis with ``--broker`` (a queue of its own, deleted
after). Both are printed against a baseline measured in the same run — the bare SELECT of
the 5,000 due meetings — and so is a following pass, which finds everything claimed
already (what each pass costs every five minutes). The machine is shared: the ratios
say more than the seconds.

Target: at 50,000 relationships, find + claim in under 10 s, and the same number of
queries at 25,000 and 50,000. ``--profile`` prints where the pass spends its time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

# Run as a script, this file's folder comes first on sys.path and ``matching.py`` here
# would shadow the ``matching`` app: drop that folder and put the repository root there.
_HERE = Path(__file__).resolve()
ROOT = _HERE.parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE.parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

JOB = "meeting-reminder"
TARGET_SECONDS = 10.0
SCRATCH_NAME = "mentorship_bench_reminders"
# Relationships of each sort in the first 25,000, then in the 25,000 added.
FIRST = {
    "due": 5_000,
    "not_yet": 1_000,
    "later": 7_000,
    "none": 6_000,
    "paused": 2_000,
    "ended": 2_000,
    "cancelled": 2_000,
}
ADDED = {**FIRST, "due": 0, "later": 12_000}
ZONES = ["Europe/Stockholm", "Europe/Stockholm", "America/New_York", "Asia/Tokyo", "UTC"]


# --- The database ------------------------------------------------------------------------
def choose_database(given: str | None) -> tuple[str, Path | None]:
    """The URL to fill, and the scratch SQLite file's folder when it is one."""
    if given:
        return given, None
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        parsed = urlparse(configured)
        return parsed._replace(path=f"/{SCRATCH_NAME}").geturl(), None
    folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    return f"sqlite:///{folder / 'bench.sqlite3'}", folder


def _postgres(url: str, statement: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(statement)
    admin.close()


def recreate_database(url: str) -> None:
    if not url.startswith(("postgres://", "postgresql://")):
        return
    name = urlparse(url).path.lstrip("/")
    if name in ("", "mentorship", "postgres", "template0", "template1"):
        sys.exit(f"Refusing to use the database {name!r}: name one of the benchmark's own.")
    _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _postgres(url, f'CREATE DATABASE "{name}"')


def drop_database(url: str, folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    elif url.startswith(("postgres://", "postgresql://")):
        _postgres(url, f'DROP DATABASE IF EXISTS "{urlparse(url).path.lstrip("/")}" WITH (FORCE)')


def setup_django(url: str, var_dir: Path, broker: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "mentorship.settings",
            "DATABASE_URL": url,
            "VAR_DIR": str(var_dir),
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": "cache+memory://",
            "REDIS_URL": "",
            "CACHE_URL": "locmemcache://",
            "DEBUG": "false",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- The data ----------------------------------------------------------------------------
def build(sizes: dict[str, int], batch: int, rng: random.Random) -> int:
    """Relationships of each sort in ``sizes`` (one programme, two members each)."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from meetings.models import Meeting
    from programs.models import Enrolment, Programme
    from relationships.models import Match, MatchMember

    now = timezone.now()
    today = timezone.localdate()
    programme = Programme.objects.create(
        name=f"Bench reminders {batch}",
        slug=f"bench-reminders-{batch}",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=240),
        languages=["sv", "en"],
    )
    sorts = [sort for sort, count in sizes.items() for _ in range(count)]
    rng.shuffle(sorts)
    total = len(sorts)
    users = User.objects.bulk_create(
        (
            User(
                email=f"b{batch}-{k}@bench.example.org",
                display_name=f"Person {batch}-{k}",
                password=UNUSABLE_PASSWORD_PREFIX,  # nobody signs in
                preferred_language=rng.choice(["sv", "en"]),
                time_zone=rng.choice(ZONES),
            )
            for k in range(2 * total)
        ),
        batch_size=2000,
    )
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(programme=programme, user=user, role="mentor" if k % 2 == 0 else "mentee")
            for k, user in enumerate(users)
        ),
        batch_size=2000,
    )
    status = {
        "paused": Match.Status.PAUSED,
        "ended": Match.Status.ENDED_EARLY,
    }
    matches = Match.objects.bulk_create(
        (
            Match(
                programme=programme,
                origin=Match.Origin.MANUAL,
                status=status.get(sort, Match.Status.ACTIVE),
                paused_until=today + timedelta(days=30) if sort == "paused" else None,
                ended_at=now - timedelta(days=3) if sort == "ended" else None,
            )
            for sort in sorts
        ),
        batch_size=2000,
    )
    members = []
    for k, (match, sort) in enumerate(zip(matches, sorts, strict=True)):
        mentor, mentee = enrolments[2 * k], enrolments[2 * k + 1]
        current = sort != "ended"
        members.append(MatchMember(match=match, enrolment=mentor, role="mentor", current=current))
        members.append(
            MatchMember(
                match=match,
                enrolment=mentee,
                role="mentee",
                mentor=mentor,
                place=1,
                current=current,
            )
        )
    members = MatchMember.objects.bulk_create(members, batch_size=2000)

    window = {  # when the meeting starts, for each sort with one (None: no meeting)
        "due": lambda: now + timedelta(minutes=rng.randrange(22 * 60, 24 * 60 - 1)),
        "not_yet": lambda: now + timedelta(minutes=rng.randrange(24 * 60 + 5, 26 * 60 - 5)),
        "later": lambda: now + timedelta(days=rng.randrange(3, 40), hours=rng.randrange(24)),
        "paused": lambda: now + timedelta(hours=23),
        "ended": lambda: now + timedelta(hours=23),
        "cancelled": lambda: now + timedelta(hours=23),
    }
    meetings = []
    for k, (match, sort) in enumerate(zip(matches, sorts, strict=True)):
        mentee = members[2 * k + 1]
        common = {"match": match, "proposed_by": mentee, "minutes": 60, "format": "video"}
        if sort in window:
            meetings.append(
                Meeting(
                    **common,
                    status=Meeting.Status.CANCELLED
                    if sort == "cancelled"
                    else Meeting.Status.PLANNED,
                    starts_at=window[sort](),
                    place="https://meet.example.org/room",
                )
            )
        if k % 2 == 0:  # a history: two meetings held
            meetings += [
                Meeting(**common, status=Meeting.Status.HELD, starts_at=now - timedelta(days=d))
                for d in (20 + k % 7, 50 + k % 11)
            ]
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    # Planned well before the reminder's moment (a meeting changed later is not reminded).
    Meeting.objects.filter(match__programme=programme).update(updated_at=now - timedelta(days=5))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return total


# --- Measuring ---------------------------------------------------------------------------
def baseline_seconds(repeat: int = 5) -> tuple[float, int]:
    """The bare SELECT of the due meetings (ids and starts): the floor for a pass."""
    from django.utils import timezone

    from meetings.models import Meeting
    from relationships.models import Match

    times, rows = [], 0
    for _ in range(repeat):
        now = timezone.now()
        began = time.perf_counter()
        rows = len(
            Meeting.objects.filter(
                status=Meeting.Status.PLANNED,
                starts_at__gt=now,
                starts_at__lte=now + timedelta(hours=24),
                match__status__in=Match.RUNNING,
            )
            .order_by()
            .values_list("id", "starts_at", "match_id")
        )
        times.append(time.perf_counter() - began)
    return statistics.median(times), rows


def explain() -> str:
    from django.utils import timezone

    from meetings import reminders

    horizon = timedelta(hours=getattr(reminders.settings, "MEETING_REMINDER_HOURS", 24) + 2)
    query = reminders._planned_members(timezone.now(), horizon)
    return "  plan of the find query:\n    " + query.explain().replace("\n", "\n    ")


class Timed:
    """One pass, with its parts timed: find, the look-up of records, the queueing."""

    def __init__(self) -> None:
        self.parts: Counter = Counter()

    def wrap(self, name: str, function):
        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.parts[name] += time.perf_counter() - began

        return timed


def one_pass(*, queue: bool = True, profile: bool = False) -> dict:
    """``jobs.dispatch`` once, timed in parts; ``queue=False`` skips the queueing (the
    claims are then left unqueued: the figures are find + claim alone)."""
    from dataclasses import replace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications import jobs

    timed = Timed()
    job = jobs.get(JOB)
    job = replace(job, find=timed.wrap("find", job.find))
    originals = jobs.unrecorded, jobs._queue
    jobs.unrecorded = timed.wrap("look-up", jobs.unrecorded)
    jobs._queue = timed.wrap("queue", jobs._queue if queue else lambda ids: None)
    profiler = cProfile.Profile() if profile else None
    try:
        with CaptureQueriesContext(connection) as queries:
            if profiler:
                profiler.enable()
            began = time.perf_counter()
            result = jobs.dispatch(job)
            total = time.perf_counter() - began
            if profiler:
                profiler.disable()
    finally:
        jobs.unrecorded, jobs._queue = originals
    queued = timed.parts["queue"]
    # Grouped by what each query does, for a reader who wants to know where time goes.
    kinds: Counter = Counter()
    kind_ms: Counter = Counter()
    for query in queries.captured_queries:
        words = query["sql"].split()
        table = next((w for w in words if "notifications_" in w or "relationships_" in w), "")
        kind = f"{words[0]} {table.strip(chr(34))}".strip()
        kinds[kind] += 1
        kind_ms[kind] += float(query["time"]) * 1000
    if profiler:
        print("\nprofile of the pass (cumulative time, top 25):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return {
        "due": len(result.due),
        "claimed": len(result.claimed),
        "handed_again": len(result.handed_again),
        "total": total,
        "without_queue": total - queued,
        "queue": queued,
        "find": timed.parts["find"],
        "look_up": timed.parts["look-up"],  # find's result is its argument: not in it
        "queries": len(queries.captured_queries),
        "kinds": kinds,
        "kind_ms": kind_ms,
    }


def forget_claims() -> None:
    from notifications.models import Delivery

    Delivery.objects.filter(kind=JOB).delete()


def report(runs: list[dict], queued: dict, baseline: float) -> dict:
    """Prints the median of ``runs`` (find + claim) and the pass with its queueing."""
    runs = sorted(runs, key=lambda run: run["without_queue"])
    median = runs[len(runs) // 2]
    claim = median["without_queue"] - median["find"] - median["look_up"]
    seconds = ", ".join(f"{run['without_queue']:.2f}" for run in runs)
    print(
        f"  one pass: due {median['due']:,}, claimed {median['claimed']:,}"
        f" (handed again {median['handed_again']}), {median['queries']} queries"
    )
    print(
        f"    find + claim {median['without_queue']:.2f} s, median of {len(runs)} ({seconds}):"
        f" find {median['find']:.2f}, look-up {median['look_up']:.2f}, claim {claim:.2f};"
        f" {median['without_queue'] / baseline:.0f}× the baseline"
    )
    for kind, count in sorted(median["kinds"].items()):
        print(f"      {count:3d} × {kind:<45} {median['kind_ms'][kind]:8.1f} ms")
    print(
        f"    with the queueing of its {queued['claimed']:,} tasks: whole pass"
        f" {queued['total']:.2f} s = find + claim {queued['without_queue']:.2f}"
        f" + queueing {queued['queue']:.2f}"
        f" ({queued['queue'] / max(queued['claimed'], 1) * 1000:.2f} ms a task);"
        f" {queued['total'] / baseline:.0f}× the baseline"
    )
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="sizes × this (0.1: quick)")
    parser.add_argument("--database-url", help="default: a scratch SQLite file")
    parser.add_argument(
        "--broker",
        default="memory://localhost/",
        help="where the tasks are queued (nobody consumes them)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the pass at 50,000")
    parser.add_argument(
        "--explain", action="store_true", help="the database's plan of the find query at 50,000"
    )
    parser.add_argument("--repeat", type=int, default=3, help="passes timed without queueing")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    url, sqlite_folder = choose_database(args.database_url)
    var_dir = Path(tempfile.mkdtemp(prefix="bench-reminders-var-"))
    queue = f"bench-reminders-{uuid.uuid4().hex[:8]}"
    began = time.monotonic()
    recreate_database(url)
    failures: list[str] = []
    try:
        setup_django(url, var_dir, args.broker)
        from django.conf import settings
        from django.db import connection
        from django.utils import timezone

        from mentorship.celery import app
        from notifications import jobs

        app.conf.task_default_queue = queue  # nobody listens there
        jobs.all_jobs()  # every app's reminders module imported before anything is timed
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(
            f"{engine} database migrated in {time.monotonic() - began:.0f} s;"
            f" tasks queued to {args.broker.split('@')[-1]} (queue {queue}, nobody consumes)"
        )
        rng = random.Random(args.seed)  # noqa: S311 -- repeatable data, not a secret
        phases = [
            {sort: round(n * args.scale) for sort, n in FIRST.items()},
            {sort: round(n * args.scale) for sort, n in ADDED.items()},
        ]
        relationships = 0
        results = []
        for number, sizes in enumerate(phases, start=1):
            began = time.monotonic()
            relationships += build(sizes, number, rng)
            print(
                f"\n{relationships:,} relationships (a programme added, built in"
                f" {time.monotonic() - began:.0f} s):"
                f" {', '.join(f'{k} {v:,}' for k, v in sizes.items())}"
            )
            forget_claims()
            # Warm, as a worker is from its second pass on: the modules, time zones and the
            # database's caches; and on a fresh connection, as a task may start.
            jobs.get(JOB).find(timezone.now())
            connection.close()
            baseline, rows = baseline_seconds()
            print(f"  baseline: SELECT of the {rows:,} due meetings {baseline * 1000:.1f} ms")
            last = number == len(phases)
            if args.explain and last:
                print(explain())
            runs = []
            for _ in range(args.repeat):
                forget_claims()
                runs.append(one_pass(queue=False))
            forget_claims()
            queued = one_pass(queue=True, profile=args.profile and last)
            median = report(runs, queued, baseline)
            second = one_pass()
            print(
                f"  the next pass (everything claimed already): {second['total']:.2f} s,"
                f" {second['queries']} queries, claimed {second['claimed']}"
            )
            results.append((relationships, {**median, "total": queued["total"]}))

        (small_n, small), (large_n, large) = results
        print()
        print(
            f"queries at {small_n:,} and {large_n:,} relationships:"
            f" {small['queries']} and {large['queries']}"
            f" (find + claim {small['without_queue']:.2f} s and {large['without_queue']:.2f} s,"
            f" ×{large['without_queue'] / small['without_queue']:.2f})"
        )
        expected_due = 2 * phases[0]["due"]
        if large["claimed"] != expected_due:
            failures.append(f"claimed {large['claimed']:,} of {expected_due:,} due")
        if large["queries"] != small["queries"]:
            failures.append(
                f"queries grew with relationships: {small['queries']} → {large['queries']}"
            )
        verdict = "target met" if large["without_queue"] < TARGET_SECONDS else "target missed"
        print(
            f"{verdict}: one pass over {large_n:,} relationships with"
            f" {phases[0]['due']:,} due finds and claims {large['claimed']:,} reminders in"
            f" {large['without_queue']:.2f} s (target < {TARGET_SECONDS:.0f} s);"
            f" with the queueing {large['total']:.2f} s"
        )
        if verdict == "target missed":
            failures.append("over the time target")
    finally:
        from django.db import connections

        connections.close_all()
        if args.broker.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(args.broker)
            client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        drop_database(url, sqlite_folder)
        shutil.rmtree(var_dir, ignore_errors=True)
    for line in failures:
        print(f"MISSED  {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
