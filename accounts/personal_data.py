"""How an app declares the personal data it holds (read by ``privacy``: the export, the
erasure and the test that no model is left undeclared).

Every app that stores something about a person has a ``personal_data.py`` with
``DECLARATIONS`` (a list of :class:`PersonalData`) and ``NOT_PERSONAL`` (a mapping of its
other models' names to why they hold nothing about a person). ``accounts`` is the lowest
layer, so every app may import this module; the declarations themselves are read by name
(``privacy.declarations``), so no app imports ``privacy``.

A model may be declared more than once, once per way it reaches a person: a relationship
is the members' (its facts), and its end reason is its ender's own words.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class OnErase(StrEnum):
    # The rows go: they are about the person alone and count in no statistics.
    DELETE = "delete"
    # The rows stay (they count: enrolments, meetings, answers) with the person's own words
    # and ``identifying`` fields emptied.
    BLANK = "blank"
    # The person's account itself: name, e-mail, password replaced (``privacy.erasure``).
    ANONYMISE = "anonymise"
    # Nothing changes: facts without the person's words, or someone else's record.
    KEEP = "keep"


@dataclass(frozen=True)
class PersonalData:
    """One model's personal data, as reached from one person.

    ``model``: its label, ``"app_label.ModelName"``. ``subject``: the ORM path from the model
    to the person (``"author__enrolment__user"``; ``""`` for the user model itself).
    ``fields``: what the person's export shows (ORM paths; ``programme__name`` follows a
    relation). ``private_text``: the person's own words among them, blanked on erasure.
    ``identifying``: other fields that name or locate the person (a phone number, a city),
    blanked on erasure too. ``exported``: False when the rows are someone else's words
    about the person, with ``why``.
    """

    model: str
    subject: str
    fields: tuple[str, ...] = ()
    private_text: tuple[str, ...] = ()
    identifying: tuple[str, ...] = ()
    on_erase: OnErase = OnErase.KEEP
    exported: bool = True
    why: str = ""
    # Rows, newest first, for a readable export; the default is the model's own ordering.
    order_by: tuple[str, ...] = field(default=())

    @property
    def app_label(self) -> str:
        return self.model.split(".", 1)[0]

    @property
    def erased_fields(self) -> tuple[str, ...]:
        return (*self.private_text, *self.identifying)


# allauth's e-mail addresses and Django's admin log are third-party models about users:
# declared here, with the accounts they belong to.
DECLARATIONS = [
    PersonalData(
        model="accounts.User",
        subject="",
        fields=(
            "email",
            "display_name",
            "phone",
            "preferred_language",
            "time_zone",
            "date_joined",
            "last_login",
        ),
        identifying=("display_name", "phone"),
        on_erase=OnErase.ANONYMISE,
    ),
    PersonalData(
        model="account.EmailAddress",
        subject="user",
        fields=("email", "verified", "primary"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        model="account.EmailConfirmation",
        subject="email_address__user",
        exported=False,
        on_erase=OnErase.DELETE,
        why="A one-time key for confirming an address; it goes with the address.",
    ),
    PersonalData(
        model="admin.LogEntry",
        subject="user",
        exported=False,
        on_erase=OnErase.KEEP,
        why=(
            "What a coordinator or administrator changed in the admin: their work record. "
            "On erasure, names in other entries' descriptions are replaced."
        ),
    ),
    PersonalData(
        model="sessions.Session",
        subject="",  # no relation to the user: privacy.erasure decodes and deletes them
        exported=False,
        on_erase=OnErase.DELETE,
        why="Sign-in sessions: technical, deleted on erasure so the person is signed out.",
    ),
]

NOT_PERSONAL = {
    "auth.Permission": "What a role may do.",
    "auth.Group": "Named roles.",
    "contenttypes.ContentType": "The list of models.",
    "django_celery_beat.SolarSchedule": "Schedules of the periodic jobs.",
    "django_celery_beat.IntervalSchedule": "Schedules of the periodic jobs.",
    "django_celery_beat.ClockedSchedule": "Schedules of the periodic jobs.",
    "django_celery_beat.CrontabSchedule": "Schedules of the periodic jobs.",
    "django_celery_beat.PeriodicTasks": "When the schedules last changed.",
    "django_celery_beat.PeriodicTask": (
        "The periodic jobs; their arguments are job names, never a person's data "
        "(privacy's tests check it)."
    ),
}
