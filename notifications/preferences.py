"""A person's choices per kind of e-mail, and the signed links that change them.

An unsubscribe link carries the person and the kind, signed with the site's secret key: it
works without signing in (a mail program's one-click unsubscribe, RFC 8058, posts to it with
no session), and only for that person and that kind. It does not expire, as the e-mail it
came in may be read months later.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core import signing
from django.urls import reverse

from accounts.models import User

from . import kinds
from .models import Delivery, Preference

SALT = "notifications.unsubscribe"
ALL_DIGESTS = "digest"  # the weekly digest's own link: every kind kept for it goes off


def mode_for(user: User, kind: kinds.Kind | None) -> str:
    """On, off or digest; always on for an e-mail that cannot be turned off."""
    if kind is None:
        return Preference.Mode.ON
    mode = (
        Preference.objects.filter(user=user, kind=kind.name).values_list("mode", flat=True).first()
    )
    if mode == Preference.Mode.DIGEST and not kind.digest:
        return Preference.Mode.ON
    return mode or Preference.Mode.ON


def modes_for(user: User) -> dict[str, str]:
    return dict(Preference.objects.filter(user=user).values_list("kind", "mode"))


def preference_set(*, user: User, kind: str, mode: str) -> None:
    """Set one kind's choice (``ALL_DIGESTS``: every kind kept for the digest goes off).
    What was waiting for the digest and is now turned off is not sent in it either."""
    waiting = Delivery.objects.filter(recipient=user, status=Delivery.Status.IN_DIGEST)
    if kind == ALL_DIGESTS:
        if mode == Preference.Mode.OFF:
            Preference.objects.filter(user=user, mode=Preference.Mode.DIGEST).update(mode=mode)
            waiting.update(status=Delivery.Status.TURNED_OFF)
        return
    if mode == Preference.Mode.OFF and (found := kinds.get(kind)) is not None:
        waiting.filter(kind__in=found.emails).update(status=Delivery.Status.TURNED_OFF)
    if mode == Preference.Mode.ON:
        Preference.objects.filter(user=user, kind=kind).delete()
        return
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})


def preferences_save(*, user: User, choices: Iterable[tuple[str, str]]) -> None:
    for kind, mode in choices:
        preference_set(user=user, kind=kind, mode=mode)


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def unsubscribe_path(user: User, kind: str) -> str:
    return reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


def read_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a genuine link; None for anything else, however it was made."""
    try:
        data = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind
