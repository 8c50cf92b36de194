from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosureConfig(AppConfig):
    name = "closure"
    verbose_name = _("Closure")
    # Coordinators set how their programmes close and grant certificates by hand; what
    # members write when closing is theirs (coordinators learn only that it was written).
    coordinator_permissions = {
        "programmeclosing": ("view", "add", "change"),
        "certificate": ("view", "add", "change"),
        "alumnus": ("view",),
    }

    def ready(self) -> None:
        from . import hooks

        hooks.register_all()
