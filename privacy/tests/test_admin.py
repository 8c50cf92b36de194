"""A site administrator erases accounts from the users' list; a coordinator cannot."""

from django.urls import reverse

from accounts.models import User

from .conftest import NAME, as_

CHANGELIST = reverse("admin:accounts_user_changelist")


def _superuser():
    return User.objects.create_superuser("root@example.org", "pw", display_name="Root")


def test_a_superuser_is_asked_first_then_the_account_is_erased(client, world):
    adam, root = world.adam.enrolment.user, _superuser()
    as_(client, root)
    data = {"action": "erase_accounts", "_selected_action": [adam.pk, root.pk]}
    asked = client.post(CHANGELIST, data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Erase these accounts?" in page and NAME in page
    assert "Your own account is not erased here" in page
    adam.refresh_from_db()
    assert adam.is_active  # nothing yet

    done = client.post(CHANGELIST, {**data, "post": "yes"}, follow=True)
    assert "1 account was erased." in done.content.decode()
    adam.refresh_from_db()
    root.refresh_from_db()
    assert adam.display_name == "Former participant" and not adam.is_active
    assert root.is_active and root.display_name == "Root"


def test_a_coordinator_has_no_such_action(client, world, users):
    coordinator = users["coordinator"]
    as_(client, coordinator)
    response = client.get(CHANGELIST)
    assert "erase_accounts" not in response.content.decode()
    adam = world.adam.enrolment.user
    client.post(
        CHANGELIST, {"action": "erase_accounts", "_selected_action": [adam.pk], "post": "yes"}
    )
    adam.refresh_from_db()
    assert adam.is_active and adam.display_name == NAME
