"""Reads for intake: an applicant reaches only their own applications."""

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from programs.models import Programme

from .models import Application, Question


def applications_for_user(user: User) -> QuerySet[Application]:
    """A person's own applications; nobody else's are ever reachable from the site."""
    return Application.objects.filter(user=user).select_related("programme").order_by("-created_at")


def get_application_for_user(user: User, pk: int) -> Application:
    return get_object_or_404(applications_for_user(user), pk=pk)


def questions_for_programme(programme: Programme) -> QuerySet[Question]:
    return programme.questions.order_by("position", "id")


def applied_to(user: User) -> Exists:
    """Over programmes: ``user`` has an application there (the programme stays visible)."""
    return Exists(Application.objects.filter(programme=OuterRef("pk"), user=user))


def programme_page_part(programme, user: User) -> dict:
    """The visitor's own application, for the programme page."""
    return {"my_application": applications_for_user(user).filter(programme=programme).first()}


def application_profiles(enrolments) -> dict[int, dict]:
    """What each enrolled person shared on applying and may be shown to their partners:
    organisation, city and "about me" (never the manager, goals or custom answers)."""
    wanted = {(e.programme_id, e.user_id): e.pk for e in enrolments}
    rows = Application.objects.filter(
        programme_id__in={p for p, _u in wanted}, user_id__in={u for _p, u in wanted}
    ).exclude(status=Application.Status.DRAFT)
    found: dict[int, dict] = {}
    for application in rows.order_by("user_id", "status"):
        pk = wanted.get((application.programme_id, application.user_id))
        if pk is not None and pk not in found:
            found[pk] = {
                "organisation": application.organisation,
                "city": application.city,
                "about": application.about_me,
            }
    return found
