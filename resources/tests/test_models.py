"""The rules a resource, an event and an RSVP hold — in clean() and in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from resources.models import Resource
from resources.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_a_resource_needs_a_link_or_a_file(programme):
    resource = Resource(title="Nothing", programme=programme)

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert error.value.message_dict["url"] == ["Give a link or upload a file."]


def test_a_resource_cannot_have_both_a_link_and_a_file(programme):
    resource = Resource(
        title="Both",
        programme=programme,
        url="https://example.org/",
        file=SimpleUploadedFile("guide.pdf", b"%PDF-1.4"),
    )

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert "Give either a link or a file, not both." in error.value.message_dict["url"]


@pytest.mark.parametrize("url, file", [("", ""), ("https://example.org/", "resources/a.pdf")])
def test_the_database_refuses_a_resource_without_exactly_one_of_link_and_file(programme, url, file):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(title="Bad", programme=programme, url=url, file=file)


def test_an_uploaded_file_over_the_limit_is_refused_with_the_limit(programme, settings):
    settings.RESOURCE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("handbook.pdf", b"x" * (1024 * 1024 + 1))
    resource = Resource(title="Handbook", programme=programme, file=big)

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert error.value.message_dict["file"] == [
        "This file is 1.0\xa0MB; a resource may be at most 1.0\xa0MB."
    ]


def test_a_file_of_another_type_is_refused(programme):
    resource = Resource(
        title="Program", programme=programme, file=SimpleUploadedFile("run.exe", b"MZ")
    )

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    assert "File extension “exe” is not allowed." in error.value.message_dict["file"][0]


def test_a_small_pdf_is_accepted(programme):
    resource = Resource(
        title="Guide", programme=programme, file=SimpleUploadedFile("guide.pdf", b"%PDF")
    )

    resource.full_clean()


def test_factories_make_valid_objects():
    ResourceFactory().full_clean()
