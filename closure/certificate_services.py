"""Writing certificates: issued by the programme's rule (on the member's first download),
granted by a coordinator by hand, revoked. One per member: the database's one-to-one
``member`` is the backstop, and a race that slips past the checks here comes back as the
certificate the other request made."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from relationships.models import MatchMember

from .certificate_models import Certificate
from .certificate_selectors import eligibility


def certificate_withdrawn() -> ValidationError:
    return ValidationError(
        _("This certificate was withdrawn by the programme's coordinator."), code="revoked"
    )


def _create(member: MatchMember, *, by: User | None) -> Certificate:
    try:
        with transaction.atomic():
            return Certificate.objects.create(member=member, granted_by=by)
    except IntegrityError:
        # Another request issued it a moment ago: that one is the certificate.
        return Certificate.objects.get(member=member)


@transaction.atomic
def certificate_issue(*, member: MatchMember) -> Certificate:
    """The member's certificate: theirs already, or issued now if the rule is met.
    Refused, with the reasons in words, when it is not; refused when it was withdrawn."""
    state = eligibility(member)
    if state.certificate is not None:
        if state.revoked:
            raise certificate_withdrawn()
        return state.certificate
    if not state.rule_met:
        raise ValidationError(
            _("The certificate is not available yet: %(reasons)s.")
            % {"reasons": "; ".join(state.reasons)},
            code="rule_not_met",
        )
    return _create(member, by=None)


@transaction.atomic
def certificate_grant(*, member: MatchMember, by: User) -> Certificate:
    """A coordinator grants the member a certificate by hand, whatever the rule says; a
    withdrawn one is given back (with its code, so its link is genuine again)."""
    if member.match.is_current:
        raise ValidationError(
            _("A certificate can be granted once the relationship has ended."), code="current"
        )
    existing = Certificate.objects.select_for_update().filter(member=member).first()
    if existing is None:
        return _create(member, by=by)
    if existing.revoked_at is None:
        raise ValidationError(
            _("%(name)s has a certificate already.") % {"name": member.enrolment.user},
            code="exists",
        )
    existing.revoked_at, existing.granted_by = None, by
    existing.save(update_fields=["revoked_at", "granted_by"])
    return existing


@transaction.atomic
def certificate_revoke(*, certificate: Certificate) -> Certificate:
    """Withdraw a certificate: its verification link says so from now on, and the member
    can no longer download it. Revoking it twice changes nothing."""
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked
