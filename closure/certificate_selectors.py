"""Reading certificates: whether a member has earned theirs (the programme's rule, with the
reasons in words when not), and the one public look-up, by the verification code.

Everything for a member starts from their own ``MatchMember`` (which the views take from
``relationships.selectors.get_membership_for_user``): nobody reads another member's
certificate through here. The rule reads in a fixed number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relationships import hooks
from relationships.models import Match, MatchMember

from .certificate_models import Certificate
from .closing_models import ProgrammeClosing
from .reflection_models import ClosingReflection

# What ``certificate_models.new_code`` makes: URL-safe base64. Anything else (a NUL, "²",
# a space, an over-long string) is not looked up at all: it is simply not there.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,40}")


@dataclass(frozen=True)
class Rule:
    """A programme's certificate rule (both parts on when it has no closing settings)."""

    needs_meetings: bool = True
    needs_reflection: bool = True


def rule_for(programme_id: int) -> Rule:
    closing = (
        ProgrammeClosing.objects.filter(programme_id=programme_id)
        .values("certificate_needs_meetings", "certificate_needs_reflection")
        .first()
    )
    if closing is None:
        return Rule()
    return Rule(closing["certificate_needs_meetings"], closing["certificate_needs_reflection"])


@dataclass
class Eligibility:
    """Where a member stands: their certificate if they have one, and otherwise what the
    rule still asks (``reasons``, in words, empty when it is met)."""

    member: MatchMember
    certificate: Certificate | None
    meetings_held: int
    min_meetings: int
    rule: Rule
    reflection_written: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def rule_met(self) -> bool:
        return not self.reasons

    @property
    def rule_in_words(self) -> str:
        meetings, reflection = self.rule.needs_meetings, self.rule.needs_reflection
        if meetings and reflection:
            return ngettext(
                "The programme gives a certificate when the relationship is completed, with "
                "at least %(minimum)s meeting held and your closing reflection written.",
                "The programme gives a certificate when the relationship is completed, with "
                "at least %(minimum)s meetings held and your closing reflection written.",
                self.min_meetings,
            ) % {"minimum": self.min_meetings}
        if meetings:
            return ngettext(
                "The programme gives a certificate when the relationship is completed, with "
                "at least %(minimum)s meeting held.",
                "The programme gives a certificate when the relationship is completed, with "
                "at least %(minimum)s meetings held.",
                self.min_meetings,
            ) % {"minimum": self.min_meetings}
        if reflection:
            return _(
                "The programme gives a certificate when the relationship is completed and "
                "your closing reflection is written."
            )
        return _("The programme gives a certificate when the relationship is completed.")

    @property
    def revoked(self) -> bool:
        return self.certificate is not None and self.certificate.revoked_at is not None

    @property
    def available(self) -> bool:
        """The member can download a certificate: theirs already, or issued on download."""
        if self.certificate is not None:
            return not self.revoked
        return self.rule_met


def not_completed_reason(match: Match) -> str | None:
    if match.status == Match.Status.COMPLETED:
        return None
    if match.status == Match.Status.ENDED_EARLY:
        return _(
            "The relationship ended early: a certificate can then only be granted by the "
            "coordinator."
        )
    return _("The relationship has not been completed yet.")


def meetings_reason(held: int, minimum: int) -> str | None:
    if held >= minimum:
        return None
    return ngettext(
        "%(held)s of %(minimum)s meeting held",
        "%(held)s of %(minimum)s meetings held",
        minimum,
    ) % {"held": held, "minimum": minimum}


def eligibility(member: MatchMember) -> Eligibility:
    """The member's certificate and the rule, in four queries whatever the data."""
    match = member.match
    programme = match.programme
    certificate = Certificate.objects.filter(member=member).first()
    rule = rule_for(programme.pk)
    held = hooks.meetings_held(match)
    written = ClosingReflection.objects.filter(match_id=match.pk, member=member).exists()
    reasons = []
    if reason := not_completed_reason(match):
        reasons.append(reason)
    if rule.needs_meetings and (reason := meetings_reason(held, programme.min_meetings)):
        reasons.append(reason)
    if rule.needs_reflection and not written:
        reasons.append(_("Closing reflection not written"))
    return Eligibility(
        member=member,
        certificate=certificate,
        meetings_held=held,
        min_meetings=programme.min_meetings,
        rule=rule,
        reflection_written=written,
        reasons=reasons,
    )


def get_certificate_by_code(code: str) -> Certificate:
    """The certificate a verification link names, with what it states; 404 for a code
    that does not exist or could not (the same answer: nothing is told)."""
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        raise Http404
    found = (
        Certificate.objects.select_related("member__enrolment__user", "member__match__programme")
        .filter(code=code)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Content:
    """What a certificate states, for the PDF and for its verification page alike."""

    name: str
    role: str
    programme: str
    started: object  # a datetime (shown in the reader's time zone) or a date
    ended: object
    meetings_held: int
    coordinators: list[str]
    issued_at: object
    code: str
    revoked: bool


def certificate_content(certificate: Certificate, *, meetings: int | None = None) -> Content:
    """Read in the language that is active (role names are translated here). The
    relationship's dates, or the programme's where the relationship has none."""
    member = certificate.member
    match, programme = member.match, member.match.programme
    names = [
        user.public_name
        # An erased or departed coordinator (inactive) signs no certificate.
        for user in programme.coordinators.filter(is_active=True)
        .order_by("display_name", "pk")
        .only("display_name")
    ]
    return Content(
        name=member.enrolment.user.public_name,
        role=member.get_role_display(),
        programme=programme.name,
        started=match.started_at or programme.starts_on,
        ended=match.ended_at or programme.ends_on,
        meetings_held=hooks.meetings_held(match) if meetings is None else meetings,
        coordinators=names,
        issued_at=certificate.issued_at,
        code=certificate.code,
        revoked=certificate.revoked_at is not None,
    )
