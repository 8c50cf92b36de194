"""One function per e-mail about a relationship."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds
from programs.hooks import profiles

from .models import Match, MatchMember

kinds.register(
    kinds.Kind(
        "messages",
        _("Messages in your workspace"),
        ("workspace-message",),
        _("A copy of each message someone in your relationship writes to you."),
        order=10,
    )
)


def _profile(member: MatchMember, shared: dict) -> dict:
    """What a new partner may learn about someone: what they chose to share on applying
    (through ``programs.hooks.profiles``, which intake fills). Never an address: contact
    details are shared in the workspace, by each member's own choice."""
    user = member.enrolment.user
    return {
        "organisation": "",
        "city": "",
        "about": "",
        **shared,
        "name": user.public_name,
        "role": member.get_role_display(),
    }


def match_introduction(
    *, match: Match, to: User, joined: list[int] | None = None, newcomers: list[int] | None = None
) -> None:
    """Introduce a member of a new relationship to the other member(s); or, with
    ``joined`` (enrolment ids), tell a member of a group who has just joined it.

    ``newcomers`` names the occasion: the group's founding (none) or who joined when."""
    members = list(match.members.select_related("enrolment__user", "match"))
    own = next(m for m in members if m.enrolment.user_id == to.pk)
    shared = profiles(m.enrolment for m in members)
    others = [
        _profile(m, shared[m.enrolment_id])
        for m in members
        if m.pk != own.pk and (joined is None or m.enrolment_id in joined)
    ]
    emails.send(
        "match-introduction" if joined is None else "match-new-member",
        to=to,
        about=match,
        occasion="joined:" + ",".join(map(str, sorted(newcomers))) if newcomers else "",
        context={
            "match": match,
            "programme": match.programme,
            "role": own.get_role_display(),
            "others": others,
            "workspace_url": emails.absolute_url(
                reverse("relationships:workspace", kwargs={"pk": match.pk})
            ),
        },
    )


def match_ended_early(*, match: Match, to: User) -> None:
    """Tell a member that their relationship has ended early, with the kind word of the
    one who ended it (a member, by name, or a coordinator). Never the reason, which is
    for coordinators only."""
    members = list(match.members.select_related("enrolment__user"))
    by = next((m.enrolment.user for m in members if match.ended_by_id == m.enrolment.user_id), None)
    emails.send(
        "match-ended-early",
        to=to,
        about=match,
        context={
            "match": match,
            "programme": match.programme,
            "others": [
                m.enrolment.user.public_name for m in members if m.enrolment.user_id != to.pk
            ],
            "by": by.public_name if by is not None else "",
            "message": match.end_message,
            "my_programmes_url": emails.absolute_url(reverse("dashboard:mine")),
        },
    )


def workspace_message(*, message, to: User) -> None:
    """A member's message to the others, with a link back to the workspace. The author's
    name and words only: the address it comes from is ours, never theirs."""
    match = message.match
    emails.send(
        "workspace-message",
        to=to,
        about=message,
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "author": message.author.enrolment.user.public_name,
            "body": message.body,
            "workspace_url": emails.absolute_url(
                reverse("relationships:messages", kwargs={"pk": match.pk})
            ),
        },
    )


def _others(match: Match, to: User) -> list[str]:
    return [
        m.enrolment.user.public_name
        for m in match.members.filter(current=True)
        .exclude(enrolment__user=to)
        .select_related("enrolment__user")
    ]


def _workspace_url(match: Match, name: str = "workspace") -> str:
    return emails.absolute_url(reverse(f"relationships:{name}", kwargs={"pk": match.pk}))


def _paused_by(match: Match) -> str:
    """Who paused: a member by name; anyone else (a coordinator in the admin) as such."""
    by = match.paused_by
    if by is not None and match.members.filter(enrolment__user=by).exists():
        return by.public_name
    return ""


def match_paused(*, match: Match, to: User) -> None:
    """Tell a member that someone paused their relationship: until when, and why."""
    emails.send(
        "match-paused",
        to=to,
        about=match,
        occasion=match.pause_key,
        context={
            "match": match,
            "programme": match.programme,
            "others": _others(match, to),
            "by": _paused_by(match),
            "until": match.paused_until,
            "reason": match.pause_reason,
            "workspace_url": _workspace_url(match),
        },
    )


def welcome_back(*, match: Match, to: User, occasion: str) -> bool:
    """The pause is over: the relationship is running again (``occasion``: which pause)."""
    return emails.send(
        "relationship-welcome-back",
        to=to,
        about=match,
        occasion=occasion,
        context={
            "match": match,
            "programme": match.programme,
            "others": _others(match, to),
            "workspace_url": _workspace_url(match),
        },
    )


def agreement_reminder(*, match: Match, member: MatchMember, occasion: str) -> bool:
    """The member has not signed the agreement as it stands (``occasion``: its digest)."""
    to = member.enrolment.user
    return emails.send(
        "agreement-reminder",
        to=to,
        about=match,
        occasion=occasion,
        context={
            "match": match,
            "programme": match.programme,
            "others": _others(match, to),
            # Signed an earlier version: it is the change that waits for them.
            "signed_before": member.signatures.exists(),
            "agreement_url": _workspace_url(match, "agreement"),
        },
    )


def fit_check_reminder(*, member: MatchMember) -> bool:
    """The fit check has waited for the member's answer."""
    match, to = member.match, member.enrolment.user
    return emails.send(
        "fit-check-reminder",
        to=to,
        about=member,
        programme_id=match.programme_id,
        context={
            "match": match,
            "programme": match.programme,
            "others": _others(match, to),
            "fit_check_url": _workspace_url(match, "fit_check"),
        },
    )
