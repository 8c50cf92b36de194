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
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(coordinators=user)


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


def coordinates(user: User, programme_ref: str = "programme") -> Exists:
    """The row's programme is one ``user`` coordinates (an ``Exists``, never a join)."""
    return Exists(
        Programme.coordinators.through.objects.filter(programme=OuterRef(programme_ref), user=user)
    )


def coordinates_any(user: User) -> Exists:
    return Exists(Programme.coordinators.through.objects.filter(user=user))
