"""The coordinators' dashboard in the admin: one programme's (``<id>/dashboard/``) and the
roll-up of every programme one coordinates (``dashboard/``), with its exports and the bulk
nudge. Reached from the programme's page (a tool) and the admin's header.

Only coordinators reach it: the admin's own sign-in for staff, then the programmes the
person coordinates (``programs.selectors``) — another programme's id answers 404, as a
missing one does. Participants never see it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.emails import about_key
from notifications.models import Delivery
from programs.fields import parse_id
from programs.models import Enrolment, Programme
from programs.selectors import programmes_coordinated_by

from . import board_charts, exports, overview
from .emails import COORDINATOR_NUDGE
from .tasks import queue_nudges

# The most relationships one bulk nudge may name (the inbox lists fewer).
NUDGE_MAX = 200


def _programmes(request, programme_id: str | None) -> tuple[list[Programme], Programme | None]:
    mine = programmes_coordinated_by(request.user).order_by("-starts_on", "name")
    if programme_id is None:
        return list(mine), None
    pk = parse_id(programme_id)
    if pk is None:
        raise Http404
    programme = get_object_or_404(mine, pk=pk)
    return [programme], programme


def _here(programme: Programme | None) -> str:
    if programme is None:
        return reverse("admin:dashboard")
    return reverse("admin:dashboard_programme", args=[programme.pk])


def _cache_key(programmes: list[Programme], rollup: bool) -> str:
    """The body is the same for every coordinator of the same programmes who reads in the
    same language and time zone."""
    ids = ",".join(str(p.pk) for p in sorted(programmes, key=lambda p: p.pk))
    digest = hashlib.sha256(ids.encode()).hexdigest()[:32]
    zone = timezone.get_current_timezone_name()
    return f"dashboard:{int(rollup)}:{digest}:{translation.get_language()}:{zone}"


def forget(programmes: list[Programme]) -> None:
    """Drop the kept dashboards of ``programmes`` (after a change made from it) for this
    language and time zone; others age out within ``DASHBOARD_CACHE_SECONDS``."""
    cache.delete_many([_cache_key(programmes, False), _cache_key(programmes, True)])


def _page_context(site, request) -> dict:
    """The admin's ``each_context`` without its navigation sidebar: the dashboard takes the
    page's whole width, and is spared working out every app's models and permissions on
    each view (what its header and breadcrumbs need stays)."""
    script_name = request.META.get("SCRIPT_NAME", "")
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": script_name if site.site_url == "/" and script_name else site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
    }


def dashboard_view(model_admin, request, programme_id: str | None = None):
    programmes, programme = _programmes(request, programme_id)
    rollup = programme is None
    if rollup:
        title = _("Dashboard: all my programmes")
    else:
        title = _("Dashboard: %(programme)s") % {"programme": programme}
    context = {
        **_page_context(model_admin.admin_site, request),
        "opts": model_admin.model._meta,
        "title": title,
        "programme": programme,
        "nudge_url": _here(programme) + "nudge/",
    }
    seconds = settings.DASHBOARD_CACHE_SECONDS
    key = _cache_key(programmes, rollup)
    kept = cache.get(key) if seconds and not request.GET.get("refresh") else None
    if kept is None:
        now = timezone.now()
        board = overview.dashboard(programmes, now)
        roles = dict(Enrolment.Role.choices)
        body = render_to_string(
            "admin/dashboard/_body.html",
            {
                "board": board,
                "programme": programme,
                "rollup": rollup,
                "charts": board_charts.charts_for(board, timezone.localdate(now)),
                "satisfaction": [
                    (roles.get(role, role), figures)
                    for role, figures in sorted(board.satisfaction.items())
                ],
                "datasets": [(name, label()) for name, (label, _b) in exports.DATASETS.items()],
                "export_url": (
                    reverse("admin:dashboard_export", args=["NAME", "FMT"])
                    if rollup
                    else reverse(
                        "admin:dashboard_programme_export", args=[programme.pk, "NAME", "FMT"]
                    )
                ),
            },
        )
        kept = (now, body)
        context["board"] = board  # for the tests' eyes; the page reads the body
        if seconds:
            cache.set(key, kept, seconds)
    context["as_of"], context["body"] = kept[0], mark_safe(kept[1])  # noqa: S308 -- our render
    return TemplateResponse(request, "admin/dashboard/dashboard.html", context)


def export_view(model_admin, request, name: str, fmt: str, programme_id: str | None = None):
    if name not in exports.DATASETS or fmt not in exports.FORMATS:
        raise Http404
    programmes, programme = _programmes(request, programme_id)
    body = exports.export(name, fmt, programmes, timezone.now())
    response = HttpResponse(body, content_type=exports.FORMATS[fmt])
    stem = programme.slug if programme is not None else "programmes"
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{name}-{day}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def nudge_view(model_admin, request, programme_id: str | None = None):
    """POST only: a friendly word to the members of the relationships ticked in the inbox,
    once a day each (a second click the same day sends nothing more)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    programmes, programme = _programmes(request, programme_id)
    raw = request.POST.getlist("match")[: NUDGE_MAX + 1]
    ids = [pk for pk in (parse_id(value) for value in raw) if pk is not None]
    if len(raw) > NUDGE_MAX:
        messages.error(
            request, _("Nudge at most %(count)d relationships at a time.") % {"count": NUDGE_MAX}
        )
        return redirect(_here(programme))
    matches = overview.nudgeable([p.pk for p in programmes], ids)
    if not matches:
        messages.warning(request, _("Tick the relationships to nudge first."))
        return redirect(_here(programme))
    day = timezone.localdate().isoformat()
    already = set(
        Delivery.objects.filter(
            kind=COORDINATOR_NUDGE, occasion=day, about__in=[about_key(m) for m in matches]
        ).values_list("about", flat=True)
    )
    fresh = [m for m in matches if about_key(m) not in already]
    if fresh:
        queue_nudges.delay([m.pk for m in fresh], request.user.pk, day)
        forget(programmes)
        messages.success(
            request,
            ngettext(
                "The members of %(count)d relationship get a nudge from you by e-mail.",
                "The members of %(count)d relationships get a nudge from you by e-mail.",
                len(fresh),
            )
            % {"count": len(fresh)},
        )
    if already:
        messages.info(
            request,
            ngettext(
                "%(count)d relationship was nudged today already: nothing more is sent.",
                "%(count)d relationships were nudged today already: nothing more is sent.",
                len(matches) - len(fresh),
            )
            % {"count": len(matches) - len(fresh)},
        )
    return redirect(_here(programme))


def urls(model_admin) -> list:
    """The dashboard's admin urls, under ``programs/programme/``."""
    wrap = model_admin.admin_site.admin_view

    def view(function):
        return wrap(lambda request, **kwargs: function(model_admin, request, **kwargs))

    return [
        path("dashboard/", view(dashboard_view), name="dashboard"),
        path("dashboard/nudge/", view(nudge_view), name="dashboard_nudge"),
        path(
            "dashboard/export/<str:name>.<str:fmt>",
            view(export_view),
            name="dashboard_export",
        ),
        path(
            "<str:programme_id>/dashboard/",
            view(dashboard_view),
            name="dashboard_programme",
        ),
        path(
            "<str:programme_id>/dashboard/nudge/",
            view(nudge_view),
            name="dashboard_programme_nudge",
        ),
        path(
            "<str:programme_id>/dashboard/export/<str:name>.<str:fmt>",
            view(export_view),
            name="dashboard_programme_export",
        ),
    ]
