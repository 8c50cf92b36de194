from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.ProfileUpdateView.as_view(), name="profile"),
    path("calendar-feed/new/", views.calendar_feed_renew, name="calendar_feed_renew"),
    path("calendar-feed/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
]
