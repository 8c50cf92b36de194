from django.apps import AppConfig


class MentorshipConfig(AppConfig):
    """The project package as an app, so that ``seed_demo`` is found."""

    name = "mentorship"
    verbose_name = "Mentorship"
