"""People: one user model with e-mail as the login and the profile on the same row."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from timezone_field import TimeZoneField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def default_language() -> str:
    return settings.LANGUAGE_CODE


def default_time_zone() -> str:
    return settings.TIME_ZONE


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How others in your programmes see you, e.g. your first and last name."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=default_language,
        help_text=_("Pages and e-mails reach you in this language."),
    )
    time_zone = TimeZoneField(
        _("time zone"),
        default=default_time_zone,
        choices_display="WITH_GMT_OFFSET",
        use_pytz=False,
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The secret in the address of the person's calendar feed (dashboard's
    # /calendar/<token>.ics): none until they ask for one; a new one or none at all makes
    # the old address answer 404. Never shown in the admin.
    calendar_token = models.CharField(
        _("calendar feed key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    @property
    def public_name(self) -> str:
        """The name other participants see: never the e-mail address, which stays private
        until people are matched."""
        return self.display_name or str(_("Name not given"))

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return self.time_zone if self.time_zone else zoneinfo.ZoneInfo(settings.TIME_ZONE)
