"""Benchmark of the coordinator's round review page as the programme grows.

Run from the repository root (a throw-away SQLite database in memory, about a minute):

    .venv/bin/python benchmarks/review_page.py            # 250 × 100, then ×2 and ×4
    .venv/bin/python benchmarks/review_page.py --quick    # 60 × 25, then ×2

For each size it runs one round and then times the review page (first page, a search, the
last page) and the "Pair by hand" people search, each the median of several requests, and
prints the time, the number of queries and the ratio to the smallest size measured in the
same run. A page whose cost follows the data shows ratios near 2 and 4; ours stay near 1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

# Run as a script, this folder would shadow the ``matching`` app; the repository root is used.
_HERE = Path(__file__).resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE.parent]
sys.path.insert(0, str(_HERE.parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.pop("DATABASE_URL", None)  # never the shared database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
    )

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    connection.creation.create_test_db(verbosity=0, keepdb=False)

    base = (60, 25) if args.quick else (250, 100)
    factors = (1, 2) if args.quick else (1, 2, 4)
    rows = []
    for factor in factors:
        client, programme = _programme(base[0] * factor, base[1] * factor)
        for label, url in _urls(programme):
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                assert response.status_code == 200, (url, response.status_code)
            rows.append((factor, label, statistics.median(times), len(queries)))
    _print(rows, base)


def _programme(mentees: int, mentors: int):
    from django.test import Client
    from django.urls import reverse

    from accounts.tests.factories import UserFactory
    from matching.tests.factories import many_people, matching_programme
    from programs.services import coordinator_grant

    programme = matching_programme(name=f"Benchmark {mentees} × {mentors}")
    many_people(programme, mentees, mentors)
    coordinator = UserFactory()
    coordinator_grant(user=coordinator, programme=programme)
    client = Client()
    client.force_login(coordinator)
    from matching import services

    services.run_start(programme=programme, by=coordinator, sync=True)
    assert reverse("admin:matching_programme", args=[programme.pk])
    return client, programme


def _urls(programme) -> list[tuple[str, str]]:
    from django.urls import reverse

    from matching.review import SUGGESTIONS_PER_PAGE

    page = reverse("admin:matching_programme", args=[programme.pk])
    last = programme.matching_runs.get().suggestions.count() // SUGGESTIONS_PER_PAGE + 1
    people = reverse("admin:matching_programme_people", args=[programme.pk, "second"])
    return [
        ("review, first page", page),
        ("review, search 'Person 1'", f"{page}?q=Person+1"),
        ("review, last page", f"{page}?p={last}"),
        ("pair by hand: mentors", f"{people}?term=Person"),
    ]


def _print(rows, base) -> None:
    baseline = {label: seconds for factor, label, seconds, _q in rows if factor == 1}
    print(f"{'size':>12}  {'what':<28} {'ms':>8} {'queries':>8} {'× baseline':>11}")
    for factor, label, seconds, queries in rows:
        size = f"{base[0] * factor}×{base[1] * factor}"
        ratio = seconds / baseline[label]
        print(f"{size:>12}  {label:<28} {seconds * 1000:8.1f} {queries:8d} {ratio:11.2f}")


if __name__ == "__main__":
    main()
