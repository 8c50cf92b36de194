"""Everything the product holds about one person, from the apps' declarations: a readable
page grouped by app and a JSON file.

One query per declaration, whatever the person's data: the page and the file cost the same
for a newcomer and for someone with years of notes. Only rows the declaration's ``subject``
path leads from the person to are read, so another member's words never come along.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.personal_data import PersonalData

from .declarations import declarations, display, field_at, model_of


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class AppGroup:
    label: str
    title: str
    sections: list[Section] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(s.rows) for s in self.sections)


def exported() -> list[PersonalData]:
    return [d for d in declarations() if d.exported and d.fields]


def _key(declaration: PersonalData) -> str:
    """The declaration's name in the file: the model, and the way it reaches the person
    when the model is declared more than once."""
    twice = sum(1 for d in exported() if d.model == declaration.model) > 1
    return f"{declaration.model}:{declaration.subject}" if twice else declaration.model


def _rows(declaration: PersonalData, user: User) -> list[dict]:
    model = model_of(declaration)
    where = {declaration.subject: user} if declaration.subject else {"pk": user.pk}
    ordering = declaration.order_by or model._meta.ordering or ("pk",)
    return list(
        model._default_manager.filter(**where)
        .order_by(*ordering, "pk")
        .values("pk", *declaration.fields)
    )


def collect(user: User) -> list[tuple[PersonalData, list[dict]]]:
    return [(d, _rows(d, user)) for d in exported()]


def _plain(value):
    if isinstance(value, zoneinfo.ZoneInfo):
        return value.key
    return value


def as_json(user: User) -> dict:
    """The downloadable file: raw values (ISO dates, choices' stored values), by app."""
    data: dict[str, dict[str, list[dict]]] = {}
    for declaration, rows in collect(user):
        data.setdefault(declaration.app_label, {})[_key(declaration)] = [
            {name: _plain(value) for name, value in row.items() if name != "pk"} for row in rows
        ]
    return {
        "exported_at": timezone.now(),
        "about": _(
            "Everything Mentorship holds about you, by app and kind of record. "
            "Other people's own words are theirs and not included."
        ),
        "data": data,
    }


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, zoneinfo.ZoneInfo):
            return o.key
        return super().default(o)


def _shown(field_: models.Field, value) -> str:
    """A value as the person reads it, in their language and time zone."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    named = display().get(f"{field_.model._meta.label}.{field_.name}")
    if named is not None:
        return named(value)
    choices = dict(field_.flatchoices) if field_.choices else {}
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, zoneinfo.ZoneInfo):
        return value.key
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def readable(user: User) -> list[AppGroup]:
    """The page: one group per app that holds something about the person, one table per
    kind of record, headed by the fields' own (translated) names."""
    groups: dict[str, AppGroup] = {}
    for declaration, rows in collect(user):
        if not rows:
            continue
        model = model_of(declaration)
        fields = [field_at(model, path) for path in declaration.fields]
        label = declaration.app_label
        if label not in groups:
            config = apps.get_app_config(label)
            groups[label] = AppGroup(label=label, title=str(config.verbose_name))
        groups[label].sections.append(
            Section(
                key=_key(declaration),
                title=str(model._meta.verbose_name_plural).capitalize(),
                columns=[str(f.verbose_name).capitalize() for f in fields],
                rows=[
                    [
                        _shown(f, row[path])
                        for f, path in zip(fields, declaration.fields, strict=False)
                    ]
                    for row in rows
                ],
            )
        )
    return list(groups.values())
