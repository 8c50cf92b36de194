"""``manage.py match``: suggestions with scores and reasons, on screen or as JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from intake.tests.factories import person
from matching.models import MatchingRun
from programs.models import Enrolment
from programs.tests.factories import AreaFactory

from .factories import matching_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = matching_programme(slug="spring")
    area = AreaFactory(programme=programme, name="Leadership")
    person(programme, areas=[area], user=None)
    person(programme, Enrolment.Role.MENTOR, areas=[area])
    person(programme, languages=["fi"])
    return programme


def run(*args) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_suggestions_and_reasons_and_saves_nothing(programme):
    output = run("spring", "--dry-run")

    assert "Shared areas: Leadership (+30)" in output
    assert "unmatched" in output and "Shares no language with anyone available." in output
    assert "1 suggestions, 1 unmatched" in output
    assert MatchingRun.objects.count() == 0


def test_json_output_is_machine_readable(programme):
    report = json.loads(run("spring", "--dry-run", "--json"))

    (suggestion,) = report["suggestions"]
    assert len(suggestion["people"]) == 2
    assert suggestion["score"] > 30
    assert any(r.startswith("Shared areas") for r in suggestion["reasons"])
    assert report["unmatched"][0]["reason"] == "Shares no language with anyone available."


def test_without_dry_run_the_round_waits_for_review(programme):
    output = run("spring")

    assert "review and confirm them in the admin" in output
    run_ = MatchingRun.objects.get(programme=programme)
    assert run_.status == MatchingRun.Status.READY
    assert run_.suggestions.count() == 1


def test_an_unknown_programme_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No programme with the short name 'nope'"):
        run("nope")


def test_a_programme_not_in_matching_is_refused(programme):
    programme.status = "intake_open"
    programme.save()

    with pytest.raises(CommandError, match="matching or running"):
        run("spring")


def test_a_programme_set_to_stable_matching_gets_a_stable_round(programme):
    from matching.models import MatchingSettings, settings_for

    options = settings_for(programme)
    options.objective = MatchingSettings.Objective.STABLE
    options.save()

    assert "1 suggestions, 1 unmatched" in run("spring", "--dry-run")
    run("spring")

    saved = MatchingRun.objects.get(programme=programme)
    assert saved.objective == MatchingSettings.Objective.STABLE
    assert saved.summary["blocking_pairs"] == 0
