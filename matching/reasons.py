"""Explanations in words: each stored explanation item put into the reader's language.

``matching.scoring`` stores what a reason names as ids and codes (the shared areas' ids,
language and format codes, the rank of a wish…); this module says it, with the points,
when a page or an e-mail shows it — in the reader's language, whoever ran the round.

Explanations stored before areas were kept by id hold the area names as written then;
they are shown as they are.
"""

from collections.abc import Iterable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.formatting import percent


def describe(item: dict, areas: dict[int, str] | None = None) -> str:
    """One explanation item in words, in the active language, with its points.

    ``areas`` maps area ids to their names (``area_names``); without it, the areas of this
    item are looked up (one query). Pages with many explanations use ``describe_all``.
    """
    name, details = item["criterion"], item.get("details")
    if name == "excluded":
        return _EXCLUDED[item["rule"]]()
    if name == "trio":
        return _("The third member fits this pair: %(points)s points with each, on average") % {
            "points": _number(item["points"])
        }
    if name == "areas":
        if areas is None:
            areas = area_names([[item]])
        reason = _areas_reason(details or [], areas)
    else:
        reason = _REASONS[name](details)
    if name == "language":
        return reason
    return f"{reason} (+{_number(item['points'])})"


def describe_all(explanations: Iterable[list[dict]]) -> list[list[str]]:
    """Each explanation's items in words; the areas of all of them in one query."""
    explanations = list(explanations)
    areas = area_names(explanations)
    return [[describe(item, areas) for item in items] for items in explanations]


def area_names(explanations: Iterable[list[dict]]) -> dict[int, str]:
    """The names, in the active language, of the areas these explanations refer to."""
    from programs.models import Area

    ids = {
        pk
        for items in explanations
        for item in items
        if item.get("criterion") == "areas"
        for pk in item.get("details") or []
        if isinstance(pk, int)
    }
    if not ids:
        return {}
    return {area.pk: area.name for area in Area.objects.filter(pk__in=ids)}


def _areas_reason(shared: list, areas: dict[int, str]) -> str:
    # Ids since areas are stored by id; names (str) in explanations stored before. An area
    # deleted since the round is left out.
    names = sorted(
        (
            areas[v] if isinstance(v, int) else v
            for v in shared
            if not isinstance(v, int) or v in areas
        ),
        key=str.casefold,
    )
    if not names:
        return _("No shared areas")
    return _("Shared areas: %(names)s") % {"names": _list(names)}


def _number(value: float) -> str:
    """12.8 as the reader writes it: 12,8 in Swedish."""
    from django.utils.formats import get_format

    return f"{value:g}".replace(".", get_format("DECIMAL_SEPARATOR"))


def _list(values) -> str:
    return ", ".join(str(v) for v in values)


# Language, format and time labels by language code: translating all of Django's ~100
# language names costs more than the rest of a page, so it is done once per language.
_LABELS: dict[str, dict[str, str]] = {}


def _label_table() -> dict[str, str]:
    language = get_language() or ""
    table = _LABELS.get(language)
    if table is None:
        from intake.models import Application
        from programs.models import LANGUAGE_CHOICES

        table = {
            **{code: _(name) for code, name in LANGUAGE_CHOICES},
            **{code: str(label) for code, label in Application.MeetingFormat.choices},
            **{code: str(label) for code, label in Application.Availability.choices},
        }
        _LABELS[language] = table
    return table


def _labels(codes) -> str:
    """Language, format and availability codes as words in the active language."""
    labels = _label_table()
    return _list(labels.get(code, code) for code in codes)


def _career_reason(d: dict) -> str:
    gap = d.get("gap")
    if gap is None:
        return _("Career level not stated")
    if d.get("peers"):
        return (
            _("Same career level")
            if gap == 0
            else _("Close career levels")
            if abs(gap) == 1
            else _("Different career levels")
        )
    if gap > 0:
        return _("Mentor more experienced")
    return _("Same career level") if gap == 0 else _("Mentor less experienced")


def _wish_reason(d: dict) -> str:
    if d.get("peers"):
        ranks = [d[k] for k in ("mentee", "mentor") if d.get(k)]
        if not ranks:
            return _("Neither asked for the other")
        if len(ranks) == 2:
            return _("Asked for each other")
        return _("One asked for the other (wish no. %(rank)d)") % {"rank": ranks[0]}
    parts = []
    if d.get("mentee"):
        parts.append(_("wish no. %(rank)d of the mentee") % {"rank": d["mentee"]})
    if d.get("mentor"):
        parts.append(_("wish no. %(rank)d of the mentor") % {"rank": d["mentor"]})
    if not parts:
        return _("Neither asked for the other")
    return _("Asked for: %(wishes)s") % {"wishes": _list(parts)}


def _department_reason(d: dict) -> str:
    if not d["known"]:
        return _("Workplace not stated")
    if d["departments"]:
        return _("Same department") if d["same"] else _("Different departments")
    return _("Same organisation") if d["same"] else _("Different workplaces")


def _city_reason(d: dict) -> str:
    if not d["in_person"]:
        return _("Not both meeting in person")
    if d["city"]:
        return _("Both in %(city)s for meeting in person") % {"city": d["city"]}
    return _("Different or unknown cities for meeting in person")


_REASONS = {
    "language": lambda d: _("Common language: %(names)s") % {"names": _labels(d)},
    "expertise": lambda d: (
        _("Competences match wishes: %(words)s") % {"words": _list(d)}
        if d
        else _("No competences matching the wishes")
    ),
    "formats": lambda d: (
        _("Can meet by: %(names)s") % {"names": _labels(d)}
        if d
        else _("No meeting format in common")
    ),
    "city": _city_reason,
    "career": _career_reason,
    "availability": lambda d: (
        _("Both available: %(names)s") % {"names": _labels(d)} if d else _("No time in common")
    ),
    "style": lambda d: (
        _("Working style and values %(percent)s alike") % {"percent": percent(d["percent"])}
        if d["percent"] is not None
        else _("Working style not stated")
    ),
    "preferences": _wish_reason,
    "department": _department_reason,
}

_EXCLUDED = {
    "same_person": lambda: _("Excluded: the same person"),
    "language": lambda: _("Excluded: no language in common"),
    "manager": lambda: _("Excluded: one is the other's manager"),
    "do_not_match": lambda: _("Excluded: a coordinator keeps these two apart"),
    "previous_partner": lambda: _("Excluded: they were matched before"),
}
