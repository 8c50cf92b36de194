"""One function per e-mail about programmes and applications."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds
from programs.models import Enrolment, Programme

from .models import Application

kinds.register(
    kinds.Kind(
        "new-applications",
        _("New applications (coordinators)"),
        ("new-applications-digest",),
        _("Each morning, the applications submitted to your programmes the day before."),
        digest=False,
        audience="coordinators",
        order=200,
    )
)

# Which e-mail the applicant gets for each step.
APPLICATION_EMAILS = {
    "received": "application-received",
    Application.Status.ACCEPTED: "application-accepted",
    Application.Status.WAITLISTED: "application-waitlisted",
    Application.Status.DECLINED: "application-declined",
}


def application_update(application: Application, kind: str, occasion: int | str = "") -> None:
    """Tell the applicant their application arrived, or what was decided; ``occasion`` is
    the status change that says so, so a second decision is a second e-mail."""
    emails.send(
        APPLICATION_EMAILS[kind],
        to=application.user,
        about=application,
        occasion=occasion,
        context={
            "application": application,
            "programme": application.programme,
            "application_url": emails.absolute_url(application.get_absolute_url()),
            "my_programmes_url": emails.absolute_url(reverse("dashboard:mine")),
        },
    )


# --- After an import ------------------------------------------------------------------
def set_password_url(user: User) -> str:
    """The same link allauth's password reset e-mail carries."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return emails.absolute_url(path)


def _context(*, user: User, programme: Programme, role: str, by: User | None) -> dict:
    return {
        "programme": programme,
        "role": Enrolment.Role(role).label,
        "inviter": by.get_full_name() if by else "",
        "programme_url": emails.absolute_url(programme.get_absolute_url()),
        "my_programmes_url": emails.absolute_url(reverse("dashboard:mine")),
        "login_url": emails.absolute_url(reverse("account_login")),
        "password_reset_url": emails.absolute_url(reverse("account_reset_password")),
    }


def participant_invitation_send(
    *, user: User, programme: Programme, role: str, by: User | None
) -> None:
    context = _context(user=user, programme=programme, role=role, by=by)
    context["set_password_url"] = set_password_url(user)
    context["link_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24))
    emails.send("participant-invitation", to=user, about=_place(user, programme), context=context)


def participant_added_send(*, user: User, programme: Programme, role: str, by: User | None) -> None:
    context = _context(user=user, programme=programme, role=role, by=by)
    emails.send("participant-added", to=user, about=_place(user, programme), context=context)


def _place(user: User, programme: Programme):
    """What an import e-mail is about: the person's enrolment, so that someone removed and
    imported again is told again (the programme, should the enrolment be gone already)."""
    return Enrolment.objects.filter(programme=programme, user=user).first() or programme


# --- The coordinators' daily summary of new applications ------------------------------
def new_applications_digest(coordinator: User, since, day: str) -> bool:
    """One e-mail a day at most: the applications submitted since ``since`` in the
    programmes ``coordinator`` coordinates, and how many wait for a decision in all.
    Nothing is sent on a day without new applications."""
    from django.db.models import Count, Q
    from django.utils.http import urlencode

    from programs.selectors import coordinated

    submitted = Application.Status.SUBMITTED
    programmes = list(
        coordinated(Programme.objects.all(), coordinator, "")
        .annotate(
            new=Count(
                "applications",
                filter=Q(applications__submitted_at__gte=since)
                & ~Q(applications__status=Application.Status.DRAFT),
            ),
            waiting=Count("applications", filter=Q(applications__status=submitted)),
        )
        .filter(new__gt=0)
        .order_by("name")
    )
    if not programmes:
        return False
    changelist = reverse("admin:intake_application_changelist")
    rows = [
        {
            "programme": programme,
            "new": programme.new,
            "waiting": programme.waiting,
            "url": emails.absolute_url(
                changelist
                + "?"
                + urlencode({"programme__id__exact": programme.pk, "status__exact": submitted})
            ),
        }
        for programme in programmes
    ]
    return emails.send(
        "new-applications-digest",
        to=coordinator,
        about=coordinator,
        occasion=day,
        context={"rows": rows, "total": sum(row["new"] for row in rows)},
        programme_id=programmes[0].pk if len(programmes) == 1 else None,
    )
