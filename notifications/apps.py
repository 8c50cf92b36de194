from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("E-mails")
    # Coordinators see what went out, and what did not, for their own programmes.
    coordinator_permissions = {"delivery": ("view",)}
