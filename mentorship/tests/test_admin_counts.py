"""The admin's lists count only the rows they filter, never the whole table as well."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship.tests.test_factories import OUR_APPS


def every_admin() -> list:
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in [*OUR_APPS, "dashboard"]
        ),
        key=lambda pair: pair[0]._meta.label,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"),
    every_admin(),
    ids=lambda x: getattr(x, "_meta", None) and x._meta.label,
)
def test_a_changelist_counts_its_rows_once_and_reads_no_whole_table(
    admin_client, model, model_admin
):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    admin_client.get(url)  # sessions and content types are created on first use

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url, {"q": "x"} if model_admin.search_fields else {})

    assert response.status_code == 200
    counts = [q["sql"] for q in queries if q["sql"].upper().startswith("SELECT COUNT(*)")]
    assert len(counts) == 1, counts
    # Nor a scan of the whole table for the values in use (filters, date drill-downs).
    assert [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()] == []


def test_every_admin_of_ours_is_listed():
    assert {"accounts.User", "intake.Application", "programs.Enrolment"} <= {
        model._meta.label for model, _admin in every_admin()
    }


@pytest.mark.django_db
def test_a_coordinators_list_shows_fifty_rows_a_page_and_the_rest_on_the_next(
    client, coordinator, programme
):
    from accounts.tests.factories import UserFactory
    from programs.models import Enrolment

    people = UserFactory.create_batch(55)
    Enrolment.objects.bulk_create(
        Enrolment(programme=programme, user=u, role="mentee") for u in people
    )
    client.force_login(coordinator)
    url = reverse("admin:programs_enrolment_changelist")

    first, second = client.get(url), client.get(url, {"p": 2})

    assert len(first.context["cl"].result_list) == 50
    assert len(second.context["cl"].result_list) == 5


@pytest.mark.django_db
def test_the_programme_filter_offers_the_coordinators_programmes_without_reading_the_list(
    client, coordinator, programme, other_programme
):
    from intake.tests.factories import ApplicationFactory
    from programs.services import coordinator_grant
    from programs.tests.factories import ProgrammeFactory

    quiet = ProgrammeFactory(name="Programme without applications")
    coordinator_grant(user=coordinator, programme=quiet)
    ApplicationFactory.create_batch(3, programme=programme)
    ApplicationFactory(programme=other_programme)
    client.force_login(coordinator)
    url = reverse("admin:intake_application_changelist")
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    [offered] = [
        f
        for f in response.context["cl"].filter_specs
        if getattr(f, "field_path", "") == "programme"
    ]
    assert {label for _pk, label in offered.lookup_choices} == {programme.name, quiet.name}
    scans = [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]
    assert scans == []


@pytest.mark.django_db
def test_the_email_filter_offers_every_email_the_site_sends_and_filters_by_it(admin_client):
    from notifications.models import Delivery
    from notifications.tests.factories import DeliveryFactory

    DeliveryFactory(kind="application-accepted")
    DeliveryFactory(kind="event-reminder")
    url = reverse("admin:notifications_delivery_changelist")

    response = admin_client.get(url, {"kind": "application-accepted"})

    [offered] = [
        f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "kind"
    ]
    assert {"application-accepted", "application-received"} <= {
        k for k, _l in offered.lookup_choices
    }
    assert [d.kind for d in response.context["cl"].result_list] == ["application-accepted"]
    assert Delivery.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "label", ["intake.Application", "programs.Enrolment", "relationships.Match", "events.Event"]
)
def test_a_coordinators_list_asks_as_many_queries_for_sixty_rows_as_for_three(
    client, coordinator, programme, label
):
    from django.apps import apps

    from mentorship.tests.test_factories import factories

    model = apps.get_model(label)
    make = factories()[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    client.force_login(coordinator)

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make.create_batch(3, programme=programme)
    few = queries()
    make.create_batch(57, programme=programme)

    assert queries() == few
