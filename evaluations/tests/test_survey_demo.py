"""The demo has ready-made surveys in both languages; running it twice adds nothing."""

import pytest
from django.core.management import call_command

from evaluations.survey_models import Survey

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_mid_point_and_a_final_survey_in_both_languages():
    call_command("seed_demo")
    first = Survey.objects.exclude(timing="after").count()
    call_command("seed_demo")

    assert Survey.objects.exclude(timing="after").count() == first == 3  # and closure's one after
    midpoint = Survey.objects.get(timing="midpoint")
    final = Survey.objects.get(timing="final")
    assert (midpoint.title_sv, final.title_sv) == ("Halvtidsenkät", "Slutenkät")
    assert midpoint.is_published and midpoint.anonymous
    assert final.questions.filter(kind="nps").exists()
    for survey in Survey.objects.all():
        for question in survey.questions.all():
            question.full_clean()
            assert question.text_en and question.text_sv
