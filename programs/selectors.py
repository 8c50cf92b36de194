"""Reads for programmes: who may see which, in one place."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Application, Enrolment, Programme, Question


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
        visible |= Q(enrolments__user=user) | Q(coordinators=user) | Q(applications__user=user)
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


def applications_for_user(user: User) -> QuerySet[Application]:
    """A person's own applications; nobody else's are ever reachable from the site."""
    return Application.objects.filter(user=user).select_related("programme").order_by("-created_at")


def get_application_for_user(user: User, pk: int) -> Application:
    return get_object_or_404(applications_for_user(user), pk=pk)


def questions_for_programme(programme: Programme) -> QuerySet[Question]:
    return programme.questions.order_by("position", "id")
