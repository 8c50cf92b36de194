from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import admin_login, not_offered, set_language

admin.site.site_header = _("Mentorship administration")
admin.site.site_title = _("Mentorship")
admin.site.index_title = _("Programme administration")

urlpatterns = [
    # One sign-in for everybody: allauth's, with its rate limits and e-mail verification.
    path("admin/login/", admin_login),
    # The admin's "view on site" shortcut (admin/r/<type>/<id>/) would answer for any object
    # of any programme, drafts' addresses included: it is not offered (404).
    path("admin/r/<path:anything>", not_offered),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("profile/", include("accounts.urls")),
    path("profile/", include("notifications.urls")),
    path("", include("programs.urls")),
    path("", include("intake.urls")),
    path("", include("dashboard.urls")),
    path("", include("events.urls")),
    path("", include("resources.urls")),
    path("", include("matching.urls")),
    path("", include("relationships.urls")),
    path("", include("goals.urls")),
    path("", include("meetings.urls")),
    path("", include("evaluations.review_urls")),
    path("surveys/", include("evaluations.urls")),
    path("", include("closure.urls")),
    path("", include("privacy.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCHMARK:
    from mentorship.benchmark import bare_view

    urlpatterns.append(path("__benchmark__/bare/", bare_view))
