"""The retention date as participants read it: workspace, "My programmes", the programme's
page and its application form, in the reader's language and date format."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from programs.models import Programme

from .conftest import ROLES, as_


@pytest.fixture
def dated(running):
    running.starts_on, running.ends_on = date(2026, 9, 1), date(2027, 3, 1)
    running.save()
    return running


@pytest.mark.parametrize(("language", "day"), [("en", "1 March 2028"), ("sv", "1 mars 2028")])
def test_the_workspace_says_when_the_texts_are_deleted(client, dated, pair, language, day):
    match, _mentor, mentee = pair
    user = mentee.enrolment.user
    user.preferred_language = language
    user.save()
    page = as_(client, user).get(reverse("relationships:workspace", args=[match.pk])).text
    assert 'id="retention-section"' in page
    assert day in page


def test_the_retention_months_setting_moves_the_date(client, settings, dated, pair):
    settings.RETENTION_MONTHS = 24
    match, _mentor, mentee = pair
    page = (
        as_(client, mentee.enrolment.user)
        .get(reverse("relationships:workspace", args=[match.pk]))
        .text
    )
    assert "1 March 2029" in page


@pytest.mark.parametrize("role", ROLES)
def test_only_members_see_the_workspace_and_its_date(client, dated, users, pair, role):
    match, _mentor, _mentee = pair
    response = as_(client, users[role]).get(reverse("relationships:workspace", args=[match.pk]))
    if role in ("member", "other_member"):
        assert "1 March 2028" in response.text
    else:
        assert "1 March 2028" not in response.content.decode()
        assert response.status_code in (302, 403, 404)


@pytest.mark.parametrize(("language", "day"), [("en", "1 Mar 2028"), ("sv", "1 mars 2028")])
def test_my_programmes_shows_the_date(client, dated, pair, language, day):
    _match, _mentor, mentee = pair
    user = mentee.enrolment.user
    user.preferred_language = language
    user.save()
    page = as_(client, user).get(reverse("dashboard:mine")).text
    assert f"Texts deleted on {day}" in page or day in page


def test_the_programme_page_and_the_application_form_say_it(client, running):
    running.status = Programme.Status.INTAKE_OPEN
    running.starts_on, running.ends_on = date(2026, 9, 1), date(2027, 3, 1)
    running.application_deadline = None
    running.save()
    page = client.get(running.get_absolute_url()).text
    assert "deleted on 1 March 2028, 12 months after it ends" in page
    applicant = UserFactory()
    form = as_(client, applicant).get(
        reverse("intake:apply", kwargs={"slug": running.slug, "role": "mentee"})
    )
    assert "deleted on 1 March 2028, 12 months after it ends" in form.text
