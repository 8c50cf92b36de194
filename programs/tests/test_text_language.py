"""Text shown in the other language says so (``lang``), for screen readers (WCAG 3.1.2)."""

import re

import pytest
from django.urls import reverse

from intake.tests.factories import ApplicationFactory
from programs.tests.factories import AreaFactory, ProgrammeFactory
from resources.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_a_programme_written_only_in_swedish_is_marked_swedish_on_an_english_page(client):
    swedish = ProgrammeFactory(
        name_en="", name_sv="Mentorer för nya chefer", description_en="", description_sv="Hej."
    )
    english = ProgrammeFactory(name_en="Peer circle", name_sv="Kollegacirkel")

    page = client.get(reverse("programs:detail", args=[swedish.slug])).text
    assert '<h1 lang="sv">Mentorer för nya chefer</h1>' in page
    assert re.search(r'<div class="lead col-lg-8" lang="sv">\s*<p>Hej.</p>', page)

    home = client.get(reverse("programs:home")).text
    assert 'lang="sv">Mentorer för nya chefer</a>' in home
    assert f'<a href="/programmes/{english.slug}/">Peer circle</a>' in home


def test_the_same_programme_on_a_swedish_page_needs_no_mark(client):
    programme = ProgrammeFactory(name_en="", name_sv="Mentorer för nya chefer")
    page = client.get(
        reverse("programs:detail", args=[programme.slug]), headers={"accept-language": "sv"}
    ).text
    assert "<h1>Mentorer för nya chefer</h1>" in page


def test_an_area_named_only_in_swedish_is_marked_in_the_english_application_form(client, outsider):
    programme = ProgrammeFactory()
    AreaFactory(programme=programme, name_en="", name_sv="Ledarskap")
    AreaFactory(programme=programme, name_en="Career", name_sv="Karriär")
    client.force_login(outsider)
    page = client.get(reverse("intake:apply", args=[programme.slug, "mentee"])).text
    assert '<span lang="sv">Ledarskap</span>' in page
    assert "Career" in page and '<span lang="sv">Career' not in page
    assert '<span lang="sv">Karriär' not in page


def test_an_area_in_the_other_language_is_marked_on_the_application_page(client, outsider):
    programme = ProgrammeFactory()
    area = AreaFactory(programme=programme, name_en="", name_sv="Ledarskap & <ekonomi>")
    application = ApplicationFactory(programme=programme, user=outsider, status="submitted")
    application.areas.set([area])
    client.force_login(outsider)
    page = client.get(reverse("intake:application", args=[application.pk])).text
    assert '<span lang="sv">Ledarskap &amp; &lt;ekonomi&gt;</span>' in page


def test_a_swedish_resource_is_marked_swedish_on_an_english_page(client, mentee, programme):
    ResourceFactory(programme=programme, title="Samtalsguide", language="sv")
    ResourceFactory(programme=programme, title="Conversation guide", language="en")
    client.force_login(mentee)
    page = client.get(reverse("resources:list"), {"language": "all"}).text
    assert re.search(r'lang="sv">Samtalsguide</a>', page)
    assert re.search(r'class="fw-semibold">Conversation guide</a>', page)


def test_the_admin_marks_each_translated_field_with_its_language(client, coordinator, programme):
    AreaFactory(programme=programme, name_en="Career", name_sv="Karriär")
    client.force_login(coordinator)
    page = client.get(reverse("admin:programs_programme_change", args=[programme.pk])).text
    for name in ("name_sv", "purpose_sv", "areas-0-name_sv"):
        field = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'lang="sv"' in field, name
    english = re.search(r'<input[^>]*name="name_en"[^>]*>', page).group(0)
    assert 'lang="en"' in english
