"""Dates, numbers and percentages as each language writes them (mentorship/formats)."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.formatting import moment_with_zone, number, percent
from accounts.tests.factories import UserFactory
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("sv", date(2026, 12, 15), "15 dec. 2026"),
        ("sv", date(2027, 5, 10), "10 maj 2027"),
        ("sv", date(2027, 3, 1), "1 mars 2027"),
        ("en", date(2026, 12, 15), "15 Dec 2026"),
        ("en", date(2027, 5, 10), "10 May 2027"),
    ],
)
def test_short_dates_are_written_as_the_language_writes_them(language, day, expected):
    with translation.override(language):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == expected


def test_long_dates_and_times_read_naturally_in_both_languages():
    moment = datetime(2026, 12, 15, 14, 30)

    with translation.override("sv"):
        swedish = formats.date_format(moment, "DATETIME_FORMAT")
    with translation.override("en"):
        english = formats.date_format(moment, "DATETIME_FORMAT")

    assert swedish == "15 december 2026 kl. 14:30"
    assert english == "15 December 2026, 14:30"


def test_a_deadline_names_its_time_zone_in_the_readers_format():
    moment = datetime(2026, 12, 15, 13, 30, tzinfo=ZoneInfo("UTC"))

    with translation.override("sv"), timezone.override(ZoneInfo("Europe/Stockholm")):
        rendered = Template("{% load formatting %}{{ when|moment_with_zone }}").render(
            Context({"when": moment})
        )
    with translation.override("en"):
        direct = moment_with_zone(moment.astimezone(ZoneInfo("Europe/London")))

    assert rendered == "15 december 2026 kl. 14:30 CET"
    assert direct == "15 December 2026, 13:30 GMT"


@pytest.mark.parametrize(
    ("language", "expected_percent", "expected_count"),
    [("sv", f"85{NBSP}%", f"5{NBSP}000"), ("en", "85%", "5,000")],
)
def test_percentages_and_counts_follow_the_language(language, expected_percent, expected_count):
    with translation.override(language):
        assert percent(85) == expected_percent
        assert number(5000) == expected_count
        assert (
            Template("{% load formatting %}{{ p|percent }} {{ n|number }}").render(
                Context({"p": 85, "n": 5000})
            )
            == f"{expected_percent} {expected_count}"
        )


def test_odd_values_are_written_as_nothing_rather_than_breaking_the_page():
    rendered = Template("{% load formatting %}[{{ p|percent }}][{{ n|number }}]").render(
        Context({"p": "not a number", "n": None})
    )

    assert rendered == "[][None]"


def test_no_template_writes_a_date_in_a_pattern_of_its_own():
    """A fixed pattern ("j M Y") ignores the reader's language: "10 Maj 2027" in Swedish."""
    named = {
        "DATE_FORMAT",
        "SHORT_DATE_FORMAT",
        "DATETIME_FORMAT",
        "SHORT_DATETIME_FORMAT",
        "TIME_FORMAT",
        "MONTH_DAY_FORMAT",
        "YEAR_MONTH_FORMAT",
    }
    # For machines (ISO 8601, same-day comparisons) or single words: weekday, time zone.
    allowed = named | {"c", "Ymd", "l", "T"}
    found = []
    for path in TEMPLATES.rglob("*"):
        if path.is_file():
            for pattern in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", path.read_text()):
                if pattern not in allowed:
                    found.append(f"{path.relative_to(TEMPLATES)}: {pattern}")
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "dates"),
    [("sv", "15 dec. 2026 – 10 maj 2027"), ("en", "15 Dec 2026 – 10 May 2027")],
)
def test_my_programmes_shows_short_dates_in_my_language(client, language, dates):
    user = UserFactory(preferred_language=language)
    programme = ProgrammeFactory(starts_on=date(2026, 12, 15), ends_on=date(2027, 5, 10))
    EnrolmentFactory(programme=programme, user=user)
    client.force_login(user)

    assert dates in client.get(reverse("dashboard:mine")).text
