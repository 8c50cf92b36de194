"""The coordinators' admin in the real Chromium: what axe cannot judge on its own."""

import re

import pytest

from accounts.tests.browser import sign_in
from intake.tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_applications_list_shows_status_and_dates_without_scrolling_at_1280px(
    live_server, page, coordinator, programme
):
    for number in range(3):
        ApplicationFactory(
            programme=programme,
            status="submitted",
            organisation="The Swedish Agency for Long Organisation Names and Public Services",
            user__display_name=f"Alexandra Katarina Vilhelmina Lindqvist-Johansson {number}",
            user__email=f"alexandra.katarina.lindqvist.johansson.{number}@a-long-domain.example.org",
        )
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/admin/intake/application/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # Django puts the table in a box of its own that scrolls sideways: that must not either.
    results = page.locator("#changelist .results")
    assert results.evaluate("box => box.scrollWidth <= box.clientWidth")
    for column in ("status", "submitted_at"):
        cell = page.locator(f"#result_list td.field-{column}").first
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, column


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two CSS ``rgb(…)``/``rgba(…)`` colours."""

    def luminance(colour: str) -> float:
        red, green, blue = (float(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3])
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let around = element.parentElement;
  const clear = (box) => getComputedStyle(box).backgroundColor === "rgba(0, 0, 0, 0)";
  while (around && clear(around)) {
    around = around.parentElement;
  }
  return {
    name: `${element.tagName}#${element.id}.${element.className} ${element.textContent.trim()}`,
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    colour: style.outlineColor,
    background: around ? getComputedStyle(around).backgroundColor : "rgb(255, 255, 255)",
  };
}"""


def test_the_keyboard_focus_ring_has_3_to_1_contrast_everywhere_in_the_admin(
    live_server, page, coordinator, programme
):
    sign_in(page, live_server.url, coordinator.email)
    weak = []
    for path in ("/admin/", f"/admin/programs/programme/{programme.pk}/change/"):
        page.goto(live_server.url + path)
        for _step in range(25):  # the header, the breadcrumbs, the sidebar, the form
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUS_RING)
            if ring["style"] == "none" or ring["width"] < 2:
                weak.append(f"{path} {ring['name']}: no ring")
            elif contrast(ring["colour"], ring["background"]) < 3:
                weak.append(f"{path} {ring['name']}: {ring['colour']} on {ring['background']}")
    assert weak == []


def test_a_failed_submit_opens_with_an_error_summary_that_has_focus_and_links_to_each_field(
    live_server, page, coordinator, programme
):
    sign_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/admin/events/event/add/")
    page.locator("input[name=_save]").click()

    summary = page.locator("#error-summary")
    summary.wait_for()
    page.wait_for_load_state("load")  # every script of the page has run, Django's included
    assert page.evaluate("document.activeElement.id") == "error-summary"
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash)")
    assert {"#id_programme", "#id_title", "#id_starts_at_0", "#id_ends_at_0"} <= set(targets)
    assert "Title: This field is required." in summary.inner_text()

    summary.get_by_role("link", name="Starts at: This field is required.").click()
    assert page.evaluate("document.activeElement.id") == "id_starts_at_0"
