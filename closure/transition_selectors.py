"""Reads for what comes after a programme: who may see its "after" page (its members,
once their relationship has ended or the programme is closing), the alumni, and who is due
the invitation to the next programme."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from notifications.emails import about_key
from notifications.models import Delivery
from programs.models import Enrolment, Programme
from relationships.models import Match, MatchMember
from relationships.selectors import memberships_for_user
from resources.models import Resource

from .alumni_models import Alumnus
from .closing_emails import ALUMNI_INVITATION
from .closing_models import ProgrammeClosing

#: A programme at its end: every member may look at what comes after.
ENDING = (Programme.Status.CLOSING, Programme.Status.CLOSED)


def after_memberships(user: User) -> QuerySet[MatchMember]:
    """The person's memberships that have something after them: the relationship is over,
    or its programme is closing or closed."""
    return memberships_for_user(user).filter(
        ~Q(match__status__in=Match.CURRENT) | Q(match__programme__status__in=ENDING)
    )


def has_after(user: User, programme_ref: str = "pk"):
    """An ``Exists`` over programmes: ``user`` may open the programme's "after" page."""
    return Exists(after_memberships(user).filter(match__programme=OuterRef(programme_ref)))


@dataclass
class After:
    programme: Programme
    memberships: list[MatchMember]
    closing: ProgrammeClosing | None
    resources: list[Resource]
    alumnus: Alumnus | None
    next_programme: Programme | None

    @property
    def role(self) -> str:
        return self.memberships[0].role

    @property
    def may_join(self) -> bool:
        """Alumni are those who saw a relationship through, or whose programme closed."""
        return self.alumnus is None

    @property
    def next_open(self) -> bool:
        return self.next_programme is not None and self.next_programme.applications_open()


def get_after_for_user(user: User, slug: str) -> After:
    """Everything the "after" page shows, in five queries; 404 for anyone who was not in
    one of the programme's relationships, or whose relationship is still going on."""
    if not user.is_authenticated:
        raise Http404
    memberships = list(
        after_memberships(user)
        .filter(match__programme__slug=slug)
        .select_related("match__programme")
        .order_by("-match__started_at", "-pk")
    )
    if not memberships:
        raise Http404
    programme = memberships[0].match.programme
    closing = (
        ProgrammeClosing.objects.filter(programme=programme)
        .select_related("next_programme")
        .first()
    )
    resources = []
    next_programme = None
    if closing is not None:
        resources = list(closing.resources.filter(published=True).order_by("title", "pk"))
        next_programme = closing.next_programme
    alumnus = Alumnus.objects.filter(user=user, programme=programme).first()
    return After(programme, memberships, closing, resources, alumnus, next_programme)


def next_programme_open(programme_id: int) -> Programme | None:
    """The programme's next programme, when it is open for applications."""
    closing = (
        ProgrammeClosing.objects.filter(programme_id=programme_id)
        .select_related("next_programme")
        .first()
    )
    upcoming = closing.next_programme if closing else None
    return upcoming if upcoming is not None and upcoming.applications_open() else None


def invitation_for(alumnus_id: int) -> tuple[Alumnus, Programme] | None:
    """The alumnus and the programme to invite them to, when the invitation is due: they
    still want it, the next programme takes applications, and they are not in it yet."""
    alumnus = (
        Alumnus.objects.filter(pk=alumnus_id, invite_as_mentor=True, user__is_active=True)
        .select_related("user", "programme")
        .first()
    )
    if alumnus is None:
        return None
    upcoming = next_programme_open(alumnus.programme_id)
    if (
        upcoming is None
        or Enrolment.objects.filter(programme=upcoming, user=alumnus.user_id).exists()
    ):
        return None
    return alumnus, upcoming


def alumni_not_invited(programme: Programme) -> QuerySet[Alumnus]:
    """The programme's alumni who want to come back as mentors and have not been sent the
    invitation to its next programme (none while there is no open next programme)."""
    upcoming = next_programme_open(programme.pk)
    if upcoming is None:
        return Alumnus.objects.none()
    sent = Delivery.objects.filter(
        kind=ALUMNI_INVITATION,
        recipient=OuterRef("user"),
        about=about_key(upcoming),
        status__in=Delivery.FINAL,
    )
    enrolled = Enrolment.objects.filter(programme=upcoming, user=OuterRef("user"))
    return Alumnus.objects.filter(
        programme=programme, invite_as_mentor=True, user__is_active=True
    ).filter(~Exists(sent), ~Exists(enrolled))
