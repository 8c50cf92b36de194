"""The time zones a person chooses from: one per country and region, by readable name.

Python knows some 600 zone names, "localtime", "Zulu", "US/Eastern" and "Etc/GMT+5"
among them. A person picks their country and city instead, from the time-zone
database's own list of one zone per country region (``zone.tab``, shipped with the
tzdata package), named in their language through Babel's CLDR data. Whatever zone they
already have comes first and stays on offer, even an old name outside the list.
"""

import zoneinfo
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.dates import get_timezone_location
from django.utils.translation import get_language

from .formatting import collation_key, reader_locale

UTC = "UTC"


@lru_cache(maxsize=1)
def _zone_table() -> tuple[tuple[str, str], ...]:
    """(country code, zone) for every row of the database's zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple((row[0], row[2]) for row in rows)


def _city(zone: str, locale: Locale) -> str:
    city = get_timezone_location(zone, locale=locale, return_city=True)
    # CLDR lacks a few cities and then answers with the zone's path: keep its last part.
    return city.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(zone: str, country: str | None = None) -> str:
    """A zone as a person reads it, in their language: "Sverige – Stockholm"."""
    locale = Locale.parse(reader_locale())
    if zone == UTC:
        return UTC
    if country is None:
        country = next((cc for cc, z in _zone_table() if z == zone), None)
    if country is None:
        return zone.replace("_", " ")  # an old or unusual name: as it is written
    return f"{locale.territories.get(country, country)} – {_city(zone, locale)}"


@lru_cache(maxsize=8)
def _common_choices(language: str) -> tuple[tuple[str, str], ...]:
    pairs = [(zone, zone_label(zone, country)) for country, zone in _zone_table()]
    pairs.sort(key=lambda pair: collation_key(pair[1]))
    return ((UTC, UTC), *pairs)


def time_zone_choices(current: str | zoneinfo.ZoneInfo | None = None) -> list[tuple[str, str]]:
    """The common zones by readable name in the reader's language, the person's own
    ``current`` zone first, and always there."""
    choices = list(_common_choices(get_language() or "en"))
    if current:
        current = str(current)
        choices = [pair for pair in choices if pair[0] != current]
        choices.insert(0, (current, zone_label(current)))
    return choices
