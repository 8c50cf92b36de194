"""The server-drawn charts: well-formed SVG that names and describes itself, labels escaped,
bars in proportion to the data, the table holding the same numbers, and the odd cases —
nothing, zero, one value, huge values, long labels, a negative NPS."""

import math
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from dashboard import charts

SVG = "{http://www.w3.org/2000/svg}"
EVIL = '<script>alert("x")</script> & "quotes"'


def parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 -- our own markup, under test


def bars(chart) -> list[ET.Element]:
    return [e for e in parse(chart).iter(f"{SVG}rect") if e.get("class") == "bar"]


def texts(chart) -> list[str]:
    return ["".join(e.itertext()) for e in parse(chart).iter(f"{SVG}text")]


def every_kind(label: str = "Mentors") -> list:
    return [
        charts.bar_chart("Answers", [(label, 4), ("Mentees", 2)]),
        charts.stacked_bar_chart("Goals", [label], {"On track": [3], "Completed": [1]}),
        charts.column_chart_by_month("Meetings", [(date(2026, 1, 1), 3)], reference=2),
        charts.nps_bar("Would recommend", 5, 3, 2),
    ]


class Cells(HTMLParser):
    """The rendered include's table: caption, header cells and body rows, as text."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[tuple[str, dict]]] = []
        self.caption = ""
        self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = [tag, dict(attrs), ""]
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell:
            kind, attrs, text = self._cell
            self.rows[-1].append((text.strip(), {"tag": kind, **attrs}))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._cell:
            self._cell[2] += data
        elif self._in_caption:
            self.caption += data


def rendered_table(chart) -> Cells:
    cells = Cells()
    cells.feed(render_to_string("dashboard/includes/chart.html", {"chart": chart}))
    return cells


def contrast(colour: str, against: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(against)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- Structure ---------------------------------------------------------------------------
@pytest.mark.parametrize("index", range(4))
def test_every_chart_is_an_image_named_by_its_title_and_described(index):
    chart = every_kind()[index]
    svg = parse(chart)

    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == chart.title
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.find(f"{SVG}desc").text == chart.description
    # It scales: a viewBox the size it is drawn at.
    _x, _y, width, height = (float(n) for n in svg.get("viewBox").split())
    assert (float(svg.get("width")), float(svg.get("height"))) == (width, height)
    # No style attribute anywhere (the Content-Security-Policy refuses inline styles).
    assert not [e for e in svg.iter() if "style" in e.attrib]


def test_two_charts_on_one_page_have_ids_of_their_own():
    ids = [chart.id for chart in every_kind() + every_kind()]
    assert len(set(ids)) == len(ids)
    assert charts.bar_chart("Given", [("a", 1)], chart_id="meetings").id == "meetings"


@pytest.mark.parametrize("index", range(4))
def test_no_text_is_smaller_than_15_units(index):
    svg = parse(every_kind()[index])
    default = float(svg.get("font-size"))
    sizes = [float(e.get("font-size", default)) for e in svg.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 15


def test_every_colour_meets_the_contrast_for_text_on_white_and_white_on_it():
    for colour in (*charts.PALETTE, charts.INK, charts.MUTED, charts.BLUE):
        assert contrast(colour) >= 4.5, colour


@pytest.mark.parametrize("index", range(4))
def test_every_fill_and_stroke_used_meets_3_to_1_against_white(index):
    svg = parse(every_kind()[index])
    used = {e.get(a) for e in svg.iter() for a in ("fill", "stroke")} - {None, "#ffffff"}
    assert used
    assert all(contrast(colour) >= 3 for colour in used), used


# --- Escaping ----------------------------------------------------------------------------
def test_labels_and_titles_are_escaped_in_the_svg_and_the_table():
    kinds = [
        charts.bar_chart(EVIL, [(EVIL, 3)]),
        charts.stacked_bar_chart(EVIL, [EVIL], {EVIL: [2]}),
        charts.column_chart_by_month(
            EVIL, [(date(2026, 3, 1), 2)], reference_label=EVIL, reference=1
        ),
        charts.nps_bar(EVIL, 1, 1, 1),
    ]
    for chart in kinds:
        html = render_to_string("dashboard/includes/chart.html", {"chart": chart})
        assert "<script>" not in str(chart.svg) and "<script>" not in html
        assert "&lt;script&gt;" in html
        svg = parse(chart)  # still well-formed
        assert svg.find(f"{SVG}title").text == EVIL
    assert EVIL in texts(kinds[0])  # read back as it was typed


# --- Numbers: the bars and the table -----------------------------------------------------
def test_bar_lengths_are_in_proportion_to_the_values():
    chart = charts.bar_chart("Answers", [("a", 10), ("b", 5), ("c", 2.5), ("d", 0)])
    widths = [float(bar.get("width")) for bar in bars(chart)]

    assert widths[0] > 0
    # Coordinates are written to a tenth of a unit.
    assert widths == pytest.approx([widths[0] * r for r in (1, 0.5, 0.25, 0)], abs=0.05)


def test_bars_are_scaled_to_the_maximum_given_and_stop_at_it():
    chart = charts.bar_chart("Scores", [("a", 5), ("b", 2.5), ("c", 9)], max_value=5)
    full, half, over = (float(bar.get("width")) for bar in bars(chart))

    assert half == pytest.approx(full / 2, abs=0.05)
    assert over == full
    assert "9" in texts(chart)  # the value itself is still written


def test_the_table_holds_the_data_and_the_bars_say_the_same_numbers():
    data = [("Clarity", 4.5), ("Support", 3), ("Time", 2.25)]
    chart = charts.bar_chart("Scores", data, label_heading="Question", value_heading="Score")

    assert chart.table == tuple(data)
    table = rendered_table(chart)
    assert table.caption.strip() == "Scores"
    assert [(t, a["tag"], a.get("scope")) for t, a in table.rows[0]] == [
        ("Question", "th", "col"),
        ("Score", "th", "col"),
    ]
    body = [[text for text, _attrs in row] for row in table.rows[1:]]
    assert body == [["Clarity", "4.5"], ["Support", "3"], ["Time", "2.2"]]
    assert all(row[0][1] == {"tag": "th", "scope": "row"} for row in table.rows[1:])
    assert [float(bar.get("data-value")) for bar in bars(chart)] == [4.5, 3, 2.25]
    for label, value in (("Clarity", "4.5"), ("Support", "3")):
        assert label in texts(chart) and value in texts(chart)


def test_stacked_segments_share_one_scale_and_the_totals_are_written():
    chart = charts.stacked_bar_chart(
        "Health",
        ["North", "South"],
        {"On track": [6, 2], "Needs attention": [2, 0], "At risk": [0, 2]},
        category_heading="Programme",
    )
    segments = [(float(b.get("width")), float(b.get("data-value"))) for b in bars(chart)]
    unit = segments[0][0] / segments[0][1]

    assert [value for _w, value in segments] == [6, 2, 2, 2]  # zeros draw nothing
    assert [width for width, _v in segments] == pytest.approx(
        [unit * value for _w, value in segments], abs=0.05
    )
    assert chart.table == (("North", 6, 2, 0, 8), ("South", 2, 0, 2, 4))
    assert chart.headers == ("Programme", "On track", "Needs attention", "At risk", "Total")
    assert {"8", "4"} <= set(texts(chart))
    assert {"On track", "Needs attention", "At risk"} <= set(texts(chart))  # the legend
    body = [[text for text, _a in row] for row in rendered_table(chart).rows[1:]]
    assert body == [["North", "6", "2", "0", "8"], ["South", "2", "0", "2", "4"]]


def test_a_stacked_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="one value per category"):
        charts.stacked_bar_chart("Health", ["a", "b"], {"On track": [1]})


def test_month_columns_are_in_date_order_proportional_with_the_reference_line():
    chart = charts.column_chart_by_month(
        "Meetings",
        [(date(2026, 2, 1), 8), (date(2025, 12, 1), 4), (date(2026, 1, 1), 0)],
        reference=6,
        reference_label="Expected minimum",
        value_heading="Meetings",
    )
    heights = [float(bar.get("height")) for bar in bars(chart)]
    ys = [float(bar.get("y")) + h for bar, h in zip(bars(chart), heights, strict=True)]
    line = next(e for e in parse(chart).iter(f"{SVG}line") if e.get("class") == "reference")

    assert heights == pytest.approx([charts.PLOT / 2, 0, charts.PLOT], abs=0.05)
    assert len(set(ys)) == 1  # one baseline
    assert ys[0] - float(line.get("y1")) == pytest.approx(charts.PLOT * 6 / 8, abs=0.05)
    assert line.get("stroke-dasharray")  # dashed: not told by colour alone
    assert chart.table == ((date(2025, 12, 1), 4), (date(2026, 1, 1), 0), (date(2026, 2, 1), 8))
    assert [label for label, _cells in chart.rows] == [
        "December 2025",
        "January 2026",
        "February 2026",
    ]
    assert chart.note == "Expected minimum: 6"
    assert "Expected minimum: 6" in texts(chart)
    assert {"Dec", "Jan", "Feb", "2025", "2026"} <= set(texts(chart))


def test_a_reference_above_every_month_sets_the_scale():
    chart = charts.column_chart_by_month("Meetings", [(date(2026, 1, 1), 2)], reference=4)
    assert float(bars(chart)[0].get("height")) == pytest.approx(charts.PLOT / 2)


def test_nps_is_the_promoters_share_less_the_detractors_share():
    assert charts.nps_score(7, 2, 1) == 60
    assert charts.nps_score(0, 0, 4) == -100
    assert charts.nps_score(3, 0, 0) == 100
    assert charts.nps_score(0, 0, 0) is None


def test_a_negative_nps_is_written_with_its_sign_and_marked_left_of_zero():
    chart = charts.nps_bar("Would recommend", promoters=1, passives=1, detractors=3)
    marker = next(e for e in parse(chart).iter(f"{SVG}path") if e.get("class") == "marker")
    score = next(t for t in parse(chart).iter(f"{SVG}text") if t.get("class") == "score")
    x = float(marker.get("d").split()[1])

    assert marker.get("data-value") == "-40"
    assert score.text == "NPS \N{MINUS SIGN}40"
    assert x < charts.WIDTH / 2
    assert chart.table == (
        ("Detractors (0–6)", 3, 60.0),
        ("Passives (7–8)", 1, 20.0),
        ("Promoters (9–10)", 1, 20.0),
    )
    assert "Detractors (0–6): 3 · 60%" in texts(chart)
    assert "−40" in chart.note
    body = [[text for text, _a in row] for row in rendered_table(chart).rows[1:]]
    assert body[0] == ["Detractors (0–6)", "3", "60%"]


def test_nps_segments_are_in_proportion_to_the_answers():
    chart = charts.nps_bar("Would recommend", promoters=6, passives=3, detractors=1)
    widths = [float(b.get("width")) for b in bars(chart)]
    assert [w / sum(widths) for w in widths] == pytest.approx([0.1, 0.3, 0.6], abs=0.001)


# --- The odd cases -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "chart",
    [
        charts.bar_chart("Nothing", []),
        charts.stacked_bar_chart("Nothing", [], {"On track": []}),
        charts.stacked_bar_chart("Nothing", ["a"], {}),
        charts.column_chart_by_month("Nothing", []),
        charts.nps_bar("Nothing", 0, 0, 0),
    ],
)
def test_no_data_says_so_and_shows_no_table(chart):
    html = render_to_string("dashboard/includes/chart.html", {"chart": chart})

    assert chart.empty and chart.table == ()
    assert "No data yet" in texts(chart)
    assert parse(chart).get("role") == "img"
    assert "No data yet." in html and "<table" not in html and "<svg" not in html
    assert "Nothing" in html  # the caption says what is missing


def test_all_zeros_are_data_drawn_as_zeros():
    chart = charts.bar_chart("Meetings", [("a", 0), ("b", 0)])
    assert not chart.empty
    assert [float(b.get("width")) for b in bars(chart)] == [0, 0]
    assert texts(chart).count("0") == 2
    month = charts.column_chart_by_month("Meetings", [(date(2026, 1, 1), 0)], reference=0)
    assert [float(b.get("height")) for b in bars(month)] == [0]


def test_one_value_fills_the_width_it_has():
    chart = charts.bar_chart("One", [("Only", 7)])
    (bar,) = bars(chart)
    assert float(bar.get("width")) > charts.WIDTH / 2
    assert "7" in texts(chart)


def test_a_huge_value_is_written_in_full_and_stays_inside_the_picture():
    huge = 10**15
    chart = charts.bar_chart("Huge", [("Big", huge), ("Small", 1)])
    value = next(t for t in parse(chart).iter(f"{SVG}text") if t.get("class") == "value")
    width = float(parse(chart).get("width"))
    x = float(value.get("x"))
    text_width = charts._text_width(value.text)

    assert value.text == "1,000,000,000,000,000"
    if value.get("text-anchor") == "end":
        assert x - text_width >= 0 and x <= width
    else:
        assert x + text_width <= width
    month = charts.column_chart_by_month("Huge", [(date(2026, 1, 1), huge)])
    assert "1,000,000,000,000,000" in texts(month)
    assert float(parse(month).get("width")) >= charts._text_width("1,000,000,000,000,000", 14)


def test_a_long_label_is_cut_with_its_full_text_in_the_title_and_the_table():
    label = "Mentoring for newly appointed managers in the regional public health sector"
    chart = charts.bar_chart("Programmes", [(label, 3)])
    shown = texts(chart)[0]
    titles = [e.text for e in parse(chart).iter(f"{SVG}title")]

    assert shown.endswith("…") and len(shown) <= charts.LABEL_CHARS
    assert label.startswith(shown[:-1])
    assert f"{label}: 3" in titles
    assert rendered_table(chart).rows[1][0][0] == label


def test_values_that_are_no_number_are_drawn_as_none_not_an_error():
    chart = charts.bar_chart("Scores", [("a", None), ("b", math.nan), ("c", "x"), ("d", 2)])
    assert texts(chart)[1::2] == ["—", "—", "—", "2"]
    assert [b.get("width") for b in bars(chart)][:3] == ["0", "0", "0"]


def test_a_negative_value_draws_no_bar_but_its_number():
    chart = charts.bar_chart("Change", [("a", -3), ("b", 3)])
    assert float(bars(chart)[0].get("width")) == 0
    assert "-3" in texts(chart)


def test_numbers_are_written_as_the_readers_language_writes_them():
    with translation.override("sv"):
        chart = charts.bar_chart("Svar", [("a", 1234.5), ("b", 85)], unit="%")
        plain = charts.bar_chart("Svar", [("a", 5000), ("b", 4.25)])
        month = charts.column_chart_by_month("Möten", [(date(2026, 3, 1), 2)])
    assert [cells for _l, cells in chart.rows] == [("1\xa0234\xa0%",), ("85\xa0%",)]
    assert [cells for _l, cells in plain.rows] == [("5\xa0000",), ("4,2",)]
    assert month.rows[0][0] == "Mars 2026"
    assert "4,2" in texts(plain)
    assert "," not in parse(plain).get("viewBox")


def test_the_numbers_can_be_shown_at_first():
    chart = every_kind()[0]
    closed = render_to_string("dashboard/includes/chart.html", {"chart": chart})
    opened = render_to_string(
        "dashboard/includes/chart.html", {"chart": chart, "open_numbers": True}
    )
    assert '<details class="chart-numbers">' in closed
    assert '<details class="chart-numbers" open>' in opened
    assert "Show the numbers" in closed
