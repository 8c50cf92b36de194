"""Every kind of chart in the real Chromium: no serious or critical WCAG 2.1 A/AA violation
(axe-core) with the numbers hidden and shown, in the site's layout and the admin's; and on
a phone the charts shrink to the screen with their text still readable."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.tests.browser import serious

from .chart_pages import admin_page, site_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/__charts__/site/", "/__charts__/admin/"]


@pytest.fixture
def page(page, live_server):
    """The browser, which finds the chart pages at the live server's address."""
    for path, render in zip(PAGES, (site_page, admin_page), strict=True):
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        page.route(live_server.url + path, answer_with(render(request)))
    return page


def answer_with(html: str):
    def handle(route) -> None:  # one parameter: Playwright then passes the route alone
        route.fulfill(body=html, content_type="text/html")

    return handle


def test_the_charts_pass_axe_with_their_numbers_hidden_and_shown(live_server, page):
    problems = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.locator("svg[role=img]").count() == 5
        assert page.get_by_text("No data yet.").is_visible()
        if found := serious(page):
            problems[f"{path}, numbers hidden"] = found
        page.locator("details.chart-numbers > summary").last.click()
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.locator("table caption").count() == 5
        if found := serious(page):
            problems[f"{path}, numbers shown"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_typed_script_is_shown_as_text_not_run(live_server, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + PAGES[0])
    assert page.locator("th[scope=row]").filter(has_text="<script>alert(1)</script>").count()
    assert dialogs == []


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_the_charts_fit_and_their_text_stays_readable(live_server, page, path):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('figure.chart svg')].filter(
             svg => svg.viewBox.baseVal.width <= 400).map(svg => {
               const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
               return Math.min(...[...svg.querySelectorAll('text')].map(
                 t => parseFloat(getComputedStyle(t).fontSize) * scale));
             })"""
    )
    assert len(sizes) >= 4
    assert min(sizes) >= 12, sizes  # 15 units at the phone's scale
