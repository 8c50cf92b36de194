"""Project-wide fixtures: role fixtures, services that may be missing, the browser."""

import os
import shutil
import socket
import uuid
from urllib.parse import urlparse

import pytest

# live_server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def services_required() -> bool:
    """CI sets REQUIRE_SERVICES=1: a missing service is then a failure, never a skip."""
    return os.environ.get("REQUIRE_SERVICES", "") not in ("", "0", "false")


def missing_service(reason: str):
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(reason)


def port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), 2):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        missing_service("REDIS_URL is not set: the Redis round-trip needs a Redis server")
    if not port_open(url, 6379):
        missing_service(f"Redis at {url} does not answer")
    return url


@pytest.fixture
def postgresql(settings):
    """For tests whose point needs PostgreSQL (row locks, real concurrency)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing_service("DATABASE_URL does not point at PostgreSQL")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing_service(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _fresh_cache(settings, request, django_db_blocker):
    """Rate-limit counters live in the cache; no test inherits another's.

    The database cache is rolled back with each test's transaction; a transactional test
    (the browser's) is not, and the flush after it leaves the cache's table alone, so its
    counters are emptied first — else allauth's 30 sign-ins a minute from 127.0.0.1 run
    out over the browser tests. In Redis each test gets its own key prefix instead of a
    FLUSHDB, which would also drop Celery's queues.
    """
    cache = settings.CACHES["default"]
    if "redis" in cache["BACKEND"].lower():
        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {**settings.CACHES, "default": {**cache, "KEY_PREFIX": prefix}}
    elif _transactional(request):
        from django.core.cache import caches

        with django_db_blocker.unblock():
            caches["default"].clear()


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _no_kept_pools():
    """Find a mentor keeps the mentors' half of a pool per process; ids are reused from
    one test's rolled-back database to the next, so no test starts with another's."""
    import sys

    pools = sys.modules.get("matching.pools")
    if pools is not None:
        pools.forget_mentor_halves()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


# --- People, by role ----------------------------------------------------------------
@pytest.fixture
def programme(db):
    from programs.tests.factories import ProgrammeFactory

    return ProgrammeFactory(name="Programme A")


@pytest.fixture
def other_programme(db):
    from programs.tests.factories import ProgrammeFactory

    return ProgrammeFactory(name="Programme B")


@pytest.fixture
def coordinator(programme):
    from accounts.tests.factories import UserFactory
    from programs.services import coordinator_grant

    user = UserFactory(email="coordinator@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=user, programme=programme)
    return user


@pytest.fixture
def other_coordinator(other_programme):
    from accounts.tests.factories import UserFactory
    from programs.services import coordinator_grant

    user = UserFactory(email="other.coordinator@example.org", display_name="Otto Other")
    coordinator_grant(user=user, programme=other_programme)
    return user


@pytest.fixture
def mentor(programme):
    from accounts.tests.factories import UserFactory
    from programs.tests.factories import EnrolmentFactory

    user = UserFactory(email="mentor@example.org", display_name="Maja Mentor")
    EnrolmentFactory(programme=programme, user=user, role="mentor")
    return user


@pytest.fixture
def mentee(programme):
    from accounts.tests.factories import UserFactory
    from programs.tests.factories import EnrolmentFactory

    user = UserFactory(email="mentee@example.org", display_name="Adam Adept")
    EnrolmentFactory(programme=programme, user=user, role="mentee")
    return user


@pytest.fixture
def outsider(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(email="outsider@example.org", display_name="Olle Outsider")


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    """Tasks queued by the code under test run at once, in this process.

    The Celery tests that need a real worker start their own processes, where this does
    not apply.
    """
    from mentorship.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def other_mentee(other_programme):
    """A participant, but of programme B."""
    from accounts.tests.factories import UserFactory
    from programs.tests.factories import EnrolmentFactory

    user = UserFactory(email="other.mentee@example.org", display_name="Bea Bystander")
    EnrolmentFactory(programme=other_programme, user=user, role="mentee")
    return user
