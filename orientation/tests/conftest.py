import pytest

from accounts.tests.factories import UserFactory
from programs.tests.factories import EnrolmentFactory


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def eager_tasks(monkeypatch):
    """Run Celery tasks in-process, so that their e-mails land in ``mailoutbox``."""
    from mentorship.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)


@pytest.fixture
def other_mentee(other_programme):
    """A participant, but of programme B."""
    user = UserFactory(email="other.mentee@example.org", display_name="Bea Bystander")
    EnrolmentFactory(programme=other_programme, user=user, role="mentee")
    return user
