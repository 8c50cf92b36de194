"""Build a believable demo: coordinators, mentors, mentees and programmes at every stage.

Each app adds its part from ``<app>/demo.py`` (``seed(demo)``), called in the order of
``INSTALLED_APPS`` so that a part may build on the ones below it; a new stage adds a
``demo.py`` and nothing here changes. Safe to run again: every part looks rows up before
it makes them. Refuses to run in production, since every demo login shares a published
password.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from intake.models import Application
from programs.demo import DEMO_PASSWORD, Demo
from programs.models import Enrolment, Programme


def demo_parts() -> list:
    """Each of our apps' ``demo`` module, lowest stage first (third-party apps are not
    asked: a module of theirs that happens to be called ``demo`` is none of ours)."""
    ours = Path(settings.BASE_DIR).resolve()
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ours
        and find_spec(f"{config.name}.demo") is not None
    ]


class Command(BaseCommand):
    help = "Create or refresh demo data: programmes, a coordinator, mentors and mentees."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates logins with a published password; it does not run "
                "with DJANGO_ENV=production."
            )
        demo = Demo()
        with transaction.atomic():
            for part in demo_parts():
                part.seed(demo)
        self._print_logins(demo)

    def _print_logins(self, demo: Demo) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data is ready."))
        out.write(f"  Password for every demo login: {DEMO_PASSWORD}")
        for who, email in demo.logins:
            out.write(f"  {who:<25} {email}")
        out.write(
            f"  ({User.objects.count()} people, {Programme.objects.count()} programmes, "
            f"{Enrolment.objects.count()} enrolments, {Application.objects.count()} applications)"
        )
