"""The agreement: settling its terms, signing exactly what is shown, the first-meeting
guide that fills the terms.

Signing locks the match row, so two members signing at once number their versions in
turn; the unique (version, member) index is the backstop against signing twice. The
member always comes from the signed-in person (``get_membership_for_user``), never from a
form, so nobody can sign for someone else.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Agreement, AgreementVersion, FirstMeetingGuide, Match, MatchMember, Signature

# The terms a relationship settles, in the order they are shown and compared.
TERMS = (
    "cadence",
    "meeting_format",
    "place",
    "meeting_minutes",
    "areas",
    "mentee_expectations",
    "mentor_expectations",
)


def relationship_ended() -> ValidationError:
    return ValidationError(
        _("This relationship has ended: what it holds can be read but no longer changed."),
        code="ended",
    )


def editable_check(member: MatchMember) -> None:
    """Members change what their relationship holds while it is current."""
    if not member.current or not member.match.is_current:
        raise relationship_ended()


def terms_of(agreement: Agreement | None) -> dict:
    """The terms as plain values (area ids sorted), as they are stored in a version."""
    if agreement is None:
        agreement = Agreement()
    values = {name: getattr(agreement, name) for name in TERMS if name != "areas"}
    values["areas"] = sorted(area.pk for area in agreement.areas.all()) if agreement.pk else []
    return values


def digest(text: dict, terms: dict) -> str:
    """A short fingerprint of exactly what is shown, carried by the sign form: signing
    something other than what the member read is refused."""
    content = json.dumps([text, terms], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def programme_text(match: Match) -> dict[str, str]:
    """The programme's agreement text now, in each language it is written in. A member
    reads it in their own; a change in either asks everyone to sign again."""
    programme = match.programme
    return {
        code: text
        for code in ("en", "sv")
        if (text := getattr(programme, f"agreement_text_{code}") or "")
    }


@transaction.atomic
def agreement_terms_update(*, member: MatchMember, **terms) -> Agreement:
    """Change what the relationship settles. Anyone may, and everyone signs again."""
    editable_check(member)
    unknown = set(terms) - set(TERMS)
    if unknown:
        raise TypeError(f"not terms of an agreement: {sorted(unknown)}")
    match = Match.objects.select_for_update().get(pk=member.match_id)
    agreement, _created = Agreement.objects.get_or_create(match=match)
    before = terms_of(agreement)
    areas = terms.pop("areas", None)
    for name, value in terms.items():
        setattr(agreement, name, "" if value is None and name != "meeting_minutes" else value)
    agreement.full_clean(exclude=["match"])
    agreement.save()
    if areas is not None:
        foreign = [a for a in areas if a.programme_id != match.programme_id]
        if foreign:
            raise ValidationError(_("Choose areas of this programme."), code="foreign_area")
        agreement.areas.set(areas)
    if terms_of(agreement) != before:
        match.agreement_changed_at = timezone.now()  # the reminder to sign counts from now
        match.save(update_fields=["agreement_changed_at"])
        signed_state_refresh(match)  # everyone signs the new terms (or had signed them)
    return agreement


def _version_now(match: Match) -> AgreementVersion:
    """The version with exactly the content shown now, made if there is none yet (a
    change undone finds the version it returns to)."""
    agreement, _created = Agreement.objects.get_or_create(match=match)
    text, terms = programme_text(match), terms_of(agreement)
    key = digest(text, terms)
    found = agreement.versions.filter(digest=key).first()
    if found is not None:
        return found
    latest = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=(latest or 0) + 1,
        programme_text=text,
        terms=terms,
        digest=key,
    )


def signed_state_refresh(match: Match) -> Match:
    """Whether every current member has signed the agreement as it stands now: kept on the
    match (``agreement_signed_at``) for the coordinators' list, and a forming relationship
    becomes active when it is. Called after every change that may alter it (call it with
    the match locked)."""
    agreement = Agreement.objects.filter(match=match).first()
    version = None
    if agreement is not None:
        key = digest(programme_text(match), terms_of(agreement))
        version = agreement.versions.filter(digest=key).first()
    signed_at = None
    if version is not None:
        current = MatchMember.objects.filter(match=match, current=True)
        signatures = Signature.objects.filter(version=version, member__in=current)
        if current.exists() and not current.exclude(signatures__version=version).exists():
            signed_at = max(signatures.values_list("signed_at", flat=True))
    fields = []
    if match.agreement_signed_at != signed_at:
        match.agreement_signed_at = signed_at
        fields.append("agreement_signed_at")
    if signed_at is not None and match.status == Match.Status.FORMING:
        match.status = Match.Status.ACTIVE
        fields.append("status")
    if fields:
        match.save(update_fields=fields)
    return match


@transaction.atomic
def agreement_sign(*, member: MatchMember, seen: str | None = None) -> Signature:
    """The member signs the agreement as it stands now.

    ``seen`` is the ``digest`` of what the member was shown; if the text or the terms
    changed in the meantime they are asked to read them again rather than sign something
    unseen. When every current member has signed, a forming relationship becomes active.
    """
    editable_check(member)
    match = Match.objects.select_for_update().get(pk=member.match_id)
    version = _version_now(match)
    if seen is not None and seen != digest(version.programme_text, version.terms):
        raise ValidationError(
            _("The agreement changed while you were reading it. Read it again, then sign."),
            code="changed",
        )
    if Signature.objects.filter(version=version, member=member).exists():
        raise already_signed()
    try:
        with transaction.atomic():
            signature = Signature.objects.create(version=version, member=member)
    except IntegrityError as error:
        raise already_signed() from error
    signed_state_refresh(match)
    return signature


def already_signed() -> ValidationError:
    return ValidationError(_("You have already signed this version."), code="signed")


@transaction.atomic
def guide_update(*, member: MatchMember, steps: dict[str, bool], **terms) -> FirstMeetingGuide:
    """Tick the first-meeting guide's steps; what the pair agreed on how they meet goes
    into the agreement's terms, so it is written once."""
    editable_check(member)
    guide, _created = FirstMeetingGuide.objects.select_for_update().get_or_create(
        match_id=member.match_id
    )
    for name in FirstMeetingGuide.STEPS:
        if name in steps:
            setattr(guide, name, bool(steps[name]))
    everything = all(getattr(guide, name) for name in FirstMeetingGuide.STEPS)
    if everything and guide.completed_at is None:
        guide.completed_at = timezone.now()
    elif not everything:
        guide.completed_at = None
    guide.save()
    if terms:
        agreement_terms_update(member=member, **terms)
    return guide


@transaction.atomic
def programme_text_changed(programme) -> None:
    """The programme's agreement text changed: its current relationships sign again (or,
    when it changed back, are signed again as they were)."""
    matches = list(
        Match.objects.select_for_update().filter(programme=programme, status__in=Match.CURRENT)
    )
    now = timezone.now()
    Match.objects.filter(pk__in=[m.pk for m in matches]).update(agreement_changed_at=now)
    for match in matches:
        match.programme = programme  # the text as it is being saved
        match.agreement_changed_at = now
        signed_state_refresh(match)


def agreements_now(match_ids) -> dict[int, tuple[str, set[int]]]:
    """For each of these relationships, its agreement as it stands now: the ``digest`` of
    what members sign, and the members who have signed exactly that. Six queries for any
    number of relationships (the reminder to sign reads many at once)."""
    match_ids = list(match_ids)
    matches = list(Match.objects.filter(pk__in=match_ids).select_related("programme"))
    agreements = {
        a.match_id: a
        for a in Agreement.objects.filter(match_id__in=match_ids).prefetch_related("areas")
    }
    keys = {m.pk: digest(programme_text(m), terms_of(agreements.get(m.pk))) for m in matches}
    current = {
        match_id: pk
        for pk, match_id, key in AgreementVersion.objects.filter(
            agreement__match_id__in=match_ids, digest__in=set(keys.values())
        ).values_list("pk", "agreement__match_id", "digest")
        if keys.get(match_id) == key
    }
    signed: dict[int, set[int]] = {}
    by_version = {pk: match_id for match_id, pk in current.items()}
    for version_id, member_id in Signature.objects.filter(
        version_id__in=list(by_version)
    ).values_list("version_id", "member_id"):
        signed.setdefault(by_version[version_id], set()).add(member_id)
    return {pk: (key, signed.get(pk, set())) for pk, key in keys.items()}
