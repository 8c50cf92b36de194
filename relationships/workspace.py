"""Reading a relationship's workspace for one of its members, in a fixed number of
queries whatever the number of members, messages or versions.

Everything here starts from the member's own ``MatchMember`` (``get_membership_for_user``):
the access root. One member's fit-check answer is never read for another.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programs.hooks import profiles
from programs.models import Programme

from . import hooks
from .models import (
    Agreement,
    AgreementVersion,
    Channel,
    FirstMeetingGuide,
    FitCheck,
    Match,
    MatchMember,
    MeetingFormat,
    Message,
    Signature,
)
from .services.agreement import TERMS, digest, programme_text, terms_of
from .services.workspace import fit_check_open

RECENT_MESSAGES = 5


@dataclass
class Partner:
    """Another member as this member sees them: what they chose to share, nothing else."""

    member: MatchMember
    name: str
    role: str
    organisation: str = ""
    city: str = ""
    about: str = ""
    email: str = ""  # only if they share it
    phone: str = ""
    channel: str = ""


@dataclass
class Change:
    """One difference between the version a member signed and the agreement now."""

    label: str
    before: str
    after: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # ("+"/"-"/" ", line)
    note: str = ""  # said instead of before and after


@dataclass
class AgreementState:
    required: bool
    text: str  # the programme's text in the reader's language
    terms: list[tuple[str, str]]  # (label, value in words), the terms as they are now
    version: AgreementVersion | None  # the version with exactly this content, if made
    signed: dict[int, Signature]  # member id → signature of that version
    members: list[MatchMember]
    mine: Signature | None
    changes: list[Change]  # since the version this member last signed
    last_signed: AgreementVersion | None

    @property
    def all_signed(self) -> bool:
        return all(m.pk in self.signed for m in self.members)

    @property
    def number(self) -> int:
        """The number the version shown now has, or will have when first signed."""
        if self.version is not None:
            return self.version.number
        return (self.last_number or 0) + 1

    last_number: int | None = None
    digest: str = ""  # of exactly what is shown, for the sign form


@dataclass
class Workspace:
    member: MatchMember
    match: Match
    programme: Programme
    members: list[MatchMember]
    others: list[Partner]
    agreement: AgreementState
    guide: FirstMeetingGuide | None
    fit_check: FitCheck | None  # this member's own answer
    fit_check_open: bool
    messages: list[Message]
    message_count: int
    meetings_held: int
    timeline: list[tuple[str, date, bool]]  # (label, date, passed)
    next_steps: list[hooks.NextStep]
    sections: list[hooks.WorkspaceSection]
    editable: bool


def _words(name: str, value, areas: dict[int, str]) -> str:
    if name == "areas":
        return ", ".join(areas[pk] for pk in value if pk in areas)
    if name == "cadence":
        return str(dict(Programme.Cadence.choices).get(value, "")) if value else ""
    if name == "meeting_format":
        return str(dict(MeetingFormat.choices).get(value, "")) if value else ""
    if name == "meeting_minutes":
        return _("%(minutes)s minutes") % {"minutes": value} if value else ""
    return value or ""


def term_labels(programme: Programme) -> dict[str, str]:
    """Each term's label, in the programme's words for its sides."""
    labels = {name: str(Agreement._meta.get_field(name).verbose_name) for name in TERMS}
    labels = {name: label[:1].upper() + label[1:] for name, label in labels.items()}
    if programme.kind == Programme.Kind.PEER:
        labels["mentee_expectations"] = _("What we expect of each other")
        labels.pop("mentor_expectations")
    return labels


def _text_in(texts: dict[str, str]) -> str:
    language = translation.get_language() or "en"
    own = texts.get(language[:2])
    return own or next(iter(texts.values()), "")


def _changes(before: AgreementVersion, now_text: dict, now_terms: dict, labels, areas):
    found: list[Change] = []
    old_text, new_text = _text_in(before.programme_text), _text_in(now_text)
    if before.programme_text != now_text and old_text == new_text:
        found.append(
            Change(
                _("The programme's agreement text"),
                old_text,
                new_text,
                note=_("It changed in the other language; in yours it reads as before."),
            )
        )
    elif before.programme_text != now_text:
        lines = [
            (line[:1], line[2:])
            for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines())
            if line[:1] in "+- "
        ]
        found.append(Change(_("The programme's agreement text"), old_text, new_text, lines))
    for name, label in labels.items():
        old, new = before.terms.get(name), now_terms.get(name)
        if (old or None) != (new or None):
            found.append(Change(label, _words(name, old, areas), _words(name, new, areas)))
    return found


def agreement_state(match: Match, member: MatchMember, members: list[MatchMember]):
    """The agreement as this member sees it: its text and terms now, who signed them,
    and what changed since the member last signed. Three queries."""
    programme = match.programme
    agreement = (
        Agreement.objects.filter(match=match)
        .prefetch_related("areas")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.order_by("-number").prefetch_related(
                    "signatures"
                ),
            )
        )
        .first()
    )
    text, terms = programme_text(match), terms_of(agreement)
    versions = list(agreement.versions.all()) if agreement else []
    areas = {a.pk: a.name for a in agreement.areas.all()} if agreement else {}
    key = digest(text, terms)
    current = next((v for v in versions if v.digest == key), None)
    signed = {s.member_id: s for s in current.signatures.all()} if current else {}
    mine_last = next(
        (v for v in versions if any(s.member_id == member.pk for s in v.signatures.all())),
        None,
    )
    labels = term_labels(programme)
    if mine_last is not None and mine_last is not current:
        # Areas named in the old version but since removed: name them too.
        areas |= _area_names(mine_last.terms.get("areas") or [], programme)
        changes = _changes(mine_last, text, terms, labels, areas)
    else:
        changes = []
    current_members = [m for m in members if m.current]
    return AgreementState(
        required=programme.agreement_required,
        text=_text_in(text),
        terms=[(label, _words(name, terms.get(name), areas)) for name, label in labels.items()],
        version=current,
        signed=signed,
        members=current_members,
        mine=signed.get(member.pk),
        changes=changes,
        last_signed=mine_last,
        last_number=versions[0].number if versions else None,
        digest=key,
    )


def _area_names(ids: list[int], programme: Programme) -> dict[int, str]:
    if not ids:
        return {}
    return {a.pk: a.name for a in programme.areas.filter(pk__in=ids)}


def _partner(member: MatchMember, shared: dict) -> Partner:
    user = member.enrolment.user
    return Partner(
        member=member,
        name=user.public_name,
        role=member.get_role_display(),
        organisation=shared.get("organisation", ""),
        city=shared.get("city", ""),
        about=shared.get("about", ""),
        email=user.email if member.shares_email else "",
        phone=member.phone,
        channel=member.get_preferred_channel_display()
        if member.preferred_channel != Channel.MESSAGES
        else "",
    )


def timeline(programme: Programme, today: date | None = None) -> list[tuple[str, date, bool]]:
    today = today or timezone.localdate()
    points = [
        (_("Kick-off"), programme.starts_on),
        (_("Mid-point"), programme.midpoint),
        (_("End"), programme.ends_on),
    ]
    return [(label, day, day < today) for label, day in points]


def workspace_for(member: MatchMember) -> Workspace:
    """The member's workspace: a fixed number of queries, plus each stage's section."""
    match = member.match
    programme = match.programme
    members = list(
        MatchMember.objects.filter(match=match)
        .select_related("enrolment__user")
        .order_by("role", "enrolment__user__display_name", "pk")
    )
    shared = profiles(m.enrolment for m in members)
    others = [_partner(m, shared[m.enrolment_id]) for m in members if m.pk != member.pk]
    guide = FirstMeetingGuide.objects.filter(match=match).first()
    fit = FitCheck.objects.filter(member=member).first()
    recent = list(
        Message.objects.filter(match=match).select_related("author__enrolment__user")[
            : RECENT_MESSAGES + 1
        ]
    )
    agreement = agreement_state(match, member, members)
    editable = member.current and match.is_current
    opens = fit_check_open(member, guide)
    sections = [
        found for section in hooks.workspace_sections if (found := section(member)) is not None
    ]
    sections.sort(key=lambda s: s.position)
    steps = _next_steps(match, member, agreement, guide, fit, opens) if editable else []
    for section in sections:
        steps.extend(step for step in section.next_steps if editable or step.after_end)
    return Workspace(
        member=member,
        match=match,
        programme=programme,
        members=members,
        others=others,
        agreement=agreement,
        guide=guide,
        fit_check=fit,
        fit_check_open=opens,
        messages=recent[:RECENT_MESSAGES],
        message_count=len(recent),
        meetings_held=hooks.meetings_held(match),
        timeline=timeline(programme),
        next_steps=steps,
        sections=sections,
        editable=editable,
    )


def _next_steps(match, member, agreement: AgreementState, guide, fit, opens):
    from django.urls import reverse

    def url(name: str) -> str:
        return reverse(f"relationships:{name}", kwargs={"pk": match.pk})

    steps = []
    if agreement.required and agreement.mine is None:
        label = _("Sign the agreement again") if agreement.last_signed else _("Sign the agreement")
        steps.append(hooks.NextStep(label, url("agreement")))
    if guide is None or not guide.done:
        steps.append(hooks.NextStep(_("Go through the first-meeting guide"), url("guide")))
    if opens and fit is None:
        steps.append(hooks.NextStep(_("Answer the fit check"), url("fit_check")))
    return steps


def messages_for(member: MatchMember):
    """Every message of the member's relationship, newest first (for a paginator)."""
    return Message.objects.filter(match_id=member.match_id).select_related(
        "author__enrolment__user"
    )


def last_signed_by_all(match: Match, member: MatchMember, members: list[MatchMember]):
    """The latest version every current member signed, as an ``AgreementState`` read from
    its frozen copy (for printing what was actually agreed), or None."""
    current = [m for m in members if m.current]
    versions = (
        AgreementVersion.objects.filter(agreement__match=match)
        .order_by("-number")
        .prefetch_related("signatures")
    )
    for version in versions:
        signed = {s.member_id: s for s in version.signatures.all()}
        if current and all(m.pk in signed for m in current):
            labels = term_labels(match.programme)
            areas = _area_names(version.terms.get("areas") or [], match.programme)
            return AgreementState(
                required=match.programme.agreement_required,
                text=_text_in(version.programme_text),
                terms=[
                    (label, _words(name, version.terms.get(name), areas))
                    for name, label in labels.items()
                ],
                version=version,
                signed=signed,
                members=current,
                mine=signed.get(member.pk),
                changes=[],
                last_signed=version,
                last_number=version.number,
                digest=version.digest,
            )
    return None
