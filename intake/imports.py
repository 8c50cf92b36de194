"""Importing a programme's participants from a CSV or Excel file.

Reading and checking (``participants_parse``) is separate from writing
(``participants_import``) so the admin can show a preview, and the command a dry run,
with exactly the checks the real import makes. The import is all or nothing: one bad
row and nobody is created, enrolled or e-mailed.
"""

import csv
import io
import logging
from dataclasses import dataclass, field

import tablib
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import formatting
from accounts.models import User
from programs.models import MAX_PLACES

from . import tasks
from .models import Application, Enrolment, Programme
from .services import enrolment_create

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
EXTENSIONS = (".csv", ".xlsx")
# The columns, each with its Swedish name; headers may use either, or another alias.
COLUMNS = {
    "email": "e-post",
    "name": "namn",
    "role": "roll",
    "language": "språk",
    "capacity": "platser",
    "phone": "telefon",
}
COLUMN_NAMES = {
    **{column: column for column in COLUMNS},
    **{swedish: column for column, swedish in COLUMNS.items()},
    "e-mail": "email",
    "epost": "email",
}
ROLE_NAMES = {
    "mentor": Enrolment.Role.MENTOR,
    "mentee": Enrolment.Role.MENTEE,
    "adept": Enrolment.Role.MENTEE,
    "peer": Enrolment.Role.PEER,
    "kollega": Enrolment.Role.PEER,
}
LANGUAGE_NAMES = {
    "english": "en",
    "engelska": "en",
    "swedish": "sv",
    "svenska": "sv",
}
PHONE_CHARACTERS = set("0123456789+-() ")


class RowAction(models.TextChoices):
    NEW = "new", gettext_lazy("New account + invitation")
    EXISTING = "existing", gettext_lazy("Existing account, enrol")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong type, too large, bad header…)."""


@dataclass
class ImportRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    email: str
    name: str
    role: str
    language: str
    capacity: int
    phone: str
    user: User | None = None  # the existing account with this address, if any

    @property
    def action(self) -> RowAction:
        return RowAction.EXISTING if self.user else RowAction.NEW

    def get_action_display(self) -> str:
        return self.action.label

    def get_role_display(self) -> str:
        return Enrolment.Role(self.role).label


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)
    file_errors: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.user is None)

    @property
    def existing_count(self) -> int:
        return sum(1 for row in self.rows if row.user is not None)


def max_upload_mb() -> float:
    return getattr(settings, "IMPORT_MAX_UPLOAD_MB", 2)


def max_upload_bytes() -> int:
    return int(max_upload_mb() * 1024 * 1024)


def too_large_message() -> str:
    return _("The file is too large: at most %(max)s MB can be imported at once.") % {
        "max": max_upload_mb()
    }


def not_a_table_message() -> str:
    return _("The file must be a CSV or Excel (.xlsx) file.")


# --- Reading the file -------------------------------------------------------------
def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ImportFileError(not_a_table_message())  # a binary file renamed to .csv
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # Excel's plain "CSV" on Windows
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file's characters could not be read. Save it as “CSV UTF-8” and try again.")
        ) from None


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    # Old Excel for Mac ends lines with a bare CR, which the csv module refuses.
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Swedish Excel separates with ";". The header line decides: csv.Sniffer guesses
    # wrongly on small files whose cells contain commas.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        dataset = tablib.Dataset().load(text, format="csv", headers=False, delimiter=delimiter)
        # tablib drops blank lines; count records again so row numbers match the file.
        records = csv.reader(io.StringIO(text), delimiter=delimiter)
        numbers = [index for index, record in enumerate(records, 1) if record]
    except tablib.InvalidDimensions:
        raise ImportFileError(
            _("Some rows have more cells than the header row. Give every column a name.")
        ) from None
    except csv.Error:
        raise ImportFileError(not_a_table_message()) from None
    if len(numbers) != len(dataset):
        numbers = list(range(1, len(dataset) + 1))
    return list(zip(numbers, (list(row) for row in dataset), strict=True))


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    """The first sheet's rows, read as a stream: a file far over the row limit is refused
    after reading just past the limit, not after parsing every row."""
    import openpyxl  # here, not at start-up: it loads numpy (see benchmarks/startup.py)

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many kinds of errors for a damaged or foreign zip file.
        raise ImportFileError(not_a_table_message()) from None
    try:
        rows, filled = [], 0
        for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
            rows.append((number, list(row)))
            filled += any(value not in (None, "") for value in row)
            if filled > MAX_ROWS + 1:  # the header row and one participant too many
                _refuse_too_many()
        return rows
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(not_a_table_message()) from None
    finally:
        book.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps numbers such as phone numbers and places as floats
    return str(value).strip()


def read_table(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The file's non-empty rows below the header, as ``(row number, {column: text})``."""
    table = _text_rows(_read_records(data, filename))
    columns = _header_columns(table)
    rows = [
        (number, {c: value for c, value in zip(columns, row, strict=False) if c})
        for number, row in table[1:]
    ]
    _check_row_count(len(rows))
    return rows


def _read_records(data: bytes, filename: str) -> list[tuple[int, list]]:
    # The cheap checks come first, so a wrong or oversized file is never parsed.
    if not filename.lower().endswith(EXTENSIONS):
        raise ImportFileError(not_a_table_message())
    if len(data) > max_upload_bytes():
        raise ImportFileError(too_large_message())
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):  # every .xlsx is a zip file
        return _read_xlsx(data)
    if filename.lower().endswith(".xlsx"):
        raise ImportFileError(not_a_table_message())
    return _read_csv(data)


def _text_rows(table: list[tuple[int, list]]) -> list[tuple[int, list[str]]]:
    # A row of empty cells is what spreadsheets leave behind, not a participant.
    rows = [(number, [_cell(v) for v in row]) for number, row in table]
    rows = [(number, row) for number, row in rows if any(row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    return rows


def _header_columns(table: list[tuple[int, list[str]]]) -> list[str | None]:
    """The column of each header cell, from the first row; None where a cell is blank."""
    header_number, header = table[0]
    columns: list[str | None] = []
    for position, title in enumerate(header):
        column = _header_column(position, title, table[1:])
        if column and column in columns:
            raise ImportFileError(_("The column “%(column)s” appears twice.") % {"column": column})
        columns.append(column)
    if "email" not in columns:
        reason = _(
            "The header row (row %(row)d) has no “email” column. The first row names the "
            "columns, e.g. email, name, role."
        )
        raise ImportFileError(reason % {"row": header_number})
    return columns


def _header_column(position: int, title: str, body: list[tuple[int, list[str]]]) -> str | None:
    name = " ".join(title.lower().split())
    if not name:
        # A blank title is harmless over an empty column, but would silently drop data.
        if any(position < len(row) and row[position] for _n, row in body):
            reason = _("Column %(position)d has values but no name in the header row.")
            raise ImportFileError(reason % {"position": position + 1})
        return None
    if name not in COLUMN_NAMES:
        reason = _("Unknown column “%(column)s”. The columns can be: %(allowed)s.")
        raise ImportFileError(reason % {"column": title, "allowed": allowed_columns_text()})
    return COLUMN_NAMES[name]


def _check_row_count(count: int) -> None:
    if not count:
        raise ImportFileError(_("The file has a header row but no participants."))
    if count > MAX_ROWS:
        _refuse_too_many()


def _refuse_too_many():
    reason = _(
        "The file has more than %(max)s participants; at most %(max)s can be imported at "
        "once. Split it into smaller files."
    )
    raise ImportFileError(reason % {"max": formatting.number(MAX_ROWS)})


def allowed_columns_text() -> str:
    return ", ".join(f"{column} ({swedish})" for column, swedish in COLUMNS.items())


# --- Checking the rows ------------------------------------------------------------


def _check_row(programme: Programme, number: int, cells: dict) -> tuple[ImportRow | None, list]:
    # Each check gives the field's value and, if it is wrong, the reason why.
    checks = [
        _check_email(cells),
        _check_role(programme, cells),
        _check_language(cells),
        _check_capacity(cells),
        _check_name(cells),
        _check_phone(cells),
    ]
    # Every reason at once, so a row can be put right in one go.
    errors = [error for _value, error in checks if error]
    if errors:
        return None, errors
    email, role, language, capacity, name, phone = (value for value, _error in checks)
    return ImportRow(number, email, name, role, language, capacity, phone), []


def _check_email(cells: dict) -> tuple[str, str | None]:
    email = cells.get("email", "")
    if not email:
        return email, _("The e-mail address is missing.")
    try:
        validate_email(email)
        if len(email) > User._meta.get_field("email").max_length:
            raise ValidationError("too long")
    except ValidationError:
        return email, _("“%(email)s” is not a valid e-mail address.") % {"email": email}
    return email, None


def _check_role(programme: Programme, cells: dict) -> tuple[str | None, str | None]:
    roles = programme.roles()
    role_text = cells.get("role", "").lower()
    role = ROLE_NAMES.get(role_text)
    choices = ", ".join(str(Enrolment.Role(r).label).lower() for r in roles)
    if not role_text and len(roles) == 1:
        return roles[0], None  # a peer programme has only one role to give
    if not role_text:
        return role, _("The role is missing. Use one of: %(roles)s.") % {"roles": choices}
    if role is None:
        reason = _("Unknown role “%(role)s”. Use one of: %(roles)s.")
        return role, reason % {"role": cells["role"], "roles": choices}
    if role not in roles:
        return role, _("%(kind)s has no %(role)s role. Use one of: %(roles)s.") % {
            "kind": programme.get_kind_display(),
            "role": str(Enrolment.Role(role).label).lower(),
            "roles": choices,
        }
    return role, None


def _check_language(cells: dict) -> tuple[str, str | None]:
    codes = [code for code, _name in settings.LANGUAGES]
    language_text = cells.get("language", "").lower()
    language = LANGUAGE_NAMES.get(language_text, language_text) or settings.LANGUAGE_CODE
    if language not in codes:
        reason = _("Unknown language “%(language)s”. Use one of: %(codes)s.")
        return language, reason % {"language": cells["language"], "codes": ", ".join(codes)}
    return language, None


def _check_capacity(cells: dict) -> tuple[int, str | None]:
    capacity_text = cells.get("capacity", "") or "1"
    number = capacity_text.replace(",", ".")  # a Swedish decimal comma
    try:
        capacity = int(float(number))
        # "2,0" is two places; "2,5" is a typing error, not two.
        if capacity != float(number) or not 1 <= capacity <= MAX_PLACES:
            raise ValueError
    except (ValueError, OverflowError):
        return 1, _(
            "The number of places must be a whole number from 1 to %(max)d, not “%(value)s”."
        ) % {"max": MAX_PLACES, "value": capacity_text}
    return capacity, None


def _check_name(cells: dict) -> tuple[str, str | None]:
    name = cells.get("name", "")
    if len(name) > User._meta.get_field("display_name").max_length:
        return name, _("The name is too long.")
    return name, None


def _check_phone(cells: dict) -> tuple[str, str | None]:
    phone = cells.get("phone", "")
    if phone and (
        set(phone) - PHONE_CHARACTERS or sum(c.isdigit() for c in phone) < 6 or len(phone) > 32
    ):
        return phone, _("Enter a phone number with digits only, e.g. +46 70 123 45 67.")
    return phone, None


def participants_parse(*, programme: Programme, data: bytes, filename: str) -> ImportResult:
    """Read and check a file of participants; plan each row's action. Writes nothing."""
    result = ImportResult()
    try:
        table = read_table(data, filename)
    except ImportFileError as error:
        result.file_errors.append(str(error))
        return result
    _check_rows(programme, table, result)
    _match_accounts(programme, result)
    result.errors.sort(key=lambda error: error[0])
    return result


def _check_rows(programme: Programme, table: list, result: ImportResult) -> None:
    first_row: dict[str, int] = {}
    for number, cells in table:
        row, errors = _check_row(programme, number, cells)
        key = cells.get("email", "").lower()
        if key and key in first_row:
            errors.append(
                _("%(email)s appears twice in the file, in rows %(first)d and %(row)d.")
                % {"email": cells["email"], "first": first_row[key], "row": number}
            )
        elif key:
            first_row[key] = number
        result.errors += [(number, message) for message in errors]
        if row and not errors:
            result.rows.append(row)


def _match_accounts(programme: Programme, result: ImportResult) -> None:
    """Give each row its existing account, refusing those the programme already has."""
    users = _users_by_address([row.email.lower() for row in result.rows])
    enrolled = dict(Enrolment.objects.filter(programme=programme).values_list("user_id", "role"))
    applied = _applicant_ids(programme)
    for row in result.rows:
        row.user = users.get(row.email.lower())
        if row.user and row.user.pk in applied:
            reason = _(
                "%(email)s has applied to this programme; accept or decline the "
                "application instead."
            )
            result.errors.append((row.number, reason % {"email": row.email}))
        if row.user and row.user.pk in enrolled:
            role = str(Enrolment.Role(enrolled[row.user.pk]).label).lower()
            reason = _("%(email)s is already enrolled in this programme, as %(role)s.")
            result.errors.append((row.number, reason % {"email": row.email, "role": role}))


def _users_by_address(addresses: list[str]) -> dict[str, User]:
    users: dict[str, User] = {}
    # SQLite builds may cap the number of query parameters; 500 is safe everywhere.
    for start in range(0, len(addresses), 500):
        chunk = addresses[start : start + 500]
        found = User.objects.annotate(address=Lower("email")).filter(address__in=chunk)
        users.update({user.address: user for user in found})
    return users


def _applicant_ids(programme: Programme) -> set[int]:
    # Someone with an application on its way is decided on there, not imported past it.
    status = Application.Status
    on_its_way = [status.SUBMITTED, status.WAITLISTED, status.DRAFT]
    applications = programme.applications.filter(status__in=on_its_way)
    return set(applications.values_list("user_id", flat=True))


# --- Writing ----------------------------------------------------------------------
class _Abort(Exception):
    """Leaves the transaction so that it rolls back."""


def participants_import(
    *, programme: Programme, data: bytes, filename: str, by: User | None, dry_run: bool
) -> ImportResult:
    """Create, enrol and e-mail everybody in the file — or, on any problem, nobody.

    The rows are checked again inside the transaction: between a preview and its
    confirmation someone may have enrolled or signed up.
    """
    try:
        with transaction.atomic():
            # Two imports into one programme wait for each other instead of racing.
            Programme.objects.select_for_update().filter(pk=programme.pk).first()
            result = participants_parse(programme=programme, data=data, filename=filename)
            if not result.ok or dry_run:
                return result
            for row in result.rows:
                _row_commit(programme=programme, row=row, by=by, result=result)
                if result.errors:
                    raise _Abort
    except _Abort:
        return result
    result.committed = True
    logger.info(
        "%s imported %d new and %d existing people into programme %s",
        by or "A command",
        result.new_count,
        result.existing_count,
        programme.slug,
    )
    return result


def _row_commit(*, programme: Programme, row: ImportRow, by: User | None, result) -> None:
    invited = row.user is None
    try:
        user = row.user or _user_create(row)
        enrolment_create(programme=programme, user=user, role=row.role, capacity=row.capacity)
    except (DatabaseError, ValidationError):
        # Someone signed up or was enrolled after the check; the database said no.
        result.errors.append(
            (row.number, _("%(email)s changed while importing; try again.") % {"email": row.email})
        )
        return
    # One task per person, after commit: a large import does not wait for the mail
    # server, and one address that bounces does not stop the rest.
    tasks.send_participant_email.delay_on_commit(
        "invitation" if invited else "added", user.pk, programme.pk, row.role, by.pk if by else None
    )


def _user_create(row: ImportRow) -> User:
    # No password: the invitation's link lets the person choose one. The coordinator
    # vouches for the address, and the link proves it, so it counts as verified.
    user = User.objects.create_user(
        email=row.email,
        password=None,
        display_name=row.name,
        preferred_language=row.language,
        phone=row.phone,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
