"""Writes for programmes, enrolments and the coordinators' rights.

The admin, the views and the commands call these.
"""

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from .models import (
    Enrolment,
    Programme,
    ProgrammeStatusChange,
)

COORDINATORS_GROUP = "Coordinators"


def coordinator_permissions() -> dict[str, dict[str, tuple[str, ...]]]:
    """What the Coordinators group may do, as each app declares it on its ``AppConfig``
    (``coordinator_permissions = {model: actions}``): a new stage adds its own there.

    No app gives rights on users: a coordinator never browses other programmes' people.
    """
    return {
        config.label: config.coordinator_permissions
        for config in django_apps.get_app_configs()
        if getattr(config, "coordinator_permissions", None)
    }


def coordinator_group_sync() -> Group:
    """Create or refresh the group that gives coordinators their admin rights.

    What they may *see* is narrowed further to their own programmes by the admin.
    """
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    wanted = []
    for app_label, models in coordinator_permissions().items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            wanted += Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
    group.permissions.set(wanted)
    return group


def coordinator_grant(*, user: User, programme: Programme) -> None:
    """Make ``user`` a coordinator of ``programme`` with access to the admin."""
    with transaction.atomic():
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(coordinator_group_sync())
        programme.coordinators.add(user)


@transaction.atomic
def programme_transition(*, programme: Programme, to_status: str, by: User | None) -> Programme:
    """Move a programme to its next status, or refuse with a reason.

    The row is locked so two coordinators clicking at once cannot skip a stage.
    """
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if to_status not in Programme.Status.values:
        raise ValidationError(_("Unknown status “%(status)s”.") % {"status": to_status})
    if not locked.can_transition_to(to_status):
        raise ValidationError(
            _("%(programme)s cannot go from “%(from)s” to “%(to)s”.")
            % {
                "programme": locked.name,
                "from": locked.get_status_display(),
                "to": Programme.Status(to_status).label,
            }
        )
    ProgrammeStatusChange.objects.create(
        programme=locked, from_status=locked.status, to_status=to_status, changed_by=by
    )
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    programme.status = to_status
    return locked


@transaction.atomic
def enrolment_create(
    *, programme: Programme, user: User, role: str, capacity: int = 1
) -> Enrolment:
    enrolment = Enrolment(programme=programme, user=user, role=role, capacity=capacity)
    enrolment.full_clean()
    enrolment.save()
    return enrolment


def enrolment_lock(pk: int) -> Enrolment:
    """The one way to lock a person's place in a programme (their enrolment row) before
    deciding about it: forming a relationship, a request, wishes. Every writer locks the
    enrolment first, so two decisions about one person happen one after the other.

    ``of=("self",)``: the enrolment only, not the joined user and programme rows.
    """
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user", "programme")
        .get(pk=pk)
    )
