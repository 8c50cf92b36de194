"""Importing participants from CSV or Excel: all or nothing, checked row by row, e-mailed."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.tests.factories import UserFactory
from intake import imports
from intake.imports import participants_import
from notifications import emails
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "import-sample.csv"
NEW_PASSWORD = "a-brand-new-passphrase-42"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(row=number, column=column, value=value)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def run(programme, data: bytes, filename="people.csv", *, dry_run=False, by=None):
    return participants_import(
        programme=programme, data=data, filename=filename, by=by, dry_run=dry_run
    )


def new_people() -> list[str]:
    return sorted(
        User.objects.filter(email__endswith="@example.com").values_list("email", flat=True)
    )


# --- The service ------------------------------------------------------------------
def test_the_sample_file_in_the_docs_imports_cleanly(
    programme, django_capture_on_commit_callbacks, mailoutbox
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_participants", programme.slug, str(SAMPLE), stdout=out)

    roles = sorted(programme.enrolments.values_list("role", flat=True))
    assert roles == ["mentee", "mentee", "mentee", "mentor", "mentor"]
    assert "5 new account(s)" in out.getvalue()
    assert len(mailoutbox) == 5
    astrid = User.objects.get(email="astrid.lund@example.org")
    assert (astrid.display_name, astrid.preferred_language, astrid.phone) == (
        "Astrid Lund",
        "sv",
        "+46 70 123 45 67",
    )
    assert programme.enrolments.get(user=astrid).capacity == 2


def test_a_dry_run_changes_nothing_and_sends_no_mail(
    programme, outsider, django_capture_on_commit_callbacks, mailoutbox
):
    data = csv_bytes("email,role", "new@example.com,mentor", "OUTSIDER@example.org,mentee")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = run(programme, data, dry_run=True)

    assert result.ok and not result.committed
    assert [row.action for row in result.rows] == ["new", "existing"]
    assert result.rows[1].user == outsider
    assert not User.objects.filter(email="new@example.com").exists()
    assert not programme.enrolments.exists()
    assert callbacks == [] and mailoutbox == []


def test_a_bad_row_aborts_everything_and_every_bad_row_is_reported(
    programme, outsider, django_capture_on_commit_callbacks, mailoutbox
):
    data = csv_bytes(
        "email,name,role,language,capacity",
        "good.one@example.com,Good One,mentor,en,2",  # row 2
        "not-an-address,Bad Address,mentee,en,",  # row 3
        "outsider@example.org,,mentee,,",  # row 4: fine, an existing account
        "good.two@example.com,Good Two,boss,en,",  # row 5
        "good.three@example.com,Good Three,mentor,en,1.5",  # row 6
        "good.four@example.com,Good Four,mentee,fi,",  # row 7
        ",No Address,mentee,en,",  # row 8
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = run(programme, data)

    assert not result.committed
    assert [number for number, _message in result.errors] == [3, 5, 6, 7, 8]
    messages = dict(result.errors)
    assert "not a valid e-mail address" in messages[3]
    assert "Unknown role “boss”" in messages[5]
    assert "whole number" in messages[6]
    assert "Unknown language “fi”" in messages[7]
    assert "missing" in messages[8]
    assert new_people() == []
    assert not programme.enrolments.exists()
    assert mailoutbox == []


def test_the_rows_are_written_in_one_transaction_so_a_late_failure_undoes_the_early_rows(
    programme, outsider, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """A row the database refuses (someone signed up meanwhile) undoes the rows before it."""
    original = imports._user_create

    def refuse_the_second(row):
        if row.email == "late@example.com":
            UserFactory(email="LATE@example.com")  # an account appears behind our back
        return original(row)

    monkeypatch.setattr(imports, "_user_create", refuse_the_second)
    data = csv_bytes("email,role", "early@example.com,mentor", "late@example.com,mentee")

    with django_capture_on_commit_callbacks(execute=True):
        result = run(programme, data)

    assert not result.committed
    assert result.errors[0][0] == 3
    assert new_people() == []
    assert mailoutbox == []


def test_an_unknown_column_is_named_with_the_allowed_columns(programme):
    result = run(programme, csv_bytes("email,role,shoe size", "a@example.com,mentor,42"))

    assert result.errors == []
    assert len(result.file_errors) == 1
    assert "Unknown column “shoe size”" in result.file_errors[0]
    assert "email (e-post), name (namn), role (roll)" in result.file_errors[0]


def test_a_duplicate_address_in_the_file_names_both_rows(programme):
    data = csv_bytes(
        "email,role",
        "twice@example.com,mentor",
        "other@example.com,mentee",
        "Twice@Example.com,mentee",
    )

    result = run(programme, data)

    assert result.errors == [(4, "Twice@Example.com appears twice in the file, in rows 2 and 4.")]
    assert new_people() == []


def test_a_person_already_enrolled_is_reported(programme, mentor):
    result = run(programme, csv_bytes("email,role", "MENTOR@example.org,mentee"))

    assert result.errors == [
        (2, "MENTOR@example.org is already enrolled in this programme, as mentor.")
    ]


def test_a_peer_programme_refuses_mentors_and_gives_everyone_the_peer_role():
    peers = ProgrammeFactory(kind=Programme.Kind.PEER)
    data = csv_bytes(
        "email,role", "kim@example.com,mentor", "lo@example.com,", "al@example.com,kollega"
    )

    result = run(peers, data, dry_run=True)

    assert result.errors == [(2, "Peer mentoring has no mentor role. Use one of: peer.")]

    result = run(peers, csv_bytes("email,role", "lo@example.com,", "al@example.com,kollega"))
    assert result.committed
    assert set(peers.enrolments.values_list("role", flat=True)) == {"peer"}


def test_swedish_excel_csv_with_semicolons_and_a_bom_is_read(programme):
    data = "\ufeff" + "E-post;Namn;Roll;Språk;Platser\r\nasa@example.com;Åsa Öberg;adept;sv;\r\n"

    result = run(programme, data.encode("utf-8"))

    assert result.committed, result.errors + result.file_errors
    asa = User.objects.get(email="asa@example.com")
    assert asa.display_name == "Åsa Öberg"
    assert asa.preferred_language == "sv"
    assert programme.enrolments.get(user=asa).role == "mentee"


def test_a_cp1252_file_keeps_swedish_letters(programme):
    data = csv_bytes(
        "email;name;role",
        "ake@example.com;Åke Ärlig;mentor",
        "orjan@example.com;Örjan Ödmjuk;mentee",
        encoding="cp1252",
    )

    result = run(programme, data)

    assert result.committed, result.errors + result.file_errors
    assert sorted(
        User.objects.filter(email__endswith="example.com").values_list("display_name", flat=True)
    ) == ["Åke Ärlig", "Örjan Ödmjuk"]


def test_an_excel_file_is_read_with_the_row_numbers_excel_shows(programme):
    data = xlsx_bytes(
        [
            ["Email", "Name", "Role", "Capacity", "Phone"],
            ["ella@example.com", "Ella Excel", "Mentor", 3, 46701234567],
            [],  # an empty row keeps its number
            ["bad@", "Bad Row", "mentee", None, None],
        ]
    )

    result = run(programme, data, "people.xlsx", dry_run=True)
    assert result.errors == [(4, "“bad@” is not a valid e-mail address.")]

    good = xlsx_bytes(
        [
            ["Email", "Name", "Role", "Capacity", "Phone"],
            ["ella@example.com", "Ella Excel", "Mentor", 3, 46701234567],
        ]
    )
    result = run(programme, good, "people.xlsx")
    assert result.committed
    ella = User.objects.get(email="ella@example.com")
    assert ella.phone == "46701234567"
    assert programme.enrolments.get(user=ella).capacity == 3


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("photo.png", PNG),
        ("photo.csv", PNG),  # renamed, still not a table
        ("notes.txt", b"email\nsomeone@example.com\n"),
        ("people.xlsx", b"email\nsomeone@example.com\n"),
        ("people.xls", b"email\nsomeone@example.com\n"),
    ],
)
def test_anything_but_csv_or_xlsx_is_refused(programme, filename, data):
    result = run(programme, data, filename)

    assert result.file_errors == ["The file must be a CSV or Excel (.xlsx) file."]
    assert new_people() == []


def test_a_file_over_the_size_limit_is_refused(programme, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 0.0001  # about 100 bytes
    data = csv_bytes("email,role", *[f"person{n}@example.com,mentee" for n in range(10)])

    result = run(programme, data)

    assert result.file_errors == [
        "The file is too large: at most 0.0001 MB can be imported at once."
    ]
    assert new_people() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\r\n \r\n", "The file is empty."),
        (csv_bytes("email,name,role"), "The file has a header row but no participants."),
        (csv_bytes("name,role", "Nobody,mentor"), "has no “email” column"),
        (csv_bytes("email,role,roll", "a@example.com,mentor,mentor"), "appears twice"),
    ],
)
def test_files_without_people_to_import_are_refused(programme, data, message):
    result = run(programme, data)

    assert len(result.file_errors) == 1
    assert message in result.file_errors[0]


def test_more_rows_than_the_limit_are_refused(programme, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    data = csv_bytes("email,role", *[f"p{n}@example.com,mentee" for n in range(4)])

    result = run(programme, data)

    assert "at most 3 can be imported" in result.file_errors[0]


def test_a_spreadsheet_far_over_the_limit_is_refused_after_reading_just_past_it(
    programme, monkeypatch
):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [["email", "role"], *([f"p{n}@example.com", "mentee"] for n in range(2000))]
    data = xlsx_bytes(rows)
    read = []
    load = openpyxl.load_workbook

    def counting_load(*args, **kwargs):
        assert kwargs.get("read_only"), "the sheet is streamed, not loaded whole"
        book = load(*args, **kwargs)
        sheet = book.worksheets[0]
        rows_of = sheet.iter_rows

        def iter_rows(*a, **kw):
            for row in rows_of(*a, **kw):
                read.append(row)
                yield row

        sheet.iter_rows = iter_rows
        return book

    monkeypatch.setattr(openpyxl, "load_workbook", counting_load)

    result = run(programme, data)

    assert result.file_errors == [
        "The file has more than 3 participants; at most 3 can be imported at once. "
        "Split it into smaller files."
    ]
    assert len(read) == 5  # the header, three participants and the one too many


# --- E-mails ----------------------------------------------------------------------
def test_the_invitation_lets_the_new_person_choose_a_password_and_sign_in(
    client, programme, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    data = csv_bytes("email,name,role", "nora.new@example.com,Nora New,mentee")
    with django_capture_on_commit_callbacks(execute=True):
        run(programme, data, by=coordinator)

    nora = User.objects.get(email="nora.new@example.com")
    assert not nora.has_usable_password()
    assert EmailAddress.objects.get(user=nora).verified
    assert [message.to for message in mailoutbox] == [["nora.new@example.com"]]
    body = mailoutbox[0].body
    assert "Cora Coordinator has added you to the mentoring programme “Programme A”" in body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    # Choosing the password signs her in and takes her to her programmes.
    assert set_password.status_code == 302
    assert set_password.url == reverse("dashboard:mine")
    assert client.session["_auth_user_id"] == str(nora.pk)
    landing = client.get(set_password.url)
    assert "Programme A" in landing.content.decode()


def test_the_invitation_is_written_in_the_new_persons_language(
    programme, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    languages = []
    render = emails.render_to_string

    def spy(name, context):
        languages.append((name, translation.get_language()))
        return render(name, context)

    monkeypatch.setattr(emails, "render_to_string", spy)
    data = csv_bytes("email,role,language", "svea@example.com,mentor,sv")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        run(programme, data)

    assert {language for _name, language in languages} == {"sv"}
    assert {name for name, _language in languages} == {
        "emails/participant-invitation-subject.txt",
        "emails/participant-invitation-body.txt",
        "emails/participant-invitation-body.html",
        "emails/includes/footer.txt",  # which e-mails one receives, and where to choose
    }
    message = mailoutbox[0]
    assert "Programme A" in message.subject
    assert "Programme A" in message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "/accounts/password/reset/key/" in message.alternatives[0][0]


def test_a_person_with_an_account_is_enrolled_and_told_without_a_new_account(
    programme, outsider, django_capture_on_commit_callbacks, mailoutbox
):
    users_before = User.objects.count()
    data = csv_bytes("email,name,role,language", "Outsider@Example.org,Renamed,mentor,sv")

    with django_capture_on_commit_callbacks(execute=True):
        result = run(programme, data)

    assert result.committed and result.existing_count == 1
    assert User.objects.count() == users_before
    assert programme.enrolments.get(user=outsider).role == "mentor"
    outsider.refresh_from_db()
    assert outsider.display_name == "Olle Outsider"  # the file does not rewrite profiles
    assert [message.to for message in mailoutbox] == [["outsider@example.org"]]
    assert "You were added to Programme A" in mailoutbox[0].subject
    assert "/accounts/password/reset/key/" not in mailoutbox[0].body
    assert programme.get_absolute_url() in mailoutbox[0].body


# --- The admin --------------------------------------------------------------------
def import_url(programme) -> str:
    return reverse("admin:programs_programme_import", args=[programme.pk])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_the_programme_page_offers_the_import(client, coordinator, programme):
    client.force_login(coordinator)

    page = client.get(reverse("admin:programs_programme_change", args=[programme.pk]))

    assert import_url(programme) in page.content.decode()


def test_coordinator_previews_then_confirms_without_uploading_again(
    client, coordinator, programme, outsider, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(coordinator)
    data = csv_bytes(
        "email,name,role",
        "pia.preview@example.com,Pia Preview,mentor",
        "outsider@example.org,,mentee",
    )

    preview = client.post(import_url(programme), {"file": upload("people.csv", data)})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "pia.preview@example.com" in page and "New account + invitation" in page
    assert "Existing account, enrol" in page
    assert "Import 2 participants" in page
    assert not programme.enrolments.exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(import_url(programme), {"token": preview.context["token"]})

    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("admin:programs_programme_change", args=[programme.pk])
    assert set(programme.enrolments.values_list("user__email", flat=True)) == {
        "pia.preview@example.com",
        "outsider@example.org",
    }
    assert len(mailoutbox) == 2
    shown = client.get(confirm["Location"]).content.decode()
    assert "2 participants imported: 1 invited to a new account, 1 with an account already" in shown


def test_the_confirmation_checks_again_and_imports_nothing_if_things_changed(
    client, coordinator, programme, outsider, mailoutbox
):
    client.force_login(coordinator)
    data = csv_bytes("email,role", "fresh@example.com,mentor", "outsider@example.org,mentee")
    preview = client.post(import_url(programme), {"file": upload("people.csv", data)})
    Enrolment.objects.create(programme=programme, user=outsider, role="mentee")

    confirm = client.post(import_url(programme), {"token": preview.context["token"]})

    assert confirm.status_code == 200
    assert "already enrolled" in confirm.content.decode()
    assert new_people() == []
    assert mailoutbox == []


def test_a_stale_preview_imports_nothing(client, coordinator, programme):
    client.force_login(coordinator)

    response = client.post(import_url(programme), {"token": "guessed"})

    assert response.status_code == 302
    assert not programme.enrolments.exists()


def test_the_admin_shows_row_errors_and_file_errors_and_saves_nothing(
    client, coordinator, programme
):
    client.force_login(coordinator)

    bad_rows = client.post(
        import_url(programme),
        {"file": upload("people.csv", csv_bytes("email,role", "ok@example.com,mentor", "x,boss"))},
    )
    wrong_type = client.post(import_url(programme), {"file": upload("photo.png", PNG)})

    page = bad_rows.content.decode()
    assert "<td>3</td>" in page and "Unknown role “boss”" in page
    assert "token" not in bad_rows.context or not bad_rows.context["token"]
    assert "The file must be a CSV or Excel (.xlsx) file." in wrong_type.content.decode()
    assert new_people() == []


def test_another_programmes_coordinator_gets_404(client, other_coordinator, programme):
    client.force_login(other_coordinator)
    data = csv_bytes("email,role", "sneaky@example.com,mentor")

    assert client.get(import_url(programme)).status_code == 404
    assert client.post(import_url(programme), {"file": upload("p.csv", data)}).status_code == 404
    assert new_people() == []


def test_a_person_without_admin_access_is_sent_to_sign_in(client, outsider, programme):
    client.force_login(outsider)

    response = client.get(import_url(programme))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- The command ------------------------------------------------------------------
def test_the_command_dry_run_says_nothing_changed(programme, mailoutbox):
    out = io.StringIO()

    call_command("import_participants", programme.slug, str(SAMPLE), "--dry-run", stdout=out)

    assert "Dry run, nothing was changed" in out.getvalue()
    assert "5 new account(s)" in out.getvalue()
    assert not programme.enrolments.exists()
    assert mailoutbox == []


def test_the_command_lists_row_errors_and_fails(programme, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes("email,role", "ok@example.com,mentor", "ok@example.com,mentee"))
    err = io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_participants", programme.slug, str(path), stderr=err)

    assert "row 3: ok@example.com appears twice in the file, in rows 2 and 3." in err.getvalue()
    assert new_people() == []


def test_the_command_refuses_an_unknown_programme(db):
    with pytest.raises(CommandError, match="No programme has the slug “nope”"):
        call_command("import_participants", "nope", str(SAMPLE))


# --- Found in review -------------------------------------------------------------------
def test_old_mac_line_endings_are_read(programme):
    data = b"email,role\rmac.one@example.com,mentee\rmac.two@example.com,mentor\r"

    result = run(programme, data)

    assert result.committed, result.errors or result.file_errors
    assert new_people() == ["mac.one@example.com", "mac.two@example.com"]


def test_an_address_longer_than_an_account_can_hold_is_a_row_error(programme):
    long_address = "a" * 63 + "." + "b" * 63 + "@" + "c" * 63 + "." + "d" * 60 + ".com"

    result = run(programme, csv_bytes("email,role", f"{long_address},mentee"))

    assert not result.committed
    assert result.errors[0][0] == 2 and "not a valid e-mail address" in result.errors[0][1]


def test_implausible_numbers_of_places_are_refused(programme):
    result = run(programme, csv_bytes("email,role,capacity", "big@example.com,mentor,40000"))

    assert result.errors == [
        (2, "The number of places must be a whole number from 1 to 50, not “40000”.")
    ]


def test_someone_with_an_application_in_progress_is_decided_on_not_imported(programme):
    from intake.tests.factories import ApplicationFactory

    applicant = UserFactory(email="waiting@example.org")
    ApplicationFactory(programme=programme, user=applicant)

    result = run(programme, csv_bytes("email,role", "waiting@example.org,mentee"))

    assert not result.committed
    assert "has applied to this programme" in result.errors[0][1]
    assert not Enrolment.objects.filter(user=applicant).exists()
