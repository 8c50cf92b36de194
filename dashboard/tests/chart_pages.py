"""A page of every kind of chart, for the browser tests only: once in the site's layout and
once in the admin's, where the coordinators' dashboard lives. The test renders them here
and hands them to the browser at an address of the live server (whose static files they
load), so no URL is added to the site."""

from datetime import date

from django.contrib import admin
from django.template import RequestContext, Template

from dashboard import charts

CHARTS = (
    "{% for chart in charts %}"
    '{% include "dashboard/includes/chart.html" with chart=chart open_numbers=forloop.first %}'
    "{% endfor %}"
)
SITE = Template(
    '{% extends "base.html" %}{% block head_title %}Charts{% endblock %}'
    "{% block content %}<h1>Charts</h1>" + CHARTS + "{% endblock %}"
)
ADMIN = Template(
    '{% extends "admin/base_site.html" %}{% block title %}Charts{% endblock %}'
    "{% block content %}<h1>Charts</h1>" + CHARTS + "{% endblock %}"
)


def every_chart() -> list[charts.Chart]:
    long = "Mentoring for newly appointed managers in the regional public health sector"
    months = [(date(2025, m, 1), n) for m, n in ((9, 3), (10, 5), (11, 0), (12, 8))]
    return [
        charts.bar_chart(
            "Survey scores",
            [("Clarity <script>alert(1)</script>", 4.4), (long, 3.1), ("Time", None)],
            max_value=5,
            label_heading="Question",
            value_heading="Average score",
        ),
        charts.bar_chart("Response rates", [("Mentors", 80), ("Mentees", 55)], unit="%"),
        charts.stacked_bar_chart(
            "Relationship health",
            ["North", long],
            {"On track": [12, 4], "Needs attention": [3, 1], "At risk": [1, 0]},
            colours={
                "On track": charts.GREEN,
                "Needs attention": charts.AMBER,
                "At risk": charts.RED,
            },
            category_heading="Programme",
        ),
        charts.column_chart_by_month(
            "Meetings per month",
            [*months, (date(2026, 1, 1), 10**6)],
            reference=4,
            reference_label="Expected minimum",
            value_heading="Meetings",
        ),
        charts.nps_bar("Would recommend the programme", promoters=3, passives=4, detractors=9),
        charts.bar_chart("Goals by status", []),
    ]


def site_page(request) -> str:
    return SITE.render(RequestContext(request, {"charts": every_chart()}))


def admin_page(request) -> str:
    context = {**admin.site.each_context(request), "charts": every_chart()}
    return ADMIN.render(RequestContext(request, context))
