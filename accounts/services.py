"""Changes a person makes to their own account beyond the profile form."""

import secrets

from .models import User


def calendar_token_renew(*, user: User) -> str:
    """A new secret address for the person's calendar feed; any earlier one stops working."""
    # 32 random bytes: 43 URL-safe characters, unguessable. The unique index is the only
    # lookup, so the feed needs no constant-time comparison.
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


def calendar_token_revoke(*, user: User) -> None:
    """No calendar feed at all: the address answers 404 from now on."""
    user.calendar_token = None
    user.save(update_fields=["calendar_token"])
