"""The admin's forms as the server draws them: every input labelled, every error summarised
with a link to its field (the browser side is in test_admin_browser.py)."""

import re

import pytest
from django.urls import reverse

from events.tests.factories import EventFactory, RSVPFactory
from programs.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def label_for(page: str, input_id: str) -> str:
    found = re.search(rf'<label[^>]*for="{input_id}"[^>]*>(.*?)</label>', page, re.S)
    assert found, f"no label for {input_id}"
    return found.group(1).strip()


def test_each_input_of_a_tabular_inline_row_has_its_own_label(client, coordinator, programme):
    AreaFactory(programme=programme, name_en="Career", name_sv="Karriär")
    event = EventFactory(programme=programme)
    RSVPFactory(event=event, status="going", seat=1)
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_programme_change", args=[programme.pk])).text
    assert label_for(page, "id_areas-0-name_sv") == "Name [sv], row 1"
    assert label_for(page, "id_areas-0-position").endswith(", row 1")
    assert label_for(page, "id_areas-0-DELETE") == "Delete row 1"

    page = client.get(reverse("admin:events_event_change", args=[event.pk])).text
    assert label_for(page, "id_rsvps-0-attended").endswith(", row 1")


def test_the_date_and_the_time_of_a_moment_each_have_a_label(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("admin:events_event_add")).text
    assert label_for(page, "id_starts_at_1") == "Time:"
    date_labels = re.findall(r'<label[^>]*for="id_starts_at_0"[^>]*>(.*?)</label>', page, re.S)
    assert [text.strip() for text in date_labels] == ["Starts at:", "Date:"]


def test_a_failed_submit_lists_every_error_with_a_link_to_its_field_inline_rows_included(
    client, coordinator, programme
):
    area = AreaFactory(programme=programme, name_en="Career")
    client.force_login(coordinator)
    url = reverse("admin:programs_programme_change", args=[programme.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, (list, dict))
    }
    data.update(
        {
            "name_en": "",
            "languages": ["en"],
            "follow_up_offsets": "[]",
            "areas-TOTAL_FORMS": "1",
            "areas-INITIAL_FORMS": "1",
            "areas-0-id": str(area.pk),
            "areas-0-programme": str(programme.pk),
            "areas-0-name_en": "",
            "areas-0-name_sv": "",
            "areas-0-position": "x",
        }
    )
    for prefix in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', client.get(url).text):
        if prefix != "areas":
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    page = client.post(url, data).text

    start = page.index('<div class="error-summary"')
    summary = page[start : page.index("</div>", start)]
    assert 'id="error-summary" tabindex="-1"' in summary
    assert '<a href="#id_name_en">' in summary
    assert (
        '<a href="#id_areas-0-position">Area, row 1: Position: Enter a whole number.</a>' in summary
    )
