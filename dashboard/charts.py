"""Charts drawn on the server as inline SVG, each with its numbers for an accessible table.

No script and no library: a chart is markup built with ``format_html``, so every label a
person typed is escaped, and it passes the site's Content-Security-Policy (no ``style``
attributes: only SVG presentation attributes). Render one with
``{% include "dashboard/includes/chart.html" with chart=chart %}``: the figure, its caption
and a "Show the numbers" table.

What every chart keeps to (WCAG 2.1 AA):

- ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``, which
  reads the numbers out; a ``viewBox`` so it shrinks to a phone's width (charts.css);
- text 15 units or more, dark on a white ground (15.8:1), and bars in colours of at least
  4.5:1 against white — so white figures written on a bar are readable too;
- never colour alone: every bar has its value written beside or on it, segments are parted
  by a white gap and named in a legend in their order, the reference line is dashed.

Sizes are guesses of text width (no font metrics on the server): labels longer than a
line are cut with "…", the full label in the bar's ``<title>`` and in the table.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.dates import MONTHS_3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.formatting import number, percent

Number = int | float | Decimal

# Colours: each at least 4.5:1 against white (tests check), so they serve for bars (3:1)
# and for text, white on them or them on white.
INK = "#1f2328"  # text
MUTED = "#5c636a"  # axis lines, legend frames
BLUE = "#0b5cad"
GREEN = "#146c43"
AMBER = "#8a5300"
RED = "#b02a37"
PURPLE = "#6f42c1"
TEAL = "#0f766e"
GREY = "#595959"
PALETTE = (BLUE, AMBER, TEAL, PURPLE, RED, GREEN, GREY)

WIDTH = 400  # viewBox units; one unit is one CSS pixel until a phone shrinks it
PAD = 8
FONT = 16
SMALL = 15
CHAR = 0.58  # a character's width as a share of the font size, a generous average
LABEL_CHARS = 40  # what fits on a line of WIDTH at FONT


@dataclass(frozen=True)
class Chart:
    """A chart's SVG and the numbers behind it.

    ``table`` holds the data as given — ``(label, value, …)`` per row — and ``rows`` the
    same rows as the reader reads them (formatted in their language), headed by
    ``headers``. ``empty`` says there was nothing to draw: the include then writes
    "No data yet" instead.
    """

    id: str
    title: str
    svg: SafeString
    headers: tuple[str, ...]
    table: tuple[tuple, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    description: str
    note: str = ""
    empty: bool = False


# --- Numbers and text --------------------------------------------------------------------
def _clean(value) -> float | None:
    """A finite number, or None for "no value" (None, NaN, infinities, text)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def format_value(value, unit: str = "") -> str:
    """``value`` as the reader writes it: "5,000" / "5 000", "4.3" / "4,3", "85%" /
    "85 %"; "—" for no value. ``unit`` "%" means a whole percentage."""
    cleaned = _clean(value)
    if cleaned is None:
        return "—"
    if unit == "%":
        return percent(round(cleaned, 1))
    if cleaned.is_integer():
        text = number(int(cleaned))
    else:
        text = formats.number_format(cleaned, 1, use_l10n=True, force_grouping=True)
    return f"{text}\N{NO-BREAK SPACE}{unit}" if unit else text


def truncate(label: str, chars: int = LABEL_CHARS) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * CHAR


def _new_id(given: str | None) -> str:
    # Several charts on one page: each needs ids of its own for aria-labelledby.
    return given or f"chart-{secrets.token_hex(4)}"


def _describe(pairs: Iterable[tuple[str, str]], limit: int = 24) -> str:
    pairs = list(pairs)
    said = "; ".join(f"{label}: {value}" for label, value in pairs[:limit])
    if len(pairs) > limit:
        said += "; " + _("and %(count)s more in the table") % {"count": len(pairs) - limit}
    return said + "."


def _svg(chart_id: str, title: str, description: str, width: float, height: float, body):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart-svg"'
        ' aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="{w}"'
        ' height="{h}" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
        ' font-size="{font}" fill="{ink}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<rect width="{w}" height="{h}" fill="#ffffff"/>{body}</svg>',
        id=chart_id,
        w=_n(width),
        h=_n(height),
        font=FONT,
        ink=INK,
        title=title,
        desc=description,
        body=body,
    )


def _n(value: float) -> str:
    """A coordinate, short and always with a dot (never the reader's decimal comma)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _empty(chart_id: str, title: str, headers: Sequence[str]) -> Chart:
    message = _("No data yet")
    body = format_html(
        '<text x="{x}" y="38" text-anchor="middle" fill="{muted}">{message}</text>',
        x=WIDTH // 2,
        muted=MUTED,
        message=message,
    )
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, message + ".", WIDTH, 60, body),
        headers=tuple(headers),
        table=(),
        rows=(),
        description=message + ".",
        empty=True,
    )


def _colour(colours, index: int, name: str) -> str:
    if isinstance(colours, dict):
        return colours.get(name) or PALETTE[index % len(PALETTE)]
    if colours:
        return colours[index % len(colours)]
    return PALETTE[index % len(PALETTE)]


# --- Horizontal bars ---------------------------------------------------------------------
ROW = 56  # a label line, then its bar


def bar_chart(
    title: str,
    series: Sequence[tuple[str, Number | None]],
    *,
    unit: str = "",
    colours: Sequence[str] | dict[str, str] | None = None,
    max_value: Number | None = None,
    label_heading: str | None = None,
    value_heading: str | None = None,
    chart_id: str | None = None,
) -> Chart:
    """One horizontal bar per ``(label, value)``, its label above it and its value after
    it. Bars are scaled to ``max_value`` (5 for a score out of 5, 100 for a rate) or else
    to the largest value; a value of None is drawn as "—" with no bar, a negative one
    with no bar but its number. ``colours``: a list used in turn or a colour by label
    (all blue without: one series, one colour)."""
    chart_id = _new_id(chart_id)
    headers = (label_heading or _("Item"), value_heading or _("Value"))
    series = [(str(label), value) for label, value in series]
    if not series:
        return _empty(chart_id, title, headers)
    values = [_clean(value) for _label, value in series]
    top = _clean(max_value) or max((v for v in values if v is not None), default=0) or 1
    shown = [format_value(value, unit) for value in values]
    value_space = min(max(_text_width(text) for text in shown) + 10, WIDTH * 0.6)
    area = WIDTH - 2 * PAD - value_space
    parts = []
    for k, ((label, _raw), value, text) in enumerate(zip(series, values, shown, strict=True)):
        y = PAD + k * ROW
        length = 0.0 if value is None else max(0.0, min(value, top)) / top * area
        # A figure too long for the space after its bar is written on the bar, in white.
        inside = PAD + length + 6 + _text_width(text) > WIDTH and length > _text_width(text) + 12
        parts.append(
            format_html(
                '<g class="bar-row"><title>{full}: {text}</title>'
                '<text x="{x}" y="{label_y}">{label}</text>'
                '<rect class="bar" x="{x}" y="{bar_y}" width="{length}" height="22"'
                ' fill="{colour}" data-value="{raw}"/>'
                '<text class="value" x="{value_x}" y="{value_y}"{inside}>{text}</text></g>',
                full=label,
                text=text,
                label=truncate(label),
                x=PAD,
                label_y=_n(y + 16),
                bar_y=_n(y + 24),
                length=_n(length),
                colour=_colour(colours, k, label) if colours else BLUE,
                raw="" if value is None else repr(value),
                value_x=_n(PAD + length - 6 if inside else PAD + length + 6),
                value_y=_n(y + 40),
                inside=mark_safe(' text-anchor="end" fill="#ffffff"') if inside else "",
            )
        )
    pairs = [(label, text) for (label, _raw), text in zip(series, shown, strict=True)]
    description = _describe(pairs)
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, description, WIDTH, PAD + len(series) * ROW, _join(parts)),
        headers=headers,
        table=tuple((label, value) for label, value in series),
        rows=tuple((label, (text,)) for label, text in pairs),
        description=description,
    )


def _join(parts: list[SafeString]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 -- each part came from format_html


# --- Stacked bars ------------------------------------------------------------------------
def _legend(names: Sequence[str], colours, y: float) -> tuple[SafeString, float]:
    """Swatches with their names, wrapped over lines; returns the markup and its height."""
    x, line, parts = PAD, 0, []
    for k, name in enumerate(names):
        label = truncate(name, 24)
        width = 22 + _text_width(label, SMALL) + 16
        if x > PAD and x + width > WIDTH - PAD:
            x, line = PAD, line + 1
        top = y + line * 24
        parts.append(
            format_html(
                '<g class="legend-item"><title>{name}</title>'
                '<rect x="{x}" y="{top}" width="16" height="16" fill="{colour}"/>'
                '<text x="{tx}" y="{ty}" font-size="{size}">{label}</text></g>',
                name=name,
                x=_n(x),
                top=_n(top),
                colour=_colour(colours, k, name),
                tx=_n(x + 22),
                ty=_n(top + 13),
                size=SMALL,
                label=label,
            )
        )
        x += width
    return _join(parts), (line + 1) * 24 + 6


def stacked_bar_chart(
    title: str,
    categories: Sequence[str],
    series: dict[str, Sequence[Number | None]],
    *,
    colours: Sequence[str] | dict[str, str] | None = None,
    category_heading: str | None = None,
    chart_id: str | None = None,
) -> Chart:
    """One bar per category (a programme, a month), split into one segment per series (a
    health state, a goal status) in the order given, each series holding one value per
    category. Bars share one scale, so their lengths compare totals; each total is written
    after its bar and each segment's value on it where it fits (all are in the table)."""
    chart_id = _new_id(chart_id)
    categories = [str(category) for category in categories]
    names = [str(name) for name in series]
    headers = (category_heading or _("Item"), *names, _("Total"))
    grid = [[max(_clean(v) or 0.0, 0.0) for v in values] for values in series.values()]
    if any(len(values) != len(categories) for values in grid):
        raise ValueError("every series needs one value per category")
    if not categories or not names:
        return _empty(chart_id, title, headers)
    totals = [sum(column) for column in zip(*grid, strict=True)]
    top = max(totals) or 1
    legend, legend_height = _legend(names, colours, PAD)
    shown_totals = [format_value(total) for total in totals]
    value_space = min(max(_text_width(text) for text in shown_totals) + 10, WIDTH * 0.4)
    area = WIDTH - 2 * PAD - value_space
    parts = [legend]
    for row, category in enumerate(categories):
        y = PAD + legend_height + row * ROW
        parts.append(
            format_html(
                '<text x="{x}" y="{y}"><title>{full}</title>{label}</text>',
                x=PAD,
                y=_n(y + 16),
                full=category,
                label=truncate(category),
            )
        )
        x = PAD
        for k, name in enumerate(names):
            value = grid[k][row]
            if value <= 0:
                continue
            length = value / top * area
            text = format_value(value)
            written = (
                format_html(
                    '<text x="{x}" y="{y}" text-anchor="middle" fill="#ffffff"'
                    ' font-size="{size}" font-weight="600">{text}</text>',
                    x=_n(x + length / 2),
                    y=_n(y + 40),
                    size=SMALL,
                    text=text,
                )
                if length >= _text_width(text, SMALL) + 8
                else ""
            )
            parts.append(
                format_html(
                    '<g class="segment"><title>{category} — {name}: {text}</title>'
                    '<rect class="bar" x="{x}" y="{y}" width="{length}" height="22"'
                    ' fill="{colour}" stroke="#ffffff" stroke-width="2"'
                    ' data-value="{raw}"/>{written}</g>',
                    category=category,
                    name=name,
                    text=text,
                    x=_n(x),
                    y=_n(y + 24),
                    length=_n(length),
                    colour=_colour(colours, k, name),
                    raw=repr(value),
                    written=written,
                )
            )
            x += length
        parts.append(
            format_html(
                '<text class="value" x="{x}" y="{y}">{text}</text>',
                x=_n(x + 6),
                y=_n(y + 40),
                text=shown_totals[row],
            )
        )
    rows = []
    table = []
    for row, category in enumerate(categories):
        values = [grid[k][row] for k in range(len(names))]
        table.append((category, *(_plain(v) for v in values), _plain(totals[row])))
        rows.append((category, (*(format_value(v) for v in values), shown_totals[row])))
    description = _describe(
        (category, ", ".join(f"{name} {value}" for name, value in zip(names, cells, strict=False)))
        for category, cells in rows
    )
    height = PAD + legend_height + len(categories) * ROW
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, description, WIDTH, height, _join(parts)),
        headers=headers,
        table=tuple(table),
        rows=tuple(rows),
        description=description,
    )


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --- Columns by month --------------------------------------------------------------------
PLOT = 180  # the columns' height at the largest value


def month_label(day: date) -> str:
    """The month as the reader names it in full: "March 2026" / "mars 2026"."""
    return capfirst(formats.date_format(day, "YEAR_MONTH_FORMAT"))


def column_chart_by_month(
    title: str,
    months: Sequence[tuple[date, Number | None]],
    *,
    reference: Number | None = None,
    reference_label: str | None = None,
    unit: str = "",
    value_heading: str | None = None,
    chart_id: str | None = None,
) -> Chart:
    """One column per month, in date order, its value written above it; ``reference``
    draws a dashed line across (the expected minimum a month), named in a key above.
    Give every month of the period, zeros included: a missing month is not drawn."""
    chart_id = _new_id(chart_id)
    headers = (_("Month"), value_heading or _("Value"))
    months = sorted(((day, value) for day, value in months), key=lambda pair: pair[0])
    if not months:
        return _empty(chart_id, title, headers)
    values = [_clean(value) for _day, value in months]
    line = _clean(reference)
    top = max([v for v in values if v is not None] + [line or 0]) or 1
    shown = [format_value(value, unit) for value in values]
    slot = max(36.0, max(_text_width(text, SMALL) for text in shown) + 6)
    width = max(WIDTH, 2 * PAD + slot * len(months))
    key = 30 if line is not None else 0  # the reference's key, above the plot
    base = PAD + key + 24 + PLOT  # the baseline's y (room above for the tallest value)
    parts = []
    if line is not None:
        name = reference_label or _("Expected")
        parts.append(
            format_html(
                '<g class="reference-key"><line x1="{x}" y1="{y}" x2="{x2}" y2="{y}"'
                ' stroke="{red}" stroke-width="3" stroke-dasharray="6 4"/>'
                '<text x="{tx}" y="{ty}" font-size="{size}">{name}: {value}</text></g>',
                x=PAD,
                x2=PAD + 28,
                y=_n(PAD + 10),
                red=RED,
                tx=PAD + 36,
                ty=_n(PAD + 15),
                size=SMALL,
                name=name,
                value=format_value(line, unit),
            )
        )
    for k, ((day, _raw), value, text) in enumerate(zip(months, values, shown, strict=True)):
        centre = PAD + slot * k + slot / 2
        height = 0.0 if value is None else max(0.0, value) / top * PLOT
        year = (
            format_html(
                '<text x="{x}" y="{y}" text-anchor="middle" font-size="{size}">{year}</text>',
                x=_n(centre),
                y=_n(base + 38),
                size=SMALL,
                year=day.year,
            )
            if k == 0 or day.month == 1
            else ""
        )
        parts.append(
            format_html(
                '<g class="column"><title>{month}: {text}</title>'
                '<rect class="bar" x="{x}" y="{y}" width="{w}" height="{h}" fill="{blue}"'
                ' data-value="{raw}"/>'
                '<text class="value" x="{cx}" y="{vy}" text-anchor="middle"'
                ' font-size="{size}">{text}</text>'
                '<text x="{cx}" y="{my}" text-anchor="middle" font-size="{size}">{short}</text>'
                "{year}</g>",
                month=month_label(day),
                text=text,
                x=_n(centre - slot * 0.32),
                y=_n(base - height),
                w=_n(slot * 0.64),
                h=_n(height),
                blue=BLUE,
                raw="" if value is None else repr(value),
                cx=_n(centre),
                vy=_n(base - height - 6),
                size=SMALL,
                my=_n(base + 20),
                short=capfirst(MONTHS_3[day.month]),
                year=year,
            )
        )
    parts.append(
        format_html(
            '<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{muted}" stroke-width="1"/>',
            x1=PAD,
            x2=_n(width - PAD),
            y=_n(base),
            muted=MUTED,
        )
    )
    if line is not None:  # drawn last, over the columns
        parts.append(
            format_html(
                '<line class="reference" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="{red}"'
                ' stroke-width="3" stroke-dasharray="6 4" data-value="{raw}"/>',
                x1=PAD,
                x2=_n(width - PAD),
                y=_n(base - max(line, 0) / top * PLOT),
                red=RED,
                raw=repr(line),
            )
        )
    pairs = [(month_label(day), text) for (day, _v), text in zip(months, shown, strict=True)]
    note = ""
    if line is not None:
        note = f"{reference_label or _('Expected')}: {format_value(line, unit)}"
    description = _describe(pairs) + (f" {note}." if note else "")
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, description, width, base + 46, _join(parts)),
        headers=headers,
        table=tuple((day, value) for day, value in months),
        rows=tuple((label, (text,)) for label, text in pairs),
        description=description,
        note=note,
    )


# --- Net Promoter Score ------------------------------------------------------------------
def nps_score(promoters: int, passives: int, detractors: int) -> int | None:
    """The share of promoters (9–10) less the share of detractors (0–6), in whole points
    from -100 to 100; None when nobody answered."""
    total = promoters + passives + detractors
    if total <= 0:
        return None
    return round((promoters - detractors) * 100 / total)


def _signed(score: int) -> str:
    return f"+{score}" if score > 0 else str(score).replace("-", "\N{MINUS SIGN}")


def nps_bar(
    title: str,
    promoters: int,
    passives: int,
    detractors: int,
    *,
    chart_id: str | None = None,
) -> Chart:
    """The score written large, a marker on a scale from -100 to 100, and the answers'
    shares as one bar (detractors, passives, promoters) with a legend that writes each
    group's count and share."""
    chart_id = _new_id(chart_id)
    counts = [max(int(n or 0), 0) for n in (detractors, passives, promoters)]
    headers = (_("Answer"), _("People"), _("Share"))
    score = nps_score(counts[2], counts[1], counts[0])
    if score is None:
        return _empty(chart_id, title, headers)
    total = sum(counts)
    names = [_("Detractors (0–6)"), _("Passives (7–8)"), _("Promoters (9–10)")]
    colours = [RED, GREY, GREEN]
    shares = [count * 100 / total for count in counts]
    scale_left, scale_right = PAD + 14, WIDTH - PAD - 14
    marker = scale_left + (score + 100) / 200 * (scale_right - scale_left)
    ticks = format_html_join(
        "",
        '<line x1="{0}" y1="70" x2="{0}" y2="80" stroke="{1}"/>'
        '<text x="{0}" y="98" text-anchor="middle" font-size="{2}">{3}</text>',
        (
            (_n(scale_left + (t + 100) / 200 * (scale_right - scale_left)), MUTED, SMALL, label)
            for t, label in ((-100, _signed(-100)), (0, "0"), (100, _signed(100)))
        ),
    )
    parts = [
        format_html(
            '<text class="score" x="{x}" y="36" font-size="28" font-weight="700">'
            "{nps} {score}</text>"
            '<line x1="{l}" y1="75" x2="{r}" y2="75" stroke="{muted}" stroke-width="2"/>{ticks}'
            '<path class="marker" d="M {m} 72 l -8 -14 h 16 z" fill="{ink}"'
            ' data-value="{raw}"/>',
            x=PAD,
            nps=_("NPS"),
            score=_signed(score),
            l=_n(scale_left),
            r=_n(scale_right),
            muted=MUTED,
            ticks=ticks,
            m=_n(marker),
            ink=INK,
            raw=score,
        )
    ]
    x, area = PAD, WIDTH - 2 * PAD
    for name, count, share, colour in zip(names, counts, shares, colours, strict=True):
        if count == 0:
            continue
        length = share / 100 * area
        text = percent(round(share))
        written = (
            format_html(
                '<text x="{x}" y="133" text-anchor="middle" fill="#ffffff" font-size="{size}"'
                ' font-weight="600">{text}</text>',
                x=_n(x + length / 2),
                size=SMALL,
                text=text,
            )
            if length >= _text_width(text, SMALL) + 8
            else ""
        )
        parts.append(
            format_html(
                '<g class="segment"><title>{name}: {count} ({text})</title>'
                '<rect class="bar" x="{x}" y="115" width="{length}" height="26" fill="{colour}"'
                ' stroke="#ffffff" stroke-width="2" data-value="{count}"/>{written}</g>',
                name=name,
                count=count,
                text=text,
                x=_n(x),
                length=_n(length),
                colour=colour,
                written=written,
            )
        )
        x += length
    legend = [
        f"{name}: {number(count)} · {percent(round(share))}"
        for name, count, share in zip(names, counts, shares, strict=True)
    ]
    parts.append(
        format_html_join(
            "",
            '<rect x="{0}" y="{1}" width="16" height="16" fill="{2}"/>'
            '<text x="{3}" y="{4}" font-size="{5}">{6}</text>',
            (
                (PAD, 156 + k * 24, colour, PAD + 22, 169 + k * 24, SMALL, line)
                for k, (colour, line) in enumerate(zip(colours, legend, strict=True))
            ),
        )
    )
    note = _("Net Promoter Score: %(score)s, from %(count)s answers (from −100 to +100).") % {
        "score": _signed(score),
        "count": number(total),
    }
    description = f"{note} {'; '.join(legend)}."
    rows = tuple(
        (name, (number(count), percent(round(share))))
        for name, count, share in zip(names, counts, shares, strict=True)
    )
    return Chart(
        id=chart_id,
        title=title,
        svg=_svg(chart_id, title, description, WIDTH, 156 + 3 * 24 + 4, _join(parts)),
        headers=headers,
        table=tuple(
            (name, count, round(share, 1))
            for name, count, share in zip(names, counts, shares, strict=True)
        ),
        rows=rows,
        description=description,
        note=note,
    )
