"""Erasing a person on request: the account is anonymised in one transaction.

What each app holds is erased as its declaration says (``accounts.personal_data``): rows
about the person alone are deleted, rows the statistics count are kept with the person's
words blanked, facts are kept. The account itself keeps its id (enrolments, relationships
and answers still point at it, so no count changes) but no longer names anyone: a neutral
name, an unroutable address, no password, inactive, signed out everywhere.

Records the software wrote that may quote the person's name or address — e-mails' digest
lines, the admin's history — have it replaced. Other people's own words are theirs and
stay as they wrote them.
"""

import json
import re
import uuid

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.personal_data import OnErase, PersonalData
from notifications.models import Delivery

from .declarations import declarations, model_of

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: .invalid never routes


def former_participant() -> str:
    """The name an erased person goes by, in the site's language (it is stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Former participant")


def erased_text() -> str:
    """What stands in for words that had to be removed from a field that cannot be empty."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("(erased)")


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


def _empty(field: models.Field):
    if isinstance(field, models.JSONField):
        return None if field.null else ""
    if field.null and not field.blank:
        return None
    return "" if field.blank else erased_text()


def _erase(declaration: PersonalData, user: User) -> None:
    model = model_of(declaration)
    if declaration.on_erase == OnErase.DELETE:
        if declaration.subject:
            model._default_manager.filter(**{declaration.subject: user}).delete()
        return
    if declaration.on_erase != OnErase.BLANK or not declaration.erased_fields:
        return
    values = {name: _empty(model._meta.get_field(name)) for name in declaration.erased_fields}
    model._default_manager.filter(**{declaration.subject: user}).update(**values)


def _sign_out_everywhere(user: User) -> None:
    """Database sessions carry the user's id only inside their encoded data."""
    pk = str(user.pk)
    stale = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == pk
    ]
    Session.objects.filter(session_key__in=stale).delete()


def _replace_quoted(names: list[str], replacement: str) -> None:
    """The name and address in what the software wrote about others: digest lines,
    the admin's history of changes. Whole words only ("Ann" leaves "Anna" alone), and in
    the admin's change messages also as JSON writes them ("Åberg" as ``\\u00c5berg``)."""
    for name in names:
        forms = {name, json.dumps(name)[1:-1]}
        for model, column in (
            (Delivery, "summary"),
            (LogEntry, "object_repr"),
            (LogEntry, "change_message"),
        ):
            found = Q()
            for form in forms:
                found |= Q(**{f"{column}__contains": form})
            for pk, text in model.objects.filter(found).values_list("pk", column).iterator():
                changed = text
                for form in forms:
                    written = replacement if form == name else json.dumps(replacement)[1:-1]
                    word = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
                    changed = word.sub(lambda _m, written=written: written, changed)
                if changed != text:
                    model.objects.filter(pk=pk).update(**{column: changed})


@transaction.atomic
def account_erase(*, user: User, by: User | None = None) -> User:
    """Anonymise ``user`` as the declarations say; ``by``: who asked (the person or a site
    administrator). Running it twice changes nothing more."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    quoted = [text for text in (locked.display_name, locked.email) if len(text) >= 3]
    for declaration in declarations():
        if declaration.model in ("accounts.User", "sessions.Session"):
            continue
        _erase(declaration, locked)
    _sign_out_everywhere(locked)

    replacement = former_participant()
    if not is_erased(locked):
        locked.email = f"erased-{uuid.uuid4().hex}@{ERASED_DOMAIN}"
    locked.display_name = replacement
    locked.phone = ""
    locked.calendar_token = None
    locked.is_active = locked.is_staff = locked.is_superuser = False
    locked.set_unusable_password()
    locked.save()
    locked.groups.clear()
    locked.user_permissions.clear()
    _replace_quoted(quoted, replacement)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(locked.pk)
    ).update(object_repr=replacement)
    if by is not None and by.pk != locked.pk:
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[locked],
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": ["erased"]}}],
            single_object=True,
        )
    user.refresh_from_db()
    return locked
