"""The admin's "Import participants" page: upload, preview, confirm.

The uploaded bytes wait in the session between the preview and the confirmation, so the
coordinator uploads once; the confirmation checks the rows again before writing.
"""

import base64
import secrets

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.formatting import number

from . import imports
from .models import Programme


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV or Excel (.xlsx) file whose first row names the columns: email, and "
            "optionally name, role, language, capacity and phone."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refuse by size before reading a single byte into memory.
        if upload.size > imports.max_upload_bytes():
            raise forms.ValidationError(imports.too_large_message(), code="too_large")
        if not upload.name.lower().endswith(imports.EXTENSIONS):
            raise forms.ValidationError(imports.not_a_table_message(), code="file_type")
        return upload


def _session_key(programme: Programme) -> str:
    return f"participant-import-{programme.pk}"


IMPORT_URL_NAME = "programs_programme_import"


def import_urls(programme_admin) -> list:
    """``<programme id>/import/`` beside the programme's admin pages (``programs`` asks)."""
    view = ParticipantImport(programme_admin)
    return [
        path(
            "<path:object_id>/import/",
            programme_admin.admin_site.admin_view(view.import_participants_view),
            name=IMPORT_URL_NAME,
        )
    ]


class ParticipantImport:
    """The import pages of one programme admin; the programme admin decides who may see what."""

    import_template = "admin/intake/import_participants.html"

    def __init__(self, programme_admin) -> None:
        self.admin = programme_admin

    def import_participants_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        # get_object uses the admin's queryset: only the coordinator's own programmes.
        programme = self.admin.get_object(request, unquote(object_id))
        if programme is None:
            raise Http404
        if not self.admin.has_change_permission(request, programme):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._import_confirm(request, programme)
        form = ParticipantImportForm()
        if request.method == "POST":
            form = ParticipantImportForm(request.POST, request.FILES)
            if form.is_valid():
                return self._import_preview(request, programme, form)
        return self._import_render(request, programme, form=form)

    def _import_preview(self, request, programme: Programme, form) -> HttpResponse:
        upload = form.cleaned_data["file"]
        data = upload.read()
        result = imports.participants_parse(programme=programme, data=data, filename=upload.name)
        request.session.pop(_session_key(programme), None)
        if result.file_errors:
            for error in result.file_errors:
                form.add_error("file", error)
            return self._import_render(request, programme, form=form)
        if result.errors:
            return self._import_render(request, programme, form=form, result=result)
        token = secrets.token_urlsafe(16)
        request.session[_session_key(programme)] = {
            "token": token,
            "filename": upload.name,
            "data": base64.b64encode(data).decode("ascii"),
        }
        return self._import_render(request, programme, result=result, token=token)

    def _import_confirm(self, request, programme: Programme) -> HttpResponse:
        pending = request.session.get(_session_key(programme))
        if not pending or not secrets.compare_digest(
            pending.get("token", ""), request.POST.get("token", "")
        ):
            self.admin.message_user(
                request,
                _("That preview is no longer available. Please upload the file again."),
                messages.WARNING,
            )
            return HttpResponseRedirect(request.path)
        result = imports.participants_import(
            programme=programme,
            data=base64.b64decode(pending["data"]),
            filename=pending["filename"],
            by=request.user,
            dry_run=False,
        )
        del request.session[_session_key(programme)]
        if not result.committed:
            form = ParticipantImportForm()
            for error in result.file_errors:
                form.add_error(None, error)
            self.admin.message_user(
                request,
                _("Nothing was imported: the people in the file changed since the preview."),
                messages.ERROR,
            )
            return self._import_render(request, programme, form=form, result=result)
        self.admin.message_user(
            request,
            ngettext(
                "%(count)d participant imported: %(new)d invited to a new account, "
                "%(existing)d with an account already.",
                "%(count)d participants imported: %(new)d invited to a new account, "
                "%(existing)d with an account already.",
                len(result.rows),
            )
            % {
                "count": len(result.rows),
                "new": result.new_count,
                "existing": result.existing_count,
            },
            messages.SUCCESS,
        )
        info = self.admin.opts.app_label, self.admin.opts.model_name
        return HttpResponseRedirect(
            reverse("admin:{}_{}_change".format(*info), args=[programme.pk])
        )

    def _import_render(
        self, request, programme: Programme, *, form=None, result=None, token=""
    ) -> TemplateResponse:
        context = {
            **self.admin.admin_site.each_context(request),
            "title": _("Import participants into %(programme)s") % {"programme": programme},
            "opts": self.admin.opts,
            "original": programme,
            "form": form,
            "result": result,
            "token": token,
            "allowed_columns": imports.allowed_columns_text(),
            "max_rows": number(imports.MAX_ROWS),
            "max_upload_mb": imports.max_upload_mb(),
            "has_view_permission": self.admin.has_view_permission(request, programme),
        }
        return TemplateResponse(request, self.import_template, context)
