"""Goal templates in the coordinators' workbench, scoped to their own programmes.

Goals, steps and progress are the members' own: no admin shows them to coordinators,
who see only counts by status in the relationships list (``goals.facts``)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from programs.admin_scoping import CoordinatedFilter, CoordinatedProgrammesMixin

from .models import GoalTemplate


@admin.register(GoalTemplate)
class GoalTemplateAdmin(CoordinatedProgrammesMixin, TranslationAdmin):
    list_display = ["title", "programme", "position"]
    list_filter = [("programme", CoordinatedFilter)]
    list_select_related = ["programme"]
    search_fields = ["title_en", "title_sv"]
    fields = ["programme", "title", "specific", "measure", "relevance", "steps", "position"]
    view_on_site = False
