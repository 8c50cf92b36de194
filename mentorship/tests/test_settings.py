"""Production settings: refuse to start without secrets, and pass Django's deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Test-only switches must not leak into the production process under test.
    dropped = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="mentorship.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "mentorship.example.org",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": ""})

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr


def test_production_refuses_to_start_without_a_mail_server():
    result = manage("check", **{**PRODUCTION, "EMAIL_URL": ""})

    assert result.returncode != 0
    assert "EMAIL_URL must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": "too-short"})

    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_runs_on_embedded_defaults_without_any_configuration(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, "
        "s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND, s.TIME_ZONE, s.USE_TZ, "
        "s.DATABASES['default']['CONN_MAX_AGE'] > 0)",
        VAR_DIR=str(tmp_path),
        DATABASE_URL="",
        REDIS_URL="",
        CELERY_BROKER_URL="",
        DJANGO_ENV="development",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.mail.backends.console.EmailBackend",
        "Europe/Stockholm",
        "True",
        "True",  # connections are kept between requests in development too
    ]


def test_postgresql_connections_run_without_jit_unless_asked():
    show = "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'])"
    url = "postgres://postgres@127.0.0.1:5432/anything"

    default = manage("shell", "-c", show, DATABASE_URL=url)
    asked = manage("shell", "-c", show, DATABASE_URL=url, DATABASE_JIT="true")

    assert default.returncode == 0, default.stderr
    assert "-c jit=off" in default.stdout.strip().splitlines()[-1]
    assert "jit" not in asked.stdout.strip().splitlines()[-1]


@pytest.mark.django_db
def test_the_database_connection_has_jit_off(postgresql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_e_mail_links_follow_the_port_make_run_serves_on():
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        MENTORSHIP_PORT="8101",
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8101"


def test_the_benchmarks_bare_view_and_query_header_are_never_on_in_production():
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.BENCHMARK, any('benchmark' in m for m in settings.MIDDLEWARE))",
        **{**PRODUCTION, "BENCHMARK": "1"},
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1] == "False False"


def test_the_benchmarks_bare_view_is_not_served_by_default(client):
    assert client.get("/__benchmark__/bare/").status_code == 404
