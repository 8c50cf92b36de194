"""Language names in the reader's language, sorted as the reader sorts them."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.formatting import collation_key
from accounts.tests.factories import UserFactory
from programs.languages import LANGUAGE_CHOICES, language_choices
from programs.tests.factories import ProgrammeFactory

LANGUAGES = ["sv", "de", "en", "el", "da"]


def labels_in(html: str, name: str) -> list[str]:
    """The visible labels of a checkbox group's options, in page order."""
    ids = re.findall(rf'<input type="checkbox"[^>]* name="{name}"[^>]* id="([^"]+)"', html)
    found = dict(re.findall(r'<label[^>]*for="([^"]+)"[^>]*>\s*([^<]+?)\s*</label>', html))
    return [found[i] for i in ids]


def test_names_are_translated_and_sorted_by_the_translated_name():
    with translation.override("sv"):
        swedish = [name for _code, name in language_choices(LANGUAGES)]
    with translation.override("en"):
        english = [name for _code, name in language_choices(LANGUAGES)]

    assert swedish == ["Danska", "Engelska", "Grekiska", "Svenska", "Tyska"]
    assert english == ["Danish", "English", "German", "Greek", "Swedish"]


def test_swedish_sorts_its_own_letters_after_z_and_ignores_other_accents():
    words = ["Ödla", "Zebra", "Åsna", "Émile", "Älg", "Apa"]

    with translation.override("sv"):
        swedish = sorted(words, key=collation_key)
    with translation.override("en"):
        english = sorted(words, key=collation_key)

    assert swedish == ["Apa", "Émile", "Zebra", "Åsna", "Älg", "Ödla"]
    assert english == ["Älg", "Apa", "Åsna", "Émile", "Ödla", "Zebra"]


def test_the_full_list_follows_the_language_it_is_read_in():
    with translation.override("sv"):
        swedish = dict(LANGUAGE_CHOICES)
    with translation.override("en"):
        english = dict(LANGUAGE_CHOICES)

    assert (swedish["ar"], english["ar"]) == ("Arabiska", "Arabic")
    assert swedish["lt"] == "Litauiska"  # Django's own catalogue says "Lettiska"
    assert len(swedish) == len(english) > 90


@pytest.mark.django_db
def test_the_swedish_application_form_names_the_programmes_languages_in_swedish(client):
    programme = ProgrammeFactory(languages=LANGUAGES)
    client.force_login(UserFactory(preferred_language="sv"))

    html = client.get(reverse("intake:apply", args=[programme.slug, "mentee"])).text

    assert labels_in(html, "languages") == ["Danska", "Engelska", "Grekiska", "Svenska", "Tyska"]


@pytest.mark.django_db
def test_the_programme_admin_offers_every_language_by_its_swedish_name(client, coordinator):
    coordinator.preferred_language = "sv"
    coordinator.save(update_fields=["preferred_language"])
    client.force_login(coordinator)

    html = client.get(reverse("admin:programs_programme_add")).text

    options = re.findall(r'<option value="(ar|de|sv)"[^>]*>([^<]+)</option>', html)
    assert options == [("ar", "Arabiska"), ("sv", "Svenska"), ("de", "Tyska")]


@pytest.mark.django_db
def test_the_programme_page_lists_its_languages_in_the_visitors_language(client):
    programme = ProgrammeFactory(languages=["ar", "en"])

    page = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").text

    assert "Arabiska, Engelska" in page
