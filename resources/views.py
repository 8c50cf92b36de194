from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Exists, F, OuterRef
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.generic import ListView

from programs.fields import parse_id
from programs.models import Programme

from .models import Resource
from .selectors import (
    get_resource_for_user,
    resources_for_user,
)

GLOBAL = "global"


class ResourceListView(LoginRequiredMixin, ListView):
    """The library: the resources meant for me, by programme, in my language by default."""

    template_name = "resources/resource_list.html"
    context_object_name = "resources"
    paginate_by = 25

    def language_choices(self) -> list[tuple[str, str]]:
        return [
            ("mine", _("My language and any language")),
            *[(code, label) for code, label in Resource.Language.choices if code != "any"],
            ("all", _("All languages")),
        ]

    def get_queryset(self):
        resources = resources_for_user(self.request.user)
        self.language = self.request.GET.get("language", "mine")
        if self.language not in dict(self.language_choices()):
            self.language = "mine"
        if self.language == "mine":
            wanted = [self.request.user.preferred_language, Resource.Language.ANY]
            resources = resources.filter(language__in=wanted)
        elif self.language != "all":
            resources = resources.filter(language=self.language)
        self.programme = self.request.GET.get("programme", "")
        if self.programme == GLOBAL:
            resources = resources.filter(programme__isnull=True)
        elif parse_id(self.programme) is not None:
            resources = resources.filter(programme_id=parse_id(self.programme))
        # Global resources first, then by programme: the template groups on this order.
        return resources.order_by(
            F("programme__name").asc(nulls_first=True), "programme_id", "title", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = resources_for_user(self.request.user).filter(programme=OuterRef("pk"))
        context.update(
            language=self.language,
            language_choices=self.language_choices(),
            programme=self.programme,
            programmes=Programme.objects.filter(Exists(visible)).order_by("name"),
            filter_query=self.request.GET.copy(),
        )
        context["filter_query"].pop("page", None)
        return context


@login_required
def resource_download(request, pk: int):
    resource = get_resource_for_user(request.user, pk)
    if not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=Path(resource.file.name).name)
