"""Site administrators erase an account from the list of users: an action for superusers
only, with a page that names who will be erased before anything happens."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User

from . import erasure


@admin.action(description=_("Erase the selected accounts"), permissions=["erase"])
def erase_accounts(modeladmin, request, queryset):
    if not request.user.is_superuser:  # the permission hides it; a forged POST gets here
        raise PermissionDenied
    people = list(queryset.exclude(pk=request.user.pk).order_by("email"))
    if request.POST.get("post") == "yes":
        for person in people:
            erasure.account_erase(user=person, by=request.user)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d account was erased.", "%(count)d accounts were erased.", len(people)
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Erase these accounts?"),
        "opts": modeladmin.model._meta,
        "people": people,
        "yourself": queryset.filter(pk=request.user.pk).exists(),
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/privacy/erase_confirmation.html", context)


_Base = type(admin.site._registry[User])


class UserAdmin(_Base):
    actions = [*(_Base.actions or []), erase_accounts]

    def has_erase_permission(self, request) -> bool:
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
