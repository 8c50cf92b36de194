"""The personal data ``notifications`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

DECLARATIONS = [
    PersonalData(
        model="notifications.Delivery",
        subject="recipient",
        fields=("kind", "programme__name", "status", "created_at", "sent_at"),
        # The digest's subject line and link name people (an e-mail about a message
        # carries its author's name), and a mail server's refusal may quote the address.
        identifying=("summary", "link", "last_error"),
        on_erase=OnErase.BLANK,
        why="Kept without its text, so an e-mail already sent is still not sent twice.",
    ),
    PersonalData(
        model="notifications.Preference",
        subject="user",
        fields=("kind", "mode", "changed_at"),
        on_erase=OnErase.DELETE,
    ),
]

NOT_PERSONAL: dict[str, str] = {}


def _email_label(email: str) -> str:
    from . import kinds

    kind = kinds.of_email(email)
    return str(kind.label) if kind else email


def _kind_label(name: str) -> str:
    from . import kinds

    kind = kinds.get(name)
    return str(kind.label) if kind else name


# How the export's readable page names a stored key (an e-mail template, a kind).
DISPLAY = {
    "notifications.Delivery.kind": _email_label,
    "notifications.Preference.kind": _kind_label,
}
