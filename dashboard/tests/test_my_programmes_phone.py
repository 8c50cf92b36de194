"""My programmes on a phone: each programme stacks into a card; nothing hides sideways."""

import pytest

from accounts.tests.factories import PASSWORD
from intake.tests.factories import person
from programs.models import Programme
from programs.tests.factories import ProgrammeFactory

from .test_my_programmes import pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_my_programmes_fits_the_screen_and_shows_the_partner(live_server, page, width):
    programme = ProgrammeFactory(
        name="Mentors for new managers in the public sector", status=Programme.Status.RUNNING
    )
    mentor = person(programme, "mentor", "Maja Mentor-Lindqvist")
    mentee = person(programme, "mentee", "Adam Adept")
    pair(mentor, mentee)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(mentee.user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url("**/my-programmes/")

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    partner = page.get_by_text("Maja Mentor-Lindqvist")
    box = partner.bounding_box()
    assert partner.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width
    scroller = page.locator(".table-responsive")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
    # On a phone each cell says what it is; on a desktop the column headers do.
    label = page.locator("td[data-label]").filter(has_text="Maja").first
    before = label.evaluate("e => getComputedStyle(e, '::before').content")
    assert (before == '"Matched with"') is (width < 768)
