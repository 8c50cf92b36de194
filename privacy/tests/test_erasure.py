"""Erasing a person: nothing that names them is left in any table, the programmes' counts
do not change, and the others keep their own words."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import User
from closure.models import Alumnus, Certificate, ClosingReflection
from goals.models import Goal
from meetings.models import Note
from notifications.models import Delivery
from privacy.erasure import account_erase, former_participant, is_erased
from programs.models import Enrolment
from relationships.models import Match, MatchMember, Message

from .conftest import EMAIL, NAME

TEXT = (models.CharField, models.TextField, models.JSONField)


def where_named(*needles: str) -> dict[str, list]:
    """Every text column of every model, the project's and the libraries' alike, that
    holds any of ``needles``: {"app.Model.field": [pks]}."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT):
                continue
            column = f"_{field.attname}_text"
            match = Q()
            for needle in needles:
                match |= Q(**{f"{column}__icontains": needle})
            rows = list(
                model._base_manager.annotate(**{column: Cast(field.attname, TextField())})
                .filter(match)
                .values_list("pk", flat=True)
            )
            if rows:
                found[f"{model._meta.label}.{field.name}"] = rows
    return found


def counts(programme) -> tuple:
    """The dashboard's numbers (never its names)."""
    # privacy and dashboard are independent layers; only this test reads the dashboard,
    # to prove erasure leaves its numbers alone.
    board = import_module("dashboard.overview").dashboard([programme], timezone.now())
    return (
        [(s.label, s.count) for s in board.funnel],
        board.states,
        board.meetings_by_month,
        board.goals_by_status,
        board.outcomes,
        [(r.relationships, r.states, r.held) for r in board.rows],
        [(s.key, s.total) for s in board.inbox],
        board.satisfaction,
        board.nps,
    )


def test_the_data_set_names_him_in_many_places_before(world):
    """The scan would see him: his name and address are in a dozen apps' tables."""
    found = where_named(NAME, EMAIL)
    apps_naming = {key.split(".")[0] for key in found}
    assert {"accounts", "account", "admin", "intake", "notifications", "relationships"} <= (
        apps_naming
    )


def test_after_erasure_no_table_holds_his_name_or_address(world, client):
    user = world.adam.enrolment.user
    client.force_login(user)  # a session of his
    account_erase(user=user, by=user)
    assert where_named(NAME, EMAIL, "boss.of.adam", "+46 70 123") == {}
    for words in world.his.values():
        assert where_named(words) == {}, words


def test_the_account_can_no_longer_be_used(world, client):
    user = world.adam.enrolment.user
    client.force_login(user)
    account_erase(user=user, by=None)
    user.refresh_from_db()
    assert user.display_name == former_participant() == "Former participant"
    assert is_erased(user) and user.email.endswith("@erased.invalid")
    assert not user.has_usable_password() and not user.is_active
    assert not user.emailaddress_set.exists()
    assert not any(s.get_decoded().get(SESSION_KEY) == str(user.pk) for s in Session.objects.all())
    assert client.get("/privacy/").status_code == 302  # signed out


def test_the_programmes_counts_do_not_change(world):
    before = counts(world.match.programme)

    def rows():
        return Enrolment.objects.count(), MatchMember.objects.count(), Match.objects.count()

    kept = rows()
    account_erase(user=world.adam.enrolment.user, by=None)
    assert counts(world.match.programme) == before
    assert rows() == kept


def test_the_others_keep_their_own_words(world):
    account_erase(user=world.adam.enrolment.user, by=None)
    assert Message.objects.filter(body=world.theirs["maja_message"], author=world.maja).exists()
    assert Message.objects.filter(body=world.theirs["bo_message"]).exists()
    assert Note.objects.get(author=world.maja).text == world.theirs["maja_private_note"]
    assert Goal.objects.get(author=world.maja).title == world.theirs["maja_goal"]
    assert world.maja.enrolment.user.display_name == "Maja Mentor"
    # The digest line the software wrote to her names him no more, and still reads.
    assert Delivery.objects.get(about="relationships.message:9999").summary == (
        "Former participant sent you a message"
    )


def test_his_rows_stay_without_his_words_and_his_certificate_goes(world):
    user = world.adam.enrolment.user
    deliveries = Delivery.objects.filter(recipient=user).count()
    account_erase(user=user, by=None)
    assert Message.objects.filter(author=world.adam).get().body == "(erased)"
    reflection = ClosingReflection.objects.get(member=world.adam)
    assert (reflection.expectations_met, reflection.achieved) == (4, "")
    assert reflection.way_of_working == "(erased)"  # a field that may not be empty
    assert not Certificate.objects.filter(member=world.adam).exists()
    assert not Alumnus.objects.exists()
    # Still there, so nothing is sent twice; without the text that named him.
    assert Delivery.objects.filter(recipient=user, summary="", link="", last_error="").count() == (
        deliveries
    )


def test_erasing_twice_changes_nothing_more(world):
    user = world.adam.enrolment.user
    account_erase(user=user, by=None)
    first = User.objects.values().get(pk=user.pk)
    account_erase(user=user, by=None)
    again = User.objects.values().get(pk=user.pk)
    # Only the unusable password's random marker is new.
    assert {**again, "password": None} == {**first, "password": None}
    assert where_named(NAME, EMAIL) == {}


def test_names_in_the_admin_history_go_as_whole_words_and_as_json_writes_them(db):
    """Erasing "Ann" leaves Anna's entries alone; "Åberg" is stored escaped by the admin."""
    import json

    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from accounts.tests.factories import UserFactory
    from privacy.erasure import account_erase

    ann = UserFactory(display_name="Ann Åberg", email="ann.aberg@example.org")
    admin = UserFactory(display_name="Site Admin", is_staff=True, is_superuser=True)
    kind = ContentType.objects.get_for_model(ann)

    def entry(repr_, message):
        return LogEntry.objects.create(
            user=admin,
            content_type=kind,
            object_id="999999",  # not Ann's: her words in another object's history
            object_repr=repr_,
            action_flag=CHANGE,
            change_message=message,
        )

    member = [{"changed": {"name": "member", "object": "Ann Åberg (Mentor)", "fields": ["phone"]}}]
    hers = entry("Ann Åberg", json.dumps(member))
    assert "\\u00c5berg" in hers.change_message  # how Django writes it
    annas = entry("Anna Åbergsson · Leaders", "Changed Anna Åbergsson.")

    account_erase(user=ann, by=admin)

    hers.refresh_from_db()
    annas.refresh_from_db()
    assert "Åberg" not in hers.get_change_message() and "Åberg" not in hers.object_repr
    assert "\\u00c5berg" not in hers.change_message
    assert (annas.object_repr, annas.change_message) == (
        "Anna Åbergsson · Leaders",
        "Changed Anna Åbergsson.",
    )
