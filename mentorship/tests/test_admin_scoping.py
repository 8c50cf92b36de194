"""Every admin page of ours shows a coordinator their own programmes' objects, and nothing
of another programme: one mixin, on every ModelAdmin and inline, checked for each."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from mentorship.tests.test_factories import OUR_APPS, factories
from programs.admin_scoping import CoordinatedProgrammesMixin

# Coordinators have no rights on people at all, nor on the consent records (site
# administrators only; coordinators read an application's consents on the application).
UNSCOPED = {"accounts.User", "intake.ConsentRecord"}


def our_admins() -> list:
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in [*OUR_APPS, "dashboard"]
            and model._meta.label not in UNSCOPED
        ),
        key=lambda pair: pair[0]._meta.label,
    )


def test_every_admin_and_inline_takes_the_one_scoping_mixin(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    unscoped = []
    for model, model_admin in our_admins():
        if not isinstance(model_admin, CoordinatedProgrammesMixin):
            unscoped.append(model._meta.label)
        for inline in model_admin.get_inlines(request, None):
            if not issubclass(inline, CoordinatedProgrammesMixin):
                unscoped.append(f"{model._meta.label}: {inline.__name__}")
    assert len(our_admins()) >= 12
    assert unscoped == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"),
    our_admins(),
    ids=lambda x: getattr(x, "_meta", None) and x._meta.label,
)
def test_a_coordinator_reaches_their_own_programmes_objects_and_nothing_of_others(
    client, coordinator, programme, other_programme, model, model_admin
):
    path = model_admin.programme_path
    if path:
        make = factories()[model]
        own, theirs = make(**{path: programme}), make(**{path: other_programme})
    else:  # the programmes themselves
        own, theirs = programme, other_programme
    info = model._meta.app_label, model._meta.model_name
    change = "admin:{}_{}_change".format(*info)
    client.force_login(coordinator)

    listing = client.get(reverse("admin:{}_{}_changelist".format(*info))).text
    assert reverse(change, args=[own.pk]) in listing
    assert reverse(change, args=[theirs.pk]) not in listing

    assert client.get(reverse(change, args=[own.pk])).status_code == 200
    response = client.get(reverse(change, args=[theirs.pk]), follow=True)
    assert "doesn’t exist" in response.text  # the admin's answer for a missing id
    assert other_programme.name not in response.text
