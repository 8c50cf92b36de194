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


def xlsx() -> bytes:
    import io

    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("evil.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),  # a Windows program
        ("notes.docx", None),  # a spreadsheet renamed
        ("photo.png", b"\xff\xd8\xff\xe0" + b"\x00" * 100),  # a JPEG renamed
        ("readme.txt", b"\x7fELF\x02\x01\x01" + bytes(range(32)) * 4),  # a Linux program
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(programme, name, content):
    content = xlsx() if content is None else content
    resource = Resource(title="X", programme=programme, file=SimpleUploadedFile(name, content))

    with pytest.raises(ValidationError) as error:
        resource.full_clean()

    extension = name.rsplit(".", 1)[1]
    assert error.value.message_dict["file"] == [
        f"The file's content is not a .{extension} file. Choose the original file again."
    ]


@pytest.mark.parametrize(
    "name, content",
    [
        ("sheet.xlsx", None),
        ("guide.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50),
        ("svenska.txt", "Välkommen till programmet!\r\nÅsa och Örjan".encode()),
        ("windows.txt", "Välkommen, Åsa\tÖrjan".encode("cp1252")),
    ],
)
def test_a_file_that_is_what_its_name_says_is_accepted(programme, name, content):
    content = xlsx() if content is None else content
    resource = Resource(title="X", programme=programme, file=SimpleUploadedFile(name, content))

    resource.full_clean()


def test_a_small_pdf_is_accepted(programme):
    resource = Resource(
        title="Guide", programme=programme, file=SimpleUploadedFile("guide.pdf", b"%PDF")
    )

    resource.full_clean()


def test_factories_make_valid_objects():
    ResourceFactory().full_clean()
