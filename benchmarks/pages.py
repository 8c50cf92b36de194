"""What the site's pages cost when a programme is large, and whether that cost stays put
when the data doubles: gunicorn on PostgreSQL, a real HTTP client, signed-in sessions.

Run from the repository root (PostgreSQL on 127.0.0.1; the database is created, filled and
dropped again — never the one named ``mentorship``):

    .venv/bin/python benchmarks/pages.py                 # ×1 then ×2: the issue's sizes
    .venv/bin/python benchmarks/pages.py --scale 0.1     # a tenth of them, a quick run
    .venv/bin/python benchmarks/pages.py --database-url postgres://postgres@127.0.0.1:5432/x

×1 is 3,000 applications (and enrolments), 500 mentors, 1,500 matches, 300 suggestions
under review and 50 events × 120 RSVPs, spread over a programme where mentees request a
mentor, one where the coordinator matches, and one open for applications. ×2 adds as much
again to the same programmes. For each page it prints the queries, p50 and p95 of the
response time at ×1 and ×2, the ×2/×1 ratio of the p50s and each p50's ratio to a bare view
(a trivial view behind the same middleware, measured in the same run — the machine is
shared, so the ratios say more than the milliseconds). Then the targets it misses:
×2/×1 ≤ 1.3 for every page; at ×1 a p95 under 150 ms for participants' pages and under
300 ms for coordinators'. It exits 0 whatever the figures (1 only if a page fails).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

# Run as a script, this file's folder comes first on sys.path and ``matching.py`` here
# would shadow the ``matching`` app: drop that folder and put the repository root there.
_HERE = Path(__file__).resolve()
ROOT = _HERE.parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE.parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mentorship_bench_pages"
SIZES = {  # at ×1
    "applications": 3000,
    "mentors": 500,
    "matches": 1500,
    "suggestions": 300,
    "events": 50,
    "rsvps_per_event": 120,
}
TARGET_RATIO = 1.3
TARGET_P95_MS = {"participant": 150, "coordinator": 300}
WORDS = [
    *("leadership", "career", "finance", "startup", "marketing", "sales", "health"),
    *("family", "negotiation", "feedback", "strategy", "budget", "design", "research"),
    *("teaching", "coaching", "hiring", "speaking", "writing", "change"),
]


# --- The database ------------------------------------------------------------------------
def recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if name in ("", "mentorship", "postgres", "template0", "template1"):
        sys.exit(f"Refusing to use the database {name!r}: name one of the benchmark's own.")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def drop_database(url: str) -> None:
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
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    admin.close()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


# --- The data ----------------------------------------------------------------------------
@dataclass
class Site:
    """The programmes and the people the pages are asked as."""

    requests: object = None  # mentees request a mentor; running
    coordinated: object = None  # the coordinator matches; a round under review
    open: object = None  # takes applications
    coordinator: object = None
    mentee: object = None  # unmatched, in the request programme
    mentor: object = None  # in the request programme
    wisher: object = None  # unmatched, in the coordinated programme
    applicant: object = None  # has applied nowhere yet
    event: object = None
    request: object = None  # the mentee's request to the mentor
    batches: int = 0
    areas: dict = field(default_factory=dict)


def _programmes(site: Site) -> None:
    from matching.models import MatchingRun
    from programs.models import Area, Programme
    from programs.services import coordinator_grant

    start = date.today() + timedelta(days=30)
    common = {
        "starts_on": start,
        "ends_on": start + timedelta(days=180),
        "midpoint_on": start + timedelta(days=90),
        "languages": ["sv", "en"],
        "purpose": "Grow together.",
        "how_it_works": "Meet once a month.",
    }
    site.requests = Programme.objects.create(
        name="Bench: mentees choose",
        slug="bench-requests",
        status=Programme.Status.RUNNING,
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
        **common,
    )
    site.coordinated = Programme.objects.create(
        name="Bench: coordinator matches",
        slug="bench-coordinated",
        status=Programme.Status.MATCHING,
        matching_mode=Programme.MatchingMode.COORDINATOR,
        **common,
    )
    site.open = Programme.objects.create(
        name="Bench: open for applications",
        slug="bench-open",
        status=Programme.Status.INTAKE_OPEN,
        application_deadline=start,
        **common,
    )
    from accounts.models import User

    site.coordinator = User.objects.create_user(
        email="coordinator@bench.example.org", display_name="Cora Coordinator"
    )
    for programme in (site.requests, site.coordinated, site.open):
        coordinator_grant(user=site.coordinator, programme=programme)
        site.areas[programme.pk] = Area.objects.bulk_create(
            Area(programme=programme, name=name)
            for name in ("Leadership", "Career", "Business", "Family", "Health", "Finances")
        )
    MatchingRun.objects.create(
        programme=site.coordinated,
        status=MatchingRun.Status.READY,
        progress=100,
        started_by=site.coordinator,
    )
    site.applicant = User.objects.create_user(
        email="applicant@bench.example.org", display_name="Alva Applicant"
    )


def _people(site, programme, batch, role, count, rng, capacity=1):
    """``count`` people with an accepted application and an active enrolment each."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from intake.models import Application
    from programs.models import Enrolment

    users = User.objects.bulk_create(
        User(
            email=f"{role}-{programme.slug}-{batch}-{n}@bench.example.org",
            display_name=f"{role.title()} {batch}-{n}",
            password=make_password(None),  # nobody signs in with one
        )
        for n in range(count)
    )
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            programme=programme,
            user=user,
            role=role,
            status=Application.Status.ACCEPTED,
            about_me="I like to help. " + " ".join(rng.sample(WORDS, 4)),
            organisation=f"Org {rng.randrange(40)}",
            city=rng.choice(["Umeå", "Luleå", "Skellefteå", "Piteå"]),
            career_level=rng.choice(["early", "experienced", "manager", "senior"]),
            expertise=" ".join(rng.sample(WORDS, 5)),
            goals=" ".join(rng.sample(WORDS, 5)),
            languages=rng.choice([["sv"], ["en"], ["sv", "en"]]),
            meeting_formats=rng.sample(["in_person", "video", "phone"], 2),
            availability=rng.sample(["weekday_mornings", "weekday_evenings", "weekends"], 2),
            capacity=capacity,
            consent_given_at=now,
            consent_notice_version=1,
            submitted_at=now,
            decided_at=now,
        )
        for user in users
    )
    through = Application.areas.through
    areas = site.areas[programme.pk]
    through.objects.bulk_create(
        through(application_id=app.pk, area_id=area.pk)
        for app in applications
        for area in rng.sample(areas, 2)
    )
    return Enrolment.objects.bulk_create(
        Enrolment(programme=programme, user=user, role=role, capacity=capacity) for user in users
    )


def _matches(programme, mentors, mentees, count):
    """``count`` current one-to-one matches, mentors' places filled in turn."""
    from relationships.models import Match, MatchMember

    matches = Match.objects.bulk_create(
        Match(programme=programme, origin=Match.Origin.MANUAL) for _ in range(count)
    )
    members = []
    for k, (match, mentee) in enumerate(zip(matches, mentees, strict=False)):
        mentor = mentors[k % len(mentors)]
        members.append(MatchMember(match=match, enrolment=mentor, role="mentor"))
        members.append(
            MatchMember(
                match=match,
                enrolment=mentee,
                role="mentee",
                mentor=mentor,
                place=k // len(mentors) + 1,
            )
        )
    MatchMember.objects.bulk_create(members)


def build(site: Site, scale: float, seed: int) -> dict[str, int]:
    """One more batch of the issue's ×1 sizes (times ``scale``) in the same programmes."""
    from django.db import connection
    from django.utils import timezone

    from events.models import RSVP, Event
    from matching.models import MatchingRun, MatchRequest, Suggestion

    rng = random.Random(seed)  # noqa: S311 -- repeatable test data, not a secret
    batch = site.batches = site.batches + 1
    if batch == 1:
        _programmes(site)
    size = {name: max(1, round(n * scale)) for name, n in SIZES.items()}
    size["rsvps_per_event"] = SIZES["rsvps_per_event"]  # an event's size is the same

    # 60 % of the people in the programme where mentees choose, 40 % where the coordinator
    # matches; mentors take up to four (five) mentees, so both keep free places.
    mentors_r = round(size["mentors"] * 0.6)
    mentors_c = size["mentors"] - mentors_r
    mentees_total = size["applications"] - size["mentors"]
    mentees_r = round(mentees_total * 0.6)
    mentees_c = mentees_total - mentees_r
    matches_r = round(size["matches"] * 0.6)
    matches_c = size["matches"] - matches_r

    r_mentors = _people(site, site.requests, batch, "mentor", mentors_r, rng, capacity=4)
    r_mentees = _people(site, site.requests, batch, "mentee", mentees_r, rng)
    c_mentors = _people(site, site.coordinated, batch, "mentor", mentors_c, rng, capacity=5)
    c_mentees = _people(site, site.coordinated, batch, "mentee", mentees_c, rng)
    _matches(site.requests, r_mentors, r_mentees, min(matches_r, mentees_r))
    _matches(site.coordinated, c_mentors, c_mentees, min(matches_c, mentees_c))

    unmatched = c_mentees[matches_c:]
    run = MatchingRun.objects.get(programme=site.coordinated)
    Suggestion.objects.bulk_create(
        Suggestion(
            run=run,
            first=mentee,
            second=c_mentors[k % len(c_mentors)],
            score=rng.uniform(40, 90),
            explanation=[{"criterion": "areas", "points": 30, "details": ["Leadership"]}],
        )
        for k, mentee in enumerate(unmatched[: size["suggestions"]])
    )

    start = timezone.now() + timedelta(days=10)
    events = Event.objects.bulk_create(
        Event(
            programme=site.requests,
            title=f"Workshop {batch}-{n}",
            kind=Event.Kind.WORKSHOP,
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=2),
            place="Town Hall",
            capacity=size["rsvps_per_event"] + 30,
            published=True,
        )
        for n in range(size["events"])
    )
    people = [e.user_id for e in [*r_mentors, *r_mentees]]
    RSVP.objects.bulk_create(
        RSVP(event=event, user_id=user_id, status=RSVP.Status.GOING, seat=seat)
        for k, event in enumerate(events)
        for seat, user_id in enumerate(
            rng.sample(people, min(len(people), size["rsvps_per_event"])), start=1
        )
    )

    # Every unmatched mentee where mentees choose has asked one mentor.
    now = timezone.now()
    asked = MatchRequest.objects.bulk_create(
        MatchRequest(
            programme=site.requests,
            mentee=mentee,
            mentor=r_mentors[k % len(r_mentors)],
            rank=1,
            message="I would like to learn from you.",
            status=MatchRequest.Status.OPEN,
            sent_at=now,
            expires_at=now + timedelta(days=3),
        )
        for k, mentee in enumerate(r_mentees[matches_r:])
    )

    if batch == 1:
        site.mentee = r_mentees[-1]  # unmatched
        site.request = asked[-1]
        site.mentor = site.request.mentor
        site.wisher = c_mentees[-1]  # unmatched, without a suggestion when there are many
        site.event = events[0]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return size


# --- Serving and asking -----------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BENCHMARK": "1",
        "DEBUG": "false",
        "DJANGO_ENV": "development",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "mentorship.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 -- our own command
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/__benchmark__/bare/", None)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within a minute")


def get(port: int, path: str, cookie: str | None) -> tuple[int, float, int]:
    """(status, seconds, queries) of one GET, on a connection of its own as a browser's
    first request would be (gunicorn's sync workers close every connection anyway)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept-Language": "en", "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed, int(response.getheader("X-Benchmark-Queries") or -1)


def session_cookie(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@dataclass
class Page:
    name: str
    path: str
    who: str  # "participant" or "coordinator"
    cookie: str | None
    runs: dict[int, list[float]] = field(default_factory=dict)  # factor -> seconds
    queries: dict[int, int] = field(default_factory=dict)


def pages(site: Site) -> list[Page]:
    from django.urls import reverse

    mentee = session_cookie(site.mentee.user)
    mentor = session_cookie(site.mentor.user)
    wisher = session_cookie(site.wisher.user)
    applicant = session_cookie(site.applicant)
    coordinator = session_cookie(site.coordinator)
    from intake.models import Application

    application = Application.objects.get(programme=site.requests, user=site.mentee.user)
    admin = "/admin/{}/{}/"
    found = [
        Page("bare view (reference)", "/__benchmark__/bare/", "participant", mentee),
        Page("programme page, signed in", site.requests.get_absolute_url(), "participant", mentee),
        Page("My programmes", reverse("dashboard:mine"), "participant", mentee),
        Page(
            "find a mentor",
            reverse("matching:mentor_list", kwargs={"slug": site.requests.slug}),
            "participant",
            mentee,
        ),
        Page("event list", reverse("events:list"), "participant", mentee),
        Page("event page", reverse("events:detail", args=[site.event.pk]), "participant", mentee),
        Page(
            "application form",
            reverse("intake:apply", kwargs={"slug": site.open.slug, "role": "mentee"}),
            "participant",
            applicant,
        ),
        Page(
            "my application",
            reverse("intake:application", args=[application.pk]),
            "participant",
            mentee,
        ),
        Page("resources", reverse("resources:list"), "participant", mentee),
        Page("my requests", reverse("matching:requests"), "participant", mentee),
        Page(
            "a request",
            reverse("matching:request_detail", args=[site.request.pk]),
            "participant",
            mentee,
        ),
        Page("requests to me", reverse("matching:requests_received"), "participant", mentor),
        Page(
            "wishes",
            reverse("matching:wishes", kwargs={"slug": site.coordinated.slug}),
            "participant",
            wisher,
        ),
        Page("home page", reverse("programs:home"), "participant", None),
        Page("profile", reverse("accounts:profile"), "participant", mentee),
        Page(
            "round review (admin)",
            reverse("admin:matching_programme", args=[site.coordinated.pk]),
            "coordinator",
            coordinator,
        ),
        Page(
            "applications (admin)",
            admin.format("intake", "application"),
            "coordinator",
            coordinator,
        ),
        Page(
            "enrolments (admin)", admin.format("programs", "enrolment"), "coordinator", coordinator
        ),
        Page("matches (admin)", admin.format("relationships", "match"), "coordinator", coordinator),
        Page("events (admin)", admin.format("events", "event"), "coordinator", coordinator),
    ]
    return found


def measure(port: int, found: list[Page], factor: int, requests: int, warmup: int) -> list[str]:
    """Each page in turn, interleaved round by round so that noise hits all alike."""
    failures = []
    for page in found:
        for _ in range(warmup):
            status, _s, _q = get(port, page.path, page.cookie)
            if status != 200:
                failures.append(f"{page.name} ({page.path}) answered {status} at ×{factor}")
                break
        page.runs[factor] = []
    alive = [p for p in found if not any(f.startswith(p.name + " (") for f in failures)]
    for _ in range(requests):
        for page in alive:
            status, seconds, queries = get(port, page.path, page.cookie)
            page.runs[factor].append(seconds)
            page.queries[factor] = queries
    return failures


# --- The report -------------------------------------------------------------------------
def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def report(found: list[Page], factors: list[int]) -> list[str]:
    bare = found[0]
    head = f"{'page':28} {'who':5}"
    for f in factors:
        head += f" | ×{f}: {'q':>3} {'p50':>7} {'p95':>7} {'/bare':>6}"
    if len(factors) == 2:
        head += " | ×2/×1"
    print(head)
    print("-" * len(head))
    missed = []
    for page in found:
        line = f"{page.name:28} {page.who[:5]:5}"
        for f in factors:
            runs = page.runs.get(f) or []
            if not runs:
                line += f" | ×{f}: {'—':>3} {'—':>7} {'—':>7} {'—':>6}"
                continue
            p50, p95 = p(runs, 0.5), p(runs, 0.95)
            to_bare = p50 / p(bare.runs[f], 0.5)
            line += f" | ×{f}: {page.queries[f]:>3} {p50:6.1f}ms {p95:6.1f}ms {to_bare:5.1f}×"
        if page is not bare and page.runs.get(factors[0]):
            p95 = p(page.runs[factors[0]], 0.95)
            limit = TARGET_P95_MS[page.who]
            if p95 >= limit:
                missed.append(f"{page.name}: p95 {p95:.0f} ms at ×1, target < {limit} ms")
        if len(factors) == 2 and all(page.runs.get(f) for f in factors):
            ratio = p(page.runs[2], 0.5) / p(page.runs[1], 0.5)
            line += f" | {ratio:5.2f}"
            if page is not bare and ratio > TARGET_RATIO:
                missed.append(f"{page.name}: ×2/×1 = {ratio:.2f}, target ≤ {TARGET_RATIO}")
            if page.queries[1] != page.queries[2]:
                missed.append(
                    f"{page.name}: {page.queries[1]} queries at ×1, {page.queries[2]} at ×2"
                )
        print(line)
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="sizes × this (0.1: quick)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers")
    parser.add_argument("--only-x1", action="store_true", help="skip the doubled data")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    began = time.monotonic()
    recreate_database(args.database_url)
    setup_django(args.database_url)
    print(
        f"database {urlparse(args.database_url).path.lstrip('/')} migrated in "
        f"{time.monotonic() - began:.0f} s"
    )
    site = Site()
    factors = [1] if args.only_x1 else [1, 2]
    port = free_port()
    server = None
    failures: list[str] = []
    try:
        found: list[Page] = []
        for factor in factors:
            began = time.monotonic()
            size = build(site, args.scale, seed=factor)
            print(
                f"×{factor}: built in {time.monotonic() - began:.0f} s "
                f"(each batch: {', '.join(f'{k} {v}' for k, v in size.items())})",
                flush=True,
            )
            if server is None:
                server = start_gunicorn(args.database_url, port, args.workers)
                found = pages(site)
            began = time.monotonic()
            failures += measure(port, found, factor, args.requests, args.warmup)
            print(f"×{factor}: measured in {time.monotonic() - began:.0f} s", flush=True)
        print()
        print(
            f"{args.requests} requests per page after {args.warmup} untimed, one at a time, "
            f"gunicorn with {args.workers} sync worker(s), PostgreSQL; q = queries"
        )
        missed = report(found, factors)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.database_url)
    print()
    for line in failures:
        print(f"FAILED  {line}")
    for line in missed:
        print(f"missed  {line}")
    if not missed and not failures:
        print("every target met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
