"""The coordinators' one rule in the admin: only what belongs to the programmes they coordinate.

Every ModelAdmin and inline of every app takes ``CoordinatedProgrammesMixin``. It narrows the
rows (lists, change pages, actions and the ``RelatedOnly`` list filters, which read the same
queryset) and every drop-down of programmes, enrolments and other programme-owned objects.
Another programme's object is simply not there: the admin answers as for a missing id.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db import models
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .admin_widgets import LabelledSplitDateTime
from .models import Programme
from .selectors import coordinated


def _programme_path(model: type[models.Model]) -> str | None:
    if model is Programme:
        return ""
    names = {field.name for field in model._meta.get_fields()}
    return "programme" if "programme" in names else None


class _UnusableFilter(Exception):
    """The list's filters in the address cannot be applied (a year beyond 9999, …)."""


class CoordinatedProgrammesMixin:
    """For ``ModelAdmin`` and inlines alike.

    ``programme_path``: the lookup from the model to its programme (``"event__programme"``;
    ``""`` for the programme admin). ``include_global``: rows without a programme are shown too
    (a global resource); whether they may be changed is the admin's own decision.
    """

    programme_path = "programme"
    include_global = False
    # "12 results (3,000 total)" costs a COUNT over the whole table on every list view;
    # the filtered count is enough, and stays the cost of the rows shown.
    show_full_result_count = False
    # Rendering a row costs more than reading it: 50 a page keep a list under the budget.
    list_per_page = 50

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every date and time pair labelled, unless an admin chose a widget of its own.
        split = self.formfield_overrides.setdefault(models.DateTimeField, {})
        if split.get("widget", AdminSplitDateTime) is AdminSplitDateTime:
            split["widget"] = LabelledSplitDateTime

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)  # modeltranslation's name_sv, name_en
        if formfield is not None and language:
            # Read aloud in its own language, whatever the page's (3.1.2).
            widget = getattr(formfield.widget, "widget", formfield.widget)
            widget.attrs["lang"] = language
        return formfield

    #: Fields of the model no address may filter the list on: ``?note__icontains=…``
    #: would read a confidential text piece by piece, with no opening logged (Django lets
    #: a list filter on any of the model's own fields). Such a lookup answers 400.
    confidential_fields: tuple[str, ...] = ()

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.split("__", 1)[0] in self.confidential_fields:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        return coordinated(
            super().get_queryset(request),
            request.user,
            self.programme_path,
            include_global=self.include_global,
        )

    # No date_hierarchy in our lists: its drill-down reads the distinct dates of the whole
    # table on every view; a date list filter (Today, Past 7 days, …) reads nothing.

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if duplicates:
            # A search through members, say, joins rows that repeat; Django would add
            # distinct() over the whole list (and its count). An Exists repeats nothing.
            found = queryset.filter(Exists(found.filter(pk=OuterRef("pk"))))
        return found, False

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (IncorrectLookupParameters, OverflowError, ValueError) as error:
            # A date typed into the address that cannot be one (?…__year=99999999999, year
            # 0, the day after 9999-12-31): Django lets these through as a 500.
            raise _UnusableFilter from error

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except _UnusableFilter:
            # Django would send the coordinator on to "?e=1" and a "database error"; say
            # what is wrong instead, with the way back to the whole list.
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("This list cannot be filtered like that"),
                "list_url": request.path,
            }
            return TemplateResponse(request, "admin/unusable_filter.html", context, status=400)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = _programme_path(db_field.related_model)
        if "queryset" not in kwargs and path is not None:
            model = db_field.related_model
            choices = model._default_manager.all()
            if model is not Programme:
                # Their names show the person and the programme: one query, not one per row.
                users = ["user"] if "user" in {f.name for f in model._meta.get_fields()} else []
                choices = choices.select_related("programme", *users)
            kwargs["queryset"] = coordinated(choices, request.user, path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CoordinatedFilter(admin.RelatedFieldListFilter):
    """A list filter by programme (or event, …) offering the coordinator's own.

    ``RelatedOnlyFieldListFilter`` found its choices by reading the distinct ids in use from
    the whole listed table (every application, every RSVP) on each page view; these come
    from the small related table, scoped like everything else here.
    """

    def field_choices(self, field, request, model_admin):
        path = _programme_path(field.related_model)
        if path is None:
            return super().field_choices(field, request, model_admin)
        mine = coordinated(field.related_model._default_manager.all(), request.user, path)
        return field.get_choices(
            include_blank=False,
            ordering=self.field_admin_ordering(field, request, model_admin),
            limit_choices_to={"pk__in": mine.values("pk")},
        )
