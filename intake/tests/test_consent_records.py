"""Every consent is kept with its notice version and text, across withdrawal and a new
submission; coordinators see the versions on the application, site administrators every
record."""

import hashlib
import importlib
import json

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake import services
from intake.models import Application, ConsentRecord
from intake.tests.factories import ApplicationFactory
from programs.models import PrivacyNoticeVersion, Programme

pytestmark = pytest.mark.django_db

FIRST = "Only the coordinators read your application."
SECOND = "We keep your application for a year after the programme."


@pytest.fixture
def open_programme(programme):
    programme.status = Programme.Status.INTAKE_OPEN
    programme.application_deadline = None
    programme.privacy_notice_en = FIRST
    programme.privacy_notice_sv = "Bara samordnarna läser din ansökan."
    programme.save()
    return programme


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


def submit(programme, user):
    application = Application.objects.filter(programme=programme, user=user).first()
    application = application or Application(programme=programme, user=user, role="mentee")
    return services.application_save(
        application=application, answers={}, submit=True, consent=True, by=user
    )


def change_notice(client, programme, text):
    from programs.tests.test_admin import programme_payload

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    payload = programme_payload(name=programme.name, slug=programme.slug)
    payload["status"] = programme.status
    response = client.post(
        reverse("admin:programs_programme_change", args=[programme.pk]),
        {**payload, "privacy_notice_en": text, "privacy_notice_sv": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    programme.refresh_from_db()


def test_a_consent_is_recorded_with_its_version_text_and_digest(open_programme, applicant):
    application = submit(open_programme, applicant)

    record = ConsentRecord.objects.get()
    assert (record.user, record.programme, record.application) == (
        applicant,
        open_programme,
        application,
    )
    assert record.notice_version == 1 and record.given_at == application.consent_given_at
    assert record.notice.texts == {"en": FIRST, "sv": "Bara samordnarna läser din ansökan."}
    texts = json.dumps(record.notice.texts, sort_keys=True).encode()
    assert record.notice_digest == hashlib.sha256(texts).hexdigest()
    assert record.language == "en" and record.withdrawn_at is None


def test_consents_are_kept_across_withdrawal_and_a_new_submission(
    client, open_programme, applicant
):
    first = submit(open_programme, applicant)
    services.application_withdraw(application=first, by=applicant)
    change_notice(client, open_programme, SECOND)
    reopened = services.application_reopen(application=first, by=applicant)
    assert reopened.consent_given_at is None  # the application's consent is cleared ...
    submit(open_programme, applicant)

    # ... and both consents are kept, each with the text of its own version.
    older, newer = ConsentRecord.objects.order_by("given_at")
    assert older.notice_version == 1 and older.notice.texts["en"] == FIRST
    assert older.withdrawn_at is not None
    assert newer.notice_version == 2 and newer.notice.texts == {"en": SECOND}
    assert newer.withdrawn_at is None
    assert older.notice_digest != newer.notice_digest
    assert list(
        PrivacyNoticeVersion.objects.filter(programme=open_programme).values_list(
            "version", flat=True
        )
    ) == [2, 1]


def test_the_notice_version_keeps_its_first_words(client, open_programme, applicant):
    """The old version's text is kept when the admin starts a new one, even if nobody had
    consented to it yet."""
    change_notice(client, open_programme, SECOND)
    versions = dict(
        PrivacyNoticeVersion.objects.filter(programme=open_programme).values_list(
            "version", "texts"
        )
    )
    assert versions[1]["en"] == FIRST and versions[2] == {"en": SECOND}


def test_coordinators_see_the_consent_versions_on_the_application(
    client, open_programme, coordinator, applicant
):
    application = submit(open_programme, applicant)
    services.application_withdraw(application=application, by=applicant)
    page = as_(client, coordinator).get(
        reverse("admin:intake_application_change", args=[application.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Consents given" in text
    assert "Version 1, given" in text and "withdrawn" in text


@pytest.fixture
def roles(open_programme, coordinator, other_coordinator, applicant):
    return {
        "site_admin": UserFactory(is_staff=True, is_superuser=True),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "member": applicant,
        "anon": None,
    }


@pytest.mark.parametrize(
    "role", ["site_admin", "coordinator", "other_coordinator", "member", "anon"]
)
def test_only_site_administrators_see_the_consent_records(client, roles, open_programme, role):
    submit(open_programme, roles["member"])
    record = ConsentRecord.objects.get()
    as_(client, roles[role])
    listing = client.get(reverse("admin:intake_consentrecord_changelist"))
    detail = client.get(reverse("admin:intake_consentrecord_change", args=[record.pk]))
    if role == "site_admin":
        assert listing.status_code == 200 and detail.status_code == 200
        assert FIRST in detail.content.decode()
        return
    if role in ("member", "anon"):
        assert listing.status_code == 302 and "/login/" in listing["Location"]
        assert detail.status_code == 302
    else:
        assert listing.status_code == 403 and detail.status_code in (302, 403)
    assert FIRST not in detail.content.decode()


def test_nobody_edits_a_consent_record(admin_client, open_programme, applicant):
    submit(open_programme, applicant)
    record = ConsentRecord.objects.get()
    url = reverse("admin:intake_consentrecord_change", args=[record.pk])
    admin_client.post(url, {"notice_version": 7})
    assert ConsentRecord.objects.get().notice_version == 1
    assert admin_client.get(reverse("admin:intake_consentrecord_add")).status_code == 403
    delete = reverse("admin:intake_consentrecord_delete", args=[record.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ConsentRecord.objects.count() == 1


def test_the_data_migration_records_the_consents_given_before(open_programme):
    programme_migration = importlib.import_module(
        "programs.migrations.0007_retention_notice_versions"
    )
    consent_migration = importlib.import_module("intake.migrations.0005_retention_consent_records")
    given = ApplicationFactory(programme=open_programme, consent_notice_version=1)
    withdrawn = ApplicationFactory(
        programme=open_programme, status=Application.Status.WITHDRAWN, consent_notice_version=1
    )
    withdrawn.status_changes.create(from_status="submitted", to_status="withdrawn")
    ApplicationFactory(
        programme=open_programme,
        status=Application.Status.DRAFT,
        consent_given_at=None,
        consent_notice_version=None,
    )
    PrivacyNoticeVersion.objects.all().delete()

    programme_migration.keep_current_notices(apps, None)
    consent_migration.record_consents(apps, None)

    records = {r.application_id: r for r in ConsentRecord.objects.all()}
    assert set(records) == {given.pk, withdrawn.pk}
    assert records[given.pk].notice.texts["en"] == FIRST
    assert records[given.pk].withdrawn_at is None
    assert records[withdrawn.pk].withdrawn_at is not None


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org", display_name="Ann Applicant")
