"""Reads for the resource library: who may see which, in one place.

Every rule is an ``Exists`` subquery rather than a join, so the querysets never hold
duplicate rows and need no ``distinct()`` — they stay cheap to count and paginate.
"""

from django.db.models import OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from programs.selectors import active_enrolments, audience_matches, coordinates, coordinates_any

from .models import Resource


def resources_for_user(user: User) -> QuerySet[Resource]:
    """Participants: published resources for their role, in their programmes or global.

    Coordinators: everything in the programmes they coordinate, and global resources.
    """
    resources = Resource.objects.select_related("programme")
    if not user.is_authenticated:
        return resources.none()
    if user.is_superuser:
        return resources.all()
    enrolled = active_enrolments(user)
    as_participant = Q(published=True) & (
        audience_matches(enrolled.filter(programme=OuterRef("programme")))
        | (Q(programme__isnull=True) & audience_matches(enrolled))
    )
    as_coordinator = coordinates(user) | (Q(programme__isnull=True) & coordinates_any(user))
    return resources.filter(as_participant | as_coordinator)


def get_resource_for_user(user: User, pk: int) -> Resource:
    return get_object_or_404(resources_for_user(user), pk=pk)
