"""The demo has a closed programme to show the closing and what comes after it; running
the demo twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from evaluations.survey_models import Survey
from events.models import Event
from programs.models import Programme
from relationships.models import Match

from ..alumni_models import Alumnus
from ..closing_demo import SLUG
from ..closing_models import ProgrammeClosing

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_programme_with_what_comes_after(client):
    call_command("seed_demo")
    counts = (Alumnus.objects.count(), Event.objects.count(), Survey.objects.count())
    call_command("seed_demo")
    assert (Alumnus.objects.count(), Event.objects.count(), Survey.objects.count()) == counts

    programme = Programme.objects.get(slug=SLUG)
    assert programme.status == Programme.Status.CLOSED
    statuses = set(Match.objects.filter(programme=programme).values_list("status", flat=True))
    assert statuses == {Match.Status.COMPLETED}
    closing = ProgrammeClosing.objects.get(programme=programme)
    assert closing.closed_at and closing.next_programme.slug == "new-managers-2027"
    assert closing.resources.filter(published=True).count() == 2
    assert Event.objects.filter(programme=programme, kind=Event.Kind.CLOSING).exists()
    assert Survey.objects.get(programme=programme, timing="after").months_after == 6
    eva = User.objects.get(email="eva.lindqvist@example.org")
    assert Alumnus.objects.filter(user=eva, programme=programme).exists()

    client.force_login(eva)
    page = client.get(reverse("closure:after", kwargs={"slug": SLUG}))
    assert page.status_code == 200
    assert "Going on alone" in page.content.decode()
