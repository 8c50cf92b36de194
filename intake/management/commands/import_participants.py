"""Import a programme's participants from a CSV or Excel file, or check it with --dry-run.

The same service as the admin's import page: all or nothing, and e-mails only after
the import has been saved.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.imports import participants_import
from programs.models import Programme


class Command(BaseCommand):
    help = (
        "Import mentors and mentees into a programme from a CSV or Excel (.xlsx) file. "
        "New people get an invitation to choose a password; people with an account are "
        "enrolled and told. Any problem in the file and nothing is imported."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("programme", metavar="PROGRAMME_SLUG", help="The programme's slug.")
        parser.add_argument("file", metavar="FILE", help="A .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would happen, without changing anything.",
        )

    def handle(self, *args, programme: str, file: str, dry_run: bool, **options) -> None:
        try:
            target = Programme.objects.get(slug=programme)
        except Programme.DoesNotExist:
            raise CommandError(f"No programme has the slug “{programme}”.") from None
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

        result = participants_import(
            programme=target, data=data, filename=path.name, by=None, dry_run=dry_run
        )

        for message in result.file_errors:
            self.stderr.write(f"{path.name}: {message}")
        for number, message in result.errors:
            self.stderr.write(f"row {number}: {message}")
        if not result.ok:
            count = len(result.file_errors) + len(result.errors)
            raise CommandError(
                f"{count} problem(s) in {path.name}; nothing was imported and no e-mail was sent."
            )

        if options["verbosity"] >= 2:
            for row in result.rows:
                self.stdout.write(
                    f"row {row.number}: {row.email} as {row.role} – {row.get_action_display()}"
                )
        summary = (
            f"{result.new_count} new account(s) with an invitation, "
            f"{result.existing_count} existing account(s) enrolled"
        )
        if dry_run:
            self.stdout.write(
                f"Dry run, nothing was changed and no e-mail was sent. {target.name} would get: "
                f"{summary}."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported into {target.name}: {summary}."))
