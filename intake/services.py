"""Writes for applications: save and submit, decide, withdraw, delete a draft, reopen.

The admin, the views and the commands call these.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from programs.hooks import enrolment_withdrawn
from programs.models import Enrolment
from programs.notice_models import notice_digest, notice_texts, notice_version_keep
from programs.services import enrolment_create

from . import tasks
from .models import Answer, Application, ApplicationStatusChange, ConsentRecord, Question


def _application_move(
    *, application: Application, to_status: str, by: User | None
) -> ApplicationStatusChange:
    """Record the step; its id is the occasion of the e-mail that tells the applicant."""
    change = ApplicationStatusChange.objects.create(
        application=application, from_status=application.status, to_status=to_status, changed_by=by
    )
    application.status = to_status
    return change


@transaction.atomic
def application_save(
    *,
    application: Application,
    answers: dict[Question, Any],
    submit: bool = False,
    consent: bool = False,
    by: User,
) -> Application:
    """Create or update the applicant's application and answers; with ``submit``, hand it in.

    The row is locked and the deadline checked inside the transaction, so an edit that
    arrives after the deadline or after a decision changes nothing.
    """
    if application.pk is None:
        refusal = application.edit_refusal()
        if refusal:
            raise ValidationError(refusal)
        application.status = Application.Status.DRAFT
    else:
        locked = (
            Application.objects.select_for_update()
            .select_related("programme")
            .get(pk=application.pk)
        )
        refusal = locked.edit_refusal()
        if refusal:
            raise ValidationError(refusal)
        application.status = locked.status
    # validate_constraints answers a second, simultaneous first save with a message;
    # the unique constraint still stops it if both pass this check at once.
    application.full_clean()
    application.save()
    for question, value in answers.items():
        Answer.objects.update_or_create(
            application=application, question=question, defaults={"value": value}
        )
    if submit and application.status == Application.Status.DRAFT:
        if not consent:
            raise ValidationError(_("Please accept the privacy notice to submit."))
        application.consent_given_at = timezone.now()
        application.consent_notice_version = application.programme.privacy_notice_version
        application.submitted_at = application.consent_given_at
        _consent_record(application)
        change = _application_move(
            application=application, to_status=Application.Status.SUBMITTED, by=by
        )
        application.save()
        tasks.send_application_email.delay_on_commit(application.pk, "received", change.pk)
    return application


def _consent_record(application: Application) -> ConsentRecord:
    """Keep this consent for good: the version, its text, the words shown, the language."""
    programme = application.programme
    return ConsentRecord.objects.create(
        user_id=application.user_id,
        programme=programme,
        application=application,
        notice_version=application.consent_notice_version,
        notice=notice_version_keep(programme=programme),
        notice_digest=notice_digest(notice_texts(programme)),
        language=get_language() or "",
        given_at=application.consent_given_at,
    )


def _consent_withdraw(application: Application) -> None:
    ConsentRecord.objects.filter(application=application, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


def _check_move(application: Application, to_status: str) -> None:
    if to_status not in application.TRANSITIONS[application.status]:
        raise ValidationError(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": application.get_status_display().lower(),
                "to": Application.Status(to_status).label.lower(),
            }
        )


@transaction.atomic
def application_decide(*, application: Application, decision: str, by: User) -> Application:
    """Accept, wait-list or decline; accepting enrols the person. The applicant is told."""
    if decision not in Application.DECISIONS:
        raise ValidationError(_("Unknown decision."))
    locked = (
        Application.objects.select_for_update()
        .select_related("programme", "user")
        .get(pk=application.pk)
    )
    _check_move(locked, decision)
    if decision == Application.Status.ACCEPTED:
        enrolment = Enrolment.objects.filter(programme=locked.programme, user=locked.user).first()
        if enrolment:
            enrolment.status = Enrolment.Status.ACTIVE
            enrolment.role = locked.role
            enrolment.capacity = locked.capacity
            enrolment.full_clean()
            enrolment.save()
        else:
            enrolment_create(
                programme=locked.programme,
                user=locked.user,
                role=locked.role,
                capacity=locked.capacity if locked.role == Enrolment.Role.MENTOR else 1,
            )
    change = _application_move(application=locked, to_status=decision, by=by)
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    tasks.send_application_email.delay_on_commit(locked.pk, decision, change.pk)
    application.status, application.decided_at = locked.status, locked.decided_at
    return locked


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    """The applicant steps back; an accepted applicant gives up the place too.

    Their seats at the programme's coming events go to the wait-list.
    """

    locked = Application.objects.select_for_update().get(pk=application.pk)
    _check_move(locked, Application.Status.WITHDRAWN)
    if locked.status == Application.Status.ACCEPTED:
        Enrolment.objects.filter(programme_id=locked.programme_id, user_id=locked.user_id).update(
            status=Enrolment.Status.WITHDRAWN
        )
        enrolment_withdrawn.send(
            sender=Application, user=locked.user, programme_id=locked.programme_id
        )
    _application_move(application=locked, to_status=Application.Status.WITHDRAWN, by=by)
    locked.save(update_fields=["status", "updated_at"])
    _consent_withdraw(locked)
    application.status = locked.status
    return locked


@transaction.atomic
def application_draft_delete(*, application: Application) -> None:
    """An applicant throws away a draft; coordinators never saw it, so nothing is kept."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.DRAFT:
        raise ValidationError(_("Only a draft can be deleted; withdraw the application instead."))
    locked.delete()


@transaction.atomic
def application_reopen(*, application: Application, by: User) -> Application:
    """Someone who withdrew applies again while intake is open: back to a draft.

    The earlier consent is cleared, so submitting asks for it again.
    """
    locked = (
        Application.objects.select_for_update().select_related("programme").get(pk=application.pk)
    )
    _check_move(locked, Application.Status.DRAFT)
    if not locked.programme.applications_open():
        raise ValidationError(_("This programme does not take applications now."))
    _application_move(application=locked, to_status=Application.Status.DRAFT, by=by)
    _consent_withdraw(locked)  # the consent records stay; the application's is cleared
    locked.consent_given_at = locked.consent_notice_version = None
    locked.submitted_at = locked.decided_at = None
    locked.save()
    return locked
