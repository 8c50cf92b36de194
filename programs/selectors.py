"""Reads for programmes: who may see which, in one place."""

from django.db.models import Q, QuerySet

from accounts.models import User

from .models import Enrolment, Programme


def programmes_open_for_intake() -> QuerySet[Programme]:
    return Programme.objects.filter(status=Programme.Status.INTAKE_OPEN).order_by(
        "application_deadline", "starts_on", "name"
    )


def programmes_for_user(user: User) -> QuerySet[Programme]:
    """Programmes a person may look at: open ones, their own, and those they coordinate."""
    visible = Q(status=Programme.Status.INTAKE_OPEN)
    if user.is_authenticated:
        if user.is_superuser:
            return Programme.objects.all()
        visible |= Q(enrolments__user=user) | Q(coordinators=user)
    return Programme.objects.filter(visible).distinct()


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
