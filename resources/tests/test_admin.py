"""Coordinators manage resources and events of their own programmes, and nothing else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resources.models import Resource
from resources.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def resource_payload(programme, **fields) -> dict:
    return {
        "programme": programme.pk if programme else "",
        "title": "Handbook",
        "summary": "",
        "url": "",
        "audience": "everyone",
        "language": "any",
        "published": "on",
        **fields,
    }


def test_global_resources_are_read_only_for_coordinators(client, coordinator):
    resource = ResourceFactory(programme=None, title="Global guide")
    client.force_login(coordinator)
    url = reverse("admin:resources_resource_change", args=[resource.pk])

    page = client.get(url).content.decode()
    client.post(url, resource_payload(None, title="Hijacked", url="https://example.org/"))

    assert "Global guide" in page
    assert 'name="title"' not in page
    resource.refresh_from_db()
    assert resource.title == "Global guide"


def test_only_superusers_create_global_resources(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:resources_resource_add"),
        resource_payload(None, url="https://example.org/"),
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Resource.objects.exists()


def test_a_coordinator_cannot_file_a_resource_under_another_programme(
    client, coordinator, other_programme
):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:resources_resource_add"),
        resource_payload(other_programme, url="https://example.org/"),
    )

    assert "Select a valid choice" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_coordinator_uploads_a_file_and_becomes_its_creator(client, coordinator, programme):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:resources_resource_add"),
        resource_payload(programme, file=SimpleUploadedFile("guide.pdf", b"%PDF-1.4")),
    )

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.created_by == coordinator
    page = client.get(reverse("admin:resources_resource_change", args=[resource.pk]))
    # The widget links to the checked download, not to a public media address.
    assert resource.get_download_url() in page.content.decode()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1)), "a resource may be at most"),
        (SimpleUploadedFile("tool.exe", b"MZ"), "File extension “exe” is not allowed"),
        (SimpleUploadedFile("evil.pdf", b"MZ\x90\x00" + b"\x00" * 64), "is not a .pdf file"),
    ],
)
def test_a_too_big_or_wrong_file_is_refused_with_a_message(
    client, coordinator, programme, settings, upload, message
):
    settings.RESOURCE_MAX_UPLOAD_MB = 1
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:resources_resource_add"), resource_payload(programme, file=upload)
    )

    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_a_link_and_a_file_together_are_refused(client, coordinator, programme):
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:resources_resource_add"),
        resource_payload(
            programme,
            url="https://example.org/",
            file=SimpleUploadedFile("guide.pdf", b"%PDF"),
        ),
    )

    assert "Give either a link or a file, not both." in response.content.decode()
