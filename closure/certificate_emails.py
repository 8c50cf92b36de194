"""The certificate's e-mail: "your certificate is ready", once per member, when their
relationship has been completed and the programme's rule is met (the ``certificate-ready``
job finds them: ``certificate_reminders.py``). An optional kind each member may turn off."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds
from relationships.models import MatchMember

CERTIFICATE_READY = "certificate-ready"

kinds.register(
    kinds.Kind(
        "certificate-ready",
        _("Your certificate is ready"),
        (CERTIFICATE_READY,),
        _("When your relationship is completed and your certificate can be downloaded."),
        order=70,
    )
)


def certificate_ready(*, to: User, member: MatchMember) -> bool:
    """To a member: the certificate can be downloaded (it is issued on the first download)."""
    match = member.match
    return emails.send(
        CERTIFICATE_READY,
        to=to,
        about=member,
        programme_id=match.programme_id,
        context={
            "programme": match.programme,
            "certificate_url": emails.absolute_url(
                reverse("closure:certificate", kwargs={"pk": match.pk})
            ),
        },
    )
