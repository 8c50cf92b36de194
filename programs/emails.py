"""One function per e-mail about programmes and applications."""

from django.urls import reverse

from mentorship import emails

from .models import Application

# Which e-mail the applicant gets for each step.
APPLICATION_EMAILS = {
    "received": "application-received",
    Application.Status.ACCEPTED: "application-accepted",
    Application.Status.WAITLISTED: "application-waitlisted",
    Application.Status.DECLINED: "application-declined",
}


def application_update(application: Application, kind: str) -> None:
    """Tell the applicant their application arrived, or what was decided."""
    emails.send(
        APPLICATION_EMAILS[kind],
        to=application.user,
        context={
            "application": application,
            "programme": application.programme,
            "application_url": emails.absolute_url(application.get_absolute_url()),
            "my_programmes_url": emails.absolute_url(reverse("programs:mine")),
        },
    )
