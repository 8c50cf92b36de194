"""``python manage.py reminders [--dry-run] [--job NAME]``: what is due now, and send it.

The operator's view of the reminder jobs. Lists, per job, the reminders due now and not yet
recorded (to whom, about what); without ``--dry-run`` it claims and queues them exactly as
the beat entries do, so running it beside beat sends nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from notifications import jobs


class Command(BaseCommand):
    help = "List the reminders due now and, unless --dry-run, send them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what is due; send nothing."
        )
        parser.add_argument("--job", help="Only this job (see the list without it).")
        parser.add_argument(
            "--limit", type=int, default=20, help="Reminders listed per job (default 20)."
        )

    def handle(self, *args, dry_run: bool, job: str | None, limit: int, **options):
        selected = jobs.all_jobs()
        if job:
            found = jobs.get(job)
            if found is None:
                names = ", ".join(j.name for j in selected)
                raise CommandError(f"No job is called {job!r}. The jobs: {names}.")
            selected = [found]
        total = 0
        for each in selected:
            result = jobs.dispatch(each, dry_run=dry_run)
            total += len(result.due)
            claimed = "" if dry_run else f", claimed and queued {len(result.claimed)}"
            again = f", handed out again {len(result.handed_again)}" if result.handed_again else ""
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{each.name}")
                + f" — {each.timing}: {len(result.due)} due{claimed}{again}"
            )
            for line in result.report:
                self.stdout.write(f"  {line}")
            emails = dict(
                User.objects.filter(
                    pk__in={item.recipient_id for item in result.due[:limit]}
                ).values_list("pk", "email")
            )
            for item in result.due[:limit]:
                occasion = f" ({item.occasion})" if item.occasion else ""
                self.stdout.write(
                    f"  {emails.get(item.recipient_id, item.recipient_id)}: {item.about}{occasion}"
                )
            if len(result.due) > limit:
                self.stdout.write(f"  … and {len(result.due) - limit} more")
        verb = "due (dry run: nothing sent)" if dry_run else "due, handed to the workers"
        self.stdout.write(self.style.SUCCESS(f"{total} reminders {verb}."))
