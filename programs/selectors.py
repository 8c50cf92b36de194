"""Reads for programmes: who may see which, in one place."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User

from .hooks import stakes
from .models import Audience, Enrolment, Programme


def programmes_open_for_intake() -> QuerySet[Programme]:
    return Programme.objects.filter(status=Programme.Status.INTAKE_OPEN).order_by(
        "application_deadline", "starts_on", "name"
    )


def programmes_for_user(user: User) -> QuerySet[Programme]:
    """Programmes a person may look at: open ones, their own (enrolled in or applied to),
    and those they coordinate."""
    visible = Q(status=Programme.Status.INTAKE_OPEN)
    if user.is_authenticated:
        if user.is_superuser:
            return Programme.objects.all()
        # Exists() rather than joins: the joins multiplied rows (enrolments × applications)
        # and needed distinct(), which PostgreSQL paid for at every page view.
        visible |= (
            Exists(Enrolment.objects.filter(programme=OuterRef("pk"), user=user))
            | coordinates(user, "pk")
            | stakes(user)
        )
    return Programme.objects.filter(visible)


def programmes_coordinated_by(user: User) -> QuerySet[Programme]:
    return coordinated(Programme.objects.all(), user, "")


def enrolments_for_user(user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user=user)
        .select_related("programme")
        .order_by("-programme__starts_on", "programme__name")
    )


# --- Audience rules shared by every programme-scoped list (resources, events, …) -----------
def active_enrolments(user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)


def audience_matches(enrolments: QuerySet[Enrolment]) -> Q:
    """The row's audience is "everyone" or the role of one of ``enrolments``."""
    return (Q(audience=Audience.EVERYONE) & Exists(enrolments)) | Exists(
        enrolments.filter(role=OuterRef("audience"))
    )


def _coordinating(user: User) -> QuerySet:
    """The one definition of a coordinator: named on the programme, with admin access and
    an active account (a coordinator whose access is withdrawn sees nothing more)."""
    return Programme.coordinators.through.objects.filter(
        user=user, user__is_staff=True, user__is_active=True
    )


def coordinates(user: User, programme_ref: str = "programme") -> Exists:
    """The row's programme is one ``user`` coordinates (an ``Exists``, never a join)."""
    return Exists(_coordinating(user).filter(programme=OuterRef(programme_ref)))


def coordinates_any(user: User) -> Exists:
    return Exists(_coordinating(user))


def coordinated(
    queryset: QuerySet, user: User, programme_path: str = "programme", *, include_global=False
) -> QuerySet:
    """``queryset`` narrowed to rows whose programme (reached by ``programme_path``; empty for
    programmes themselves) ``user`` coordinates; ``include_global`` keeps rows without one.

    An ``Exists`` rather than a join, so no row is repeated and no ``distinct()`` is needed.
    """
    if user.is_superuser:
        return queryset
    mine = coordinates(user, programme_path or "pk")
    if include_global and programme_path:
        return queryset.filter(Q(**{f"{programme_path}__isnull": True}) | mine)
    return queryset.filter(mine)
