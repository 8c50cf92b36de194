from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_clear_expired_sessions_deletes_only_expired_ones():
    fresh = SessionStore()
    fresh.create()
    stale = SessionStore()
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )

    assert clear_expired_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]
